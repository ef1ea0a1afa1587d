import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { InstrumentId } from '../../ts/model/identifiers/index.js';
import type { Order } from '../../ts/model/orders/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import { ContingentOrderManager, OrderFactory } from '../../ts/trading/index.js';
import { FakeVenue, STRATEGY, TRADER } from './fake-venue.js';

const BTC = InstrumentId.from('BTCUSDT.BINANCE');
const q = (v: string) => Quantity.from(v);
const px = (v: string) => Price.from(v);

/** A venue, a factory and a manager wired the way a strategy wires them. */
function setup(opts: { sync?: boolean } = {}) {
  const venue = new FakeVenue();
  venue.sync = opts.sync === true;
  const factory = new OrderFactory({ traderId: TRADER, strategyId: STRATEGY, clock: venue.clock });
  const manager = new ContingentOrderManager({ orders: venue.cache, actions: venue });
  venue.onEvent((e) => manager.handleEvent(e));
  return { venue, factory, manager };
}

function bracket(
  s: ReturnType<typeof setup>,
  over: { contingencyType?: 'OUO' | 'OCO'; entryType?: 'MARKET' | 'LIMIT'; quantity?: string } = {},
) {
  const b = s.factory.bracket({
    instrumentId: BTC,
    side: 'BUY',
    quantity: q(over.quantity ?? '10'),
    ...(over.entryType === 'LIMIT' ? { entryType: 'LIMIT' as const, entryPrice: px('100') } : {}),
    takeProfitPrice: px('110'),
    stopLossTriggerPrice: px('90'),
    ...(over.contingencyType === undefined ? {} : { contingencyType: over.contingencyType }),
  });
  s.venue.add(...b.orders);
  // The strategy submits the entry only; the exits are held for the manager to release.
  s.venue.open(b.entry);
  return b;
}

/** An OUO or OCO pair of SELL LIMIT orders built by hand, linked to each other, both open. */
function pair(s: ReturnType<typeof setup>, contingency: 'OUO' | 'OCO', quantity = '10') {
  const orderListId = s.factory.nextOrderListId();
  const aId = s.factory.nextClientOrderId();
  const bId = s.factory.nextClientOrderId();
  const common = {
    instrumentId: BTC,
    side: 'SELL' as const,
    quantity: q(quantity),
    contingencyType: contingency,
    orderListId,
  };
  const a = s.factory.limit({ ...common, clientOrderId: aId, price: px('110'), linkedOrderIds: [bId] });
  const b = s.factory.limit({ ...common, clientOrderId: bId, price: px('111'), linkedOrderIds: [aId] });
  s.factory.createList([a, b]);
  s.venue.add(a, b);
  s.venue.open(a, b);
  return { a, b };
}

const state = (o: Order) =>
  `${o.status} ${o.quantity.toDecimal().toString()} filled ${o.filledQty.toDecimal().toString()}`;

