/**
 * State snapshots of the ExecutionEngine (`snapshotOrders`, `snapshotPositions`,
 * `snapshotPositionsIntervalSecs`). The default writer publishes them on the bus, so a strategy or
 * an actor can record them and, with `messageBus.database`, they are streamed to Redis with every
 * other published message.
 *
 * | topic                             | message                 | when                                   |
 * |-----------------------------------|-------------------------|----------------------------------------|
 * | `snapshots.orders.<strategyId>`   | `OrderStateSnapshot`    | every order event applied              |
 * | `snapshots.positions.<strategyId>`| `PositionStateSnapshot` | every position event, and each interval for open positions |
 */
import type { MessageBus } from '../common/index.js';
import type { PositionSide } from '../model/enums.js';
import type {
  AccountId,
  ClientOrderId,
  InstrumentId,
  PositionId,
  StrategyId,
  TraderId,
} from '../model/identifiers/index.js';
import type { OrderSnapshot } from '../model/orders/index.js';
import type { Position } from '../model/positions/index.js';
import type { Money, Quantity } from '../model/values/index.js';

/** Receives snapshots when `snapshotOrders` / `snapshotPositions` are on. */
export interface SnapshotWriter {
  snapshotOrder(snapshot: OrderSnapshot, tsSnapshot: bigint): void;
  snapshotPosition(position: Position, tsSnapshot: bigint): void;
}

/** An order's state when one of its events was applied. */
export interface OrderStateSnapshot {
  readonly type: 'OrderStateSnapshot';
  readonly order: OrderSnapshot;
  readonly tsSnapshot: bigint;
}

/** A position's state at a position event or an interval tick. Decimals are exact strings. */
export interface PositionStateSnapshot {
  readonly type: 'PositionStateSnapshot';
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly instrumentId: InstrumentId;
  readonly positionId: PositionId;
  readonly accountId: AccountId;
  readonly openingOrderId: ClientOrderId;
  readonly side: PositionSide;
  readonly quantity: Quantity;
  readonly peakQty: Quantity;
  readonly avgPxOpen: string;
  readonly avgPxClose: string | null;
  readonly realizedPnl: Money;
  readonly fillCount: number;
  readonly tsOpened: bigint;
  readonly tsClosed: bigint | null;
  readonly tsSnapshot: bigint;
}

export const SnapshotTopics = Object.freeze({
  orders: (strategyId: StrategyId): string => `snapshots.orders.${strategyId.value}`,
  positions: (strategyId: StrategyId): string => `snapshots.positions.${strategyId.value}`,
});

/** The plain snapshot of `position` at `tsSnapshot`. */
export function positionStateSnapshot(position: Position, tsSnapshot: bigint): PositionStateSnapshot {
  return {
    type: 'PositionStateSnapshot',
    traderId: position.traderId,
    strategyId: position.strategyId,
    instrumentId: position.instrumentId,
    positionId: position.id,
    accountId: position.accountId,
    openingOrderId: position.openingOrderId,
    side: position.side,
    quantity: position.quantity,
    peakQty: position.peakQty,
    avgPxOpen: position.avgPxOpen.toString(),
    avgPxClose: position.avgPxClose?.toString() ?? null,
    realizedPnl: position.realizedPnl,
    fillCount: position.fills.length,
    tsOpened: position.tsOpened,
    tsClosed: position.tsClosed,
    tsSnapshot,
  };
}

/** The default writer: publishes each snapshot on the bus (topics in the module doc). */
export class BusSnapshotWriter implements SnapshotWriter {
  readonly #bus: MessageBus;

  constructor(bus: MessageBus) {
    this.#bus = bus;
  }

  snapshotOrder(order: OrderSnapshot, tsSnapshot: bigint): void {
    const message: OrderStateSnapshot = { type: 'OrderStateSnapshot', order, tsSnapshot };
    this.#bus.publish(SnapshotTopics.orders(order.strategyId), message);
  }

  snapshotPosition(position: Position, tsSnapshot: bigint): void {
    this.#bus.publish(
      SnapshotTopics.positions(position.strategyId),
      positionStateSnapshot(position, tsSnapshot),
    );
  }
}
