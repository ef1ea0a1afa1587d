import { describe, expect, it } from 'vitest';

import { Cache, type CacheError } from '../../ts/cache/index.js';
import { OrderedIndex } from '../../ts/cache/ordered-index.js';
import { CashAccount } from '../../ts/model/accounts/index.js';
import { AccountId, Venue } from '../../ts/model/identifiers/index.js';
import { Currency } from '../../ts/model/values/index.js';
import { BTC_BIN, BTC_BYB, Desk, ETH_BIN, INSTRUMENTS, MIN } from './fixtures.js';

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as CacheError).code;
  }
  return undefined;
}

describe('instruments and currencies', () => {
  it('are kept in the order first added, by venue on request; a re-add replaces in place', () => {
    const c = new Cache();
    for (const i of INSTRUMENTS) c.addInstrument(i);
    c.addInstrument(BTC_BIN);
    expect(c.instruments().map((i) => i.id.value)).toEqual([
      'BTCUSDT.BINANCE',
      'ETHUSDT.BINANCE',
      'BTCUSDT.BYBIT',
    ]);
    expect(c.instrumentIds(Venue.from('BINANCE')).map((i) => i.value)).toEqual([
      'BTCUSDT.BINANCE',
      'ETHUSDT.BINANCE',
    ]);
    expect(c.instrument(BTC_BYB.id)).toBe(BTC_BYB);
    expect(c.instruments(Venue.from('KRAKEN'))).toEqual([]);
    c.addCurrency(Currency.from('USDT'));
    expect(c.currency('USDT')).toBe(Currency.from('USDT'));
    expect(c.currency('XYZ')).toBeNull();
    expect(c.counts()).toMatchObject({ instruments: 3, currencies: 1 });
  });
});

describe('accounts', () => {
  it('finds an account by id and by venue, and records its states', () => {
    const d = new Desk();
    const a = d.account();
    expect(d.cache.account(AccountId.from('BINANCE-001'))).toBe(a);
    expect(d.cache.accountForVenue(Venue.from('BINANCE'))).toBe(a);
    expect(d.cache.accountForVenue(Venue.from('BYBIT'))).toBeNull();
    expect(d.cache.accounts()).toEqual([a]);
    d.advance(MIN);
    a.apply(d.accountState('9000'));
    d.advance(MIN);
    a.apply(d.accountState('8000'));
    d.cache.updateAccount(a);
    d.cache.updateAccount(a); // nothing new
    expect(d.cache.accountEvents(a.id)).toEqual(a.events);
    // Adding the same object again is a no-op; another object with the same id is refused.
    d.cache.addAccount(a);
    const twin = CashAccount.create(d.accountState('1'));
    expect(code(() => d.cache.addAccount(twin))).toBe('CACHE_DUPLICATE_ACCOUNT');
    const stranger = CashAccount.create({ ...d.accountState('1'), accountId: AccountId.from('BYBIT-001') });
    expect(code(() => d.cache.updateAccount(stranger))).toBe('CACHE_ACCOUNT_NOT_FOUND');
    expect(d.cache.counts()).toMatchObject({ accounts: 1, accountEvents: 3 });
  });
});

describe('reset', () => {
  it('empties everything', () => {
    const d = new Desk();
    d.account();
    d.cache.addInstrument(ETH_BIN);
    d.fill(d.open(d.order()), '1.000', 'P-1');
    d.cache.reset();
    expect(Object.values(d.cache.counts()).every((n) => n === 0)).toBe(true);
    expect(d.cache.orders()).toEqual([]);
  });

  it('keeps currencies and instruments with dropInstrumentsOnReset false', () => {
    const cache = new Cache({ dropInstrumentsOnReset: false });
    cache.addInstrument(ETH_BIN);
    const before = cache.counts();
    cache.reset();
    expect(cache.instrument(ETH_BIN.id)).toBe(ETH_BIN);
    expect(cache.counts()).toMatchObject({ instruments: 1, currencies: before.currencies });
    const dropping = new Cache();
    dropping.addInstrument(ETH_BIN);
    dropping.reset();
    expect(dropping.instrument(ETH_BIN.id)).toBeNull();
  });
});

describe('OrderedIndex', () => {
  const e = (seq: number) => ({ seq, key: `k${seq}` });

  it('iterates by arrival whatever the order of (re-)entry, and stays sorted after one sort', () => {
    const i = new OrderedIndex<{ seq: number; key: string }>();
    for (const s of [0, 1, 2, 3]) i.add(e(s));
    i.delete('k1');
    i.add(e(1)); // re-entry behind 3
    i.add(e(1)); // no-op
    expect([...i.values()].map((x) => x.seq)).toEqual([0, 1, 2, 3]);
    i.add(e(5));
    i.delete('k0');
    i.add(e(0));
    expect([...i.values()].map((x) => x.seq)).toEqual([0, 1, 2, 3, 5]);
    expect(i.size).toBe(5);
    for (const s of [0, 1, 2, 3, 5]) i.delete(`k${s}`);
    expect(i.size).toBe(0);
    i.add(e(9));
    i.add(e(4)); // emptied: the sort memory starts again
    expect([...i.values()].map((x) => x.seq)).toEqual([4, 9]);
  });
});
