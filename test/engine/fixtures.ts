/**
 * A small trading desk for engine tests: a TestClock, a MessageBus on it, the Cache, the engines,
 * and two fake clients that behave like a tiny venue (they are real classes with state, not
 * mocks): the execution client acknowledges and fills orders it is told to, the data client
 * records its subscriptions and pushes data through the bus endpoint.
 */
import { Cache } from '../../ts/cache/index.js';
import { createSilentLogger, MessageBus, TestClock } from '../../ts/common/index.js';
import type {
  LiveDataEngineConfigInput,
  LiveExecEngineConfigInput,
  LiveRiskEngineConfigInput,
} from '../../ts/config/index.js';
import {
  type BookFactory,
  type CancelAllOrders,
  type CancelOrder,
  type DataClient,
  DataEngine,
  Endpoint,
  type ExecutionClient,
  ExecutionEngine,
  type FillReportQuery,
  type HistoryRange,
  type MarketData,
  type ModifyOrder,
  type OrderStatusReportQuery,
  Portfolio,
  type PositionStatusReportQuery,
  type QueryOrder,
  RiskEngine,
  type SnapshotWriter,
  type SubmitOrder,
  type SubmitOrderList,
  submitOrder,
} from '../../ts/engine/index.js';
import {
  AccountId,
  type AccountType,
  accountBalance,
  accountState,
  type Bar,
  type BarType,
  ClientId,
  ClientOrderId,
  CryptoPerpetual,
  CurrencyPair,
  ExecutionMassStatus,
  type FillReport,
  type Instrument,
  type InstrumentId,
  Money,
  type OmsType,
  Order,
  type OrderEvent,
  type OrderSide,
  type OrderSnapshot,
  type OrderStatusReport,
  type OrderType,
  orderAccepted,
  orderCanceled,
  orderFilled,
  orderUpdated,
  type Position,
  type PositionStatusReport,
  Price,
  Quantity,
  type QuoteTick,
  quoteTick,
  StrategyId,
  TradeId,
  TraderId,
  type TradeTick,
  tradeTick,
  Venue,
  VenueOrderId,
} from '../../ts/model/index.js';

export const SEC = 1_000_000_000n;
export const MIN = 60n * SEC;
export const T0 = 1_700_000_000n * SEC;

export const TRADER = TraderId.from('TRADER-001');
export const S1 = StrategyId.from('EMA-001');
export const S2 = StrategyId.from('MM-002');
export const BINANCE = Venue.from('BINANCE');
export const BYBIT = Venue.from('BYBIT');

/** Spot: 0.01 tick, 0.001 lot, taker fee 0.1%, min qty 0.001, max qty 100, min notional 10 USDT. */
export const BTCUSDT = CurrencyPair.create({
  id: 'BTCUSDT.BINANCE',
  baseCurrency: 'BTC',
  quoteCurrency: 'USDT',
  pricePrecision: 2,
  priceIncrement: '0.01',
  sizePrecision: 3,
  sizeIncrement: '0.001',
  minQuantity: '0.001',
  maxQuantity: '100',
  minNotional: Money.from('10', 'USDT'),
  makerFee: '0.001',
  takerFee: '0.001',
});

/** A linear perpetual on BYBIT (margin). */
export const ETHPERP = CryptoPerpetual.create({
  id: 'ETHUSDT-PERP.BYBIT',
  baseCurrency: 'ETH',
  quoteCurrency: 'USDT',
  pricePrecision: 2,
  priceIncrement: '0.05',
  sizePrecision: 2,
  sizeIncrement: '0.01',
  takerFee: '0.0005',
  makerFee: '0.0002',
});

export function quote(
  id: InstrumentId,
  bid: string,
  ask: string,
  ts: bigint,
  bidSize = '1.000',
  askSize = '1.000',
): QuoteTick {
  return quoteTick({
    instrumentId: id,
    bidPrice: Price.from(bid),
    askPrice: Price.from(ask),
    bidSize: Quantity.from(bidSize),
    askSize: Quantity.from(askSize),
    tsEvent: ts,
    tsInit: ts,
  });
}

