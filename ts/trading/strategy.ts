/**
 * `Strategy`: an {@link Actor} that trades. The same class runs in a backtest and live.
 *
 * ```ts
 * class Scalper extends Strategy<ScalperConfig> {
 *   protected override onStart() {
 *     this.subscribeQuoteTicks(this.instrumentId);
 *   }
 *   override async onQuoteTick(q: QuoteTick) {
 *     const order = this.orderFactory.market({ instrumentId: q.instrumentId, side: 'BUY', quantity });
 *     this.submitOrder(order);
 *   }
 *   override onOrderFilled(fill: OrderFilled) { ... }
 * }
 * ```
 *
 * # Wiring
 * Commands go to `RiskEngine.execute` (then the ExecutionEngine, then the venue's client); the
 * strategy hears back on `events.order.<strategyId>` and `events.position.<strategyId>`. It
 * never calls an engine directly, except to register its OMS type (`omsType` in the config) with
 * the execution engine at registration.
 *
 * # Hooks and their order
 * For an order event: the specific hook (`onOrderFilled`, `onOrderCanceled`, ...), then
 * `onOrderEvent`, then `onEvent`. For a position event: `onPositionOpened` / `onPositionChanged`
 * / `onPositionClosed`, then `onPositionEvent`, then `onEvent`. Each may return a promise; the
 * per-strategy queue of {@link Actor} keeps every event in order (see there).
 *
 * # Settings honoured (StrategyConfig)
 * | setting                  | effect                                                          |
 * |--------------------------|-----------------------------------------------------------------|
 * | `strategyId`             | the id (default `<ClassName>-<orderIdTag or 000>`)              |
 * | `orderIdTag`             | tag of the client order ids of `orderFactory`                   |
 * | `omsType`                | registered with the execution engine (`registerOmsType`)        |
 * | `useUuidClientOrderIds`  | `orderFactory` makes UUID v4 ids                                |
 * | `externalOrderClaims`    | exposed as `externalOrderClaims` for the live node               |
 * | `manageContingentOrders` | a `ContingentOrderManager` acts on OTO/OCO/OUO; OTO children of a submitted list are held locally until their parent fills |
 * | `manageGtdExpiry`        | a `GtdExpiryManager` cancels GTD orders at expiry on the strategy's clock |
 *
 * # Orders held locally
 * With `manageContingentOrders`, the children of an OTO parent stay INITIALIZED in the cache
 * until the parent fills. Canceling or modifying such an order applies `OrderCanceled` /
 * `OrderUpdated` locally (through `ExecEngine.process`, so the cache and the topics see it): no
 * venue knows it yet.
 */
import { nextComponentState } from '../common/component/index.js';
import {
  cancelAllOrders as cancelAllOrdersCommand,
  cancelOrder as cancelOrderCommand,
  Endpoint,
  orderList as engineOrderList,
  hedgingPositionId,
  modifyOrder as modifyOrderCommand,
  type OrderList,
  submitOrder as submitOrderCommand,
  submitOrderList as submitOrderListCommand,
  Topics,
} from '../engine/index.js';
import type { OmsType, OrderSide, PositionSide } from '../model/enums.js';
import { KairosError } from '../model/errors.js';
import {
  type OrderAccepted,
  type OrderCanceled,
  type OrderCancelRejected,
  type OrderDenied,
  type OrderEmulated,
  type OrderEvent,
  type OrderEventHeader,
  type OrderExpired,
  type OrderFilled,
  type OrderInitialized,
  type OrderModifyRejected,
  type OrderPendingCancel,
  type OrderPendingUpdate,
  type OrderRejected,
  type OrderReleased,
  type OrderSubmitted,
  type OrderTriggered,
  type OrderUpdated,
  orderCanceled,
  orderUpdated,
  type PositionChanged,
  type PositionClosed,
  type PositionOpened,
} from '../model/events/index.js';
import { type ClientId, InstrumentId, type PositionId, StrategyId } from '../model/identifiers/index.js';
import type { Order } from '../model/orders/index.js';
import type { Position } from '../model/positions/index.js';
import type { Price, Quantity } from '../model/values/index.js';
import { Actor, type ActorDeps } from './actor.js';
import { ContingentOrderManager, GtdExpiryManager, type ModifyOrderChanges } from './managers/index.js';
import { OrderFactory } from './order-factory.js';

