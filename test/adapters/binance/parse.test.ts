import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';

import { BinanceBookSync } from '../../../ts/adapters/binance/book-sync.js';
import { BinanceError } from '../../../ts/adapters/binance/errors.js';
import { Fields } from '../../../ts/adapters/binance/parse/fields.js';
import {
  algoActualOrderId,
  BinanceSymbols,
  bookActionToDeltas,
  parseAlgoOrder,
  parseAlgoOrders,
  parseAvgPrice,
  parseBookTicker,
  parseDepthSnapshot,
  parseDepthUpdate,
  parseExchangeInfo,
  parseFuturesAccount,
  parseFuturesBalances,
  parseFuturesOrder,
  parseFuturesOrders,
  parseFuturesTrades,
  parseKline,
  parseLiquidation,
  parseMarkPrice,
  parsePing,
  parsePositionRisk,
  parseRestBookTicker,
  parseRestKlines,
  parseRestTrades,
  parseServerTime,
  parseSpotAccount,
  parseSpotOrder,
  parseSpotOrderFills,
  parseSpotOrders,
  parseSpotTrades,
  parseTicker24h,
  parseTickerPrice,
  parseTrade,
  parseUserEvent,
  type ReportContext,
  unwrapCombined,
} from '../../../ts/adapters/binance/parse/index.js';
import { AccountId, InstrumentId } from '../../../ts/model/identifiers/index.js';
import { allPayloadFiles, load } from './fixtures.js';

const TS = 1_700_000_000_000_000_000n;
const spot = new BinanceSymbols('SPOT');
const futures = new BinanceSymbols('USDT_FUTURE');
const spotCtx: ReportContext = { symbols: spot, accountId: AccountId.from('BINANCE-001'), tsInit: TS };
const futCtx: ReportContext = { symbols: futures, accountId: AccountId.from('BINANCE-002'), tsInit: TS };

/** Every payload file and the parser that reads it; the coverage test requires all of them. */
const PARSERS: Readonly<Record<string, (json: unknown) => unknown>> = {
  'futures/http/account_info_v2.json': (j) => parseFuturesAccount(j, futCtx),
  'futures/http/balance.json': (j) => parseFuturesBalances(j, TS),
  'futures/http/futures_account_orders.json': (j) => parseFuturesOrders(j, futCtx),
  'futures/http/futures_account_positions_hedge.json': (j) => parsePositionRisk(j, futCtx),
  'futures/http/futures_account_positions_one_way.json': (j) => parsePositionRisk(j, futCtx),
  'futures/http/futures_account_trades.json': (j) => parseFuturesTrades(j, futCtx),
  'futures/http/futures_market_depth.json': (j) => parseDepthSnapshot(j),
  'futures/http/futures_market_exchange_info.json': (j) => parseExchangeInfo(j, futures, TS),
  'futures/http/open_algo_orders.json': (j) => parseAlgoOrders(j, futCtx),
  'futures/http/order_response.json': (j) => parseFuturesOrder(Fields.of('order', j), futCtx),
  'futures/http/position_risk.json': (j) => parsePositionRisk(j, futCtx),
  'futures/market/agg_trade_stream.json': (j) => parseTrade(j, futures, TS),
  'futures/market/book_ticker_stream.json': (j) => parseBookTicker(j, futures, TS),
  'futures/market/depth_update_stream.json': (j) => parseDepthUpdate(j),
  'futures/market/kline_stream_closed.json': (j) => parseKline(j, futures, TS),
  'futures/market/kline_stream_open.json': (j) => parseKline(j, futures, TS),
  'futures/market/liquidation_stream.json': (j) => parseLiquidation(j, futures, TS),
  'futures/market/mark_price_stream.json': (j) => parseMarkPrice(j, futures, TS),
  'futures/market/ticker_stream.json': (j) => parseTicker24h(j, futures, TS),
  'futures/market/trade_stream.json': (j) => parseTrade(j, futures, TS),
  'futures/user/account_update.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/account_update_bnfcr.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/algo_update_canceled.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/algo_update_new.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/order_update_adl.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/order_update_calculated.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/order_update_calculated_pending.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/order_update_delivery.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/order_update_insurance.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/order_update_new.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/order_update_settlement.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/order_update_trade.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/order_update_trade_partial.json': (j) => parseUserEvent(j, futCtx),
  'futures/user/trade_lite.json': (j) => parseUserEvent(j, futCtx),
  'spot/http/account_response.json': (j) => parseSpotAccount(j, TS),
  'spot/http/account_trades_response.json': (j) => parseSpotTrades(j, spotCtx),
  'spot/http/all_orders_response.json': (j) => parseSpotOrders(j, spotCtx),
  'spot/http/avg_price_response.json': (j) => parseAvgPrice(j),
  'spot/http/book_ticker_response.json': (j) => parseRestBookTicker(j, spot, TS),
  'spot/http/cancel_open_orders_response.json': (j) => parseSpotOrders(j, spotCtx),
  'spot/http/cancel_order_response.json': (j) => parseSpotOrder(Fields.of('cancel', j), spotCtx),
  'spot/http/depth_response.json': (j) => parseDepthSnapshot(j),
  'spot/http/exchange_info_response.json': (j) => parseExchangeInfo(j, spot, TS),
  'spot/http/klines_response.json': (j) => parseRestKlines(j, InstrumentId.from('BTCUSDT.BINANCE'), '1d', TS),
  'spot/http/new_order_full_response.json': (j) => [
    parseSpotOrder(Fields.of('new order', j), spotCtx),
    parseSpotOrderFills(j, spotCtx),
  ],
  'spot/http/open_orders_response.json': (j) => parseSpotOrders(j, spotCtx),
  'spot/http/order_response.json': (j) => parseSpotOrder(Fields.of('order', j), spotCtx),
  'spot/http/ping_response.json': (j) => parsePing(j),
  'spot/http/server_time_response.json': (j) => parseServerTime(j),
  'spot/http/spot_market_depth.json': (j) => parseDepthSnapshot(j),
  'spot/http/spot_market_exchange_info.json': (j) => parseExchangeInfo(j, spot, TS),
  'spot/http/ticker_24hr_response.json': (j) => parseTicker24h(j, spot, TS),
  'spot/http/ticker_price_response.json': (j) => parseTickerPrice(j),
  'spot/http/trades_response.json': (j) => parseRestTrades(j, InstrumentId.from('BNBBTC.BINANCE'), TS),
  'spot/user/account_position.json': (j) => parseUserEvent(j, spotCtx),
  'spot/user/account_position_wrapped.json': (j) => parseUserEvent(j, spotCtx),
  'spot/user/balance_update.json': (j) => parseUserEvent(j, spotCtx),
  'spot/user/balance_update_wrapped.json': (j) => parseUserEvent(j, spotCtx),
  'spot/user/execution_report_canceled.json': (j) => parseUserEvent(j, spotCtx),
  'spot/user/execution_report_expired.json': (j) => parseUserEvent(j, spotCtx),
  'spot/user/execution_report_new.json': (j) => parseUserEvent(j, spotCtx),
  'spot/user/execution_report_stop_loss.json': (j) => parseUserEvent(j, spotCtx),
  'spot/user/execution_report_trade.json': (j) => parseUserEvent(j, spotCtx),
  'spot/user/execution_report_wrapped.json': (j) => parseUserEvent(j, spotCtx),
  'spot/user/list_status_wrapped.json': (j) => parseUserEvent(j, spotCtx),
};

