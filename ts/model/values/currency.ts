/**
 * Currencies and their registry. The built-in codes come from the native core's table (one
 * source); `Currency.register` adds others at run time (a new crypto listing, a venue token).
 */
import { native } from '../../native.js';
import { KairosError } from '../errors.js';
import { checkPrecision } from './fixed.js';

export type CurrencyKind = 'FIAT' | 'CRYPTO';

const CODE_RE = /^[A-Z0-9]{1,16}$/;
const registry = new Map<string, Currency>();

/** A currency: a code and the decimals of its amounts. One instance per code. */
export class Currency {
  readonly code: string;
  readonly precision: number;
  readonly kind: CurrencyKind;

  private constructor(code: string, precision: number, kind: CurrencyKind) {
    this.code = code;
    this.precision = precision;
    this.kind = kind;
  }

  /** The registered currency with this code; unknown codes throw `UNKNOWN_CURRENCY`. */
  static from(code: string): Currency {
    const c = registry.get(code);
    if (c === undefined) {
      throw new KairosError(
        'UNKNOWN_CURRENCY',
        `unknown Currency value '${code}': register it first with Currency.register`,
      );
    }
    return c;
  }

  /** True when the code is registered. */
  static isRegistered(code: string): boolean {
    return registry.has(code);
  }

  /**
   * Registers a currency (idempotent for the same definition). Re-registering a code with a
   * different precision or kind is refused: amounts already made would change meaning.
   */
  static register(code: string, precision: number, kind: CurrencyKind = 'CRYPTO'): Currency {
    if (!CODE_RE.test(code)) {
      throw new KairosError(
        'INVALID_VALUE',
        `invalid Currency '${code}': code must be 1 to 16 upper-case letters or digits`,
      );
    }
    checkPrecision(precision);
    const existing = registry.get(code);
    if (existing !== undefined) {
      if (existing.precision === precision && existing.kind === kind) return existing;
      throw new KairosError(
        'CURRENCY_CONFLICT',
        `Currency ${code} is registered with precision ${existing.precision} (${existing.kind}), not ${precision} (${kind})`,
      );
    }
    const c = new Currency(code, precision, kind);
    registry.set(code, c);
    return c;
  }

  toString(): string {
    return this.code;
  }
  toJSON(): string {
    return this.code;
  }
}

for (const c of native.builtinCurrencies()) {
  Currency.register(c.code, c.precision, c.kind as CurrencyKind);
}
