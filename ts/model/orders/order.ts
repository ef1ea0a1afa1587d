/**
 * `Order`: one order's state, moved only by its events.
 *
 * # Applying an event
 * `apply(event)` always runs the same steps, and every check runs before anything changes, so
 * a refused event leaves the order exactly as it was:
 * 1. ownership: the event's client order id, strategy and instrument are the order's
 *    (`EVENT_MISMATCH`);
 * 2. fills only: the trade id is new (`DUPLICATE_FILL`), the side is the order's and the
 *    quantity positive (`INVALID_FILL`);
 * 3. the transition, through the table built from the native core (`INVALID_TRANSITION`); a
 *    fill is `FILL_COMPLETE` when it fills the leaves quantity, else `FILL_PARTIAL`;
 * 4. fills: more than the leaves quantity is refused (`OVERFILL`); updates: a quantity below the
 *    filled quantity, or a price the type has not, is refused (`INVALID_UPDATE`);
 * 5. one small handler for the event's kind updates the fields;
 * 6. the event is appended to the log.
 *
 * # Overfill
 * Refused here: the order model never holds more filled than ordered. Live reconciliation may
 * decide otherwise for venue reports (it then adjusts the quantity with an `OrderUpdated`
 * first).
 *
 * # Previous status
 * `previousStatus` is the status before the order entered `PENDING_UPDATE`/`PENDING_CANCEL`; a
 * `PREVIOUS` outcome of the table (modify acknowledged or rejected, cancel rejected) returns
 * there. Entering one pending status from the other keeps it.
 *
 * # Average price
 * The sum of `lastPx * lastQty` is kept exactly (bigint); `avgPx` is that sum over the filled
 * quantity, rounded half-even once, at 16 decimals.
 *
 * # Status groups
 * Open: ACCEPTED, TRIGGERED, PENDING_UPDATE, PENDING_CANCEL, PARTIALLY_FILLED. Closed: DENIED,
 * REJECTED, CANCELED, EXPIRED, FILLED. In flight: SUBMITTED, PENDING_UPDATE, PENDING_CANCEL.
 * INITIALIZED, EMULATED and RELEASED are none of these.
 */
import { Decimal } from 'decimal.js';

import type {
  ContingencyType,
  LiquiditySide,
  OrderSide,
  OrderStatus,
  OrderType,
  TimeInForce,
  TriggerType,
} from '../enums.js';
import { KairosError } from '../errors.js';
import { assertNever } from '../events/assert-never.js';
import type {
  OrderEvent,
  OrderEventHeader,
  OrderFilled,
  OrderInitialized,
  OrderUpdated,
} from '../events/order.js';
import type {
  AccountId,
  ClientOrderId,
  InstrumentId,
  OrderListId,
  PositionId,
  StrategyId,
  TradeId,
  TraderId,
  VenueOrderId,
} from '../identifiers/index.js';
import { fractionToDecimal } from '../instruments/exact.js';
import { SCALE_FACTOR } from '../values/fixed.js';
import { type Money, type Price, Quantity } from '../values/index.js';
import { invalidTransition } from './errors.js';
import { transition } from './fsm.js';
import { checkOrderInitialized, hasTrigger, type OrderParams, orderInitialized } from './init.js';
import type { OrderEventKind, TrailingOffsetType } from './kinds.js';
import type { OrderSnapshot } from './snapshot.js';

/** The table event of every non-fill event type. */
const KIND: Readonly<
  Record<Exclude<OrderEvent['type'], 'OrderInitialized' | 'OrderFilled'>, OrderEventKind>
> = {
  OrderDenied: 'DENIED',
  OrderEmulated: 'EMULATED',
  OrderReleased: 'RELEASED',
  OrderSubmitted: 'SUBMITTED',
  OrderAccepted: 'ACCEPTED',
  OrderRejected: 'REJECTED',
  OrderCanceled: 'CANCELED',
  OrderExpired: 'EXPIRED',
  OrderTriggered: 'TRIGGERED',
  OrderPendingUpdate: 'PENDING_UPDATE',
  OrderPendingCancel: 'PENDING_CANCEL',
  OrderModifyRejected: 'MODIFY_REJECTED',
  OrderCancelRejected: 'CANCEL_REJECTED',
  OrderUpdated: 'UPDATED',
};

const ZERO = new Decimal(0);

const OPEN: ReadonlySet<OrderStatus> = new Set([
  'ACCEPTED',
  'TRIGGERED',
  'PENDING_UPDATE',
  'PENDING_CANCEL',
  'PARTIALLY_FILLED',
]);
const CLOSED: ReadonlySet<OrderStatus> = new Set(['DENIED', 'REJECTED', 'CANCELED', 'EXPIRED', 'FILLED']);
const INFLIGHT: ReadonlySet<OrderStatus> = new Set(['SUBMITTED', 'PENDING_UPDATE', 'PENDING_CANCEL']);