describe('OTO: children held until the parent fills', () => {
  it('no child is submitted while the entry is only accepted', () => {
    const s = setup();
    const b = bracket(s);
    expect(b.entry.status).toBe('ACCEPTED');
    expect(b.takeProfit.status).toBe('INITIALIZED');
    expect(b.stopLoss.status).toBe('INITIALIZED');
    expect(s.venue.actions).toEqual([]);
  });

  it('a full fill of the entry releases both exits at their quantity', () => {
    const s = setup();
    const b = bracket(s);
    s.venue.fill(b.entry, '10');
    s.venue.run();
    expect(s.venue.actions).toEqual([
      `submit ${b.takeProfit.clientOrderId}`,
      `submit ${b.stopLoss.clientOrderId}`,
    ]);
    expect(state(b.takeProfit)).toBe('ACCEPTED 10 filled 0');
    expect(state(b.stopLoss)).toBe('ACCEPTED 10 filled 0');
  });

  it('the first partial fill releases the exits sized to the filled quantity; later fills grow them', () => {
    const s = setup();
    const b = bracket(s, { entryType: 'LIMIT' });
    s.venue.fill(b.entry, '4');
    s.venue.run();
    const tp = b.takeProfit.clientOrderId;
    const sl = b.stopLoss.clientOrderId;
    expect(s.venue.actions).toEqual([`modify ${tp} 4`, `modify ${sl} 4`, `submit ${tp}`, `submit ${sl}`]);
    expect(state(b.takeProfit)).toBe('ACCEPTED 4 filled 0');
    expect(state(b.stopLoss)).toBe('ACCEPTED 4 filled 0');
    s.venue.actions.length = 0;
    s.venue.fill(b.entry, '2.5');
    s.venue.run();
    expect(s.venue.actions).toEqual([`modify ${tp} 6.5`, `modify ${sl} 6.5`]);
    s.venue.fill(b.entry, '3.5');
    s.venue.run();
    expect(state(b.takeProfit)).toBe('ACCEPTED 10 filled 0');
    expect(state(b.stopLoss)).toBe('ACCEPTED 10 filled 0');
    expect(s.venue.late).toEqual([]);
  });

  it('growth keeps the OUO leaves equal when an exit already traded', () => {
    const s = setup();
    const b = bracket(s, { entryType: 'LIMIT' });
    s.venue.fill(b.entry, '4');
    s.venue.run();
    s.venue.fill(b.takeProfit, '1');
    s.venue.run();
    expect(state(b.stopLoss)).toBe('ACCEPTED 3 filled 0'); // OUO: reduced by the 1 filled
    s.venue.fill(b.entry, '6');
    s.venue.run();
    // Position 10, exits filled 1: each exit may still trade 9.
    expect(state(b.takeProfit)).toBe('PARTIALLY_FILLED 10 filled 1');
    expect(state(b.stopLoss)).toBe('ACCEPTED 9 filled 0');
  });

  it.each(['cancel', 'expire'] as const)(
    'the entry closed by %s with nothing filled cancels the held exits',
    (how) => {
      const s = setup();
      const b = bracket(s, { entryType: 'LIMIT' });
      if (how === 'cancel') s.venue.cancelAtVenue(b.entry);
      else s.venue.expire(b.entry);
      s.venue.run();
      expect(b.takeProfit.status).toBe('CANCELED');
      expect(b.stopLoss.status).toBe('CANCELED');
      expect(s.venue.actions).toEqual([
        `cancel ${b.takeProfit.clientOrderId}`,
        `cancel ${b.stopLoss.clientOrderId}`,
      ]);
    },
  );

  it('a rejected entry cancels the held exits', () => {
    const s = setup();
    const b = s.factory.bracket({
      instrumentId: BTC,
      side: 'BUY',
      quantity: q('10'),
      takeProfitPrice: px('110'),
      stopLossTriggerPrice: px('90'),
    });
    s.venue.add(...b.orders);
    s.venue.reject(b.entry);
    s.venue.run();
    expect(b.entry.status).toBe('REJECTED');
    expect(b.takeProfit.status).toBe('CANCELED');
    expect(b.stopLoss.status).toBe('CANCELED');
  });

  it('the entry canceled after a partial fill leaves the exits protecting the filled part', () => {
    const s = setup();
    const b = bracket(s, { entryType: 'LIMIT' });
    s.venue.fill(b.entry, '3');
    s.venue.cancelAtVenue(b.entry);
    s.venue.run();
    expect(b.entry.status).toBe('CANCELED');
    expect(state(b.takeProfit)).toBe('ACCEPTED 3 filled 0');
    expect(state(b.stopLoss)).toBe('ACCEPTED 3 filled 0');
  });

  it('an exit that fills everything filled so far ends the bracket: the rest of the entry is canceled', () => {
    const s = setup();
    const b = bracket(s, { entryType: 'LIMIT' });
    s.venue.fill(b.entry, '4');
    s.venue.run();
    s.venue.actions.length = 0;
    s.venue.fill(b.stopLoss, '4');
    s.venue.run();
    expect(s.venue.actions).toEqual([
      `cancel ${b.takeProfit.clientOrderId}`,
      `cancel ${b.entry.clientOrderId}`,
    ]);
    expect(state(b.entry)).toBe('CANCELED 10 filled 4');
    expect(b.takeProfit.status).toBe('CANCELED');
  });

  it('an entry whose exits were canceled without trading keeps working', () => {
    const s = setup();
    const b = bracket(s, { entryType: 'LIMIT' });
    s.venue.fill(b.entry, '4');
    s.venue.run();
    s.venue.cancelAtVenue(b.stopLoss);
    s.venue.run();
    expect(b.takeProfit.status).toBe('CANCELED');
    expect(b.entry.status).toBe('PARTIALLY_FILLED');
  });

  it('evaluate() on start-up releases the exits of an entry that filled while no manager ran', () => {
    const venue = new FakeVenue();
    const factory = new OrderFactory({ traderId: TRADER, strategyId: STRATEGY, clock: venue.clock });
    const b = factory.bracket({
      instrumentId: BTC,
      side: 'BUY',
      quantity: q('2'),
      takeProfitPrice: px('110'),
      stopLossTriggerPrice: px('90'),
    });
    venue.add(...b.orders);
    venue.open(b.entry);
    venue.fill(b.entry, '2');
    venue.run();
    expect(b.takeProfit.status).toBe('INITIALIZED');
    const manager = new ContingentOrderManager({ orders: venue.cache, actions: venue });
    venue.onEvent((e) => manager.handleEvent(e));
    manager.evaluate(b.entry);
    venue.run();
    expect(b.takeProfit.status).toBe('ACCEPTED');
    expect(b.stopLoss.status).toBe('ACCEPTED');
  });
});

