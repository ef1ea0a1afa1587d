/**
 * The client interfaces: what venue adapters, the backtest's simulated venue and test fakes
 * implement so the engines can use them. One small interface per role, nothing else.
 *
 * # How results come back
 * Clients never return events from command methods. They deliver what happens at the venue
 * later, through the bus endpoints (`bus.send('DataEngine.process', data)`,
 * `bus.send('ExecEngine.process', event)`, see `topics.ts`) or the engines' `process` methods.
 * A command method may return a promise; the engine catches a throw or a rejection, logs it and
 * counts it (`ENGINE_CLIENT_FAILED`); the in-flight checks of the live layer then resolve the
 * order.
 *
 * # Queries fail loudly
 * A request or report query that fails (timeout, HTTP error, unparsable answer) must reject. An
 * empty array means "the venue said there is nothing", never "we could not ask": reconciliation
 * treats an unknown state as unknown, not as flat.
 */
import type { Bar, BarType, QuoteTick, TradeTick } from '../model/data/index.js';
import type { AccountType, BookType, OmsType } from '../model/enums.js';
import type {
  AccountId,
  ClientId,
  ClientOrderId,
  InstrumentId,
  Venue,
  VenueOrderId,
} from '../model/identifiers/index.js';
import type { Instrument } from '../model/instruments/index.js';
import type {
  ExecutionMassStatus,
  FillReport,
  OrderStatusReport,
  PositionStatusReport,
} from '../model/reports/index.js';
import type {
  CancelAllOrders,
  CancelOrder,
  ModifyOrder,
  QueryOrder,
  SubmitOrder,
  SubmitOrderList,
} from './commands.js';
import type { HistoryRange } from './data-commands.js';

/** What a command method may return: nothing, or a promise of nothing. */
export type ClientResult = void | Promise<void>;

/** A source of market data for one venue (or several). */
export interface DataClient {
  readonly clientId: ClientId;
  /** The venue it serves; `null` for a multi-venue client (route to it explicitly or as default). */
  readonly venue: Venue | null;
  readonly isConnected: boolean;
  connect(): Promise<void>;
  disconnect(): Promise<void>;

  subscribeQuotes(instrumentId: InstrumentId): ClientResult;
  unsubscribeQuotes(instrumentId: InstrumentId): ClientResult;
  subscribeTrades(instrumentId: InstrumentId): ClientResult;
  unsubscribeTrades(instrumentId: InstrumentId): ClientResult;
  /** EXTERNAL bars only (INTERNAL ones are aggregated by the engine from quotes or trades). */
  subscribeBars(barType: BarType): ClientResult;
  unsubscribeBars(barType: BarType): ClientResult;
  subscribeBookDeltas(instrumentId: InstrumentId, bookType: BookType, depth: number | null): ClientResult;
  unsubscribeBookDeltas(instrumentId: InstrumentId): ClientResult;
  subscribeInstrument(instrumentId: InstrumentId): ClientResult;
  unsubscribeInstrument(instrumentId: InstrumentId): ClientResult;
  subscribeInstruments(venue: Venue): ClientResult;
  unsubscribeInstruments(venue: Venue): ClientResult;

  /** Rejects when the venue cannot be asked; resolves `null` when it has no such instrument. */
  requestInstrument(instrumentId: InstrumentId): Promise<Instrument | null>;
  requestInstruments(venue: Venue): Promise<readonly Instrument[]>;
  requestQuotes(instrumentId: InstrumentId, range: HistoryRange): Promise<readonly QuoteTick[]>;
  requestTrades(instrumentId: InstrumentId, range: HistoryRange): Promise<readonly TradeTick[]>;
  requestBars(barType: BarType, range: HistoryRange): Promise<readonly Bar[]>;
}

/** Which order status reports to generate (`null`: no restriction). */
export interface OrderStatusReportQuery {
  readonly instrumentId: InstrumentId | null;
  readonly clientOrderId: ClientOrderId | null;
  readonly venueOrderId: VenueOrderId | null;
  readonly startNs: bigint | null;
  readonly endNs: bigint | null;
  /** Only orders open at the venue. */
  readonly openOnly: boolean;
}

/** Which fill reports to generate (`null`: no restriction). */
export interface FillReportQuery {
  readonly instrumentId: InstrumentId | null;
  readonly venueOrderId: VenueOrderId | null;
  readonly startNs: bigint | null;
  readonly endNs: bigint | null;
}

/** Which position status reports to generate (`null`: no restriction). */
export interface PositionStatusReportQuery {
  readonly instrumentId: InstrumentId | null;
  readonly startNs: bigint | null;
  readonly endNs: bigint | null;
}

/** Order entry at one venue account. */
export interface ExecutionClient {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  /** How the venue keeps positions (a strategy may override it at the engine). */
  readonly omsType: OmsType;
  readonly isConnected: boolean;
  connect(): Promise<void>;
  disconnect(): Promise<void>;

  /** The order is SUBMITTED when this is called (the engine applied `OrderSubmitted`). */
  submitOrder(command: SubmitOrder): ClientResult;
  submitOrderList(command: SubmitOrderList): ClientResult;
  modifyOrder(command: ModifyOrder): ClientResult;
  cancelOrder(command: CancelOrder): ClientResult;
  cancelAllOrders(command: CancelAllOrders): ClientResult;
  queryOrder(command: QueryOrder): ClientResult;

  /** Rejects when the venue cannot be asked (see the module doc). */
  generateOrderStatusReports(query: OrderStatusReportQuery): Promise<readonly OrderStatusReport[]>;
  /** Rejects when the venue cannot be asked (see the module doc). */
  generateFillReports(query: FillReportQuery): Promise<readonly FillReport[]>;
  /** Rejects when the venue cannot be asked (see the module doc). */
  generatePositionStatusReports(query: PositionStatusReportQuery): Promise<readonly PositionStatusReport[]>;
  /**
   * Every report of the account in one snapshot, looking back `lookbackMins` minutes (`null`:
   * all the venue keeps). Rejects when any part of it cannot be had: a partial mass status would
   * make reconciliation infer fills or closes that never happened.
   */
  generateMassStatus(lookbackMins: number | null): Promise<ExecutionMassStatus>;
}
