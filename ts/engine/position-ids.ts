/**
 * Position id assignment (the OMS).
 *
 * | OMS      | position id of a fill                                                       |
 * |----------|------------------------------------------------------------------------------|
 * | NETTING  | `<instrumentId>-<strategyId>`, e.g. `BTCUSDT.BINANCE-EMACross-001`, always (one position per instrument and strategy; a flip reopens the same id) |
 * | HEDGING  | the fill's own position id (venue-assigned), else the position the order is linked to (the submit's `positionId`, or the position its earlier fills went to), else `P-<clientOrderId>`: a new position per opening order; the opening part of a flip is `P-<clientOrderId>` of the flipping order |
 *
 * Every id is a pure function of the order and the fill, so the same events give the same ids,
 * also after a restart.
 */
import type { OmsType } from '../model/enums.js';
import {
  type ClientOrderId,
  type InstrumentId,
  PositionId,
  type StrategyId,
} from '../model/identifiers/index.js';

/** The one position id of an instrument and strategy under NETTING. */
export function nettingPositionId(instrumentId: InstrumentId, strategyId: StrategyId): PositionId {
  return PositionId.from(`${instrumentId.value}-${strategyId.value}`);
}

/** The position id a HEDGING order opens. */
export function hedgingPositionId(clientOrderId: ClientOrderId): PositionId {
  return PositionId.from(`P-${clientOrderId.value}`);
}

/** The OMS in effect: the strategy's override, else the client's, else NETTING. */
export function effectiveOms(
  override: OmsType | undefined,
  clientOms: OmsType | undefined,
): 'NETTING' | 'HEDGING' {
  if (override !== undefined && override !== 'UNSPECIFIED') return override;
  if (clientOms !== undefined && clientOms !== 'UNSPECIFIED') return clientOms;
  return 'NETTING';
}
