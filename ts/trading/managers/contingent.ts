/**
 * `ContingentOrderManager`: applies the rules of contingent orders (OTO, OCO, OUO) from the
 * orders' events, through the owner's actions (a strategy with `manageContingentOrders`).
 *
 * # Rules
 * | order        | event (state after it)                   | action                                              |
 * |--------------|------------------------------------------|-----------------------------------------------------|
 * | OTO parent   | first fill (partial or full)             | release the held children: quantity := parent's filled quantity, then submit |
 * | OTO parent   | later fills                              | grow the children to the parent's filled quantity (less what their group already filled) |
 * | OTO parent   | closed (canceled, expired, rejected, denied) with nothing filled | cancel the children           |
 * | OTO parent   | closed after a partial fill              | nothing: the children protect the filled part       |
 * | OTO child    | the last child closes, one of them traded, parent still working | cancel the rest of the parent |
 * | OCO member   | any fill (partial included)              | cancel the other members                            |
 * | OCO member   | closed (cancel, expiry, reject) with nothing filled | cancel the other members that have not traded either |
 * | OUO member   | closed (full fill, cancel, expiry, reject) | cancel the other members                          |
 * | OUO member   | partial fill, or quantity update         | reduce the other members' leaves to this one's leaves (modify) |
 *
 * These follow Nautilus Trader's order manager. Two choices worth naming:
 * - **OTO release on the first fill**, not on the full fill: a partly filled entry has a
 *   position to protect at once. The children are sized to what is filled and grow with it.
 * - **OCO cancels on a partial fill**: once one side trades, the other must not trade too.
 * - **A finished exit ends the entry** (not in Nautilus): when the children are all closed and
 *   one of them traded while the parent still works (an exit filled everything filled so far),
 *   the rest of the parent is canceled. Otherwise a later parent fill would open a position that
 *   no child protects. A parent whose children were all canceled without trading is left alone.
 *   A child rejected or canceled on its own still cancels its OCO/OUO siblings, as in Nautilus.
 *
 * # OUO quantities
 * The members of an OUO group keep equal leaves: after every fill or update of one member, each
 * other member's quantity becomes `its filled + R`, where `R` is the smallest leaves quantity
 * among the open members. So a fill of `f` on one member reduces the others by `f`, and the
 * group's total filled never exceeds its quantity (when each modify is acknowledged before the
 * next fill: a fill racing a modify at the venue can still overfill, which no client-side rule
 * can prevent). Quantities are only reduced here, never raised (except by an OTO parent's growth).
 * Under an OTO parent, each child is sized `its filled + (parent filled - group filled)`, which
 * keeps the same equal-leaves invariant while the parent fills.
 *
 * # Idempotence
 * Every decision is made from the orders' state now (looked up), not from the event's deltas,
 * and requested actions are remembered until their answer: a cancel until the order closes or
 * the cancel is rejected, a modify until the order shows the quantity or the modify is rejected,
 * a release once. A duplicated event, or one for an order already closed, causes no new action;
 * closed orders are never acted on. A rejected modify or cancel is not retried on its own
 * rejection (that could loop against a venue that keeps refusing); the next event of the group
 * re-evaluates it.
 *
 * # Re-entrancy
 * An owner may deliver events synchronously from inside an action; such events are queued and
 * handled after the current one, so a decision never sees half of its own actions.
 */
import type { Logger } from '../../common/logging/index.js';
import type { OrderEvent } from '../../model/events/index.js';
import type { ClientOrderId } from '../../model/identifiers/index.js';
import type { Order } from '../../model/orders/index.js';
import { Quantity } from '../../model/values/index.js';
import type { OrderActions, OrderLookup } from './types.js';

/** Options of {@link ContingentOrderManager}. */
export interface ContingentOrderManagerOptions {
  /** Where orders are looked up (the cache); it must already hold each event's result. */
  readonly orders: OrderLookup;
  readonly actions: OrderActions;
  /** Warnings (an event for an order not found, a link to a missing order). */
  readonly log?: Logger;
}

/** Status of a child held back until its parent fills. */
const HELD = 'INITIALIZED';

/**
 * Manages OTO/OCO/OUO orders (see the module doc).
 *
 * @example
 * ```ts
 * const manager = new ContingentOrderManager({ orders: cache, actions: strategy });
 * // after each order event has been applied to its order and the cache updated:
 * manager.handleEvent(event);
 * ```
 */
