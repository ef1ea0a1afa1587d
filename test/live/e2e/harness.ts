/**
 * End-to-end harness: the local venue on a loopback port, a TradingNode on a real LiveClock with
 * the BINANCE clients pointed at it (short check intervals), a strategy driven by the test
 * through the Strategy API, and an auditor that reads the venue's own state over REST (a second
 * adapter client, no user stream) to compare with the node's cache.
 */
import { Decimal } from 'decimal.js';

import { BinanceExecutionClient } from '../../../ts/adapters/binance/execution.js';
import type { CacheDatabase } from '../../../ts/cache/index.js';
import { createLogger } from '../../../ts/common/index.js';
import type { LiveExecEngineConfigInput } from '../../../ts/config/exec-engine.js';
import { BinanceExecClientConfig, type TradingNodeConfigInput } from '../../../ts/config/index.js';
import { RECONCILIATION_TOPIC, type ReconciliationSummary } from '../../../ts/live/reconciliation/summary.js';
import { ClientId, InstrumentId, Venue } from '../../../ts/model/identifiers/index.js';
import type { Order } from '../../../ts/model/orders/index.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';
import { Strategy } from '../../../ts/trading/index.js';
import { TradingNode } from '../../../ts/trading-node.js';
import type { FaultConfigInput, VenueConfigInput } from '../../../ts/venue/config.js';
import { type RunningVenue, runVenue } from '../../../ts/venue/main.js';

export const BTC = InstrumentId.from('BTCUSDT-PERP.BINANCE');
export const BTC_SPOT = InstrumentId.from('BTCUSDT.BINANCE');
export const BINANCE = Venue.from('BINANCE');

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [k: string]: unknown;
}

const cleanups: (() => Promise<unknown>)[] = [];

/** Runs every registered cleanup, newest first (call from afterEach). */
export async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
}

/** A venue on a free loopback port; market clock stopped (the test steps it) unless `rate`. */
export async function startVenue(
  o: {
    seed?: number;
    faults?: FaultConfigInput;
    rate?: number;
    /** The synthetic market's shape (moves, trade chance); the clock is `rate`. */
    market?: Omit<NonNullable<VenueConfigInput['market']>, 'rate'>;
  } = {},
): Promise<RunningVenue> {
  const venue = await runVenue({
    // The checks poll every few hundred ms and the auditor reads on top: Binance's 2400 weight a
    // minute is not what these tests are about.
    config: { weightLimitPerMinute: 100_000, ...(o.market === undefined ? {} : { market: o.market }) },
    port: 0,
    seed: o.seed ?? 7,
    rate: o.rate ?? 0,
    ...(o.faults === undefined ? {} : { faults: o.faults }),
  });
  cleanups.push(() => venue.stop());
  return venue;
}

/** A strategy the test drives: every order goes through the Strategy API. */
export class DrivenStrategy extends Strategy {
  constructor(externalOrderClaims: readonly string[] | null = null) {
    super({ strategyId: 'E2E-001', orderIdTag: '001', externalOrderClaims });
  }

  // Quotes give the risk engine a price to check the notional of market orders.
  protected override onStart(): void {
    this.subscribeQuoteTicks(BTC);
  }

  limit(side: 'BUY' | 'SELL', qty: string, price: string, instrumentId = BTC, clientId?: string): Order {
    const order = this.orderFactory.limit({
      instrumentId,
      side,
      quantity: Quantity.from(qty),
      price: Price.from(price),
    });
    this.submitOrder(order, clientId === undefined ? {} : { clientId: ClientId.from(clientId) });
    return order;
  }

  market(side: 'BUY' | 'SELL', qty: string, instrumentId = BTC): Order {
    const order = this.orderFactory.market({ instrumentId, side, quantity: Quantity.from(qty) });
    this.submitOrder(order);
    return order;
  }

  cancel(order: Order): void {
    this.cancelOrder(order);
  }

  reprice(order: Order, price: string): void {
    this.modifyOrder(order, { price: Price.from(price) });
  }
}

export const FAST_CHECKS: LiveExecEngineConfigInput = {
  inflightCheckIntervalMs: 100,
  inflightCheckThresholdMs: 300,
  inflightCheckRetries: 3,
  openCheckIntervalSecs: 0.3,
  openCheckOpenOnly: true,
  ownBooksAuditIntervalSecs: 0.3,
};

export interface NodeSetup {
  readonly node: TradingNode;
  readonly strategy: DrivenStrategy;
  readonly lines: LogLine[];
  readonly summaries: ReconciliationSummary[];
  errors(): LogLine[];
}

/**
 * A node with BINANCE data and execution clients (USD-M futures) on `venue`, built, with its
 * reconciliation summaries recorded; not started.
 */
