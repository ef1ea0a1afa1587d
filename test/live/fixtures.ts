/**
 * A small live desk for reconciliation and check tests: a cache with instruments, orders driven
 * through the production event factories (fills also reach positions through the same code
 * reconciliation uses), venue reports built with the model's report factories, a mock
 * reconciliation client whose answers a test sets, and a logger whose lines a test reads.
 */

import { Decimal } from 'decimal.js';
import { Cache } from '../../ts/cache/index.js';
import { createLogger, type Logger, MessageBus, TestClock } from '../../ts/common/index.js';
import { LiveExecEngineConfig, type LiveExecEngineConfigInput } from '../../ts/config/index.js';
import {
  applyFillToPositions,
  type ExternalOrderClaim,
  type FillReportsQuery,
  type OrderQuery,
  type OrderReportsQuery,
  Reconciler,
  type ReconciliationClient,
  type ReconciliationSummary,
} from '../../ts/live/index.js';
import type { OrderSide, OrderStatus, OrderType, PositionSide } from '../../ts/model/enums.js';
import {
  type OrderEvent,
  type OrderEventHeader,
  orderAccepted,
  orderFilled,
  orderPendingCancel,
  orderPendingUpdate,
  orderSubmitted,
  type PositionEvent,
} from '../../ts/model/events/index.js';
import {
  AccountId,
  ClientId,
  ClientOrderId,
  InstrumentId,
  StrategyId,
  TradeId,
  TraderId,
  Venue,
  VenueOrderId,
} from '../../ts/model/identifiers/index.js';
import { CurrencyPair, type Instrument } from '../../ts/model/instruments/index.js';
import { Order } from '../../ts/model/orders/index.js';
import {
  ExecutionMassStatus,
  type FillReport,
  fillReport,
  type OrderStatusReport,
  orderStatusReport,
  type PositionStatusReport,
  positionStatusReport,
} from '../../ts/model/reports/index.js';
import { Money, Price, Quantity } from '../../ts/model/values/index.js';

export const SEC = 1_000_000_000n;
export const MS = 1_000_000n;
export const T0 = 1_700_000_000n * SEC;

export const TRADER = TraderId.from('TRADER-001');
export const S1 = StrategyId.from('MM-001');
export const S2 = StrategyId.from('EMA-002');
export const ACCOUNT = AccountId.from('BINANCE-001');
export const VENUE = Venue.from('BINANCE');

function pair(id: string, base: string): CurrencyPair {
  return CurrencyPair.create({
    id,
    baseCurrency: base,
    quoteCurrency: 'USDT',
    pricePrecision: 2,
    priceIncrement: '0.01',
    sizePrecision: 3,
    sizeIncrement: '0.001',
  });
}

export const BTC = pair('BTCUSDT.BINANCE', 'BTC');
export const ETH = pair('ETHUSDT.BINANCE', 'ETH');

/** Log lines as objects. */
export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [k: string]: unknown;
}

/** The venue as a test scripts it. Every answer can be replaced; a query can be made to fail. */
export class MockReconClient implements ReconciliationClient {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  orders: OrderStatusReport[] = [];
  fills: FillReport[] = [];
  positions: PositionStatusReport[] = [];
  /** `reject`: every query fails; `hang`: mass status never answers. */
  failure: 'reject' | 'hang' | null = null;
  /** Queries of one order answered with "not found" (`null`). */
  readonly notFound = new Set<string>();
  /** Queries of one order that fail (reject). */
  readonly failingQueries = new Set<string>();
  /**
   * What the venue answers about single orders but leaves out of its mass status (orders closed
   * before its history window), with their fills.
   */
  history: OrderStatusReport[] = [];
  historyFills: FillReport[] = [];
  readonly calls: string[] = [];

  constructor(venue = VENUE, accountId = ACCOUNT, clientId = 'BINANCE') {
    this.venue = venue;
    this.accountId = accountId;
    this.clientId = ClientId.from(clientId);
  }

