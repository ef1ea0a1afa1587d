/** The live risk engine: pre-trade checks and order-rate throttles. */
import { z } from 'zod';

import { instrumentIdString, positiveDecimalString, positiveInt } from './fields.js';
import { rateLimitString } from './rate-limit.js';

/**
 * The live risk engine. Rates are `N/HH:MM:SS` strings (read them with `parseRateLimit`);
 * `maxNotionalPerOrder` maps an instrument id to a decimal string in the instrument's quote
 * currency (never a float).
 */
export const LiveRiskEngineConfig = z.strictObject({
  /** Skip every pre-trade check (orders still pass through the engine). */
  bypass: z.boolean().default(false),
  /** Most order submissions per interval, `N/HH:MM:SS`. */
  maxOrderSubmitRate: rateLimitString().default('100/00:00:01'),
  /** Most order modifications per interval, `N/HH:MM:SS`. */
  maxOrderModifyRate: rateLimitString().default('100/00:00:01'),
  /** Largest notional of one order, per instrument id. */
  maxNotionalPerOrder: z.record(instrumentIdString(), positiveDecimalString()).default({}),
  /** Log every risk decision. */
  debug: z.boolean().default(false),
  /** Capacity of the queue in front of the engine. */
  qsize: positiveInt().default(100_000),
});
export type LiveRiskEngineConfig = z.infer<typeof LiveRiskEngineConfig>;
export type LiveRiskEngineConfigInput = z.input<typeof LiveRiskEngineConfig>;
