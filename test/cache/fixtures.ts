/**
 * A small trading desk for cache tests: builds orders and applies every kind of event to them
 * through the production factories, then tells the cache (`updateOrder`), the way the execution
 * engine does. Time comes from a TestClock.
 */
import { Cache } from '../../ts/cache/index.js';
import { TestClock } from '../../ts/common/index.js';
import { accountBalance, CashAccount } from '../../ts/model/accounts/index.js';
import type { OrderSide } from '../../ts/model/enums.js';
import {
  type AccountState,
  accountState,
  type OrderEvent,
  type OrderEventHeader,
  type OrderFilled,
  orderAccepted,
  orderCanceled,
  orderCancelRejected,
  orderDenied,
  orderEmulated,
  orderExpired,
  orderFilled,
  orderModifyRejected,
  orderPendingCancel,
  orderPendingUpdate,
  orderRejected,
  orderReleased,
  orderSubmitted,
  orderTriggered,
  orderUpdated,
} from '../../ts/model/events/index.js';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  type OrderListId,
  PositionId,
  StrategyId,
  TradeId,
  TraderId,
  VenueOrderId,
} from '../../ts/model/identifiers/index.js';
import { CurrencyPair, type Instrument } from '../../ts/model/instruments/index.js';
import { Order, type OrderParams } from '../../ts/model/orders/index.js';
import { Position } from '../../ts/model/positions/index.js';
import { Money, Price, Quantity } from '../../ts/model/values/index.js';

export const SEC = 1_000_000_000n;
export const MIN = 60n * SEC;

export const TRADER = TraderId.from('TRADER-001');
export const S1 = StrategyId.from('MM-001');
export const S2 = StrategyId.from('EMA-002');
export const ACCOUNT = AccountId.from('BINANCE-001');

function pair(id: string, base: string, quote: string): CurrencyPair {
  return CurrencyPair.create({
    id,
    baseCurrency: base,
    quoteCurrency: quote,
    pricePrecision: 2,
    priceIncrement: '0.01',
    sizePrecision: 3,
    sizeIncrement: '0.001',
  });
}

export const BTC_BIN = pair('BTCUSDT.BINANCE', 'BTC', 'USDT');
export const ETH_BIN = pair('ETHUSDT.BINANCE', 'ETH', 'USDT');
export const BTC_BYB = pair('BTCUSDT.BYBIT', 'BTC', 'USDT');
export const INSTRUMENTS: readonly Instrument[] = [BTC_BIN, ETH_BIN, BTC_BYB];

export function instrumentOf(id: InstrumentId): Instrument {
  const i = INSTRUMENTS.find((x) => x.id.eq(id));
  if (i === undefined) throw new Error(`no test instrument ${id}`);
  return i;
}

export interface NewOrder {
  strategyId?: StrategyId;
  instrumentId?: InstrumentId;
  side?: OrderSide;
  qty?: string;
  id?: string;
  linkedOrderIds?: readonly ClientOrderId[];
  parentOrderId?: ClientOrderId | null;
  orderListId?: OrderListId | null;
  contingencyType?: OrderParams['contingencyType'];
  /** A STOP_LIMIT instead of a LIMIT (so that it can be triggered). */
  stop?: boolean;
}

/** Drives orders through events and the cache; every event at the clock's time. */
export class Desk {
  readonly cache: Cache;
  readonly clock: TestClock;
  #orderSeq = 0;
  #tradeSeq = 0;
  #venueSeq = 0;

  constructor(cache: Cache = new Cache(), clock: TestClock = new TestClock({ startNs: 1_000n * SEC })) {
    this.cache = cache;
    this.clock = clock;
  }

  now(): bigint {
    return this.clock.timestampNs();
  }

  advance(ns: bigint): void {
    this.clock.advanceTime(this.now() + ns);
  }

