/**
 * `OwnOrderBook`: our own orders of one instrument by price level, with status and remaining
 * size. It gives views of the public book net of our size, and audits: own orders the venue no
 * longer reports open, and levels where we hold more than the public book shows. Audits report;
 * the caller decides what to do.
 */
import { native } from '../../native.js';
import type { OrderSide, OrderStatus } from '../enums.js';
import { Price, Quantity } from '../values/index.js';
import { BookError, rethrow } from './error.js';
import { nativeBookOf, type OrderBook } from './order-book.js';
import type { BookLevel, LevelExcess, OwnBookOrder } from './types.js';

/** The binding's class (its type comes through ts/native, the one module that loads it). */
type NativeOwnBook = InstanceType<typeof native.NativeOwnOrderBook>;

const ALL = 0xffff_ffff;

function call<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    rethrow(err);
  }
}

function toNative(o: OwnBookOrder) {
  if (o.side !== 'BUY' && o.side !== 'SELL') {
    throw new BookError('BOOK_UNKNOWN_SIDE', `unknown order side '${String(o.side)}' (expected BUY or SELL)`);
  }
  return {
    clientOrderId: String(o.clientOrderId),
    side: o.side,
    price: o.price.raw,
    pricePrecision: o.price.precision,
    size: o.size.raw,
    sizePrecision: o.size.precision,
    status: o.status,
    tsLast: o.tsLast ?? 0n,
  };
}

function levels(
  rows: { price: bigint; pricePrecision: number; size: bigint; sizePrecision: number; orders: number }[],
): BookLevel[] {
  return rows.map((l) => ({
    price: Price.fromRaw(l.price, l.pricePrecision),
    size: Quantity.fromRaw(l.size, l.sizePrecision),
    orders: l.orders,
  }));
}

function depthOf(depth: number | undefined): number {
  return depth === undefined ? ALL : Math.min(Math.max(0, Math.floor(depth)), ALL);
}

export class OwnOrderBook {
  readonly instrumentId: string;
  readonly #native: NativeOwnBook;

  constructor(instrumentId: string | { toString(): string }) {
    this.instrumentId = String(instrumentId);
    this.#native = new native.NativeOwnOrderBook(this.instrumentId);
  }

  /** Orders held. */
  get count(): number {
    return this.#native.count;
  }

  /** Adds an order; an id already held throws `OWN_BOOK_DUPLICATE_ORDER`. */
  add(order: OwnBookOrder): void {
    call(() => this.#native.add(toNative(order)));
  }

  /** Replaces an order (status, remaining size, price); an unknown id throws `OWN_BOOK_UNKNOWN_ORDER`. */
  update(order: OwnBookOrder): void {
    call(() => this.#native.update(toNative(order)));
  }

  /** Removes an order; an unknown id throws `OWN_BOOK_UNKNOWN_ORDER`. */
  delete(clientOrderId: string | { toString(): string }): void {
    call(() => this.#native.delete(String(clientOrderId)));
  }

  /** Removes every order. */
  clear(): void {
    this.#native.clear();
  }

  /** Our bid levels, best first (only orders whose status is in `statuses`, when given). */
  bids(depth?: number, statuses?: readonly OrderStatus[]): BookLevel[] {
    return levels(
      call(() => this.#native.levels('BUY', depthOf(depth), statuses ? [...statuses] : undefined)),
    );
  }

  /** Our ask levels, best first. */
  asks(depth?: number, statuses?: readonly OrderStatus[]): BookLevel[] {
    return levels(
      call(() => this.#native.levels('SELL', depthOf(depth), statuses ? [...statuses] : undefined)),
    );
  }

  /** The public levels of `side` net of our size there; emptied levels are left out. */
  netLevels(
    book: OrderBook,
    side: OrderSide,
    depth?: number,
    statuses?: readonly OrderStatus[],
  ): BookLevel[] {
    return levels(
      call(() =>
        this.#native.netLevels(
          nativeBookOf(book),
          side,
          depthOf(depth),
          statuses ? [...statuses] : undefined,
        ),
      ),
    );
  }

  /** Client order ids we hold that are not in `openIds` (the venue's open orders), sorted. */
  auditOpen(openIds: Iterable<string | { toString(): string }>): string[] {
    return this.#native.auditOpen(Array.from(openIds, String));
  }

  /** Levels where our size exceeds the public size: bids then asks, best first. */
  auditLevels(book: OrderBook, statuses?: readonly OrderStatus[]): LevelExcess[] {
    return call(() => this.#native.auditLevels(nativeBookOf(book), statuses ? [...statuses] : undefined)).map(
      (x) => ({
        side: x.side as OrderSide,
        price: Price.fromRaw(x.price.raw, x.price.precision),
        own: Quantity.fromRaw(x.own.raw, x.own.precision),
        public: Quantity.fromRaw(x.public.raw, x.public.precision),
      }),
    );
  }
}
