import type { Decimal } from 'decimal.js';

import type { PositionSide } from '../enums.js';
import type { AccountId, InstrumentId, PositionId } from '../identifiers/index.js';
import type { Quantity } from '../values/index.js';
import { invalidReport } from './errors.js';

/** The venue's view of one position (per instrument; per position id on HEDGING venues). */
export interface PositionStatusReport {
  readonly type: 'PositionStatusReport';
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly positionSide: PositionSide;
  readonly quantity: Quantity;
  /** Positive long, negative short, zero flat. */
  readonly signedDecimalQty: Decimal;
  readonly avgPxOpen: Decimal | null;
  /** HEDGING venues only. */
  readonly venuePositionId: PositionId | null;
  readonly tsLast: bigint;
  readonly tsInit: bigint;
  readonly reportId: string;
}

export interface PositionStatusReportParams {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly positionSide: PositionSide;
  readonly quantity: Quantity;
  readonly avgPxOpen?: Decimal | null;
  readonly venuePositionId?: PositionId | null;
  readonly tsLast: bigint;
  readonly tsInit: bigint;
  readonly reportId?: string;
}

/**
 * Builds and checks a `PositionStatusReport`. A zero quantity is FLAT whatever side is given
 * (hedge-mode venues report an empty LONG leg); FLAT with a quantity is refused
 * (`INVALID_REPORT`).
 */
export function positionStatusReport(p: PositionStatusReportParams): PositionStatusReport {
  const flat = p.quantity.isZero();
  if (!flat && p.positionSide === 'FLAT') {
    throw invalidReport(
      'PositionStatusReport',
      p.instrumentId.value,
      `side FLAT with quantity ${p.quantity}`,
    );
  }
  const side: PositionSide = flat ? 'FLAT' : p.positionSide;
  const q = p.quantity.toDecimal();
  return {
    type: 'PositionStatusReport',
    accountId: p.accountId,
    instrumentId: p.instrumentId,
    positionSide: side,
    quantity: p.quantity,
    signedDecimalQty: side === 'SHORT' ? q.neg() : q,
    avgPxOpen: p.avgPxOpen ?? null,
    venuePositionId: p.venuePositionId ?? null,
    tsLast: p.tsLast,
    tsInit: p.tsInit,
    reportId: p.reportId ?? crypto.randomUUID(),
  };
}