  massStatus(): ExecutionMassStatus {
    const m = new ExecutionMassStatus({
      clientId: this.clientId,
      accountId: this.accountId,
      venue: this.venue,
      tsInit: T0,
    });
    m.addOrderReports(this.orders);
    m.addFillReports(this.fills);
    m.addPositionReports(this.positions);
    return m;
  }

  generateMassStatus(lookbackMins: number | null): Promise<ExecutionMassStatus> {
    this.calls.push(`massStatus:${lookbackMins}`);
    if (this.failure === 'reject') return Promise.reject(new Error('HTTP 503 from venue'));
    if (this.failure === 'hang') return new Promise(() => {});
    return Promise.resolve(this.massStatus());
  }

  queryOrder(q: OrderQuery): Promise<OrderStatusReport | null> {
    const key = q.clientOrderId?.value ?? q.venueOrderId?.value ?? '';
    this.calls.push(`queryOrder:${key}`);
    if (this.failure === 'reject' || this.failingQueries.has(key)) {
      return Promise.reject(new Error('HTTP 503 from venue'));
    }
    if (this.notFound.has(key)) return Promise.resolve(null);
    const r = [...this.orders, ...this.history].find(
      (o) =>
        (q.clientOrderId !== null && o.clientOrderId?.value === q.clientOrderId.value) ||
        (q.venueOrderId !== null && o.venueOrderId.value === q.venueOrderId.value),
    );
    return Promise.resolve(r ?? null);
  }

  generateOrderStatusReports(q: OrderReportsQuery): Promise<OrderStatusReport[]> {
    this.calls.push(`orderReports:${q.openOnly}`);
    if (this.failure === 'reject') return Promise.reject(new Error('HTTP 503 from venue'));
    const open = new Set<OrderStatus>([
      'ACCEPTED',
      'TRIGGERED',
      'PARTIALLY_FILLED',
      'PENDING_CANCEL',
      'PENDING_UPDATE',
    ]);
    return Promise.resolve(
      q.openOnly ? this.orders.filter((o) => open.has(o.orderStatus)) : [...this.orders],
    );
  }

  generateFillReports(q: FillReportsQuery): Promise<FillReport[]> {
    this.calls.push(`fillReports:${q.venueOrderId?.value ?? '*'}`);
    if (this.failure === 'reject') return Promise.reject(new Error('HTTP 503 from venue'));
    return Promise.resolve(
      [...this.fills, ...this.historyFills].filter(
        (f) => q.venueOrderId === undefined || f.venueOrderId.eq(q.venueOrderId),
      ),
    );
  }
}

/** Everything a reconciliation test needs, on one TestClock. */
export class LiveDesk {
  readonly clock = new TestClock({ startNs: T0 });
  readonly cache = new Cache();
  readonly lines: LogLine[] = [];
  readonly log: Logger;
  readonly msgbus: MessageBus;
  readonly summaries: ReconciliationSummary[] = [];
  readonly orderEvents: OrderEvent[] = [];
  readonly positionEvents: PositionEvent[] = [];
  #seq = 0;

  constructor() {
    this.log = createLogger({
      level: 'debug',
      base: null,
      destination: { write: (line: string) => void this.lines.push(JSON.parse(line) as LogLine) },
    });
    this.msgbus = new MessageBus({ clock: this.clock, logger: this.log });
    this.msgbus.subscribe(
      'events.reconciliation',
      (m) => void this.summaries.push(m as ReconciliationSummary),
    );
    this.msgbus.subscribe('events.order.*', (m) => void this.orderEvents.push(m as OrderEvent));
    this.msgbus.subscribe('events.position.*', (m) => void this.positionEvents.push(m as PositionEvent));
    for (const i of [BTC, ETH]) this.cache.addInstrument(i);
  }

  now(): bigint {
    return this.clock.timestampNs();
  }

