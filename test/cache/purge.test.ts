import { describe, expect, it } from 'vitest';

import { Cache, type CacheError } from '../../ts/cache/index.js';
import { ClientOrderId, OrderListId, PositionId, Venue } from '../../ts/model/identifiers/index.js';
import { Desk, ids, MIN, pids, S1, SEC } from './fixtures.js';
import { MemoryDatabase } from './memory-database.js';

const BUFFER = 60n * MIN;
const P = (v: string) => PositionId.from(v);
const idOf = (v: string) => ClientOrderId.from(v);

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as CacheError).code;
  }
  return undefined;
}

describe('purgeClosedOrders', () => {
  it('purges a closed order only once it has been closed for the whole buffer', () => {
    const d = new Desk();
    const o = d.cancel(d.open(d.order()));
    const closedAt = d.now();
    expect(d.cache.purgeClosedOrders(closedAt + BUFFER - 1n, BUFFER)).toEqual([]);
    expect(d.cache.orderExists(o.clientOrderId)).toBe(true);
    expect(ids(d.cache.purgeClosedOrders(closedAt + BUFFER, BUFFER))).toEqual(['O-1']);
    expect(d.cache.orderExists(o.clientOrderId)).toBe(false);
  });

  it('measures the buffer from the last event (a fill after a cancel restarts it)', () => {
    const d = new Desk();
    const o = d.cancel(d.open(d.order()));
    d.advance(30n * MIN);
    d.fill(o, '1.000'); // venue filled it before the cancel took effect
    expect(o.status).toBe('FILLED');
    const lastAt = d.now();
    expect(d.cache.purgeClosedOrders(lastAt + BUFFER - 1n, BUFFER)).toEqual([]);
    expect(ids(d.cache.purgeClosedOrders(lastAt + BUFFER, BUFFER))).toEqual(['O-1']);
  });

  it('never touches open, in-flight, emulated or initialized orders, however old, nor their events', () => {
    const d = new Desk();
    const open = d.open(d.order());
    const pendingCancel = d.pendingCancel(d.open(d.order()));
    const submitted = d.submit(d.order());
    const emulated = d.emulate(d.order());
    const initialized = d.order();
    const partially = d.fill(d.open(d.order()), '0.500');
    const closed = d.reject(d.submit(d.order()));
    const eventsBefore = [open, pendingCancel, submitted, emulated, initialized, partially].map(
      (o) => o.events.length,
    );
    d.advance(1000n * MIN);
    expect(ids(d.cache.purgeClosedOrders(d.now(), BUFFER))).toEqual([closed.clientOrderId.value]);
    for (const o of [open, pendingCancel, submitted, emulated, initialized, partially]) {
      expect(d.cache.orderExists(o.clientOrderId)).toBe(true);
      expect(d.cache.purgeOrder(o.clientOrderId)).toBe(false);
    }
    expect(
      [open, pendingCancel, submitted, emulated, initialized, partially].map((o) => o.events.length),
    ).toEqual(eventsBefore);
    expect(d.cache.counts()).toMatchObject({
      orders: 6,
      ordersOpen: 3,
      ordersInflight: 2,
      ordersEmulated: 1,
    });
  });

  it('cleans every index of a purged order', () => {
    const d = new Desk();
    const keep = d.open(d.order());
    const o = d.open(d.order({ side: 'SELL' }));
    d.fill(o, '1.000', 'P-1');
    const venueId = o.venueOrderId!;
    d.advance(BUFFER);
    const before = d.cache.counts();
    expect(d.cache.purgeOrder(o.clientOrderId)).toBe(true);
    const c = d.cache;
    expect(c.order(o.clientOrderId)).toBeNull();
    expect(ids(c.orders())).toEqual([keep.clientOrderId.value]);
    expect(c.ordersClosed()).toEqual([]);
    expect(ids(c.orders({ strategyId: S1 }))).toEqual([keep.clientOrderId.value]);
    expect(ids(c.orders({ side: 'SELL' }))).toEqual([]);
    expect(ids(c.orders({ venue: Venue.from('BINANCE') }))).toEqual([keep.clientOrderId.value]);
    expect(c.clientOrderIdForVenueOrderId(venueId)).toBeNull();
    expect(c.ordersForPosition(P('P-1'))).toEqual([]);
    expect(c.positionIdForOrder(o.clientOrderId)).toBeNull();
    expect(c.isOrderClosed(o.clientOrderId)).toBe(false);
    const after = c.counts();
    expect(after.orders).toBe(before.orders - 1);
    expect(after.ordersClosed).toBe(0);
    expect(after.orderEvents).toBe(before.orderEvents - o.events.length);
    expect(after.venueOrderIds).toBe(before.venueOrderIds - 1);
    // The position is not the order's to purge.
    expect(c.position(P('P-1'))).not.toBeNull();
    // Purging again finds nothing.
    expect(c.purgeOrder(o.clientOrderId)).toBe(false);
  });

  it('keeps a closed order while an order of its contingent group is still live', () => {
    const d = new Desk();
    const tpId = 'TP-1';
    const slId = 'SL-1';
    const tp = d.order({ id: tpId, contingencyType: 'OCO', linkedOrderIds: [idOf(slId)] });
    const sl = d.order({ id: slId, contingencyType: 'OCO', linkedOrderIds: [idOf(tpId)] });
    d.open(tp);
    d.open(sl);
    d.fill(tp, '1.000');
    d.advance(2n * BUFFER);
    expect(d.cache.purgeClosedOrders(d.now(), BUFFER)).toEqual([]);
    expect(d.cache.purgeOrder(tp.clientOrderId)).toBe(false);
    d.cancel(sl);
    d.advance(BUFFER);
    expect(ids(d.cache.purgeClosedOrders(d.now(), BUFFER))).toEqual([tpId, slId]);

    // A closed child waits for its parent.
    const parent = d.open(d.order({ id: 'PARENT' }));
    const child = d.deny(d.order({ id: 'CHILD', parentOrderId: parent.clientOrderId }));
    d.advance(BUFFER);
    expect(d.cache.purgeClosedOrders(d.now(), BUFFER)).toEqual([]);
    d.cancel(parent);
    d.advance(BUFFER);
    expect(ids(d.cache.purgeClosedOrders(d.now(), BUFFER))).toEqual(['PARENT', child.clientOrderId.value]);
  });

  it('drops an order list once its last order is purged', () => {
    const d = new Desk();
    const listId = OrderListId.from('OL-1');
    const a = d.order({ orderListId: listId });
    const b = d.order({ orderListId: listId });
    d.cache.addOrderList({ id: listId, orders: [a, b] });
    expect(code(() => d.cache.addOrderList({ id: listId, orders: [] }))).toBe('CACHE_DUPLICATE_ORDER_LIST');
    d.deny(a);
    d.advance(BUFFER);
    d.cache.purgeClosedOrders(d.now(), BUFFER);
    expect(d.cache.orderListExists(listId)).toBe(true);
    d.deny(b);
    d.advance(BUFFER);
    d.cache.purgeClosedOrders(d.now(), BUFFER);
    expect(d.cache.orderListExists(listId)).toBe(false);
    expect(d.cache.counts().orderLists).toBe(0);
  });

  it('deletes from the database only with purgeFromDatabase, and returns the ids either way', () => {
    const db = new MemoryDatabase();
    const d = new Desk(new Cache({ database: db }));
    d.deny(d.order());
    d.deny(d.order());
    d.advance(BUFFER);
    expect(d.cache.purgeOrder(idOf('O-1'))).toBe(true);
    expect(db.orders.has('O-1')).toBe(true);
    expect(ids(d.cache.purgeClosedOrders(d.now(), BUFFER, true))).toEqual(['O-2']);
    expect(db.orders.has('O-2')).toBe(false);
    expect(db.calls.filter((c) => c.startsWith('delete'))).toEqual(['deleteOrder O-2']);
  });

  it('refuses negative times and buffers', () => {
    const c = new Cache();
    expect(code(() => c.purgeClosedOrders(-1n, 0n))).toBe('CACHE_INVALID_ARGUMENT');
    expect(code(() => c.purgeClosedOrders(0n, -1n))).toBe('CACHE_INVALID_ARGUMENT');
    expect(code(() => c.purgeClosedPositions(0n, 1 as unknown as bigint))).toBe('CACHE_INVALID_ARGUMENT');
    expect(code(() => c.purgeAccountEvents(0n, -5n))).toBe('CACHE_INVALID_ARGUMENT');
  });
});

