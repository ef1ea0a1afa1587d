/**
 * `ExecutionEngine`: routes trading commands to execution clients and applies what comes back to
 * orders, positions and accounts, in the cache, then publishes it.
 *
 * # Commands (`execute`, endpoint `ExecEngine.execute`)
 * Routed to the client named by the command's `clientId`, else the client the order was added
 * with, else by instrument, venue and default (`routing.ts`). With no client an
 * order is DENIED (`no execution client ...`), any other command dropped; both are counted
 * (`ENGINE_NO_CLIENT`).
 * - SubmitOrder / SubmitOrderList: the order is added to the cache if absent, linked to its
 *   position id when known up front (`position-ids.ts`), moved to SUBMITTED with the client's
 *   account id, and then handed to the client.
 * - ModifyOrder / CancelOrder / CancelAllOrders: the order(s) are moved to PENDING_UPDATE /
 *   PENDING_CANCEL when their status allows it (published like every event), then the command
 *   goes to the client. A modify or cancel of a closed order, or of one the state machine does
 *   not let take the request (a modify while a cancel is pending, a cancel of an order never
 *   submitted) is dropped with a warning.
 * - QueryOrder goes to the client as is.
 *
 * # Events (`process`, endpoint `ExecEngine.process`)
 * Every order event is applied with `order.apply` (the state machine), the cache is told
 * (`cache.updateOrder`), and the event is published on `events.order.<strategyId>`. Fills
 * without a position id get one (`position-ids.ts`: the published fill carries it) and then go
 * into positions: open, apply, close, and flips (a fill larger than the position it reduces is
 * split with `splitFill`: the closing part closes the position, the rest opens a new one,
 * under NETTING with the same id). Position events are published on
 * `events.position.<strategyId>` after the fill's order event. Account states update (or
 * create) the account and go out on `events.account.<accountId>`.
 *
 * # Never crash on bad input
 * An event for an order the cache does not hold, an event the order refuses (invalid transition,
 * duplicate fill, overfill), a fill a position refuses, a state an account refuses: each is
 * logged, counted under its code (`errorCounts`) and dropped; the engine goes on. A client
 * method that throws or rejects is counted as `ENGINE_CLIENT_FAILED`.
 *
 * # Own order books
 * With `manageOwnOrderBooks`, every order with a price that is SUBMITTED or open rests in the
 * instrument's `OwnOrderBook` in the cache (leaves quantity, status), updated on each of its
 * events and removed when it leaves those statuses: what the own-books audit of the live layer
 * compares with the venue's public book.
 *
 * # Snapshots
 * With `snapshotOrders` every order event hands `order.toSnapshot()` to the snapshot writer;
 * with `snapshotPositions` every position event hands the position, and with
 * `snapshotPositionsIntervalSecs` every open position is handed over on that interval (from
 * `start()`). The default writer publishes them on the bus (`snapshots.ts`).
 *
 * # Determinism
 * Event ids the engine makes (submitted, pending, position events, the opening part of a flip)
 * come from `eventIds` (default random UUIDs): give a counter for byte-identical replays.
 */
import type { Cache } from '../cache/index.js';
import type { Clock, MessageBus } from '../common/index.js';
import { Component } from '../common/index.js';
import { LiveExecEngineConfig, type LiveExecEngineConfigInput } from '../config/index.js';
import { type Account, CashAccount, MarginAccount } from '../model/accounts/index.js';
import type { OmsType } from '../model/enums.js';
import {
  type AccountState,
  assertNever,
  type OrderEvent,
  type OrderEventHeader,
  type OrderFilled,
  orderDenied,
  orderPendingCancel,
  orderPendingUpdate,
  orderSubmitted,
} from '../model/events/index.js';
import type { ClientId, ClientOrderId, PositionId, StrategyId } from '../model/identifiers/index.js';
import { Order, OwnOrderBook, orderTransition } from '../model/index.js';
import type { Instrument } from '../model/instruments/index.js';
import { Position, splitFill } from '../model/positions/index.js';
import type { ExecutionClient } from './clients.js';
import type {
  CancelAllOrders,
  CancelOrder,
  ModifyOrder,
  SubmitOrder,
  SubmitOrderList,
  TradingCommand,
} from './commands.js';
import { type ClientOwnerOptions, callClient, type EngineDeps } from './deps.js';
import { codeOf, EngineErrorCode, type EngineErrorCounts, ErrorCounter } from './errors.js';
import { effectiveOms, hedgingPositionId, nettingPositionId } from './position-ids.js';
import { type ClientRouteOptions, ClientRouter } from './routing.js';
import { BusSnapshotWriter, type SnapshotWriter } from './snapshots.js';
import { Endpoint, TopicMemo, Topics } from './topics.js';

