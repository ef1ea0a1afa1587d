/**
 * Resolving an order locally when the venue has no answer for it: `REJECTED` (with a reason) or
 * `CANCELED`, fills kept, as a reconciliation event with a deterministic id. Used by start-up
 * reconciliation (an open order the venue does not know) and the continuous checks (in-flight
 * timeouts, open orders not found).
 */
import type { Cache } from '../../cache/index.js';
import type { Clock, Logger, MessageBus } from '../../common/index.js';
import type { OrderStatus } from '../../model/enums.js';
import { orderCanceled, orderRejected } from '../../model/events/index.js';
import type { Order } from '../../model/orders/index.js';
import { type AppliedEventObserver, applyLocalEvent, deterministicEventId } from './apply.js';

/** How an order the venue never confirmed, or no longer knows, is resolved. */
export type Resolution = 'REJECTED' | 'CANCELED';

/** The reason of an order resolved because the venue does not know it. */
export const NOT_FOUND_AT_VENUE = 'NOT_FOUND_AT_VENUE';

/** How an open order the venue does not know is resolved. */
export const NOT_FOUND_RESOLUTION: Readonly<Partial<Record<OrderStatus, Resolution>>> = {
  ACCEPTED: 'REJECTED',
  TRIGGERED: 'REJECTED',
  PARTIALLY_FILLED: 'CANCELED',
};

/** What resolving needs. */
export interface ResolveContext {
  readonly cache: Cache;
  readonly clock: Clock;
  readonly log: Logger;
  readonly msgbus: MessageBus | null;
  readonly observer: AppliedEventObserver | null;
}

/**
 * Resolves `order` locally with a reconciliation event (`REJECTED` with `reason`, or
 * `CANCELED`), keeping its fills. Returns false (and logs) when the state machine refuses.
 */
export function resolveLocally(ctx: ResolveContext, order: Order, to: Resolution, reason: string): boolean {
  const now = ctx.clock.timestampNs();
  const id = deterministicEventId(order.clientOrderId.value, to, reason, String(now));
  const header = { ...order.eventHeader(id, now), reconciliation: true };
  const event = to === 'REJECTED' ? orderRejected({ ...header, reason }) : orderCanceled(header);
  const from = order.status;
  try {
    applyLocalEvent(ctx.cache, ctx.msgbus, ctx.observer, order, event);
  } catch (e) {
    ctx.log.error(
      { clientOrderId: order.clientOrderId.value, status: from, to, err: e },
      'could not resolve order',
    );
    return false;
  }
  ctx.log.warn(
    { clientOrderId: order.clientOrderId.value, from, to, reason, filledQty: order.filledQty.toString() },
    `order ${order.clientOrderId} resolved ${from} -> ${to} (${reason})`,
  );
  return true;
}