describe('purgeClosedPositions', () => {
  it('purges a closed position after its buffer, never an open one', () => {
    const d = new Desk();
    d.fill(d.open(d.order({ side: 'BUY' })), '1.000', 'P-1');
    d.fill(d.open(d.order({ side: 'SELL' })), '1.000', 'P-1');
    d.fill(d.open(d.order({ side: 'BUY' })), '1.000', 'P-2');
    const closedAt = d.now();
    d.advance(10n * BUFFER);
    expect(d.cache.purgePosition(P('P-2'))).toBe(false);
    expect(d.cache.purgeClosedPositions(closedAt + BUFFER - 1n, BUFFER)).toEqual([]);
    expect(pids(d.cache.positions())).toEqual(['P-1', 'P-2']);
    expect(d.cache.purgeClosedPositions(closedAt + BUFFER, BUFFER).map((p) => p.value)).toEqual(['P-1']);
    expect(pids(d.cache.positions())).toEqual(['P-2']);
    expect(d.cache.positionsClosed()).toEqual([]);
    expect(d.cache.positions({ strategyId: S1, side: 'FLAT' })).toEqual([]);
    expect(d.cache.counts()).toMatchObject({ positions: 1, positionsClosed: 0, positionFills: 1 });
    // Orders keep their position id until they are purged themselves.
    expect(ids(d.cache.ordersForPosition(P('P-1')))).toEqual(['O-1', 'O-2']);
    expect(d.cache.positionForOrder(idOf('O-1'))).toBeNull();
  });

  it('keeps a closed position while an order linked to it is still live', () => {
    const d = new Desk();
    d.fill(d.open(d.order({ side: 'BUY' })), '1.000', 'P-1');
    const exit = d.open(d.order({ side: 'SELL', qty: '2.000' }));
    d.fill(exit, '1.000', 'P-1'); // closes P-1, the exit order stays open
    d.advance(BUFFER);
    expect(d.cache.isPositionClosed(P('P-1'))).toBe(true);
    expect(d.cache.purgeClosedPositions(d.now(), BUFFER)).toEqual([]);
    d.cancel(exit);
    expect(d.cache.purgeClosedPositions(d.now(), BUFFER).map((p) => p.value)).toEqual(['P-1']);
  });

  it('purges closed cycles of a reopened id after the buffer, with the database on request', () => {
    const db = new MemoryDatabase();
    const d = new Desk(new Cache({ database: db }));
    d.fill(d.open(d.order({ side: 'BUY' })), '1.000', 'NET');
    d.fill(d.open(d.order({ side: 'SELL' })), '1.000', 'NET');
    d.advance(MIN);
    d.fill(d.open(d.order({ side: 'BUY' })), '1.000', 'NET');
    expect(d.cache.counts().positionSnapshots).toBe(1);
    expect(db.snapshots.length).toBe(1);
    d.advance(BUFFER - MIN);
    // The snapshot closed exactly one buffer ago: due. The open cycle stays.
    expect(d.cache.purgeClosedPositions(d.now(), BUFFER)).toEqual([]);
    expect(d.cache.counts().positionSnapshots).toBe(0);
    expect(d.cache.isPositionOpen(P('NET'))).toBe(true);
    d.fill(d.open(d.order({ side: 'SELL' })), '1.000', 'NET');
    d.advance(BUFFER);
    expect(d.cache.purgeClosedPositions(d.now(), BUFFER, true).map((p) => p.value)).toEqual(['NET']);
    expect(db.positions.has('NET')).toBe(false);
    expect(db.calls).toContain('deletePosition NET');
  });
});

