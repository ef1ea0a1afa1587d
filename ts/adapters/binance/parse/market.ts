/**
 * Market-data payloads -> model data: `bookTicker` -> `QuoteTick`, `trade` / `aggTrade` ->
 * `TradeTick`, `kline` -> `Bar`, depth snapshots and `depthUpdate` -> the input of
 * {@link BinanceBookSync} and its actions -> `OrderBookDeltas`; plus typed views of the streams
 * the model has no type for (mark price, liquidations, 24h ticker) and of small REST answers.
 *
 * Combined streams wrap as `{stream, data}`: {@link unwrapCombined} returns both parts.
 *
 * Aggressor side: `m` (buyer is maker) true means the seller took liquidity: SELLER.
 */
import { Decimal } from 'decimal.js';

import { type Bar, type BarAggregation, bar, barSpecification } from '../../../model/data/bar.js';
import {
  type OrderBookDelta,
  type OrderBookDeltas,
  orderBookDelta,
  orderBookDeltas,
  RecordFlag,
} from '../../../model/data/book.js';
import { type QuoteTick, quoteTick, type TradeTick, tradeTick } from '../../../model/data/ticks.js';
import { type InstrumentId, TradeId } from '../../../model/identifiers/index.js';
import { Price, Quantity } from '../../../model/values/index.js';
import type {
  BinanceBookSyncAction,
  BinanceDepthEvent,
  BinanceDepthSnapshot,
  BookSyncLevel,
} from '../book-sync.js';
import type { BinanceSymbols } from './common.js';
import { Fields, invalidPayload, isObject } from './fields.js';
import { build } from './orders.js';

/** `{stream, data}` of a combined stream, or `{stream: null, data}` for a raw stream. */
export function unwrapCombined(json: unknown): { readonly stream: string | null; readonly data: unknown } {
  if (isObject(json) && typeof json.stream === 'string' && 'data' in json) {
    return { stream: json.stream, data: json.data };
  }
  return { stream: null, data: json };
}

/** `<symbol>@bookTicker` (spot has no event time: `tsInit` is used). */
export function parseBookTicker(json: unknown, symbols: BinanceSymbols, tsInit: bigint): QuoteTick {
  const f = Fields.of('bookTicker', json);
  const ts = f.has('T') ? f.msNs('T') : f.has('E') ? f.msNs('E') : tsInit;
  return build(f, 'quote', () =>
    quoteTick({
      instrumentId: symbols.instrumentId(f.str('s')),
      bidPrice: f.price('b'),
      askPrice: f.price('a'),
      bidSize: f.qty('B'),
      askSize: f.qty('A'),
      tsEvent: ts,
      tsInit,
    }),
  );
}

/** REST `GET /api/v3/ticker/bookTicker` (long names). */
export function parseRestBookTicker(json: unknown, symbols: BinanceSymbols, tsInit: bigint): QuoteTick {
  const f = Fields.of('bookTicker response', json);
  return build(f, 'quote', () =>
    quoteTick({
      instrumentId: symbols.instrumentId(f.str('symbol')),
      bidPrice: f.price('bidPrice'),
      askPrice: f.price('askPrice'),
      bidSize: f.qty('bidQty'),
      askSize: f.qty('askQty'),
      tsEvent: f.has('time') ? f.msNs('time') : tsInit,
      tsInit,
    }),
  );
}

/** `<symbol>@trade` (trade id `t`) or `<symbol>@aggTrade` (aggregate id `a`). */
export function parseTrade(json: unknown, symbols: BinanceSymbols, tsInit: bigint): TradeTick {
  const f = Fields.of('trade', json);
  const kind = f.oneOf('e', ['trade', 'aggTrade'] as const);
  const id = kind === 'trade' ? f.bigint('t') : f.bigint('a');
  return build(f, `trade ${id}`, () =>
    tradeTick({
      instrumentId: symbols.instrumentId(f.str('s')),
      price: f.price('p'),
      size: f.qty('q'),
      aggressorSide: f.bool('m') ? 'SELLER' : 'BUYER',
      tradeId: TradeId.from(id.toString()),
      tsEvent: f.msNs('T'),
      tsInit,
    }),
  );
}

/** REST `GET /api/v3/trades` (recent trades of one symbol). */
export function parseRestTrades(json: unknown, instrumentId: InstrumentId, tsInit: bigint): TradeTick[] {
  return Fields.list('trades response', json).map((f) =>
    build(f, `trade ${f.raw.id}`, () =>
      tradeTick({
        instrumentId,
        price: f.price('price'),
        size: f.qty('qty'),
        aggressorSide: f.bool('isBuyerMaker') ? 'SELLER' : 'BUYER',
        tradeId: TradeId.from(f.bigint('id').toString()),
        tsEvent: f.msNs('time'),
        tsInit,
      }),
    ),
  );
}

