/**
 * User-data stream events -> typed updates carrying model reports.
 *
 * Spot events may arrive bare or wrapped by the WebSocket API as `{subscriptionId, event}`;
 * both are accepted. Futures events arrive bare on the listenKey stream.
 *
 * | event                       | update                                                       |
 * |-----------------------------|--------------------------------------------------------------|
 * | executionReport (spot)      | `BinanceOrderUpdate`: an `OrderStatusReport`, plus a `FillReport` on a trade |
 * | ORDER_TRADE_UPDATE (futures)| `BinanceOrderUpdate` (trades and liquidation `CALCULATED` fills) |
 * | ALGO_UPDATE (futures)       | `BinanceAlgoUpdate`: the conditional order's report           |
 * | TRADE_LITE (futures)        | `BinanceTradeLite`: a fast trade notice without commission    |
 * | outboundAccountPosition     | `BinanceBalanceUpdate` (absolute balances of changed assets)  |
 * | balanceUpdate               | `BinanceBalanceDelta` (a deposit, withdrawal or transfer)     |
 * | ACCOUNT_UPDATE (futures)    | `BinanceBalanceUpdate` + position reports                     |
 * | listStatus (spot)           | `BinanceOrderListStatus`                                      |
 * | listenKeyExpired            | `BinanceListenKeyExpired`: create a new key and back-fill     |
 * | anything else with an `e`   | `BinanceIgnoredEvent` (Binance adds event kinds over time)    |
 *
 * A payload without an event name, or with a bad field, throws `BINANCE_INVALID_PAYLOAD`.
 *
 * The client order id of a spot cancel is the cancel request's (`c`), the order's own is `C`:
 * the report carries the order's own id. A status of PARTIALLY_FILLED whose cumulative quantity
 * already equals the order quantity is reported FILLED (quantities are the venue's harder fact);
 * `venueStatus` keeps what the venue said.
 */
import { Decimal } from 'decimal.js';

import type { AccountBalance } from '../../../model/accounts/index.js';
import type { ContingencyType, OrderSide } from '../../../model/enums.js';
import {
  ClientOrderId,
  type InstrumentId,
  OrderListId,
  TradeId,
  VenueOrderId,
} from '../../../model/identifiers/index.js';
import {
  type FillReport,
  fillReport,
  type OrderStatusReport,
  orderStatusReport,
  type PositionStatusReport,
} from '../../../model/reports/index.js';
import { type Currency, Money, type Price, type Quantity } from '../../../model/values/index.js';
import { balanceFromTotalFree } from './account.js';
import {
  orderStatusOf,
  orderTypeOf,
  type ReportContext,
  sideOf,
  timeInForceOf,
  triggerTypeOf,
  venuePositionIdOf,
} from './common.js';
import { assetCurrency, Fields, isObject, laterOf } from './fields.js';
import { build, parseAlgoOrder } from './orders.js';
import { parseAccountUpdatePositions } from './positions.js';

/** An order changed at the venue (and maybe traded). */
export interface BinanceOrderUpdate {
  readonly type: 'BinanceOrderUpdate';
  /** Binance execution type (`NEW`, `TRADE`, `CANCELED`, `CALCULATED`, ...). */
  readonly execType: string;
  /** The order status exactly as the venue sent it. */
  readonly venueStatus: string;
  readonly report: OrderStatusReport;
  /** The trade of this event, when it is one. */
  readonly fill: FillReport | null;
  /** Reject or expiry reason when the venue gave one (`r`, `eR`), else null. */
  readonly reason: string | null;
  readonly tsEvent: bigint;
}

/** A futures conditional (algo) order changed. */
export interface BinanceAlgoUpdate {
  readonly type: 'BinanceAlgoUpdate';
  readonly venueStatus: string;
  readonly report: OrderStatusReport;
  /** The venue order id of the order placed when the algo order fired, if any. */
  readonly triggeredOrderId: VenueOrderId | null;
  readonly reason: string | null;
  readonly tsEvent: bigint;
}

/** Futures TRADE_LITE: a trade, before its ORDER_TRADE_UPDATE (which carries the commission). */
export interface BinanceTradeLite {
  readonly type: 'BinanceTradeLite';
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId | null;
  readonly venueOrderId: VenueOrderId;
  readonly tradeId: TradeId;
  readonly orderSide: OrderSide;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly isMaker: boolean;
  readonly tsEvent: bigint;
}

