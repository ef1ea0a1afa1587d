/**
 * The packed delta layout shared with the native core: one record is 9 little-endian 64-bit
 * words of a `BigInt64Array`, so a whole batch crosses to Rust in one call.
 *
 * | word | content                                                       |
 * |------|---------------------------------------------------------------|
 * | 0, 1 | price raw (`i128` at 16 decimals): low 64 bits, high 64 bits   |
 * | 2, 3 | size raw: low, high                                            |
 * | 4    | order id (`u64` bits)                                          |
 * | 5    | sequence (`u64` bits; 0 = not given)                           |
 * | 6    | `tsEvent` (UNIX ns)                                            |
 * | 7    | `tsInit` (UNIX ns)                                             |
 * | 8    | bits 0-7 action code, 8-15 side code, 16-23 flags; rest zero    |
 *
 * Action codes: 1 ADD, 2 UPDATE, 3 DELETE, 4 CLEAR. Side codes: 1 BUY, 2 SELL (0 allowed for
 * CLEAR). Word 8 is written through an `Int32Array` over the same buffer (its low half), so
 * filling a record allocates nothing but the high words of large raws.
 */
import type { BookAction, OrderSide } from '../enums.js';
import type { Price, Quantity } from '../values/index.js';
import { BookError } from './error.js';

/** Words per record. */
export const PACKED_WORDS = 9;

const MIN64 = -(2n ** 63n);
const MAX64 = 2n ** 63n - 1n;
const MAXU64 = 2n ** 64n - 1n;

/** The packed action code, or 0 for an unknown action. */
export function actionCode(action: unknown): number {
  switch (action) {
    case 'ADD':
      return 1;
    case 'UPDATE':
      return 2;
    case 'DELETE':
      return 3;
    case 'CLEAR':
      return 4;
    default:
      return 0;
  }
}

/** The packed side code, or 0 for an unknown side. */
export function sideCode(side: unknown): number {
  return side === 'BUY' ? 1 : side === 'SELL' ? 2 : 0;
}

function invalid(what: string, value: unknown): BookError {
  return new BookError('BOOK_INVALID_DELTA', `invalid delta: ${what}, was ${String(value)}`);
}

/** High 64 bits of a raw (no allocation for raws that fit 64 bits). */
function high(raw: bigint): bigint {
  if (raw >= MIN64 && raw <= MAX64) return raw < 0n ? -1n : 0n;
  return raw >> 64n;
}

/** An unsigned 64-bit field (bigint or safe integer). */
function u64(what: string, v: bigint | number | undefined): bigint {
  if (v === undefined) return 0n;
  if (typeof v === 'bigint') {
    if (v < 0n || v > MAXU64) throw invalid(`${what} must fit 64 unsigned bits`, v);
    return v;
  }
  if (!Number.isSafeInteger(v) || v < 0) throw invalid(`${what} must be a non-negative integer`, v);
  return BigInt(v);
}

/**
 * Writes one delta into record `r`. Checks what only TypeScript can get wrong (types, action and
 * side names); the core checks values against the book (precision, sign, range).
 */
export function writeRecord(
  words: BigInt64Array,
  meta: Int32Array,
  r: number,
  action: BookAction,
  side: OrderSide,
  price: Price,
  size: Quantity,
  orderId: bigint | number | undefined,
  flags: number | undefined,
  sequence: bigint | number | undefined,
  tsEvent: bigint | undefined,
  tsInit: bigint | undefined,
): void {
  const a = actionCode(action);
  if (a === 0) {
    throw new BookError(
      'BOOK_UNKNOWN_ACTION',
      `unknown book action '${String(action)}' (expected ADD, UPDATE, DELETE or CLEAR)`,
    );
  }
  const s = sideCode(side);
  if (s === 0 && a !== 4) {
    throw new BookError('BOOK_UNKNOWN_SIDE', `unknown order side '${String(side)}' (expected BUY or SELL)`);
  }
  const p = (price as { raw?: unknown } | null | undefined)?.raw;
  if (typeof p !== 'bigint') throw invalid('price must be a Price', price);
  const q = (size as { raw?: unknown } | null | undefined)?.raw;
  if (typeof q !== 'bigint') throw invalid('size must be a Quantity', size);
  const f = flags ?? 0;
  if ((f & 0xff) !== f) throw invalid('flags must be an integer in 0..255', flags);
  const w = r * PACKED_WORDS;
  words[w] = p;
  words[w + 1] = high(p);
  words[w + 2] = q;
  words[w + 3] = high(q);
  words[w + 4] = orderId === undefined ? 0n : u64('orderId', orderId);
  words[w + 5] = sequence === undefined ? 0n : u64('sequence', sequence);
  words[w + 6] = tsEvent === undefined ? 0n : u64('tsEvent', tsEvent);
  words[w + 7] = tsInit === undefined ? 0n : u64('tsInit', tsInit);
  // Word 8 through the Int32 view: its low half (little-endian), high half zero.
  const m = (w + 8) * 2;
  meta[m] = a | (s << 8) | (f << 16);
  meta[m + 1] = 0;
}
