/**
 * Instruments: what can be traded, with the venue's rules for prices and sizes.
 *
 * Four kinds, discriminated by `type`: `CurrencyPair` (spot), `CryptoPerpetual`, `CryptoFuture`
 * and `Equity`. All share the fields of {@link InstrumentBase}; each kind adds its own.
 *
 * # Rounding
 * `makePrice` and `makeQty` round to the instrument's increment half-even, exactly (bigint).
 * A number is read as its shortest decimal (`2.675` is 2.675, so `makePrice(2.675)` with a 0.01
 * tick is `2.68`), a string or Decimal exactly.
 *
 * # Notional
 * `notional(qty, price)` is `qty * price * multiplier` in the quote currency, or for an inverse
 * instrument `qty * multiplier / price` in the base currency; computed exactly and rounded once,
 * half-even, to the currency's precision.
 */
import { Decimal } from 'decimal.js';

import type { LiquiditySide } from '../enums.js';
import { KairosError } from '../errors.js';
import { InstrumentId, Symbol as SymbolId } from '../identifiers/index.js';
import { RAW_UNIT, SCALE_FACTOR } from '../values/fixed.js';
import { Currency, Money, Price, Quantity, type ValueInput } from '../values/index.js';
import { divRoundHalfEven, rawAtPrecision, toFraction } from './exact.js';

/** The kinds of instrument. */
export const InstrumentType = Object.freeze({
  CURRENCY_PAIR: 'CURRENCY_PAIR',
  CRYPTO_PERPETUAL: 'CRYPTO_PERPETUAL',
  CRYPTO_FUTURE: 'CRYPTO_FUTURE',
  EQUITY: 'EQUITY',
} as const);
export type InstrumentType = keyof typeof InstrumentType;

/** A fee or margin rate: a Decimal, or a decimal string such as `'0.001'`. */
export type RateInput = Decimal | string | number;

/** What every instrument kind is built from. Values may be given as strings. */
export interface InstrumentParams {
  readonly id: InstrumentId | string;
  /** The venue's own symbol (defaults to the id's symbol). */
  readonly rawSymbol?: SymbolId | string;
  readonly quoteCurrency: Currency | string;
  readonly pricePrecision: number;
  readonly priceIncrement: Price | string;
  readonly sizePrecision: number;
  readonly sizeIncrement: Quantity | string;
  /** Contract multiplier (default 1). */
  readonly multiplier?: Quantity | string;
  readonly lotSize?: Quantity | string | null;
  readonly maxQuantity?: Quantity | string | null;
  readonly minQuantity?: Quantity | string | null;
  readonly maxNotional?: Money | null;
  readonly minNotional?: Money | null;
  readonly maxPrice?: Price | string | null;
  readonly minPrice?: Price | string | null;
  /** Initial margin rate (default 0). */
  readonly marginInit?: RateInput;
  /** Maintenance margin rate (default 0). */
  readonly marginMaint?: RateInput;
  /** Maker fee rate (negative for a rebate; default 0). */
  readonly makerFee?: RateInput;
  /** Taker fee rate (default 0). */
  readonly takerFee?: RateInput;
  readonly tsEvent?: bigint;
  readonly tsInit?: bigint;
}

/** Thrown for an invalid instrument definition; names the instrument, the field and the value. */
export function invalidInstrument(id: string, field: string, reason: string): KairosError {
  return new KairosError('INVALID_INSTRUMENT', `invalid instrument ${id}: ${field} ${reason}`, {
    instrumentId: id,
    field,
  });
}

function asPrice(v: Price | string, id: string, field: string): Price {
  try {
    return typeof v === 'string' ? Price.from(v) : v;
  } catch (e) {
    throw invalidInstrument(id, field, `is not a price: ${(e as Error).message}`);
  }
}

function asQty(v: Quantity | string, id: string, field: string): Quantity {
  try {
    return typeof v === 'string' ? Quantity.from(v) : v;
  } catch (e) {
    throw invalidInstrument(id, field, `is not a quantity: ${(e as Error).message}`);
  }
}

function asRate(v: RateInput | undefined, id: string, field: string): Decimal {
  if (v === undefined) return new Decimal(0);
  let d: Decimal;
  try {
    d = new Decimal(v);
  } catch {
    throw invalidInstrument(id, field, `'${String(v)}' is not a decimal number`);
  }
  if (!d.isFinite()) throw invalidInstrument(id, field, `must be finite, was ${d.toString()}`);
  return d;
}

function asCurrency(v: Currency | string, id: string, field: string): Currency {
  try {
    return typeof v === 'string' ? Currency.from(v) : v;
  } catch (e) {
    throw invalidInstrument(id, field, (e as Error).message);
  }
}

function checkPositive(v: { isPositive(): boolean; toString(): string }, id: string, field: string): void {
  if (!v.isPositive()) throw invalidInstrument(id, field, `must be positive, was ${v.toString()}`);
}

