import { describe, expect, it } from 'vitest';

import { Cache, type CacheError, type CacheState } from '../../ts/cache/index.js';
import { CashAccount } from '../../ts/model/accounts/index.js';
import { ClientId, ClientOrderId, PositionId, VenueOrderId } from '../../ts/model/identifiers/index.js';
import { Order } from '../../ts/model/orders/index.js';
import { Position } from '../../ts/model/positions/index.js';
import { Currency } from '../../ts/model/values/index.js';
import { collect, type Universe } from './answers.js';
import { BTC_BIN, BTC_BYB, Desk, ETH_BIN, INSTRUMENTS, MIN, S2 } from './fixtures.js';
import { MemoryDatabase } from './memory-database.js';

/** A cache with every kind of state, built through events with a database attached. */
function busyDesk() {
  const db = new MemoryDatabase();
  const d = new Desk(new Cache({ database: db }));
  for (const c of ['BTC', 'ETH', 'USDT']) d.cache.addCurrency(Currency.from(c));
  for (const i of INSTRUMENTS) d.cache.addInstrument(i);
  const account = d.account();
  // Orders in every status group, on every instrument and both strategies.
  const a = d.open(d.order({ side: 'BUY', qty: '3.000' }));
  d.fill(a, '1.000', 'BTC-NET');
  const b = d.submit(d.order({ strategyId: S2, instrumentId: ETH_BIN.id, side: 'SELL' }));
  const c = d.emulate(d.order({ instrumentId: BTC_BYB.id }));
  const e = d.pendingCancel(d.open(d.order({ strategyId: S2, side: 'SELL' })));
  d.advance(MIN);
  const f = d.open(d.order({ side: 'SELL', qty: '1.000' }));
  d.fill(f, '1.000', 'BTC-NET'); // closes BTC-NET
  const g = d.open(d.order({ side: 'SELL', qty: '2.000' }));
  d.fill(g, '2.000', 'BTC-NET'); // reopens BTC-NET short: a snapshot
  const h = d.open(d.order({ instrumentId: BTC_BYB.id, side: 'BUY' }));
  d.fill(h, '1.000', 'BYB-1');
  const i = d.open(d.order());
  const replacedVenueId = i.venueOrderId!;
  d.pendingUpdate(i);
  d.updated(i, '2.000', 'V-REPLACED');
  const j = d.cancel(d.open(d.order({ strategyId: S2 })));
  const k = new Desk(new Cache()).order({ id: 'EXT-1', instrumentId: ETH_BIN.id });
  d.cache.addOrder(k, { positionId: PositionId.from('ETH-HEDGE'), clientId: ClientId.from('BINANCE_SPOT') });
  account.apply(d.accountState('9000'));
  d.cache.updateAccount(account);
  const orders = [a, b, c, e, f, g, h, i, j, k];
  const universe: Universe = {
    orderIds: [...orders.map((o) => o.clientOrderId), ClientOrderId.from('NOPE')],
    venueOrderIds: [
      ...orders.flatMap((o) => (o.venueOrderId === null ? [] : [o.venueOrderId])),
      replacedVenueId,
      VenueOrderId.from('V-NONE'),
    ],
    positionIds: ['BTC-NET', 'BYB-1', 'ETH-HEDGE', 'NONE'].map((p) => PositionId.from(p)),
  };
  return { d, db, universe, account };
}

/** Rebuilds every object from its own events (what a database holds), as a restart does. */
function rebuilt(s: CacheState): CacheState {
  const position = (p: Position) => {
    const q = Position.open(p.instrument, p.fills[0]!, p.id);
    for (const f of p.fills.slice(1)) q.apply(f);
    return q;
  };
  return {
    ...s,
    accounts: s.accounts.map((a) => {
      const n = CashAccount.create(a.events[0]!);
      for (const st of a.events.slice(1)) n.apply(st);
      return n;
    }),
    orders: s.orders.map((o) => Order.fromEvents(o.events)),
    positions: s.positions.map(position),
    positionSnapshots: s.positionSnapshots.map(position),
  };
}

