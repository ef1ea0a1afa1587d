/**
 * REST order payloads -> `OrderStatusReport`s.
 *
 * Spot: `GET /api/v3/order`, `/openOrders`, `/allOrders`, `POST /api/v3/order` (ACK/RESULT/FULL),
 * `DELETE /api/v3/order` and `DELETE /api/v3/openOrders` (which may include order lists).
 * Futures: `/fapi/v1/order`, `/openOrders`, `/allOrders`, and algo (conditional) orders from
 * `/fapi/v1/openAlgoOrders` / `/fapi/v1/algoOrder`, whose venue order id is `ALGO-<algoId>` so
 * the two id spaces never collide and a cancel knows which endpoint to call.
 *
 * On a cancel response `clientOrderId` is the cancel request's id and `origClientOrderId` the
 * order's own: the report carries the order's own id.
 */
import { Decimal } from 'decimal.js';

import type { ContingencyType } from '../../../model/enums.js';
import { ClientOrderId, OrderListId, VenueOrderId } from '../../../model/identifiers/index.js';
import { type OrderStatusReport, orderStatusReport } from '../../../model/reports/index.js';
import { Quantity } from '../../../model/values/index.js';
import { BinanceError } from '../errors.js';
import {
  orderStatusOf,
  orderTypeOf,
  type ReportContext,
  sideOf,
  timeInForceOf,
  triggerTypeOf,
  venuePositionIdOf,
} from './common.js';
import { Fields, isObject, laterOf } from './fields.js';

/** Prefix of the venue order ids of futures algo (conditional) orders. */
export const ALGO_ID_PREFIX = 'ALGO-';

/** Runs a report builder, turning a model error into a payload error that names the path. */
export function build<T>(f: Fields, what: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof BinanceError) throw e;
    throw new BinanceError(
      'BINANCE_INVALID_PAYLOAD',
      `invalid Binance ${f.kind}${f.path ? ` at ${f.path}` : ''}: ${what}: ${(e as Error).message}`,
      { kind: f.kind, field: f.path, cause: (e as { code?: unknown }).code },
      e,
    );
  }
}

function clientOrderIdOf(f: Fields, ...names: string[]): ClientOrderId | null {
  for (const n of names) {
    const v = f.optNonEmpty(n);
    if (v !== null) {
      try {
        return ClientOrderId.from(v);
      } catch {
        return f.fail(n, 'a client order id (at most 36 printable characters)');
      }
    }
  }
  return null;
}

function firstTime(f: Fields, ...names: string[]): bigint {
  for (const n of names) if (f.has(n)) return f.msNs(n);
  return f.fail(names[0]!, 'a time in ms');
}

function avgOf(quote: string | null, filled: Quantity): Decimal | null {
  if (quote === null || filled.isZero()) return null;
  const q = new Decimal(quote);
  return q.isZero() ? null : q.div(filled.toDecimal());
}

/** One spot order (any of the REST shapes above). */
export function parseSpotOrder(
  f: Fields,
  ctx: ReportContext,
  contingency?: ContingencyType,
): OrderStatusReport {
  const instrumentId = ctx.symbols.instrumentId(f.str('symbol'));
  const quantity = f.qty('origQty');
  const filledQty = f.qty('executedQty');
  const type = orderTypeOf(f, 'type', 'SPOT');
  const tif = timeInForceOf(f, 'timeInForce');
  const status = orderStatusOf(f, 'status', quantity, filledQty);
  const listId = f.has('orderListId') ? f.int('orderListId') : -1;
  const iceberg = f.has('icebergQty') ? f.qty('icebergQty') : null;
  const tsAccepted = firstTime(f, 'time', 'workingTime', 'transactTime');
  const tsLast = f.has('updateTime')
    ? f.msNs('updateTime')
    : f.has('transactTime')
      ? f.msNs('transactTime')
      : tsAccepted;
  return build(f, `order ${f.raw.orderId}`, () =>
    orderStatusReport({
      accountId: ctx.accountId,
      instrumentId,
      clientOrderId: clientOrderIdOf(f, 'origClientOrderId', 'clientOrderId'),
      venueOrderId: VenueOrderId.from(String(f.int('orderId'))),
      orderListId: listId >= 0 ? OrderListId.from(String(listId)) : null,
      orderSide: sideOf(f, 'side'),
      orderType: type.orderType,
      timeInForce: tif.timeInForce,
      orderStatus: status,
      contingencyType: listId >= 0 ? (contingency ?? 'NO_CONTINGENCY') : 'NO_CONTINGENCY',
      price: f.optPrice('price'),
      triggerPrice: f.optPrice('stopPrice'),
      triggerType: f.has('stopPrice') && !f.price('stopPrice').isZero() ? 'LAST_PRICE' : 'NO_TRIGGER',
      avgPx: avgOf(f.optDecimal('cummulativeQuoteQty'), filledQty),
      quantity,
      filledQty,
      displayQty: iceberg !== null && !iceberg.isZero() ? iceberg : null,
      postOnly: type.postOnly || tif.postOnly,
      cancelReason: f.raw.status === 'EXPIRED_IN_MATCH' ? 'EXPIRED_IN_MATCH' : null,
      tsAccepted,
      tsLast: laterOf(tsLast, tsAccepted),
      tsInit: ctx.tsInit,
    }),
  );
}

