/**
 * The Binance adapter as node clients: `BINANCE` configs become a {@link BinanceNodeExecutionClient}
 * (the engine's `ExecutionClient` and reconciliation's `ReconciliationClient` over
 * `BinanceExecutionClient`) and a {@link BinanceNodeDataClient} (the engine's `DataClient` over
 * `BinanceDataClient`).
 *
 * # What comes back from the venue
 * The adapter answers commands with typed outcomes; the node turns them into what the engine
 * understands:
 * - accepted: the venue's order report (and any fills it carried) go to the node's queue as
 *   runtime reports: the checks reconcile them through the native diff (`OrderAccepted`,
 *   `OrderFilled`, `OrderCanceled`, ... with deterministic ids);
 * - rejected: `OrderRejected` (submit), `OrderModifyRejected`, `OrderCancelRejected`;
 * - unknown (timeout, 5xx on a write): nothing is invented; the in-flight check asks the venue.
 * User-stream order updates go the same way as runtime reports; balance updates become
 * `AccountState`s. `connect()` puts the venue's instruments in the cache and reads the account
 * once so that the portfolio becomes ready.
 *
 * # Order of reports (see `#deliverReport`)
 * Everything goes to the queue in arrival order, through one chain. A report that shows more
 * filled than known waits for the order's trades, fetched from the venue, so that the engine
 * applies the venue's fills instead of inferring one; a report older than what was delivered
 * for its order (reordered or delayed events) is dropped. After the user stream reconnects
 * (lost connection, expired listen key) open orders, the cache's open orders and the account
 * are read again (`#backfill`). Report queries cover every instrument the cache holds open.
 *
 * # Conditional (algo) orders (USD-M)
 * A stop or take-profit lives in Binance's algo service (venue id `ALGO-<algoId>`) until its trigger
 * places the actual order: a separate order with its own id and the algo's client id, which trades
 * and reports itself. From then on every report of the algo is delivered under the actual order's
 * id (see `#followActual`), so the engine's order follows the actual order, and an algo report
 * older than what the actual order delivered (TRIGGERED still showing 0 executed, a late REST
 * answer) is dropped like any stale report.
 *
 * # Layering
 * Adapters sit above the live layer: this module implements its client interfaces
 * (`ts/live/node/clients.ts`); the built-in `BINANCE` client type (`ts/trading-node.ts`) builds
 * these.
 */

import type { Logger } from '../../common/index.js';
import type { BinanceDataClientConfig, BinanceExecClientConfig } from '../../config/index.js';
import type {
  DataClient,
  FillReportQuery,
  OrderStatusReportQuery,
  PositionStatusReportQuery,
} from '../../engine/clients.js';
import type {
  CancelAllOrders,
  CancelOrder,
  ModifyOrder,
  QueryOrder,
  SubmitOrder,
  SubmitOrderList,
} from '../../engine/commands.js';
import { Endpoint } from '../../engine/topics.js';
import type { ClientFactoryContext, LiveExecutionClient } from '../../live/node/clients.js';
import type { FillReportsQuery, OrderQuery, OrderReportsQuery } from '../../live/reconciliation/client.js';
import type { BarType } from '../../model/data/index.js';
import type { AccountType, BookType, OmsType, OrderStatus } from '../../model/enums.js';
import {
  type AccountState,
  accountState,
  orderCancelRejected,
  orderModifyRejected,
  orderRejected,
} from '../../model/events/index.js';
import {
  type AccountId,
  ClientId,
  ClientOrderId,
  InstrumentId,
  type Venue,
  type VenueOrderId,
} from '../../model/identifiers/index.js';
import type { Instrument } from '../../model/instruments/index.js';
import type { Order } from '../../model/orders/index.js';
import {
  type ExecutionMassStatus,
  type FillReport,
  type OrderStatusReport,
  orderStatusReport,
  type PositionStatusReport,
} from '../../model/reports/index.js';
import { Quantity } from '../../model/values/index.js';
import { BinanceDataClient, type BinanceDataClientOptions } from './data.js';
import { BinanceExecutionClient, type BinanceExecutionClientOptions } from './execution.js';
import type { CommandResult } from './interfaces.js';
import { ALGO_ID_PREFIX } from './parse/orders.js';
import type { BinanceUserUpdate } from './parse/user.js';

