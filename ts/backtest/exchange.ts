/**
 * `SimulatedExchange`: one backtest venue. It is both the venue's `ExecutionClient` and its
 * `DataClient`, over one {@link SimulatedMatchingEngine} per instrument, and answers with the
 * same model events a live venue causes: `OrderAccepted`, `OrderRejected`, `OrderFilled` (with
 * the fee model's commission), `OrderCanceled`, `OrderExpired`, `OrderTriggered`,
 * `OrderUpdated`, `OrderModifyRejected`, `OrderCancelRejected`, and an `AccountState` after every
 * batch of fills (see `ledger.ts`). Everything goes back through `ExecEngine.process`.
 *
 * # When commands are answered
 * Commands are queued when the execution engine hands them over and answered by
 * `processCommands(ts)`, which the BacktestEngine calls after each data point and at each timer's
 * time (repeatedly, until a round causes no new command). So a strategy never sees a venue event from
 * inside its own `submitOrder` call, as live, and a market order sent on a quote at `t` fills at
 * `t` against the book that quote made.
 *
 * # Market data
 * `processData` feeds a data point to its instrument's matching engine (resting orders fill, stops
 * trigger) before the data engine publishes it to strategies. Data subscriptions are accepted and
 * recorded only: the backtest feeds every data point it was given.
 *
 * # Cash accounts
 * A CASH venue rejects an order (`INSUFFICIENT_BALANCE`) that needs more than the free balance:
 * the total less what its resting orders need for their open quantity (a BUY: notional plus the
 * taker fee; a SELL of a currency pair: the base quantity). Reported balances do not show these
 * locks (the risk engine checks orders against the reported free balance).
 *
 * # Known limitation
 * Order lists are submitted order by order; the venue does not link contingent orders. Use
 * `manageContingentOrders` on the strategy (the OTO children are then held by the strategy and
 * OCO/OUO handled by its manager).
 */
import type { Cache } from '../cache/index.js';
import type { Clock } from '../common/clock/index.js';
import type { MessageBus } from '../common/msgbus/index.js';
import type {
  CancelAllOrders,
  CancelOrder,
  DataClient,
  ExecutionClient,
  ModifyOrder,
  QueryOrder,
  SubmitOrder,
  SubmitOrderList,
  TradingCommand,
} from '../engine/index.js';
import { Endpoint } from '../engine/index.js';
import type { Bar, BarType, OrderBookDeltas, QuoteTick, TradeTick } from '../model/data/index.js';
import type { AccountType, BookType, OmsType } from '../model/enums.js';
import {
  type OrderEvent,
  type OrderEventHeader,
  type OrderFilled,
  orderAccepted,
  orderCanceled,
  orderCancelRejected,
  orderExpired,
  orderFilled,
  orderModifyRejected,
  orderRejected,
  orderTriggered,
  orderUpdated,
} from '../model/events/index.js';
import {
  AccountId,
  ClientId,
  ClientOrderId,
  type InstrumentId,
  TradeId,
  type Venue,
  VenueOrderId,
} from '../model/identifiers/index.js';
import type { Instrument } from '../model/instruments/index.js';
import type { Order } from '../model/orders/index.js';
import { ExecutionMassStatus } from '../model/reports/index.js';
import { type Currency, Money } from '../model/values/index.js';
import type { FeeModel } from './fee-model.js';
import { SimulatedLedger } from './ledger.js';
import { type MatchEvent, SimulatedMatchingEngine, simulatedOrderOf } from './matching.js';

/** Data a backtest replays; switch on `type`. */
export type BacktestData = QuoteTick | TradeTick | Bar | OrderBookDeltas;

/** The time of a data point: `tsInit` (a batch of deltas: its last delta's). */
export function dataTs(data: BacktestData): bigint {
  if (data.type === 'OrderBookDeltas') return data.deltas[data.deltas.length - 1]?.tsInit ?? 0n;
  return data.tsInit;
}

/** The settings of one simulated venue. */
export interface SimulatedExchangeConfig {
  readonly venue: Venue;
  readonly omsType: OmsType;
  readonly accountType: AccountType;
  readonly startingBalances: readonly Money[];
  readonly baseCurrency: Currency | null;
  readonly feeModel: FeeModel;
  readonly bookType: 'L1_MBP' | 'L2_MBP';
}

