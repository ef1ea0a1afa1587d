import { initError, KairosError, type KairosErrorOptions } from '../common/errors.js';

/** Every code a {@link CacheError} may carry. Codes are stable; new causes get new codes. */
export const CacheErrorCode = {
  /** `addOrder` of a client order id already held (without `replaceExisting`). */
  CACHE_DUPLICATE_ORDER: 'CACHE_DUPLICATE_ORDER',
  /** `updateOrder` (or an order query that needs one) of an order the cache does not hold. */
  CACHE_ORDER_NOT_FOUND: 'CACHE_ORDER_NOT_FOUND',
  /** `addPosition` of a position id whose current position is still open. */
  CACHE_DUPLICATE_POSITION: 'CACHE_DUPLICATE_POSITION',
  /** `updatePosition` of a position the cache does not hold. */
  CACHE_POSITION_NOT_FOUND: 'CACHE_POSITION_NOT_FOUND',
  /** `addAccount` of an account id already held by another account object. */
  CACHE_DUPLICATE_ACCOUNT: 'CACHE_DUPLICATE_ACCOUNT',
  /** `updateAccount` of an account the cache does not hold. */
  CACHE_ACCOUNT_NOT_FOUND: 'CACHE_ACCOUNT_NOT_FOUND',
  /** `addOrderList` of an order list id already held. */
  CACHE_DUPLICATE_ORDER_LIST: 'CACHE_DUPLICATE_ORDER_LIST',
  /** A bad argument: a negative time or buffer, a capacity that is not a positive integer, ... */
  CACHE_INVALID_ARGUMENT: 'CACHE_INVALID_ARGUMENT',
  /** `loadFromDatabase` without a database. */
  CACHE_NO_DATABASE: 'CACHE_NO_DATABASE',
} as const;

/** A {@link CacheError} code. */
export type CacheErrorCode = (typeof CacheErrorCode)[keyof typeof CacheErrorCode];

/** A refused cache operation. Nothing in the cache changed. */
export class CacheError extends KairosError {
  declare readonly code: CacheErrorCode;

  constructor(code: CacheErrorCode, message: string, options: KairosErrorOptions = {}) {
    super(code, message, options.details);
    initError(this, 'CacheError', options.cause);
  }
}

/** Checks a UNIX-ns time or duration argument: a non-negative bigint. */
export function checkNs(name: string, value: unknown): bigint {
  if (typeof value !== 'bigint' || value < 0n) {
    throw new CacheError(
      CacheErrorCode.CACHE_INVALID_ARGUMENT,
      `${name} must be a non-negative bigint (ns), was ${typeof value === 'bigint' ? `${value}n` : String(value)}`,
      { details: { parameter: name } },
    );
  }
  return value;
}
