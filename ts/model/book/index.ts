/** Order books: the public book, its packed delta batch, and the own order book. */
export { DeltaBatch } from './delta-batch.js';
export { BookError } from './error.js';
export { OrderBook } from './order-book.js';
export { OwnOrderBook } from './own-order-book.js';
export { PACKED_WORDS } from './packed.js';
export {
  type BookDeltaInput,
  type BookFill,
  type BookLevel,
  type DepthLevelInput,
  type DepthSnapshot,
  F_LAST,
  F_SNAPSHOT,
  F_TOB,
  type LevelExcess,
  type LevelOrder,
  type OrderBookOptions,
  type OwnBookOrder,
  type SimulatedOrder,
} from './types.js';
