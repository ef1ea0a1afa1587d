/**
 * A sliding-window rate limit on a clock: at most `limit` acquisitions in any window of
 * `intervalNs` (an acquisition at t counts for acquisitions in (t - interval, t]). Refused
 * acquisitions are not counted. O(1) per call: a ring of the last `limit` acquisition times,
 * grown as acquisitions happen (a huge limit costs memory only if it is used).
 */
import type { Clock } from '../common/index.js';
import type { RateLimit } from '../config/index.js';

export class RateThrottler {
  readonly limit: number;
  readonly intervalNs: bigint;
  readonly #clock: Clock;
  #times: bigint[] = [];
  // Index of the oldest time once the ring is full.
  #next = 0;
  #refused = 0;

  constructor(rate: RateLimit, clock: Clock) {
    this.limit = rate.limit;
    this.intervalNs = rate.intervalNs;
    this.#clock = clock;
  }

  /** Counts one message now and returns true, or returns false (counting nothing) when over the limit. */
  tryAcquire(): boolean {
    const now = this.#clock.timestampNs();
    const times = this.#times;
    if (times.length < this.limit) {
      // Fewer than `limit` acquisitions ever: the window cannot be full.
      times.push(now);
      return true;
    }
    if (times[this.#next]! > now - this.intervalNs) {
      this.#refused += 1;
      return false;
    }
    times[this.#next] = now;
    this.#next = (this.#next + 1) % this.limit;
    return true;
  }

  /** Acquisitions in the current window. */
  get used(): number {
    const cutoff = this.#clock.timestampNs() - this.intervalNs;
    let n = 0;
    for (const t of this.#times) if (t > cutoff) n += 1;
    return n;
  }

  /** Acquisitions refused so far. */
  get refusedCount(): number {
    return this.#refused;
  }

  reset(): void {
    this.#times = [];
    this.#next = 0;
    this.#refused = 0;
  }
}
