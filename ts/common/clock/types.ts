/**
 * The clock contract shared by {@link LiveClock} (wall time) and {@link TestClock} (time set by
 * the caller). Everything in Kairos that reads time or waits goes through a `Clock`, so a
 * backtest or a test drives the exact code that runs live.
 *
 * Time is UNIX nanoseconds as `bigint` everywhere.
 *
 * @module
 */

/** The event a timer or time alert emits when it is due. Never mutated. */
export interface TimeEvent {
  readonly type: 'TimeEvent';
  /** Name of the timer (or alert) that fired. */
  readonly name: string;
  /** Unique id of this event (UUID format). */
  readonly eventId: string;
  /** The scheduled time of this tick, UNIX ns. */
  readonly tsEvent: bigint;
  /** When the event object was created, UNIX ns (equal to `tsEvent` on a TestClock). */
  readonly tsInit: bigint;
}

/** Receives the events of one timer. */
export type TimeEventCallback = (event: TimeEvent) => void;

/** A repeating timer. */
export interface TimerSpec {
  /** Unique among the clock's active timers and alerts. */
  readonly name: string;
  /** Interval between ticks in ns; must be > 0. */
  readonly intervalNs: bigint;
  /** Time of the grid origin, UNIX ns; defaults to now. The first tick is at `startNs + intervalNs`. */
  readonly startNs?: bigint;
  /** Last time a tick may have (inclusive), UNIX ns; the timer is removed after it. */
  readonly stopNs?: bigint;
  readonly callback: TimeEventCallback;
  /** When true the first tick is at `startNs` itself rather than one interval later. */
  readonly fireImmediately?: boolean;
}

/** A one-shot alert. */
export interface TimeAlertSpec {
  /** Unique among the clock's active timers and alerts. */
  readonly name: string;
  /** When the alert is due, UNIX ns. */
  readonly alertTimeNs: bigint;
  readonly callback: TimeEventCallback;
  /**
   * What to do with an alert time earlier than now. `true` (default, as Nautilus does): the
   * alert is due now and fires at the clock's next opportunity (the next `advanceTime` of a
   * TestClock, even to the same time; the next macrotask of a LiveClock). `false`: refuse with
   * `TIMER_TIME_IN_PAST`.
   */
  readonly allowPast?: boolean;
}

/** A source of time and timers. */
export interface Clock {
  /** Now, UNIX nanoseconds. */
  timestampNs(): bigint;
  /** Now, UNIX milliseconds (truncated). */
  timestampMs(): number;
  /** Now as a `Date` (millisecond resolution). */
  utcNow(): Date;
  /** Registers a repeating timer. Throws a `ClockError` on bad input (see its codes). */
  setTimer(spec: TimerSpec): void;
  /** Registers a one-shot alert. Throws a `ClockError` on bad input (see its codes). */
  setTimeAlert(spec: TimeAlertSpec): void;
  /** Cancels the timer or alert `name`; returns false when there was none. */
  cancelTimer(name: string): boolean;
  /** Cancels every timer and alert. */
  cancelTimers(): void;
  /** Names of the active timers and alerts, sorted. */
  readonly timerNames: readonly string[];
  /** Number of active timers and alerts. */
  readonly timerCount: number;
  /** Next due time of timer `name`, or `undefined` when no such timer is active. */
  nextTimeNs(name: string): bigint | undefined;
}
