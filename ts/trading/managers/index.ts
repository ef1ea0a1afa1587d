export {
  ContingentOrderManager,
  type ContingentOrderManagerOptions,
} from './contingent.js';
export {
  DEFAULT_GTD_RETRY_DELAY_NS,
  GTD_EXPIRY_TIMER_PREFIX,
  GtdExpiryManager,
  type GtdExpiryManagerOptions,
} from './gtd.js';
export type { ModifyOrderChanges, OpenOrderLookup, OrderActions, OrderLookup } from './types.js';
