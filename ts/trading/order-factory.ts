/**
 * `OrderFactory`: builds a strategy's orders and order lists with fresh ids and the clock's time.
 *
 * Every method returns a model `Order` in status INITIALIZED; the model checks the definition
 * (`Order.create`), so a bad combination (a GTD without expiry, a display quantity above the
 * quantity, ...) throws its `INVALID_ORDER` error from here unchanged. An id is used up even when
 * the order is refused: ids never repeat, gaps are harmless.
 *
 * # Brackets
 * `bracket()` builds three orders sharing one `OrderListId`:
 * | order       | type                        | contingency            | linked        | parent |
 * |-------------|-----------------------------|------------------------|---------------|--------|
 * | entry       | MARKET or LIMIT             | OTO                    | [tp, sl]      | none   |
 * | take-profit | LIMIT, reduce-only          | OUO (default) or OCO   | [sl]          | entry  |
 * | stop-loss   | STOP_MARKET or STOP_LIMIT, reduce-only | same as take-profit | [tp]   | entry  |
 * The exits are on the other side of the entry. With contingent-order management on, the exits
 * are held until the entry fills (see `managers/contingent.ts`).
 */
import type { Decimal } from 'decimal.js';

import type { Clock } from '../common/clock/index.js';
import { type OrderList, orderList } from '../engine/commands.js';
import type { OrderSide, OrderType, TimeInForce, TriggerType } from '../model/enums.js';
import { KairosError } from '../model/errors.js';
import type {
  ClientOrderId,
  InstrumentId,
  OrderListId,
  StrategyId,
  TraderId,
} from '../model/identifiers/index.js';
import { Order, type OrderParams, type TrailingOffsetType } from '../model/orders/index.js';
import type { Price, Quantity } from '../model/values/index.js';
import { ClientOrderIdGenerator, type IdGenerator, OrderListIdGenerator } from './ids.js';

/**
 * The order list of a bracket (the engine's `OrderList`, ready for `SubmitOrderList`), with its
 * three orders named.
 */
export interface BracketOrderList extends OrderList {
  readonly entry: Order;
  readonly takeProfit: Order;
  readonly stopLoss: Order;
}

/** Fields every factory method takes. */
export interface CommonOrderParams {
  /** An id reserved with `nextClientOrderId()` (to link orders built by hand); default: a fresh one. */
  readonly clientOrderId?: ClientOrderId;
  readonly instrumentId: InstrumentId;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  /** Default: the factory's default, else GTC. */
  readonly timeInForce?: TimeInForce;
  /** GTD only: UNIX ns of expiry. */
  readonly expireTimeNs?: bigint | null;
  readonly reduceOnly?: boolean;
  /** The quantity is in the quote currency. */
  readonly quoteQuantity?: boolean;
  /** Hold and trigger locally on this trigger type. Default: the factory's, else `NO_TRIGGER`. */
  readonly emulationTrigger?: TriggerType;
  readonly triggerInstrumentId?: InstrumentId | null;
  readonly contingencyType?: 'NO_CONTINGENCY' | 'OCO' | 'OTO' | 'OUO';
  readonly orderListId?: OrderListId | null;
  readonly linkedOrderIds?: readonly ClientOrderId[];
  readonly parentOrderId?: ClientOrderId | null;
  readonly execAlgorithmId?: string | null;
  readonly execAlgorithmParams?: Readonly<Record<string, string>> | null;
  readonly tags?: readonly string[];
}

/** What an order with a resting limit price may add. */
interface RestingParams {
  readonly postOnly?: boolean;
  /** Iceberg: the quantity shown. */
  readonly displayQty?: Quantity | null;
}

/** What a triggered order may add. */
interface TriggerParams {
  /** Default: the factory's, else `DEFAULT`. */
  readonly triggerType?: TriggerType;
}