function isPending(s: OrderStatus): boolean {
  return s === 'PENDING_UPDATE' || s === 'PENDING_CANCEL';
}

export class Order {
  /** The definition this order was created from (its first event). */
  readonly init: OrderInitialized;
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;

  #status: OrderStatus = 'INITIALIZED';
  #previousStatus: OrderStatus | null = null;
  #venueOrderId: VenueOrderId | null = null;
  #accountId: AccountId | null = null;
  #positionId: PositionId | null = null;
  #quantity: Quantity;
  #price: Price | null;
  #triggerPrice: Price | null;
  #filledRaw = 0n;
  // Precision of filled and leaves: the quantity's, or finer if a fill or update was finer.
  #qtyPrecision: number;
  #leavesRaw: bigint;
  // Sum of lastPx.raw * lastQty.raw over fills (scale 10^32), exact.
  #notionalRaw = 0n;
  // Shown values derived from the sums, built on first read after a fill (Decimal is costly).
  #avgPx: Decimal | null = null;
  #slippage: Decimal | null = null;
  #commissions = new Map<string, Money>();
  #tradeIds = new Set<string>();
  #tradeIdList: TradeId[] = [];
  #lastTradeId: TradeId | null = null;
  #liquiditySide: LiquiditySide = 'NO_LIQUIDITY_SIDE';
  #isTriggered = false;
  #tsTriggered: bigint | null = null;
  #tsAccepted: bigint | null = null;
  #tsLast: bigint;
  #events: OrderEvent[];

  /** An order from its `OrderInitialized` event (checked against its type's rules). */
  constructor(init: OrderInitialized) {
    checkOrderInitialized(init);
    this.init = init;
    this.traderId = init.traderId;
    this.strategyId = init.strategyId;
    this.instrumentId = init.instrumentId;
    this.clientOrderId = init.clientOrderId;
    this.side = init.side;
    this.orderType = init.orderType;
    this.timeInForce = init.timeInForce;
    this.#quantity = init.quantity;
    this.#price = init.price;
    this.#triggerPrice = init.triggerPrice;
    this.#leavesRaw = init.quantity.raw;
    this.#qtyPrecision = init.quantity.precision;
    this.#tsLast = init.tsEvent;
    this.#events = [init];
  }

  /** Builds the `OrderInitialized` event from `params` (validated) and the order from it. */
  static create(params: OrderParams): Order {
    return new Order(orderInitialized(params));
  }

  /** Rebuilds an order by applying its events in order (the first must be `OrderInitialized`). */
  static fromEvents(events: readonly OrderEvent[]): Order {
    const first = events[0];
    if (first === undefined || first.type !== 'OrderInitialized') {
      throw new KairosError(
        'INVALID_ORDER',
        'an order is rebuilt from events starting with OrderInitialized',
      );
    }
    const order = new Order(first);
    for (let i = 1; i < events.length; i++) order.apply(events[i]!);
    return order;
  }

  // ---- state --------------------------------------------------------------------------------

