import { describe, expect, it } from 'vitest';
import { LiveClock, liveTimestampNs, type TimeEvent } from '../../../ts/common/index.js';

const MS = 1_000_000n;

function nextEvents(count: number): { callback: (e: TimeEvent) => void; done: Promise<TimeEvent[]> } {
  const events: TimeEvent[] = [];
  let resolve!: (v: TimeEvent[]) => void;
  const done = new Promise<TimeEvent[]>((r) => {
    resolve = r;
  });
  return {
    callback: (e) => {
      events.push(e);
      if (events.length === count) resolve(events);
    },
    done,
  };
}

function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // block the event loop on purpose
  }
}

/** Tick times are strictly increasing grid points start + k * interval, k >= 1. */
function expectOnGrid(events: readonly TimeEvent[], startNs: bigint, intervalNs: bigint): void {
  let previous = startNs;
  for (const e of events) {
    expect(e.tsEvent > previous).toBe(true);
    expect((e.tsEvent - startNs) % intervalNs).toBe(0n);
    previous = e.tsEvent;
  }
}

describe('LiveClock time', () => {
  it('reads wall time in ns, close to Date.now()', () => {
    const clock = new LiveClock();
    const before = BigInt(Date.now()) * MS;
    const ns = clock.timestampNs();
    const after = BigInt(Date.now()) * MS;
    expect(ns).toBeGreaterThanOrEqual(before - 50n * MS);
    expect(ns).toBeLessThanOrEqual(after + 50n * MS);
    expect(Math.abs(clock.timestampMs() - Date.now())).toBeLessThan(50);
    expect(Math.abs(clock.utcNow().getTime() - Date.now())).toBeLessThan(50);
  });

  it('is monotonic, with sub-millisecond resolution', () => {
    const clock = new LiveClock();
    let previous = clock.timestampNs();
    const distinct = new Set<bigint>();
    for (let i = 0; i < 100_000; i++) {
      const now = clock.timestampNs();
      expect(now >= previous).toBe(true);
      distinct.add(now % MS);
      previous = now;
    }
    // ns resolution: many distinct sub-millisecond remainders, not one per ms.
    expect(distinct.size).toBeGreaterThan(100);
  });

  it('agrees across clock instances', () => {
    const a = new LiveClock().timestampNs();
    const b = new LiveClock().timestampNs();
    const c = liveTimestampNs();
    expect(b >= a && c >= b).toBe(true);
    expect(c - a).toBeLessThan(10n * MS);
  });
});