describe('every real payload file is parsed', () => {
  it('has a parser for each file in shared/data/binance (none left out, none stale)', () => {
    const files = allPayloadFiles();
    expect(files.length).toBeGreaterThan(60);
    expect(files.filter((f) => !(f in PARSERS))).toEqual([]);
    expect(Object.keys(PARSERS).filter((f) => !files.includes(f))).toEqual([]);
  });

  for (const [file, parse] of Object.entries(PARSERS)) {
    it(`parses ${file}`, () => {
      const out = parse(load(file));
      expect(out).toBeDefined();
      if (Array.isArray(out)) expect(out.length).toBeGreaterThan(0);
      if (typeof out === 'object' && out !== null && 'type' in out) {
        expect((out as { type: string }).type).not.toBe('BinanceIgnoredEvent');
      }
    });
  }
});

/** Every leaf path of a JSON value (`a.b[0].c`), with its container and key. */
function leaves(
  v: unknown,
  path = '',
): { path: string; parent: Record<string, unknown> | unknown[]; key: string | number }[] {
  const out: { path: string; parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  if (Array.isArray(v)) {
    v.forEach((e, i) => {
      if (typeof e === 'object' && e !== null) out.push(...leaves(e, `${path}[${i}]`));
      else out.push({ path: `${path}[${i}]`, parent: v, key: i });
    });
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, e] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      if (typeof e === 'object' && e !== null) out.push(...leaves(e, p));
      else out.push({ path: p, parent: v as Record<string, unknown>, key: k });
    }
  }
  return out;
}

describe('garbage in any field is a typed error or a correct parse, never a crash', () => {
  const GARBAGE: readonly unknown[] = [null, 'garbage', -1.5, {}, '1e5', true];
  for (const [file, parse] of Object.entries(PARSERS)) {
    it(`every field of ${file}`, () => {
      const original = load(file);
      const paths = leaves(original).map((l) => l.path);
      for (let i = 0; i < paths.length; i++) {
        for (const g of GARBAGE) {
          const json = structuredClone(original);
          const leaf = leaves(json)[i]!;
          (leaf.parent as Record<string | number, unknown>)[leaf.key] = g;
          try {
            parse(json);
          } catch (e) {
            if (!(e instanceof BinanceError) || e.code !== 'BINANCE_INVALID_PAYLOAD') {
              throw new Error(
                `${file} ${leaf.path} = ${JSON.stringify(g)}: ${(e as Error).name} ${(e as Error).message}`,
              );
            }
          }
        }
      }
    });
  }
});

