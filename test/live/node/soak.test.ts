/**
 * Soak: 24 simulated hours of the example market maker run by a TradingNode on a TestClock,
 * against an in-process simulated venue (the backtest's matching), one quote a second. With the
 * purges on, what the cache holds (orders, positions, account events) stays bounded by what ~70
 * minutes of trading leave behind (60-minute buffers, purged every 10 minutes); with the purges
 * off the same run keeps everything.
 */
import { describe, expect, it } from 'vitest';
import { syntheticQuotes } from '../../../ts/backtest/examples/data.js';
import { MarketMaker, MarketMakerConfig } from '../../../ts/backtest/examples/market-maker.js';
import { EXAMPLE_START_NS, examplePerpetual } from '../../../ts/backtest/examples/run.js';
import { MakerTakerFeeModel, SimulatedExchange } from '../../../ts/backtest/index.js';
import type { CacheCounts } from '../../../ts/cache/index.js';
import { createLogger, TestClock } from '../../../ts/common/index.js';
import type { TradingNodeConfigInput } from '../../../ts/config/index.js';
import {
  type CancelAllOrders,
  type CancelOrder,
  type DataClient,
  Endpoint,
  type ModifyOrder,
  type QueryOrder,
  type SubmitOrder,
  type SubmitOrderList,
} from '../../../ts/engine/index.js';
import {
  type ClientFactoryContext,
  type LiveExecutionClient,
  LiveNode,
} from '../../../ts/live/node/index.js';
import type { OrderQuery, ReconciliationClient } from '../../../ts/live/reconciliation/index.js';
import { Venue } from '../../../ts/model/identifiers/index.js';
import type { ExecutionMassStatus, OrderStatusReport } from '../../../ts/model/reports/index.js';
import { Money } from '../../../ts/model/values/index.js';
import type { LogLine } from '../fixtures.js';

const SEC = 1_000_000_000n;
const HOURS = 24;
const QUOTES = HOURS * 3600;
const SAMPLE_EVERY = 600; // quotes: a sample each 10 simulated minutes

/**
 * The simulated venue as the node's execution and data client. Its matching answers orders; it
 * keeps no report history, so the runtime report queries fail (unknown, never empty) and the
 * soak asserts none was needed. The start-up mass status is the venue's own: empty, as nothing
 * traded before the node started.
 */
class SoakVenue implements LiveExecutionClient, ReconciliationClient {
  readonly exchange: SimulatedExchange;
  constructor(exchange: SimulatedExchange) {
    this.exchange = exchange;
  }
  get clientId() {
    return this.exchange.clientId;
  }
  get venue() {
    return this.exchange.venue;
  }
  get accountId() {
    return this.exchange.accountId;
  }
  get accountType() {
    return this.exchange.accountType;
  }
  get omsType() {
    return this.exchange.omsType;
  }
  get isConnected() {
    return this.exchange.isConnected;
  }
  async connect(): Promise<void> {
    await this.exchange.connect();
    this.exchange.sendInitialAccountState();
  }
  disconnect(): Promise<void> {
    return this.exchange.disconnect();
  }
  submitOrder(c: SubmitOrder): void {
    this.exchange.submitOrder(c);
  }
  submitOrderList(c: SubmitOrderList): void {
    this.exchange.submitOrderList(c);
  }
  modifyOrder(c: ModifyOrder): void {
    this.exchange.modifyOrder(c);
  }
  cancelOrder(c: CancelOrder): void {
    this.exchange.cancelOrder(c);
  }
  cancelAllOrders(c: CancelAllOrders): void {
    this.exchange.cancelAllOrders(c);
  }
  queryOrder(command: QueryOrder): Promise<void>;
  queryOrder(query: OrderQuery): Promise<OrderStatusReport | null>;
  queryOrder(_q: QueryOrder | OrderQuery): Promise<never> {
    return Promise.reject(new Error('the soak venue keeps no order history'));
  }
  generateOrderStatusReports(): Promise<OrderStatusReport[]> {
    return Promise.reject(new Error('the soak venue keeps no order history'));
  }
  generateFillReports(): Promise<never[]> {
    return Promise.reject(new Error('the soak venue keeps no fill history'));
  }
  generatePositionStatusReports(): Promise<never[]> {
    return Promise.reject(new Error('the soak venue keeps no position history'));
  }
  generateMassStatus(): Promise<ExecutionMassStatus> {
    return this.exchange.generateMassStatus();
  }
}