export async function buildNode(
  venue: RunningVenue,
  o: {
    execEngine?: LiveExecEngineConfigInput;
    cacheDatabase?: CacheDatabase;
    /** The node's `cache` config (a `database` there is the node's to open). */
    cache?: TradingNodeConfigInput['cache'];
    spot?: boolean;
    timeoutReconciliation?: number;
    /** Instruments whose external orders the strategy claims. */
    claims?: readonly string[];
    /** Strategies run beside the driven one (each with its own id and order id tag). */
    strategies?: readonly Strategy[];
  } = {},
): Promise<NodeSetup> {
  const lines: LogLine[] = [];
  const logger = createLogger({
    level: 'info',
    base: null,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  const common = {
    type: 'BINANCE' as const,
    apiKey: 'venue-key',
    apiSecret: 'venue-secret',
    baseUrlHttp: venue.httpUrl,
    maxRetries: 0,
    retryDelayMs: 10,
  };
  const config: TradingNodeConfigInput = {
    timeoutConnection: 5,
    timeoutReconciliation: o.timeoutReconciliation ?? 5,
    timeoutPortfolio: 5,
    timeoutDisconnection: 5,
    dataClients: {
      BINANCE_FUTURES: { ...common, accountType: 'USDT_FUTURE', baseUrlWs: venue.wsUrl },
    },
    execClients: {
      BINANCE_FUTURES: { ...common, accountType: 'USDT_FUTURE', baseUrlWs: venue.wsUrl },
      ...(o.spot === true
        ? { BINANCE_SPOT: { ...common, accountType: 'SPOT', baseUrlWs: `${venue.wsUrl}/spot` } }
        : {}),
    },
    execEngine: { ...FAST_CHECKS, ...(o.execEngine ?? {}) },
    ...(o.cache === undefined ? {} : { cache: o.cache }),
  };
  const strategy = new DrivenStrategy(o.claims ?? null);
  const node = new TradingNode(config, {
    logger,
    strategies: [strategy, ...(o.strategies ?? [])],
    installSignalHandlers: false,
    ...(o.cacheDatabase === undefined ? {} : { cacheDatabase: o.cacheDatabase }),
  });
  cleanups.push(() => node.stop());
  await node.build();
  const summaries: ReconciliationSummary[] = [];
  node.bus.subscribe(RECONCILIATION_TOPIC, (s: ReconciliationSummary) => void summaries.push(s));
  return { node, strategy, lines, summaries, errors: () => lines.filter((l) => l.level >= 50) };
}

/** Steps the venue's market until the node's cache has a BTC quote. */
export async function primeQuotes(venue: RunningVenue, node: TradingNode): Promise<void> {
  await until(() => {
    if (node.cache.quote(BTC) !== null) return true;
    venue.server.step(1, 'BTCUSDT');
    return false;
  }, 'a quote in the cache');
}

/** Starts the node; throws with its stop reason and error lines unless it runs. */
export async function startRunning(setup: NodeSetup): Promise<void> {
  const r = await setup.node.start();
  if (r.type !== 'NodeRunning') {
    const errs = setup.errors().map((l) => `${l.msg} ${JSON.stringify(l.reasons ?? l.err ?? '')}`);
    throw new Error(`node did not start: ${JSON.stringify(r.reason)}\n${errs.join('\n')}`);
  }
}

/** A REST reader of the venue's account (a second client: no user stream, no node). */
export async function auditor(venue: RunningVenue, accountType: 'USDT_FUTURE' | 'SPOT' = 'USDT_FUTURE') {
  const client = new BinanceExecutionClient({
    config: BinanceExecClientConfig.parse({
      type: 'BINANCE',
      accountType,
      apiKey: 'venue-key',
      apiSecret: 'venue-secret',
      baseUrlHttp: venue.httpUrl,
      baseUrlWs: accountType === 'SPOT' ? `${venue.wsUrl}/spot` : venue.wsUrl,
      maxRetries: 0,
    }),
    env: {},
    reconciliationInstrumentIds: [accountType === 'SPOT' ? BTC_SPOT : BTC],
  });
  await client.connect();
  return client;
}

/** An order as both sides see it; quantities and prices by value. */
export interface OrderView {
  readonly status: string;
  readonly filled: string;
  readonly price: string | null;
}

/** What the venue says about the account, read over REST. */
export interface VenueView {
  /** Every order with a client order id: status and filled quantity. */
  readonly orders: Record<string, OrderView>;
  readonly openOrders: string[];
  /** Trade ids per client order id, sorted. */
  readonly trades: Record<string, string[]>;
  /** Net signed position per instrument (non-zero only). */
  readonly positions: Record<string, string>;
}

/** The same view from the node's cache. */
export type CacheView = VenueView;

export async function venueView(client: BinanceExecutionClient, instrumentId = BTC): Promise<VenueView> {
  const reports = await client.generateOrderStatusReports({ instrumentId });
  const open = await client.generateOrderStatusReports({ openOnly: true, instrumentId });
  const fills = await client.generateFillReports({ instrumentId });
  const positions = await client.generatePositionStatusReports({ instrumentId });
  const byVenueId = new Map(reports.map((r) => [r.venueOrderId.value, r.clientOrderId?.value ?? '']));
  const orders: Record<string, OrderView> = {};
  for (const r of reports) {
    if (r.clientOrderId === null) continue;
    orders[r.clientOrderId.value] = {
      status: r.orderStatus,
      filled: num(r.filledQty.toString()),
      price: r.price === null ? null : num(r.price.toString()),
    };
  }
  const trades: Record<string, string[]> = {};
  for (const f of fills) {
    const cid = byVenueId.get(f.venueOrderId.value) ?? `?${f.venueOrderId.value}`;
    trades[cid] = [...(trades[cid] ?? []), f.tradeId.value];
  }
  for (const t of Object.values(trades)) t.sort();
  const pos: Record<string, string> = {};
  for (const p of positions) {
    if (!p.signedDecimalQty.isZero()) pos[p.instrumentId.value] = p.signedDecimalQty.toString();
  }
  return {
    orders: sortKeys(orders),
    openOrders: open.flatMap((r) => (r.clientOrderId === null ? [] : [r.clientOrderId.value])).sort(),
    trades: sortKeys(trades),
    positions: sortKeys(pos),
  };
}

/**
 * The same view from the node's cache. Positions are compared for derivatives only: a spot
 * account has balances at the venue, not positions.
 */
export function cacheView(node: TradingNode, instrumentId = BTC): CacheView {
  const cache = node.cache;
  const orders: Record<string, OrderView> = {};
  const trades: Record<string, string[]> = {};
  for (const o of cache.orders({ venue: BINANCE, instrumentId })) {
    orders[o.clientOrderId.value] = {
      status: o.status,
      filled: num(o.filledQty.toString()),
      price: o.price === null ? null : num(o.price.toString()),
    };
    if (o.tradeIds.length > 0) trades[o.clientOrderId.value] = o.tradeIds.map((t) => t.value).sort();
  }
  const pos: Record<string, string> = {};
  const spot = instrumentId.eq(BTC_SPOT);
  for (const p of spot ? [] : cache.positionsOpen({ venue: BINANCE, instrumentId })) {
    const k = p.instrumentId.value;
    const prev = pos[k];
    const q = prev === undefined ? p.signedQty : p.signedQty.plus(prev);
    if (!q.isZero()) pos[k] = q.toString();
  }
  return {
    orders: sortKeys(orders),
    openOrders: cache
      .ordersOpen({ venue: BINANCE, instrumentId })
      .map((o) => o.clientOrderId.value)
      .sort(),
    trades: sortKeys(trades),
    positions: sortKeys(pos),
  };
}

/** A decimal without trailing zeros (venues and instruments write quantities at different scales). */
function num(s: string): string {
  return new Decimal(s).toString();
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** Waits until `cond` holds (polling every 20 ms), at most `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 4_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until the cache view equals the venue view (read again each time); returns both. */
export async function converge(
  node: TradingNode,
  audit: BinanceExecutionClient,
  instrumentId = BTC,
  ms = 4_000,
): Promise<{ cache: CacheView; venue: VenueView }> {
  let last: { cache: CacheView; venue: VenueView } | null = null;
  const end = Date.now() + ms;
  for (;;) {
    const venue = await venueView(audit, instrumentId);
    const cache = cacheView(node, instrumentId);
    last = { cache, venue };
    if (JSON.stringify(cache) === JSON.stringify(venue)) return last;
    if (Date.now() > end) return last;
    await sleep(100);
  }
}

/** Best bid and ask of the venue's synthetic BTC book now. */
export function touch(venue: RunningVenue): { bid: Decimal; ask: Decimal } {
  const m = venue.server.exchange.instrument('BTCUSDT').market;
  return { bid: new Decimal(m.bestBid()!.ticks).mul('0.1'), ask: new Decimal(m.bestAsk()!.ticks).mul('0.1') };
}

/** A BTC price `ticks` ticks from `px` (one tick: 0.1), as the venue accepts it. */
export function px(base: Decimal, ticks: number): string {
  return base.add(new Decimal(ticks).mul('0.1')).toFixed(1);
}

/**
 * Makes `order` (a resting BUY or SELL) fill at the venue behind the node's back: the market is
 * stepped a while (it may trade through the order); if it has not, the order is modified at the
 * venue to a price through the touch, as someone on the venue's own front end would.
 */
export async function fillAtVenue(
  venue: RunningVenue,
  audit: BinanceExecutionClient,
  order: Order,
): Promise<void> {
  const query = { instrumentId: order.instrumentId, clientOrderId: order.clientOrderId };
  for (let i = 0; i < 10; i++) {
    venue.server.step(20, 'BTCUSDT');
    if ((await audit.queryOrder(query))?.orderStatus === 'FILLED') return;
  }
  const { bid, ask } = touch(venue);
  const through = order.side === 'BUY' ? px(ask, 50) : px(bid, -50);
  const r = await audit.modifyOrder({
    ...query,
    side: order.side,
    quantity: order.quantity,
    price: Price.from(through),
  });
  if (r.type !== 'accepted') throw new Error(`modify at the venue: ${JSON.stringify(r)}`);
  await until(
    async () => (await audit.queryOrder(query))?.orderStatus === 'FILLED',
    `${order.clientOrderId} filled`,
  );
}