const INTERVALS: Readonly<Record<string, readonly [number, BarAggregation]>> = {
  '1s': [1, 'SECOND'],
  '1m': [1, 'MINUTE'],
  '3m': [3, 'MINUTE'],
  '5m': [5, 'MINUTE'],
  '15m': [15, 'MINUTE'],
  '30m': [30, 'MINUTE'],
  '1h': [1, 'HOUR'],
  '2h': [2, 'HOUR'],
  '4h': [4, 'HOUR'],
  '6h': [6, 'HOUR'],
  '8h': [8, 'HOUR'],
  '12h': [12, 'HOUR'],
  '1d': [1, 'DAY'],
  '3d': [3, 'DAY'],
  '1w': [1, 'WEEK'],
};

/** The Binance kline interval of a bar step and aggregation (`1-MINUTE` -> `1m`), or null. */
export function klineInterval(step: number, aggregation: BarAggregation): string | null {
  for (const [k, [s, a]] of Object.entries(INTERVALS)) if (s === step && a === aggregation) return k;
  return null;
}

/**
 * A kline as the venue sent it, and the `Bar` it makes once closed. An open kline is a bar
 * still forming: its prices are provisional (the venue has sent open klines whose low is above
 * their open), so it carries no `Bar`; a closed kline must be a consistent bar or it is refused.
 */
export interface BinanceKline {
  readonly type: 'BinanceKline';
  readonly instrumentId: InstrumentId;
  readonly interval: string;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly volume: Quantity;
  readonly openTimeNs: bigint;
  readonly closeTimeNs: bigint;
  readonly closed: boolean;
  /** The bar, for a closed kline; null while the kline is open. */
  readonly bar: Bar | null;
}

/** `<symbol>@kline_<interval>`. The bar's `tsEvent` is the kline's close time + 1 ms. */
export function parseKline(json: unknown, symbols: BinanceSymbols, tsInit: bigint): BinanceKline {
  const root = Fields.of('kline', json);
  const k = root.obj('k');
  const intervalName = k.str('i');
  const interval =
    INTERVALS[intervalName] ?? k.fail('i', `a kline interval (${Object.keys(INTERVALS).join(', ')})`);
  const instrumentId = symbols.instrumentId(k.str('s'));
  const closeNs = k.msNs('T') + 1_000_000n;
  const fields = {
    open: k.price('o'),
    high: k.price('h'),
    low: k.price('l'),
    close: k.price('c'),
    volume: k.qty('v'),
  };
  const closed = k.bool('x');
  const b = closed
    ? build(k, 'bar', () =>
        bar({
          barType: {
            instrumentId,
            spec: barSpecification(interval[0], interval[1], 'LAST'),
            aggregationSource: 'EXTERNAL',
          },
          ...fields,
          tsEvent: closeNs,
          tsInit,
        }),
      )
    : null;
  return {
    type: 'BinanceKline',
    instrumentId,
    interval: intervalName,
    ...fields,
    openTimeNs: k.msNs('t'),
    closeTimeNs: closeNs,
    closed,
    bar: b,
  };
}

/** REST `GET /api/v3/klines` rows `[openTime, o, h, l, c, v, closeTime, ...]` for one bar type. */
export function parseRestKlines(
  json: unknown,
  instrumentId: InstrumentId,
  interval: string,
  tsInit: bigint,
): Bar[] {
  const spec = INTERVALS[interval];
  if (spec === undefined) throw invalidPayload('klines response', 'interval', 'a kline interval', interval);
  if (!Array.isArray(json)) throw invalidPayload('klines response', '(root)', 'an array', json);
  return json.map((row, i) => {
    if (!Array.isArray(row) || row.length < 7) {
      throw invalidPayload('klines response', `[${i}]`, 'a kline row of at least 7 entries', row);
    }
    const names = ['openTime', 'o', 'h', 'l', 'c', 'v', 'closeTime'];
    const f = Fields.of('klines response', Object.fromEntries(names.map((n, j) => [n, row[j]])), `[${i}]`);
    return build(f, 'bar', () =>
      bar({
        barType: {
          instrumentId,
          spec: barSpecification(spec[0], spec[1], 'LAST'),
          aggregationSource: 'EXTERNAL',
        },
        open: f.price('o'),
        high: f.price('h'),
        low: f.price('l'),
        close: f.price('c'),
        volume: f.qty('v'),
        tsEvent: f.msNs('closeTime') + 1_000_000n,
        tsInit,
      }),
    );
  });
}

