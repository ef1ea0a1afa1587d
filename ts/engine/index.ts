/**
 * The engine layer: the DataEngine, RiskEngine and ExecutionEngine, the Portfolio, the commands
 * they take, the client interfaces adapters implement, and the topic names they publish on.
 * Imports only from `model`, `common`, `cache` and `config`.
 *
 * @module
 */
export {
  BarAggregator,
  BarBuilder,
  type BarHandler,
  createBarAggregator,
  DEFAULT_TIME_BAR_OPTIONS,
  TickBarAggregator,
  TimeBarAggregator,
  type TimeBarOptions,
  ValueBarAggregator,
  VolumeBarAggregator,
} from './bar-aggregation.js';
export { type BookFactory, type BookLike, orderBookFactory } from './book.js';
export type {
  ClientResult,
  DataClient,
  ExecutionClient,
  FillReportQuery,
  OrderStatusReportQuery,
  PositionStatusReportQuery,
} from './clients.js';
export {
  type CancelAllOrders,
  type CancelOrder,
  cancelAllOrders,
  cancelOrder,
  type ModifyOrder,
  modifyOrder,
  type OrderList,
  orderList,
  type QueryOrder,
  queryOrder,
  type SubmitOrder,
  type SubmitOrderList,
  submitOrder,
  submitOrderList,
  type TradingCommand,
  type TradingCommandFields,
  type TradingCommandHeader,
} from './commands.js';
export {
  type BarsSpec,
  type BookDeltasSpec,
  type BookSnapshotsSpec,
  type DataCommand,
  type DataRequest,
  type DataResponse,
  type DataSpec,
  dataRequest,
  type HistoryRange,
  type InstrumentSpec,
  type InstrumentsSpec,
  type QuotesSpec,
  type RequestSpec,
  type ResponseData,
  type Subscribe,
  specInstrument,
  specVenue,
  subscribe,
  type TradesSpec,
  type Unsubscribe,
  unsubscribe,
} from './data-commands.js';
export {
  DataEngine,
  type DataEngineOptions,
  type DataRequestFailed,
  type MarketData,
} from './data-engine.js';
export type { ClientOwnerOptions, EngineDeps } from './deps.js';
export { EngineError, EngineErrorCode, type EngineErrorCounts } from './errors.js';
export { type ExecEngineOptions, ExecutionEngine, type ExecutionEvent } from './exec-engine.js';
export { Portfolio, type PortfolioOptions } from './portfolio.js';
export { effectiveOms, hedgingPositionId, nettingPositionId } from './position-ids.js';
export {
  checkCashBalance,
  checkNotional,
  checkPrice,
  checkQuantity,
  orderNotional,
  pricingPrice,
  wouldReduce,
} from './risk-checks.js';
export {
  RiskEngine,
  type RiskEngineOptions,
  TradingState,
  type TradingStateChanged,
} from './risk-engine.js';
export { type ClientRouteOptions, ClientRouter } from './routing.js';
export {
  BusSnapshotWriter,
  type OrderStateSnapshot,
  type PositionStateSnapshot,
  positionStateSnapshot,
  SnapshotTopics,
  type SnapshotWriter,
} from './snapshots.js';
export { RateThrottler } from './throttler.js';
export { Endpoint, Topics } from './topics.js';
