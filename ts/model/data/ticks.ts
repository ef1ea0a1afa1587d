/** Top-of-book quotes and trade prints: readonly plain objects with both timestamps. */
import type { AggressorSide } from '../enums.js';
import type { InstrumentId, TradeId } from '../identifiers/index.js';
import type { Price, Quantity } from '../values/index.js';
import { invalidData } from './errors.js';

/** Best bid and ask. A crossed quote is allowed (venues send them); mixed precisions are not. */
export interface QuoteTick {
  readonly type: 'QuoteTick';
  readonly instrumentId: InstrumentId;
  readonly bidPrice: Price;
  readonly askPrice: Price;
  readonly bidSize: Quantity;
  readonly askSize: Quantity;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

/** One trade print. */
export interface TradeTick {
  readonly type: 'TradeTick';
  readonly instrumentId: InstrumentId;
  readonly price: Price;
  readonly size: Quantity;
  readonly aggressorSide: AggressorSide;
  readonly tradeId: TradeId;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

/** Builds a `QuoteTick`; bid and ask must share price and size precisions (`INVALID_DATA`). */
export function quoteTick(p: Omit<QuoteTick, 'type'>): QuoteTick {
  if (p.bidPrice.precision !== p.askPrice.precision) {
    throw invalidData(
      'QuoteTick',
      `${p.instrumentId} bid precision ${p.bidPrice.precision} differs from ask precision ${p.askPrice.precision}`,
    );
  }
  if (p.bidSize.precision !== p.askSize.precision) {
    throw invalidData(
      'QuoteTick',
      `${p.instrumentId} bid size precision ${p.bidSize.precision} differs from ask size precision ${p.askSize.precision}`,
    );
  }
  return {
    type: 'QuoteTick',
    instrumentId: p.instrumentId,
    bidPrice: p.bidPrice,
    askPrice: p.askPrice,
    bidSize: p.bidSize,
    askSize: p.askSize,
    tsEvent: p.tsEvent,
    tsInit: p.tsInit,
  };
}

/** Builds a `TradeTick`; the size must be positive (`INVALID_DATA`). */
export function tradeTick(p: Omit<TradeTick, 'type'>): TradeTick {
  if (!p.size.isPositive())
    throw invalidData('TradeTick', `${p.instrumentId} trade ${p.tradeId} has size ${p.size}`);
  return {
    type: 'TradeTick',
    instrumentId: p.instrumentId,
    price: p.price,
    size: p.size,
    aggressorSide: p.aggressorSide,
    tradeId: p.tradeId,
    tsEvent: p.tsEvent,
    tsInit: p.tsInit,
  };
}
