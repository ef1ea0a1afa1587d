/**
 * Trade payloads -> `FillReport`s: spot `GET /api/v3/myTrades`, futures `GET /fapi/v1/userTrades`,
 * and the `fills` of a spot `newOrderRespType=FULL` answer. The commission is `Money` in the
 * commission asset; maker/taker from `isMaker` / `maker`. Trades carry no client order id.
 */
import { ClientOrderId, TradeId, VenueOrderId } from '../../../model/identifiers/index.js';
import { type FillReport, fillReport } from '../../../model/reports/index.js';
import type { Money } from '../../../model/values/index.js';
import { type ReportContext, sideOf, venuePositionIdOf } from './common.js';
import { assetCurrency, Fields } from './fields.js';
import { build } from './orders.js';

function commissionOf(f: Fields, amount: string, asset: string): Money {
  return f.money(amount, assetCurrency(f.str(asset), f.kind, f.p(asset)));
}

/** One spot trade of `myTrades`. */
export function parseSpotTrade(f: Fields, ctx: ReportContext): FillReport {
  const instrumentId = ctx.symbols.instrumentId(f.str('symbol'));
  const isBuyer = f.bool('isBuyer');
  return build(f, `trade ${f.raw.id}`, () =>
    fillReport({
      accountId: ctx.accountId,
      instrumentId,
      venueOrderId: VenueOrderId.from(String(f.int('orderId'))),
      tradeId: TradeId.from(String(f.int('id'))),
      orderSide: isBuyer ? 'BUY' : 'SELL',
      lastQty: f.qty('qty'),
      lastPx: f.price('price'),
      commission: commissionOf(f, 'commission', 'commissionAsset'),
      liquiditySide: f.bool('isMaker') ? 'MAKER' : 'TAKER',
      tsEvent: f.msNs('time'),
      tsInit: ctx.tsInit,
    }),
  );
}

/** One futures trade of `userTrades`. */
export function parseFuturesTrade(f: Fields, ctx: ReportContext): FillReport {
  const instrumentId = ctx.symbols.instrumentId(f.str('symbol'));
  return build(f, `trade ${f.raw.id}`, () =>
    fillReport({
      accountId: ctx.accountId,
      instrumentId,
      venueOrderId: VenueOrderId.from(String(f.int('orderId'))),
      tradeId: TradeId.from(String(f.int('id'))),
      orderSide: sideOf(f, 'side'),
      lastQty: f.qty('qty'),
      lastPx: f.price('price'),
      commission: commissionOf(f, 'commission', 'commissionAsset'),
      liquiditySide: f.bool('maker') ? 'MAKER' : 'TAKER',
      venuePositionId: venuePositionIdOf(instrumentId, f.optStr('positionSide')),
      tsEvent: f.msNs('time'),
      tsInit: ctx.tsInit,
    }),
  );
}

export function parseSpotTrades(json: unknown, ctx: ReportContext): FillReport[] {
  return Fields.list('spot myTrades', json).map((f) => parseSpotTrade(f, ctx));
}

export function parseFuturesTrades(json: unknown, ctx: ReportContext): FillReport[] {
  return Fields.list('futures userTrades', json).map((f) => parseFuturesTrade(f, ctx));
}

/**
 * The fills of a spot order answer with `newOrderRespType=FULL` (they matched on arrival, so
 * they took liquidity: TAKER). Empty for ACK/RESULT answers.
 */
export function parseSpotOrderFills(json: unknown, ctx: ReportContext): FillReport[] {
  const root = Fields.of('spot order response', json);
  if (!root.has('fills')) return [];
  const instrumentId = ctx.symbols.instrumentId(root.str('symbol'));
  const venueOrderId = VenueOrderId.from(String(root.int('orderId')));
  const side = sideOf(root, 'side');
  const ts = root.msNs('transactTime');
  const clientOrderId = root.optNonEmpty('clientOrderId');
  return root.objs('fills').map((f) =>
    build(f, `fill ${f.raw.tradeId}`, () =>
      fillReport({
        accountId: ctx.accountId,
        instrumentId,
        venueOrderId,
        clientOrderId: clientOrderId === null ? null : ClientOrderId.from(clientOrderId),
        tradeId: TradeId.from(String(f.int('tradeId'))),
        orderSide: side,
        lastQty: f.qty('qty'),
        lastPx: f.price('price'),
        commission: commissionOf(f, 'commission', 'commissionAsset'),
        liquiditySide: 'TAKER',
        tsEvent: ts,
        tsInit: ctx.tsInit,
      }),
    ),
  );
}
