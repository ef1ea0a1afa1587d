/**
 * Clients are pluggable: the node builds each configured data and execution client with the
 * factory registered for its config's `type`. The registry is an option of the node, so tests
 * (and users with their own venue) give their own factories.
 *
 * ```ts
 * const node = new TradingNode(config, {
 *   clients: {
 *     data: { MOCK: (cfg, ctx) => new MockDataClient({ clientId: ctx.name, venue: cfg.venue, clock: ctx.clock, bus: ctx.bus }) },
 *     exec: { MOCK: (cfg, ctx) => new MockExecutionClient({ clientId: ctx.name, venue: cfg.venue, clock: ctx.clock, sink: ctx.sink, cache: ctx.cache }) },
 *   },
 * });
 * ```
 */
import type { Cache } from '../../cache/index.js';
import type { Clock, Logger, MessageBus } from '../../common/index.js';
import type {
  ClientType,
  DataClientConfig,
  ExecClientConfig,
  LiveExecEngineConfig,
} from '../../config/index.js';
import type { DataClient, ExecutionClient } from '../../engine/clients.js';
import type { TraderId } from '../../model/identifiers/index.js';
import type { ReconciliationClient } from '../reconciliation/client.js';
import type { ExecutionSink } from './queue.js';

/** An execution client the node can run: routed orders by the engine, queried by reconciliation. */
export type LiveExecutionClient = ExecutionClient & ReconciliationClient;

/** What a factory gets to build a client. */
export interface ClientFactoryContext {
  /** The client's name in the config (`BINANCE_SPOT`): its client id. */
  readonly name: string;
  readonly traderId: TraderId;
  readonly clock: Clock;
  readonly bus: MessageBus;
  readonly cache: Cache;
  readonly logger: Logger;
  /** Execution clients deliver order events, account states and runtime reports here. */
  readonly sink: ExecutionSink;
  readonly execEngine: LiveExecEngineConfig;
}

/** Builds a data client from its config. */
export type DataClientFactory<C extends DataClientConfig = DataClientConfig> = (
  config: C,
  ctx: ClientFactoryContext,
) => DataClient;

/** Builds an execution client from its config. */
export type ExecClientFactory<C extends ExecClientConfig = ExecClientConfig> = (
  config: C,
  ctx: ClientFactoryContext,
) => LiveExecutionClient;

/** The factories by config `type`. */
export interface ClientFactories {
  readonly data: { readonly [K in ClientType]?: DataClientFactory<Extract<DataClientConfig, { type: K }>> };
  readonly exec: { readonly [K in ClientType]?: ExecClientFactory<Extract<ExecClientConfig, { type: K }>> };
}

/** `base` with the factories of `over` replacing those of the same type. */
export function mergeClientFactories(base: ClientFactories, over: Partial<ClientFactories>): ClientFactories {
  return { data: { ...base.data, ...over.data }, exec: { ...base.exec, ...over.exec } };
}