/** The fields and operations every instrument has. */
export abstract class InstrumentBase {
  abstract readonly type: InstrumentType;
  readonly id: InstrumentId;
  readonly rawSymbol: SymbolId;
  readonly quoteCurrency: Currency;
  /** The currency PnL and margins are settled in. */
  readonly settlementCurrency: Currency;
  /** Quoted in the quote currency but margined and settled in the base (e.g. BTC/USD inverse). */
  readonly isInverse: boolean;
  readonly pricePrecision: number;
  readonly priceIncrement: Price;
  readonly sizePrecision: number;
  readonly sizeIncrement: Quantity;
  readonly multiplier: Quantity;
  readonly lotSize: Quantity | null;
  readonly maxQuantity: Quantity | null;
  readonly minQuantity: Quantity | null;
  readonly maxNotional: Money | null;
  readonly minNotional: Money | null;
  readonly maxPrice: Price | null;
  readonly minPrice: Price | null;
  readonly marginInit: Decimal;
  readonly marginMaint: Decimal;
  readonly makerFee: Decimal;
  readonly takerFee: Decimal;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
  // Cached fractions of the fee rates, for exact commissions.
  readonly #makerFee: [bigint, bigint];
  readonly #takerFee: [bigint, bigint];

  protected constructor(
    p: InstrumentParams,
    settlementCurrency: Currency | string | undefined,
    isInverse: boolean,
    baseCurrency: Currency | null,
  ) {
    let id: InstrumentId;
    try {
      id = typeof p.id === 'string' ? InstrumentId.from(p.id) : p.id;
    } catch (e) {
      throw invalidInstrument(String(p.id), 'id', (e as Error).message);
    }
    const name = id.value;
    this.id = id;
    try {
      this.rawSymbol =
        p.rawSymbol === undefined
          ? id.symbol
          : typeof p.rawSymbol === 'string'
            ? SymbolId.from(p.rawSymbol)
            : p.rawSymbol;
    } catch (e) {
      throw invalidInstrument(name, 'rawSymbol', (e as Error).message);
    }
    this.quoteCurrency = asCurrency(p.quoteCurrency, name, 'quoteCurrency');
    this.settlementCurrency =
      settlementCurrency === undefined
        ? this.quoteCurrency
        : asCurrency(settlementCurrency, name, 'settlementCurrency');
    this.isInverse = isInverse;
    if (isInverse && baseCurrency === null)
      throw invalidInstrument(name, 'isInverse', 'needs a base currency');

    this.pricePrecision = p.pricePrecision;
    this.sizePrecision = p.sizePrecision;
    for (const [field, v] of [
      ['pricePrecision', p.pricePrecision],
      ['sizePrecision', p.sizePrecision],
    ] as const) {
      if (!Number.isInteger(v) || v < 0 || v > 16) {
        throw invalidInstrument(name, field, `must be an integer in 0..=16, was ${v}`);
      }
    }
    this.priceIncrement = asPrice(p.priceIncrement, name, 'priceIncrement');
    this.sizeIncrement = asQty(p.sizeIncrement, name, 'sizeIncrement');
    checkPositive(this.priceIncrement, name, 'priceIncrement');
    checkPositive(this.sizeIncrement, name, 'sizeIncrement');
    // The increment must be representable at the precision (0.05 at precision 2 yes, 0.005 no).
    if (this.priceIncrement.raw % RAW_UNIT[this.pricePrecision]! !== 0n) {
      throw invalidInstrument(
        name,
        'priceIncrement',
        `${this.priceIncrement} has more decimals than pricePrecision ${this.pricePrecision}`,
      );
    }
    if (this.sizeIncrement.raw % RAW_UNIT[this.sizePrecision]! !== 0n) {
      throw invalidInstrument(
        name,
        'sizeIncrement',
        `${this.sizeIncrement} has more decimals than sizePrecision ${this.sizePrecision}`,
      );
    }
    this.priceIncrement = Price.fromRaw(this.priceIncrement.raw, this.pricePrecision);
    this.sizeIncrement = Quantity.fromRaw(this.sizeIncrement.raw, this.sizePrecision);

    this.multiplier =
      p.multiplier === undefined ? Quantity.from('1') : asQty(p.multiplier, name, 'multiplier');
    checkPositive(this.multiplier, name, 'multiplier');
    this.lotSize = p.lotSize == null ? null : asQty(p.lotSize, name, 'lotSize');
    if (this.lotSize !== null) checkPositive(this.lotSize, name, 'lotSize');
    this.maxQuantity = p.maxQuantity == null ? null : asQty(p.maxQuantity, name, 'maxQuantity');
    this.minQuantity = p.minQuantity == null ? null : asQty(p.minQuantity, name, 'minQuantity');
    if (this.maxQuantity !== null) checkPositive(this.maxQuantity, name, 'maxQuantity');
    if (this.minQuantity !== null && this.maxQuantity !== null && this.minQuantity.gt(this.maxQuantity)) {
      throw invalidInstrument(
        name,
        'minQuantity',
        `${this.minQuantity} exceeds maxQuantity ${this.maxQuantity}`,
      );
    }
    this.maxNotional = p.maxNotional ?? null;
    this.minNotional = p.minNotional ?? null;
    if (this.maxNotional !== null && this.maxNotional.raw === 0n) {
      throw invalidInstrument(name, 'maxNotional', `must be positive, was ${this.maxNotional}`);
    }
    for (const [field, m] of [
      ['maxNotional', this.maxNotional],
      ['minNotional', this.minNotional],
    ] as const) {
      if (m !== null && m.raw < 0n) throw invalidInstrument(name, field, `must not be negative, was ${m}`);
    }
    if (this.minNotional !== null && this.maxNotional !== null) {
      if (this.minNotional.currency !== this.maxNotional.currency) {
        throw invalidInstrument(
          name,
          'minNotional',
          `currency ${this.minNotional.currency.code} differs from maxNotional's ${this.maxNotional.currency.code}`,
        );
      }
      if (this.minNotional.gt(this.maxNotional)) {
        throw invalidInstrument(
          name,
          'minNotional',
          `${this.minNotional} exceeds maxNotional ${this.maxNotional}`,
        );
      }
    }
    this.maxPrice = p.maxPrice == null ? null : asPrice(p.maxPrice, name, 'maxPrice');
    this.minPrice = p.minPrice == null ? null : asPrice(p.minPrice, name, 'minPrice');
    if (this.minPrice !== null && this.maxPrice !== null && this.minPrice.gt(this.maxPrice)) {
      throw invalidInstrument(name, 'minPrice', `${this.minPrice} exceeds maxPrice ${this.maxPrice}`);
    }
    this.marginInit = asRate(p.marginInit, name, 'marginInit');
    this.marginMaint = asRate(p.marginMaint, name, 'marginMaint');
    if (this.marginInit.isNegative())
      throw invalidInstrument(name, 'marginInit', `must not be negative, was ${this.marginInit}`);
    if (this.marginMaint.isNegative()) {
      throw invalidInstrument(name, 'marginMaint', `must not be negative, was ${this.marginMaint}`);
    }
    this.makerFee = asRate(p.makerFee, name, 'makerFee');
    this.takerFee = asRate(p.takerFee, name, 'takerFee');
    this.#makerFee = toFraction('makerFee', this.makerFee);
    this.#takerFee = toFraction('takerFee', this.takerFee);
    this.tsEvent = p.tsEvent ?? 0n;
    this.tsInit = p.tsInit ?? 0n;
  }

