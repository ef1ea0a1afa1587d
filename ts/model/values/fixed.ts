/**
 * Fixed-point primitives on `bigint`: the TypeScript mirror of `crates/core/src/types/fixed.rs`.
 * Same scale, same range, same rounding, same error codes and messages: shared test vectors and a
 * property test through the binding keep the two in agreement.
 */
import { KairosError } from '../errors.js';
import { charCodeAt } from './strings.js';

/** Decimals of every raw: `raw = value * 10^FIXED_SCALE`. */
export const FIXED_SCALE = 16;
/** `10^FIXED_SCALE`. */
export const SCALE_FACTOR = 10n ** 16n;
/** Largest magnitude of a value (10^18). */
export const MAX_ABS_VALUE = 10n ** 18n;
/** Largest magnitude of a raw. */
export const MAX_ABS_RAW = MAX_ABS_VALUE * SCALE_FACTOR;

/** `RAW_UNIT[p]` = raw step of one unit in the last decimal of precision `p`. */
export const RAW_UNIT: readonly bigint[] = Array.from(
  { length: FIXED_SCALE + 1 },
  (_, p) => 10n ** BigInt(FIXED_SCALE - p),
);
/** `POW10_NUM[p]` = 10^p as a double (exact). */
export const POW10_NUM: readonly number[] = Array.from({ length: FIXED_SCALE + 1 }, (_, p) => 10 ** p);
const ZEROS = '0'.repeat(FIXED_SCALE);

export type ValueKind = 'Price' | 'Quantity' | 'Money';

export function outOfRange(kind: string, value: string): KairosError {
  return new KairosError(
    'OUT_OF_RANGE',
    `${kind} '${value}' is out of range [-1000000000000000000, 1000000000000000000]`,
  );
}

export function tooManyDecimals(
  kind: string,
  value: string,
  decimals: number,
  precision: number,
): KairosError {
  return new KairosError(
    'TOO_MANY_DECIMALS',
    `${kind} '${value}' has ${decimals} decimals, more than the precision ${precision}`,
  );
}

export function checkPrecision(precision: number): void {
  if (!Number.isInteger(precision) || precision < 0 || precision > FIXED_SCALE) {
    throw new KairosError(
      'PRECISION_OUT_OF_RANGE',
      `precision ${precision} is out of range 0..=${FIXED_SCALE}`,
    );
  }
}

/** The fewest decimals that represent `raw` exactly. */
export function decimalsOf(raw: bigint): number {
  let d = FIXED_SCALE;
  while (d > 0 && raw % RAW_UNIT[d - 1]! === 0n) d--;
  return d;
}

/** Checks range and that the raw is whole at `precision`. */
export function checkRaw(kind: string, raw: bigint, precision: number): void {
  checkPrecision(precision);
  if (raw > MAX_ABS_RAW || raw < -MAX_ABS_RAW) throw outOfRange(kind, formatRaw(raw, FIXED_SCALE));
  if (raw % RAW_UNIT[precision]! !== 0n) {
    const decimals = decimalsOf(raw);
    throw tooManyDecimals(kind, formatRaw(raw, decimals), decimals, precision);
  }
}

function invalidText(kind: string, text: string, reason: string): KairosError {
  return new KairosError('INVALID_VALUE', `invalid ${kind} '${text}': ${reason}`);
}

/**
 * Where `parseInto` and `roundInto` leave their result, so the hot path allocates nothing:
 * `units` is value * 10^precision when that is a safe integer (every realistic price and size),
 * else NaN and `raw` holds the value.
 */
export interface FixedOut {
  units: number;
  raw: bigint;
  precision: number;
}

/** A fresh result slot. */
export function fixedOut(): FixedOut {
  return { units: 0, raw: 0n, precision: 0 };
}

/**
 * Parses a plain decimal string exactly into `out`: precision = decimals written.
 * No exponent, whitespace or separators.
 *
 * # Performance
 * This is the hot edge of every venue message: one pass over the characters, and when the digits
 * fit a double exactly (15 significant digits or fewer) no bigint at all.
 */
export function parseInto(kind: string, text: string, out: FixedOut): void {
  const len = text.length;
  if (len === 0) throw invalidText(kind, text, 'empty string');
  let i = 0;
  let negative = false;
  const c0 = charCodeAt(text, 0);
  if (c0 === 45 /* - */) {
    negative = true;
    i = 1;
  } else if (c0 === 43 /* + */) {
    i = 1;
  }
  const start = i;
  let point = -1;
  let acc = 0;
  let nonZero = -1; // index of the first significant digit
  for (; i < len; i++) {
    const c = charCodeAt(text, i);
    if (c >= 48 && c <= 57) {
      if (nonZero < 0 && c !== 48) nonZero = i;
      acc = acc * 10 + (c - 48);
    } else if (c === 46 /* . */ && point < 0) {
      point = i;
    } else {
      throw invalidText(kind, text, 'not a plain decimal number');
    }
  }
  const digitCount = len - start - (point < 0 ? 0 : 1);
  if (digitCount === 0) throw invalidText(kind, text, 'no digits');
  const decimals = point < 0 ? 0 : len - point - 1;
  if (decimals > FIXED_SCALE) throw tooManyDecimals(kind, text, decimals, FIXED_SCALE);
  out.precision = decimals;
  // Significant digits: from the first non-zero digit to the end (a point in between not counted).
  const significant = nonZero < 0 ? 0 : len - nonZero - (point > nonZero ? 1 : 0);
  if (significant <= 15) {
    out.units = negative && acc !== 0 ? -acc : acc;
    return;
  }
  const int = point < 0 ? text.slice(start) : text.slice(start, point);
  const frac = point < 0 ? '' : text.slice(point + 1);
  const intBig = int.length === 0 ? 0n : BigInt(int);
  if (intBig > MAX_ABS_VALUE) throw outOfRange(kind, text);
  const magnitude =
    intBig * SCALE_FACTOR + (frac.length === 0 ? 0n : BigInt(frac + ZEROS.slice(frac.length)));
  if (magnitude > MAX_ABS_RAW) throw outOfRange(kind, text);
  out.units = Number.NaN;
  out.raw = negative ? -magnitude : magnitude;
}

