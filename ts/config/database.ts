/** Where the cache and the message bus persist: a Redis server. */
import { z } from 'zod';

import { positiveNumber, secretString } from './fields.js';

/**
 * A backing database. Only Redis is supported (`type: 'redis'`).
 * `password` (and `username`) are never logged: log a config through `redactConfig()`.
 */
export const DatabaseConfig = z.strictObject({
  /** The database kind. */
  type: z.enum(['redis']).default('redis'),
  /** Host name or address. */
  host: z.string().min(1).default('localhost'),
  /** TCP port, 1 to 65535. */
  port: z.int().min(1).max(65_535).default(6379),
  /** User for Redis ACLs; `null` for the default user. */
  username: secretString().nullable().default(null),
  /** Password; `null` for none. Never logged. */
  password: secretString().nullable().default(null),
  /** Connect over TLS. */
  ssl: z.boolean().default(false),
  /** Connection and command timeout in seconds. */
  timeout: positiveNumber().default(2.0),
});
export type DatabaseConfig = z.infer<typeof DatabaseConfig>;
export type DatabaseConfigInput = z.input<typeof DatabaseConfig>;