/** Absolute balances of the assets that changed (and, on futures, positions). */
export interface BinanceBalanceUpdate {
  readonly type: 'BinanceBalanceUpdate';
  readonly balances: readonly AccountBalance[];
  readonly positions: readonly PositionStatusReport[];
  /** Futures: why (`ORDER`, `FUNDING_FEE`, `DEPOSIT`, ...); spot: null. */
  readonly reason: string | null;
  readonly tsEvent: bigint;
}

/** A balance moved by a deposit, withdrawal or transfer (spot `balanceUpdate`). */
export interface BinanceBalanceDelta {
  readonly type: 'BinanceBalanceDelta';
  readonly currency: Currency;
  readonly delta: Money;
  readonly tsEvent: bigint;
}

/** A spot order list (OCO, OTO) changed. */
export interface BinanceOrderListStatus {
  readonly type: 'BinanceOrderListStatus';
  readonly orderListId: OrderListId;
  readonly contingencyType: ContingencyType;
  readonly listStatusType: string;
  readonly listOrderStatus: string;
  readonly orders: readonly {
    readonly instrumentId: InstrumentId;
    readonly venueOrderId: VenueOrderId;
    readonly clientOrderId: ClientOrderId | null;
  }[];
  readonly reason: string | null;
  readonly tsEvent: bigint;
}

export interface BinanceListenKeyExpired {
  readonly type: 'BinanceListenKeyExpired';
  readonly tsEvent: bigint;
}

export interface BinanceIgnoredEvent {
  readonly type: 'BinanceIgnoredEvent';
  readonly eventType: string;
}

export type BinanceUserUpdate =
  | BinanceOrderUpdate
  | BinanceAlgoUpdate
  | BinanceTradeLite
  | BinanceBalanceUpdate
  | BinanceBalanceDelta
  | BinanceOrderListStatus
  | BinanceListenKeyExpired
  | BinanceIgnoredEvent;

/** The event inside a WebSocket-API wrapper `{subscriptionId, event}`, or the payload itself. */
export function unwrapUserEvent(json: unknown): unknown {
  if (isObject(json) && 'subscriptionId' in json && 'event' in json) return json.event;
  return json;
}

function optClientOrderId(f: Fields, name: string): ClientOrderId | null {
  const v = f.optNonEmpty(name);
  if (v === null) return null;
  try {
    return ClientOrderId.from(v);
  } catch {
    return f.fail(name, 'a client order id (at most 36 printable characters)');
  }
}

/**
 * The currency of a commission: `N` when sent, else (no commission charged) the quote asset of
 * the symbol when the context knows it, else USDT for USD-M and the symbol's quote for spot.
 */
function commissionCurrency(f: Fields, ctx: ReportContext, symbol: string): Currency {
  const asset = f.optNonEmpty('N');
  if (asset !== null) return assetCurrency(asset, f.kind, f.p('N'));
  const known = ctx.settlementAsset?.(symbol) ?? null;
  if (known !== null) return assetCurrency(known, f.kind, f.p('s'));
  if (ctx.symbols.market === 'USDT_FUTURE') {
    // Coin-margined delivery symbols (BTCUSD_240329) settle in their base asset.
    const base = symbol.split('_')[0] ?? symbol;
    return assetCurrency(base.endsWith('USD') ? base.slice(0, -3) : 'USDT', f.kind, f.p('s'));
  }
  return assetCurrency('USDT', f.kind, f.p('s'));
}

function commissionOf(f: Fields, ctx: ReportContext, symbol: string): Money {
  const c = commissionCurrency(f, ctx, symbol);
  return f.has('n') ? f.money('n', c) : Money.zero(c);
}

