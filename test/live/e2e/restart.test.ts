import { afterAll, afterEach, describe, expect, it } from 'vitest';

import type { CacheDatabase } from '../../../ts/cache/index.js';
import { RedisCacheDatabase } from '../../../ts/cache/redis/index.js';

import { ClientOrderId } from '../../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';
import { MemoryDatabase } from '../../cache/memory-database.js';
import { HAVE_REDIS, RedisServer } from '../../cache/redis/server.js';
import {
  auditor,
  BTC,
  buildNode,
  cacheView,
  cleanup,
  converge,
  fillAtVenue,
  primeQuotes,
  px,
  startRunning,
  startVenue,
  touch,
  until,
  venueView,
} from './harness.js';

afterEach(cleanup);

let redis: RedisServer | null = null;
afterAll(async () => {
  await redis?.stop();
});

/** A cache database for the first run, and the one a restarted node opens on the same data. */
type Databases = () => Promise<{ first: CacheDatabase; second: () => CacheDatabase }>;

const memory: Databases = async () => {
  const db = new MemoryDatabase();
  return { first: db, second: () => db };
};

const realRedis: Databases = async () => {
  if (redis === null) {
    redis = new RedisServer();
    await redis.start();
  }
  const config = redis.config;
  const open = () => new RedisCacheDatabase({ traderId: 'TRADER-001', database: config });
  const first = open();
  await first.flush();
  return { first, second: open };
};

const realRedisOrMemory: Databases = HAVE_REDIS ? realRedis : memory;

describe.each([
  ['in memory', memory, true],
  ['in a private redis-server', realRedis, HAVE_REDIS],
] as const)('TradingNode restart against the local venue, cache database %s', (_name, databases, enabled) => {
  it.skipIf(!enabled)(
    'orders that filled or were canceled while the node was down: reconciled at start-up from the cache database',
    async () => {
      const venue = await startVenue({ seed: 21 });
      const audit = await auditor(venue);
      const dbs = await databases();

      // First run: a position and three resting orders.
      const first = await buildNode(venue, { cacheDatabase: dbs.first });
      await startRunning(first);
      await primeQuotes(venue, first.node);
      const { bid, ask } = touch(venue);
      const far = first.strategy.limit('BUY', '0.010', px(bid, -500));
      const near = first.strategy.limit('BUY', '0.020', px(bid, -1));
      const doomed = first.strategy.limit('SELL', '0.010', px(ask, 500));
      const taker = first.strategy.market('BUY', '0.010');
      await until(
        () => [far, near, doomed].every((o) => o.status === 'ACCEPTED') && taker.status === 'FILLED',
        'the first orders to settle',
      );
      const before = cacheView(first.node);
      const stopped = await first.node.stop();
      expect(stopped.stopProblems).toEqual([]);

      // While down: one order canceled at the venue, the market trades through another, and an
      // order the node never sent rests there.
      expect((await audit.cancelOrder({ instrumentId: BTC, clientOrderId: doomed.clientOrderId })).type).toBe(
        'accepted',
      );
      await fillAtVenue(venue, audit, near);
      const external = await audit.submitOrder({
        instrumentId: BTC,
        clientOrderId: ClientOrderId.from('manual-1'),
        side: 'SELL',
        orderType: 'LIMIT',
        quantity: Quantity.from('0.005'),
        timeInForce: 'GTC',
        price: Price.from(px(touch(venue).ask, 400)),
      });
      expect(external.type).toBe('accepted');

      // Second run from the same database.
      const second = await buildNode(venue, { cacheDatabase: dbs.second() });
      expect(cacheView(second.node)).toEqual(before); // loaded, not yet reconciled
      await startRunning(second);
      const summary = second.summaries.at(-1)!;
      expect(summary.complete).toBe(true);
      const v = summary.venues[0]!;
      // doomed: CANCELED; near: one fill event per venue trade; manual-1: ACCEPTED.
      const nearTrades = (await audit.generateFillReports({ instrumentId: BTC })).filter((f) =>
        f.venueOrderId.eq(near.venueOrderId!),
      ).length;
      expect(v.events).toEqual({
        ACCEPTED: 1,
        CANCELED: 1,
        FILL_COMPLETE: 1,
        ...(nearTrades > 1 ? { FILL_PARTIAL: nearTrades - 1 } : {}),
      });
      expect(v.ordersCreated).toEqual({ external: 1, internalDiff: 0 });
      expect(v.discrepancies).toEqual([]);

      const { cache, venue: truth } = await converge(second.node, audit);
      expect(cache).toEqual(truth);
      expect(truth.orders[near.clientOrderId.value]).toMatchObject({ status: 'FILLED', filled: '0.02' });
      expect(truth.orders[doomed.clientOrderId.value]?.status).toBe('CANCELED');
      expect(truth.openOrders).toEqual([far.clientOrderId.value, 'manual-1'].sort());
      expect(truth.positions).toEqual({ 'BTCUSDT-PERP.BINANCE': '0.03' });
      expect(second.node.cache.order(ClientOrderId.from('manual-1'))?.strategyId.value).toBe('EXTERNAL');
      expect(second.errors()).toEqual([]);
    },
  );

  it.skipIf(!enabled)(
    'every open order of an instrument filled while down: its fills are found, no INTERNAL-DIFF order is invented',
    async () => {
      const venue = await startVenue({ seed: 22 });
      const audit = await auditor(venue);
      const dbs = await databases();
      const first = await buildNode(venue, { cacheDatabase: dbs.first });
      await startRunning(first);
      await primeQuotes(venue, first.node);
      const near = first.strategy.limit('BUY', '0.020', px(touch(venue).bid, -1));
      await until(() => near.status === 'ACCEPTED', 'the order to rest');
      await first.node.stop();

      await fillAtVenue(venue, audit, near);

      const second = await buildNode(venue, { cacheDatabase: dbs.second() });
      await startRunning(second);
      const v = second.summaries.at(-1)!.venues[0]!;
      expect(v.ordersCreated).toEqual({ external: 0, internalDiff: 0 });
      expect(v.events.FILL_COMPLETE).toBe(1);
      expect(second.node.cache.order(near.clientOrderId)?.status).toBe('FILLED');
      const { cache, venue: truth } = await converge(second.node, audit);
      expect(cache).toEqual(truth);
      expect(truth.positions).toEqual({ 'BTCUSDT-PERP.BINANCE': '0.02' });
    },
  );
});

