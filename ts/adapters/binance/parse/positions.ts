/**
 * Futures positions -> `PositionStatusReport`s, from `GET /fapi/v3/positionRisk` (and v2),
 * the `positions` of `GET /fapi/v2|v3/account`, and the `P` list of an `ACCOUNT_UPDATE`.
 *
 * One-way mode reports one `BOTH` leg per symbol: its side is the sign of `positionAmt`. Hedge
 * mode reports a `LONG` and a `SHORT` leg; each becomes its own report with the venue position
 * id `<instrumentId>-LONG` / `-SHORT` (a flat leg is FLAT). Zero quantities are kept: the venue
 * saying "flat" is information reconciliation needs.
 */
import { Decimal } from 'decimal.js';

import type { PositionSide } from '../../../model/enums.js';
import { type PositionStatusReport, positionStatusReport } from '../../../model/reports/index.js';
import { type ReportContext, venuePositionIdOf } from './common.js';
import { Fields } from './fields.js';
import { build } from './orders.js';

const LEG_SIDES = ['BOTH', 'LONG', 'SHORT'] as const;

/** One position leg, with the field names of the payload kind. */
export function parsePositionLeg(
  f: Fields,
  ctx: ReportContext,
  names: { symbol: string; amount: string; entry: string; side: string; time: string | null },
  tsFallback: bigint,
): PositionStatusReport {
  const instrumentId = ctx.symbols.instrumentId(f.str(names.symbol));
  const { qty, negative } = f.signedQty(names.amount);
  const leg = f.has(names.side) ? f.oneOf(names.side, LEG_SIDES) : 'BOTH';
  let side: PositionSide;
  if (leg === 'BOTH') side = qty.isZero() ? 'FLAT' : negative ? 'SHORT' : 'LONG';
  else side = qty.isZero() ? 'FLAT' : leg;
  const entry = f.decimal(names.entry);
  const time = names.time !== null && f.has(names.time) ? f.msNs(names.time) : 0n;
  return build(f, `position ${instrumentId} ${leg}`, () =>
    positionStatusReport({
      accountId: ctx.accountId,
      instrumentId,
      positionSide: side,
      quantity: qty,
      avgPxOpen: new Decimal(entry).isZero() ? null : new Decimal(entry),
      venuePositionId: venuePositionIdOf(instrumentId, leg),
      // Binance sends updateTime 0 for a leg never touched.
      tsLast: time === 0n ? tsFallback : time,
      tsInit: ctx.tsInit,
    }),
  );
}

const REST_NAMES = {
  symbol: 'symbol',
  amount: 'positionAmt',
  entry: 'entryPrice',
  side: 'positionSide',
  time: 'updateTime',
} as const;

/** `positionRisk` (v2/v3) or the account `positions` array. */
export function parsePositionRisk(
  json: unknown,
  ctx: ReportContext,
  kind = 'futures positionRisk',
): PositionStatusReport[] {
  return Fields.list(kind, json).map((f) => parsePositionLeg(f, ctx, REST_NAMES, ctx.tsInit));
}

/** The `P` entries of an `ACCOUNT_UPDATE` (`s`, `pa`, `ep`, `ps`). */
export function parseAccountUpdatePositions(
  a: Fields,
  ctx: ReportContext,
  tsEvent: bigint,
): PositionStatusReport[] {
  return a
    .objs('P')
    .map((p) =>
      parsePositionLeg(p, ctx, { symbol: 's', amount: 'pa', entry: 'ep', side: 'ps', time: null }, tsEvent),
    );
}
