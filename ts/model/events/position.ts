/**
 * Position events: each carries the position as it is after the fill that caused it. Built by
 * `Position.toEvent` (positions/), which reads every field from the position.
 */
import type { Decimal } from 'decimal.js';

import type { OrderSide, PositionSide } from '../enums.js';
import type {
  AccountId,
  ClientOrderId,
  InstrumentId,
  PositionId,
  StrategyId,
  TraderId,
} from '../identifiers/index.js';
import type { Currency, Money, Price, Quantity } from '../values/index.js';

/** The fields of every position event. */
export interface PositionEventFields {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly positionId: PositionId;
  readonly accountId: AccountId;
  readonly openingOrderId: ClientOrderId;
  readonly closingOrderId: ClientOrderId | null;
  /** The side of the opening fill. */
  readonly entry: OrderSide;
  readonly side: PositionSide;
  /** Positive long, negative short. */
  readonly signedQty: Decimal;
  readonly quantity: Quantity;
  readonly peakQty: Quantity;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly currency: Currency;
  readonly avgPxOpen: Decimal;
  readonly avgPxClose: Decimal | null;
  readonly realizedReturn: Decimal;
  readonly realizedPnl: Money;
  /** At the last fill's price. */
  readonly unrealizedPnl: Money;
  readonly eventId: string;
  readonly tsOpened: bigint;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export interface PositionOpened extends PositionEventFields {
  readonly type: 'PositionOpened';
}
export interface PositionChanged extends PositionEventFields {
  readonly type: 'PositionChanged';
}
export interface PositionClosed extends PositionEventFields {
  readonly type: 'PositionClosed';
  readonly tsClosed: bigint;
  readonly durationNs: bigint;
}

/** Any position event; switch on `type`. */
export type PositionEvent = PositionOpened | PositionChanged | PositionClosed;