describe('TradingNode restart with orders in flight', () => {
  it('stopped with one submit executed but unknown (-1007) and one never executed (5xx): the next node settles both', async () => {
    const venue = await startVenue({ seed: 23 });
    const audit = await auditor(venue);
    const dbs = await realRedisOrMemory();
    const first = await buildNode(venue, { cacheDatabase: dbs.first });
    await startRunning(first);
    await primeQuotes(venue, first.node);
    const { bid } = touch(venue);
    venue.server.setFaults({ httpUnknown: 1, userDrop: 1 });
    const executed = first.strategy.limit('BUY', '0.010', px(bid, -300));
    await until(() => venue.server.stats().faults.httpUnknown === 1, 'the -1007 answer');
    venue.server.setFaults({ httpUnknown: 0, http5xx: 1 });
    const lost = first.strategy.limit('BUY', '0.010', px(bid, -301));
    await until(() => (venue.server.stats().faults.http5xx ?? 0) >= 1, 'the 5xx answer');
    venue.server.setFaults({ http5xx: 0, userDrop: 0 });
    expect(executed.status).toBe('SUBMITTED');
    expect(lost.status === 'SUBMITTED' || lost.status === 'REJECTED').toBe(true);
    await first.node.stop();

    const second = await buildNode(venue, { cacheDatabase: dbs.second() });
    await startRunning(second);
    const executed2 = second.node.cache.order(executed.clientOrderId)!;
    const lost2 = second.node.cache.order(lost.clientOrderId)!;
    expect(executed2.status).toBe('ACCEPTED'); // reconciled at start-up: the venue lists it open
    await until(() => lost2.status === 'REJECTED', 'the in-flight check to resolve the lost submit');
    const cache = cacheView(second.node);
    const truth = await venueView(audit);
    const { [lost.clientOrderId.value]: rejected, ...rest } = cache.orders;
    expect(rejected?.status).toBe('REJECTED');
    expect({ ...cache, orders: rest }).toEqual(truth);
    expect(truth.openOrders).toEqual([executed.clientOrderId.value]);
  });
});