function levels(f: Fields, name: string): (readonly [string, string])[] {
  return f.arr(name).map((l, i) => {
    if (!Array.isArray(l) || typeof l[0] !== 'string' || typeof l[1] !== 'string') {
      throw invalidPayload(f.kind, `${f.p(name)}[${i}]`, '[price, quantity] strings', l);
    }
    return [l[0], l[1]] as const;
  });
}

/** A diff-depth event, checked, in the shape {@link BinanceBookSync} takes, with its symbol. */
export interface BinanceDepthUpdate {
  readonly symbol: string;
  readonly event: BinanceDepthEvent;
  readonly tsEvent: bigint;
}

/** `<symbol>@depth` / `@depth@100ms`. */
export function parseDepthUpdate(json: unknown): BinanceDepthUpdate {
  const f = Fields.of('depthUpdate', json);
  f.oneOf('e', ['depthUpdate'] as const);
  const event: BinanceDepthEvent = {
    U: f.bigint('U'),
    u: f.bigint('u'),
    ...(f.has('pu') ? { pu: f.bigint('pu') } : {}),
    b: levels(f, 'b'),
    a: levels(f, 'a'),
  };
  return { symbol: f.str('s'), event, tsEvent: f.has('T') ? f.msNs('T') : f.msNs('E') };
}

/** REST `GET /api/v3/depth` / `GET /fapi/v1/depth`. */
export function parseDepthSnapshot(json: unknown): BinanceDepthSnapshot {
  const f = Fields.of('depth snapshot', json);
  return { lastUpdateId: f.bigint('lastUpdateId'), bids: levels(f, 'bids'), asks: levels(f, 'asks') };
}

function level(
  instrumentId: InstrumentId,
  side: 'BUY' | 'SELL',
  l: BookSyncLevel,
  action: 'ADD' | 'UPDATE' | 'DELETE',
  flags: number,
  sequence: bigint,
  tsEvent: bigint,
  tsInit: bigint,
): OrderBookDelta {
  return orderBookDelta({
    instrumentId,
    action,
    order: { side, price: Price.from(l.price), size: Quantity.from(l.size), orderId: 0n },
    flags,
    sequence,
    tsEvent,
    tsInit,
  });
}

/**
 * The deltas of one book-sync action: a snapshot is CLEAR then one ADD per level (flag
 * `F_SNAPSHOT`); a diff is one UPDATE per level, DELETE for size zero. The last delta carries
 * `F_LAST`. `null` for a resync (no deltas: the book is invalid until the next snapshot) and for
 * an empty diff.
 */
export function bookActionToDeltas(
  instrumentId: InstrumentId,
  action: BinanceBookSyncAction,
  tsEvent: bigint,
  tsInit: bigint,
): OrderBookDeltas | null {
  if (action.type === 'resync') return null;
  const out: OrderBookDelta[] = [];
  const mbp = RecordFlag.F_MBP;
  if (action.type === 'snapshot') {
    const seq = action.lastUpdateId;
    const flags = mbp | RecordFlag.F_SNAPSHOT;
    out.push(orderBookDelta({ instrumentId, action: 'CLEAR', flags, sequence: seq, tsEvent, tsInit }));
    for (const l of action.bids)
      if (!isZero(l.size)) out.push(level(instrumentId, 'BUY', l, 'ADD', flags, seq, tsEvent, tsInit));
    for (const l of action.asks)
      if (!isZero(l.size)) out.push(level(instrumentId, 'SELL', l, 'ADD', flags, seq, tsEvent, tsInit));
  } else {
    const seq = action.finalUpdateId;
    for (const l of action.bids) {
      out.push(
        level(instrumentId, 'BUY', l, isZero(l.size) ? 'DELETE' : 'UPDATE', mbp, seq, tsEvent, tsInit),
      );
    }
    for (const l of action.asks) {
      out.push(
        level(instrumentId, 'SELL', l, isZero(l.size) ? 'DELETE' : 'UPDATE', mbp, seq, tsEvent, tsInit),
      );
    }
  }
  if (out.length === 0) return null;
  const last = out[out.length - 1]!;
  out[out.length - 1] = { ...last, flags: last.flags | RecordFlag.F_LAST };
  return orderBookDeltas(instrumentId, out);
}

