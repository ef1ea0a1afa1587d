/**
 * Order book deltas as plain data. A delta adds, updates or deletes one order (or price level,
 * on MBP books) on one side, or clears the book. Sides are order sides: BUY is the bid side.
 */
import type { BookAction, OrderSide } from '../enums.js';
import type { InstrumentId } from '../identifiers/index.js';
import type { Price, Quantity } from '../values/index.js';
import { invalidData } from './errors.js';

/** Bits of `OrderBookDelta.flags`. */
export const RecordFlag = Object.freeze({
  /** The last delta of an event: the book is consistent after it. */
  F_LAST: 1 << 7,
  /** Top-of-book only. */
  F_TOB: 1 << 6,
  /** Part of a snapshot. */
  F_SNAPSHOT: 1 << 5,
  /** Market by price (aggregated levels). */
  F_MBP: 1 << 4,
} as const);

/** One order (or level) in a book. `orderId` is 0n on MBP books. */
export interface BookOrder {
  readonly side: OrderSide;
  readonly price: Price;
  readonly size: Quantity;
  readonly orderId: bigint;
}

export interface OrderBookDelta {
  readonly type: 'OrderBookDelta';
  readonly instrumentId: InstrumentId;
  readonly action: BookAction;
  /** `null` only for CLEAR. */
  readonly order: BookOrder | null;
  readonly flags: number;
  /** The venue's sequence number (0n when none). */
  readonly sequence: bigint;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

/** Deltas of one instrument applied together (the last one carries `F_LAST`). */
export interface OrderBookDeltas {
  readonly type: 'OrderBookDeltas';
  readonly instrumentId: InstrumentId;
  readonly deltas: readonly OrderBookDelta[];
}

/**
 * Builds a delta (`INVALID_DATA` when wrong): CLEAR has no order, the others have one; ADD needs
 * a positive size; flags are one byte.
 */
export function orderBookDelta(p: {
  readonly instrumentId: InstrumentId;
  readonly action: BookAction;
  readonly order?: BookOrder | null;
  readonly flags?: number;
  readonly sequence?: bigint;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}): OrderBookDelta {
  const order = p.order ?? null;
  const what = `${p.instrumentId} ${p.action}`;
  if (p.action === 'CLEAR') {
    if (order !== null) throw invalidData('OrderBookDelta', `${what} must not carry an order`);
  } else if (order === null) {
    throw invalidData('OrderBookDelta', `${what} needs an order`);
  } else if (p.action === 'ADD' && !order.size.isPositive()) {
    throw invalidData('OrderBookDelta', `${what} has size ${order.size}`);
  }
  const flags = p.flags ?? 0;
  if (!Number.isInteger(flags) || flags < 0 || flags > 255) {
    throw invalidData('OrderBookDelta', `${what} flags ${flags} are not one byte`);
  }
  return {
    type: 'OrderBookDelta',
    instrumentId: p.instrumentId,
    action: p.action,
    order,
    flags,
    sequence: p.sequence ?? 0n,
    tsEvent: p.tsEvent,
    tsInit: p.tsInit,
  };
}

/** Groups deltas of one instrument; refuses an empty batch or a foreign instrument. */
export function orderBookDeltas(
  instrumentId: InstrumentId,
  deltas: readonly OrderBookDelta[],
): OrderBookDeltas {
  if (deltas.length === 0) throw invalidData('OrderBookDeltas', `${instrumentId}: no deltas`);
  for (const d of deltas) {
    if (!d.instrumentId.eq(instrumentId)) {
      throw invalidData('OrderBookDeltas', `delta for ${d.instrumentId} in a batch for ${instrumentId}`);
    }
  }
  return { type: 'OrderBookDeltas', instrumentId, deltas };
}