  /** The base currency, for the kinds that have one. */
  abstract get baseCurrency(): Currency | null;

  /** `x` rounded half-even to the price increment, at the price precision. */
  makePrice(x: ValueInput): Price {
    const [num, den] = toFraction('Price', x);
    const inc = this.priceIncrement.raw;
    const raw = divRoundHalfEven(num * SCALE_FACTOR, den * inc) * inc;
    return Price.fromRaw(raw, this.pricePrecision);
  }

  /** `x` rounded half-even to the size increment, at the size precision. Negative is refused. */
  makeQty(x: ValueInput): Quantity {
    const [num, den] = toFraction('Quantity', x);
    const inc = this.sizeIncrement.raw;
    const raw = divRoundHalfEven(num * SCALE_FACTOR, den * inc) * inc;
    return Quantity.fromRaw(raw, this.sizePrecision);
  }

  /** The currency notional values are expressed in. */
  get notionalCurrency(): Currency {
    return this.isInverse ? this.baseCurrency! : this.quoteCurrency;
  }

  /** The notional value of `qty` at `price` (see the module doc) as an exact fraction `[num, den]`. */
  protected notionalFraction(qty: Quantity, price: Price): [bigint, bigint] {
    if (this.isInverse) {
      if (price.raw === 0n) throw new KairosError('DIVISION_BY_ZERO', `notional of ${this.id} at price 0`);
      // (q / S) * (m / S) / (p / S) with S = 10^16 the raw scale.
      return [qty.raw * this.multiplier.raw, price.raw * SCALE_FACTOR];
    }
    return [qty.raw * price.raw * this.multiplier.raw, SCALE_FACTOR * SCALE_FACTOR * SCALE_FACTOR];
  }

  /** The notional value of `qty` at `price`, rounded half-even to the currency's precision. */
  notional(qty: Quantity, price: Price): Money {
    const [num, den] = this.notionalFraction(qty, price);
    const cur = this.notionalCurrency;
    return Money.fromRaw(rawAtPrecision(num, den, cur.precision), cur);
  }

  /**
   * The fee for a fill: notional * rate of the liquidity side (taker for `NO_LIQUIDITY_SIDE`),
   * exact, rounded once half-even. Positive is a cost, negative a rebate.
   */
  commission(qty: Quantity, price: Price, liquiditySide: LiquiditySide): Money {
    const [fn, fd] = liquiditySide === 'MAKER' ? this.#makerFee : this.#takerFee;
    const [num, den] = this.notionalFraction(qty, price);
    const cur = this.notionalCurrency;
    return Money.fromRaw(rawAtPrecision(num * fn, den * fd, cur.precision), cur);
  }
}
