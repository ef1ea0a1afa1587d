/**
 * Exact arithmetic helpers on `bigint` for the model: rounding a ratio half-even, reading a
 * decimal exactly as a fraction, and rounding a raw to a precision. Everything that rounds in
 * instruments, orders and positions goes through here, so there is one rounding rule.
 */
import { Decimal } from 'decimal.js';

import { KairosError } from '../errors.js';
import { RAW_UNIT, SCALE_FACTOR } from '../values/fixed.js';
import type { ValueInput } from '../values/index.js';

/** `num / den` rounded half-even to an integer. `den` must not be zero. */
export function divRoundHalfEven(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new KairosError('DIVISION_BY_ZERO', 'division by zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const n = negative ? -num : num;
  const q = n / den;
  const twice = (n % den) * 2n;
  const rounded = twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/** Greatest common divisor of two non-negative bigints. */
export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * A finite decimal read exactly as `[num, den]` with `den = 10^k`. A number is read as its
 * shortest round-trip decimal (`0.1` is one tenth, as printed), not its binary expansion.
 */
export function toFraction(what: string, input: ValueInput): [num: bigint, den: bigint] {
  let d: Decimal;
  try {
    d = input instanceof Decimal ? input : new Decimal(typeof input === 'bigint' ? input.toString() : input);
  } catch {
    throw new KairosError('INVALID_VALUE', `invalid ${what} '${String(input)}': not a decimal number`);
  }
  if (!d.isFinite()) throw new KairosError('NOT_FINITE', `${what} must be finite, was ${d.toString()}`);
  const text = d.toFixed();
  const dot = text.indexOf('.');
  if (dot < 0) return [BigInt(text), 1n];
  const decimals = text.length - dot - 1;
  return [BigInt(text.slice(0, dot) + text.slice(dot + 1)), 10n ** BigInt(decimals)];
}

/** The raw (16 decimals) of an exact fraction, rounded half-even to `precision` decimals. */
export function rawAtPrecision(num: bigint, den: bigint, precision: number): bigint {
  const unit = RAW_UNIT[precision]!;
  return divRoundHalfEven(num * SCALE_FACTOR, den * unit) * unit;
}

/** An exact fraction shown as a Decimal rounded half-even to 16 decimals (the fixed scale). */
export function fractionToDecimal(num: bigint, den: bigint): Decimal {
  const raw = divRoundHalfEven(num * SCALE_FACTOR, den);
  return rawToDecimal(raw);
}

/** A raw at 16 decimals as an exact Decimal. */
export function rawToDecimal(raw: bigint): Decimal {
  const negative = raw < 0n;
  const abs = negative ? -raw : raw;
  const int = abs / SCALE_FACTOR;
  const frac = (abs % SCALE_FACTOR).toString().padStart(16, '0');
  return new Decimal(`${negative ? '-' : ''}${int}.${frac}`);
}
