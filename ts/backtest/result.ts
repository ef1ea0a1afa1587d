/**
 * `BacktestResult`: what a run produced, as plain JSON-ready records. Amounts are exact decimal
 * strings, timestamps decimal strings of UNIX ns; only the statistics are floats. Every list is in
 * a fixed order (fills as they happened, orders and positions by id), so `JSON.stringify(result)`
 * of two runs on the same inputs is byte-identical.
 */
import type { OrderFilled } from '../model/events/index.js';
import type { Order } from '../model/orders/index.js';
import type { Position } from '../model/positions/index.js';
import type { BacktestStats } from './stats.js';

export interface FillRecord {
  readonly ts: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly clientOrderId: string;
  readonly venueOrderId: string;
  readonly tradeId: string;
  readonly positionId: string | null;
  readonly side: string;
  readonly orderType: string;
  readonly quantity: string;
  readonly price: string;
  readonly commission: string | null;
  readonly liquiditySide: string;
}

export interface OrderRecord {
  readonly clientOrderId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly side: string;
  readonly orderType: string;
  readonly timeInForce: string;
  readonly quantity: string;
  readonly price: string | null;
  readonly triggerPrice: string | null;
  readonly filledQty: string;
  readonly avgPx: string | null;
  readonly status: string;
  readonly reduceOnly: boolean;
  readonly contingencyType: string;
  readonly tsInit: string;
  readonly tsLast: string;
}

export interface PositionRecord {
  readonly positionId: string;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly entry: string;
  readonly side: string;
  readonly quantity: string;
  readonly peakQty: string;
  readonly avgPxOpen: string;
  readonly avgPxClose: string | null;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string | null;
  readonly commissions: readonly string[];
  readonly tsOpened: string;
  readonly tsClosed: string | null;
}

export interface BalanceRecord {
  readonly currency: string;
  readonly total: string;
  readonly locked: string;
  readonly free: string;
}

export interface AccountRecord {
  readonly venue: string;
  readonly accountId: string;
  readonly accountType: string;
  readonly startingBalances: readonly string[];
  readonly balances: readonly BalanceRecord[];
}

/** The result of one run (see the module doc). */
export interface BacktestResult {
  readonly traderId: string;
  readonly startNs: string;
  readonly endNs: string;
  /** Data points replayed. */
  readonly dataCount: number;
  /** The currency the statistics are in. */
  readonly statsCurrency: string;
  readonly fills: readonly FillRecord[];
  readonly orders: readonly OrderRecord[];
  readonly positions: readonly PositionRecord[];
  readonly accounts: readonly AccountRecord[];
  readonly stats: BacktestStats;
  /** Hooks of strategies that threw or rejected, per strategy id. */
  readonly handlerErrors: Readonly<Record<string, number>>;
}

export function fillRecord(f: OrderFilled): FillRecord {
  return {
    ts: String(f.tsEvent),
    strategyId: f.strategyId.value,
    instrumentId: f.instrumentId.value,
    clientOrderId: f.clientOrderId.value,
    venueOrderId: f.venueOrderId.value,
    tradeId: f.tradeId.value,
    positionId: f.positionId?.value ?? null,
    side: f.orderSide,
    orderType: f.orderType,
    quantity: f.lastQty.toString(),
    price: f.lastPx.toString(),
    commission: f.commission?.toString() ?? null,
    liquiditySide: f.liquiditySide,
  };
}

export function orderRecord(o: Order): OrderRecord {
  return {
    clientOrderId: o.clientOrderId.value,
    strategyId: o.strategyId.value,
    instrumentId: o.instrumentId.value,
    side: o.side,
    orderType: o.orderType,
    timeInForce: o.timeInForce,
    quantity: o.quantity.toString(),
    price: o.price?.toString() ?? null,
    triggerPrice: o.triggerPrice?.toString() ?? null,
    filledQty: o.filledQty.toString(),
    avgPx: o.avgPx?.toString() ?? null,
    status: o.status,
    reduceOnly: o.reduceOnly,
    contingencyType: o.contingencyType,
    tsInit: String(o.tsInit),
    tsLast: String(o.tsLast),
  };
}

export function positionRecord(p: Position, unrealized: string | null): PositionRecord {
  return {
    positionId: p.id.value,
    strategyId: p.strategyId.value,
    instrumentId: p.instrumentId.value,
    entry: p.entry,
    side: p.side,
    quantity: p.quantity.toString(),
    peakQty: p.peakQty.toString(),
    avgPxOpen: p.avgPxOpen.toString(),
    avgPxClose: p.avgPxClose?.toString() ?? null,
    realizedPnl: p.realizedPnl.toString(),
    unrealizedPnl: unrealized,
    commissions: p.commissions().map((c) => c.toString()),
    tsOpened: String(p.tsOpened),
    tsClosed: p.tsClosed === null ? null : String(p.tsClosed),
  };
}

/** Compares by a string key (stable, locale-free). */
export function byKey<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}