let tradeSeq = 0;
export function trade(id: InstrumentId, px: string, size: string, ts: bigint): TradeTick {
  tradeSeq += 1;
  return tradeTick({
    instrumentId: id,
    price: Price.from(px),
    size: Quantity.from(size),
    aggressorSide: 'BUYER',
    tradeId: TradeId.from(`X-${tradeSeq}`),
    tsEvent: ts,
    tsInit: ts,
  });
}

/** A data client that records what it was asked and pushes data through `DataEngine.process`. */
export class FakeDataClient implements DataClient {
  readonly clientId: ClientId;
  readonly venue: Venue | null;
  isConnected = false;
  readonly calls: string[] = [];
  readonly instruments = new Map<string, Instrument>();
  readonly quotes: QuoteTick[] = [];
  failRequests = false;
  readonly #bus: MessageBus;

  constructor(bus: MessageBus, id: string, venue: Venue | null) {
    this.#bus = bus;
    this.clientId = ClientId.from(id);
    this.venue = venue;
  }

  async connect(): Promise<void> {
    this.isConnected = true;
  }
  async disconnect(): Promise<void> {
    this.isConnected = false;
  }
  /** The venue sends something. */
  emit(data: MarketData): void {
    this.#bus.send(Endpoint.DATA_PROCESS, data);
  }

  subscribeQuotes(id: InstrumentId): void {
    this.calls.push(`subscribeQuotes ${id}`);
  }
  unsubscribeQuotes(id: InstrumentId): void {
    this.calls.push(`unsubscribeQuotes ${id}`);
  }
  subscribeTrades(id: InstrumentId): void {
    this.calls.push(`subscribeTrades ${id}`);
  }
  unsubscribeTrades(id: InstrumentId): void {
    this.calls.push(`unsubscribeTrades ${id}`);
  }
  subscribeBars(barType: BarType): void {
    this.calls.push(`subscribeBars ${barType.instrumentId}`);
  }
  unsubscribeBars(barType: BarType): void {
    this.calls.push(`unsubscribeBars ${barType.instrumentId}`);
  }
  subscribeBookDeltas(id: InstrumentId): void {
    this.calls.push(`subscribeBookDeltas ${id}`);
  }
  unsubscribeBookDeltas(id: InstrumentId): void {
    this.calls.push(`unsubscribeBookDeltas ${id}`);
  }
  subscribeInstrument(id: InstrumentId): void {
    this.calls.push(`subscribeInstrument ${id}`);
  }
  unsubscribeInstrument(id: InstrumentId): void {
    this.calls.push(`unsubscribeInstrument ${id}`);
  }
  subscribeInstruments(venue: Venue): void {
    this.calls.push(`subscribeInstruments ${venue}`);
  }
  unsubscribeInstruments(venue: Venue): void {
    this.calls.push(`unsubscribeInstruments ${venue}`);
  }
  async requestInstrument(id: InstrumentId): Promise<Instrument | null> {
    if (this.failRequests) throw new Error('venue unreachable');
    return this.instruments.get(id.value) ?? null;
  }
  async requestInstruments(venue: Venue): Promise<readonly Instrument[]> {
    if (this.failRequests) throw new Error('venue unreachable');
    return [...this.instruments.values()].filter((i) => i.id.venue.eq(venue));
  }
  async requestQuotes(id: InstrumentId, range: HistoryRange): Promise<readonly QuoteTick[]> {
    if (this.failRequests) throw new Error('venue unreachable');
    const all = this.quotes.filter((q) => q.instrumentId.eq(id));
    return range.limit === null ? all : all.slice(-range.limit);
  }
  async requestTrades(): Promise<readonly TradeTick[]> {
    if (this.failRequests) throw new Error('venue unreachable');
    return [];
  }
  async requestBars(): Promise<readonly Bar[]> {
    if (this.failRequests) throw new Error('venue unreachable');
    return [];
  }
}

