/**
 * Waiting for a promise with a deadline on a clock (a `TestClock` in tests, so a timeout is
 * reached by advancing time, never by waiting).
 */
import type { Clock } from './types.js';

/** The outcome of {@link withDeadline}. */
export type DeadlineOutcome<T> =
  | { readonly type: 'done'; readonly value: T }
  | { readonly type: 'failed'; readonly error: unknown }
  | { readonly type: 'timeout' };

let seq = 0;

/** Seconds as clock nanoseconds. */
export function secsToNs(secs: number): bigint {
  return BigInt(Math.round(secs * 1e9));
}

/**
 * Settles with `promise`'s outcome, or `timeout` when the clock reaches now + `timeoutSecs`
 * first. Never rejects. The alert is cancelled as soon as the promise settles.
 */
export function withDeadline<T>(
  clock: Clock,
  name: string,
  timeoutSecs: number,
  run: () => Promise<T>,
): Promise<DeadlineOutcome<T>> {
  const alert = `deadline.${name}.${++seq}`;
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: DeadlineOutcome<T>): void => {
      if (done) return;
      done = true;
      clock.cancelTimer(alert);
      resolve(o);
    };
    clock.setTimeAlert({
      name: alert,
      alertTimeNs: clock.timestampNs() + secsToNs(timeoutSecs),
      callback: () => finish({ type: 'timeout' }),
    });
    let p: Promise<T>;
    try {
      p = run();
    } catch (error) {
      p = Promise.reject(error);
    }
    p.then(
      (value) => finish({ type: 'done', value }),
      (error: unknown) => finish({ type: 'failed', error }),
    );
  });
}
