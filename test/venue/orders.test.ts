import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';

import type { BinanceOrderUpdate, BinanceUserUpdate } from '../../ts/adapters/binance/parse/user.js';
import { ClientOrderId, InstrumentId } from '../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import { cleanup, execClient, keys, realPayload, startVenue, until } from './helpers.js';

afterEach(cleanup);

const BTC = InstrumentId.from('BTCUSDT-PERP.BINANCE');
const cid = (s: string) => ClientOrderId.from(s);

function orderUpdates(updates: readonly BinanceUserUpdate[], id: string): BinanceOrderUpdate[] {
  return updates.filter(
    (u): u is BinanceOrderUpdate => u.type === 'BinanceOrderUpdate' && u.report.clientOrderId?.value === id,
  );
}

describe('venue orders through the real execution client', () => {
  it('a resting limit: submit, query, modify, cancel; each step on the user stream in order', async () => {
    const venue = await startVenue();
    const { client, updates } = await execClient(venue);
    const bid = venue.exchange.instrument('BTCUSDT').market.bestBid()!;
    const price = Price.from(new Decimal(bid.ticks).mul('0.1').sub(100).toFixed(1));
    const sub = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('rest-1'),
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
      price,
    });
    expect(sub.type).toBe('accepted');
    if (sub.type !== 'accepted') return;
    expect(sub.report.orderStatus).toBe('ACCEPTED');
    expect(sub.report.price?.eq(price)).toBe(true);
    const venueOrderId = sub.report.venueOrderId;
    const q = await client.queryOrder({ instrumentId: BTC, clientOrderId: cid('rest-1') });
    expect(q?.venueOrderId.eq(venueOrderId)).toBe(true);
    const newPrice = price.sub(Price.from('10.0'));
    const mod = await client.modifyOrder({
      instrumentId: BTC,
      clientOrderId: cid('rest-1'),
      venueOrderId,
      side: 'BUY',
      quantity: Quantity.from('0.020'),
      price: newPrice,
    });
    expect(mod.type === 'accepted' && mod.report.price?.eq(newPrice)).toBe(true);
    expect(mod.type === 'accepted' && mod.report.quantity.toString()).toBe('0.020');
    const open = await client.generateOrderStatusReports({ openOnly: true });
    expect(open.map((r) => r.clientOrderId?.value)).toEqual(['rest-1']);
    const can = await client.cancelOrder({ instrumentId: BTC, clientOrderId: cid('rest-1'), venueOrderId });
    expect(can.type === 'accepted' && can.report.orderStatus).toBe('CANCELED');
    await until(() => orderUpdates(updates, 'rest-1').length === 3, 'three order updates');
    expect(orderUpdates(updates, 'rest-1').map((u) => [u.execType, u.report.orderStatus])).toEqual([
      ['NEW', 'ACCEPTED'],
      ['AMENDMENT', 'ACCEPTED'],
      ['CANCELED', 'CANCELED'],
    ]);
    expect(await client.generateOrderStatusReports({ openOnly: true })).toEqual([]);
    // A second cancel of the same order: Binance's -2011.
    const again = await client.cancelOrder({ instrumentId: BTC, clientOrderId: cid('rest-1'), venueOrderId });
    expect(again).toMatchObject({ type: 'rejected', venueCode: -2011 });
  });

  it('market orders fill against the synthetic book; fills, position and balance agree everywhere', async () => {
    const venue = await startVenue();
    const { client, updates } = await execClient(venue);
    const buy = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('mkt-buy'),
      side: 'BUY',
      orderType: 'MARKET',
      quantity: Quantity.from('0.500'),
      timeInForce: 'GTC',
    });
    expect(buy.type === 'accepted' && buy.report.orderStatus).toBe('FILLED');
    await until(
      () => orderUpdates(updates, 'mkt-buy').some((u) => u.report.orderStatus === 'FILLED'),
      'the fill',
    );
    const fills = orderUpdates(updates, 'mkt-buy').flatMap((u) => (u.fill === null ? [] : [u.fill]));
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.every((f) => f.liquiditySide === 'TAKER' && f.commission.currency.code === 'USDT')).toBe(
      true,
    );
    const filled = fills.reduce((s, f) => s.add(f.lastQty.toDecimal()), new Decimal(0));
    expect(filled.toString()).toBe('0.5');
    const notional = fills.reduce(
      (s, f) => s.add(f.lastQty.toDecimal().mul(f.lastPx.toDecimal())),
      new Decimal(0),
    );
    const commission = fills.reduce((s, f) => s.add(f.commission.toDecimal()), new Decimal(0));
    expect(commission.toNumber()).toBeCloseTo(notional.mul('0.0004').toNumber(), 6);
    // REST fills equal the streamed ones.
    const rest = await client.generateFillReports({ instrumentId: BTC });
    expect(rest.map((f) => f.tradeId.value)).toEqual(fills.map((f) => f.tradeId.value));
    // Position: long 0.5 at the average fill price.
    const [pos] = await client.generatePositionStatusReports({ instrumentId: BTC });
    expect(pos?.positionSide).toBe('LONG');
    expect(pos?.quantity.toString()).toBe('0.500');
    expect(pos?.avgPxOpen?.toNumber()).toBeCloseTo(notional.div('0.5').toNumber(), 4);
    // ACCOUNT_UPDATE carried the same position and the wallet less the commission.
    await until(() => updates.some((u) => u.type === 'BinanceBalanceUpdate'), 'an account update');
    const acct = updates.filter((u) => u.type === 'BinanceBalanceUpdate').at(-1);
    expect(acct?.type === 'BinanceBalanceUpdate' && acct.positions[0]?.quantity.toString()).toBe('0.500');
    const snap = await client.queryAccount();
    const wallet = snap.balances.find((b) => b.total.currency.code === 'USDT')!.total.toDecimal();
    expect(wallet.toNumber()).toBeCloseTo(new Decimal(100000).sub(commission).toNumber(), 6);
    // Close it reduce-only: flat, and the wallet holds the realised profit.
    const sell = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('mkt-close'),
      side: 'SELL',
      orderType: 'MARKET',
      quantity: Quantity.from('0.500'),
      timeInForce: 'GTC',
      reduceOnly: true,
    });
    expect(sell.type === 'accepted' && sell.report.orderStatus).toBe('FILLED');
    const [flat] = await client.generatePositionStatusReports({ instrumentId: BTC });
    expect(flat?.positionSide).toBe('FLAT');
    const trades = (await client.http.get('/fapi/v1/userTrades', { symbol: 'BTCUSDT' }, true)) as {
      realizedPnl: string;
      commission: string;
    }[];
    const pnl = trades.reduce((s, t) => s.add(t.realizedPnl).sub(t.commission), new Decimal(100000));
    const after = (await client.queryAccount()).balances[0]!.total.toDecimal();
    expect(after.sub(pnl).abs().toNumber()).toBeLessThan(1e-6);
  });

  it('a resting limit at the bid fills as MAKER when the synthetic market reaches it', async () => {
    const venue = await startVenue({ seed: 7 });
    const { client, updates } = await execClient(venue);
    const bid = venue.exchange.instrument('BTCUSDT').market.bestBid()!;
    const price = Price.from(new Decimal(bid.ticks).mul('0.1').toFixed(1));
    const r = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('maker-1'),
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: Quantity.from('0.002'),
      timeInForce: 'GTC',
      price,
    });
    expect(r.type === 'accepted' && r.report.orderStatus).toBe('ACCEPTED');
    for (let i = 0; i < 500 && !orderUpdates(updates, 'maker-1').some((u) => u.fill !== null); i++) {
      venue.step(1, 'BTCUSDT');
      await new Promise((res) => setImmediate(res));
    }
    await until(() => orderUpdates(updates, 'maker-1').some((u) => u.fill !== null), 'a maker fill');
    const fill = orderUpdates(updates, 'maker-1').find((u) => u.fill !== null)!.fill!;
    expect(fill.liquiditySide).toBe('MAKER');
    expect(fill.lastPx.eq(price)).toBe(true);
    expect(fill.commission.toDecimal().toNumber()).toBeCloseTo(
      fill.lastQty.toDecimal().mul(price.toDecimal()).mul('0.0002').toNumber(),
      8,
    );
  });

  it('reduce-only without a position is -2022; a post-only (GTX) order that would take expires; cancel-all cancels each', async () => {
    const venue = await startVenue();
    const { client, updates } = await execClient(venue);
    const ro = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('ro-1'),
      side: 'SELL',
      orderType: 'MARKET',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
      reduceOnly: true,
    });
    expect(ro).toMatchObject({ type: 'rejected', venueCode: -2022 });
    const ask = venue.exchange.instrument('BTCUSDT').market.bestAsk()!;
    const crossing = Price.from(new Decimal(ask.ticks).mul('0.1').toFixed(1));
    const po = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('po-1'),
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
      price: crossing,
      postOnly: true,
    });
    expect(po.type === 'accepted' && [po.report.orderStatus, po.report.postOnly]).toEqual(['EXPIRED', true]);
    for (const n of ['ca-1', 'ca-2']) {
      await client.submitOrder({
        instrumentId: BTC,
        clientOrderId: cid(n),
        side: 'BUY',
        orderType: 'LIMIT',
        quantity: Quantity.from('0.010'),
        timeInForce: 'GTC',
        price: Price.from('50000.0'),
      });
    }
    expect((await client.cancelAllOrders(BTC)).type).toBe('accepted');
    await until(
      () => ['ca-1', 'ca-2'].every((n) => orderUpdates(updates, n).some((u) => u.execType === 'CANCELED')),
      'both cancels',
    );
    const history = await client.generateOrderStatusReports({ instrumentId: BTC });
    expect(history.map((h) => [h.clientOrderId?.value, h.orderStatus])).toEqual([
      ['po-1', 'EXPIRED'],
      ['ca-1', 'CANCELED'],
      ['ca-2', 'CANCELED'],
    ]);
  });

  it('serves payloads with every field of the real Binance payloads', async () => {
    const venue = await startVenue();
    const { client, updates } = await execClient(venue);
    await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('shape-1'),
      side: 'BUY',
      orderType: 'MARKET',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
    });
    const order = await client.http.get(
      '/fapi/v1/order',
      { symbol: 'BTCUSDT', origClientOrderId: 'shape-1' },
      true,
    );
    expect(keys(order)).toEqual(
      expect.arrayContaining(keys(realPayload('futures/http/order_response.json'))),
    );
    const trade = (
      (await client.http.get('/fapi/v1/userTrades', { symbol: 'BTCUSDT' }, true)) as object[]
    )[0];
    expect(keys(trade)).toEqual(
      expect.arrayContaining(keys((realPayload('futures/http/futures_account_trades.json') as object[])[0])),
    );
    const risk = ((await client.http.get('/fapi/v3/positionRisk', {}, true)) as object[])[0];
    expect(keys(risk)).toEqual(
      expect.arrayContaining(keys((realPayload('futures/http/position_risk.json') as object[])[0])),
    );
    const bal = ((await client.http.get('/fapi/v3/balance', {}, true)) as object[])[0];
    expect(keys(bal)).toEqual(
      expect.arrayContaining(keys((realPayload('futures/http/balance.json') as object[])[0])),
    );
    const account = (await client.http.get('/fapi/v3/account', {}, true)) as { assets: object[] };
    const realAccount = realPayload('futures/http/account_info_v2.json') as { assets: object[] };
    expect(keys(account.assets[0])).toEqual(expect.arrayContaining(keys(realAccount.assets[0])));
    // The raw stream events: capture them from a second listener on the same account.
    const raw: Record<string, unknown>[] = [];
    venue.exchange.onUserEvent((a, e) => {
      raw.push(e);
      venue.streams.pushUser(a, e);
    });
    await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('shape-2'),
      side: 'SELL',
      orderType: 'MARKET',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
    });
    const otu = raw.find((e) => e.e === 'ORDER_TRADE_UPDATE' && (e.o as { x: string }).x === 'TRADE') as {
      o: object;
    };
    const realOtu = realPayload('futures/user/order_update_trade.json') as { o: object };
    expect(keys(otu)).toEqual(keys(realOtu));
    expect(keys(otu.o)).toEqual(expect.arrayContaining(keys(realOtu.o)));
    const au = raw.find((e) => e.e === 'ACCOUNT_UPDATE') as { a: { B: object[]; P: object[] } };
    const realAu = realPayload('futures/user/account_update.json') as { a: { B: object[]; P: object[] } };
    expect(keys(au.a)).toEqual(keys(realAu.a));
    expect(keys(au.a.B[0])).toEqual(keys(realAu.a.B[0]));
    expect(keys(au.a.P[0])).toEqual(keys(realAu.a.P[0]));
    await until(() => orderUpdates(updates, 'shape-2').length >= 2, 'the parsed stream updates');
  });

  it('margin: an order beyond the available balance is -2019', async () => {
    const venue = await startVenue({
      accounts: [{ apiKey: 'venue-key', apiSecret: 'venue-secret', balances: { USDT: '100' }, leverage: 1 }],
    });
    const { client } = await execClient(venue, { stream: false });
    const big = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('big-1'),
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
      price: Price.from('50000.0'),
    });
    expect(big).toMatchObject({ type: 'rejected', venueCode: -2019 });
  });

  it('an IOC limit takes what the book shows at its price and the remainder expires', async () => {
    const venue = await startVenue();
    const { client } = await execClient(venue, { stream: false });
    const inst = venue.exchange.instrument('BTCUSDT');
    const ask = inst.market.bestAsk()!;
    const ioc = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('ioc-1'),
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: Quantity.from(inst.lot.format(ask.steps + 1)),
      timeInForce: 'IOC',
      price: Price.from(inst.tick.format(ask.ticks)),
    });
    expect(ioc.type === 'accepted' && ioc.report.filledQty.toString()).toBe(inst.lot.format(ask.steps));
    expect(ioc.type === 'accepted' && ioc.report.orderStatus).toBe('EXPIRED');
  });
});
