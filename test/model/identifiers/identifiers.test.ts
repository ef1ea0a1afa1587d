import { describe, expect, it } from 'vitest';
import * as enums from '../../../ts/model/enums.js';
import { KairosError } from '../../../ts/model/errors.js';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  StrategyId,
  TradeId,
  TraderId,
  Venue,
} from '../../../ts/model/identifiers/index.js';
import { native } from '../../../ts/native.js';

describe('identifiers', () => {
  it('splits an instrument id at the last dot', () => {
    const id = InstrumentId.from('BTCUSDT-PERP.BINANCE');
    expect(id.symbol.value).toBe('BTCUSDT-PERP');
    expect(id.venue.eq(Venue.from('BINANCE'))).toBe(true);
    expect(InstrumentId.from('BRK.B.NYSE').symbol.value).toBe('BRK.B');
    expect(InstrumentId.of('ETHUSDT', 'BINANCE').toString()).toBe('ETHUSDT.BINANCE');
  });

  it('checks the name-tag format of trader, strategy and account ids', () => {
    expect(TraderId.from('TRADER-001').tag).toBe('001');
    expect(AccountId.from('BINANCE-001').issuer).toBe('BINANCE');
    expect(StrategyId.from('EXTERNAL').isExternal).toBe(true);
    expect(StrategyId.from('INTERNAL-DIFF').isInternalDiff).toBe(true);
    for (const bad of ['TRADER', 'TRADER-', '-001', 'TRA DER-001', '']) {
      expect(() => TraderId.from(bad)).toThrow(KairosError);
    }
  });

  it.each([
    ['empty', () => ClientOrderId.from(''), "invalid ClientOrderId '': must not be empty"],
    ['whitespace', () => TradeId.from('12 3'), 'must be printable ASCII without whitespace'],
    ['no venue', () => InstrumentId.from('BTCUSDT'), "must be in the format 'SYMBOL.VENUE'"],
    ['too long', () => ClientOrderId.from('x'.repeat(37)), 'at most 36 characters'],
  ])('refuses %s with a message naming the value', (_n, f, message) => {
    expect(f).toThrow(message);
    try {
      f();
    } catch (err) {
      expect((err as KairosError).code).toBe('INVALID_IDENTIFIER');
    }
  });
});

describe('enums', () => {
  it('are exactly the wire names the native core defines, in order', () => {
    const names = native.enumNames();
    const pairs: [readonly string[], object][] = [
      [names.orderSide, enums.OrderSide],
      [names.orderType, enums.OrderType],
      [names.orderStatus, enums.OrderStatus],
      [names.timeInForce, enums.TimeInForce],
      [names.omsType, enums.OmsType],
      [names.contingencyType, enums.ContingencyType],
      [names.bookType, enums.BookType],
      [names.bookAction, enums.BookAction],
      [names.aggressorSide, enums.AggressorSide],
      [names.liquiditySide, enums.LiquiditySide],
      [names.positionSide, enums.PositionSide],
      [names.triggerType, enums.TriggerType],
      [names.accountType, enums.AccountType],
    ];
    for (const [rust, ts] of pairs) expect(Object.keys(ts)).toEqual(rust);
  });
});