export class ContingentOrderManager {
  readonly #orders: OrderLookup;
  readonly #actions: OrderActions;
  readonly #log: Logger | null;
  /** Orders a cancel was asked for, until closed or the cancel is rejected. */
  readonly #pendingCancel = new Set<string>();
  /** Quantity asked for by a modify, until the order shows it or the modify is rejected. */
  readonly #pendingModify = new Map<string, Quantity>();
  /** Children submitted by a release. */
  readonly #released = new Set<string>();
  readonly #queue: OrderEvent[] = [];
  #busy = false;

  constructor(options: ContingentOrderManagerOptions) {
    this.#orders = options.orders;
    this.#actions = options.actions;
    this.#log = options.log ?? null;
  }

  /** Orders with a cancel requested and not yet answered (for inspection and tests). */
  get pendingCancels(): readonly string[] {
    return [...this.#pendingCancel];
  }
  /** Orders with a modify requested and not yet answered, with the quantity asked for. */
  get pendingModifies(): ReadonlyMap<string, Quantity> {
    return this.#pendingModify;
  }

  /**
   * Handles one order event, after it was applied to its order (see the module doc). Events of
   * orders without contingency cost one lookup.
   */
  handleEvent(event: OrderEvent): void {
    if (this.#busy) {
      this.#queue.push(event);
      return;
    }
    this.#busy = true;
    try {
      this.#handle(event);
      for (let e = this.#queue.shift(); e !== undefined; e = this.#queue.shift()) this.#handle(e);
    } finally {
      this.#busy = false;
      this.#queue.length = 0;
    }
  }

  /**
   * Applies the rules to `order` as it is now, with no event: for the owner's start-up (an
   * entry that filled while the node was down still releases its children).
   */
  evaluate(order: Order): void {
    if (this.#busy) {
      this.#evaluate(order);
      return;
    }
    this.#busy = true;
    try {
      this.#evaluate(order);
      for (let e = this.#queue.shift(); e !== undefined; e = this.#queue.shift()) this.#handle(e);
    } finally {
      this.#busy = false;
      this.#queue.length = 0;
    }
  }

  /** Forgets every pending request (the owner's reset). */
  reset(): void {
    this.#pendingCancel.clear();
    this.#pendingModify.clear();
    this.#released.clear();
    this.#queue.length = 0;
  }

  #handle(event: OrderEvent): void {
    const key = event.clientOrderId.value;
    switch (event.type) {
      case 'OrderCancelRejected':
        this.#pendingCancel.delete(key);
        return;
      case 'OrderModifyRejected':
        this.#pendingModify.delete(key);
        return;
      case 'OrderUpdated': {
        const asked = this.#pendingModify.get(key);
        if (asked?.eq(event.quantity) === true) this.#pendingModify.delete(key);
        break;
      }
      case 'OrderFilled':
      case 'OrderCanceled':
      case 'OrderExpired':
      case 'OrderRejected':
      case 'OrderDenied':
        break;
      default:
        return;
    }
    const order = this.#orders.order(event.clientOrderId);
    if (order === null) {
      this.#log?.warn({ clientOrderId: key, event: event.type }, 'contingent orders: order not found');
      return;
    }
    this.#evaluate(order);
  }

  #evaluate(order: Order): void {
    if (order.isClosed) {
      this.#forget(order.clientOrderId.value);
      if (order.parentOrderId !== null) {
        const parent = this.#orders.order(order.parentOrderId);
        if (parent !== null) this.#evaluateParentDone(parent);
      }
    }
    switch (order.contingencyType) {
      case 'OTO':
        this.#evaluateParent(order);
        return;
      case 'OCO':
      case 'OUO':
        this.#evaluateGroup(order);
        return;
      case 'NO_CONTINGENCY':
        return;
    }
  }

  #evaluateParent(parent: Order): void {
    const children = this.#lookupAll(parent, parent.linkedOrderIds);
    const parentFilled = parent.filledQty;
    if (parentFilled.isZero()) {
      if (parent.isClosed) for (const child of children) this.#cancel(child);
      return;
    }
    // Decide every child first and record the requests, then act: a re-entrant event sees them.
    const modifies: [Order, Quantity][] = [];
    const cancels: Order[] = [];
    const submits: Order[] = [];
    for (const child of children) {
      if (!this.#actionable(child)) continue;
      const siblings = this.#lookupAll(child, child.linkedOrderIds);
      let groupFilled = child.filledQty.raw;
      for (const s of siblings) groupFilled += s.filledQty.raw;
      const leaves = parentFilled.raw - groupFilled;
      if (leaves <= 0n) {
        cancels.push(child);
        continue;
      }
      const target = qty(child.filledQty.raw + leaves, [
        child.filledQty,
        ...siblings.map((x) => x.filledQty),
        parentFilled,
      ]);
      if (!this.#effectiveQty(child).eq(target)) modifies.push([child, target]);
      const key = child.clientOrderId.value;
      if (child.status === HELD && !this.#released.has(key)) {
        this.#released.add(key);
        submits.push(child);
      }
    }
    for (const [child, target] of modifies) this.#pendingModify.set(child.clientOrderId.value, target);
    for (const [child, target] of modifies) this.#actions.modifyOrder(child, { quantity: target });
    for (const child of submits) this.#actions.submitOrder(child);
    for (const child of cancels) this.#cancel(child);
  }

  /** The children are all closed after trading while the parent still works: end the parent. */
  #evaluateParentDone(parent: Order): void {
    if (parent.contingencyType !== 'OTO' || !this.#actionable(parent)) return;
    const children = this.#lookupAll(parent, parent.linkedOrderIds);
    if (children.length === 0) return;
    let traded = false;
    for (const c of children) {
      if (!c.isClosed) return;
      if (!c.filledQty.isZero()) traded = true;
    }
    if (traded) this.#cancel(parent);
  }

  #evaluateGroup(order: Order): void {
    const others = this.#lookupAll(order, order.linkedOrderIds);
    if (order.contingencyType === 'OCO') {
      if (!order.filledQty.isZero()) {
        for (const o of others) this.#cancel(o);
      } else if (order.isClosed) {
        // Closed without trading: a member that traded is the one that stays (this close may
        // be the cancel its own fill caused), the untraded ones go.
        for (const o of others) if (o.filledQty.isZero()) this.#cancel(o);
      }
      return;
    }
    // OUO
    if (order.isClosed) {
      for (const o of others) this.#cancel(o);
      return;
    }
    const members = [order, ...others].filter((m) => this.#actionable(m));
    if (members.length < 2) return;
    let remaining: bigint | null = null;
    const sources: Quantity[] = [];
    for (const m of members) {
      sources.push(m.filledQty, this.#effectiveQty(m));
      const leaves = this.#effectiveQty(m).raw - m.filledQty.raw;
      if (remaining === null || leaves < remaining) remaining = leaves;
    }
    if (remaining === null) return;
    if (remaining <= 0n) {
      for (const o of others) this.#cancel(o);
      return;
    }
    const modifies: [Order, Quantity][] = [];
    for (const m of members) {
      const eff = this.#effectiveQty(m);
      const targetRaw = m.filledQty.raw + remaining;
      if (eff.raw > targetRaw) modifies.push([m, qty(targetRaw, sources)]);
    }
    for (const [m, target] of modifies) this.#pendingModify.set(m.clientOrderId.value, target);
    for (const [m, target] of modifies) this.#actions.modifyOrder(m, { quantity: target });
  }

  /** Not closed and no cancel asked for or in flight. */
  #actionable(o: Order): boolean {
    return !o.isClosed && o.status !== 'PENDING_CANCEL' && !this.#pendingCancel.has(o.clientOrderId.value);
  }

  #cancel(o: Order): void {
    if (!this.#actionable(o)) return;
    this.#pendingCancel.add(o.clientOrderId.value);
    this.#actions.cancelOrder(o);
  }

  /** The quantity the order has, or will have once the modify asked for is done. */
  #effectiveQty(o: Order): Quantity {
    return this.#pendingModify.get(o.clientOrderId.value) ?? o.quantity;
  }

  #lookupAll(owner: Order, ids: readonly ClientOrderId[]): Order[] {
    const out: Order[] = [];
    for (const id of ids) {
      if (id.eq(owner.clientOrderId)) continue;
      const o = this.#orders.order(id);
      if (o === null) {
        this.#log?.warn(
          { clientOrderId: owner.clientOrderId.value, linked: id.value },
          'contingent orders: linked order not found',
        );
        continue;
      }
      out.push(o);
    }
    return out;
  }

  #forget(key: string): void {
    this.#pendingCancel.delete(key);
    this.#pendingModify.delete(key);
    this.#released.delete(key);
  }
}

/** A quantity of `raw` (a sum or difference of `from`) at the finest precision among them. */
function qty(raw: bigint, from: readonly Quantity[]): Quantity {
  let precision = 0;
  for (const q of from) if (q.precision > precision) precision = q.precision;
  return Quantity.fromRaw(raw, precision);
}
