import { describe, expect, it } from 'vitest';

import { OrderBook, OwnOrderBook } from '../../../ts/model/book/index.js';
import { BookType, OrderStatus } from '../../../ts/model/enums.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';

const px = (s: string) => Price.from(s);
const qty = (s: string) => Quantity.from(s);

function publicBook(): OrderBook {
  const book = new OrderBook('BTCUSDT.BINANCE', BookType.L2_MBP, { pricePrecision: 2, sizePrecision: 3 });
  book.applyDeltas([
    { action: 'ADD', side: 'BUY', price: px('100'), size: qty('1') },
    { action: 'ADD', side: 'SELL', price: px('100.5'), size: qty('1.5') },
    { action: 'ADD', side: 'SELL', price: px('101'), size: qty('3') },
  ]);
  return book;
}

function ownBook(): OwnOrderBook {
  const own = new OwnOrderBook('BTCUSDT.BINANCE');
  own.add({
    clientOrderId: 'O-1',
    side: 'BUY',
    price: px('100'),
    size: qty('0.4'),
    status: OrderStatus.ACCEPTED,
  });
  own.add({
    clientOrderId: 'O-2',
    side: 'BUY',
    price: px('100'),
    size: qty('0.1'),
    status: OrderStatus.SUBMITTED,
  });
  own.add({
    clientOrderId: 'O-3',
    side: 'SELL',
    price: px('101'),
    size: qty('5'),
    status: OrderStatus.ACCEPTED,
  });
  return own;
}

describe('OwnOrderBook', () => {
  it('aggregates our orders by level, optionally by status', () => {
    const own = ownBook();
    expect(own.count).toBe(3);
    const bids = own.bids();
    expect(bids.map((l) => [l.price.toString(), l.size.toString(), l.orders])).toEqual([['100', '0.5', 2]]);
    expect(own.bids(10, [OrderStatus.ACCEPTED])[0]?.size.toString()).toBe('0.4');
    expect(own.asks()[0]?.price.toString()).toBe('101');
  });

  it('refuses a duplicate id and an unknown id', () => {
    const own = ownBook();
    expect(() =>
      own.add({ clientOrderId: 'O-1', side: 'BUY', price: px('1'), size: qty('1'), status: 'ACCEPTED' }),
    ).toThrow(expect.objectContaining({ code: 'OWN_BOOK_DUPLICATE_ORDER' }));
    expect(() => own.delete('nope')).toThrow(expect.objectContaining({ code: 'OWN_BOOK_UNKNOWN_ORDER' }));
  });

  it('moves an order on a price update and removes it on delete', () => {
    const own = ownBook();
    own.update({
      clientOrderId: 'O-1',
      side: 'BUY',
      price: px('99'),
      size: qty('0.2'),
      status: 'PARTIALLY_FILLED',
    });
    expect(own.bids().map((l) => l.price.toString())).toEqual(['100', '99']);
    own.delete('O-2');
    expect(own.bids().map((l) => l.price.toString())).toEqual(['99']);
  });

  it('shows the public book net of our size', () => {
    const book = publicBook();
    const own = ownBook();
    expect(own.netLevels(book, 'BUY').map((l) => l.size.toString())).toEqual(['0.500']);
    // Our 5 at 101 is more than the public 3: the level leaves the net view.
    expect(own.netLevels(book, 'SELL').map((l) => l.price.toString())).toEqual(['100.50']);
  });

  it('audits orders the venue no longer reports open, and levels where we exceed the public size', () => {
    const book = publicBook();
    const own = ownBook();
    expect(own.auditOpen(['O-1'])).toEqual(['O-2', 'O-3']);
    expect(own.auditOpen(new Set(['O-1', 'O-2', 'O-3']))).toEqual([]);
    const excess = own.auditLevels(book);
    expect(excess.map((x) => [x.side, x.price.toString(), x.own.toString(), x.public.toString()])).toEqual([
      ['SELL', '101', '5', '3.000'],
    ]);
  });
});