/** Spot `executionReport`. */
export function parseExecutionReport(f: Fields, ctx: ReportContext): BinanceOrderUpdate {
  const symbol = f.str('s');
  const instrumentId = ctx.symbols.instrumentId(symbol);
  const quantity = f.qty('q');
  const filledQty = f.qty('z');
  const type = orderTypeOf(f, 'o', 'SPOT');
  const tif = timeInForceOf(f, 'f');
  const execType = f.str('x');
  const venueStatus = f.str('X');
  const status = orderStatusOf(f, 'X', quantity, filledQty);
  const venueOrderId = VenueOrderId.from(String(f.int('i')));
  const clientOrderId = optClientOrderId(f, 'C') ?? optClientOrderId(f, 'c');
  const listId = f.has('g') ? f.int('g') : -1;
  const iceberg = f.has('F') ? f.qty('F') : null;
  const side = sideOf(f, 'S');
  const tsEvent = f.msNs('E');
  const tsLast = f.msNs('T');
  const tsAccepted = f.has('O') ? f.msNs('O') : tsLast;
  const cumQuote = f.optDecimal('Z');
  const lastQty = f.qty('l');
  // TRADE_PREVENTION (self-trade prevention) expires quantity: it is not a trade.
  const isTrade = execType === 'TRADE' && lastQty.isPositive();
  const fill = isTrade
    ? build(f, `trade ${f.raw.t}`, () =>
        fillReport({
          accountId: ctx.accountId,
          instrumentId,
          venueOrderId,
          clientOrderId,
          tradeId: TradeId.from(String(f.int('t'))),
          orderSide: side,
          lastQty,
          lastPx: f.price('L'),
          commission: commissionOf(f, ctx, symbol),
          liquiditySide: f.bool('m') ? 'MAKER' : 'TAKER',
          tsEvent: tsLast,
          tsInit: ctx.tsInit,
        }),
      )
    : null;
  const report = build(f, `order ${venueOrderId}`, () =>
    orderStatusReport({
      accountId: ctx.accountId,
      instrumentId,
      clientOrderId,
      venueOrderId,
      orderListId: listId >= 0 ? OrderListId.from(String(listId)) : null,
      orderSide: side,
      orderType: type.orderType,
      timeInForce: tif.timeInForce,
      orderStatus: status,
      price: f.optPrice('p'),
      triggerPrice: f.optPrice('P'),
      triggerType: f.optPrice('P') === null ? 'NO_TRIGGER' : 'LAST_PRICE',
      avgPx:
        cumQuote !== null && filledQty.isPositive() && !new Decimal(cumQuote).isZero()
          ? new Decimal(cumQuote).div(filledQty.toDecimal())
          : null,
      quantity,
      filledQty,
      displayQty: iceberg?.isPositive() ? iceberg : null,
      postOnly: type.postOnly || tif.postOnly,
      cancelReason: venueStatus === 'EXPIRED_IN_MATCH' ? 'EXPIRED_IN_MATCH' : null,
      tsAccepted,
      tsLast: laterOf(tsLast, tsAccepted),
      tsInit: ctx.tsInit,
    }),
  );
  const reason = f.optNonEmpty('eR') ?? (f.optNonEmpty('r') === 'NONE' ? null : f.optNonEmpty('r'));
  return { type: 'BinanceOrderUpdate', execType, venueStatus, report, fill, reason, tsEvent };
}

