/**
 * Market data the cache keeps: the last `tickCapacity` quotes and trades per instrument, the last
 * `barCapacity` bars per bar type (newest first, keyed by the bar type's string form), the last
 * mark price, and one order book and one own order book per instrument (stored as given: the
 * data engine maintains them).
 */
import {
  type Bar,
  type BarType,
  barTypeToString,
  type PriceType,
  type QuoteTick,
  type TradeTick,
} from '../model/data/index.js';
import type { InstrumentId } from '../model/identifiers/index.js';
import { Price } from '../model/values/index.js';
import { CacheError, CacheErrorCode } from './errors.js';
import { RingBuffer } from './ring-buffer.js';
import type { CacheTypes } from './types.js';

const SCALE = 16;

/**
 * The mid of a quote, exact: one decimal finer than the finer of bid and ask (at most 16);
 * at 16 decimals an odd sum rounds half-even.
 */
export function midPrice(q: Pick<QuoteTick, 'bidPrice' | 'askPrice'>): Price {
  const sum = q.bidPrice.raw + q.askPrice.raw;
  const precision = Math.min(Math.max(q.bidPrice.precision, q.askPrice.precision) + 1, SCALE);
  let half = sum / 2n; // truncates toward zero
  const rem = sum - half * 2n;
  // Odd sum: the exact mid is half + rem/2 (rem = +-1); round half to even.
  if (rem !== 0n && half % 2n !== 0n) half += rem;
  return Price.fromRaw(half, precision);
}

interface Keyed<T> {
  readonly id: InstrumentId;
  value: T;
}

export class MarketDataStore<D extends CacheTypes> {
  readonly tickCapacity: number;
  readonly barCapacity: number;
  readonly #quotes = new Map<string, RingBuffer<QuoteTick>>();
  readonly #trades = new Map<string, RingBuffer<TradeTick>>();
  readonly #bars = new Map<string, RingBuffer<Bar>>();
  readonly #marks = new Map<string, Price>();
  // The newest bar of any bar type, per instrument (the portfolio's price of last resort).
  readonly #lastBars = new Map<string, Bar>();
  readonly #books = new Map<string, Keyed<D['book']>>();
  readonly #ownBooks = new Map<string, Keyed<D['ownBook']>>();
  #quoteCount = 0;
  #tradeCount = 0;
  #barCount = 0;

  constructor(tickCapacity: number, barCapacity: number) {
    this.tickCapacity = tickCapacity;
    this.barCapacity = barCapacity;
  }

  addQuote(q: QuoteTick): void {
    const key = q.instrumentId.value;
    let ring = this.#quotes.get(key);
    if (ring === undefined) {
      ring = new RingBuffer(this.tickCapacity);
      this.#quotes.set(key, ring);
    }
    const before = ring.size;
    ring.push(q);
    this.#quoteCount += ring.size - before;
  }

  addTrade(t: TradeTick): void {
    const key = t.instrumentId.value;
    let ring = this.#trades.get(key);
    if (ring === undefined) {
      ring = new RingBuffer(this.tickCapacity);
      this.#trades.set(key, ring);
    }
    const before = ring.size;
    ring.push(t);
    this.#tradeCount += ring.size - before;
  }

  addBar(b: Bar): void {
    const key = barTypeToString(b.barType);
    let ring = this.#bars.get(key);
    if (ring === undefined) {
      ring = new RingBuffer(this.barCapacity);
      this.#bars.set(key, ring);
    }
    const before = ring.size;
    ring.push(b);
    this.#barCount += ring.size - before;
    const id = b.barType.instrumentId.value;
    const last = this.#lastBars.get(id);
    if (last === undefined || b.tsEvent >= last.tsEvent) this.#lastBars.set(id, b);
  }

  /** The newest bar (by close time) of any bar type of the instrument, or `null`. */
  lastBar(instrumentId: InstrumentId): Bar | null {
    return this.#lastBars.get(instrumentId.value) ?? null;
  }

