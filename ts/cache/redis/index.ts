/**
 * Redis backends of the cache layer: the cache's write-through database and the message bus's
 * streaming to Redis streams (with consumer groups for other nodes). Cache and bus use separate
 * keyspaces (see `keys.ts`).
 *
 * @module
 */
export {
  DEFAULT_MAX_RECONNECT_ATTEMPTS,
  type RedisConnectionConfig,
  reconnectDelayMs,
} from './connection.js';
export {
  DEFAULT_MAX_BUFFERED_WRITES,
  MAX_BATCH_UNITS,
  type RedisBackendStatus,
  type RedisCacheConfigLike,
  RedisCacheDatabase,
  type RedisCacheDatabaseOptions,
  type RedisCacheDatabaseStats,
} from './database.js';
export { decodeTimestamp, encodeTimestamp, type RecordEncoding } from './encoding.js';
export { RedisBackendError, RedisBackendErrorCode } from './errors.js';
export { CacheKeys, traderPrefix } from './keys.js';
export { RECORD_FORMAT_VERSION, RecordCodec } from './records.js';
export {
  DEFAULT_MAX_BUFFERED_MESSAGES,
  HEARTBEAT_TOPIC,
  messageType,
  RedisStreamConsumer,
  type RedisStreamConsumerOptions,
  RedisStreamPublisher,
  type RedisStreamPublisherOptions,
  type RedisStreamPublisherStats,
  type RedisStreamsConfigLike,
  type StreamMessage,
  toPlain,
} from './streams.js';
