import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockError, TestClock, type TimeEvent } from '../../../ts/common/index.js';

const SEC = 1_000_000_000n;

/** Records events as `name@time` strings, reading the clock inside the callback. */
function recorder(clock: TestClock) {
  const seen: string[] = [];
  const clockAtFire: bigint[] = [];
  const callback = (e: TimeEvent) => {
    seen.push(`${e.name}@${e.tsEvent}`);
    clockAtFire.push(clock.timestampNs());
  };
  return { seen, clockAtFire, callback };
}

function expectClockError(fn: () => unknown, code: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ClockError);
  expect((thrown as ClockError).code).toBe(code);
}

describe('TestClock time', () => {
  it('starts at the given time and reads it in ns, ms and Date', () => {
    const clock = new TestClock({ startNs: 1_700_000_000_123_456_789n });
    expect(clock.timestampNs()).toBe(1_700_000_000_123_456_789n);
    expect(clock.timestampMs()).toBe(1_700_000_000_123);
    expect(clock.utcNow().toISOString()).toBe('2023-11-14T22:13:20.123Z');
  });

  it('defaults to time zero', () => {
    expect(new TestClock().timestampNs()).toBe(0n);
  });

  it('setTime moves time without firing timers', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    clock.setTimer({ name: 't', intervalNs: SEC, callback: r.callback });
    clock.setTime(5n * SEC);
    expect(clock.timestampNs()).toBe(5n * SEC);
    expect(r.seen).toEqual([]);
  });

  it('advanceTime refuses to move backwards and leaves the time unchanged', () => {
    const clock = new TestClock({ startNs: 10n });
    expectClockError(() => clock.advanceTime(9n), 'CLOCK_TIME_BACKWARDS');
    expect(clock.timestampNs()).toBe(10n);
  });

  it('advanceTime to now is allowed and fires nothing when nothing is due', () => {
    const clock = new TestClock({ startNs: 10n });
    expect(clock.advanceTime(10n)).toEqual([]);
  });
});

describe('TestClock repeating timers', () => {
  it('fires on the grid start + k * interval up to the advance target, inclusive', () => {
    const clock = new TestClock({ startNs: 100n });
    const r = recorder(clock);
    clock.setTimer({ name: 't', intervalNs: 10n, callback: r.callback });
    const events = clock.advanceTime(135n);
    expect(r.seen).toEqual(['t@110', 't@120', 't@130']);
    expect(events.map((e) => e.tsEvent)).toEqual([110n, 120n, 130n]);
    expect(clock.timestampNs()).toBe(135n);
    expect(clock.nextTimeNs('t')).toBe(140n);
    clock.advanceTime(140n);
    expect(r.seen.at(-1)).toBe('t@140');
  });

  it('emits frozen TimeEvent objects with both timestamps equal to the tick time', () => {
    const clock = new TestClock();
    clock.setTimer({ name: 'beat', intervalNs: 5n, callback: () => {} });
    const [event] = clock.advanceTime(5n);
    expect(event).toEqual({
      type: 'TimeEvent',
      name: 'beat',
      eventId: '00000000-0000-4000-8000-000000000001',
      tsEvent: 5n,
      tsInit: 5n,
    });
    expect(Object.isFrozen(event)).toBe(true);
  });

  it('sets the clock to each tick time while its callback runs', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    clock.setTimer({ name: 't', intervalNs: 7n, callback: r.callback });
    clock.advanceTime(30n);
    expect(r.clockAtFire).toEqual([7n, 14n, 21n, 28n]);
  });

  it('uses startNs as the grid origin and fireImmediately fires at startNs itself', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    clock.setTimer({ name: 'a', intervalNs: 10n, startNs: 3n, callback: r.callback });
    clock.setTimer({ name: 'b', intervalNs: 10n, startNs: 3n, fireImmediately: true, callback: r.callback });
    clock.advanceTime(23n);
    expect(r.seen).toEqual(['b@3', 'a@13', 'b@13', 'a@23', 'b@23']);
  });

  it('stops after the last tick at or before stopNs and frees the name', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    clock.setTimer({ name: 't', intervalNs: 10n, stopNs: 35n, callback: r.callback });
    clock.advanceTime(100n);
    expect(r.seen).toEqual(['t@10', 't@20', 't@30']);
    expect(clock.timerNames).toEqual([]);
    expect(clock.nextTimeNs('t')).toBeUndefined();
    clock.setTimer({ name: 't', intervalNs: 10n, callback: r.callback });
    expect(clock.timerCount).toBe(1);
  });

  it('includes a tick exactly at stopNs', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    clock.setTimer({ name: 't', intervalNs: 10n, stopNs: 30n, callback: r.callback });
    clock.advanceTime(30n);
    expect(r.seen).toEqual(['t@10', 't@20', 't@30']);
    expect(clock.timerCount).toBe(0);
  });

  it('catches up every missed tick after setTime jumps ahead, with their own tsEvent', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    clock.setTimer({ name: 't', intervalNs: 10n, callback: r.callback });
    clock.setTime(35n);
    clock.advanceTime(35n);
    expect(r.seen).toEqual(['t@10', 't@20', 't@30']);
    expect(r.clockAtFire).toEqual([35n, 35n, 35n]);
  });
});

