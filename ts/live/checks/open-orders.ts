/**
 * The open-order check: every `openCheckIntervalSecs`, each client is asked for its orders
 * (only the open ones when `openCheckOpenOnly`) and the answer is compared with the cache.
 *
 * - An order open in the cache and reported: the report is reconciled through the native diff
 *   (nothing happens when they agree; a fill, cancel or expiry the engine missed is applied).
 * - An order open in the cache and absent from the answer: queried by id. A report is reconciled;
 *   "not found" is counted, and after `inflightCheckRetries` answers of "not found" the order is
 *   resolved: ACCEPTED/TRIGGERED -> REJECTED (`NOT_FOUND_AT_VENUE`), PARTIALLY_FILLED -> CANCELED
 *   (its fills kept). A failed query is unknown: it counts for nothing.
 * - An order open at the venue and unknown to the cache: reconciled as an external order (strategy
 *   `EXTERNAL` or the claiming strategy, tag `VENUE`).
 * Orders in flight (pending update/cancel) are left to the in-flight check. A failed list query
 * is unknown, never "no orders": that client is skipped until the next interval.
 */
import type { OrderStatus } from '../../model/enums.js';
import type { Order } from '../../model/orders/index.js';
import type { FillReport, OrderStatusReport } from '../../model/reports/index.js';
import type { ReconciliationClient } from '../reconciliation/client.js';
import { NOT_FOUND_AT_VENUE, NOT_FOUND_RESOLUTION } from '../reconciliation/resolve.js';
import { type CheckContext, fillsFor, reconcileAnswer, resolveLocally, SingleFlight } from './context.js';

const OPEN_AT_VENUE: ReadonlySet<OrderStatus> = new Set([
  'ACCEPTED',
  'TRIGGERED',
  'PARTIALLY_FILLED',
  'PENDING_UPDATE',
  'PENDING_CANCEL',
]);

/** Settings of the open-order check (`LiveExecEngineConfig`). */
export interface OpenOrderCheckSettings {
  /** Seconds; the check is off when `null`. */
  readonly openCheckIntervalSecs: number | null;
  readonly openCheckOpenOnly: boolean;
  /** "Not found" answers before an order is resolved. */
  readonly inflightCheckRetries: number;
}

/** The open-order check (see the module doc). */
export class OpenOrderCheck {
  static readonly TIMER = 'live.open-order-check';
  readonly #ctx: CheckContext;
  readonly #s: OpenOrderCheckSettings;
  readonly #flight: SingleFlight;
  readonly #notFound = new Map<string, number>();

  constructor(ctx: CheckContext, settings: OpenOrderCheckSettings) {
    this.#ctx = ctx;
    this.#s = settings;
    this.#flight = new SingleFlight('open-order check', ctx.log);
  }

  /** Registers the timer (nothing when `openCheckIntervalSecs` is null). */
  start(): void {
    const secs = this.#s.openCheckIntervalSecs;
    if (secs === null) return;
    this.#ctx.clock.setTimer({
      name: OpenOrderCheck.TIMER,
      intervalNs: BigInt(Math.round(secs * 1e9)),
      callback: () => void this.run(),
    });
  }

  stop(): void {
    this.#ctx.clock.cancelTimer(OpenOrderCheck.TIMER);
  }

  run(): Promise<void> {
    return this.#flight.run(async () => {
      for (const c of this.#ctx.clients) await this.#checkClient(c);
    });
  }

  idle(): Promise<void> {
    return this.#flight.idle();
  }

  /** "Not found" answers so far for an order. */
  notFoundCount(clientOrderId: string): number {
    return this.#notFound.get(clientOrderId) ?? 0;
  }

  async #checkClient(client: ReconciliationClient): Promise<void> {
    const ctx = this.#ctx;
    let reports: OrderStatusReport[];
    try {
      reports = await client.generateOrderStatusReports({ openOnly: this.#s.openCheckOpenOnly });
    } catch (e) {
      ctx.log.warn({ venue: client.venue.value, err: e }, 'open-order check: query failed, skipped');
      return;
    }
    const byClientId = new Map<string, OrderStatusReport>();
    const byVenueId = new Map<string, OrderStatusReport>();
    for (const r of reports) {
      if (r.clientOrderId !== null) byClientId.set(r.clientOrderId.value, r);
      byVenueId.set(r.venueOrderId.value, r);
    }
    const local = ctx.cache.ordersOpen({ venue: client.venue }).filter((o) => !o.isInflight);
    const seen = new Set<string>();
    for (const order of local) {
      const report =
        byClientId.get(order.clientOrderId.value) ??
        (order.venueOrderId === null ? undefined : byVenueId.get(order.venueOrderId.value));
      if (report !== undefined) {
        seen.add(report.venueOrderId.value);
        this.#notFound.delete(order.clientOrderId.value);
        await this.#apply(client, order, report);
      } else {
        await this.#queryMissing(client, order);
      }
    }
    // Open at the venue, unknown here: external orders.
    const unknown: OrderStatusReport[] = [];
    for (const r of reports) {
      if (seen.has(r.venueOrderId.value) || !OPEN_AT_VENUE.has(r.orderStatus)) continue;
      const known =
        (r.clientOrderId !== null && ctx.cache.orderExists(r.clientOrderId)) ||
        ctx.cache.clientOrderIdForVenueOrderId(r.venueOrderId) !== null;
      if (!known) unknown.push(r);
    }
    if (unknown.length === 0) return;
    const fills: FillReport[] = [];
    for (const r of unknown) {
      try {
        fills.push(...(await fillsFor(client, r, null)));
      } catch (e) {
        ctx.log.warn(
          { venueOrderId: r.venueOrderId.value, err: e },
          'open-order check: fills of an external order unknown, inferred',
        );
      }
    }
    const out = reconcileAnswer(ctx, client, [], unknown, fills);
    ctx.log.info(
      { venue: client.venue.value, created: out?.applied?.ordersCreated ?? 0 },
      'open-order check: external orders reconciled',
    );
  }

  async #apply(client: ReconciliationClient, order: Order, report: OrderStatusReport): Promise<void> {
    try {
      const fills = await fillsFor(client, report, order);
      reconcileAnswer(this.#ctx, client, [order], [report], fills);
    } catch (e) {
      this.#ctx.log.warn(
        { clientOrderId: order.clientOrderId.value, err: e },
        'open-order check: fills query failed',
      );
    }
  }

  async #queryMissing(client: ReconciliationClient, order: Order): Promise<void> {
    const ctx = this.#ctx;
    const id = order.clientOrderId.value;
    let report: OrderStatusReport | null;
    try {
      report = await client.queryOrder({
        instrumentId: order.instrumentId,
        clientOrderId: order.clientOrderId,
        venueOrderId: order.venueOrderId,
      });
    } catch (e) {
      ctx.log.warn(
        { clientOrderId: id, err: e },
        `open-order check: query of ${id} failed (unknown, retried)`,
      );
      return;
    }
    if (report !== null) {
      this.#notFound.delete(id);
      await this.#apply(client, order, report);
      return;
    }
    const count = (this.#notFound.get(id) ?? 0) + 1;
    this.#notFound.set(id, count);
    ctx.log.warn(
      { clientOrderId: id, status: order.status, count },
      `open order ${id} not found at the venue`,
    );
    if (count < this.#s.inflightCheckRetries) return;
    const to = NOT_FOUND_RESOLUTION[order.status];
    if (to !== undefined && resolveLocally(ctx, order, to, NOT_FOUND_AT_VENUE)) this.#notFound.delete(id);
  }
}
