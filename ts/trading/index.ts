/** The trading layer: order building, contingent-order and GTD management. */
export {
  CLIENT_ORDER_ID_MAX_LENGTH,
  ClientOrderIdGenerator,
  formatIdTime,
  type IdGenerator,
  type IdGeneratorOptions,
  OrderListIdGenerator,
  strategyTag,
} from './ids.js';
export * from './managers/index.js';
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
  type OrderList,
  type StopLimitOrderParams,
  type StopMarketOrderParams,
  type TrailingStopLimitOrderParams,
  type TrailingStopMarketOrderParams,
} from './order-factory.js';
