/** The four instrument kinds. Each is built with `Kind.create(params)`, which validates. */
import type { Currency } from '../values/index.js';
import { Currency as CurrencyClass } from '../values/index.js';
import { InstrumentBase, type InstrumentParams, invalidInstrument } from './instrument.js';

function currency(v: Currency | string, id: string, field: string): Currency {
  try {
    return typeof v === 'string' ? CurrencyClass.from(v) : v;
  } catch (e) {
    throw invalidInstrument(id, field, (e as Error).message);
  }
}

function idOf(p: InstrumentParams): string {
  return typeof p.id === 'string' ? p.id : p.id.value;
}

/** Parameters of a spot pair. */
export interface CurrencyPairParams extends InstrumentParams {
  readonly baseCurrency: Currency | string;
}

/** A spot pair (BTCUSDT): base bought with quote; settles in the quote currency. */
export class CurrencyPair extends InstrumentBase {
  readonly type = 'CURRENCY_PAIR' as const;
  readonly #base: Currency;

  private constructor(p: CurrencyPairParams, base: Currency) {
    super(p, undefined, false, base);
    this.#base = base;
  }

  static create(p: CurrencyPairParams): CurrencyPair {
    return new CurrencyPair(p, currency(p.baseCurrency, idOf(p), 'baseCurrency'));
  }

  get baseCurrency(): Currency {
    return this.#base;
  }
}

/** Parameters of a perpetual swap. */
export interface CryptoPerpetualParams extends InstrumentParams {
  readonly baseCurrency: Currency | string;
  /** Defaults to the quote currency (linear), or the base currency when inverse. */
  readonly settlementCurrency?: Currency | string;
  readonly isInverse?: boolean;
}

/** A perpetual swap (BTCUSDT-PERP): linear, or inverse (margined in the base currency). */
export class CryptoPerpetual extends InstrumentBase {
  readonly type = 'CRYPTO_PERPETUAL' as const;
  readonly #base: Currency;

  private constructor(p: CryptoPerpetualParams, base: Currency) {
    const inverse = p.isInverse ?? false;
    super(p, p.settlementCurrency ?? (inverse ? base : undefined), inverse, base);
    this.#base = base;
  }

  static create(p: CryptoPerpetualParams): CryptoPerpetual {
    return new CryptoPerpetual(p, currency(p.baseCurrency, idOf(p), 'baseCurrency'));
  }

  get baseCurrency(): Currency {
    return this.#base;
  }
}

/** Parameters of a dated future. */
export interface CryptoFutureParams extends InstrumentParams {
  /** The underlying asset (the base). */
  readonly underlying: Currency | string;
  readonly settlementCurrency?: Currency | string;
  readonly isInverse?: boolean;
  /** UNIX ns when trading starts. */
  readonly activationNs: bigint;
  /** UNIX ns of expiry; after activation. */
  readonly expirationNs: bigint;
}

/** A dated future on a crypto underlying. */
export class CryptoFuture extends InstrumentBase {
  readonly type = 'CRYPTO_FUTURE' as const;
  readonly underlying: Currency;
  readonly activationNs: bigint;
  readonly expirationNs: bigint;

  private constructor(p: CryptoFutureParams, underlying: Currency) {
    const inverse = p.isInverse ?? false;
    super(p, p.settlementCurrency ?? (inverse ? underlying : undefined), inverse, underlying);
    this.underlying = underlying;
    if (p.activationNs >= p.expirationNs) {
      throw invalidInstrument(
        this.id.value,
        'expirationNs',
        `${p.expirationNs} must be after activationNs ${p.activationNs}`,
      );
    }
    this.activationNs = p.activationNs;
    this.expirationNs = p.expirationNs;
  }

  static create(p: CryptoFutureParams): CryptoFuture {
    return new CryptoFuture(p, currency(p.underlying, idOf(p), 'underlying'));
  }

  get baseCurrency(): Currency {
    return this.underlying;
  }
}

/** Parameters of an equity. */
export interface EquityParams extends InstrumentParams {
  /** ISIN when known. */
  readonly isin?: string | null;
}

/** A share, priced and settled in its quote currency. */
export class Equity extends InstrumentBase {
  readonly type = 'EQUITY' as const;
  readonly isin: string | null;

  private constructor(p: EquityParams) {
    super(p, undefined, false, null);
    if (p.isin != null && !/^[A-Z]{2}[A-Z0-9]{9}[0-9]$/.test(p.isin)) {
      throw invalidInstrument(this.id.value, 'isin', `'${p.isin}' is not an ISIN`);
    }
    this.isin = p.isin ?? null;
  }

  static create(p: EquityParams): Equity {
    return new Equity(p);
  }

  get baseCurrency(): null {
    return null;
  }
}

/** Any instrument; switch on `type`. */
export type Instrument = CurrencyPair | CryptoPerpetual | CryptoFuture | Equity;