/** A position event; switch on `type`. */
export type PositionEvent = PositionOpened | PositionChanged | PositionClosed;

/** Where a command goes and which position it belongs to. */
export interface OrderCommandOptions {
  /** HEDGING: the position the order belongs to (a close); default none (opens a new one). */
  readonly positionId?: PositionId | null;
  /** Route to this execution client (default: by the instrument's venue). */
  readonly clientId?: ClientId | null;
}

/** New values of a working order; every field given changes. */
export interface ModifyOrderFields {
  readonly quantity?: Quantity | null;
  readonly price?: Price | null;
  readonly triggerPrice?: Price | null;
}

/** Options of `closePosition` / `closeAllPositions`. */
export interface ClosePositionOptions {
  readonly clientId?: ClientId | null;
  readonly tags?: readonly string[];
}

/**
 * The settings every strategy has (`StrategyConfig` of `ts/config`, whose parsed type satisfies
 * this). Every default there is "off" (`null` or `false`), so an absent key reads as its default
 * here and no default is restated.
 */
export interface StrategySettings {
  readonly strategyId?: string | null;
  readonly orderIdTag?: string | null;
  readonly omsType?: OmsType | null;
  readonly useUuidClientOrderIds?: boolean;
  readonly externalOrderClaims?: readonly string[] | null;
  readonly manageContingentOrders?: boolean;
  readonly manageGtdExpiry?: boolean;
}

/** The settings with absent keys read as their defaults. */
interface ResolvedSettings {
  readonly strategyId: string | null;
  readonly orderIdTag: string | null;
  readonly omsType: OmsType | null;
  readonly useUuidClientOrderIds: boolean;
  readonly externalOrderClaims: readonly string[] | null;
  readonly manageContingentOrders: boolean;
  readonly manageGtdExpiry: boolean;
}

function resolve(c: StrategySettings): ResolvedSettings {
  return {
    strategyId: c.strategyId ?? null,
    orderIdTag: c.orderIdTag ?? null,
    omsType: c.omsType ?? null,
    useUuidClientOrderIds: c.useUuidClientOrderIds === true,
    externalOrderClaims: c.externalOrderClaims ?? null,
    manageContingentOrders: c.manageContingentOrders === true,
    manageGtdExpiry: c.manageGtdExpiry === true,
  };
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && value !== undefined && typeof (value as { then?: unknown }).then === 'function';
}

/** Runs `a(x)` then `b(x)`, waiting for `a` when it returns a promise. */
function then2<T>(r: void | Promise<void>, next: (x: T) => void | Promise<void>, x: T): void | Promise<void> {
  if (isPromiseLike(r)) return Promise.resolve(r).then(() => next(x));
  return next(x);
}

/** The base class of every strategy (see the module doc). */
export abstract class Strategy<C extends StrategySettings = StrategySettings> extends Actor {
  /** The config as given (the subclass's own fields included). */
  readonly config: C;
  /** The base settings, absent keys read as their defaults. */
  readonly settings: ResolvedSettings;
  readonly strategyId: StrategyId;
  /** Instruments whose external orders this strategy claims (`null`: none). */
  readonly externalOrderClaims: readonly InstrumentId[] | null;
  #factory: OrderFactory | null = null;
  #contingent: ContingentOrderManager | null = null;
  #gtd: GtdExpiryManager | null = null;

