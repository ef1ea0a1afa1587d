import { describe, expect, it } from 'vitest';

import type { CacheError } from '../../ts/cache/index.js';
import { PositionId, Venue } from '../../ts/model/identifiers/index.js';
import { Position } from '../../ts/model/positions/index.js';
import { BTC_BIN, BTC_BYB, Desk, ETH_BIN, ids, instrumentOf, pids, S1, S2 } from './fixtures.js';

const P = (v: string) => PositionId.from(v);

describe('position indexes', () => {
  it('open, change and close move a position between the open and closed sets', () => {
    const d = new Desk();
    const buy = d.open(d.order({ side: 'BUY', qty: '2.000' }));
    d.fill(buy, '1.000', 'P-1');
    const cache = d.cache;
    expect(pids(cache.positionsOpen())).toEqual(['P-1']);
    expect(cache.isPositionOpen(P('P-1'))).toBe(true);
    expect(cache.positionsClosed()).toEqual([]);
    d.fill(buy, '1.000', 'P-1');
    expect(cache.position(P('P-1'))?.quantity.toString()).toBe('2.000');
    expect(cache.counts().positionFills).toBe(2);

    const sell = d.open(d.order({ side: 'SELL', qty: '2.000' }));
    d.fill(sell, '2.000', 'P-1');
    expect(cache.positionsOpen()).toEqual([]);
    expect(pids(cache.positionsClosed())).toEqual(['P-1']);
    expect(cache.isPositionClosed(P('P-1'))).toBe(true);
    expect(cache.isPositionOpen(P('P-1'))).toBe(false);
    expect(cache.positionsClosedCount()).toBe(1);
    expect(ids(cache.ordersForPosition(P('P-1')))).toEqual(['O-1', 'O-2']);
    expect(cache.positionForOrder(sell.clientOrderId)?.id.value).toBe('P-1');
    expect(cache.strategyIdForPosition(P('P-1'))?.value).toBe('MM-001');
  });

  it('filter by venue, instrument, strategy and side now', () => {
    const d = new Desk();
    d.fill(d.open(d.order({ strategyId: S1, instrumentId: BTC_BIN.id, side: 'BUY' })), '1.000', 'P-A');
    d.fill(d.open(d.order({ strategyId: S1, instrumentId: ETH_BIN.id, side: 'SELL' })), '1.000', 'P-B');
    d.fill(d.open(d.order({ strategyId: S2, instrumentId: BTC_BYB.id, side: 'BUY' })), '1.000', 'P-C');
    const c = d.cache;
    expect(pids(c.positions())).toEqual(['P-A', 'P-B', 'P-C']);
    expect(pids(c.positionsOpen({ strategyId: S1 }))).toEqual(['P-A', 'P-B']);
    expect(pids(c.positionsOpen({ venue: Venue.from('BYBIT') }))).toEqual(['P-C']);
    expect(pids(c.positionsOpen({ instrumentId: ETH_BIN.id }))).toEqual(['P-B']);
    expect(pids(c.positionsOpen({ side: 'LONG' }))).toEqual(['P-A', 'P-C']);
    expect(pids(c.positionsOpen({ side: 'SHORT', venue: Venue.from('BINANCE') }))).toEqual(['P-B']);
    expect(c.positionsOpenCount({ strategyId: S2 })).toBe(1);
    expect(c.positionsTotalCount({ venue: Venue.from('KRAKEN') })).toBe(0);
    // Closing P-A turns its side FLAT and moves it to closed.
    d.fill(d.open(d.order({ strategyId: S1, instrumentId: BTC_BIN.id, side: 'SELL' })), '1.000', 'P-A');
    expect(pids(c.positionsOpen({ side: 'LONG' }))).toEqual(['P-C']);
    expect(pids(c.positionsClosed({ side: 'FLAT' }))).toEqual(['P-A']);
  });

  it('a NETTING id reopened after a close keeps the closed cycle as a snapshot', () => {
    const d = new Desk();
    d.fill(d.open(d.order({ side: 'BUY' })), '1.000', 'BTC-NET');
    d.fill(d.open(d.order({ side: 'SELL' })), '1.000', 'BTC-NET');
    const first = d.cache.position(P('BTC-NET'))!;
    expect(first.isClosed).toBe(true);
    d.fill(d.open(d.order({ side: 'SELL' })), '1.000', 'BTC-NET');
    const second = d.cache.position(P('BTC-NET'))!;
    expect(second).not.toBe(first);
    expect(second.isShort).toBe(true);
    expect(d.cache.positionSnapshots(P('BTC-NET'))).toEqual([first]);
    expect(pids(d.cache.positionsOpen())).toEqual(['BTC-NET']);
    expect(d.cache.positionsClosed()).toEqual([]);
    expect(d.cache.counts()).toMatchObject({ positions: 1, positionSnapshots: 1, positionFills: 1 });
    expect(ids(d.cache.ordersForPosition(P('BTC-NET')))).toEqual(['O-1', 'O-2', 'O-3']);
  });

  it('an update with a new object for a closed id is a reopen (the closed cycle is kept)', () => {
    const d = new Desk();
    d.fill(d.open(d.order({ side: 'BUY' })), '1.000', 'NET');
    d.fill(d.open(d.order({ side: 'SELL' })), '1.000', 'NET');
    const closed = d.cache.position(P('NET'))!;
    const f = d.fillEvent(d.open(d.order({ side: 'BUY' })), '2.000', P('NET'));
    const reopened = Position.open(instrumentOf(BTC_BIN.id), f, P('NET'));
    d.cache.updatePosition(reopened);
    expect(d.cache.position(P('NET'))).toBe(reopened);
    expect(d.cache.positionSnapshots(P('NET'))).toEqual([closed]);
    expect(pids(d.cache.positionsOpen())).toEqual(['NET']);
  });

  it('refuses adding a second open position under an id, and updating an unknown one', () => {
    const d = new Desk();
    const o = d.open(d.order());
    d.fill(o, '1.000', 'P-1');
    const f = d.fillEvent(d.open(d.order()), '1.000');
    const other = Position.open(instrumentOf(BTC_BIN.id), f, P('P-1'));
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as CacheError).code;
      }
      return undefined;
    };
    expect(code(() => d.cache.addPosition(other))).toBe('CACHE_DUPLICATE_POSITION');
    const stranger = Position.open(instrumentOf(BTC_BIN.id), f, P('P-2'));
    expect(code(() => d.cache.updatePosition(stranger))).toBe('CACHE_POSITION_NOT_FOUND');
    expect(d.cache.counts().positions).toBe(1);
  });
});
