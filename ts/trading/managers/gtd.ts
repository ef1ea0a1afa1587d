/**
 * `GtdExpiryManager`: cancels a strategy's GTD orders at their expiry from the strategy's own
 * clock (a strategy with `manageGtdExpiry`), for venues that do not expire them, or do so late.
 *
 * # Rules
 * - An order is tracked when it is GTD with an expiry and not closed: when the owner calls
 *   `track(order)` (on submit), on its `OrderSubmitted`/`OrderAccepted`, and on `start()` for every
 *   open or in-flight order of the strategy (after a restart). Tracking is idempotent.
 * - A tracked order has one time alert named `GTD-EXPIRY:<clientOrderId>` at `expireTimeNs`. An
 *   expiry already past when tracked is acted on at once (no alert).
 * - At expiry, an order still not closed is canceled through the owner's `cancelOrder`, unless a
 *   cancel is already in flight (`PENDING_CANCEL`).
 * - `OrderCancelRejected` of a tracked order past its expiry and not closed re-arms the alert
 *   `retryDelayNs` later (default 1 s), and the cancel is tried again then. A rejected cancel
 *   before the expiry changes nothing (the alert is still armed).
 * - When the order closes (canceled, expired, filled, rejected, denied), its alert is canceled and
 *   it is no longer tracked. `stop()` cancels every alert.
 *
 * A cancel that is never answered is not retried here: in-flight checks of the live engine
 * resolve it.
 */
import type { Clock, TimeEvent } from '../../common/clock/index.js';
import type { Logger } from '../../common/logging/index.js';
import type { OrderEvent } from '../../model/events/index.js';
import { ClientOrderId, type StrategyId } from '../../model/identifiers/index.js';
import type { Order } from '../../model/orders/index.js';
import type { OpenOrderLookup, OrderActions } from './types.js';

/** Prefix of the alert names. */
export const GTD_EXPIRY_TIMER_PREFIX = 'GTD-EXPIRY:';
/** Default delay before a rejected expiry cancel is tried again: 1 s. */
export const DEFAULT_GTD_RETRY_DELAY_NS = 1_000_000_000n;

/** Options of {@link GtdExpiryManager}. */
export interface GtdExpiryManagerOptions {
  /** The strategy's clock: alerts are set on it. */
  readonly clock: Clock;
  /** Where orders are looked up (the cache). */
  readonly orders: OpenOrderLookup;
  readonly actions: Pick<OrderActions, 'cancelOrder'>;
  /** Only this strategy's orders are rebuilt on `start()`. */
  readonly strategyId: StrategyId;
  /** Delay before a rejected cancel is retried (ns, > 0). Default 1 s. */
  readonly retryDelayNs?: bigint;
  readonly log?: Logger;
}

/**
 * Cancels GTD orders at expiry (see the module doc).
 *
 * @example
 * ```ts
 * const gtd = new GtdExpiryManager({ clock, orders: cache, actions: strategy, strategyId });
 * gtd.start();            // on the strategy's start: alerts for the open GTD orders
 * gtd.track(order);       // on submit
 * gtd.handleEvent(event); // every order event of the strategy, after it was applied
 * ```
 */
export class GtdExpiryManager {
  readonly #clock: Clock;
  readonly #orders: OpenOrderLookup;
  readonly #actions: Pick<OrderActions, 'cancelOrder'>;
  readonly #strategyId: StrategyId;
  readonly #retryDelayNs: bigint;
  readonly #log: Logger | null;
  /** Tracked client order ids (value -> id). */
  readonly #tracked = new Map<string, ClientOrderId>();
  readonly #onAlert = (event: TimeEvent): void =>
    this.#expire(event.name.slice(GTD_EXPIRY_TIMER_PREFIX.length));

  constructor(options: GtdExpiryManagerOptions) {
    const delay = options.retryDelayNs ?? DEFAULT_GTD_RETRY_DELAY_NS;
    if (typeof delay !== 'bigint' || delay <= 0n) {
      throw new RangeError(`retryDelayNs must be a bigint > 0, was ${String(delay)}`);
    }
    this.#clock = options.clock;
    this.#orders = options.orders;
    this.#actions = options.actions;
    this.#strategyId = options.strategyId;
    this.#retryDelayNs = delay;
    this.#log = options.log ?? null;
  }

