/**
 * One ioredis connection from a `DatabaseConfig`, with a bounded reconnect.
 *
 * # Reconnect
 * After a dropped connection ioredis retries with a backoff of 50 ms doubling to at most 2 s, at
 * most `maxReconnectAttempts` times in a row (default 30, about a minute); then the connection
 * ends and the owner reports `REDIS_CONNECTION_FAILED` (it may call `connect()` again).
 * Commands are never queued by ioredis while disconnected (`enableOfflineQueue: false`): the
 * backends buffer their own writes, so a lost connection shows as a failed batch that is retried.
 */
import { createRequire } from 'node:module';

import type { Redis, RedisOptions } from 'ioredis';

/**
 * ioredis is loaded on first use, not at import: loading it slows unrelated hot code of the whole
 * process (the value parser ran 4x slower in `benches/values` once ioredis was imported), so a
 * process that does not use Redis should not pay for it.
 */
let RedisClass: typeof Redis | undefined;
function redisClass(): typeof Redis {
  RedisClass ??= (createRequire(import.meta.url)('ioredis') as { Redis: typeof Redis }).Redis;
  return RedisClass;
}

/** Where Redis is (the fields of `DatabaseConfig`). */
export interface RedisConnectionConfig {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
  readonly username?: string | null | undefined;
  readonly password?: string | null | undefined;
  readonly ssl?: boolean | undefined;
  /** Connection and command timeout in seconds (default 2). */
  readonly timeout?: number | undefined;
}

/** Default bound of reconnect attempts in a row. */
export const DEFAULT_MAX_RECONNECT_ATTEMPTS = 30;

/** Backoff before reconnect attempt `times` (1-based), in ms. */
export function reconnectDelayMs(times: number): number {
  return Math.min(50 * 2 ** Math.min(times - 1, 6), 2000);
}

/** The ioredis options of a connection (exported for tests). */
export function redisOptions(
  config: RedisConnectionConfig,
  maxReconnectAttempts: number,
  extra: Partial<RedisOptions> = {},
): RedisOptions {
  const timeoutMs = Math.round((config.timeout ?? 2) * 1000);
  const options: RedisOptions = {
    host: config.host ?? 'localhost',
    port: config.port ?? 6379,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
    retryStrategy: (times: number) => (times > maxReconnectAttempts ? null : reconnectDelayMs(times)),
    ...extra,
  };
  if (config.username != null) options.username = config.username;
  if (config.password != null) options.password = config.password;
  if (config.ssl === true) options.tls = {};
  return options;
}

/** A new (not yet connected) client. */
export function createRedis(
  config: RedisConnectionConfig,
  maxReconnectAttempts = DEFAULT_MAX_RECONNECT_ATTEMPTS,
  extra: Partial<RedisOptions> = {},
): Redis {
  const { replyMapping: _unused, ...options } = redisOptions(config, maxReconnectAttempts, extra);
  const RedisCtor = redisClass();
  return new RedisCtor(options);
}

/** True for errors of the connection (retry after reconnect) rather than of a command. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const m = error.message;
  return (
    /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Command timed out|connect|socket|Reached the max retries/i.test(
      m,
    ) || error.name === 'MaxRetriesPerRequestError'
  );
}