interface InstrumentVenue {
  readonly instrument: Instrument;
  readonly engine: SimulatedMatchingEngine;
  /** One record, reused for every quote or trade (no allocation per data point). */
  readonly quoteBuf: BigInt64Array;
  readonly tradeBuf: BigInt64Array;
}

const AGGRESSOR: Readonly<Record<TradeTick['aggressorSide'], bigint>> = {
  NO_AGGRESSOR: 0n,
  BUYER: 1n,
  SELLER: 2n,
};

export class SimulatedExchange implements ExecutionClient, DataClient {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  readonly omsType: OmsType;
  readonly config: SimulatedExchangeConfig;
  readonly ledger: SimulatedLedger;
  isConnected = false;
  readonly #bus: MessageBus;
  readonly #cache: Cache;
  readonly #clock: Clock;
  readonly #eventId: () => string;
  readonly #instruments = new Map<string, InstrumentVenue>();
  #commands: TradingCommand[] = [];
  #gtdSeen = false;
  /** Orders sent to the venue, by client order id (dropped once seen closed). */
  readonly #known = new Map<string, Order>();
  /** CASH: what each order resting at the venue needs for its full quantity (see `#free`). */
  readonly #locks = new Map<string, { readonly order: Order; readonly need: Money }>();
  /** Expiry times of GTD orders sent, ascending (passed ones dropped by `advanceTime`). */
  #expiries: bigint[] = [];
  /** Subscriptions asked for, in order (for inspection). */
  readonly subscriptions: string[] = [];

  constructor(
    config: SimulatedExchangeConfig,
    deps: { bus: MessageBus; cache: Cache; clock: Clock; eventIds: () => string },
  ) {
    this.config = config;
    this.venue = config.venue;
    this.clientId = ClientId.from(`SIM-${config.venue.value}`);
    this.accountId = AccountId.from(`${config.venue.value}-001`);
    this.accountType = config.accountType;
    this.omsType = config.omsType;
    this.#bus = deps.bus;
    this.#cache = deps.cache;
    this.#clock = deps.clock;
    this.#eventId = deps.eventIds;
    this.ledger = new SimulatedLedger({
      accountId: this.accountId,
      accountType: config.accountType,
      baseCurrency: config.baseCurrency,
      startingBalances: config.startingBalances,
    });
  }