describe('purgeAccountEvents', () => {
  it('drops states older than the lookback and always keeps the newest', () => {
    const db = new MemoryDatabase();
    const d = new Desk(new Cache({ database: db }));
    const a = d.account();
    for (let i = 0; i < 5; i++) {
      d.advance(20n * MIN);
      a.apply(d.accountState(String(10_000 + i)));
      d.cache.updateAccount(a);
    }
    expect(d.cache.accountEvents(a.id).length).toBe(6);
    expect(d.cache.counts().accountEvents).toBe(6);
    // States at t0, t0+20m, ..., t0+100m; now t0+100m; lookback 60m: t0..t0+40m go.
    const purged = d.cache.purgeAccountEvents(d.now(), BUFFER, true);
    expect(purged.length).toBe(1);
    expect(purged[0]!.accountId.value).toBe('BINANCE-001');
    expect(purged[0]!.eventIds.length).toBe(3);
    expect(d.cache.accountEvents(a.id).length).toBe(3);
    expect(db.accounts.get('BINANCE-001')!.length).toBe(3);
    // Long after: only the newest stays.
    d.advance(100n * BUFFER);
    d.cache.purgeAccountEvents(d.now(), BUFFER);
    expect(d.cache.accountEvents(a.id)).toEqual([a.lastEvent]);
    expect(d.cache.counts().accountEvents).toBe(1);
    expect(d.cache.purgeAccountEvents(d.now(), BUFFER)).toEqual([]);
  });
});