describe('OCO', () => {
  function openOco() {
    const s = setup();
    const b = bracket(s, { contingencyType: 'OCO' });
    s.venue.fill(b.entry, '10');
    s.venue.run();
    s.venue.actions.length = 0;
    return { s, b };
  }

  it('a full fill of the take-profit cancels the stop-loss', () => {
    const { s, b } = openOco();
    s.venue.fill(b.takeProfit, '10');
    s.venue.run();
    expect(s.venue.actions).toEqual([`cancel ${b.stopLoss.clientOrderId}`]);
    expect(b.stopLoss.status).toBe('CANCELED');
  });

  it('a partial fill of one cancels the other at once (it must not trade too)', () => {
    const { s, b } = openOco();
    s.venue.fill(b.stopLoss, '4');
    s.venue.run();
    expect(s.venue.actions).toEqual([`cancel ${b.takeProfit.clientOrderId}`]);
    expect(b.takeProfit.status).toBe('CANCELED');
    expect(state(b.stopLoss)).toBe('PARTIALLY_FILLED 10 filled 4');
    // The rest of the stop-loss fills: nothing more to do.
    s.venue.fill(b.stopLoss, '6');
    s.venue.run();
    expect(s.venue.actions).toHaveLength(1);
    expect(s.venue.late).toEqual([]);
  });

  it.each(['cancel', 'expire'] as const)('%s of one cancels the other', (how) => {
    const { s, b } = openOco();
    if (how === 'cancel') s.venue.cancelAtVenue(b.takeProfit);
    else s.venue.expire(b.takeProfit);
    s.venue.run();
    expect(s.venue.actions).toEqual([`cancel ${b.stopLoss.clientOrderId}`]);
    expect(b.stopLoss.status).toBe('CANCELED');
  });
});