describe('exchangeInfo -> instruments', () => {
  it('spot symbols become CurrencyPairs with increments and limits from the filters', () => {
    const [btc, eth] = parseExchangeInfo(load('spot/http/spot_market_exchange_info.json'), spot, TS);
    expect(btc?.type).toBe('CURRENCY_PAIR');
    expect(btc?.id.value).toBe('BTCUSDT.BINANCE');
    expect(btc?.priceIncrement.toString()).toBe('0.01');
    expect(btc?.pricePrecision).toBe(2);
    expect(btc?.sizeIncrement.toString()).toBe('0.00001');
    expect(btc?.sizePrecision).toBe(5);
    expect(btc?.minQuantity?.toString()).toBe('0.00001');
    expect(btc?.maxQuantity?.toString()).toBe('9000');
    expect(btc?.minNotional?.toString()).toBe('10.00000000 USDT');
    expect(btc?.maxPrice?.toString()).toBe('1000000');
    expect(btc?.baseCurrency?.code).toBe('BTC');
    expect(eth?.sizeIncrement.toString()).toBe('0.0001');
  });

  it('a spot symbol without filters falls back to the asset precisions', () => {
    const [ethbtc] = parseExchangeInfo(load('spot/http/exchange_info_response.json'), spot, TS);
    expect(ethbtc?.priceIncrement.toString()).toBe('0.00000001');
    expect(ethbtc?.sizeIncrement.toString()).toBe('0.00000001');
    expect(ethbtc?.minNotional).toBeNull();
  });

  it('USD-M perpetuals become CryptoPerpetuals (-PERP) and dated contracts CryptoFutures', () => {
    const list = parseExchangeInfo(load('futures/http/futures_market_exchange_info.json'), futures, TS);
    expect(list.map((i) => `${i.type} ${i.id.value}`)).toEqual([
      'CRYPTO_PERPETUAL BTCUSDT-PERP.BINANCE',
      'CRYPTO_PERPETUAL ETHUSDT-PERP.BINANCE',
      'CRYPTO_FUTURE BTCUSDT_220325.BINANCE',
    ]);
    const btc = list[0]!;
    expect(btc.rawSymbol.value).toBe('BTCUSDT');
    expect(btc.priceIncrement.toString()).toBe('0.1');
    expect(btc.sizeIncrement.toString()).toBe('0.001');
    expect(btc.minNotional?.toString()).toBe('10.00000000 USDT');
    expect(btc.marginInit.toString()).toBe('0.05');
    expect(btc.marginMaint.toString()).toBe('0.025');
    expect(btc.settlementCurrency.code).toBe('USDT');
    const dated = list[2]!;
    expect(dated.type === 'CRYPTO_FUTURE' && dated.expirationNs).toBe(1648195200000n * 1_000_000n);
  });

  it('a garbage tick size is refused naming the symbol and field; no partial list', () => {
    const info = structuredClone(load('spot/http/spot_market_exchange_info.json')) as {
      symbols: { filters: { filterType: string; tickSize?: string }[] }[];
    };
    info.symbols[1]!.filters[0]!.tickSize = '1e-2';
    expect(() => parseExchangeInfo(info, spot, TS)).toThrowError(/symbols\[1\]\.filters\[0\]\.tickSize/);
  });
});

