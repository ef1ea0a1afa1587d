/**
 * `OrderBook`: the public book of one instrument (`L1_MBP`, `L2_MBP` or `L3_MBO`), held by the
 * native core. Deltas cross packed (one call per `applyDelta`, one per `applyDeltas` batch);
 * prices and sizes come back as `Price`/`Quantity` at the book's precisions, averages as a `Price`
 * at 16 decimals (exact rational rounded half-even there), never a float.
 *
 * Rules (what a delta does, what the queries mean) are the core's: see README, "Order book".
 */
import { native } from '../../native.js';
import type { OrderBookDelta, OrderBookDeltas } from '../data/index.js';
import type { BookType, OrderSide } from '../enums.js';
import { Price, Quantity } from '../values/index.js';
import { DeltaBatch } from './delta-batch.js';
import { BookError, type NativeBookFailure, rethrow } from './error.js';
import { PACKED_WORDS, writeRecord } from './packed.js';
import type {
  BookDeltaInput,
  BookFill,
  BookLevel,
  DepthSnapshot,
  LevelOrder,
  OrderBookOptions,
  SimulatedOrder,
} from './types.js';

/** The binding's class (its type comes through ts/native, the one module that loads it). */
type NativeBook = InstanceType<typeof native.NativeOrderBook>;

const ALL = 0xffff_ffff;

// The scratch of `applyDelta`: word 0 holds the book handle, words 1-9 one packed record, word 10
// a tick bumped before each call. The core reads it in a zero-argument call (the runtime's
// cheapest), registered once per thread; a call whose tick did not move (this module's scratch
// is not the registered one: another copy of the module registered later) is refused unread and
// goes through the argument-passing call instead. An explicit 128-byte ArrayBuffer keeps the
// data off the JS heap, at a fixed address.
const SCRATCH = new BigInt64Array(new ArrayBuffer(16 * 8));
const SCRATCH_HANDLE = new Int32Array(SCRATCH.buffer, 0, 2);
const SCRATCH_RECORD = new BigInt64Array(SCRATCH.buffer, 8, PACKED_WORDS);
const SCRATCH_META = new Int32Array(SCRATCH.buffer, 8, PACKED_WORDS * 2);
const SCRATCH_TICK = new Int32Array(SCRATCH.buffer, (PACKED_WORDS + 1) * 8, 2);
native.bookRegisterScratch(SCRATCH);

const NO_PRICE = Price.zero();
const NO_SIZE = Quantity.zero();
const DEFAULT_PRECISION = 8;

/** The native handle of each book, for the own book's views and audits (module-internal). */
const handles = new WeakMap<OrderBook, NativeBook>();

/** The native book behind an `OrderBook` (internal to ts/model/book). */
export function nativeBookOf(book: OrderBook): NativeBook {
  const h = handles.get(book);
  if (h === undefined) throw new BookError('BOOK_INVALID_ARGUMENT', 'not an OrderBook');
  return h;
}

function fail(f: NativeBookFailure | null | undefined): void {
  if (f) throw BookError.fromNative(f);
}

function checkSide(side: unknown): OrderSide {
  if (side !== 'BUY' && side !== 'SELL') {
    throw new BookError('BOOK_UNKNOWN_SIDE', `unknown order side '${String(side)}' (expected BUY or SELL)`);
  }
  return side;
}

function depthOf(depth: number | undefined): number {
  if (depth === undefined || depth === Number.POSITIVE_INFINITY) return ALL;
  if (!Number.isInteger(depth) || depth < 0) {
    throw new BookError('BOOK_INVALID_ARGUMENT', `depth must be a non-negative integer, was ${depth}`);
  }
  return Math.min(depth, ALL);
}

function u64(v: bigint | number | undefined): bigint {
  return v === undefined ? 0n : BigInt(v);
}

