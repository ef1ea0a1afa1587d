/**
 * Futures conditional (algo) orders, as Binance serves them since 2025-12-09: `POST
 * /fapi/v1/algoOrder` with `algoType=CONDITIONAL` for STOP_MARKET, TAKE_PROFIT_MARKET, STOP and
 * TAKE_PROFIT. The venue holds them itself and watches the trigger on every market update; when
 * it fires, it places the actual order (MARKET, or LIMIT at `price`) through the normal order path
 * with the algo's client id as its `clientOrderId`, so its fills arrive as ORDER_TRADE_UPDATE.
 *
 * # Triggers
 * Reference: the last trade price (`workingType` CONTRACT_PRICE, the default) or the mark (the
 * synthetic mid, MARK_PRICE). STOP kinds fire when a BUY's reference is at or above the trigger
 * (SELL: at or below); TAKE_PROFIT kinds the other way. A trigger already met at submission is
 * refused -2021, as on Binance.
 *
 * # Statuses (ALGO_UPDATE `X`)
 * NEW -> TRIGGERED (with `ai`, the actual order id, and `act` its type) -> FINISHED when the
 * actual order is done; NEW -> CANCELED on a cancel; REJECTED when the actual order is refused
 * (reason in `rm`). As on Binance, the actual order is a separate order (its own `orderId`, the
 * algo's client id as `clientOrderId`): its fills arrive as its ORDER_TRADE_UPDATEs, before the
 * algo's TRIGGERED (still `aq` 0) and FINISHED (`aq`/`ap`: what the actual order executed, at
 * what average). The REST shape names those `actualOrderId`, `actualQty`, `actualPrice`,
 * `actualType`.
 * Trailing stops are not simulated (-4120 is not the answer: -1000 says so).
 */
import { Decimal } from 'decimal.js';

import type { VenueAccount } from './accounts.js';
import { dec } from './accounts.js';
import { badRequest, invalidParam, mandatory, VenueApiError } from './errors.js';
import type { InstrumentView, VenueSide } from './orders.js';
import type { Params } from './types.js';

export type AlgoStatus = 'NEW' | 'TRIGGERED' | 'FINISHED' | 'CANCELED' | 'REJECTED';
type AlgoType = 'STOP_MARKET' | 'TAKE_PROFIT_MARKET' | 'STOP' | 'TAKE_PROFIT';

export interface AlgoOrder {
  readonly algoId: number;
  readonly account: VenueAccount;
  readonly instrument: InstrumentView;
  readonly clientAlgoId: string;
  readonly type: AlgoType;
  readonly side: VenueSide;
  readonly quantity: string;
  readonly price: string | null;
  readonly triggerPrice: Decimal;
  readonly timeInForce: string;
  readonly workingType: 'CONTRACT_PRICE' | 'MARK_PRICE';
  readonly reduceOnly: boolean;
  readonly createTime: number;
  updateTime: number;
  status: AlgoStatus;
  actualOrderId: number | null;
  /** What the actual order executed, once it is done (Binance's `actualQty` / `aq`). */
  executedQty: Decimal;
  /** Its average price (`actualPrice` / `ap`, the actual order's `avgPrice`); zero before. */
  avgPrice: string;
  triggerTime: number;
  reason: string;
}

/** What the algo service needs of the exchange. */
export interface AlgoHost {
  instrumentOf(symbol: string | undefined): InstrumentView;
  /** Places the actual order; returns its REST JSON (throws a VenueApiError when refused). */
  place(account: VenueAccount, params: Params, nowMs: number): Record<string, unknown>;
  /** Last trade price and mark of a symbol. */
  reference(symbol: string): { last: Decimal; mark: Decimal };
  emit(account: VenueAccount, event: Record<string, unknown>): void;
}

const TYPES = new Set<AlgoType>(['STOP_MARKET', 'TAKE_PROFIT_MARKET', 'STOP', 'TAKE_PROFIT']);
const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;

/** See the module doc. */
export class AlgoService {
  readonly #host: AlgoHost;
  readonly #orders = new Map<number, AlgoOrder>();
  /** Actual order id -> its algo order. */
  readonly #byActual = new Map<number, AlgoOrder>();
  #nextId = 3_000_001;

  constructor(host: AlgoHost) {
    this.#host = host;
  }

