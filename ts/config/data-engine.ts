/** The live data engine: subscriptions, books from deltas, bar aggregation. */
import { z } from 'zod';

import { clientIdString, positiveInt, uniqueList } from './fields.js';

/** The live data engine. */
export const LiveDataEngineConfig = z.strictObject({
  /** Time bars are built (from the last close) even when no update arrived in the interval. */
  timeBarsBuildWithNoUpdates: z.boolean().default(true),
  /** Time bars are stamped with their close time (else their open time). */
  timeBarsTimestampOnClose: z.boolean().default(true),
  /** Skip the first time bar when the engine started inside its interval. */
  timeBarsSkipFirstNonFullBar: z.boolean().default(false),
  /** Which end of a time bar's interval is open: `left-open` is (open, close]. */
  timeBarsIntervalType: z.enum(['left-open', 'right-open']).default('left-open'),
  /** Drop data older than the last seen for its instrument instead of processing it. */
  validateDataSequence: z.boolean().default(false),
  /** Buffer book deltas until the `F_LAST` flag of a batch before publishing them. */
  bufferDeltas: z.boolean().default(false),
  /** Clients whose data comes from outside this node (e.g. another node's streams). */
  externalClients: uniqueList(clientIdString(), 'client').nullable().default(null),
  /** Log every data command and message. */
  debug: z.boolean().default(false),
  /** Capacity of the queue between data clients and the engine. */
  qsize: positiveInt().default(100_000),
});
export type LiveDataEngineConfig = z.infer<typeof LiveDataEngineConfig>;
export type LiveDataEngineConfigInput = z.input<typeof LiveDataEngineConfig>;
