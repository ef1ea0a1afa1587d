/**
 * `SimulatedMatchingEngine`: the simulated venue of one instrument, matching in the native core
 * (`kairos_core::matching`, whose module doc is the rule book). This module is its boundary: it
 * holds the native handle, turns `Price`/`Quantity` into raws on the way in and events into
 * typed, readonly objects on the way out. Every call is synchronous and returns the events it
 * caused, in order; expected outcomes (a reject, a cancel of an unknown id) are events, and only
 * caller mistakes throw a `KairosError` with a stable `code`.
 *
 * # Market data batches
 * The `*Batch` methods take one `BigInt64Array` of integer units (value * 10^precision at the
 * engine's price or size precision; `priceUnits`/`sizeUnits` convert), fixed stride per record:
 *
 * | method               | record (stride)                                                   |
 * |----------------------|-------------------------------------------------------------------|
 * | `processQuoteBatch`  | `ts, bid, ask, bidSize, askSize` (5)                                |
 * | `processBarBatch`    | `ts, open, high, low, close, volume` (6)                            |
 * | `processTradeBatch`  | `ts, price, size, aggressor` (4; 0 none, 1 buyer, 2 seller)         |
 * | `processDeltaBatch`  | `action, side, price, size` (4; 0 add, 1 update, 2 delete, 3 clear; 0 buy, 1 sell) |
 *
 * A batch is checked whole before any record is applied. Units must fit 64 bits (prices to
 * 9.2e18 units, e.g. 9.2e10 at 8 decimals); the object methods refuse values that do not.
 */

import type { Decimal } from 'decimal.js';
import type { Bar, OrderBookDelta, QuoteTick, TradeTick } from '../model/data/index.js';
import type {
  AggressorSide,
  BookAction,
  LiquiditySide,
  OrderSide,
  OrderType,
  PositionSide,
  TimeInForce,
  TriggerType,
} from '../model/enums.js';
import { fromNativeError, KairosError } from '../model/errors.js';
import type { Order } from '../model/orders/index.js';
import { FIXED_SCALE, Price, Quantity } from '../model/values/index.js';
import { native } from '../native.js';

/** How the simulated venue matches one instrument. */
export interface SimulatedMatchingConfig {
  /** Smallest price step; its precision is the precision of every price the engine emits. */
  readonly priceIncrement: Price;
  /** Smallest size step; its precision is the precision of every quantity the engine emits. */
  readonly sizeIncrement: Quantity;
  readonly bookType: 'L1_MBP' | 'L2_MBP';
  /** Refuse a stop or touched order whose trigger is already met (default: trigger it). */
  readonly rejectStopOrders?: boolean;
  /** Accept GTD orders (default true). */
  readonly supportGtdOrders?: boolean;
  /** Honour reduce-only against the engine's net position (default true). */
  readonly useReduceOnly?: boolean;
  /** Fill resting limits from trades at or through their price (default true). */
  readonly tradeExecution?: boolean;
  /** Venue order ids are `<orderIdPrefix>-<n>` (default `O`). */
  readonly orderIdPrefix?: string;
  /** Trade ids are `<tradeIdPrefix>-<n>` (default `T`). */
  readonly tradeIdPrefix?: string;
}

/** An order sent to the simulated venue. */
export interface SimulatedOrder {
  readonly clientOrderId: string;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly quantity: Quantity;
  /** Limit price of LIMIT, STOP_LIMIT and LIMIT_IF_TOUCHED. */
  readonly price?: Price;
  /** Trigger of the stop and touched types; the activation price of trailing stops. */
  readonly triggerPrice?: Price;
  /** Default `DEFAULT` (bid/ask and last trade). */
  readonly triggerType?: TriggerType;
  /** Default `GTC`. */
  readonly timeInForce?: TimeInForce;
  /** UNIX ns, for GTD. */
  readonly expireTime?: bigint;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  /** Trailing stops: the distance from the best price seen (or `trailingOffsetBps`). */
  readonly trailingOffset?: Price;
  /** Trailing stops: the distance in basis points of the reference (100 = 1%). */
  readonly trailingOffsetBps?: number;
  /** `TRAILING_STOP_LIMIT`: the limit's distance from the trigger. */
  readonly limitOffset?: Price;
}