describe('orders -> OrderStatusReport', () => {
  it('maps a spot open order (NEW -> ACCEPTED) with exact values', () => {
    const [r] = parseSpotOrders(load('spot/http/open_orders_response.json'), spotCtx);
    expect(r?.orderStatus).toBe('ACCEPTED');
    expect(r?.instrumentId.value).toBe('LTCBTC.BINANCE');
    expect(r?.clientOrderId?.value).toBe('myOrder1');
    expect(r?.venueOrderId.value).toBe('1');
    expect(r?.orderType).toBe('LIMIT');
    expect(r?.price?.toString()).toBe('0.1');
    expect(r?.quantity.toString()).toBe('1.0');
    expect(r?.filledQty.isZero()).toBe(true);
    expect(r?.triggerPrice).toBeNull();
    expect(r?.displayQty).toBeNull();
    expect(r?.tsAccepted).toBe(1499827319559n * 1_000_000n);
    expect(r?.accountId.value).toBe('BINANCE-001');
  });

  it('a spot cancel carries the order own client id (origClientOrderId), not the cancel request id', () => {
    const r = parseSpotOrder(Fields.of('cancel', load('spot/http/cancel_order_response.json')), spotCtx);
    expect(r.clientOrderId?.value).toBe('myOrder1');
    expect(r.orderStatus).toBe('CANCELED');
  });

  it('a FULL new-order answer gives a FILLED report with the average price and its fills', () => {
    const json = load('spot/http/new_order_full_response.json');
    const r = parseSpotOrder(Fields.of('new order', json), spotCtx);
    expect(r.orderStatus).toBe('FILLED');
    expect(r.orderType).toBe('MARKET');
    expect(r.price).toBeNull();
    const fills = parseSpotOrderFills(json, spotCtx);
    expect(fills.map((f) => f.tradeId.value)).toEqual(['56', '57', '58', '59', '60']);
    expect(fills[1]?.commission.toString()).toBe('19.99500000 USDT');
    expect(fills.every((f) => f.liquiditySide === 'TAKER' && f.orderSide === 'SELL')).toBe(true);
  });

  it('cancel-all answers flatten order lists into OCO-linked reports', () => {
    const reports = parseSpotOrders(load('spot/http/cancel_open_orders_response.json'), spotCtx);
    expect(reports.map((r) => r.venueOrderId.value)).toEqual(['11', '13', '20', '21']);
    const oco = reports[2]!;
    expect(oco.contingencyType).toBe('OCO');
    expect(oco.orderListId?.value).toBe('1929');
    expect(oco.orderType).toBe('STOP_LIMIT');
    expect(oco.triggerPrice?.toString()).toBe('0.378131');
    expect(oco.displayQty?.toString()).toBe('0.017083');
    expect(reports[3]?.postOnly).toBe(true); // LIMIT_MAKER
  });

  it('maps a futures trailing stop with its activation price and callback rate in basis points', () => {
    const [r] = parseFuturesOrders(load('futures/http/futures_account_orders.json'), futCtx);
    expect(r?.instrumentId.value).toBe('BTCUSDT-PERP.BINANCE');
    expect(r?.orderType).toBe('TRAILING_STOP_MARKET');
    expect(r?.triggerPrice?.toString()).toBe('9020');
    expect(r?.trailingOffset?.toString()).toBe('30');
    expect(r?.trailingOffsetType).toBe('BASIS_POINTS');
    expect(r?.triggerType).toBe('LAST_PRICE');
    expect(r?.venuePositionId?.value).toBe('BTCUSDT-PERP.BINANCE-SHORT');
  });

  it('a futures LIMIT order has no trigger although Binance reports a workingType on it', () => {
    // order_response.json is a LIMIT with workingType CONTRACT_PRICE: a LAST_PRICE trigger on
    // it made the order impossible to build when reconciliation found it as an external order.
    const r = parseFuturesOrder(Fields.of('order', load('futures/http/order_response.json')), futCtx);
    expect(r.orderType).toBe('LIMIT');
    expect(r.triggerType).toBe('NO_TRIGGER');
    const u = parseUserEvent(load('futures/user/order_update_trade.json'), futCtx);
    if (u.type !== 'BinanceOrderUpdate') throw new Error(u.type);
    expect(u.report.orderType).toBe('LIMIT');
    expect(u.report.triggerType).toBe('NO_TRIGGER');
  });

  it('maps an open algo order to a report with an ALGO- venue id and a mark-price trigger', () => {
    const [r] = parseAlgoOrders(load('futures/http/open_algo_orders.json'), futCtx);
    expect(r?.venueOrderId.value).toBe('ALGO-123456789');
    expect(r?.clientOrderId?.value).toBe('test-algo-order-1');
    expect(r?.orderType).toBe('STOP_MARKET');
    expect(r?.orderStatus).toBe('ACCEPTED');
    expect(r?.triggerPrice?.toString()).toBe('45000.00');
    expect(r?.triggerType).toBe('MARK_PRICE');
  });

  it.each([
    ['NEW', '0', 'ACCEPTED'],
    ['PARTIALLY_FILLED', '0.4', 'PARTIALLY_FILLED'],
    ['FILLED', '1.0', 'FILLED'],
    ['CANCELED', '0.4', 'CANCELED'],
    ['PENDING_CANCEL', '0', 'PENDING_CANCEL'],
    ['REJECTED', '0', 'REJECTED'],
    ['EXPIRED', '0', 'EXPIRED'],
    ['EXPIRED_IN_MATCH', '0', 'EXPIRED'],
    ['PENDING_NEW', '0', 'SUBMITTED'],
  ])('status %s (executed %s) maps to %s', (status, executed, expected) => {
    const json = { ...(load('spot/http/order_response.json') as object), status, executedQty: executed };
    const r = parseSpotOrder(Fields.of('order', json), spotCtx);
    expect(r.orderStatus).toBe(expected);
    if (status === 'EXPIRED_IN_MATCH') expect(r.cancelReason).toBe('EXPIRED_IN_MATCH');
  });

  it('refuses an unknown status, naming the field', () => {
    const json = { ...(load('spot/http/order_response.json') as object), status: 'WEIRD' };
    expect(() => parseSpotOrder(Fields.of('order', json), spotCtx)).toThrowError(/field 'status' is "WEIRD"/);
  });

  it.each([
    ['origQty', undefined, /field 'origQty' is missing/],
    ['origQty', 1, /field 'origQty' is 1, expected a decimal string/],
    ['price', 'abc', /field 'price' is "abc"/],
    ['executedQty', '-1', /executedQty/],
    ['orderId', '1', /field 'orderId' is "1", expected a safe integer/],
    ['side', 'HOLD', /field 'side'/],
    ['time', 1.5, /field 'time'/],
  ])('bad %s (%s) is a BINANCE_INVALID_PAYLOAD naming the field', (field, value, message) => {
    const json: Record<string, unknown> = { ...(load('spot/http/order_response.json') as object) };
    if (value === undefined) delete json[field];
    else json[field] = value;
    let err: unknown;
    try {
      parseSpotOrder(Fields.of('order', json), spotCtx);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BinanceError);
    expect((err as BinanceError).code).toBe('BINANCE_INVALID_PAYLOAD');
    expect((err as BinanceError).message).toMatch(message);
  });

  it('one bad order in a list fails the whole list (nothing half-parsed)', () => {
    const list = structuredClone(load('spot/http/all_orders_response.json')) as Record<string, unknown>[];
    list.push({ ...list[0], orderId: 2, executedQty: 'x' });
    expect(() => parseSpotOrders(list, spotCtx)).toThrowError(/\[1\]\.executedQty/);
  });

  it('filled more than the order quantity is refused (report invariant)', () => {
    const json = { ...(load('spot/http/order_response.json') as object), executedQty: '2.0' };
    expect(() => parseSpotOrder(Fields.of('order', json), spotCtx)).toThrowError(BinanceError);
  });
});

