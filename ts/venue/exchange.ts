/**
 * The venue's trading core: instruments with their synthetic markets, accounts, orders and
 * trades, and one `SimulatedMatchingEngine` per (account, symbol) doing the matching (so
 * reduce-only and client order ids are checked per account, as on Binance). It validates requests
 * as Binance USD-M does and answers in its shapes; it does no I/O: user-stream events go to a sink,
 * market messages are returned by {@link VenueExchange.step}.
 *
 * # Order lifecycle (one-way mode)
 * `POST` -> `NEW` (ORDER_TRADE_UPDATE x=NEW), then fills (x=TRADE, followed by ACCOUNT_UPDATE);
 * an IOC/FOK/market remainder, and a GTX (post-only) order that would cross, end `EXPIRED`; a user
 * cancel ends `CANCELED`; a modify emits x=AMENDMENT. Conditional types belong to the algo service
 * and `/fapi/v1/order` answers -4120 for them, as Binance does since 2025-12-09.
 */
import { Decimal } from 'decimal.js';

import type { MatchEvent } from '../backtest/matching.js';
import { SimulatedMatchingEngine } from '../backtest/matching.js';
import { Price, Quantity } from '../model/values/index.js';
import { dec, VenueAccount } from './accounts.js';
import { AlgoService } from './algo.js';
import type { VenueConfig } from './config.js';
import { badRequest, invalidParam, mandatory, VenueApiError } from './errors.js';
import { KlineBuilder } from './klines.js';
import { deltaBatch, marketMessages } from './market-messages.js';
import {
  avgPrice,
  type ExecType,
  isOpenStatus,
  orderJson,
  orderTradeUpdate,
  tradeJson,
  type VenueOrder,
  type VenueSide,
  type VenueTimeInForce,
  type VenueTrade,
} from './orders.js';
import { SyntheticMarket } from './synthetic.js';
import type { MarketMessage, Params, VenueInstrument } from './types.js';
import { Step } from './units.js';

export type { MarketMessage, Params, VenueInstrument } from './types.js';

/** Receives every market update after the futures engines (the spot side feeds its own). */
export type MarketFeed = (
  symbol: string,
  deltas: BigInt64Array,
  trades: BigInt64Array | null,
  ts: bigint,
  nowMs: number,
) => void;

export type UserEventSink = (account: VenueAccount, event: Record<string, unknown>) => void;

const NO_INTERVALS: ReadonlySet<string> = new Set();
const CONDITIONAL = new Set([
  'STOP',
  'STOP_MARKET',
  'TAKE_PROFIT',
  'TAKE_PROFIT_MARKET',
  'TRAILING_STOP_MARKET',
]);
const TIFS = new Set<VenueTimeInForce>(['GTC', 'IOC', 'FOK', 'GTX', 'GTD']);
const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

/** See the module doc. */
export class VenueExchange {
  readonly instruments = new Map<string, VenueInstrument>();
  readonly accounts: readonly VenueAccount[];
  readonly #byKey = new Map<string, VenueAccount>();
  readonly #engines = new Map<string, SimulatedMatchingEngine>();
  readonly #orders = new Map<number, VenueOrder>();
  /** Orders per account in id order (for allOrders/openOrders). */
  readonly #accountOrders = new Map<VenueAccount, VenueOrder[]>();
  readonly #trades = new Map<VenueAccount, VenueTrade[]>();
  /** Open orders per account, by order id (insertion = id order); terminal orders leave it. */
  readonly #open = new Map<VenueAccount, Map<number, VenueOrder>>();
  readonly #makerFee: Decimal;
  readonly #takerFee: Decimal;
  #sink: UserEventSink = () => {};
  /** Conditional orders (`/fapi/v1/algoOrder`). */
  readonly algo: AlgoService;
  readonly #lastTrade = new Map<string, Decimal>();
  readonly #feeds: MarketFeed[] = [];
  #nextOrderId = 1_000_001;
  #nextTradeId = 5_000_001;
  #tsNs = 0n;

