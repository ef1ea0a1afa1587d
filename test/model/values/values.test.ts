import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';

import { KairosError } from '../../../ts/model/errors.js';
import { Currency, Money, Price, Quantity } from '../../../ts/model/values/index.js';

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof KairosError) return err.code;
    throw err;
  }
  throw new Error('expected an error');
}

describe('Price and Quantity', () => {
  it('parses strings exactly, inferring the precision', () => {
    const p = Price.from('20377.00');
    expect(p.raw).toBe(203_770_000_000_000_000_000n);
    expect(p.precision).toBe(2);
    expect(p.toString()).toBe('20377.00');
  });

  it('rounds numbers half-even to the given precision', () => {
    expect(Price.from(1.5, 2).toString()).toBe('1.50');
    expect(Price.from(0.125, 2).toString()).toBe('0.12');
    expect(Price.from(0.375, 2).toString()).toBe('0.38');
    expect(Price.from(2.5, 0).toString()).toBe('2');
  });

  it('compares by value whatever the precision', () => {
    expect(Price.from('1.10').eq(Price.from('1.1'))).toBe(true);
    expect(Price.from('1.10').compare(Price.from('1.2'))).toBe(-1);
    expect(Price.from('2').gt(Price.from('1.99999999'))).toBe(true);
    expect(Quantity.from('0.5').lt(Quantity.from('0.50000001'))).toBe(true);
  });

  it('adds and subtracts at the larger precision', () => {
    expect(Price.from('1.5').add(Price.from('0.25')).toString()).toBe('1.75');
    expect(Price.from('0.25').sub(Price.from('1.5')).toString()).toBe('-1.25');
    expect(Quantity.from('3').sub(Quantity.from('0.001')).toString()).toBe('2.999');
  });

  it('holds prices to 10^9 and quantities to 10^12 at 8 decimals', () => {
    const q = Quantity.from('1000000000000.12345678');
    expect(q.add(q).toString()).toBe('2000000000000.24691356');
    expect(Price.from('999999999.99999999').add(Price.from('0.00000001')).toString()).toBe(
      '1000000000.00000000',
    );
  });

  it('converts to and from decimal.js exactly', () => {
    const d = Price.from('20377.12345678').toDecimal();
    expect(d).toBeInstanceOf(Decimal);
    expect(d.toFixed()).toBe('20377.12345678');
    expect(Price.from(new Decimal('1.005')).toString()).toBe('1.005');
    expect(Quantity.from(new Decimal('3'), 4).toString()).toBe('3.0000');
  });

  it('toNumber is the nearest double', () => {
    expect(Price.from('0.1').toNumber()).toBe(0.1);
    expect(Price.from('-20377.5').toNumber()).toBe(-20377.5);
    expect(Quantity.fromRaw(19_220_000_000_000_000n, 3).toNumber()).toBe(1.922);
    expect(Price.fromRaw(-1n, 16).toNumber()).toBe(-1e-16);
  });

  it.each([
    ['NaN', () => Price.from(Number.NaN, 2), 'NOT_FINITE'],
    ['Infinity', () => Price.from(Number.POSITIVE_INFINITY, 2), 'NOT_FINITE'],
    ['garbage text', () => Price.from('12abc'), 'INVALID_VALUE'],
    ['too many decimals for the precision', () => Price.from('1.234', 2), 'TOO_MANY_DECIMALS'],
    ['out of range', () => Price.from('1000000000000000001'), 'OUT_OF_RANGE'],
    ['negative quantity', () => Quantity.from('-1'), 'NEGATIVE_VALUE'],
    ['negative quantity result', () => Quantity.from('1').sub(Quantity.from('2')), 'NEGATIVE_VALUE'],
    ['number without precision', () => Price.from(1.5), 'PRECISION_REQUIRED'],
    ['precision above the scale', () => Price.from('1', 17), 'PRECISION_OUT_OF_RANGE'],
  ])('refuses %s with a stable code', (_name, f, code) => {
    expect(codeOf(f)).toBe(code);
  });

  it('names the bad value in the message', () => {
    expect(() => Price.from('12abc')).toThrow("invalid Price '12abc': not a plain decimal number");
    expect(() => Quantity.from('-1')).toThrow("Quantity must not be negative, was '-1'");
  });
});

describe('Money and Currency', () => {
  it('adds in one currency and formats with its precision', () => {
    const a = Money.from('10.5', 'USD');
    expect(a.add(Money.from('-0.25', 'USD')).toString()).toBe('10.25 USD');
    expect(Money.from(0.1, 'BTC').toString()).toBe('0.10000000 BTC');
  });

  it('refuses a currency mismatch and too many decimals', () => {
    expect(codeOf(() => Money.from('1', 'USD').add(Money.from('1', 'EUR')))).toBe('CURRENCY_MISMATCH');
    expect(() => Money.from('1', 'USD').add(Money.from('1', 'EUR'))).toThrow(
      'currency mismatch: USD and EUR',
    );
    expect(codeOf(() => Money.from('1.005', 'USD'))).toBe('TOO_MANY_DECIMALS');
  });

  it('knows the built-in currencies and registers new crypto codes', () => {
    expect(Currency.from('USDT').precision).toBe(8);
    expect(Currency.from('JPY').precision).toBe(0);
    expect(codeOf(() => Currency.from('KAIROSX'))).toBe('UNKNOWN_CURRENCY');
    const k = Currency.register('KAIROSX', 6);
    expect(Currency.from('KAIROSX')).toBe(k);
    expect(Currency.register('KAIROSX', 6)).toBe(k);
    expect(codeOf(() => Currency.register('KAIROSX', 8))).toBe('CURRENCY_CONFLICT');
    expect(codeOf(() => Currency.register('bad code', 2))).toBe('INVALID_VALUE');
  });
});
