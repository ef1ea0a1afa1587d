/**
 * The live execution engine: order routing, reconciliation at start-up and the continuous checks.
 * Every setting of the spec's ExecutionEngine tables, with the spec's default.
 *
 * # Settings refused together
 * - A purge buffer (or the account-event lookback) without its purge interval does nothing, and a
 *   purge interval without its buffer would purge items the moment they close (in the middle of
 *   what is still using them). Both are refused: set the pair, the buffer may be `0`.
 *   A buffer longer or shorter than its interval is fine: one is an age, the other a period.
 * - `snapshotPositionsIntervalSecs` without `snapshotPositions` would never snapshot.
 *
 * # Zero and null
 * Intervals, thresholds and timeouts are > 0: a setting that is off is `null`, never `0`.
 * `inflightCheckIntervalMs` and `inflightCheckThresholdMs` cannot be switched off.
 */
import { z } from 'zod';

import {
  clientOrderIdString,
  instrumentIdString,
  isNumberOrNull,
  nonNegativeInt,
  positiveInt,
  positiveNumber,
  uniqueList,
  whenObject,
} from './fields.js';

/** The purge settings that come in pairs: the period, and the age an item must reach first. */
export const PURGE_PAIRS = [
  ['purgeClosedOrdersIntervalMins', 'purgeClosedOrdersBufferMins'],
  ['purgeClosedPositionsIntervalMins', 'purgeClosedPositionsBufferMins'],
  ['purgeAccountEventsIntervalMins', 'purgeAccountEventsLookbackMins'],
] as const;

const shape = {
  // Reconciliation
  /** Reconcile with each venue at start-up. */
  reconciliation: z.boolean().default(true),
  /** How far back (minutes) to request venue history; `null` asks for all the venue keeps. */
  reconciliationLookbackMins: positiveInt().nullable().default(null),
  /** Reconcile only these instruments; `null` for all. */
  reconciliationInstrumentIds: uniqueList(instrumentIdString(), 'instrument id')
    .min(1, { error: 'must not be empty (use null to reconcile every instrument)' })
    .nullable()
    .default(null),
  /** Client order ids to leave out of reconciliation. */
  filteredClientOrderIds: uniqueList(clientOrderIdString(), 'client order id').nullable().default(null),

  // Order filtering
  /** Drop external orders no strategy claims (never INTERNAL-DIFF orders). */
  filterUnclaimedExternalOrders: z.boolean().default(false),
  /** Ignore position status reports (several nodes trading one account). */
  filterPositionReports: z.boolean().default(false),

  // Order checks
  /** How often (ms) in-flight orders are checked. */
  inflightCheckIntervalMs: positiveInt().default(2_000),
  /** How long (ms) an order may stay in flight before the venue is asked about it. */
  inflightCheckThresholdMs: positiveInt().default(5_000),
  /** Venue queries for an in-flight order before it is resolved by the spec's table. */
  inflightCheckRetries: nonNegativeInt().default(5),
  /** How often (s) open orders are checked at the venue; `null` never. */
  openCheckIntervalSecs: positiveNumber().nullable().default(null),
  /** Request only open orders in those checks (else full history). */
  openCheckOpenOnly: z.boolean().default(true),
  /** How often (s) own books are audited; `null` never. */
  ownBooksAuditIntervalSecs: positiveNumber().nullable().default(null),

  // Additional options
  /** Generate INTERNAL-DIFF market orders to align positions during reconciliation. */
  generateMissingOrders: z.boolean().default(true),
  /** Snapshot orders on order events. */
  snapshotOrders: z.boolean().default(false),
  /** Snapshot positions on position events. */
  snapshotPositions: z.boolean().default(false),
  /** Also snapshot positions every this many seconds (needs `snapshotPositions`); `null` never. */
  snapshotPositionsIntervalSecs: positiveNumber().nullable().default(null),
  /** Log every execution command and event. */
  debug: z.boolean().default(false),

  // Memory management
  /** How often (min) closed orders are purged from memory; `null` never. */
  purgeClosedOrdersIntervalMins: positiveInt().nullable().default(null),
  /** How long (min) an order must have been closed before it is purged. */
  purgeClosedOrdersBufferMins: nonNegativeInt().nullable().default(null),
  /** How often (min) closed positions are purged from memory; `null` never. */
  purgeClosedPositionsIntervalMins: positiveInt().nullable().default(null),
  /** How long (min) a position must have been closed before it is purged. */
  purgeClosedPositionsBufferMins: nonNegativeInt().nullable().default(null),
  /** How often (min) account events are purged from memory; `null` never. */
  purgeAccountEventsIntervalMins: positiveInt().nullable().default(null),
  /** How old (min) an account event must be before it is purged. */
  purgeAccountEventsLookbackMins: nonNegativeInt().nullable().default(null),
  /** Purges also delete from the database. Use with caution. */
  purgeFromDatabase: z.boolean().default(false),

  // Queue management
  /** Capacity of the queue between execution clients and the engine. */
  qsize: positiveInt().default(100_000),
};

/**
 * Checks between settings. Reads its fields defensively: it also runs when another setting failed
 * its own check (see `whenObject`).
 */
function checkPairs(cfg: Readonly<Record<string, unknown>>, ctx: z.RefinementCtx): void {
  for (const [interval, buffer] of PURGE_PAIRS) {
    const i = cfg[interval];
    const b = cfg[buffer];
    if (!isNumberOrNull(i) || !isNumberOrNull(b)) continue;
    if (b !== null && i === null) {
      ctx.addIssue({
        code: 'custom',
        path: [buffer],
        message: `has no effect without ${interval}: set both, or neither`,
      });
    }
    if (i !== null && b === null) {
      ctx.addIssue({
        code: 'custom',
        path: [interval],
        message: `needs ${buffer} too (0 purges as soon as closed; 60 is recommended)`,
      });
    }
  }
  if (typeof cfg.snapshotPositionsIntervalSecs === 'number' && cfg.snapshotPositions === false) {
    ctx.addIssue({
      code: 'custom',
      path: ['snapshotPositionsIntervalSecs'],
      message: 'has no effect while snapshotPositions is false',
    });
  }
}

/** The live execution engine. */
export const LiveExecEngineConfig = z.strictObject(shape).superRefine(checkPairs, whenObject);
export type LiveExecEngineConfig = z.infer<typeof LiveExecEngineConfig>;
export type LiveExecEngineConfigInput = z.input<typeof LiveExecEngineConfig>;
