/**
 * `OrderStatusReport`: the venue's view of one order, as reconciliation needs it.
 *
 * # Checks (`INVALID_REPORT`)
 * - `filledQty <= quantity`; `leavesQty`, when given, must make `filled + leaves == quantity`
 *   (else it is computed as `quantity - filled`);
 * - FILLED means `filled == quantity`; PARTIALLY_FILLED means `0 < filled < quantity`;
 * - a status only Kairos itself assigns (INITIALIZED, DENIED, EMULATED, RELEASED) is refused;
 * - LIMIT, STOP_LIMIT and LIMIT_IF_TOUCHED need a price; stop and touched kinds a trigger price;
 * - `tsLast >= tsAccepted`.
 */
import type { Decimal } from 'decimal.js';

import type {
  ContingencyType,
  OrderSide,
  OrderStatus,
  OrderType,
  TimeInForce,
  TriggerType,
} from '../enums.js';
import type {
  AccountId,
  ClientOrderId,
  InstrumentId,
  OrderListId,
  PositionId,
  VenueOrderId,
} from '../identifiers/index.js';
import type { TrailingOffsetType } from '../orders/kinds.js';
import type { Price } from '../values/index.js';
import { Quantity } from '../values/index.js';
import { invalidReport } from './errors.js';

export interface OrderStatusReport {
  readonly type: 'OrderStatusReport';
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  /** Absent for orders placed outside Kairos. */
  readonly clientOrderId: ClientOrderId | null;
  readonly venueOrderId: VenueOrderId;
  readonly orderListId: OrderListId | null;
  /** HEDGING venues: the position the order belongs to. */
  readonly venuePositionId: PositionId | null;
  readonly orderSide: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly orderStatus: OrderStatus;
  readonly contingencyType: ContingencyType;
  readonly linkedOrderIds: readonly ClientOrderId[];
  readonly parentOrderId: ClientOrderId | null;
  readonly price: Price | null;
  readonly triggerPrice: Price | null;
  readonly triggerType: TriggerType;
  readonly limitOffset: Decimal | null;
  readonly trailingOffset: Decimal | null;
  readonly trailingOffsetType: TrailingOffsetType;
  /** Average fill price as the venue reports it. */
  readonly avgPx: Decimal | null;
  readonly quantity: Quantity;
  readonly filledQty: Quantity;
  readonly leavesQty: Quantity;
  readonly displayQty: Quantity | null;
  readonly expireTimeNs: bigint | null;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly cancelReason: string | null;
  readonly tsAccepted: bigint;
  readonly tsTriggered: bigint | null;
  readonly tsLast: bigint;
  readonly tsInit: bigint;
  readonly reportId: string;
}

/** What an `OrderStatusReport` is built from; omitted optionals take neutral defaults. */
export interface OrderStatusReportParams {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly clientOrderId?: ClientOrderId | null;
  readonly venueOrderId: VenueOrderId;
  readonly orderListId?: OrderListId | null;
  readonly venuePositionId?: PositionId | null;
  readonly orderSide: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly orderStatus: OrderStatus;
  readonly contingencyType?: ContingencyType;
  readonly linkedOrderIds?: readonly ClientOrderId[];
  readonly parentOrderId?: ClientOrderId | null;
  readonly price?: Price | null;
  readonly triggerPrice?: Price | null;
  readonly triggerType?: TriggerType;
  readonly limitOffset?: Decimal | null;
  readonly trailingOffset?: Decimal | null;
  readonly trailingOffsetType?: TrailingOffsetType;
  readonly avgPx?: Decimal | null;
  readonly quantity: Quantity;
  readonly filledQty: Quantity;
  readonly leavesQty?: Quantity;
  readonly displayQty?: Quantity | null;
  readonly expireTimeNs?: bigint | null;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  readonly cancelReason?: string | null;
  readonly tsAccepted: bigint;
  readonly tsTriggered?: bigint | null;
  readonly tsLast: bigint;
  readonly tsInit: bigint;
  readonly reportId?: string;
}

