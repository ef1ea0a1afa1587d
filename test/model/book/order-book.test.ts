import { describe, expect, it } from 'vitest';

import { BookError, F_LAST, OrderBook } from '../../../ts/model/book/index.js';
import { orderBookDelta, orderBookDeltas } from '../../../ts/model/data/index.js';
import { BookType } from '../../../ts/model/enums.js';
import { InstrumentId } from '../../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';

const px = (s: string) => Price.from(s);
const qty = (s: string) => Quantity.from(s);
const opts = { pricePrecision: 2, sizePrecision: 3 };

function l2(): OrderBook {
  return new OrderBook('BTCUSDT.BINANCE', BookType.L2_MBP, opts);
}

/** bids 100.00 x 1, 99.50 x 2; asks 100.50 x 1.5, 101.00 x 3 */
function twoSided(): OrderBook {
  const book = l2();
  book.applyDelta({ action: 'ADD', side: 'BUY', price: px('100.00'), size: qty('1') });
  book.applyDelta({ action: 'ADD', side: 'BUY', price: px('99.50'), size: qty('2') });
  book.applyDelta({ action: 'ADD', side: 'SELL', price: px('100.50'), size: qty('1.5') });
  book.applyDelta({ action: 'ADD', side: 'SELL', price: px('101.00'), size: qty('3') });
  return book;
}

const text = (levels: { price: Price; size: Quantity; orders: number }[]) =>
  levels.map((l) => [l.price.toString(), l.size.toString(), l.orders]);

function state(book: OrderBook) {
  return [
    book.toString(),
    text(book.bids()),
    text(book.asks()),
    book.sequence,
    book.updateCount,
    book.tsLast,
  ];
}

