import type { Decimal } from 'decimal.js';

import type {
  ContingencyType,
  LiquiditySide,
  OrderSide,
  OrderStatus,
  OrderType,
  TimeInForce,
  TriggerType,
} from '../enums.js';
import type {
  AccountId,
  ClientOrderId,
  InstrumentId,
  OrderListId,
  PositionId,
  StrategyId,
  TradeId,
  TraderId,
  VenueOrderId,
} from '../identifiers/index.js';
import type { Money, Price, Quantity } from '../values/index.js';
import type { TrailingOffsetType } from './kinds.js';

/** An order's state at one moment, as a plain readonly object (for caches and reports). */
export interface OrderSnapshot {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: ClientOrderId;
  readonly venueOrderId: VenueOrderId | null;
  readonly accountId: AccountId | null;
  readonly positionId: PositionId | null;
  readonly side: OrderSide;
  readonly orderType: OrderType;
  readonly timeInForce: TimeInForce;
  readonly status: OrderStatus;
  readonly previousStatus: OrderStatus | null;
  readonly quantity: Quantity;
  readonly price: Price | null;
  readonly triggerPrice: Price | null;
  readonly triggerType: TriggerType;
  readonly limitOffset: Decimal | null;
  readonly trailingOffset: Decimal | null;
  readonly trailingOffsetType: TrailingOffsetType;
  readonly expireTimeNs: bigint | null;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly quoteQuantity: boolean;
  readonly displayQty: Quantity | null;
  readonly emulationTrigger: TriggerType;
  readonly contingencyType: ContingencyType;
  readonly orderListId: OrderListId | null;
  readonly linkedOrderIds: readonly ClientOrderId[];
  readonly parentOrderId: ClientOrderId | null;
  readonly execAlgorithmId: string | null;
  readonly tags: readonly string[];
  readonly filledQty: Quantity;
  readonly leavesQty: Quantity;
  readonly avgPx: Decimal | null;
  readonly slippage: Decimal;
  readonly commissions: readonly Money[];
  readonly tradeIds: readonly TradeId[];
  readonly lastTradeId: TradeId | null;
  readonly liquiditySide: LiquiditySide;
  readonly isTriggered: boolean;
  readonly tsTriggered: bigint | null;
  readonly tsAccepted: bigint | null;
  readonly tsLast: bigint;
  readonly tsInit: bigint;
  readonly eventCount: number;
}
