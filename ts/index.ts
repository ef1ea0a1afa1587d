/**
 * Kairos: the public API. Everything is re-exported by explicit name.
 */
import { native } from './native.js';

export {
  type Clock,
  Component,
  ComponentState,
  createLogger,
  createSilentLogger,
  LiveClock,
  type Logger,
  type LogLevel,
  MessageBus,
  type TimeEvent,
} from './common/index.js';
export {
  type BookDeltaInput,
  BookError,
  type BookLevel,
  DeltaBatch,
  F_LAST,
  F_SNAPSHOT,
  F_TOB,
  OrderBook,
  OwnOrderBook,
} from './model/book/index.js';
export {
  AccountType,
  AggressorSide,
  BookAction,
  BookType,
  ContingencyType,
  LiquiditySide,
  OmsType,
  OrderSide,
  OrderStatus,
  OrderType,
  PositionSide,
  TimeInForce,
  TriggerType,
} from './model/enums.js';
export { KairosError } from './model/errors.js';
export {
  AccountId,
  ClientId,
  ClientOrderId,
  ComponentId,
  Identifier,
  InstrumentId,
  OrderListId,
  PositionId,
  StrategyId,
  Symbol,
  TradeId,
  TraderId,
  Venue,
  VenueOrderId,
} from './model/identifiers/index.js';
export {
  Currency,
  type CurrencyKind,
  FIXED_SCALE,
  Money,
  Price,
  Quantity,
  type ValueInput,
} from './model/values/index.js';

/** Version of the loaded native core. */
export const coreVersion: () => string = native.coreVersion;
