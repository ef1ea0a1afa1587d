import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MarketMaker } from '../../../ts/backtest/examples/market-maker.js';
import type { TradingStateChanged } from '../../../ts/engine/risk-engine.js';
import {
  NODE_TRANSITIONS,
  NodeState,
  NodeStateError,
  nextNodeState,
  transitionNodeState,
} from '../../../ts/live/node/index.js';
import { quoteTick } from '../../../ts/model/data/index.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';
import { BTC, fillReportOf, orderOf, orderReport, T0 } from '../fixtures.js';
import { BASE_CONFIG, harness, settle, submitLimit } from './harness.js';

describe('TradingNode signals', () => {
  // Other SIGINT/SIGTERM listeners (the test runner's) are set aside so that emitting a signal
  // reaches only the node's handler.
  let saved: Map<NodeJS.Signals, NodeJS.SignalsListener[]>;
  beforeEach(() => {
    saved = new Map();
    for (const s of ['SIGINT', 'SIGTERM'] as const) {
      saved.set(s, process.listeners(s) as NodeJS.SignalsListener[]);
      process.removeAllListeners(s);
    }
  });
  afterEach(() => {
    for (const [s, list] of saved) {
      process.removeAllListeners(s);
      for (const l of list) process.on(s, l);
    }
  });

  it('SIGTERM stops a running node gracefully and the handlers are removed', async () => {
    const h = harness(BASE_CONFIG, { installSignalHandlers: true });
    expect((await h.node.start()).type).toBe('NodeRunning');
    expect(process.listenerCount('SIGTERM')).toBe(1);
    expect(process.listenerCount('SIGINT')).toBe(1);
    process.emit('SIGTERM', 'SIGTERM');
    const stopped = await h.node.whenStopped();
    expect(stopped.reason).toEqual({ type: 'SIGNAL', signal: 'SIGTERM' });
    expect(h.node.stateHistory.slice(-4)).toEqual(['STOPPING', 'DISCONNECTING', 'POST_STOP', 'STOPPED']);
    expect(h.journal.at(-1)).toBe('MM-001:stop@STOPPING');
    expect(h.exec().isConnected).toBe(false);
    expect(process.listenerCount('SIGTERM')).toBe(0);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('SIGINT during reconciliation stops the node before any strategy starts', async () => {
    const h = harness(BASE_CONFIG, { installSignalHandlers: true });
    await h.node.build();
    h.exec().hang('generateMassStatus');
    const p = h.node.start();
    await settle();
    expect(h.node.state).toBe('RECONCILING');
    process.emit('SIGINT', 'SIGINT');
    expect((await p).type).toBe('NodeStopped');
    expect(h.node.stopped?.reason).toEqual({ type: 'SIGNAL', signal: 'SIGINT' });
    expect(h.journal.some((j) => j.includes(':start'))).toBe(false);
  });

  it('run() installs the handlers by default and resolves with the NodeStopped of the signal', async () => {
    const h = harness(BASE_CONFIG, { installSignalHandlers: undefined as never });
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    const done = h.node.run();
    for (let i = 0; i < 20 && h.node.state !== 'RUNNING'; i++) await settle();
    expect(h.node.state).toBe('RUNNING');
    expect(h.node.signalHandlersInstalled).toBe(true);
    // run() holds the process open until the node stops (the TestClock holds nothing).
    expect(timeouts()).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    expect((await done).reason).toEqual({ type: 'SIGNAL', signal: 'SIGTERM' });
    expect(h.node.signalHandlersInstalled).toBe(false);
    expect(timeouts()).toBe(before);
  });

  it('without installSignalHandlers no handler is installed', async () => {
    const h = harness();
    await h.node.start();
    expect(process.listenerCount('SIGTERM')).toBe(0);
    await h.node.stop();
  });
});

describe('TradingNode runtime', () => {
  it('fill reports delivered at run time reach the checks: held, then applied with their order report', async () => {
    const h = harness();
    await h.node.build();
    h.node.cache.addInstrument(BTC);
    await h.node.start();
    h.exec().emitFillReport(fillReportOf({ venueOrderId: 'V-9', tradeId: 'T-9', qty: '0.500' }));
    await settle();
    expect(h.node.checks.heldFills.size).toBe(1);
    h.exec().emitOrderReport(
      orderReport({
        clientOrderId: 'EXT-9',
        venueOrderId: 'V-9',
        status: 'PARTIALLY_FILLED',
        qty: '1.000',
        filled: '0.500',
      }),
    );
    await settle();
    expect(h.node.checks.heldFills.size).toBe(0);
    const order = orderOf(h.node.cache, 'EXT-9');
    expect(order.status).toBe('PARTIALLY_FILLED');
    expect(order.filledQty.toString()).toBe('0.500');
    expect(h.node.queue.processed).toBeGreaterThanOrEqual(3); // account state + two reports
    await h.node.stop();
  });

  it('order events emitted by the venue reach the ExecutionEngine through the queue', async () => {
    const h = harness();
    await h.node.build();
    h.node.cache.addInstrument(BTC);
    await h.node.start();
    h.exec().emitOrderReport(
      orderReport({ clientOrderId: 'EXT-1', venueOrderId: 'V-1', status: 'ACCEPTED', qty: '1.000' }),
    );
    await settle();
    const order = orderOf(h.node.cache, 'EXT-1');
    expect(order.status).toBe('ACCEPTED');
    h.exec().fill(order, { lastQty: '0.250', lastPx: '101.00' });
    await settle();
    expect(order.status).toBe('PARTIALLY_FILLED');
    expect(order.filledQty.toString()).toBe('0.250');
    await h.node.stop();
  });

  it('qsize overflow: the item that does not fit is dropped, one error is logged and trading halts', async () => {
    const h = harness({ ...BASE_CONFIG, execEngine: { qsize: 3 } });
    await h.node.start();
    const states: TradingStateChanged[] = [];
    h.node.bus.subscribe('events.risk.trading_state', (e) => void states.push(e as TradingStateChanged));
    const accepted = [1, 2, 3, 4, 5].map(() => h.exec().emitAccountState());
    expect(accepted).toEqual([true, true, true, false, false]);
    expect(h.node.queue.dropped).toBe(2);
    expect(h.node.riskEngine.tradingState).toBe('HALTED');
    expect(states.map((s) => s.state)).toEqual(['HALTED']);
    const full = h.errors().filter((l) => l.code === 'EXEC_QUEUE_FULL');
    expect(full).toHaveLength(1);
    expect(full[0]).toMatchObject({ capacity: 3 });
    await settle();
    // The three that fit were processed; the queue takes items again (trading stays halted).
    expect(h.node.queue.size).toBe(0);
    expect(h.exec().emitAccountState()).toBe(true);
    expect(h.node.riskEngine.tradingState).toBe('HALTED');
    await h.node.stop();
    // A stopped node takes nothing more.
    expect(h.exec().emitAccountState()).toBe(false);
  });

  it('a second overflow episode logs again', async () => {
    const h = harness({ ...BASE_CONFIG, execEngine: { qsize: 1 } });
    await h.node.start();
    h.exec().emitAccountState();
    h.exec().emitAccountState();
    await settle();
    h.exec().emitAccountState();
    h.exec().emitAccountState();
    expect(h.errors().filter((l) => l.code === 'EXEC_QUEUE_FULL')).toHaveLength(2);
    expect(h.node.queue.dropped).toBe(2);
    await h.node.stop();
  });

  it('passes strategies external order claims to reconciliation', async () => {
    const h = harness();
    await h.node.build();
    expect(h.node.reconciler.settings.claims.map((c) => c.strategyId.value)).toEqual(['MM-001']);
    await h.node.stop();
  });
});

describe('TradingNode strategies from config', () => {
  it('loads module:Export strategies and starts them after reconciliation', async () => {
    const { started } = await import('./fixtures/strategy.js');
    const h = harness({
      ...BASE_CONFIG,
      strategies: [
        {
          strategyPath: './test/live/node/fixtures/strategy.ts:LoadedStrategy',
          config: { strategyId: 'LOAD-001', externalOrderClaims: ['BTCUSDT.BINANCE'] },
        },
      ],
    });
    expect((await h.node.start()).type).toBe('NodeRunning');
    expect(h.node.strategies.map((s) => s.strategyId.value)).toEqual(['MM-001', 'LOAD-001']);
    expect(started).toContain('LOAD-001');
    const claim = h.node.reconciler.settings.claims.find((c) => c.strategyId.value === 'LOAD-001');
    expect(claim?.instrumentIds.map((i) => i.value)).toEqual(['BTCUSDT.BINANCE']);
    await h.node.stop();
  });

  it('an export that is not a strategy fails the build step naming the path', async () => {
    const h = harness({
      ...BASE_CONFIG,
      strategies: [{ strategyPath: './test/live/node/fixtures/strategy.ts:notAStrategy' }],
    });
    const r = await h.node.start();
    expect(r.type === 'NodeStopped' && r.reason).toMatchObject({
      type: 'FAILED',
      step: 'build',
      message: expect.stringContaining("has no class export 'notAStrategy'"),
    });
    expect(h.node.stateHistory).toEqual(['IDLE', 'STOPPING', 'DISCONNECTING', 'POST_STOP', 'STOPPED']);
  });

  it('a class with a configSchema gets its config parsed: defaults filled in', async () => {
    const h = harness({
      ...BASE_CONFIG,
      strategies: [
        {
          strategyPath: './ts/backtest/examples/market-maker.ts:MarketMaker',
          config: { strategyId: 'MM-002', instrumentId: 'BTCUSDT.BINANCE', tradeSize: '0.010' },
        },
      ],
    });
    expect(await h.node.build()).toBeNull();
    const mm = h.node.strategies[1] as MarketMaker;
    expect(mm).toBeInstanceOf(MarketMaker);
    expect([mm.config.refreshQuotes, mm.config.takeProfitTicks, mm.tradeSize.toString()]).toEqual([
      20,
      5,
      '0.010',
    ]);
    // Its own default of a base setting wins over StrategyConfig's (false there).
    expect(mm.config.manageContingentOrders).toBe(true);
    await h.node.stop();
  });

  it('a config its configSchema refuses fails the build step listing every problem', async () => {
    const h = harness({
      ...BASE_CONFIG,
      strategies: [
        {
          strategyPath: './ts/backtest/examples/market-maker.ts:MarketMaker',
          config: { strategyId: 'MM-002', refreshQuotes: 0 },
        },
      ],
    });
    const r = await h.node.start();
    expect(r.type === 'NodeStopped' && r.reason).toMatchObject({ type: 'FAILED', step: 'build' });
    const message = r.type === 'NodeStopped' && r.reason.type === 'FAILED' ? r.reason.message : '';
    expect(message.split('\n')).toEqual([
      "STRATEGY_LOAD_FAILED: config of './ts/backtest/examples/market-maker.ts:MarketMaker': invalid config (3 problems):",
      '  instrumentId: is required',
      '  tradeSize: is required',
      '  refreshQuotes: must be positive',
    ]);
  });

  it('a module that cannot be imported fails the build step', async () => {
    const h = harness({ ...BASE_CONFIG, strategies: [{ strategyPath: './nowhere/missing.js:X' }] });
    const r = await h.node.start();
    expect(r.type === 'NodeStopped' && r.reason).toMatchObject({
      type: 'FAILED',
      step: 'build',
      message: expect.stringContaining("cannot import './nowhere/missing.js'"),
    });
  });
});

describe('node state table', () => {
  it('every state but STOPPED can stop, and STOPPED is terminal', () => {
    for (const s of Object.values(NodeState)) {
      const next = nextNodeState(s, 'STOP');
      if (s === 'STOPPED' || s === 'STOPPING' || s === 'DISCONNECTING' || s === 'POST_STOP') {
        expect(next, s).toBeUndefined();
      } else expect(next, s).toBe('STOPPING');
    }
    expect(NODE_TRANSITIONS.filter(([from]) => from === 'STOPPED')).toEqual([]);
  });

  it('every state is reachable from IDLE', () => {
    const seen = new Set<string>(['IDLE']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [from, , to] of NODE_TRANSITIONS) {
        if (seen.has(from) && !seen.has(to)) {
          seen.add(to);
          grew = true;
        }
      }
    }
    expect([...seen].sort()).toEqual(Object.values(NodeState).sort());
  });

  it('refuses a trigger the table does not list, naming state and trigger', () => {
    expect(() => transitionNodeState('IDLE', 'RUN')).toThrow(NodeStateError);
    expect(() => transitionNodeState('STOPPED', 'START_STRATEGIES')).toThrow(
      'trading node cannot START_STRATEGIES from state STOPPED',
    );
  });
});

describe('TradingNode wiring', () => {
  it('an order the venue never confirms is resolved by the in-flight check on the node clock', async () => {
    const h = harness({
      ...BASE_CONFIG,
      execEngine: {
        inflightCheckIntervalMs: 1_000,
        inflightCheckThresholdMs: 2_000,
        inflightCheckRetries: 1,
      },
    });
    await h.node.build();
    h.node.cache.addInstrument(BTC);
    await h.node.start();
    const order = await submitLimit(h, 'O-1', '100.00');
    expect(order.status).toBe('SUBMITTED');
    expect(h.exec().commandsOf('SubmitOrder')).toHaveLength(1);
    for (let i = 0; i < 6; i++) await h.advance(1);
    expect(h.exec().script.callsOf('queryOrder').length).toBeGreaterThan(0);
    expect(order.status).toBe('REJECTED');
    await h.node.stop();
  });

  it('quotes pushed by a data client reach the cache and subscribers on the node bus', async () => {
    const h = harness();
    await h.node.build();
    h.node.cache.addInstrument(BTC);
    await h.node.start();
    const seen: unknown[] = [];
    h.node.bus.subscribe('data.quotes.BINANCE.BTCUSDT', (q) => void seen.push(q));
    const q = quoteTick({
      instrumentId: BTC.id,
      bidPrice: Price.from('100.00'),
      askPrice: Price.from('100.01'),
      bidSize: Quantity.from('1.000'),
      askSize: Quantity.from('1.000'),
      tsEvent: T0,
      tsInit: T0,
    });
    h.data().pushQuote(q);
    expect(seen).toEqual([q]);
    expect(h.node.cache.quote(BTC.id)).toBe(q);
    await h.node.stop();
  });
});
