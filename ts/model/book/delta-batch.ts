/**
 * `DeltaBatch`: many deltas packed for one crossing into the core. Fill it (`add` takes the
 * fields as arguments, so nothing is allocated per delta), hand it to `OrderBook.applyDeltas`,
 * `clear()` it and fill it again. It grows as needed.
 */
import type { BookAction, OrderSide } from '../enums.js';
import type { Price, Quantity } from '../values/index.js';
import { PACKED_WORDS, writeRecord } from './packed.js';
import type { BookDeltaInput } from './types.js';

export class DeltaBatch {
  #words: BigInt64Array;
  #meta: Int32Array;
  #length = 0;

  /** An empty batch with room for `capacity` deltas before it grows. */
  constructor(capacity = 1024) {
    const n = Math.max(1, Math.floor(capacity));
    this.#words = new BigInt64Array(n * PACKED_WORDS);
    this.#meta = new Int32Array(this.#words.buffer);
  }

  /** Deltas in the batch. */
  get length(): number {
    return this.#length;
  }

  /** Deltas the batch holds before it grows. */
  get capacity(): number {
    return this.#words.length / PACKED_WORDS;
  }

  /** The packed records (layout in `packed.ts` and README); the first `length` are filled. */
  get words(): BigInt64Array {
    return this.#words;
  }

  /** Empties the batch (keeps its memory). */
  clear(): this {
    this.#length = 0;
    return this;
  }

  /** Appends a delta given field by field. A bad action, side or type throws a `BookError`. */
  add(
    action: BookAction,
    side: OrderSide,
    price: Price,
    size: Quantity,
    orderId?: bigint | number,
    flags?: number,
    sequence?: bigint | number,
    tsEvent?: bigint,
    tsInit?: bigint,
  ): this {
    if (this.#length === this.capacity) this.#grow();
    writeRecord(
      this.#words,
      this.#meta,
      this.#length,
      action,
      side,
      price,
      size,
      orderId,
      flags,
      sequence,
      tsEvent,
      tsInit,
    );
    this.#length++;
    return this;
  }

  /** Appends a delta object. */
  push(d: BookDeltaInput): this {
    return this.add(d.action, d.side, d.price, d.size, d.orderId, d.flags, d.sequence, d.tsEvent, d.tsInit);
  }

  #grow(): void {
    const words = new BigInt64Array(this.#words.length * 2);
    words.set(this.#words);
    this.#words = words;
    this.#meta = new Int32Array(words.buffer);
  }
}
