/** Closed sets that belong to orders only (the shared ones are in `model/enums.ts`). */

/** How a trailing offset is measured. */
export const TrailingOffsetType = Object.freeze({
  NO_TRAILING_OFFSET: 'NO_TRAILING_OFFSET',
  PRICE: 'PRICE',
  BASIS_POINTS: 'BASIS_POINTS',
  TICKS: 'TICKS',
  PRICE_TIER: 'PRICE_TIER',
} as const);
export type TrailingOffsetType = keyof typeof TrailingOffsetType;

/** The events of the order state machine, as the native table names them. */
export const OrderEventKind = Object.freeze({
  DENIED: 'DENIED',
  EMULATED: 'EMULATED',
  RELEASED: 'RELEASED',
  SUBMITTED: 'SUBMITTED',
  ACCEPTED: 'ACCEPTED',
  REJECTED: 'REJECTED',
  CANCELED: 'CANCELED',
  EXPIRED: 'EXPIRED',
  TRIGGERED: 'TRIGGERED',
  PENDING_UPDATE: 'PENDING_UPDATE',
  PENDING_CANCEL: 'PENDING_CANCEL',
  MODIFY_REJECTED: 'MODIFY_REJECTED',
  CANCEL_REJECTED: 'CANCEL_REJECTED',
  UPDATED: 'UPDATED',
  FILL_PARTIAL: 'FILL_PARTIAL',
  FILL_COMPLETE: 'FILL_COMPLETE',
} as const);
export type OrderEventKind = keyof typeof OrderEventKind;