/** Futures `ORDER_TRADE_UPDATE`. */
export function parseOrderTradeUpdate(root: Fields, ctx: ReportContext): BinanceOrderUpdate {
  const tsEvent = root.msNs('E');
  const f = root.obj('o');
  const symbol = f.str('s');
  const instrumentId = ctx.symbols.instrumentId(symbol);
  const quantity = f.qty('q');
  const filledQty = f.qty('z');
  const type = orderTypeOf(f, 'o', 'USDT_FUTURE');
  const tif = timeInForceOf(f, 'f');
  const execType = f.str('x');
  const venueStatus = f.str('X');
  const status = orderStatusOf(f, 'X', quantity, filledQty);
  const venueOrderId = VenueOrderId.from(String(f.int('i')));
  const clientOrderId = optClientOrderId(f, 'c');
  const side = sideOf(f, 'S');
  const tsLast = f.msNs('T');
  const lastQty = f.qty('l');
  const positionId = venuePositionIdOf(instrumentId, f.optStr('ps'));
  const trailing = type.orderType === 'TRAILING_STOP_MARKET';
  const rate = trailing && f.has('cr') ? new Decimal(f.decimal('cr')).mul(100) : null;
  const isTrade = (execType === 'TRADE' || execType === 'CALCULATED') && lastQty.isPositive();
  const fill = isTrade
    ? build(f, `trade ${f.raw.t}`, () =>
        fillReport({
          accountId: ctx.accountId,
          instrumentId,
          venueOrderId,
          clientOrderId,
          tradeId: TradeId.from(String(f.int('t'))),
          orderSide: side,
          lastQty,
          lastPx: f.price('L'),
          commission: commissionOf(f, ctx, symbol),
          liquiditySide: f.bool('m') ? 'MAKER' : 'TAKER',
          venuePositionId: positionId,
          tsEvent: tsLast,
          tsInit: ctx.tsInit,
        }),
      )
    : null;
  const avg = f.optDecimal('ap');
  const report = build(f, `order ${venueOrderId}`, () =>
    orderStatusReport({
      accountId: ctx.accountId,
      instrumentId,
      clientOrderId,
      venueOrderId,
      venuePositionId: positionId,
      orderSide: side,
      orderType: type.orderType,
      timeInForce: tif.timeInForce,
      orderStatus: status,
      price: f.optPrice('p'),
      triggerPrice: trailing ? (f.optPrice('AP') ?? f.optPrice('sp')) : f.optPrice('sp'),
      triggerType: triggerTypeOf(f, 'wt', type.orderType),
      trailingOffset: rate,
      trailingOffsetType: rate === null ? 'NO_TRAILING_OFFSET' : 'BASIS_POINTS',
      avgPx: avg !== null && !new Decimal(avg).isZero() ? new Decimal(avg) : null,
      quantity,
      filledQty,
      postOnly: type.postOnly || tif.postOnly,
      reduceOnly: f.optBool('R') ?? false,
      cancelReason: venueStatus === 'EXPIRED_IN_MATCH' ? 'EXPIRED_IN_MATCH' : null,
      // The futures stream has no creation time: the event's time is the best lower bound.
      tsAccepted: tsLast,
      tsLast,
      tsInit: ctx.tsInit,
    }),
  );
  return { type: 'BinanceOrderUpdate', execType, venueStatus, report, fill, reason: null, tsEvent };
}

/** Futures `ALGO_UPDATE`: the `o` object uses short names. */
export function parseAlgoUpdate(root: Fields, ctx: ReportContext): BinanceAlgoUpdate {
  const tsEvent = root.msNs('E');
  const ts = root.msNs('T');
  const o = root.obj('o');
  // Re-shape into the REST names once, then reuse the REST parser (one mapping of statuses).
  const rest = Fields.of(
    root.kind,
    {
      algoId: o.int('aid'),
      clientAlgoId: o.optStr('caid'),
      type: o.str('o'),
      symbol: o.str('s'),
      side: o.str('S'),
      positionSide: o.optStr('ps'),
      timeInForce: o.optStr('f'),
      quantity: o.decimal('q'),
      actualQty: o.has('aq') ? o.decimal('aq') : undefined,
      actualPrice: o.has('ap') ? o.decimal('ap') : undefined,
      algoStatus: o.str('X'),
      triggerPrice: o.optDecimal('tp'),
      price: o.optDecimal('p'),
      workingType: o.optStr('wt'),
      reduceOnly: o.optBool('R'),
      createTime: Number(ts / 1_000_000n),
      updateTime: Number(ts / 1_000_000n),
    },
    o.path,
  );
  const report = parseAlgoOrder(rest, ctx);
  const actual = o.optNonEmpty('ai');
  return {
    type: 'BinanceAlgoUpdate',
    venueStatus: o.str('X'),
    report,
    triggeredOrderId: actual === null ? null : VenueOrderId.from(actual),
    reason: o.optNonEmpty('rm'),
    tsEvent,
  };
}

/** Futures `TRADE_LITE`. */
export function parseTradeLite(f: Fields, ctx: ReportContext): BinanceTradeLite {
  return {
    type: 'BinanceTradeLite',
    instrumentId: ctx.symbols.instrumentId(f.str('s')),
    clientOrderId: optClientOrderId(f, 'c'),
    venueOrderId: VenueOrderId.from(String(f.int('i'))),
    tradeId: TradeId.from(String(f.int('t'))),
    orderSide: sideOf(f, 'S'),
    lastQty: f.qty('l'),
    lastPx: f.price('L'),
    isMaker: f.bool('m'),
    tsEvent: f.msNs('T'),
  };
}

