/** Builders for order tests: every event goes through the production factories. */
import {
  type OrderEvent,
  type OrderFilled,
  orderAccepted,
  orderCanceled,
  orderCancelRejected,
  orderDenied,
  orderEmulated,
  orderExpired,
  orderFilled,
  orderModifyRejected,
  orderPendingCancel,
  orderPendingUpdate,
  orderRejected,
  orderReleased,
  orderSubmitted,
  orderTriggered,
  orderUpdated,
} from '../../../ts/model/events/index.js';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  StrategyId,
  TradeId,
  TraderId,
  VenueOrderId,
} from '../../../ts/model/identifiers/index.js';
import { Order, type OrderEventKind, type OrderParams } from '../../../ts/model/orders/index.js';
import { Currency, Money, Price, Quantity } from '../../../ts/model/values/index.js';

export const TRADER = TraderId.from('TRADER-001');
export const STRATEGY = StrategyId.from('S-001');
export const INSTRUMENT = InstrumentId.from('BTCUSDT.BINANCE');
export const ACCOUNT = AccountId.from('BINANCE-001');
export const USDT = Currency.from('USDT');

let counter = 0;

/** Common order params; `over` replaces any field. */
export function params(over: Partial<OrderParams> = {}): OrderParams {
  counter++;
  return {
    traderId: TRADER,
    strategyId: STRATEGY,
    instrumentId: INSTRUMENT,
    clientOrderId: ClientOrderId.from(`O-${counter}`),
    side: 'BUY',
    orderType: 'LIMIT',
    quantity: Quantity.from('10'),
    price: Price.from('100.00'),
    tsInit: 1n,
    ...over,
  };
}

export function limitOrder(over: Partial<OrderParams> = {}): Order {
  return Order.create(params(over));
}

let ts = 10n;
function header(order: Order) {
  ts++;
  return {
    traderId: order.traderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    clientOrderId: order.clientOrderId,
    tsEvent: ts,
    tsInit: ts,
  };
}

let tradeSeq = 0;
/** A fill of `qty` at `px` for `order` (a fresh trade id unless given). */
export function fill(
  order: Order,
  qty: string,
  px = '100.00',
  over: { tradeId?: string; commission?: Money | null; side?: 'BUY' | 'SELL' } = {},
): OrderFilled {
  tradeSeq++;
  return orderFilled({
    ...header(order),
    venueOrderId: order.venueOrderId ?? VenueOrderId.from('V-1'),
    accountId: ACCOUNT,
    tradeId: TradeId.from(over.tradeId ?? `T-${tradeSeq}`),
    orderSide: over.side ?? order.side,
    orderType: order.orderType,
    lastQty: Quantity.from(qty),
    lastPx: Price.from(px),
    currency: USDT,
    commission: over.commission === undefined ? Money.from('0.01', USDT) : over.commission,
    liquiditySide: 'TAKER',
  });
}

/** One event of a table kind for `order` (fills sized to be partial or complete now). */
export function eventOf(order: Order, kind: OrderEventKind): OrderEvent {
  const h = header(order);
  switch (kind) {
    case 'DENIED':
      return orderDenied({ ...h, reason: 'risk' });
    case 'EMULATED':
      return orderEmulated(h);
    case 'RELEASED':
      return orderReleased({ ...h, releasedPrice: Price.from('100.00') });
    case 'SUBMITTED':
      return orderSubmitted({ ...h, accountId: ACCOUNT });
    case 'ACCEPTED':
      return orderAccepted({ ...h, accountId: ACCOUNT, venueOrderId: VenueOrderId.from('V-1') });
    case 'REJECTED':
      return orderRejected({ ...h, reason: 'no' });
    case 'CANCELED':
      return orderCanceled(h);
    case 'EXPIRED':
      return orderExpired(h);
    case 'TRIGGERED':
      return orderTriggered(h);
    case 'PENDING_UPDATE':
      return orderPendingUpdate(h);
    case 'PENDING_CANCEL':
      return orderPendingCancel(h);
    case 'MODIFY_REJECTED':
      return orderModifyRejected({ ...h, reason: 'no' });
    case 'CANCEL_REJECTED':
      return orderCancelRejected({ ...h, reason: 'no' });
    case 'UPDATED':
      return orderUpdated({ ...h, quantity: order.quantity });
    case 'FILL_PARTIAL':
      // Smaller than any leaves quantity the table test produces.
      return fill(order, '1');
    case 'FILL_COMPLETE':
      return fill(order, order.leavesQty.isZero() ? '1' : order.leavesQty.toString());
  }
}
