/**
 * Kairos: the public API. Everything is re-exported by explicit name.
 */
import { native } from './native.js';

// Venue adapters.
export {
  BinanceDataClient,
  type BinanceDataClientOptions,
  BinanceError,
  BinanceExecutionClient,
  type BinanceExecutionClientOptions,
  BinanceNodeDataClient,
  BinanceNodeExecutionClient,
  type CancelOrderRequest,
  type CommandResult,
  type DataClientLike,
  type ExecutionClientLike,
  type ModifyOrderRequest,
  type QueryOrderRequest,
  type ReportQuery,
  type SubmitOrderRequest,
} from './adapters/binance/index.js';
export {
  EmaCross,
  EmaCrossConfig,
  formatResult,
  MarketMaker,
  MarketMakerConfig,
  runEmaCrossExample,
  runMarketMakerExample,
} from './backtest/examples/index.js';
export * from './backtest/index.js';
export {
  type AddOrderOptions,
  Cache,
  type CacheCounts,
  type CacheDatabase,
  CacheError,
  CacheErrorCode,
  type CacheOptions,
  type CacheState,
  DEFAULT_CACHE_CAPACITY,
  type OrderFilter,
  type PositionFilter,
} from './cache/index.js';
export {
  HEARTBEAT_TOPIC,
  RECORD_FORMAT_VERSION,
  RedisBackendError,
  RedisBackendErrorCode,
  type RedisBackendStatus,
  RedisCacheDatabase,
  type RedisCacheDatabaseOptions,
  type RedisCacheDatabaseStats,
  type RedisConnectionConfig,
  RedisStreamConsumer,
  type RedisStreamConsumerOptions,
  RedisStreamPublisher,
  type RedisStreamPublisherOptions,
  type StreamMessage,
} from './cache/redis/index.js';
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
  BinanceAccountType,
  type BinanceCredentials,
  BinanceDataClientConfig,
  BinanceExecClientConfig,
  BinanceKeyType,
  CacheConfig,
  type ConfigIssue,
  type ConfigResult,
  DatabaseConfig,
  DatabaseEncoding,
  DataClientConfig,
  ExecClientConfig,
  ImportableStrategyConfig,
  LiveDataEngineConfig,
  LiveExecEngineConfig,
  LiveRiskEngineConfig,
  LoggingLevel,
  MessageBusConfig,
  MockClientConfig,
  PortfolioConfig,
  parseConfig,
  parseRateLimit,
  type RateLimit,
  redactConfig,
  resolveBinanceCredentials,
  StrategyConfig,
  safeParseConfig,
  TradingNodeConfig,
} from './config/index.js';
// The domain model, the engines, the live layer and the trading layer: their index files list
// their public names explicitly.
export * from './engine/index.js';
export * from './live/index.js';
export * from './model/index.js';
export * from './trading/index.js';
// The public node: the live node with the built-in client types.
export { builtInClientFactories, TradingNode } from './trading-node.js';

// The local Binance-compatible venue.
export {
  FaultConfig,
  type FaultConfigInput,
  type RunningVenue,
  type RunVenueOptions,
  runVenue,
  VenueConfig,
  type VenueConfigInput,
  VenueServer,
} from './venue/index.js';

/** Version of the loaded native core. */
export const coreVersion: () => string = native.coreVersion;
