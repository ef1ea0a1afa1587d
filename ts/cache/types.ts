/** The shapes the cache answers with: query filters, its counts and options, generic parts. */
import type { OrderSide, PositionSide } from '../model/enums.js';
import type { InstrumentId, OrderListId, StrategyId, Venue } from '../model/identifiers/index.js';
import type { Order } from '../model/orders/index.js';
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

/** What the cache needs of an order list (contingent orders submitted together). */
export interface OrderListLike {
  readonly id: OrderListId;
  readonly orders: readonly Order[];
}

/**
 * The types a {@link Cache} holds without interpreting them: the data engine instantiates
 * `Cache<{ book: OrderBook; ownBook: OwnOrderBook; orderList: OrderList }>` and gets its own
 * classes back from every read.
 */
export interface CacheTypes {
  readonly book: unknown;
  readonly ownBook: unknown;
  readonly orderList: OrderListLike;
}

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
  /** Whether `reset()` also drops currencies and instruments (default true). */
  readonly dropInstrumentsOnReset?: boolean;
}
