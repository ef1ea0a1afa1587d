/**
 * `Price` and `Quantity`: immutable fixed-point values with the semantics of the core's `i128`
 * raw at 16 decimals (`.raw` is that raw as a `bigint`).
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
 *
 * # Representation
 * A value whose units (`value * 10^precision`) form a safe integer (|units| < 2^53: every realistic
 * price and size) keeps them as a double, where add, compare and format are plain integer
 * arithmetic, exact by construction; `raw` is then made (once) on demand. Anything larger keeps
 * the `bigint` raw. Each operation checks that its double results stay safe and otherwise takes
 * the `bigint` path, so the two representations never disagree: the shared vectors and the
 * property test against the core check both.
 */
import { Decimal } from 'decimal.js';

import { KairosError } from '../errors.js';
import {
  checkPrecision,
  checkRaw,
  FIXED_SCALE,
  type FixedOut,
  fixedOut,
  formatRaw,
  MAX_ABS_RAW,
  outOfRange,
  POW10_NUM,
  parseInto,
  RAW_UNIT,
  rawToNumber,
  roundInto,
  tooManyDecimals,
} from './fixed.js';
import { slice } from './strings.js';

/** What a value can be built from. */
export type ValueInput = string | number | bigint | Decimal;

const SAFE = Number.MAX_SAFE_INTEGER;
const out: FixedOut = fixedOut();
// Result slots of `aligned` and `combine`.
let AX = 0;
let AY = 0;
let CU = 0;
let CR: bigint | undefined;

function negativeError(kind: string, raw: bigint, precision: number): KairosError {
  return new KairosError(
    'NEGATIVE_VALUE',
    `${kind} must not be negative, was '${formatRaw(raw, precision)}'`,
  );
}

/**
 * Reads `input` into `out` at `precision` (inferred from a string when not given). The result is
 * always in range and whole at its precision.
 */
function read(kind: string, input: ValueInput, precision: number | undefined): void {
  if (typeof input === 'string') {
    if (precision !== undefined) checkPrecision(precision);
    parseInto(kind, input, out);
    if (precision === undefined || precision === out.precision) return;
    if (out.precision > precision) {
      const raw = Number.isNaN(out.units) ? out.raw : BigInt(out.units) * RAW_UNIT[out.precision]!;
      if (raw % RAW_UNIT[precision]! !== 0n) throw tooManyDecimals(kind, input, out.precision, precision);
      out.units = Number.NaN;
      out.raw = raw;
    } else if (!Number.isNaN(out.units)) {
      const units = out.units * POW10_NUM[precision - out.precision]!;
      if (Math.abs(units) <= SAFE) {
        out.units = units;
      } else {
        out.raw = BigInt(out.units) * RAW_UNIT[out.precision]!;
        out.units = Number.NaN;
      }
    }
    out.precision = precision;
    return;
  }
  if (typeof input === 'number') {
    if (precision === undefined) {
      throw new KairosError('PRECISION_REQUIRED', `${kind} from the number ${input} needs a precision`);
    }
    roundInto(kind, input, precision, out);
    return;
  }
  if (typeof input === 'bigint') {
    // An integer: exact at precision 0 unless one is given.
    read(kind, input.toString(), precision ?? 0);
    return;
  }
  if (input instanceof Decimal) {
    if (!input.isFinite()) {
      throw new KairosError('NOT_FINITE', `${kind} must be finite, was ${input.toString()}`);
    }
    read(kind, input.toFixed(), precision);
    return;
  }
  throw new KairosError(
    'INVALID_VALUE',
    `invalid ${kind} '${String(input)}': not a string, number or Decimal`,
  );
}

abstract class FixedValue {
  /** Decimals shown and kept. */
  readonly precision: number;
  /** `value * 10^precision` when a safe integer, else NaN (and `#raw` holds the value). */
  #units: number;
  #raw: bigint | undefined;

  protected constructor(units: number, raw: bigint | undefined, precision: number) {
    this.#units = units;
    this.#raw = raw;
    this.precision = precision;
  }

