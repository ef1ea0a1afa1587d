/**
 * `Reconciler`: start-up reconciliation of every venue, and the single-order path the continuous
 * checks use. The diff is the native core's (`crates/core/src/recon`); this module queries the
 * venues, encodes, applies, and publishes one {@link ReconciliationSummary}.
 *
 * # Start-up (`reconcileAll`)
 * Every venue's mass status is requested at once, each with the `timeoutReconciliation` deadline
 * on the clock. Every venue is reconciled even if another failed. A venue whose query failed or
 * timed out is NOT complete (its answer is unknown, never taken for empty); a venue whose diff
 * failed (duplicate client order id, unreachable status, no price for an INTERNAL-DIFF, ...) or
 * whose actions could not all be applied is not complete either. Strategies may start only when
 * every venue is complete (`ReconciliationResult.strategiesMayStart`).
 *
 * # Open orders the mass status does not name
 * A cached open order (not in flight) that no report of its venue names (it closed before the
 * venue's history window, or the venue never knew it) is asked about by id within the same
 * deadline: its report and new fills join the venue's reports before the diff; one the venue
 * does not know is resolved `NOT_FOUND_AT_VENUE` (ACCEPTED/TRIGGERED -> REJECTED,
 * PARTIALLY_FILLED -> CANCELED, fills kept) after it; a query that fails leaves the venue
 * incomplete. So strategies never start on an order the cache holds open and the venue does not.
 *
 * # Idempotence
 * The core's generated ids are deterministic and it emits only what the cache lacks; applied
 * events update orders and positions in the cache, so a second run over the same reports
 * generates nothing.
 */
import type { Cache } from '../../cache/index.js';
import { type Clock, type Logger, type MessageBus, withDeadline } from '../../common/index.js';
import type { LiveExecEngineConfig } from '../../config/index.js';
import type { OmsType } from '../../model/enums.js';
import { AccountId, type TraderId, type Venue } from '../../model/identifiers/index.js';
import type { Order } from '../../model/orders/index.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport } from '../../model/reports/index.js';
import { native } from '../../native.js';
import { type AppliedEventObserver, type ApplyResult, applyActions, deterministicEventId } from './apply.js';
import type { ReconciliationClient } from './client.js';
import { NOT_FOUND_AT_VENUE, NOT_FOUND_RESOLUTION, resolveLocally } from './resolve.js';
import {
  type DiscrepancyRecord,
  NO_REPORTS,
  NO_STAGES,
  RECONCILIATION_TOPIC,
  type ReconciliationStages,
  type ReconciliationSummary,
  type VenueReconciliationSummary,
} from './summary.js';
import {
  type DecodedVenue,
  decodeVenue,
  type ExternalOrderClaim,
  encodeVenueCompact,
  type ReconciliationSettings,
  type VenueReports,
  venueReportsOf,
} from './wire.js';

/** The settings of `LiveExecEngineConfig` reconciliation reads. */
export type ReconcilerConfig = Pick<
  LiveExecEngineConfig,
  | 'reconciliation'
  | 'reconciliationLookbackMins'
  | 'reconciliationInstrumentIds'
  | 'filteredClientOrderIds'
  | 'filterUnclaimedExternalOrders'
  | 'filterPositionReports'
  | 'generateMissingOrders'
>;

/** Options of {@link Reconciler}. */
export interface ReconcilerOptions {
  readonly cache: Cache;
  readonly clock: Clock;
  readonly log: Logger;
  /** Where order, position and summary events go; `null` publishes nothing. */
  readonly msgbus: MessageBus | null;
  readonly traderId: TraderId;
  readonly config: ReconcilerConfig;
  /** `TradingNodeConfig.timeoutReconciliation`, seconds (default 10). */
  readonly timeoutReconciliationSecs?: number;
  /** Every strategy's `externalOrderClaims`. */
  readonly claims?: readonly ExternalOrderClaim[];
  /** OMS type per venue (default NETTING). */
  readonly omsTypes?: Readonly<Record<string, OmsType>>;
  /** Told of every event applied (the node gives its ExecutionEngine); default none. */
  readonly observer?: AppliedEventObserver | null;
}

/** What looking up the unnamed open orders found (see `#reconcileVenue`). */
interface Lookups {
  readonly orderReports: OrderStatusReport[];
  readonly fillReports: FillReport[];
  readonly notFound: Order[];
  readonly failures: string[];
}

/** What `reconcileAll` returns. */
export interface ReconciliationResult {
  readonly summary: ReconciliationSummary;
  /** True when every venue is reconciled. */
  readonly strategiesMayStart: boolean;
}

