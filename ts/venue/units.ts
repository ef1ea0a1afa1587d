/**
 * Integer units of a decimal step: the venue keeps prices as a count of ticks and sizes as a count
 * of steps (plain integers), and formats them as Binance's decimal strings only on the wire.
 */
import { Decimal } from 'decimal.js';

/** Decimals of a step as written (`"0.10"` -> 2): Binance prints values at that precision. */
export function decimalsOf(step: string): number {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

/** An integer count of `units` at `precision` decimals as a decimal string (`12345, 2` -> `"123.45"`). */
export function formatUnits(units: bigint, precision: number): string {
  const neg = units < 0n;
  let s = (neg ? -units : units).toString();
  if (precision > 0) {
    if (s.length <= precision) s = '0'.repeat(precision - s.length + 1) + s;
    s = `${s.slice(0, s.length - precision)}.${s.slice(s.length - precision)}`;
  }
  return neg ? `-${s}` : s;
}

/** A step (tick or lot) with its precision. */
export class Step {
  readonly text: string;
  readonly precision: number;
  /** The step in units of 10^-precision. */
  readonly units: bigint;
  readonly decimal: Decimal;

  constructor(text: string) {
    this.text = text;
    this.precision = decimalsOf(text);
    this.decimal = new Decimal(text);
    this.units = BigInt(this.decimal.mul(new Decimal(10).pow(this.precision)).toFixed(0));
  }

  /** `n` steps as a decimal string. */
  format(n: number | bigint): string {
    return formatUnits(BigInt(n) * this.units, this.precision);
  }

  /** `n` steps in units of 10^-precision. */
  unitsOf(n: number | bigint): bigint {
    return BigInt(n) * this.units;
  }

  /**
   * The whole number of steps in a decimal string, or null when it is not a multiple of the step
   * (or not a decimal).
   */
  count(text: string): bigint | null {
    let d: Decimal;
    try {
      d = new Decimal(text);
    } catch {
      return null;
    }
    if (!d.isFinite()) return null;
    const q = d.div(this.decimal);
    return q.isInteger() ? BigInt(q.toFixed(0)) : null;
  }
}