/**
 * A tiny venue behind the execution client: with `autoAccept` it acknowledges every order it is
 * sent; `fill()` fills an order at a price (taker commission from the instrument); modifies and
 * cancels are acknowledged when `autoAccept`. Everything goes back through `ExecEngine.process`.
 */
export class FakeExecutionClient implements ExecutionClient {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  readonly omsType: OmsType;
  isConnected = false;
  autoAccept = true;
  failQueries = false;
  throwOnSubmit = false;
  readonly commands: string[] = [];
  readonly reports: OrderStatusReport[] = [];
  readonly #bus: MessageBus;
  readonly #clock: TestClock;
  #venueSeq = 0;
  #tradeSeq = 0;

  constructor(p: {
    bus: MessageBus;
    clock: TestClock;
    id: string;
    venue: Venue;
    omsType: OmsType;
    accountType?: AccountType;
  }) {
    this.#bus = p.bus;
    this.#clock = p.clock;
    this.clientId = ClientId.from(p.id);
    this.venue = p.venue;
    this.accountId = AccountId.from(`${p.venue.value}-001`);
    this.accountType = p.accountType ?? 'CASH';
    this.omsType = p.omsType;
  }

  async connect(): Promise<void> {
    this.isConnected = true;
  }
  async disconnect(): Promise<void> {
    this.isConnected = false;
  }

  #send(e: OrderEvent): void {
    this.#bus.send(Endpoint.EXEC_PROCESS, e);
  }
  #header(o: Order) {
    const now = this.#clock.timestampNs();
    return {
      traderId: o.traderId,
      strategyId: o.strategyId,
      instrumentId: o.instrumentId,
      clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId,
      accountId: this.accountId,
      tsEvent: now,
      tsInit: now,
    };
  }
  accept(o: Order): void {
    this.#venueSeq += 1;
    this.#send(
      orderAccepted({
        ...this.#header(o),
        accountId: this.accountId,
        venueOrderId: VenueOrderId.from(`V-${this.#venueSeq}`),
      }),
    );
  }

  submitOrder(c: SubmitOrder): void {
    this.commands.push(`submit ${c.order.clientOrderId} ${c.order.status}`);
    if (this.throwOnSubmit) throw new Error('socket closed');
    if (this.autoAccept) this.accept(c.order);
  }
  submitOrderList(c: SubmitOrderList): void {
    this.commands.push(`submitList ${c.orderList.id}`);
    if (this.autoAccept) for (const o of c.orderList.orders) this.accept(o);
  }
  modifyOrder(c: ModifyOrder): void {
    this.commands.push(`modify ${c.clientOrderId}`);
    if (!this.autoAccept) return;
    const o = this.#order(c.clientOrderId);
    this.#send(
      orderUpdated({
        ...this.#header(o),
        quantity: c.quantity ?? o.quantity,
        price: c.price,
        triggerPrice: c.triggerPrice,
      }),
    );
  }
  cancelOrder(c: CancelOrder): void {
    this.commands.push(`cancel ${c.clientOrderId}`);
    if (this.autoAccept) this.#send(orderCanceled(this.#header(this.#order(c.clientOrderId))));
  }
  cancelAllOrders(c: CancelAllOrders): void {
    this.commands.push(`cancelAll ${c.instrumentId}`);
  }
  queryOrder(c: QueryOrder): void {
    this.commands.push(`query ${c.clientOrderId}`);
  }

  #orders = new Map<string, Order>();
  /** Lets the venue see the order objects (the engine's cache in tests). */
  see(order: Order): void {
    this.#orders.set(order.clientOrderId.value, order);
  }
  #order(id: ClientOrderId): Order {
    const o = this.#orders.get(id.value);
    if (o === undefined) throw new Error(`venue does not know ${id}`);
    return o;
  }

  /** The venue fills `qty` of `o` at `px` (taker; commission from the instrument). */
  fill(o: Order, instrument: Instrument, qty: string, px: string): void {
    this.#tradeSeq += 1;
    const q = Quantity.from(qty);
    const p = Price.from(px);
    this.#send(
      orderFilled({
        ...this.#header(o),
        venueOrderId: o.venueOrderId ?? VenueOrderId.from(`V-${o.clientOrderId}`),
        accountId: this.accountId,
        tradeId: TradeId.from(`${this.venue.value}-T${this.#tradeSeq}`),
        orderSide: o.side,
        orderType: o.orderType,
        lastQty: q,
        lastPx: p,
        currency: instrument.quoteCurrency,
        commission: instrument.commission(q, p, 'TAKER'),
        liquiditySide: 'TAKER',
      }),
    );
  }

  async generateOrderStatusReports(_q: OrderStatusReportQuery): Promise<readonly OrderStatusReport[]> {
    if (this.failQueries) throw new Error('HTTP 503');
    return this.reports;
  }
  async generateFillReports(_q: FillReportQuery): Promise<readonly FillReport[]> {
    if (this.failQueries) throw new Error('HTTP 503');
    return [];
  }
  async generatePositionStatusReports(
    _q: PositionStatusReportQuery,
  ): Promise<readonly PositionStatusReport[]> {
    if (this.failQueries) throw new Error('HTTP 503');
    return [];
  }
  async generateMassStatus(_lookbackMins: number | null): Promise<ExecutionMassStatus> {
    if (this.failQueries) throw new Error('HTTP 503');
    return new ExecutionMassStatus({
      clientId: this.clientId,
      accountId: this.accountId,
      venue: this.venue,
      tsInit: this.#clock.timestampNs(),
    });
  }
}