describe('a fresh node (no cache database) on a venue with history', () => {
  it('adopts the open orders as EXTERNAL and matches the position without inventing orders', async () => {
    const venue = await startVenue({ seed: 24 });
    const audit = await auditor(venue);
    venue.server.step(1, 'BTCUSDT');
    const { bid, ask } = touch(venue);
    const place = async (id: string, side: 'BUY' | 'SELL', type: 'LIMIT' | 'MARKET', price?: string) => {
      const r = await audit.submitOrder({
        instrumentId: BTC,
        clientOrderId: ClientOrderId.from(id),
        side,
        orderType: type,
        quantity: Quantity.from('0.010'),
        timeInForce: 'GTC',
        ...(price === undefined ? {} : { price: Price.from(price) }),
      });
      expect(r.type).toBe('accepted');
    };
    await place('old-taker', 'BUY', 'MARKET');
    await place('old-bid', 'BUY', 'LIMIT', px(bid, -300));
    await place('old-ask', 'SELL', 'LIMIT', px(ask, 300));
    await place('old-gone', 'SELL', 'LIMIT', px(ask, 301));
    expect(
      (await audit.cancelOrder({ instrumentId: BTC, clientOrderId: ClientOrderId.from('old-gone') })).type,
    ).toBe('accepted');

    const setup = await buildNode(venue);
    await startRunning(setup);
    const v = setup.summaries.at(-1)!.venues[0]!;
    expect(v.ordersCreated.internalDiff).toBe(0);
    expect(v.discrepancies).toEqual([]);
    const { cache, venue: truth } = await converge(setup.node, audit);
    expect(cache).toEqual(truth);
    expect(truth.openOrders).toEqual(['old-ask', 'old-bid']);
    expect(truth.positions).toEqual({ 'BTCUSDT-PERP.BINANCE': '0.01' });
    for (const id of ['old-bid', 'old-ask', 'old-taker'])
      expect(setup.node.cache.order(ClientOrderId.from(id))?.strategyId.value).toBe('EXTERNAL');
    expect(setup.errors()).toEqual([]);
  });
});

describe.skipIf(!HAVE_REDIS)('a node configured with cache.database (redis)', () => {
  it('persists through the configured database: the next node loads what the first held, then reconciles', async () => {
    const venue = await startVenue({ seed: 25 });
    const audit = await auditor(venue);
    if (redis === null) {
      redis = new RedisServer();
      await redis.start();
    }
    const cache = { database: { host: '127.0.0.1', port: redis.config.port }, flushOnStart: false };
    const wipe = new RedisCacheDatabase({ traderId: 'TRADER-001', database: redis.config });
    await wipe.flush();
    await wipe.close();

    const first = await buildNode(venue, { cache });
    expect(first.node.cache.database).not.toBeNull();
    await startRunning(first);
    await primeQuotes(venue, first.node);
    const resting = first.strategy.limit('BUY', '0.010', px(touch(venue).bid, -300));
    await until(() => resting.status === 'ACCEPTED', 'the order to rest');
    await first.node.stop();

    const second = await buildNode(venue, { cache });
    const loaded = second.node.cache.order(resting.clientOrderId);
    expect(loaded?.status).toBe('ACCEPTED');
    expect(loaded?.strategyId.value).toBe('E2E-001');
    await startRunning(second);
    expect(second.summaries.at(-1)?.venues[0]?.ordersCreated).toEqual({ external: 0, internalDiff: 0 });
    const { cache: view, venue: truth } = await converge(second.node, audit);
    expect(view).toEqual(truth);
  });
});
