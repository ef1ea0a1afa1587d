/**
 * Narrowing of venue JSON, once, at the edge. A {@link Fields} wraps one JSON object and reads
 * typed fields from it; anything missing or of the wrong type throws a {@link BinanceError}
 * `BINANCE_INVALID_PAYLOAD` whose message names the payload kind and the field path
 * (`executionReport.o.X`) and shows the bad value. Decimal fields are checked as decimal
 * strings (no exponent, no garbage) before a value type is built from them.
 */
import { Currency, Money, Price, Quantity } from '../../../model/values/index.js';
import { BinanceError } from '../errors.js';

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;
const DIGITS_RE = /^-?\d+$/;

/** Renders a bad value for a message (short). */
function show(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  try {
    const json = JSON.stringify(value);
    return json === undefined ? String(value) : json.length > 60 ? `${json.slice(0, 57)}...` : json;
  } catch {
    return String(value);
  }
}

/** The error of a bad payload field. */
export function invalidPayload(kind: string, path: string, expected: string, value: unknown): BinanceError {
  return new BinanceError(
    'BINANCE_INVALID_PAYLOAD',
    `invalid Binance ${kind}: field '${path}' ${value === undefined ? 'is missing' : `is ${show(value)}`}, expected ${expected}`,
    { kind, field: path },
  );
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is Readonly<Record<string, unknown>> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Typed reads of one JSON object (see the module doc). */
export class Fields {
  readonly kind: string;
  readonly path: string;
  readonly raw: Readonly<Record<string, unknown>>;

  private constructor(kind: string, path: string, raw: Readonly<Record<string, unknown>>) {
    this.kind = kind;
    this.path = path;
    this.raw = raw;
  }

  /** Wraps `value`, which must be an object. */
  static of(kind: string, value: unknown, path = ''): Fields {
    if (!isObject(value)) throw invalidPayload(kind, path || '(root)', 'an object', value);
    return new Fields(kind, path, value);
  }

  /** Each element of a JSON array as `Fields`. */
  static list(kind: string, value: unknown): Fields[] {
    if (!Array.isArray(value)) throw invalidPayload(kind, '(root)', 'an array', value);
    return value.map((v, i) => Fields.of(kind, v, `[${i}]`));
  }

  p(name: string): string {
    return this.path === '' ? name : `${this.path}.${name}`;
  }

  fail(name: string, expected: string): never {
    throw invalidPayload(this.kind, this.p(name), expected, this.raw[name]);
  }

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  str(name: string): string {
    const v = this.raw[name];
    if (typeof v !== 'string') this.fail(name, 'a string');
    return v;
  }

  /** A string, or `null` when absent/null. */
  optStr(name: string): string | null {
    const v = this.raw[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(name, 'a string or null');
    return v;
  }

  /** A non-empty string, or `null` when absent, null or empty. */
  optNonEmpty(name: string): string | null {
    const v = this.optStr(name);
    return v === null || v === '' ? null : v;
  }

  bool(name: string): boolean {
    const v = this.raw[name];
    if (typeof v !== 'boolean') this.fail(name, 'a boolean');
    return v;
  }

  optBool(name: string): boolean | null {
    const v = this.raw[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'boolean') this.fail(name, 'a boolean');
    return v;
  }

  /** A JSON integer that is a safe integer. */
  int(name: string): number {
    const v = this.raw[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.fail(name, 'a safe integer');
    return v;
  }

  optInt(name: string): number | null {
    return this.has(name) ? this.int(name) : null;
  }

  /** An integer given as a JSON number or a digit string, as bigint. */
  bigint(name: string): bigint {
    const v = this.raw[name];
    if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
    if (typeof v === 'string' && DIGITS_RE.test(v)) return BigInt(v);
    return this.fail(name, 'an integer');
  }

  /** Milliseconds since the epoch (a non-negative safe integer) as UNIX ns. */
  msNs(name: string): bigint {
    const v = this.int(name);
    if (v < 0) this.fail(name, 'a non-negative time in ms');
    return BigInt(v) * 1_000_000n;
  }

  /** A decimal string (`"12.50"`, `"-3"`), checked. */
  decimal(name: string): string {
    const v = this.raw[name];
    if (typeof v !== 'string' || !DECIMAL_RE.test(v)) this.fail(name, 'a decimal string');
    return v;
  }

  optDecimal(name: string): string | null {
    return this.has(name) ? this.decimal(name) : null;
  }

  price(name: string): Price {
    const text = this.decimal(name);
    try {
      return Price.from(text);
    } catch {
      return this.fail(name, 'a price');
    }
  }

  /** A price, or `null` when absent or zero (Binance sends `"0"` for "no price"). */
  optPrice(name: string): Price | null {
    if (!this.has(name)) return null;
    const p = this.price(name);
    return p.isZero() ? null : p;
  }

  qty(name: string): Quantity {
    const text = this.decimal(name);
    if (text.startsWith('-')) this.fail(name, 'a non-negative quantity');
    try {
      return Quantity.from(text);
    } catch {
      return this.fail(name, 'a quantity');
    }
  }

  /** The absolute value of a signed decimal as a quantity, and its sign. */
  signedQty(name: string): { readonly qty: Quantity; readonly negative: boolean } {
    const text = this.decimal(name);
    const negative = text.startsWith('-');
    try {
      return { qty: Quantity.from(negative ? text.slice(1) : text), negative };
    } catch {
      return this.fail(name, 'a quantity');
    }
  }

  /** An amount in `currency` (more decimals than the currency holds is refused). */
  money(name: string, currency: Currency): Money {
    const text = this.decimal(name);
    try {
      return Money.from(text, currency);
    } catch {
      return this.fail(name, `an amount with at most ${currency.precision} decimals of ${currency.code}`);
    }
  }

  obj(name: string): Fields {
    const v = this.raw[name];
    if (!isObject(v)) this.fail(name, 'an object');
    return new Fields(this.kind, this.p(name), v);
  }

  /** Each element of an array field as `Fields`. */
  objs(name: string): Fields[] {
    const v = this.raw[name];
    if (!Array.isArray(v)) this.fail(name, 'an array');
    return v.map((e, i) => {
      const path = `${this.p(name)}[${i}]`;
      if (!isObject(e)) throw invalidPayload(this.kind, path, 'an object', e);
      return new Fields(this.kind, path, e);
    });
  }

  /** An array field, unchecked elements. */
  arr(name: string): readonly unknown[] {
    const v = this.raw[name];
    if (!Array.isArray(v)) this.fail(name, 'an array');
    return v;
  }

  /** One of a closed set of strings. */
  oneOf<const T extends string>(name: string, allowed: readonly T[]): T {
    const v = this.raw[name];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(name, `one of ${allowed.join(', ')}`);
    }
    return v as T;
  }
}

/** The currency of a Binance asset; an asset Kairos does not know is registered at 8 decimals. */
export function assetCurrency(code: string, kind: string, field: string): Currency {
  if (Currency.isRegistered(code)) return Currency.from(code);
  try {
    return Currency.register(code, 8, 'CRYPTO');
  } catch {
    throw invalidPayload(kind, field, 'an asset code (upper-case letters and digits)', code);
  }
}

/** Milliseconds as UNIX ns. */
export function msToNs(ms: number): bigint {
  return BigInt(ms) * 1_000_000n;
}

/** The later of two UNIX ns times. */
export function laterOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
