/**
 * The trading layer: order building, contingent-order and GTD management.
 *
 * # How a strategy owns these pieces
 * ```ts
 * // on registration (trader id, clock and cache known):
 * this.orderFactory = new OrderFactory({ traderId, strategyId, clock, orderIdTag,
 *                                        useUuidClientOrderIds });
 * this.orderFactory.setCounts(cache.ordersTotalCount({ strategyId }), cache.orderLists().length);
 * if (config.manageContingentOrders)
 *   this.contingent = new ContingentOrderManager({ orders: cache, actions: this });
 * if (config.manageGtdExpiry)
 *   this.gtd = new GtdExpiryManager({ clock, orders: cache, actions: this, strategyId });
 * // onStart: this.gtd?.start(); for each open OTO parent: this.contingent?.evaluate(order)
 * // onStop:  this.gtd?.stop()
 * // submitOrderList(bracket): submit the entry only when contingent orders are managed
 * //   (the manager releases the exits); this.gtd?.track(order) on every submit
 * // every order event of the strategy, after the engine applied it and updated the cache:
 * //   this.contingent?.handleEvent(event); this.gtd?.handleEvent(event);
 * ```
 * The strategy is the `OrderActions` (`submitOrder`, `cancelOrder`, `modifyOrder`); for orders
 * still held locally (INITIALIZED) it applies `OrderUpdated`/`OrderCanceled` itself.
 */

export { Actor, type ActorDeps, type BookSubscribeOptions, type SubscribeOptions } from './actor.js';
export {
  CLIENT_ORDER_ID_MAX_LENGTH,
  ClientOrderIdGenerator,
  formatIdTime,
  type IdGenerator,
  type IdGeneratorOptions,
  OrderListIdGenerator,
  strategyTag,
} from './ids.js';
export {
  ContingentOrderManager,
  type ContingentOrderManagerOptions,
  DEFAULT_GTD_RETRY_DELAY_NS,
  GTD_EXPIRY_TIMER_PREFIX,
  GtdExpiryManager,
  type GtdExpiryManagerOptions,
  type ModifyOrderChanges,
  type OpenOrderLookup,
  type OrderActions,
  type OrderLookup,
} from './managers/index.js';
export {
  type BracketOrderList,
  type BracketOrderParams,
  type CommonOrderParams,
  type LimitIfTouchedOrderParams,
  type LimitOrderParams,
  type MarketIfTouchedOrderParams,
  type MarketOrderParams,
  type MarketToLimitOrderParams,
  OrderFactory,
  type OrderFactoryDefaults,
  type OrderFactoryOptions,
  type StopLimitOrderParams,
  type StopMarketOrderParams,
  type TrailingStopLimitOrderParams,
  type TrailingStopMarketOrderParams,
} from './order-factory.js';
export { SerialQueue } from './serial-queue.js';
export {
  type ClosePositionOptions,
  type ModifyOrderFields,
  type OrderCommandOptions,
  type PositionEvent as StrategyPositionEvent,
  Strategy,
  type StrategySettings,
} from './strategy.js';
