/**
 * What the DataEngine needs of an order book. The model's `OrderBook` (native, `ts/model/book`)
 * satisfies it and is the default ({@link orderBookFactory}); the engine builds books through a
 * {@link BookFactory} so another implementation can plug in (tests use a small TS book).
 */

import { OrderBook } from '../model/book/index.js';
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

/** The native `OrderBook` at the instrument's price and size precisions (the default). */
export const orderBookFactory: BookFactory = (instrument, bookType) =>
  new OrderBook(instrument.id, bookType, {
    pricePrecision: instrument.pricePrecision,
    sizePrecision: instrument.sizePrecision,
  });