describe('trades -> FillReport', () => {
  it('spot myTrades: commission in the commission asset, taker, buyer side', () => {
    const [f] = parseSpotTrades(load('spot/http/account_trades_response.json'), spotCtx);
    expect(f?.instrumentId.value).toBe('BNBBTC.BINANCE');
    expect(f?.tradeId.value).toBe('28457');
    expect(f?.venueOrderId.value).toBe('100234');
    expect(f?.orderSide).toBe('BUY');
    expect(f?.liquiditySide).toBe('TAKER');
    expect(f?.commission.toString()).toBe('10.10000000 BNB');
    expect(f?.lastPx.toString()).toBe('4.00000100');
    expect(f?.lastQty.toString()).toBe('12.00000000');
    expect(f?.tsEvent).toBe(1499865549590n * 1_000_000n);
  });

  it('futures userTrades: side from the payload, commission in USDT', () => {
    const fills = parseFuturesTrades(load('futures/http/futures_account_trades.json'), futCtx);
    expect(fills.map((f) => `${f.orderSide} ${f.lastQty} @ ${f.lastPx} ${f.commission}`)).toEqual([
      'SELL 0.005 @ 2778.35 0.00555670 USDT',
      'BUY 0.005 @ 2779 0.00555800 USDT',
    ]);
    expect(fills[0]?.instrumentId.value).toBe('ETHUSDT-PERP.BINANCE');
    expect(fills[0]?.venuePositionId).toBeNull(); // one-way: BOTH
  });

  it('refuses a commission with garbage, naming the field', () => {
    const list = structuredClone(load('spot/http/account_trades_response.json')) as Record<string, unknown>[];
    list[0]!.commission = 'NaN';
    expect(() => parseSpotTrades(list, spotCtx)).toThrowError(/\[0\]\.commission/);
  });
});

describe('positions -> PositionStatusReport', () => {
  it('one-way BOTH leg: side from the sign, entry price as avgPxOpen', () => {
    const [p] = parsePositionRisk(load('futures/http/position_risk.json'), futCtx);
    expect(p?.positionSide).toBe('LONG');
    expect(p?.quantity.toString()).toBe('0.001');
    expect(p?.avgPxOpen?.toString()).toBe('50000');
    expect(p?.venuePositionId).toBeNull();
    expect(p?.tsLast).toBe(1625474304765n * 1_000_000n);
  });

  it('one-way flat leg is FLAT with no entry price', () => {
    const [p] = parsePositionRisk(load('futures/http/futures_account_positions_one_way.json'), futCtx);
    expect(p?.positionSide).toBe('FLAT');
    expect(p?.avgPxOpen).toBeNull();
    expect(p?.tsLast).toBe(TS); // updateTime 0 -> tsInit
  });

  it('hedge mode: a LONG and a SHORT report, each with its venue position id', () => {
    const ps = parsePositionRisk(load('futures/http/futures_account_positions_hedge.json'), futCtx);
    expect(ps.map((p) => `${p.positionSide} ${p.signedDecimalQty} ${p.venuePositionId}`)).toEqual([
      'LONG 20 BTCUSDT-PERP.BINANCE-LONG',
      'SHORT -10 BTCUSDT-PERP.BINANCE-SHORT',
    ]);
  });
});

describe('accounts -> balances', () => {
  it('spot: total = free + locked', () => {
    const a = parseSpotAccount(load('spot/http/account_response.json'), TS);
    expect(a.balances.map((b) => `${b.total} ${b.locked} ${b.free}`)).toEqual([
      '4723846.89208129 BTC 0.00000000 BTC 4723846.89208129 BTC',
      '4763368.68006011 LTC 0.00000000 LTC 4763368.68006011 LTC',
    ]);
  });

  it('futures balance and account: wallet total, available free', () => {
    const b = parseFuturesBalances(load('futures/http/balance.json'), TS);
    expect(b.balances[0]?.total.toString()).toBe('122.12345678 USDT');
    const a = parseFuturesAccount(load('futures/http/account_info_v2.json'), futCtx);
    expect(a.balances[0]?.free.toString()).toBe('23.72469206 USDT');
    expect(a.margins).toEqual([]);
  });
});

