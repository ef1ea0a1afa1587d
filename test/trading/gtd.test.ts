import { describe, expect, it } from 'vitest';

import { TestClock } from '../../ts/common/clock/index.js';
import { orderPendingCancel } from '../../ts/model/events/index.js';
import { InstrumentId, StrategyId } from '../../ts/model/identifiers/index.js';
import type { Order } from '../../ts/model/orders/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import { GtdExpiryManager, OrderFactory } from '../../ts/trading/index.js';
import { FakeVenue, STRATEGY, TRADER } from './fake-venue.js';

const BTC = InstrumentId.from('BTCUSDT.BINANCE');
const SEC = 1_000_000_000n;
const T0 = 1_000n * SEC;

function setup(venue = new FakeVenue(new TestClock({ startNs: T0 })), retryDelayNs = 2n * SEC) {
  const factory = new OrderFactory({ traderId: TRADER, strategyId: STRATEGY, clock: venue.clock });
  const gtd = new GtdExpiryManager({
    clock: venue.clock,
    orders: venue.cache,
    actions: venue,
    strategyId: STRATEGY,
    retryDelayNs,
  });
  venue.onEvent((e) => gtd.handleEvent(e));
  return { venue, factory, gtd };
}

function gtdLimit(f: OrderFactory, expireTimeNs: bigint): Order {
  return f.limit({
    instrumentId: BTC,
    side: 'BUY',
    quantity: Quantity.from('1'),
    price: Price.from('100'),
    timeInForce: 'GTD',
    expireTimeNs,
  });
}

