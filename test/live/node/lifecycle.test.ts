import { describe, expect, it } from 'vitest';

import type { CacheDatabase } from '../../../ts/cache/index.js';
import { NODE_STATE_TOPIC, type NodeStateChanged } from '../../../ts/live/node/index.js';
import { KairosError } from '../../../ts/model/errors.js';
import { MockExecutionClient } from '../../../ts/testkit/index.js';
import { TradingNode } from '../../../ts/trading-node.js';
import { ACCOUNT, BTC, orderReport } from '../fixtures.js';
import { BASE_CONFIG, harness, settle } from './harness.js';

const UP = [
  'IDLE',
  'BUILT',
  'CONNECTING',
  'RECONCILING',
  'AWAITING_PORTFOLIO',
  'STARTING_STRATEGIES',
  'RUNNING',
];
const DOWN = ['STOPPING', 'DISCONNECTING', 'POST_STOP', 'STOPPED'];

describe('TradingNode lifecycle', () => {
  it('goes through every state in order and starts strategies only after reconciliation', async () => {
    const h = harness();
    await h.node.build();
    h.node.cache.addInstrument(BTC);
    h.exec().addOrderReport(
      orderReport({ clientOrderId: null, venueOrderId: 'V-1', status: 'ACCEPTED', qty: '1.000' }),
    );
    const published: string[] = [];
    h.node.bus.subscribe('events.reconciliation', () => void h.journal.push('reconciliation-summary'));
    h.node.bus.subscribe(NODE_STATE_TOPIC, (e) => void published.push((e as NodeStateChanged).to));

    const r = await h.node.start();
    expect(r.type === 'NodeStopped' ? r.reason : r.type).toBe('NodeRunning');
    expect(h.node.state).toBe('RUNNING');
    expect(h.node.stateHistory).toEqual(UP);
    expect(published).toEqual(UP.slice(2));
    expect(h.journal).toEqual([
      'MM-001:register',
      'reconciliation-summary',
      'MM-001:start@STARTING_STRATEGIES',
    ]);
    expect(h.exec().isConnected).toBe(true);
    expect(h.data().isConnected).toBe(true);
    expect(h.exec().script.callsOf('generateMassStatus')).toHaveLength(1);
    expect(h.node.cache.account(ACCOUNT)).not.toBeNull();
    expect(h.node.checks.started).toBe(true);

    const stopped = await h.node.stop();
    expect(stopped.reason).toEqual({ type: 'REQUESTED' });
    expect(stopped.stopProblems).toEqual([]);
    expect(h.node.stateHistory).toEqual([...UP, ...DOWN]);
    expect(h.journal.at(-1)).toBe('MM-001:stop@STOPPING');
    expect(h.node.checks.started).toBe(false);
    expect(h.exec().isConnected).toBe(false);
    expect(h.data().isConnected).toBe(false);
    expect(h.node.stopped).toBe(stopped);
  });

  it('with reconciliation off starts straight after connecting, never asking for a mass status', async () => {
    const h = harness({ ...BASE_CONFIG, execEngine: { reconciliation: false } });
    const r = await h.node.start();
    expect(r.type).toBe('NodeRunning');
    expect(h.node.stateHistory).toEqual(UP.filter((s) => s !== 'RECONCILING'));
    expect(h.exec().script.callsOf('generateMassStatus')).toHaveLength(0);
    expect(h.journal).toContain('MM-001:start@STARTING_STRATEGIES');
    await h.node.stop();
  });

  it('a failed reconciliation stops the node, never starts strategies, and logs each reason', async () => {
    const h = harness();
    await h.node.build();
    h.exec().failNext('generateMassStatus', new Error('HTTP 503 from venue'));
    const r = await h.node.start();
    expect(r.type).toBe('NodeStopped');
    if (r.type !== 'NodeStopped' || r.reason.type !== 'FAILED') throw new Error('expected FAILED');
    expect(r.reason.step).toBe('reconcile');
    expect(r.reason.reasons).toEqual(['BINANCE: MASS_STATUS_QUERY_FAILED: HTTP 503 from venue']);
    expect(h.journal.some((j) => j.includes(':start'))).toBe(false);
    expect(h.node.state).toBe('STOPPED');
    expect(h.node.stateHistory).toEqual([...UP.slice(0, 4), ...DOWN]);
    const line = h.errors().find((l) => l.msg.startsWith('node stopping:'));
    expect(line).toMatchObject({ step: 'reconcile', reason: 'FAILED' });
    expect(line?.msg).toContain('MASS_STATUS_QUERY_FAILED: HTTP 503 from venue');
    expect(h.exec().isConnected).toBe(false);
  });

  it('with several venues, every failing venue is reconciled, and each reason is in the result and the log', async () => {
    const h = harness({
      execClients: {
        BINANCE: { type: 'MOCK', venue: 'BINANCE' },
        SIM: { type: 'MOCK', venue: 'SIM' },
        OTHER: { type: 'MOCK', venue: 'OTHER' },
      },
    });
    await h.node.build();
    const [binance, sim, other] = h.node.execClients as MockExecutionClient[];
    binance?.failNext('generateMassStatus', new Error('HTTP 503'));
    other?.failNext('generateMassStatus', new Error('HTTP 429'));
    const r = await h.node.start();
    if (r.type !== 'NodeStopped' || r.reason.type !== 'FAILED') throw new Error('expected FAILED');
    expect(r.reason.reasons).toEqual([
      'BINANCE: MASS_STATUS_QUERY_FAILED: HTTP 503',
      'OTHER: MASS_STATUS_QUERY_FAILED: HTTP 429',
    ]);
    expect(sim?.script.callsOf('generateMassStatus')).toHaveLength(1);
    const logged = h.errors().map((l) => l.msg);
    expect(logged).toContain('reconciliation incomplete: BINANCE: MASS_STATUS_QUERY_FAILED: HTTP 503');
    expect(logged).toContain('reconciliation incomplete: OTHER: MASS_STATUS_QUERY_FAILED: HTTP 429');
    expect(h.journal.some((j) => j.includes(':start'))).toBe(false);
  });

  it('a mass status that never comes stops the node at timeoutReconciliation with the reason', async () => {
    const h = harness({ ...BASE_CONFIG, timeoutReconciliation: 3 });
    await h.node.build();
    h.exec().hang('generateMassStatus');
    const p = h.node.start();
    await h.advance(2.999);
    expect(h.node.state).toBe('RECONCILING');
    await h.advance(0.001);
    const r = await p;
    if (r.type !== 'NodeStopped' || r.reason.type !== 'FAILED') throw new Error('expected FAILED');
    expect(r.reason.step).toBe('reconcile');
    expect(r.reason.reasons[0]).toMatch(/^BINANCE: MASS_STATUS_TIMEOUT: no mass status within 3000 ms/);
    expect(h.journal.some((j) => j.includes(':start'))).toBe(false);
  });

  it('a client that does not connect within timeoutConnection stops the node naming it', async () => {
    const h = harness({ ...BASE_CONFIG, timeoutConnection: 30 });
    await h.node.build();
    h.exec().hang('connect');
    const p = h.node.start();
    await h.advance(29.999);
    expect(h.node.state).toBe('CONNECTING');
    await h.advance(0.001);
    const r = await p;
    expect(r.type === 'NodeStopped' && r.reason).toEqual({
      type: 'TIMEOUT',
      step: 'connect',
      timeoutSecs: 30,
      message: 'not connected: BINANCE',
      pending: ['BINANCE'],
    });
    expect(h.node.state).toBe('STOPPED');
    expect(h.errors().filter((l) => l.msg.startsWith('node stopping:'))).toHaveLength(1);
    expect(h.exec().script.callsOf('generateMassStatus')).toHaveLength(0);
  });

  it('a client whose connect fails stops the node with its error', async () => {
    const h = harness();
    await h.node.build();
    h.data().failNext('connect', new Error('ECONNREFUSED'));
    const r = await h.node.start();
    expect(r.type === 'NodeStopped' && r.reason).toMatchObject({
      type: 'FAILED',
      step: 'connect',
      message: 'BINANCE_DATA: ECONNREFUSED',
    });
  });

  it('no account state within timeoutPortfolio stops the node before strategies start', async () => {
    const h = harness(BASE_CONFIG, {
      clients: {
        exec: {
          MOCK: (c, ctx) =>
            new MockExecutionClient({
              clientId: ctx.name,
              venue: c.venue,
              clock: ctx.clock,
              sink: ctx.sink,
              accountStateOnConnect: null,
            }),
        },
      },
    });
    const p = h.node.start();
    await h.advance(9.999);
    expect(h.node.state).toBe('AWAITING_PORTFOLIO');
    await h.advance(0.001);
    const r = await p;
    expect(r.type === 'NodeStopped' && r.reason).toMatchObject({
      type: 'TIMEOUT',
      step: 'portfolio',
      timeoutSecs: 10,
      pending: ['BINANCE (account BINANCE-001)'],
    });
    expect(h.journal.some((j) => j.includes(':start'))).toBe(false);
  });

  it('an account state arriving before timeoutPortfolio lets the node run', async () => {
    const h = harness(BASE_CONFIG, {
      clients: {
        exec: {
          MOCK: (c, ctx) =>
            new MockExecutionClient({
              clientId: ctx.name,
              venue: c.venue,
              clock: ctx.clock,
              sink: ctx.sink,
              accountStateOnConnect: null,
            }),
        },
      },
    });
    const p = h.node.start();
    await h.advance(5);
    expect(h.node.state).toBe('AWAITING_PORTFOLIO');
    h.exec().emitAccountState();
    expect((await p).type).toBe('NodeRunning');
    await h.node.stop();
  });

  it('a strategy whose start throws stops the node (start-strategies)', async () => {
    const h = harness();
    h.strategy.failStart = new Error('bad parameter');
    const r = await h.node.start();
    expect(r.type === 'NodeStopped' && r.reason).toMatchObject({
      type: 'FAILED',
      step: 'start-strategies',
      message: 'MM-001: bad parameter',
    });
    // It never started, so it is not stopped either.
    expect(h.journal.filter((j) => j.includes(':stop'))).toEqual([]);
  });

  it('a disconnect that never ends still leaves the node STOPPED, with the problem recorded', async () => {
    const h = harness();
    await h.node.start();
    h.exec().hang('disconnect');
    const p = h.node.stop();
    await h.advance(9.999);
    expect(h.node.state).toBe('DISCONNECTING');
    await h.advance(0.001);
    const stopped = await p;
    expect(h.node.state).toBe('STOPPED');
    expect(stopped.stopProblems).toEqual(['disconnect: timed out after 10s: BINANCE']);
    expect(h.errors().some((l) => l.msg === 'while stopping: disconnect: timed out after 10s: BINANCE')).toBe(
      true,
    );
  });

  it('stop is idempotent: one promise, one pass through the stop states', async () => {
    const h = harness();
    await h.node.start();
    const a = h.node.stop();
    const b = h.node.stop({ type: 'SIGNAL', signal: 'SIGINT' });
    expect(b).toBe(a);
    const stopped = await a;
    expect(await h.node.stop()).toBe(stopped);
    expect(stopped.reason).toEqual({ type: 'REQUESTED' });
    expect(h.node.stateHistory.filter((s) => s === 'STOPPING')).toHaveLength(1);
    expect(h.exec().script.callsOf('disconnect')).toHaveLength(1);
    // A stopped node does not start again.
    expect((await h.node.start()).type).toBe('NodeStopped');
    expect(h.node.state).toBe('STOPPED');
  });

  it('a stop during connection wins: strategies never start', async () => {
    const h = harness();
    await h.node.build();
    h.exec().delay('connect', 1_000);
    const p = h.node.start();
    await settle();
    const stopped = h.node.stop();
    await h.advance(1);
    expect((await p).type).toBe('NodeStopped');
    expect((await stopped).reason).toEqual({ type: 'REQUESTED' });
    expect(h.journal.some((j) => j.includes(':start'))).toBe(false);
    expect(h.node.state).toBe('STOPPED');
  });

  it('post-stop closes the cache database (bounded by timeoutPostStop)', async () => {
    let closed = 0;
    const close = (): Promise<void> => {
      closed += 1;
      return new Promise<void>(() => {});
    };
    const loadAll = async () => ({
      currencies: [],
      instruments: [],
      accounts: [],
      orders: [],
      positions: [],
      positionSnapshots: [],
      orderPositionIds: [],
      orderClientIds: [],
    });
    const db = { close, loadAll } as unknown as CacheDatabase;
    const h = harness(BASE_CONFIG, { cacheDatabase: db });
    await h.node.start();
    const p = h.node.stop();
    await h.advance(5);
    const stopped = await p;
    expect(closed).toBe(1);
    expect(stopped.stopProblems).toEqual(['post-stop: cache database not closed after 5s']);
    expect(h.node.state).toBe('STOPPED');
  });

  it('with a cache database, build flushes it (flushOnStart) before loading it, never after', async () => {
    const calls: string[] = [];
    const db = {
      flush: async () => void calls.push('flush'),
      loadAll: async () => {
        calls.push('loadAll');
        return {
          currencies: [],
          instruments: [BTC],
          accounts: [],
          orders: [],
          positions: [],
          positionSnapshots: [],
          orderPositionIds: [],
          orderClientIds: [],
        };
      },
      close: async () => void calls.push('close'),
    } as unknown as CacheDatabase;
    const h = harness({ ...BASE_CONFIG, cache: { flushOnStart: true } }, { cacheDatabase: db });
    await h.node.build();
    expect(calls).toEqual(['flush', 'loadAll']);
    expect(h.node.cache.instrument(BTC.id)).not.toBeNull();
    await h.node.stop();
    expect(calls).toEqual(['flush', 'loadAll', 'close']);

    const calls2: string[] = [];
    const h2 = harness(BASE_CONFIG, {
      cacheDatabase: {
        ...db,
        flush: async () => void calls2.push('flush'),
        loadAll: async () => {
          calls2.push('loadAll');
          return db.loadAll();
        },
      } as CacheDatabase,
    });
    await h2.node.build();
    expect(calls2).toEqual(['loadAll']);
  });

  it('a cache database that cannot be loaded fails the build step', async () => {
    const db = {
      loadAll: async () => {
        throw new Error('ECONNREFUSED 127.0.0.1:6379');
      },
      close: async () => {},
    } as unknown as CacheDatabase;
    const h = harness(BASE_CONFIG, { cacheDatabase: db });
    const r = await h.node.start();
    expect(r.type === 'NodeStopped' && r.reason).toMatchObject({
      type: 'FAILED',
      step: 'build',
      message: 'ECONNREFUSED 127.0.0.1:6379',
    });
  });

  it('refuses a bad config up front with one error listing every problem', () => {
    let error: unknown;
    try {
      new TradingNode({ timeoutConnection: -1, execClients: { SIM: { type: 'NOPE' } }, nope: 1 } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KairosError);
    expect((error as KairosError).code).toBe('INVALID_CONFIG');
    expect((error as KairosError).message).toBe(
      [
        'invalid config (3 problems):',
        '  timeoutConnection: must be positive',
        "  execClients.SIM.type: must be one of 'BINANCE', 'MOCK'",
        '  nope: unknown setting',
      ].join('\n'),
    );
  });
});
