/**
 * `ExecutionMassStatus`: every report of one venue account at one moment, indexed once.
 *
 * # Performance
 * Each report is indexed as it is added (order reports and fills by venue order id, positions
 * by instrument); the accessors hand out the same read-only maps, never copies, so reading the
 * fills of N orders costs O(N) in total (see the reconciliation-at-scale notes).
 *
 * # Duplicates
 * Nothing is dropped or merged here: a second order report with a venue order id already seen
 * is kept in `duplicateOrderReports`, and fills are kept as received. Reconciliation decides.
 */
import { KairosError } from '../errors.js';
import type { AccountId, ClientId, InstrumentId, Venue, VenueOrderId } from '../identifiers/index.js';
import type { FillReport } from './fill.js';
import type { OrderStatusReport } from './order-status.js';
import type { PositionStatusReport } from './position-status.js';

export class ExecutionMassStatus {
  readonly type = 'ExecutionMassStatus' as const;
  readonly clientId: ClientId;
  readonly accountId: AccountId;
  readonly venue: Venue;
  readonly reportId: string;
  readonly tsInit: bigint;
  readonly #orders = new Map<string, OrderStatusReport>();
  readonly #duplicates: OrderStatusReport[] = [];
  readonly #fills = new Map<string, FillReport[]>();
  readonly #positions = new Map<string, PositionStatusReport[]>();
  #fillCount = 0;

  constructor(p: {
    readonly clientId: ClientId;
    readonly accountId: AccountId;
    readonly venue: Venue;
    readonly tsInit: bigint;
    readonly reportId?: string;
  }) {
    this.clientId = p.clientId;
    this.accountId = p.accountId;
    this.venue = p.venue;
    this.tsInit = p.tsInit;
    this.reportId = p.reportId ?? crypto.randomUUID();
  }

  #checkAccount(kind: string, accountId: AccountId, instrumentId: InstrumentId): void {
    if (!accountId.eq(this.accountId)) {
      throw new KairosError(
        'INVALID_REPORT',
        `${kind} for account ${accountId} in the mass status of ${this.accountId}`,
      );
    }
    if (!instrumentId.venue.eq(this.venue)) {
      throw new KairosError(
        'INVALID_REPORT',
        `${kind} for ${instrumentId} in the mass status of venue ${this.venue}`,
      );
    }
  }

  addOrderReports(reports: Iterable<OrderStatusReport>): void {
    for (const r of reports) {
      this.#checkAccount('OrderStatusReport', r.accountId, r.instrumentId);
      const key = r.venueOrderId.value;
      if (this.#orders.has(key)) this.#duplicates.push(r);
      else this.#orders.set(key, r);
    }
  }

  addFillReports(reports: Iterable<FillReport>): void {
    for (const r of reports) {
      this.#checkAccount('FillReport', r.accountId, r.instrumentId);
      const key = r.venueOrderId.value;
      const list = this.#fills.get(key);
      if (list === undefined) this.#fills.set(key, [r]);
      else list.push(r);
      this.#fillCount++;
    }
  }

  addPositionReports(reports: Iterable<PositionStatusReport>): void {
    for (const r of reports) {
      this.#checkAccount('PositionStatusReport', r.accountId, r.instrumentId);
      const key = r.instrumentId.value;
      const list = this.#positions.get(key);
      if (list === undefined) this.#positions.set(key, [r]);
      else list.push(r);
    }
  }

  /** Order reports by venue order id (first report of each id). */
  get orderReports(): ReadonlyMap<string, OrderStatusReport> {
    return this.#orders;
  }
  /** Later reports of a venue order id already seen, in arrival order. */
  get duplicateOrderReports(): readonly OrderStatusReport[] {
    return this.#duplicates;
  }
  /** Fill reports by venue order id, in arrival order. */
  get fillReports(): ReadonlyMap<string, readonly FillReport[]> {
    return this.#fills;
  }
  /** Position reports by instrument id (several on HEDGING venues). */
  get positionReports(): ReadonlyMap<string, readonly PositionStatusReport[]> {
    return this.#positions;
  }
  get fillReportCount(): number {
    return this.#fillCount;
  }

  orderReport(venueOrderId: VenueOrderId): OrderStatusReport | null {
    return this.#orders.get(venueOrderId.value) ?? null;
  }
  fillReportsFor(venueOrderId: VenueOrderId): readonly FillReport[] {
    return this.#fills.get(venueOrderId.value) ?? [];
  }
  positionReportsFor(instrumentId: InstrumentId): readonly PositionStatusReport[] {
    return this.#positions.get(instrumentId.value) ?? [];
  }
}
