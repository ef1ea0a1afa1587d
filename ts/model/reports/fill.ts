import type { LiquiditySide, OrderSide } from '../enums.js';
import type {
  AccountId,
  ClientOrderId,
  InstrumentId,
  PositionId,
  TradeId,
  VenueOrderId,
} from '../identifiers/index.js';
import type { Money, Price, Quantity } from '../values/index.js';
import { invalidReport } from './errors.js';

/** The venue's record of one trade of one order. */
export interface FillReport {
  readonly type: 'FillReport';
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly venueOrderId: VenueOrderId;
  readonly clientOrderId: ClientOrderId | null;
  readonly tradeId: TradeId;
  readonly orderSide: OrderSide;
  readonly lastQty: Quantity;
  readonly lastPx: Price;
  readonly commission: Money;
  readonly liquiditySide: LiquiditySide;
  /** HEDGING venues: the position the trade belongs to. */
  readonly venuePositionId: PositionId | null;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
  readonly reportId: string;
}

export type FillReportParams = Omit<FillReport, 'type' | 'clientOrderId' | 'venuePositionId' | 'reportId'> & {
  readonly clientOrderId?: ClientOrderId | null;
  readonly venuePositionId?: PositionId | null;
  readonly reportId?: string;
};

/** Builds and checks a `FillReport`: the quantity must be positive (`INVALID_REPORT`). */
export function fillReport(p: FillReportParams): FillReport {
  if (!p.lastQty.isPositive()) {
    throw invalidReport('FillReport', p.tradeId.value, `lastQty must be positive, was ${p.lastQty}`);
  }
  return {
    type: 'FillReport',
    accountId: p.accountId,
    instrumentId: p.instrumentId,
    venueOrderId: p.venueOrderId,
    clientOrderId: p.clientOrderId ?? null,
    tradeId: p.tradeId,
    orderSide: p.orderSide,
    lastQty: p.lastQty,
    lastPx: p.lastPx,
    commission: p.commission,
    liquiditySide: p.liquiditySide,
    venuePositionId: p.venuePositionId ?? null,
    tsEvent: p.tsEvent,
    tsInit: p.tsInit,
    reportId: p.reportId ?? crypto.randomUUID(),
  };
}