describe('OrderBook L2_MBP', () => {
  it('accepts an InstrumentId or a string', () => {
    const book = new OrderBook(InstrumentId.from('ETHUSDT.BINANCE'), BookType.L2_MBP);
    expect(book.instrumentId).toBe('ETHUSDT.BINANCE');
    expect(book.toString()).toContain('OrderBook ETHUSDT.BINANCE L2_MBP');
  });

  it('answers top-of-book queries with Price and Quantity at the book precisions', () => {
    const book = twoSided();
    expect(book.bestBidPrice()?.toString()).toBe('100.00');
    expect(book.bestAskPrice()?.toString()).toBe('100.50');
    expect(book.bestBidSize()?.toString()).toBe('1.000');
    expect(book.bestAskSize()?.toString()).toBe('1.500');
    expect(book.spread()?.toString()).toBe('0.50');
    expect(book.midpoint()?.toString()).toBe('100.250');
    expect(book.bestBidPrice()).toBeInstanceOf(Price);
    expect(book.bestAskSize()).toBeInstanceOf(Quantity);
  });

  it('lists levels best first on both sides, limited by depth', () => {
    const book = twoSided();
    expect(text(book.bids())).toEqual([
      ['100.00', '1.000', 1],
      ['99.50', '2.000', 1],
    ]);
    expect(text(book.asks(1))).toEqual([['100.50', '1.500', 1]]);
    expect(book.bids(0)).toEqual([]);
  });

  it('sets, updates and deletes levels; a delete of an unknown level is a no-op', () => {
    const book = twoSided();
    book.applyDelta({ action: 'ADD', side: 'BUY', price: px('100'), size: qty('4') });
    book.applyDelta({ action: 'UPDATE', side: 'SELL', price: px('100.5'), size: qty('0.5') });
    book.applyDelta({ action: 'DELETE', side: 'BUY', price: px('99.5'), size: qty('0') });
    book.applyDelta({ action: 'DELETE', side: 'BUY', price: px('42'), size: qty('0') });
    expect(text(book.bids())).toEqual([['100.00', '4.000', 1]]);
    expect(text(book.asks())).toEqual([
      ['100.50', '0.500', 1],
      ['101.00', '3.000', 1],
    ]);
    book.applyDelta({ action: 'CLEAR', side: 'BUY', price: px('0'), size: qty('0') });
    expect(book.bestBidPrice()).toBeNull();
    expect(book.bestAskPrice()).toBeNull();
    expect(book.spread()).toBeNull();
    expect(book.midpoint()).toBeNull();
  });

  it('tracks sequence, update count and tsLast as bigint', () => {
    const book = l2();
    book.applyDelta({
      action: 'ADD',
      side: 'BUY',
      price: px('1'),
      size: qty('1'),
      sequence: 7n,
      tsEvent: 1_700_000_000_000_000_000n,
      tsInit: 1n,
      flags: F_LAST,
    });
    book.applyDelta({ action: 'ADD', side: 'BUY', price: px('2'), size: qty('1'), tsEvent: 5n });
    expect(book.sequence).toBe(7n);
    expect(book.updateCount).toBe(2n);
    expect(book.tsLast).toBe(5n);
  });

  it('walks the opposite side for average price, exactly (a BUY walks the asks)', () => {
    const book = twoSided();
    expect(book.getAvgPxForQuantity(qty('2.5'), 'BUY')?.toString()).toBe('100.7000000000000000');
    expect(book.getAvgPxForQuantity(qty('10'), 'BUY')?.toString()).toBe('100.8333333333333333');
    expect(book.getAvgPxForQuantity(qty('3'), 'SELL')?.toString()).toBe('99.6666666666666667');
    expect(book.getAvgPxForQuantity(qty('0'), 'SELL')).toBeNull();
    expect(l2().getAvgPxForQuantity(qty('1'), 'BUY')).toBeNull();
  });

  it('gives the quantity available at a price or better', () => {
    const book = twoSided();
    expect(book.getQuantityForPrice(px('100.50'), 'BUY').toString()).toBe('1.500');
    expect(book.getQuantityForPrice(px('101'), 'BUY').toString()).toBe('4.500');
    expect(book.getQuantityForPrice(px('100.49'), 'BUY').toString()).toBe('0.000');
    expect(book.getQuantityForPrice(px('99'), 'SELL').toString()).toBe('3.000');
  });

  it('simulates fills for market and limit orders', () => {
    const book = twoSided();
    const market = book.simulateFills({ side: 'BUY', size: qty('2') });
    expect(market.map((f) => [f.price.toString(), f.size.toString()])).toEqual([
      ['100.50', '1.500'],
      ['101.00', '0.500'],
    ]);
    const limit = book.simulateFills({ side: 'SELL', size: qty('5'), price: px('100') });
    expect(limit.map((f) => [f.price.toString(), f.size.toString()])).toEqual([['100.00', '1.000']]);
  });

  it('reports a crossed book and a sequence going backwards', () => {
    const book = l2();
    expect(book.checkIntegrity()).toBeNull();
    book.applyDelta({ action: 'ADD', side: 'BUY', price: px('101'), size: qty('1'), sequence: 5 });
    book.applyDelta({ action: 'ADD', side: 'SELL', price: px('100'), size: qty('1'), sequence: 6 });
    const crossed = book.checkIntegrity();
    expect(crossed).toBeInstanceOf(BookError);
    expect(crossed?.code).toBe('BOOK_CROSSED');
    expect(crossed?.message).toBe('book is crossed: best bid 101.00 >= best ask 100.00');
    book.applyDelta({ action: 'DELETE', side: 'SELL', price: px('100'), size: qty('0'), sequence: 4 });
    expect(book.checkIntegrity()?.code).toBe('BOOK_SEQUENCE_BACKWARDS');
  });

  it('prints asks above bids', () => {
    const s = twoSided().toString();
    expect(s.startsWith('OrderBook BTCUSDT.BINANCE L2_MBP sequence=0 update_count=4')).toBe(true);
    expect(s.indexOf('101.00')).toBeLessThan(s.indexOf('99.50'));
  });

  it('replaces the book with a depth snapshot', () => {
    const book = twoSided();
    book.applyDepth({
      bids: [{ price: px('90'), size: qty('1') }],
      asks: [
        { price: px('91'), size: qty('2') },
        { price: px('92'), size: qty('3') },
      ],
      sequence: 10n,
    });
    expect(text(book.bids())).toEqual([['90.00', '1.000', 1]]);
    expect(book.asks().length).toBe(2);
    expect(book.sequence).toBe(10n);
  });
});

