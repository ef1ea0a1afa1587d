import { readFileSync } from 'node:fs';

import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { KairosError } from '../../../ts/model/errors.js';
import {
  CryptoFuture,
  CryptoPerpetual,
  CurrencyPair,
  Equity,
  type Instrument,
} from '../../../ts/model/instruments/index.js';
import { Money, Price, Quantity } from '../../../ts/model/values/index.js';

/** The instrument definition recorded from Binance, read in place (never copied into the repo). */
const SPEC_PATH = new URL('../../../../shared/data/market/btcusdt-instrument.txt', import.meta.url);

/** Reads `Kind(key=value, ...)` into a record; `None` becomes absent. */
function readSpec(text: string): { kind: string; fields: Record<string, string> } {
  const m = /^(\w+)\((.*)\)\s*$/s.exec(text.trim());
  if (m === null) throw new Error('not an instrument definition');
  const fields: Record<string, string> = {};
  for (const part of m[2]!.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (value !== 'None') fields[key] = value;
  }
  return { kind: m[1]!, fields };
}

function btcusdt(): CurrencyPair {
  const { kind, fields: f } = readSpec(readFileSync(SPEC_PATH, 'utf8'));
  expect(kind).toBe('CurrencyPair');
  return CurrencyPair.create({
    id: f.id!,
    rawSymbol: f.raw_symbol!,
    baseCurrency: f.base_currency!,
    quoteCurrency: f.quote_currency!,
    pricePrecision: Number(f.price_precision),
    priceIncrement: f.price_increment!,
    sizePrecision: Number(f.size_precision),
    sizeIncrement: f.size_increment!,
    lotSize: f.lot_size ?? null,
    maxQuantity: f.max_quantity ?? null,
    minQuantity: f.min_quantity ?? null,
    maxPrice: f.max_price ?? null,
    minPrice: f.min_price ?? null,
    marginInit: f.margin_init!,
    marginMaint: f.margin_maint!,
    makerFee: f.maker_fee!,
    takerFee: f.taker_fee!,
    tsEvent: BigInt(f.ts_event!),
    tsInit: BigInt(f.ts_init!),
  });
}

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as KairosError).code;
  }
  return undefined;
}

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('the recorded BTCUSDT instrument', () => {
  it('parses into a CurrencyPair with its precisions, increments and fees', () => {
    const i = btcusdt();
    expect(i.type).toBe('CURRENCY_PAIR');
    expect(i.id.value).toBe('BTCUSDT.BINANCE');
    expect(i.rawSymbol.value).toBe('BTCUSDT');
    expect(i.baseCurrency.code).toBe('BTC');
    expect(i.quoteCurrency.code).toBe('USDT');
    expect(i.settlementCurrency.code).toBe('USDT');
    expect(i.pricePrecision).toBe(2);
    expect(i.priceIncrement.toString()).toBe('0.01');
    expect(i.sizePrecision).toBe(6);
    expect(i.sizeIncrement.toString()).toBe('0.000001');
    expect(i.makerFee.toFixed()).toBe('0.001');
    expect(i.takerFee.toFixed()).toBe('0.001');
    expect(i.multiplier.toString()).toBe('1');
    expect(i.lotSize).toBeNull();
  });

  it('makes prices and quantities on its increments, half-even', () => {
    const i = btcusdt();
    expect(i.makePrice('20377.005').toString()).toBe('20377.00');
    expect(i.makePrice('20377.015').toString()).toBe('20377.02');
    expect(i.makePrice(2.675).toString()).toBe('2.68');
    expect(i.makePrice(new Decimal('1.2349')).toString()).toBe('1.23');
    expect(i.makeQty('0.0000015').toString()).toBe('0.000002');
    expect(i.makeQty('0.0000025').toString()).toBe('0.000002');
    expect(i.makeQty(1).toString()).toBe('1.000000');
    expect(code(() => i.makeQty('-1'))).toBe('NEGATIVE_VALUE');
    expect(code(() => i.makePrice(Number.NaN))).toBe('NOT_FINITE');
  });

  it('computes notional and commission exactly in the quote currency', () => {
    const i = btcusdt();
    const qty = i.makeQty('0.5');
    const px = i.makePrice('20000.01');
    expect(i.notional(qty, px).toString()).toBe('10000.00500000 USDT');
    // 10000.005 * 0.001 = 10.000005
    expect(i.commission(qty, px, 'TAKER').toString()).toBe('10.00000500 USDT');
    // 0.123457 * 20000.01 = 2469.14123457 (8 decimals of USDT, exact)
    expect(i.notional(i.makeQty('0.123457'), px).toString()).toBe('2469.14123457 USDT');
  });
});

