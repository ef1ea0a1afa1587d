/**
 * The base of every Kairos error: a stable upper-snake `code` for programs, a message that names
 * the bad value for people. Errors from the native core arrive with the same codes.
 */
export class KairosError extends Error {
  /** Stable error code, e.g. `'TOO_MANY_DECIMALS'`. */
  readonly code: string;
  /** Structured context (never secrets). */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, details?: Readonly<Record<string, unknown>>) {
    super(message);
    this.name = 'KairosError';
    this.code = code;
    this.details = details;
  }
}

/** Wraps an error thrown by the native core (which carries `code`) as a `KairosError`. */
export function fromNativeError(err: unknown): KairosError {
  if (err instanceof KairosError) return err;
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    return new KairosError(typeof code === 'string' ? code : 'NATIVE_ERROR', err.message);
  }
  return new KairosError('NATIVE_ERROR', String(err));
}
