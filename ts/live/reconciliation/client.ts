/**
 * What reconciliation and the continuous checks need of an execution client. Adapters (and the
 * testkit's mock client) implement it; `ts/live` never imports an adapter.
 *
 * # Failure and absence
 * A query that failed (network, rate limit, a venue error) REJECTS its promise: the caller
 * treats the answer as unknown, never as empty. `queryOrder` resolves `null` only when the venue
 * answered that it does not know the order.
 */
import type {
  AccountId,
  ClientId,
  ClientOrderId,
  InstrumentId,
  Venue,
  VenueOrderId,
} from '../../model/identifiers/index.js';
import type { ExecutionMassStatus, FillReport, OrderStatusReport } from '../../model/reports/index.js';

/** Which order to query. */
export interface OrderQuery {
  readonly instrumentId: InstrumentId;
  /** Unknown for an order only the venue knows (a held fill's order placed elsewhere). */
  readonly clientOrderId: ClientOrderId | null;
  /** Known once the venue accepted it. */
  readonly venueOrderId: VenueOrderId | null;
}

/** Which order reports to generate. */
export interface OrderReportsQuery {
  /** Only open orders (`openCheckOpenOnly`), else the history the venue keeps. */
  readonly openOnly: boolean;
  readonly instrumentId?: InstrumentId;
}

/** Which fill reports to generate. */
export interface FillReportsQuery {
  readonly instrumentId?: InstrumentId;
  readonly venueOrderId?: VenueOrderId;
  /** UNIX ns; only fills at or after it. */
  readonly startNs?: bigint;
}

/** The execution client as reconciliation sees it. */
export interface ReconciliationClient {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  /** Every order, fill and position report of the account (`null`: all the venue keeps). */
  generateMassStatus(lookbackMins: number | null): Promise<ExecutionMassStatus>;
  /** One order's report; `null` when the venue says it does not know it. */
  queryOrder(query: OrderQuery): Promise<OrderStatusReport | null>;
  generateOrderStatusReports(query: OrderReportsQuery): Promise<OrderStatusReport[]>;
  generateFillReports(query: FillReportsQuery): Promise<FillReport[]>;
}
