/**
 * Strategy configuration: the settings every strategy has, which users extend with their own.
 *
 * ```ts
 * const EmaCrossConfig = StrategyConfig.extend({
 *   instrumentId: z.string(),
 *   fastPeriod: z.int().positive().default(10),
 * });
 * type EmaCrossConfig = z.infer<typeof EmaCrossConfig>;
 * ```
 * The extended schema stays strict (unknown keys refused) and keeps every default below.
 */
import { z } from 'zod';

import { OmsType } from '../model/enums.js';
import { instrumentIdString, tokenString, uniqueList, userStrategyIdString } from './fields.js';

const OMS_TYPES = Object.keys(OmsType) as [OmsType, ...OmsType[]];

/**
 * The settings of every strategy. Field checks only (no object-level refinement) so that
 * `.extend()` works on it.
 */
export const StrategyConfig = z.strictObject({
  /** The strategy's id, name-tag format (`EMACross-001`); `null` derives it from the class. */
  strategyId: userStrategyIdString().nullable().default(null),
  /** Tag put in the strategy's client order ids, unique per node; `null` derives one. */
  orderIdTag: tokenString().nullable().default(null),
  /** OMS type for position ids and order flow; `null` uses the venue's. */
  omsType: z.enum(OMS_TYPES).nullable().default(null),
  /** Use UUID4 client order ids (some venues require them). */
  useUuidClientOrderIds: z.boolean().default(false),
  /** Instruments whose external orders this strategy claims (at start-up and at runtime). */
  externalOrderClaims: uniqueList(instrumentIdString(), 'instrument id').nullable().default(null),
  /** Manage contingent orders (OCO, OUO, OTO) automatically. */
  manageContingentOrders: z.boolean().default(false),
  /** Cancel GTD orders at their expiry from the strategy's own timer. */
  manageGtdExpiry: z.boolean().default(false),
});
export type StrategyConfig = z.infer<typeof StrategyConfig>;
export type StrategyConfigInput = z.input<typeof StrategyConfig>;

const STRATEGY_PATH_RE = /^(.+):([A-Za-z_$][A-Za-z0-9_$]*)$/;

type BaseShape = typeof StrategyConfig.shape;

/** The settings every strategy has, checked but optional and without defaults. */
const baseSettingsChecked = Object.fromEntries(
  Object.entries(StrategyConfig.shape).map(([k, v]) => [k, z.optional(v.unwrap())]),
) as { [K in keyof BaseShape]: z.ZodOptional<ReturnType<BaseShape[K]['unwrap']>> };

/**
 * A strategy named in a config file: the module and export to load (`'./ema-cross.js:EmaCross'`,
 * split at the last colon) and its config. Here `config` is checked for the settings every
 * strategy has, and its other keys are kept as they are: the strategy class checks them with its
 * own schema when the node builds it. Strategies can also be given to the node in code instead.
 */
export const ImportableStrategyConfig = z.strictObject({
  /** `module:ExportName` of the strategy class. */
  strategyPath: z.string().regex(STRATEGY_PATH_RE, {
    error: "must be 'module:ExportName', such as './strategies/ema-cross.js:EmaCross'",
  }),
  /**
   * The strategy's config: the `StrategyConfig` settings are checked here, its defaults are not
   * filled in (the strategy's own schema, which may default them otherwise, does that).
   */
  config: z.looseObject(baseSettingsChecked).prefault({}),
});
export type ImportableStrategyConfig = z.infer<typeof ImportableStrategyConfig>;
export type ImportableStrategyConfigInput = z.input<typeof ImportableStrategyConfig>;
