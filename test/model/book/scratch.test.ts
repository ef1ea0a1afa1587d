// The zero-argument applyDelta path reads a scratch array registered once per thread. A second
// registration (another copy of the module) must never make a book read someone else's record.
import { describe, expect, it } from 'vitest';

import { OrderBook } from '../../../ts/model/book/index.js';
import { BookType } from '../../../ts/model/enums.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';
import { native } from '../../../ts/native.js';

const px = (s: string) => Price.from(s);
const qty = (s: string) => Quantity.from(s);

describe('applyDelta scratch', () => {
  it('stays correct after another scratch array is registered on the thread', () => {
    const book = new OrderBook('X.Y', BookType.L2_MBP, { pricePrecision: 2, sizePrecision: 3 });
    book.applyDelta({ action: 'ADD', side: 'BUY', price: px('100'), size: qty('1') });

    // A foreign scratch, as a second copy of the module would register.
    const foreign = new BigInt64Array(new ArrayBuffer(16 * 8));
    native.bookRegisterScratch(foreign);
    // Its owner has not written it for a call: the core refuses to read it.
    expect(native.bookApplyScratch()?.code).toBe('BOOK_SCRATCH_STALE');

    book.applyDelta({ action: 'ADD', side: 'BUY', price: px('101'), size: qty('2') });
    book.applyDelta({ action: 'DELETE', side: 'BUY', price: px('100'), size: qty('0') });
    expect(book.bids().map((l) => `${l.price}@${l.size}`)).toEqual(['101.00@2.000']);
    expect(book.updateCount).toBe(3n);
    expect(() => book.applyDelta({ action: 'ADD', side: 'BUY', price: px('1.001'), size: qty('1') })).toThrow(
      expect.objectContaining({ code: 'BOOK_TOO_MANY_DECIMALS' }),
    );
    expect(book.updateCount).toBe(3n);
  });
});