describe('TestClock ordering', () => {
  it('orders by time, then by registration order, whatever the names', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    clock.setTimer({ name: 'z', intervalNs: 10n, callback: r.callback });
    clock.setTimer({ name: 'a', intervalNs: 5n, callback: r.callback });
    clock.setTimeAlert({ name: 'm', alertTimeNs: 10n, callback: r.callback });
    clock.advanceTime(20n);
    expect(r.seen).toEqual(['a@5', 'z@10', 'a@10', 'm@10', 'a@15', 'z@20', 'a@20']);
  });

  it('fires a tick scheduled by a callback within the same advance, in its place', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    clock.setTimeAlert({
      name: 'first',
      alertTimeNs: 10n,
      callback: (e) => {
        r.callback(e);
        clock.setTimeAlert({ name: 'spawned', alertTimeNs: 15n, callback: r.callback });
        clock.setTimeAlert({ name: 'same-time', alertTimeNs: 10n, callback: r.callback });
      },
    });
    clock.setTimeAlert({ name: 'later', alertTimeNs: 20n, callback: r.callback });
    clock.advanceTime(30n);
    expect(r.seen).toEqual(['first@10', 'same-time@10', 'spawned@15', 'later@20']);
  });

  it('gives the same events, ids included, on two runs of the same program', () => {
    const run = () => {
      const clock = new TestClock();
      clock.setTimer({ name: 'x', intervalNs: 3n, callback: () => {} });
      clock.setTimer({ name: 'y', intervalNs: 2n, callback: () => {} });
      return clock.advanceTime(12n);
    };
    expect(run()).toEqual(run());
  });

  it('matches a naive reference schedule on random timers and advances (property)', () => {
    const timerArb = fc.record({
      interval: fc.bigInt({ min: 1n, max: 50n }),
      start: fc.bigInt({ min: 0n, max: 100n }),
      span: fc.option(fc.bigInt({ min: 0n, max: 300n }), { nil: undefined }),
      immediate: fc.boolean(),
      alert: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(timerArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.bigInt({ min: 0n, max: 120n }), { minLength: 1, maxLength: 6 }),
        (specs, steps) => {
          const clock = new TestClock({ startNs: 0n });
          const fired: Array<[bigint, number]> = [];
          const expected: Array<[bigint, number]> = [];
          specs.forEach((s, i) => {
            const callback = (e: TimeEvent) => fired.push([e.tsEvent, i]);
            if (s.alert) {
              clock.setTimeAlert({ name: `t${i}`, alertTimeNs: s.start, callback });
              expected.push([s.start, i]);
              return;
            }
            const first = s.immediate ? s.start : s.start + s.interval;
            const stop = s.span === undefined ? undefined : first + s.span;
            clock.setTimer({
              name: `t${i}`,
              intervalNs: s.interval,
              startNs: s.start,
              callback,
              fireImmediately: s.immediate,
              ...(stop === undefined ? {} : { stopNs: stop }),
            });
            for (let t = first; t <= 1000n && (stop === undefined || t <= stop); t += s.interval) {
              expected.push([t, i]);
            }
          });
          let now = 0n;
          for (const step of steps) {
            now += step;
            clock.advanceTime(now);
          }
          const want = expected
            .filter(([t]) => t <= now)
            .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
          expect(fired).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('TestClock alerts', () => {
  it('fires once at its time and is removed', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    clock.setTimeAlert({ name: 'once', alertTimeNs: 50n, callback: r.callback });
    expect(clock.nextTimeNs('once')).toBe(50n);
    clock.advanceTime(49n);
    expect(r.seen).toEqual([]);
    clock.advanceTime(1_000n);
    expect(r.seen).toEqual(['once@50']);
    expect(clock.timerCount).toBe(0);
  });

  it('an alert in the past is due now and fires on the next advance, even to the same time', () => {
    const clock = new TestClock({ startNs: 100n });
    const r = recorder(clock);
    clock.setTimeAlert({ name: 'late', alertTimeNs: 40n, callback: r.callback });
    expect(clock.nextTimeNs('late')).toBe(100n);
    const events = clock.advanceTime(100n);
    expect(events.map((e) => [e.name, e.tsEvent])).toEqual([['late', 100n]]);
  });

  it('with allowPast false, refuses an alert in the past and registers nothing', () => {
    const clock = new TestClock({ startNs: 100n });
    expectClockError(
      () => clock.setTimeAlert({ name: 'late', alertTimeNs: 99n, callback: () => {}, allowPast: false }),
      'TIMER_TIME_IN_PAST',
    );
    expect(clock.timerCount).toBe(0);
    clock.setTimeAlert({ name: 'now', alertTimeNs: 100n, callback: () => {}, allowPast: false });
    expect(clock.timerCount).toBe(1);
  });

  it('can re-arm itself under the same name from its own callback', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    const rearm = (e: TimeEvent) => {
      r.callback(e);
      if (e.tsEvent < 30n) clock.setTimeAlert({ name: 'a', alertTimeNs: e.tsEvent + 10n, callback: rearm });
    };
    clock.setTimeAlert({ name: 'a', alertTimeNs: 10n, callback: rearm });
    clock.advanceTime(100n);
    expect(r.seen).toEqual(['a@10', 'a@20', 'a@30']);
  });
});

describe('TestClock cancel', () => {
  it('cancelTimer stops a timer, reports whether there was one, and frees the name', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    clock.setTimer({ name: 't', intervalNs: 10n, callback: r.callback });
    clock.advanceTime(10n);
    expect(clock.cancelTimer('t')).toBe(true);
    expect(clock.cancelTimer('t')).toBe(false);
    expect(clock.cancelTimer('never')).toBe(false);
    clock.advanceTime(100n);
    expect(r.seen).toEqual(['t@10']);
    clock.setTimer({ name: 't', intervalNs: 10n, callback: r.callback });
    clock.advanceTime(110n);
    expect(r.seen).toEqual(['t@10', 't@110']);
  });

  it('a callback can cancel its own timer and another one due at the same time', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    clock.setTimer({
      name: 'self',
      intervalNs: 10n,
      callback: (e) => {
        r.callback(e);
        clock.cancelTimer('self');
        clock.cancelTimer('other');
      },
    });
    clock.setTimer({ name: 'other', intervalNs: 10n, callback: r.callback });
    clock.advanceTime(100n);
    expect(r.seen).toEqual(['self@10']);
    expect(clock.timerCount).toBe(0);
  });

  it('cancelTimers removes everything', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    for (let i = 0; i < 5; i++) clock.setTimer({ name: `t${i}`, intervalNs: 10n, callback: r.callback });
    clock.setTimeAlert({ name: 'alert', alertTimeNs: 5n, callback: r.callback });
    clock.cancelTimers();
    expect(clock.timerCount).toBe(0);
    expect(clock.advanceTime(1_000n)).toEqual([]);
  });

  it('keeps firing the right timers after thousands of cancellations (heap compaction)', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    for (let i = 0; i < 5_000; i++) clock.setTimer({ name: `c${i}`, intervalNs: 10n, callback: r.callback });
    clock.setTimer({ name: 'keep', intervalNs: 10n, callback: r.callback });
    for (let i = 0; i < 5_000; i++) clock.cancelTimer(`c${i}`);
    clock.advanceTime(30n);
    expect(r.seen).toEqual(['keep@10', 'keep@20', 'keep@30']);
  });
});

