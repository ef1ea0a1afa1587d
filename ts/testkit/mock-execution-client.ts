/**
 * `MockExecutionClient`: an execution client whose venue a test scripts. It implements the
 * engine's `ExecutionClient` and the live layer's `ReconciliationClient`, so the same object is
 * routed orders by the ExecutionEngine and queried by reconciliation and the continuous checks.
 *
 * ```ts
 * const clock = new TestClock();
 * const venue = new MockExecutionClient({ clientId: 'SIM', venue: 'SIM', clock });
 * venue.addOrderReport(report);                       // what the mass status will hold
 * venue.failNext('generateMassStatus', new Error('HTTP 503'));
 * venue.delay('connect', 500);                        // answers 500 ms later on `clock`
 * // ... after the node submitted an order:
 * venue.commands;                                     // every command received, in order
 * const order = cache.order(venue.commandsOf('SubmitOrder')[0]!.order.clientOrderId)!;
 * venue.accept(order);                                // OrderAccepted into the node
 * venue.fill(order, { lastQty: '0.5', lastPx: '100' }); // OrderFilled
 * venue.emitFillReport(fill);                         // a runtime report for the checks
 * ```
 *
 * # Where emitted events go
 * To the `sink` the TradingNode gives (its bounded queue), else with `bus` to the
 * ExecutionEngine's `ExecEngine.process` endpoint; every emission is also kept in `emitted`.
 *
 * # Answers
 * Report generators answer from the reports the test added (`addOrderReport`, `addFillReport`,
 * `addPositionReport`, or `setReports`), filtered by the query; `queryOrder` answers the report
 * set with `setQueryAnswer`, else the added report of that order, else `null` (unknown order).
 * Every method can be made to fail once (`failNext`) or always (`failAlways`), to answer late on
 * the clock (`delay`, ms) or never (`hang`).
 */
import type { Cache } from '../cache/index.js';
import { type Clock, LiveClock, type MessageBus } from '../common/index.js';
import type {
  ExecutionClient,
  FillReportQuery,
  OrderStatusReportQuery,
  PositionStatusReportQuery,
} from '../engine/clients.js';
import type {
  CancelAllOrders,
  CancelOrder,
  ModifyOrder,
  QueryOrder,
  SubmitOrder,
  SubmitOrderList,
  TradingCommand,
} from '../engine/commands.js';
import { Endpoint } from '../engine/topics.js';
import type { FillReportsQuery, OrderQuery, OrderReportsQuery, ReconciliationClient } from '../live/index.js';
import type { ExecutionSink } from '../live/node/queue.js';
import { accountBalance } from '../model/accounts/index.js';
import type { AccountType, LiquiditySide, OmsType, OrderStatus } from '../model/enums.js';
import {
  type AccountState,
  accountState,
  type OrderEvent,
  orderAccepted,
  orderCanceled,
  orderFilled,
  orderRejected,
} from '../model/events/index.js';
import { AccountId, ClientId, TradeId, Venue, VenueOrderId } from '../model/identifiers/index.js';
import type { Order } from '../model/orders/index.js';
import {
  ExecutionMassStatus,
  type FillReport,
  type OrderStatusReport,
  type PositionStatusReport,
} from '../model/reports/index.js';
import { type Currency, Money, Price, Quantity } from '../model/values/index.js';
import { MockScript } from './script.js';

/** The methods a test can script. */
export type MockExecutionMethod =
  | 'connect'
  | 'disconnect'
  | 'submitOrder'
  | 'submitOrderList'
  | 'modifyOrder'
  | 'cancelOrder'
  | 'cancelAllOrders'
  | 'queryOrder'
  | 'generateOrderStatusReports'
  | 'generateFillReports'
  | 'generatePositionStatusReports'
  | 'generateMassStatus';

/** Options of {@link MockExecutionClient}. */
export interface MockExecutionClientOptions {
  /** Default `SIM`. */
  readonly clientId?: string;
  /** Default `SIM`. */
  readonly venue?: string;
  /** Default `<venue>-001`. */
  readonly accountId?: string;
  /** Default `CASH`. */
  readonly accountType?: AccountType;
  /** Default `NETTING`. */
  readonly omsType?: OmsType;
  /** The clock of delays and of the events' timestamps (default: a LiveClock). */
  readonly clock?: Clock;
  /** Where emitted events go first (the TradingNode's queue). */
  readonly sink?: ExecutionSink;
  /** Without a sink, events go to `ExecEngine.process` on this bus. */
  readonly bus?: MessageBus;
  /** Instruments (fill currencies) for `fill()`. */
  readonly cache?: Cache;
  /**
   * The account state emitted when `connect()` succeeds (what makes the portfolio ready):
   * `'default'` (the default) a reported state with 1,000,000 USDT, `null` none.
   */
  readonly accountStateOnConnect?: AccountState | 'default' | null;
  /** `'accept'`: every submitted order is accepted at once (`OrderAccepted`); default `'none'`. */
  readonly onSubmit?: 'accept' | 'none';
}

