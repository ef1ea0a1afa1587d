/**
 * The spot side of the venue (`/api/v3`): the same instruments and synthetic market as the futures
 * side, a separate spot wallet per account, one matching engine per (account, symbol), and Binance
 * spot's shapes: FULL order answers with fills, `executionReport` and `outboundAccountPosition`
 * on the WebSocket-API user stream (`userDataStream.subscribe.signature`).
 *
 * # Balances
 * A BUY limit locks `price * quantity` of the quote asset, a SELL limit the quantity of the base;
 * locked amounts follow the open orders. A fill moves base and quote; the commission is taken from
 * what was received (base on a buy, quote on a sell). An order the free balance cannot cover is
 * -2010 "Account has insufficient balance for requested action.".
 *
 * # Known limitations
 * Order types LIMIT, LIMIT_MAKER and MARKET (by `quantity`); no stop types, order lists or
 * `quoteOrderQty`.
 */
import { Decimal } from 'decimal.js';

import type { MatchEvent, SimulatedMatchingEngine } from '../backtest/matching.js';
import { Price, Quantity } from '../model/values/index.js';
import { dec, type VenueAccount } from './accounts.js';
import { badRequest, invalidParam, mandatory } from './errors.js';
import type { Params, VenueExchange, VenueInstrument } from './exchange.js';

type SpotStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';

interface SpotOrder {
  readonly orderId: number;
  readonly account: VenueAccount;
  readonly inst: VenueInstrument;
  readonly base: string;
  clientOrderId: string;
  readonly side: 'BUY' | 'SELL';
  readonly type: 'LIMIT' | 'LIMIT_MAKER' | 'MARKET';
  readonly timeInForce: 'GTC' | 'IOC' | 'FOK';
  readonly price: Decimal;
  readonly origQty: Decimal;
  executedQty: Decimal;
  cumQuote: Decimal;
  status: SpotStatus;
  readonly time: number;
  updateTime: number;
}

interface SpotFill {
  readonly id: number;
  readonly order: SpotOrder;
  readonly price: Decimal;
  readonly qty: Decimal;
  readonly commission: Decimal;
  readonly commissionAsset: string;
  readonly maker: boolean;
  readonly time: number;
}

export type SpotEventSink = (account: VenueAccount, event: Record<string, unknown>) => void;

const FEE = new Decimal('0.001');
const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
const D8 = (d: Decimal) => dec(d, 8);

function isOpen(s: SpotStatus): boolean {
  return s === 'NEW' || s === 'PARTIALLY_FILLED';
}

/** See the module doc. */
export class SpotVenue {
  readonly #ex: VenueExchange;
  readonly #engines = new Map<string, SimulatedMatchingEngine>();
  readonly #orders = new Map<number, SpotOrder>();
  readonly #byAccount = new Map<VenueAccount, SpotOrder[]>();
  readonly #fills = new Map<VenueAccount, SpotFill[]>();
  #sink: SpotEventSink = () => {};
  #nextOrderId = 7_000_001;
  #nextTradeId = 9_000_001;
  /** Fills of the command being answered (for the FULL answer). */
  #collect: SpotFill[] | null = null;

  constructor(ex: VenueExchange) {
    this.#ex = ex;
    ex.addFeed((symbol, deltas, trades, ts, nowMs) => {
      for (const [key, engine] of this.#engines) {
        if (!key.endsWith(`|${symbol}`)) continue;
        this.#handle(engine.processDeltaBatch(deltas, ts), false, nowMs);
        if (trades !== null) this.#handle(engine.processTradeBatch(trades), false, nowMs);
      }
    });
  }

  onUserEvent(sink: SpotEventSink): void {
    this.#sink = sink;
  }

