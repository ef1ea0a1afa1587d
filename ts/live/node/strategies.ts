/**
 * What the node needs of a strategy, and loading strategies named in the config.
 *
 * The node treats a strategy as a component it registers, starts after reconciliation and stops
 * first on the way down; {@link NodeStrategy} is that contract (the `Strategy` base class of
 * `ts/trading` satisfies it).
 *
 * # Loading (`strategies: [{ strategyPath: 'module:Export', config }]`)
 * The module is imported (a path starting with `.` or `/` is resolved from the working
 * directory; anything else is a package specifier), its export must be a class, and the node
 * builds it with `new Export(config)`. When the class has a static `configSchema` (a zod schema,
 * as the example strategies do) the config is parsed with it first, so its defaults are filled in
 * and a bad config fails with every problem listed. A missing module, a missing export, a bad
 * config or an instance that is not a strategy fails the `build` step with the path in the
 * message.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Cache } from '../../cache/index.js';
import type { Clock, Logger, MessageBus } from '../../common/index.js';
import { type ImportableStrategyConfig, safeParseConfig } from '../../config/index.js';
import type { Portfolio } from '../../engine/portfolio.js';
import type { OmsType } from '../../model/enums.js';
import { KairosError } from '../../model/errors.js';
import type { StrategyId, TraderId } from '../../model/identifiers/index.js';

/** What a strategy is given when the node registers it (the `ActorDeps` of `ts/trading`). */
export interface StrategyDeps {
  readonly traderId: TraderId;
  readonly clock: Clock;
  readonly bus: MessageBus;
  readonly cache: Cache;
  readonly portfolio: Portfolio;
  readonly logger: Logger;
  /** Where a strategy registers its own OMS type (the execution engine). */
  readonly omsRegistry: { registerOmsType(strategyId: StrategyId, omsType: OmsType): void };
}

/** A strategy as the node runs it. */
export interface NodeStrategy {
  readonly strategyId: StrategyId;
  /** The settings the node reads (`externalOrderClaims`: instrument ids, for reconciliation). */
  readonly config: { readonly externalOrderClaims?: readonly string[] | null };
  /** Called once at `build()`, before anything starts (leaves the strategy READY). */
  register(deps: StrategyDeps): void;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

/** True when `x` has the shape of a {@link NodeStrategy}. */
export function isNodeStrategy(x: unknown): x is NodeStrategy {
  if (x === null || typeof x !== 'object') return false;
  const s = x as Record<string, unknown>;
  return (
    typeof s.register === 'function' &&
    typeof s.start === 'function' &&
    typeof s.stop === 'function' &&
    s.strategyId !== undefined &&
    typeof s.config === 'object'
  );
}

type ConfigSchema = Parameters<typeof safeParseConfig>[0];

/** A zod schema (anything with `safeParse`). */
function isSchema(x: unknown): x is ConfigSchema {
  return (
    typeof x === 'object' && x !== null && typeof (x as { safeParse?: unknown }).safeParse === 'function'
  );
}

/** Splits `module:Export` at the last colon. */
export function splitStrategyPath(path: string): { readonly module: string; readonly exportName: string } {
  const i = path.lastIndexOf(':');
  return { module: path.slice(0, i), exportName: path.slice(i + 1) };
}

function specifierOf(module: string, cwd: string): string {
  if (module.startsWith('.') || isAbsolute(module)) return pathToFileURL(resolve(cwd, module)).href;
  return module;
}

/** Imports and builds one configured strategy (see the module doc). */
export async function loadStrategy(
  entry: ImportableStrategyConfig,
  cwd = process.cwd(),
): Promise<NodeStrategy> {
  const { module, exportName } = splitStrategyPath(entry.strategyPath);
  let ns: Record<string, unknown>;
  try {
    ns = (await import(specifierOf(module, cwd))) as Record<string, unknown>;
  } catch (e) {
    throw new KairosError(
      'STRATEGY_LOAD_FAILED',
      `cannot import '${module}' (strategyPath '${entry.strategyPath}'): ${(e as Error).message}`,
    );
  }
  const ctor = ns[exportName];
  if (typeof ctor !== 'function') {
    throw new KairosError(
      'STRATEGY_LOAD_FAILED',
      `'${module}' has no class export '${exportName}' (strategyPath '${entry.strategyPath}')`,
    );
  }
  let config: unknown = entry.config;
  const schema = (ctor as { configSchema?: unknown }).configSchema;
  if (isSchema(schema)) {
    const parsed = safeParseConfig(schema, entry.config);
    if (!parsed.ok) {
      throw new KairosError(
        'STRATEGY_LOAD_FAILED',
        `config of '${entry.strategyPath}': ${parsed.error.message}`,
        parsed.error.details,
      );
    }
    config = parsed.value;
  }
  const instance: unknown = new (ctor as new (config: unknown) => unknown)(config);
  if (!isNodeStrategy(instance)) {
    throw new KairosError(
      'STRATEGY_LOAD_FAILED',
      `'${entry.strategyPath}' is not a strategy (needs strategyId, config, register, start, stop)`,
    );
  }
  return instance;
}