/** Spot `outboundAccountPosition`. */
export function parseOutboundAccountPosition(f: Fields): BinanceBalanceUpdate {
  const balances = f.objs('B').map((b) => {
    const c = assetCurrency(b.str('a'), b.kind, b.p('a'));
    const free = b.money('f', c);
    const locked = b.money('l', c);
    return balanceFromTotalFree(b, free.add(locked), free);
  });
  return { type: 'BinanceBalanceUpdate', balances, positions: [], reason: null, tsEvent: f.msNs('E') };
}

/** Spot `balanceUpdate`. */
export function parseBalanceDelta(f: Fields): BinanceBalanceDelta {
  const c = assetCurrency(f.str('a'), f.kind, f.p('a'));
  return { type: 'BinanceBalanceDelta', currency: c, delta: f.money('d', c), tsEvent: f.msNs('T') };
}

/**
 * Futures `ACCOUNT_UPDATE`: balances (`wb` wallet, `cw` cross wallet: locked = wb - cw, at
 * least zero) and the positions it lists.
 */
export function parseAccountUpdate(root: Fields, ctx: ReportContext): BinanceBalanceUpdate {
  const tsEvent = root.msNs('E');
  const a = root.obj('a');
  const balances = a.objs('B').map((b) => {
    const c = assetCurrency(b.str('a'), b.kind, b.p('a'));
    return balanceFromTotalFree(b, b.money('wb', c), b.money('cw', c));
  });
  const positions = parseAccountUpdatePositions(a, ctx, root.msNs('T'));
  return { type: 'BinanceBalanceUpdate', balances, positions, reason: a.optStr('m'), tsEvent };
}

/** Spot `listStatus`. */
export function parseListStatus(f: Fields, ctx: ReportContext): BinanceOrderListStatus {
  const c = f.oneOf('c', ['OCO', 'OTO', 'OTOCO', 'OPO', 'OPOCO'] as const);
  const reason = f.optNonEmpty('r');
  return {
    type: 'BinanceOrderListStatus',
    orderListId: OrderListId.from(String(f.int('g'))),
    contingencyType: c === 'OCO' ? 'OCO' : 'OTO',
    listStatusType: f.str('l'),
    listOrderStatus: f.str('L'),
    orders: f.objs('O').map((o) => ({
      instrumentId: ctx.symbols.instrumentId(o.str('s')),
      venueOrderId: VenueOrderId.from(String(o.int('i'))),
      clientOrderId: optClientOrderId(o, 'c'),
    })),
    reason: reason === 'NONE' ? null : reason,
    tsEvent: f.msNs('E'),
  };
}

/** Any user-data stream payload (see the module doc). */
export function parseUserEvent(json: unknown, ctx: ReportContext): BinanceUserUpdate {
  const event = unwrapUserEvent(json);
  const f = Fields.of('user event', event);
  const name = isObject(event) && typeof event.e === 'string' ? event.e : f.fail('e', 'an event name');
  const g = Fields.of(name, event);
  return parseNamed(name, g, ctx);
}

function parseNamed(name: string, f: Fields, ctx: ReportContext): BinanceUserUpdate {
  switch (name) {
    case 'executionReport':
      return parseExecutionReport(f, ctx);
    case 'ORDER_TRADE_UPDATE':
      return parseOrderTradeUpdate(f, ctx);
    case 'ALGO_UPDATE':
      return parseAlgoUpdate(f, ctx);
    case 'TRADE_LITE':
      return parseTradeLite(f, ctx);
    case 'outboundAccountPosition':
      return parseOutboundAccountPosition(f);
    case 'balanceUpdate':
      return parseBalanceDelta(f);
    case 'ACCOUNT_UPDATE':
      return parseAccountUpdate(f, ctx);
    case 'listStatus':
      return parseListStatus(f, ctx);
    case 'listenKeyExpired':
      return { type: 'BinanceListenKeyExpired', tsEvent: f.msNs('E') };
    default:
      return { type: 'BinanceIgnoredEvent', eventType: name };
  }
}
