/**
 * A sliding-window rate limit on a clock: at most `limit` acquisitions in any window of
 * `intervalNs` (an acquisition at t counts for acquisitions in (t - interval, t]). Refused
 * acquisitions are not counted. O(1) per call (a ring of the last `limit` times).
 */
import type { Clock } from '../common/index.js';
import type { RateLimit } from '../config/index.js';

export class RateThrottler {
  readonly limit: number;
  readonly intervalNs: bigint;
  readonly #clock: Clock;
  readonly #times: bigint[];
  #next = 0;
  #size = 0;
  #refused = 0;

  constructor(rate: RateLimit, clock: Clock) {
    this.limit = rate.limit;
    this.intervalNs = rate.intervalNs;
    this.#clock = clock;
    this.#times = new Array<bigint>(rate.limit).fill(0n);
  }

  /** Counts one message now and returns true, or returns false (counting nothing) when over the limit. */
  tryAcquire(): boolean {
    const now = this.#clock.timestampNs();
    if (this.#size === this.limit) {
      // The oldest of the last `limit` acquisitions is at #next.
      if (this.#times[this.#next]! > now - this.intervalNs) {
        this.#refused += 1;
        return false;
      }
    } else {
      this.#size += 1;
    }
    this.#times[this.#next] = now;
    this.#next = (this.#next + 1) % this.limit;
    return true;
  }

  /** Acquisitions in the current window. */
  get used(): number {
    const cutoff = this.#clock.timestampNs() - this.intervalNs;
    let n = 0;
    for (let i = 0; i < this.#size; i++) if (this.#times[i]! > cutoff) n += 1;
    return n;
  }

  /** Acquisitions refused so far. */
  get refusedCount(): number {
    return this.#refused;
  }

  reset(): void {
    this.#next = 0;
    this.#size = 0;
    this.#refused = 0;
  }
}
