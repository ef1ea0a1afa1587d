/**
 * `RiskEngine`: the pre-trade gate between strategies and the ExecutionEngine.
 *
 * # Flow
 * A trading command (`execute`, endpoint `RiskEngine.execute`) is checked and then sent on to
 * `ExecEngine.execute`, or refused: a refused submit becomes an `OrderDenied` (INITIALIZED ->
 * DENIED), a refused modify an `OrderModifyRejected` (back to the order's status), each sent to
 * `ExecEngine.process`, which applies it through the order's state machine, updates the cache
 * and publishes it like any other event. A `SubmitOrder`'s order is added to the cache here when
 * it is not there yet (with the command's position id and client id).
 *
 * # Checks on SubmitOrder (and each order of a SubmitOrderList; one denial denies the list)
 * 1. trading state: HALTED denies every submit; REDUCING denies an order that would not reduce
 *    the instrument's net position (over every strategy) without flipping it;
 * 2. the instrument is in the cache;
 * 3. price and trigger price: precision, positive, multiple of the increment, min/max price;
 * 4. quantity: precision, multiple of the size increment, min/max quantity (not for
 *    `quoteQuantity` orders, whose quantity is an amount of the quote currency);
 * 5. notional (see `risk-checks.ts`): the instrument's min/max notional, `maxNotionalPerOrder`;
 * 6. reduce-only: the order must reduce the position (the command's position id, else the net of
 *    the strategy's open positions on the instrument) without flipping it;
 * 7. CASH accounts: the free balance covers the notional plus the taker fee (BUY), or the
 *    quantity of the base currency (SELL); each order on its own (the free balance reported by
 *    the venue already excludes what open orders lock). Not for reduce-only orders, nor for
 *    children of an OTO (`parentOrderId`), which go live only once their parent filled;
 * 8. the submit throttle (`maxOrderSubmitRate`, sliding window on the clock; a list counts as
 *    one submission). A throttled order is DENIED with a reason naming the limit: it is never
 *    queued, so a strategy never has an order sent late without knowing it. It runs last, so
 *    orders denied for another reason use no capacity.
 *
 * # Checks on ModifyOrder
 * The order must be held and not closed (else the command is dropped and logged). HALTED
 * rejects every modify; REDUCING rejects a larger quantity. New prices and quantity are checked
 * as above, the notional of the modified order against `maxNotionalPerOrder` and the instrument,
 * then the modify throttle (`maxOrderModifyRate`).
 *
 * # Always let through
 * Cancels (`CancelOrder`, `CancelAllOrders`) and `QueryOrder`, whatever the state: reducing risk
 * must never be blocked. With `bypass` every command goes straight on, unchecked and
 * unthrottled.
 */
import type { Cache } from '../cache/index.js';
import type { Clock, MessageBus } from '../common/index.js';
import { Component } from '../common/index.js';
import { LiveRiskEngineConfig, type LiveRiskEngineConfigInput, parseRateLimit } from '../config/index.js';
import {
  assertNever,
  type OrderEventHeader,
  orderDenied,
  orderModifyRejected,
} from '../model/events/index.js';
import type { InstrumentId } from '../model/identifiers/index.js';
import type { Order } from '../model/orders/index.js';
import { Quantity } from '../model/values/index.js';
import type { ModifyOrder, SubmitOrder, SubmitOrderList, TradingCommand } from './commands.js';
import type { EngineDeps } from './deps.js';
import {
  checkCashBalance,
  checkNotional,
  checkPrice,
  checkQuantity,
  netRaw,
  openPositions,
  orderNotional,
  pricingPrice,
  wouldReduce,
} from './risk-checks.js';
import { RateThrottler } from './throttler.js';
import { Endpoint, Topics } from './topics.js';

