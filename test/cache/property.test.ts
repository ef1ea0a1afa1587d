/**
 * Property: after any sequence of order events, fills into positions, clock moves and purges,
 * every index answer of the cache equals a brute-force scan of the orders and positions the test
 * itself holds, and every purge removes exactly what the purge rules allow.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Cache, type OrderFilter, type PositionFilter } from '../../ts/cache/index.js';
import type { OrderFilled } from '../../ts/model/events/index.js';
import {
  type ClientOrderId,
  PositionId,
  type StrategyId,
  type VenueOrderId,
} from '../../ts/model/identifiers/index.js';
import { type Order, type OrderEventKind, transition } from '../../ts/model/orders/index.js';
import { Position, splitFill } from '../../ts/model/positions/index.js';
import { collect, type Queries, type Universe } from './answers.js';
import { Desk, INSTRUMENTS, instrumentOf, MIN, S1, S2 } from './fixtures.js';

/** The same queries as the cache, answered by scanning what the test holds. */
class BruteForce implements Queries {
  constructor(
    readonly orders_: Map<string, Order>,
    readonly positions_: Map<string, Position>,
  ) {}

  #orders(f: OrderFilter | undefined, pred: (o: Order) => boolean): Order[] {
    return [...this.orders_.values()].filter(
      (o) =>
        pred(o) &&
        (f?.strategyId === undefined || o.strategyId.eq(f.strategyId)) &&
        (f?.instrumentId === undefined || o.instrumentId.eq(f.instrumentId)) &&
        (f?.venue === undefined || o.instrumentId.venue.eq(f.venue)) &&
        (f?.side === undefined || o.side === f.side),
    );
  }
  #positions(f: PositionFilter | undefined, pred: (p: Position) => boolean): Position[] {
    return [...this.positions_.values()].filter(
      (p) =>
        pred(p) &&
        (f?.strategyId === undefined || p.strategyId.eq(f.strategyId)) &&
        (f?.instrumentId === undefined || p.instrumentId.eq(f.instrumentId)) &&
        (f?.venue === undefined || p.instrumentId.venue.eq(f.venue)) &&
        (f?.side === undefined || p.side === f.side),
    );
  }
  orders = (f?: OrderFilter) => this.#orders(f, () => true);
  ordersOpen = (f?: OrderFilter) => this.#orders(f, (o) => o.isOpen);
  ordersClosed = (f?: OrderFilter) => this.#orders(f, (o) => o.isClosed);
  ordersInflight = (f?: OrderFilter) => this.#orders(f, (o) => o.isInflight);
  ordersEmulated = (f?: OrderFilter) => this.#orders(f, (o) => o.isEmulated);
  ordersTotalCount = (f?: OrderFilter) => this.orders(f).length;
  ordersOpenCount = (f?: OrderFilter) => this.ordersOpen(f).length;
  ordersClosedCount = (f?: OrderFilter) => this.ordersClosed(f).length;
  ordersInflightCount = (f?: OrderFilter) => this.ordersInflight(f).length;
  ordersEmulatedCount = (f?: OrderFilter) => this.ordersEmulated(f).length;
  isOrderOpen = (id: ClientOrderId) => this.orders_.get(id.value)?.isOpen ?? false;
  isOrderClosed = (id: ClientOrderId) => this.orders_.get(id.value)?.isClosed ?? false;
  isOrderInflight = (id: ClientOrderId) => this.orders_.get(id.value)?.isInflight ?? false;
  isOrderEmulated = (id: ClientOrderId) => this.orders_.get(id.value)?.isEmulated ?? false;
  orderExists = (id: ClientOrderId) => this.orders_.has(id.value);
  clientOrderIdForVenueOrderId = (v: VenueOrderId) => {
    const o = [...this.orders_.values()].find((x) => x.events.some((e) => e.venueOrderId?.eq(v) === true));
    return o?.clientOrderId ?? null;
  };
  positionIdForOrder = (id: ClientOrderId) => this.orders_.get(id.value)?.positionId ?? null;
  positionForOrder = (id: ClientOrderId) => {
    const pid = this.positionIdForOrder(id);
    return pid === null ? null : (this.positions_.get(pid.value) ?? null);
  };
  ordersForPosition = (pid: PositionId) => this.#orders(undefined, (o) => o.positionId?.eq(pid) === true);
  positions = (f?: PositionFilter) => this.#positions(f, () => true);
  positionsOpen = (f?: PositionFilter) => this.#positions(f, (p) => p.isOpen);
  positionsClosed = (f?: PositionFilter) => this.#positions(f, (p) => p.isClosed);
  positionsOpenCount = (f?: PositionFilter) => this.positionsOpen(f).length;
  positionsClosedCount = (f?: PositionFilter) => this.positionsClosed(f).length;
  positionsTotalCount = (f?: PositionFilter) => this.positions(f).length;
  isPositionOpen = (pid: PositionId) => this.positions_.get(pid.value)?.isOpen ?? false;
  isPositionClosed = (pid: PositionId) => this.positions_.get(pid.value)?.isClosed ?? false;
  positionExists = (pid: PositionId) => this.positions_.has(pid.value);
}

