/**
 * Fail closed: a venue whose reconciliation queries fail is unknown, never empty. The node does
 * not start its strategies and stops saying why.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { NODE_STATE_TOPIC, type NodeStateChanged } from '../../../ts/live/node/index.js';
import { ClientOrderId } from '../../../ts/model/identifiers/index.js';
import { Quantity } from '../../../ts/model/values/index.js';
import { auditor, BTC, buildNode, cleanup, startVenue } from './harness.js';

afterEach(cleanup);

describe('fail closed against the local venue', () => {
  it('every reconciliation query answered 5xx: strategies never start, the node stops naming the venue and the error', async () => {
    const venue = await startVenue({ seed: 3 });
    const setup = await buildNode(venue);
    // Connected first (time sync, instruments, listen key, account), then every REST request fails.
    setup.node.bus.subscribe(NODE_STATE_TOPIC, (e: NodeStateChanged) => {
      if (e.to === 'RECONCILING') venue.server.setFaults({ http5xx: 1 });
    });
    const r = await setup.node.start();
    expect(r.type).toBe('NodeStopped');
    if (r.type !== 'NodeStopped') return;
    expect(r.reason.type).toBe('FAILED');
    expect(r.reason).toMatchObject({ step: 'reconcile' });
    const reasons = r.reason.type === 'FAILED' ? r.reason.reasons : [];
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.join('\n')).toMatch(/BINANCE/);
    expect(reasons.join('\n')).toMatch(/503|-1001|Internal error/);
    expect(setup.node.state).toBe('STOPPED');
    expect(setup.node.stateHistory).not.toContain('STARTING_STRATEGIES');
    expect(setup.strategy.state).toBe('READY'); // registered, never started
    expect(setup.node.cache.orders()).toEqual([]);
    const summary = setup.summaries.at(-1)!;
    expect(summary.complete).toBe(false);
    expect(summary.venues[0]?.complete).toBe(false);
    expect(summary.venues[0]?.reports).toEqual({ orders: 0, fills: 0, positions: 0 });
    // One error line says why the node stopped.
    const stopping = setup.errors().filter((l) => l.msg.startsWith('node stopping: reconcile'));
    expect(stopping).toHaveLength(1);
  });

  it('the venue holds a position and the queries fail: nothing is taken for empty, no order is generated', async () => {
    const venue = await startVenue({ seed: 3 });
    const audit = await auditor(venue);
    venue.server.step(1, 'BTCUSDT');
    const placed = await audit.submitOrder({
      instrumentId: BTC,
      clientOrderId: ClientOrderId.from('before-1'),
      side: 'BUY',
      orderType: 'MARKET',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
    });
    expect(placed.type).toBe('accepted');
    const setup = await buildNode(venue);
    setup.node.bus.subscribe(NODE_STATE_TOPIC, (e: NodeStateChanged) => {
      if (e.to === 'RECONCILING') venue.server.setFaults({ http5xx: 1 });
    });
    const r = await setup.node.start();
    expect(r.type).toBe('NodeStopped');
    expect(setup.node.cache.orders()).toEqual([]);
    expect(setup.node.cache.positions()).toEqual([]);
    expect(setup.summaries.at(-1)?.venues[0]?.ordersCreated).toEqual({ external: 0, internalDiff: 0 });
  });
});

describe('fail closed when one reconciliation query fails', () => {
  it.each([
    ['positions', '/fapi/v3/positionRisk'],
    ['trades', '/fapi/v1/userTrades'],
    ['order history', '/fapi/v1/allOrders'],
  ])(
    'only the %s query answers 5xx: the venue is not reconciled, strategies never start',
    async (_what, path) => {
      const venue = await startVenue({ seed: 4 });
      const audit = await auditor(venue);
      venue.server.step(1, 'BTCUSDT');
      const placed = await audit.submitOrder({
        instrumentId: BTC,
        clientOrderId: ClientOrderId.from('before-1'),
        side: 'BUY',
        orderType: 'MARKET',
        quantity: Quantity.from('0.010'),
        timeInForce: 'GTC',
      });
      expect(placed.type).toBe('accepted');
      const setup = await buildNode(venue, { execEngine: { reconciliationInstrumentIds: [BTC.value] } });
      setup.node.bus.subscribe(NODE_STATE_TOPIC, (e: NodeStateChanged) => {
        if (e.to === 'RECONCILING') venue.server.setFaults({ http5xx: 1, httpFaultPaths: [path] });
      });
      const r = await setup.node.start();
      expect(r.type).toBe('NodeStopped');
      expect(r.type === 'NodeStopped' && r.reason).toMatchObject({ type: 'FAILED', step: 'reconcile' });
      expect(setup.node.stateHistory).not.toContain('STARTING_STRATEGIES');
      expect(setup.node.cache.orders()).toEqual([]);
      expect(setup.node.cache.positions()).toEqual([]);
      expect(venue.server.stats().faults.http5xx).toBeGreaterThan(0);
    },
  );
});
