/**
 * The backtest layer: `BacktestEngine`, the simulated exchange over the native matching engine,
 * fee models, results and statistics, and the example strategies.
 *
 * @module
 */
export {
  BacktestEngine,
  type BacktestEngineOptions,
  type BacktestRunOptions,
  type BacktestVenueConfig,
} from './engine.js';
export { type BacktestData, dataTs, SimulatedExchange, type SimulatedExchangeConfig } from './exchange.js';
export { type FeeModel, FixedFeeModel, MakerTakerFeeModel } from './fee-model.js';
export { type LedgerConfig, SimulatedLedger } from './ledger.js';
export type {
  AccountRecord,
  BacktestResult,
  BalanceRecord,
  FillRecord,
  OrderRecord,
  PositionRecord,
} from './result.js';
export {
  type BacktestStats,
  computeStats,
  dailyCloses,
  type EquityPoint,
  maxDrawdown,
  sharpeRatio,
} from './stats.js';