/** New values for a working order. */
export interface SimulatedModify {
  readonly price?: Price;
  readonly triggerPrice?: Price;
  readonly quantity?: Quantity;
}

/** The fields of a `QuoteTick` the engine reads (a model `QuoteTick` is one). */
export type SimulatedQuote = Pick<QuoteTick, 'bidPrice' | 'askPrice' | 'bidSize' | 'askSize' | 'tsEvent'>;

/** The fields of a `Bar` the engine reads (a model `Bar` is one); `tsEvent` is the close time. */
export type SimulatedBar = Pick<Bar, 'open' | 'high' | 'low' | 'close' | 'volume' | 'tsEvent'>;

/** The fields of a `TradeTick` the engine reads (a model `TradeTick` is one). */
export type SimulatedTrade = Pick<TradeTick, 'price' | 'size' | 'aggressorSide' | 'tsEvent'>;

/** The fields of an `OrderBookDelta` the engine reads (a model delta is one). */
export type SimulatedDelta = Pick<OrderBookDelta, 'action' | 'order'>;

export interface SimulatedLevel {
  readonly price: Price;
  readonly size: Quantity;
}

interface EventBase {
  readonly clientOrderId: string;
  /** UNIX ns of the call that caused the event. */
  readonly ts: bigint;
}

export interface MatchAccepted extends EventBase {
  readonly type: 'ACCEPTED';
  readonly venueOrderId: string;
}
export interface MatchCanceled extends EventBase {
  readonly type: 'CANCELED';
  readonly venueOrderId: string;
}
export interface MatchExpired extends EventBase {
  readonly type: 'EXPIRED';
  readonly venueOrderId: string;
}
export interface MatchTriggered extends EventBase {
  readonly type: 'TRIGGERED';
  readonly venueOrderId: string;
}
export interface MatchRejected extends EventBase {
  readonly type: 'REJECTED';
  /** Stable code, e.g. `POST_ONLY_WOULD_CROSS`. */
  readonly reasonCode: string;
  readonly reason: string;
}
export interface MatchModifyRejected extends EventBase {
  readonly type: 'MODIFY_REJECTED';
  readonly reasonCode: string;
  readonly reason: string;
}
export interface MatchCancelRejected extends EventBase {
  readonly type: 'CANCEL_REJECTED';
  readonly reasonCode: string;
  readonly reason: string;
}
export interface MatchUpdated extends EventBase {
  readonly type: 'UPDATED';
  readonly venueOrderId: string;
  readonly quantity: Quantity;
  readonly price: Price | undefined;
  readonly triggerPrice: Price | undefined;
}
export interface MatchFilled extends EventBase {
  readonly type: 'FILLED';
  readonly venueOrderId: string;
  readonly tradeId: string;
  readonly side: OrderSide;
  readonly lastPx: Price;
  readonly lastQty: Quantity;
  /** Open quantity after this fill; zero when the order is filled. */
  readonly leavesQty: Quantity;
  readonly liquiditySide: LiquiditySide;
}

/** What the simulated venue reports, discriminated on `type`. */
export type MatchEvent =
  | MatchAccepted
  | MatchRejected
  | MatchCanceled
  | MatchExpired
  | MatchTriggered
  | MatchUpdated
  | MatchModifyRejected
  | MatchCancelRejected
  | MatchFilled;

type NativeEngine = InstanceType<typeof native.MatchingEngine>;
type NativeEvent = ReturnType<NativeEngine['submit']>[number];
type NativeOptions = ConstructorParameters<typeof native.MatchingEngine>[0];
type NativeOrder = Parameters<NativeEngine['submit']>[0];
type NativeModify = Parameters<NativeEngine['modify']>[1];
/** A native input with its optional fields set to `undefined` (the binding reads that as absent). */
type Loose<T> = { [K in keyof T]-?: T[K] | undefined };

