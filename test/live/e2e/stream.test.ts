/**
 * The user stream's connection lost or its listen key expired at the venue: what happened in the
 * gap is back-filled after the reconnect, without the open-order check (turned off here).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BinanceNodeExecutionClient } from '../../../ts/adapters/binance/node-clients.js';
import type { BinanceFuturesUserStream } from '../../../ts/adapters/binance/user-stream.js';
import {
  auditor,
  BTC_SPOT,
  buildNode,
  cleanup,
  converge,
  fillAtVenue,
  primeQuotes,
  px,
  startRunning,
  startVenue,
  touch,
  until,
} from './harness.js';

afterEach(cleanup);

const NO_OPEN_CHECK = { openCheckIntervalSecs: null };

describe('user stream lost', () => {
  it('a fill while the user stream is down: back-filled after the reconnect', async () => {
    const venue = await startVenue({ seed: 21 });
    const audit = await auditor(venue);
    const setup = await buildNode(venue, { execEngine: NO_OPEN_CHECK });
    await startRunning(setup);
    await primeQuotes(venue, setup.node);
    const { bid, ask } = touch(venue);
    const near = setup.strategy.limit('BUY', '0.020', px(bid, -1));
    const doomed = setup.strategy.limit('SELL', '0.010', px(ask, 300));
    await until(() => near.status === 'ACCEPTED' && doomed.status === 'ACCEPTED', 'the orders to rest');

    const connections = venue.server.stats().connections;
    expect(venue.server.disconnect('user')).toBe(1);
    // While the node is not listening: one order fills, another is canceled at the venue.
    await fillAtVenue(venue, audit, near);
    expect(
      (await audit.cancelOrder({ instrumentId: doomed.instrumentId, clientOrderId: doomed.clientOrderId }))
        .type,
    ).toBe('accepted');

    await until(() => venue.server.stats().connections >= connections, 'the user stream to reconnect');
    const { cache, venue: truth } = await converge(setup.node, audit);
    expect(cache).toEqual(truth);
    expect(truth.orders[near.clientOrderId.value]?.status).toBe('FILLED');
    expect(truth.orders[doomed.clientOrderId.value]?.status).toBe('CANCELED');
    expect(setup.errors()).toEqual([]);
  });

  it('the listen key expires at the venue: a new key, and what happened meanwhile is back-filled', async () => {
    const venue = await startVenue({ seed: 21 });
    const audit = await auditor(venue);
    const setup = await buildNode(venue, { execEngine: NO_OPEN_CHECK });
    await startRunning(setup);
    await primeQuotes(venue, setup.node);
    const near = setup.strategy.limit('BUY', '0.020', px(touch(venue).bid, -1));
    await until(() => near.status === 'ACCEPTED', 'the order to rest');

    const exec = setup.node.execClients[0] as BinanceNodeExecutionClient;
    const listenKey = () => (exec.inner.userStream as BinanceFuturesUserStream | null)?.listenKey ?? null;
    const key = listenKey();
    expect(key).not.toBeNull();
    venue.server.expireListenKey(key!);
    await fillAtVenue(venue, audit, near);

    await until(() => {
      const k = listenKey();
      return k !== null && k !== key;
    }, 'a new listen key');
    const { cache, venue: truth } = await converge(setup.node, audit);
    expect(cache).toEqual(truth);
    expect(truth.orders[near.clientOrderId.value]?.status).toBe('FILLED');
    expect(setup.errors()).toEqual([]);
  });

  it('spot and futures user streams cut at once: both clients back-fill their own orders', async () => {
    const venue = await startVenue({ seed: 27 });
    const futures = await auditor(venue);
    const spot = await auditor(venue, 'SPOT');
    const setup = await buildNode(venue, { spot: true, execEngine: NO_OPEN_CHECK });
    await startRunning(setup);
    await primeQuotes(venue, setup.node);
    const { bid } = touch(venue);
    const spotOrder = setup.strategy.limit('BUY', '0.010', px(bid, -300), BTC_SPOT, 'BINANCE_SPOT');
    const perpOrder = setup.strategy.limit('BUY', '0.010', px(bid, -300));
    await until(
      () => spotOrder.status === 'ACCEPTED' && perpOrder.status === 'ACCEPTED',
      'the orders to rest',
    );

    expect(venue.server.disconnect('user')).toBe(2);
    const cancel = (client: typeof spot, o: typeof spotOrder) =>
      client.cancelOrder({ instrumentId: o.instrumentId, clientOrderId: o.clientOrderId });
    expect((await cancel(spot, spotOrder)).type).toBe('accepted');
    expect((await cancel(futures, perpOrder)).type).toBe('accepted');

    await until(() => spotOrder.status === 'CANCELED' && perpOrder.status === 'CANCELED', 'both back-fills');
    const s = await converge(setup.node, spot, BTC_SPOT);
    expect(s.cache).toEqual(s.venue);
    const f = await converge(setup.node, futures);
    expect(f.cache).toEqual(f.venue);
    expect(setup.errors()).toEqual([]);
  });
});