/** What reconciling some reports of one venue did (runtime path and start-up alike). */
export interface VenueOutcome {
  readonly decoded: DecodedVenue | null;
  readonly applied: ApplyResult | null;
  readonly complete: boolean;
  readonly reasons: readonly string[];
  /** Where the time went. */
  readonly stagesNs: ReconciliationStages;
}

let runSeq = 0;

/** Start-up reconciliation and the single-order path (see the module doc). */
export class Reconciler {
  readonly #o: ReconcilerOptions;
  readonly settings: ReconciliationSettings;
  /** Told of every event this reconciler and the checks apply (see `AppliedEventObserver`). */
  readonly observer: AppliedEventObserver | null;
  readonly #timeoutSecs: number;

  constructor(options: ReconcilerOptions) {
    this.#o = options;
    this.observer = options.observer ?? null;
    const c = options.config;
    this.settings = {
      filteredClientOrderIds: c.filteredClientOrderIds,
      reconciliationInstrumentIds: c.reconciliationInstrumentIds,
      filterUnclaimedExternalOrders: c.filterUnclaimedExternalOrders,
      filterPositionReports: c.filterPositionReports,
      generateMissingOrders: c.generateMissingOrders,
      claims: options.claims ?? [],
    };
    this.#timeoutSecs = options.timeoutReconciliationSecs ?? 10;
  }

  omsType(venue: Venue): OmsType {
    return this.#o.omsTypes?.[venue.value] ?? 'NETTING';
  }

  /**
   * Reconciles every client's venue (see the module doc), publishes one summary on
   * `events.reconciliation`, and says whether strategies may start. Never throws for a venue's
   * failure: it is in the summary.
   */
  async reconcileAll(clients: readonly ReconciliationClient[]): Promise<ReconciliationResult> {
    const { clock, log } = this.#o;
    const started = process.hrtime.bigint();
    const tsStart = clock.timestampNs();
    const venues: VenueReconciliationSummary[] = [];
    if (!this.#o.config.reconciliation) {
      log.warn('reconciliation is disabled: the cache is taken as it is');
    } else {
      const queries = clients.map((c) => this.#queryMassStatus(c));
      const results = await Promise.allSettled(queries);
      for (let i = 0; i < clients.length; i++) {
        const client = clients[i]!;
        const r = results[i]!;
        const t0 = process.hrtime.bigint();
        if (r.status === 'rejected') {
          venues.push(this.#failedQuery(client, r.reason, t0));
          continue;
        }
        const { mass, queryNs } = r.value;
        venues.push(await this.#reconcileVenue(client, venueReportsOf(mass), queryNs, t0));
      }
    }
    const reasons = venues.flatMap((v) => v.reasons.map((r) => `${v.venue}: ${r}`));
    const complete = reasons.length === 0;
    const now = clock.timestampNs();
    runSeq++;
    const summary: ReconciliationSummary = {
      type: 'ReconciliationSummary',
      eventId: deterministicEventId('ReconciliationSummary', String(tsStart), String(runSeq)),
      complete,
      reasons,
      venues,
      durationNs: process.hrtime.bigint() - started,
      tsEvent: now,
      tsInit: now,
    };
    if (complete) log.info({ venues: venues.length }, 'reconciliation complete');
    else for (const r of reasons) log.error({ reason: r }, `reconciliation incomplete: ${r}`);
    this.#o.msgbus?.publish(RECONCILIATION_TOPIC, summary);
    return { summary, strategiesMayStart: complete };
  }

  /** The mass status, or a rejection at the `timeoutReconciliation` deadline on the clock. */
  async #queryMassStatus(
    client: ReconciliationClient,
  ): Promise<{ mass: ExecutionMassStatus; queryNs: bigint }> {
    const t0 = process.hrtime.bigint();
    const mass = await this.#bounded(client, 'MASS_STATUS_TIMEOUT: no mass status', () =>
      client.generateMassStatus(this.#o.config.reconciliationLookbackMins),
    );
    return { mass, queryNs: process.hrtime.bigint() - t0 };
  }

  /** `run()`, or a rejection (`<what> within <timeout> ms`) at the reconciliation deadline. */
  async #bounded<T>(client: ReconciliationClient, what: string, run: () => Promise<T>): Promise<T> {
    const out = await withDeadline(
      this.#o.clock,
      `reconciliation.${client.clientId.value}`,
      this.#timeoutSecs,
      run,
    );
    if (out.type === 'done') return out.value;
    if (out.type === 'failed') throw out.error;
    throw new Error(`${what} within ${Math.round(this.#timeoutSecs * 1000)} ms`);
  }

  /**
   * The cached open orders of `venue` (not in flight: the in-flight check owns those) that no
   * report of the mass status names, within the reconciliation filters.
   */
  #unnamedOpenOrders(venue: Venue, reports: VenueReports): Order[] {
    const byClient = new Set<string>();
    const byVenue = new Set<string>();
    for (const r of reports.orderReports) {
      if (r.clientOrderId !== null) byClient.add(r.clientOrderId.value);
      byVenue.add(r.venueOrderId.value);
    }
    const { filteredClientOrderIds: skip, reconciliationInstrumentIds: only } = this.settings;
    return this.#o.cache
      .ordersOpen({ venue })
      .filter(
        (o) =>
          !o.isInflight &&
          !byClient.has(o.clientOrderId.value) &&
          (o.venueOrderId === null || !byVenue.has(o.venueOrderId.value)) &&
          !(skip?.includes(o.clientOrderId.value) ?? false) &&
          (only === null || only.includes(o.instrumentId.value)),
      );
  }

