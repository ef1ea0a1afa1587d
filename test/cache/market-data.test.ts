import { describe, expect, it } from 'vitest';

import { Cache, type CacheError, midPrice, RingBuffer } from '../../ts/cache/index.js';
import {
  type Bar,
  bar,
  parseBarType,
  type QuoteTick,
  quoteTick,
  type TradeTick,
  tradeTick,
} from '../../ts/model/data/index.js';
import { InstrumentId, TradeId } from '../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';

const BTC = InstrumentId.from('BTCUSDT.BINANCE');
const ETH = InstrumentId.from('ETHUSDT.BINANCE');
const M1 = 'BTCUSDT.BINANCE-1-MINUTE-LAST-EXTERNAL';
const M5 = 'BTCUSDT.BINANCE-5-MINUTE-LAST-EXTERNAL';

interface Book {
  readonly depth: number;
}
interface Types {
  readonly book: Book;
  readonly ownBook: string;
  readonly orderList: { readonly id: never; readonly orders: readonly never[] };
}

/** A quote whose `tsEvent` is `n` (read back to identify it). */
const quote = (n: number, bid = '100.00', ask = '100.10', id = BTC): QuoteTick =>
  quoteTick({
    instrumentId: id,
    bidPrice: Price.from(bid),
    askPrice: Price.from(ask),
    bidSize: Quantity.from('1.0'),
    askSize: Quantity.from('1.0'),
    tsEvent: BigInt(n),
    tsInit: BigInt(n),
  });
const trade = (px: string, n = 0): TradeTick =>
  tradeTick({
    instrumentId: BTC,
    price: Price.from(px),
    size: Quantity.from('1.0'),
    aggressorSide: 'BUYER',
    tradeId: TradeId.from(`T-${px}-${n}`),
    tsEvent: BigInt(n),
    tsInit: BigInt(n),
  });
const barOf = (type: string, close: string): Bar =>
  bar({
    barType: parseBarType(type),
    open: Price.from(close),
    high: Price.from(close),
    low: Price.from(close),
    close: Price.from(close),
    volume: Quantity.from('1.0'),
    tsEvent: 0n,
    tsInit: 0n,
  });
const n = (q: QuoteTick | null) => (q === null ? null : Number(q.tsEvent));

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as CacheError).code;
  }
  return undefined;
}

describe('RingBuffer', () => {
  it('reads newest first and drops the oldest beyond its capacity', () => {
    const r = new RingBuffer<number>(3);
    expect(r.get(0)).toBeUndefined();
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.size).toBe(3);
    expect(r.toArray()).toEqual([5, 4, 3]);
    expect([r.get(0), r.get(2), r.get(3), r.get(-1), r.get(0.5)]).toEqual([
      5,
      3,
      undefined,
      undefined,
      undefined,
    ]);
    r.clear();
    expect(r.toArray()).toEqual([]);
    expect(code(() => new RingBuffer(0))).toBe('CACHE_INVALID_ARGUMENT');
    expect(code(() => new RingBuffer(1.5))).toBe('CACHE_INVALID_ARGUMENT');
  });
});

