import { describe, expect, it } from 'vitest';

import { BookError, DeltaBatch, OrderBook, PACKED_WORDS } from '../../../ts/model/book/index.js';
import { BookType } from '../../../ts/model/enums.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';

const px = (s: string) => Price.from(s);
const qty = (s: string) => Quantity.from(s);
const opts = { pricePrecision: 2, sizePrecision: 3 };

const levels = (book: OrderBook) =>
  [book.bids(), book.asks()].map((side) => side.map((l) => `${l.price}x${l.size}`));

describe('DeltaBatch', () => {
  it('packs the documented layout: i128 raws as low/high words, codes in word 8', () => {
    const batch = new DeltaBatch(1);
    batch.add('DELETE', 'SELL', px('50000.01'), qty('0.5'), 7n, 128, 9n, 10n, 11n);
    const w = batch.words;
    const price = px('50000.01').raw;
    expect(w[0]).toBe(BigInt.asIntN(64, price));
    expect(w[1]).toBe(price >> 64n);
    expect(w[2]).toBe(qty('0.5').raw);
    expect(w[3]).toBe(0n);
    expect([w[4], w[5], w[6], w[7]]).toEqual([7n, 9n, 10n, 11n]);
    expect(w[8]).toBe(BigInt(3 | (2 << 8) | (128 << 16)));
    expect(w.length).toBe(PACKED_WORDS);
  });

  it('grows past its capacity and is reusable after clear', () => {
    const batch = new DeltaBatch(2);
    for (let i = 1; i <= 5; i++) batch.add('ADD', 'BUY', px(`${i}`), qty('1'));
    expect(batch.length).toBe(5);
    expect(batch.capacity).toBeGreaterThanOrEqual(5);
    const book = new OrderBook('X.Y', BookType.L2_MBP, opts);
    book.applyDeltas(batch);
    expect(book.bids().length).toBe(5);
    batch.clear().push({ action: 'DELETE', side: 'BUY', price: px('5'), size: qty('0') });
    book.applyDeltas(batch);
    expect(book.bestBidPrice()?.toString()).toBe('4.00');
    expect(book.updateCount).toBe(6n);
  });

  it('refuses a bad action or type when filled', () => {
    const batch = new DeltaBatch();
    expect(() => batch.add('NOPE' as 'ADD', 'BUY', px('1'), qty('1'))).toThrow(
      expect.objectContaining({ code: 'BOOK_UNKNOWN_ACTION' }),
    );
    expect(batch.length).toBe(0);
  });

  it('applies all or nothing and names the bad delta', () => {
    const book = new OrderBook('X.Y', BookType.L2_MBP, opts);
    book.applyDelta({ action: 'ADD', side: 'BUY', price: px('1'), size: qty('1') });
    const before = [levels(book), book.updateCount, book.toString()];
    const batch = new DeltaBatch()
      .add('ADD', 'BUY', px('2'), qty('1'))
      .add('ADD', 'BUY', px('3'), qty('1'))
      .add('ADD', 'BUY', px('3.001'), qty('1'));
    let caught: unknown;
    try {
      book.applyDeltas(batch);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BookError);
    expect((caught as BookError).code).toBe('BOOK_TOO_MANY_DECIMALS');
    expect((caught as BookError).index).toBe(2);
    expect((caught as BookError).message).toContain('delta 2 of the batch');
    expect([levels(book), book.updateCount, book.toString()]).toEqual(before);
  });

  it('takes an array of delta objects too, with the same index on failure', () => {
    const book = new OrderBook('X.Y', BookType.L2_MBP, opts);
    book.applyDeltas([
      { action: 'ADD', side: 'BUY', price: px('1'), size: qty('1') },
      { action: 'ADD', side: 'SELL', price: px('2'), size: qty('1') },
    ]);
    expect(levels(book)).toEqual([['1.00x1.000'], ['2.00x1.000']]);
    expect(() =>
      book.applyDeltas([
        { action: 'ADD', side: 'BUY', price: px('1'), size: qty('5') },
        { action: 'ADD', side: 'BAD' as 'BUY', price: px('1'), size: qty('1') },
      ]),
    ).toThrow(expect.objectContaining({ code: 'BOOK_UNKNOWN_SIDE', index: 1 }));
    expect(levels(book)).toEqual([['1.00x1.000'], ['2.00x1.000']]);
  });

  it('a corrupted record (unknown action code) is refused by the core', () => {
    const book = new OrderBook('X.Y', BookType.L2_MBP, opts);
    const batch = new DeltaBatch().add('ADD', 'BUY', px('1'), qty('1'));
    batch.words[8] = 9n | (1n << 8n);
    expect(() => book.applyDeltas(batch)).toThrow(
      expect.objectContaining({ code: 'BOOK_UNKNOWN_ACTION', index: 0 }),
    );
    expect(book.updateCount).toBe(0n);
  });
});
