/** Reconciliation: the native diff applied to the cache, and its summary event. */
export {
  type ApplyContext,
  type ApplyResult,
  applyActions,
  applyLocalEvent,
  deterministicEventId,
  ORDER_EVENTS_TOPIC,
  POSITION_EVENTS_TOPIC,
} from './apply.js';
export type {
  FillReportsQuery,
  OrderQuery,
  OrderReportsQuery,
  ReconciliationClient,
} from './client.js';
export { applyFillToPositions } from './positions.js';
export {
  Reconciler,
  type ReconcilerConfig,
  type ReconcilerOptions,
  type ReconciliationResult,
  type VenueOutcome,
} from './reconciler.js';
export {
  NOT_FOUND_AT_VENUE,
  NOT_FOUND_RESOLUTION,
  type Resolution,
  type ResolveContext,
  resolveLocally,
} from './resolve.js';
export {
  type DiscrepancyRecord,
  NO_REPORTS,
  NO_STAGES,
  RECONCILIATION_TOPIC,
  type ReconciliationStages,
  type ReconciliationSummary,
  type VenueReconciliationSummary,
} from './summary.js';
export {
  type CompactVenue,
  type CreateOrderAction,
  compactText,
  type DecodedVenue,
  type DiscrepancyAction,
  decodeAction,
  decodeVenue,
  type EncodedVenue,
  type EncodeOptions,
  type ExternalOrderClaim,
  encodeVenue,
  encodeVenueCompact,
  type GeneratedFill,
  type NativeVenueSummary,
  type OrderEventAction,
  type OrderOrigin,
  type ReconAction,
  type ReconciliationSettings,
  type ReportCounts,
  type VenueReports,
  venueReportsOf,
} from './wire.js';
