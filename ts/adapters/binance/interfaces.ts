/**
 * The small client contracts the Binance adapter implements. They are named for what a live
 * node needs from any venue, so they can move to `ts/live` unchanged: an execution client
 * answers commands with typed outcomes and produces the three report kinds of the
 * reconciliation procedure; a data client subscribes market data.
 *
 * # Fail closed
 * A report query that fails THROWS (a `KairosError` with a stable code): an empty list always
 * means the venue answered "none". A command whose fate is not known (timeout, -1007, 5xx on a
 * write) resolves to `{ type: 'unknown' }`, never to `rejected`: the order may exist.
 */
import type { Decimal } from 'decimal.js';
import type { Bar } from '../../model/data/bar.js';
import type { OrderBookDeltas, QuoteTick, TradeTick } from '../../model/data/index.js';
import type { OrderSide, OrderType, TimeInForce, TriggerType } from '../../model/enums.js';
import type {
  AccountId,
  ClientId,
  ClientOrderId,
  InstrumentId,
  Venue,
  VenueOrderId,
} from '../../model/identifiers/index.js';
import type { Instrument } from '../../model/instruments/index.js';
import type {
  ExecutionMassStatus,
  FillReport,
  OrderStatusReport,
  PositionStatusReport,
} from '../../model/reports/index.js';
import type { Price, Quantity } from '../../model/values/index.js';

/** Filters of the report generators. */
export interface ReportQuery {
  /** Only this instrument. */
  readonly instrumentId?: InstrumentId | null;
  /** Only what changed at or after this time (UNIX ns): the reconciliation lookback. */
  readonly startNs?: bigint | null;
  /** Only what changed at or before this time (UNIX ns). */
  readonly endNs?: bigint | null;
  /** Order reports: only open orders. */
  readonly openOnly?: boolean;
  /** Fill reports: only the fills of this order. */
  readonly venueOrderId?: VenueOrderId | null;
}

/** A new order as the venue needs it. */
export interface SubmitOrderRequest {
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly quantity: Quantity;
  readonly timeInForce: TimeInForce;
  readonly price?: Price | null;
  readonly triggerPrice?: Price | null;
  readonly triggerType?: TriggerType;
  /** Trailing stops: the callback in basis points (Binance takes a percentage). */
  readonly trailingOffsetBps?: Decimal | null;
  readonly expireTimeNs?: bigint | null;
  readonly displayQty?: Quantity | null;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  /** Hedge mode (futures): the position leg. */
  readonly positionSide?: 'LONG' | 'SHORT' | null;
}

export interface ModifyOrderRequest {
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId?: VenueOrderId | null;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly price?: Price | null;
}

export interface CancelOrderRequest {
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId?: VenueOrderId | null;
  /** Lets a futures client route a conditional order to the algo service without a venue id. */
  readonly orderType?: OrderType;
}

export interface QueryOrderRequest {
  readonly instrumentId: InstrumentId;
  readonly clientOrderId?: ClientOrderId | null;
  readonly venueOrderId?: VenueOrderId | null;
  readonly orderType?: OrderType;
}

/** The venue took the command; `report` is its view of the order afterwards. */
export interface CommandAccepted {
  readonly type: 'accepted';
  readonly report: OrderStatusReport;
  /** Fills the answer already carried (spot FULL answers). */
  readonly fills: readonly FillReport[];
}

/** The command was refused (by the venue, or locally before sending): the order is unchanged. */
export interface CommandRejected {
  readonly type: 'rejected';
  /** Stable code (`BINANCE_2010`, `RATE_LIMITED`, `BINANCE_UNSUPPORTED`, ...). */
  readonly code: string;
  readonly reason: string;
  /** The venue's own error number, when it answered one. */
  readonly venueCode: number | null;
}

/** The command's fate is unknown: query the order (in-flight check) before acting. */
export interface CommandUnknown {
  readonly type: 'unknown';
  readonly code: string;
  readonly reason: string;
}

export type CommandResult = CommandAccepted | CommandRejected | CommandUnknown;

/** Many orders canceled at once. */
export interface CancelAllResult {
  readonly type: 'accepted';
  readonly reports: readonly OrderStatusReport[];
}

/** What a live execution client offers (see the module doc). */
export interface ExecutionClientLike {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  submitOrder(request: SubmitOrderRequest): Promise<CommandResult>;
  modifyOrder(request: ModifyOrderRequest): Promise<CommandResult>;
  cancelOrder(request: CancelOrderRequest): Promise<CommandResult>;
  cancelAllOrders(instrumentId: InstrumentId): Promise<CancelAllResult | CommandRejected | CommandUnknown>;
  /** The venue's report of one order; `null` only when the venue says it does not exist. */
  queryOrder(request: QueryOrderRequest): Promise<OrderStatusReport | null>;
  generateOrderStatusReports(query?: ReportQuery): Promise<OrderStatusReport[]>;
  generateFillReports(query?: ReportQuery): Promise<FillReport[]>;
  generatePositionStatusReports(query?: ReportQuery): Promise<PositionStatusReport[]>;
  /** All three, for start-up reconciliation; throws when any query fails. */
  generateMassStatus(lookbackMins?: number | null): Promise<ExecutionMassStatus>;
}

/** Market data delivered by a data client. */
export type MarketDataItem = QuoteTick | TradeTick | OrderBookDeltas | Bar;

/** What a live market-data client offers. */
export interface DataClientLike {
  readonly clientId: ClientId;
  readonly venue: Venue;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  loadInstruments(): Promise<readonly Instrument[]>;
  subscribeQuotes(instrumentId: InstrumentId): Promise<void>;
  subscribeTrades(instrumentId: InstrumentId): Promise<void>;
  subscribeBook(instrumentId: InstrumentId): Promise<void>;
  unsubscribeQuotes(instrumentId: InstrumentId): Promise<void>;
  unsubscribeTrades(instrumentId: InstrumentId): Promise<void>;
  unsubscribeBook(instrumentId: InstrumentId): Promise<void>;
}
