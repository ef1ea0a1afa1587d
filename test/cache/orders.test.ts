import { describe, expect, it } from 'vitest';

import { Cache, type CacheError } from '../../ts/cache/index.js';
import {
  ClientId,
  ClientOrderId,
  PositionId,
  Venue,
  VenueOrderId,
} from '../../ts/model/identifiers/index.js';
import type { Order } from '../../ts/model/orders/index.js';
import { BTC_BIN, BTC_BYB, Desk, ETH_BIN, ids, S1, S2 } from './fixtures.js';

type Sets = { open: boolean; closed: boolean; inflight: boolean; emulated: boolean };

/** Where the cache has the order now, read through every query that can see it. */
function where(cache: Cache, o: Order): Sets {
  const id = o.clientOrderId;
  const sets = {
    open: ids(cache.ordersOpen()).includes(id.value),
    closed: ids(cache.ordersClosed()).includes(id.value),
    inflight: ids(cache.ordersInflight()).includes(id.value),
    emulated: ids(cache.ordersEmulated()).includes(id.value),
  };
  // The point queries agree with the set queries.
  expect({
    open: cache.isOrderOpen(id),
    closed: cache.isOrderClosed(id),
    inflight: cache.isOrderInflight(id),
    emulated: cache.isOrderEmulated(id),
  }).toEqual(sets);
  // And with the order itself.
  expect(sets).toEqual({
    open: o.isOpen,
    closed: o.isClosed,
    inflight: o.isInflight,
    emulated: o.isEmulated,
  });
  // Always listed by its owner's ids, whatever its status.
  expect(ids(cache.orders({ strategyId: o.strategyId }))).toContain(id.value);
  expect(ids(cache.orders({ instrumentId: o.instrumentId }))).toContain(id.value);
  expect(ids(cache.orders({ venue: o.instrumentId.venue }))).toContain(id.value);
  return sets;
}

const NONE: Sets = { open: false, closed: false, inflight: false, emulated: false };
const OPEN: Sets = { ...NONE, open: true };
const CLOSED: Sets = { ...NONE, closed: true };
const INFLIGHT: Sets = { ...NONE, inflight: true };
const OPEN_INFLIGHT: Sets = { ...NONE, open: true, inflight: true };
const EMULATED: Sets = { ...NONE, emulated: true };

describe('order indexes after every kind of event', () => {
  const cases: { name: string; steps: [string, (d: Desk, o: Order) => void, Sets][]; stop?: boolean }[] = [
    {
      name: 'submit, accept, partial fill, fill',
      steps: [
        ['submit', (d, o) => d.submit(o), INFLIGHT],
        ['accept', (d, o) => d.accept(o), OPEN],
        ['partial fill', (d, o) => d.fill(o, '0.400'), OPEN],
        ['fill', (d, o) => d.fill(o, '0.600'), CLOSED],
      ],
    },
    {
      name: 'reject',
      steps: [
        ['submit', (d, o) => d.submit(o), INFLIGHT],
        ['reject', (d, o) => d.reject(o), CLOSED],
      ],
    },
    { name: 'deny', steps: [['deny', (d, o) => d.deny(o), CLOSED]] },
    {
      name: 'modify requested and rejected, cancel requested and rejected, then canceled',
      steps: [
        ['open', (d, o) => d.open(o), OPEN],
        ['pending update', (d, o) => d.pendingUpdate(o), OPEN_INFLIGHT],
        ['modify rejected', (d, o) => d.modifyRejected(o), OPEN],
        ['pending update', (d, o) => d.pendingUpdate(o), OPEN_INFLIGHT],
        ['updated', (d, o) => d.updated(o, '2.000'), OPEN],
        ['pending cancel', (d, o) => d.pendingCancel(o), OPEN_INFLIGHT],
        ['cancel rejected', (d, o) => d.cancelRejected(o), OPEN],
        ['pending cancel', (d, o) => d.pendingCancel(o), OPEN_INFLIGHT],
        ['canceled', (d, o) => d.cancel(o), CLOSED],
      ],
    },
    {
      name: 'expire',
      steps: [
        ['open', (d, o) => d.open(o), OPEN],
        ['expire', (d, o) => d.expire(o), CLOSED],
      ],
    },
    {
      name: 'emulated, released, submitted, accepted',
      steps: [
        ['emulate', (d, o) => d.emulate(o), EMULATED],
        ['release', (d, o) => d.release(o), NONE],
        ['submit', (d, o) => d.submit(o), INFLIGHT],
        ['accept', (d, o) => d.accept(o), OPEN],
      ],
    },
    {
      name: 'stop triggered then filled',
      stop: true,
      steps: [
        ['open', (d, o) => d.open(o), OPEN],
        ['trigger', (d, o) => d.trigger(o), OPEN],
        ['fill', (d, o) => d.fill(o, '1.000'), CLOSED],
      ],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const d = new Desk();
      const o = d.order(c.stop === true ? { stop: true } : {});
      expect(where(d.cache, o)).toEqual(NONE);
      for (const [step, act, expected] of c.steps) {
        act(d, o);
        expect(where(d.cache, o), `after ${step}`).toEqual(expected);
      }
      const counts = d.cache.counts();
      expect(counts.orders).toBe(1);
      expect(counts.orderEvents).toBe(o.events.length);
    });
  }
});