  get status(): OrderStatus {
    return this.#status;
  }
  /** The status before the current pending request, if any (see the module doc). */
  get previousStatus(): OrderStatus | null {
    return this.#previousStatus;
  }
  get venueOrderId(): VenueOrderId | null {
    return this.#venueOrderId;
  }
  get accountId(): AccountId | null {
    return this.#accountId;
  }
  get positionId(): PositionId | null {
    return this.#positionId;
  }
  get quantity(): Quantity {
    return this.#quantity;
  }
  get price(): Price | null {
    return this.#price;
  }
  get triggerPrice(): Price | null {
    return this.#triggerPrice;
  }
  get filledQty(): Quantity {
    return Quantity.fromRaw(this.#filledRaw, this.#qtyPrecision);
  }
  get leavesQty(): Quantity {
    return Quantity.fromRaw(this.#leavesRaw, this.#qtyPrecision);
  }
  /** Average fill price, exact to 16 decimals; `null` before the first fill. */
  get avgPx(): Decimal | null {
    if (this.#avgPx === null && this.#filledRaw !== 0n) {
      // avg = (sum px*qty / 10^32) / (filled / 10^16) = notional / (filled * 10^16)
      this.#avgPx = fractionToDecimal(this.#notionalRaw, this.#filledRaw * SCALE_FACTOR);
    }
    return this.#avgPx;
  }
  /** Average price worse than the order's price (positive) or better (negative); 0 without a price. */
  get slippage(): Decimal {
    if (this.#slippage === null) {
      const avg = this.avgPx;
      if (avg === null || this.#price === null) {
        this.#slippage = ZERO;
      } else {
        const diff = avg.minus(this.#price.toDecimal());
        this.#slippage = this.side === 'BUY' ? diff : diff.neg();
      }
    }
    return this.#slippage;
  }
  /** Commissions paid, one Money per currency, in the order they first appeared. */
  commissions(): Money[] {
    return [...this.#commissions.values()];
  }
  /** Trade ids of the fills applied, in order. */
  get tradeIds(): readonly TradeId[] {
    return this.#tradeIdList;
  }
  get lastTradeId(): TradeId | null {
    return this.#lastTradeId;
  }
  /** Liquidity side of the last fill. */
  get liquiditySide(): LiquiditySide {
    return this.#liquiditySide;
  }
  get isTriggered(): boolean {
    return this.#isTriggered;
  }
  get tsTriggered(): bigint | null {
    return this.#tsTriggered;
  }
  get tsAccepted(): bigint | null {
    return this.#tsAccepted;
  }
  /** `tsEvent` of the last event applied. */
  get tsLast(): bigint {
    return this.#tsLast;
  }
  get tsInit(): bigint {
    return this.init.tsInit;
  }
  /** Every event applied, the `OrderInitialized` first. */
  get events(): readonly OrderEvent[] {
    return this.#events;
  }
  get lastEvent(): OrderEvent {
    return this.#events[this.#events.length - 1]!;
  }
  /** True when a fill with this trade id was applied. O(1). */
  hasTradeId(tradeId: TradeId): boolean {
    return this.#tradeIds.has(tradeId.value);
  }

  // ---- definition -----------------------------------------------------------------------------

  get triggerType(): TriggerType {
    return this.init.triggerType;
  }
  get expireTimeNs(): bigint | null {
    return this.init.expireTimeNs;
  }
  get postOnly(): boolean {
    return this.init.postOnly;
  }
  get reduceOnly(): boolean {
    return this.init.reduceOnly;
  }
  get quoteQuantity(): boolean {
    return this.init.quoteQuantity;
  }
  get displayQty(): Quantity | null {
    return this.init.displayQty;
  }
  get limitOffset(): Decimal | null {
    return this.init.limitOffset;
  }
  get trailingOffset(): Decimal | null {
    return this.init.trailingOffset;
  }
  get trailingOffsetType(): TrailingOffsetType {
    return this.init.trailingOffsetType;
  }
  get emulationTrigger(): TriggerType {
    return this.init.emulationTrigger;
  }
  get contingencyType(): ContingencyType {
    return this.init.contingencyType;
  }
  get orderListId(): OrderListId | null {
    return this.init.orderListId;
  }
  get linkedOrderIds(): readonly ClientOrderId[] {
    return this.init.linkedOrderIds;
  }
  get parentOrderId(): ClientOrderId | null {
    return this.init.parentOrderId;
  }
  get execAlgorithmId(): string | null {
    return this.init.execAlgorithmId;
  }
  get tags(): readonly string[] {
    return this.init.tags;
  }

  // ---- predicates ---------------------------------------------------------------------------

  get isOpen(): boolean {
    return OPEN.has(this.#status);
  }
  get isClosed(): boolean {
    return CLOSED.has(this.#status);
  }
  get isInflight(): boolean {
    return INFLIGHT.has(this.#status);
  }
  get isEmulated(): boolean {
    return this.#status === 'EMULATED';
  }
  get isBuy(): boolean {
    return this.side === 'BUY';
  }
  get isSell(): boolean {
    return this.side === 'SELL';
  }
  /** Rests on the book or waits for a trigger (every type but MARKET). */
  get isPassive(): boolean {
    return this.orderType !== 'MARKET';
  }
  /** Takes liquidity at once (MARKET). */
  get isAggressive(): boolean {
    return this.orderType === 'MARKET';
  }
  /** The quantity, negative for a sell. */
  get signedDecimalQty(): Decimal {
    const q = this.#quantity.toDecimal();
    return this.side === 'BUY' ? q : q.neg();
  }

  // ---- applying events ----------------------------------------------------------------------

  /** Applies one event (see the module doc for the steps and the errors). */
  apply(event: OrderEvent): void {
    if (event.type === 'OrderInitialized')
      throw invalidTransition(this.clientOrderId.value, this.#status, 'OrderInitialized');
    this.#checkOwnership(event);

    let kind: OrderEventKind;
    if (event.type === 'OrderFilled') {
      this.#checkFill(event);
      kind = event.lastQty.raw >= this.#leavesRaw ? 'FILL_COMPLETE' : 'FILL_PARTIAL';
    } else {
      kind = KIND[event.type];
    }

    const outcome = transition(this.#status, kind);
    const next = outcome === 'PREVIOUS' ? this.#previousStatus : outcome;
    if (next === null) throw invalidTransition(this.clientOrderId.value, this.#status, kind);

    if (event.type === 'OrderFilled' && event.lastQty.raw > this.#leavesRaw) {
      throw new KairosError(
        'OVERFILL',
        `fill ${event.tradeId} of ${event.lastQty} overfills order ${this.clientOrderId}: leaves ${this.leavesQty}`,
        { clientOrderId: this.clientOrderId.value, tradeId: event.tradeId.value },
      );
    }
    if (event.type === 'OrderUpdated') this.#checkUpdate(event);

    // Everything is checked: from here on nothing throws.
    if (isPending(next) && !isPending(this.#status)) this.#previousStatus = this.#status;
    this.#status = next;
    this.#handle(event);
    this.#tsLast = event.tsEvent;
    this.#events.push(event);
  }

  #checkOwnership(event: OrderEvent): void {
    let field: string | null = null;
    if (!event.clientOrderId.eq(this.clientOrderId)) field = 'clientOrderId';
    else if (!event.strategyId.eq(this.strategyId)) field = 'strategyId';
    else if (!event.instrumentId.eq(this.instrumentId)) field = 'instrumentId';
    if (field !== null) {
      throw new KairosError(
        'EVENT_MISMATCH',
        `${event.type} ${field} ${String(event[field as 'clientOrderId'])} does not match order ${this.clientOrderId} (${String(this[field as 'clientOrderId'])})`,
        { clientOrderId: this.clientOrderId.value, field },
      );
    }
  }

  #checkFill(fill: OrderFilled): void {
    if (this.#tradeIds.has(fill.tradeId.value)) {
      throw new KairosError(
        'DUPLICATE_FILL',
        `fill ${fill.tradeId} was already applied to order ${this.clientOrderId}`,
        { clientOrderId: this.clientOrderId.value, tradeId: fill.tradeId.value },
      );
    }
    if (fill.orderSide !== this.side) {
      throw new KairosError(
        'INVALID_FILL',
        `fill ${fill.tradeId} is a ${fill.orderSide} but order ${this.clientOrderId} is a ${this.side}`,
      );
    }
    if (!fill.lastQty.isPositive()) {
      throw new KairosError(
        'INVALID_FILL',
        `fill ${fill.tradeId} for ${this.clientOrderId} has quantity ${fill.lastQty}`,
      );
    }
  }

  #checkUpdate(u: OrderUpdated): void {
    if (u.quantity.raw < this.#filledRaw) {
      throw new KairosError(
        'INVALID_UPDATE',
        `update of ${this.clientOrderId} to quantity ${u.quantity} is below the filled quantity ${this.filledQty}`,
      );
    }
    if (!u.quantity.isPositive()) {
      throw new KairosError('INVALID_UPDATE', `update of ${this.clientOrderId} to quantity ${u.quantity}`);
    }
    if (
      u.price !== null &&
      this.#price === null &&
      this.orderType !== 'TRAILING_STOP_LIMIT' &&
      this.orderType !== 'MARKET_TO_LIMIT'
    ) {
      throw new KairosError(
        'INVALID_UPDATE',
        `${this.orderType} order ${this.clientOrderId} has no price to update`,
      );
    }
    if (u.triggerPrice !== null && !hasTrigger(this.orderType)) {
      throw new KairosError(
        'INVALID_UPDATE',
        `${this.orderType} order ${this.clientOrderId} has no trigger price to update`,
      );
    }
  }

  #handle(event: Exclude<OrderEvent, OrderInitialized>): void {
    if (event.venueOrderId !== null && this.#venueOrderId === null) this.#venueOrderId = event.venueOrderId;
    if (event.accountId !== null) this.#accountId = event.accountId;
    switch (event.type) {
      case 'OrderDenied':
      case 'OrderEmulated':
      case 'OrderReleased':
      case 'OrderSubmitted':
      case 'OrderRejected':
      case 'OrderCanceled':
      case 'OrderExpired':
      case 'OrderPendingUpdate':
      case 'OrderPendingCancel':
      case 'OrderModifyRejected':
      case 'OrderCancelRejected':
        return;
      case 'OrderAccepted':
        this.#venueOrderId = event.venueOrderId;
        this.#tsAccepted = event.tsEvent;
        return;
      case 'OrderTriggered':
        this.#isTriggered = true;
        this.#tsTriggered = event.tsEvent;
        return;
      case 'OrderUpdated':
        this.#onUpdated(event);
        return;
      case 'OrderFilled':
        this.#onFilled(event);
        return;
      default:
        assertNever(event, 'order event');
    }
  }

  #onUpdated(u: OrderUpdated): void {
    if (u.venueOrderId !== null) this.#venueOrderId = u.venueOrderId;
    this.#quantity = u.quantity;
    if (u.quantity.precision > this.#qtyPrecision) this.#qtyPrecision = u.quantity.precision;
    this.#leavesRaw = u.quantity.raw - this.#filledRaw;
    if (u.price !== null) {
      this.#price = u.price;
      this.#slippage = null;
    }
    if (u.triggerPrice !== null) this.#triggerPrice = u.triggerPrice;
  }

  #onFilled(f: OrderFilled): void {
    this.#venueOrderId = f.venueOrderId;
    if (f.positionId !== null) this.#positionId = f.positionId;
    this.#tradeIds.add(f.tradeId.value);
    this.#tradeIdList.push(f.tradeId);
    this.#lastTradeId = f.tradeId;
    this.#liquiditySide = f.liquiditySide;
    if (f.lastQty.precision > this.#qtyPrecision) this.#qtyPrecision = f.lastQty.precision;
    this.#filledRaw += f.lastQty.raw;
    this.#leavesRaw -= f.lastQty.raw;
    this.#notionalRaw += f.lastPx.raw * f.lastQty.raw;
    this.#avgPx = null;
    this.#slippage = null;
    if (f.commission !== null) {
      const code = f.commission.currency.code;
      const prev = this.#commissions.get(code);
      this.#commissions.set(code, prev === undefined ? f.commission : prev.add(f.commission));
    }
  }

  /** A plain, immutable copy of the order's state now. */
  /**
   * The header of a new event of this order at `ts` (event and init time): its ids, its account
   * (or `accountId` when given: a venue's own) and `eventId`.
   */
  eventHeader(eventId: string, ts: bigint, accountId: AccountId | null = this.accountId): OrderEventHeader {
    return {
      traderId: this.traderId,
      strategyId: this.strategyId,
      instrumentId: this.instrumentId,
      clientOrderId: this.clientOrderId,
      venueOrderId: this.venueOrderId,
      accountId,
      eventId,
      tsEvent: ts,
      tsInit: ts,
    };
  }

  toSnapshot(): OrderSnapshot {
    return {
      traderId: this.traderId,
      strategyId: this.strategyId,
      instrumentId: this.instrumentId,
      clientOrderId: this.clientOrderId,
      venueOrderId: this.#venueOrderId,
      accountId: this.#accountId,
      positionId: this.#positionId,
      side: this.side,
      orderType: this.orderType,
      timeInForce: this.timeInForce,
      status: this.#status,
      previousStatus: this.#previousStatus,
      quantity: this.#quantity,
      price: this.#price,
      triggerPrice: this.#triggerPrice,
      triggerType: this.init.triggerType,
      limitOffset: this.init.limitOffset,
      trailingOffset: this.init.trailingOffset,
      trailingOffsetType: this.init.trailingOffsetType,
      expireTimeNs: this.init.expireTimeNs,
      postOnly: this.init.postOnly,
      reduceOnly: this.init.reduceOnly,
      quoteQuantity: this.init.quoteQuantity,
      displayQty: this.init.displayQty,
      emulationTrigger: this.init.emulationTrigger,
      contingencyType: this.init.contingencyType,
      orderListId: this.init.orderListId,
      linkedOrderIds: this.init.linkedOrderIds,
      parentOrderId: this.init.parentOrderId,
      execAlgorithmId: this.init.execAlgorithmId,
      tags: this.init.tags,
      filledQty: this.filledQty,
      leavesQty: this.leavesQty,
      avgPx: this.avgPx,
      slippage: this.slippage,
      commissions: this.commissions(),
      tradeIds: [...this.#tradeIdList],
      lastTradeId: this.#lastTradeId,
      liquiditySide: this.#liquiditySide,
      isTriggered: this.#isTriggered,
      tsTriggered: this.#tsTriggered,
      tsAccepted: this.#tsAccepted,
      tsLast: this.#tsLast,
      tsInit: this.init.tsInit,
      eventCount: this.#events.length,
    };
  }

  toString(): string {
    return `Order(${this.clientOrderId} ${this.side} ${this.#quantity} ${this.instrumentId} ${this.orderType} ${this.#status})`;
  }
}
