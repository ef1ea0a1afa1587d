/** What the order managers need from their owner (a strategy): order lookups and order actions. */
import type { OrderFilter } from '../../cache/index.js';
import type { ClientOrderId } from '../../model/identifiers/index.js';
import type { Order } from '../../model/orders/index.js';
import type { Quantity } from '../../model/values/index.js';

/** Finds an order by its client order id (the `Cache` is one). */
export interface OrderLookup {
  order(clientOrderId: ClientOrderId): Order | null;
}

/** Lookups the GTD manager rebuilds its alerts from (the `Cache` is one). */
export interface OpenOrderLookup extends OrderLookup {
  ordersOpen(filter?: OrderFilter): Order[];
  ordersInflight(filter?: OrderFilter): Order[];
}

/** The change a manager asks for: only the quantity. */
export interface ModifyOrderChanges {
  readonly quantity: Quantity;
}

/**
 * The order actions of the owner. A manager calls them and never applies events itself: the
 * owner routes the command and the resulting events come back through `handleEvent`.
 *
 * Orders held locally (INITIALIZED, such as bracket exits before their entry fills) may be
 * modified and canceled too: the owner then applies `OrderUpdated` / `OrderCanceled` to them
 * locally (the order state machine allows both in INITIALIZED), since no venue knows them.
 */
export interface OrderActions {
  submitOrder(order: Order): void;
  cancelOrder(order: Order): void;
  modifyOrder(order: Order, changes: ModifyOrderChanges): void;
}
