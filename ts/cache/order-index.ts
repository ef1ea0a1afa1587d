/**
 * The order side of the cache: every order held and the indexes a strategy queries.
 *
 * # Invariants maintained on every path (add, update, link, remove)
 * - `open`, `closed`, `inflight`, `emulated` hold exactly the orders whose `isOpen`, `isClosed`,
 *   `isInflight`, `isEmulated` is true as of their last `update` (an order can be open and in
 *   flight at once: PENDING_UPDATE, PENDING_CANCEL).
 * - By strategy, instrument and venue: every order held, under its own ids.
 * - Venue order id -> order: every venue id any held order has had (a modify may change it; late
 *   fills may still name the old one).
 * - Position -> orders and order -> position: the last position id the order was linked to.
 * - Removing an order removes it from every index; empty per-key indexes are dropped.
 *
 * # Performance
 * `update` is O(1): it compares the order's status flags, venue id and position id with those
 * recorded on its entry and moves the entry between sets; nothing is scanned.
 */
import type { ClientId, PositionId, VenueOrderId } from '../model/identifiers/index.js';
import type { Order } from '../model/orders/index.js';
import { EntityIndexes, type KeyedEntry, matchesIds } from './entity-index.js';
import { CacheError, CacheErrorCode } from './errors.js';
import { KeyedIndex, OrderedIndex } from './ordered-index.js';
import type { OrderFilter } from './types.js';

/** One order held, with what the indexes recorded of it. */
export interface OrderEntry extends KeyedEntry {
  order: Order;
  open: boolean;
  closed: boolean;
  inflight: boolean;
  emulated: boolean;
  positionId: PositionId | null;
  clientId: ClientId | null;
  /** Every venue order id seen, first first. */
  venueOrderIds: string[];
  /** `order.events.length` at the last update. */
  eventCount: number;
}

/** Which status set a query reads. */
export type OrderSet = 'ALL' | 'OPEN' | 'CLOSED' | 'INFLIGHT' | 'EMULATED';

/** Whether an entry is in a status set, from its flags (no lookup). */
function inSet(e: OrderEntry, set: OrderSet): boolean {
  switch (set) {
    case 'ALL':
      return true;
    case 'OPEN':
      return e.open;
    case 'CLOSED':
      return e.closed;
    case 'INFLIGHT':
      return e.inflight;
    case 'EMULATED':
      return e.emulated;
  }
}

export class OrderIndex {
  readonly #all = new OrderedIndex<OrderEntry>();
  readonly #open = new OrderedIndex<OrderEntry>();
  readonly #closed = new OrderedIndex<OrderEntry>();
  readonly #inflight = new OrderedIndex<OrderEntry>();
  readonly #emulated = new OrderedIndex<OrderEntry>();
  readonly #ids = new EntityIndexes<OrderEntry>();
  readonly #byPosition = new KeyedIndex<OrderEntry>();
  readonly #byVenueOrderId = new Map<string, OrderEntry>();
  #nextSeq = 0;
  #eventCount = 0;

  // What the last add/update/link changed, for the write-through (scalars: no allocation per event).
  /** The venue order ids the last `add`/`update` saw for the first time (reused array). */
  readonly newVenueOrderIds: VenueOrderId[] = [];
  /** The position the last `add`/`update`/`link` linked the order to, else `null`. */
  newPositionId: PositionId | null = null;
  /** Index in `order.events` of the first event the last `update` saw. */
  fromEventIndex = 0;

  /**
   * Adds an order. A held id is refused unless `replace`, which swaps the object in place (the
   * order keeps its place in every query).
   */
  add(order: Order, positionId: PositionId | null, clientId: ClientId | null, replace: boolean): OrderEntry {
    const key = order.clientOrderId.value;
    const held = this.#all.get(key);
    this.newVenueOrderIds.length = 0;
    this.newPositionId = null;
    if (held !== undefined) {
      if (!replace) {
        throw new CacheError(
          CacheErrorCode.CACHE_DUPLICATE_ORDER,
          `order ${key} is already in the cache (use replaceExisting to replace it)`,
          { details: { clientOrderId: key } },
        );
      }
      this.#ids.delete(held);
      held.order = order;
      this.#setIds(held);
      this.#ids.add(held);
      if (clientId !== null) held.clientId = clientId;
      if (positionId !== null) this.#link(held, positionId);
      this.#refresh(held);
      return held;
    }
    const e: OrderEntry = {
      seq: this.#nextSeq++,
      key,
      strategyKey: '',
      instrumentKey: '',
      venueKey: '',
      order,
      open: false,
      closed: false,
      inflight: false,
      emulated: false,
      positionId: null,
      clientId,
      venueOrderIds: [],
      eventCount: 0,
    };
    this.#setIds(e);
    this.#all.add(e);
    this.#ids.add(e);
    if (positionId !== null) this.#link(e, positionId);
    this.#refresh(e);
    return e;
  }

  /** Re-reads a held order after events were applied to it. */
  update(order: Order): OrderEntry {
    const e = this.#all.get(order.clientOrderId.value);
    if (e === undefined) {
      throw new CacheError(
        CacheErrorCode.CACHE_ORDER_NOT_FOUND,
        `order ${order.clientOrderId} is not in the cache (add it first)`,
        { details: { clientOrderId: order.clientOrderId.value } },
      );
    }
    // The engine may hand back another object for the same order (rebuilt from events).
    e.order = order;
    this.newVenueOrderIds.length = 0;
    this.newPositionId = null;
    this.#refresh(e);
    return e;
  }

