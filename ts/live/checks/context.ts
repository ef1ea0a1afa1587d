/**
 * What every continuous check shares: the cache, the clock, the reconciler (the native diff
 * path for runtime reports), the clients, and two helpers: reconcile one venue answer, and
 * resolve an order locally when the venue never answered.
 */
import type { Cache } from '../../cache/index.js';
import type { Clock, Logger, MessageBus } from '../../common/index.js';
import type { Order } from '../../model/orders/index.js';
import type { FillReport, OrderStatusReport } from '../../model/reports/index.js';
import type { ReconciliationClient } from '../reconciliation/client.js';
import type { Reconciler, VenueOutcome } from '../reconciliation/reconciler.js';
import { type Resolution, resolveLocally as resolveWith } from '../reconciliation/resolve.js';

export type { Resolution };

/** Everything a check needs. */
export interface CheckContext {
  readonly cache: Cache;
  readonly clock: Clock;
  readonly log: Logger;
  readonly msgbus: MessageBus | null;
  readonly reconciler: Reconciler;
  readonly clients: readonly ReconciliationClient[];
}

/** The client that routes `order`: the one it was added with, else its venue's. */
export function clientFor(ctx: CheckContext, order: Order): ReconciliationClient | null {
  const id = ctx.cache.clientIdForOrder(order.clientOrderId);
  if (id !== null) {
    const c = ctx.clients.find((x) => x.clientId.eq(id));
    if (c !== undefined) return c;
  }
  return ctx.clients.find((x) => x.venue.eq(order.instrumentId.venue)) ?? null;
}

/**
 * The fills of `report` the cache lacks, fetched only when the venue shows more filled than the
 * cache holds (a rejection propagates: the answer is then unknown).
 */
export async function fillsFor(
  client: ReconciliationClient,
  report: OrderStatusReport,
  order: Order | null,
): Promise<FillReport[]> {
  const held = order === null ? 0n : order.filledQty.raw;
  if (report.filledQty.raw <= held) return [];
  return client.generateFillReports({ instrumentId: report.instrumentId, venueOrderId: report.venueOrderId });
}

/**
 * True when `report` was overtaken while it waited (in the node's queue, or behind a check's
 * query): its order holds more fills than it shows and it is no newer than the order's last
 * event. Old news, not a discrepancy; a report that is newer and shows less is one.
 */
function overtaken(orders: readonly Order[], report: OrderStatusReport): boolean {
  const cid = report.clientOrderId?.value;
  const order = orders.find(
    (o) => o.clientOrderId.value === cid || o.venueOrderId?.value === report.venueOrderId.value,
  );
  return order !== undefined && report.filledQty.raw < order.filledQty.raw && report.tsLast <= order.tsLast;
}

/**
 * Reconciles venue reports through the native diff: for `orders` (known orders, maybe none), with
 * no position comparison (runtime checks align orders; positions follow their fills). Reports
 * overtaken by newer fills are left out; `null` when nothing is left to reconcile.
 */
export function reconcileAnswer(
  ctx: CheckContext,
  client: ReconciliationClient,
  orders: readonly Order[],
  orderReports: readonly OrderStatusReport[],
  fillReports: readonly FillReport[],
): VenueOutcome | null {
  const current = orderReports.filter((r) => {
    if (!overtaken(orders, r)) return true;
    ctx.log.debug(
      { venueOrderId: r.venueOrderId.value, reportFilled: r.filledQty.toString() },
      'runtime order report overtaken by newer fills: dropped',
    );
    return false;
  });
  if (current.length === 0 && fillReports.length === 0) return null;
  const out = ctx.reconciler.reconcileReports(
    {
      venue: client.venue,
      accountId: client.accountId.value,
      orderReports: current,
      fillReports,
      positionReports: [],
    },
    { orders, withoutPositions: true },
  );
  for (const r of out.reasons)
    ctx.log.error({ venue: client.venue.value, reason: r }, `runtime reconciliation: ${r}`);
  return out;
}

/** Resolves `order` locally (see `reconciliation/resolve.ts`) with the checks' context. */
export function resolveLocally(ctx: CheckContext, order: Order, to: Resolution, reason: string): boolean {
  return resolveWith({ ...ctx, observer: ctx.reconciler.observer }, order, to, reason);
}

/** Runs async work one at a time: a tick that finds the previous run still going is skipped. */
export class SingleFlight {
  #running: Promise<void> | null = null;
  readonly #log: Logger;
  readonly #name: string;

  constructor(name: string, log: Logger) {
    this.#name = name;
    this.#log = log;
  }

  /** Starts `work` unless a run is in progress; returns the run (or the one in progress). */
  run(work: () => Promise<void>): Promise<void> {
    if (this.#running !== null) return this.#running;
    const p = work()
      .catch((e: unknown) => this.#log.error({ check: this.#name, err: e }, `${this.#name} failed`))
      .finally(() => {
        this.#running = null;
      });
    this.#running = p;
    return p;
  }

  /** The run in progress, or a resolved promise. */
  idle(): Promise<void> {
    return this.#running ?? Promise.resolve();
  }
}
