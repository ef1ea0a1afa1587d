import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { type BookDeltaInput, DeltaBatch, OrderBook } from '../../../ts/model/book/index.js';
import { type BookAction, BookType, type OrderSide } from '../../../ts/model/enums.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';

type Queue = [id: bigint, size: bigint][];

/** The reference: sorted maps of price raw -> FIFO of (order id, size raw), written plainly. */
class Model {
  bids = new Map<bigint, Queue>();
  asks = new Map<bigint, Queue>();
  sequence = 0n;
  count = 0n;

  constructor(readonly type: BookType) {}

  side(s: OrderSide): Map<bigint, Queue> {
    return s === 'BUY' ? this.bids : this.asks;
  }

  removeId(id: bigint): { side: OrderSide; price: bigint; at: number; size: bigint } | undefined {
    for (const side of ['BUY', 'SELL'] as const) {
      const map = this.side(side);
      for (const [price, q] of map) {
        const at = q.findIndex(([i]) => i === id);
        if (at >= 0) {
          const size = q[at]![1];
          q.splice(at, 1);
          if (q.length === 0) map.delete(price);
          return { side, price, at, size };
        }
      }
    }
    return undefined;
  }

  apply(d: {
    action: BookAction;
    side: OrderSide;
    price: bigint;
    size: bigint;
    orderId: bigint;
    sequence: bigint;
  }) {
    const removes = d.action === 'DELETE' || d.size === 0n;
    const map = this.side(d.side);
    if (d.action === 'CLEAR') {
      this.bids.clear();
      this.asks.clear();
    } else if (this.type === 'L1_MBP') {
      if (removes) map.delete(d.price);
      else {
        map.clear();
        map.set(d.price, [[0n, d.size]]);
      }
    } else if (this.type === 'L2_MBP') {
      if (removes) map.delete(d.price);
      else map.set(d.price, [[0n, d.size]]);
    } else {
      const old = this.removeId(d.orderId);
      if (!removes) {
        const q = map.get(d.price) ?? [];
        map.set(d.price, q);
        if (old && old.side === d.side && old.price === d.price && d.size <= old.size) {
          q.splice(old.at, 0, [d.orderId, d.size]);
        } else q.push([d.orderId, d.size]);
      }
    }
    if (d.sequence !== 0n) this.sequence = d.sequence;
    this.count++;
  }

  levels(s: OrderSide): [bigint, bigint, number][] {
    const rows = [...this.side(s)].map(
      ([p, q]) => [p, q.reduce((a, [, size]) => a + size, 0n), q.length] as [bigint, bigint, number],
    );
    return rows.sort((a, b) => (s === 'BUY' ? (a[0] > b[0] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  }
}

const delta = fc.record({
  action: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom<BookAction>('ADD', 'UPDATE') },
    { weight: 3, arbitrary: fc.constant<BookAction>('DELETE') },
    { weight: 1, arbitrary: fc.constant<BookAction>('CLEAR') },
  ),
  side: fc.constantFrom<OrderSide>('BUY', 'SELL'),
  cents: fc.integer({ min: -2, max: 8 }),
  tenths: fc.integer({ min: 0, max: 5 }),
  orderId: fc.bigInt({ min: 1n, max: 6n }),
  sequence: fc.bigInt({ min: 0n, max: 50n }),
  // How this delta reaches the book: alone, or in a batch with the ones around it.
  batched: fc.boolean(),
});

function unpack(d: {
  action: BookAction;
  side: OrderSide;
  cents: number;
  tenths: number;
  orderId: bigint;
  sequence: bigint;
}): BookDeltaInput {
  return {
    action: d.action,
    side: d.side,
    price: Price.from(d.cents / 100, 2),
    size: Quantity.from(d.tenths / 10, 1),
    orderId: d.orderId,
    sequence: d.sequence,
  };
}

function bookLevels(book: OrderBook, s: OrderSide): [bigint, bigint, number][] {
  return (s === 'BUY' ? book.bids() : book.asks()).map((l) => [l.price.raw, l.size.raw, l.orders]);
}

describe('OrderBook against a reference model', () => {
  for (const type of [BookType.L1_MBP, BookType.L2_MBP, BookType.L3_MBO]) {
    it(`${type}: any sequence of deltas, single or batched, equals the model`, () => {
      fc.assert(
        fc.property(fc.array(delta, { maxLength: 80 }), fc.integer({ min: 0, max: 2 }), (deltas, defect) => {
          const book = new OrderBook('X.Y', type, { pricePrecision: 2, sizePrecision: 1 });
          const model = new Model(type);
          const batch = new DeltaBatch(4);
          const flush = () => {
            if (batch.length > 0) book.applyDeltas(batch);
            batch.clear();
          };
          const compare = () => {
            for (const s of ['BUY', 'SELL'] as const) expect(bookLevels(book, s)).toEqual(model.levels(s));
            if (type === 'L3_MBO') {
              for (const s of ['BUY', 'SELL'] as const) {
                for (const [price, q] of model.side(s)) {
                  const got = book
                    .levelOrders(s, Price.fromRaw(price, 2))
                    .map((o) => [o.orderId, o.size.raw]);
                  expect(got).toEqual(q);
                }
              }
            }
            expect(book.sequence).toBe(model.sequence);
            expect(book.updateCount).toBe(model.count);
          };
          for (const d of deltas) {
            // L3: few prices, so levels hold several orders and queue order is exercised.
            const input = unpack(type === 'L3_MBO' ? { ...d, cents: Math.abs(d.cents) % 3 } : d);
            model.apply({ ...d, price: input.price.raw, size: input.size.raw });
            if (d.batched) batch.push(input);
            else {
              flush();
              book.applyDelta(input);
              compare();
            }
          }
          flush();
          compare();

          // A bad delta afterwards is refused and changes nothing.
          const before = [
            book.toString(),
            bookLevels(book, 'BUY'),
            bookLevels(book, 'SELL'),
            book.updateCount,
          ];
          const bad: BookDeltaInput =
            defect === 0
              ? { action: 'ADD', side: 'BUY', price: Price.from('1.001'), size: Quantity.from('1') }
              : defect === 1
                ? { action: 'UPDATE', side: 'SELL', price: Price.from('1'), size: Quantity.from('0.01') }
                : {
                    action: 'ADD',
                    side: 'BUY',
                    price: Price.from('1'),
                    size: Price.from('-1') as unknown as Quantity,
                  };
          expect(() => book.applyDelta(bad)).toThrow();
          expect([
            book.toString(),
            bookLevels(book, 'BUY'),
            bookLevels(book, 'SELL'),
            book.updateCount,
          ]).toEqual(before);
        }),
        { numRuns: 300 },
      );
    });
  }
});