/** Anything the engine takes from clients. */
export type ExecutionEvent = OrderEvent | AccountState;

export interface ExecEngineOptions extends EngineDeps, ClientOwnerOptions {
  readonly config?: LiveExecEngineConfigInput;
  /** Where snapshots go (default: published on the bus, see `snapshots.ts`). */
  readonly snapshots?: SnapshotWriter;
  /** Ids of the events the engine makes (default: random UUIDs). */
  readonly eventIds?: () => string;
  /** Keep an `OwnOrderBook` per instrument in the cache from order events (default false). */
  readonly manageOwnOrderBooks?: boolean;
}

const POSITION_SNAPSHOT_TIMER = 'ExecEngine.snapshot_positions';

export class ExecutionEngine extends Component {
  readonly config: LiveExecEngineConfig;
  readonly #bus: MessageBus;
  readonly #cache: Cache;
  readonly #clock: Clock;
  readonly #snapshots: SnapshotWriter;
  readonly #eventId: () => string;
  readonly #router = new ClientRouter<ExecutionClient>('execution');
  readonly #omsOverrides = new Map<string, OmsType>();
  readonly #errors = new ErrorCounter();
  readonly #orderTopics = new TopicMemo<StrategyId>(Topics.orderEvents, (s) => s.value);
  readonly #positionTopics = new TopicMemo<StrategyId>(Topics.positionEvents, (s) => s.value);
  readonly #ownBooks: boolean;
  readonly #connectClients: boolean;
  // Orders held in an own book (own books refuse a second add / an unknown update).
  readonly #inOwnBook = new Set<string>();
  #commandCount = 0;
  #eventCount = 0;

  constructor(options: ExecEngineOptions) {
    super('ExecEngine', options.logger === undefined ? {} : { logger: options.logger });
    this.config = LiveExecEngineConfig.parse(options.config ?? {});
    this.#bus = options.bus;
    this.#cache = options.cache;
    this.#clock = options.clock;
    this.#snapshots = options.snapshots ?? new BusSnapshotWriter(options.bus);
    this.#eventId = options.eventIds ?? (() => crypto.randomUUID());
    this.#ownBooks = options.manageOwnOrderBooks ?? false;
    this.#connectClients = options.connectClients ?? true;
    this.#bus.register(Endpoint.EXEC_EXECUTE, (c: TradingCommand) => this.execute(c));
    this.#bus.register(Endpoint.EXEC_PROCESS, (e: ExecutionEvent) => this.process(e));
  }

  // ---- clients and OMS ----------------------------------------------------------------------

  /** Registers a client (routing: see `routing.ts`). */
  registerClient(client: ExecutionClient, options: ClientRouteOptions = {}): void {
    this.#router.register(client, options);
  }

  get clients(): readonly ExecutionClient[] {
    return this.#router.all();
  }

  /** A strategy's own OMS type, over the client's (`UNSPECIFIED` removes the override). */
  registerOmsType(strategyId: StrategyId, omsType: OmsType): void {
    if (omsType === 'UNSPECIFIED') this.#omsOverrides.delete(strategyId.value);
    else this.#omsOverrides.set(strategyId.value, omsType);
  }

  /**
   * The client that routes an order: the one it was added with, else its venue's, else the
   * default (what in-flight checks and reconciliation query); `null` when none.
   */
  clientForOrder(order: Order): ExecutionClient | null {
    return this.#clientForOrder(order.clientOrderId, null, order);
  }

  /** The client registered under an id, or `null`. */
  client(clientId: ClientId): ExecutionClient | null {
    return this.#router.byId(clientId);
  }

