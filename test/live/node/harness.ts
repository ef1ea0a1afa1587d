/**
 * A TradingNode on a TestClock with the testkit's mock clients (venue BINANCE, so the report
 * builders of `../fixtures.ts` apply), a strategy that records what happens to it, and a logger
 * whose lines a test reads.
 */
import { createLogger, TestClock } from '../../../ts/common/index.js';
import type { TradingNodeConfigInput } from '../../../ts/config/index.js';
import { Endpoint, submitOrder } from '../../../ts/engine/index.js';
import type {
  NodeState,
  NodeStrategy,
  StrategyDeps,
  TradingNodeOptions,
} from '../../../ts/live/node/index.js';
import { ClientOrderId, StrategyId } from '../../../ts/model/identifiers/index.js';
import { Order } from '../../../ts/model/orders/index.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';
import type { MockDataClient, MockExecutionClient } from '../../../ts/testkit/index.js';
import { TradingNode } from '../../../ts/trading-node.js';
import { BTC, type LogLine, S1, T0, TRADER } from '../fixtures.js';

/** Records its lifecycle calls (and the node's state at each) in a shared journal. */
export class RecordingStrategy implements NodeStrategy {
  readonly strategyId: StrategyId;
  readonly config: { readonly externalOrderClaims: readonly string[] | null };
  deps: StrategyDeps | null = null;
  failStart: Error | null = null;

  constructor(
    id: string,
    readonly journal: string[],
    readonly stateOf: () => NodeState,
    claims: readonly string[] | null = null,
  ) {
    this.strategyId = StrategyId.from(id);
    this.config = { externalOrderClaims: claims };
  }
  register(deps: StrategyDeps): void {
    this.deps = deps;
    this.journal.push(`${this.strategyId}:register`);
  }
  start(): void {
    if (this.failStart !== null) throw this.failStart;
    this.journal.push(`${this.strategyId}:start@${this.stateOf()}`);
  }
  stop(): void {
    this.journal.push(`${this.strategyId}:stop@${this.stateOf()}`);
  }
}

export const BASE_CONFIG: TradingNodeConfigInput = {
  dataClients: { BINANCE_DATA: { type: 'MOCK', venue: 'BINANCE' } },
  execClients: { BINANCE: { type: 'MOCK', venue: 'BINANCE' } },
};

export interface Harness {
  readonly node: TradingNode;
  readonly clock: TestClock;
  readonly lines: LogLine[];
  readonly journal: string[];
  readonly strategy: RecordingStrategy;
  /** The mocks (after `build()`). */
  exec(): MockExecutionClient;
  data(): MockDataClient;
  errors(): LogLine[];
  /** Moves the clock forward by `secs` (after letting pending promises run). */
  advance(secs: number): Promise<void>;
}

/** Lets every pending promise and microtask run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

export function harness(
  config: TradingNodeConfigInput = BASE_CONFIG,
  options: TradingNodeOptions = {},
): Harness {
  const clock = new TestClock({ startNs: T0 });
  const lines: LogLine[] = [];
  const logger = createLogger({
    level: 'debug',
    base: null,
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
  });
  const journal: string[] = [];
  let node: TradingNode | null = null;
  const strategy = new RecordingStrategy('MM-001', journal, () => node?.state ?? 'IDLE');
  node = new TradingNode(config, {
    clock,
    logger,
    strategies: [strategy],
    installSignalHandlers: false,
    ...options,
  });
  const n = node;
  return {
    node: n,
    clock,
    lines,
    journal,
    strategy,
    exec: () => n.execClients[0] as MockExecutionClient,
    data: () => n.dataClients[0] as MockDataClient,
    errors: () => lines.filter((l) => l.level >= 50),
    advance: async (secs: number) => {
      await settle();
      clock.advanceTime(clock.timestampNs() + BigInt(Math.round(secs * 1e9)));
      await settle();
    },
  };
}

/**
 * Sends a BUY LIMIT order of strategy MM-001 on BTC through the node's risk engine (as a strategy
 * does) and lets it reach the execution client. Returns the order.
 */
export async function submitLimit(h: Harness, id = 'O-1', price = '101.00', qty = '1.000'): Promise<Order> {
  const tsInit = h.clock.timestampNs();
  const order = Order.create({
    traderId: TRADER,
    strategyId: S1,
    instrumentId: BTC.id,
    clientOrderId: ClientOrderId.from(id),
    side: 'BUY',
    orderType: 'LIMIT',
    quantity: Quantity.from(qty),
    price: Price.from(price),
    tsInit,
  });
  h.node.bus.send(Endpoint.RISK_EXECUTE, submitOrder({ order, tsInit }));
  await settle();
  return order;
}
