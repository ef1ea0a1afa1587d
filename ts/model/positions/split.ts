import { KairosError } from '../errors.js';
import type { OrderFilled } from '../events/order.js';
import type { PositionId } from '../identifiers/index.js';
import { divRoundHalfEven } from '../instruments/exact.js';
import { RAW_UNIT } from '../values/fixed.js';
import { Money, Quantity } from '../values/index.js';

/**
 * Splits a fill that flips a position into the part that closes it (`closingQty`) and the part
 * that opens the other side. The commission is shared pro rata: the closing part's share is
 * rounded half-even to the currency's precision and the opening part takes the rest, so the two
 * always add up to the original. Both parts keep the trade id (they go to different positions);
 * the closing part keeps the event id, the opening part gets `openingEventId` and
 * `openingPositionId`.
 */
export function splitFill(
  fill: OrderFilled,
  closingQty: Quantity,
  openingPositionId: PositionId,
  openingEventId: string = crypto.randomUUID(),
): [closing: OrderFilled, opening: OrderFilled] {
  if (!closingQty.isPositive() || closingQty.raw >= fill.lastQty.raw) {
    throw new KairosError(
      'INVALID_FILL',
      `cannot split fill ${fill.tradeId} of ${fill.lastQty} at ${closingQty}: the closing part must be positive and smaller`,
    );
  }
  const precision = Math.max(fill.lastQty.precision, closingQty.precision);
  const openingQty = Quantity.fromRaw(fill.lastQty.raw - closingQty.raw, precision);
  let closingCommission: Money | null = null;
  let openingCommission: Money | null = null;
  if (fill.commission !== null) {
    const c = fill.commission;
    const unit = RAW_UNIT[c.currency.precision]!;
    const share = divRoundHalfEven(c.raw * closingQty.raw, fill.lastQty.raw * unit) * unit;
    closingCommission = Money.fromRaw(share, c.currency);
    openingCommission = c.sub(closingCommission);
  }
  const closing: OrderFilled = {
    ...fill,
    lastQty: Quantity.fromRaw(closingQty.raw, precision),
    commission: closingCommission,
  };
  const opening: OrderFilled = {
    ...fill,
    eventId: openingEventId,
    positionId: openingPositionId,
    lastQty: openingQty,
    commission: openingCommission,
  };
  return [closing, opening];
}
