/**
 * The one event every reconciliation run publishes: `ReconciliationSummary`, on
 * {@link RECONCILIATION_TOPIC}. Readonly plain data; `bigint` nanoseconds.
 */
import type { ReportCounts } from './wire.js';

/** Topic of {@link ReconciliationSummary} on the message bus. */
export const RECONCILIATION_TOPIC = 'events.reconciliation';

/** A discrepancy as the summary records it (the log line has the same fields). */
export interface DiscrepancyRecord {
  readonly code: string;
  readonly severity: 'WARNING' | 'ERROR';
  readonly failsVenue: boolean;
  readonly instrumentId: string;
  readonly clientOrderId: string | null;
  readonly venueOrderId: string | null;
  /** The cached (internal) value, where the discrepancy has two. */
  readonly cached: string | null;
  /** The venue's value, where the discrepancy has two. */
  readonly venue: string | null;
  readonly message: string;
}

/** One venue's part of a run. */
export interface VenueReconciliationSummary {
  readonly venue: string;
  readonly clientId: string;
  /** True when every step succeeded: strategies may start as far as this venue goes. */
  readonly complete: boolean;
  /** Why not complete (empty when complete). */
  readonly reasons: readonly string[];
  /** Reports received, before dedup and filters (zero when the query failed). */
  readonly reports: ReportCounts;
  readonly duplicatesDropped: ReportCounts;
  readonly filtered: ReportCounts;
  /** Events generated, by state-machine kind (`ACCEPTED`, `FILL_PARTIAL`, ...). */
  readonly events: Readonly<Record<string, number>>;
  /** Events applied to orders (equals the sum of `events` unless some failed). */
  readonly eventsApplied: number;
  readonly ordersCreated: { readonly external: number; readonly internalDiff: number };
  readonly discrepancies: readonly DiscrepancyRecord[];
  /** Wall time of the venue's query, diff and apply (ns). */
  readonly durationNs: bigint;
  /** Time of the native diff alone (ns); 0 when the diff did not run. */
  readonly diffNs: bigint;
  /** Where the venue's time went (ns): zeros for the stages that did not run. */
  readonly stagesNs: ReconciliationStages;
}

/**
 * Wall time of each stage of one venue's reconciliation (ns): encoding the cache and reports,
 * the native call (the core's diff included), the core's diff alone as measured in Rust,
 * decoding its actions, and applying them to the cache.
 */
export interface ReconciliationStages {
  readonly encodeNs: bigint;
  readonly nativeNs: bigint;
  readonly diffNs: bigint;
  readonly decodeNs: bigint;
  readonly applyNs: bigint;
}

/** The summary of one reconciliation run over every venue. */
export interface ReconciliationSummary {
  readonly type: 'ReconciliationSummary';
  readonly eventId: string;
  /** True when every venue is complete: strategies may start. */
  readonly complete: boolean;
  /** Every venue's reasons, each prefixed with its venue. */
  readonly reasons: readonly string[];
  readonly venues: readonly VenueReconciliationSummary[];
  /** Wall time of the whole run (ns). */
  readonly durationNs: bigint;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

/** The stages of a venue whose diff never ran. */
export const NO_STAGES: ReconciliationStages = Object.freeze({
  encodeNs: 0n,
  nativeNs: 0n,
  diffNs: 0n,
  decodeNs: 0n,
  applyNs: 0n,
});

/** The counts of a venue whose reports never arrived. */
export const NO_REPORTS: ReportCounts = Object.freeze({ orders: 0, fills: 0, positions: 0 });