const scratch = fixedOut();

/** The raw of `out`, whichever representation holds it. */
export function outRaw(out: FixedOut): bigint {
  return Number.isNaN(out.units) ? out.raw : BigInt(out.units) * RAW_UNIT[out.precision]!;
}

/** Parses a plain decimal string exactly. Returns the raw and the decimals written. */
export function parseDecimal(kind: string, text: string): [raw: bigint, precision: number] {
  parseInto(kind, text, scratch);
  return [outRaw(scratch), scratch.precision];
}

const f64View = new DataView(new ArrayBuffer(8));

/**
 * Rounds a finite number half-even to `precision` on its exact binary value, into `out`
 * (`out.precision` is set to `precision`).
 */
export function roundInto(kind: string, value: number, precision: number, out: FixedOut): void {
  checkPrecision(precision);
  if (!Number.isFinite(value)) {
    // Spelled as the core spells them, so messages agree across the boundary.
    const shown = Number.isNaN(value) ? 'NaN' : value > 0 ? 'inf' : '-inf';
    throw new KairosError('NOT_FINITE', `${kind} must be finite, was ${shown}`);
  }
  if (Math.abs(value) > 1e18) throw outOfRange(kind, numberToString(value));
  out.precision = precision;
  const scaled = value * POW10_NUM[precision]!;
  const abs = Math.abs(scaled);
  // Fast path: far from a tie and small enough that the product's error (< 2^-12) cannot move
  // the rounding. Otherwise, the exact method.
  if (abs < 2 ** 40) {
    const frac = abs - Math.floor(abs);
    if (Math.abs(frac - 0.5) > 1e-3) {
      const units = Math.round(abs);
      out.units = scaled < 0 && units !== 0 ? -units : units;
      return;
    }
  }
  out.units = Number.NaN;
  out.raw = exactRound(kind, value, precision);
}

/** Rounds a finite number half-even to `precision`; returns the raw. */
export function rawFromNumber(kind: string, value: number, precision: number): bigint {
  roundInto(kind, value, precision, scratch);
  return outRaw(scratch);
}

function exactRound(kind: string, value: number, precision: number): bigint {
  f64View.setFloat64(0, value);
  const bits = f64View.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mantissa = expBits === 0 ? frac : frac | (1n << 52n);
  const exp = expBits === 0 ? -1074 : expBits - 1075;
  const scaled = mantissa * 10n ** BigInt(precision);
  let units: bigint;
  if (exp >= 0) {
    units = scaled << BigInt(exp);
  } else if (-exp >= 120) {
    units = 0n;
  } else {
    const shift = BigInt(-exp);
    const den = 1n << shift;
    const q = scaled >> shift;
    const twice = (scaled & (den - 1n)) * 2n;
    units = twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
  }
  const raw = units * RAW_UNIT[precision]!;
  if (raw > MAX_ABS_RAW) throw outOfRange(kind, numberToString(value));
  return negative ? -raw : raw;
}

/** A number as the core's `f64` Display prints it: shortest digits, never an exponent. */
function numberToString(value: number): string {
  const s = String(value);
  const e = s.indexOf('e+');
  if (e < 0) return s;
  const negative = s.startsWith('-');
  const mantissa = s.slice(negative ? 1 : 0, e);
  const exp = Number(s.slice(e + 2));
  const point = mantissa.indexOf('.');
  const digits = point < 0 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  const intLen = (point < 0 ? mantissa.length : point) + exp;
  return (negative ? '-' : '') + digits.padEnd(intLen, '0');
}

/** Formats a raw with exactly `precision` decimals (extra digits truncated toward zero). */
export function formatRaw(raw: bigint, precision: number): string {
  const negative = raw < 0n;
  let s = (negative ? -raw : raw).toString();
  if (s.length <= FIXED_SCALE) s = ZEROS.slice(s.length - 1) + s;
  const cut = s.length - FIXED_SCALE;
  const int = s.slice(0, cut);
  const out = precision === 0 ? int : `${int}.${s.slice(cut, cut + precision)}`;
  return negative ? `-${out}` : out;
}

/** Nearest double (display and ratios only): decimal text parses correctly rounded. */
export function rawToNumber(raw: bigint): number {
  return Number(formatRaw(raw, FIXED_SCALE));
}