/** Records snapshots the exec engine hands over. */
export class SnapshotLog implements SnapshotWriter {
  readonly orders: OrderSnapshot[] = [];
  readonly positions: string[] = [];
  snapshotOrder(s: OrderSnapshot): void {
    this.orders.push(s);
  }
  snapshotPosition(p: Position, ts: bigint): void {
    this.positions.push(`${p.id} ${p.side} ${p.quantity} @${ts}`);
  }
}

export interface DeskOptions {
  readonly risk?: LiveRiskEngineConfigInput;
  readonly exec?: LiveExecEngineConfigInput;
  readonly data?: LiveDataEngineConfigInput;
  readonly binanceOms?: OmsType;
  readonly bookFactory?: BookFactory;
  readonly snapshots?: SnapshotWriter;
  readonly ownBooks?: boolean;
}

/** Every engine wired on one bus, cache and test clock, with a client per venue. */
export class Desk {
  readonly clock = new TestClock({ startNs: T0 });
  readonly bus: MessageBus;
  readonly cache = new Cache({ tickCapacity: 100, barCapacity: 100 });
  readonly data: DataEngine;
  readonly risk: RiskEngine;
  readonly exec: ExecutionEngine;
  readonly portfolio: Portfolio;
  readonly binance: FakeExecutionClient;
  readonly bybit: FakeExecutionClient;
  readonly binanceData: FakeDataClient;
  /** Every message published on `events.*`, as `topic type`. */
  readonly events: string[] = [];
  readonly published: unknown[] = [];
  #orderSeq = 0;
  #eventSeq = 0;