  readonly #deliverOrder = (e: OrderEvent): void | Promise<void> =>
    then2(this.#orderHook(e), this.#afterOrderHook, e);
  readonly #afterOrderHook = (e: OrderEvent): void | Promise<void> =>
    then2(this.onOrderEvent(e), this.#onEventHook, e);
  readonly #deliverPosition = (e: PositionEvent): void | Promise<void> =>
    then2(this.#positionHook(e), this.#afterPositionHook, e);
  readonly #afterPositionHook = (e: PositionEvent): void | Promise<void> =>
    then2(this.onPositionEvent(e), this.#onEventHook, e);
  readonly #onEventHook = (e: OrderEvent | PositionEvent): void | Promise<void> => this.onEvent(e);

  readonly #onOrderMessage = (e: OrderEvent): void => {
    // The managers decide from the cache as it is now, so they run at once (the user's hooks
    // run through the queue). A fill waits for its position event: the execution engine
    // publishes the fill before it updates the position, and released OTO exits are
    // reduce-only, checked against that position.
    if (this.#contingent !== null) {
      this.#flushFills();
      if (e.type === 'OrderFilled') this.#heldFills.push(e);
      else this.#contingent.handleEvent(e);
    }
    if (this.#gtd !== null) this.#gtd.handleEvent(e);
    if (!this.isDisposed) this.queue.push(this.#deliverOrder, e);
  };
  readonly #onPositionMessage = (e: PositionEvent): void => {
    this.#flushFills();
    if (!this.isDisposed) this.queue.push(this.#deliverPosition, e);
  };
  /** Fills waiting for their position event before the contingent manager sees them. */
  readonly #heldFills: OrderFilled[] = [];

  #flushFills(): void {
    if (this.#heldFills.length === 0 || this.#contingent === null) return;
    const fills = this.#heldFills.splice(0);
    for (const f of fills) this.#contingent.handleEvent(f);
  }

  /**
   * @param config the strategy's config: a parsed `StrategyConfig` (or an extension of it:
   * `MyConfig.parse(...)` checks it), or a plain object of its settings.
   */
  constructor(config?: C) {
    const settings = resolve(config ?? {});
    const id = settings.strategyId ?? `${new.target.name}-${settings.orderIdTag ?? '000'}`;
    const strategyId = StrategyId.from(id);
    super(strategyId.value);
    this.strategyId = strategyId;
    this.settings = settings;
    this.config = (config ?? {}) as C;
    this.externalOrderClaims =
      settings.externalOrderClaims === null
        ? null
        : settings.externalOrderClaims.map((s) => InstrumentId.from(s));
  }

  protected override onRegister(deps: ActorDeps): void {
    this.#heldFills.length = 0;
    this.#factory = new OrderFactory({
      traderId: deps.traderId,
      strategyId: this.strategyId,
      clock: deps.clock,
      orderIdTag: this.settings.orderIdTag,
      useUuidClientOrderIds: this.settings.useUuidClientOrderIds,
    });
    if (this.settings.omsType !== null) {
      if (deps.omsRegistry === undefined) {
        this.log.warn(
          { omsType: this.settings.omsType },
          'omsType set but no execution engine to register it with',
        );
      } else deps.omsRegistry.registerOmsType(this.strategyId, this.settings.omsType);
    }
    if (this.settings.manageContingentOrders) {
      this.#contingent = new ContingentOrderManager({ orders: deps.cache, actions: this, log: this.log });
    }
    if (this.settings.manageGtdExpiry) {
      this.#gtd = new GtdExpiryManager({
        clock: deps.clock,
        orders: deps.cache,
        actions: this,
        strategyId: this.strategyId,
        log: this.log,
      });
    }
    deps.bus.subscribe(Topics.orderEvents(this.strategyId), this.#onOrderMessage);
    deps.bus.subscribe(Topics.positionEvents(this.strategyId), this.#onPositionMessage);
  }

  /** Builds this strategy's orders (ids from its tag, time from its clock). */
  get orderFactory(): OrderFactory {
    if (this.#factory === null) {
      throw new KairosError(
        'ACTOR_NOT_REGISTERED',
        `${this.componentId}: orderFactory before register(): add the strategy to an engine first`,
      );
    }
    return this.#factory;
  }

  /** The contingent-order manager (with `manageContingentOrders`), else `null`. */
  get contingentOrderManager(): ContingentOrderManager | null {
    return this.#contingent;
  }
  /** The GTD expiry manager (with `manageGtdExpiry`), else `null`. */
  get gtdExpiryManager(): GtdExpiryManager | null {
    return this.#gtd;
  }

  /** READY -> RUNNING; id counts continue from the cache, GTD alerts are rebuilt. */
  override start(): Promise<void> {
    if (nextComponentState(this.state, 'START') !== undefined && this.#factory !== null) {
      const count = this.cache.ordersTotalCount({ strategyId: this.strategyId });
      if (count > 0) this.#factory.setCounts(count, this.cache.orderLists().length);
    }
    const done = super.start();
    this.#gtd?.start();
    if (this.#contingent !== null) {
      for (const o of this.cache.orders({ strategyId: this.strategyId })) {
        if (o.contingencyType === 'OTO' && !o.filledQty.isZero()) this.#contingent.evaluate(o);
      }
    }
    return done;
  }

  override stop(): Promise<void> {
    const done = super.stop();
    this.#gtd?.stop();
    return done;
  }

  override reset(): Promise<void> {
    const done = super.reset();
    this.queue.clear();
    this.#contingent?.reset();
    return done;
  }

  // ---- event hooks (override what you need; each may return a promise) -----------------------

  onOrderInitialized(_e: OrderInitialized): void | Promise<void> {}
  onOrderDenied(_e: OrderDenied): void | Promise<void> {}
  onOrderEmulated(_e: OrderEmulated): void | Promise<void> {}
  onOrderReleased(_e: OrderReleased): void | Promise<void> {}
  onOrderSubmitted(_e: OrderSubmitted): void | Promise<void> {}
  onOrderAccepted(_e: OrderAccepted): void | Promise<void> {}
  onOrderRejected(_e: OrderRejected): void | Promise<void> {}
  onOrderCanceled(_e: OrderCanceled): void | Promise<void> {}
  onOrderExpired(_e: OrderExpired): void | Promise<void> {}
  onOrderTriggered(_e: OrderTriggered): void | Promise<void> {}
  onOrderPendingUpdate(_e: OrderPendingUpdate): void | Promise<void> {}
  onOrderPendingCancel(_e: OrderPendingCancel): void | Promise<void> {}
  onOrderModifyRejected(_e: OrderModifyRejected): void | Promise<void> {}
  onOrderCancelRejected(_e: OrderCancelRejected): void | Promise<void> {}
  onOrderUpdated(_e: OrderUpdated): void | Promise<void> {}
  onOrderFilled(_e: OrderFilled): void | Promise<void> {}
  /** Every order event, after its specific hook. */
  onOrderEvent(_e: OrderEvent): void | Promise<void> {}
  onPositionOpened(_e: PositionOpened): void | Promise<void> {}
  onPositionChanged(_e: PositionChanged): void | Promise<void> {}
  onPositionClosed(_e: PositionClosed): void | Promise<void> {}
  /** Every position event, after its specific hook. */
  onPositionEvent(_e: PositionEvent): void | Promise<void> {}
  /** Every order and position event, last. */
  onEvent(_e: OrderEvent | PositionEvent): void | Promise<void> {}

  #orderHook(e: OrderEvent): void | Promise<void> {
    switch (e.type) {
      case 'OrderInitialized':
        return this.onOrderInitialized(e);
      case 'OrderDenied':
        return this.onOrderDenied(e);
      case 'OrderEmulated':
        return this.onOrderEmulated(e);
      case 'OrderReleased':
        return this.onOrderReleased(e);
      case 'OrderSubmitted':
        return this.onOrderSubmitted(e);
      case 'OrderAccepted':
        return this.onOrderAccepted(e);
      case 'OrderRejected':
        return this.onOrderRejected(e);
      case 'OrderCanceled':
        return this.onOrderCanceled(e);
      case 'OrderExpired':
        return this.onOrderExpired(e);
      case 'OrderTriggered':
        return this.onOrderTriggered(e);
      case 'OrderPendingUpdate':
        return this.onOrderPendingUpdate(e);
      case 'OrderPendingCancel':
        return this.onOrderPendingCancel(e);
      case 'OrderModifyRejected':
        return this.onOrderModifyRejected(e);
      case 'OrderCancelRejected':
        return this.onOrderCancelRejected(e);
      case 'OrderUpdated':
        return this.onOrderUpdated(e);
      case 'OrderFilled':
        return this.onOrderFilled(e);
    }
  }

  #positionHook(e: PositionEvent): void | Promise<void> {
    switch (e.type) {
      case 'PositionOpened':
        return this.onPositionOpened(e);
      case 'PositionChanged':
        return this.onPositionChanged(e);
      case 'PositionClosed':
        return this.onPositionClosed(e);
    }
  }

  // ---- actions ------------------------------------------------------------------------------

  /** Submits an order (INITIALIZED) through the risk engine. */
  submitOrder(order: Order, options: OrderCommandOptions = {}): void {
    this.#checkOwn(order);
    const now = this.clock.timestampNs();
    this.bus.send(
      Endpoint.RISK_EXECUTE,
      submitOrderCommand({
        order,
        positionId: options.positionId ?? this.#inheritedPositionId(order),
        clientId: options.clientId ?? null,
        commandId: this.nextId(),
        tsInit: now,
      }),
    );
    this.#gtd?.track(order);
  }

  /**
   * Submits a list of orders (a bracket from `orderFactory.bracket`, or `orderFactory.createList`).
   * With `manageContingentOrders`, children of an OTO parent in the list are held locally and
   * released by the manager when the parent fills; the rest is submitted.
   */
  submitOrderList(list: OrderList, options: OrderCommandOptions = {}): void {
    for (const o of list.orders) this.#checkOwn(o);
    const now = this.clock.timestampNs();
    const all = list;
    let toSend = list.orders;
    if (this.#contingent !== null) {
      const parents = new Set(
        list.orders.filter((o) => o.contingencyType === 'OTO').map((o) => o.clientOrderId.value),
      );
      const held = list.orders.filter((o) => o.parentOrderId !== null && parents.has(o.parentOrderId.value));
      if (held.length > 0) {
        if (!this.cache.orderListExists(list.id)) this.cache.addOrderList(all);
        for (const o of held) {
          if (!this.cache.orderExists(o.clientOrderId)) {
            this.cache.addOrder(o, {
              positionId: options.positionId ?? null,
              clientId: options.clientId ?? null,
            });
          }
        }
        toSend = list.orders.filter((o) => !held.includes(o));
      }
    }
    if (toSend.length === 1 && toSend.length !== list.orders.length) {
      this.submitOrder(toSend[0]!, options);
      return;
    }
    if (toSend.length === 0) return;
    this.bus.send(
      Endpoint.RISK_EXECUTE,
      submitOrderListCommand({
        traderId: this.traderId,
        orderList: toSend === list.orders ? all : engineOrderList(list.id, toSend, now),
        positionId: options.positionId ?? null,
        clientId: options.clientId ?? null,
        commandId: this.nextId(),
        tsInit: now,
      }),
    );
    if (this.#gtd !== null) for (const o of toSend) this.#gtd.track(o);
  }

  /** Modifies a working order (or, held locally, applies the change at once). */
  modifyOrder(
    order: Order,
    fields: ModifyOrderFields | ModifyOrderChanges,
    options: OrderCommandOptions = {},
  ): void {
    this.#checkOwn(order);
    const f = fields as ModifyOrderFields;
    const now = this.clock.timestampNs();
    if (order.status === 'INITIALIZED') {
      this.bus.send(
        Endpoint.EXEC_PROCESS,
        orderUpdated({
          ...this.#header(order, now),
          quantity: f.quantity ?? order.quantity,
          price: f.price ?? null,
          triggerPrice: f.triggerPrice ?? null,
        }),
      );
      return;
    }
    this.bus.send(
      Endpoint.RISK_EXECUTE,
      modifyOrderCommand({
        order,
        quantity: f.quantity ?? null,
        price: f.price ?? null,
        triggerPrice: f.triggerPrice ?? null,
        clientId: options.clientId ?? null,
        commandId: this.nextId(),
        tsInit: now,
      }),
    );
  }

  /** Cancels an order (or, held locally, cancels it at once). */
  cancelOrder(order: Order, options: OrderCommandOptions = {}): void {
    this.#checkOwn(order);
    const now = this.clock.timestampNs();
    if (order.status === 'INITIALIZED') {
      if (this.cache.orderExists(order.clientOrderId)) {
        this.bus.send(Endpoint.EXEC_PROCESS, orderCanceled(this.#header(order, now)));
      }
      return;
    }
    this.bus.send(
      Endpoint.RISK_EXECUTE,
      cancelOrderCommand({
        order,
        clientId: options.clientId ?? null,
        commandId: this.nextId(),
        tsInit: now,
      }),
    );
  }

  /** Cancels every open order of this strategy on the instrument (of one side when given), held ones included. */
  cancelAllOrders(
    instrumentId: InstrumentId,
    side: OrderSide | null = null,
    options: OrderCommandOptions = {},
  ): void {
    const now = this.clock.timestampNs();
    for (const o of this.cache.orders({ instrumentId, strategyId: this.strategyId })) {
      if (o.status === 'INITIALIZED' && (side === null || o.side === side)) this.cancelOrder(o);
    }
    this.bus.send(
      Endpoint.RISK_EXECUTE,
      cancelAllOrdersCommand({
        traderId: this.traderId,
        strategyId: this.strategyId,
        instrumentId,
        orderSide: side,
        clientId: options.clientId ?? null,
        commandId: this.nextId(),
        tsInit: now,
      }),
    );
  }

  /** Closes an open position with a reduce-only market order for its whole quantity. */
  closePosition(position: Position, options: ClosePositionOptions = {}): Order | null {
    if (!position.strategyId.eq(this.strategyId)) {
      throw new KairosError(
        'POSITION_NOT_OWNED',
        `${this.componentId}: position ${position.id} belongs to ${position.strategyId}`,
      );
    }
    if (position.isClosed) return null;
    const order = this.orderFactory.market({
      instrumentId: position.instrumentId,
      side: position.isLong ? 'SELL' : 'BUY',
      quantity: position.quantity,
      reduceOnly: true,
      ...(options.tags === undefined ? {} : { tags: options.tags }),
    });
    this.submitOrder(order, { positionId: position.id, clientId: options.clientId ?? null });
    return order;
  }

  /** Closes every open position of this strategy (on the instrument, of the side, when given). */
  closeAllPositions(
    instrumentId: InstrumentId | null = null,
    side: PositionSide | null = null,
    options: ClosePositionOptions = {},
  ): Order[] {
    const out: Order[] = [];
    const filter =
      instrumentId === null ? { strategyId: this.strategyId } : { strategyId: this.strategyId, instrumentId };
    for (const p of this.cache.positionsOpen(filter)) {
      if (side !== null && p.side !== side) continue;
      const o = this.closePosition(p, options);
      if (o !== null) out.push(o);
    }
    return out;
  }

  #checkOwn(order: Order): void {
    if (!order.strategyId.eq(this.strategyId)) {
      throw new KairosError(
        'ORDER_NOT_OWNED',
        `${this.componentId}: order ${order.clientOrderId} belongs to ${order.strategyId}`,
      );
    }
  }

  /** A released OTO child belongs to its parent's position (HEDGING). */
  #inheritedPositionId(order: Order): PositionId | null {
    const parent = order.parentOrderId;
    if (parent === null) return this.cache.positionIdForOrder(order.clientOrderId);
    return this.cache.positionIdForOrder(parent) ?? hedgingPositionId(parent);
  }

  #header(order: Order, now: bigint): OrderEventHeader {
    return order.eventHeader(this.nextId(), now);
  }
}
