/**
 * The example market maker live: brackets (post-only LIMIT entry, LIMIT take-profit, STOP_MARKET
 * stop-loss held until the entry fills, then OUO) through a TradingNode against the local venue,
 * whose market the test steps until entries, take-profits and stop-losses have all filled (partial
 * fills included). The stop-losses are Binance algo orders: each one that fires trades through an
 * actual order of its own, which the node must follow without a false discrepancy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BinanceExecutionClient } from '../../../ts/adapters/binance/execution.js';
import { MarketMaker, MarketMakerConfig } from '../../../ts/backtest/examples/market-maker.js';
import type { Order } from '../../../ts/model/orders/index.js';
import type { TradingNode } from '../../../ts/trading-node.js';
import {
  auditor,
  BINANCE,
  BTC,
  buildNode,
  type CacheView,
  cacheView,
  cleanup,
  primeQuotes,
  sleep,
  startRunning,
  startVenue,
  type VenueView,
  venueView,
} from './harness.js';

afterEach(cleanup);

/** The market maker's orders that reached the venue (a venue order id), by role. */
function roles(node: TradingNode): { entries: Order[]; takeProfits: Order[]; stopLosses: Order[] } {
  const mine = node.cache
    .orders({ venue: BINANCE, instrumentId: BTC })
    .filter((o) => o.strategyId.value === 'MM-001' && o.venueOrderId !== null);
  return {
    entries: mine.filter((o) => o.orderType === 'LIMIT' && o.parentOrderId === null),
    takeProfits: mine.filter((o) => o.orderType === 'LIMIT' && o.parentOrderId !== null),
    stopLosses: mine.filter((o) => o.orderType === 'STOP_MARKET'),
  };
}

const filled = (os: readonly Order[]) => os.filter((o) => o.filledQty.isPositive());
const partly = (os: readonly Order[]) =>
  os.filter((o) => o.tradeIds.length > 1 || (o.filledQty.isPositive() && o.filledQty.lt(o.quantity)));

/**
 * Cache and venue views restricted to the orders that reached the venue. Algo orders canceled
 * before their trigger are in no venue list (`allOrders` lists matching-engine orders, the open
 * algo list only waiting ones): each such order of the cache is asked for by id.
 */
async function views(
  node: TradingNode,
  audit: BinanceExecutionClient,
): Promise<{ cache: CacheView; venue: VenueView }> {
  const base = await venueView(audit);
  const orders = { ...base.orders };
  const atVenue = node.cache
    .orders({ venue: BINANCE, instrumentId: BTC })
    .filter((o) => o.venueOrderId !== null);
  for (const o of atVenue) {
    if (orders[o.clientOrderId.value] !== undefined) continue;
    const r = await audit.queryOrder({
      instrumentId: BTC,
      clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId,
      orderType: o.orderType,
    });
    if (r === null) continue;
    orders[o.clientOrderId.value] = {
      status: r.orderStatus,
      filled: r.filledQty.toDecimal().toString(),
      price: r.price === null ? null : r.price.toDecimal().toString(),
    };
  }
  const known = new Set(atVenue.map((o) => o.clientOrderId.value));
  const cache = cacheView(node);
  const cacheOrders = Object.fromEntries(Object.entries(cache.orders).filter(([id]) => known.has(id)));
  const venueOrders = Object.fromEntries(Object.entries(orders).sort(([a], [b]) => a.localeCompare(b)));
  return { cache: { ...cache, orders: cacheOrders }, venue: { ...base, orders: venueOrders } };
}

async function converged(node: TradingNode, audit: BinanceExecutionClient, ms = 5_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await views(node, audit);
    if (JSON.stringify(v.cache) === JSON.stringify(v.venue) || Date.now() > end) return v;
    await sleep(100);
  }
}

describe('the example market maker live against the local venue', () => {
  it.each([
    { seed: 5, runMs: 0 },
    { seed: 9, runMs: 3_000 },
  ])(
    'seed $seed, at least $runMs ms of market: entries, take-profits and stop-losses fill (partly too); no error is logged; the cache equals the venue',
    async ({ seed, runMs }) => {
      const venue = await startVenue({ seed, market: { maxMoveTicks: 3, tradeProbability: 0.9 } });
      const audit = await auditor(venue);
      const mm = new MarketMaker(
        MarketMakerConfig.parse({
          strategyId: 'MM-001',
          orderIdTag: '002',
          instrumentId: BTC.value,
          tradeSize: '0.010',
          takeProfitTicks: 3,
          stopLossTicks: 3,
          refreshQuotes: 20,
        }),
      );
      const setup = await buildNode(venue, { strategies: [mm] });
      await startRunning(setup);
      const { node, errors } = setup;
      await primeQuotes(venue, node);

      // Step the market for `runMs`, and on until every kind of exit has filled (a few seconds at most).
      const start = Date.now();
      const end = start + Math.max(runMs, 8_000);
      const done = () => {
        const r = roles(node);
        return (
          filled(r.entries).length >= 2 &&
          filled(r.takeProfits).length >= 1 &&
          filled(r.stopLosses).length >= 1 &&
          partly([...r.entries, ...r.takeProfits, ...r.stopLosses]).length >= 1
        );
      };
      while ((!done() || Date.now() < start + runMs) && Date.now() < end) {
        venue.server.step(1, 'BTCUSDT');
        await sleep(5);
      }
      const r = roles(node);
      expect(filled(r.entries).length).toBeGreaterThanOrEqual(2);
      expect(filled(r.takeProfits).length).toBeGreaterThanOrEqual(1);
      expect(filled(r.stopLosses).length).toBeGreaterThanOrEqual(1);
      expect(partly([...r.entries, ...r.takeProfits, ...r.stopLosses]).length).toBeGreaterThanOrEqual(1);
      // Binance amends LIMIT orders only: resizing a stop-loss with its OUO group (before or after
      // its trigger) is refused by the adapter itself, with the reason, and the node goes on.
      const refused = r.stopLosses.flatMap((o) => o.events.filter((e) => e.type === 'OrderModifyRejected'));
      for (const e of refused)
        expect(e.type === 'OrderModifyRejected' && e.reason).toMatch(/only LIMIT orders/);

      // The market stands still: whatever is in flight settles, then both sides must agree.
      const { cache, venue: truth } = await converged(node, audit);
      expect(cache).toEqual(truth);
      expect(errors()).toEqual([]);
      const stopped = await node.stop();
      expect(stopped.stopProblems).toEqual([]);
      expect(errors()).toEqual([]);
    },
    30_000,
  );
});