describe('TestClock introspection', () => {
  it('lists timer names sorted, counts them and gives next times', () => {
    const clock = new TestClock();
    clock.setTimer({ name: 'b', intervalNs: 10n, callback: () => {} });
    clock.setTimeAlert({ name: 'a', alertTimeNs: 7n, callback: () => {} });
    expect(clock.timerNames).toEqual(['a', 'b']);
    expect(clock.timerCount).toBe(2);
    expect(clock.nextTimeNs('b')).toBe(10n);
    expect(clock.nextTimeNs('a')).toBe(7n);
    expect(clock.nextTimeNs('c')).toBeUndefined();
  });
});

describe('TestClock refusals', () => {
  const cb = () => {};
  it.each([
    [
      'empty name',
      () => new TestClock().setTimer({ name: '', intervalNs: 1n, callback: cb }),
      'TIMER_NAME_INVALID',
    ],
    [
      'zero interval',
      () => new TestClock().setTimer({ name: 't', intervalNs: 0n, callback: cb }),
      'TIMER_INTERVAL_INVALID',
    ],
    [
      'negative interval',
      () => new TestClock().setTimer({ name: 't', intervalNs: -5n, callback: cb }),
      'TIMER_INTERVAL_INVALID',
    ],
    [
      'number interval',
      () => new TestClock().setTimer({ name: 't', intervalNs: 5 as unknown as bigint, callback: cb }),
      'TIMER_INTERVAL_INVALID',
    ],
    [
      'negative start',
      () => new TestClock().setTimer({ name: 't', intervalNs: 5n, startNs: -1n, callback: cb }),
      'TIMER_TIME_INVALID',
    ],
    [
      'stop before first tick',
      () => new TestClock().setTimer({ name: 't', intervalNs: 10n, stopNs: 9n, callback: cb }),
      'TIMER_STOP_INVALID',
    ],
    [
      'stop already past',
      () =>
        new TestClock({ startNs: 100n }).setTimer({
          name: 't',
          intervalNs: 10n,
          startNs: 0n,
          stopNs: 50n,
          callback: cb,
        }),
      'TIMER_STOP_INVALID',
    ],
    [
      'callback not a function',
      () => new TestClock().setTimer({ name: 't', intervalNs: 1n, callback: 'x' as unknown as () => void }),
      'TIMER_CALLBACK_INVALID',
    ],
    [
      'alert time not a bigint',
      () => new TestClock().setTimeAlert({ name: 'a', alertTimeNs: 5 as unknown as bigint, callback: cb }),
      'TIMER_TIME_INVALID',
    ],
  ])('refuses %s with a typed error', (_name, fn, code) => {
    expectClockError(fn, code);
  });

  it('refuses a duplicate name across timers and alerts, keeping the first one', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    clock.setTimer({ name: 'dup', intervalNs: 10n, callback: r.callback });
    expectClockError(
      () => clock.setTimer({ name: 'dup', intervalNs: 3n, callback: cb }),
      'TIMER_NAME_DUPLICATE',
    );
    expectClockError(
      () => clock.setTimeAlert({ name: 'dup', alertTimeNs: 3n, callback: cb }),
      'TIMER_NAME_DUPLICATE',
    );
    clock.advanceTime(20n);
    expect(r.seen).toEqual(['dup@10', 'dup@20']);
  });

  it('error messages name the timer and the bad value', () => {
    try {
      new TestClock().setTimer({ name: 'heartbeat', intervalNs: -5n, callback: cb });
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toContain("'heartbeat'");
      expect((e as Error).message).toContain('-5n');
    }
  });
});

