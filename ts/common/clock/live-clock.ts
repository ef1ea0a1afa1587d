/**
 * Wall-clock time with nanosecond resolution, and timers on the Node event loop.
 *
 * # Time
 * `timestampNs()` is `process.hrtime.bigint()` (monotonic, ns) plus an offset taken once, when this
 * module loads, from `Date.now()`. So it never goes backwards (even if the system clock is
 * stepped) and all LiveClocks of a process agree; the price is that it does not follow later
 * system clock adjustments.
 *
 * # Timers
 * Each timer is a chain of `setTimeout`s, each one aimed at the absolute next grid time (not a
 * fixed delay), so lateness of one tick never accumulates into drift. A wake-up that arrives
 * early (Node timers have millisecond resolution) sleeps again for the rest. When the event loop
 * was blocked past several ticks of a repeating timer, the missed ticks coalesce: one event fires
 * for the latest due grid time and the timer resumes on the grid (live code wants the current
 * state, not a burst of stale ticks). Handles are `unref()`ed unless `ref: true`, so timers alone
 * do not keep the process alive.
 *
 * A callback that throws is caught and passed to `onError` (by default logged at error level):
 * one faulty callback must not crash the node nor stop its timer.
 *
 * @module
 */
import type { Logger } from '../logging/logger.js';
import { type ActiveTimer, BaseClock } from './base-clock.js';
import { type EventIdGenerator, randomEventId } from './event-id.js';
import type { TimeEvent } from './types.js';

/** Options of {@link LiveClock}. */
export interface LiveClockOptions {
  /** Keep the process alive while timers are pending (default false: handles are unref'ed). */
  readonly ref?: boolean;
  /** Id generator of time events (default: random UUIDs). */
  readonly eventIdGenerator?: EventIdGenerator;
  /** Receives exceptions thrown by timer callbacks (default: logged to `logger`). */
  readonly onError?: (error: unknown, event: TimeEvent) => void;
  /** Logger of the default `onError`. */
  readonly logger?: Logger;
}

const NS_PER_MS = 1_000_000n;
// setTimeout takes a 32-bit signed delay; longer waits re-arm on wake-up.
const MAX_DELAY_MS = 2_147_483_647;
// One offset per process so that every LiveClock reads the same time.
const EPOCH_OFFSET_NS = BigInt(Date.now()) * NS_PER_MS - process.hrtime.bigint();

/** Now, UNIX ns, monotonic (see the module doc). */
export function liveTimestampNs(): bigint {
  return process.hrtime.bigint() + EPOCH_OFFSET_NS;
}

interface LiveTimer extends ActiveTimer {
  handle?: NodeJS.Timeout | undefined;
}

/** The {@link Clock} of live trading. */
export class LiveClock extends BaseClock {
  readonly #ref: boolean;
  readonly #onError: (error: unknown, event: TimeEvent) => void;
  // Bound once: the tick handler is passed to setTimeout with the timer as argument, no closure.
  readonly #onWake = (timer: LiveTimer): void => this.#wake(timer);

  constructor(options: LiveClockOptions = {}) {
    super(options.eventIdGenerator ?? randomEventId);
    this.#ref = options.ref === true;
    const logger = options.logger;
    this.#onError =
      options.onError ??
      ((error, event) => {
        if (logger !== undefined) {
          logger.error({ err: error, timer: event.name, tsEvent: event.tsEvent }, 'timer callback failed');
        } else {
          // No logger given: still never swallow silently.
          process.emitWarning(`timer '${event.name}' callback failed: ${String(error)}`);
        }
      });
  }

  timestampNs(): bigint {
    return liveTimestampNs();
  }

  protected schedule(timer: LiveTimer): void {
    const waitNs = timer.nextTimeNs - liveTimestampNs();
    let delayMs = 0;
    if (waitNs > 0n) {
      const ms = (waitNs + NS_PER_MS - 1n) / NS_PER_MS;
      delayMs = ms > BigInt(MAX_DELAY_MS) ? MAX_DELAY_MS : Number(ms);
    }
    const handle = setTimeout(this.#onWake, delayMs, timer);
    if (!this.#ref) handle.unref();
    timer.handle = handle;
  }

  protected unschedule(timer: LiveTimer): void {
    if (timer.handle !== undefined) clearTimeout(timer.handle);
    timer.handle = undefined;
  }

  protected unscheduleAll(timers: readonly ActiveTimer[]): void {
    for (const timer of timers) this.unschedule(timer);
  }

  #wake(timer: LiveTimer): void {
    if (!timer.active) return;
    const now = liveTimestampNs();
    let ts = timer.nextTimeNs;
    if (now < ts) {
      this.schedule(timer); // early or clamped wake-up: sleep for the rest
      return;
    }
    const interval = timer.intervalNs;
    if (interval > 0n && now - ts >= interval) {
      // Coalesce missed ticks: jump to the latest grid time <= now (and <= stopNs).
      let limit = now;
      if (timer.stopNs !== undefined && timer.stopNs < limit) limit = timer.stopNs;
      ts += ((limit - ts) / interval) * interval;
    }
    const event = this.tick(timer, ts, now);
    if (timer.active) this.schedule(timer);
    try {
      timer.callback(event);
    } catch (error) {
      this.#onError(error, event);
    }
  }
}