  /** Raw value at `FIXED_SCALE` (16) decimals, as the core holds it. */
  get raw(): bigint {
    let r = this.#raw;
    if (r === undefined) {
      r = BigInt(this.#units) * RAW_UNIT[this.precision]!;
      this.#raw = r;
    }
    return r;
  }

  /**
   * Puts the units of both at the larger precision into `AX`/`AY` when both are safe doubles;
   * false otherwise. (Module slots instead of a tuple: nothing allocated on the hot path.)
   */
  protected static aligned(a: FixedValue, b: FixedValue): boolean {
    const ua = a.#units;
    const ub = b.#units;
    if (Number.isNaN(ua) || Number.isNaN(ub)) return false;
    const pa = a.precision;
    const pb = b.precision;
    AX = pa < pb ? ua * POW10_NUM[pb - pa]! : ua;
    AY = pb < pa ? ub * POW10_NUM[pa - pb]! : ub;
    return Math.abs(AX) <= SAFE && Math.abs(AY) <= SAFE;
  }

  /** Sum (sign 1) or difference (-1) at the larger precision into `CU` (units) or `CR` (raw). */
  protected static combine(a: FixedValue, b: FixedValue, sign: 1 | -1, kind: string): void {
    if (FixedValue.aligned(a, b)) {
      const s = sign === 1 ? AX + AY : AX - AY;
      if (Math.abs(s) <= SAFE) {
        CU = s;
        CR = undefined;
        return;
      }
    }
    const raw = sign === 1 ? a.raw + b.raw : a.raw - b.raw;
    if (raw > MAX_ABS_RAW || raw < -MAX_ABS_RAW) throw outOfRange(kind, formatRaw(raw, FIXED_SCALE));
    CU = Number.NaN;
    CR = raw;
  }

  /** -1, 0 or 1, by value. */
  compare(other: this): -1 | 0 | 1 {
    if (FixedValue.aligned(this, other)) return AX < AY ? -1 : AX > AY ? 1 : 0;
    const a = this.raw;
    const b = other.raw;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  eq(other: this): boolean {
    return this.compare(other) === 0;
  }
  lt(other: this): boolean {
    return this.compare(other) < 0;
  }
  le(other: this): boolean {
    return this.compare(other) <= 0;
  }
  gt(other: this): boolean {
    return this.compare(other) > 0;
  }
  ge(other: this): boolean {
    return this.compare(other) >= 0;
  }
  isZero(): boolean {
    const u = this.#units;
    return Number.isNaN(u) ? this.raw === 0n : u === 0;
  }
  isPositive(): boolean {
    const u = this.#units;
    return Number.isNaN(u) ? this.raw > 0n : u > 0;
  }
  isNegative(): boolean {
    const u = this.#units;
    return Number.isNaN(u) ? this.raw < 0n : u < 0;
  }
  /** Exactly `precision` decimals. */
  toString(): string {
    const u = this.#units;
    if (Number.isNaN(u)) return formatRaw(this.raw, this.precision);
    const p = this.precision;
    // A safe integer prints without an exponent.
    let s = String(u < 0 ? -u : u);
    if (p > 0) {
      if (s.length <= p) s = '0'.repeat(p - s.length + 1) + s;
      s = `${slice(s, 0, s.length - p)}.${slice(s, s.length - p)}`;
    }
    return u < 0 ? `-${s}` : s;
  }
  toJSON(): string {
    return this.toString();
  }
  /** Nearest double: for display and ratios, never for money. */
  toNumber(): number {
    const u = this.#units;
    return Number.isNaN(u) ? rawToNumber(this.raw) : u / POW10_NUM[this.precision]!;
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
    read('Price', input, precision);
    return new Price(out.units, Number.isNaN(out.units) ? out.raw : undefined, out.precision);
  }

  /** From a raw at 16 decimals, checked. */
  static fromRaw(raw: bigint, precision: number): Price {
    checkRaw('Price', raw, precision);
    return new Price(Number.NaN, raw, precision);
  }

  /** Zero at a precision. */
  static zero(precision = 0): Price {
    checkPrecision(precision);
    return new Price(0, undefined, precision);
  }

  add(other: Price): Price {
    FixedValue.combine(this, other, 1, 'Price');
    return new Price(CU, CR, Math.max(this.precision, other.precision));
  }

  sub(other: Price): Price {
    FixedValue.combine(this, other, -1, 'Price');
    return new Price(CU, CR, Math.max(this.precision, other.precision));
  }

  neg(): Price {
    return Price.zero(this.precision).sub(this);
  }
}

/** A quantity: never negative. */
export class Quantity extends FixedValue {
  /** As `Price.from`; a negative value is refused. */
  static from(input: ValueInput, precision?: number): Quantity {
    read('Quantity', input, precision);
    const u = out.units;
    if (Number.isNaN(u) ? out.raw < 0n : u < 0) {
      throw negativeError(
        'Quantity',
        Number.isNaN(u) ? out.raw : BigInt(u) * RAW_UNIT[out.precision]!,
        out.precision,
      );
    }
    return new Quantity(u, Number.isNaN(u) ? out.raw : undefined, out.precision);
  }

  /** From a raw at 16 decimals, checked. */
  static fromRaw(raw: bigint, precision: number): Quantity {
    checkRaw('Quantity', raw, precision);
    if (raw < 0n) throw negativeError('Quantity', raw, precision);
    return new Quantity(Number.NaN, raw, precision);
  }

  /** Zero at a precision. */
  static zero(precision = 0): Quantity {
    checkPrecision(precision);
    return new Quantity(0, undefined, precision);
  }

  add(other: Quantity): Quantity {
    FixedValue.combine(this, other, 1, 'Quantity');
    return new Quantity(CU, CR, Math.max(this.precision, other.precision));
  }

  sub(other: Quantity): Quantity {
    const precision = Math.max(this.precision, other.precision);
    FixedValue.combine(this, other, -1, 'Quantity');
    if (CR === undefined ? CU < 0 : CR < 0n) {
      throw negativeError('Quantity', CR ?? BigInt(CU) * RAW_UNIT[precision]!, precision);
    }
    return new Quantity(CU, CR, precision);
  }
}
