/**
 * `Price` and `Quantity`: immutable fixed-point values on a `bigint` raw.
 *
 * | operation               | result                                   |
 * |-------------------------|------------------------------------------|
 * | `a.add(b)`, `a.sub(b)`  | same type, precision = max of both       |
 * | `a.eq(b)`, `a.lt(b)`    | by value only (`1.10` equals `1.1`)      |
 * | `toString()`            | exactly `precision` decimals             |
 * | `from('1.25')`          | exact, precision = decimals written      |
 * | `from(1.5, 2)`          | half-even on the exact binary value      |
 *
 * Bad input throws a `KairosError` with a stable `code` and a message naming the value.
 */
import { Decimal } from 'decimal.js';

import { KairosError } from '../errors.js';
import {
  checkPrecision,
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

/** What a value can be built from. */
export type ValueInput = string | number | bigint | Decimal;

function negativeError(kind: string, raw: bigint, precision: number): KairosError {
  return new KairosError(
    'NEGATIVE_VALUE',
    `${kind} must not be negative, was '${formatRaw(raw, precision)}'`,
  );
}

/**
 * Parses `input` into a raw at `precision` (inferred from a string when not given). The result is
 * always in range and whole at the returned precision.
 */
function toRaw(kind: string, input: ValueInput, precision: number | undefined): [bigint, number] {
  if (typeof input === 'string') {
    if (precision !== undefined) checkPrecision(precision);
    const [raw, written] = parseDecimal(kind, input);
    if (precision === undefined) return [raw, written];
    if (written > precision && raw % RAW_UNIT[precision]! !== 0n) {
      throw tooManyDecimals(kind, input, written, precision);
    }
    return [raw, precision];
  }
  if (typeof input === 'number') {
    if (precision === undefined) {
      throw new KairosError('PRECISION_REQUIRED', `${kind} from the number ${input} needs a precision`);
    }
    return [rawFromNumber(kind, input, precision), precision];
  }
  if (typeof input === 'bigint') {
    // An integer: exact at precision 0 unless one is given.
    return toRaw(kind, input.toString(), precision ?? 0);
  }
  if (input instanceof Decimal) {
    if (!input.isFinite())
      throw new KairosError('NOT_FINITE', `${kind} must be finite, was ${input.toString()}`);
    return toRaw(kind, input.toFixed(), precision);
  }
  throw new KairosError(
    'INVALID_VALUE',
    `invalid ${kind} '${String(input)}': not a string, number or Decimal`,
  );
}

abstract class FixedValue {
  /** Raw value at `FIXED_SCALE` (16) decimals. */
  readonly raw: bigint;
  /** Decimals shown and kept. */
  readonly precision: number;

  protected constructor(raw: bigint, precision: number) {
    this.raw = raw;
    this.precision = precision;
  }

  /** -1, 0 or 1, by value. */
  compare(other: this): -1 | 0 | 1 {
    return this.raw < other.raw ? -1 : this.raw > other.raw ? 1 : 0;
  }
  eq(other: this): boolean {
    return this.raw === other.raw;
  }
  lt(other: this): boolean {
    return this.raw < other.raw;
  }
  le(other: this): boolean {
    return this.raw <= other.raw;
  }
  gt(other: this): boolean {
    return this.raw > other.raw;
  }
  ge(other: this): boolean {
    return this.raw >= other.raw;
  }
  isZero(): boolean {
    return this.raw === 0n;
  }
  isPositive(): boolean {
    return this.raw > 0n;
  }
  /** Exactly `precision` decimals. */
  toString(): string {
    return formatRaw(this.raw, this.precision);
  }
  toJSON(): string {
    return this.toString();
  }
  /** Nearest double: for display and ratios, never for money. */
  toNumber(): number {
    return rawToNumber(this.raw);
  }
  /** Exact decimal.js value. */
  toDecimal(): Decimal {
    return new Decimal(this.toString());
  }
}

/** A price (may be negative: spreads, some futures). */
export class Price extends FixedValue {
  /**
   * `Price.from('20377.00')` exact (precision 2); `Price.from(1.5, 2)` half-even;
   * `Price.from(decimal)`; with a precision, a string with more decimals is refused.
   */
  static from(input: ValueInput, precision?: number): Price {
    // toRaw's results are in range and whole at their precision: no second check.
    const [raw, p] = toRaw('Price', input, precision);
    return new Price(raw, p);
  }

  /** From a raw at 16 decimals, checked. */
  static fromRaw(raw: bigint, precision: number): Price {
    checkRaw('Price', raw, precision);
    return new Price(raw, precision);
  }

  /** Zero at a precision. */
  static zero(precision = 0): Price {
    checkPrecision(precision);
    return new Price(0n, precision);
  }

  add(other: Price): Price {
    const raw = this.raw + other.raw;
    if (raw > MAX_ABS_RAW || raw < -MAX_ABS_RAW) throw outOfRange('Price', formatRaw(raw, FIXED_SCALE));
    return new Price(raw, Math.max(this.precision, other.precision));
  }

  sub(other: Price): Price {
    const raw = this.raw - other.raw;
    if (raw > MAX_ABS_RAW || raw < -MAX_ABS_RAW) throw outOfRange('Price', formatRaw(raw, FIXED_SCALE));
    return new Price(raw, Math.max(this.precision, other.precision));
  }

  neg(): Price {
    return new Price(-this.raw, this.precision);
  }
}

/** A quantity: never negative. */
export class Quantity extends FixedValue {
  /** As `Price.from`; a negative value is refused. */
  static from(input: ValueInput, precision?: number): Quantity {
    const [raw, p] = toRaw('Quantity', input, precision);
    if (raw < 0n) throw negativeError('Quantity', raw, p);
    return new Quantity(raw, p);
  }

  /** From a raw at 16 decimals, checked. */
  static fromRaw(raw: bigint, precision: number): Quantity {
    checkRaw('Quantity', raw, precision);
    if (raw < 0n) throw negativeError('Quantity', raw, precision);
    return new Quantity(raw, precision);
  }

  /** Zero at a precision. */
  static zero(precision = 0): Quantity {
    checkPrecision(precision);
    return new Quantity(0n, precision);
  }

  add(other: Quantity): Quantity {
    const raw = this.raw + other.raw;
    if (raw > MAX_ABS_RAW) throw outOfRange('Quantity', formatRaw(raw, FIXED_SCALE));
    return new Quantity(raw, Math.max(this.precision, other.precision));
  }

  sub(other: Quantity): Quantity {
    const raw = this.raw - other.raw;
    const precision = Math.max(this.precision, other.precision);
    if (raw < 0n) throw negativeError('Quantity', raw, precision);
    return new Quantity(raw, precision);
  }
}
