/**
 * The base error of Kairos.
 *
 * Every error Kairos throws on purpose is a {@link KairosError}: it carries a stable, upper-snake
 * `code` (`TIMER_NAME_DUPLICATE`, `COMPONENT_INVALID_TRANSITION`, ...) that callers branch on,
 * a message written for humans (it says what was wrong and with which value), and optional
 * structured `details` for logs. Codes are part of the public contract: never rename one, add a
 * new one instead. Messages may be reworded.
 *
 * Layers reuse this class directly (`new KairosError('X_Y', 'message', { details })`) or through a
 * small subclass per area (see `ClockError`, `MessageBusError`, `ComponentStateError`) so that
 * `instanceof` narrows by area while `code` narrows by cause.
 *
 * @module
 */

/** Structured, JSON-friendly context attached to an error (logged, never parsed from `message`). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** Options of {@link KairosError}. */
export interface KairosErrorOptions {
  /** Structured context: the parameter name, the bad value, the state, ... */
  readonly details?: ErrorDetails;
  /** The lower-level error this one wraps (standard `Error.cause`). */
  readonly cause?: unknown;
}

const CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

/**
 * An error with a stable machine-readable `code`.
 *
 * @example
 * ```ts
 * try { clock.setTimer(...) } catch (e) {
 *   if (isKairosError(e, 'TIMER_NAME_DUPLICATE')) { ... }
 * }
 * ```
 */
export class KairosError extends Error {
  /** Stable upper-snake code, e.g. `TIMER_NAME_DUPLICATE`. */
  readonly code: string;
  /** Structured context, when the thrower gave some. */
  readonly details: ErrorDetails | undefined;

  constructor(code: string, message: string, options: KairosErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (!CODE_PATTERN.test(code)) {
      // A malformed code is a bug in Kairos itself: fail loudly at the throw site.
      throw new TypeError(`error code must be UPPER_SNAKE_CASE, was '${code}'`);
    }
    this.code = code;
    this.details = options.details;
  }

  /** A plain object for structured logs and wire formats. */
  toJSON(): { name: string; code: string; message: string; details?: ErrorDetails } {
    return this.details === undefined
      ? { name: this.name, code: this.code, message: this.message }
      : { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/**
 * True when `error` is a {@link KairosError}, and, if `code` is given, has that code.
 */
export function isKairosError(error: unknown, code?: string): error is KairosError {
  return error instanceof KairosError && (code === undefined || error.code === code);
}

/**
 * Sets the `name` of an error subclass on its prototype (so stack traces and logs show it).
 * Used by the per-area subclasses; exported for other layers that define their own.
 */
export function nameErrorClass(cls: abstract new (...args: never[]) => Error, name: string): void {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true });
}

nameErrorClass(KairosError, 'KairosError');

/** A bad argument: the message names the parameter and the value. Code `INVALID_ARGUMENT` by default. */
export class InvalidArgumentError extends KairosError {
  constructor(message: string, options: KairosErrorOptions & { readonly code?: string } = {}) {
    super(options.code ?? 'INVALID_ARGUMENT', message, options);
  }
}
nameErrorClass(InvalidArgumentError, 'InvalidArgumentError');

/** Renders a value for an error message: bigints with an `n`, strings quoted, others via String. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'bigint':
      return `${value}n`;
    case 'string':
      return `'${value}'`;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
    default:
      return String(value);
  }
}