const KINDS = [
  'submit',
  'accept',
  'reject',
  'cancel',
  'expire',
  'deny',
  'pendingUpdate',
  'pendingCancel',
  'modifyRejected',
  'cancelRejected',
  'updated',
  'replaced',
  'fillPartial',
  'fillComplete',
  'emulate',
  'release',
  'trigger',
] as const;
type Kind = (typeof KINDS)[number];

/** The state machine's event for each kind (to prefer events the order can take now). */
const TABLE_EVENT: Record<Kind, OrderEventKind> = {
  submit: 'SUBMITTED',
  accept: 'ACCEPTED',
  reject: 'REJECTED',
  cancel: 'CANCELED',
  expire: 'EXPIRED',
  deny: 'DENIED',
  pendingUpdate: 'PENDING_UPDATE',
  pendingCancel: 'PENDING_CANCEL',
  modifyRejected: 'MODIFY_REJECTED',
  cancelRejected: 'CANCEL_REJECTED',
  updated: 'UPDATED',
  replaced: 'UPDATED',
  fillPartial: 'FILL_PARTIAL',
  fillComplete: 'FILL_COMPLETE',
  emulate: 'EMULATED',
  release: 'RELEASED',
  trigger: 'TRIGGERED',
};

type Cmd =
  | {
      t: 'new';
      strategy: number;
      instrument: number;
      side: 'BUY' | 'SELL';
      qty: number;
      stop: boolean;
      link: 'none' | 'parent' | 'oco';
      to: number;
    }
  | { t: 'event'; pick: number; choice: number; valid: boolean }
  | { t: 'advance'; mins: number }
  | { t: 'purgeOrders'; buffer: number }
  | { t: 'purgePositions'; buffer: number }
  | { t: 'purgeOrder'; pick: number }
  | { t: 'purgePosition'; pick: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('new' as const),
      strategy: fc.nat(1),
      instrument: fc.nat(2),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
      qty: fc.integer({ min: 1, max: 3 }),
      stop: fc.boolean(),
      link: fc.constantFrom('none' as const, 'none' as const, 'parent' as const, 'oco' as const),
      to: fc.nat(),
    }),
  },
  {
    weight: 12,
    arbitrary: fc.record({
      t: fc.constant('event' as const),
      pick: fc.nat(),
      choice: fc.nat(),
      // Mostly events the order can take now; sometimes any event (refused ones change nothing).
      valid: fc.boolean().chain((b) => (b ? fc.constant(true) : fc.boolean())),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('advance' as const), mins: fc.integer({ min: 0, max: 90 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('purgeOrders' as const), buffer: fc.constantFrom(0, 30, 60) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('purgePositions' as const), buffer: fc.constantFrom(0, 30, 60) }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('purgeOrder' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('purgePosition' as const), pick: fc.nat() }) },
);

class World {
  readonly d = new Desk(new Cache());
  readonly orders = new Map<string, Order>();
  readonly positions = new Map<string, Position>();
  readonly brute = new BruteForce(this.orders, this.positions);
  readonly orderIds: ClientOrderId[] = [];
  readonly venueIds = new Map<string, VenueOrderId>();
  readonly positionIds = new Map<string, PositionId>();
  #replaced = 0;

  universe(): Universe {
    return {
      orderIds: this.orderIds,
      venueOrderIds: [...this.venueIds.values()],
      positionIds: [...this.positionIds.values()],
    };
  }

  run(c: Cmd): void {
    const d = this.d;
    switch (c.t) {
      case 'new': {
        const strategyId: StrategyId = c.strategy === 0 ? S1 : S2;
        const held = [...this.orders.values()];
        const to = held.length === 0 ? null : held[c.to % held.length]!.clientOrderId;
        const group =
          to === null || c.link === 'none'
            ? {}
            : c.link === 'parent'
              ? { parentOrderId: to }
              : { contingencyType: 'OCO' as const, linkedOrderIds: [to] };
        const o = d.order({
          ...group,
          strategyId,
          instrumentId: INSTRUMENTS[c.instrument]!.id,
          side: c.side,
          qty: `${c.qty}.000`,
          stop: c.stop,
        });
        this.orders.set(o.clientOrderId.value, o);
        this.orderIds.push(o.clientOrderId);
        return;
      }
      case 'event': {
        const all = [...this.orders.values()];
        if (all.length === 0) return;
        const o = all[c.pick % all.length]!;
        const valid = KINDS.filter((k) => transition(o.status, TABLE_EVENT[k]) !== null);
        const kinds = c.valid && valid.length > 0 ? valid : KINDS;
        this.#event(o, kinds[c.choice % kinds.length]!);
        return;
      }
      case 'advance':
        d.advance(BigInt(c.mins) * MIN);
        return;
      case 'purgeOrders': {
        const buffer = BigInt(c.buffer) * MIN;
        const now = d.now();
        const expected = [...this.orders.values()]
          .filter((o) => o.tsLast + buffer <= now && this.#orderPurgeable(o))
          .map((o) => o.clientOrderId.value);
        const got = d.cache.purgeClosedOrders(now, buffer).map((id) => id.value);
        expect(got).toEqual(expected);
        for (const id of got) this.orders.delete(id);
        return;
      }
      case 'purgeOrder': {
        const all = [...this.orders.values()];
        if (all.length === 0) return;
        const o = all[c.pick % all.length]!;
        const expected = this.#orderPurgeable(o);
        expect(d.cache.purgeOrder(o.clientOrderId)).toBe(expected);
        if (expected) this.orders.delete(o.clientOrderId.value);
        return;
      }
      case 'purgePositions': {
        const buffer = BigInt(c.buffer) * MIN;
        const now = d.now();
        const expected = [...this.positions.values()]
          .filter((p) => p.tsClosed !== null && p.tsClosed + buffer <= now && this.#positionPurgeable(p))
          .map((p) => p.id.value);
        const got = d.cache.purgeClosedPositions(now, buffer).map((id) => id.value);
        expect(got).toEqual(expected);
        for (const id of got) this.positions.delete(id);
        return;
      }
      case 'purgePosition': {
        const all = [...this.positions.values()];
        if (all.length === 0) return;
        const p = all[c.pick % all.length]!;
        const expected = this.#positionPurgeable(p);
        expect(d.cache.purgePosition(p.id)).toBe(expected);
        if (expected) this.positions.delete(p.id.value);
        return;
      }
    }
  }

  #orderPurgeable(o: Order): boolean {
    if (!o.isClosed) return false;
    const group = [...o.linkedOrderIds, ...(o.parentOrderId === null ? [] : [o.parentOrderId])];
    return group.every((id) => this.orders.get(id.value)?.isClosed ?? true);
  }

  #positionPurgeable(p: Position): boolean {
    if (!p.isClosed) return false;
    return [...this.orders.values()].every((o) => !(o.positionId?.eq(p.id) ?? false) || o.isClosed);
  }

  #event(o: Order, kind: Kind): void {
    const d = this.d;
    try {
      switch (kind) {
        case 'submit':
          d.submit(o);
          break;
        case 'accept':
          d.accept(o);
          break;
        case 'reject':
          d.reject(o);
          break;
        case 'cancel':
          d.cancel(o);
          break;
        case 'expire':
          d.expire(o);
          break;
        case 'deny':
          d.deny(o);
          break;
        case 'pendingUpdate':
          d.pendingUpdate(o);
          break;
        case 'pendingCancel':
          d.pendingCancel(o);
          break;
        case 'modifyRejected':
          d.modifyRejected(o);
          break;
        case 'cancelRejected':
          d.cancelRejected(o);
          break;
        case 'updated':
          d.updated(o, o.quantity.add(o.leavesQty).toString());
          break;
        case 'replaced':
          this.#replaced++;
          d.updated(o, o.quantity.toString(), `R-${this.#replaced}`);
          break;
        case 'fillPartial':
        case 'fillComplete': {
          const qty = kind === 'fillPartial' ? '1.000' : o.leavesQty.toString();
          const pid = PositionId.from(`${o.instrumentId.symbol}-${o.strategyId}`);
          const f = d.fillEvent(o, qty, pid);
          d.apply(o, f);
          this.positionIds.set(pid.value, pid);
          this.#toPosition(f, pid);
          break;
        }
        case 'emulate':
          d.emulate(o);
          break;
        case 'release':
          d.release(o);
          break;
        case 'trigger':
          d.trigger(o);
          break;
      }
    } catch {
      // A refused event changes nothing; telling the cache anyway must change nothing either.
      d.cache.updateOrder(o);
    }
    for (const e of o.events)
      if (e.venueOrderId !== null) this.venueIds.set(e.venueOrderId.value, e.venueOrderId);
  }

  /** NETTING: one position id per instrument and strategy; a flip closes and reopens it. */
  #toPosition(f: OrderFilled, pid: PositionId): void {
    const cache = this.d.cache;
    const instrument = instrumentOf(f.instrumentId);
    const held = this.positions.get(pid.value);
    if (held === undefined || held.isClosed) {
      const p = Position.open(instrument, f, pid);
      cache.addPosition(p);
      this.positions.set(pid.value, p);
      return;
    }
    const reducing = (held.isLong && f.orderSide === 'SELL') || (held.isShort && f.orderSide === 'BUY');
    if (reducing && f.lastQty.gt(held.quantity)) {
      const [closing, opening] = splitFill(f, held.quantity, pid);
      held.apply(closing);
      cache.updatePosition(held);
      const p = Position.open(instrument, opening, pid);
      cache.addPosition(p);
      this.positions.set(pid.value, p);
      return;
    }
    held.apply(f);
    cache.updatePosition(held);
  }

  check(full: boolean): void {
    const u = this.universe();
    expect(collect(this.d.cache, u, full)).toEqual(collect(this.brute, u, full));
    const counts = this.d.cache.counts();
    const orders = [...this.orders.values()];
    expect(counts.orders).toBe(orders.length);
    expect(counts.orderEvents).toBe(orders.reduce((n, o) => n + o.events.length, 0));
    expect(counts.positions).toBe(this.positions.size);
    expect(counts.positionFills).toBe([...this.positions.values()].reduce((n, p) => n + p.fills.length, 0));
  }
}

describe('cache indexes against a brute-force scan', () => {
  it('hold after any sequence of order events, fills and purges', () => {
    fc.assert(
      fc.property(fc.array(cmd, { minLength: 1, maxLength: 80, size: 'max' }), (cmds) => {
        const w = new World();
        for (const c of cmds) {
          w.run(c);
          w.check(c.t.startsWith('purge'));
        }
        w.check(true);
      }),
      { numRuns: 200 },
    );
  });

  it('a cache reloaded from a snapshot after any sequence answers alike', () => {
    fc.assert(
      fc.property(fc.array(cmd, { minLength: 1, maxLength: 60, size: 'max' }), (cmds) => {
        const w = new World();
        for (const c of cmds) w.run(c);
        const loaded = new Cache();
        loaded.loadFrom(w.d.cache.snapshot());
        const u = w.universe();
        expect(collect(loaded, u)).toEqual(collect(w.d.cache, u));
        expect(loaded.counts()).toEqual(w.d.cache.counts());
      }),
      { numRuns: 60 },
    );
  });
});
