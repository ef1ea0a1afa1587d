/**
 * Every answer the cache's queries give over a universe of ids, as plain strings: two sources
 * answer alike when their `collect` results are equal (cache built from events vs loaded; cache
 * vs a brute-force scan).
 */
import type { Cache, OrderFilter, PositionFilter } from '../../ts/cache/index.js';
import type { OrderSide, PositionSide } from '../../ts/model/enums.js';
import {
  type ClientOrderId,
  InstrumentId,
  type PositionId,
  StrategyId,
  Venue,
  type VenueOrderId,
} from '../../ts/model/identifiers/index.js';

/** The queries compared. */
export type Queries = Pick<
  Cache,
  | 'orders'
  | 'ordersOpen'
  | 'ordersClosed'
  | 'ordersInflight'
  | 'ordersEmulated'
  | 'ordersTotalCount'
  | 'ordersOpenCount'
  | 'ordersClosedCount'
  | 'ordersInflightCount'
  | 'ordersEmulatedCount'
  | 'isOrderOpen'
  | 'isOrderClosed'
  | 'isOrderInflight'
  | 'isOrderEmulated'
  | 'orderExists'
  | 'clientOrderIdForVenueOrderId'
  | 'positionIdForOrder'
  | 'positionForOrder'
  | 'ordersForPosition'
  | 'positions'
  | 'positionsOpen'
  | 'positionsClosed'
  | 'positionsOpenCount'
  | 'positionsClosedCount'
  | 'positionsTotalCount'
  | 'isPositionOpen'
  | 'isPositionClosed'
  | 'positionExists'
>;

export interface Universe {
  readonly orderIds: readonly ClientOrderId[];
  readonly venueOrderIds: readonly VenueOrderId[];
  readonly positionIds: readonly PositionId[];
}

const STRATEGIES = [undefined, StrategyId.from('MM-001'), StrategyId.from('EMA-002')];
const INSTRUMENTS = [
  undefined,
  InstrumentId.from('BTCUSDT.BINANCE'),
  InstrumentId.from('ETHUSDT.BINANCE'),
  InstrumentId.from('BTCUSDT.BYBIT'),
];
const VENUES = [undefined, Venue.from('BINANCE'), Venue.from('BYBIT'), Venue.from('KRAKEN')];
const ORDER_SIDES: (OrderSide | undefined)[] = [undefined, 'BUY', 'SELL'];
const POSITION_SIDES: (PositionSide | undefined)[] = [undefined, 'LONG', 'SHORT', 'FLAT'];

function orderFilters(): (OrderFilter | undefined)[] {
  const out: (OrderFilter | undefined)[] = [undefined];
  for (const strategyId of STRATEGIES)
    for (const instrumentId of INSTRUMENTS)
      for (const venue of VENUES)
        for (const side of ORDER_SIDES) out.push({ strategyId, instrumentId, venue, side });
  return out;
}

function positionFilters(): (PositionFilter | undefined)[] {
  const out: (PositionFilter | undefined)[] = [undefined];
  for (const strategyId of STRATEGIES)
    for (const instrumentId of INSTRUMENTS)
      for (const venue of VENUES)
        for (const side of POSITION_SIDES) out.push({ strategyId, instrumentId, venue, side });
  return out;
}

const ORDER_FILTERS = orderFilters();
const POSITION_FILTERS = positionFilters();

function key(f: OrderFilter | PositionFilter | undefined): string {
  if (f === undefined) return '-';
  return [f.strategyId, f.instrumentId, f.venue, f.side].map((x) => String(x ?? '*')).join('|');
}

const oids = (os: readonly { clientOrderId: ClientOrderId }[]) =>
  os.map((o) => o.clientOrderId.value).join(',');
const pids = (ps: readonly { id: PositionId }[]) => ps.map((p) => p.id.value).join(',');

/** Every answer over the universe. `full` also walks every filter combination. */
export function collect(q: Queries, u: Universe, full = true): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of full ? ORDER_FILTERS : [undefined]) {
    const k = key(f);
    out[`orders ${k}`] = oids(q.orders(f));
    out[`open ${k}`] = oids(q.ordersOpen(f));
    out[`closed ${k}`] = oids(q.ordersClosed(f));
    out[`inflight ${k}`] = oids(q.ordersInflight(f));
    out[`emulated ${k}`] = oids(q.ordersEmulated(f));
    out[`counts ${k}`] = [
      q.ordersTotalCount(f),
      q.ordersOpenCount(f),
      q.ordersClosedCount(f),
      q.ordersInflightCount(f),
      q.ordersEmulatedCount(f),
    ].join(',');
  }
  for (const f of full ? POSITION_FILTERS : [undefined]) {
    const k = key(f);
    out[`positions ${k}`] = pids(q.positions(f));
    out[`positionsOpen ${k}`] = pids(q.positionsOpen(f));
    out[`positionsClosed ${k}`] = pids(q.positionsClosed(f));
    out[`positionCounts ${k}`] = [
      q.positionsTotalCount(f),
      q.positionsOpenCount(f),
      q.positionsClosedCount(f),
    ].join(',');
  }
  for (const id of u.orderIds) {
    out[`order ${id}`] = [
      q.orderExists(id),
      q.isOrderOpen(id),
      q.isOrderClosed(id),
      q.isOrderInflight(id),
      q.isOrderEmulated(id),
      q.positionIdForOrder(id)?.value ?? '-',
      q.positionForOrder(id)?.id.value ?? '-',
    ].join(',');
  }
  for (const v of u.venueOrderIds) out[`venueOrderId ${v}`] = q.clientOrderIdForVenueOrderId(v)?.value ?? '-';
  for (const p of u.positionIds) {
    out[`position ${p}`] = [
      q.positionExists(p),
      q.isPositionOpen(p),
      q.isPositionClosed(p),
      oids(q.ordersForPosition(p)),
    ].join(',');
  }
  return out;
}
