/** The errors an order raises. Each has a stable `code`; every message names the order. */
import type { OrderStatus, OrderType } from '../enums.js';
import { KairosError } from '../errors.js';
import type { OrderEventKind } from './kinds.js';

/** An order definition breaks a rule of its type (code `INVALID_ORDER`). */
export function invalidOrder(
  clientOrderId: string,
  orderType: OrderType | string,
  message: string,
): KairosError {
  return new KairosError('INVALID_ORDER', `invalid ${orderType} order ${clientOrderId}: ${message}`, {
    clientOrderId,
    orderType,
  });
}

/** The state machine does not allow the event in the status (code `INVALID_TRANSITION`). */
export function invalidTransition(
  clientOrderId: string,
  status: OrderStatus,
  event: OrderEventKind | string,
): KairosError {
  return new KairosError(
    'INVALID_TRANSITION',
    `invalid order transition for ${clientOrderId}: ${event} in status ${status}`,
    { clientOrderId, status, event },
  );
}
