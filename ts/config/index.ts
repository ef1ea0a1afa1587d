/**
 * Configuration: zod schemas for every config class, each exported as a schema and as its parsed
 * type under the same name (plus `<Name>Input` for what may be written), and the helpers to parse
 * them with one error listing every problem.
 */
export {
  BinanceAccountType,
  type BinanceCredentials,
  BinanceDataClientConfig,
  type BinanceDataClientConfigInput,
  BinanceExecClientConfig,
  type BinanceExecClientConfigInput,
  BinanceKeyType,
  resolveBinanceCredentials,
} from './binance.js';
export { CacheConfig, type CacheConfigInput, DatabaseEncoding } from './cache.js';
export {
  type ClientType,
  DataClientConfig,
  type DataClientConfigInput,
  ExecClientConfig,
  type ExecClientConfigInput,
  MockClientConfig,
  type MockClientConfigInput,
} from './clients.js';
export { LiveDataEngineConfig, type LiveDataEngineConfigInput } from './data-engine.js';
export { DatabaseConfig, type DatabaseConfigInput } from './database.js';
export { LiveExecEngineConfig, type LiveExecEngineConfigInput, PURGE_PAIRS } from './exec-engine.js';
export { MessageBusConfig, type MessageBusConfigInput } from './message-bus.js';
export {
  type ConfigIssue,
  type ConfigResult,
  configIssues,
  formatPath,
  parseConfig,
  safeParseConfig,
} from './parse.js';
export { PortfolioConfig, type PortfolioConfigInput } from './portfolio.js';
export { parseRateLimit, type RateLimit } from './rate-limit.js';
export { redactConfig } from './redact.js';
export { LiveRiskEngineConfig, type LiveRiskEngineConfigInput } from './risk-engine.js';
export {
  ImportableStrategyConfig,
  type ImportableStrategyConfigInput,
  StrategyConfig,
  type StrategyConfigInput,
} from './strategy.js';
export { LoggingLevel, TradingNodeConfig, type TradingNodeConfigInput } from './trading-node.js';