describe('LiveClock timers', () => {
  it('really fires a repeating timer on the grid of its start time', async () => {
    const clock = new LiveClock();
    const startNs = clock.timestampNs();
    const { callback, done } = nextEvents(3);
    clock.setTimer({ name: 'beat', intervalNs: 20n * MS, startNs, callback });
    const events = await done;
    clock.cancelTimers();
    expectOnGrid(events, startNs, 20n * MS);
    for (const e of events) {
      expect(e.type).toBe('TimeEvent');
      expect(e.name).toBe('beat');
      expect(e.tsInit >= e.tsEvent).toBe(true);
      expect(e.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
  });

  it('does not drift: tick times stay on the grid whatever the callback latency', async () => {
    const clock = new LiveClock();
    const startNs = clock.timestampNs();
    const events: TimeEvent[] = [];
    const done = new Promise<void>((resolve) => {
      clock.setTimer({
        name: 'slow',
        intervalNs: 15n * MS,
        startNs,
        callback: (e) => {
          events.push(e);
          busyWait(5); // a slow callback must not push later ticks back
          if (events.length === 5) resolve();
        },
      });
    });
    await done;
    clock.cancelTimers();
    expectOnGrid(events, startNs, 15n * MS);
    // Each tick fired within a few ms of its grid time (generous for a shared CI machine).
    const lateness = events.map((e) => Number(e.tsInit - e.tsEvent) / 1e6);
    expect(Math.max(...lateness)).toBeLessThan(100);
  });

  it('coalesces ticks missed while the event loop was blocked into one event on the grid', async () => {
    const clock = new LiveClock();
    const startNs = clock.timestampNs();
    const { callback, done } = nextEvents(1);
    clock.setTimer({ name: 't', intervalNs: 10n * MS, startNs, callback });
    busyWait(75);
    const [event] = await done;
    clock.cancelTimers();
    expect(event!.tsEvent >= startNs + 70n * MS).toBe(true);
    expect((event!.tsEvent - startNs) % (10n * MS)).toBe(0n);
  });

  it('fires an alert once, and an alert in the past right away', async () => {
    const clock = new LiveClock();
    const now = clock.timestampNs();
    const future = nextEvents(1);
    const past = nextEvents(1);
    clock.setTimeAlert({ name: 'future', alertTimeNs: now + 10n * MS, callback: future.callback });
    clock.setTimeAlert({ name: 'past', alertTimeNs: now - 1_000n * MS, callback: past.callback });
    const [p] = await past.done;
    const [f] = await future.done;
    // Due "now" as of registration: between our reading and the firing.
    expect(p!.tsEvent >= now && p!.tsEvent <= p!.tsInit).toBe(true);
    expect(p!.tsEvent < now + 10n * MS).toBe(true);
    expect(f!.tsEvent).toBe(now + 10n * MS);
    expect(clock.timerCount).toBe(0);
  });

  it('a cancelled timer never fires', async () => {
    const clock = new LiveClock();
    let fired = 0;
    clock.setTimer({ name: 'x', intervalNs: 5n * MS, callback: () => fired++ });
    clock.setTimeAlert({ name: 'y', alertTimeNs: clock.timestampNs() + 5n * MS, callback: () => fired++ });
    expect(clock.cancelTimer('x')).toBe(true);
    clock.cancelTimers();
    await new Promise((r) => setTimeout(r, 40));
    expect(fired).toBe(0);
  });

  it('stops after the last tick at or before stopNs', async () => {
    const clock = new LiveClock();
    const startNs = clock.timestampNs();
    const events: TimeEvent[] = [];
    clock.setTimer({
      name: 's',
      intervalNs: 20n * MS,
      startNs,
      stopNs: startNs + 50n * MS,
      callback: (e) => events.push(e),
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(clock.timerCount).toBe(0);
    // Under load ticks may coalesce, but the last one is always the last grid time <= stopNs.
    expect(events.at(-1)!.tsEvent).toBe(startNs + 40n * MS);
    expectOnGrid(events, startNs, 20n * MS);
  });

  it('passes a throwing callback to onError and keeps the timer running', async () => {
    const errors: Array<[unknown, string]> = [];
    const clock = new LiveClock({ onError: (error, event) => errors.push([error, event.name]) });
    const { callback, done } = nextEvents(3);
    clock.setTimer({
      name: 'flaky',
      intervalNs: 5n * MS,
      callback: (e) => {
        callback(e);
        throw new Error('bad callback');
      },
    });
    await done;
    clock.cancelTimers();
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(errors[0]![1]).toBe('flaky');
    expect((errors[0]![0] as Error).message).toBe('bad callback');
  });

  it('does not hold the process open unless ref is asked', () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const base = timeouts();
    const unrefd = new LiveClock();
    unrefd.setTimer({ name: 'u', intervalNs: 60_000n * MS, callback: () => {} });
    expect(timeouts()).toBe(base);
    const refd = new LiveClock({ ref: true });
    refd.setTimer({ name: 'r', intervalNs: 60_000n * MS, callback: () => {} });
    expect(timeouts()).toBe(base + 1);
    refd.cancelTimers();
    unrefd.cancelTimers();
    expect(timeouts()).toBe(base);
  });

  it('waits out delays longer than setTimeout allows without firing early', () => {
    const clock = new LiveClock();
    const far = clock.timestampNs() + 40n * 24n * 3_600_000n * MS; // 40 days
    clock.setTimeAlert({ name: 'far', alertTimeNs: far, callback: () => {} });
    expect(clock.nextTimeNs('far')).toBe(far);
    clock.cancelTimers();
  });
});