/** Orders whose deliveries are remembered (oldest forgotten first). */
const DELIVERED_CAPACITY = 10_000;

/** Statuses after which a Binance order never changes again. */
const CLOSED_REPORT: ReadonlySet<OrderStatus> = new Set(['FILLED', 'CANCELED', 'EXPIRED', 'REJECTED']);

/** What was delivered for one order. */
interface Delivered {
  /** Trade id -> quantity. */
  readonly trades: Map<string, Quantity>;
  /** `tsLast` of the last report delivered (0: none yet). */
  tsLast: bigint;
  /** The last report delivered was closed. */
  closed: boolean;
}

/** Sets `key` in a map bounded to {@link DELIVERED_CAPACITY} entries (oldest forgotten first). */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.set(key, value);
  if (map.size > DELIVERED_CAPACITY) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

/** Binance account types as Kairos account types. */
function accountTypeOf(config: BinanceExecClientConfig): AccountType {
  return config.accountType === 'SPOT' ? 'CASH' : 'MARGIN';
}

/** A Binance execution client for the node (see the module doc). */
export class BinanceNodeExecutionClient implements LiveExecutionClient {
  readonly inner: BinanceExecutionClient;
  readonly clientId: ClientId;
  readonly venue: Venue;
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  /** One-way mode (the adapter's default): one position per instrument. */
  readonly omsType: OmsType = 'NETTING';
  readonly #ctx: ClientFactoryContext;
  readonly #log: Logger;
  #connected = false;
  #seq = 0;
  /**
   * What was delivered per venue order id (the most recent {@link DELIVERED_CAPACITY} orders), to
   * tell a report ahead of its fills, or behind what is known.
   */
  readonly #delivered = new Map<string, Delivered>();
  /** Deliveries run one after another: a report waiting for its fetched fills keeps its place. */
  #chain: Promise<void> = Promise.resolve();
  /** Client order id -> the `ALGO-` venue id of its conditional order (bounded as `#delivered`). */
  readonly #algoOf = new Map<string, string>();
  /** `ALGO-` venue id -> the venue id of the actual order its trigger placed. */
  readonly #actualOf = new Map<string, VenueOrderId>();

  constructor(
    config: BinanceExecClientConfig,
    ctx: ClientFactoryContext,
    overrides: Partial<BinanceExecutionClientOptions> = {},
  ) {
    this.#ctx = ctx;
    this.#log = ctx.logger.child({ component: `BinanceExec.${ctx.name}` });
    this.inner = new BinanceExecutionClient({
      config,
      clientId: ClientId.from(ctx.name),
      logger: this.#log,
      nowNs: () => ctx.clock.timestampNs(),
      reconciliationInstrumentIds: (ctx.execEngine.reconciliationInstrumentIds ?? []).map((i) =>
        InstrumentId.from(i),
      ),
      // What the cache holds open: orders that closed at the venue meanwhile leave no open order
      // there to name their symbol, and their history must still be read.
      activeInstrumentIds: () => this.#activeInstrumentIds(),
      onUserUpdate: (u) => this.#onUserUpdate(u),
      onUserStreamError: (e) => this.#log.error({ err: e }, 'user stream error'),
      onBackfill: () => this.#backfill(),
      ...overrides,
    });
    this.clientId = this.inner.clientId;
    this.venue = this.inner.venue;
    this.accountId = this.inner.accountId;
    this.accountType = accountTypeOf(config);
  }

  get isConnected(): boolean {
    return this.#connected;
  }

