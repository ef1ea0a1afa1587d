/**
 * Error helpers of the runtime layer, on top of the one base class {@link KairosError}.
 *
 * `KairosError` lives in `ts/model/errors.ts` (the lowest layer, so that every layer and the
 * native core's errors share one class and `instanceof` works everywhere); it is re-exported here.
 * It carries a stable, upper-snake `code` (`TIMER_NAME_DUPLICATE`, `COMPONENT_INVALID_TRANSITION`,
 * ...) that callers branch on, a message written for people (what was wrong, with which value),
 * and optional structured `details` for logs. Codes are part of the public contract: never rename
 * one, add a new one instead. Messages may be reworded.
 *
 * Areas subclass it once (`ClockError`, `MessageBusError`, `ComponentStateError`) so that
 * `instanceof` narrows by area while `code` narrows by cause; subclasses take
 * {@link KairosErrorOptions} and call {@link initError} to set their name and cause.
 *
 * @module
 */
import { KairosError } from '../model/errors.js';

export { KairosError };

/** Structured, JSON-friendly context attached to an error (logged, never parsed from `message`). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** Options of the error subclasses of this layer. */
export interface KairosErrorOptions {
  /** Structured context: the parameter name, the bad value, the state, ... */
  readonly details?: ErrorDetails;
  /** The lower-level error this one wraps (standard `Error.cause`). */
  readonly cause?: unknown;
}

/**
 * Finishes the construction of a {@link KairosError} subclass: sets its `name` (shown in stack
 * traces and logs) and, when given, its standard `cause`.
 */
export function initError(error: KairosError, name: string, cause?: unknown): void {
  error.name = name;
  if (cause !== undefined) {
    Object.defineProperty(error, 'cause', {
      value: cause,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
}

/** Builds a plain {@link KairosError} with details and a cause. */
export function kairosError(code: string, message: string, options: KairosErrorOptions = {}): KairosError {
  const error = new KairosError(code, message, options.details);
  initError(error, 'KairosError', options.cause);
  return error;
}

/**
 * True when `error` is a {@link KairosError}, and, if `code` is given, has that code.
 *
 * @example
 * ```ts
 * try { clock.setTimer(spec) } catch (e) {
 *   if (isKairosError(e, 'TIMER_NAME_DUPLICATE')) { ... }
 * }
 * ```
 */
export function isKairosError(error: unknown, code?: string): error is KairosError {
  return error instanceof KairosError && (code === undefined || error.code === code);
}

/** A bad argument: the message names the parameter and the value. Code `INVALID_ARGUMENT` by default. */
export class InvalidArgumentError extends KairosError {
  constructor(message: string, options: KairosErrorOptions & { readonly code?: string } = {}) {
    super(options.code ?? 'INVALID_ARGUMENT', message, options.details);
    initError(this, 'InvalidArgumentError', options.cause);
  }
}

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
