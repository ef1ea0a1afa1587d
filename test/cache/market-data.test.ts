import { describe, expect, it } from 'vitest';

import { Cache, type CacheError, midPrice, RingBuffer } from '../../ts/cache/index.js';
import { InstrumentId } from '../../ts/model/identifiers/index.js';
import { Price } from '../../ts/model/values/index.js';

const BTC = InstrumentId.from('BTCUSDT.BINANCE');
const ETH = InstrumentId.from('ETHUSDT.BINANCE');

interface Quote {
  readonly instrumentId: InstrumentId;
  readonly bidPrice: Price;
  readonly askPrice: Price;
  readonly tsEvent: bigint;
  readonly n: number;
}
interface Trade {
  readonly instrumentId: InstrumentId;
  readonly price: Price;
  readonly tsEvent: bigint;
}
class BarType {
  constructor(readonly spec: string) {}
  toString(): string {
    return `${BTC}-${this.spec}-LAST-EXTERNAL`;
  }
}
interface Bar {
  readonly barType: BarType;
  readonly close: Price;
  readonly tsEvent: bigint;
}
interface Book {
  readonly depth: number;
}
interface Types {
  readonly quote: Quote;
  readonly trade: Trade;
  readonly bar: Bar;
  readonly book: Book;
  readonly ownBook: string;
  readonly orderList: { readonly id: never; readonly orders: readonly never[] };
}

const quote = (n: number, bid = '100.00', ask = '100.10', id = BTC): Quote => ({
  instrumentId: id,
  bidPrice: Price.from(bid),
  askPrice: Price.from(ask),
  tsEvent: BigInt(n),
  n,
});

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
    expect(cache.quote(BTC)?.n).toBe(5);
    expect(cache.quote(BTC, 2)?.n).toBe(3);
    expect(cache.quote(BTC, 3)).toBeNull();
    expect(cache.quotes(BTC).map((q) => q.n)).toEqual([5, 4, 3]);
    expect(cache.quoteCount(BTC)).toBe(3);
    expect(cache.quoteCount(ETH)).toBe(1);
    expect(cache.hasQuotes(InstrumentId.from('XRPUSDT.BINANCE'))).toBe(false);
    cache.addTrades(
      [1, 2, 3, 4].map((n) => ({ instrumentId: BTC, price: Price.from(`${n}.0`), tsEvent: 0n })),
    );
    expect(cache.trades(BTC).map((t) => t.price.toString())).toEqual(['4.0', '3.0', '2.0']);
    expect(cache.trade(BTC)?.price.toString()).toBe('4.0');
    expect(cache.hasTrades(BTC)).toBe(true);
    expect(cache.counts()).toMatchObject({ quotes: 4, trades: 3 });
  });

  it('keeps barCapacity bars per bar type, keyed by its string form', () => {
    const cache = new Cache<Types>({ barCapacity: 2 });
    const m1 = new BarType('1-MINUTE');
    const m5 = new BarType('5-MINUTE');
    for (const px of ['1.0', '2.0', '3.0']) cache.addBar({ barType: m1, close: Price.from(px), tsEvent: 0n });
    cache.addBars([{ barType: m5, close: Price.from('9.0'), tsEvent: 0n }]);
    // Another object with the same string form reads the same bars.
    expect(cache.bars(new BarType('1-MINUTE')).map((b) => b.close.toString())).toEqual(['3.0', '2.0']);
    expect(cache.bar(m1, 1)?.close.toString()).toBe('2.0');
    expect(cache.barCount(m5)).toBe(1);
    expect(cache.hasBars(new BarType('1-HOUR'))).toBe(false);
    expect(cache.counts().bars).toBe(3);
    expect(code(() => cache.addBar({ barType: {} as BarType, close: Price.from('1'), tsEvent: 0n }))).toBe(
      'CACHE_INVALID_ARGUMENT',
    );
  });

  it('price reads bid, ask, mid, last and mark', () => {
    const cache = new Cache<Types>();
    expect(cache.price(BTC, 'MID')).toBeNull();
    expect(cache.price(BTC, 'LAST')).toBeNull();
    cache.addQuote(quote(1, '100.00', '100.05'));
    cache.addTrade({ instrumentId: BTC, price: Price.from('100.02'), tsEvent: 0n });
    cache.addMarkPrice(BTC, Price.from('100.01'));
    expect(cache.price(BTC, 'BID')?.toString()).toBe('100.00');
    expect(cache.price(BTC, 'ASK')?.toString()).toBe('100.05');
    expect(cache.price(BTC, 'MID')?.toString()).toBe('100.025');
    expect(cache.price(BTC, 'LAST')?.toString()).toBe('100.02');
    expect(cache.price(BTC, 'MARK')?.toString()).toBe('100.01');
    expect(code(() => cache.price(BTC, 'CLOSE' as 'BID'))).toBe('CACHE_INVALID_ARGUMENT');
  });

  it('the mid is exact, one decimal finer, and half-even at 16 decimals', () => {
    const q = (b: string, a: string) => midPrice(quote(0, b, a));
    expect(q('1.5', '1.6').toString()).toBe('1.55');
    expect(q('1', '2').toString()).toBe('1.5');
    expect(q('-1.00', '1.00').toString()).toBe('0.000');
    const tiny = (raw: bigint) => Price.fromRaw(raw, 16);
    const m = (b: bigint, a: bigint) =>
      midPrice({ instrumentId: BTC, bidPrice: tiny(b), askPrice: tiny(a), tsEvent: 0n }).raw;
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
