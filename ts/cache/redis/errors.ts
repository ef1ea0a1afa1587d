import { initError, KairosError, type KairosErrorOptions } from '../../common/errors.js';

/** Every code a {@link RedisBackendError} may carry. Codes are stable; new causes get new codes. */
export const RedisBackendErrorCode = {
  /** A bad option or argument (a prefix part with whitespace, a negative bound, ...). */
  REDIS_INVALID_ARGUMENT: 'REDIS_INVALID_ARGUMENT',
  /** Redis could not be reached, or reconnecting gave up after the bounded attempts. */
  REDIS_CONNECTION_FAILED: 'REDIS_CONNECTION_FAILED',
  /** A command or batch was refused by Redis (not a connection problem). */
  REDIS_COMMAND_FAILED: 'REDIS_COMMAND_FAILED',
  /** The backend was used after `close()`. */
  REDIS_CLOSED: 'REDIS_CLOSED',
  /** A stored record could not be decoded or rebuilt; the message names its key. */
  REDIS_RECORD_INVALID: 'REDIS_RECORD_INVALID',
  /** The keyspace was written by a newer record format than this version reads. */
  REDIS_FORMAT_UNSUPPORTED: 'REDIS_FORMAT_UNSUPPORTED',
  /**
   * Writes were dropped (the buffer bound was passed while Redis was unreachable), so the keyspace
   * no longer matches what the cache held. Loading it is refused until it is flushed.
   */
  REDIS_KEYSPACE_INCONSISTENT: 'REDIS_KEYSPACE_INCONSISTENT',
} as const;

/** A {@link RedisBackendError} code. */
export type RedisBackendErrorCode = (typeof RedisBackendErrorCode)[keyof typeof RedisBackendErrorCode];

/** A failure of a Redis backend (cache database or message bus streams). */
export class RedisBackendError extends KairosError {
  declare readonly code: RedisBackendErrorCode;

  constructor(code: RedisBackendErrorCode, message: string, options: KairosErrorOptions = {}) {
    super(code, message, options.details);
    initError(this, 'RedisBackendError', options.cause);
  }
}