const OPEN: ReadonlySet<OrderStatus> = new Set([
  'ACCEPTED',
  'TRIGGERED',
  'PARTIALLY_FILLED',
  'PENDING_CANCEL',
  'PENDING_UPDATE',
]);

/** A scripted venue (see the module doc). */
export class MockExecutionClient implements ExecutionClient, ReconciliationClient {
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  readonly omsType: OmsType;
  readonly clock: Clock;
  /** Every command received, in order. */
  readonly commands: TradingCommand[] = [];
  /** Everything emitted towards the node, in order. */
  readonly emitted: (OrderEvent | AccountState | OrderStatusReport | FillReport)[] = [];
  readonly script: MockScript<MockExecutionMethod>;
  #sink: ExecutionSink | null;
  readonly #bus: MessageBus | null;
  readonly #cache: Cache | null;
  readonly #accountOnConnect: AccountState | 'default' | null;
  readonly #onSubmit: 'accept' | 'none';
  #connected = false;
  #orders: OrderStatusReport[] = [];
  #fills: FillReport[] = [];
  #positions: PositionStatusReport[] = [];
  readonly #answers = new Map<string, OrderStatusReport | null>();
  #seq = 0;

  constructor(options: MockExecutionClientOptions = {}) {
    const venue = options.venue ?? 'SIM';
    this.clientId = ClientId.from(options.clientId ?? venue);
    this.venue = Venue.from(venue);
    this.accountId = AccountId.from(options.accountId ?? `${venue}-001`);
    this.accountType = options.accountType ?? 'CASH';
    this.omsType = options.omsType ?? 'NETTING';
    this.clock = options.clock ?? new LiveClock();
    this.#sink = options.sink ?? null;
    this.#bus = options.bus ?? null;
    this.#cache = options.cache ?? null;
    this.#accountOnConnect =
      options.accountStateOnConnect === undefined ? 'default' : options.accountStateOnConnect;
    this.#onSubmit = options.onSubmit ?? 'none';
    this.script = new MockScript(`exec.${this.clientId.value}`, this.clock);
  }

  get isConnected(): boolean {
    return this.#connected;
  }

  /** Sets where emitted events go (the node does this when it builds the client). */
  attach(sink: ExecutionSink): void {
    this.#sink = sink;
  }

  // ---- scripting -----------------------------------------------------------------------------

  /** The next call of `method` fails with `error`. Several calls queue up. */
  failNext(method: MockExecutionMethod, error: unknown = new Error(`${method} failed`)): void {
    this.script.failNext(method, error);
  }
  /** Every call of `method` fails with `error` (`null` stops it). */
  failAlways(method: MockExecutionMethod, error: unknown | null): void {
    this.script.failAlways(method, error);
  }
  /** Calls of `method` answer `ms` later on the clock (`null` stops it). */
  delay(method: MockExecutionMethod, ms: number | null): void {
    this.script.delay(method, ms);
  }
  /** Calls of `method` never answer (`on = false` stops it, for later calls). */
  hang(method: MockExecutionMethod, on = true): void {
    this.script.hang(method, on);
  }
  /** Every call received (commands and queries), in order. */
  get calls(): MockExecutionClient['script']['calls'] {
    return this.script.calls;
  }
  /** The commands of one type, e.g. `commandsOf('SubmitOrder')`. */
  commandsOf<K extends TradingCommand['type']>(type: K): Extract<TradingCommand, { type: K }>[] {
    return this.commands.filter((c): c is Extract<TradingCommand, { type: K }> => c.type === type);
  }

  /** Replaces every report the venue holds. */
  setReports(r: {
    readonly orders?: readonly OrderStatusReport[];
    readonly fills?: readonly FillReport[];
    readonly positions?: readonly PositionStatusReport[];
  }): void {
    this.#orders = [...(r.orders ?? [])];
    this.#fills = [...(r.fills ?? [])];
    this.#positions = [...(r.positions ?? [])];
  }
  addOrderReport(report: OrderStatusReport): void {
    this.#orders.push(report);
  }
  addFillReport(fill: FillReport): void {
    this.#fills.push(fill);
  }
  addPositionReport(position: PositionStatusReport): void {
    this.#positions.push(position);
  }
  /** What `queryOrder` answers for this client (or venue) order id; `null`: "unknown order". */
  setQueryAnswer(orderId: string, report: OrderStatusReport | null): void {
    this.#answers.set(orderId, report);
  }