describe('order queries', () => {
  function desk() {
    const d = new Desk();
    const a = d.open(d.order({ strategyId: S1, instrumentId: BTC_BIN.id, side: 'BUY' }));
    const b = d.open(d.order({ strategyId: S1, instrumentId: ETH_BIN.id, side: 'SELL' }));
    const c = d.open(d.order({ strategyId: S2, instrumentId: BTC_BYB.id, side: 'BUY' }));
    const e = d.submit(d.order({ strategyId: S2, instrumentId: BTC_BIN.id, side: 'SELL' }));
    const f = d.cancel(d.open(d.order({ strategyId: S1, instrumentId: BTC_BIN.id, side: 'SELL' })));
    return { d, a, b, c, e, f };
  }

  it('filter by venue, instrument, strategy and side, alone and together', () => {
    const { d } = desk();
    const cache = d.cache;
    expect(ids(cache.ordersOpen())).toEqual(['O-1', 'O-2', 'O-3']);
    expect(ids(cache.ordersOpen({ strategyId: S1 }))).toEqual(['O-1', 'O-2']);
    expect(ids(cache.ordersOpen({ venue: Venue.from('BINANCE') }))).toEqual(['O-1', 'O-2']);
    expect(ids(cache.ordersOpen({ venue: Venue.from('BYBIT') }))).toEqual(['O-3']);
    expect(ids(cache.ordersOpen({ instrumentId: BTC_BIN.id }))).toEqual(['O-1']);
    expect(ids(cache.ordersOpen({ side: 'SELL' }))).toEqual(['O-2']);
    expect(ids(cache.ordersOpen({ strategyId: S2, side: 'BUY' }))).toEqual(['O-3']);
    expect(ids(cache.ordersOpen({ strategyId: S2, venue: Venue.from('BINANCE') }))).toEqual([]);
    expect(ids(cache.ordersInflight({ strategyId: S2 }))).toEqual(['O-4']);
    expect(ids(cache.ordersClosed({ instrumentId: BTC_BIN.id, side: 'SELL' }))).toEqual(['O-5']);
    expect(ids(cache.orders({ instrumentId: BTC_BIN.id }))).toEqual(['O-1', 'O-4', 'O-5']);
    expect(cache.ordersOpenCount()).toBe(3);
    expect(cache.ordersOpenCount({ strategyId: S1 })).toBe(2);
    expect(cache.ordersInflightCount()).toBe(1);
    expect(cache.ordersClosedCount({ venue: Venue.from('BINANCE') })).toBe(1);
    expect(cache.ordersTotalCount({ side: 'BUY' })).toBe(2);
    expect(cache.ordersEmulatedCount()).toBe(0);
  });

  it('a filter naming an unknown venue, instrument or strategy answers empty', () => {
    const { d } = desk();
    expect(d.cache.ordersOpen({ venue: Venue.from('KRAKEN') })).toEqual([]);
    expect(d.cache.ordersOpenCount({ venue: Venue.from('KRAKEN') })).toBe(0);
  });

  it('answers in the order orders were added, even after an order leaves and re-enters a set', () => {
    const d = new Desk();
    const a = d.submit(d.order());
    const b = d.submit(d.order());
    d.accept(a);
    // a leaves in-flight and comes back after b: still listed first.
    d.pendingCancel(a);
    expect(ids(d.cache.ordersInflight())).toEqual(['O-1', 'O-2']);
    d.accept(b);
    d.cancelRejected(a);
    d.pendingUpdate(b);
    d.pendingUpdate(a);
    expect(ids(d.cache.ordersInflight())).toEqual(['O-1', 'O-2']);
    expect(ids(d.cache.ordersOpen())).toEqual(['O-1', 'O-2']);
  });

  it('maps venue order ids both ways, keeping an id replaced by a modify', () => {
    const d = new Desk();
    const o = d.open(d.order());
    const v1 = o.venueOrderId!;
    expect(d.cache.clientOrderIdForVenueOrderId(v1)?.value).toBe('O-1');
    expect(d.cache.venueOrderIdForClientOrderId(o.clientOrderId)?.value).toBe(v1.value);
    d.pendingUpdate(o);
    d.updated(o, '2.000', 'V-NEW');
    expect(d.cache.venueOrderIdForClientOrderId(o.clientOrderId)?.value).toBe('V-NEW');
    expect(d.cache.clientOrderIdForVenueOrderId(VenueOrderId.from('V-NEW'))?.value).toBe('O-1');
    // A late fill may still name the old id.
    expect(d.cache.clientOrderIdForVenueOrderId(v1)?.value).toBe('O-1');
    expect(d.cache.counts().venueOrderIds).toBe(2);
    expect(d.cache.clientOrderIdForVenueOrderId(VenueOrderId.from('V-NONE'))).toBeNull();
  });

  it('links orders to positions given at add, by addPositionId and by fills', () => {
    const d = new Desk();
    const a = d.order();
    const b = d.cache;
    const c = new Desk(new Cache()).order({ id: 'O-X' });
    b.addOrder(c, { positionId: PositionId.from('P-9') });
    expect(b.positionIdForOrder(c.clientOrderId)?.value).toBe('P-9');
    expect(ids(b.ordersForPosition(PositionId.from('P-9')))).toEqual(['O-X']);
    b.addPositionId(PositionId.from('P-1'), a.clientOrderId);
    expect(ids(b.ordersForPosition(PositionId.from('P-1')))).toEqual(['O-1']);
    d.open(a);
    d.fill(a, '1.000', 'P-2');
    // The fill's position id moves the link.
    expect(b.positionIdForOrder(a.clientOrderId)?.value).toBe('P-2');
    expect(b.ordersForPosition(PositionId.from('P-1'))).toEqual([]);
    expect(b.positionForOrder(a.clientOrderId)?.id.value).toBe('P-2');
    expect(b.positionForOrder(c.clientOrderId)).toBeNull();
  });

  it('keeps the execution client and strategy of an order', () => {
    const cache = new Cache();
    const d = new Desk(cache);
    const o = d.order({ strategyId: S2 });
    const other = new Desk(new Cache());
    const copy = other.order({ id: 'O-7' });
    cache.addOrder(copy, { clientId: ClientId.from('BINANCE_SPOT') });
    expect(cache.clientIdForOrder(copy.clientOrderId)?.value).toBe('BINANCE_SPOT');
    expect(cache.clientIdForOrder(o.clientOrderId)).toBeNull();
    expect(cache.strategyIdForOrder(o.clientOrderId)?.value).toBe('EMA-002');
    expect(cache.strategyIdForOrder(ClientOrderId.from('NOPE'))).toBeNull();
  });

  it('refuses a duplicate order unless replaceExisting, and an update of an unknown order', () => {
    const d = new Desk();
    const o = d.order();
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as CacheError).code;
      }
      return undefined;
    };
    expect(err(() => d.cache.addOrder(o))).toBe('CACHE_DUPLICATE_ORDER');
    expect(err(() => d.cache.addOrder(o, { replaceExisting: true }))).toBeUndefined();
    expect(d.cache.counts().orders).toBe(1);
    const stranger = new Desk(new Cache()).order({ id: 'O-99' });
    expect(err(() => d.cache.updateOrder(stranger))).toBe('CACHE_ORDER_NOT_FOUND');
  });

  it('replaceExisting keeps the order in place and re-indexes the new object', () => {
    const d = new Desk();
    d.order();
    const o = d.order();
    d.order();
    const replacement = new Desk(new Cache()).order({ id: o.clientOrderId.value, strategyId: S2 });
    d.cache.addOrder(replacement, { replaceExisting: true });
    expect(ids(d.cache.orders())).toEqual(['O-1', 'O-2', 'O-3']);
    expect(d.cache.order(o.clientOrderId)).toBe(replacement);
    expect(ids(d.cache.orders({ strategyId: S2 }))).toEqual(['O-2']);
    expect(ids(d.cache.orders({ strategyId: S1 }))).toEqual(['O-1', 'O-3']);
  });
});