/** The trading state of the node: what the risk engine lets through. */
export const TradingState = Object.freeze({
  /** Every check passing order goes through. */
  ACTIVE: 'ACTIVE',
  /** Only orders that reduce a position (cancels always). */
  REDUCING: 'REDUCING',
  /** No new orders or modifications (cancels always). */
  HALTED: 'HALTED',
} as const);
export type TradingState = keyof typeof TradingState;

/** Published on `events.risk.trading_state` when the trading state changes. */
export interface TradingStateChanged {
  readonly type: 'TradingStateChanged';
  readonly state: TradingState;
  readonly previous: TradingState;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export interface RiskEngineOptions extends EngineDeps {
  readonly config?: LiveRiskEngineConfigInput;
  /** Ids of the events the engine makes (denials; default: random UUIDs). */
  readonly eventIds?: () => string;
}

export class RiskEngine extends Component {
  readonly config: LiveRiskEngineConfig;
  readonly #bus: MessageBus;
  readonly #cache: Cache;
  readonly #clock: Clock;
  readonly #submitThrottle: RateThrottler;
  readonly #modifyThrottle: RateThrottler;
  readonly #maxNotional = new Map<string, bigint>();
  readonly #eventId: () => string;
  #state: TradingState = 'ACTIVE';
  #denied = 0;

  constructor(options: RiskEngineOptions) {
    super('RiskEngine', options.logger === undefined ? {} : { logger: options.logger });
    this.config = LiveRiskEngineConfig.parse(options.config ?? {});
    this.#bus = options.bus;
    this.#cache = options.cache;
    this.#clock = options.clock;
    this.#eventId = options.eventIds ?? (() => crypto.randomUUID());
    this.#submitThrottle = new RateThrottler(parseRateLimit(this.config.maxOrderSubmitRate), this.#clock);
    this.#modifyThrottle = new RateThrottler(parseRateLimit(this.config.maxOrderModifyRate), this.#clock);
    // Decimal strings read exactly as raws at 16 decimals (the config refused anything else).
    for (const [id, value] of Object.entries(this.config.maxNotionalPerOrder)) {
      this.#maxNotional.set(id, Quantity.from(value).raw);
    }
    this.#bus.register(Endpoint.RISK_EXECUTE, (c: TradingCommand) => this.execute(c));
  }

  get tradingState(): TradingState {
    return this.#state;
  }

  /** Commands refused so far (denied submits and rejected modifies). */
  get deniedCount(): number {
    return this.#denied;
  }

  get submitThrottler(): RateThrottler {
    return this.#submitThrottle;
  }
  get modifyThrottler(): RateThrottler {
    return this.#modifyThrottle;
  }

  /** Sets the trading state and publishes `TradingStateChanged` (nothing when unchanged). */
  setTradingState(state: TradingState): void {
    if (!(state in TradingState)) throw new TypeError(`unknown trading state '${String(state)}'`);
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    const now = this.#clock.timestampNs();
    const event: TradingStateChanged = {
      type: 'TradingStateChanged',
      state,
      previous,
      tsEvent: now,
      tsInit: now,
    };
    this.log.warn({ state, previous }, 'trading state changed');
    this.#bus.publish(Topics.tradingState(), event);
  }

  /** The configured maximum notional of one order on an instrument (raw), or `null`. */
  maxNotionalPerOrder(instrumentId: InstrumentId): bigint | null {
    return this.#maxNotional.get(instrumentId.value) ?? null;
  }

  /** Sets (or with `null` removes) the maximum notional of one order (a raw at 16 decimals). */
  setMaxNotionalPerOrder(instrumentId: InstrumentId, raw: bigint | null): void {
    if (raw === null) this.#maxNotional.delete(instrumentId.value);
    else this.#maxNotional.set(instrumentId.value, raw);
  }

  // ---- commands -------------------------------------------------------------------------------

  execute(command: TradingCommand): void {
    switch (command.type) {
      case 'SubmitOrder':
        this.#onSubmit(command);
        return;
      case 'SubmitOrderList':
        this.#onSubmitList(command);
        return;
      case 'ModifyOrder':
        this.#onModify(command);
        return;
      case 'CancelOrder':
      case 'CancelAllOrders':
      case 'QueryOrder':
        this.#forward(command);
        return;
      default:
        assertNever(command, 'trading command');
    }
  }

