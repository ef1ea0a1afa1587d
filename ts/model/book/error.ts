/** Book errors: a `KairosError` with the core's stable code, and the index of a bad batch delta. */
import { KairosError } from '../errors.js';

/** What the native book reports for a refused input or a failed integrity check. */
export interface NativeBookFailure {
  code: string;
  message: string;
  index?: number | null | undefined;
}

/**
 * A refused delta, snapshot, quote or trade (the book is unchanged), or an integrity failure.
 * Codes: `BOOK_TOO_MANY_DECIMALS`, `BOOK_NEGATIVE_SIZE`, `BOOK_UNKNOWN_ACTION`,
 * `BOOK_UNKNOWN_SIDE`, `BOOK_PRICE_OUT_OF_RANGE`, `BOOK_SIZE_OUT_OF_RANGE`, `BOOK_CROSSED`,
 * `BOOK_SEQUENCE_BACKWARDS`, `BOOK_TOO_MANY_LEVELS`, `BOOK_UNSUPPORTED`, `BOOK_OVERFLOW`,
 * `BOOK_MALFORMED_BATCH`, `BOOK_DEPTH_TOO_DEEP`, `BOOK_INVALID_DELTA`,
 * `OWN_BOOK_DUPLICATE_ORDER`, `OWN_BOOK_UNKNOWN_ORDER`.
 */
export class BookError extends KairosError {
  /** Index of the bad delta in a batch; undefined otherwise. */
  readonly index: number | undefined;

  constructor(code: string, message: string, index?: number) {
    super(code, message, index === undefined ? undefined : { index });
    this.name = 'BookError';
    this.index = index;
  }

  /** From the native failure value. */
  static fromNative(f: NativeBookFailure): BookError {
    return new BookError(f.code, f.message, f.index ?? undefined);
  }
}

/** Rethrows a native throw (which carries `code`) as a `BookError`. */
export function rethrow(err: unknown): never {
  if (err instanceof KairosError) throw err;
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    throw new BookError(typeof code === 'string' ? code : 'NATIVE_ERROR', err.message);
  }
  throw new BookError('NATIVE_ERROR', String(err));
}
