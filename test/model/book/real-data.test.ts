// Replays of real market files through the book; expected values are read or computed from the
// file in the test, independently of the book.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { DeltaBatch, F_LAST, F_SNAPSHOT, OrderBook } from '../../../ts/model/book/index.js';
import { BookType } from '../../../ts/model/enums.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';

const MARKET = new URL('../../../../shared/data/market/', import.meta.url);
const csv = (name: string) =>
  readFileSync(new URL(name, MARKET), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));

describe('real data', () => {
  it('Binance futures depth-25 snapshots: each replaces the book, top and levels match the file', () => {
    const [header, ...rows] = csv('binance-futures-btcusdt-book-snapshot-25.csv');
    const col = (name: string) => header!.indexOf(name);
    const book = new OrderBook('BTCUSDT-PERP.BINANCE', BookType.L2_MBP, {
      pricePrecision: 2,
      sizePrecision: 3,
    });
    const batch = new DeltaBatch(64);
    expect(rows.length).toBe(10);
    for (const row of rows) {
      batch.clear().add('CLEAR', 'BUY', Price.zero(), Quantity.zero(), 0, F_SNAPSHOT);
      const expected: Record<'bids' | 'asks', string[]> = { bids: [], asks: [] };
      for (let i = 0; i < 25; i++) {
        for (const [side, key] of [
          ['BUY', 'bids'],
          ['SELL', 'asks'],
        ] as const) {
          const price = row[col(`${key}[${i}].price`)]!;
          const amount = row[col(`${key}[${i}].amount`)]!;
          if (price === '') continue;
          const flags = F_SNAPSHOT | (i === 24 && side === 'SELL' ? F_LAST : 0);
          batch.add('ADD', side, Price.from(price), Quantity.from(amount), 0, flags);
          expected[key].push(`${Price.from(price, 2)}@${Quantity.from(amount, 3)}`);
        }
      }
      book.applyDeltas(batch);
      expect(book.bestBidPrice()?.toNumber()).toBe(Number(row[col('bids[0].price')]));
      expect(book.bestAskPrice()?.toNumber()).toBe(Number(row[col('asks[0].price')]));
      expect(book.bestAskSize()?.toString()).toBe(Quantity.from(row[col('asks[0].amount')]!, 3).toString());
      const levels = (side: 'bids' | 'asks') => book[side]().map((l) => `${l.price}@${l.size}`);
      expect(levels('bids')).toEqual(expected.bids);
      expect(levels('asks')).toEqual(expected.asks);
      expect(book.checkIntegrity()).toBeNull();
    }
  });

  it('Deribit L2 snapshot rows: best ask is the lowest price of the file', () => {
    const [, ...rows] = csv('deribit-btc-perpetual-l2-incremental.csv');
    const book = new OrderBook('BTC-PERPETUAL.DERIBIT', BookType.L2_MBP, {
      pricePrecision: 1,
      sizePrecision: 0,
    });
    for (const [, , ts, , , side, price, amount] of rows) {
      book.applyDelta({
        action: amount === '0' ? 'DELETE' : 'UPDATE',
        side: side === 'bid' ? 'BUY' : 'SELL',
        price: Price.from(price!),
        size: Quantity.from(amount!),
        tsEvent: BigInt(ts!) * 1000n,
      });
    }
    const lowest = Math.min(...rows.map((r) => Number(r[6])));
    expect(book.bestAskPrice()?.toNumber()).toBe(lowest);
    expect(book.asks().length).toBe(new Set(rows.map((r) => r[6])).size);
    expect(book.bestBidPrice()).toBeNull();
    expect(book.tsLast).toBe(BigInt(rows.at(-1)![2]!) * 1000n);
  });

  it('TrueFX USDJPY quotes drive an L1 book: top equals each quote, spread exact', () => {
    const [, ...rows] = csv('truefx-usdjpy-quotes.csv');
    const book = new OrderBook('USD/JPY.TRUEFX', BookType.L1_MBP, { pricePrecision: 3, sizePrecision: 0 });
    const one = Quantity.from('1000000');
    for (const [, bid, ask] of rows) {
      book.updateQuote({
        bidPrice: Price.from(bid!),
        askPrice: Price.from(ask!),
        bidSize: one,
        askSize: one,
      });
      expect(book.bestBidPrice()?.toString()).toBe(Price.from(bid!, 3).toString());
      expect(book.bestAskPrice()?.toString()).toBe(Price.from(ask!, 3).toString());
      expect(book.spread()?.toString()).toBe(Price.from(ask!, 3).sub(Price.from(bid!, 3)).toString());
    }
    expect(book.updateCount).toBe(BigInt(rows.length));
  });

  it('BitMEX trades drive an L1 book to the last trade price', () => {
    const [, ...rows] = csv('bitmex-xbtusd-trades.csv');
    const book = new OrderBook('XBTUSD.BITMEX', BookType.L1_MBP, { pricePrecision: 1, sizePrecision: 0 });
    for (const [, , ts, , , , price, amount] of rows) {
      book.updateTrade({ price: Price.from(price!), size: Quantity.from(amount!), tsEvent: BigInt(ts!) });
    }
    const last = rows.at(-1)!;
    expect(book.bestBidPrice()?.toNumber()).toBe(Number(last[6]));
    expect(book.bestAskSize()?.toNumber()).toBe(Number(last[7]));
  });
});
