/**
 * A small venue and order owner for the trading tests: it takes the managers' actions, turns them
 * into the events a venue (or the owner, for orders held locally) would cause, applies each event
 * to its order through the model, updates the cache and hands the event to its listeners.
 *
 * Actions and fills are queued and answered by `run()`, in order, so a test sees the same
 * sequence a live engine would: the answer to an action comes after the event that caused it.
 * With `sync` the queue is run from inside every action (an owner that answers re-entrantly).
 */
import { Cache } from '../../ts/cache/index.js';
import { TestClock } from '../../ts/common/clock/index.js';
import {
  type OrderEvent,
  orderAccepted,
  orderCanceled,
  orderCancelRejected,
  orderExpired,
  orderFilled,
  orderModifyRejected,
  orderPendingCancel,
  orderPendingUpdate,
  orderRejected,
  orderSubmitted,
  orderUpdated,
} from '../../ts/model/events/index.js';
import { AccountId, StrategyId, TradeId, TraderId, VenueOrderId } from '../../ts/model/identifiers/index.js';
import type { Order } from '../../ts/model/orders/index.js';
import { Currency, Price, Quantity } from '../../ts/model/values/index.js';
import type { ModifyOrderChanges, OrderActions } from '../../ts/trading/index.js';

export const TRADER = TraderId.from('TRADER-001');
export const STRATEGY = StrategyId.from('S-001');
export const ACCOUNT = AccountId.from('SIM-001');
const USDT = Currency.from('USDT');

/** One action the venue received, for assertions: `submit O-1`, `cancel O-2`, `modify O-3 7`. */
export type ActionRecord = string;

export class FakeVenue implements OrderActions {
  readonly clock: TestClock;
  readonly cache = new Cache();
  /** Every action received, in order. */
  readonly actions: ActionRecord[] = [];
  /** Every event applied, in order. */
  readonly events: OrderEvent[] = [];
  /** Actions for orders already closed when answered (a manager should cause none). */
  readonly late: ActionRecord[] = [];
  /** The next this many cancels are rejected. */
  rejectCancels = 0;
  /** The next this many modifies are rejected. */
  rejectModifies = 0;
  /** Answer every action at once, from inside the call. */
  sync = false;
  readonly #listeners: ((e: OrderEvent) => void)[] = [];
  readonly #queue: (() => OrderEvent[])[] = [];
  #running = false;
  #venueSeq = 0;
  #tradeSeq = 0;

  constructor(clock = new TestClock({ startNs: 1_000n })) {
    this.clock = clock;
  }

  /** Calls `listener` with every event after it was applied and the cache updated. */
  onEvent(listener: (e: OrderEvent) => void): void {
    this.#listeners.push(listener);
  }

  /** Puts orders in the cache (as a strategy does when it creates them). */
  add(...orders: Order[]): void {
    for (const o of orders) this.cache.addOrder(o);
  }

  submitOrder(order: Order): void {
    this.actions.push(`submit ${order.clientOrderId}`);
    this.#enqueue(() => {
      if (order.status !== 'INITIALIZED') return this.#late(`submit ${order.clientOrderId}`);
      const h = this.#header(order);
      this.#venueSeq++;
      return [
        orderSubmitted({ ...h, accountId: ACCOUNT }),
        orderAccepted({ ...h, accountId: ACCOUNT, venueOrderId: VenueOrderId.from(`V-${this.#venueSeq}`) }),
      ];
    });
  }

  cancelOrder(order: Order): void {
    this.actions.push(`cancel ${order.clientOrderId}`);
    this.#enqueue(() => {
      if (order.isClosed) return this.#late(`cancel ${order.clientOrderId}`);
      const h = this.#header(order);
      // Held locally: the owner closes it without the venue.
      if (order.status === 'INITIALIZED') return [orderCanceled(h)];
      if (this.rejectCancels > 0) {
        this.rejectCancels--;
        return [orderPendingCancel(h), orderCancelRejected({ ...h, reason: 'venue busy' })];
      }
      return [orderPendingCancel(h), orderCanceled(h)];
    });
  }

  modifyOrder(order: Order, changes: ModifyOrderChanges): void {
    this.actions.push(`modify ${order.clientOrderId} ${changes.quantity}`);
    this.#enqueue(() => {
      if (order.isClosed) return this.#late(`modify ${order.clientOrderId}`);
      const h = this.#header(order);
      if (order.status === 'INITIALIZED') return [orderUpdated({ ...h, quantity: changes.quantity })];
      if (this.rejectModifies > 0) {
        this.rejectModifies--;
        return [orderPendingUpdate(h), orderModifyRejected({ ...h, reason: 'venue busy' })];
      }
      return [orderPendingUpdate(h), orderUpdated({ ...h, quantity: changes.quantity })];
    });
  }

  /** The venue fills `qty` of the order (queued like an action). */
  fill(order: Order, qty: string | Quantity, px = '100.00'): void {
    this.#enqueue(() => {
      const h = this.#header(order);
      this.#tradeSeq++;
      return [
        orderFilled({
          ...h,
          venueOrderId: order.venueOrderId ?? VenueOrderId.from('V-0'),
          accountId: ACCOUNT,
          tradeId: TradeId.from(`T-${this.#tradeSeq}`),
          orderSide: order.side,
          orderType: order.orderType,
          lastQty: typeof qty === 'string' ? Quantity.from(qty) : qty,
          lastPx: Price.from(px),
          currency: USDT,
          liquiditySide: 'MAKER',
        }),
      ];
    });
  }

  /** The venue rejects the order's submission. */
  reject(order: Order): void {
    this.#enqueue(() => [orderRejected({ ...this.#header(order), reason: 'insufficient margin' })]);
  }

  /** The venue expires the order. */
  expire(order: Order): void {
    this.#enqueue(() => [orderExpired(this.#header(order))]);
  }

  /** The venue cancels the order on its own (or the user did). */
  cancelAtVenue(order: Order): void {
    this.#enqueue(() => [orderCanceled(this.#header(order))]);
  }

  /** Applies an event as given (duplicates included) and hands it to the listeners. */
  emit(event: OrderEvent): void {
    const order = this.cache.order(event.clientOrderId);
    if (order === null) throw new Error(`fake venue: no order ${event.clientOrderId}`);
    order.apply(event);
    this.cache.updateOrder(order);
    this.events.push(event);
    for (const l of this.#listeners) l(event);
  }

  /** Hands an event to the listeners again without applying it (a duplicated delivery). */
  redeliver(event: OrderEvent): void {
    for (const l of this.#listeners) l(event);
  }

  /** Answers every queued action and fill, including those they cause. */
  run(): void {
    if (this.#running) return;
    this.#running = true;
    try {
      for (let next = this.#queue.shift(); next !== undefined; next = this.#queue.shift()) {
        for (const e of next()) this.emit(e);
      }
    } finally {
      this.#running = false;
    }
  }

  /** Submits orders and answers at once (accepted). */
  open(...orders: Order[]): void {
    for (const o of orders) this.submitOrder(o);
    this.run();
    this.actions.length = 0;
  }

  #enqueue(answer: () => OrderEvent[]): void {
    this.#queue.push(answer);
    if (this.sync) this.run();
  }

  #late(action: string): OrderEvent[] {
    this.late.push(action);
    return [];
  }

  #header(order: Order) {
    const now = this.clock.timestampNs();
    return {
      traderId: order.traderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId,
      tsEvent: now,
      tsInit: now,
    };
  }
}