const LOCAL_ONLY: ReadonlySet<OrderStatus> = new Set(['INITIALIZED', 'DENIED', 'EMULATED', 'RELEASED']);
const NEEDS_PRICE: ReadonlySet<OrderType> = new Set(['LIMIT', 'STOP_LIMIT', 'LIMIT_IF_TOUCHED']);
const NEEDS_TRIGGER: ReadonlySet<OrderType> = new Set([
  'STOP_MARKET',
  'STOP_LIMIT',
  'MARKET_IF_TOUCHED',
  'LIMIT_IF_TOUCHED',
]);

/** Builds and checks an `OrderStatusReport` (see the module doc). */
export function orderStatusReport(p: OrderStatusReportParams): OrderStatusReport {
  const id = p.venueOrderId.value;
  const bad = (m: string) => invalidReport('OrderStatusReport', id, m);
  if (LOCAL_ONLY.has(p.orderStatus)) throw bad(`status ${p.orderStatus} is not a venue status`);
  if (!p.quantity.isPositive()) throw bad(`quantity must be positive, was ${p.quantity}`);
  if (p.filledQty.gt(p.quantity)) throw bad(`filledQty ${p.filledQty} exceeds quantity ${p.quantity}`);
  const precision = Math.max(p.quantity.precision, p.filledQty.precision);
  const leaves = p.leavesQty ?? Quantity.fromRaw(p.quantity.raw - p.filledQty.raw, precision);
  if (p.filledQty.raw + leaves.raw !== p.quantity.raw) {
    throw bad(`filledQty ${p.filledQty} + leavesQty ${leaves} != quantity ${p.quantity}`);
  }
  if (p.orderStatus === 'FILLED' && !p.filledQty.eq(p.quantity)) {
    throw bad(`status FILLED with filledQty ${p.filledQty} of ${p.quantity}`);
  }
  if (p.orderStatus === 'PARTIALLY_FILLED' && (p.filledQty.isZero() || p.filledQty.eq(p.quantity))) {
    throw bad(`status PARTIALLY_FILLED with filledQty ${p.filledQty} of ${p.quantity}`);
  }
  if (NEEDS_PRICE.has(p.orderType) && p.price == null) throw bad(`a ${p.orderType} needs a price`);
  if (NEEDS_TRIGGER.has(p.orderType) && p.triggerPrice == null)
    throw bad(`a ${p.orderType} needs a triggerPrice`);
  if (p.displayQty?.gt(p.quantity)) {
    throw bad(`displayQty ${p.displayQty} exceeds quantity ${p.quantity}`);
  }
  if (p.tsLast < p.tsAccepted) throw bad(`tsLast ${p.tsLast} is before tsAccepted ${p.tsAccepted}`);
  return {
    type: 'OrderStatusReport',
    accountId: p.accountId,
    instrumentId: p.instrumentId,
    clientOrderId: p.clientOrderId ?? null,
    venueOrderId: p.venueOrderId,
    orderListId: p.orderListId ?? null,
    venuePositionId: p.venuePositionId ?? null,
    orderSide: p.orderSide,
    orderType: p.orderType,
    timeInForce: p.timeInForce,
    orderStatus: p.orderStatus,
    contingencyType: p.contingencyType ?? 'NO_CONTINGENCY',
    linkedOrderIds: p.linkedOrderIds ?? [],
    parentOrderId: p.parentOrderId ?? null,
    price: p.price ?? null,
    triggerPrice: p.triggerPrice ?? null,
    triggerType: p.triggerType ?? (NEEDS_TRIGGER.has(p.orderType) ? 'DEFAULT' : 'NO_TRIGGER'),
    limitOffset: p.limitOffset ?? null,
    trailingOffset: p.trailingOffset ?? null,
    trailingOffsetType: p.trailingOffsetType ?? 'NO_TRAILING_OFFSET',
    avgPx: p.avgPx ?? null,
    quantity: p.quantity,
    filledQty: p.filledQty,
    leavesQty: leaves,
    displayQty: p.displayQty ?? null,
    expireTimeNs: p.expireTimeNs ?? null,
    postOnly: p.postOnly ?? false,
    reduceOnly: p.reduceOnly ?? false,
    cancelReason: p.cancelReason ?? null,
    tsAccepted: p.tsAccepted,
    tsTriggered: p.tsTriggered ?? null,
    tsLast: p.tsLast,
    tsInit: p.tsInit,
    reportId: p.reportId ?? crypto.randomUUID(),
  };
}
