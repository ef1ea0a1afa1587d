/**
 * What the DataEngine needs of an order book. The model's `OrderBook` (native, `ts/model/book`)
 * satisfies it; the engine builds books through a {@link BookFactory} so it does not depend on
 * one implementation (tests may use a small TS book).
 */
import type { OrderBookDelta, OrderBookDeltas } from '../model/data/index.js';
import type { BookType } from '../model/enums.js';
import type { Instrument } from '../model/instruments/index.js';
import type { Price } from '../model/values/index.js';

/** An order book the engine maintains from deltas. A refused delta throws and changes nothing. */
export interface BookLike {
  applyDelta(delta: OrderBookDelta): void;
  applyDeltas(deltas: OrderBookDeltas): void;
  bestBidPrice(): Price | null;
  bestAskPrice(): Price | null;
}

/** Builds the empty book of an instrument (at the instrument's precisions). */
export type BookFactory = (instrument: Instrument, bookType: BookType) => BookLike;