describe('instrument kinds', () => {
  const base = {
    quoteCurrency: 'USDT',
    pricePrecision: 1,
    priceIncrement: '0.1',
    sizePrecision: 3,
    sizeIncrement: '0.001',
  } as const;

  it('a linear perpetual settles in the quote currency', () => {
    const p = CryptoPerpetual.create({
      ...base,
      id: 'BTCUSDT-PERP.BINANCE',
      baseCurrency: 'BTC',
      marginInit: '0.05',
    });
    expect(p.type).toBe('CRYPTO_PERPETUAL');
    expect(p.settlementCurrency.code).toBe('USDT');
    expect(p.marginInit.toFixed()).toBe('0.05');
  });

  it('an inverse perpetual has its notional in the base currency: qty * multiplier / price', () => {
    const p = CryptoPerpetual.create({
      id: 'XBTUSD.BITMEX',
      baseCurrency: 'BTC',
      quoteCurrency: 'USD',
      isInverse: true,
      pricePrecision: 1,
      priceIncrement: '0.5',
      sizePrecision: 0,
      sizeIncrement: '1',
    });
    expect(p.settlementCurrency.code).toBe('BTC');
    // 100 contracts / 50000 = 0.002 BTC
    expect(p.notional(Quantity.from('100'), Price.from('50000.0')).toString()).toBe('0.00200000 BTC');
    // 0.5 increment: 100.25 -> 100.0 (half-even on 200.5 increments), 100.75 -> 101.0
    expect(p.makePrice('100.25').toString()).toBe('100.0');
    expect(p.makePrice('100.75').toString()).toBe('101.0');
  });

  it('a future expires after it activates', () => {
    const f = CryptoFuture.create({
      ...base,
      id: 'BTCUSDT-250328.BINANCE',
      underlying: 'BTC',
      activationNs: 1n,
      expirationNs: 2n,
    });
    expect(f.baseCurrency.code).toBe('BTC');
    expect(
      code(() =>
        CryptoFuture.create({
          ...base,
          id: 'X-1.BINANCE',
          underlying: 'BTC',
          activationNs: 2n,
          expirationNs: 2n,
        }),
      ),
    ).toBe('INVALID_INSTRUMENT');
  });

  it('an equity has no base currency and a multiplier in its notional', () => {
    const e = Equity.create({
      id: 'AAPL.XNAS',
      quoteCurrency: 'USD',
      pricePrecision: 2,
      priceIncrement: '0.01',
      sizePrecision: 0,
      sizeIncrement: '1',
      multiplier: '1',
      lotSize: '100',
      isin: 'US0378331005',
    });
    expect(e.baseCurrency).toBeNull();
    expect(e.notional(Quantity.from('3'), Price.from('190.13')).toString()).toBe('570.39 USD');
  });

  it('switches exhaustively on type', () => {
    const kinds: Instrument[] = [btcusdt()];
    for (const i of kinds) {
      switch (i.type) {
        case 'CURRENCY_PAIR':
          expect(i.baseCurrency.code).toBe('BTC');
          break;
        case 'CRYPTO_PERPETUAL':
        case 'CRYPTO_FUTURE':
        case 'EQUITY':
          throw new Error('unexpected');
      }
    }
  });

  const INVALID: [string, Record<string, unknown>, string][] = [
    [
      'increment finer than precision',
      { priceIncrement: '0.01' },
      'priceIncrement 0.01 has more decimals than pricePrecision 1',
    ],
    ['zero increment', { sizeIncrement: '0' }, 'sizeIncrement must be positive'],
    ['precision out of range', { pricePrecision: 17 }, 'pricePrecision must be an integer in 0..=16'],
    ['min quantity above max', { minQuantity: '5', maxQuantity: '1' }, 'minQuantity 5 exceeds maxQuantity 1'],
    ['min price above max', { minPrice: '5', maxPrice: '1' }, 'minPrice 5 exceeds maxPrice 1'],
    ['negative margin', { marginInit: '-0.1' }, 'marginInit must not be negative'],
    ['fee not a number', { takerFee: 'abc' }, "takerFee 'abc' is not a decimal number"],
    ['unknown currency', { quoteCurrency: 'NOPE' }, "unknown Currency value 'NOPE'"],
    ['bad id', { id: 'BTCUSDT' }, "must be in the format 'SYMBOL.VENUE'"],
    [
      'min notional above max',
      { minNotional: Money.from('10', 'USDT'), maxNotional: Money.from('5', 'USDT') },
      'exceeds maxNotional',
    ],
  ];

  it.each(INVALID)('refuses %s with a clear error', (_name, change, text) => {
    const f = () =>
      CurrencyPair.create({ ...base, id: 'BTCUSDT.BINANCE', baseCurrency: 'BTC', ...change } as never);
    expect(code(f)).toBe('INVALID_INSTRUMENT');
    expect(message(f)).toContain(text);
  });
});

describe('rounding properties', () => {
  it('makePrice lands on the increment and is within half an increment of the input', () => {
    const i = btcusdt();
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), (n) => {
        // n at 6 decimals
        const text = `${n / 1_000_000n}.${(n % 1_000_000n).toString().padStart(6, '0')}`;
        const p = i.makePrice(text);
        expect(p.raw % i.priceIncrement.raw).toBe(0n);
        const diff = p.toDecimal().minus(text).abs();
        expect(diff.lte('0.005')).toBe(true);
      }),
    );
  });
});