  /** The OMS in effect for an order (see `position-ids.ts`). */
  omsFor(order: Order): 'NETTING' | 'HEDGING' {
    const client = this.#clientForOrder(order.clientOrderId, null, order);
    return effectiveOms(this.#omsOverrides.get(order.strategyId.value), client?.omsType);
  }

  #clientForOrder(
    clientOrderId: ClientOrderId | null,
    explicit: TradingCommand['clientId'],
    order: Pick<Order, 'instrumentId'>,
  ): ExecutionClient | null {
    if (explicit !== null) return this.#router.byId(explicit);
    if (clientOrderId !== null) {
      const cid = this.#cache.clientIdForOrder(clientOrderId);
      if (cid !== null) {
        const c = this.#router.byId(cid);
        if (c !== null) return c;
      }
    }
    return this.#router.route(order.instrumentId, null);
  }

  async connect(): Promise<void> {
    await Promise.all(this.#router.all().map((c) => c.connect()));
  }
  async disconnect(): Promise<void> {
    await Promise.all(this.#router.all().map((c) => c.disconnect()));
  }

  protected override async onStart(): Promise<void> {
    if (this.#connectClients) await this.connect();
    const secs = this.config.snapshotPositionsIntervalSecs;
    if (secs !== null && this.config.snapshotPositions) {
      this.#clock.setTimer({
        name: POSITION_SNAPSHOT_TIMER,
        intervalNs: BigInt(Math.round(secs * 1e9)),
        callback: (e) => {
          for (const p of this.#cache.positionsOpen()) this.#snapshots.snapshotPosition(p, e.tsEvent);
        },
      });
    }
  }
  protected override async onStop(): Promise<void> {
    this.#clock.cancelTimer(POSITION_SNAPSHOT_TIMER);
    if (this.#connectClients) await this.disconnect();
  }

  // ---- counters -------------------------------------------------------------------------------

  get errorCounts(): EngineErrorCounts {
    return this.#errors.snapshot();
  }
  get commandCount(): number {
    return this.#commandCount;
  }
  get eventCount(): number {
    return this.#eventCount;
  }

  // ---- commands -------------------------------------------------------------------------------

  execute(command: TradingCommand): void {
    this.#commandCount += 1;
    if (this.config.debug) this.log.info({ type: command.type, commandId: command.commandId }, 'command');
    switch (command.type) {
      case 'SubmitOrder':
        this.#submit(command);
        return;
      case 'SubmitOrderList':
        this.#submitList(command);
        return;
      case 'ModifyOrder':
        this.#modify(command);
        return;
      case 'CancelOrder':
        this.#cancel(command);
        return;
      case 'CancelAllOrders':
        this.#cancelAll(command);
        return;
      case 'QueryOrder': {
        const client = this.#clientForOrder(command.clientOrderId, command.clientId, command);
        if (client === null) {
          this.#noClient(command);
          return;
        }
        callClient(() => client.queryOrder(command), this.#clientFailed(client, 'queryOrder'));
        return;
      }
      default:
        assertNever(command, 'trading command');
    }
  }

  #noClient(command: TradingCommand): void {
    this.#errors.add(EngineErrorCode.ENGINE_NO_CLIENT);
    this.log.error(
      { type: command.type, instrumentId: command.instrumentId.value },
      'no execution client: dropped',
    );
  }

  #clientFailed(client: ExecutionClient, what: string): (error: unknown) => void {
    return (error: unknown) => {
      this.#errors.add(EngineErrorCode.ENGINE_CLIENT_FAILED);
      this.log.error({ err: error, client: client.clientId.value }, `${what} failed`);
    };
  }

  #header(order: Order): OrderEventHeader {
    return order.eventHeader(this.#eventId(), this.#clock.timestampNs());
  }

  /** Adds the order (if new), links its position id, and moves it to SUBMITTED. False if refused. */
  #prepareSubmit(order: Order, command: SubmitOrder | SubmitOrderList, client: ExecutionClient): boolean {
    if (!this.#cache.orderExists(order.clientOrderId)) {
      this.#cache.addOrder(order, { positionId: command.positionId, clientId: client.clientId });
    }
    const oms = effectiveOms(this.#omsOverrides.get(order.strategyId.value), client.omsType);
    const pid =
      oms === 'NETTING' ? nettingPositionId(order.instrumentId, order.strategyId) : command.positionId;
    if (pid !== null) this.#cache.addPositionId(pid, order.clientOrderId);
    return this.#applyEvent(order, orderSubmitted({ ...this.#header(order), accountId: client.accountId }));
  }

  #submit(command: SubmitOrder): void {
    const order = command.order;
    const client = this.#clientForOrder(order.clientOrderId, command.clientId, order);
    if (client === null) {
      this.#errors.add(EngineErrorCode.ENGINE_NO_CLIENT);
      this.#denyNoClient(order);
      return;
    }
    if (!this.#prepareSubmit(order, command, client)) return;
    callClient(() => client.submitOrder(command), this.#clientFailed(client, 'submitOrder'));
  }

  #submitList(command: SubmitOrderList): void {
    const list = command.orderList;
    const client = this.#clientForOrder(list.orders[0]?.clientOrderId ?? null, command.clientId, list);
    if (!this.#cache.orderListExists(list.id)) this.#cache.addOrderList(list);
    if (client === null) {
      this.#errors.add(EngineErrorCode.ENGINE_NO_CLIENT);
      for (const o of list.orders) {
        if (!this.#cache.orderExists(o.clientOrderId)) this.#cache.addOrder(o);
        this.#denyNoClient(o);
      }
      return;
    }
    let ok = true;
    for (const o of list.orders) ok = this.#prepareSubmit(o, command, client) && ok;
    if (!ok) return;
    callClient(() => client.submitOrderList(command), this.#clientFailed(client, 'submitOrderList'));
  }

  #denyNoClient(order: Order): void {
    if (!this.#cache.orderExists(order.clientOrderId)) this.#cache.addOrder(order);
    const reason = `no execution client for ${order.instrumentId.venue}`;
    this.log.error({ clientOrderId: order.clientOrderId.value }, reason);
    this.#applyEvent(order, orderDenied({ ...this.#header(order), reason }));
  }

  /** The held order a modify/cancel names, when it may take `kind`; else logs and returns null. */
  #pendingTarget(
    command: ModifyOrder | CancelOrder,
    kind: 'PENDING_UPDATE' | 'PENDING_CANCEL',
  ): Order | null {
    const order = this.#cache.order(command.clientOrderId);
    if (order === null) {
      this.#errors.add(EngineErrorCode.ENGINE_UNKNOWN_ORDER);
      this.log.error(
        { clientOrderId: command.clientOrderId.value },
        `${command.type} of an unknown order: dropped`,
      );
      return null;
    }
    if (orderTransition(order.status, kind) === null) {
      this.log.warn(
        { clientOrderId: order.clientOrderId.value, status: order.status },
        `${command.type} not possible in status ${order.status}: dropped`,
      );
      return null;
    }
    return order;
  }

  #modify(command: ModifyOrder): void {
    const order = this.#pendingTarget(command, 'PENDING_UPDATE');
    if (order === null) return;
    const client = this.#clientForOrder(order.clientOrderId, command.clientId, order);
    if (client === null) {
      this.#noClient(command);
      return;
    }
    if (!this.#applyEvent(order, orderPendingUpdate(this.#header(order)))) return;
    callClient(() => client.modifyOrder(command), this.#clientFailed(client, 'modifyOrder'));
  }

  #cancel(command: CancelOrder): void {
    const order = this.#pendingTarget(command, 'PENDING_CANCEL');
    if (order === null) return;
    const client = this.#clientForOrder(order.clientOrderId, command.clientId, order);
    if (client === null) {
      this.#noClient(command);
      return;
    }
    if (!this.#applyEvent(order, orderPendingCancel(this.#header(order)))) return;
    callClient(() => client.cancelOrder(command), this.#clientFailed(client, 'cancelOrder'));
  }

  #cancelAll(command: CancelAllOrders): void {
    const client = this.#clientForOrder(null, command.clientId, command);
    if (client === null) {
      this.#noClient(command);
      return;
    }
    const filter = {
      instrumentId: command.instrumentId,
      strategyId: command.strategyId,
      ...(command.orderSide === null ? {} : { side: command.orderSide }),
    };
    const targets = [...this.#cache.ordersOpen(filter), ...this.#cache.ordersInflight(filter)];
    const seen = new Set<string>();
    for (const o of targets) {
      if (seen.has(o.clientOrderId.value)) continue;
      seen.add(o.clientOrderId.value);
      if (o.status !== 'PENDING_CANCEL' && orderTransition(o.status, 'PENDING_CANCEL') !== null) {
        this.#applyEvent(o, orderPendingCancel(this.#header(o)));
      }
    }
    callClient(() => client.cancelAllOrders(command), this.#clientFailed(client, 'cancelAllOrders'));
  }

  // ---- events ---------------------------------------------------------------------------------

  /** Takes an order event or account state from a client (see the module doc). Never throws. */
  process(event: ExecutionEvent): void {
    this.#eventCount += 1;
    if (this.config.debug) this.log.info({ type: event.type }, 'event');
    if (event.type === 'AccountState') {
      this.#onAccountState(event);
      return;
    }
    if (event.type === 'OrderInitialized') {
      this.#onExternalOrder(event);
      return;
    }
    const order = this.#cache.order(event.clientOrderId);
    if (order === null) {
      this.#errors.add(EngineErrorCode.ENGINE_UNKNOWN_ORDER);
      this.log.error(
        { type: event.type, clientOrderId: event.clientOrderId.value },
        'event for an unknown order: dropped',
      );
      return;
    }
    if (order.isClosed && (event.type === 'OrderModifyRejected' || event.type === 'OrderCancelRejected')) {
      // The venue answered a command the order outran (it filled or closed meanwhile): an
      // expected race, and nothing is left to modify or cancel.
      this.log.info(
        {
          type: event.type,
          clientOrderId: order.clientOrderId.value,
          status: order.status,
          reason: event.reason,
        },
        'rejection for an order already closed: ignored',
      );
      return;
    }
    if (event.type !== 'OrderFilled') {
      this.#applyEvent(order, event);
      return;
    }
    const fill = this.#withPositionId(order, event);
    if (this.#applyEvent(order, fill)) this.#onFill(fill);
  }

  /** An order the engine did not create (reconciliation, external): added as INITIALIZED. */
  #onExternalOrder(init: OrderEvent & { type: 'OrderInitialized' }): void {
    if (this.#cache.orderExists(init.clientOrderId)) {
      this.#errors.add(EngineErrorCode.ENGINE_INVALID_EVENT);
      this.log.error(
        { clientOrderId: init.clientOrderId.value },
        'OrderInitialized for a held order: dropped',
      );
      return;
    }
    let order: Order;
    try {
      order = new Order(init);
    } catch (error) {
      this.#errors.add(EngineErrorCode.ENGINE_INVALID_EVENT);
      this.log.error(
        { err: error, clientOrderId: init.clientOrderId.value },
        'invalid OrderInitialized: dropped',
      );
      return;
    }
    this.#cache.addOrder(order);
    this.#publishOrderEvent(order, init);
  }

  /** Applies an event to an order, tells the cache, snapshots, publishes. False when refused. */
  #applyEvent(order: Order, event: Exclude<OrderEvent, { type: 'OrderInitialized' }>): boolean {
    try {
      order.apply(event);
    } catch (error) {
      this.#errors.add(EngineErrorCode.ENGINE_INVALID_EVENT);
      this.log.error(
        { err: error, code: codeOf(error), type: event.type, clientOrderId: order.clientOrderId.value },
        'order refused the event: dropped',
      );
      return false;
    }
    this.#cache.updateOrder(order);
    this.#publishOrderEvent(order, event);
    return true;
  }

  #publishOrderEvent(order: Order, event: OrderEvent): void {
    this.orderEventApplied(order, event);
    this.#bus.publish(this.#orderTopics.get(order.strategyId), event);
  }

  /**
   * What follows an order event once applied and cached: the own order book and the order
   * snapshot. The engine calls it for the events it applies; the live layer for those it applies
   * itself (reconciliation, the checks' resolutions), which it publishes.
   */
  orderEventApplied(order: Order, event: OrderEvent): void {
    if (this.#ownBooks) this.#updateOwnBook(order);
    if (this.config.snapshotOrders) this.#snapshots.snapshotOrder(order.toSnapshot(), event.tsEvent);
  }

  /** The position snapshot of a position changed outside the engine (see `orderEventApplied`). */
  positionApplied(position: Position, tsEvent: bigint): void {
    if (this.config.snapshotPositions) this.#snapshots.snapshotPosition(position, tsEvent);
  }

  /**
   * Keeps the order's own book entry in step: an order with a price that is SUBMITTED or open
   * rests there with its leaves quantity and status; any other status takes it out.
   */
  #updateOwnBook(order: Order): void {
    const key = order.clientOrderId.value;
    const rests = order.price !== null && (order.isOpen || order.status === 'SUBMITTED');
    const held = this.#inOwnBook.has(key);
    if (!rests && !held) return;
    let book = this.#cache.ownOrderBook(order.instrumentId) as OwnOrderBook | null;
    if (book === null) {
      book = new OwnOrderBook(order.instrumentId);
      this.#cache.addOwnOrderBook(order.instrumentId, book);
    }
    try {
      if (!rests) {
        book.delete(key);
        this.#inOwnBook.delete(key);
        return;
      }
      const entry = {
        clientOrderId: key,
        side: order.side,
        price: order.price!,
        size: order.leavesQty,
        status: order.status,
        tsLast: order.tsLast,
      };
      if (held) book.update(entry);
      else {
        book.add(entry);
        this.#inOwnBook.add(key);
      }
    } catch (error) {
      this.#errors.add(EngineErrorCode.ENGINE_INVALID_STATE);
      this.log.error({ err: error, clientOrderId: key }, 'own order book refused the order');
    }
  }

  /** The fill with its position id (see `position-ids.ts`); the same object when it had the right one. */
  #withPositionId(order: Order, fill: OrderFilled): OrderFilled {
    let pid: PositionId;
    if (this.omsFor(order) === 'NETTING') {
      pid = nettingPositionId(order.instrumentId, order.strategyId);
    } else {
      pid =
        fill.positionId ??
        this.#cache.positionIdForOrder(order.clientOrderId) ??
        hedgingPositionId(order.clientOrderId);
    }
    return fill.positionId?.eq(pid) ? fill : { ...fill, positionId: pid };
  }

  #onFill(fill: OrderFilled): void {
    const instrument = this.#cache.instrument(fill.instrumentId);
    if (instrument === null) {
      this.#errors.add(EngineErrorCode.ENGINE_UNKNOWN_INSTRUMENT);
      this.log.error(
        { instrumentId: fill.instrumentId.value, tradeId: fill.tradeId.value },
        'fill of an unknown instrument: no position',
      );
      return;
    }
    const pid = fill.positionId!;
    try {
      const position = this.#cache.position(pid);
      if (position === null || position.isClosed) {
        this.#open(instrument, fill, pid);
        return;
      }
      const reducing =
        (position.isLong && fill.orderSide === 'SELL') || (position.isShort && fill.orderSide === 'BUY');
      if (reducing && fill.lastQty.raw > position.quantity.raw) {
        this.#flip(instrument, position, fill);
        return;
      }
      position.apply(fill);
      this.#cache.updatePosition(position);
      this.#publishPosition(position);
    } catch (error) {
      this.#errors.add(EngineErrorCode.ENGINE_INVALID_STATE);
      this.log.error(
        { err: error, positionId: pid.value, tradeId: fill.tradeId.value },
        'position refused the fill',
      );
    }
  }

  #open(instrument: Instrument, fill: OrderFilled, pid: PositionId): void {
    const position = Position.open(instrument, fill, pid);
    this.#cache.addPosition(position);
    this.#publishPosition(position);
  }

  /** Closes `position` with part of the fill and opens the other side with the rest. */
  #flip(instrument: Instrument, position: Position, fill: OrderFilled): void {
    const oms = this.omsFor(this.#cache.order(fill.clientOrderId)!);
    const openingId = oms === 'NETTING' ? position.id : hedgingPositionId(fill.clientOrderId);
    const [closing, opening] = splitFill(fill, position.quantity, openingId, this.#eventId());
    position.apply(closing);
    this.#cache.updatePosition(position);
    this.#publishPosition(position);
    this.#open(instrument, opening, openingId);
  }

  #publishPosition(position: Position): void {
    const event = position.toEvent(this.#clock.timestampNs(), this.#eventId());
    if (this.config.snapshotPositions) this.#snapshots.snapshotPosition(position, event.tsInit);
    this.#bus.publish(this.#positionTopics.get(position.strategyId), event);
  }

  #onAccountState(state: AccountState): void {
    let account: Account | null = this.#cache.account(state.accountId);
    try {
      if (account === null) {
        account = state.accountType === 'CASH' ? CashAccount.create(state) : MarginAccount.create(state);
        this.#cache.addAccount(account);
      } else {
        account.apply(state);
        this.#cache.updateAccount(account);
      }
    } catch (error) {
      this.#errors.add(EngineErrorCode.ENGINE_INVALID_STATE);
      this.log.error({ err: error, accountId: state.accountId.value }, 'account refused the state: dropped');
      return;
    }
    this.#bus.publish(Topics.accountEvents(state.accountId), state);
  }
}