  #engine(account: VenueAccount, inst: VenueInstrument, nowMs: number): SimulatedMatchingEngine {
    const key = `${account.alias}|${inst.symbol}`;
    let e = this.#engines.get(key);
    if (e === undefined) {
      e = this.#ex.newEngine(inst, nowMs, false);
      this.#engines.set(key, e);
    }
    return e;
  }

  // --- balances ---------------------------------------------------------------------------------

  #locked(account: VenueAccount, asset: string): Decimal {
    let sum = new Decimal(0);
    for (const o of this.#byAccount.get(account) ?? []) {
      if (!isOpen(o.status)) continue;
      const left = o.origQty.sub(o.executedQty);
      if (o.side === 'BUY' && o.inst.quoteAsset === asset) sum = sum.add(left.mul(o.price));
      if (o.side === 'SELL' && o.base === asset) sum = sum.add(left);
    }
    return sum;
  }

  #free(account: VenueAccount, asset: string): Decimal {
    return (account.spot.get(asset) ?? new Decimal(0)).sub(this.#locked(account, asset));
  }

  #position(account: VenueAccount, assets: readonly string[], nowMs: number): void {
    this.#sink(account, {
      e: 'outboundAccountPosition',
      E: nowMs,
      u: nowMs,
      B: assets.map((a) => ({ a, f: D8(this.#free(account, a)), l: D8(this.#locked(account, a)) })),
    });
  }

  // --- orders -----------------------------------------------------------------------------------

  /** `POST /api/v3/order`. */
  newOrder(account: VenueAccount, p: Params, nowMs: number): Record<string, unknown> {
    const inst = this.#ex.instrument(p.symbol);
    const base = inst.cfg.baseAsset;
    if (p.side !== 'BUY' && p.side !== 'SELL')
      throw p.side === undefined ? mandatory('side') : invalidParam('side');
    const type = p.type;
    if (type === undefined) throw mandatory('type');
    if (type !== 'LIMIT' && type !== 'LIMIT_MAKER' && type !== 'MARKET') {
      throw badRequest(-1013, `Order type ${type} is not supported by this venue.`);
    }
    if (p.quantity === undefined) throw mandatory('quantity');
    const qty = new Decimal(p.quantity);
    if (inst.lot.count(p.quantity) === null || qty.lt(inst.cfg.minQty) || qty.gt(inst.cfg.maxQty)) {
      throw badRequest(-1013, 'Filter failure: LOT_SIZE');
    }
    let price = new Decimal(0);
    let tif: 'GTC' | 'IOC' | 'FOK' = 'GTC';
    if (type !== 'MARKET') {
      if (p.price === undefined) throw mandatory('price');
      price = new Decimal(p.price);
      if (inst.tick.count(p.price) === null || price.lt(inst.cfg.minPrice) || price.gt(inst.cfg.maxPrice)) {
        throw badRequest(-1013, 'Filter failure: PRICE_FILTER');
      }
      if (type === 'LIMIT') {
        if (p.timeInForce === undefined) throw mandatory('timeInForce');
        if (p.timeInForce !== 'GTC' && p.timeInForce !== 'IOC' && p.timeInForce !== 'FOK') {
          throw badRequest(-1115, 'Invalid timeInForce.');
        }
        tif = p.timeInForce;
      }
    }
    const touch = (side: 'BUY' | 'SELL') => {
      const l = side === 'BUY' ? inst.market.bestAsk() : inst.market.bestBid();
      return new Decimal(inst.tick.format(l?.ticks ?? inst.market.midTicks));
    };
    const ref = type === 'MARKET' ? touch(p.side) : price;
    if (ref.mul(qty).lt(inst.cfg.minNotional)) throw badRequest(-1013, 'Filter failure: NOTIONAL');
    const clientOrderId = p.newClientOrderId ?? `venue-spot-${this.#nextOrderId}`;
    if (!CLIENT_ID.test(clientOrderId)) throw invalidParam('newClientOrderId');
    if (
      (this.#byAccount.get(account) ?? []).some((o) => isOpen(o.status) && o.clientOrderId === clientOrderId)
    ) {
      throw badRequest(-2010, 'Duplicate order sent.');
    }
    const need = p.side === 'BUY' ? ref.mul(qty) : qty;
    if (this.#free(account, p.side === 'BUY' ? inst.quoteAsset : base).lt(need)) {
      throw badRequest(-2010, 'Account has insufficient balance for requested action.');
    }
    const o: SpotOrder = {
      orderId: this.#nextOrderId++,
      account,
      inst,
      base,
      clientOrderId,
      side: p.side,
      type,
      timeInForce: tif,
      price,
      origQty: qty,
      executedQty: new Decimal(0),
      cumQuote: new Decimal(0),
      status: 'NEW',
      time: nowMs,
      updateTime: nowMs,
    };
    const events = this.#engine(account, inst, nowMs).submit(
      {
        clientOrderId: String(o.orderId),
        side: o.side,
        orderType: type === 'MARKET' ? 'MARKET' : 'LIMIT',
        quantity: Quantity.from(inst.lot.format(inst.lot.count(p.quantity)!)),
        ...(type === 'MARKET' ? {} : { price: Price.from(inst.tick.format(inst.tick.count(p.price!)!)) }),
        timeInForce: tif,
        postOnly: type === 'LIMIT_MAKER',
      },
      this.#ex.ts(nowMs),
    );
    const first = events[0];
    if (first?.type === 'REJECTED') {
      if (first.reasonCode === 'POST_ONLY_WOULD_CROSS')
        throw badRequest(-2010, 'Order would immediately match and take.');
      throw badRequest(-2010, `Order rejected: ${first.reason}`);
    }
    this.#orders.set(o.orderId, o);
    const list = this.#byAccount.get(account) ?? [];
    list.push(o);
    this.#byAccount.set(account, list);
    const fills: SpotFill[] = [];
    this.#collect = fills;
    try {
      this.#handle(events, false, nowMs);
    } finally {
      this.#collect = null;
    }
    const respType = p.newOrderRespType ?? (type === 'LIMIT' || type === 'MARKET' ? 'FULL' : 'ACK');
    const json: Record<string, unknown> = {
      symbol: inst.symbol,
      orderId: o.orderId,
      orderListId: -1,
      clientOrderId: o.clientOrderId,
      transactTime: nowMs,
    };
    if (respType === 'ACK') return json;
    Object.assign(json, this.#body(o), { workingTime: o.time, selfTradePreventionMode: 'NONE' });
    if (respType === 'FULL') {
      json.fills = fills.map((f) => ({
        price: dec(f.price, inst.tick.precision),
        qty: dec(f.qty, inst.lot.precision),
        commission: D8(f.commission),
        commissionAsset: f.commissionAsset,
        tradeId: f.id,
      }));
    }
    return json;
  }

  #body(o: SpotOrder): Record<string, unknown> {
    return {
      price: dec(o.price, 8),
      origQty: dec(o.origQty, 8),
      executedQty: dec(o.executedQty, 8),
      origQuoteOrderQty: '0.00000000',
      cummulativeQuoteQty: dec(o.cumQuote, 8),
      status: o.status,
      timeInForce: o.timeInForce,
      type: o.type,
      side: o.side,
    };
  }

  #orderJson(o: SpotOrder): Record<string, unknown> {
    return {
      symbol: o.inst.symbol,
      orderId: o.orderId,
      orderListId: -1,
      clientOrderId: o.clientOrderId,
      ...this.#body(o),
      stopPrice: '0.00000000',
      icebergQty: '0.00000000',
      time: o.time,
      updateTime: o.updateTime,
      isWorking: true,
      workingTime: o.time,
      selfTradePreventionMode: 'NONE',
    };
  }

  #find(account: VenueAccount, p: Params): SpotOrder | undefined {
    const inst = this.#ex.instrument(p.symbol);
    if (p.orderId !== undefined) {
      const o = this.#orders.get(Number(p.orderId));
      return o?.account === account && o.inst === inst ? o : undefined;
    }
    if (p.origClientOrderId !== undefined) {
      const list = this.#byAccount.get(account) ?? [];
      for (let i = list.length - 1; i >= 0; i--) {
        const o = list[i]!;
        if (o.inst === inst && o.clientOrderId === p.origClientOrderId) return o;
      }
      return undefined;
    }
    throw badRequest(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
  }

  /** `GET /api/v3/order`. */
  query(account: VenueAccount, p: Params): Record<string, unknown> {
    const o = this.#find(account, p);
    if (o === undefined) throw badRequest(-2013, 'Order does not exist.');
    return this.#orderJson(o);
  }

  /** `DELETE /api/v3/order`. */
  cancel(account: VenueAccount, p: Params, nowMs: number): Record<string, unknown> {
    const o = this.#find(account, p);
    if (o === undefined || !isOpen(o.status)) throw badRequest(-2011, 'Unknown order sent.');
    this.#handle(
      this.#engine(account, o.inst, nowMs).cancel(String(o.orderId), this.#ex.ts(nowMs)),
      true,
      nowMs,
    );
    return this.#cancelJson(o, p.newClientOrderId ?? `cancel-${o.orderId}`, nowMs);
  }

  #cancelJson(o: SpotOrder, cancelId: string, nowMs: number): Record<string, unknown> {
    return {
      symbol: o.inst.symbol,
      origClientOrderId: o.clientOrderId,
      orderId: o.orderId,
      orderListId: -1,
      clientOrderId: cancelId,
      transactTime: nowMs,
      ...this.#body(o),
      selfTradePreventionMode: 'NONE',
    };
  }

  /** `DELETE /api/v3/openOrders`: -2011 when there is none, as on Binance. */
  cancelAll(account: VenueAccount, p: Params, nowMs: number): Record<string, unknown>[] {
    const inst = this.#ex.instrument(p.symbol);
    const open = (this.#byAccount.get(account) ?? []).filter((o) => o.inst === inst && isOpen(o.status));
    if (open.length === 0) throw badRequest(-2011, 'Unknown order sent.');
    this.#handle(this.#engine(account, inst, nowMs).cancelAll(this.#ex.ts(nowMs)), true, nowMs);
    return open.map((o) => this.#cancelJson(o, `cancel-${o.orderId}`, nowMs));
  }

  /** `GET /api/v3/openOrders`. */
  openOrders(account: VenueAccount, p: Params): Record<string, unknown>[] {
    const inst = p.symbol === undefined ? undefined : this.#ex.instrument(p.symbol);
    return (this.#byAccount.get(account) ?? [])
      .filter((o) => isOpen(o.status) && (inst === undefined || o.inst === inst))
      .map((o) => this.#orderJson(o));
  }

  /** `GET /api/v3/allOrders`. */
  allOrders(account: VenueAccount, p: Params): Record<string, unknown>[] {
    const inst = this.#ex.instrument(p.symbol);
    const from = p.orderId === undefined ? 0 : Number(p.orderId);
    const start = p.startTime === undefined ? 0 : Number(p.startTime);
    const end = p.endTime === undefined ? Number.MAX_SAFE_INTEGER : Number(p.endTime);
    const limit = Math.min(1000, p.limit === undefined ? 500 : Number(p.limit));
    return (this.#byAccount.get(account) ?? [])
      .filter((o) => o.inst === inst && o.orderId >= from && o.time >= start && o.time <= end)
      .slice(0, limit)
      .map((o) => this.#orderJson(o));
  }

  /** `GET /api/v3/myTrades`. */
  myTrades(account: VenueAccount, p: Params): Record<string, unknown>[] {
    const inst = this.#ex.instrument(p.symbol);
    const from = p.fromId === undefined ? 0 : Number(p.fromId);
    const orderId = p.orderId === undefined ? null : Number(p.orderId);
    const limit = Math.min(1000, p.limit === undefined ? 500 : Number(p.limit));
    return (this.#fills.get(account) ?? [])
      .filter(
        (f) => f.order.inst === inst && f.id >= from && (orderId === null || f.order.orderId === orderId),
      )
      .slice(0, limit)
      .map((f) => ({
        symbol: inst.symbol,
        id: f.id,
        orderId: f.order.orderId,
        orderListId: -1,
        price: dec(f.price, 8),
        qty: dec(f.qty, 8),
        quoteQty: dec(f.price.mul(f.qty), 8),
        commission: D8(f.commission),
        commissionAsset: f.commissionAsset,
        time: f.time,
        isBuyer: f.order.side === 'BUY',
        isMaker: f.maker,
        isBestMatch: true,
      }));
  }

  /** `GET /api/v3/account`. */
  account(account: VenueAccount, nowMs: number): Record<string, unknown> {
    return {
      makerCommission: 10,
      takerCommission: 10,
      buyerCommission: 0,
      sellerCommission: 0,
      commissionRates: {
        maker: '0.00100000',
        taker: '0.00100000',
        buyer: '0.00000000',
        seller: '0.00000000',
      },
      canTrade: true,
      canWithdraw: true,
      canDeposit: true,
      brokered: false,
      requireSelfTradePrevention: false,
      preventSor: false,
      updateTime: nowMs,
      accountType: 'SPOT',
      balances: [...account.spot.keys()].sort().map((asset) => ({
        asset,
        free: D8(this.#free(account, asset)),
        locked: D8(this.#locked(account, asset)),
      })),
      permissions: ['SPOT'],
      uid: 1,
    };
  }

  // --- matching events --------------------------------------------------------------------------

  #handle(events: readonly MatchEvent[], byCancel: boolean, nowMs: number): void {
    for (const e of events) {
      const o = this.#orders.get(Number(e.clientOrderId));
      if (o === undefined) continue;
      switch (e.type) {
        case 'ACCEPTED':
          this.#report(o, 'NEW', nowMs, null);
          this.#position(o.account, [o.base, o.inst.quoteAsset], nowMs);
          break;
        case 'FILLED':
          this.#fill(o, e, nowMs);
          break;
        case 'CANCELED':
        case 'EXPIRED':
          o.status = byCancel && e.type === 'CANCELED' ? 'CANCELED' : 'EXPIRED';
          o.updateTime = nowMs;
          this.#report(o, o.status === 'CANCELED' ? 'CANCELED' : 'EXPIRED', nowMs, null);
          this.#position(o.account, [o.base, o.inst.quoteAsset], nowMs);
          break;
        default:
          break;
      }
    }
  }

  #fill(o: SpotOrder, e: Extract<MatchEvent, { type: 'FILLED' }>, nowMs: number): void {
    const qty = new Decimal(e.lastQty.toString());
    const price = new Decimal(e.lastPx.toString());
    const quote = qty.mul(price);
    const a = o.account.spot;
    const add = (asset: string, d: Decimal) => a.set(asset, (a.get(asset) ?? new Decimal(0)).add(d));
    let commission: Decimal;
    let commissionAsset: string;
    if (o.side === 'BUY') {
      commission = qty.mul(FEE);
      commissionAsset = o.base;
      add(o.base, qty.sub(commission));
      add(o.inst.quoteAsset, quote.neg());
    } else {
      commission = quote.mul(FEE);
      commissionAsset = o.inst.quoteAsset;
      add(o.base, qty.neg());
      add(o.inst.quoteAsset, quote.sub(commission));
    }
    o.executedQty = o.executedQty.add(qty);
    o.cumQuote = o.cumQuote.add(quote);
    o.status = e.leavesQty.isZero() ? 'FILLED' : 'PARTIALLY_FILLED';
    o.updateTime = nowMs;
    const fill: SpotFill = {
      id: this.#nextTradeId++,
      order: o,
      price,
      qty,
      commission,
      commissionAsset,
      maker: e.liquiditySide === 'MAKER',
      time: nowMs,
    };
    const list = this.#fills.get(o.account) ?? [];
    list.push(fill);
    this.#fills.set(o.account, list);
    this.#collect?.push(fill);
    this.#report(o, 'TRADE', nowMs, fill);
    this.#position(o.account, [o.base, o.inst.quoteAsset], nowMs);
  }

  #report(o: SpotOrder, x: string, nowMs: number, fill: SpotFill | null): void {
    this.#sink(o.account, {
      e: 'executionReport',
      E: nowMs,
      s: o.inst.symbol,
      c: o.clientOrderId,
      S: o.side,
      o: o.type,
      f: o.timeInForce,
      q: dec(o.origQty, 8),
      p: dec(o.price, 8),
      P: '0.00000000',
      F: '0.00000000',
      g: -1,
      C: '',
      x,
      X: o.status,
      r: 'NONE',
      i: o.orderId,
      l: fill === null ? '0.00000000' : dec(fill.qty, 8),
      z: dec(o.executedQty, 8),
      L: fill === null ? '0.00000000' : dec(fill.price, 8),
      n: fill === null ? '0' : D8(fill.commission),
      N: fill === null ? null : fill.commissionAsset,
      T: nowMs,
      t: fill === null ? -1 : fill.id,
      v: 0,
      I: 0,
      w: isOpen(o.status),
      m: fill?.maker ?? false,
      M: false,
      O: o.time,
      Z: dec(o.cumQuote, 8),
      Y: fill === null ? '0.00000000' : dec(fill.qty.mul(fill.price), 8),
      Q: '0.00000000',
      W: o.time,
      V: 'NONE',
    });
  }

  /** `GET /api/v3/exchangeInfo`. */
  exchangeInfo(nowMs: number, weightLimit: number): Record<string, unknown> {
    return {
      timezone: 'UTC',
      serverTime: nowMs,
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: weightLimit },
      ],
      exchangeFilters: [],
      symbols: [...this.#ex.instruments.values()].map((i) => ({
        symbol: i.symbol,
        status: 'TRADING',
        baseAsset: i.cfg.baseAsset,
        baseAssetPrecision: 8,
        quoteAsset: i.quoteAsset,
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET'],
        icebergAllowed: false,
        ocoAllowed: false,
        isSpotTradingAllowed: true,
        isMarginTradingAllowed: false,
        filters: [
          {
            filterType: 'PRICE_FILTER',
            minPrice: i.cfg.minPrice,
            maxPrice: i.cfg.maxPrice,
            tickSize: i.cfg.tickSize,
          },
          { filterType: 'LOT_SIZE', minQty: i.cfg.minQty, maxQty: i.cfg.maxQty, stepSize: i.cfg.stepSize },
          {
            filterType: 'NOTIONAL',
            minNotional: i.cfg.minNotional,
            applyMinToMarket: true,
            maxNotional: '9000000',
            applyMaxToMarket: false,
            avgPriceMins: 5,
          },
        ],
        permissions: [],
        permissionSets: [['SPOT']],
        defaultSelfTradePreventionMode: 'NONE',
        allowedSelfTradePreventionModes: ['NONE'],
      })),
    };
  }
}
