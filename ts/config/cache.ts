/** The cache of instruments, orders, positions, accounts and market data. */
import { z } from 'zod';

import { DatabaseConfig } from './database.js';
import { positiveInt } from './fields.js';

/** How records and messages are encoded in the database (cache and message bus). */
export const DatabaseEncoding = z.enum(['msgpack', 'json']);
export type DatabaseEncoding = z.infer<typeof DatabaseEncoding>;

/**
 * The cache. In memory only when `database` is `null` (the default); with a database it also
 * writes through to it.
 *
 * `bufferIntervalMs`: `null` (the default, as in the reference implementation) writes each change
 * through immediately; a number batches writes and flushes them every that many milliseconds
 * (the spec's example uses 100). Batching trades a window of possible loss on a crash for fewer
 * round trips.
 */
export const CacheConfig = z.strictObject({
  /** Backing database; `null` keeps the cache in memory only. */
  database: DatabaseConfig.nullable().default(null),
  /** Encoding of records in the database. */
  encoding: DatabaseEncoding.default('msgpack'),
  /** Write timestamps as ISO 8601 strings instead of UNIX nanoseconds. */
  timestampsAsIso8601: z.boolean().default(false),
  /** Batch database writes every this many ms; `null` writes through immediately. */
  bufferIntervalMs: positiveInt().nullable().default(null),
  /** Prefix keys with `trader-<traderId>`. */
  useTraderPrefix: z.boolean().default(true),
  /** Include the node's instance id in keys. */
  useInstanceId: z.boolean().default(false),
  /** Flush the database on start, before loading (never after). */
  flushOnStart: z.boolean().default(false),
  /** Drop instruments from the cache on reset. */
  dropInstrumentsOnReset: z.boolean().default(true),
  /** Quote and trade ticks kept per instrument. */
  tickCapacity: positiveInt().default(10_000),
  /** Bars kept per bar type. */
  barCapacity: positiveInt().default(10_000),
});
export type CacheConfig = z.infer<typeof CacheConfig>;
export type CacheConfigInput = z.input<typeof CacheConfig>;
