/** The message bus and its optional streaming to Redis streams. */
import { z } from 'zod';

import { DatabaseEncoding } from './cache.js';
import { DatabaseConfig } from './database.js';
import { positiveInt, tokenString, uniqueList, whenObject } from './fields.js';

/** A message type name as the bus knows it (`QuoteTick`, `OrderFilled`). */
const TYPE_NAME_RE = /^[A-Z][A-Za-z0-9]*$/;

/**
 * The message bus. In-process always; with `database` set it also publishes to Redis streams.
 *
 * `streamPerTopic` defaults to `false` as in the spec's example (one stream per trader); the
 * reference implementation defaults to `true`. `typesFilter` lists message type names (such as
 * `QuoteTick`, `TradeTick`) that are NOT streamed out.
 */
export const MessageBusConfig = z
  .strictObject({
    /** Redis for external streaming; `null` keeps the bus in-process only. */
    database: DatabaseConfig.nullable().default(null),
    /** Encoding of streamed messages. */
    encoding: DatabaseEncoding.default('msgpack'),
    /** Write timestamps as ISO 8601 strings instead of UNIX nanoseconds. */
    timestampsAsIso8601: z.boolean().default(false),
    /** Batch stream writes every this many ms; `null` writes each message immediately. */
    bufferIntervalMs: positiveInt().nullable().default(null),
    /** Trim streamed messages older than this many minutes; `null` never trims. */
    autotrimMins: positiveInt().nullable().default(null),
    /** Prefix stream keys with `trader-`. */
    useTraderPrefix: z.boolean().default(true),
    /** Include the trader id in stream keys. */
    useTraderId: z.boolean().default(true),
    /** Include the node's instance id in stream keys. */
    useInstanceId: z.boolean().default(false),
    /** Prefix of every stream key. */
    streamsPrefix: tokenString().default('stream'),
    /** One stream per topic instead of one stream for all. */
    streamPerTopic: z.boolean().default(false),
    /** Streams of other nodes to consume; `null` for none. */
    externalStreams: uniqueList(tokenString(), 'stream').nullable().default(null),
    /** Message type names not to stream out; `null` streams every type. */
    typesFilter: uniqueList(
      z.string().regex(TYPE_NAME_RE, { error: 'must be a message type name such as QuoteTick' }),
      'type',
    )
      .nullable()
      .default(null),
    /** Publish a heartbeat every this many seconds; `null` for none. */
    heartbeatIntervalSecs: positiveInt().nullable().default(null),
  })
  .superRefine((cfg, ctx) => {
    // Streams are read from Redis: without a database they would silently never arrive.
    if (Array.isArray(cfg.externalStreams) && cfg.database === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['externalStreams'],
        message: 'needs database: the streams are read from Redis',
      });
    }
  }, whenObject);
export type MessageBusConfig = z.infer<typeof MessageBusConfig>;
export type MessageBusConfigInput = z.input<typeof MessageBusConfig>;
