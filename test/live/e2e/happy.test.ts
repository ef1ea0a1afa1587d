import { afterEach, describe, expect, it } from 'vitest';

import {
  auditor,
  buildNode,
  cleanup,
  converge,
  primeQuotes,
  px,
  startVenue,
  touch,
  until,
} from './harness.js';

afterEach(cleanup);

describe('TradingNode against the local venue: happy path', () => {
  it('resting and filled orders: the cache equals the venue (orders, trades, position)', async () => {
    const venue = await startVenue({ seed: 11 });
    const audit = await auditor(venue);
    const { node, strategy, errors, summaries } = await buildNode(venue);
    const started = await node.start();
    expect(started.type).toBe('NodeRunning');
    expect(summaries.at(-1)?.complete).toBe(true);
    await primeQuotes(venue, node);

    const { bid, ask } = touch(venue);
    const rest1 = strategy.limit('BUY', '0.010', px(bid, -50));
    const rest2 = strategy.limit('SELL', '0.020', px(ask, 50));
    const taker = strategy.market('BUY', '0.030');
    const cross = strategy.limit('SELL', '0.010', px(bid, -5));
    await until(
      () =>
        rest1.status === 'ACCEPTED' &&
        rest2.status === 'ACCEPTED' &&
        taker.status === 'FILLED' &&
        cross.status === 'FILLED',
      'the orders to settle',
    );
    const { cache, venue: v } = await converge(node, audit);
    expect(cache).toEqual(v);
    expect(v.openOrders).toEqual([rest1.clientOrderId.value, rest2.clientOrderId.value].sort());
    expect(v.positions).toEqual({ 'BTCUSDT-PERP.BINANCE': '0.02' });
    expect(errors()).toEqual([]);
    await node.stop();
  });
});