const AGGRESSOR_CODE: Readonly<Record<AggressorSide, bigint>> = { NO_AGGRESSOR: 0n, BUYER: 1n, SELLER: 2n };
const ACTION_CODE: Readonly<Record<BookAction, bigint>> = { ADD: 0n, UPDATE: 1n, DELETE: 2n, CLEAR: 3n };
const SIDE_CODE: Readonly<Record<OrderSide, bigint>> = { BUY: 0n, SELL: 1n };

function call<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw fromNativeError(err);
  }
}

function need<T>(value: T | null | undefined, field: string, type: string): T {
  if (value === undefined || value === null) {
    throw new KairosError('NATIVE_ERROR', `native ${type} event without ${field}`);
  }
  return value;
}

/** One instrument's simulated venue. */
export class SimulatedMatchingEngine {
  readonly #native: NativeEngine;
  readonly #pricePrecision: number;
  readonly #sizePrecision: number;
  readonly #priceUnit: bigint;
  readonly #sizeUnit: bigint;

  constructor(config: SimulatedMatchingConfig) {
    this.#pricePrecision = config.priceIncrement.precision;
    this.#sizePrecision = config.sizeIncrement.precision;
    this.#priceUnit = 10n ** BigInt(FIXED_SCALE - this.#pricePrecision);
    this.#sizeUnit = 10n ** BigInt(FIXED_SCALE - this.#sizePrecision);
    this.#native = call(
      () =>
        new native.MatchingEngine({
          priceIncrement: config.priceIncrement.toString(),
          sizeIncrement: config.sizeIncrement.toString(),
          bookType: config.bookType,
          rejectStopOrders: config.rejectStopOrders,
          supportGtdOrders: config.supportGtdOrders,
          useReduceOnly: config.useReduceOnly,
          tradeExecution: config.tradeExecution,
          orderIdPrefix: config.orderIdPrefix,
          tradeIdPrefix: config.tradeIdPrefix,
        } satisfies Loose<NativeOptions> as NativeOptions),
    );
  }

  /** Submits an order at `ts` (UNIX ns). */
  submit(order: SimulatedOrder, ts: bigint): MatchEvent[] {
    return this.#events(
      call(() =>
        this.#native.submit(
          {
            clientOrderId: order.clientOrderId,
            side: order.side,
            orderType: order.orderType,
            quantity: order.quantity.raw,
            price: order.price?.raw,
            triggerPrice: order.triggerPrice?.raw,
            triggerType: order.triggerType,
            timeInForce: order.timeInForce,
            expireTime: order.expireTime,
            postOnly: order.postOnly,
            reduceOnly: order.reduceOnly,
            trailingOffset: order.trailingOffset?.raw,
            trailingOffsetBps: order.trailingOffsetBps,
            limitOffset: order.limitOffset?.raw,
          } satisfies Loose<NativeOrder> as NativeOrder,
          ts,
        ),
      ),
    );
  }

  /** Changes a working order's price, trigger or quantity at `ts`. */
  modify(clientOrderId: string, change: SimulatedModify, ts: bigint): MatchEvent[] {
    return this.#events(
      call(() =>
        this.#native.modify(
          clientOrderId,
          {
            price: change.price?.raw,
            triggerPrice: change.triggerPrice?.raw,
            quantity: change.quantity?.raw,
          } satisfies Loose<NativeModify> as NativeModify,
          ts,
        ),
      ),
    );
  }

  /** Cancels a working order at `ts`. */
  cancel(clientOrderId: string, ts: bigint): MatchEvent[] {
    return this.#events(call(() => this.#native.cancel(clientOrderId, ts)));
  }

  /** Cancels every working order (of `side` if given) at `ts`, in submission order. */
  cancelAll(ts: bigint, side?: OrderSide): MatchEvent[] {
    return this.#events(call(() => this.#native.cancelAll(ts, side)));
  }

  /** Moves time to `ts`: GTD orders due at or before it expire. */
  advanceTime(ts: bigint): MatchEvent[] {
    return this.#events(call(() => this.#native.advanceTime(ts)));
  }

  /** Seeds the net position the reduce-only rule checks (fills move it after). */
  setPosition(side: PositionSide, quantity: Quantity): void {
    call(() => this.#native.setPosition(side, quantity.raw));
  }

  /** One L1 quote. */
  processQuote(quote: SimulatedQuote): MatchEvent[] {
    return this.processQuotes([quote]);
  }

  /** L1 quotes, in order. */
  processQuotes(quotes: readonly SimulatedQuote[]): MatchEvent[] {
    const data = new BigInt64Array(quotes.length * 5);
    let i = 0;
    for (const q of quotes) {
      data[i++] = timestamp(q.tsEvent);
      data[i++] = this.priceUnits(q.bidPrice);
      data[i++] = this.priceUnits(q.askPrice);
      data[i++] = this.sizeUnits(q.bidSize);
      data[i++] = this.sizeUnits(q.askSize);
    }
    return this.processQuoteBatch(data);
  }

  /** L1 quotes packed as units, stride 5 (see the module doc). */
  processQuoteBatch(data: BigInt64Array): MatchEvent[] {
    return this.#events(call(() => this.#native.processQuotes(data)));
  }

  /**
   * L1 bars, in order: each is replayed as open, the nearer extreme, the other, close; at each
   * price the top of book is that price with a quarter of the volume (at least one size step).
   */
  processBars(bars: readonly SimulatedBar[]): MatchEvent[] {
    const data = new BigInt64Array(bars.length * 6);
    let i = 0;
    for (const b of bars) {
      data[i++] = timestamp(b.tsEvent);
      data[i++] = this.priceUnits(b.open);
      data[i++] = this.priceUnits(b.high);
      data[i++] = this.priceUnits(b.low);
      data[i++] = this.priceUnits(b.close);
      data[i++] = this.sizeUnits(b.volume);
    }
    return this.processBarBatch(data);
  }

  /** Bars packed as units, stride 6 (see the module doc). */
  processBarBatch(data: BigInt64Array): MatchEvent[] {
    return this.#events(call(() => this.#native.processBars(data)));
  }

  /** One trade print. */
  processTrade(trade: SimulatedTrade): MatchEvent[] {
    return this.processTrades([trade]);
  }

  /** Trade prints, in order. */
  processTrades(trades: readonly SimulatedTrade[]): MatchEvent[] {
    const data = new BigInt64Array(trades.length * 4);
    let i = 0;
    for (const t of trades) {
      data[i++] = timestamp(t.tsEvent);
      data[i++] = this.priceUnits(t.price);
      data[i++] = this.sizeUnits(t.size);
      data[i++] = AGGRESSOR_CODE[t.aggressorSide];
    }
    return this.processTradeBatch(data);
  }

  /** Trades packed as units, stride 4 (see the module doc). */
  processTradeBatch(data: BigInt64Array): MatchEvent[] {
    return this.#events(call(() => this.#native.processTrades(data)));
  }

  /** L2 deltas (e.g. the `deltas` of a model `OrderBookDeltas`) applied as one batch at `ts`. */
  processDeltas(deltas: readonly SimulatedDelta[], ts: bigint): MatchEvent[] {
    const data = new BigInt64Array(deltas.length * 4);
    let i = 0;
    for (const d of deltas) {
      const o = d.order;
      data[i++] = ACTION_CODE[d.action];
      if (o === null) {
        if (d.action !== 'CLEAR') throw new KairosError('INVALID_DATA', `a ${d.action} delta needs an order`);
        data[i++] = 0n;
        data[i++] = 0n;
        data[i++] = 0n;
      } else {
        data[i++] = SIDE_CODE[o.side];
        data[i++] = this.priceUnits(o.price);
        data[i++] = this.sizeUnits(o.size);
      }
    }
    return this.processDeltaBatch(data, ts);
  }

  /** L2 deltas packed as units, stride 4 (see the module doc). */
  processDeltaBatch(data: BigInt64Array, ts: bigint): MatchEvent[] {
    return this.#events(call(() => this.#native.processDeltas(data, ts)));
  }

  /** An L2 snapshot replacing both sides. */
  processSnapshot(
    bids: readonly SimulatedLevel[],
    asks: readonly SimulatedLevel[],
    ts: bigint,
  ): MatchEvent[] {
    const pack = (levels: readonly SimulatedLevel[]): BigInt64Array => {
      const data = new BigInt64Array(levels.length * 2);
      let i = 0;
      for (const l of levels) {
        data[i++] = this.priceUnits(l.price);
        data[i++] = this.sizeUnits(l.size);
      }
      return data;
    };
    const b = pack(bids);
    const a = pack(asks);
    return this.#events(call(() => this.#native.processSnapshot(b, a, ts)));
  }

  /** Best bid after the engine's own fills consumed displayed liquidity. */
  bestBid(): SimulatedLevel | undefined {
    return this.#level(this.#native.bestBid());
  }

  /** Best ask after the engine's own fills consumed displayed liquidity. */
  bestAsk(): SimulatedLevel | undefined {
    return this.#level(this.#native.bestAsk());
  }

  /** Client ids of the working orders, in submission order. */
  openClientOrderIds(): string[] {
    return this.#native.openClientOrderIds();
  }

  /** The net position the reduce-only rule checks. */
  position(): { readonly side: PositionSide; readonly quantity: Quantity } {
    const p = this.#native.position();
    return { side: p.side as PositionSide, quantity: Quantity.fromRaw(p.quantity, this.#sizePrecision) };
  }

  /** A price as integer units at the engine's precision; refuses more decimals. */
  priceUnits(price: Price): bigint {
    return units('Price', price.raw, this.#priceUnit, this.#pricePrecision, price.toString());
  }

  /** A size as integer units at the engine's precision; refuses more decimals. */
  sizeUnits(size: Quantity): bigint {
    return units('Quantity', size.raw, this.#sizeUnit, this.#sizePrecision, size.toString());
  }

  #level(l: { price: bigint; size: bigint } | null): SimulatedLevel | undefined {
    if (l === null) return undefined;
    return {
      price: Price.fromRaw(l.price, this.#pricePrecision),
      size: Quantity.fromRaw(l.size, this.#sizePrecision),
    };
  }

  #events(raw: NativeEvent[]): MatchEvent[] {
    const out: MatchEvent[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = this.#event(raw[i] as NativeEvent);
    return out;
  }

  #event(e: NativeEvent): MatchEvent {
    const clientOrderId = e.clientOrderId;
    const ts = e.ts;
    switch (e.type) {
      case 'ACCEPTED':
      case 'CANCELED':
      case 'EXPIRED':
      case 'TRIGGERED':
        return Object.freeze({
          type: e.type,
          clientOrderId,
          ts,
          venueOrderId: need(e.venueOrderId, 'venueOrderId', e.type),
        });
      case 'REJECTED':
      case 'MODIFY_REJECTED':
      case 'CANCEL_REJECTED':
        return Object.freeze({
          type: e.type,
          clientOrderId,
          ts,
          reasonCode: need(e.reasonCode, 'reasonCode', e.type),
          reason: need(e.reason, 'reason', e.type),
        });
      case 'UPDATED':
        return Object.freeze({
          type: e.type,
          clientOrderId,
          ts,
          venueOrderId: need(e.venueOrderId, 'venueOrderId', e.type),
          quantity: Quantity.fromRaw(need(e.quantity, 'quantity', e.type), this.#sizePrecision),
          price: e.price == null ? undefined : Price.fromRaw(e.price, this.#pricePrecision),
          triggerPrice:
            e.triggerPrice == null ? undefined : Price.fromRaw(e.triggerPrice, this.#pricePrecision),
        });
      case 'FILLED':
        return Object.freeze({
          type: e.type,
          clientOrderId,
          ts,
          venueOrderId: need(e.venueOrderId, 'venueOrderId', e.type),
          tradeId: need(e.tradeId, 'tradeId', e.type),
          side: need(e.side, 'side', e.type) as OrderSide,
          lastPx: Price.fromRaw(need(e.lastPx, 'lastPx', e.type), this.#pricePrecision),
          lastQty: Quantity.fromRaw(need(e.lastQty, 'lastQty', e.type), this.#sizePrecision),
          leavesQty: Quantity.fromRaw(need(e.leavesQty, 'leavesQty', e.type), this.#sizePrecision),
          liquiditySide: need(e.liquiditySide, 'liquiditySide', e.type) as LiquiditySide,
        });
      default:
        throw new KairosError('NATIVE_ERROR', `unknown native matching event type '${e.type}'`);
    }
  }
}

const I64_MAX = (1n << 63n) - 1n;

/** Units for a batch slot: whole at the engine's precision and within 64 bits (a typed array
 * would silently wrap anything larger). */
function units(kind: string, raw: bigint, unit: bigint, precision: number, text: string): bigint {
  if (raw % unit !== 0n) {
    throw new KairosError(
      'TOO_MANY_DECIMALS',
      `${kind} '${text}' has more decimals than the engine's precision ${precision}`,
    );
  }
  const u = raw / unit;
  if (u > I64_MAX || u < -I64_MAX) {
    throw new KairosError('OUT_OF_RANGE', `${kind} '${text}' does not fit a 64-bit batch slot`);
  }
  return u;
}

function timestamp(ts: bigint): bigint {
  if (ts < 0n || ts > I64_MAX) {
    throw new KairosError('OUT_OF_RANGE', `timestamp ${ts} is not a non-negative 64-bit value`);
  }
  return ts;
}

/**
 * The simulated-venue form of a model `Order`. Trailing offsets: `PRICE` as a price, `TICKS` as
 * that many `priceIncrement`s, `BASIS_POINTS` as whole basis points; other offset types cross
 * without an offset, and the venue rejects the order (`MISSING_FIELD`).
 */
export function simulatedOrderOf(order: Order, priceIncrement: Price): SimulatedOrder {
  const o: {
    -readonly [K in keyof SimulatedOrder]: SimulatedOrder[K];
  } = {
    clientOrderId: order.clientOrderId.value,
    side: order.side,
    orderType: order.orderType,
    quantity: order.quantity,
    triggerType: order.triggerType,
    timeInForce: order.timeInForce,
    postOnly: order.postOnly,
    reduceOnly: order.reduceOnly,
  };
  if (order.price !== null) o.price = order.price;
  if (order.triggerPrice !== null) o.triggerPrice = order.triggerPrice;
  if (order.expireTimeNs !== null) o.expireTime = order.expireTimeNs;
  if (order.limitOffset !== null) o.limitOffset = Price.from(order.limitOffset, priceIncrement.precision);
  const offset = order.trailingOffset;
  if (offset !== null) {
    switch (order.trailingOffsetType) {
      case 'PRICE':
        o.trailingOffset = Price.from(offset, priceIncrement.precision);
        break;
      case 'TICKS':
        o.trailingOffset = Price.fromRaw(
          priceIncrement.raw * BigInt(whole(offset, 'TICKS')),
          priceIncrement.precision,
        );
        break;
      case 'BASIS_POINTS':
        o.trailingOffsetBps = Number(whole(offset, 'BASIS_POINTS'));
        break;
      default:
        break;
    }
  }
  return o;
}

function whole(d: Decimal, type: string): string {
  if (!d.isInteger() || d.isNegative()) {
    throw new KairosError(
      'INVALID_VALUE',
      `a ${type} trailing offset must be a whole number, was ${d.toString()}`,
    );
  }
  return d.toFixed(0);
}