  constructor(cfg: VenueConfig) {
    for (const i of cfg.instruments) {
      this.instruments.set(i.symbol, {
        cfg: i,
        symbol: i.symbol,
        quoteAsset: i.quoteAsset,
        tick: new Step(i.tickSize),
        lot: new Step(i.stepSize),
        market: new SyntheticMarket(i, cfg.market, cfg.seed),
        klines: new KlineBuilder(i.symbol, new Step(i.tickSize), new Step(i.stepSize)),
      });
    }
    this.accounts = cfg.accounts.map((a, n) => new VenueAccount(a, n));
    for (const a of this.accounts) this.#byKey.set(a.apiKey, a);
    this.#makerFee = new Decimal(cfg.makerFee);
    this.#takerFee = new Decimal(cfg.takerFee);
    this.algo = new AlgoService({
      instrumentOf: (symbol) => this.instrument(symbol),
      place: (account, params, nowMs) => this.newOrder(account, params, nowMs),
      reference: (symbol) => {
        const mark = this.markPrice(this.instrument(symbol));
        return { last: this.#lastTrade.get(symbol) ?? mark, mark };
      },
      emit: (account, event) => this.#sink(account, event),
    });
  }

  /** Where user-stream events go (the WebSocket layer). */
  onUserEvent(sink: UserEventSink): void {
    this.#sink = sink;
  }

  accountOf(apiKey: string): VenueAccount | undefined {
    return this.#byKey.get(apiKey);
  }

  instrument(symbol: string | undefined): VenueInstrument {
    if (symbol === undefined || symbol === '') throw mandatory('symbol');
    const i = this.instruments.get(symbol);
    if (i === undefined) throw badRequest(-1121, 'Invalid symbol.');
    return i;
  }

  /** Adds a receiver of every market update. */
  addFeed(feed: MarketFeed): void {
    this.#feeds.push(feed);
  }

  /** Engine time: non-decreasing UNIX ns from the caller's ms. */
  ts(nowMs: number): bigint {
    return this.#ts(nowMs);
  }

  /** A new L2 engine of `inst` holding the current synthetic book. */
  newEngine(inst: VenueInstrument, nowMs: number, useReduceOnly: boolean): SimulatedMatchingEngine {
    const e = new SimulatedMatchingEngine({
      priceIncrement: Price.from(inst.tick.text),
      sizeIncrement: Quantity.from(inst.lot.text),
      bookType: 'L2_MBP',
      useReduceOnly,
      tradeExecution: true,
    });
    const { bids, asks } = inst.market.levels(Number.MAX_SAFE_INTEGER);
    const lv = (l: [number, number]) => ({
      price: Price.from(inst.tick.format(l[0])),
      size: Quantity.from(inst.lot.format(l[1])),
    });
    e.processSnapshot(bids.map(lv), asks.map(lv), this.#ts(nowMs));
    return e;
  }

  #ts(nowMs: number): bigint {
    const ns = BigInt(nowMs) * 1_000_000n;
    this.#tsNs = ns > this.#tsNs ? ns : this.#tsNs;
    return this.#tsNs;
  }

  #engine(account: VenueAccount, inst: VenueInstrument, nowMs: number): SimulatedMatchingEngine {
    const key = `${account.alias}|${inst.symbol}`;
    let e = this.#engines.get(key);
    if (e === undefined) {
      e = this.newEngine(inst, nowMs, true);
      this.#engines.set(key, e);
    }
    return e;
  }

  // --- market data ------------------------------------------------------------------------------

  /** `GET /fapi/v1/depth`. */
  depth(symbol: string | undefined, limitText: string | undefined, nowMs: number): Record<string, unknown> {
    const inst = this.instrument(symbol);
    const limit = limitText === undefined ? 500 : Number(limitText);
    if (![5, 10, 20, 50, 100, 500, 1000].includes(limit))
      throw badRequest(-4021, `'${limitText}' is not valid depth limit.`);
    const { bids, asks } = inst.market.levels(limit);
    return {
      lastUpdateId: inst.market.lastUpdateId,
      E: nowMs,
      T: nowMs,
      bids: bids.map(([t, s]) => [inst.tick.format(t), inst.lot.format(s)]),
      asks: asks.map(([t, s]) => [inst.tick.format(t), inst.lot.format(s)]),
    };
  }

  /** `GET /fapi/v1/ticker/bookTicker` (one symbol, or every symbol). */
  bookTicker(symbol: string | undefined, nowMs: number): unknown {
    const one = (inst: VenueInstrument) => {
      const b = inst.market.bestBid();
      const a = inst.market.bestAsk();
      return {
        symbol: inst.symbol,
        bidPrice: inst.tick.format(b?.ticks ?? 0),
        bidQty: inst.lot.format(b?.steps ?? 0),
        askPrice: inst.tick.format(a?.ticks ?? 0),
        askQty: inst.lot.format(a?.steps ?? 0),
        time: nowMs,
        lastUpdateId: inst.market.lastUpdateId,
      };
    };
    if (symbol !== undefined) return one(this.instrument(symbol));
    return [...this.instruments.values()].map(one);
  }

  /** Mark price: the synthetic mid. */
  markPrice(inst: VenueInstrument): Decimal {
    return new Decimal(inst.tick.format(inst.market.midTicks));
  }

