/**
 * Purges of the cache on their timers: closed orders, closed positions and account events, each
 * every `<purge>IntervalMins` with its buffer (`<purge>BufferMins`, or the account-event
 * lookback), and from the database too with `purgeFromDatabase`. The cache's purges never touch
 * an order or position that is open, in flight, or closed more recently than the buffer.
 */
import type { LiveExecEngineConfig } from '../../config/index.js';
import type { CheckContext } from './context.js';

const MIN_NS = 60_000_000_000n;

/** The purge settings of `LiveExecEngineConfig`. */
export type PurgeSettings = Pick<
  LiveExecEngineConfig,
  | 'purgeClosedOrdersIntervalMins'
  | 'purgeClosedOrdersBufferMins'
  | 'purgeClosedPositionsIntervalMins'
  | 'purgeClosedPositionsBufferMins'
  | 'purgeAccountEventsIntervalMins'
  | 'purgeAccountEventsLookbackMins'
  | 'purgeFromDatabase'
>;

/** What one purge removed. */
export interface PurgeRun {
  readonly kind: 'closedOrders' | 'closedPositions' | 'accountEvents';
  readonly tsNow: bigint;
  readonly purged: number;
}

/** The purge timers (see the module doc). */
export class PurgeScheduler {
  static readonly TIMER_PREFIX = 'live.purge.';
  readonly #ctx: CheckContext;
  readonly #s: PurgeSettings;
  /** Every purge run, newest last (bounded: the last 1,000). */
  readonly runs: PurgeRun[] = [];

  constructor(ctx: CheckContext, settings: PurgeSettings) {
    this.#ctx = ctx;
    this.#s = settings;
  }

  /** Registers a timer per configured purge. */
  start(): void {
    const s = this.#s;
    this.#timer('closedOrders', s.purgeClosedOrdersIntervalMins, s.purgeClosedOrdersBufferMins);
    this.#timer('closedPositions', s.purgeClosedPositionsIntervalMins, s.purgeClosedPositionsBufferMins);
    this.#timer('accountEvents', s.purgeAccountEventsIntervalMins, s.purgeAccountEventsLookbackMins);
  }

  stop(): void {
    for (const k of ['closedOrders', 'closedPositions', 'accountEvents']) {
      this.#ctx.clock.cancelTimer(PurgeScheduler.TIMER_PREFIX + k);
    }
  }

  #timer(kind: PurgeRun['kind'], intervalMins: number | null, bufferMins: number | null): void {
    if (intervalMins === null || bufferMins === null) return;
    const bufferNs = BigInt(bufferMins) * MIN_NS;
    this.#ctx.clock.setTimer({
      name: PurgeScheduler.TIMER_PREFIX + kind,
      intervalNs: BigInt(intervalMins) * MIN_NS,
      callback: () => void this.purge(kind, bufferNs),
    });
  }

  /** Runs one purge now with `bufferNs`. */
  purge(kind: PurgeRun['kind'], bufferNs: bigint): PurgeRun {
    const { cache, clock, log } = this.#ctx;
    const now = clock.timestampNs();
    const db = this.#s.purgeFromDatabase;
    let purged: number;
    switch (kind) {
      case 'closedOrders':
        purged = cache.purgeClosedOrders(now, bufferNs, db).length;
        break;
      case 'closedPositions':
        purged = cache.purgeClosedPositions(now, bufferNs, db).length;
        break;
      case 'accountEvents':
        purged = cache.purgeAccountEvents(now, bufferNs, db).reduce((n, p) => n + p.eventIds.length, 0);
        break;
    }
    const run: PurgeRun = { kind, tsNow: now, purged };
    this.runs.push(run);
    if (this.runs.length > 1_000) this.runs.shift();
    if (purged > 0) log.debug({ kind, purged, purgeFromDatabase: db }, `purged ${purged} ${kind}`);
    return run;
  }
}
