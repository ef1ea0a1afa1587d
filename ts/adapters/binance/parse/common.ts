/**
 * What every Binance parser shares: the market (spot or USD-M futures), symbol <-> instrument id
 * mapping, and the mapping of the venue's closed sets (side, order type, time in force, order
 * status) onto the model's.
 *
 * # Instrument ids
 * Spot `BTCUSDT` -> `BTCUSDT.BINANCE`; USD-M perpetual `BTCUSDT` -> `BTCUSDT-PERP.BINANCE`;
 * a dated future keeps its symbol (`BTCUSDT_220325.BINANCE`). The venue is configurable.
 *
 * # Order status (venue -> model)
 * | Binance                         | Kairos                                                   |
 * |---------------------------------|----------------------------------------------------------|
 * | NEW                             | ACCEPTED                                                 |
 * | PENDING_NEW (spot order lists)  | SUBMITTED                                                |
 * | PARTIALLY_FILLED                | PARTIALLY_FILLED (FILLED when the executed quantity is the order quantity: the stream can lag) |
 * | FILLED                          | FILLED                                                   |
 * | CANCELED                        | CANCELED                                                 |
 * | PENDING_CANCEL                  | PENDING_CANCEL                                           |
 * | REJECTED                        | REJECTED                                                 |
 * | EXPIRED                         | EXPIRED                                                  |
 * | EXPIRED_IN_MATCH (STP)          | EXPIRED, cancel reason `EXPIRED_IN_MATCH`                 |
 * | NEW_INSURANCE, NEW_ADL (futures liquidation) | from the executed quantity: FILLED, PARTIALLY_FILLED or ACCEPTED |
 * | algo TRIGGERING, TRIGGERED, FINISHED | TRIGGERED (FILLED when all executed)                |
 * Anything else is an invalid payload, never a guess.
 */
import type { OrderSide, OrderStatus, OrderType, TimeInForce, TriggerType } from '../../../model/enums.js';
import {
  type AccountId,
  InstrumentId,
  PositionId,
  Symbol as SymbolId,
  Venue,
} from '../../../model/identifiers/index.js';
import { hasTrigger } from '../../../model/orders/init.js';
import type { Quantity } from '../../../model/values/index.js';
import type { Fields } from './fields.js';

/** The markets the adapter speaks. */
export type BinanceMarket = 'SPOT' | 'USDT_FUTURE';

const PERP_SUFFIX = '-PERP';

/** Maps venue symbols to instrument ids and back for one market and venue. */
export class BinanceSymbols {
  readonly market: BinanceMarket;
  readonly venue: Venue;

  constructor(market: BinanceMarket, venue: Venue | string = 'BINANCE') {
    this.market = market;
    this.venue = typeof venue === 'string' ? Venue.from(venue) : venue;
  }

  /** The instrument id of a venue symbol. */
  instrumentId(symbol: string): InstrumentId {
    if (this.market === 'USDT_FUTURE' && !symbol.includes('_')) {
      return InstrumentId.of(SymbolId.from(`${symbol}${PERP_SUFFIX}`), this.venue);
    }
    return InstrumentId.of(SymbolId.from(symbol), this.venue);
  }

  /** The venue symbol of an instrument id (`BTCUSDT-PERP.BINANCE` -> `BTCUSDT`). */
  venueSymbol(id: InstrumentId): string {
    const s = id.symbol.value;
    return this.market === 'USDT_FUTURE' && s.endsWith(PERP_SUFFIX) ? s.slice(0, -PERP_SUFFIX.length) : s;
  }
}

/** What report parsers need besides the payload. */
export interface ReportContext {
  readonly symbols: BinanceSymbols;
  readonly accountId: AccountId;
  readonly tsInit: bigint;
  /** The settlement (commission) asset of a symbol when known, e.g. from loaded instruments. */
  readonly settlementAsset?: (symbol: string) => string | null;
}

export const SIDES = ['BUY', 'SELL'] as const;

/** A Binance order type as the model's type, with the post-only flag it implies. */
export interface MappedOrderType {
  readonly orderType: OrderType;
  readonly postOnly: boolean;
}

const SPOT_TYPES: Readonly<Record<string, MappedOrderType>> = {
  LIMIT: { orderType: 'LIMIT', postOnly: false },
  LIMIT_MAKER: { orderType: 'LIMIT', postOnly: true },
  MARKET: { orderType: 'MARKET', postOnly: false },
  STOP_LOSS: { orderType: 'STOP_MARKET', postOnly: false },
  STOP_LOSS_LIMIT: { orderType: 'STOP_LIMIT', postOnly: false },
  TAKE_PROFIT: { orderType: 'MARKET_IF_TOUCHED', postOnly: false },
  TAKE_PROFIT_LIMIT: { orderType: 'LIMIT_IF_TOUCHED', postOnly: false },
};

const FUTURES_TYPES: Readonly<Record<string, MappedOrderType>> = {
  LIMIT: { orderType: 'LIMIT', postOnly: false },
  MARKET: { orderType: 'MARKET', postOnly: false },
  STOP: { orderType: 'STOP_LIMIT', postOnly: false },
  STOP_MARKET: { orderType: 'STOP_MARKET', postOnly: false },
  TAKE_PROFIT: { orderType: 'LIMIT_IF_TOUCHED', postOnly: false },
  TAKE_PROFIT_MARKET: { orderType: 'MARKET_IF_TOUCHED', postOnly: false },
  TRAILING_STOP_MARKET: { orderType: 'TRAILING_STOP_MARKET', postOnly: false },
  // Forced orders of the liquidation engine.
  LIQUIDATION: { orderType: 'MARKET', postOnly: false },
};

