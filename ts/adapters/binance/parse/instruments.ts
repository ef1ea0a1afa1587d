/**
 * `exchangeInfo` -> instruments. Spot symbols become `CurrencyPair`s; USD-M perpetuals
 * `CryptoPerpetual`s and dated contracts `CryptoFuture`s. Increments and limits come from the
 * filters: PRICE_FILTER (tickSize, min/max price), LOT_SIZE (stepSize, min/max qty), and
 * MIN_NOTIONAL / NOTIONAL (min and max notional). A symbol without a PRICE_FILTER or LOT_SIZE
 * falls back to its asset precisions. Precision is the number of decimals of the increment
 * once trailing zeros are dropped (`"0.01000000"` -> 2).
 */
import {
  CryptoFuture,
  CryptoPerpetual,
  CurrencyPair,
  type Instrument,
} from '../../../model/instruments/index.js';
import { Money, Price, Quantity } from '../../../model/values/index.js';
import { BinanceError } from '../errors.js';
import type { BinanceSymbols } from './common.js';
import { assetCurrency, Fields } from './fields.js';

/** Decimals of a decimal string without its trailing zeros. */
export function significantDecimals(text: string): number {
  const dot = text.indexOf('.');
  if (dot < 0) return 0;
  const frac = text.slice(dot + 1).replace(/0+$/, '');
  return frac.length;
}

function trimmed(text: string): string {
  if (!text.includes('.')) return text;
  const t = text.replace(/0+$/, '');
  return t.endsWith('.') ? t.slice(0, -1) : t;
}

/** One unit at `decimals` decimals (`2` -> `"0.01"`). */
function unitOf(decimals: number): string {
  return decimals <= 0 ? '1' : `0.${'0'.repeat(decimals - 1)}1`;
}

interface Filters {
  readonly price: Fields | undefined;
  readonly lot: Fields | undefined;
  readonly minNotional: Fields | undefined;
  readonly notional: Fields | undefined;
}

function filtersOf(s: Fields): Filters {
  const byType = new Map<string, Fields>();
  for (const f of s.objs('filters')) byType.set(f.str('filterType'), f);
  return {
    price: byType.get('PRICE_FILTER'),
    lot: byType.get('LOT_SIZE'),
    minNotional: byType.get('MIN_NOTIONAL'),
    notional: byType.get('NOTIONAL'),
  };
}

function positiveOrNull(f: Fields | undefined, name: string): string | null {
  if (f === undefined || !f.has(name)) return null;
  const v = f.decimal(name);
  return Number(v) > 0 ? trimmed(v) : null;
}

/** Common parameters from one symbol's filters. */
function baseParams(s: Fields, symbols: BinanceSymbols, tsInit: bigint) {
  const kind = s.kind;
  const symbol = s.str('symbol');
  const id = symbols.instrumentId(symbol);
  const quote = assetCurrency(s.str('quoteAsset'), kind, s.p('quoteAsset'));
  const base = assetCurrency(s.str('baseAsset'), kind, s.p('baseAsset'));
  const f = filtersOf(s);
  let tick: string;
  if (f.price !== undefined) {
    tick = trimmed(f.price.decimal('tickSize'));
    if (!(Number(tick) > 0)) f.price.fail('tickSize', 'a positive tick size');
  } else {
    tick = unitOf(s.int(s.has('pricePrecision') ? 'pricePrecision' : 'quotePrecision'));
  }
  let step: string;
  if (f.lot !== undefined) {
    step = trimmed(f.lot.decimal('stepSize'));
    if (!(Number(step) > 0)) f.lot.fail('stepSize', 'a positive step size');
  } else {
    step = unitOf(s.int(s.has('quantityPrecision') ? 'quantityPrecision' : 'baseAssetPrecision'));
  }
  const pricePrecision = significantDecimals(tick);
  const sizePrecision = significantDecimals(step);
  const minNotionalText =
    positiveOrNull(f.notional, 'minNotional') ??
    positiveOrNull(f.minNotional, 'minNotional') ??
    positiveOrNull(f.minNotional, 'notional');
  const maxNotionalText = positiveOrNull(f.notional, 'maxNotional');
  const money = (text: string | null): Money | null => (text === null ? null : Money.from(text, quote));
  return {
    symbol,
    base,
    quote,
    params: {
      id,
      rawSymbol: symbol,
      quoteCurrency: quote,
      pricePrecision,
      priceIncrement: Price.from(tick, pricePrecision),
      sizePrecision,
      sizeIncrement: Quantity.from(step, sizePrecision),
      minQuantity: positiveOrNull(f.lot, 'minQty'),
      maxQuantity: positiveOrNull(f.lot, 'maxQty'),
      minPrice: positiveOrNull(f.price, 'minPrice'),
      maxPrice: positiveOrNull(f.price, 'maxPrice'),
      minNotional: money(minNotionalText),
      maxNotional: money(maxNotionalText),
      tsEvent: tsInit,
      tsInit,
    },
  };
}

function percentRate(f: Fields, name: string): string {
  if (!f.has(name)) return '0';
  const v = f.decimal(name);
  return (Number(v) / 100).toString();
}

/**
 * Every symbol of a spot (`/api/v3/exchangeInfo`) or USD-M futures (`/fapi/v1/exchangeInfo`)
 * exchange info. Throws `BINANCE_INVALID_PAYLOAD` (naming the symbol and field) on bad input;
 * no partial list is returned.
 */
export function parseExchangeInfo(json: unknown, symbols: BinanceSymbols, tsInit: bigint): Instrument[] {
  const kind = `${symbols.market === 'SPOT' ? 'spot' : 'futures'} exchangeInfo`;
  const root = Fields.of(kind, json);
  const out: Instrument[] = [];
  for (const s of root.objs('symbols')) {
    try {
      out.push(parseSymbol(s, symbols, tsInit));
    } catch (e) {
      if (e instanceof BinanceError) throw e;
      const sym = typeof s.raw.symbol === 'string' ? s.raw.symbol : s.path;
      throw new BinanceError(
        'BINANCE_INVALID_PAYLOAD',
        `invalid Binance ${kind}: symbol ${sym}: ${(e as Error).message}`,
        { kind, field: s.path },
        e,
      );
    }
  }
  return out;
}

function parseSymbol(s: Fields, symbols: BinanceSymbols, tsInit: bigint): Instrument {
  const { base, params } = baseParams(s, symbols, tsInit);
  if (symbols.market === 'SPOT') return CurrencyPair.create({ ...params, baseCurrency: base });
  const contractType = s.str('contractType');
  const margin = {
    marginInit: percentRate(s, 'requiredMarginPercent'),
    marginMaint: percentRate(s, 'maintMarginPercent'),
  };
  const settlement = s.has('marginAsset')
    ? assetCurrency(s.str('marginAsset'), s.kind, s.p('marginAsset'))
    : undefined;
  if (contractType === 'PERPETUAL' || contractType === 'TRADIFI_PERPETUAL') {
    return CryptoPerpetual.create({
      ...params,
      ...margin,
      baseCurrency: base,
      ...(settlement === undefined ? {} : { settlementCurrency: settlement }),
    });
  }
  return CryptoFuture.create({
    ...params,
    ...margin,
    underlying: base,
    ...(settlement === undefined ? {} : { settlementCurrency: settlement }),
    activationNs: s.msNs('onboardDate'),
    expirationNs: s.msNs('deliveryDate'),
  });
}