export class OrderBook {
  readonly instrumentId: string;
  readonly bookType: BookType;
  readonly pricePrecision: number;
  readonly sizePrecision: number;
  readonly #native: NativeBook;
  // Slab handle of the native book: the hot calls are plain functions taking it (see the binding).
  readonly #handle: number;

  /**
   * An empty book. `instrumentId` is a string or anything with `toString()` (an `InstrumentId`);
   * prices and sizes with more decimals than the precisions (default 8) are refused.
   */
  constructor(
    instrumentId: string | { toString(): string },
    bookType: BookType,
    options: OrderBookOptions = {},
  ) {
    this.instrumentId = String(instrumentId);
    this.bookType = bookType;
    this.pricePrecision = options.pricePrecision ?? DEFAULT_PRECISION;
    this.sizePrecision = options.sizePrecision ?? DEFAULT_PRECISION;
    for (const [name, p] of [
      ['pricePrecision', this.pricePrecision],
      ['sizePrecision', this.sizePrecision],
    ] as const) {
      if (!Number.isInteger(p) || p < 0 || p > 16) {
        throw new BookError('PRECISION_OUT_OF_RANGE', `${name} ${p} is out of range 0..=16`);
      }
    }
    try {
      this.#native = new native.NativeOrderBook(
        this.instrumentId,
        bookType,
        this.pricePrecision,
        this.sizePrecision,
      );
    } catch (err) {
      rethrow(err);
    }
    this.#handle = this.#native.handle;
    handles.set(this, this.#native);
  }