describe('GtdExpiryManager', () => {
  it('sets an alert named by the client order id at the expiry when the order is submitted', () => {
    const { venue, factory } = setup();
    const o = gtdLimit(factory, T0 + 60n * SEC);
    venue.add(o);
    venue.open(o);
    const name = `GTD-EXPIRY:${o.clientOrderId}`;
    expect(GtdExpiryManager.timerName(o.clientOrderId)).toBe(name);
    expect(venue.clock.timerNames).toEqual([name]);
    expect(venue.clock.nextTimeNs(name)).toBe(T0 + 60n * SEC);
  });

  it('cancels the order at expiry, then drops the alert and the order', () => {
    const { venue, factory, gtd } = setup();
    const o = gtdLimit(factory, T0 + 60n * SEC);
    venue.add(o);
    venue.open(o);
    venue.clock.advanceTime(T0 + 59n * SEC);
    venue.run();
    expect(o.status).toBe('ACCEPTED');
    venue.clock.advanceTime(T0 + 60n * SEC);
    expect(venue.actions).toEqual([`cancel ${o.clientOrderId}`]);
    venue.run();
    expect(o.status).toBe('CANCELED');
    expect(venue.clock.timerCount).toBe(0);
    expect(gtd.tracked).toEqual([]);
  });

  it('re-arms after the retry delay when the expiry cancel is rejected, and retries', () => {
    const { venue, factory } = setup();
    const o = gtdLimit(factory, T0 + 60n * SEC);
    venue.add(o);
    venue.open(o);
    venue.rejectCancels = 2;
    venue.clock.advanceTime(T0 + 60n * SEC);
    venue.run();
    expect(o.status).toBe('ACCEPTED');
    const name = GtdExpiryManager.timerName(o.clientOrderId);
    expect(venue.clock.nextTimeNs(name)).toBe(T0 + 62n * SEC);
    venue.clock.advanceTime(T0 + 62n * SEC);
    venue.run();
    expect(venue.clock.nextTimeNs(name)).toBe(T0 + 64n * SEC);
    venue.clock.advanceTime(T0 + 64n * SEC);
    venue.run();
    expect(o.status).toBe('CANCELED');
    expect(venue.actions).toEqual([1, 2, 3].map(() => `cancel ${o.clientOrderId}`));
    expect(venue.clock.timerCount).toBe(0);
  });

  it('re-arms the same way when the owner answers from inside the alert callback', () => {
    const { venue, factory } = setup();
    venue.sync = true;
    const o = gtdLimit(factory, T0 + 60n * SEC);
    venue.add(o);
    venue.open(o);
    venue.rejectCancels = 1;
    venue.clock.advanceTime(T0 + 61n * SEC);
    expect(o.status).toBe('ACCEPTED');
    expect(venue.clock.nextTimeNs(GtdExpiryManager.timerName(o.clientOrderId))).toBe(T0 + 62n * SEC);
    venue.clock.advanceTime(T0 + 62n * SEC);
    expect(o.status).toBe('CANCELED');
    expect(venue.clock.timerCount).toBe(0);
  });

  it('a cancel rejected before the expiry (not ours) leaves the alert as it was', () => {
    const { venue, factory } = setup();
    const o = gtdLimit(factory, T0 + 60n * SEC);
    venue.add(o);
    venue.open(o);
    venue.rejectCancels = 1;
    venue.cancelOrder(o); // the user's own cancel
    venue.run();
    expect(venue.clock.nextTimeNs(GtdExpiryManager.timerName(o.clientOrderId))).toBe(T0 + 60n * SEC);
    expect(venue.clock.timerCount).toBe(1);
  });

  it('drops the alert when the order fills before its expiry', () => {
    const { venue, factory, gtd } = setup();
    const o = gtdLimit(factory, T0 + 60n * SEC);
    venue.add(o);
    venue.open(o);
    venue.fill(o, '1');
    venue.run();
    expect(venue.clock.timerCount).toBe(0);
    expect(gtd.tracked).toEqual([]);
    venue.clock.advanceTime(T0 + 120n * SEC);
    expect(venue.actions).toEqual([]);
  });

  it('does not cancel again when a cancel is already in flight at expiry', () => {
    const { venue, factory } = setup();
    const o = gtdLimit(factory, T0 + 60n * SEC);
    venue.add(o);
    venue.open(o);
    // A cancel sent and not yet answered: PENDING_CANCEL.
    venue.emit(
      orderPendingCancel({
        traderId: o.traderId,
        strategyId: o.strategyId,
        instrumentId: o.instrumentId,
        clientOrderId: o.clientOrderId,
        tsEvent: T0,
        tsInit: T0,
      }),
    );
    venue.clock.advanceTime(T0 + 60n * SEC);
    expect(venue.actions).toEqual([]);
  });

  it('ignores orders that are not GTD', () => {
    const { venue, factory, gtd } = setup();
    const o = factory.limit({
      instrumentId: BTC,
      side: 'BUY',
      quantity: Quantity.from('1'),
      price: Price.from('1'),
    });
    venue.add(o);
    venue.open(o);
    expect(gtd.track(o)).toBe(false);
    expect(venue.clock.timerCount).toBe(0);
  });

  it('tracks once however often it is told (track on submit, then the events)', () => {
    const { venue, factory, gtd } = setup();
    const o = gtdLimit(factory, T0 + 60n * SEC);
    venue.add(o);
    expect(gtd.track(o)).toBe(true);
    venue.open(o);
    expect(gtd.track(o)).toBe(false);
    expect(venue.clock.timerCount).toBe(1);
  });

  it('start() after a restart: alerts for open GTD orders, orders past expiry canceled at once', () => {
    const clock = new TestClock({ startNs: T0 });
    const before = new FakeVenue(clock);
    const factory = new OrderFactory({ traderId: TRADER, strategyId: STRATEGY, clock });
    const future = gtdLimit(factory, T0 + 300n * SEC);
    const past = gtdLimit(factory, T0 + 30n * SEC);
    const closed = gtdLimit(factory, T0 + 30n * SEC);
    const foreign = new OrderFactory({ traderId: TRADER, strategyId: StrategyId.from('S-999'), clock });
    const other = gtdLimit(foreign, T0 + 30n * SEC);
    before.add(future, past, closed, other);
    before.open(future, past, closed, other);
    before.cancelOrder(closed);
    before.run();
    // The node was down while time passed; a new manager starts on the cache.
    clock.setTime(T0 + 100n * SEC);
    const { venue, gtd } = setup(before);
    venue.actions.length = 0;
    gtd.start();
    expect(venue.actions).toEqual([`cancel ${past.clientOrderId}`]);
    expect(venue.clock.timerNames).toEqual([GtdExpiryManager.timerName(future.clientOrderId)]);
    venue.run();
    expect(past.status).toBe('CANCELED');
    expect(other.status).toBe('ACCEPTED');
    expect(gtd.tracked.map((id) => id.value)).toEqual([future.clientOrderId.value]);
  });

  it('stop() cancels every alert', () => {
    const { venue, factory, gtd } = setup();
    const a = gtdLimit(factory, T0 + 60n * SEC);
    const b = gtdLimit(factory, T0 + 90n * SEC);
    venue.add(a, b);
    venue.open(a, b);
    expect(venue.clock.timerCount).toBe(2);
    gtd.stop();
    expect(venue.clock.timerCount).toBe(0);
    venue.clock.advanceTime(T0 + 100n * SEC);
    expect(venue.actions).toEqual([]);
  });

  it('refuses a retry delay that is not a positive bigint', () => {
    const venue = new FakeVenue();
    expect(
      () =>
        new GtdExpiryManager({
          clock: venue.clock,
          orders: venue.cache,
          actions: venue,
          strategyId: STRATEGY,
          retryDelayNs: 0n,
        }),
    ).toThrow(/retryDelayNs/);
  });
});
