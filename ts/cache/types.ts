/**
 * The shapes the cache stores and answers with: query filters, the market data it keeps (by
 * structure, so the data engine's own classes fit), its counts and options.
 */
import type { OrderSide, PositionSide } from '../model/enums.js';
import type { InstrumentId, OrderListId, StrategyId, Venue } from '../model/identifiers/index.js';
import type { Order } from '../model/orders/index.js';
import type { Price } from '../model/values/index.js';
import type { CacheDatabase } from './database.js';

/** Narrows an order query; every field given must match (AND). */
export interface OrderFilter {
  readonly venue?: Venue | undefined;
  readonly instrumentId?: InstrumentId | undefined;
  readonly strategyId?: StrategyId | undefined;
  readonly side?: OrderSide | undefined;
}

/** Narrows a position query; every field given must match (AND). `side` is the side now. */
export interface PositionFilter {
  readonly venue?: Venue | undefined;
  readonly instrumentId?: InstrumentId | undefined;
  readonly strategyId?: StrategyId | undefined;
  readonly side?: PositionSide | undefined;
}

/** What the cache needs of a quote tick. */
export interface QuoteLike {
  readonly instrumentId: InstrumentId;
  readonly bidPrice: Price;
  readonly askPrice: Price;
  readonly tsEvent: bigint;
}

/** What the cache needs of a trade tick. */
export interface TradeLike {
  readonly instrumentId: InstrumentId;
  readonly price: Price;
  readonly tsEvent: bigint;
}

/** What the cache needs of a bar type: its string form is the key (`BTCUSDT.BINANCE-1-MINUTE-LAST-EXTERNAL`). */
export interface BarTypeLike {
  toString(): string;
}

/** What the cache needs of a bar. */
export interface BarLike {
  readonly barType: BarTypeLike;
  readonly close: Price;
  readonly tsEvent: bigint;
}

/** What the cache needs of an order list (contingent orders submitted together). */
export interface OrderListLike {
  readonly id: OrderListId;
  readonly orders: readonly Order[];
}

/**
 * The types a {@link Cache} holds for data it does not interpret: the data engine instantiates
 * `Cache<{ quote: QuoteTick; trade: TradeTick; bar: Bar; book: OrderBook; ownBook: OwnOrderBook;
 * orderList: OrderList }>` and gets its own classes back from every read.
 */
export interface CacheTypes {
  readonly quote: QuoteLike;
  readonly trade: TradeLike;
  readonly bar: BarLike;
  readonly book: unknown;
  readonly ownBook: unknown;
  readonly orderList: OrderListLike;
}

/** Which price `Cache.price` reads. */
export const PriceType = Object.freeze({
  /** Best bid of the last quote. */
  BID: 'BID',
  /** Best ask of the last quote. */
  ASK: 'ASK',
  /** Mid of the last quote, one decimal finer than the quote. */
  MID: 'MID',
  /** Price of the last trade. */
  LAST: 'LAST',
  /** Last mark price given to `addMarkPrice`. */
  MARK: 'MARK',
} as const);
export type PriceType = keyof typeof PriceType;

/**
 * What the cache holds now, for memory bounds (a soak test asserts these stay under a bound with
 * purges on). Every figure is kept incrementally: `counts()` is O(1).
 */
export interface CacheCounts {
  readonly currencies: number;
  readonly instruments: number;
  readonly accounts: number;
  /** Account states in the cache's history of every account (see `Cache.accountEvents`). */
  readonly accountEvents: number;
  readonly orders: number;
  readonly ordersOpen: number;
  readonly ordersClosed: number;
  readonly ordersInflight: number;
  readonly ordersEmulated: number;
  /** Events held by the orders (every order keeps its own). */
  readonly orderEvents: number;
  /** Entries of the venue order id index. */
  readonly venueOrderIds: number;
  readonly orderLists: number;
  readonly positions: number;
  readonly positionsOpen: number;
  readonly positionsClosed: number;
  /** Earlier closed cycles of reopened position ids (NETTING). */
  readonly positionSnapshots: number;
  /** Fills held by the positions (current ones). */
  readonly positionFills: number;
  readonly quotes: number;
  readonly trades: number;
  readonly bars: number;
  readonly orderBooks: number;
  readonly ownOrderBooks: number;
}

/** Options of a {@link Cache}. The names are those of `CacheConfig`. */
export interface CacheOptions {
  /** Quotes and trades kept per instrument (default 10,000). */
  readonly tickCapacity?: number;
  /** Bars kept per bar type (default 10,000). */
  readonly barCapacity?: number;
  /** Write-through target; `null`/absent keeps the cache in memory only. */
  readonly database?: CacheDatabase | null;
}