export type MarketOrderParams = CommonOrderParams;
export interface LimitOrderParams extends CommonOrderParams, RestingParams {
  readonly price: Price;
}
export interface StopMarketOrderParams extends CommonOrderParams, TriggerParams {
  readonly triggerPrice: Price;
}
export interface StopLimitOrderParams extends CommonOrderParams, RestingParams, TriggerParams {
  readonly price: Price;
  readonly triggerPrice: Price;
}
export interface MarketToLimitOrderParams extends CommonOrderParams {
  readonly displayQty?: Quantity | null;
}
export interface MarketIfTouchedOrderParams extends CommonOrderParams, TriggerParams {
  readonly triggerPrice: Price;
}
export interface LimitIfTouchedOrderParams extends CommonOrderParams, RestingParams, TriggerParams {
  readonly price: Price;
  readonly triggerPrice: Price;
}
export interface TrailingStopMarketOrderParams extends CommonOrderParams, TriggerParams {
  /** The trigger's distance from the market, in `trailingOffsetType` units. */
  readonly trailingOffset: Decimal | string;
  /** Default PRICE. */
  readonly trailingOffsetType?: TrailingOffsetType;
  /** The first trigger price; absent: set from the market when the order starts trailing. */
  readonly triggerPrice?: Price | null;
}
export interface TrailingStopLimitOrderParams extends CommonOrderParams, RestingParams, TriggerParams {
  readonly trailingOffset: Decimal | string;
  /** The limit's distance from the trigger. */
  readonly limitOffset: Decimal | string;
  readonly trailingOffsetType?: TrailingOffsetType;
  readonly price?: Price | null;
  readonly triggerPrice?: Price | null;
}

/** Parameters of {@link OrderFactory.bracket}. */
export interface BracketOrderParams {
  readonly instrumentId: InstrumentId;
  /** Side of the entry; the exits take the other side. */
  readonly side: OrderSide;
  readonly quantity: Quantity;
  /** Default MARKET. */
  readonly entryType?: 'MARKET' | 'LIMIT';
  /** Required for a LIMIT entry. */
  readonly entryPrice?: Price;
  /** Default false. */
  readonly entryPostOnly?: boolean;
  /** Time in force of the entry (default GTC; a MARKET entry may not be GTD). */
  readonly entryTimeInForce?: TimeInForce;
  readonly entryExpireTimeNs?: bigint | null;
  /** Limit price of the take-profit. */
  readonly takeProfitPrice: Price;
  /** Take-profit is post-only (default true: it rests at a better price than the market). */
  readonly tpPostOnly?: boolean;
  /** Trigger price of the stop-loss. */
  readonly stopLossTriggerPrice: Price;
  /** Default STOP_MARKET. */
  readonly stopLossType?: 'STOP_MARKET' | 'STOP_LIMIT';
  /** Limit price of a STOP_LIMIT stop-loss (required for it). */
  readonly stopLossPrice?: Price;
  readonly stopLossTriggerType?: TriggerType;
  /** How the exits are linked (default OUO). */
  readonly contingencyType?: 'OUO' | 'OCO';
  /** Time in force of the exits (default GTC). */
  readonly timeInForce?: TimeInForce;
  /** Expiry of GTD exits. */
  readonly expireTimeNs?: bigint | null;
  readonly quoteQuantity?: boolean;
  readonly emulationTrigger?: TriggerType;
  readonly entryTags?: readonly string[];
  readonly takeProfitTags?: readonly string[];
  readonly stopLossTags?: readonly string[];
}

/** Defaults applied where a method's params leave a field out. */
export interface OrderFactoryDefaults {
  readonly timeInForce?: TimeInForce;
  readonly triggerType?: TriggerType;
  readonly emulationTrigger?: TriggerType;
}

