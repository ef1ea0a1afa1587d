/**
 * Applies the core's reconciliation actions to the cache, in order, through the order state
 * machine like any event.
 *
 * # Per action
 * - `CreateOrder`: an order in INITIALIZED (strategy and tag as the core decided: `EXTERNAL`/
 *   claiming strategy with tag `VENUE`, or `INTERNAL-DIFF` with tag `RECONCILIATION`), built from
 *   the venue's report where there is one (time in force, expiry, trigger type, offsets, flags),
 *   added to the cache.
 * - `OrderEvent`: the event is built with `reconciliation: true` and a deterministic event id,
 *   applied with `order.apply`, checked against the core's `statusAfter`, stored with
 *   `cache.updateOrder`, and published on `events.order.<strategyId>`. A fill also updates the
 *   positions (`positions.ts`), whose events go to `events.position.<strategyId>`.
 * - `Discrepancy`: logged with its code, both values and the ids (warn or error by severity).
 *
 * # Failures
 * An action that cannot be applied (it should not happen: the core checked every transition) is
 * logged with its error and counted in `applyErrors`; the venue is then not complete. The rest
 * of the list is still applied so that the log shows every problem at once.
 */
import type { Cache } from '../../cache/index.js';
import type { Clock, Logger, MessageBus } from '../../common/index.js';
import { KairosError } from '../../common/index.js';
import type { LiquiditySide, OmsType, OrderSide, OrderType, TimeInForce } from '../../model/enums.js';
import {
  type OrderEvent,
  type OrderEventHeader,
  type OrderFilled,
  orderAccepted,
  orderCanceled,
  orderCancelRejected,
  orderExpired,
  orderFilled,
  orderModifyRejected,
  orderPendingCancel,
  orderPendingUpdate,
  orderRejected,
  orderSubmitted,
  orderTriggered,
  orderUpdated,
} from '../../model/events/index.js';
import {
  type AccountId,
  ClientOrderId,
  InstrumentId,
  PositionId,
  StrategyId,
  TradeId,
  type TraderId,
  VenueOrderId,
} from '../../model/identifiers/index.js';
import { Order, type OrderParams } from '../../model/orders/index.js';
import { hasTrigger } from '../../model/orders/init.js';
import type { Position } from '../../model/positions/index.js';
import type { OrderStatusReport } from '../../model/reports/index.js';
import { Currency, Money, Price, Quantity } from '../../model/values/index.js';
import { applyFillToPositions } from './positions.js';
import type { CreateOrderAction, DiscrepancyAction, OrderEventAction, ReconAction } from './wire.js';

/** Topic of the order events reconciliation applies (suffix: the strategy id). */
export const ORDER_EVENTS_TOPIC = 'events.order';
/** Topic of the position events reconciliation causes (suffix: the strategy id). */
export const POSITION_EVENTS_TOPIC = 'events.position';

/**
 * Told of every order event and position change applied outside the execution engine, after the
 * cache has it (the node gives its ExecutionEngine: own order books and snapshots then follow
 * reconciled and check-resolved events as they follow the engine's own).
 */
export interface AppliedEventObserver {
  orderEventApplied(order: Order, event: OrderEvent): void;
  positionApplied(position: Position, tsEvent: bigint): void;
}

/** What an applier needs. */
export interface ApplyContext {
  readonly cache: Cache;
  readonly clock: Clock;
  readonly log: Logger;
  readonly msgbus: MessageBus | null;
  readonly observer: AppliedEventObserver | null;
  readonly traderId: TraderId;
  readonly omsType: OmsType;
  /** The venue account's id: the account of created orders' events. */
  readonly accountId: AccountId;
  /** The venue's order reports by venue order id (to build external orders in full). */
  readonly reportsByVenueOrderId: ReadonlyMap<string, OrderStatusReport>;
}

/** What applying a venue's actions did. */
export interface ApplyResult {
  readonly eventsApplied: number;
  readonly ordersCreated: number;
  readonly positionEvents: number;
  readonly discrepancies: readonly DiscrepancyAction[];
  /** One line per action that could not be applied. */
  readonly applyErrors: readonly string[];
}

const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex8(n: number): string {
  return HEX2[(n >>> 24) & 255]! + HEX2[(n >>> 16) & 255]! + HEX2[(n >>> 8) & 255]! + HEX2[n & 255]!;
}

/**
 * A UUID-shaped id that is a function of `parts` only (a replay gives the same id): a 128-bit
 * non-cryptographic hash (four multiplicative 32-bit lanes over the UTF-16 code units, parts
 * separated), cheap enough for one per event of a large reconciliation. Not for security.
 */