  /** Links a held order to a position; false when unknown or already linked to it. */
  link(key: string, positionId: PositionId): boolean {
    const e = this.#all.get(key);
    this.newPositionId = null;
    if (e === undefined) return false;
    return this.#link(e, positionId);
  }

  /** Removes an order from every index; returns its entry, or `undefined` when not held. */
  remove(key: string): OrderEntry | undefined {
    const e = this.#all.get(key);
    if (e === undefined) return undefined;
    this.#all.delete(key);
    this.#open.delete(key);
    this.#closed.delete(key);
    this.#inflight.delete(key);
    this.#emulated.delete(key);
    this.#ids.delete(e);
    if (e.positionId !== null) this.#byPosition.delete(e.positionId.value, key);
    for (const v of e.venueOrderIds) {
      if (this.#byVenueOrderId.get(v) === e) this.#byVenueOrderId.delete(v);
    }
    this.#eventCount -= e.eventCount;
    return e;
  }

  clear(): void {
    for (const i of [this.#all, this.#open, this.#closed, this.#inflight, this.#emulated]) i.clear();
    this.#ids.clear();
    this.#byPosition.clear();
    this.#byVenueOrderId.clear();
    this.#eventCount = 0;
  }

  // ---- reads ----------------------------------------------------------------------------------

  entry(key: string): OrderEntry | undefined {
    return this.#all.get(key);
  }

  entryForVenueOrderId(venueOrderId: string): OrderEntry | undefined {
    return this.#byVenueOrderId.get(venueOrderId);
  }

  /** The entries of a status set, in cache order. */
  entries(set: OrderSet): IterableIterator<OrderEntry> {
    return this.#set(set).values();
  }

  /** The orders of `set` matching `filter`, in cache order. */
  select(set: OrderSet, filter?: OrderFilter): Order[] {
    const out: Order[] = [];
    this.#scan(set, filter, out);
    return out;
  }

  count(set: OrderSet, filter?: OrderFilter): number {
    if (filter === undefined) return this.#set(set).size;
    return this.#scan(set, filter, null);
  }

  /** The orders linked to a position, in cache order. */
  forPosition(positionId: string): Order[] {
    const i = this.#byPosition.get(positionId);
    if (i === undefined) return [];
    const out: Order[] = [];
    for (const e of i.values()) out.push(e.order);
    return out;
  }

  /** The entries linked to a position (`undefined` when none). */
  positionEntries(positionId: string): OrderedIndex<OrderEntry> | undefined {
    return this.#byPosition.get(positionId);
  }

  size(set: OrderSet): number {
    return this.#set(set).size;
  }

  get eventCount(): number {
    return this.#eventCount;
  }

  get venueOrderIdCount(): number {
    return this.#byVenueOrderId.size;
  }

  // ---- internals ------------------------------------------------------------------------------

  #set(set: OrderSet): OrderedIndex<OrderEntry> {
    switch (set) {
      case 'ALL':
        return this.#all;
      case 'OPEN':
        return this.#open;
      case 'CLOSED':
        return this.#closed;
      case 'INFLIGHT':
        return this.#inflight;
      case 'EMULATED':
        return this.#emulated;
    }
  }

  #scan(set: OrderSet, f: OrderFilter | undefined, out: Order[] | null): number {
    const base = this.#set(set);
    const from = this.#ids.narrow(base, f);
    if (from === null) return 0;
    let n = 0;
    const narrowed = from !== base;
    for (const e of from.values()) {
      if (narrowed && !inSet(e, set)) continue;
      if (f !== undefined && (!matchesIds(e, f) || (f.side !== undefined && e.order.side !== f.side)))
        continue;
      n++;
      if (out !== null) out.push(e.order);
    }
    return n;
  }

  #setIds(e: OrderEntry): void {
    e.strategyKey = e.order.strategyId.value;
    e.instrumentKey = e.order.instrumentId.value;
    e.venueKey = e.order.instrumentId.venue.value;
  }

  #link(e: OrderEntry, positionId: PositionId): boolean {
    if (e.positionId !== null) {
      if (e.positionId.value === positionId.value) return false;
      this.#byPosition.delete(e.positionId.value, e.key);
    }
    e.positionId = positionId;
    this.#byPosition.add(positionId.value, e);
    this.newPositionId = positionId;
    return true;
  }

  #refresh(e: OrderEntry): void {
    const o = e.order;
    const open = o.isOpen;
    if (open !== e.open) {
      e.open = open;
      this.#open.set(e, open);
    }
    const closed = o.isClosed;
    if (closed !== e.closed) {
      e.closed = closed;
      this.#closed.set(e, closed);
    }
    const inflight = o.isInflight;
    if (inflight !== e.inflight) {
      e.inflight = inflight;
      this.#inflight.set(e, inflight);
    }
    const emulated = o.isEmulated;
    if (emulated !== e.emulated) {
      e.emulated = emulated;
      this.#emulated.set(e, emulated);
    }
    // Every venue id named by the new events (a modify may replace it; a late fill may name the
    // old one): O(new events), and the same on the load path, where all events are new.
    const events = o.events;
    const count = events.length;
    for (let i = Math.min(e.eventCount, count); i < count; i++) {
      const v = events[i]!.venueOrderId;
      if (v === null) continue;
      const ids = e.venueOrderIds;
      if (ids[ids.length - 1] !== v.value && !ids.includes(v.value)) {
        ids.push(v.value);
        this.#byVenueOrderId.set(v.value, e);
        this.newVenueOrderIds.push(v);
      }
    }
    const p = o.positionId;
    if (p !== null) this.#link(e, p);
    this.fromEventIndex = e.eventCount;
    this.#eventCount += count - e.eventCount;
    e.eventCount = count;
  }
}
