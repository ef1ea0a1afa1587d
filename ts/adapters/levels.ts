/**
 * Checks shared by the venues' book-sync modules: price levels and update ids as venues send
 * them (decimal strings, integer ids), refused field by field with a message naming the path.
 * The caller passes `fail`, which throws its own typed error.
 */

/** One price level, in the venue's own decimal strings. */
export interface BookSyncLevel {
  readonly price: string;
  readonly size: string;
}

const DECIMAL = /^\d+(\.\d+)?$/;
const ZERO = /^0+(\.0+)?$/;
const DIGITS = /^\d+$/;

/** True when a level's size means "delete this level" ("0", "0.000", ...). */
export function isDeleteSize(size: string): boolean {
  return ZERO.test(size);
}

/** A non-negative integer id (a bigint, a safe integer or a digit string). */
export function parseId(
  value: unknown,
  field: string,
  fail: (message: string) => never,
  what = 'integer',
): bigint {
  if (typeof value === 'bigint') {
    if (value >= 0n) return value;
  } else if (typeof value === 'number') {
    // Beyond 2^53 a JSON number has already lost digits: refuse rather than guess.
    if (Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  } else if (typeof value === 'string') {
    if (DIGITS.test(value)) return BigInt(value);
  }
  return fail(`${field}: expected a non-negative ${what}, got ${describe(value)}`);
}

/** `[[price, size], ...]` with a positive price and a non-negative size, as strings. */
export function parseLevels(
  value: unknown,
  field: string,
  fail: (message: string) => never,
  sizeName = 'size',
): BookSyncLevel[] {
  if (!Array.isArray(value))
    return fail(`${field}: expected an array of [price, ${sizeName}], got ${describe(value)}`);
  const out: BookSyncLevel[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const level: unknown = value[i];
    if (!Array.isArray(level) || level.length < 2) {
      return fail(`${field}[${i}]: expected [price, ${sizeName}], got ${describe(level)}`);
    }
    const price: unknown = level[0];
    const size: unknown = level[1];
    if (typeof price !== 'string' || !DECIMAL.test(price) || ZERO.test(price)) {
      return fail(`${field}[${i}][0]: expected a positive decimal price string, got ${describe(price)}`);
    }
    if (typeof size !== 'string' || !DECIMAL.test(size)) {
      return fail(
        `${field}[${i}][1]: expected a non-negative decimal ${sizeName} string, got ${describe(size)}`,
      );
    }
    out[i] = { price, size };
  }
  return out;
}

/** A short, readable rendering of a bad value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined (missing)';
  if (typeof value === 'object' && value !== null) {
    try {
      const json = JSON.stringify(value);
      return json.length > 80 ? `${json.slice(0, 77)}...` : json;
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