/** One futures order (`/fapi/v1/order` shapes). */
export function parseFuturesOrder(f: Fields, ctx: ReportContext): OrderStatusReport {
  const instrumentId = ctx.symbols.instrumentId(f.str('symbol'));
  const quantity = f.qty('origQty');
  const filledQty = f.qty('executedQty');
  const type = orderTypeOf(f, 'type', 'USDT_FUTURE');
  const tif = timeInForceOf(f, 'timeInForce');
  const status = orderStatusOf(f, 'status', quantity, filledQty);
  const trailing = type.orderType === 'TRAILING_STOP_MARKET';
  const rate = trailing && f.has('priceRate') ? new Decimal(f.decimal('priceRate')).mul(100) : null;
  const tsAccepted = firstTime(f, 'time', 'updateTime');
  const tsLast = f.has('updateTime') ? f.msNs('updateTime') : tsAccepted;
  const avg = f.optDecimal('avgPrice');
  const gtd = f.has('goodTillDate') ? f.int('goodTillDate') : 0;
  return build(f, `order ${f.raw.orderId}`, () =>
    orderStatusReport({
      accountId: ctx.accountId,
      instrumentId,
      clientOrderId: clientOrderIdOf(f, 'origClientOrderId', 'clientOrderId'),
      venueOrderId: VenueOrderId.from(String(f.int('orderId'))),
      venuePositionId: venuePositionIdOf(instrumentId, f.optStr('positionSide')),
      orderSide: sideOf(f, 'side'),
      orderType: type.orderType,
      timeInForce: tif.timeInForce,
      orderStatus: status,
      price: f.optPrice('price'),
      // A trailing stop's activation price is its trigger.
      triggerPrice: trailing ? f.optPrice('activatePrice') : f.optPrice('stopPrice'),
      triggerType: triggerTypeOf(f, 'workingType', type.orderType),
      // priceRate is a percentage: 0.3 -> 30 basis points.
      trailingOffset: rate,
      trailingOffsetType: rate === null ? 'NO_TRAILING_OFFSET' : 'BASIS_POINTS',
      avgPx: avg !== null && !new Decimal(avg).isZero() ? new Decimal(avg) : null,
      quantity,
      filledQty,
      expireTimeNs: tif.timeInForce === 'GTD' && gtd > 0 ? BigInt(gtd) * 1_000_000n : null,
      postOnly: type.postOnly || tif.postOnly,
      reduceOnly: f.optBool('reduceOnly') ?? false,
      cancelReason: f.raw.status === 'EXPIRED_IN_MATCH' ? 'EXPIRED_IN_MATCH' : null,
      tsAccepted,
      tsLast: laterOf(tsLast, tsAccepted),
      tsInit: ctx.tsInit,
    }),
  );
}

/** Algo order statuses -> model (see common.ts). */
function algoStatus(f: Fields, name: string, quantity: Quantity, filled: Quantity) {
  const v = f.str(name);
  switch (v) {
    case 'NEW':
      return 'ACCEPTED' as const;
    case 'CANCELED':
      return 'CANCELED' as const;
    case 'REJECTED':
      return 'REJECTED' as const;
    case 'EXPIRED':
      return 'EXPIRED' as const;
    case 'TRIGGERING':
    case 'TRIGGERED':
    case 'FINISHED':
      return !filled.isZero() && filled.ge(quantity) ? ('FILLED' as const) : ('TRIGGERED' as const);
    default:
      return f.fail(
        name,
        'an algo status (NEW, CANCELED, TRIGGERING, TRIGGERED, FINISHED, REJECTED, EXPIRED)',
      );
  }
}