  /** A LIMIT order, added to the cache (INITIALIZED). */
  order(n: NewOrder = {}): Order {
    this.#orderSeq++;
    const order = Order.create({
      traderId: TRADER,
      strategyId: n.strategyId ?? S1,
      instrumentId: n.instrumentId ?? BTC_BIN.id,
      clientOrderId: ClientOrderId.from(n.id ?? `O-${this.#orderSeq}`),
      side: n.side ?? 'BUY',
      orderType: n.stop === true ? 'STOP_LIMIT' : 'LIMIT',
      quantity: Quantity.from(n.qty ?? '1.000'),
      price: Price.from('100.00'),
      ...(n.stop === true ? { triggerPrice: Price.from('99.00') } : {}),
      tsInit: this.now(),
      ...(n.linkedOrderIds === undefined ? {} : { linkedOrderIds: n.linkedOrderIds }),
      ...(n.parentOrderId === undefined ? {} : { parentOrderId: n.parentOrderId }),
      ...(n.orderListId === undefined ? {} : { orderListId: n.orderListId }),
      ...(n.contingencyType === undefined ? {} : { contingencyType: n.contingencyType }),
    });
    this.cache.addOrder(order);
    return order;
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

  /** Applies an event and tells the cache. */
  apply(o: Order, e: OrderEvent): Order {
    o.apply(e);
    this.cache.updateOrder(o);
    return o;
  }

  submit(o: Order): Order {
    return this.apply(o, orderSubmitted({ ...this.header(o), accountId: ACCOUNT }));
  }
  accept(o: Order, venueOrderId?: string): Order {
    this.#venueSeq++;
    const v = VenueOrderId.from(venueOrderId ?? `V-${this.#venueSeq}`);
    return this.apply(o, orderAccepted({ ...this.header(o), accountId: ACCOUNT, venueOrderId: v }));
  }
  /** Submitted then accepted. */
  open(o: Order): Order {
    return this.accept(this.submit(o));
  }
  reject(o: Order): Order {
    return this.apply(o, orderRejected({ ...this.header(o), reason: 'test' }));
  }
  deny(o: Order): Order {
    return this.apply(o, orderDenied({ ...this.header(o), reason: 'test' }));
  }
  cancel(o: Order): Order {
    return this.apply(o, orderCanceled(this.header(o)));
  }
  expire(o: Order): Order {
    return this.apply(o, orderExpired(this.header(o)));
  }
  pendingCancel(o: Order): Order {
    return this.apply(o, orderPendingCancel(this.header(o)));
  }
  pendingUpdate(o: Order): Order {
    return this.apply(o, orderPendingUpdate(this.header(o)));
  }
  cancelRejected(o: Order): Order {
    return this.apply(o, orderCancelRejected({ ...this.header(o), reason: 'test' }));
  }
  modifyRejected(o: Order): Order {
    return this.apply(o, orderModifyRejected({ ...this.header(o), reason: 'test' }));
  }
  /** Modified; with `venueOrderId` the venue replaced the order under a new id. */
  updated(o: Order, qty: string, venueOrderId?: string): Order {
    return this.apply(
      o,
      orderUpdated({
        ...this.header(o),
        quantity: Quantity.from(qty),
        ...(venueOrderId === undefined ? {} : { venueOrderId: VenueOrderId.from(venueOrderId) }),
      }),
    );
  }
  emulate(o: Order): Order {
    return this.apply(o, orderEmulated(this.header(o)));
  }
  release(o: Order): Order {
    return this.apply(o, orderReleased({ ...this.header(o), releasedPrice: Price.from('100.00') }));
  }
  trigger(o: Order): Order {
    return this.apply(o, orderTriggered(this.header(o)));
  }

  /** The fill event for `qty` of `o` (not applied). */
  fillEvent(o: Order, qty: string, positionId: PositionId | null = null, px = '100.00'): OrderFilled {
    this.#tradeSeq++;
    return orderFilled({
      ...this.header(o),
      venueOrderId: o.venueOrderId ?? VenueOrderId.from(`V-${o.clientOrderId.value}`),
      accountId: ACCOUNT,
      tradeId: TradeId.from(`T-${this.#tradeSeq}`),
      positionId,
      orderSide: o.side,
      orderType: o.orderType,
      lastQty: Quantity.from(qty),
      lastPx: Price.from(px),
      currency: instrumentOf(o.instrumentId).quoteCurrency,
      commission: Money.from('0.01', 'USDT'),
      liquiditySide: 'MAKER',
    });
  }

  /**
   * Fills `qty` of `o` and, with a position id, applies the fill to that position the way the
   * execution engine does (opening a new one when none is open under that id).
   */
  fill(o: Order, qty: string, positionId?: string, px = '100.00'): Order {
    const pid = positionId === undefined ? null : PositionId.from(positionId);
    const f = this.fillEvent(o, qty, pid, px);
    this.apply(o, f);
    if (pid !== null) this.applyToPosition(f, pid);
    return o;
  }

  applyToPosition(f: OrderFilled, pid: PositionId): Position {
    const held = this.cache.position(pid);
    if (held === null || held.isClosed) {
      const p = Position.open(instrumentOf(f.instrumentId), f, pid);
      this.cache.addPosition(p);
      return p;
    }
    held.apply(f);
    this.cache.updatePosition(held);
    return held;
  }

  /** A cash account with 10,000 USDT, added to the cache. */
  account(): CashAccount {
    const a = CashAccount.create(this.accountState('10000'));
    this.cache.addAccount(a);
    return a;
  }

  accountState(total: string): AccountState {
    return accountState({
      accountId: ACCOUNT,
      accountType: 'CASH',
      balances: [accountBalance(Money.from(total, 'USDT'), Money.from('0', 'USDT'))],
      isReported: true,
      tsEvent: this.now(),
      tsInit: this.now(),
    });
  }
}

/** Client order id values of orders or ids (for readable expectations). */
export function ids(orders: readonly ({ clientOrderId: ClientOrderId } | ClientOrderId)[]): string[] {
  return orders.map((o) => (o instanceof ClientOrderId ? o.value : o.clientOrderId.value));
}

/** Position id values. */
export function pids(positions: readonly Position[]): string[] {
  return positions.map((p) => p.id.value);
}

export { InstrumentId };
