/** Continuous checks of the live execution engine, driven by a clock. */
export {
  type CheckContext,
  clientFor,
  fillsFor,
  reconcileAnswer,
  SingleFlight,
} from './context.js';
export { DEFAULT_HELD_FILLS_CAPACITY, HeldFillReports } from './held-fills.js';
export {
  INFLIGHT_RESOLUTION,
  INFLIGHT_TIMEOUT,
  InflightCheck,
  type InflightCheckSettings,
} from './inflight.js';
export { LiveChecks, type LiveChecksOptions } from './live-checks.js';
export {
  OpenOrderCheck,
  type OpenOrderCheckSettings,
} from './open-orders.js';
export {
  type OwnBookEntry,
  type OwnBookInconsistency,
  type OwnBookLike,
  OwnBooksAudit,
  type OwnBooksSource,
  ownBookFromCache,
  type PublicBookLike,
} from './own-books.js';
export { type PurgeRun, PurgeScheduler, type PurgeSettings } from './purges.js';