  constructor(o: DeskOptions = {}) {
    this.bus = new MessageBus({ clock: this.clock, logger: createSilentLogger() });
    const deps = { bus: this.bus, cache: this.cache, clock: this.clock };
    const eventIds = (): string => {
      this.#eventSeq += 1;
      return `E-${this.#eventSeq}`;
    };
    this.data = new DataEngine({
      ...deps,
      ...(o.data === undefined ? {} : { config: o.data }),
      ...(o.bookFactory === undefined ? {} : { bookFactory: o.bookFactory }),
    });
    this.risk = new RiskEngine({ ...deps, eventIds, ...(o.risk === undefined ? {} : { config: o.risk }) });
    this.exec = new ExecutionEngine({
      ...deps,
      eventIds,
      manageOwnOrderBooks: o.ownBooks ?? false,
      ...(o.exec === undefined ? {} : { config: o.exec }),
      ...(o.snapshots === undefined ? {} : { snapshots: o.snapshots }),
    });
    this.portfolio = new Portfolio({ cache: this.cache });
    this.binance = new FakeExecutionClient({
      bus: this.bus,
      clock: this.clock,
      id: 'BINANCE_SPOT',
      venue: BINANCE,
      omsType: o.binanceOms ?? 'NETTING',
    });
    this.bybit = new FakeExecutionClient({
      bus: this.bus,
      clock: this.clock,
      id: 'BYBIT_LINEAR',
      venue: BYBIT,
      omsType: 'HEDGING',
      accountType: 'MARGIN',
    });
    this.exec.registerClient(this.binance);
    this.exec.registerClient(this.bybit);
    this.binanceData = new FakeDataClient(this.bus, 'BINANCE_DATA', BINANCE);
    this.data.registerClient(this.binanceData);
    this.cache.addInstrument(BTCUSDT);
    this.cache.addInstrument(ETHPERP);
    this.bus.subscribe('events.*', (m: { type: string }) => {
      this.published.push(m);
    });
    this.bus.subscribe('events.*', (m: { type: string }) => this.events.push(m.type));
  }

  now(): bigint {
    return this.clock.timestampNs();
  }
  advance(ns: bigint): void {
    this.clock.advanceTime(this.now() + ns);
  }

  /** A cash account on BINANCE holding `usdt` USDT and `btc` BTC. */
  fundBinance(usdt: string, btc = '0'): void {
    this.bus.send(
      Endpoint.EXEC_PROCESS,
      accountState({
        accountId: this.binance.accountId,
        accountType: 'CASH',
        balances: [
          accountBalance(Money.from(usdt, 'USDT'), Money.from('0', 'USDT')),
          accountBalance(Money.from(btc, 'BTC'), Money.from('0', 'BTC')),
        ],
        isReported: true,
        tsEvent: this.now(),
        tsInit: this.now(),
      }),
    );
  }

  order(p: {
    instrumentId?: InstrumentId;
    strategyId?: StrategyId;
    side?: OrderSide;
    qty: string;
    type?: OrderType;
    price?: string;
    trigger?: string;
    reduceOnly?: boolean;
    id?: string;
  }): Order {
    this.#orderSeq += 1;
    const type = p.type ?? (p.price === undefined ? 'MARKET' : 'LIMIT');
    const o = Order.create({
      traderId: TRADER,
      strategyId: p.strategyId ?? S1,
      instrumentId: p.instrumentId ?? BTCUSDT.id,
      clientOrderId: ClientOrderId.from(p.id ?? `O-${this.#orderSeq}`),
      side: p.side ?? 'BUY',
      orderType: type,
      quantity: Quantity.from(p.qty),
      ...(p.price === undefined ? {} : { price: Price.from(p.price) }),
      ...(p.trigger === undefined ? {} : { triggerPrice: Price.from(p.trigger) }),
      ...(p.reduceOnly === undefined ? {} : { reduceOnly: p.reduceOnly }),
      tsInit: this.now(),
    });
    this.binance.see(o);
    this.bybit.see(o);
    return o;
  }

  /** Sends a SubmitOrder to the risk engine (the strategy's path). */
  submit(order: Order, positionId: SubmitOrder['positionId'] = null): Order {
    this.bus.send(Endpoint.RISK_EXECUTE, submitOrder({ order, positionId, tsInit: this.now() }));
    return order;
  }

  /** Submits a market order and fills it completely at `px`. */
  trade(
    p: Parameters<Desk['order']>[0] & { px: string },
    positionId: SubmitOrder['positionId'] = null,
  ): Order {
    const o = this.submit(this.order(p), positionId);
    const client = o.instrumentId.venue.eq(BYBIT) ? this.bybit : this.binance;
    const instrument = o.instrumentId.eq(BTCUSDT.id) ? BTCUSDT : ETHPERP;
    client.fill(o, instrument, p.qty, p.px);
    return o;
  }
}