export function deterministicEventId(...parts: readonly string[]): string {
  let h1 = 0x6c62272e;
  let h2 = 0x07bb0142;
  let h3 = 0x62b82175;
  let h4 = 0x6295c58d;
  for (const part of parts) {
    for (let i = 0; i <= part.length; i++) {
      // Code unit, or a separator (0x10000 cannot be a code unit) after each part.
      const k = i < part.length ? part.charCodeAt(i) : 0x10000;
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  const a = hex8(h1);
  const b = hex8(h2);
  const c = hex8(h3);
  const d = hex8(h4);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-a${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}

const NO_PRICE: ReadonlySet<string> = new Set([
  'MARKET',
  'STOP_MARKET',
  'MARKET_IF_TOUCHED',
  'TRAILING_STOP_MARKET',
  'MARKET_TO_LIMIT',
]);

function orderParams(
  a: CreateOrderAction,
  traderId: TraderId,
  r: OrderStatusReport | undefined,
): OrderParams {
  const orderType = a.orderType as OrderType;
  // One object literal, no spread: spread-built arguments are slow in V8 (see buildFill).
  return {
    traderId,
    strategyId: StrategyId.from(a.strategyId),
    instrumentId: InstrumentId.from(a.instrumentId),
    clientOrderId: ClientOrderId.from(a.clientOrderId),
    side: a.side as OrderSide,
    orderType,
    quantity: Quantity.from(a.quantity),
    timeInForce: a.timeInForce as TimeInForce,
    price: a.price === null || NO_PRICE.has(orderType) ? null : Price.from(a.price),
    triggerPrice: a.triggerPrice === null ? null : Price.from(a.triggerPrice),
    tags: [a.tag],
    reconciliation: true,
    eventId: deterministicEventId(a.clientOrderId, 'INITIALIZED'),
    tsEvent: a.tsInit,
    tsInit: a.tsInit,
    // The venue's report, where there is one, gives what the core's tuple does not carry.
    triggerType: r?.triggerType ?? (hasTrigger(orderType) ? 'DEFAULT' : 'NO_TRIGGER'),
    expireTimeNs: r?.expireTimeNs ?? null,
    postOnly: r?.postOnly ?? false,
    reduceOnly: r?.reduceOnly ?? false,
    displayQty: r?.displayQty ?? null,
    limitOffset: r?.limitOffset ?? null,
    trailingOffset: r?.trailingOffset ?? null,
    trailingOffsetType:
      r?.trailingOffsetType ?? (orderType.startsWith('TRAILING_STOP') ? 'PRICE' : 'NO_TRAILING_OFFSET'),
  };
}

function currencyOf(code: string, cache: Cache): Currency {
  return (
    cache.currency(code) ?? (Currency.isRegistered(code) ? Currency.from(code) : Currency.register(code, 8))
  );
}

/** Applies one venue's actions in order (see the module doc). */
export function applyActions(ctx: ApplyContext, actions: readonly ReconAction[]): ApplyResult {
  const { cache, log } = ctx;
  let eventsApplied = 0;
  let ordersCreated = 0;
  let positionEvents = 0;
  const discrepancies: DiscrepancyAction[] = [];
  const applyErrors: string[] = [];
  const touched = new Set<Position>();
  let last: Order | null = null;
  for (const a of actions) {
    try {
      switch (a.type) {
        case 'CreateOrder': {
          const report = ctx.reportsByVenueOrderId.get(a.venueOrderId);
          const order = Order.create(orderParams(a, ctx.traderId, report));
          cache.addOrder(order, a.positionId === null ? {} : { positionId: PositionId.from(a.positionId) });
          ordersCreated++;
          log.debug(
            {
              clientOrderId: a.clientOrderId,
              venueOrderId: a.venueOrderId,
              strategyId: a.strategyId,
              tag: a.tag,
              origin: a.origin,
              instrumentId: a.instrumentId,
            },
            `reconciliation created ${a.origin} order ${a.clientOrderId}`,
          );
          break;
        }
        case 'OrderEvent': {
          // An order's events are contiguous: look it up once.
          if (last === null || last.clientOrderId.value !== a.clientOrderId) {
            last = cache.order(ClientOrderId.from(a.clientOrderId));
          }
          if (last === null) {
            throw new KairosError('RECON_UNKNOWN_ORDER', `order ${a.clientOrderId} is not in the cache`);
          }
          applyEvent(ctx, last, a, touched);
          eventsApplied++;
          break;
        }
        case 'Discrepancy': {
          discrepancies.push(a);
          const fields = {
            code: a.code,
            instrumentId: a.instrumentId,
            clientOrderId: a.clientOrderId,
            venueOrderId: a.venueOrderId,
            cached: a.cached,
            venue: a.venue,
            failsVenue: a.failsVenue,
          };
          if (a.severity === 'ERROR') log.error(fields, a.message);
          else log.warn(fields, a.message);
          break;
        }
      }
    } catch (e) {
      const id = a.type === 'Discrepancy' ? a.code : a.clientOrderId;
      const line = `${a.type} ${id}: ${e instanceof Error ? e.message : String(e)}`;
      applyErrors.push(line);
      log.error({ action: a.type, err: e }, `reconciliation could not apply ${line}`);
    }
  }
  positionEvents = publishPositions(ctx, touched);
  if (ordersCreated > 0) log.info({ ordersCreated }, `reconciliation created ${ordersCreated} orders`);
  return { eventsApplied, ordersCreated, positionEvents, discrepancies, applyErrors };
}

/**
 * One event per position a run changed (its state after the run; a position a flip closed gets
 * its `PositionClosed`), in the order they were first touched: a reconciliation of 300k fills
 * publishes the positions' new states, not 300k intermediate ones.
 */
function publishPositions(ctx: ApplyContext, touched: ReadonlySet<Position>): number {
  const now = ctx.clock.timestampNs();
  let n = 0;
  for (const p of touched) {
    if (p.fills.length === 0) continue;
    const e = p.toEvent(
      now,
      deterministicEventId(p.id.value, p.lastFill.eventId, p.isClosed ? 'closed' : 'open'),
    );
    ctx.observer?.positionApplied(p, now);
    ctx.msgbus?.publish(`${POSITION_EVENTS_TOPIC}.${p.strategyId.value}`, e);
    n++;
  }
  return n;
}

/**
 * Applies an event the engine decided locally (a check's resolution), stores the order and
 * publishes the event, like a reconciliation event.
 */
export function applyLocalEvent(
  cache: Cache,
  msgbus: MessageBus | null,
  observer: AppliedEventObserver | null,
  order: Order,
  event: OrderEvent,
): void {
  order.apply(event);
  cache.updateOrder(order);
  observer?.orderEventApplied(order, event);
  msgbus?.publish(`${ORDER_EVENTS_TOPIC}.${order.strategyId.value}`, event);
}

/** Builds, applies and publishes one event; a fill also moves the positions (`touched`). */
function applyEvent(ctx: ApplyContext, order: Order, a: OrderEventAction, touched: Set<Position>): void {
  const { cache } = ctx;
  const event = buildEvent(ctx, order, a);
  order.apply(event);
  if (order.status !== a.statusAfter) {
    throw new KairosError(
      'RECON_STATUS_MISMATCH',
      `${a.kind} left order ${a.clientOrderId} ${order.status}, the core expected ${a.statusAfter}`,
    );
  }
  cache.updateOrder(order);
  ctx.observer?.orderEventApplied(order, event);
  ctx.msgbus?.publish(`${ORDER_EVENTS_TOPIC}.${order.strategyId.value}`, event);
  if (event.type !== 'OrderFilled') return;
  for (const p of applyFillToPositions(cache, event, ctx.omsType, (s) =>
    deterministicEventId(event.eventId, s),
  )) {
    touched.add(p);
  }
}

function buildEvent(ctx: ApplyContext, order: Order, a: OrderEventAction): OrderEvent {
  // An order still SUBMITTED whose fill arrives before its order report: the diff's action has
  // no venue order id, the fill report does.
  const held =
    order.venueOrderId ?? (a.fill !== null && 'report' in a.fill ? a.fill.report.venueOrderId : null);
  // Reuse the order's id object when it is the same (no parse per event).
  const venueOrderId =
    a.venueOrderId === null
      ? held
      : held?.value === a.venueOrderId
        ? held
        : VenueOrderId.from(a.venueOrderId);
  const accountId = order.accountId ?? accountFromReports(ctx, a);
  const tradeKey =
    a.fill === null ? '' : 'report' in a.fill ? a.fill.report.tradeId.value : a.fill.generated.tradeId;
  const h: OrderEventHeader = {
    traderId: order.traderId,
    strategyId: order.strategyId,
    instrumentId: order.instrumentId,
    clientOrderId: order.clientOrderId,
    venueOrderId,
    accountId,
    eventId: deterministicEventId(a.clientOrderId, a.kind, String(a.tsEvent), tradeKey),
    reconciliation: true,
    tsEvent: a.tsEvent,
    tsInit: ctx.clock.timestampNs(),
  };
  const need = <T>(v: T | null, what: string): T => {
    if (v === null)
      throw new KairosError('RECON_INVALID_EVENT', `${a.kind} of ${a.clientOrderId} has no ${what}`);
    return v;
  };
  switch (a.kind) {
    case 'SUBMITTED':
      return orderSubmitted({ ...h, accountId: need(accountId, 'account id') });
    case 'ACCEPTED':
      return orderAccepted({
        traderId: h.traderId,
        strategyId: h.strategyId,
        instrumentId: h.instrumentId,
        clientOrderId: h.clientOrderId,
        eventId: h.eventId as string,
        reconciliation: true,
        tsEvent: h.tsEvent,
        tsInit: h.tsInit,
        accountId: need(accountId, 'account id'),
        venueOrderId: need(venueOrderId, 'venue order id'),
      });
    case 'REJECTED':
      return orderRejected({ ...h, reason: a.reason ?? 'REJECTED_AT_VENUE' });
    case 'CANCELED':
      return orderCanceled(h);
    case 'EXPIRED':
      return orderExpired(h);
    case 'TRIGGERED':
      return orderTriggered(h);
    case 'PENDING_UPDATE':
      return orderPendingUpdate(h);
    case 'PENDING_CANCEL':
      return orderPendingCancel(h);
    case 'MODIFY_REJECTED':
      return orderModifyRejected({ ...h, reason: a.reason ?? 'MODIFY_REJECTED_AT_VENUE' });
    case 'CANCEL_REJECTED':
      return orderCancelRejected({ ...h, reason: a.reason ?? 'CANCEL_REJECTED_AT_VENUE' });
    case 'UPDATED': {
      // Without values: the venue shows the order open with the values it has (a pending modify
      // answered by a report, not by a change), which the order keeps.
      const u = a.update;
      if (u === null) {
        return orderUpdated({ ...h, quantity: order.quantity, price: null, triggerPrice: null });
      }
      return orderUpdated({
        ...h,
        quantity: Quantity.from(u.quantity),
        price: u.price === null ? null : Price.from(u.price),
        triggerPrice: u.triggerPrice === null ? null : Price.from(u.triggerPrice),
      });
    }
    case 'FILL_PARTIAL':
    case 'FILL_COMPLETE':
      return buildFill(ctx, order, a, h, need(venueOrderId, 'venue order id'), need(accountId, 'account id'));
    default:
      throw new KairosError('RECON_INVALID_EVENT', `reconciliation cannot apply a ${a.kind} event`);
  }
}

function accountFromReports(ctx: ApplyContext, a: OrderEventAction): AccountId | null {
  const report = a.venueOrderId === null ? undefined : ctx.reportsByVenueOrderId.get(a.venueOrderId);
  return report?.accountId ?? ctx.accountId;
}

function buildFill(
  ctx: ApplyContext,
  order: Order,
  a: OrderEventAction,
  h: OrderEventHeader,
  venueOrderId: VenueOrderId,
  accountId: AccountId,
): OrderFilled {
  const instrument = ctx.cache.instrument(order.instrumentId);
  if (instrument === null) {
    throw new KairosError('RECON_UNKNOWN_INSTRUMENT', `instrument ${order.instrumentId} is not in the cache`);
  }
  const fill = a.fill;
  if (fill === null)
    throw new KairosError('RECON_INVALID_EVENT', `${a.kind} of ${a.clientOrderId} has no fill`);
  if ('report' in fill) {
    const r = fill.report;
    // Explicit fields, no `...h`: an argument built by spreading an object and adding keys
    // costs ~10 us per event in V8, most of a 300k-fill reconciliation.
    return orderFilled({
      traderId: h.traderId,
      strategyId: h.strategyId,
      instrumentId: h.instrumentId,
      clientOrderId: h.clientOrderId,
      eventId: h.eventId as string,
      reconciliation: true,
      tsEvent: h.tsEvent,
      tsInit: h.tsInit,
      venueOrderId,
      accountId: r.accountId,
      tradeId: r.tradeId,
      positionId: r.venuePositionId,
      orderSide: r.orderSide,
      orderType: order.orderType,
      lastQty: r.lastQty,
      lastPx: r.lastPx,
      currency: instrument.quoteCurrency,
      commission: r.commission,
      liquiditySide: r.liquiditySide,
    });
  }
  const g = fill.generated;
  return orderFilled({
    traderId: h.traderId,
    strategyId: h.strategyId,
    instrumentId: h.instrumentId,
    clientOrderId: h.clientOrderId,
    eventId: h.eventId as string,
    reconciliation: true,
    tsEvent: h.tsEvent,
    tsInit: h.tsInit,
    venueOrderId,
    accountId,
    tradeId: TradeId.from(g.tradeId),
    positionId: g.positionId === null ? null : PositionId.from(g.positionId),
    orderSide: g.side as OrderSide,
    orderType: order.orderType,
    lastQty: Quantity.from(g.lastQty),
    lastPx: Price.from(g.lastPx),
    currency: instrument.quoteCurrency,
    commission:
      g.commission === null || g.commissionCurrency === null
        ? null
        : Money.from(g.commission, currencyOf(g.commissionCurrency, ctx.cache)),
    liquiditySide: g.liquiditySide as LiquiditySide,
  });
}
