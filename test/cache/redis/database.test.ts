import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { Cache } from '../../../ts/cache/index.js';
import {
  type RecordEncoding,
  RedisBackendErrorCode,
  RedisCacheDatabase,
  type RedisCacheDatabaseOptions,
} from '../../../ts/cache/redis/index.js';
import { CacheConfig } from '../../../ts/config/cache.js';
import {
  orderAccepted,
  orderEmulated,
  orderPendingUpdate,
  orderReleased,
  orderSubmitted,
  orderTriggered,
  orderUpdated,
} from '../../../ts/model/events/index.js';
import { ClientId, ClientOrderId, PositionId, VenueOrderId } from '../../../ts/model/identifiers/index.js';
import { Currency, Price, Quantity } from '../../../ts/model/values/index.js';
import { collect, type Universe } from '../answers.js';
import { BTC_BIN, BTC_BYB, Desk, ETH_BIN, INSTRUMENTS, MIN, S2 } from '../fixtures.js';
import {
  ACC_M,
  canon,
  EQUITY,
  FUTURE,
  fill,
  marginAccount,
  orderView,
  PAIR,
  PERP,
  Position,
  positionView,
  richOrder,
  ZZZ,
} from './fixtures.js';
import { HAVE_REDIS, RedisServer } from './server.js';

let server: RedisServer;
let traderSeq = 0;

function db(extra: Partial<RedisCacheDatabaseOptions> = {}): RedisCacheDatabase {
  traderSeq++;
  return new RedisCacheDatabase({ traderId: `TRADER-${traderSeq}`, database: server.config, ...extra });
}

/** A second backend on the same keyspace (what a restarted node opens). */
function reopen(
  first: RedisCacheDatabase,
  extra: Partial<RedisCacheDatabaseOptions> = {},
): RedisCacheDatabase {
  const traderId = first.keys.ns.slice('trader-'.length, -':cache:'.length);
  return new RedisCacheDatabase({ traderId, database: server.config, ...extra });
}

/** The busy desk of the cache's load tests, written through `database`. */
function busyDesk(database: RedisCacheDatabase) {
  const d = new Desk(new Cache({ database }));
  for (const c of ['BTC', 'ETH', 'USDT']) d.cache.addCurrency(Currency.from(c));
  for (const i of INSTRUMENTS) d.cache.addInstrument(i);
  const account = d.account();
  const a = d.open(d.order({ side: 'BUY', qty: '3.000' }));
  d.fill(a, '1.000', 'BTC-NET');
  const b = d.submit(d.order({ strategyId: S2, instrumentId: ETH_BIN.id, side: 'SELL' }));
  const c = d.emulate(d.order({ instrumentId: BTC_BYB.id }));
  const e = d.pendingCancel(d.open(d.order({ strategyId: S2, side: 'SELL' })));
  d.advance(MIN);
  const f = d.open(d.order({ side: 'SELL', qty: '1.000' }));
  d.fill(f, '1.000', 'BTC-NET');
  const g = d.open(d.order({ side: 'SELL', qty: '2.000' }));
  d.fill(g, '2.000', 'BTC-NET'); // reopens BTC-NET short: a snapshot
  const h = d.open(d.order({ instrumentId: BTC_BYB.id, side: 'BUY' }));
  d.fill(h, '0.400', 'BYB-1', '100.37');
  d.fill(h, '0.600', 'BYB-1', '100.41');
  const i = d.open(d.order());
  const replacedVenueId = i.venueOrderId!;
  d.pendingUpdate(i);
  d.updated(i, '2.000', 'V-REPLACED');
  const j = d.cancel(d.open(d.order({ strategyId: S2 })));
  const k = new Desk(new Cache()).order({ id: 'EXT-1', instrumentId: ETH_BIN.id });
  d.cache.addOrder(k, { positionId: PositionId.from('ETH-HEDGE'), clientId: ClientId.from('BINANCE_SPOT') });
  account.apply(d.accountState('9000'));
  d.cache.updateAccount(account);
  const orders = [a, b, c, e, f, g, h, i, j, k];
  const universe: Universe = {
    orderIds: [...orders.map((o) => o.clientOrderId), ClientOrderId.from('NOPE')],
    venueOrderIds: [
      ...orders.flatMap((o) => (o.venueOrderId === null ? [] : [o.venueOrderId])),
      replacedVenueId,
      VenueOrderId.from('V-NONE'),
    ],
    positionIds: ['BTC-NET', 'BYB-1', 'ETH-HEDGE', 'NONE'].map((p) => PositionId.from(p)),
  };
  return { d, universe };
}