interface SoakRun {
  readonly samples: CacheCounts[];
  /** Orders the strategy made (every one gets at least one published event: all end closed). */
  readonly orders: number;
  readonly submitted: number;
  readonly positionsOpened: number;
  readonly accountStates: number;
  readonly errors: LogLine[];
  readonly purged: Record<string, number>;
}

async function soak(purges: boolean): Promise<SoakRun> {
  const instrument = examplePerpetual();
  const clock = new TestClock({ startNs: EXAMPLE_START_NS - SEC });
  const lines: LogLine[] = [];
  const logger = createLogger({
    level: 'warn',
    base: null,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  let venue: SoakVenue | null = null;
  const venueFor = (ctx: ClientFactoryContext): SoakVenue => {
    venue ??= new SoakVenue(
      new SimulatedExchange(
        {
          venue: Venue.from('SIM'),
          omsType: 'HEDGING',
          accountType: 'MARGIN',
          startingBalances: [Money.from('1000000', 'USDT')],
          baseCurrency: null,
          feeModel: new MakerTakerFeeModel(),
          bookType: 'L1_MBP',
        },
        { bus: ctx.bus, cache: ctx.cache, clock: ctx.clock, eventIds: counter('V') },
      ),
    );
    return venue;
  };
  const config: TradingNodeConfigInput = {
    traderId: 'SOAK-001',
    dataClients: { SIM: { type: 'MOCK', venue: 'SIM' } },
    execClients: { SIM: { type: 'MOCK', venue: 'SIM' } },
    execEngine: purges
      ? {
          purgeClosedOrdersIntervalMins: 10,
          purgeClosedOrdersBufferMins: 60,
          purgeClosedPositionsIntervalMins: 10,
          purgeClosedPositionsBufferMins: 60,
          purgeAccountEventsIntervalMins: 10,
          purgeAccountEventsLookbackMins: 60,
        }
      : {},
  };
  const strategy = new MarketMaker(
    MarketMakerConfig.parse({
      strategyId: 'MM-001',
      instrumentId: instrument.id.value,
      tradeSize: '0.010',
      refreshQuotes: 20,
    }),
  );
  const node = new LiveNode(config, {
    clock,
    logger,
    strategies: [strategy],
    installSignalHandlers: false,
    clients: {
      exec: { MOCK: (_c, ctx) => venueFor(ctx) },
      data: { MOCK: (_c, ctx) => venueFor(ctx).exchange as DataClient },
    },
  });
  expect(await node.build()).toBeNull();
  node.cache.addInstrument(instrument);
  const sim = (venue as SoakVenue | null)?.exchange;
  if (sim === undefined) throw new Error('the venue was not built');
  sim.addInstrument(instrument);
  expect((await node.start()).type).toBe('NodeRunning');

  const orders = new Set<string>();
  let submitted = 0;
  let positionsOpened = 0;
  let accountStates = 0;
  node.bus.subscribe('events.order.*', (e: { type: string; clientOrderId: { value: string } }) => {
    orders.add(e.clientOrderId.value);
    if (e.type === 'OrderSubmitted') submitted++;
  });
  node.bus.subscribe('events.position.*', (e: { type: string }) => {
    if (e.type === 'PositionOpened') positionsOpened++;
  });
  node.bus.subscribe('events.account.*', () => void accountStates++);

  const settle = (ts: bigint): void => {
    while (sim.processCommands(ts) > 0) {}
  };
  const samples: CacheCounts[] = [];
  const quotes = syntheticQuotes({
    instrument,
    seed: 7,
    count: QUOTES,
    startNs: EXAMPLE_START_NS,
    intervalNs: SEC,
    startPrice: '50000.0',
    stepTicks: 20,
    size: '5',
  });
  for (let i = 0; i < quotes.length; i++) {
    const q = quotes[i]!;
    clock.advanceTime(q.tsInit); // purge timers fire here
    sim.advanceTime(q.tsInit);
    sim.processData(q);
    node.bus.send(Endpoint.DATA_PROCESS, q);
    settle(q.tsInit);
    if (!strategy.isIdle) {
      await strategy.idle();
      settle(q.tsInit);
    }
    if ((i + 1) % SAMPLE_EVERY === 0) samples.push(node.cache.counts());
  }
  const purged: Record<string, number> = {};
  for (const r of node.checks.purges.runs) purged[r.kind] = (purged[r.kind] ?? 0) + r.purged;
  await node.stop();
  return {
    samples,
    orders: orders.size,
    submitted,
    positionsOpened,
    accountStates,
    errors: lines.filter((l) => l.level >= 50),
    purged,
  };
}

function counter(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

const max = (xs: readonly number[]): number => Math.max(0, ...xs);

describe('TradingNode soak: 24 simulated hours of a market maker', () => {
  it('purges on: the orders, positions and account events held stay bounded; off: they grow with the run', async () => {
    const on = await soak(true);
    const off = await soak(false);

    // The same trading happened in both runs (the purges change only what the cache keeps).
    expect(on.orders).toBe(off.orders);
    expect(on.submitted).toBe(off.submitted);
    expect(on.positionsOpened).toBe(off.positionsOpened);
    expect(on.submitted).toBeGreaterThan(5_000);
    expect(on.positionsOpened).toBeGreaterThan(500);
    expect([on.errors, off.errors]).toEqual([[], []]);
    expect(on.samples).toHaveLength((QUOTES / SAMPLE_EVERY) | 0);

    // Off: everything the run made is still held at the end.
    const lastOff = off.samples.at(-1)!;
    expect(lastOff.orders).toBe(off.orders);
    expect(lastOff.ordersOpen + lastOff.ordersInflight).toBeLessThanOrEqual(3);
    expect(lastOff.positions).toBe(off.positionsOpened);
    expect(lastOff.accountEvents).toBeGreaterThanOrEqual(off.accountStates);
    expect(off.purged).toEqual({});

    // On: bounded by ~70 minutes of activity (per hour: 1/24 of the day's total), and flat.
    const perHour = (n: number): number => n / HOURS;
    const series = (k: keyof CacheCounts) => on.samples.map((s) => s[k] as number);
    const bound = (total: number): number => Math.ceil(perHour(total) * 2);
    expect(max(series('orders'))).toBeLessThan(bound(on.orders));
    expect(max(series('orderLists'))).toBeLessThan(bound(on.orders / 3));
    expect(max(series('positions'))).toBeLessThan(bound(on.positionsOpened));
    expect(max(series('accountEvents'))).toBeLessThan(bound(on.accountStates));
    for (const k of [
      'orders',
      'orderEvents',
      'orderLists',
      'positions',
      'positionFills',
      'accountEvents',
    ] as const) {
      const s = series(k);
      const firstHalf = max(s.slice(12, s.length / 2)); // from the second hour
      const secondHalf = max(s.slice(s.length / 2));
      expect(secondHalf, k).toBeLessThan(firstHalf * 1.5);
      expect(s.at(-1)! * 10, k).toBeLessThan(off.samples.at(-1)![k] as number);
    }
    expect(on.purged.closedOrders).toBeGreaterThan(on.orders * 0.9);
    expect(on.purged.closedPositions).toBeGreaterThan(on.positionsOpened * 0.9);
    expect(on.purged.accountEvents).toBeGreaterThan(0);
  }, 240_000);
});
