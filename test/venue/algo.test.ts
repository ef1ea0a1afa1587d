import { Decimal } from 'decimal.js';
import { afterEach, describe, expect, it } from 'vitest';

import type { BinanceUserUpdate } from '../../ts/adapters/binance/parse/user.js';
import { ClientOrderId, InstrumentId } from '../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import { cleanup, execClient, keys, realPayload, startVenue, until } from './helpers.js';

afterEach(cleanup);

const BTC = InstrumentId.from('BTCUSDT-PERP.BINANCE');
const cid = (s: string) => ClientOrderId.from(s);

function algoStatuses(updates: readonly BinanceUserUpdate[], id: string): string[] {
  return updates
    .filter((u) => u.type === 'BinanceAlgoUpdate' && u.report.clientOrderId?.value === id)
    .map((u) => (u.type === 'BinanceAlgoUpdate' ? u.venueStatus : ''));
}

describe('venue conditional (algo) orders through the real execution client', () => {
  it('a stop that would trigger at once is -2021; a waiting stop is listed open and can be canceled', async () => {
    const venue = await startVenue();
    const { client, updates } = await execClient(venue);
    const mid = venue.exchange.markPrice(venue.exchange.instrument('BTCUSDT'));
    const now = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('stop-now'),
      side: 'SELL',
      orderType: 'STOP_MARKET',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
      triggerPrice: Price.from(mid.add(50).toFixed(1)),
    });
    expect(now).toMatchObject({ type: 'rejected', venueCode: -2021 });
    const r = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('stop-wait'),
      side: 'SELL',
      orderType: 'STOP_MARKET',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
      triggerPrice: Price.from(mid.sub(500).toFixed(1)),
    });
    expect(
      r.type === 'accepted' && [r.report.orderStatus, r.report.venueOrderId.value.startsWith('ALGO-')],
    ).toEqual(['ACCEPTED', true]);
    const open = await client.generateOrderStatusReports({ openOnly: true });
    expect(open.map((o) => o.clientOrderId?.value)).toEqual(['stop-wait']);
    const raw = (await client.http.get('/fapi/v1/openAlgoOrders', {}, true)) as object[];
    expect(keys(raw[0])).toEqual(
      expect.arrayContaining(keys((realPayload('futures/http/open_algo_orders.json') as object[])[0])),
    );
    const c = await client.cancelOrder({
      instrumentId: BTC,
      clientOrderId: cid('stop-wait'),
      venueOrderId: r.type === 'accepted' ? r.report.venueOrderId : null,
    });
    expect(c.type === 'accepted' && c.report.orderStatus).toBe('CANCELED');
    await until(() => algoStatuses(updates, 'stop-wait').length === 2, 'NEW and CANCELED');
    expect(algoStatuses(updates, 'stop-wait')).toEqual(['NEW', 'CANCELED']);
  });

  it('a stop fires when the synthetic market reaches it: the actual order fills under the same client id', async () => {
    const venue = await startVenue({ seed: 21, market: { tradeProbability: 1, maxMoveTicks: 3 } });
    const { client, updates } = await execClient(venue);
    const inst = venue.exchange.instrument('BTCUSDT');
    // With this seed the walk goes down: a sell stop 4 ticks below fires within the bound.
    const trigger = new Decimal(inst.tick.format(inst.market.midTicks - 4));
    const r = await client.submitOrder({
      instrumentId: BTC,
      clientOrderId: cid('stop-sell'),
      side: 'SELL',
      orderType: 'STOP_MARKET',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
      triggerPrice: Price.from(trigger.toFixed(1)),
    });
    expect(r.type).toBe('accepted');
    for (let i = 0; i < 3000 && !algoStatuses(updates, 'stop-sell').includes('FINISHED'); i++) {
      venue.step(1, 'BTCUSDT');
      if (i % 20 === 0) await new Promise((res) => setImmediate(res));
    }
    await until(() => algoStatuses(updates, 'stop-sell').includes('FINISHED'), 'the stop to finish');
    expect(algoStatuses(updates, 'stop-sell')).toEqual(['NEW', 'TRIGGERED', 'FINISHED']);
    const fills = updates.flatMap((u) =>
      u.type === 'BinanceOrderUpdate' && u.report.clientOrderId?.value === 'stop-sell' && u.fill !== null
        ? [u.fill]
        : [],
    );
    expect(fills.reduce((s, f) => s.add(f.lastQty.toDecimal()), new Decimal(0)).toString()).toBe('0.01');
    // As on Binance: the actual order is its own order (the fills' venue id), named by the algo's
    // TRIGGERED (`ai`, nothing executed yet); FINISHED carries what it executed (`aq` at `ap`).
    const algo = updates.flatMap((u) =>
      u.type === 'BinanceAlgoUpdate' && u.report.clientOrderId?.value === 'stop-sell' ? [u] : [],
    );
    const actual = fills[0]!.venueOrderId.value;
    expect(algo.map((u) => u.triggeredOrderId?.value ?? null)).toEqual([null, actual, actual]);
    expect(algo.map((u) => u.report.filledQty.toDecimal().toString())).toEqual(['0', '0', '0.01']);
    expect(algo[2]?.report.avgPx).not.toBeNull();
    const rest = venue.exchange.algo.query(venue.exchange.accounts[0]!, { clientAlgoId: 'stop-sell' });
    expect([rest.algoStatus, rest.actualOrderId, rest.actualQty, rest.actualType]).toEqual([
      'FINISHED',
      actual,
      '0.010',
      'MARKET',
    ]);
    expect(rest).not.toHaveProperty('executedQty');
    const q = await client.queryOrder({
      instrumentId: BTC,
      clientOrderId: cid('stop-sell'),
      orderType: 'STOP_MARKET',
    });
    expect(q?.orderStatus).toBe('FILLED');
    const [pos] = await client.generatePositionStatusReports({ instrumentId: BTC });
    expect([pos?.positionSide, pos?.quantity.toString()]).toEqual(['SHORT', '0.010']);
  });
});