describe('bad input is refused and leaves the book unchanged', () => {
  const cases: [string, () => unknown, string][] = [
    [
      'a price with more decimals than the book',
      () => ({ action: 'ADD', side: 'BUY', price: px('1.001'), size: qty('1') }),
      'BOOK_TOO_MANY_DECIMALS',
    ],
    [
      'a size with more decimals than the book',
      () => ({ action: 'ADD', side: 'BUY', price: px('1'), size: qty('1.0001') }),
      'BOOK_TOO_MANY_DECIMALS',
    ],
    [
      'a negative size',
      () => ({ action: 'ADD', side: 'BUY', price: px('1'), size: px('-1') }),
      'BOOK_NEGATIVE_SIZE',
    ],
    [
      'an unknown action',
      () => ({ action: 'REPLACE', side: 'BUY', price: px('1'), size: qty('1') }),
      'BOOK_UNKNOWN_ACTION',
    ],
    [
      'an unknown side',
      () => ({ action: 'ADD', side: 'LONG', price: px('1'), size: qty('1') }),
      'BOOK_UNKNOWN_SIDE',
    ],
    [
      'a NaN price',
      () => ({ action: 'ADD', side: 'BUY', price: Number.NaN, size: qty('1') }),
      'BOOK_INVALID_DELTA',
    ],
    [
      'a NaN size',
      () => ({ action: 'ADD', side: 'BUY', price: px('1'), size: Number.NaN }),
      'BOOK_INVALID_DELTA',
    ],
    [
      'a fractional sequence',
      () => ({ action: 'ADD', side: 'BUY', price: px('1'), size: qty('1'), sequence: 1.5 }),
      'BOOK_INVALID_DELTA',
    ],
    [
      'a negative order id',
      () => ({ action: 'ADD', side: 'BUY', price: px('1'), size: qty('1'), orderId: -1n }),
      'BOOK_INVALID_DELTA',
    ],
    [
      'flags out of a byte',
      () => ({ action: 'ADD', side: 'BUY', price: px('1'), size: qty('1'), flags: 256 }),
      'BOOK_INVALID_DELTA',
    ],
  ];
  for (const [name, make, code] of cases) {
    it(`${name}: ${code}`, () => {
      const book = twoSided();
      const before = state(book);
      let caught: unknown;
      try {
        book.applyDelta(make() as never);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(BookError);
      expect((caught as BookError).code).toBe(code);
      expect(state(book)).toEqual(before);
    });
  }

  it('names the value and the precision in the message', () => {
    const book = l2();
    expect(() =>
      book.applyDelta({ action: 'ADD', side: 'BUY', price: px('100.001'), size: qty('1') }),
    ).toThrow("price '100.001' has more decimals than the book's price precision 2");
  });

  it('refuses a precision out of range at construction', () => {
    expect(() => new OrderBook('X.Y', BookType.L2_MBP, { pricePrecision: 17 })).toThrow(BookError);
  });
});

describe('OrderBook L3_MBO and L1_MBP', () => {
  it('L3 keeps queue position on a size reduction and loses it on an increase', () => {
    const book = new OrderBook('X.Y', BookType.L3_MBO, opts);
    for (const [id, size] of [
      [1n, '1'],
      [2n, '2'],
      [3n, '3'],
    ] as const) {
      book.applyDelta({ action: 'ADD', side: 'BUY', price: px('100'), size: qty(size), orderId: id });
    }
    book.applyDelta({ action: 'UPDATE', side: 'BUY', price: px('100'), size: qty('0.5'), orderId: 1n });
    expect(book.levelOrders('BUY', px('100')).map((o) => o.orderId)).toEqual([1n, 2n, 3n]);
    book.applyDelta({ action: 'UPDATE', side: 'BUY', price: px('100'), size: qty('5'), orderId: 2 });
    expect(book.levelOrders('BUY', px('100')).map((o) => o.orderId)).toEqual([1n, 3n, 2n]);
    expect(text(book.bids())).toEqual([['100.00', '8.500', 3]]);
  });

  it('L1 is driven by quotes and trades; deeper books refuse quotes', () => {
    const book = new OrderBook('X.Y', BookType.L1_MBP, opts);
    book.updateQuote({
      bidPrice: px('100'),
      askPrice: px('101'),
      bidSize: qty('1'),
      askSize: qty('2'),
      sequence: 1,
    });
    expect(book.bestAskSize()?.toString()).toBe('2.000');
    book.updateTrade({ price: px('100.5'), size: qty('0.1'), tsEvent: 9n });
    expect(book.bestBidPrice()?.toString()).toBe('100.50');
    expect(book.bestAskPrice()?.toString()).toBe('100.50');
    expect(book.tsLast).toBe(9n);
    expect(() =>
      l2().updateQuote({ bidPrice: px('1'), askPrice: px('2'), bidSize: qty('1'), askSize: qty('1') }),
    ).toThrow(expect.objectContaining({ code: 'BOOK_UNSUPPORTED' }));
  });
});

describe('market-data events', () => {
  it('applies OrderBookDelta and OrderBookDeltas events of its instrument, and refuses another', () => {
    const id = InstrumentId.from('BTCUSDT.BINANCE');
    const book = new OrderBook(id, BookType.L3_MBO, opts);
    const add = (orderId: bigint, price: string) =>
      orderBookDelta({
        instrumentId: id,
        action: 'ADD',
        order: { side: 'BUY', price: px(price), size: qty('1'), orderId },
        sequence: orderId,
        tsEvent: 1n,
        tsInit: 2n,
      });
    book.applyDelta(add(1n, '100'));
    book.applyDeltas(orderBookDeltas(id, [add(2n, '100'), add(3n, '99')]));
    expect(text(book.bids())).toEqual([
      ['100.00', '2.000', 2],
      ['99.00', '1.000', 1],
    ]);
    book.applyDelta(orderBookDelta({ instrumentId: id, action: 'CLEAR', tsEvent: 3n, tsInit: 3n }));
    expect(book.bids()).toEqual([]);
    expect(book.sequence).toBe(3n);
    const other = InstrumentId.from('ETHUSDT.BINANCE');
    const foreign = orderBookDelta({
      instrumentId: other,
      action: 'ADD',
      order: { side: 'BUY', price: px('1'), size: qty('1'), orderId: 9n },
      tsEvent: 1n,
      tsInit: 1n,
    });
    expect(() => book.applyDelta(foreign)).toThrow(
      expect.objectContaining({ code: 'BOOK_INSTRUMENT_MISMATCH' }),
    );
    expect(book.updateCount).toBe(4n);
  });
});