  /**
   * Asks the venue about each order by id (with its fills when it filled more than the cache
   * holds), within the reconciliation deadline. A query that fails is a failure, never "not found".
   */
  async #lookUp(client: ReconciliationClient, orders: readonly Order[]): Promise<Lookups> {
    const out: Lookups = { orderReports: [], fillReports: [], notFound: [], failures: [] };
    await Promise.all(
      orders.map(async (order) => {
        const id = order.clientOrderId.value;
        try {
          const report = await this.#bounded(client, `ORDER_QUERY_TIMEOUT: no answer for ${id}`, () =>
            client.queryOrder({
              instrumentId: order.instrumentId,
              clientOrderId: order.clientOrderId,
              venueOrderId: order.venueOrderId,
            }),
          );
          if (report === null) {
            out.notFound.push(order);
            return;
          }
          out.orderReports.push(report);
          if (report.filledQty.raw > order.filledQty.raw) {
            const fills = await this.#bounded(client, `FILLS_QUERY_TIMEOUT: no fills for ${id}`, () =>
              client.generateFillReports({
                instrumentId: order.instrumentId,
                venueOrderId: report.venueOrderId,
              }),
            );
            out.fillReports.push(...fills);
          }
        } catch (e) {
          const m = e instanceof Error ? e.message : String(e);
          out.failures.push(m.includes('_TIMEOUT:') ? m : `ORDER_QUERY_FAILED: ${id}: ${m}`);
        }
      }),
    );
    return out;
  }

  /**
   * One venue at start-up: the cached open orders the mass status does not name (closed before
   * its history window, or unknown to the venue) are looked up by id first, so that the one diff
   * settles them too; those the venue does not know are then resolved as the open-order check
   * resolves them (`NOT_FOUND_AT_VENUE`). A lookup that failed leaves the venue incomplete.
   */
  async #reconcileVenue(
    client: ReconciliationClient,
    massReports: VenueReports,
    queryNs: bigint,
    t0: bigint,
  ): Promise<VenueReconciliationSummary> {
    const missing = this.#unnamedOpenOrders(client.venue, massReports);
    if (missing.length === 0) return this.#reconcileMass(client, massReports, queryNs, t0);
    const found = await this.#lookUp(client, missing);
    const reports: VenueReports = {
      ...massReports,
      orderReports: [...massReports.orderReports, ...found.orderReports],
      fillReports: [...massReports.fillReports, ...found.fillReports],
    };
    const summary = this.#reconcileMass(client, reports, queryNs, t0);
    const reasons = [...summary.reasons, ...found.failures];
    if (summary.complete && found.failures.length === 0) {
      const ctx = { ...this.#o, observer: this.observer };
      for (const order of found.notFound) {
        const to = NOT_FOUND_RESOLUTION[order.status];
        if (to === undefined || !resolveLocally(ctx, order, to, NOT_FOUND_AT_VENUE)) {
          reasons.push(
            `ORDER_NOT_RESOLVED: ${order.clientOrderId} (${order.status}) is unknown to the venue`,
          );
        }
      }
    }
    return { ...summary, complete: reasons.length === 0, reasons };
  }

  #failedQuery(client: ReconciliationClient, reason: unknown, t0: bigint): VenueReconciliationSummary {
    const message = reason instanceof Error ? reason.message : String(reason);
    const line = message.startsWith('MASS_STATUS_TIMEOUT') ? message : `MASS_STATUS_QUERY_FAILED: ${message}`;
    return {
      venue: client.venue.value,
      clientId: client.clientId.value,
      complete: false,
      reasons: [line],
      reports: NO_REPORTS,
      duplicatesDropped: NO_REPORTS,
      filtered: NO_REPORTS,
      events: {},
      eventsApplied: 0,
      ordersCreated: { external: 0, internalDiff: 0 },
      discrepancies: [],
      durationNs: process.hrtime.bigint() - t0,
      diffNs: 0n,
      stagesNs: NO_STAGES,
    };
  }

  #reconcileMass(
    client: ReconciliationClient,
    reports: VenueReports,
    queryNs: bigint,
    t0: bigint,
  ): VenueReconciliationSummary {
    const out = this.reconcileReports(reports);
    const d = out.decoded;
    const discrepancies: DiscrepancyRecord[] = (out.applied?.discrepancies ?? []).map((x) => ({
      code: x.code,
      severity: x.severity,
      failsVenue: x.failsVenue,
      instrumentId: x.instrumentId,
      clientOrderId: x.clientOrderId,
      venueOrderId: x.venueOrderId,
      cached: x.cached,
      venue: x.venue,
      message: x.message,
    }));
    return {
      venue: client.venue.value,
      clientId: client.clientId.value,
      complete: out.complete,
      reasons: out.reasons,
      reports: d?.summary.reports ?? {
        orders: reports.orderReports.length,
        fills: reports.fillReports.length,
        positions: reports.positionReports.length,
      },
      duplicatesDropped: d?.summary.duplicatesDropped ?? NO_REPORTS,
      filtered: d?.summary.filtered ?? NO_REPORTS,
      events: d?.summary.events ?? {},
      eventsApplied: out.applied?.eventsApplied ?? 0,
      ordersCreated: {
        external: d?.summary.ordersCreatedExternal ?? 0,
        internalDiff: d?.summary.ordersCreatedInternalDiff ?? 0,
      },
      discrepancies,
      durationNs: process.hrtime.bigint() - t0 + queryNs,
      diffNs: d?.nativeNs.diffNs ?? 0n,
      stagesNs: out.stagesNs,
    };
  }

  /**
   * Diffs `reports` against the cache and applies the result: the start-up path per venue, and
   * the runtime path for one order (`orders: [order]`, `withoutPositions`). Never throws: a
   * failure is in `reasons`.
   */
  reconcileReports(
    reports: VenueReports,
    options: { readonly orders?: readonly Order[]; readonly withoutPositions?: boolean } = {},
  ): VenueOutcome {
    const { cache, log } = this.#o;
    const omsType = this.omsType(reports.venue);
    const t0 = process.hrtime.bigint();
    let t1 = t0;
    let t2 = t0;
    let decoded: DecodedVenue;
    try {
      // The compact input: the large tables as text (see wire.ts), crossing as strings.
      const encoded = encodeVenueCompact(cache, reports, this.settings, { omsType, ...options });
      t1 = process.hrtime.bigint();
      const out = native.reconcileAllCompact(
        encoded.envelope,
        encoded.cachedOrdersText,
        encoded.orderReportsText,
        encoded.fillReportsText,
      );
      t2 = process.hrtime.bigint();
      decoded = decodeVenue(out, encoded);
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'RECON_FAILED';
      const message = e instanceof Error ? e.message : String(e);
      log.error(
        { venue: reports.venue.value, code },
        `reconciliation of ${reports.venue} failed: ${message}`,
      );
      return {
        decoded: null,
        applied: null,
        complete: false,
        reasons: [`${code}: ${message}`],
        stagesNs: NO_STAGES,
      };
    }
    const t3 = process.hrtime.bigint();
    const stages = (applyNs: bigint): ReconciliationStages => ({
      encodeNs: t1 - t0,
      nativeNs: t2 - t1,
      diffNs: decoded.nativeNs.diffNs,
      decodeNs: t3 - t2,
      applyNs,
    });
    const reasons = [...decoded.summary.reasons];
    if (decoded.error !== null) {
      const line = `${decoded.error.code}: ${decoded.error.message}`;
      if (!reasons.includes(line)) reasons.unshift(line);
      log.error(
        { venue: reports.venue.value, code: decoded.error.code },
        `reconciliation failed: ${decoded.error.message}`,
      );
      return { decoded, applied: null, complete: false, reasons, stagesNs: stages(0n) };
    }
    const byVenueOrderId = new Map<string, OrderStatusReport>();
    for (const r of reports.orderReports) byVenueOrderId.set(r.venueOrderId.value, r);
    const applied = applyActions(
      {
        cache,
        clock: this.#o.clock,
        log,
        msgbus: this.#o.msgbus,
        observer: this.observer,
        traderId: this.#o.traderId,
        omsType,
        accountId: AccountId.from(reports.accountId),
        reportsByVenueOrderId: byVenueOrderId,
      },
      decoded.actions,
    );
    for (const e of applied.applyErrors) reasons.push(`APPLY_FAILED: ${e}`);
    return {
      decoded,
      applied,
      complete: decoded.summary.complete && applied.applyErrors.length === 0,
      stagesNs: stages(process.hrtime.bigint() - t3),
      reasons,
    };
  }
}