  #activeInstrumentIds(): InstrumentId[] {
    const cache = this.#ctx.cache;
    const ids = new Map<string, InstrumentId>();
    const venue = { venue: this.venue };
    for (const o of cache.ordersOpen(venue)) ids.set(o.instrumentId.value, o.instrumentId);
    for (const o of cache.ordersInflight(venue)) ids.set(o.instrumentId.value, o.instrumentId);
    for (const p of cache.positionsOpen(venue)) ids.set(p.instrumentId.value, p.instrumentId);
    return [...ids.values()];
  }

  /**
   * After the user stream reconnected, events of the gap may be lost: the venue's open orders and
   * every order the cache holds open that the venue no longer lists are reported again (through
   * `#deliverReport`, so missed fills are fetched), and the account is read again. A query that
   * fails is logged; the open-order and in-flight checks remain the safety net.
   */
  async #backfill(): Promise<void> {
    this.#log.info('user stream reconnected: back-filling orders and account');
    try {
      const open = await this.inner.generateOrderStatusReports({ openOnly: true });
      const listed = new Set(open.map((r) => r.venueOrderId.value));
      for (const r of open) this.#deliverReport(r, []);
      const ours = new Set(this.inner.instruments.map((i) => i.id.value));
      const cache = this.#ctx.cache;
      for (const o of cache.ordersOpen({ venue: this.venue })) {
        if (!ours.has(o.instrumentId.value)) continue;
        if (o.venueOrderId !== null && listed.has(o.venueOrderId.value)) continue;
        const r = await this.inner.queryOrder({
          instrumentId: o.instrumentId,
          clientOrderId: o.clientOrderId,
          venueOrderId: o.venueOrderId,
        });
        if (r !== null) this.#deliverReport(r, []);
      }
      const snapshot = await this.inner.queryAccount();
      this.#then(
        () =>
          void this.#ctx.sink.event(
            this.#accountState(snapshot.balances, snapshot.margins, snapshot.tsEvent),
          ),
      );
    } catch (e) {
      this.#log.error(
        { err: e },
        'back-fill after the user stream reconnected failed: the checks will catch up',
      );
    }
  }

  async connect(): Promise<void> {
    await this.inner.connect();
    // The engines need the venue's instruments before the first command or report: the risk
    // engine denies orders of unknown instruments and reconciliation cannot build their fills.
    for (const i of this.inner.instruments) this.#ctx.cache.addInstrument(i);
    const snapshot = await this.inner.queryAccount();
    this.#ctx.sink.event(this.#accountState(snapshot.balances, snapshot.margins, snapshot.tsEvent));
    this.#connected = true;
  }

  async disconnect(): Promise<void> {
    await this.inner.disconnect();
    this.#connected = false;
  }

  #accountState(
    balances: AccountState['balances'],
    margins: AccountState['margins'],
    tsEvent: bigint,
  ): AccountState {
    return accountState({
      accountId: this.accountId,
      accountType: this.accountType,
      balances,
      margins,
      isReported: true,
      eventId: `00000000-0000-4000-9000-${(++this.#seq).toString(16).padStart(12, '0')}`,
      tsEvent,
      tsInit: this.#ctx.clock.timestampNs(),
    });
  }

  #onUserUpdate(u: BinanceUserUpdate): void {
    switch (u.type) {
      case 'BinanceOrderUpdate':
        this.#deliverReport(u.report, u.fill === null ? [] : [u.fill]);
        return;
      case 'BinanceAlgoUpdate':
        this.#deliverReport(u.report, [], u.triggeredOrderId);
        return;
      case 'BinanceBalanceUpdate':
        this.#then(() => void this.#ctx.sink.event(this.#accountState(u.balances, [], u.tsEvent)));
        return;
      default:
        // Trade-lites (their order update follows), deltas (the next balance update carries
        // the total), list statuses (each order reports itself), keep-alives.
        return;
    }
  }

  #then(step: () => void | Promise<void>): void {
    this.#chain = this.#chain
      .then(step)
      .catch((e: unknown) => this.#log.error({ err: e }, 'delivery failed'));
  }

  #record(venueOrderId: string): Delivered {
    let d = this.#delivered.get(venueOrderId);
    if (d === undefined) {
      d = { trades: new Map(), tsLast: 0n, closed: false };
      this.#delivered.set(venueOrderId, d);
      if (this.#delivered.size > DELIVERED_CAPACITY) {
        const oldest = this.#delivered.keys().next().value;
        if (oldest !== undefined) this.#delivered.delete(oldest);
      }
    }
    return d;
  }

  #deliverFill(f: FillReport): void {
    this.#record(f.venueOrderId.value).trades.set(f.tradeId.value, f.lastQty);
    this.#ctx.sink.fillReport(this, f);
  }

  /** Why `report` is older than what was delivered for its order, or `null` when it is not. */
  #staleness(report: OrderStatusReport): string | null {
    // The checks query the venue on their own (an order in flight too long, an open order): what
    // they applied is in the cache, not in what was delivered here.
    if (report.filledQty.lt(this.#cachedFilled(report))) return 'less filled than the cache holds';
    const d = this.#delivered.get(report.venueOrderId.value);
    if (d === undefined) return null;
    if (report.filledQty.lt(this.#deliveredQty(report))) return 'less filled than the fills delivered';
    if (d.closed && !CLOSED_REPORT.has(report.orderStatus)) return 'open after a closed report';
    if (report.tsLast < d.tsLast) return 'older than the last report delivered';
    return null;
  }

  /**
   * Delivers `report` after `fills`, in arrival order.
   * - A report older than what was delivered for its order (less filled than its fills, open
   *   after a closed report, or an earlier `tsLast`: a reordered or delayed event) is dropped:
   *   the newer state is already known, and applying it would move the order back or log a
   *   false discrepancy.
   * - A report showing more filled than the cache and the fills delivered so far is ahead of its
   *   fills (a REST answer before the stream's trade events, or events reordered or lost): the
   *   order's trades are fetched first, so that the engine applies the venue's own fills rather
   *   than inferring one. If the fetch fails the report goes alone (the diff then infers the
   *   missing fill, as reconciliation does).
   */
  #deliverReport(
    venueReport: OrderStatusReport,
    fills: readonly FillReport[],
    triggeredOrderId: VenueOrderId | null = null,
  ): void {
    this.#then(async () => {
      for (const f of fills) this.#learnActual(f.clientOrderId?.value, f.venueOrderId);
      for (const f of fills) this.#deliverFill(f);
      const report = this.#followActual(venueReport, triggeredOrderId);
      const key = report.venueOrderId.value;
      const stale = this.#staleness(report);
      if (stale !== null) {
        this.#log.debug(
          { venueOrderId: key, status: report.orderStatus, stale },
          'stale order report dropped',
        );
        return;
      }
      if (report.filledQty.gt(this.#knownFilled(report))) {
        try {
          const trades = await this.inner.generateFillReports({
            instrumentId: report.instrumentId,
            venueOrderId: report.venueOrderId,
          });
          const seen = this.#delivered.get(key)?.trades;
          for (const f of trades) if (seen?.has(f.tradeId.value) !== true) this.#deliverFill(f);
        } catch (e) {
          this.#log.warn(
            { venueOrderId: key, err: e },
            'could not fetch the trades of a report ahead of its fills: the missing fill is inferred',
          );
        }
      }
      const d = this.#record(key);
      d.tsLast = report.tsLast;
      d.closed = CLOSED_REPORT.has(report.orderStatus);
      this.#ctx.sink.orderReport(this, report);
    });
  }

  /**
   * A conditional (algo) order's report as the engine takes it. Once triggered, the order that
   * lives on at the venue is the actual one (its own venue order id, the algo's client id): its
   * fills and status arrive as its own reports, often before the algo's TRIGGERED (which still
   * shows nothing executed) and before a late REST answer about the algo (still NEW). Any report
   * of the algo from then on is delivered under the actual order's id, so that it is judged
   * against what that order already delivered (older: dropped) and the engine's order follows
   * the actual order, as its fills do. The actual order is known from the algo's `ai`, or as
   * the first other venue id that reports under the algo's client id.
   */
  #followActual(report: OrderStatusReport, triggeredOrderId: VenueOrderId | null): OrderStatusReport {
    const v = report.venueOrderId.value;
    const cid = report.clientOrderId?.value;
    if (!v.startsWith(ALGO_ID_PREFIX)) {
      this.#learnActual(cid, report.venueOrderId);
      return report;
    }
    if (cid !== undefined && !this.#algoOf.has(cid)) remember(this.#algoOf, cid, v);
    if (triggeredOrderId !== null && !this.#actualOf.has(v)) remember(this.#actualOf, v, triggeredOrderId);
    const actual = this.#actualOf.get(v);
    return actual === undefined ? report : orderStatusReport({ ...report, venueOrderId: actual });
  }

  /** `venueOrderId` reports under the client id of an algo order: it is that algo's actual order. */
  #learnActual(clientOrderId: string | undefined, venueOrderId: VenueOrderId): void {
    if (clientOrderId === undefined || venueOrderId.value.startsWith(ALGO_ID_PREFIX)) return;
    // After a restart nothing was delivered yet: the cache still names the algo order.
    const cached = this.#ctx.cache.order(ClientOrderId.from(clientOrderId))?.venueOrderId?.value;
    const algo =
      this.#algoOf.get(clientOrderId) ?? (cached?.startsWith(ALGO_ID_PREFIX) === true ? cached : undefined);
    if (algo !== undefined && !this.#actualOf.has(algo)) remember(this.#actualOf, algo, venueOrderId);
  }

  /** Sum of the fills delivered for the report's order. */
  #deliveredQty(report: OrderStatusReport): Quantity {
    let sum = Quantity.zero(report.filledQty.precision);
    for (const q of this.#delivered.get(report.venueOrderId.value)?.trades.values() ?? []) sum = sum.add(q);
    return sum;
  }

  /** Filled quantity known for the report's order: the cache's or the fills delivered, the larger. */
  #knownFilled(report: OrderStatusReport): Quantity {
    const delivered = this.#deliveredQty(report);
    const cached = this.#cachedFilled(report);
    return cached.gt(delivered) ? cached : delivered;
  }

  /** Filled quantity of the report's order in the cache (zero when the cache has no such order). */
  #cachedFilled(report: OrderStatusReport): Quantity {
    const id = report.clientOrderId ?? this.#ctx.cache.clientOrderIdForVenueOrderId(report.venueOrderId);
    const order = id === null ? null : this.#ctx.cache.order(id);
    return order?.filledQty ?? Quantity.zero(report.filledQty.precision);
  }

  /** Sends what the venue answered to the queue (see the module doc). */
  #deliver(order: Order, result: CommandResult, onRejected: (reason: string) => void): void {
    if (result.type === 'accepted') {
      this.#deliverReport(result.report, result.fills);
    } else if (result.type === 'rejected') {
      // In the chain too: after any report of the same order still waiting for its trades.
      this.#then(() => onRejected(`${result.code}: ${result.reason}`));
    } else {
      this.#log.warn(
        { clientOrderId: order.clientOrderId.value, code: result.code },
        `outcome unknown: ${result.reason} (the in-flight check will ask the venue)`,
      );
    }
  }

  #header(order: Order) {
    const now = this.#ctx.clock.timestampNs();
    return {
      traderId: order.traderId,
      strategyId: order.strategyId,
      instrumentId: order.instrumentId,
      clientOrderId: order.clientOrderId,
      venueOrderId: order.venueOrderId,
      accountId: this.accountId,
      tsEvent: now,
      tsInit: now,
    };
  }

  async submitOrder(command: SubmitOrder): Promise<void> {
    const o = command.order;
    const result = await this.inner.submitOrder({
      instrumentId: o.instrumentId,
      clientOrderId: o.clientOrderId,
      side: o.side,
      orderType: o.orderType,
      quantity: o.quantity,
      timeInForce: o.timeInForce,
      price: o.price,
      triggerPrice: o.triggerPrice,
      triggerType: o.triggerType,
      expireTimeNs: o.expireTimeNs,
      postOnly: o.postOnly,
      reduceOnly: o.reduceOnly,
    });
    this.#deliver(o, result, (reason) => this.#ctx.sink.event(orderRejected({ ...this.#header(o), reason })));
  }

  async submitOrderList(command: SubmitOrderList): Promise<void> {
    // Binance lists (OCO) have their own endpoint; orders are sent one by one here.
    for (const order of command.orderList.orders) {
      await this.submitOrder({ ...command, type: 'SubmitOrder', order, positionId: command.positionId });
    }
  }

  #order(clientOrderId: ModifyOrder['clientOrderId']): Order {
    const o = this.#ctx.cache.order(clientOrderId);
    if (o === null) throw new Error(`order ${clientOrderId} is not in the cache`);
    return o;
  }

  async modifyOrder(command: ModifyOrder): Promise<void> {
    const o = this.#order(command.clientOrderId);
    const result = await this.inner.modifyOrder({
      instrumentId: o.instrumentId,
      clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId,
      side: o.side,
      quantity: command.quantity ?? o.quantity,
      price: command.price ?? o.price,
    });
    this.#deliver(o, result, (reason) =>
      this.#ctx.sink.event(orderModifyRejected({ ...this.#header(o), reason })),
    );
  }

  async cancelOrder(command: CancelOrder): Promise<void> {
    const o = this.#order(command.clientOrderId);
    const result = await this.inner.cancelOrder({
      instrumentId: o.instrumentId,
      clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId,
      orderType: o.orderType,
    });
    this.#deliver(o, result, (reason) =>
      this.#ctx.sink.event(orderCancelRejected({ ...this.#header(o), reason })),
    );
  }

  async cancelAllOrders(command: CancelAllOrders): Promise<void> {
    const result = await this.inner.cancelAllOrders(command.instrumentId);
    if (result.type === 'accepted') for (const r of result.reports) this.#deliverReport(r, []);
    else this.#log.warn({ code: result.code }, `cancel all ${command.instrumentId}: ${result.reason}`);
  }

  queryOrder(command: QueryOrder): Promise<void>;
  queryOrder(query: OrderQuery): Promise<OrderStatusReport | null>;
  async queryOrder(q: QueryOrder | OrderQuery): Promise<unknown> {
    if ('type' in q) {
      const report = await this.inner.queryOrder({
        instrumentId: q.instrumentId,
        clientOrderId: q.clientOrderId,
        venueOrderId: q.venueOrderId,
      });
      if (report !== null) this.#deliverReport(report, []);
      return undefined;
    }
    return this.inner.queryOrder({
      instrumentId: q.instrumentId,
      clientOrderId: q.clientOrderId,
      venueOrderId: q.venueOrderId,
    });
  }

  generateOrderStatusReports(q: OrderStatusReportQuery | OrderReportsQuery): Promise<OrderStatusReport[]> {
    return this.inner.generateOrderStatusReports({
      openOnly: q.openOnly,
      instrumentId: q.instrumentId ?? null,
      ...('startNs' in q ? { startNs: q.startNs, endNs: q.endNs } : {}),
    });
  }

  generateFillReports(q: FillReportQuery | FillReportsQuery): Promise<FillReport[]> {
    return this.inner.generateFillReports({
      instrumentId: q.instrumentId ?? null,
      venueOrderId: q.venueOrderId ?? null,
      startNs: q.startNs ?? null,
      ...('endNs' in q ? { endNs: q.endNs } : {}),
    });
  }

  generatePositionStatusReports(q: PositionStatusReportQuery): Promise<PositionStatusReport[]> {
    return this.inner.generatePositionStatusReports(q);
  }

  generateMassStatus(lookbackMins: number | null): Promise<ExecutionMassStatus> {
    return this.inner.generateMassStatus(lookbackMins);
  }
}