describe('OUO', () => {
  function openOuo(sync = false) {
    const s = setup({ sync });
    const b = bracket(s);
    s.venue.fill(b.entry, '10');
    s.venue.run();
    s.venue.actions.length = 0;
    return { s, b };
  }

  it('a partial fill reduces the other to the remaining leaves, exactly', () => {
    const { s, b } = openOuo();
    s.venue.fill(b.takeProfit, '3');
    s.venue.run();
    expect(s.venue.actions).toEqual([`modify ${b.stopLoss.clientOrderId} 7`]);
    expect(state(b.stopLoss)).toBe('ACCEPTED 7 filled 0');
    s.venue.fill(b.stopLoss, '2.25');
    s.venue.run();
    // Take-profit: filled 3, its leaves 7 -> 4.75, so its quantity becomes 7.75.
    expect(s.venue.actions[1]).toBe(`modify ${b.takeProfit.clientOrderId} 7.75`);
    expect(state(b.takeProfit)).toBe('PARTIALLY_FILLED 7.75 filled 3');
    expect(b.takeProfit.leavesQty.eq(b.stopLoss.leavesQty)).toBe(true);
    expect(b.stopLoss.leavesQty.toString()).toBe('4.75');
  });

  it('a full fill of one cancels the other', () => {
    const { s, b } = openOuo();
    s.venue.fill(b.takeProfit, '4');
    s.venue.fill(b.takeProfit, '6');
    s.venue.run();
    expect(b.takeProfit.status).toBe('FILLED');
    expect(b.stopLoss.status).toBe('CANCELED');
    expect(s.venue.late).toEqual([]);
  });

  it('a cancel of one cancels the other', () => {
    const { s, b } = openOuo();
    s.venue.cancelAtVenue(b.stopLoss);
    s.venue.run();
    expect(s.venue.actions).toEqual([`cancel ${b.takeProfit.clientOrderId}`]);
    expect(b.takeProfit.status).toBe('CANCELED');
  });

  it('works the same with an owner that answers re-entrantly from inside each action', () => {
    const { s, b } = openOuo(true);
    s.venue.fill(b.takeProfit, '3');
    expect(state(b.stopLoss)).toBe('ACCEPTED 7 filled 0');
    s.venue.fill(b.stopLoss, '7');
    expect(b.takeProfit.status).toBe('CANCELED');
    expect(s.venue.late).toEqual([]);
  });

  it('a standalone OUO pair built by hand behaves the same', () => {
    const s = setup();
    const { a, b } = pair(s, 'OUO', '5');
    s.venue.fill(a, '2');
    s.venue.run();
    expect(state(b)).toBe('ACCEPTED 3 filled 0');
    s.venue.fill(b, '3');
    s.venue.run();
    expect(state(b)).toBe('FILLED 3 filled 3');
    expect(state(a)).toBe('CANCELED 5 filled 2');
    expect(s.venue.late).toEqual([]);
  });
});

describe('OCO built by hand', () => {
  it('a fill of one cancels the other; an expiry of an untraded one cancels the other', () => {
    const s = setup();
    const first = pair(s, 'OCO');
    s.venue.fill(first.b, '1');
    s.venue.run();
    expect(first.a.status).toBe('CANCELED');
    expect(first.b.status).toBe('PARTIALLY_FILLED');
    const second = pair(s, 'OCO');
    s.venue.expire(second.a);
    s.venue.run();
    expect(second.b.status).toBe('CANCELED');
  });
});