  reconciler(
    config: LiveExecEngineConfigInput = {},
    options: { claims?: readonly ExternalOrderClaim[]; timeoutSecs?: number; hedging?: boolean } = {},
  ): Reconciler {
    return new Reconciler({
      cache: this.cache,
      clock: this.clock,
      log: this.log,
      msgbus: this.msgbus,
      traderId: TRADER,
      config: LiveExecEngineConfig.parse(config),
      timeoutReconciliationSecs: options.timeoutSecs ?? 10,
      claims: options.claims ?? [],
      ...(options.hedging === true ? { omsTypes: { BINANCE: 'HEDGING' as const } } : {}),
    });
  }

  header(o: Order): OrderEventHeader {
    return {
      traderId: o.traderId,
      strategyId: o.strategyId,
      instrumentId: o.instrumentId,
      clientOrderId: o.clientOrderId,
      tsEvent: this.now(),
      tsInit: this.now(),
    };
  }

  /** A LIMIT (or MARKET) order in the cache, INITIALIZED. */
  order(p: {
    id: string;
    side?: OrderSide;
    qty: string;
    px?: string;
    instrument?: Instrument;
    strategy?: StrategyId;
    type?: OrderType;
  }): Order {
    const type = p.type ?? 'LIMIT';
    const o = Order.create({
      traderId: TRADER,
      strategyId: p.strategy ?? S1,
      instrumentId: (p.instrument ?? BTC).id,
      clientOrderId: ClientOrderId.from(p.id),
      side: p.side ?? 'BUY',
      orderType: type,
      quantity: Quantity.from(p.qty),
      ...(type === 'LIMIT' ? { price: Price.from(p.px ?? '100.00') } : {}),
      tsInit: this.now(),
    });
    this.cache.addOrder(o);
    return o;
  }

  submit(o: Order): Order {
    o.apply(orderSubmitted({ ...this.header(o), accountId: ACCOUNT }));
    this.cache.updateOrder(o);
    return o;
  }

  accept(o: Order, venueOrderId: string): Order {
    o.apply(
      orderAccepted({ ...this.header(o), accountId: ACCOUNT, venueOrderId: VenueOrderId.from(venueOrderId) }),
    );
    this.cache.updateOrder(o);
    return o;
  }

  pendingCancel(o: Order): Order {
    o.apply(orderPendingCancel(this.header(o)));
    this.cache.updateOrder(o);
    return o;
  }

  pendingUpdate(o: Order): Order {
    o.apply(orderPendingUpdate(this.header(o)));
    this.cache.updateOrder(o);
    return o;
  }

  /** Fills the order (and the positions, the way reconciliation does). */
  fill(o: Order, tradeId: string, qty: string, px = '100.00', commission = '0.01'): Order {
    const f = orderFilled({
      ...this.header(o),
      venueOrderId: o.venueOrderId ?? VenueOrderId.from(`V-${o.clientOrderId.value}`),
      accountId: ACCOUNT,
      tradeId: TradeId.from(tradeId),
      orderSide: o.side,
      orderType: o.orderType,
      lastQty: Quantity.from(qty),
      lastPx: Price.from(px),
      currency: BTC.quoteCurrency,
      commission: Money.from(commission, 'USDT'),
      liquiditySide: 'MAKER',
    });
    o.apply(f);
    this.cache.updateOrder(o);
    applyFillToPositions(this.cache, f, 'NETTING', (s) => `${f.eventId}-${s}-${++this.#seq}`);
    return o;
  }

  /** An open position of `qty` (signed by side), built from one filled MARKET order. */
  position(side: 'LONG' | 'SHORT', qty: string, id = `P-${++this.#seq}`, px = '100.00'): Order {
    const o = this.order({ id, side: side === 'LONG' ? 'BUY' : 'SELL', qty, type: 'MARKET' });
    this.submit(o);
    this.accept(o, `V-${id}`);
    return this.fill(o, `T-${id}`, qty, px);
  }

