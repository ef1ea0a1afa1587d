/**
 * `MockScript`: what a test sets on a mock client's methods (a failure for the next call or every
 * call, a delay on the clock, a hang), applied the same way to every method, and the record of
 * every call made.
 */
import type { Clock } from '../common/index.js';

/** One call a mock received. */
export interface MockCall<M extends string = string> {
  readonly method: M;
  readonly args: readonly unknown[];
  /** The clock's time at the call (UNIX ns). */
  readonly tsNs: bigint;
}

/** Failures, delays and hangs per method, and the calls received (see the module doc). */
export class MockScript<M extends string> {
  readonly #clock: Clock;
  readonly #name: string;
  readonly #next = new Map<M, unknown[]>();
  readonly #always = new Map<M, unknown>();
  readonly #delays = new Map<M, number>();
  readonly #hangs = new Set<M>();
  readonly calls: MockCall<M>[] = [];
  #seq = 0;

  constructor(name: string, clock: Clock) {
    this.#name = name;
    this.#clock = clock;
  }

  failNext(method: M, error: unknown): void {
    const list = this.#next.get(method) ?? [];
    list.push(error);
    this.#next.set(method, list);
  }
  failAlways(method: M, error: unknown | null): void {
    if (error === null) this.#always.delete(method);
    else this.#always.set(method, error);
  }
  delay(method: M, ms: number | null): void {
    if (ms === null || ms <= 0) this.#delays.delete(method);
    else this.#delays.set(method, ms);
  }
  hang(method: M, on = true): void {
    if (on) this.#hangs.add(method);
    else this.#hangs.delete(method);
  }
  /** Clears every failure, delay and hang (not the calls). */
  clear(): void {
    this.#next.clear();
    this.#always.clear();
    this.#delays.clear();
    this.#hangs.clear();
  }

  /** The calls of `method`. */
  callsOf(method: M): MockCall<M>[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Records the call, then answers with `answer()` unless a failure, delay or hang applies. */
  run<T>(method: M, args: readonly unknown[], answer: () => T): Promise<T> {
    this.calls.push({ method, args, tsNs: this.#clock.timestampNs() });
    const queued = this.#next.get(method);
    const failure = queued !== undefined && queued.length > 0 ? queued.shift() : this.#always.get(method);
    const failed = failure !== undefined;
    if (this.#hangs.has(method)) return new Promise<T>(() => {});
    const settle = (): Promise<T> => {
      if (failed) return Promise.reject(failure);
      try {
        return Promise.resolve(answer());
      } catch (e) {
        return Promise.reject(e);
      }
    };
    const ms = this.#delays.get(method);
    if (ms === undefined) return settle();
    return new Promise<T>((resolve, reject) => {
      this.#clock.setTimeAlert({
        name: `mock.${this.#name}.${method}.${++this.#seq}`,
        alertTimeNs: this.#clock.timestampNs() + BigInt(Math.round(ms * 1e6)),
        callback: () => void settle().then(resolve, reject),
      });
    });
  }
}
