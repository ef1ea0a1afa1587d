/**
 * Plain data of the book API: the delta a caller gives, and the levels, fills and snapshots the
 * book takes or returns.
 */
import { RecordFlag } from '../data/index.js';
import type { BookAction, OrderSide, OrderStatus } from '../enums.js';
import type { Price, Quantity } from '../values/index.js';

/** Last delta of a venue message: the book is consistent after it (`RecordFlag.F_LAST`). */
export const F_LAST: number = RecordFlag.F_LAST;
/** Top-of-book message (`RecordFlag.F_TOB`). */
export const F_TOB: number = RecordFlag.F_TOB;
/** Part of a snapshot, a CLEAR followed by ADDs (`RecordFlag.F_SNAPSHOT`). */
export const F_SNAPSHOT: number = RecordFlag.F_SNAPSHOT;

/** One change to a book. `orderId` matters to `L3_MBO` books only; `sequence` 0 means "not given". */
export interface BookDeltaInput {
  readonly action: BookAction;
  readonly side: OrderSide;
  readonly price: Price;
  readonly size: Quantity;
  readonly orderId?: bigint | number;
  readonly flags?: number;
  readonly sequence?: bigint | number;
  /** UNIX nanoseconds. */
  readonly tsEvent?: bigint;
  /** UNIX nanoseconds. */
  readonly tsInit?: bigint;
}

/** A level from the best outwards. `orders` is 1 per level for `L1_MBP`/`L2_MBP`. */
export interface BookLevel {
  readonly price: Price;
  readonly size: Quantity;
  readonly orders: number;
}

/** A fill an order would get. */
export interface BookFill {
  readonly price: Price;
  readonly size: Quantity;
}

/** An order to walk the book with: a market order without `price`. */
export interface SimulatedOrder {
  readonly side: OrderSide;
  readonly size: Quantity;
  readonly price?: Price | null;
}

/** One order of an `L3_MBO` level, oldest first. */
export interface LevelOrder {
  readonly orderId: bigint;
  readonly size: Quantity;
}

/** One level of a depth snapshot. */
export interface DepthLevelInput {
  readonly price: Price;
  readonly size: Quantity;
  readonly orders?: number;
}

/** A snapshot of up to 10 levels per side, best first, that replaces the book. */
export interface DepthSnapshot {
  readonly bids: readonly DepthLevelInput[];
  readonly asks: readonly DepthLevelInput[];
  readonly flags?: number;
  readonly sequence?: bigint | number;
  readonly tsEvent?: bigint;
  readonly tsInit?: bigint;
}

/** Book configuration: decimals of the instrument's prices and sizes (default 8 each). */
export interface OrderBookOptions {
  readonly pricePrecision?: number;
  readonly sizePrecision?: number;
}

/** One of our orders as the own book tracks it. */
export interface OwnBookOrder {
  readonly clientOrderId: string | { toString(): string };
  readonly side: OrderSide;
  readonly price: Price;
  /** Remaining (unfilled) size. */
  readonly size: Quantity;
  readonly status: OrderStatus;
  readonly tsLast?: bigint;
}

/** A level where our resting size exceeds the public size. */
export interface LevelExcess {
  readonly side: OrderSide;
  readonly price: Price;
  readonly own: Quantity;
  readonly public: Quantity;
}
