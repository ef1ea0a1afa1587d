/**
 * Positions from the fills reconciliation applies, kept minimal until the execution engine owns
 * position handling.
 *
 * # NETTING (complete)
 * One position per instrument: a fill goes to the instrument's open position when there is one
 * (the first in cache order), else it opens one under the id of the order's last position (a
 * reopen: the cache keeps the closed cycle as a snapshot), else under `<instrumentId>-<strategyId>`.
 * A fill larger than the open quantity on the other side is split with `splitFill`: the closing
 * part closes the position, the opening part reopens it on the other side under the same id. So
 * an INTERNAL-DIFF order that flips a position closes the internal one and opens the venue's.
 *
 * # HEDGING (partial)
 * A fill goes to its venue position id (else the order's linked position, else
 * `<instrumentId>-<strategyId>`). A fill that would flip a hedging position is refused by the
 * position (`POSITION_FLIP`); hedging venues never report one, so it is not split here.
 */
import type { Cache } from '../../cache/index.js';
import { KairosError } from '../../common/index.js';
import type { OmsType } from '../../model/enums.js';
import type { OrderFilled } from '../../model/events/index.js';
import { PositionId } from '../../model/identifiers/index.js';
import { Position, splitFill } from '../../model/positions/index.js';

/**
 * Applies `fill` to the cache's positions; returns the positions it changed, in order (a flip:
 * the closed one, then the reopened one). `eventId` names the opening part of a split fill.
 */
export function applyFillToPositions(
  cache: Cache,
  fill: OrderFilled,
  omsType: OmsType,
  eventId: (suffix: string) => string,
): Position[] {
  const instrument = cache.instrument(fill.instrumentId);
  if (instrument === null) {
    throw new KairosError(
      'RECON_UNKNOWN_INSTRUMENT',
      `fill ${fill.tradeId}: instrument ${fill.instrumentId} is not in the cache`,
    );
  }
  const defaultId = (): PositionId => PositionId.from(`${fill.instrumentId.value}-${fill.strategyId.value}`);
  let id: PositionId;
  if (omsType === 'HEDGING') {
    id = fill.positionId ?? cache.positionIdForOrder(fill.clientOrderId) ?? defaultId();
  } else {
    const open = cache.positionsOpen({ instrumentId: fill.instrumentId })[0];
    id = open?.id ?? cache.positionIdForOrder(fill.clientOrderId) ?? defaultId();
  }
  const held = cache.position(id);
  if (held === null || held.isClosed) {
    const p = Position.open(instrument, fill, id);
    cache.addPosition(p);
    return [p];
  }
  const reducing = (held.isLong && fill.orderSide === 'SELL') || (held.isShort && fill.orderSide === 'BUY');
  if (omsType === 'NETTING' && reducing && fill.lastQty.raw > held.quantity.raw) {
    const [closing, opening] = splitFill(fill, held.quantity, id, eventId('split'));
    held.apply(closing);
    cache.updatePosition(held);
    const p = Position.open(instrument, opening, id);
    cache.addPosition(p);
    return [held, p];
  }
  held.apply(fill);
  cache.updatePosition(held);
  return [held];
}