export function orderTypeOf(f: Fields, name: string, market: BinanceMarket): MappedOrderType {
  const table = market === 'SPOT' ? SPOT_TYPES : FUTURES_TYPES;
  const t = table[f.str(name)];
  if (t === undefined) return f.fail(name, `a ${market} order type (${Object.keys(table).join(', ')})`);
  return t;
}

/** The venue's order type for a model type (inverse of the tables above). */
export function venueOrderType(
  orderType: OrderType,
  market: BinanceMarket,
  postOnly: boolean,
): string | null {
  if (market === 'SPOT') {
    switch (orderType) {
      case 'LIMIT':
        return postOnly ? 'LIMIT_MAKER' : 'LIMIT';
      case 'MARKET':
        return 'MARKET';
      case 'STOP_MARKET':
        return 'STOP_LOSS';
      case 'STOP_LIMIT':
        return 'STOP_LOSS_LIMIT';
      case 'MARKET_IF_TOUCHED':
        return 'TAKE_PROFIT';
      case 'LIMIT_IF_TOUCHED':
        return 'TAKE_PROFIT_LIMIT';
      default:
        return null;
    }
  }
  switch (orderType) {
    case 'LIMIT':
      return 'LIMIT';
    case 'MARKET':
      return 'MARKET';
    case 'STOP_MARKET':
      return 'STOP_MARKET';
    case 'STOP_LIMIT':
      return 'STOP';
    case 'MARKET_IF_TOUCHED':
      return 'TAKE_PROFIT_MARKET';
    case 'LIMIT_IF_TOUCHED':
      return 'TAKE_PROFIT';
    case 'TRAILING_STOP_MARKET':
      return 'TRAILING_STOP_MARKET';
    default:
      return null;
  }
}

/** Binance time in force -> model time in force and post-only (`GTX` is post-only GTC). */
export function timeInForceOf(f: Fields, name: string): { timeInForce: TimeInForce; postOnly: boolean } {
  if (!f.has(name)) return { timeInForce: 'GTC', postOnly: false };
  const v = f.str(name);
  switch (v) {
    case 'GTC':
    case 'IOC':
    case 'FOK':
    case 'GTD':
      return { timeInForce: v, postOnly: false };
    case 'GTX':
      return { timeInForce: 'GTC', postOnly: true };
    default:
      return f.fail(name, 'one of GTC, IOC, FOK, GTD, GTX');
  }
}

/**
 * Futures `workingType` -> trigger type of an order of `orderType`. Binance reports a
 * `workingType` on every futures order, plain LIMIT and MARKET included; an order type without
 * a trigger gets NO_TRIGGER, else the order could not be built from its report.
 */
export function triggerTypeOf(f: Fields, name: string, orderType: OrderType): TriggerType {
  if (!hasTrigger(orderType)) return 'NO_TRIGGER';
  if (!f.has(name)) return 'DEFAULT';
  const v = f.str(name);
  if (v === 'MARK_PRICE') return 'MARK_PRICE';
  if (v === 'CONTRACT_PRICE') return 'LAST_PRICE';
  return f.fail(name, 'MARK_PRICE or CONTRACT_PRICE');
}

/** Maps a venue order status (see the module doc) given the order and executed quantities. */
export function orderStatusOf(f: Fields, name: string, quantity: Quantity, filled: Quantity): OrderStatus {
  const v = f.str(name);
  const byQty = (): OrderStatus =>
    filled.isZero() ? 'ACCEPTED' : filled.ge(quantity) ? 'FILLED' : 'PARTIALLY_FILLED';
  switch (v) {
    case 'NEW':
      return 'ACCEPTED';
    case 'PENDING_NEW':
      return 'SUBMITTED';
    case 'PARTIALLY_FILLED':
      return filled.ge(quantity) ? 'FILLED' : 'PARTIALLY_FILLED';
    case 'FILLED':
      return 'FILLED';
    case 'CANCELED':
      return 'CANCELED';
    case 'PENDING_CANCEL':
      return 'PENDING_CANCEL';
    case 'REJECTED':
      return 'REJECTED';
    case 'EXPIRED':
    case 'EXPIRED_IN_MATCH':
      return 'EXPIRED';
    case 'NEW_INSURANCE':
    case 'NEW_ADL':
      return byQty();
    default:
      return f.fail(
        name,
        'an order status (NEW, PARTIALLY_FILLED, FILLED, CANCELED, PENDING_CANCEL, REJECTED, EXPIRED, EXPIRED_IN_MATCH, NEW_INSURANCE, NEW_ADL)',
      );
  }
}

/** The venue position id of a hedge-mode leg (`BTCUSDT-PERP.BINANCE-LONG`); null for one-way. */
export function venuePositionIdOf(
  instrumentId: InstrumentId,
  positionSide: string | null,
): PositionId | null {
  if (positionSide === null || positionSide === 'BOTH') return null;
  return PositionId.from(`${instrumentId.value}-${positionSide}`);
}

export function sideOf(f: Fields, name: string): OrderSide {
  return f.oneOf(name, SIDES);
}
