/**
 * The happy path: a node with BINANCE data and execution clients on the local venue, orders sent
 * by a strategy through the Strategy API, and the node's cache compared with what the venue
 * reports over REST (orders, trades, positions).
 */
import { afterEach, describe, expect, it } from 'vitest';

import { createSilentLogger } from '../../../ts/common/index.js';
import { Endpoint, subscribe } from '../../../ts/engine/index.js';
import { ClientOrderId } from '../../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';
import { TradingNode } from '../../../ts/trading-node.js';
import {
  auditor,
  BTC,
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

describe('TradingNode against the local venue: happy path', () => {
  it('USD-M futures: resting, taker, maker-filled and canceled orders; the cache equals the venue', async () => {
    const venue = await startVenue({ seed: 11 });
    const audit = await auditor(venue);
    const setup = await buildNode(venue);
    await startRunning(setup);
    const { node, strategy, errors, summaries } = setup;
    expect(summaries.at(-1)?.complete).toBe(true);
    await primeQuotes(venue, node);

    const { bid, ask } = touch(venue);
    const resting = strategy.limit('BUY', '0.010', px(bid, -500));
    const canceled = strategy.limit('SELL', '0.020', px(ask, 500));
    const taker = strategy.market('BUY', '0.030');
    const crossing = strategy.limit('SELL', '0.010', px(bid, -5));
    const maker = strategy.limit('BUY', '0.020', px(bid, -1));
    await until(
      () =>
        [resting, canceled, maker].every((o) => o.status === 'ACCEPTED') &&
        taker.status === 'FILLED' &&
        crossing.status === 'FILLED',
      'the orders to settle',
    );
    strategy.cancel(canceled);
    await until(() => canceled.status === 'CANCELED', 'the cancel');
    await fillAtVenue(venue, audit, maker);
    await until(() => maker.status === 'FILLED', 'the maker fill on the user stream');

    const { cache, venue: v } = await converge(node, audit);
    expect(cache).toEqual(v);
    expect(v.openOrders).toEqual([resting.clientOrderId.value]);
    expect(v.orders[canceled.clientOrderId.value]?.status).toBe('CANCELED');
    expect(v.positions).toEqual({ 'BTCUSDT-PERP.BINANCE': '0.04' });
    expect(errors()).toEqual([]);
    const stopped = await node.stop();
    expect(stopped.stopProblems).toEqual([]);
  });

  it('spot and futures clients side by side: each order routed to its client, each cache view equals its venue side', async () => {
    const venue = await startVenue({ seed: 12 });
    const futures = await auditor(venue);
    const spot = await auditor(venue, 'SPOT');
    const setup = await buildNode(venue, { spot: true });
    await startRunning(setup);
    const { node, strategy } = setup;
    expect(node.cache.instrument(BTC_SPOT)).not.toBeNull();
    await primeQuotes(venue, node);
    const { bid, ask } = touch(venue);
    const spotResting = strategy.limit('BUY', '0.010', px(bid, -500), BTC_SPOT, 'BINANCE_SPOT');
    const spotTaker = strategy.limit('BUY', '0.010', px(ask, 5), BTC_SPOT, 'BINANCE_SPOT');
    const perp = strategy.market('SELL', '0.010');
    await until(
      () => spotResting.status === 'ACCEPTED' && spotTaker.status === 'FILLED' && perp.status === 'FILLED',
      'the orders to settle',
    );
    const s = await converge(node, spot, BTC_SPOT);
    expect(s.cache).toEqual(s.venue);
    expect(s.venue.openOrders).toEqual([spotResting.clientOrderId.value]);
    const f = await converge(node, futures);
    expect(f.cache).toEqual(f.venue);
    expect(f.venue.positions).toEqual({ 'BTCUSDT-PERP.BINANCE': '-0.01' });
    expect(setup.errors()).toEqual([]);
  });
});

describe('external orders', () => {
  it('an order placed at the venue behind the node, while it runs, is claimed by the strategy that claims its instrument', async () => {
    const venue = await startVenue({ seed: 13 });
    const audit = await auditor(venue);
    const setup = await buildNode(venue, { claims: [BTC.value] });
    await startRunning(setup);
    await primeQuotes(venue, setup.node);
    const placed = await audit.submitOrder({
      instrumentId: BTC,
      clientOrderId: ClientOrderId.from('by-hand-1'),
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
      price: Price.from(px(touch(venue).bid, -300)),
    });
    expect(placed.type).toBe('accepted');
    await until(
      () => setup.node.cache.order(ClientOrderId.from('by-hand-1')) !== null,
      'the order to be adopted',
    );
    const adopted = setup.node.cache.order(ClientOrderId.from('by-hand-1'))!;
    expect(adopted.strategyId.value).toBe('E2E-001');
    expect(adopted.status).toBe('ACCEPTED');
    // The claiming strategy manages it like its own.
    setup.strategy.cancel(adopted);
    await until(() => adopted.status === 'CANCELED', 'the cancel by the claiming strategy');
    const { cache, venue: truth } = await converge(setup.node, audit);
    expect(cache).toEqual(truth);
    expect(setup.errors()).toEqual([]);
  });
});

describe('TradingNode against the local venue: data only', () => {
  it('a node with a BINANCE data client and no execution client has the venue instruments and its quotes', async () => {
    const venue = await startVenue({ seed: 3 });
    const node = new TradingNode(
      {
        timeoutConnection: 5,
        dataClients: {
          BINANCE_FUTURES: {
            type: 'BINANCE',
            accountType: 'USDT_FUTURE',
            baseUrlHttp: venue.httpUrl,
            baseUrlWs: venue.wsUrl,
          },
        },
      },
      { logger: createSilentLogger(), installSignalHandlers: false },
    );
    expect((await node.start()).type).toBe('NodeRunning');
    try {
      expect(node.cache.instrument(BTC)?.id.value).toBe('BTCUSDT-PERP.BINANCE');
      node.bus.send(
        Endpoint.DATA_EXECUTE,
        subscribe({ spec: { kind: 'QUOTES', instrumentId: BTC }, tsInit: node.clock.timestampNs() }),
      );
      await primeQuotes(venue, node);
      expect(node.cache.quote(BTC)).not.toBeNull();
    } finally {
      await node.stop();
    }
  });
});