describe('load path', () => {
  it('a cache loaded from rebuilt objects answers every query as the one built through events', () => {
    const { d, universe } = busyDesk();
    const loaded = new Cache();
    loaded.loadFrom(rebuilt(d.cache.snapshot()));
    expect(collect(loaded, universe)).toEqual(collect(d.cache, universe));
    expect(loaded.counts()).toEqual({ ...d.cache.counts() });
    expect(loaded.positionSnapshots(PositionId.from('BTC-NET')).length).toBe(1);
    expect(loaded.clientIdForOrder(ClientOrderId.from('EXT-1'))?.value).toBe('BINANCE_SPOT');
    expect(loaded.accountEvents(d.cache.accounts()[0]!.id).length).toBe(2);
    expect(loaded.instruments().map((i) => i.id.value)).toEqual(INSTRUMENTS.map((i) => i.id.value));
    expect(loaded.currencies().map((c) => c.code)).toEqual(['BTC', 'ETH', 'USDT']);
    expect(loaded.accountForVenue(BTC_BIN.id.venue)?.id.value).toBe('BINANCE-001');
  });

  it('a restart from a database fed only through the write-through points reproduces the cache', async () => {
    const { d, db, universe } = busyDesk();
    const restarted = new Cache({ database: db });
    const callsBefore = db.calls.length;
    await restarted.loadFromDatabase();
    // Loading writes nothing back.
    expect(db.calls.slice(callsBefore)).toEqual(['loadAll']);
    expect(collect(restarted, universe)).toEqual(collect(d.cache, universe));
    expect(restarted.counts()).toEqual(d.cache.counts());
  });

  it('after purges with purgeFromDatabase, the restarted cache matches the purged one', async () => {
    const { d, db, universe } = busyDesk();
    d.advance(10n * 60n * MIN);
    const purgedOrders = d.cache.purgeClosedOrders(d.now(), 60n * MIN, true);
    expect(purgedOrders.length).toBeGreaterThan(0);
    d.cache.purgeClosedPositions(d.now(), 60n * MIN, true);
    d.cache.purgeAccountEvents(d.now(), 60n * MIN, true);
    const restarted = new Cache({ database: db });
    await restarted.loadFromDatabase();
    expect(collect(restarted, universe)).toEqual(collect(d.cache, universe));
    expect(restarted.counts()).toEqual(d.cache.counts());
  });

  it('loadFrom replaces whatever the cache held', () => {
    const { d } = busyDesk();
    d.cache.loadFrom({ orders: [] });
    expect(d.cache.counts()).toMatchObject({ orders: 0, positions: 0, accounts: 0, instruments: 0 });
  });

  it('loadFromDatabase without a database is refused', async () => {
    await expect(new Cache().loadFromDatabase()).rejects.toMatchObject({
      code: 'CACHE_NO_DATABASE',
    } satisfies Partial<CacheError>);
  });
});

describe('write-through', () => {
  it('passes each change to the database once, right after applying it', () => {
    const db = new MemoryDatabase();
    const d = new Desk(new Cache({ database: db }));
    const o = d.order();
    d.submit(o);
    d.accept(o, 'V-1');
    d.fill(o, '1.000', 'P-1');
    d.cache.updateOrder(o); // nothing new: nothing written
    expect(db.calls).toEqual([
      'addOrder O-1',
      'updateOrder O-1 OrderSubmitted',
      'updateOrder O-1 OrderAccepted',
      'indexVenueOrderId O-1 V-1',
      'updateOrder O-1 OrderFilled',
      'indexOrderPosition O-1 P-1',
      'addPosition P-1',
    ]);
    db.calls.length = 0;
    const a = d.account();
    a.apply(d.accountState('1'));
    a.apply(d.accountState('2'));
    d.cache.updateAccount(a);
    d.cache.updateAccount(a);
    d.cache.addInstrument(BTC_BIN);
    d.cache.addCurrency(Currency.from('USDT'));
    expect(db.calls).toEqual([
      'addAccount BINANCE-001',
      'updateAccount BINANCE-001 +2',
      'addInstrument BTCUSDT.BINANCE',
      'addCurrency USDT',
    ]);
  });
});