/** Options of {@link OrderFactory}. */
export interface OrderFactoryOptions {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  /** Time of every order's `tsInit` and of the ids. */
  readonly clock: Clock;
  /** Default: a {@link ClientOrderIdGenerator} for the trader and strategy. */
  readonly clientOrderIds?: IdGenerator<ClientOrderId>;
  /** Default: an {@link OrderListIdGenerator} for the trader and strategy. */
  readonly orderListIds?: IdGenerator<OrderListId>;
  /** The strategy's order id tag, for the default generators. */
  readonly orderIdTag?: string | null;
  /** UUID v4 client order ids (and order list ids), for the default generators. */
  readonly useUuidClientOrderIds?: boolean;
  readonly defaults?: OrderFactoryDefaults;
}

type Extra = Partial<
  Pick<
    OrderParams,
    | 'price'
    | 'triggerPrice'
    | 'triggerType'
    | 'postOnly'
    | 'displayQty'
    | 'trailingOffset'
    | 'trailingOffsetType'
    | 'limitOffset'
  >
>;

function opposite(side: OrderSide): OrderSide {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

function invalidBracket(message: string): KairosError {
  return new KairosError('INVALID_BRACKET', `invalid bracket: ${message}`);
}

/**
 * Builds a strategy's orders (see the module doc).
 *
 * @example
 * ```ts
 * const factory = new OrderFactory({ traderId, strategyId, clock });
 * const order = factory.limit({ instrumentId, side: 'BUY', quantity: Quantity.from('0.5'),
 *                               price: Price.from('20000.00'), postOnly: true });
 * const bracket = factory.bracket({ instrumentId, side: 'BUY', quantity: Quantity.from('1'),
 *   takeProfitPrice: Price.from('21000.00'), stopLossTriggerPrice: Price.from('19500.00') });
 * ```
 */
export class OrderFactory {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly #clock: Clock;
  readonly #ids: IdGenerator<ClientOrderId>;
  readonly #listIds: IdGenerator<OrderListId>;
  readonly #defaults: OrderFactoryDefaults;

  constructor(options: OrderFactoryOptions) {
    this.traderId = options.traderId;
    this.strategyId = options.strategyId;
    this.#clock = options.clock;
    const gen = {
      traderId: options.traderId,
      strategyId: options.strategyId,
      clock: options.clock,
      orderIdTag: options.orderIdTag ?? null,
      useUuid: options.useUuidClientOrderIds === true,
    };
    this.#ids = options.clientOrderIds ?? new ClientOrderIdGenerator(gen);
    this.#listIds = options.orderListIds ?? new OrderListIdGenerator(gen);
    this.#defaults = options.defaults ?? {};
  }

  /** The client order id generator (for `setCount` after a restart). */
  get clientOrderIds(): IdGenerator<ClientOrderId> {
    return this.#ids;
  }
  /** The order list id generator. */
  get orderListIds(): IdGenerator<OrderListId> {
    return this.#listIds;
  }

  /** A fresh client order id (for orders built by hand). */
  nextClientOrderId(): ClientOrderId {
    return this.#ids.generate();
  }
  /** A fresh order list id (pass it as `orderListId` to build a list by hand). */
  nextOrderListId(): OrderListId {
    return this.#listIds.generate();
  }

  /** Sets both counts (after a restart: the orders the strategy has in the cache). */
  setCounts(clientOrderIdCount: number, orderListIdCount = clientOrderIdCount): void {
    this.#ids.setCount(clientOrderIdCount);
    this.#listIds.setCount(orderListIdCount);
  }

  market(p: MarketOrderParams): Order {
    return this.#build('MARKET', p, {}, this.#idFor(p));
  }

  limit(p: LimitOrderParams): Order {
    return this.#build('LIMIT', p, this.#resting(p, { price: p.price }), this.#idFor(p));
  }

  stopMarket(p: StopMarketOrderParams): Order {
    return this.#build('STOP_MARKET', p, this.#trigger(p, { triggerPrice: p.triggerPrice }), this.#idFor(p));
  }

  stopLimit(p: StopLimitOrderParams): Order {
    const extra = this.#resting(p, this.#trigger(p, { price: p.price, triggerPrice: p.triggerPrice }));
    return this.#build('STOP_LIMIT', p, extra, this.#idFor(p));
  }

  marketToLimit(p: MarketToLimitOrderParams): Order {
    const extra: Extra = p.displayQty === undefined ? {} : { displayQty: p.displayQty };
    return this.#build('MARKET_TO_LIMIT', p, extra, this.#idFor(p));
  }

  marketIfTouched(p: MarketIfTouchedOrderParams): Order {
    return this.#build(
      'MARKET_IF_TOUCHED',
      p,
      this.#trigger(p, { triggerPrice: p.triggerPrice }),
      this.#idFor(p),
    );
  }

  limitIfTouched(p: LimitIfTouchedOrderParams): Order {
    const extra = this.#resting(p, this.#trigger(p, { price: p.price, triggerPrice: p.triggerPrice }));
    return this.#build('LIMIT_IF_TOUCHED', p, extra, this.#idFor(p));
  }

  trailingStopMarket(p: TrailingStopMarketOrderParams): Order {
    const extra = this.#trigger(p, {
      triggerPrice: p.triggerPrice ?? null,
      trailingOffset: p.trailingOffset,
      trailingOffsetType: p.trailingOffsetType ?? 'PRICE',
    });
    return this.#build('TRAILING_STOP_MARKET', p, extra, this.#idFor(p));
  }

  trailingStopLimit(p: TrailingStopLimitOrderParams): Order {
    const extra = this.#resting(
      p,
      this.#trigger(p, {
        price: p.price ?? null,
        triggerPrice: p.triggerPrice ?? null,
        trailingOffset: p.trailingOffset,
        limitOffset: p.limitOffset,
        trailingOffsetType: p.trailingOffsetType ?? 'PRICE',
      }),
    );
    return this.#build('TRAILING_STOP_LIMIT', p, extra, this.#idFor(p));
  }

  /**
   * An entry with a take-profit and a stop-loss (see the module doc for the links). Prices must
   * be on the right sides: for a BUY, stop-loss trigger < (entry price <) take-profit price; the
   * mirror for a SELL (`INVALID_BRACKET` otherwise).
   */
  bracket(p: BracketOrderParams): BracketOrderList {
    const entryType = p.entryType ?? 'MARKET';
    const slType = p.stopLossType ?? 'STOP_MARKET';
    const contingency = p.contingencyType ?? 'OUO';
    if (entryType !== 'MARKET' && entryType !== 'LIMIT')
      throw invalidBracket(`entryType '${String(entryType)}'`);
    if (slType !== 'STOP_MARKET' && slType !== 'STOP_LIMIT')
      throw invalidBracket(`stopLossType '${String(slType)}'`);
    if (contingency !== 'OUO' && contingency !== 'OCO')
      throw invalidBracket(`contingencyType '${String(contingency)}' (OUO or OCO)`);
    if (entryType === 'LIMIT' && p.entryPrice === undefined)
      throw invalidBracket('a LIMIT entry needs entryPrice');
    if (entryType === 'MARKET' && p.entryPrice !== undefined)
      throw invalidBracket('a MARKET entry takes no entryPrice');
    if (slType === 'STOP_LIMIT' && p.stopLossPrice === undefined)
      throw invalidBracket('a STOP_LIMIT stop-loss needs stopLossPrice');
    if (slType === 'STOP_MARKET' && p.stopLossPrice !== undefined)
      throw invalidBracket('a STOP_MARKET stop-loss takes no stopLossPrice');
    this.#checkBracketPrices(p);

    const listId = this.#listIds.generate();
    const entryId = this.#ids.generate();
    const tpId = this.#ids.generate();
    const slId = this.#ids.generate();
    const exitSide = opposite(p.side);
    const shared = {
      instrumentId: p.instrumentId,
      quantity: p.quantity,
      orderListId: listId,
      ...(p.quoteQuantity === undefined ? {} : { quoteQuantity: p.quoteQuantity }),
      ...(p.emulationTrigger === undefined ? {} : { emulationTrigger: p.emulationTrigger }),
    };
    const exitTif = {
      ...(p.timeInForce === undefined ? {} : { timeInForce: p.timeInForce }),
      ...(p.expireTimeNs === undefined ? {} : { expireTimeNs: p.expireTimeNs }),
    };

    const entry = this.#build(
      entryType,
      {
        ...shared,
        side: p.side,
        ...(p.entryTimeInForce === undefined ? {} : { timeInForce: p.entryTimeInForce }),
        ...(p.entryExpireTimeNs === undefined ? {} : { expireTimeNs: p.entryExpireTimeNs }),
        contingencyType: 'OTO',
        linkedOrderIds: [tpId, slId],
        ...(p.entryTags === undefined ? {} : { tags: p.entryTags }),
      },
      entryType === 'LIMIT'
        ? {
            price: p.entryPrice ?? null,
            ...(p.entryPostOnly === undefined ? {} : { postOnly: p.entryPostOnly }),
          }
        : {},
      entryId,
    );
    const takeProfit = this.#build(
      'LIMIT',
      {
        ...shared,
        ...exitTif,
        side: exitSide,
        reduceOnly: true,
        contingencyType: contingency,
        linkedOrderIds: [slId],
        parentOrderId: entryId,
        ...(p.takeProfitTags === undefined ? {} : { tags: p.takeProfitTags }),
      },
      { price: p.takeProfitPrice, postOnly: p.tpPostOnly ?? true },
      tpId,
    );
    const stopLoss = this.#build(
      slType,
      {
        ...shared,
        ...exitTif,
        side: exitSide,
        reduceOnly: true,
        contingencyType: contingency,
        linkedOrderIds: [tpId],
        parentOrderId: entryId,
        ...(p.stopLossTags === undefined ? {} : { tags: p.stopLossTags }),
      },
      this.#trigger(
        p.stopLossTriggerType === undefined ? {} : { triggerType: p.stopLossTriggerType },
        slType === 'STOP_LIMIT'
          ? { price: p.stopLossPrice ?? null, triggerPrice: p.stopLossTriggerPrice }
          : { triggerPrice: p.stopLossTriggerPrice },
      ),
      slId,
    );
    return Object.freeze({
      ...orderList(listId, Object.freeze([entry, takeProfit, stopLoss]), this.#clock.timestampNs()),
      entry,
      takeProfit,
      stopLoss,
    });
  }

  /**
   * An order list of orders already built. They must be non-empty, distinct, of this strategy
   * and of one instrument. Orders built with an `orderListId` keep it (all must carry the same
   * one); orders built without one get a fresh id for the list (`INVALID_ORDER_LIST` otherwise).
   */
  createList(orders: readonly Order[]): OrderList {
    const first = orders[0];
    if (first === undefined)
      throw new KairosError('INVALID_ORDER_LIST', 'an order list needs at least one order');
    const seen = new Set<string>();
    const listIds = new Set<string>();
    for (const o of orders) {
      const id = o.clientOrderId.value;
      if (seen.has(id)) throw new KairosError('INVALID_ORDER_LIST', `order ${id} is in the list twice`);
      seen.add(id);
      if (!o.strategyId.eq(this.strategyId)) {
        throw new KairosError(
          'INVALID_ORDER_LIST',
          `order ${id} belongs to strategy ${o.strategyId}, not ${this.strategyId}`,
        );
      }
      if (!o.instrumentId.eq(first.instrumentId)) {
        throw new KairosError(
          'INVALID_ORDER_LIST',
          `order ${id} is for ${o.instrumentId}; the list is for ${first.instrumentId}`,
        );
      }
      listIds.add(o.orderListId?.value ?? '');
    }
    if (listIds.size > 1) {
      throw new KairosError(
        'INVALID_ORDER_LIST',
        `the orders carry different order list ids: ${[...listIds].map((v) => v || '(none)').join(', ')}`,
      );
    }
    const id = first.orderListId ?? this.#listIds.generate();
    return Object.freeze(orderList(id, Object.freeze([...orders]), this.#clock.timestampNs()));
  }

  #checkBracketPrices(p: BracketOrderParams): void {
    // For a BUY the stop-loss is below and the take-profit above; mirrored for a SELL.
    const below = (a: Price, b: Price) => (p.side === 'BUY' ? a.lt(b) : a.gt(b));
    const word = p.side === 'BUY' ? 'below' : 'above';
    if (!below(p.stopLossTriggerPrice, p.takeProfitPrice)) {
      throw invalidBracket(
        `${p.side} stop-loss trigger ${p.stopLossTriggerPrice} must be ${word} take-profit ${p.takeProfitPrice}`,
      );
    }
    if (p.entryPrice !== undefined) {
      if (!below(p.stopLossTriggerPrice, p.entryPrice) || !below(p.entryPrice, p.takeProfitPrice)) {
        throw invalidBracket(
          `${p.side} entry ${p.entryPrice} must lie between stop-loss trigger ${p.stopLossTriggerPrice} and take-profit ${p.takeProfitPrice}`,
        );
      }
    }
  }

  #idFor(p: CommonOrderParams): ClientOrderId {
    return p.clientOrderId ?? this.#ids.generate();
  }

  #resting(p: RestingParams, extra: Extra): Extra {
    return {
      ...extra,
      ...(p.postOnly === undefined ? {} : { postOnly: p.postOnly }),
      ...(p.displayQty === undefined ? {} : { displayQty: p.displayQty }),
    };
  }

  #trigger(p: TriggerParams, extra: Extra): Extra {
    const triggerType = p.triggerType ?? this.#defaults.triggerType;
    return triggerType === undefined ? extra : { ...extra, triggerType };
  }

  #build(orderType: OrderType, p: CommonOrderParams, extra: Extra, clientOrderId: ClientOrderId): Order {
    const d = this.#defaults;
    const timeInForce = p.timeInForce ?? d.timeInForce;
    const emulationTrigger = p.emulationTrigger ?? d.emulationTrigger;
    const params: OrderParams = {
      traderId: this.traderId,
      strategyId: this.strategyId,
      instrumentId: p.instrumentId,
      clientOrderId,
      side: p.side,
      orderType,
      quantity: p.quantity,
      tsInit: this.#clock.timestampNs(),
      ...extra,
      ...(timeInForce === undefined ? {} : { timeInForce }),
      ...(emulationTrigger === undefined ? {} : { emulationTrigger }),
      ...(p.expireTimeNs === undefined ? {} : { expireTimeNs: p.expireTimeNs }),
      ...(p.reduceOnly === undefined ? {} : { reduceOnly: p.reduceOnly }),
      ...(p.quoteQuantity === undefined ? {} : { quoteQuantity: p.quoteQuantity }),
      ...(p.triggerInstrumentId === undefined ? {} : { triggerInstrumentId: p.triggerInstrumentId }),
      ...(p.contingencyType === undefined ? {} : { contingencyType: p.contingencyType }),
      ...(p.orderListId === undefined ? {} : { orderListId: p.orderListId }),
      ...(p.linkedOrderIds === undefined ? {} : { linkedOrderIds: p.linkedOrderIds }),
      ...(p.parentOrderId === undefined ? {} : { parentOrderId: p.parentOrderId }),
      ...(p.execAlgorithmId === undefined ? {} : { execAlgorithmId: p.execAlgorithmId }),
      ...(p.execAlgorithmParams === undefined ? {} : { execAlgorithmParams: p.execAlgorithmParams }),
      ...(p.tags === undefined ? {} : { tags: p.tags }),
    };
    return Order.create(params);
  }
}
