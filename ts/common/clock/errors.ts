import { initError, KairosError, type KairosErrorOptions } from '../errors.js';

/** Every code a {@link ClockError} may carry. */
export const ClockErrorCode = {
  /** The timer name is empty or not a string. */
  TIMER_NAME_INVALID: 'TIMER_NAME_INVALID',
  /** A timer or alert with that name is already active. */
  TIMER_NAME_DUPLICATE: 'TIMER_NAME_DUPLICATE',
  /** The interval is not a bigint greater than zero. */
  TIMER_INTERVAL_INVALID: 'TIMER_INTERVAL_INVALID',
  /** A time argument is not a non-negative bigint. */
  TIMER_TIME_INVALID: 'TIMER_TIME_INVALID',
  /** The stop time leaves no tick to fire (before the first tick, or already past). */
  TIMER_STOP_INVALID: 'TIMER_STOP_INVALID',
  /** An alert time is in the past and `allowPast` is false. */
  TIMER_TIME_IN_PAST: 'TIMER_TIME_IN_PAST',
  /** The callback is not a function. */
  TIMER_CALLBACK_INVALID: 'TIMER_CALLBACK_INVALID',
  /** A TestClock was asked to move backwards. */
  CLOCK_TIME_BACKWARDS: 'CLOCK_TIME_BACKWARDS',
} as const;

/** A {@link ClockError} code. */
export type ClockErrorCode = (typeof ClockErrorCode)[keyof typeof ClockErrorCode];

/** A refused clock or timer operation. Nothing changed on the clock. */
export class ClockError extends KairosError {
  declare readonly code: ClockErrorCode;

  constructor(code: ClockErrorCode, message: string, options: KairosErrorOptions = {}) {
    super(code, message, options.details);
    initError(this, 'ClockError', options.cause);
  }
}