describe('user data stream', () => {
  it('executionReport NEW (bare and wrapped) -> ACCEPTED report, no fill', () => {
    for (const file of ['spot/user/execution_report_new.json', 'spot/user/execution_report_wrapped.json']) {
      const u = parseUserEvent(load(file), spotCtx);
      expect(u.type).toBe('BinanceOrderUpdate');
      if (u.type !== 'BinanceOrderUpdate') return;
      expect(u.report.orderStatus).toBe('ACCEPTED');
      expect(u.fill).toBeNull();
    }
  });

  it('executionReport TRADE -> FILLED report and a maker fill with its commission', () => {
    const u = parseUserEvent(load('spot/user/execution_report_trade.json'), spotCtx);
    if (u.type !== 'BinanceOrderUpdate') throw new Error(u.type);
    expect(u.execType).toBe('TRADE');
    expect(u.report.orderStatus).toBe('FILLED');
    expect(u.report.avgPx?.toString()).toBe('2500');
    expect(u.fill?.tradeId.value).toBe('98765432');
    expect(u.fill?.liquiditySide).toBe('MAKER');
    expect(u.fill?.commission.toString()).toBe('0.00100000 ETH');
    expect(u.fill?.clientOrderId?.value).toBe('x-TD67BGP9-T0000000000000');
  });

  it('executionReport CANCELED / EXPIRED / stop-loss map status, reason and trigger', () => {
    const c = parseUserEvent(load('spot/user/execution_report_canceled.json'), spotCtx);
    const e = parseUserEvent(load('spot/user/execution_report_expired.json'), spotCtx);
    const s = parseUserEvent(load('spot/user/execution_report_stop_loss.json'), spotCtx);
    if (
      c.type !== 'BinanceOrderUpdate' ||
      e.type !== 'BinanceOrderUpdate' ||
      s.type !== 'BinanceOrderUpdate'
    ) {
      throw new Error('not order updates');
    }
    expect(c.report.orderStatus).toBe('CANCELED');
    expect(e.report.orderStatus).toBe('EXPIRED');
    expect(e.reason).toBe('INSUFFICIENT_LIQUIDITY');
    expect(e.report.timeInForce).toBe('IOC');
    expect(s.report.orderType).toBe('STOP_LIMIT');
    expect(s.report.triggerPrice?.toString()).toBe('2450.00000000');
  });

  it('a TRADE_PREVENTION execution (self-trade prevention) is no fill', () => {
    const json = {
      ...(load('spot/user/execution_report_trade.json') as object),
      x: 'TRADE_PREVENTION',
      X: 'EXPIRED_IN_MATCH',
      z: '0.00000000',
    };
    const u = parseUserEvent(json, spotCtx);
    if (u.type !== 'BinanceOrderUpdate') throw new Error(u.type);
    expect(u.fill).toBeNull();
    expect(u.report.orderStatus).toBe('EXPIRED');
    expect(u.report.cancelReason).toBe('EXPIRED_IN_MATCH');
  });

  it('ORDER_TRADE_UPDATE TRADE: fill with realised side and hedge position id', () => {
    const u = parseUserEvent(load('futures/user/order_update_trade_partial.json'), futCtx);
    if (u.type !== 'BinanceOrderUpdate') throw new Error(u.type);
    expect(u.report.orderStatus).toBe('PARTIALLY_FILLED');
    expect(u.report.leavesQty.toString()).toBe('0.001');
    expect(u.fill?.lastQty.toString()).toBe('0.001');
    expect(u.fill?.commission.toString()).toBe('0.01000000 USDT');
    expect(u.fill?.venuePositionId?.value).toBe('BTCUSDT-PERP.BINANCE-LONG');
  });

  it('PARTIALLY_FILLED with the whole quantity executed is reported FILLED; venueStatus keeps the venue word', () => {
    const u = parseUserEvent(load('futures/user/order_update_trade.json'), futCtx);
    if (u.type !== 'BinanceOrderUpdate') throw new Error(u.type);
    expect(u.venueStatus).toBe('PARTIALLY_FILLED');
    expect(u.report.orderStatus).toBe('FILLED');
  });

  it.each([
    ['futures/user/order_update_adl.json', 'NEW_ADL', 'FILLED'],
    ['futures/user/order_update_insurance.json', 'NEW_INSURANCE', 'FILLED'],
    ['futures/user/order_update_calculated.json', 'FILLED', 'FILLED'],
  ])('liquidation %s (%s) is a fill and a %s report', (file, venueStatus, status) => {
    const u = parseUserEvent(load(file), futCtx);
    if (u.type !== 'BinanceOrderUpdate') throw new Error(u.type);
    expect(u.execType).toBe('CALCULATED');
    expect(u.venueStatus).toBe(venueStatus);
    expect(u.report.orderStatus).toBe(status);
    expect(u.fill).not.toBeNull();
  });

  it('a CALCULATED event that has not traded yet is no fill', () => {
    const u = parseUserEvent(load('futures/user/order_update_calculated_pending.json'), futCtx);
    if (u.type !== 'BinanceOrderUpdate') throw new Error(u.type);
    expect(u.report.orderStatus).toBe('ACCEPTED');
    expect(u.fill).toBeNull();
  });

  it('a trade without a commission field has a zero commission in the settlement asset', () => {
    const u = parseUserEvent(load('futures/user/order_update_delivery.json'), futCtx);
    if (u.type !== 'BinanceOrderUpdate') throw new Error(u.type);
    expect(u.fill?.commission.toString()).toBe('0.00000000 BTC');
    expect(u.report.instrumentId.value).toBe('BTCUSD_240329.BINANCE');
    const s = parseUserEvent(load('futures/user/order_update_settlement.json'), futCtx);
    if (s.type !== 'BinanceOrderUpdate') throw new Error(s.type);
    expect(s.fill?.commission.toString()).toBe('0.25000000 USDT');
  });

  it('ORDER_TRADE_UPDATE NEW trailing stop: activation price is the trigger, 5% is 500 bp', () => {
    const u = parseUserEvent(load('futures/user/order_update_new.json'), futCtx);
    if (u.type !== 'BinanceOrderUpdate') throw new Error(u.type);
    expect(u.report.triggerPrice?.toString()).toBe('7476.89');
    expect(u.report.trailingOffset?.toString()).toBe('500');
  });

  it("a triggered algo order (REST): what executed is the actual order's (actualQty at actualPrice), and its id is actualOrderId", () => {
    const open = (load('futures/http/open_algo_orders.json') as Record<string, unknown>[])[0]!;
    const finished = {
      ...open,
      algoStatus: 'FINISHED',
      actualOrderId: '974828356187',
      actualPrice: '44990.10000',
      actualQty: '0.001',
      actualType: 'MARKET',
      triggerTime: 1625474305000,
    };
    const f = Fields.of('algo order', finished);
    const r = parseAlgoOrder(f, futCtx);
    expect([r.orderStatus, r.filledQty.toString(), r.avgPx?.toString()]).toEqual([
      'FILLED',
      '0.001',
      '44990.1',
    ]);
    expect(r.venueOrderId.value).toBe('ALGO-123456789');
    expect(algoActualOrderId(f)).toBe('974828356187');
    // Before the trigger Binance writes the actual fields empty (or leaves them out).
    const waiting = Fields.of('algo order', { ...open, actualOrderId: '', actualPrice: '', actualQty: '' });
    expect(algoActualOrderId(waiting)).toBeNull();
    expect(parseAlgoOrder(waiting, futCtx).filledQty.isZero()).toBe(true);
  });

  it('ALGO_UPDATE TRIGGERED names the actual order (ai) and still shows nothing executed; FINISHED shows aq at ap', () => {
    const base = load('futures/user/algo_update_new.json') as { o: Record<string, unknown> };
    const event = (o: Record<string, unknown>) => parseUserEvent({ ...base, o: { ...base.o, ...o } }, futCtx);
    const t = event({ X: 'TRIGGERED', ai: '88937381063', act: 'LIMIT', tt: 1750515742300 });
    const f = event({ X: 'FINISHED', ai: '88937381063', act: 'LIMIT', aq: '0.01', ap: '750.00000' });
    if (t.type !== 'BinanceAlgoUpdate' || f.type !== 'BinanceAlgoUpdate') throw new Error('not algo');
    expect(t.triggeredOrderId?.value).toBe('88937381063');
    expect([t.report.orderStatus, t.report.filledQty.isZero()]).toEqual(['TRIGGERED', true]);
    expect([f.report.orderStatus, f.report.filledQty.toString(), f.report.avgPx?.toString()]).toEqual([
      'FILLED',
      '0.01',
      '750',
    ]);
  });

  it('ALGO_UPDATE NEW / CANCELED -> algo report with the reason', () => {
    const n = parseUserEvent(load('futures/user/algo_update_new.json'), futCtx);
    const c = parseUserEvent(load('futures/user/algo_update_canceled.json'), futCtx);
    if (n.type !== 'BinanceAlgoUpdate' || c.type !== 'BinanceAlgoUpdate') throw new Error('not algo');
    expect(n.report.venueOrderId.value).toBe('ALGO-2148719');
    expect(n.report.orderType).toBe('LIMIT_IF_TOUCHED');
    expect(n.report.orderStatus).toBe('ACCEPTED');
    expect(c.report.orderStatus).toBe('CANCELED');
    expect(c.reason).toBe('Reduce Only reject');
    expect(n.triggeredOrderId).toBeNull();
  });

  it('TRADE_LITE -> a trade notice', () => {
    const u = parseUserEvent(load('futures/user/trade_lite.json'), futCtx);
    if (u.type !== 'BinanceTradeLite') throw new Error(u.type);
    expect(u.tradeId.value).toBe('12345678');
    expect(u.isMaker).toBe(true);
  });

  it('ACCOUNT_UPDATE -> balances and all three position legs', () => {
    const u = parseUserEvent(load('futures/user/account_update.json'), futCtx);
    if (u.type !== 'BinanceBalanceUpdate') throw new Error(u.type);
    expect(u.reason).toBe('ORDER');
    expect(u.balances[0]?.total.toString()).toBe('122624.12345678 USDT');
    expect(u.positions.map((p) => `${p.positionSide} ${p.signedDecimalQty}`)).toEqual([
      'FLAT 0',
      'LONG 20',
      'SHORT -10',
    ]);
    const b = parseUserEvent(load('futures/user/account_update_bnfcr.json'), futCtx);
    if (b.type !== 'BinanceBalanceUpdate') throw new Error(b.type);
    expect(b.balances[0]?.total.currency.code).toBe('BNFCR');
    expect(b.positions).toEqual([]);
  });

  it('outboundAccountPosition (bare and wrapped) and balanceUpdate', () => {
    const a = parseUserEvent(load('spot/user/account_position.json'), spotCtx);
    if (a.type !== 'BinanceBalanceUpdate') throw new Error(a.type);
    expect(a.balances[0]?.total.toString()).toBe('12500.00000000 USDT');
    expect(a.balances[0]?.locked.toString()).toBe('2500.00000000 USDT');
    const w = parseUserEvent(load('spot/user/account_position_wrapped.json'), spotCtx);
    expect(w.type).toBe('BinanceBalanceUpdate');
    const d = parseUserEvent(load('spot/user/balance_update_wrapped.json'), spotCtx);
    if (d.type !== 'BinanceBalanceDelta') throw new Error(d.type);
    expect(d.delta.toString()).toBe('100.00000000 BTC');
  });

  it('listStatus -> the order list and its orders', () => {
    const u = parseUserEvent(load('spot/user/list_status_wrapped.json'), spotCtx);
    if (u.type !== 'BinanceOrderListStatus') throw new Error(u.type);
    expect(u.orderListId.value).toBe('2');
    expect(u.contingencyType).toBe('OCO');
    expect(u.orders.map((o) => o.venueOrderId.value)).toEqual(['17', '18']);
    expect(u.reason).toBeNull();
  });

  it('an unknown event kind is ignored by name; a payload without an event name is refused', () => {
    expect(parseUserEvent({ e: 'MARGIN_CALL', E: 1 }, futCtx)).toEqual({
      type: 'BinanceIgnoredEvent',
      eventType: 'MARGIN_CALL',
    });
    expect(() => parseUserEvent({ foo: 1 }, futCtx)).toThrowError(/field 'e' is missing/);
    expect(() => parseUserEvent('garbage', futCtx)).toThrowError(BinanceError);
  });

  it('a bad nested field names its path (o.z)', () => {
    const json = structuredClone(load('futures/user/order_update_trade.json')) as {
      o: Record<string, unknown>;
    };
    json.o.z = '1.2.3';
    expect(() => parseUserEvent(json, futCtx)).toThrowError(/field 'o\.z'/);
  });
});