  addMarkPrice(instrumentId: InstrumentId, price: Price): void {
    this.#marks.set(instrumentId.value, price);
  }

  quote(instrumentId: InstrumentId, index: number): QuoteTick | null {
    return this.#quotes.get(instrumentId.value)?.get(index) ?? null;
  }
  quotes(instrumentId: InstrumentId): QuoteTick[] {
    return this.#quotes.get(instrumentId.value)?.toArray() ?? [];
  }
  quoteCount(instrumentId: InstrumentId): number {
    return this.#quotes.get(instrumentId.value)?.size ?? 0;
  }

  trade(instrumentId: InstrumentId, index: number): TradeTick | null {
    return this.#trades.get(instrumentId.value)?.get(index) ?? null;
  }
  trades(instrumentId: InstrumentId): TradeTick[] {
    return this.#trades.get(instrumentId.value)?.toArray() ?? [];
  }
  tradeCount(instrumentId: InstrumentId): number {
    return this.#trades.get(instrumentId.value)?.size ?? 0;
  }

  bar(barType: BarType, index: number): Bar | null {
    return this.#bars.get(barTypeToString(barType))?.get(index) ?? null;
  }
  bars(barType: BarType): Bar[] {
    return this.#bars.get(barTypeToString(barType))?.toArray() ?? [];
  }
  barCount(barType: BarType): number {
    return this.#bars.get(barTypeToString(barType))?.size ?? 0;
  }

  price(instrumentId: InstrumentId, priceType: PriceType): Price | null {
    switch (priceType) {
      case 'BID':
        return this.quote(instrumentId, 0)?.bidPrice ?? null;
      case 'ASK':
        return this.quote(instrumentId, 0)?.askPrice ?? null;
      case 'MID': {
        const q = this.quote(instrumentId, 0);
        return q === null ? null : midPrice(q);
      }
      case 'LAST':
        return this.trade(instrumentId, 0)?.price ?? null;
      default:
        throw new CacheError(
          CacheErrorCode.CACHE_INVALID_ARGUMENT,
          `unknown price type '${String(priceType)}' (BID, ASK, MID, LAST)`,
        );
    }
  }

  markPrice(instrumentId: InstrumentId): Price | null {
    return this.#marks.get(instrumentId.value) ?? null;
  }

  addOrderBook(instrumentId: InstrumentId, book: D['book']): void {
    this.#books.set(instrumentId.value, { id: instrumentId, value: book });
  }
  orderBook(instrumentId: InstrumentId): D['book'] | null {
    const k = this.#books.get(instrumentId.value);
    return k === undefined ? null : k.value;
  }
  addOwnOrderBook(instrumentId: InstrumentId, book: D['ownBook']): void {
    this.#ownBooks.set(instrumentId.value, { id: instrumentId, value: book });
  }
  ownOrderBook(instrumentId: InstrumentId): D['ownBook'] | null {
    const k = this.#ownBooks.get(instrumentId.value);
    return k === undefined ? null : k.value;
  }
  /** Every own order book with its instrument, in the order first added. */
  ownOrderBooks(): [InstrumentId, D['ownBook']][] {
    return [...this.#ownBooks.values()].map((k) => [k.id, k.value]);
  }

  get quoteTotal(): number {
    return this.#quoteCount;
  }
  get tradeTotal(): number {
    return this.#tradeCount;
  }
  get barTotal(): number {
    return this.#barCount;
  }
  get bookCount(): number {
    return this.#books.size;
  }
  get ownBookCount(): number {
    return this.#ownBooks.size;
  }

  clear(): void {
    this.#quotes.clear();
    this.#trades.clear();
    this.#bars.clear();
    this.#lastBars.clear();
    this.#marks.clear();
    this.#books.clear();
    this.#ownBooks.clear();
    this.#quoteCount = 0;
    this.#tradeCount = 0;
    this.#barCount = 0;
  }
}
