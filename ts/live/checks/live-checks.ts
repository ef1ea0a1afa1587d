/**
 * `LiveChecks`: every continuous check of the live execution engine, built from
 * `LiveExecEngineConfig` and started/stopped together on one clock. The TradingNode starts them
 * after reconciliation and stops them before it disconnects.
 *
 * | check             | timer                          | setting(s)                                        |
 * |-------------------|--------------------------------|---------------------------------------------------|
 * | in-flight         | `live.inflight-check`          | `inflightCheckIntervalMs/ThresholdMs/Retries`     |
 * | open orders       | `live.open-order-check`        | `openCheckIntervalSecs`, `openCheckOpenOnly`      |
 * | own-books audit   | `live.own-books-audit`         | `ownBooksAuditIntervalSecs`                       |
 * | purges            | `live.purge.<kind>`            | `purge*IntervalMins`, buffers, `purgeFromDatabase` |
 */
import type { LiveExecEngineConfig } from '../../config/index.js';
import type { CheckContext } from './context.js';
import { HeldFillReports } from './held-fills.js';
import { InflightCheck } from './inflight.js';
import { OpenOrderCheck } from './open-orders.js';
import { OwnBooksAudit, type OwnBooksSource, ownBookFromCache } from './own-books.js';
import { PurgeScheduler } from './purges.js';

/** Options of {@link LiveChecks}. */
export interface LiveChecksOptions {
  readonly config: LiveExecEngineConfig;
  /** Own and public books for the audit (default: own views from the cache, no public book). */
  readonly books?: OwnBooksSource;
  /** Capacity of the held fill buffer (default 10,000). */
  readonly heldFillsCapacity?: number;
}

/** Every continuous check (see the module doc). */
export class LiveChecks {
  readonly inflight: InflightCheck;
  readonly openOrders: OpenOrderCheck;
  readonly ownBooks: OwnBooksAudit;
  readonly purges: PurgeScheduler;
  readonly heldFills: HeldFillReports;
  #started = false;

  constructor(ctx: CheckContext, options: LiveChecksOptions) {
    const c = options.config;
    this.heldFills = new HeldFillReports(ctx.log, options.heldFillsCapacity);
    this.inflight = new InflightCheck(ctx, c, this.heldFills);
    this.openOrders = new OpenOrderCheck(ctx, c);
    const books: OwnBooksSource = options.books ?? {
      ownBooks: () => ctx.cache.instruments().map((i) => ownBookFromCache(ctx.cache, i.id)),
      publicBook: () => null,
    };
    this.ownBooks = new OwnBooksAudit(ctx, c.ownBooksAuditIntervalSecs, books);
    this.purges = new PurgeScheduler(ctx, c);
  }

  get started(): boolean {
    return this.#started;
  }

  start(): void {
    if (this.#started) return;
    this.inflight.start();
    this.openOrders.start();
    this.ownBooks.start();
    this.purges.start();
    this.#started = true;
  }

  stop(): void {
    this.inflight.stop();
    this.openOrders.stop();
    this.ownBooks.stop();
    this.purges.stop();
    this.#started = false;
  }

  /** Resolves when no check has queries in progress. */
  async idle(): Promise<void> {
    await Promise.all([this.inflight.idle(), this.openOrders.idle()]);
  }
}