describe('idempotence', () => {
  it('a duplicated fill delivery causes no second action', () => {
    const s = setup();
    const b = bracket(s);
    s.venue.fill(b.entry, '10');
    s.venue.run();
    s.venue.actions.length = 0;
    s.venue.fill(b.takeProfit, '3');
    s.venue.run();
    const fill = [...s.venue.events].reverse().find((e) => e.type === 'OrderFilled');
    expect(fill).toBeDefined();
    s.venue.redeliver(fill!);
    s.venue.redeliver(fill!);
    s.venue.run();
    expect(s.venue.actions).toEqual([`modify ${b.stopLoss.clientOrderId} 7`]);
  });

  it('a duplicated entry fill does not release the exits twice', () => {
    const s = setup();
    const b = bracket(s);
    s.venue.fill(b.entry, '10');
    s.venue.run();
    const fill = s.venue.events.find((e) => e.type === 'OrderFilled');
    s.venue.redeliver(fill!);
    s.venue.run();
    expect(s.venue.actions.filter((a) => a.startsWith('submit'))).toHaveLength(2);
    expect(s.venue.late).toEqual([]);
  });

  it('while a cancel is in flight, more events of the group ask for no second cancel', () => {
    const s = setup();
    const b = bracket(s, { contingencyType: 'OCO' });
    s.venue.fill(b.entry, '10');
    s.venue.run();
    s.venue.actions.length = 0;
    s.venue.fill(b.takeProfit, '2');
    s.venue.fill(b.takeProfit, '3'); // both fills are handled before the cancel is answered
    s.venue.run();
    expect(s.venue.actions).toEqual([`cancel ${b.stopLoss.clientOrderId}`]);
  });

  it('no action on a sibling already closed', () => {
    const s = setup();
    const b = bracket(s);
    s.venue.fill(b.entry, '10');
    s.venue.run();
    s.venue.cancelAtVenue(b.stopLoss);
    s.venue.run();
    s.venue.actions.length = 0;
    // The take-profit was canceled by the OUO rule; a late duplicate of the stop-loss cancel changes nothing.
    const canceled = s.venue.events.find((e) => e.type === 'OrderCanceled');
    s.venue.redeliver(canceled!);
    s.venue.run();
    expect(s.venue.actions).toEqual([]);
    expect(s.venue.late).toEqual([]);
  });

  it('a rejected cancel is asked again on the next event of the group, not on its own rejection', () => {
    const s = setup();
    const b = bracket(s, { contingencyType: 'OCO' });
    s.venue.fill(b.entry, '10');
    s.venue.run();
    s.venue.actions.length = 0;
    s.venue.rejectCancels = 1;
    s.venue.fill(b.takeProfit, '2');
    s.venue.run();
    expect(s.venue.actions).toEqual([`cancel ${b.stopLoss.clientOrderId}`]);
    expect(b.stopLoss.status).toBe('ACCEPTED');
    s.venue.fill(b.takeProfit, '1');
    s.venue.run();
    expect(s.venue.actions).toEqual([
      `cancel ${b.stopLoss.clientOrderId}`,
      `cancel ${b.stopLoss.clientOrderId}`,
    ]);
    expect(b.stopLoss.status).toBe('CANCELED');
  });

  it('a rejected modify is asked again on the next fill with the new target', () => {
    const s = setup();
    const b = bracket(s);
    s.venue.fill(b.entry, '10');
    s.venue.run();
    s.venue.actions.length = 0;
    s.venue.rejectModifies = 1;
    s.venue.fill(b.takeProfit, '2');
    s.venue.run();
    expect(state(b.stopLoss)).toBe('ACCEPTED 10 filled 0');
    s.venue.fill(b.takeProfit, '1');
    s.venue.run();
    expect(s.venue.actions).toEqual([
      `modify ${b.stopLoss.clientOrderId} 8`,
      `modify ${b.stopLoss.clientOrderId} 7`,
    ]);
    expect(state(b.stopLoss)).toBe('ACCEPTED 7 filled 0');
  });

  it('events of orders without contingency, or unknown orders, cause nothing', () => {
    const s = setup();
    const o = s.factory.limit({ instrumentId: BTC, side: 'BUY', quantity: q('1'), price: px('1') });
    s.venue.add(o);
    s.venue.open(o);
    s.venue.fill(o, '1');
    s.venue.run();
    expect(s.venue.actions).toEqual([]);
    const other = s.factory.limit({ instrumentId: BTC, side: 'BUY', quantity: q('1'), price: px('1') });
    const fill = s.venue.events.at(-1)!;
    expect(() => s.manager.handleEvent({ ...fill, clientOrderId: other.clientOrderId })).not.toThrow();
  });
});

