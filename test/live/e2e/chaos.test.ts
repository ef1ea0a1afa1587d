/**
 * Chaos against the local venue: user-stream events dropped, duplicated and reordered; submits
 * whose outcome is unknown or that never reached the matching engine. In each, the node's cache
 * ends equal to what the venue reports over REST.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { Price } from '../../../ts/model/values/index.js';

import {
  auditor,
  buildNode,
  cacheView,
  cleanup,
  converge,
  fillAtVenue,
  primeQuotes,
  px,
  sleep,
  startRunning,
  startVenue,
  touch,
  until,
  venueView,
} from './harness.js';

afterEach(cleanup);

describe('chaos on the user stream', () => {
  it('every user-stream event dropped: a fill the node never heard of is found by the open-order check', async () => {
    const venue = await startVenue({ seed: 21 });
    const audit = await auditor(venue);
    const setup = await buildNode(venue);
    await startRunning(setup);
    await primeQuotes(venue, setup.node);
    const near = setup.strategy.limit('BUY', '0.020', px(touch(venue).bid, -1));
    await until(() => near.status === 'ACCEPTED', 'the order to rest');

    venue.server.setFaults({ userDrop: 1 });
    await fillAtVenue(venue, audit, near);
    const { cache, venue: truth } = await converge(setup.node, audit);
    expect(cache).toEqual(truth);
    expect(truth.orders[near.clientOrderId.value]?.status).toBe('FILLED');
    expect(venue.server.stats().faults.userDrop).toBeGreaterThan(0);
    // The fills are the venue's own trades (fetched), not inferred ones.
    expect(cache.trades[near.clientOrderId.value]).toEqual(truth.trades[near.clientOrderId.value]);
  });

  it('duplicated and reordered events: no fill is applied twice', async () => {
    const venue = await startVenue({ seed: 5, faults: { userDuplicate: 1, userReorder: 0.5 } });
    const audit = await auditor(venue);
    const setup = await buildNode(venue);
    await startRunning(setup);
    await primeQuotes(venue, setup.node);
    const { bid, ask } = touch(venue);
    const orders = [
      setup.strategy.market('BUY', '0.030'),
      setup.strategy.limit('SELL', '0.010', px(bid, -5)),
      setup.strategy.market('SELL', '0.005'),
      setup.strategy.limit('BUY', '0.010', px(bid, -300)),
      setup.strategy.limit('SELL', '0.010', px(ask, 300)),
    ];
    await until(
      () => orders.every((o) => o.status === 'FILLED' || o.status === 'ACCEPTED'),
      'orders to settle',
    );
    const { cache, venue: truth } = await converge(setup.node, audit);
    expect(cache).toEqual(truth);
    expect(truth.positions).toEqual({ 'BTCUSDT-PERP.BINANCE': '0.015' });
    expect(venue.server.stats().faults.userDuplicate).toBeGreaterThan(3);
    expect(venue.server.stats().faults.userReorder ?? 0).toBeGreaterThan(0);
    expect(setup.errors()).toEqual([]);
  });
});

describe('stale user-stream events', () => {
  it('events held back and sent after newer ones (an accept after its cancel, an old price after an amend): ignored, no false alarm', async () => {
    const venue = await startVenue({ seed: 51 });
    const audit = await auditor(venue);
    const setup = await buildNode(venue);
    await startRunning(setup);
    await primeQuotes(venue, setup.node);
    // Each first event is held until the next one goes out (delayMs is only the fallback).
    venue.server.setFaults({ userReorder: 1, delayMs: 1_000 });
    const { bid } = touch(venue);
    const canceled = setup.strategy.limit('BUY', '0.010', px(bid, -310));
    await until(() => canceled.status === 'ACCEPTED', 'the first order to rest (REST answer)');
    setup.strategy.cancel(canceled); // its NEW event, held, goes out after its CANCELED
    await until(() => canceled.status === 'CANCELED', 'the cancel');
    const amended = setup.strategy.limit('BUY', '0.010', px(bid, -300));
    await until(() => amended.status === 'ACCEPTED', 'the second order to rest (REST answer)');
    setup.strategy.reprice(amended, px(bid, -250)); // its NEW, held, goes out after the AMENDMENT
    await until(
      () => amended.price?.eq(Price.from(px(bid, -250))) === true && amended.status === 'ACCEPTED',
      'the amend',
    );
    await sleep(1_200); // every held event has been sent by now
    expect(venue.server.stats().faults.userReorder).toBeGreaterThan(1);
    const { cache, venue: truth } = await converge(setup.node, audit);
    expect(cache).toEqual(truth);
    expect(truth.orders[amended.clientOrderId.value]?.price).toBe(px(bid, -250));
    expect(canceled.status).toBe('CANCELED');
    expect(setup.errors()).toEqual([]);
  });
});

describe('chaos on REST writes', () => {
  it('submits executed but answered -1007 (unknown), their events dropped: the in-flight check finds the truth', async () => {
    const venue = await startVenue({ seed: 9 });
    const audit = await auditor(venue);
    const setup = await buildNode(venue);
    await startRunning(setup);
    await primeQuotes(venue, setup.node);
    venue.server.setFaults({ httpUnknown: 1, userDrop: 1 });
    const resting = setup.strategy.limit('BUY', '0.010', px(touch(venue).bid, -300));
    const taker = setup.strategy.market('BUY', '0.020');
    await until(() => venue.server.stats().faults.httpUnknown === 2, 'both submits to be answered -1007');
    expect(resting.status).toBe('SUBMITTED');
    expect(taker.status).toBe('SUBMITTED');
    venue.server.setFaults({ httpUnknown: 0 }); // the checks' queries are reads: unaffected anyway
    await until(() => resting.status === 'ACCEPTED' && taker.status === 'FILLED', 'the in-flight check');
    const { cache, venue: truth } = await converge(setup.node, audit);
    expect(cache).toEqual(truth);
    expect(truth.positions).toEqual({ 'BTCUSDT-PERP.BINANCE': '0.02' });
  });

  it('a submit answered 5xx (never executed): resolved REJECTED once the venue keeps not knowing it', async () => {
    const venue = await startVenue({ seed: 9 });
    const audit = await auditor(venue);
    const setup = await buildNode(venue);
    await startRunning(setup);
    await primeQuotes(venue, setup.node);
    venue.server.setFaults({ http5xx: 1, maxFaults: 1 });
    const lost = setup.strategy.limit('BUY', '0.010', px(touch(venue).bid, -300));
    await until(() => lost.status === 'REJECTED', 'the order to be resolved');
    expect(
      await audit.queryOrder({ instrumentId: lost.instrumentId, clientOrderId: lost.clientOrderId }),
    ).toBe(null);
    const cache = cacheView(setup.node);
    const truth = await venueView(audit);
    // The venue never had it: the cache holds it closed, the venue not at all.
    const { [lost.clientOrderId.value]: rejected, ...rest } = cache.orders;
    expect(rejected).toMatchObject({ status: 'REJECTED', filled: '0' });
    expect({ ...cache, orders: rest }).toEqual(truth);
    expect(cacheView(setup.node).openOrders).toEqual([]);
  });
});

describe('chaos mixed', () => {
  it('every stream and write fault at once, the user stream cut twice, a seeded workload: the cache ends equal to the venue', async () => {
    const venue = await startVenue({
      seed: 17,
      faults: {
        userDrop: 0.25,
        userDuplicate: 0.25,
        userReorder: 0.25,
        userDelay: 0.25,
        delayMs: 150,
        httpUnknown: 0.25,
        maxFaults: 6,
      },
    });
    const audit = await auditor(venue);
    const setup = await buildNode(venue);
    await startRunning(setup);
    await primeQuotes(venue, setup.node);
    const s = setup.strategy;
    const orders = [];
    for (let round = 0; round < 4; round++) {
      const { bid, ask } = touch(venue);
      orders.push(s.limit('BUY', '0.010', px(bid, -2)));
      orders.push(s.limit('SELL', '0.010', px(ask, 2)));
      orders.push(s.market(round % 2 === 0 ? 'BUY' : 'SELL', '0.005'));
      orders.push(s.limit('BUY', '0.010', px(bid, -400)));
      if (round === 1) venue.server.disconnect('user');
      venue.server.step(15, 'BTCUSDT');
      await sleep(150);
    }
    // The second cut once the stream is back from the first.
    await until(() => venue.server.disconnect('user') === 1, 'a user stream to cut');
    venue.server.step(15, 'BTCUSDT');
    const faults = venue.server.stats().faults;
    venue.server.setFaults({ userDrop: 0, userDuplicate: 0, userReorder: 0, userDelay: 0, httpUnknown: 0 });
    const { cache, venue: truth } = await converge(setup.node, audit, undefined, 6_000);
    expect(cache).toEqual(truth);
    expect(Object.keys(truth.orders)).toHaveLength(orders.length);
    expect(setup.node.cache.ordersInflight()).toEqual([]);
    expect(faults.httpUnknown).toBeGreaterThan(0);
    expect(faults.disconnect).toBe(2);
    expect(Object.values(faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(8);
    expect(setup.errors()).toEqual([]);
  });
});

describe('chaos on modify and cancel', () => {
  it('a modify and a cancel answered -1007 with their events dropped: the in-flight check applies what the venue did', async () => {
    const venue = await startVenue({ seed: 41 });
    const audit = await auditor(venue);
    const setup = await buildNode(venue);
    await startRunning(setup);
    await primeQuotes(venue, setup.node);
    const { bid, ask } = touch(venue);
    const moved = setup.strategy.limit('BUY', '0.010', px(bid, -300));
    const doomed = setup.strategy.limit('SELL', '0.010', px(ask, 300));
    await until(() => moved.status === 'ACCEPTED' && doomed.status === 'ACCEPTED', 'the orders to rest');

    venue.server.setFaults({ httpUnknown: 1, userDrop: 1 });
    setup.strategy.reprice(moved, px(bid, -200));
    setup.strategy.cancel(doomed);
    await until(() => venue.server.stats().faults.httpUnknown === 2, 'both writes answered -1007');
    expect(moved.status).toBe('PENDING_UPDATE');
    expect(doomed.status).toBe('PENDING_CANCEL');
    venue.server.setFaults({ httpUnknown: 0, userDrop: 0 });

    await until(() => moved.status === 'ACCEPTED' && doomed.status === 'CANCELED', 'the in-flight check');
    const { cache, venue: truth } = await converge(setup.node, audit);
    expect(cache).toEqual(truth);
    const atVenue = await audit.queryOrder({
      instrumentId: moved.instrumentId,
      clientOrderId: moved.clientOrderId,
    });
    expect(truth.orders[moved.clientOrderId.value]?.price).toBe(px(bid, -200));
    expect(atVenue?.price?.eq(moved.price!)).toBe(true);
    expect(setup.errors()).toEqual([]);
  });
});