describe('market data in the cache', () => {
  it('keeps tickCapacity quotes and trades per instrument, newest first', () => {
    const cache = new Cache<Types>({ tickCapacity: 3 });
    for (let i = 1; i <= 5; i++) cache.addQuote(quote(i));
    cache.addQuotes([quote(1, '1.00', '2.00', ETH)]);
    expect(n(cache.quote(BTC))).toBe(5);
    expect(n(cache.quote(BTC, 2))).toBe(3);
    expect(cache.quote(BTC, 3)).toBeNull();
    expect(cache.quotes(BTC).map(n)).toEqual([5, 4, 3]);
    expect(cache.quoteCount(BTC)).toBe(3);
    expect(cache.quoteCount(ETH)).toBe(1);
    expect(cache.hasQuotes(InstrumentId.from('XRPUSDT.BINANCE'))).toBe(false);
    cache.addTrades(['1.0', '2.0', '3.0', '4.0'].map((px) => trade(px)));
    expect(cache.trades(BTC).map((t) => t.price.toString())).toEqual(['4.0', '3.0', '2.0']);
    expect(cache.trade(BTC)?.price.toString()).toBe('4.0');
    expect(cache.hasTrades(BTC)).toBe(true);
    expect(cache.counts()).toMatchObject({ quotes: 4, trades: 3 });
  });

  it('keeps barCapacity bars per bar type, keyed by its string form', () => {
    const cache = new Cache<Types>({ barCapacity: 2 });
    for (const px of ['1.0', '2.0', '3.0']) cache.addBar(barOf(M1, px));
    cache.addBars([barOf(M5, '9.0')]);
    // Another object equal to the bar type reads the same bars.
    expect(cache.bars(parseBarType(M1)).map((b) => b.close.toString())).toEqual(['3.0', '2.0']);
    expect(cache.bar(parseBarType(M1), 1)?.close.toString()).toBe('2.0');
    expect(cache.barCount(parseBarType(M5))).toBe(1);
    expect(cache.hasBars(parseBarType('BTCUSDT.BINANCE-1-HOUR-LAST-EXTERNAL'))).toBe(false);
    expect(cache.counts().bars).toBe(3);
  });

  it('price reads bid, ask, mid and last; the mark price is kept apart', () => {
    const cache = new Cache<Types>();
    expect(cache.price(BTC, 'MID')).toBeNull();
    expect(cache.price(BTC, 'LAST')).toBeNull();
    expect(cache.markPrice(BTC)).toBeNull();
    cache.addQuote(quote(1, '100.00', '100.05'));
    cache.addTrade(trade('100.02'));
    cache.addMarkPrice(BTC, Price.from('100.01'));
    expect(cache.price(BTC, 'BID')?.toString()).toBe('100.00');
    expect(cache.price(BTC, 'ASK')?.toString()).toBe('100.05');
    expect(cache.price(BTC, 'MID')?.toString()).toBe('100.025');
    expect(cache.price(BTC, 'LAST')?.toString()).toBe('100.02');
    expect(cache.markPrice(BTC)?.toString()).toBe('100.01');
    expect(code(() => cache.price(BTC, 'CLOSE' as 'BID'))).toBe('CACHE_INVALID_ARGUMENT');
  });

  it('the mid is exact, one decimal finer, and half-even at 16 decimals', () => {
    const q = (b: string, a: string) => midPrice({ bidPrice: Price.from(b), askPrice: Price.from(a) });
    expect(q('1.5', '1.6').toString()).toBe('1.55');
    expect(q('1', '2').toString()).toBe('1.5');
    expect(q('-1.00', '1.00').toString()).toBe('0.000');
    const tiny = (raw: bigint) => Price.fromRaw(raw, 16);
    const m = (b: bigint, a: bigint) => midPrice({ bidPrice: tiny(b), askPrice: tiny(a) }).raw;
    expect(m(1n, 2n)).toBe(2n); // 1.5 -> 2
    expect(m(2n, 3n)).toBe(2n); // 2.5 -> 2
    expect(m(-2n, -1n)).toBe(-2n); // -1.5 -> -2
    expect(m(-3n, -2n)).toBe(-2n); // -2.5 -> -2
  });

  it('stores order books and own order books as given', () => {
    const cache = new Cache<Types>();
    const book = { depth: 10 };
    cache.addOrderBook(BTC, book);
    cache.addOwnOrderBook(ETH, 'own-eth');
    cache.addOwnOrderBook(BTC, 'own-btc');
    expect(cache.orderBook(BTC)).toBe(book);
    expect(cache.orderBook(ETH)).toBeNull();
    expect(cache.ownOrderBook(ETH)).toBe('own-eth');
    expect(cache.ownOrderBooks().map(([id, b]) => `${id}:${b}`)).toEqual([
      'ETHUSDT.BINANCE:own-eth',
      'BTCUSDT.BINANCE:own-btc',
    ]);
    expect(cache.counts()).toMatchObject({ orderBooks: 1, ownOrderBooks: 2 });
  });

  it('refuses capacities that are not positive integers', () => {
    expect(code(() => new Cache({ tickCapacity: 0 }))).toBe('CACHE_INVALID_ARGUMENT');
    expect(code(() => new Cache({ barCapacity: -3 }))).toBe('CACHE_INVALID_ARGUMENT');
    expect(new Cache().tickCapacity).toBe(10_000);
    expect(new Cache().barCapacity).toBe(10_000);
  });
});
