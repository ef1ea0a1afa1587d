/**
 * The node runs its engines: started after the clients connect (their timers on the node clock),
 * stopped before the clients disconnect; snapshots and `debug` logging through the node.
 */
import { describe, expect, it } from 'vitest';

import type { OrderStateSnapshot, PositionStateSnapshot } from '../../../ts/engine/index.js';
import type { OwnOrderBook } from '../../../ts/model/book/index.js';
import { BTC, orderReport } from '../fixtures.js';
import { BASE_CONFIG, harness, settle, submitLimit } from './harness.js';

/** A node running with an order of MM-001 submitted, accepted and partly filled (LONG 0.250 BTC). */
async function withPosition(execEngine: Record<string, unknown>) {
  const h = harness({ ...BASE_CONFIG, execEngine });
  await h.node.build();
  h.node.cache.addInstrument(BTC);
  const orders: OrderStateSnapshot[] = [];
  const positions: PositionStateSnapshot[] = [];
  h.node.bus.subscribe('snapshots.orders.*', (m: OrderStateSnapshot) => void orders.push(m));
  h.node.bus.subscribe('snapshots.positions.*', (m: PositionStateSnapshot) => void positions.push(m));
  await h.node.start();
  const order = await submitLimit(h);
  h.exec().accept(order);
  await settle();
  h.exec().fill(order, { lastQty: '0.250', lastPx: '101.00' });
  await settle();
  return { h, orders, positions };
}

describe('TradingNode engines', () => {
  it('starts the engines once the clients are connected and stops them before disconnecting', async () => {
    const h = harness();
    await h.node.build();
    const engines = () => [h.node.dataEngine, h.node.riskEngine, h.node.execEngine].map((e) => e.state);
    expect(engines()).toEqual(['READY', 'READY', 'READY']);
    await h.node.start();
    expect(engines()).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
    // The engines did not connect the clients a second time: the node did, once.
    expect(h.exec().script.callsOf('connect')).toHaveLength(1);
    await h.node.stop();
    expect(engines()).toEqual(['STOPPED', 'STOPPED', 'STOPPED']);
    expect(h.exec().script.callsOf('disconnect')).toHaveLength(1);
    expect(h.node.stopped?.stopProblems).toEqual([]);
  });

  it('snapshotPositionsIntervalSecs: every open position is published on the interval while running', async () => {
    const { h, positions } = await withPosition({
      snapshotPositions: true,
      snapshotPositionsIntervalSecs: 60,
    });
    expect(positions).toHaveLength(1); // the PositionOpened event's own snapshot
    const opened = h.clock.timestampNs();
    await h.advance(60 * 3);
    expect(positions.map((p) => `${p.positionId} ${p.side} ${p.quantity} ${p.avgPxOpen}`)).toEqual(
      Array(4).fill('BTCUSDT.BINANCE-MM-001 LONG 0.250 101'),
    );
    expect(positions.slice(1).map((p) => p.tsSnapshot - opened)).toEqual(
      [60n, 120n, 180n].map((s) => s * 10n ** 9n),
    );
    await h.node.stop();
    await h.advance(600);
    expect(positions).toHaveLength(4); // no snapshot after the stop
  });

  it('snapshotOrders: each order event applied publishes the order state', async () => {
    const { h, orders } = await withPosition({ snapshotOrders: true });
    expect(orders.map((m) => `${m.order.clientOrderId} ${m.order.status} ${m.order.filledQty}`)).toEqual([
      'O-1 SUBMITTED 0.000',
      'O-1 ACCEPTED 0.000',
      'O-1 PARTIALLY_FILLED 0.250',
    ]);
    await h.node.stop();
  });

  it('snapshots are off by default: nothing is published on snapshots.*', async () => {
    const { h, orders, positions } = await withPosition({});
    await h.advance(3600);
    expect([orders.length, positions.length]).toEqual([0, 0]);
    await h.node.stop();
  });

  it('execEngine.debug logs every command and client event the engine takes; off by default', async () => {
    const quiet = await withPosition({});
    const debug = await withPosition({ debug: true });
    const engineLines = (lines: typeof quiet.h.lines) =>
      lines.filter((l) => l.component === 'ExecEngine').map((l) => `${l.msg} ${l.type}`);
    expect(engineLines(quiet.h.lines)).toEqual([]);
    expect(engineLines(debug.h.lines)).toEqual([
      'event AccountState',
      'command SubmitOrder',
      'event OrderAccepted',
      'event OrderFilled',
    ]);
    await quiet.h.node.stop();
    await debug.h.node.stop();
  });

  it('events applied outside the engine (an order the venue reports at run time) move own books and snapshots too', async () => {
    const h = harness({
      ...BASE_CONFIG,
      execEngine: { snapshotOrders: true, ownBooksAuditIntervalSecs: 60 },
    });
    await h.node.build();
    h.node.cache.addInstrument(BTC);
    const orders: OrderStateSnapshot[] = [];
    h.node.bus.subscribe('snapshots.orders.*', (m: OrderStateSnapshot) => void orders.push(m));
    await h.node.start();
    h.exec().emitOrderReport(
      orderReport({ clientOrderId: 'EXT-1', venueOrderId: 'V-1', status: 'ACCEPTED', qty: '1.000' }),
    );
    await settle();
    const book = () => h.node.cache.ownOrderBook(BTC.id) as OwnOrderBook | null;
    const bids = () =>
      book()
        ?.bids()
        .map((l) => `${l.price} ${l.size}`);
    expect(bids()).toEqual(['100.00 1.000']);
    h.exec().emitOrderReport(
      orderReport({
        clientOrderId: 'EXT-1',
        venueOrderId: 'V-1',
        status: 'PARTIALLY_FILLED',
        qty: '1.000',
        filled: '0.400',
      }),
    );
    await settle();
    expect(bids()).toEqual(['100.00 0.600']);
    expect(orders.map((m) => `${m.order.clientOrderId} ${m.order.status} ${m.order.filledQty}`)).toEqual([
      'EXT-1 ACCEPTED 0.000',
      'EXT-1 PARTIALLY_FILLED 0.400',
    ]);
    await h.node.stop();
  });
});
