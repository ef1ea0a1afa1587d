/**
 * The cache layer: the in-memory `Cache` with its indexes and purges, and the write-through
 * interface of a database backend. Imports only from `model` and `common`.
 *
 * @module
 */
export type { PurgedAccountEvents } from './accounts.js';
export { type AddOrderOptions, Cache, DEFAULT_CACHE_CAPACITY } from './cache.js';
export type { CacheDatabase, CacheState } from './database.js';
export { CacheError, CacheErrorCode } from './errors.js';
export { midPrice } from './market-data.js';
export { RingBuffer } from './ring-buffer.js';
export type {
  CacheCounts,
  CacheOptions,
  CacheTypes,
  OrderFilter,
  OrderListLike,
  PositionFilter,
} from './types.js';
