/**
 * Trading commands: what a strategy asks the engines to do. Readonly plain objects with one
 * `type` literal and both timestamps, built by the factories below (which fill every key, so
 * every command of a type has the same shape). Never mutated after they are built.
 *
 * A command travels strategy -> `RiskEngine.execute` -> `ExecEngine.execute` -> the execution
 * client. `clientId` routes it to one client explicitly; `null` routes by the instrument's venue.
 */
import type { OrderSide } from '../model/enums.js';
import type {
  ClientId,
  ClientOrderId,
  InstrumentId,
  OrderListId,
  PositionId,
  StrategyId,
  TraderId,
  VenueOrderId,
} from '../model/identifiers/index.js';
import type { Order } from '../model/orders/index.js';
import type { Price, Quantity } from '../model/values/index.js';
import { EngineError, EngineErrorCode } from './errors.js';

/** The fields every trading command carries. */
export interface TradingCommandFields {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  /** Route to this execution client; `null`: by the instrument's venue. */
  readonly clientId: ClientId | null;
  /** Unique id of the command (UUID v4 unless given). */
  readonly commandId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

/** What a command factory needs: the fields above, the defaulted ones optional. */
export interface TradingCommandHeader {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly clientId?: ClientId | null;
  readonly commandId?: string;
  /** Default `tsInit`. */
  readonly tsEvent?: bigint;
  readonly tsInit: bigint;
}

/** Orders submitted together (brackets, OCO pairs): one instrument, one strategy. */
export interface OrderList {
  readonly id: OrderListId;
  readonly instrumentId: InstrumentId;
  readonly strategyId: StrategyId;
  readonly orders: readonly Order[];
  readonly tsInit: bigint;
}

/** Submit a new order (INITIALIZED). */
export interface SubmitOrder extends TradingCommandFields {
  readonly type: 'SubmitOrder';
  readonly order: Order;
  /** HEDGING: the position the order belongs to (e.g. a close); `null` opens a new one. */
  readonly positionId: PositionId | null;
}

/** Submit a list of orders together; the risk engine denies all of them if it denies one. */
export interface SubmitOrderList extends TradingCommandFields {
  readonly type: 'SubmitOrderList';
  readonly orderList: OrderList;
  readonly positionId: PositionId | null;
}

/** Modify an open order: every field given (non-null) changes. */
export interface ModifyOrder extends TradingCommandFields {
  readonly type: 'ModifyOrder';
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId: VenueOrderId | null;
  readonly quantity: Quantity | null;
  readonly price: Price | null;
  readonly triggerPrice: Price | null;
}

export interface CancelOrder extends TradingCommandFields {
  readonly type: 'CancelOrder';
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId: VenueOrderId | null;
}

/** Cancel every open order of the strategy on the instrument (of one side when given). */
export interface CancelAllOrders extends TradingCommandFields {
  readonly type: 'CancelAllOrders';
  readonly orderSide: OrderSide | null;
}

/** Ask the venue for an order's status (the answer comes back as events). */
export interface QueryOrder extends TradingCommandFields {
  readonly type: 'QueryOrder';
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId: VenueOrderId | null;
}

/** Any trading command; switch on `type`. */
export type TradingCommand =
  | SubmitOrder
  | SubmitOrderList
  | ModifyOrder
  | CancelOrder
  | CancelAllOrders
  | QueryOrder;

// Factories build each command as one literal in a fixed key order (no spreads: commands are
// made per order on the hot path, and one shape per type keeps property access monomorphic).

type FromOrder = Omit<TradingCommandHeader, 'traderId' | 'strategyId' | 'instrumentId'>;

export function submitOrder(
  p: FromOrder & { readonly order: Order; readonly positionId?: PositionId | null },
): SubmitOrder {
  const o = p.order;
  return {
    type: 'SubmitOrder',
    traderId: o.traderId,
    strategyId: o.strategyId,
    instrumentId: o.instrumentId,
    clientId: p.clientId ?? null,
    commandId: p.commandId ?? crypto.randomUUID(),
    tsEvent: p.tsEvent ?? p.tsInit,
    tsInit: p.tsInit,
    order: o,
    positionId: p.positionId ?? null,
  };
}

/** Builds an order list: at least one order, all of one instrument and one strategy. */
export function orderList(id: OrderListId, orders: readonly Order[], tsInit: bigint): OrderList {
  const first = orders[0];
  if (first === undefined) {
    throw new EngineError(EngineErrorCode.ENGINE_INVALID_ARGUMENT, `order list ${id} has no orders`);
  }
  for (const o of orders) {
    if (!o.instrumentId.eq(first.instrumentId) || !o.strategyId.eq(first.strategyId)) {
      throw new EngineError(
        EngineErrorCode.ENGINE_INVALID_ARGUMENT,
        `order list ${id}: ${o.clientOrderId} is for ${o.instrumentId}/${o.strategyId}, the list for ${first.instrumentId}/${first.strategyId}`,
      );
    }
  }
  return { id, instrumentId: first.instrumentId, strategyId: first.strategyId, orders, tsInit };
}

export function submitOrderList(
  p: Omit<TradingCommandHeader, 'instrumentId' | 'strategyId'> & {
    readonly orderList: OrderList;
    readonly positionId?: PositionId | null;
  },
): SubmitOrderList {
  const l = p.orderList;
  return {
    type: 'SubmitOrderList',
    traderId: p.traderId,
    strategyId: l.strategyId,
    instrumentId: l.instrumentId,
    clientId: p.clientId ?? null,
    commandId: p.commandId ?? crypto.randomUUID(),
    tsEvent: p.tsEvent ?? p.tsInit,
    tsInit: p.tsInit,
    orderList: l,
    positionId: p.positionId ?? null,
  };
}

export function modifyOrder(
  p: FromOrder & {
    readonly order: Order;
    readonly quantity?: Quantity | null;
    readonly price?: Price | null;
    readonly triggerPrice?: Price | null;
  },
): ModifyOrder {
  const o = p.order;
  return {
    type: 'ModifyOrder',
    traderId: o.traderId,
    strategyId: o.strategyId,
    instrumentId: o.instrumentId,
    clientId: p.clientId ?? null,
    commandId: p.commandId ?? crypto.randomUUID(),
    tsEvent: p.tsEvent ?? p.tsInit,
    tsInit: p.tsInit,
    clientOrderId: p.order.clientOrderId,
    venueOrderId: p.order.venueOrderId,
    quantity: p.quantity ?? null,
    price: p.price ?? null,
    triggerPrice: p.triggerPrice ?? null,
  };
}

export function cancelOrder(p: FromOrder & { readonly order: Order }): CancelOrder {
  const o = p.order;
  return {
    type: 'CancelOrder',
    traderId: o.traderId,
    strategyId: o.strategyId,
    instrumentId: o.instrumentId,
    clientId: p.clientId ?? null,
    commandId: p.commandId ?? crypto.randomUUID(),
    tsEvent: p.tsEvent ?? p.tsInit,
    tsInit: p.tsInit,
    clientOrderId: p.order.clientOrderId,
    venueOrderId: p.order.venueOrderId,
  };
}

export function cancelAllOrders(
  p: TradingCommandHeader & { readonly orderSide?: OrderSide | null },
): CancelAllOrders {
  return {
    type: 'CancelAllOrders',
    traderId: p.traderId,
    strategyId: p.strategyId,
    instrumentId: p.instrumentId,
    clientId: p.clientId ?? null,
    commandId: p.commandId ?? crypto.randomUUID(),
    tsEvent: p.tsEvent ?? p.tsInit,
    tsInit: p.tsInit,
    orderSide: p.orderSide ?? null,
  };
}

export function queryOrder(p: FromOrder & { readonly order: Order }): QueryOrder {
  const o = p.order;
  return {
    type: 'QueryOrder',
    traderId: o.traderId,
    strategyId: o.strategyId,
    instrumentId: o.instrumentId,
    clientId: p.clientId ?? null,
    commandId: p.commandId ?? crypto.randomUUID(),
    tsEvent: p.tsEvent ?? p.tsInit,
    tsInit: p.tsInit,
    clientOrderId: p.order.clientOrderId,
    venueOrderId: p.order.venueOrderId,
  };
}
