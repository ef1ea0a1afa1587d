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
import type { FillReport, OrderStatusReport } from '../../model/reports/index.js';
import type { ReconciliationClient } from '../reconciliation/client.js';
import type { VenueOutcome } from '../reconciliation/reconciler.js';
import { type CheckContext, reconcileAnswer } from './context.js';
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
  readonly #ctx: CheckContext;
  #started = false;

  constructor(ctx: CheckContext, options: LiveChecksOptions) {
    this.#ctx = ctx;
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

  /**
   * A fill report received at run time outside the normal event flow: applied through the
   * native diff when its order is known, else held until its order report arrives or the
   * in-flight threshold passes. Returns the outcome, or `null` when held.
   */
  handleFillReport(client: ReconciliationClient, fill: FillReport): VenueOutcome | null {
    const { cache } = this.#ctx;
    const id = fill.clientOrderId ?? cache.clientOrderIdForVenueOrderId(fill.venueOrderId);
    const order = id === null ? null : cache.order(id);
    if (order === null) {
      this.heldFills.hold(fill, this.#ctx.clock.timestampNs());
      return null;
    }
    return reconcileAnswer(this.#ctx, client, [order], [], [fill]);
  }

  /**
   * An order status report received at run time: reconciled through the native diff with the
   * fills held for it (an unknown order becomes an external order; claims apply). Returns
   * `null` for a report overtaken by newer fills while it waited (dropped, see `reconcileAnswer`).
   */
  handleOrderReport(client: ReconciliationClient, report: OrderStatusReport): VenueOutcome | null {
    const { cache } = this.#ctx;
    const id = report.clientOrderId ?? cache.clientOrderIdForVenueOrderId(report.venueOrderId);
    const order = id === null ? null : cache.order(id);
    const fills = this.heldFills.release(report.venueOrderId.value);
    return reconcileAnswer(this.#ctx, client, order === null ? [] : [order], [report], fills);
  }

  /** Resolves when no check has queries in progress. */
  async idle(): Promise<void> {
    await Promise.all([this.inflight.idle(), this.openOrders.idle()]);
  }
}
