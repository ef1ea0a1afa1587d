/**
 * `Money`: an amount in a currency, at the currency's precision.
 *
 * | operation              | result                                        |
 * |------------------------|-----------------------------------------------|
 * | `a.add(b)`, `a.sub(b)` | Money; a different currency throws `CURRENCY_MISMATCH` |
 * | `a.eq(b)`              | same currency and value                       |
 * | `toString()`           | `'10.25 USD'`                                  |
 */
import { Decimal } from 'decimal.js';

import { KairosError } from '../errors.js';
import { Currency } from './currency.js';
import {
  checkRaw,
  FIXED_SCALE,
  formatRaw,
  MAX_ABS_RAW,
  outOfRange,
  parseDecimal,
  RAW_UNIT,
  rawFromNumber,
  rawToNumber,
  tooManyDecimals,
} from './fixed.js';

export class Money {
  /** Raw at 16 decimals. */
  readonly raw: bigint;
  readonly currency: Currency;

  private constructor(raw: bigint, currency: Currency) {
    this.raw = raw;
    this.currency = currency;
  }

  /**
   * `Money.from('10.25', 'USD')` exact (more decimals than the currency is refused);
   * `Money.from(10.255, usd)` half-even to the currency's precision.
   */
  static from(amount: string | number | Decimal, currency: Currency | string): Money {
    const cur = typeof currency === 'string' ? Currency.from(currency) : currency;
    let raw: bigint;
    if (typeof amount === 'number') {
      raw = rawFromNumber('Money', amount, cur.precision);
    } else {
      const text = typeof amount === 'string' ? amount : amount.toFixed();
      const [r, written] = parseDecimal('Money', text);
      if (r % RAW_UNIT[cur.precision]! !== 0n) throw tooManyDecimals('Money', text, written, cur.precision);
      raw = r;
    }
    return Money.fromRaw(raw, cur);
  }

  /** From a raw at 16 decimals, checked against the currency's precision. */
  static fromRaw(raw: bigint, currency: Currency): Money {
    checkRaw('Money', raw, currency.precision);
    return new Money(raw, currency);
  }

  /** Zero of a currency. */
  static zero(currency: Currency | string): Money {
    return new Money(0n, typeof currency === 'string' ? Currency.from(currency) : currency);
  }

  get precision(): number {
    return this.currency.precision;
  }

  private same(other: Money): void {
    if (other.currency !== this.currency) {
      throw new KairosError(
        'CURRENCY_MISMATCH',
        `currency mismatch: ${this.currency.code} and ${other.currency.code}`,
      );
    }
  }

  add(other: Money): Money {
    this.same(other);
    const raw = this.raw + other.raw;
    if (raw > MAX_ABS_RAW || raw < -MAX_ABS_RAW) throw outOfRange('Money', formatRaw(raw, FIXED_SCALE));
    return new Money(raw, this.currency);
  }

  sub(other: Money): Money {
    this.same(other);
    const raw = this.raw - other.raw;
    if (raw > MAX_ABS_RAW || raw < -MAX_ABS_RAW) throw outOfRange('Money', formatRaw(raw, FIXED_SCALE));
    return new Money(raw, this.currency);
  }

  neg(): Money {
    return new Money(-this.raw, this.currency);
  }

  compare(other: Money): -1 | 0 | 1 {
    this.same(other);
    return this.raw < other.raw ? -1 : this.raw > other.raw ? 1 : 0;
  }
  eq(other: Money): boolean {
    return this.currency === other.currency && this.raw === other.raw;
  }
  lt(other: Money): boolean {
    return this.compare(other) < 0;
  }
  gt(other: Money): boolean {
    return this.compare(other) > 0;
  }
  isZero(): boolean {
    return this.raw === 0n;
  }

  /** The amount alone, with the currency's decimals. */
  amountString(): string {
    return formatRaw(this.raw, this.currency.precision);
  }
  /** `'10.25 USD'`. */
  toString(): string {
    return `${this.amountString()} ${this.currency.code}`;
  }
  toJSON(): string {
    return this.toString();
  }
  toNumber(): number {
    return rawToNumber(this.raw);
  }
  toDecimal(): Decimal {
    return new Decimal(this.amountString());
  }
}