function isZero(size: string): boolean {
  return /^0+(\.0+)?$/.test(size);
}

/** Futures `<symbol>@markPrice`. */
export interface BinanceMarkPrice {
  readonly type: 'BinanceMarkPrice';
  readonly instrumentId: InstrumentId;
  readonly markPrice: Price;
  readonly indexPrice: Price;
  readonly fundingRate: Decimal;
  readonly nextFundingTimeNs: bigint;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export function parseMarkPrice(json: unknown, symbols: BinanceSymbols, tsInit: bigint): BinanceMarkPrice {
  const f = Fields.of('markPriceUpdate', json);
  f.oneOf('e', ['markPriceUpdate'] as const);
  return {
    type: 'BinanceMarkPrice',
    instrumentId: symbols.instrumentId(f.str('s')),
    markPrice: f.price('p'),
    indexPrice: f.price('i'),
    fundingRate: new Decimal(f.decimal('r')),
    nextFundingTimeNs: f.msNs('T'),
    tsEvent: f.msNs('E'),
    tsInit,
  };
}

/** Futures `<symbol>@forceOrder`: a liquidation order in the market. */
export interface BinanceLiquidation {
  readonly type: 'BinanceLiquidation';
  readonly instrumentId: InstrumentId;
  readonly side: 'BUY' | 'SELL';
  readonly price: Price;
  readonly avgPrice: Price;
  readonly quantity: Quantity;
  readonly filledQty: Quantity;
  readonly status: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export function parseLiquidation(json: unknown, symbols: BinanceSymbols, tsInit: bigint): BinanceLiquidation {
  const root = Fields.of('forceOrder', json);
  const o = root.obj('o');
  return {
    type: 'BinanceLiquidation',
    instrumentId: symbols.instrumentId(o.str('s')),
    side: o.oneOf('S', ['BUY', 'SELL'] as const),
    price: o.price('p'),
    avgPrice: o.price('ap'),
    quantity: o.qty('q'),
    filledQty: o.qty('z'),
    status: o.str('X'),
    tsEvent: o.msNs('T'),
    tsInit,
  };
}

/** `<symbol>@ticker` (24 h rolling statistics) or REST `GET /api/v3/ticker/24hr`. */
export interface BinanceTicker24h {
  readonly type: 'BinanceTicker24h';
  readonly instrumentId: InstrumentId;
  readonly lastPrice: Price;
  readonly openPrice: Price;
  readonly highPrice: Price;
  readonly lowPrice: Price;
  readonly volume: Quantity;
  readonly quoteVolume: Quantity;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export function parseTicker24h(json: unknown, symbols: BinanceSymbols, tsInit: bigint): BinanceTicker24h {
  const f = Fields.of('24hrTicker', json);
  const stream = f.has('e');
  const n = (s: string, r: string) => (stream ? s : r);
  return {
    type: 'BinanceTicker24h',
    instrumentId: symbols.instrumentId(f.str(n('s', 'symbol'))),
    lastPrice: f.price(n('c', 'lastPrice')),
    openPrice: f.price(n('o', 'openPrice')),
    highPrice: f.price(n('h', 'highPrice')),
    lowPrice: f.price(n('l', 'lowPrice')),
    volume: f.qty(n('v', 'volume')),
    quoteVolume: f.qty(n('q', 'quoteVolume')),
    tsEvent: f.msNs(n('E', 'closeTime')),
    tsInit,
  };
}

/** REST `GET /api/v3/ticker/price`. */
export function parseTickerPrice(json: unknown): { readonly symbol: string; readonly price: Price } {
  const f = Fields.of('ticker price', json);
  return { symbol: f.str('symbol'), price: f.price('price') };
}

/** REST `GET /api/v3/avgPrice`. */
export function parseAvgPrice(json: unknown): {
  readonly mins: number;
  readonly price: Price;
  readonly closeTimeNs: bigint;
} {
  const f = Fields.of('avgPrice', json);
  return { mins: f.int('mins'), price: f.price('price'), closeTimeNs: f.msNs('closeTime') };
}

/** REST `GET /api/v3/time` / `GET /fapi/v1/time`: the server time in ms. */
export function parseServerTime(json: unknown): number {
  const f = Fields.of('server time', json);
  const t = f.int('serverTime');
  if (t <= 0) f.fail('serverTime', 'a positive time in ms');
  return t;
}

/** REST `GET /api/v3/ping`: `{}`. */
export function parsePing(json: unknown): true {
  Fields.of('ping', json);
  return true;
}
