/**
 * The configuration of a live trading node: identity, lifecycle timeouts, every component's
 * config, and the data and execution clients keyed by client name (`BINANCE_SPOT`).
 *
 * `TradingNodeConfig.parse({})` gives the whole config with every default, nested ones included.
 *
 * # Settings refused together
 * - Two strategies with the same `strategyId` or `orderIdTag`.
 * - One instrument in the `externalOrderClaims` of two strategies (its external orders would
 *   have two owners).
 * A data client with no execution client of the same name (or the reverse) is fine.
 */
import { z } from 'zod';

import { CacheConfig } from './cache.js';
import { DataClientConfig, ExecClientConfig } from './clients.js';
import { LiveDataEngineConfig } from './data-engine.js';
import { LiveExecEngineConfig } from './exec-engine.js';
import {
  clientIdString,
  isRecord,
  positiveNumber,
  tokenString,
  traderIdString,
  whenObject,
} from './fields.js';
import { MessageBusConfig } from './message-bus.js';
import { PortfolioConfig } from './portfolio.js';
import { LiveRiskEngineConfig } from './risk-engine.js';
import { ImportableStrategyConfig } from './strategy.js';

/**
 * The node's log level, most verbose first. These are the logger's levels in the upper case of
 * Kairos enums: `loggingLevel.toLowerCase()` is the level to give `createLogger`; `SILENT` logs
 * nothing.
 */
export const LoggingLevel = z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'SILENT']);
export type LoggingLevel = z.infer<typeof LoggingLevel>;

/**
 * Checks between strategies: unique ids and tags, each instrument claimed once. Reads its fields
 * defensively: it also runs when another setting failed its own check (see `whenObject`).
 */
function checkStrategies(cfg: Readonly<Record<string, unknown>>, ctx: z.RefinementCtx): void {
  if (!Array.isArray(cfg.strategies)) return;
  const firsts = { strategyId: new Map<string, number>(), orderIdTag: new Map<string, number>() };
  const claims = new Map<string, number>();
  cfg.strategies.forEach((strategy: unknown, i) => {
    const config = isRecord(strategy) ? strategy.config : undefined;
    if (!isRecord(config)) return;
    for (const key of ['strategyId', 'orderIdTag'] as const) {
      const value = config[key];
      if (typeof value !== 'string') continue;
      const j = firsts[key].get(value);
      if (j === undefined) firsts[key].set(value, i);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['strategies', i, 'config', key],
          message: `duplicate ${key === 'strategyId' ? 'strategy id' : 'order id tag'} '${value}' (also strategies[${j}])`,
        });
    }
    const claimed = config.externalOrderClaims;
    if (!Array.isArray(claimed)) return;
    claimed.forEach((instrumentId: unknown, k) => {
      if (typeof instrumentId !== 'string') return;
      const j = claims.get(instrumentId);
      if (j === undefined) claims.set(instrumentId, i);
      else if (j !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['strategies', i, 'config', 'externalOrderClaims', k],
          message: `'${instrumentId}' is already claimed by strategies[${j}]`,
        });
    });
  });
}

/** A live trading node. */
export const TradingNodeConfig = z
  .strictObject({
    /** The trader, name-tag format. */
    traderId: traderIdString().default('TRADER-001'),
    /** This node's instance id (several instances of one trader); `null` generates one. */
    instanceId: tokenString().nullable().default(null),
    /** Seconds for every client to connect. */
    timeoutConnection: positiveNumber().default(30.0),
    /** Seconds for reconciliation to finish. */
    timeoutReconciliation: positiveNumber().default(10.0),
    /** Seconds for the portfolio to initialise. */
    timeoutPortfolio: positiveNumber().default(10.0),
    /** Seconds for every client to disconnect. */
    timeoutDisconnection: positiveNumber().default(10.0),
    /** Seconds for clean-up after stop. */
    timeoutPostStop: positiveNumber().default(5.0),
    /** The cache. */
    cache: CacheConfig.prefault({}),
    /** The message bus. */
    messageBus: MessageBusConfig.prefault({}),
    /** The data engine. */
    dataEngine: LiveDataEngineConfig.prefault({}),
    /** The risk engine. */
    riskEngine: LiveRiskEngineConfig.prefault({}),
    /** The execution engine. */
    execEngine: LiveExecEngineConfig.prefault({}),
    /** The portfolio. */
    portfolio: PortfolioConfig.prefault({}),
    /** Data clients by client name. */
    dataClients: z.record(clientIdString(), DataClientConfig).default({}),
    /** Execution clients by client name. */
    execClients: z.record(clientIdString(), ExecClientConfig).default({}),
    /** Strategies to load by module path (strategies can also be added in code). */
    strategies: z.array(ImportableStrategyConfig).default([]),
    /** Log level of the node. */
    loggingLevel: LoggingLevel.default('INFO'),
  })
  .superRefine(checkStrategies, whenObject);
export type TradingNodeConfig = z.infer<typeof TradingNodeConfig>;
export type TradingNodeConfigInput = z.input<typeof TradingNodeConfig>;