  #fires(a: AlgoOrder): boolean {
    const ref = this.#host.reference(a.instrument.symbol);
    const px = a.workingType === 'MARK_PRICE' ? ref.mark : ref.last;
    const stop = a.type === 'STOP' || a.type === 'STOP_MARKET';
    const up = (a.side === 'BUY') === stop;
    return up ? px.gte(a.triggerPrice) : px.lte(a.triggerPrice);
  }

  /** `POST /fapi/v1/algoOrder`. */
  submit(account: VenueAccount, p: Params, nowMs: number): Record<string, unknown> {
    if (p.algoType !== 'CONDITIONAL') throw invalidParam('algoType');
    const inst = this.#host.instrumentOf(p.symbol);
    const type = p.type as AlgoType;
    if (p.type === undefined) throw mandatory('type');
    if (!TYPES.has(type))
      throw new VenueApiError(400, -1000, `Algo order type ${p.type} is not simulated by this venue.`);
    if (p.side !== 'BUY' && p.side !== 'SELL')
      throw p.side === undefined ? mandatory('side') : invalidParam('side');
    if (p.quantity === undefined) throw mandatory('quantity');
    if (p.triggerPrice === undefined) throw mandatory('triggerPrice');
    if (inst.tick.count(p.triggerPrice) === null)
      throw badRequest(-4014, 'Price not increased by tick size.');
    if (inst.lot.count(p.quantity) === null) throw badRequest(-4023, 'Qty not increased by step size.');
    const limitKind = type === 'STOP' || type === 'TAKE_PROFIT';
    if (limitKind && p.price === undefined) throw mandatory('price');
    const clientAlgoId = p.clientAlgoId ?? `algo-${this.#nextId}`;
    if (!CLIENT_ID.test(clientAlgoId))
      throw badRequest(-4015, 'Client order id length should not be more than 36 chars');
    for (const a of this.#orders.values()) {
      if (
        a.account === account &&
        a.clientAlgoId === clientAlgoId &&
        (a.status === 'NEW' || a.status === 'TRIGGERED')
      ) {
        throw badRequest(-4116, 'ClientOrderId is duplicated.');
      }
    }
    const workingType = p.workingType === 'MARK_PRICE' ? 'MARK_PRICE' : 'CONTRACT_PRICE';
    const a: AlgoOrder = {
      algoId: this.#nextId++,
      account,
      instrument: inst,
      clientAlgoId,
      type,
      side: p.side,
      quantity: p.quantity,
      price: limitKind ? p.price! : null,
      triggerPrice: new Decimal(p.triggerPrice),
      timeInForce: p.timeInForce ?? 'GTC',
      workingType,
      reduceOnly: p.reduceOnly === 'true',
      createTime: nowMs,
      updateTime: nowMs,
      status: 'NEW',
      actualOrderId: null,
      executedQty: new Decimal(0),
      avgPrice: dec(new Decimal(0), inst.tick.precision),
      triggerTime: 0,
      reason: '',
    };
    if (this.#fires(a)) throw badRequest(-2021, 'Order would immediately trigger.');
    this.#orders.set(a.algoId, a);
    this.#emit(a, nowMs);
    return algoJson(a);
  }

  #find(account: VenueAccount, p: Params): AlgoOrder | undefined {
    if (p.algoId !== undefined) {
      const a = this.#orders.get(Number(p.algoId));
      return a?.account === account ? a : undefined;
    }
    if (p.clientAlgoId !== undefined) {
      let found: AlgoOrder | undefined;
      for (const a of this.#orders.values())
        if (a.account === account && a.clientAlgoId === p.clientAlgoId) found = a;
      return found;
    }
    throw badRequest(-1102, "Param 'algoId' or 'clientAlgoId' must be sent, but both were empty/null!");
  }

  /** `GET /fapi/v1/algoOrder`. */
  query(account: VenueAccount, p: Params): Record<string, unknown> {
    const a = this.#find(account, p);
    if (a === undefined) throw badRequest(-2013, 'Order does not exist.');
    return algoJson(a);
  }

  /** `DELETE /fapi/v1/algoOrder`. */
  cancel(account: VenueAccount, p: Params, nowMs: number): Record<string, unknown> {
    const a = this.#find(account, p);
    if (a === undefined || a.status !== 'NEW') throw badRequest(-2011, 'Unknown order sent.');
    this.#close(a, 'CANCELED', nowMs);
    return { algoId: a.algoId, clientAlgoId: a.clientAlgoId, code: '200', msg: 'success' };
  }

  /** `DELETE /fapi/v1/algoOpenOrders`. */
  cancelAll(account: VenueAccount, p: Params, nowMs: number): Record<string, unknown> {
    const inst = this.#host.instrumentOf(p.symbol);
    for (const a of this.#orders.values()) {
      if (a.account === account && a.instrument === inst && a.status === 'NEW')
        this.#close(a, 'CANCELED', nowMs);
    }
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  }

  /** `GET /fapi/v1/openAlgoOrders`: waiting ones. */
  open(account: VenueAccount, p: Params): Record<string, unknown>[] {
    const inst = p.symbol === undefined ? undefined : this.#host.instrumentOf(p.symbol);
    return [...this.#orders.values()]
      .filter(
        (a) => a.account === account && a.status === 'NEW' && (inst === undefined || a.instrument === inst),
      )
      .map(algoJson);
  }

  /** After a market update of `symbol`: fires every algo order whose trigger is reached. */
  check(symbol: string, nowMs: number): void {
    for (const a of [...this.#orders.values()]) {
      if (a.status !== 'NEW' || a.instrument.symbol !== symbol || !this.#fires(a)) continue;
      const params: Record<string, string> = {
        symbol,
        side: a.side,
        type: a.price === null ? 'MARKET' : 'LIMIT',
        quantity: a.quantity,
        newClientOrderId: a.clientAlgoId,
        newOrderRespType: 'RESULT',
        ...(a.reduceOnly ? { reduceOnly: 'true' } : {}),
        ...(a.price === null
          ? {}
          : { price: a.price, timeInForce: a.timeInForce === 'GTX' ? 'GTC' : a.timeInForce }),
      };
      a.status = 'TRIGGERED';
      a.triggerTime = nowMs;
      try {
        const placed = this.#host.place(a.account, params, nowMs);
        a.actualOrderId = Number(placed.orderId);
        this.#byActual.set(a.actualOrderId, a);
        a.updateTime = nowMs;
        this.#emit(a, nowMs);
        const status = placed.status;
        if (status !== 'NEW' && status !== 'PARTIALLY_FILLED')
          this.orderClosed(
            a.actualOrderId,
            new Decimal(String(placed.executedQty)),
            String(placed.avgPrice),
            nowMs,
          );
      } catch (e) {
        a.reason = e instanceof VenueApiError ? e.message : 'rejected';
        this.#close(a, 'REJECTED', nowMs);
      }
    }
  }

  /** The actual order of a triggered algo order is done: the algo order is FINISHED. */
  orderClosed(orderId: number, executedQty: Decimal, avgPrice: string, nowMs: number): void {
    const a = this.#byActual.get(orderId);
    if (a === undefined || a.status !== 'TRIGGERED') return;
    a.executedQty = executedQty;
    a.avgPrice = avgPrice;
    this.#byActual.delete(orderId);
    this.#close(a, 'FINISHED', nowMs);
  }

  #close(a: AlgoOrder, status: AlgoStatus, nowMs: number): void {
    a.status = status;
    a.updateTime = nowMs;
    this.#emit(a, nowMs);
  }

  #emit(a: AlgoOrder, nowMs: number): void {
    const pp = a.instrument.tick.precision;
    const qp = a.instrument.lot.precision;
    this.#host.emit(a.account, {
      e: 'ALGO_UPDATE',
      T: nowMs,
      E: nowMs,
      o: {
        caid: a.clientAlgoId,
        aid: a.algoId,
        at: 'CONDITIONAL',
        o: a.type,
        s: a.instrument.symbol,
        S: a.side,
        ps: 'BOTH',
        f: a.timeInForce,
        q: a.quantity,
        X: a.status,
        ai: a.actualOrderId === null ? '' : String(a.actualOrderId),
        ap: a.avgPrice,
        aq: dec(a.executedQty, qp),
        act: actualType(a),
        tp: dec(a.triggerPrice, pp),
        p: a.price ?? dec(new Decimal(0), pp),
        V: 'EXPIRE_MAKER',
        wt: a.workingType,
        pm: 'NONE',
        cp: false,
        pP: false,
        R: a.reduceOnly,
        tt: a.triggerTime,
        gtd: 0,
        rm: a.reason,
      },
    });
  }
}