  /** The alert name of an order. */
  static timerName(clientOrderId: ClientOrderId): string {
    return GTD_EXPIRY_TIMER_PREFIX + clientOrderId.value;
  }

  /** Client order ids tracked now, in the order first tracked. */
  get tracked(): readonly ClientOrderId[] {
    return [...this.#tracked.values()];
  }

  /** Tracks every open or in-flight GTD order of the strategy (orders past expiry are canceled now). */
  start(): void {
    const filter = { strategyId: this.#strategyId };
    const seen = new Set<string>();
    for (const o of [...this.#orders.ordersOpen(filter), ...this.#orders.ordersInflight(filter)]) {
      if (seen.has(o.clientOrderId.value)) continue;
      seen.add(o.clientOrderId.value);
      this.track(o);
    }
  }

  /** Cancels every alert and forgets every order. */
  stop(): void {
    for (const id of this.#tracked.values()) this.#clock.cancelTimer(GtdExpiryManager.timerName(id));
    this.#tracked.clear();
  }

  /**
   * Tracks a GTD order: sets its alert, or cancels it now when its expiry has passed. Returns
   * false (and does nothing) for an order that is not GTD, is closed, or is tracked already.
   */
  track(order: Order): boolean {
    const expire = order.expireTimeNs;
    if (order.timeInForce !== 'GTD' || expire === null || order.isClosed) return false;
    const key = order.clientOrderId.value;
    if (this.#tracked.has(key)) return false;
    this.#tracked.set(key, order.clientOrderId);
    if (expire <= this.#clock.timestampNs()) this.#expire(key);
    else this.#arm(order.clientOrderId, expire);
    return true;
  }

  /** Handles one order event of the strategy, after it was applied to its order. */
  handleEvent(event: OrderEvent): void {
    const key = event.clientOrderId.value;
    switch (event.type) {
      case 'OrderSubmitted':
      case 'OrderAccepted': {
        const order = this.#orders.order(event.clientOrderId);
        if (order !== null) this.track(order);
        return;
      }
      case 'OrderCancelRejected': {
        if (!this.#tracked.has(key)) return;
        const order = this.#orders.order(event.clientOrderId);
        if (order === null || order.isClosed) {
          this.#untrack(event.clientOrderId);
          return;
        }
        const name = GtdExpiryManager.timerName(event.clientOrderId);
        // Still armed: the rejected cancel was not ours (or came before the expiry).
        if (this.#clock.nextTimeNs(name) !== undefined) return;
        const now = this.#clock.timestampNs();
        if (order.expireTimeNs !== null && order.expireTimeNs <= now) {
          this.#log?.info({ clientOrderId: key }, 'GTD expiry cancel rejected: retrying');
          this.#arm(event.clientOrderId, now + this.#retryDelayNs);
        }
        return;
      }
      case 'OrderCanceled':
      case 'OrderExpired':
      case 'OrderRejected':
      case 'OrderDenied':
      case 'OrderFilled': {
        if (!this.#tracked.has(key)) return;
        const order = this.#orders.order(event.clientOrderId);
        if (order === null || order.isClosed) this.#untrack(event.clientOrderId);
        return;
      }
      default:
        return;
    }
  }

  #arm(id: ClientOrderId, atNs: bigint): void {
    const name = GtdExpiryManager.timerName(id);
    this.#clock.cancelTimer(name);
    this.#clock.setTimeAlert({ name, alertTimeNs: atNs, callback: this.#onAlert });
  }

  #untrack(id: ClientOrderId): void {
    this.#tracked.delete(id.value);
    this.#clock.cancelTimer(GtdExpiryManager.timerName(id));
  }

  #expire(key: string): void {
    const id = this.#tracked.get(key) ?? ClientOrderId.from(key);
    const order = this.#orders.order(id);
    if (order === null || order.isClosed) {
      this.#untrack(id);
      return;
    }
    if (order.status === 'PENDING_CANCEL') return;
    this.#log?.info({ clientOrderId: key }, 'GTD order expired: canceling');
    this.#actions.cancelOrder(order);
  }
}