/** A Binance market-data client for the node (see the module doc). */
export class BinanceNodeDataClient implements DataClient {
  readonly inner: BinanceDataClient;
  readonly clientId: ClientId;
  readonly venue: Venue;
  #connected = false;
  #instruments: readonly Instrument[] = [];
  readonly #ctx: ClientFactoryContext;

  constructor(
    config: BinanceDataClientConfig,
    ctx: ClientFactoryContext,
    overrides: Partial<BinanceDataClientOptions> = {},
  ) {
    this.#ctx = ctx;
    this.inner = new BinanceDataClient({
      config,
      clientId: ClientId.from(ctx.name),
      logger: ctx.logger.child({ component: `BinanceData.${ctx.name}` }),
      nowNs: () => ctx.clock.timestampNs(),
      onData: (item) => ctx.bus.send(Endpoint.DATA_PROCESS, item),
      ...overrides,
    });
    this.clientId = this.inner.clientId;
    this.venue = this.inner.venue;
  }

  get isConnected(): boolean {
    return this.#connected;
  }
  /** Connects and puts the venue's instruments in the cache (a node may have data clients only). */
  async connect(): Promise<void> {
    await this.inner.connect();
    this.#instruments = await this.inner.loadInstruments();
    for (const i of this.#instruments) this.#ctx.cache.addInstrument(i);
    this.#connected = true;
  }
  async disconnect(): Promise<void> {
    await this.inner.disconnect();
    this.#connected = false;
  }

  subscribeQuotes(instrumentId: InstrumentId): Promise<void> {
    return this.inner.subscribeQuotes(instrumentId);
  }
  unsubscribeQuotes(instrumentId: InstrumentId): Promise<void> {
    return this.inner.unsubscribeQuotes(instrumentId);
  }
  subscribeTrades(instrumentId: InstrumentId): Promise<void> {
    return this.inner.subscribeTrades(instrumentId);
  }
  unsubscribeTrades(instrumentId: InstrumentId): Promise<void> {
    return this.inner.unsubscribeTrades(instrumentId);
  }
  subscribeBars(barType: BarType): Promise<void> {
    return Promise.reject(
      new Error(
        `EXTERNAL bars are not served by Binance here (${barType.instrumentId}): aggregate INTERNAL bars`,
      ),
    );
  }
  unsubscribeBars(_barType: BarType): Promise<void> {
    return Promise.resolve();
  }
  subscribeBookDeltas(instrumentId: InstrumentId, _bookType: BookType, _depth: number | null): Promise<void> {
    return this.inner.subscribeBook(instrumentId);
  }
  unsubscribeBookDeltas(instrumentId: InstrumentId): Promise<void> {
    return this.inner.unsubscribeBook(instrumentId);
  }
  // Instruments come with `requestInstruments`; there is no instrument stream to subscribe to.
  subscribeInstrument(_instrumentId: InstrumentId): Promise<void> {
    return Promise.resolve();
  }
  unsubscribeInstrument(_instrumentId: InstrumentId): Promise<void> {
    return Promise.resolve();
  }
  subscribeInstruments(_venue: Venue): Promise<void> {
    return Promise.resolve();
  }
  unsubscribeInstruments(_venue: Venue): Promise<void> {
    return Promise.resolve();
  }

  async requestInstrument(instrumentId: InstrumentId): Promise<Instrument | null> {
    if (this.#instruments.length === 0) this.#instruments = await this.inner.loadInstruments();
    return this.#instruments.find((i) => i.id.eq(instrumentId)) ?? null;
  }
  async requestInstruments(_venue: Venue): Promise<readonly Instrument[]> {
    this.#instruments = await this.inner.loadInstruments();
    return this.#instruments;
  }
  requestQuotes(): Promise<never> {
    return Promise.reject(new Error('Binance has no historical quotes'));
  }
  requestTrades(): Promise<never> {
    return Promise.reject(new Error('historical trades are not wired for Binance yet'));
  }
  requestBars(): Promise<never> {
    return Promise.reject(new Error('historical bars are not wired for Binance yet'));
  }
}