  // ---- emitting, as a venue would --------------------------------------------------------------

  /** Delivers an order event or account state to the node (see the module doc). */
  emit(event: OrderEvent | AccountState): boolean {
    this.emitted.push(event);
    if (this.#sink !== null) return this.#sink.event(event);
    if (this.#bus !== null) {
      this.#bus.send(Endpoint.EXEC_PROCESS, event);
      return true;
    }
    return false;
  }
  /** Delivers a runtime order status report (reconciled by the node's checks). */
  emitOrderReport(report: OrderStatusReport): boolean {
    this.emitted.push(report);
    return this.#sink?.orderReport(this, report) ?? false;
  }
  /** Delivers a runtime fill report (reconciled by the node's checks, or held). */
  emitFillReport(fill: FillReport): boolean {
    this.emitted.push(fill);
    return this.#sink?.fillReport(this, fill) ?? false;
  }
  /** Emits an account state (default: 1,000,000 USDT free, reported). */
  emitAccountState(state?: AccountState): boolean {
    return this.emit(state ?? this.defaultAccountState());
  }

  /** A reported account state holding 1,000,000 USDT. */
  defaultAccountState(): AccountState {
    const now = this.clock.timestampNs();
    const total = Money.from('1000000', 'USDT');
    return accountState({
      accountId: this.accountId,
      accountType: this.accountType,
      balances: [accountBalance(total, Money.from('0', 'USDT'))],
      isReported: true,
      eventId: this.#eventId(),
      tsEvent: now,
      tsInit: now,
    });
  }

  // Deterministic UUID-shaped ids, so two runs of a test emit identical events.
  #eventId(): string {
    return `00000000-0000-4000-8000-${(++this.#seq).toString(16).padStart(12, '0')}`;
  }