describe('property: OUO fills never exceed the quantity', () => {
  it('random fill sequences on an OUO bracket pair: total filled <= quantity, leaves stay equal', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.record({ tp: fc.boolean(), part: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 30 }),
        fc.boolean(),
        (units, fills, sync) => {
          const s = setup({ sync });
          const quantity = Quantity.fromRaw(BigInt(units) * 10n ** 14n, 2); // units / 100
          const b = s.factory.bracket({
            instrumentId: BTC,
            side: 'SELL',
            quantity,
            takeProfitPrice: px('90'),
            stopLossTriggerPrice: px('110'),
          });
          s.venue.add(...b.orders);
          s.venue.open(b.entry);
          s.venue.fill(b.entry, quantity);
          s.venue.run();
          for (const f of fills) {
            const o = f.tp ? b.takeProfit : b.stopLoss;
            if (o.isClosed || o.status === 'PENDING_CANCEL') continue;
            // A venue fills at most the order's leaves; pick a share of them (at least 0.01).
            const leaves = o.leavesQty.raw;
            const raw = ((leaves * BigInt(f.part)) / 1000n / 10n ** 14n) * 10n ** 14n;
            const lastQty = Quantity.fromRaw(raw === 0n ? leaves : raw, 2);
            s.venue.fill(o, lastQty);
            s.venue.run();
            const total = b.takeProfit.filledQty.raw + b.stopLoss.filledQty.raw;
            expect(total <= quantity.raw).toBe(true);
            if (!b.takeProfit.isClosed && !b.stopLoss.isClosed) {
              expect(b.takeProfit.leavesQty.raw).toBe(b.stopLoss.leavesQty.raw);
              expect(b.takeProfit.leavesQty.raw).toBe(quantity.raw - total);
            }
          }
          const total = b.takeProfit.filledQty.raw + b.stopLoss.filledQty.raw;
          if (total === quantity.raw) {
            expect(b.takeProfit.isClosed && b.stopLoss.isClosed).toBe(true);
          }
          expect(s.venue.late).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('property: brackets under interleaved entry and exit fills', () => {
  const step = fc.record({
    which: fc.constantFrom('entry', 'tp', 'sl'),
    part: fc.integer({ min: 1, max: 1000 }),
  });

  /** A fill of a share (`part`/1000, at least 0.01) of the order's leaves. */
  function share(o: Order, part: number): Quantity {
    const leaves = o.leavesQty.raw;
    const raw = ((leaves * BigInt(part)) / 1000n / 10n ** 14n) * 10n ** 14n;
    return Quantity.fromRaw(raw === 0n ? leaves : raw, 2);
  }

  it.each(['OUO', 'OCO'] as const)(
    '%s: exits never trade more than the entry filled; OUO leaves track it; OCO lets one exit trade',
    (contingencyType) => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 1000 }),
          fc.array(step, { maxLength: 40 }),
          fc.boolean(),
          (units, steps, sync) => {
            const s = setup({ sync });
            const quantity = Quantity.fromRaw(BigInt(units) * 10n ** 14n, 2);
            const b = s.factory.bracket({
              instrumentId: BTC,
              side: 'BUY',
              quantity,
              entryType: 'LIMIT',
              entryPrice: px('100'),
              takeProfitPrice: px('110'),
              stopLossTriggerPrice: px('90'),
              contingencyType,
            });
            s.venue.add(...b.orders);
            s.venue.open(b.entry);
            const orders = { entry: b.entry, tp: b.takeProfit, sl: b.stopLoss };
            for (const st of steps) {
              const o = orders[st.which];
              // A venue fills only what it holds and is still working.
              if (o.isClosed || o.status === 'INITIALIZED' || o.status === 'PENDING_CANCEL') continue;
              s.venue.fill(o, share(o, st.part));
              s.venue.run();
              const entryFilled = b.entry.filledQty.raw;
              const exitFilled = b.takeProfit.filledQty.raw + b.stopLoss.filledQty.raw;
              expect(exitFilled <= entryFilled).toBe(true);
              if (contingencyType === 'OCO') {
                expect(b.takeProfit.filledQty.isZero() || b.stopLoss.filledQty.isZero()).toBe(true);
              }
              // Protection: what the entry filled beyond what the exits closed has a working exit.
              if (entryFilled > exitFilled) {
                expect(b.takeProfit.isClosed && b.stopLoss.isClosed).toBe(false);
              }
              for (const x of [b.takeProfit, b.stopLoss]) {
                if (entryFilled > 0n) expect(x.status).not.toBe('INITIALIZED');
                if (!x.isClosed && contingencyType === 'OUO') {
                  expect(x.leavesQty.raw).toBe(entryFilled - exitFilled);
                }
              }
            }
            expect(s.venue.late).toEqual([]);
          },
        ),
        { numRuns: 200 },
      );
    },
  );
});
