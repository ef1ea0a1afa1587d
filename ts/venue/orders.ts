/**
 * The venue's orders and trades, and their Binance USD-M JSON shapes: the REST order object
 * (`/fapi/v1/order` and the lists), `userTrades` rows, and the `o` object of
 * `ORDER_TRADE_UPDATE`. Field sets follow the real payloads in `shared/data/binance/futures/`.
 */
import { Decimal } from 'decimal.js';

import type { VenueAccount } from './accounts.js';
import { dec } from './accounts.js';
import type { Step } from './units.js';

export type VenueOrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';
export type VenueSide = 'BUY' | 'SELL';
export type VenueOrderType = 'LIMIT' | 'MARKET';
export type VenueTimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTX' | 'GTD';

/** What the REST layer and the streams need of an instrument. */
export interface InstrumentView {
  readonly symbol: string;
  readonly quoteAsset: string;
  readonly tick: Step;
  readonly lot: Step;
}

export interface VenueOrder {
  readonly orderId: number;
  readonly account: VenueAccount;
  readonly instrument: InstrumentView;
  readonly clientOrderId: string;
  readonly side: VenueSide;
  readonly type: VenueOrderType;
  readonly timeInForce: VenueTimeInForce;
  price: Decimal;
  origQty: Decimal;
  executedQty: Decimal;
  cumQuote: Decimal;
  status: VenueOrderStatus;
  readonly reduceOnly: boolean;
  readonly goodTillDate: number;
  readonly time: number;
  updateTime: number;
}

export interface VenueTrade {
  readonly id: number;
  readonly order: VenueOrder;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly realizedPnl: Decimal;
  readonly commission: Decimal;
  readonly maker: boolean;
  readonly time: number;
}

export function isOpenStatus(s: VenueOrderStatus): boolean {
  return s === 'NEW' || s === 'PARTIALLY_FILLED';
}

/** The average fill price as Binance writes it (zero before any fill). */
export function avgPrice(o: VenueOrder): string {
  const p = o.instrument.tick.precision;
  return o.executedQty.isZero() ? dec(new Decimal(0), p) : dec(o.cumQuote.div(o.executedQty), Math.max(p, 5));
}

/** The REST order object (`GET/POST/PUT/DELETE /fapi/v1/order`, `openOrders`, `allOrders`). */
export function orderJson(o: VenueOrder): Record<string, unknown> {
  const pp = o.instrument.tick.precision;
  const qp = o.instrument.lot.precision;
  return {
    orderId: o.orderId,
    symbol: o.instrument.symbol,
    status: o.status,
    clientOrderId: o.clientOrderId,
    price: dec(o.price, pp),
    avgPrice: avgPrice(o),
    origQty: dec(o.origQty, qp),
    executedQty: dec(o.executedQty, qp),
    cumQty: dec(o.executedQty, qp),
    cumQuote: dec(o.cumQuote, Math.max(pp + qp, 5)),
    timeInForce: o.timeInForce,
    type: o.type,
    reduceOnly: o.reduceOnly,
    closePosition: false,
    side: o.side,
    positionSide: 'BOTH',
    stopPrice: dec(new Decimal(0), pp),
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    origType: o.type,
    priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    goodTillDate: o.goodTillDate,
    time: o.time,
    updateTime: o.updateTime,
  };
}

/** A `GET /fapi/v1/userTrades` row. */
export function tradeJson(t: VenueTrade): Record<string, unknown> {
  const o = t.order;
  const pp = o.instrument.tick.precision;
  const qp = o.instrument.lot.precision;
  return {
    symbol: o.instrument.symbol,
    id: t.id,
    orderId: o.orderId,
    side: o.side,
    price: dec(t.price, pp),
    qty: dec(t.qty, qp),
    realizedPnl: dec(t.realizedPnl),
    marginAsset: o.instrument.quoteAsset,
    quoteQty: dec(t.price.mul(t.qty), pp + qp),
    commission: dec(t.commission),
    commissionAsset: o.instrument.quoteAsset,
    time: t.time,
    positionSide: 'BOTH',
    buyer: o.side === 'BUY',
    maker: t.maker,
  };
}

/** Execution types of `ORDER_TRADE_UPDATE`. */
export type ExecType = 'NEW' | 'TRADE' | 'CANCELED' | 'EXPIRED' | 'AMENDMENT';

/** An `ORDER_TRADE_UPDATE` event. */
export function orderTradeUpdate(
  o: VenueOrder,
  x: ExecType,
  eventMs: number,
  trade: VenueTrade | null,
): Record<string, unknown> {
  const pp = o.instrument.tick.precision;
  const qp = o.instrument.lot.precision;
  const zeroP = dec(new Decimal(0), pp);
  return {
    e: 'ORDER_TRADE_UPDATE',
    T: eventMs,
    E: eventMs,
    o: {
      s: o.instrument.symbol,
      c: o.clientOrderId,
      S: o.side,
      o: o.type,
      f: o.timeInForce,
      q: dec(o.origQty, qp),
      p: dec(o.price, pp),
      ap: avgPrice(o),
      sp: zeroP,
      x,
      X: o.status,
      i: o.orderId,
      l: trade === null ? dec(new Decimal(0), qp) : dec(trade.qty, qp),
      z: dec(o.executedQty, qp),
      L: trade === null ? zeroP : dec(trade.price, pp),
      N: o.instrument.quoteAsset,
      n: trade === null ? '0' : dec(trade.commission),
      T: eventMs,
      t: trade === null ? 0 : trade.id,
      b: '0',
      a: '0',
      m: trade?.maker ?? false,
      R: o.reduceOnly,
      wt: 'CONTRACT_PRICE',
      ot: o.type,
      ps: 'BOTH',
      cp: false,
      AP: '0',
      cr: '0',
      rp: trade === null ? '0' : dec(trade.realizedPnl),
      pP: false,
      si: 0,
      ss: 0,
      V: 'EXPIRE_MAKER',
      pm: 'NONE',
      gtd: o.goodTillDate,
    },
  };
}