  #forward(command: TradingCommand): void {
    this.#bus.send(Endpoint.EXEC_EXECUTE, command);
  }

  #addToCache(order: Order, command: SubmitOrder | SubmitOrderList): void {
    if (this.#cache.orderExists(order.clientOrderId)) return;
    this.#cache.addOrder(order, { positionId: command.positionId, clientId: command.clientId });
  }

  #onSubmit(command: SubmitOrder): void {
    const order = command.order;
    this.#addToCache(order, command);
    if (this.config.bypass) {
      this.#forward(command);
      return;
    }
    const reason =
      this.#checkSubmit(order, command) ??
      this.#throttle(this.#submitThrottle, 'submit', 'maxOrderSubmitRate');
    if (reason !== null) {
      this.#deny(order, reason);
      return;
    }
    this.#forward(command);
  }

  #onSubmitList(command: SubmitOrderList): void {
    const list = command.orderList;
    if (!this.#cache.orderListExists(list.id)) this.#cache.addOrderList(list);
    for (const o of list.orders) this.#addToCache(o, command);
    if (this.config.bypass) {
      this.#forward(command);
      return;
    }
    let reason: string | null = null;
    for (const o of list.orders) {
      const r = this.#checkSubmit(o, command);
      if (r !== null) {
        reason = `order list ${list.id} denied: ${o.clientOrderId}: ${r}`;
        break;
      }
    }
    reason ??= this.#throttle(this.#submitThrottle, 'submit', 'maxOrderSubmitRate');
    if (reason !== null) {
      for (const o of list.orders) this.#deny(o, reason);
      return;
    }
    this.#forward(command);
  }

  #onModify(command: ModifyOrder): void {
    const order = this.#cache.order(command.clientOrderId);
    if (order === null) {
      this.log.warn({ clientOrderId: command.clientOrderId.value }, 'modify of an unknown order: dropped');
      return;
    }
    if (order.isClosed) {
      this.log.warn(
        { clientOrderId: order.clientOrderId.value, status: order.status },
        'modify of a closed order: dropped',
      );
      return;
    }
    if (this.config.bypass) {
      this.#forward(command);
      return;
    }
    const reason =
      this.#checkModify(order, command) ??
      this.#throttle(this.#modifyThrottle, 'modify', 'maxOrderModifyRate');
    if (reason !== null) {
      this.#rejectModify(order, reason);
      return;
    }
    this.#forward(command);
  }

  #throttle(t: RateThrottler, what: string, setting: string): string | null {
    if (t.tryAcquire()) return null;
    const rate =
      setting === 'maxOrderSubmitRate' ? this.config.maxOrderSubmitRate : this.config.maxOrderModifyRate;
    return `order ${what} rate exceeded: ${setting} ${rate}`;
  }

  // ---- checks ---------------------------------------------------------------------------------

  #checkSubmit(order: Order, command: SubmitOrder | SubmitOrderList): string | null {
    if (this.#state === 'HALTED') return 'trading state is HALTED';
    const instrument = this.#cache.instrument(order.instrumentId);
    if (instrument === null) return `instrument ${order.instrumentId} is not in the cache`;
    const qty = order.quantity;
    if (this.#state === 'REDUCING') {
      const net = netRaw(openPositions(this.#cache, order.instrumentId));
      if (!wouldReduce(order.side, qty.raw, net)) {
        return `trading state is REDUCING and a ${order.side} of ${qty} would not reduce the net position of ${order.instrumentId}`;
      }
    }
    if (order.price !== null) {
      const r = checkPrice('price', order.price, instrument);
      if (r !== null) return r;
    }
    if (order.triggerPrice !== null) {
      const r = checkPrice('trigger price', order.triggerPrice, instrument);
      if (r !== null) return r;
    }
    if (!order.quoteQuantity) {
      const r = checkQuantity(qty, instrument);
      if (r !== null) return r;
    }
    if (order.reduceOnly) {
      const pid = command.positionId;
      const held = pid === null ? null : this.#cache.position(pid);
      const positions =
        pid === null
          ? openPositions(this.#cache, order.instrumentId, order.strategyId)
          : held?.isOpen
            ? [held]
            : [];
      if (!wouldReduce(order.side, qty.raw, netRaw(positions))) {
        return `reduce-only ${order.side} of ${qty} would increase or flip the position of ${order.instrumentId}`;
      }
    }
    const maxRaw = this.#maxNotional.get(order.instrumentId.value) ?? null;
    const price = pricingPrice(this.#cache, order.instrumentId, order.side, order.price, order.triggerPrice);
    if (price === null) {
      const account = this.#cache.accountForVenue(order.instrumentId.venue);
      const needed =
        maxRaw !== null ||
        instrument.maxNotional !== null ||
        instrument.minNotional !== null ||
        (account?.isCashAccount ?? false);
      return needed
        ? `no price to check the notional of ${order.orderType} ${order.clientOrderId} on ${order.instrumentId}`
        : null;
    }
    const notional = orderNotional(instrument, qty, price, order.quoteQuantity);
    const r = checkNotional(notional, instrument, maxRaw);
    if (r !== null) return r;
    // Reduce-only orders spend nothing; OTO children only go live once their parent filled.
    if (!order.reduceOnly && order.parentOrderId === null) {
      const c = checkCashBalance(this.#cache, instrument, order.side, qty, notional, price);
      if (c !== null) return c;
    }
    return null;
  }

  #checkModify(order: Order, command: ModifyOrder): string | null {
    if (this.#state === 'HALTED') return 'trading state is HALTED';
    const qty = command.quantity ?? order.quantity;
    if (this.#state === 'REDUCING' && qty.gt(order.quantity)) {
      return `trading state is REDUCING: quantity ${order.quantity} cannot grow to ${qty}`;
    }
    const instrument = this.#cache.instrument(order.instrumentId);
    if (instrument === null) return `instrument ${order.instrumentId} is not in the cache`;
    if (command.price !== null) {
      const r = checkPrice('price', command.price, instrument);
      if (r !== null) return r;
    }
    if (command.triggerPrice !== null) {
      const r = checkPrice('trigger price', command.triggerPrice, instrument);
      if (r !== null) return r;
    }
    if (command.quantity !== null && !order.quoteQuantity) {
      const r = checkQuantity(command.quantity, instrument);
      if (r !== null) return r;
    }
    const price = pricingPrice(
      this.#cache,
      order.instrumentId,
      order.side,
      command.price ?? order.price,
      command.triggerPrice ?? order.triggerPrice,
    );
    if (price !== null) {
      const notional = orderNotional(instrument, qty, price, order.quoteQuantity);
      const r = checkNotional(notional, instrument, this.#maxNotional.get(order.instrumentId.value) ?? null);
      if (r !== null) return r;
    }
    return null;
  }

  // ---- refusals -------------------------------------------------------------------------------

  #header(order: Order): OrderEventHeader {
    return order.eventHeader(this.#eventId(), this.#clock.timestampNs());
  }

  #deny(order: Order, reason: string): void {
    this.#denied += 1;
    if (this.config.debug)
      this.log.info({ clientOrderId: order.clientOrderId.value, reason }, 'order denied');
    this.#bus.send(Endpoint.EXEC_PROCESS, orderDenied({ ...this.#header(order), reason }));
  }

  #rejectModify(order: Order, reason: string): void {
    this.#denied += 1;
    if (this.config.debug)
      this.log.info({ clientOrderId: order.clientOrderId.value, reason }, 'modify rejected');
    this.#bus.send(Endpoint.EXEC_PROCESS, orderModifyRejected({ ...this.#header(order), reason }));
  }
}