  advance(ns: bigint): void {
    this.clock.advanceTime(this.now() + ns);
  }

  /** Log lines at or above `level` (pino numbers: 40 warn, 50 error). */
  logged(level: number): LogLine[] {
    return this.lines.filter((l) => l.level >= level);
  }
}

/** An order status report. */
export function orderReport(p: {
  clientOrderId?: string | null;
  venueOrderId: string;
  status: OrderStatus;
  qty: string;
  filled?: string;
  side?: OrderSide;
  type?: OrderType;
  px?: string | null;
  avgPx?: string | null;
  instrument?: Instrument;
  reason?: string;
  tsAccepted?: bigint;
  tsLast?: bigint;
}): OrderStatusReport {
  const type = p.type ?? 'LIMIT';
  return orderStatusReport({
    accountId: ACCOUNT,
    instrumentId: (p.instrument ?? BTC).id,
    clientOrderId: p.clientOrderId == null ? null : ClientOrderId.from(p.clientOrderId),
    venueOrderId: VenueOrderId.from(p.venueOrderId),
    orderSide: p.side ?? 'BUY',
    orderType: type,
    timeInForce: type === 'MARKET' ? 'IOC' : 'GTC',
    orderStatus: p.status,
    price: p.px === null || type === 'MARKET' ? null : Price.from(p.px ?? '100.00'),
    avgPx: p.avgPx == null ? null : new Decimal(p.avgPx),
    quantity: Quantity.from(p.qty),
    filledQty: Quantity.from(p.filled ?? '0.000'),
    cancelReason: p.reason ?? null,
    tsAccepted: p.tsAccepted ?? T0 + SEC,
    tsLast: p.tsLast ?? T0 + 5n * SEC,
    tsInit: T0 + 10n * SEC,
  });
}

/** A fill report. */
export function fillReportOf(p: {
  venueOrderId: string;
  clientOrderId?: string | null;
  tradeId: string;
  qty: string;
  px?: string;
  commission?: string;
  side?: OrderSide;
  instrument?: Instrument;
  ts?: bigint;
}): FillReport {
  return fillReport({
    accountId: ACCOUNT,
    instrumentId: (p.instrument ?? BTC).id,
    venueOrderId: VenueOrderId.from(p.venueOrderId),
    clientOrderId: p.clientOrderId == null ? null : ClientOrderId.from(p.clientOrderId),
    tradeId: TradeId.from(p.tradeId),
    orderSide: p.side ?? 'BUY',
    lastQty: Quantity.from(p.qty),
    lastPx: Price.from(p.px ?? '100.00'),
    commission: Money.from(p.commission ?? '0.01', 'USDT'),
    liquiditySide: 'MAKER',
    tsEvent: p.ts ?? T0 + 2n * SEC,
    tsInit: T0 + 10n * SEC,
  });
}

/** A position report. */
export function positionReportOf(
  side: PositionSide,
  qty: string,
  avgPx: string | null = '100.00',
  instrument: Instrument = BTC,
): PositionStatusReport {
  return positionStatusReport({
    accountId: ACCOUNT,
    instrumentId: instrument.id,
    positionSide: side,
    quantity: Quantity.from(qty),
    avgPxOpen: avgPx === null ? null : new Decimal(avgPx),
    tsLast: T0 + 9n * SEC,
    tsInit: T0 + 10n * SEC,
  });
}

/** Net signed quantity of the instrument's open positions, as text at 3 decimals. */
export function netPosition(cache: Cache, instrument: Instrument = BTC): string {
  let net = new Decimal(0);
  for (const p of cache.positionsOpen({ instrumentId: instrument.id })) net = net.plus(p.signedQty);
  return net.toFixed(3);
}

export function orderOf(cache: Cache, id: string): Order {
  const o = cache.order(ClientOrderId.from(id));
  if (o === null) throw new Error(`no order ${id}`);
  return o;
}

export { InstrumentId };
