import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';

import { BinanceDataClient } from '../../ts/adapters/binance/data.js';
import { BinanceExecutionClient } from '../../ts/adapters/binance/execution.js';
import type { MarketDataItem } from '../../ts/adapters/binance/interfaces.js';
import type { BinanceUserUpdate } from '../../ts/adapters/binance/parse/user.js';
import { BinanceDataClientConfig, BinanceExecClientConfig } from '../../ts/config/binance.js';
import { ClientOrderId, InstrumentId } from '../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import type { VenueServer } from '../../ts/venue/server.js';
import { cleanup, KEY, keys, onCleanup, realPayload, SECRET, startVenue, until } from './helpers.js';

afterEach(cleanup);

const BTC = InstrumentId.from('BTCUSDT.BINANCE');
const cid = (s: string) => ClientOrderId.from(s);

async function spotClient(venue: VenueServer, secret = SECRET) {
  const updates: BinanceUserUpdate[] = [];
  const errors: Error[] = [];
  const client = new BinanceExecutionClient({
    config: BinanceExecClientConfig.parse({
      type: 'BINANCE',
      accountType: 'SPOT',
      apiKey: KEY,
      apiSecret: secret,
      baseUrlHttp: venue.url,
      baseUrlWs: `${venue.wsUrl}/spot`,
      maxRetries: 0,
    }),
    env: {},
    onUserUpdate: (u) => updates.push(u),
    onUserStreamError: (e) => errors.push(e),
    wsBackoff: { initialMs: 10, maxMs: 50 },
  });
  onCleanup(() => client.disconnect());
  return { client, updates, errors };
}

describe('venue spot through the real execution client', () => {
  it('the WS-API user stream subscribes; a market buy fills (FULL answer) and balances follow', async () => {
    const venue = await startVenue();
    const { client, updates } = await spotClient(venue);
    await client.connect();
    const r = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('spot-mkt'),
      side: 'BUY',
      orderType: 'MARKET',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
    });
    expect(r.type === 'accepted' && r.report.orderStatus).toBe('FILLED');
    if (r.type !== 'accepted') return;
    expect(r.fills.length).toBeGreaterThan(0);
    const notional = r.fills.reduce(
      (s, f) => s.add(f.lastQty.toDecimal().mul(f.lastPx.toDecimal())),
      new Decimal(0),
    );
    await until(
      () => updates.some((u) => u.type === 'BinanceOrderUpdate' && u.execType === 'TRADE'),
      'the executionReport of the trade',
    );
    await until(() => updates.some((u) => u.type === 'BinanceBalanceUpdate'), 'outboundAccountPosition');
    const snap = await client.queryAccount();
    const total = (code: string) =>
      snap.balances.find((b) => b.total.currency.code === code)!.total.toDecimal();
    expect(total('BTC').toString()).toBe(new Decimal(10).add('0.01').sub('0.00001').toString());
    expect(total('USDT').toString()).toBe(new Decimal(100000).sub(notional).toString());
    const trades = await client.generateFillReports({ instrumentId: BTC });
    expect(trades.map((t) => t.tradeId.value)).toEqual(r.fills.map((f) => f.tradeId.value));
    const full = (await client.http.get(
      '/api/v3/order',
      { symbol: 'BTCUSDT', origClientOrderId: 'spot-mkt' },
      true,
    )) as object;
    expect(keys(full)).toEqual(expect.arrayContaining(keys(realPayload('spot/http/order_response.json'))));
  });

  it('a resting limit locks its quote; cancel unlocks; no open order to cancel-all is an empty success', async () => {
    const venue = await startVenue();
    const { client, updates } = await spotClient(venue);
    await client.connect();
    const r = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('spot-lim'),
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: Quantity.from('1.000'),
      timeInForce: 'GTC',
      price: Price.from('50000.0'),
    });
    expect(r.type === 'accepted' && r.report.orderStatus).toBe('ACCEPTED');
    const usdt = async () =>
      (await client.queryAccount()).balances.find((b) => b.total.currency.code === 'USDT')!;
    expect((await usdt()).locked.toDecimal().toString()).toBe('50000');
    // Not enough free USDT for a second one as large.
    const second = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('spot-lim-2'),
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: Quantity.from('1.100'),
      timeInForce: 'GTC',
      price: Price.from('50000.0'),
    });
    expect(second).toMatchObject({ type: 'rejected', venueCode: -2010 });
    const c = await client.cancelOrder({ instrumentId: BTC, clientOrderId: cid('spot-lim') });
    expect(c.type === 'accepted' && [c.report.orderStatus, c.report.clientOrderId?.value]).toEqual([
      'CANCELED',
      'spot-lim',
    ]);
    expect((await usdt()).locked.toDecimal().toString()).toBe('0');
    await until(
      () => updates.some((u) => u.type === 'BinanceOrderUpdate' && u.execType === 'CANCELED'),
      'the cancel report',
    );
    expect(await client.cancelAllOrders(BTC)).toEqual({ type: 'accepted', reports: [] });
    expect(
      (
        await client.modifyOrder({
          instrumentId: BTC,
          clientOrderId: cid('x'),
          side: 'BUY',
          quantity: Quantity.from('1'),
        })
      ).type,
    ).toBe('rejected');
  });

  it('a wrong secret refuses the WS-API subscription (-1022): connect fails', async () => {
    const venue = await startVenue();
    const { client, errors } = await spotClient(venue, 'wrong');
    await expect(client.connect()).rejects.toMatchObject({ code: 'BINANCE_WS_SUBSCRIBE' });
    expect(errors.map((e) => (e as { code?: string }).code)).toContain('BINANCE_1022');
  });

  it('spot book sync (U <= lastUpdateId+1 <= u) through the data client under /spot', async () => {
    const venue = await startVenue();
    const book = new Map<string, string>();
    let snapshots = 0;
    const client = new BinanceDataClient({
      config: BinanceDataClientConfig.parse({
        type: 'BINANCE',
        accountType: 'SPOT',
        baseUrlHttp: venue.url,
        baseUrlWs: `${venue.wsUrl}/spot`,
        maxRetries: 0,
      }),
      onData: (i: MarketDataItem) => {
        if (i.type !== 'OrderBookDeltas') return;
        for (const d of i.deltas) {
          if (d.action === 'CLEAR') {
            book.clear();
            snapshots++;
          } else if (d.action === 'DELETE') book.delete(`${d.order!.side}:${d.order!.price.toDecimal()}`);
          else
            book.set(`${d.order!.side}:${d.order!.price.toDecimal()}`, d.order!.size.toDecimal().toString());
        }
      },
    });
    onCleanup(() => client.disconnect());
    await client.connect();
    await client.subscribeBook(BTC);
    await until(() => snapshots === 1, 'the snapshot');
    venue.step(20, 'BTCUSDT');
    const inst = venue.exchange.instrument('BTCUSDT');
    const expected = () => {
      const { bids, asks } = inst.market.levels(1000);
      const m = new Map<string, string>();
      for (const [t, s] of bids)
        m.set(`BUY:${new Decimal(inst.tick.format(t))}`, new Decimal(inst.lot.format(s)).toString());
      for (const [t, s] of asks)
        m.set(`SELL:${new Decimal(inst.tick.format(t))}`, new Decimal(inst.lot.format(s)).toString());
      return JSON.stringify([...m.entries()].sort());
    };
    await until(() => JSON.stringify([...book.entries()].sort()) === expected(), 'the spot book');
    expect(snapshots).toBe(1);
  });
});
