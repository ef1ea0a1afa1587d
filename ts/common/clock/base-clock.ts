/**
 * The part common to both clocks: the registry of active timers and the validation of timer
 * specs. Subclasses say how time is read and how a registered timer gets scheduled.
 *
 * # Timer semantics
 * - A repeating timer ticks on the grid `startNs + k * intervalNs` (k >= 1, or k >= 0 with
 *   `fireImmediately`), while the tick time is <= `stopNs` when given; it is removed after its last
 *   tick. Ticks are computed from the grid, never from "now + interval", so they do not drift.
 * - An alert is a one-shot timer; it is removed when it fires.
 * - Names are unique among active timers and alerts; a fired alert or a finished timer frees its
 *   name, so it can be registered again (also from inside its own callback).
 * - Every refusal throws a {@link ClockError} and leaves the clock unchanged.
 *
 * @module
 */
import { describeValue } from '../errors.js';
import { ClockError, ClockErrorCode } from './errors.js';
import type { EventIdGenerator } from './event-id.js';
import type { Clock, TimeAlertSpec, TimeEvent, TimeEventCallback, TimerSpec } from './types.js';

/** A registered timer (internal). `intervalNs` is 0n for an alert. */
export interface ActiveTimer {
  readonly name: string;
  readonly seq: number;
  readonly intervalNs: bigint;
  readonly stopNs: bigint | undefined;
  readonly callback: TimeEventCallback;
  nextTimeNs: bigint;
  active: boolean;
}

const NS_PER_MS = 1_000_000n;

function checkTime(name: string, param: string, value: unknown): asserts value is bigint {
  if (typeof value !== 'bigint' || value < 0n) {
    throw new ClockError(
      ClockErrorCode.TIMER_TIME_INVALID,
      `timer '${name}': ${param} must be a non-negative bigint (UNIX ns), was ${describeValue(value)}`,
      { details: { name, param } },
    );
  }
}

/** Shared registry and validation of {@link Clock} implementations. */
export abstract class BaseClock implements Clock {
  readonly #timers = new Map<string, ActiveTimer>();
  readonly #nextEventId: EventIdGenerator;
  #seq = 0;

  protected constructor(nextEventId: EventIdGenerator) {
    this.#nextEventId = nextEventId;
  }

  abstract timestampNs(): bigint;

  timestampMs(): number {
    return Number(this.timestampNs() / NS_PER_MS);
  }

  utcNow(): Date {
    return new Date(this.timestampMs());
  }

  setTimer(spec: TimerSpec): void {
    const { name, intervalNs, callback } = spec;
    this.#checkNameAndCallback(name, callback);
    if (typeof intervalNs !== 'bigint' || intervalNs <= 0n) {
      throw new ClockError(
        ClockErrorCode.TIMER_INTERVAL_INVALID,
        `timer '${name}': intervalNs must be a bigint > 0, was ${describeValue(intervalNs)}`,
        { details: { name } },
      );
    }
    const now = this.timestampNs();
    const startNs = spec.startNs ?? now;
    checkTime(name, 'startNs', startNs);
    const firstNs = spec.fireImmediately === true ? startNs : startNs + intervalNs;
    const stopNs = spec.stopNs;
    if (stopNs !== undefined) {
      checkTime(name, 'stopNs', stopNs);
      if (stopNs < firstNs || stopNs < now) {
        throw new ClockError(
          ClockErrorCode.TIMER_STOP_INVALID,
          `timer '${name}': stopNs ${stopNs} leaves no tick to fire (first tick ${firstNs}, now ${now})`,
          { details: { name, stopNs: String(stopNs), firstNs: String(firstNs), nowNs: String(now) } },
        );
      }
    }
    this.#register(name, intervalNs, stopNs, callback, firstNs);
  }