describe('TestClock callback errors', () => {
  it('a throwing callback stops the advance at its event; the next advance continues', () => {
    const clock = new TestClock();
    const r = recorder(clock);
    let thrown = false;
    clock.setTimer({ name: 'ok', intervalNs: 10n, callback: r.callback });
    clock.setTimeAlert({
      name: 'boom',
      alertTimeNs: 20n,
      callback: () => {
        thrown = true;
        throw new Error('boom');
      },
    });
    expect(() => clock.advanceTime(50n)).toThrow('boom');
    expect(thrown).toBe(true);
    expect(clock.timestampNs()).toBe(20n);
    clock.advanceTime(50n);
    expect(r.seen).toEqual(['ok@10', 'ok@20', 'ok@30', 'ok@40', 'ok@50']);
  });
});

describe('TestClock scale', () => {
  it('runs 24 simulated hours of 200 timers and alerts in order', () => {
    const clock = new TestClock({ startNs: 1_700_000_000n * SEC });
    const origin = clock.timestampNs();
    const counts = new Map<string, number>();
    let last = 0n;
    let outOfOrder = 0;
    const callback = (e: TimeEvent) => {
      if (e.tsEvent < last) outOfOrder += 1;
      last = e.tsEvent;
      counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
    };
    let expected = 0;
    for (let i = 1; i <= 200; i++) {
      clock.setTimer({ name: `timer-${i}`, intervalNs: BigInt(i) * SEC, callback });
      expected += Math.floor(86_400 / i);
    }
    for (let i = 0; i < 1_000; i++) {
      clock.setTimeAlert({ name: `alert-${i}`, alertTimeNs: origin + BigInt(i * 86) * SEC, callback });
    }
    expected += 1_000;
    const started = performance.now();
    // Step like a backtest would: one advance per simulated minute.
    let fired = 0;
    for (let minute = 1n; minute <= 1_440n; minute++)
      fired += clock.advanceTime(origin + minute * 60n * SEC).length;
    const elapsedMs = performance.now() - started;
    expect(fired).toBe(expected);
    expect(outOfOrder).toBe(0);
    expect(counts.get('timer-1')).toBe(86_400);
    expect(counts.get('timer-7')).toBe(Math.floor(86_400 / 7));
    expect(clock.timestampNs()).toBe(origin + 86_400n * SEC);
    // Generous bound: a regression to O(n) per tick would take minutes.
    expect(elapsedMs).toBeLessThan(20_000);
  });
});