  /** Adds an instrument (one matching engine). */
  addInstrument(instrument: Instrument): void {
    const n = this.#instruments.size + 1;
    const engine = new SimulatedMatchingEngine({
      priceIncrement: instrument.priceIncrement,
      sizeIncrement: instrument.sizeIncrement,
      bookType: this.config.bookType,
      orderIdPrefix: `${this.venue.value}-${n}`,
      tradeIdPrefix: `${this.venue.value}-${n}-T`,
    });
    this.#instruments.set(instrument.id.value, {
      instrument,
      engine,
      quoteBuf: new BigInt64Array(5),
      tradeBuf: new BigInt64Array(4),
    });
  }

  get instrumentIds(): InstrumentId[] {
    return [...this.#instruments.values()].map((v) => v.instrument.id);
  }

  /** The matching engine of an instrument (for inspection), or `null`. */
  matchingEngine(instrumentId: InstrumentId): SimulatedMatchingEngine | null {
    return this.#instruments.get(instrumentId.value)?.engine ?? null;
  }

  /** Back to the start: fresh matching engines and starting balances. */
  reset(): void {
    const instruments = [...this.#instruments.values()].map((v) => v.instrument);
    this.#instruments.clear();
    for (const i of instruments) this.addInstrument(i);
    this.#commands = [];
    this.#gtdSeen = false;
    this.#expiries = [];
    this.#locks.clear();
    this.#known.clear();
    this.ledger.reset();
  }

  /** The first account state (starting balances). */
  sendInitialAccountState(): void {
    const ts = this.#clock.timestampNs();
    this.#bus.send(Endpoint.EXEC_PROCESS, this.ledger.state(ts, this.#eventId()));
  }

  // ---- connection -----------------------------------------------------------------------------

  async connect(): Promise<void> {
    this.isConnected = true;
  }
  async disconnect(): Promise<void> {
    this.isConnected = false;
  }

  // ---- market data ----------------------------------------------------------------------------

  /** Feeds one data point to its instrument's matching engine and sends what it caused. */
  processData(data: BacktestData): void {
    const iv = this.#instruments.get(
      data.type === 'Bar' ? data.barType.instrumentId.value : data.instrumentId.value,
    );
    if (iv === undefined) return;
    let events: MatchEvent[];
    switch (data.type) {
      case 'QuoteTick': {
        const b = iv.quoteBuf;
        b[0] = data.tsEvent;
        b[1] = iv.engine.priceUnits(data.bidPrice);
        b[2] = iv.engine.priceUnits(data.askPrice);
        b[3] = iv.engine.sizeUnits(data.bidSize);
        b[4] = iv.engine.sizeUnits(data.askSize);
        events = iv.engine.processQuoteBatch(b);
        break;
      }
      case 'TradeTick': {
        const b = iv.tradeBuf;
        b[0] = data.tsEvent;
        b[1] = iv.engine.priceUnits(data.price);
        b[2] = iv.engine.sizeUnits(data.size);
        b[3] = AGGRESSOR[data.aggressorSide];
        events = iv.engine.processTradeBatch(b);
        break;
      }
      case 'Bar':
        events = iv.engine.processBars([data]);
        break;
      case 'OrderBookDeltas':
        events = iv.engine.processDeltas(data.deltas, dataTs(data));
        break;
    }
    if (events.length > 0) this.#send(iv, events);
  }

  /** The earliest GTD expiry still ahead, or `null`. */
  nextExpiryNs(): bigint | null {
    return this.#expiries[0] ?? null;
  }

  /** Expires GTD orders due at or before `ts` (nothing to do until a GTD order was sent). */
  advanceTime(ts: bigint): void {
    if (!this.#gtdSeen) return;
    let n = 0;
    while (n < this.#expiries.length && this.#expiries[n]! <= ts) n++;
    if (n > 0) this.#expiries.splice(0, n);
    for (const iv of this.#instruments.values()) {
      const events = iv.engine.advanceTime(ts);
      if (events.length > 0) this.#send(iv, events);
    }
  }

  // ---- commands -------------------------------------------------------------------------------

  submitOrder(command: SubmitOrder): void {
    this.#commands.push(command);
  }
  submitOrderList(command: SubmitOrderList): void {
    this.#commands.push(command);
  }
  modifyOrder(command: ModifyOrder): void {
    this.#commands.push(command);
  }
  cancelOrder(command: CancelOrder): void {
    this.#commands.push(command);
  }
  cancelAllOrders(command: CancelAllOrders): void {
    this.#commands.push(command);
  }
  queryOrder(_command: QueryOrder): void {}

  /** True when commands wait. */
  get hasCommands(): boolean {
    return this.#commands.length > 0;
  }

  /** Answers every queued command at `ts`, in arrival order. Returns how many were answered. */
  processCommands(ts: bigint): number {
    const commands = this.#commands;
    if (commands.length === 0) return 0;
    this.#commands = [];
    for (const c of commands) this.#execute(c, ts);
    return commands.length;
  }

  #execute(c: TradingCommand, ts: bigint): void {
    const iv = this.#instruments.get(c.instrumentId.value);
    switch (c.type) {
      case 'SubmitOrder':
        this.#submit(iv, c.order, ts);
        return;
      case 'SubmitOrderList':
        for (const o of c.orderList.orders) this.#submit(iv, o, ts);
        return;
      case 'ModifyOrder': {
        if (iv === undefined) return;
        const change = {
          ...(c.price === null ? {} : { price: c.price }),
          ...(c.triggerPrice === null ? {} : { triggerPrice: c.triggerPrice }),
          ...(c.quantity === null ? {} : { quantity: c.quantity }),
        };
        this.#send(iv, iv.engine.modify(c.clientOrderId.value, change, ts));
        return;
      }
      case 'CancelOrder':
        if (iv === undefined) return;
        this.#send(iv, iv.engine.cancel(c.clientOrderId.value, ts));
        return;
      case 'CancelAllOrders': {
        if (iv === undefined) return;
        // Only the strategy's own orders: the engine holds every strategy's.
        for (const id of iv.engine.openClientOrderIds()) {
          const o = this.#order(id);
          if (o === null || !o.strategyId.eq(c.strategyId)) continue;
          if (c.orderSide !== null && o.side !== c.orderSide) continue;
          this.#send(iv, iv.engine.cancel(id, ts));
        }
        return;
      }
      case 'QueryOrder':
        return;
    }
  }

  /** The order the venue knows by this id: its own map first (no id parsing on the hot path). */
  #order(value: string): Order | null {
    const o = this.#known.get(value);
    if (o !== undefined) {
      if (o.isClosed) this.#known.delete(value);
      return o;
    }
    return this.#cache.order(ClientOrderId.from(value));
  }

  #submit(iv: InstrumentVenue | undefined, order: Order, ts: bigint): void {
    if (iv === undefined) {
      this.#emit(
        orderRejected({
          ...this.#header(order, ts),
          reason: `instrument ${order.instrumentId} is not traded on ${this.venue}`,
        }),
      );
      return;
    }
    this.#known.set(order.clientOrderId.value, order);
    const need = this.accountType === 'CASH' ? this.#cashNeed(iv, order) : null;
    if (need !== null) {
      const free = this.#free(need.currency);
      if (need.raw > free) {
        this.#emit(
          orderRejected({
            ...this.#header(order, ts),
            reason: `INSUFFICIENT_BALANCE: needs ${need}, free ${Money.fromRaw(free, need.currency)}`,
          }),
        );
        return;
      }
    }
    if (order.timeInForce === 'GTD' && order.expireTimeNs !== null) {
      this.#gtdSeen = true;
      const t = order.expireTimeNs;
      let i = this.#expiries.length;
      while (i > 0 && this.#expiries[i - 1]! > t) i--;
      this.#expiries.splice(i, 0, t);
    }
    this.#send(iv, iv.engine.submit(simulatedOrderOf(order, iv.instrument.priceIncrement), ts));
    if (need !== null && !order.isClosed) this.#locks.set(order.clientOrderId.value, { order, need });
  }

  /**
   * CASH: what an order needs for its full quantity: a BUY the notional at its price (else the
   * best ask) plus the taker fee, in the quote currency; a SELL of a currency pair the quantity
   * of the base currency. `null`: nothing to check (no price known, or not a currency pair SELL).
   */
  #cashNeed(iv: InstrumentVenue, order: Order): Money | null {
    const i = iv.instrument;
    if (order.side === 'SELL') {
      return i.type === 'CURRENCY_PAIR' ? Money.from(order.quantity.toString(), i.baseCurrency) : null;
    }
    const price = order.price ?? order.triggerPrice ?? iv.engine.bestAsk()?.price ?? null;
    if (price === null) return null;
    return i
      .notional(order.quantity, price)
      .add(this.config.feeModel.commission(i, order.quantity, price, 'TAKER'));
  }

  /** CASH: the balance in `currency` less what resting orders need for their leaves (raw). */
  #free(currency: Currency): bigint {
    let free = this.ledger.totals().get(currency.code)?.raw ?? 0n;
    for (const [id, { order, need }] of this.#locks) {
      if (order.isClosed) {
        this.#locks.delete(id);
        continue;
      }
      if (need.currency !== currency) continue;
      free -= (need.raw * order.leavesQty.raw) / order.quantity.raw;
    }
    return free;
  }

  // ---- events ---------------------------------------------------------------------------------

  #header(order: Order, ts: bigint): OrderEventHeader {
    return order.eventHeader(this.#eventId(), ts, this.accountId);
  }

  #emit(event: OrderEvent): void {
    this.#bus.send(Endpoint.EXEC_PROCESS, event);
  }

  #send(iv: InstrumentVenue, events: readonly MatchEvent[]): void {
    let filled = false;
    let lastTs = 0n;
    for (const e of events) {
      const order = this.#order(e.clientOrderId);
      if (order === null) continue;
      const h = this.#header(order, e.ts);
      switch (e.type) {
        case 'ACCEPTED':
          this.#emit(
            orderAccepted({
              ...h,
              venueOrderId: VenueOrderId.from(e.venueOrderId),
              accountId: this.accountId,
            }),
          );
          break;
        case 'REJECTED':
          this.#emit(
            orderRejected({
              ...h,
              reason: `${e.reasonCode}: ${e.reason}`,
              dueToPostOnly: e.reasonCode === 'POST_ONLY_WOULD_CROSS',
            }),
          );
          break;
        case 'CANCELED':
          this.#emit(orderCanceled({ ...h, venueOrderId: VenueOrderId.from(e.venueOrderId) }));
          break;
        case 'EXPIRED':
          this.#emit(orderExpired({ ...h, venueOrderId: VenueOrderId.from(e.venueOrderId) }));
          break;
        case 'TRIGGERED':
          this.#emit(orderTriggered({ ...h, venueOrderId: VenueOrderId.from(e.venueOrderId) }));
          break;
        case 'UPDATED':
          this.#emit(
            orderUpdated({
              ...h,
              venueOrderId: VenueOrderId.from(e.venueOrderId),
              quantity: e.quantity,
              price: e.price ?? null,
              triggerPrice: e.triggerPrice ?? null,
            }),
          );
          break;
        case 'MODIFY_REJECTED':
          this.#emit(orderModifyRejected({ ...h, reason: `${e.reasonCode}: ${e.reason}` }));
          break;
        case 'CANCEL_REJECTED':
          this.#emit(orderCancelRejected({ ...h, reason: `${e.reasonCode}: ${e.reason}` }));
          break;
        case 'FILLED': {
          const fill: OrderFilled = orderFilled({
            ...h,
            venueOrderId: VenueOrderId.from(e.venueOrderId),
            accountId: this.accountId,
            tradeId: TradeId.from(e.tradeId),
            orderSide: order.side,
            orderType: order.orderType,
            lastQty: e.lastQty,
            lastPx: e.lastPx,
            currency: iv.instrument.quoteCurrency,
            commission: this.config.feeModel.commission(iv.instrument, e.lastQty, e.lastPx, e.liquiditySide),
            liquiditySide: e.liquiditySide,
          });
          this.ledger.applyFill(iv.instrument, fill);
          this.#emit(fill);
          filled = true;
          lastTs = e.ts;
          break;
        }
      }
    }
    if (filled) this.#bus.send(Endpoint.EXEC_PROCESS, this.ledger.state(lastTs, this.#eventId()));
  }

  // ---- data client (subscriptions are recorded; the backtest feeds everything) ---------------

  subscribeQuotes(id: InstrumentId): void {
    this.subscriptions.push(`quotes ${id}`);
  }
  unsubscribeQuotes(_id: InstrumentId): void {}
  subscribeTrades(id: InstrumentId): void {
    this.subscriptions.push(`trades ${id}`);
  }
  unsubscribeTrades(_id: InstrumentId): void {}
  subscribeBars(barType: BarType): void {
    this.subscriptions.push(`bars ${barType.instrumentId}`);
  }
  unsubscribeBars(_barType: BarType): void {}
  subscribeBookDeltas(id: InstrumentId, _bookType: BookType, _depth: number | null): void {
    this.subscriptions.push(`deltas ${id}`);
  }
  unsubscribeBookDeltas(_id: InstrumentId): void {}
  subscribeInstrument(_id: InstrumentId): void {}
  unsubscribeInstrument(_id: InstrumentId): void {}
  subscribeInstruments(_venue: Venue): void {}
  unsubscribeInstruments(_venue: Venue): void {}

  async requestInstrument(id: InstrumentId): Promise<Instrument | null> {
    return this.#instruments.get(id.value)?.instrument ?? null;
  }
  async requestInstruments(_venue: Venue): Promise<readonly Instrument[]> {
    return [...this.#instruments.values()].map((v) => v.instrument);
  }
  async requestQuotes(): Promise<readonly QuoteTick[]> {
    return [];
  }
  async requestTrades(): Promise<readonly TradeTick[]> {
    return [];
  }
  async requestBars(): Promise<readonly Bar[]> {
    return [];
  }

  // ---- reports (the simulated venue keeps no history beyond the cache) -----------------------

  async generateOrderStatusReports(): Promise<readonly never[]> {
    return [];
  }
  async generateFillReports(): Promise<readonly never[]> {
    return [];
  }
  async generatePositionStatusReports(): Promise<readonly never[]> {
    return [];
  }
  async generateMassStatus(): Promise<ExecutionMassStatus> {
    return new ExecutionMassStatus({
      clientId: this.clientId,
      accountId: this.accountId,
      venue: this.venue,
      tsInit: this.#clock.timestampNs(),
    });
  }
}
