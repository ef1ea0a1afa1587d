/**
 * The own-books audit: every `ownBooksAuditIntervalSecs`, each own order book (our resting
 * orders by price level) is compared with the cache and with the venue's public book.
 *
 * Inconsistencies, each logged with both sides:
 * - `OWN_BOOK_ORDER_CLOSED`: in the own book, closed (or unknown) in the cache; it is removed
 *   from the own book;
 * - `OWN_BOOK_ORDER_MISSING`: open or in flight in the cache (with a price), absent from the own
 *   book;
 * - `OWN_SIZE_EXCEEDS_PUBLIC`: our size resting at a price level is larger than the public
 *   book's size there (absent level: zero).
 *
 * The own book is behind {@link OwnBookLike} (an `OwnOrderBook` will implement it); without one,
 * {@link ownBookFromCache} builds the view from the cache's open orders, so only the public-book
 * comparison can find something.
 */

import type { Cache } from '../../cache/index.js';
import type { OrderSide } from '../../model/enums.js';
import type { ClientOrderId, InstrumentId } from '../../model/identifiers/index.js';
import { type Price, Quantity } from '../../model/values/index.js';
import type { CheckContext } from './context.js';

/** One of our orders resting in an own book. */
export interface OwnBookEntry {
  readonly clientOrderId: ClientOrderId;
  readonly side: OrderSide;
  readonly price: Price;
  /** The size resting (leaves). */
  readonly size: Quantity;
}

/** What the audit needs of an own order book. */
export interface OwnBookLike {
  readonly instrumentId: InstrumentId;
  orders(): Iterable<OwnBookEntry>;
  /** Removes an order (the audit removes closed ones). */
  delete(clientOrderId: ClientOrderId): void;
}

/** What the audit needs of the venue's public book. */
export interface PublicBookLike {
  /** Size at `price` on the book side our `side` rests on (bids for BUY); `null` when absent. */
  sizeAt(side: OrderSide, price: Price): Quantity | null;
}

/** One inconsistency found by the audit. */
export interface OwnBookInconsistency {
  readonly code: 'OWN_BOOK_ORDER_CLOSED' | 'OWN_BOOK_ORDER_MISSING' | 'OWN_SIZE_EXCEEDS_PUBLIC';
  readonly instrumentId: string;
  readonly clientOrderId: string | null;
  readonly side: OrderSide | null;
  readonly price: string | null;
  /** Own-book side of the comparison. */
  readonly own: string;
  /** Cache or public-book side of the comparison. */
  readonly other: string;
}

/** Where the audit reads books. */
export interface OwnBooksSource {
  ownBooks(): Iterable<OwnBookLike>;
  publicBook(instrumentId: InstrumentId): PublicBookLike | null;
}

/**
 * An own-book view built from the cache's open and in-flight orders with a price (never deletes
 * anything). In-flight ones too: the audit expects them in the own book, and an order SUBMITTED
 * is not "open" in the cache.
 */
export function ownBookFromCache(cache: Cache, instrumentId: InstrumentId): OwnBookLike {
  return {
    instrumentId,
    orders: () =>
      [...new Set([...cache.ordersOpen({ instrumentId }), ...cache.ordersInflight({ instrumentId })])]
        .filter((o) => o.price !== null)
        .map((o) => ({
          clientOrderId: o.clientOrderId,
          side: o.side,
          price: o.price as Price,
          size: o.leavesQty,
        })),
    delete: () => {},
  };
}

/** The own-books audit (see the module doc). */
export class OwnBooksAudit {
  static readonly TIMER = 'live.own-books-audit';
  readonly #ctx: CheckContext;
  readonly #intervalSecs: number | null;
  readonly #source: OwnBooksSource;

  constructor(ctx: CheckContext, ownBooksAuditIntervalSecs: number | null, source: OwnBooksSource) {
    this.#ctx = ctx;
    this.#intervalSecs = ownBooksAuditIntervalSecs;
    this.#source = source;
  }

  start(): void {
    if (this.#intervalSecs === null) return;
    this.#ctx.clock.setTimer({
      name: OwnBooksAudit.TIMER,
      intervalNs: BigInt(Math.round(this.#intervalSecs * 1e9)),
      callback: () => void this.audit(),
    });
  }

  stop(): void {
    this.#ctx.clock.cancelTimer(OwnBooksAudit.TIMER);
  }

  /** Audits every own book now; logs and returns the inconsistencies. */
  audit(): OwnBookInconsistency[] {
    const found: OwnBookInconsistency[] = [];
    for (const book of this.#source.ownBooks()) found.push(...this.#auditBook(book));
    for (const f of found) this.#ctx.log.error({ ...f }, `own-books audit: ${f.code} ${f.instrumentId}`);
    return found;
  }

  #auditBook(book: OwnBookLike): OwnBookInconsistency[] {
    const { cache } = this.#ctx;
    const inst = book.instrumentId.value;
    const found: OwnBookInconsistency[] = [];
    const inBook = new Set<string>();
    const levels = new Map<string, { side: OrderSide; price: Price; size: bigint; precision: number }>();
    const closed: ClientOrderId[] = [];
    for (const o of book.orders()) {
      inBook.add(o.clientOrderId.value);
      const order = cache.order(o.clientOrderId);
      if (order === null || order.isClosed) {
        found.push({
          code: 'OWN_BOOK_ORDER_CLOSED',
          instrumentId: inst,
          clientOrderId: o.clientOrderId.value,
          side: o.side,
          price: o.price.toString(),
          own: o.size.toString(),
          other: order === null ? 'UNKNOWN' : order.status,
        });
        closed.push(o.clientOrderId);
        continue;
      }
      const key = `${o.side}@${o.price.raw}`;
      const level = levels.get(key);
      if (level === undefined) {
        levels.set(key, { side: o.side, price: o.price, size: o.size.raw, precision: o.size.precision });
      } else {
        level.size += o.size.raw;
        level.precision = Math.max(level.precision, o.size.precision);
      }
    }
    for (const id of closed) book.delete(id);
    const live = [
      ...cache.ordersOpen({ instrumentId: book.instrumentId }),
      ...cache.ordersInflight({ instrumentId: book.instrumentId }),
    ];
    const checked = new Set<string>();
    for (const order of live) {
      const id = order.clientOrderId.value;
      if (checked.has(id) || order.price === null || inBook.has(id)) continue;
      checked.add(id);
      found.push({
        code: 'OWN_BOOK_ORDER_MISSING',
        instrumentId: inst,
        clientOrderId: id,
        side: order.side,
        price: order.price.toString(),
        own: 'ABSENT',
        other: order.status,
      });
    }
    const pub = this.#source.publicBook(book.instrumentId);
    if (pub !== null) {
      for (const l of levels.values()) {
        const publicSize = pub.sizeAt(l.side, l.price);
        const publicRaw = publicSize?.raw ?? 0n;
        if (l.size > publicRaw) {
          found.push({
            code: 'OWN_SIZE_EXCEEDS_PUBLIC',
            instrumentId: inst,
            clientOrderId: null,
            side: l.side,
            price: l.price.toString(),
            own: Quantity.fromRaw(l.size, l.precision).toString(),
            other: publicSize === null ? 'ABSENT' : publicSize.toString(),
          });
        }
      }
    }
    return found;
  }
}