  setTimeAlert(spec: TimeAlertSpec): void {
    const { name, alertTimeNs, callback } = spec;
    this.#checkNameAndCallback(name, callback);
    checkTime(name, 'alertTimeNs', alertTimeNs);
    const now = this.timestampNs();
    let dueNs = alertTimeNs;
    if (alertTimeNs < now) {
      if (spec.allowPast === false) {
        throw new ClockError(
          ClockErrorCode.TIMER_TIME_IN_PAST,
          `time alert '${name}': alertTimeNs ${alertTimeNs} is before now ${now}`,
          { details: { name, alertTimeNs: String(alertTimeNs), nowNs: String(now) } },
        );
      }
      dueNs = now;
    }
    this.#register(name, 0n, undefined, callback, dueNs);
  }

  cancelTimer(name: string): boolean {
    const timer = this.#timers.get(name);
    if (timer === undefined) return false;
    this.#timers.delete(name);
    timer.active = false;
    this.unschedule(timer);
    return true;
  }

  cancelTimers(): void {
    const timers = [...this.#timers.values()];
    this.#timers.clear();
    for (const timer of timers) timer.active = false;
    this.unscheduleAll(timers);
  }

  get timerNames(): readonly string[] {
    return [...this.#timers.keys()].sort();
  }

  get timerCount(): number {
    return this.#timers.size;
  }

  nextTimeNs(name: string): bigint | undefined {
    return this.#timers.get(name)?.nextTimeNs;
  }

  /** Starts delivering `timer` (its `nextTimeNs` is set). */
  protected abstract schedule(timer: ActiveTimer): void;
  /** Stops delivering `timer` (already marked inactive and unregistered). */
  protected abstract unschedule(timer: ActiveTimer): void;
  /** Stops delivering all of `timers` (every active timer, already marked inactive). */
  protected abstract unscheduleAll(timers: readonly ActiveTimer[]): void;

  /**
   * Builds the event for the tick of `timer` at `tsEvent` and moves the timer on: to its next
   * grid time `tsEvent + intervalNs`, or out of the registry when that was its last tick.
   * Returns the event; whether the timer is still active tells the caller to reschedule it.
   */
  protected tick(timer: ActiveTimer, tsEvent: bigint, tsInit: bigint): TimeEvent {
    const event: TimeEvent = Object.freeze({
      type: 'TimeEvent',
      name: timer.name,
      eventId: this.#nextEventId(),
      tsEvent,
      tsInit,
    });
    const next = tsEvent + timer.intervalNs;
    if (timer.intervalNs === 0n || (timer.stopNs !== undefined && next > timer.stopNs)) {
      timer.active = false;
      // The name may already belong to a newer timer (not possible today, but cheap to guard).
      if (this.#timers.get(timer.name) === timer) this.#timers.delete(timer.name);
    } else {
      timer.nextTimeNs = next;
    }
    return event;
  }

  #checkNameAndCallback(name: unknown, callback: unknown): asserts name is string {
    if (typeof name !== 'string' || name.length === 0) {
      throw new ClockError(
        ClockErrorCode.TIMER_NAME_INVALID,
        `timer name must be a non-empty string, was ${describeValue(name)}`,
      );
    }
    if (this.#timers.has(name)) {
      throw new ClockError(
        ClockErrorCode.TIMER_NAME_DUPLICATE,
        `timer '${name}' is already active; cancel it first or choose another name`,
        { details: { name } },
      );
    }
    if (typeof callback !== 'function') {
      throw new ClockError(
        ClockErrorCode.TIMER_CALLBACK_INVALID,
        `timer '${name}': callback must be a function, was ${describeValue(callback)}`,
        { details: { name } },
      );
    }
  }

  #register(
    name: string,
    intervalNs: bigint,
    stopNs: bigint | undefined,
    callback: TimeEventCallback,
    nextTimeNs: bigint,
  ): void {
    this.#seq += 1;
    const timer: ActiveTimer = {
      name,
      seq: this.#seq,
      intervalNs,
      stopNs,
      callback,
      nextTimeNs,
      active: true,
    };
    this.#timers.set(name, timer);
    this.schedule(timer);
  }
}