/** The REST shape of an algo order (`/fapi/v1/algoOrder`, `/fapi/v1/openAlgoOrders`). */
export function algoJson(a: AlgoOrder): Record<string, unknown> {
  const pp = a.instrument.tick.precision;
  return {
    algoId: a.algoId,
    clientAlgoId: a.clientAlgoId,
    algoType: 'CONDITIONAL',
    orderType: a.type,
    type: a.type,
    symbol: a.instrument.symbol,
    side: a.side,
    positionSide: 'BOTH',
    timeInForce: a.timeInForce,
    quantity: a.quantity,
    algoStatus: a.status,
    actualOrderId: a.actualOrderId === null ? '' : String(a.actualOrderId),
    actualPrice: a.avgPrice,
    actualQty: dec(a.executedQty, a.instrument.lot.precision),
    actualType: actualType(a),
    triggerPrice: dec(a.triggerPrice, pp),
    price: a.price ?? dec(new Decimal(0), pp),
    workingType: a.workingType,
    priceProtect: false,
    reduceOnly: a.reduceOnly,
    closePosition: false,
    selfTradePreventionMode: 'EXPIRE_MAKER',
    goodTillDate: 0,
    createTime: a.createTime,
    updateTime: a.updateTime,
    triggerTime: a.triggerTime,
  };
}

/** The type of the order placed on the trigger (`act`), or `0` before it (as Binance writes it). */
function actualType(a: AlgoOrder): string {
  if (a.actualOrderId === null) return '0';
  return a.price === null ? 'MARKET' : 'LIMIT';
}
