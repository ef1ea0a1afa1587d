/**
 * The in-flight check: every `inflightCheckIntervalMs`, each order SUBMITTED, PENDING_UPDATE or
 * PENDING_CANCEL for `inflightCheckThresholdMs` or longer (since its last event) is queried at
 * the venue.
 *
 * - A report: reconciled through the native diff for that one order (its missing fills fetched).
 * - No answer (not found, or the query failed): counted. After `inflightCheckRetries` queries with
 *   no answer the order is resolved by the spec's table: SUBMITTED -> REJECTED (reason
 *   `INFLIGHT_TIMEOUT`), PENDING_UPDATE -> CANCELED, PENDING_CANCEL -> CANCELED. Fills already
 *   applied stay (a PARTIALLY_FILLED order that was pending keeps them).
 *
 * Each tick also takes the held fill reports older than the threshold, queries their orders and
 * reconciles the answers with them.
 */
import type { OrderStatus } from '../../model/enums.js';
import { ClientOrderId, InstrumentId, VenueOrderId } from '../../model/identifiers/index.js';
import type { Order } from '../../model/orders/index.js';
import type { FillReport } from '../../model/reports/index.js';
import {
  type CheckContext,
  clientFor,
  fillsFor,
  type Resolution,
  reconcileAnswer,
  resolveLocally,
  SingleFlight,
} from './context.js';
import type { HeldFillReports } from './held-fills.js';

/** Reason of an in-flight order resolved REJECTED. */
export const INFLIGHT_TIMEOUT = 'INFLIGHT_TIMEOUT';

/** The spec's resolution table. */
export const INFLIGHT_RESOLUTION: Readonly<Partial<Record<OrderStatus, Resolution>>> = {
  SUBMITTED: 'REJECTED',
  PENDING_UPDATE: 'CANCELED',
  PENDING_CANCEL: 'CANCELED',
};

/** Settings of the in-flight check (`LiveExecEngineConfig`). */
export interface InflightCheckSettings {
  readonly inflightCheckIntervalMs: number;
  readonly inflightCheckThresholdMs: number;
  readonly inflightCheckRetries: number;
}

/** The in-flight check (see the module doc). */
export class InflightCheck {
  static readonly TIMER = 'live.inflight-check';
  readonly #ctx: CheckContext;
  readonly #s: InflightCheckSettings;
  readonly #held: HeldFillReports | null;
  readonly #flight: SingleFlight;
  // clientOrderId -> queries without an answer, for the status it had when counted.
  readonly #misses = new Map<string, { status: OrderStatus; count: number }>();

  constructor(ctx: CheckContext, settings: InflightCheckSettings, held: HeldFillReports | null = null) {
    this.#ctx = ctx;
    this.#s = settings;
    this.#held = held;
    this.#flight = new SingleFlight('in-flight check', ctx.log);
  }

  /** Registers the timer. */
  start(): void {
    this.#ctx.clock.setTimer({
      name: InflightCheck.TIMER,
      intervalNs: BigInt(this.#s.inflightCheckIntervalMs) * 1_000_000n,
      callback: () => void this.run(),
    });
  }

  stop(): void {
    this.#ctx.clock.cancelTimer(InflightCheck.TIMER);
  }

  /** One check now (what the timer runs); resolves when its queries are done. */
  run(): Promise<void> {
    return this.#flight.run(() => this.#check());
  }

  /** Resolves when the run in progress (if any) is done. */
  idle(): Promise<void> {
    return this.#flight.idle();
  }

  /** Queries without an answer so far for an order. */
  misses(clientOrderId: string): number {
    return this.#misses.get(clientOrderId)?.count ?? 0;
  }

  async #check(): Promise<void> {
    const { cache, clock } = this.#ctx;
    const now = clock.timestampNs();
    const thresholdNs = BigInt(this.#s.inflightCheckThresholdMs) * 1_000_000n;
    const due = cache.ordersInflight().filter((o) => o.tsLast + thresholdNs <= now);
    const dueIds = new Set(due.map((o) => o.clientOrderId.value));
    for (const id of this.#misses.keys()) if (!dueIds.has(id)) this.#misses.delete(id);
    await Promise.all(due.map((o) => this.#checkOrder(o)));
    if (this.#held !== null) {
      const expired = this.#held.expired(now, thresholdNs);
      for (const [venueOrderId, fills] of expired) await this.#checkHeld(venueOrderId, fills);
    }
  }

  async #checkOrder(order: Order): Promise<void> {
    const ctx = this.#ctx;
    const id = order.clientOrderId.value;
    let miss = this.#misses.get(id);
    if (miss === undefined || miss.status !== order.status) {
      miss = { status: order.status, count: 0 };
      this.#misses.set(id, miss);
    }
    if (miss.count < this.#s.inflightCheckRetries) {
      const client = clientFor(ctx, order);
      if (client === null) {
        ctx.log.error({ clientOrderId: id }, `in-flight order ${id} has no execution client to query`);
      } else {
        try {
          const report = await client.queryOrder({
            instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId,
            venueOrderId: order.venueOrderId,
          });
          if (report !== null) {
            const fills = await fillsFor(client, report, order);
            reconcileAnswer(ctx, client, [order], [report], fills);
            if (this.#held !== null) {
              const held = this.#held.release(report.venueOrderId.value);
              if (held.length > 0) reconcileAnswer(ctx, client, [order], [report], held);
            }
            this.#misses.delete(id);
            return;
          }
          ctx.log.warn(
            { clientOrderId: id, status: order.status },
            `in-flight order ${id} not found at the venue`,
          );
        } catch (e) {
          ctx.log.warn({ clientOrderId: id, err: e }, `in-flight query of ${id} failed`);
        }
      }
      miss.count++;
    }
    if (miss.count >= this.#s.inflightCheckRetries && order.isInflight) {
      const to = INFLIGHT_RESOLUTION[order.status];
      if (to !== undefined && resolveLocally(ctx, order, to, INFLIGHT_TIMEOUT)) this.#misses.delete(id);
    }
  }

  async #checkHeld(venueOrderId: string, fills: FillReport[]): Promise<void> {
    const ctx = this.#ctx;
    const first = fills[0];
    if (first === undefined) return;
    const client =
      ctx.clients.find((c) => c.accountId.eq(first.accountId) && c.venue.eq(first.instrumentId.venue)) ??
      ctx.clients.find((c) => c.venue.eq(first.instrumentId.venue)) ??
      null;
    if (client === null) return;
    const known = first.clientOrderId === null ? null : ctx.cache.order(first.clientOrderId);
    const byVenue = ctx.cache.clientOrderIdForVenueOrderId(VenueOrderId.from(venueOrderId));
    const order = known ?? (byVenue === null ? null : ctx.cache.order(byVenue));
    try {
      const report = await client.queryOrder({
        instrumentId: InstrumentId.from(first.instrumentId.value),
        clientOrderId: first.clientOrderId === null ? null : ClientOrderId.from(first.clientOrderId.value),
        venueOrderId: VenueOrderId.from(venueOrderId),
      });
      if (report === null) {
        ctx.log.error(
          { venueOrderId, fills: fills.length },
          `held fills of ${venueOrderId}: the venue does not know the order`,
        );
        return;
      }
      reconcileAnswer(ctx, client, order === null ? [] : [order], [report], fills);
    } catch (e) {
      ctx.log.error({ venueOrderId, err: e }, `held fills of ${venueOrderId}: query failed, fills kept`);
      for (const f of fills) this.#held?.hold(f, ctx.clock.timestampNs());
    }
  }
}