/**
 * One futures algo (conditional) order from `/fapi/v1/openAlgoOrders` or `/fapi/v1/algoOrder`.
 * Once triggered, what executed is the actual order's (`actualQty` at `actualPrice`, empty or
 * absent before): the algo order itself never trades.
 */
export function parseAlgoOrder(f: Fields, ctx: ReportContext): OrderStatusReport {
  const instrumentId = ctx.symbols.instrumentId(f.str('symbol'));
  const quantity = f.qty('quantity');
  const filledQty =
    f.optNonEmpty('actualQty') === null ? Quantity.zero(quantity.precision) : f.qty('actualQty');
  const avg = f.optNonEmpty('actualPrice') === null ? null : f.decimal('actualPrice');
  const type = orderTypeOf(f, 'type', 'USDT_FUTURE');
  const tif = timeInForceOf(f, 'timeInForce');
  const tsAccepted = firstTime(f, 'createTime', 'updateTime');
  const tsLast = f.has('updateTime') ? f.msNs('updateTime') : tsAccepted;
  return build(f, `algo order ${f.raw.algoId}`, () =>
    orderStatusReport({
      accountId: ctx.accountId,
      instrumentId,
      clientOrderId: clientOrderIdOf(f, 'clientAlgoId'),
      venueOrderId: VenueOrderId.from(`${ALGO_ID_PREFIX}${f.int('algoId')}`),
      venuePositionId: venuePositionIdOf(instrumentId, f.optStr('positionSide')),
      orderSide: sideOf(f, 'side'),
      orderType: type.orderType,
      timeInForce: tif.timeInForce,
      orderStatus: algoStatus(f, 'algoStatus', quantity, filledQty),
      price: f.optPrice('price'),
      triggerPrice: f.optPrice('triggerPrice') ?? f.optPrice('activatePrice'),
      triggerType: triggerTypeOf(f, 'workingType', type.orderType),
      avgPx: avg !== null && filledQty.isPositive() && !new Decimal(avg).isZero() ? new Decimal(avg) : null,
      quantity,
      filledQty,
      postOnly: tif.postOnly,
      reduceOnly: f.optBool('reduceOnly') ?? false,
      tsAccepted,
      tsLast: laterOf(tsLast, tsAccepted),
      tsInit: ctx.tsInit,
    }),
  );
}

/** A spot order list entry of `DELETE /api/v3/openOrders`: its order reports. */
function parseSpotOrderList(f: Fields, ctx: ReportContext): OrderStatusReport[] {
  const contingency = f.oneOf('contingencyType', ['OCO', 'OTO', 'OTOCO', 'OPO', 'OPOCO'] as const);
  const mapped: ContingencyType = contingency === 'OCO' ? 'OCO' : 'OTO';
  return f.objs('orderReports').map((o) => parseSpotOrder(o, ctx, mapped));
}

/** A JSON array of spot orders (order lists flattened into their orders). */
export function parseSpotOrders(
  json: unknown,
  ctx: ReportContext,
  kind = 'spot orders',
): OrderStatusReport[] {
  if (!Array.isArray(json)) throw Fields.of(kind, json).fail('(root)', 'an array');
  const out: OrderStatusReport[] = [];
  json.forEach((item, i) => {
    const f = Fields.of(kind, item, `[${i}]`);
    if (isObject(item) && 'orderReports' in item) out.push(...parseSpotOrderList(f, ctx));
    else out.push(parseSpotOrder(f, ctx));
  });
  return out;
}

/** A JSON array of futures orders. */
export function parseFuturesOrders(
  json: unknown,
  ctx: ReportContext,
  kind = 'futures orders',
): OrderStatusReport[] {
  return Fields.list(kind, json).map((f) => parseFuturesOrder(f, ctx));
}

/** The actual order id of a triggered algo order (`actualOrderId`), or null before the trigger. */
export function algoActualOrderId(f: Fields): string | null {
  const v = f.raw.actualOrderId;
  if (v === undefined || v === null || v === '') return null;
  return f.bigint('actualOrderId').toString();
}

/** A JSON array of futures algo orders (or `{ orders: [...] }`). */
export function parseAlgoOrders(
  json: unknown,
  ctx: ReportContext,
  kind = 'futures algo orders',
): OrderStatusReport[] {
  const list = isObject(json) && Array.isArray(json.orders) ? json.orders : json;
  return Fields.list(kind, list).map((f) => parseAlgoOrder(f, ctx));
}