function sameCache(loaded: Cache, original: Cache, universe: Universe): void {
  expect(collect(loaded, universe)).toEqual(collect(original, universe));
  expect(loaded.counts()).toEqual(original.counts());
  expect(loaded.orders().map(orderView)).toEqual(original.orders().map(orderView));
  expect(loaded.positions().map(positionView)).toEqual(original.positions().map(positionView));
  for (const p of original.positions()) {
    expect(loaded.positionSnapshots(p.id).map(positionView)).toEqual(
      original.positionSnapshots(p.id).map(positionView),
    );
  }
  expect(canon(loaded.accounts().map((a) => [a.id, a.type, a.balances()]))).toBe(
    canon(original.accounts().map((a) => [a.id, a.type, a.balances()])),
  );
  for (const a of original.accounts())
    expect(canon(loaded.accountEvents(a.id))).toBe(canon(original.accountEvents(a.id)));
  expect(canon(loaded.instruments())).toBe(canon(original.instruments()));
  expect(loaded.currencies().map((c) => c.code)).toEqual(original.currencies().map((c) => c.code));
}

describe.skipIf(!HAVE_REDIS)('RedisCacheDatabase against a private redis-server', () => {
  beforeAll(async () => {
    server = new RedisServer();
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe.each<RecordEncoding>(['msgpack', 'json'])('encoding %s', (encoding) => {
    it('round-trips every record kind with exact values', async () => {
      const w = db({ encoding });
      w.addCurrency(ZZZ);
      w.addCurrency(Currency.from('USDT'));
      for (const i of [PAIR, PERP, FUTURE, EQUITY]) w.addInstrument(i);
      const account = marginAccount();
      w.addAccount(account);
      const o = richOrder();
      const h = {
        traderId: o.traderId,
        strategyId: o.strategyId,
        instrumentId: o.instrumentId,
        clientOrderId: o.clientOrderId,
      };
      const t = 1_700_000_001_000_000_000n;
      w.addOrder(o, PositionId.from('P-RICH'), ClientId.from('BINANCE_FUTURES'));
      o.apply(orderEmulated({ ...h, tsEvent: t, tsInit: t }));
      o.apply(
        orderReleased({ ...h, releasedPrice: Price.from('30000.01'), tsEvent: t + 1n, tsInit: t + 1n }),
      );
      o.apply(orderSubmitted({ ...h, accountId: ACC_M, tsEvent: t + 2n, tsInit: t + 2n }));
      w.updateOrder(o, 1);
      o.apply(
        orderAccepted({
          ...h,
          accountId: ACC_M,
          venueOrderId: VenueOrderId.from('V-RICH-1'),
          tsEvent: t + 3n,
          tsInit: t + 3n,
        }),
      );
      o.apply(orderTriggered({ ...h, tsEvent: t + 4n, tsInit: t + 4n }));
      o.apply(orderPendingUpdate({ ...h, tsEvent: t + 5n, tsInit: t + 5n }));
      o.apply(
        orderUpdated({
          ...h,
          quantity: Quantity.from('2.5000001'),
          price: Price.from('-0.25'),
          tsEvent: t + 6n,
          tsInit: t + 6n,
        }),
      );
      const f1 = fill(o, '0.0000001', '30123.4567', 'T-1', t + 7n, 'P-RICH');
      o.apply(f1);
      w.updateOrder(o, 4);
      w.indexVenueOrderId(o.clientOrderId, VenueOrderId.from('V-RICH-1'));
      const p = Position.open(PAIR, f1, PositionId.from('P-RICH'));
      w.addPosition(p);
      const f2 = fill(o, '2.5', '30000.01', 'T-2', t + 8n, 'P-RICH');
      o.apply(f2);
      w.updateOrder(o, 9);
      p.apply(f2);
      w.updatePosition(p);
      await w.drain();
      await w.close();

      const r = reopen(w, { encoding: encoding === 'json' ? 'msgpack' : 'json' });
      const s = await r.loadAll();
      expect(s.currencies.map((c) => [c.code, c.precision, c.kind])).toEqual([
        ['ZZZ', 5, 'CRYPTO'],
        ['USDT', 8, 'CRYPTO'],
      ]);
      expect(canon(s.instruments)).toBe(canon([PAIR, PERP, FUTURE, EQUITY]));
      expect(
        s.instruments.map((i) => [
          i.type,
          i.baseCurrency?.code ?? null,
          i.settlementCurrency.code,
          i.isInverse,
        ]),
      ).toEqual([
        ['CURRENCY_PAIR', 'BTC', 'USDT', false],
        ['CRYPTO_PERPETUAL', 'BTC', 'BTC', true],
        ['CRYPTO_FUTURE', 'ETH', 'USDT', false],
        ['EQUITY', null, 'USD', false],
      ]);
      expect(s.accounts).toHaveLength(1);
      const a = s.accounts[0]!;
      expect(a.type).toBe('MARGIN');
      expect(canon([a.balances(), a.margins(), a.events])).toBe(
        canon([account.balances(), account.margins(), account.events]),
      );
      expect(s.orders.map(orderView)).toEqual([orderView(o)]);
      const lo = s.orders[0]!;
      expect(lo.status).toBe('FILLED');
      expect(lo.quantity.raw).toBe(25_000_001_000_000_000n);
      expect(lo.quantity.precision).toBe(7);
      expect(lo.init.limitOffset?.toFixed()).toBe('0.0000000001');
      expect(lo.init.expireTimeNs).toBe(1_800_000_000_000_000_001n);
      expect(lo.init.execAlgorithmParams).toEqual({ horizon_secs: '20', interval_secs: '2.5' });
      expect(s.positions.map(positionView)).toEqual([positionView(p)]);
      expect(s.positions[0]!.realizedPnl.raw).toBe(p.realizedPnl.raw);
      expect(s.orderPositionIds.map(([c, q]) => [c.value, q.value])).toEqual([['RICH-1', 'P-RICH']]);
      expect(s.orderClientIds.map(([c, q]) => [c.value, q.value])).toEqual([['RICH-1', 'BINANCE_FUTURES']]);
      expect([...(await r.venueOrderIdIndex())].map(([v, c]) => [v, c.value])).toEqual([
        ['V-RICH-1', 'RICH-1'],
      ]);
      await r.close();
    });

    it('a NEW cache loaded after a restart answers every query as the one built through events', async () => {
      const w = db({ encoding, bufferIntervalMs: 5 });
      const { d, universe } = busyDesk(w);
      await w.close();
      const r = reopen(w, { encoding });
      const restarted = new Cache({ database: r });
      await restarted.loadFromDatabase();
      sameCache(restarted, d.cache, universe);
      expect(restarted.positionSnapshots(PositionId.from('BTC-NET'))).toHaveLength(1);
      expect(restarted.clientOrderIdForVenueOrderId(VenueOrderId.from('V-REPLACED'))?.value).toBe('O-8');
      expect(restarted.clientIdForOrder(ClientOrderId.from('EXT-1'))?.value).toBe('BINANCE_SPOT');
      // The restarted cache keeps writing through, and a second restart sees both runs.
      const d2 = new Desk(restarted, d.clock);
      const extra = d2.open(d2.order({ id: 'AFTER-1' }));
      d2.fill(extra, '1.000', 'BYB-2');
      await r.close();
      const r2 = reopen(w, { encoding });
      const again = new Cache({ database: r2 });
      await again.loadFromDatabase();
      sameCache(again, restarted, { ...universe, orderIds: [...universe.orderIds, extra.clientOrderId] });
      expect(again.orders().at(-1)?.clientOrderId.value).toBe('AFTER-1');
      await r2.close();
    });
  });

  it('purges with purgeFromDatabase delete the records, and a restart matches the purged cache', async () => {
    const w = db();
    const { d, universe } = busyDesk(w);
    d.advance(10n * 60n * MIN);
    const purged = d.cache.purgeClosedOrders(d.now(), 60n * MIN, true);
    expect(purged.length).toBeGreaterThan(0);
    d.cache.purgeClosedPositions(d.now(), 60n * MIN, true);
    d.cache.purgeAccountEvents(d.now(), 60n * MIN, true);
    await w.drain();
    const c = server.client();
    for (const id of purged) {
      expect(await c.exists(w.keys.order(id.value), w.keys.orderVenueIds(id.value))).toBe(0);
      expect(await c.zscore(w.keys.indexOrders, id.value)).toBeNull();
    }
    const venueIndex = await c.hgetall(w.keys.venueOrderIds);
    for (const id of purged) expect(Object.values(venueIndex)).not.toContain(id.value);
    expect(await c.exists(w.keys.snapshots('BTC-NET'))).toBe(0);
    c.disconnect();
    await w.close();
    const r = reopen(w);
    const restarted = new Cache({ database: r });
    await restarted.loadFromDatabase();
    sameCache(restarted, d.cache, universe);
    await r.close();
  });

  it('deletePositionSnapshots removes only the cycles closed at or before the cutoff', async () => {
    const w = db();
    const d = new Desk(new Cache({ database: w }));
    const o1 = d.open(d.order({ qty: '1.000' }));
    d.fill(o1, '1.000', 'NET');
    const o2 = d.open(d.order({ side: 'SELL', qty: '1.000' }));
    d.fill(o2, '1.000', 'NET'); // closed at t0
    const t0 = d.now();
    d.advance(MIN);
    const o3 = d.open(d.order({ qty: '1.000' }));
    d.fill(o3, '1.000', 'NET'); // snapshot 1 (closed t0)
    const o4 = d.open(d.order({ side: 'SELL', qty: '1.000' }));
    d.fill(o4, '1.000', 'NET'); // closed at t0 + 1 min
    d.advance(MIN);
    const o5 = d.open(d.order({ qty: '1.000' }));
    d.fill(o5, '1.000', 'NET'); // snapshot 2
    w.deletePositionSnapshots(PositionId.from('NET'), t0);
    await w.drain();
    const s = await w.loadAll();
    expect(s.positionSnapshots.map((p) => p.tsClosed)).toEqual([t0 + MIN]);
    w.deletePositionSnapshots(PositionId.from('NET'), t0 + MIN);
    const s2 = await w.loadAll();
    expect(s2.positionSnapshots).toEqual([]);
    const c = server.client();
    expect(await c.zscore(w.keys.indexSnapshots, 'NET')).toBeNull();
    c.disconnect();
    await w.close();
  });

  it('flush deletes its own keyspace only: not the bus streams, another trader, nor foreign keys', async () => {
    const w = db();
    const other = db();
    const c = server.client();
    const prefix = w.keys.ns.slice(0, -'cache:'.length);
    await c.xadd(`${prefix}stream`, '*', 'topic', 'events.order', 'payload', 'x');
    await c.set('unrelated:key', '1');
    const d = new Desk(new Cache({ database: w }));
    d.open(d.order());
    new Desk(new Cache({ database: other })).order();
    await Promise.all([w.drain(), other.drain()]);
    expect((await c.keys(`${w.keys.ns}*`)).length).toBeGreaterThan(0);
    await w.flush();
    expect(await c.keys(`${w.keys.ns}*`)).toEqual([]);
    expect(await c.xlen(`${prefix}stream`)).toBe(1);
    expect(await c.get('unrelated:key')).toBe('1');
    expect((await other.loadAll()).orders).toHaveLength(1);
    expect((await w.loadAll()).orders).toEqual([]);
    c.disconnect();
    await Promise.all([w.close(), other.close()]);
  });

  it('flushOnStart order: writes buffered before the flush are flushed away, writes after survive', async () => {
    const w = db({ bufferIntervalMs: 1_000 });
    const d = new Desk(new Cache({ database: w }));
    d.order({ id: 'BEFORE' });
    await w.flush(); // what the node does on start with flushOnStart, before loading
    d.order({ id: 'AFTER' });
    await w.close();
    const r = reopen(w);
    expect((await r.loadAll()).orders.map((o) => o.clientOrderId.value)).toEqual(['AFTER']);
    await r.close();
  });

  it('bufferIntervalMs null writes each tick as one batch; a number batches every interval', async () => {
    const now = db({ bufferIntervalMs: null });
    await now.ready();
    const d = new Desk(new Cache({ database: now }));
    for (let i = 0; i < 50; i++) d.open(d.order());
    await new Promise((r) => setTimeout(r, 50));
    expect(now.stats()).toMatchObject({ pendingWrites: 0, writtenWrites: 200, batches: 1 });

    const later = db({ bufferIntervalMs: 300 });
    await later.ready();
    const c = server.client();
    const d2 = new Desk(new Cache({ database: later }));
    d2.order({ id: 'X-1' });
    await new Promise((r) => setTimeout(r, 100));
    expect(await c.exists(later.keys.order('X-1'))).toBe(0);
    expect(later.stats().pendingWrites).toBe(1);
    await new Promise((r) => setTimeout(r, 400));
    expect(await c.exists(later.keys.order('X-1'))).toBe(1);
    c.disconnect();
    await Promise.all([now.close(), later.close()]);
  });

  it('writes timestamps as ISO 8601 with nanoseconds when asked, and reads them back exactly', async () => {
    const w = db({ encoding: 'json', timestampsAsIso8601: true });
    const o = richOrder('ISO-1');
    w.addOrder(o, null, null);
    await w.drain();
    const c = server.client();
    const raw = JSON.parse((await c.hget(w.keys.order('ISO-1'), '0'))!);
    expect(raw.tsInit).toBe('2023-11-14T22:13:20.000000123Z');
    expect(raw.quantity).toBe('1.234567');
    expect(raw.price).toBe('-0.50');
    c.disconnect();
    const s = await w.loadAll();
    expect(s.orders[0]!.init.tsInit).toBe(1_700_000_000_000_000_123n);
    expect(orderView(s.orders[0]!)).toBe(orderView(o));
    await w.close();
  });

  it('refuses a keyspace of a newer format, and names a corrupt record', async () => {
    const w = db();
    new Desk(new Cache({ database: w })).order({ id: 'C-1' });
    await w.drain();
    const c = server.client();
    await c.hset(w.keys.order('C-1'), '0', Buffer.from([0xc1]));
    await expect(w.loadAll()).rejects.toMatchObject({ code: RedisBackendErrorCode.REDIS_RECORD_INVALID });
    await c.hset(w.keys.order('C-1'), '0', JSON.stringify({ type: 'OrderInitialized', bogus: 1 }));
    await expect(w.loadAll()).rejects.toThrow(/order C-1.*unknown field 'bogus'/);
    await c.hset(w.keys.meta, 'version', '99');
    await expect(w.loadAll()).rejects.toMatchObject({ code: RedisBackendErrorCode.REDIS_FORMAT_UNSUPPORTED });
    c.disconnect();
    await w.close();
  });

  it('one batch with a replace, a delete and re-adds keeps the meaning of each write (merged commands)', async () => {
    const w = db({ bufferIntervalMs: 1_000 });
    const d = new Desk(new Cache({ database: w }));
    const a = d.open(d.order({ id: 'M-1' }));
    d.cancel(a);
    const b = d.open(d.order({ id: 'M-2' }));
    // Replaced by a new object of the same id: its own events only, in place.
    const replacement = new Desk().order({ id: 'M-1', qty: '5.000' });
    d.cache.addOrder(replacement, { replaceExisting: true });
    d.deny(replacement);
    expect(d.cache.purgeOrder(ClientOrderId.from('M-1'), true)).toBe(true);
    const c2 = d.open(d.order({ id: 'M-3' }));
    d.fill(c2, '0.500', 'MP-1');
    w.deleteOrder(ClientOrderId.from('M-2'));
    expect(w.stats().pendingWrites).toBeGreaterThan(5);
    await w.drain();
    expect(w.stats().batches).toBe(1);
    const s = await w.loadAll();
    expect(s.orders.map((o) => o.clientOrderId.value)).toEqual(['M-3']);
    expect(s.orders.map(orderView)).toEqual([orderView(c2)]);
    expect(b.status).toBe('ACCEPTED');
    const c = server.client();
    expect(await c.exists(w.keys.order('M-1'), w.keys.order('M-2'))).toBe(0);
    c.disconnect();
    await w.close();
  });

  it('refuses bad options with typed errors', () => {
    expect(() => db({ bufferIntervalMs: 0 })).toThrow(
      expect.objectContaining({ code: 'REDIS_INVALID_ARGUMENT' }),
    );
    expect(() => db({ useInstanceId: true })).toThrow(/instanceId/);
    expect(() => db({ maxBufferedWrites: -1 })).toThrow(
      expect.objectContaining({ code: 'REDIS_INVALID_ARGUMENT' }),
    );
  });

  it('the instance id separates keyspaces of one trader', async () => {
    const a = new RedisCacheDatabase({
      traderId: 'TRADER-I',
      instanceId: 'a1',
      useInstanceId: true,
      database: server.config,
    });
    const b = new RedisCacheDatabase({
      traderId: 'TRADER-I',
      instanceId: 'b2',
      useInstanceId: true,
      database: server.config,
    });
    expect(a.keys.ns).toBe('trader-TRADER-I:a1:cache:');
    new Desk(new Cache({ database: a })).order();
    await a.drain();
    expect((await b.loadAll()).orders).toEqual([]);
    expect((await a.loadAll()).orders).toHaveLength(1);
    await Promise.all([a.close(), b.close()]);
  });
});

describe.skipIf(!HAVE_REDIS)('RedisCacheDatabase when redis goes away', () => {
  it('kill -9 with appendonly + fsync always: every drained batch is recovered, buffered writes are kept and land after restart', async () => {
    const srv = new RedisServer({ appendonly: true });
    await srv.start();
    try {
      const w = new RedisCacheDatabase({
        traderId: 'TRADER-K',
        database: srv.config,
        maxReconnectAttempts: 100,
      });
      const d = new Desk(new Cache({ database: w }));
      for (let i = 0; i < 20; i++) d.fill(d.open(d.order({ qty: '1.000' })), '0.500', `P-${i}`);
      await w.drain();
      const drained = d.cache.orders().map(orderView);
      await srv.kill9();
      // Written while redis is down: kept in the buffer.
      const late = d.open(d.order({ id: 'LATE-1' }));
      await new Promise((r) => setTimeout(r, 200));
      expect(w.stats().pendingWrites).toBeGreaterThan(0);
      expect(w.status).not.toBe('READY');

      // A fresh reader after the restart sees every drained batch.
      await srv.start();
      const probe = new RedisCacheDatabase({ traderId: 'TRADER-K', database: srv.config });
      const s = await probe.loadAll();
      expect(s.orders.slice(0, 20).map(orderView)).toEqual(drained);
      await probe.close();

      // The writer reconnects and writes what it kept.
      await w.drain();
      expect(w.stats().retriedBatches + w.stats().batches).toBeGreaterThan(0);
      const again = new RedisCacheDatabase({ traderId: 'TRADER-K', database: srv.config });
      const s2 = await again.loadAll();
      expect(s2.orders.map((o) => o.clientOrderId.value)).toContain('LATE-1');
      expect(s2.orders.find((o) => o.clientOrderId.value === 'LATE-1')!.status).toBe(late.status);
      await Promise.all([w.close(), again.close()]);
    } finally {
      await srv.stop();
    }
  }, 30_000);

  it('past the buffer bound writes are dropped loudly and the keyspace is refused until flushed', async () => {
    const srv = new RedisServer();
    await srv.start();
    try {
      const w = new RedisCacheDatabase({
        traderId: 'TRADER-B',
        database: srv.config,
        maxBufferedWrites: 5,
        maxReconnectAttempts: 100,
      });
      await w.drain();
      await srv.kill9();
      await new Promise((r) => setTimeout(r, 100));
      const d = new Desk(new Cache({ database: w }));
      for (let i = 0; i < 8; i++) d.order();
      expect(w.stats()).toMatchObject({ pendingWrites: 5, droppedWrites: 3 });
      await srv.start();
      await w.drain();
      await expect(w.loadAll()).rejects.toMatchObject({
        code: RedisBackendErrorCode.REDIS_KEYSPACE_INCONSISTENT,
      });
      await w.flush();
      expect((await w.loadAll()).orders).toEqual([]);
      await w.close();
    } finally {
      await srv.stop();
    }
  }, 30_000);

  it('gives up after the bounded reconnect attempts: FAILED, and drain/close reject with REDIS_CONNECTION_FAILED', async () => {
    const srv = new RedisServer();
    await srv.start();
    const w = new RedisCacheDatabase({ traderId: 'TRADER-F', database: srv.config, maxReconnectAttempts: 2 });
    await w.drain();
    await srv.kill9();
    const d = new Desk(new Cache({ database: w }));
    d.order();
    for (let i = 0; i < 100 && w.status !== 'FAILED'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(w.status).toBe('FAILED');
    await expect(w.drain()).rejects.toMatchObject({ code: RedisBackendErrorCode.REDIS_CONNECTION_FAILED });
    expect(w.stats().pendingWrites).toBe(1);
    // reconnect() starts over; the kept write lands.
    await srv.start();
    w.reconnect();
    await w.ready();
    await w.drain();
    expect((await w.loadAll()).orders).toHaveLength(1);
    // Gone for good: close reports the writes it could not write.
    await srv.stop();
    d.order();
    await expect(w.close()).rejects.toMatchObject({ code: RedisBackendErrorCode.REDIS_CONNECTION_FAILED });
  }, 30_000);

  it('open() connects and flushes on start only with flushOnStart', async () => {
    const srv = new RedisServer();
    await srv.start();
    try {
      const config = CacheConfig.parse({ database: srv.config, flushOnStart: false, bufferIntervalMs: 10 });
      const first = await RedisCacheDatabase.open(config, 'TRADER-O');
      new Desk(new Cache({ database: first })).order({ id: 'KEEP-1' });
      await first.close();
      const kept = await RedisCacheDatabase.open(config, 'TRADER-O');
      const cache = new Cache({ database: kept });
      await cache.loadFromDatabase();
      expect(cache.orders().map((o) => o.clientOrderId.value)).toEqual(['KEEP-1']);
      await kept.close();
      const flushed = await RedisCacheDatabase.open({ ...config, flushOnStart: true }, 'TRADER-O');
      const fresh = new Cache({ database: flushed });
      await fresh.loadFromDatabase();
      expect(fresh.orders()).toEqual([]);
      await flushed.close();
    } finally {
      await srv.stop();
    }
  }, 30_000);
});

export { BTC_BIN };