  /**
   * Applies one delta, or throws a `BookError` and leaves the book unchanged. Takes the plain
   * input shape or a market-data `OrderBookDelta` event.
   */
  applyDelta(d: BookDeltaInput | OrderBookDelta): void {
    if ('order' in d) {
      this.#checkInstrument(d.instrumentId.value);
      const o = d.order;
      writeRecord(
        SCRATCH_RECORD,
        SCRATCH_META,
        0,
        d.action,
        o?.side ?? 'BUY',
        o?.price ?? NO_PRICE,
        o?.size ?? NO_SIZE,
        o?.orderId,
        d.flags,
        d.sequence,
        d.tsEvent,
        d.tsInit,
      );
    } else {
      writeRecord(
        SCRATCH_RECORD,
        SCRATCH_META,
        0,
        d.action,
        d.side,
        d.price,
        d.size,
        d.orderId,
        d.flags,
        d.sequence,
        d.tsEvent,
        d.tsInit,
      );
    }
    SCRATCH_HANDLE[0] = this.#handle;
    SCRATCH_TICK[0] = (SCRATCH_TICK[0]! + 1) | 0;
    let f = native.bookApplyScratch();
    if (f && f.code === 'BOOK_SCRATCH_STALE') f = native.bookApplyPacked(this.#handle, SCRATCH_RECORD, 1);
    if (f) throw BookError.fromNative(f);
  }

  /**
   * Applies a batch in one crossing, all or nothing: a bad delta throws a `BookError` whose
   * `index` is its position, and nothing of the batch is applied. An array of delta objects is
   * packed first (a `DeltaBatch` you refill avoids that work).
   */
  applyDeltas(batch: DeltaBatch | readonly BookDeltaInput[] | OrderBookDeltas): void {
    if ('type' in batch && batch.type === 'OrderBookDeltas') {
      // orderBookDeltas() guarantees one instrument for the whole batch.
      this.#checkInstrument(batch.instrumentId.value);
      const packed = new DeltaBatch(batch.deltas.length);
      for (const d of batch.deltas) {
        const o = d.order;
        packed.add(
          d.action,
          o?.side ?? 'BUY',
          o?.price ?? NO_PRICE,
          o?.size ?? NO_SIZE,
          o?.orderId,
          d.flags,
          d.sequence,
          d.tsEvent,
          d.tsInit,
        );
      }
      fail(native.bookApplyPacked(this.#handle, packed.words, packed.length));
      return;
    }
    if (Array.isArray(batch)) {
      const deltas = batch as readonly BookDeltaInput[];
      const words = new BigInt64Array(Math.max(1, deltas.length) * PACKED_WORDS);
      const meta = new Int32Array(words.buffer);
      for (let i = 0; i < deltas.length; i++) {
        const d = deltas[i]!;
        try {
          writeRecord(
            words,
            meta,
            i,
            d.action,
            d.side,
            d.price,
            d.size,
            d.orderId,
            d.flags,
            d.sequence,
            d.tsEvent,
            d.tsInit,
          );
        } catch (err) {
          const e = err as BookError;
          throw new BookError(e.code, `delta ${i} of the batch: ${e.message}`, i);
        }
      }
      fail(native.bookApplyPacked(this.#handle, words, deltas.length));
      return;
    }
    const b = batch as DeltaBatch;
    fail(native.bookApplyPacked(this.#handle, b.words, b.length));
  }

  /** Replaces the whole book with a snapshot of up to 10 levels per side (best first). */
  applyDepth(snapshot: DepthSnapshot): void {
    const level = (l: DepthSnapshot['bids'][number]) => ({
      price: l.price.raw,
      size: l.size.raw,
      orders: l.orders ?? 1,
    });
    fail(
      this.#native.applyDepth(
        snapshot.bids.map(level),
        snapshot.asks.map(level),
        snapshot.flags ?? 0,
        u64(snapshot.sequence),
        snapshot.tsEvent ?? 0n,
        snapshot.tsInit ?? 0n,
      ),
    );
  }

  /** `L1_MBP` only: sets both sides from a quote. */
  updateQuote(q: {
    readonly bidPrice: Price;
    readonly askPrice: Price;
    readonly bidSize: Quantity;
    readonly askSize: Quantity;
    readonly sequence?: bigint | number;
    readonly tsEvent?: bigint;
  }): void {
    fail(
      this.#native.updateQuote(
        q.bidPrice.raw,
        q.askPrice.raw,
        q.bidSize.raw,
        q.askSize.raw,
        u64(q.sequence),
        q.tsEvent ?? 0n,
      ),
    );
  }

  /** `L1_MBP` only: a trade shows both sides at its price with its size. */
  updateTrade(t: {
    readonly price: Price;
    readonly size: Quantity;
    readonly sequence?: bigint | number;
    readonly tsEvent?: bigint;
  }): void {
    fail(this.#native.updateTrade(t.price.raw, t.size.raw, u64(t.sequence), t.tsEvent ?? 0n));
  }

  /** Empties the book. */
  clear(sequence: bigint | number = 0, tsEvent = 0n): void {
    this.#native.clear(u64(sequence), tsEvent);
  }

  #price(raw: bigint | null | undefined): Price | null {
    return raw === null || raw === undefined ? null : Price.fromRaw(raw, this.pricePrecision);
  }

  #size(raw: bigint | null | undefined): Quantity | null {
    return raw === null || raw === undefined ? null : Quantity.fromRaw(raw, this.sizePrecision);
  }

  /** Best bid price, or null on an empty side. */
  bestBidPrice(): Price | null {
    return this.#price(native.bookBestBidPrice(this.#handle));
  }

  /** Best ask price, or null on an empty side. */
  bestAskPrice(): Price | null {
    return this.#price(native.bookBestAskPrice(this.#handle));
  }

  /** Total size at the best bid. */
  bestBidSize(): Quantity | null {
    return this.#size(native.bookBestBidSize(this.#handle));
  }

  /** Total size at the best ask. */
  bestAskSize(): Quantity | null {
    return this.#size(native.bookBestAskSize(this.#handle));
  }

  /** Best ask minus best bid, or null unless both sides have a level. */
  spread(): Price | null {
    return this.#price(this.#native.spread());
  }

  /** Exact midpoint (one more decimal than the book's prices), or null. */
  midpoint(): Price | null {
    const m = this.#native.midpoint();
    return m ? Price.fromRaw(m.raw, m.precision) : null;
  }

  #levels(side: OrderSide, depth: number | undefined): BookLevel[] {
    return this.#native.levels(side, depthOf(depth)).map((l) => ({
      price: Price.fromRaw(l.price, l.pricePrecision),
      size: Quantity.fromRaw(l.size, l.sizePrecision),
      orders: l.orders,
    }));
  }

