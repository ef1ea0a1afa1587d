import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Instrument, OrderEvent, PositionEvent } from '../../../ts/model/index.js';
import * as model from '../../../ts/model/index.js';

describe('ts/model public surface', () => {
  it('exports the domain by name', () => {
    for (const name of [
      'Order',
      'Position',
      'splitFill',
      'CashAccount',
      'MarginAccount',
      'CurrencyPair',
      'CryptoPerpetual',
      'CryptoFuture',
      'Equity',
      'ExecutionMassStatus',
      'orderStatusReport',
      'fillReport',
      'positionStatusReport',
      'quoteTick',
      'tradeTick',
      'bar',
      'parseBarType',
      'orderBookDelta',
      'assertNever',
      'orderFilled',
      'accountState',
      'Price',
      'Quantity',
      'Money',
      'Currency',
      'InstrumentId',
      'OrderStatus',
      'KairosError',
    ]) {
      expect(model, name).toHaveProperty(name);
    }
  });

  it('types the unions by their discriminant', () => {
    expectTypeOf<OrderEvent['type']>().toEqualTypeOf<(typeof model.ORDER_EVENT_TYPES)[number]>();
    expectTypeOf<PositionEvent['type']>().toEqualTypeOf<
      'PositionOpened' | 'PositionChanged' | 'PositionClosed'
    >();
    expectTypeOf<Instrument['type']>().toEqualTypeOf<model.InstrumentType>();
    expectTypeOf<model.Order['avgPx']>().toEqualTypeOf<import('decimal.js').Decimal | null>();
  });
});