describe('purges on the test clock', () => {
  it('a market maker with purges every 10 minutes holds a bounded cache; without purges it grows', () => {
    function run(purge: boolean) {
      const d = new Desk();
      const a = d.account();
      const maxima = { orders: 0, orderEvents: 0, positions: 0, accountEvents: 0 };
      if (purge) {
        d.clock.setTimer({
          name: 'purge',
          intervalNs: 10n * MIN,
          callback: (e) => {
            d.cache.purgeClosedOrders(e.tsEvent, BUFFER);
            d.cache.purgeClosedPositions(e.tsEvent, BUFFER);
            d.cache.purgeAccountEvents(e.tsEvent, BUFFER);
          },
        });
      }
      let cycle = 0;
      // 12 simulated hours: every 30 s quote both sides, fill one, cancel the other, flat again.
      for (let t = 0; t < 12 * 120; t++) {
        d.advance(30n * SEC);
        cycle++;
        const bid = d.open(d.order({ side: 'BUY' }));
        const ask = d.open(d.order({ side: 'SELL' }));
        const pid = `P-${cycle}`;
        d.fill(bid, '1.000', pid);
        d.cancel(ask);
        d.fill(d.open(d.order({ side: 'SELL' })), '1.000', pid);
        a.apply(d.accountState(String(10_000 + (cycle % 7))));
        d.cache.updateAccount(a);
        const c = d.cache.counts();
        maxima.orders = Math.max(maxima.orders, c.orders);
        maxima.orderEvents = Math.max(maxima.orderEvents, c.orderEvents);
        maxima.positions = Math.max(maxima.positions, c.positions);
        maxima.accountEvents = Math.max(maxima.accountEvents, c.accountEvents);
      }
      return { maxima, final: d.cache.counts() };
    }
    const on = run(true);
    const off = run(false);
    // 70 minutes of activity at most (buffer + one interval): 140 cycles x 3 orders.
    expect(on.maxima.orders).toBeLessThanOrEqual(3 * 140 + 3);
    expect(on.maxima.positions).toBeLessThanOrEqual(141);
    expect(on.maxima.accountEvents).toBeLessThanOrEqual(142);
    expect(off.final.orders).toBe(3 * 12 * 120);
    expect(off.final.positions).toBe(12 * 120);
    expect(off.final.accountEvents).toBe(12 * 120 + 1);
  });
});