  /**
   * Advances one symbol's market by one update: feeds every engine of the symbol (fills go to
   * the user streams) and returns the market-stream messages of the update.
   */
  step(symbol: string, nowMs: number, klineIntervals: ReadonlySet<string> = NO_INTERVALS): MarketMessage[] {
    const inst = this.instrument(symbol);
    const u = inst.market.step();
    const ts = this.#ts(nowMs);
    const deltas = deltaBatch(inst, u);
    const trades = new BigInt64Array(u.trades.length * 4);
    u.trades.forEach((t, i) => {
      trades[i * 4] = ts;
      trades[i * 4 + 1] = inst.tick.unitsOf(t.ticks);
      trades[i * 4 + 2] = inst.lot.unitsOf(t.steps);
      trades[i * 4 + 3] = t.buyerMaker ? 2n : 1n;
    });
    for (const [key, engine] of this.#engines) {
      if (!key.endsWith(`|${symbol}`)) continue;
      this.#handle(engine.processDeltaBatch(deltas, ts), 'market', nowMs);
      if (u.trades.length > 0) this.#handle(engine.processTradeBatch(trades), 'market', nowMs);
    }
    for (const feed of this.#feeds) feed(symbol, deltas, u.trades.length > 0 ? trades : null, ts, nowMs);
    const last = u.trades.at(-1);
    if (last !== undefined) this.#lastTrade.set(symbol, new Decimal(inst.tick.format(last.ticks)));
    this.algo.check(symbol, nowMs);
    const out = marketMessages(inst, u, nowMs);
    const lower = symbol.toLowerCase();
    for (const k of inst.klines.update(nowMs, u.trades, inst.market.midTicks, klineIntervals)) {
      out.push({ stream: `${lower}@kline_${k.interval}`, data: k.data });
    }
    return out;
  }

  // --- orders -----------------------------------------------------------------------------------

  /** `POST /fapi/v1/order`. */
  newOrder(account: VenueAccount, p: Params, nowMs: number): Record<string, unknown> {
    const inst = this.instrument(p.symbol);
    const side = p.side;
    if (side === undefined) throw mandatory('side');
    if (side !== 'BUY' && side !== 'SELL') throw invalidParam('side');
    const type = p.type;
    if (type === undefined) throw mandatory('type');
    if (CONDITIONAL.has(type)) {
      throw badRequest(
        -4120,
        'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.',
      );
    }
    if (type !== 'LIMIT' && type !== 'MARKET') throw badRequest(-1116, 'Invalid orderType.');
    if (p.positionSide !== undefined && p.positionSide !== 'BOTH') {
      throw badRequest(-4061, "Order's position side does not match user's setting.");
    }
    const qty = this.#quantity(inst, p.quantity);
    let tif: VenueTimeInForce = 'GTC';
    let price = new Decimal(0);
    let gtd = 0;
    if (type === 'LIMIT') {
      if (p.timeInForce === undefined) throw mandatory('timeInForce');
      if (!TIFS.has(p.timeInForce as VenueTimeInForce)) throw badRequest(-1115, 'Invalid timeInForce.');
      tif = p.timeInForce as VenueTimeInForce;
      price = this.#price(inst, p.price);
      if (tif === 'GTD') {
        gtd = Number(p.goodTillDate);
        if (!Number.isSafeInteger(gtd) || gtd <= nowMs + 600_000) {
          throw badRequest(-4129, 'goodTillDate must be at least 600 seconds after the current time.');
        }
      }
    } else if (p.price !== undefined || p.timeInForce !== undefined) {
      if (p.price !== undefined) throw badRequest(-1106, "Parameter 'price' sent when not required.");
    }
    const reduceOnly = p.reduceOnly === 'true';
    if (p.reduceOnly !== undefined && p.reduceOnly !== 'true' && p.reduceOnly !== 'false')
      throw invalidParam('reduceOnly');
    const clientOrderId = p.newClientOrderId ?? `venue-${this.#nextOrderId}`;
    if (!CLIENT_ID.test(clientOrderId)) {
      throw badRequest(-4015, 'Client order id length should not be more than 36 chars');
    }
    const refPrice = type === 'LIMIT' ? price : this.#touch(inst, side);
    if (!reduceOnly && refPrice.mul(qty).lt(inst.cfg.minNotional)) {
      throw badRequest(
        -4164,
        `Order's notional must be no smaller than ${inst.cfg.minNotional} (unless you choose reduce only).`,
      );
    }
    if (this.#openOrders(account).some((o) => o.clientOrderId === clientOrderId)) {
      throw badRequest(-4116, 'ClientOrderId is duplicated.');
    }
    if (!reduceOnly && !this.#marginFits(account, refPrice.mul(qty))) {
      throw badRequest(-2019, 'Margin is insufficient.');
    }
    const respType = p.newOrderRespType ?? 'ACK';
    if (respType !== 'ACK' && respType !== 'RESULT') throw badRequest(-1136, 'Invalid newOrderRespType.');
    const order: VenueOrder = {
      orderId: this.#nextOrderId++,
      account,
      instrument: inst,
      clientOrderId,
      side,
      type,
      timeInForce: tif,
      price,
      origQty: qty,
      executedQty: new Decimal(0),
      cumQuote: new Decimal(0),
      status: 'NEW',
      reduceOnly,
      goodTillDate: gtd,
      time: nowMs,
      updateTime: nowMs,
    };
    const engine = this.#engine(account, inst, nowMs);
    const events = engine.submit(
      {
        clientOrderId: String(order.orderId),
        side,
        orderType: type,
        quantity: Quantity.from(inst.lot.format(inst.lot.count(p.quantity!)!)),
        ...(type === 'LIMIT' ? { price: Price.from(inst.tick.format(inst.tick.count(p.price!)!)) } : {}),
        timeInForce: tif === 'GTX' ? 'GTC' : tif,
        ...(tif === 'GTD' ? { expireTime: BigInt(gtd) * 1_000_000n } : {}),
        postOnly: tif === 'GTX',
        reduceOnly,
      },
      this.#ts(nowMs),
    );
    const first = events[0];
    if (first?.type === 'REJECTED') {
      if (first.reasonCode === 'POST_ONLY_WOULD_CROSS') {
        // Binance accepts a GTX order that would take, then expires it.
        this.#register(order);
        this.#emitOrder(order, 'NEW', nowMs, null);
        order.status = 'EXPIRED';
        this.#settle(order, nowMs);
        this.#emitOrder(order, 'EXPIRED', nowMs, null);
        return orderJson(order);
      }
      if (first.reasonCode === 'REDUCE_ONLY_WOULD_INCREASE')
        throw badRequest(-2022, 'ReduceOnly Order is rejected.');
      if (first.reasonCode === 'NO_MARKET') throw badRequest(-2020, 'Unable to fill.');
      throw badRequest(-2010, `Order rejected: ${first.reason}`);
    }
    this.#register(order);
    let ack: Record<string, unknown> | null = null;
    this.#handle(events, 'submit', nowMs, (e) => {
      if (e.type === 'ACCEPTED') ack = orderJson(order);
    });
    return respType === 'ACK' && ack !== null ? ack : orderJson(order);
  }

  #register(o: VenueOrder): void {
    this.#orders.set(o.orderId, o);
    if (isOpenStatus(o.status)) {
      let open = this.#open.get(o.account);
      if (open === undefined) {
        open = new Map();
        this.#open.set(o.account, open);
      }
      open.set(o.orderId, o);
    }
    let list = this.#accountOrders.get(o.account);
    if (list === undefined) {
      list = [];
      this.#accountOrders.set(o.account, list);
    }
    list.push(o);
  }

  /** The order named by `orderId` or `origClientOrderId` (the newest with that id). */
  #find(account: VenueAccount, p: Params): VenueOrder | undefined {
    const inst = this.instrument(p.symbol);
    if (p.orderId !== undefined) {
      const o = this.#orders.get(Number(p.orderId));
      return o !== undefined && o.account === account && o.instrument === inst ? o : undefined;
    }
    if (p.origClientOrderId !== undefined) {
      const list = this.#accountOrders.get(account) ?? [];
      for (let i = list.length - 1; i >= 0; i--) {
        const o = list[i]!;
        if (o.instrument === inst && o.clientOrderId === p.origClientOrderId) return o;
      }
      return undefined;
    }
    throw badRequest(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
  }

  /** `GET /fapi/v1/order`. */
  queryOrder(account: VenueAccount, p: Params): Record<string, unknown> {
    const o = this.#find(account, p);
    if (o === undefined) throw badRequest(-2013, 'Order does not exist.');
    return orderJson(o);
  }

  /** `DELETE /fapi/v1/order`. */
  cancelOrder(account: VenueAccount, p: Params, nowMs: number): Record<string, unknown> {
    const o = this.#find(account, p);
    if (o === undefined || !isOpenStatus(o.status)) throw badRequest(-2011, 'Unknown order sent.');
    const engine = this.#engine(account, this.instrument(p.symbol), nowMs);
    const events = engine.cancel(String(o.orderId), this.#ts(nowMs));
    if (events.some((e) => e.type === 'CANCEL_REJECTED')) throw badRequest(-2011, 'Unknown order sent.');
    this.#handle(events, 'cancel', nowMs);
    return orderJson(o);
  }

  /** `PUT /fapi/v1/order`: price and quantity of a LIMIT order. */
  modifyOrder(account: VenueAccount, p: Params, nowMs: number): Record<string, unknown> {
    const inst = this.instrument(p.symbol);
    if (p.side === undefined) throw mandatory('side');
    if (p.quantity === undefined) throw mandatory('quantity');
    if (p.price === undefined) throw mandatory('price');
    const o = this.#find(account, p);
    if (o === undefined) throw badRequest(-2013, 'Order does not exist.');
    if (!isOpenStatus(o.status)) throw badRequest(-2013, 'Order does not exist.');
    if (o.side !== p.side) throw badRequest(-4029, 'Side does not match the order.');
    if (o.type !== 'LIMIT') throw badRequest(-4142, 'Only LIMIT orders can be modified.');
    const qty = this.#quantity(inst, p.quantity);
    const price = this.#price(inst, p.price);
    if (qty.eq(o.origQty) && price.eq(o.price)) throw badRequest(-5027, 'No need to modify the order.');
    if (qty.lte(o.executedQty))
      throw badRequest(-4028, 'Quantity must be greater than the executed quantity.');
    const events = this.#engine(account, inst, nowMs).modify(
      String(o.orderId),
      {
        price: Price.from(inst.tick.format(inst.tick.count(p.price)!)),
        quantity: Quantity.from(inst.lot.format(inst.lot.count(p.quantity)!)),
      },
      this.#ts(nowMs),
    );
    const rej = events.find((e) => e.type === 'MODIFY_REJECTED');
    if (rej !== undefined && rej.type === 'MODIFY_REJECTED') {
      if (rej.reasonCode === 'POST_ONLY_WOULD_CROSS')
        throw badRequest(
          -5022,
          'Due to the order could not be executed as maker, the Post Only order will be rejected.',
        );
      throw badRequest(-2010, `Modify rejected: ${rej.reason}`);
    }
    this.#handle(events, 'modify', nowMs);
    return orderJson(o);
  }

  /** `DELETE /fapi/v1/allOpenOrders`. */
  cancelAll(account: VenueAccount, p: Params, nowMs: number): Record<string, unknown> {
    const inst = this.instrument(p.symbol);
    const events = this.#engine(account, inst, nowMs).cancelAll(this.#ts(nowMs));
    this.#handle(events, 'cancel', nowMs);
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  }

  #openOrders(account: VenueAccount, inst?: VenueInstrument): VenueOrder[] {
    const open = this.#open.get(account);
    if (open === undefined) return [];
    const out: VenueOrder[] = [];
    for (const o of open.values()) if (inst === undefined || o.instrument === inst) out.push(o);
    return out;
  }

  /** Takes an order that reached a terminal status out of the open index. */
  #settle(o: VenueOrder, nowMs: number): void {
    if (isOpenStatus(o.status)) return;
    this.#open.get(o.account)?.delete(o.orderId);
    this.algo.orderClosed(o.orderId, o.executedQty, avgPrice(o), nowMs);
  }

  /** `GET /fapi/v1/openOrders`. */
  openOrders(account: VenueAccount, p: Params): Record<string, unknown>[] {
    const inst = p.symbol === undefined ? undefined : this.instrument(p.symbol);
    return this.#openOrders(account, inst).map(orderJson);
  }

  /** `GET /fapi/v1/allOrders`: from `orderId` on, or in the time window; oldest first. */
  allOrders(account: VenueAccount, p: Params): Record<string, unknown>[] {
    const inst = this.instrument(p.symbol);
    const limit = pageLimit(p.limit, 500);
    const fromId = p.orderId === undefined ? 0 : Number(p.orderId);
    const start = p.startTime === undefined ? 0 : Number(p.startTime);
    const end = p.endTime === undefined ? Number.MAX_SAFE_INTEGER : Number(p.endTime);
    return (this.#accountOrders.get(account) ?? [])
      .filter((o) => o.instrument === inst && o.orderId >= fromId && o.time >= start && o.time <= end)
      .slice(0, limit)
      .map(orderJson);
  }

  /** `GET /fapi/v1/userTrades`. */
  userTrades(account: VenueAccount, p: Params): Record<string, unknown>[] {
    const inst = this.instrument(p.symbol);
    const limit = pageLimit(p.limit, 500);
    const fromId = p.fromId === undefined ? 0 : Number(p.fromId);
    const orderId = p.orderId === undefined ? null : Number(p.orderId);
    const start = p.startTime === undefined ? 0 : Number(p.startTime);
    const end = p.endTime === undefined ? Number.MAX_SAFE_INTEGER : Number(p.endTime);
    return (this.#trades.get(account) ?? [])
      .filter(
        (t) =>
          t.order.instrument === inst &&
          t.id >= fromId &&
          (orderId === null || t.order.orderId === orderId) &&
          t.time >= start &&
          t.time <= end,
      )
      .slice(0, limit)
      .map(tradeJson);
  }

  // --- account ----------------------------------------------------------------------------------

  #unrealized(account: VenueAccount): Decimal {
    let sum = new Decimal(0);
    for (const [symbol, pos] of account.positions) {
      const inst = this.instruments.get(symbol);
      if (inst !== undefined && !pos.amount.isZero())
        sum = sum.add(pos.amount.mul(this.markPrice(inst).sub(pos.entryPrice)));
    }
    return sum;
  }

  #positionMargin(account: VenueAccount): Decimal {
    let sum = new Decimal(0);
    for (const [symbol, pos] of account.positions) {
      const inst = this.instruments.get(symbol);
      if (inst !== undefined) sum = sum.add(pos.amount.abs().mul(this.markPrice(inst)).div(account.leverage));
    }
    return sum;
  }

  #orderMargin(account: VenueAccount): Decimal {
    let sum = new Decimal(0);
    for (const o of this.#openOrders(account)) {
      if (o.reduceOnly) continue;
      sum = sum.add(o.origQty.sub(o.executedQty).mul(o.price).div(account.leverage));
    }
    return sum;
  }

  #available(account: VenueAccount, asset = 'USDT'): Decimal {
    return account
      .balance(asset)
      .add(this.#unrealized(account))
      .sub(this.#positionMargin(account))
      .sub(this.#orderMargin(account));
  }

  #marginFits(account: VenueAccount, notional: Decimal): boolean {
    return this.#available(account).gte(notional.div(account.leverage));
  }

  #touch(inst: VenueInstrument, side: VenueSide): Decimal {
    const l = side === 'BUY' ? inst.market.bestAsk() : inst.market.bestBid();
    return new Decimal(inst.tick.format(l?.ticks ?? inst.market.midTicks));
  }

  #positionLeg(account: VenueAccount, inst: VenueInstrument, nowMs: number): Record<string, unknown> {
    const pos = account.position(inst.symbol);
    const mark = this.markPrice(inst);
    const notional = pos.amount.mul(mark);
    const pp = inst.tick.precision;
    return {
      symbol: inst.symbol,
      positionSide: 'BOTH',
      positionAmt: dec(pos.amount, inst.lot.precision),
      entryPrice: dec(pos.entryPrice),
      breakEvenPrice: dec(pos.entryPrice),
      markPrice: dec(mark, pp),
      unRealizedProfit: dec(pos.amount.mul(mark.sub(pos.entryPrice))),
      liquidationPrice: '0',
      isolatedMargin: '0',
      notional: dec(notional),
      marginAsset: inst.quoteAsset,
      isolatedWallet: '0',
      initialMargin: dec(notional.abs().div(account.leverage)),
      maintMargin: dec(notional.abs().mul('0.004')),
      positionInitialMargin: dec(notional.abs().div(account.leverage)),
      openOrderInitialMargin: '0',
      adl: 0,
      bidNotional: '0',
      askNotional: '0',
      leverage: String(account.leverage),
      maxNotionalValue: '250000',
      marginType: 'cross',
      isAutoAddMargin: 'false',
      updateTime: pos.updateTime === 0 ? nowMs : pos.updateTime,
    };
  }

  /** `GET /fapi/v3/positionRisk` (and v2): one BOTH leg per symbol. v3 lists only symbols with a position or open orders unless asked for one. */
  positionRisk(account: VenueAccount, p: Params, nowMs: number, v3: boolean): Record<string, unknown>[] {
    if (p.symbol !== undefined) return [this.#positionLeg(account, this.instrument(p.symbol), nowMs)];
    return [...this.instruments.values()]
      .filter(
        (inst) =>
          !v3 || !account.position(inst.symbol).amount.isZero() || this.#openOrders(account, inst).length > 0,
      )
      .map((inst) => this.#positionLeg(account, inst, nowMs));
  }

  /** `GET /fapi/v2|v3/balance`. */
  balances(account: VenueAccount, nowMs: number): Record<string, unknown>[] {
    const upnl = this.#unrealized(account);
    return [...account.wallet.entries()].map(([asset, wb]) => ({
      accountAlias: account.alias,
      asset,
      balance: dec(wb),
      crossWalletBalance: dec(wb),
      crossUnPnl: dec(asset === 'USDT' ? upnl : new Decimal(0)),
      availableBalance: dec(asset === 'USDT' ? this.#available(account) : wb),
      maxWithdrawAmount: dec(
        asset === 'USDT' ? Decimal.max(0, Decimal.min(wb, this.#available(account))) : wb,
      ),
      marginAvailable: true,
      updateTime: account.updateTime === 0 ? nowMs : account.updateTime,
    }));
  }

  /** `GET /fapi/v2|v3/account`. */
  accountInfo(account: VenueAccount, nowMs: number): Record<string, unknown> {
    const upnl = this.#unrealized(account);
    const wallet = account.balance('USDT');
    const posIm = this.#positionMargin(account);
    const ordIm = this.#orderMargin(account);
    const avail = this.#available(account);
    return {
      totalInitialMargin: dec(posIm.add(ordIm)),
      totalMaintMargin: '0.00000000',
      totalWalletBalance: dec(wallet),
      totalUnrealizedProfit: dec(upnl),
      totalMarginBalance: dec(wallet.add(upnl)),
      totalPositionInitialMargin: dec(posIm),
      totalOpenOrderInitialMargin: dec(ordIm),
      totalCrossWalletBalance: dec(wallet),
      totalCrossUnPnl: dec(upnl),
      availableBalance: dec(avail),
      maxWithdrawAmount: dec(Decimal.max(0, Decimal.min(wallet, avail))),
      assets: [...account.wallet.entries()].map(([asset, wb]) => ({
        asset,
        walletBalance: dec(wb),
        unrealizedProfit: dec(asset === 'USDT' ? upnl : new Decimal(0)),
        marginBalance: dec(asset === 'USDT' ? wb.add(upnl) : wb),
        maintMargin: '0.00000000',
        initialMargin: dec(asset === 'USDT' ? posIm.add(ordIm) : new Decimal(0)),
        positionInitialMargin: dec(asset === 'USDT' ? posIm : new Decimal(0)),
        openOrderInitialMargin: dec(asset === 'USDT' ? ordIm : new Decimal(0)),
        crossWalletBalance: dec(wb),
        crossUnPnl: dec(asset === 'USDT' ? upnl : new Decimal(0)),
        availableBalance: dec(asset === 'USDT' ? avail : wb),
        maxWithdrawAmount: dec(asset === 'USDT' ? Decimal.max(0, Decimal.min(wb, avail)) : wb),
        marginAvailable: true,
        updateTime: account.updateTime,
      })),
      positions: [...this.instruments.values()]
        .filter((inst) => !account.position(inst.symbol).amount.isZero())
        .map((inst) => {
          const leg = this.#positionLeg(account, inst, nowMs);
          return {
            symbol: leg.symbol,
            positionSide: 'BOTH',
            positionAmt: leg.positionAmt,
            unrealizedProfit: leg.unRealizedProfit,
            isolatedMargin: '0',
            notional: leg.notional,
            isolatedWallet: '0',
            initialMargin: leg.initialMargin,
            maintMargin: leg.maintMargin,
            updateTime: leg.updateTime,
          };
        }),
    };
  }

  // --- matching events --------------------------------------------------------------------------

  #handle(
    events: readonly MatchEvent[],
    cause: 'submit' | 'cancel' | 'modify' | 'market',
    nowMs: number,
    after?: (e: MatchEvent) => void,
  ): void {
    for (const e of events) {
      const o = this.#orders.get(Number(e.clientOrderId));
      if (o === undefined) continue;
      switch (e.type) {
        case 'ACCEPTED':
          o.status = 'NEW';
          this.#emitOrder(o, 'NEW', nowMs, null);
          break;
        case 'FILLED':
          this.#fill(o, e, nowMs);
          break;
        case 'CANCELED':
          // Only a cancel request cancels; the engine cancels IOC/FOK/market leftovers, which
          // Binance reports as expired.
          o.status = cause === 'cancel' ? 'CANCELED' : 'EXPIRED';
          o.updateTime = nowMs;
          this.#emitOrder(o, o.status === 'CANCELED' ? 'CANCELED' : 'EXPIRED', nowMs, null);
          break;
        case 'EXPIRED':
          o.status = 'EXPIRED';
          o.updateTime = nowMs;
          this.#emitOrder(o, 'EXPIRED', nowMs, null);
          break;
        case 'UPDATED':
          o.origQty = new Decimal(e.quantity.toString());
          if (e.price !== undefined) o.price = new Decimal(e.price.toString());
          o.updateTime = nowMs;
          this.#emitOrder(o, 'AMENDMENT', nowMs, null);
          break;
        default:
          break;
      }
      this.#settle(o, nowMs);
      after?.(e);
    }
  }

  #fill(o: VenueOrder, e: Extract<MatchEvent, { type: 'FILLED' }>, nowMs: number): void {
    const qty = new Decimal(e.lastQty.toString());
    const price = new Decimal(e.lastPx.toString());
    const maker = e.liquiditySide === 'MAKER';
    o.executedQty = o.executedQty.add(qty);
    o.cumQuote = o.cumQuote.add(qty.mul(price));
    o.status = e.leavesQty.isZero() ? 'FILLED' : 'PARTIALLY_FILLED';
    o.updateTime = nowMs;
    const effect = o.account.applyFill(
      o.instrument.symbol,
      o.instrument.quoteAsset,
      o.side,
      qty,
      price,
      maker ? this.#makerFee : this.#takerFee,
      nowMs,
    );
    const trade: VenueTrade = {
      id: this.#nextTradeId++,
      order: o,
      price,
      qty,
      realizedPnl: effect.realizedPnl,
      commission: effect.commission,
      maker,
      time: nowMs,
    };
    let list = this.#trades.get(o.account);
    if (list === undefined) {
      list = [];
      this.#trades.set(o.account, list);
    }
    list.push(trade);
    this.#emitOrder(o, 'TRADE', nowMs, trade);
    const inst = this.instruments.get(o.instrument.symbol)!;
    const pos = effect.position;
    const mark = this.markPrice(inst);
    this.#sink(o.account, {
      e: 'ACCOUNT_UPDATE',
      T: nowMs,
      E: nowMs,
      a: {
        m: 'ORDER',
        B: [
          {
            a: inst.quoteAsset,
            wb: dec(o.account.balance(inst.quoteAsset)),
            cw: dec(o.account.balance(inst.quoteAsset)),
            bc: '0',
          },
        ],
        P: [
          {
            s: inst.symbol,
            pa: dec(pos.amount, inst.lot.precision),
            ep: dec(pos.entryPrice),
            bep: dec(pos.entryPrice),
            cr: dec(pos.realized),
            up: dec(pos.amount.mul(mark.sub(pos.entryPrice))),
            mt: 'cross',
            iw: '0',
            ps: 'BOTH',
          },
        ],
      },
    });
  }

  #emitOrder(o: VenueOrder, x: ExecType, nowMs: number, trade: VenueTrade | null): void {
    this.#sink(o.account, orderTradeUpdate(o, x, nowMs, trade));
  }

  // --- validation -------------------------------------------------------------------------------

  #quantity(inst: VenueInstrument, text: string | undefined): Decimal {
    if (text === undefined || text === '') throw mandatory('quantity');
    const d = decimalOf(text, 'quantity');
    if (d.lte(0)) throw badRequest(-4003, 'Quantity less than or equal to zero.');
    if (d.lt(inst.cfg.minQty)) throw badRequest(-4004, 'Quantity less than min quantity.');
    if (d.gt(inst.cfg.maxQty)) throw badRequest(-4005, 'Quantity greater than max quantity.');
    if (d.decimalPlaces() > inst.lot.precision)
      throw badRequest(-1111, 'Precision is over the maximum defined for this asset.');
    if (inst.lot.count(text) === null) throw badRequest(-4023, 'Qty not increased by step size.');
    return d;
  }

  #price(inst: VenueInstrument, text: string | undefined): Decimal {
    if (text === undefined || text === '') throw mandatory('price');
    const d = decimalOf(text, 'price');
    if (d.lte(0)) throw badRequest(-4001, 'Price less than 0.');
    if (d.lt(inst.cfg.minPrice)) throw badRequest(-4013, 'Price less than min price.');
    if (d.gt(inst.cfg.maxPrice)) throw badRequest(-4002, 'Price greater than max price.');
    if (d.decimalPlaces() > inst.tick.precision)
      throw badRequest(-1111, 'Precision is over the maximum defined for this asset.');
    if (inst.tick.count(text) === null) throw badRequest(-4014, 'Price not increased by tick size.');
    return d;
  }

  /** `GET /fapi/v1/exchangeInfo`. */
  exchangeInfo(nowMs: number, weightLimit: number, orderLimit: number): Record<string, unknown> {
    return {
      timezone: 'UTC',
      serverTime: nowMs,
      futuresType: 'U_MARGINED',
      rateLimits: [
        { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: weightLimit },
        { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: orderLimit },
      ],
      exchangeFilters: [],
      assets: [...new Set([...this.instruments.values()].map((i) => i.quoteAsset))].map((asset) => ({
        asset,
        marginAvailable: true,
        autoAssetExchange: '0',
      })),
      symbols: [...this.instruments.values()].map((i) => ({
        symbol: i.symbol,
        pair: i.symbol,
        contractType: 'PERPETUAL',
        deliveryDate: 4133404800000,
        onboardDate: 1569398400000,
        status: 'TRADING',
        maintMarginPercent: '2.5000',
        requiredMarginPercent: '5.0000',
        baseAsset: i.cfg.baseAsset,
        quoteAsset: i.quoteAsset,
        marginAsset: i.quoteAsset,
        pricePrecision: i.tick.precision,
        quantityPrecision: i.lot.precision,
        baseAssetPrecision: 8,
        quotePrecision: 8,
        underlyingType: 'COIN',
        underlyingSubType: [],
        settlePlan: 0,
        triggerProtect: '0.0500',
        liquidationFee: '0.012500',
        marketTakeBound: '0.05',
        filters: [
          {
            filterType: 'PRICE_FILTER',
            minPrice: i.cfg.minPrice,
            maxPrice: i.cfg.maxPrice,
            tickSize: i.cfg.tickSize,
          },
          { filterType: 'LOT_SIZE', stepSize: i.cfg.stepSize, maxQty: i.cfg.maxQty, minQty: i.cfg.minQty },
          {
            filterType: 'MARKET_LOT_SIZE',
            stepSize: i.cfg.stepSize,
            maxQty: i.cfg.maxQty,
            minQty: i.cfg.minQty,
          },
          { filterType: 'MAX_NUM_ORDERS', limit: 200 },
          { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
          { filterType: 'MIN_NOTIONAL', notional: i.cfg.minNotional },
        ],
        orderTypes: [
          'LIMIT',
          'MARKET',
          'STOP',
          'STOP_MARKET',
          'TAKE_PROFIT',
          'TAKE_PROFIT_MARKET',
          'TRAILING_STOP_MARKET',
        ],
        timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
      })),
    };
  }
}

function decimalOf(text: string, name: string): Decimal {
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw invalidParam(name);
  return new Decimal(text);
}

function pageLimit(text: string | undefined, dflt: number): number {
  if (text === undefined) return dflt;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw invalidParam('limit');
  return Math.min(n, 1000);
}

export { VenueAccount, VenueApiError };