  #header(order: Order) {
    const now = this.clock.timestampNs();
    return {
      traderId: order.traderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      eventId: this.#eventId(),
      tsEvent: now,
      tsInit: now,
    };
  }

  /** The venue accepted `order` (venue order id default `V-<clientOrderId>`). */
  accept(order: Order, venueOrderId?: string): boolean {
    return this.emit(
      orderAccepted({
        ...this.#header(order),
        accountId: this.accountId,
        venueOrderId: VenueOrderId.from(
          venueOrderId ?? order.venueOrderId?.value ?? `V-${order.clientOrderId.value}`,
        ),
      }),
    );
  }
  /** The venue rejected `order`. */
  reject(order: Order, reason = 'rejected by the mock venue'): boolean {
    return this.emit(orderRejected({ ...this.#header(order), accountId: this.accountId, reason }));
  }
  /** The venue canceled `order`. */
  cancel(order: Order): boolean {
    return this.emit(
      orderCanceled({ ...this.#header(order), accountId: this.accountId, venueOrderId: order.venueOrderId }),
    );
  }
  /**
   * The venue filled `order` (default: its whole leaves quantity at its price). The currency is
   * the instrument's quote currency from `cache`, else `currency`.
   */
  fill(
    order: Order,
    f: {
      readonly lastQty?: string | Quantity;
      readonly lastPx?: string | Price;
      readonly tradeId?: string;
      readonly currency?: Currency;
      readonly commission?: Money | null;
      readonly liquiditySide?: LiquiditySide;
    } = {},
  ): boolean {
    const lastQty =
      f.lastQty === undefined
        ? order.leavesQty
        : typeof f.lastQty === 'string'
          ? Quantity.from(f.lastQty)
          : f.lastQty;
    const px = f.lastPx ?? order.price;
    if (px === null)
      throw new TypeError(`fill(${order.clientOrderId}): a lastPx is needed for an order without a price`);
    const lastPx = typeof px === 'string' ? Price.from(px) : px;
    const currency = f.currency ?? this.#cache?.instrument(order.instrumentId)?.quoteCurrency;
    if (currency === undefined)
      throw new TypeError(`fill(${order.clientOrderId}): no currency (give one, or a cache)`);
    return this.emit(
      orderFilled({
        ...this.#header(order),
        venueOrderId: order.venueOrderId ?? VenueOrderId.from(`V-${order.clientOrderId.value}`),
        accountId: this.accountId,
        tradeId: TradeId.from(f.tradeId ?? `T-${order.clientOrderId.value}-${order.tradeIds.length + 1}`),
        orderSide: order.side,
        orderType: order.orderType,
        lastQty,
        lastPx,
        currency,
        commission: f.commission ?? null,
        liquiditySide: f.liquiditySide ?? 'TAKER',
      }),
    );
  }

  // ---- ExecutionClient -----------------------------------------------------------------------

  connect(): Promise<void> {
    return this.script.run('connect', [], () => {
      this.#connected = true;
      const s = this.#accountOnConnect;
      if (s !== null) this.emit(s === 'default' ? this.defaultAccountState() : s);
    });
  }
  disconnect(): Promise<void> {
    return this.script.run('disconnect', [], () => {
      this.#connected = false;
    });
  }

  submitOrder(command: SubmitOrder): Promise<void> {
    this.commands.push(command);
    return this.script.run('submitOrder', [command], () => {
      if (this.#onSubmit === 'accept') this.accept(command.order);
    });
  }
  submitOrderList(command: SubmitOrderList): Promise<void> {
    this.commands.push(command);
    return this.script.run('submitOrderList', [command], () => {
      if (this.#onSubmit === 'accept') for (const o of command.orderList.orders) this.accept(o);
    });
  }
  modifyOrder(command: ModifyOrder): Promise<void> {
    this.commands.push(command);
    return this.script.run('modifyOrder', [command], () => undefined);
  }
  cancelOrder(command: CancelOrder): Promise<void> {
    this.commands.push(command);
    return this.script.run('cancelOrder', [command], () => undefined);
  }
  cancelAllOrders(command: CancelAllOrders): Promise<void> {
    this.commands.push(command);
    return this.script.run('cancelAllOrders', [command], () => undefined);
  }

  /** The engine's query command (recorded; the answer is emitted as a report), or a reconciliation query. */
  queryOrder(command: QueryOrder): Promise<void>;
  queryOrder(query: OrderQuery): Promise<OrderStatusReport | null>;
  queryOrder(q: QueryOrder | OrderQuery): Promise<unknown> {
    if ('type' in q) {
      this.commands.push(q);
      return this.script.run('queryOrder', [q], () => {
        const r = this.#answer(q.clientOrderId.value, q.venueOrderId?.value ?? null);
        if (r !== null) this.emitOrderReport(r);
        return undefined;
      });
    }
    return this.script.run('queryOrder', [q], () =>
      this.#answer(q.clientOrderId?.value ?? null, q.venueOrderId?.value ?? null),
    );
  }

  #answer(clientOrderId: string | null, venueOrderId: string | null): OrderStatusReport | null {
    for (const key of [clientOrderId, venueOrderId]) {
      if (key !== null && this.#answers.has(key)) return this.#answers.get(key) ?? null;
    }
    return (
      this.#orders.find(
        (o) =>
          (clientOrderId !== null && o.clientOrderId?.value === clientOrderId) ||
          (venueOrderId !== null && o.venueOrderId.value === venueOrderId),
      ) ?? null
    );
  }

  generateOrderStatusReports(q: OrderStatusReportQuery | OrderReportsQuery): Promise<OrderStatusReport[]> {
    return this.script.run('generateOrderStatusReports', [q], () =>
      this.#orders.filter(
        (o) =>
          (!q.openOnly || OPEN.has(o.orderStatus)) &&
          (q.instrumentId == null || o.instrumentId.eq(q.instrumentId)),
      ),
    );
  }

  generateFillReports(q: FillReportQuery | FillReportsQuery): Promise<FillReport[]> {
    return this.script.run('generateFillReports', [q], () =>
      this.#fills.filter(
        (f) =>
          (q.instrumentId == null || f.instrumentId.eq(q.instrumentId)) &&
          (q.venueOrderId == null || f.venueOrderId.eq(q.venueOrderId)) &&
          (q.startNs == null || f.tsEvent >= q.startNs),
      ),
    );
  }

  generatePositionStatusReports(q: PositionStatusReportQuery): Promise<PositionStatusReport[]> {
    return this.script.run('generatePositionStatusReports', [q], () =>
      this.#positions.filter((p) => q.instrumentId === null || p.instrumentId.eq(q.instrumentId)),
    );
  }

  /** Every report added, as one mass status. */
  generateMassStatus(lookbackMins: number | null): Promise<ExecutionMassStatus> {
    return this.script.run('generateMassStatus', [lookbackMins], () => this.massStatus());
  }

  /** The mass status of the reports added so far (no scripting applied). */
  massStatus(): ExecutionMassStatus {
    const m = new ExecutionMassStatus({
      clientId: this.clientId,
      accountId: this.accountId,
      venue: this.venue,
      tsInit: this.clock.timestampNs(),
      reportId: `mass-${this.clientId.value}-${++this.#seq}`,
    });
    m.addOrderReports(this.#orders);
    m.addFillReports(this.#fills);
    m.addPositionReports(this.#positions);
    return m;
  }
}