  /** Bid levels from the best outwards (all when `depth` is omitted). */
  bids(depth?: number): BookLevel[] {
    return this.#levels('BUY', depth);
  }

  /** Ask levels from the best outwards (all when `depth` is omitted). */
  asks(depth?: number): BookLevel[] {
    return this.#levels('SELL', depth);
  }

  /** Public size at a price (zero when there is no level). */
  sizeAt(side: OrderSide, price: Price): Quantity {
    return Quantity.fromRaw(
      this.#call(() => this.#native.sizeAt(checkSide(side), price.raw)),
      this.sizePrecision,
    );
  }

  /** `L3_MBO`: the orders at a level, oldest first. */
  levelOrders(side: OrderSide, price: Price): LevelOrder[] {
    return this.#call(() => this.#native.levelOrders(checkSide(side), price.raw)).map((o) => ({
      orderId: o.orderId,
      size: Quantity.fromRaw(o.size.raw, o.size.precision),
    }));
  }

  /**
   * Average price an order of `quantity` on `side` would pay (a BUY walks the asks), at 16
   * decimals; null when the side is empty or `quantity` is zero. When the side holds less than
   * `quantity`, the average is over what it holds.
   */
  getAvgPxForQuantity(quantity: Quantity, side: OrderSide): Price | null {
    const a = this.#call(() =>
      this.#native.avgPxForQuantity(quantity.raw, quantity.precision, checkSide(side)),
    );
    return a ? Price.fromRaw(a.price.raw, a.price.precision) : null;
  }

  /** Size an order on `side` could take at `price` or better (a BUY walks the asks up to `price`). */
  getQuantityForPrice(price: Price, side: OrderSide): Quantity {
    return Quantity.fromRaw(
      this.#call(() => this.#native.quantityForPrice(price.raw, checkSide(side))),
      this.sizePrecision,
    );
  }

  /** The fills an order would get now, best level first (a limit order stops at its price). */
  simulateFills(order: SimulatedOrder): BookFill[] {
    const price = order.price ?? undefined;
    return this.#call(() =>
      this.#native.simulateFills(checkSide(order.side), price?.raw, order.size.raw, order.size.precision),
    ).map((f) => ({
      price: Price.fromRaw(f.price.raw, f.price.precision),
      size: Quantity.fromRaw(f.size.raw, f.size.precision),
    }));
  }

  /**
   * The book's integrity failure, or null when sound: `BOOK_CROSSED` (best bid >= best ask),
   * `BOOK_SEQUENCE_BACKWARDS` (until the next CLEAR or snapshot), `BOOK_TOO_MANY_LEVELS` (L1).
   */
  checkIntegrity(): BookError | null {
    const f = this.#native.checkIntegrity();
    return f ? BookError.fromNative(f) : null;
  }

  /** Last sequence applied (0n before any). */
  get sequence(): bigint {
    return this.#native.sequence;
  }

  /** Inputs applied since creation. */
  get updateCount(): bigint {
    return this.#native.updateCount;
  }

  /** `tsEvent` of the last input applied. */
  get tsLast(): bigint {
    return this.#native.tsLast;
  }

  /** Header and the best 10 levels per side, asks above bids. */
  toString(): string {
    return this.#native.display();
  }

  #checkInstrument(id: string): void {
    if (id !== this.instrumentId) {
      throw new BookError(
        'BOOK_INSTRUMENT_MISMATCH',
        `delta for ${id} applied to the book of ${this.instrumentId}`,
      );
    }
  }

  #call<T>(f: () => T): T {
    try {
      return f();
    } catch (err) {
      rethrow(err);
    }
  }
}