describe('market data', () => {
  it('bookTicker -> QuoteTick (futures uses the transaction time)', () => {
    const q = parseBookTicker(load('futures/market/book_ticker_stream.json'), futures, TS);
    expect(q.instrumentId.value).toBe('BNBUSDT-PERP.BINANCE');
    expect(`${q.bidPrice} ${q.bidSize} ${q.askPrice} ${q.askSize}`).toBe(
      '25.35190000 31.21000000 25.36520000 40.66000000',
    );
    expect(q.tsEvent).toBe(1568014460891n * 1_000_000n);
    expect(q.tsInit).toBe(TS);
  });

  it('trade and aggTrade -> TradeTick; buyer-maker means the seller aggressed', () => {
    const t = parseTrade(load('futures/market/trade_stream.json'), futures, TS);
    const a = parseTrade(load('futures/market/agg_trade_stream.json'), futures, TS);
    expect(t.tradeId.value).toBe('5933014');
    expect(t.aggressorSide).toBe('SELLER');
    expect(a.tradeId.value).toBe('5933014');
    expect(a.size.toString()).toBe('100');
  });

  it('closed kline -> Bar, spec from the interval', () => {
    const k = parseKline(load('futures/market/kline_stream_closed.json'), futures, TS);
    expect(k.closed).toBe(true);
    expect(k.bar?.barType.spec).toEqual({ step: 1, aggregation: 'MINUTE', priceType: 'LAST' });
    expect(k.bar?.tsEvent).toBe(1638747720000n * 1_000_000n);
  });

  it('an open kline is no bar yet (its provisional low 0.0015 is above its open 0.0010)', () => {
    const k = parseKline(load('futures/market/kline_stream_open.json'), futures, TS);
    expect(k.closed).toBe(false);
    expect(k.bar).toBeNull();
    expect(k.low.toString()).toBe('0.0015');
  });

  it('a closed kline with inconsistent prices is refused', () => {
    const json = structuredClone(load('futures/market/kline_stream_open.json')) as { k: { x: boolean } };
    json.k.x = true;
    expect(() => parseKline(json, futures, TS)).toThrowError(/inconsistent/);
  });

  it('REST klines rows -> Bars', () => {
    const [b] = parseRestKlines(
      load('spot/http/klines_response.json'),
      InstrumentId.from('X.BINANCE'),
      '1d',
      TS,
    );
    expect(`${b?.open} ${b?.high} ${b?.low} ${b?.close} ${b?.volume}`).toBe(
      '0.01634790 0.80000000 0.01575800 0.01577100 148976.11427815',
    );
  });

  it('depth snapshot + diff go through book sync to OrderBookDeltas', () => {
    const sync = new BinanceBookSync({ kind: 'futures' });
    const update = parseDepthUpdate(load('futures/market/depth_update_stream.json'));
    expect(update.symbol).toBe('BTCUSDT');
    expect(sync.onEvent(update.event)).toEqual([]);
    const snap = parseDepthSnapshot({ lastUpdateId: 158, bids: [['0.0023', '5']], asks: [['0.0026', '1']] });
    const actions = sync.onSnapshot(snap);
    expect(actions.map((a) => a.type)).toEqual(['snapshot', 'deltas']);
    const id = futures.instrumentId('BTCUSDT');
    const s = bookActionToDeltas(id, actions[0]!, TS, TS);
    expect(s?.deltas.map((d) => d.action)).toEqual(['CLEAR', 'ADD', 'ADD']);
    const d = bookActionToDeltas(id, actions[1]!, update.tsEvent, TS);
    expect(d?.deltas.map((x) => `${x.action} ${x.order?.side} ${x.order?.price} ${x.order?.size}`)).toEqual([
      'UPDATE BUY 0.0024 10',
      'UPDATE SELL 0.0026 100',
    ]);
    expect(d?.deltas.at(-1)?.flags ?? 0).toBeGreaterThanOrEqual(128);
    expect(d?.deltas[0]?.sequence).toBe(160n);
  });

  it('a zero size in a diff is a DELETE', () => {
    const id = spot.instrumentId('BTCUSDT');
    const d = bookActionToDeltas(
      id,
      {
        type: 'deltas',
        kind: 'spot',
        firstUpdateId: 1n,
        finalUpdateId: 2n,
        bids: [{ price: '1.5', size: '0.000' }],
        asks: [],
      },
      TS,
      TS,
    );
    expect(d?.deltas[0]?.action).toBe('DELETE');
  });

  it('mark price, liquidation and 24h ticker streams', () => {
    const m = parseMarkPrice(load('futures/market/mark_price_stream.json'), futures, TS);
    expect(m.fundingRate.eq(new Decimal('0.00038167'))).toBe(true);
    expect(m.markPrice.toString()).toBe('11794.15000000');
    const l = parseLiquidation(load('futures/market/liquidation_stream.json'), futures, TS);
    expect(l.side).toBe('SELL');
    expect(l.avgPrice.toString()).toBe('9910.12345678');
    const t = parseTicker24h(load('futures/market/ticker_stream.json'), futures, TS);
    expect(t.lastPrice.toString()).toBe('16584.60000000');
    const r = parseTicker24h(load('spot/http/ticker_24hr_response.json'), spot, TS);
    expect(r.instrumentId.value).toBe('BNBBTC.BINANCE');
  });

  it('combined stream envelopes unwrap to stream name and data', () => {
    const data = load('futures/market/trade_stream.json');
    expect(unwrapCombined({ stream: 'btcusdt@trade', data })).toEqual({ stream: 'btcusdt@trade', data });
    expect(unwrapCombined(data)).toEqual({ stream: null, data });
  });

  it('server time must be a positive integer', () => {
    expect(parseServerTime(load('spot/http/server_time_response.json'))).toBe(1499827319559);
    expect(() => parseServerTime({ serverTime: '1' })).toThrowError(/serverTime/);
  });
});
