import { describe, expect, it } from 'vitest';

import {
  accountBalance,
  CashAccount,
  MarginAccount,
  marginBalance,
} from '../../../ts/model/accounts/index.js';
import type { KairosError } from '../../../ts/model/errors.js';
import { type AccountState, accountState } from '../../../ts/model/events/index.js';
import { AccountId, InstrumentId } from '../../../ts/model/identifiers/index.js';
import { CryptoPerpetual } from '../../../ts/model/instruments/index.js';
import { Currency, Money, Price, Quantity } from '../../../ts/model/values/index.js';

const ID = AccountId.from('BINANCE-001');
const USDT = Currency.from('USDT');
const BTC = Currency.from('BTC');
const BTCUSDT = InstrumentId.from('BTCUSDT.BINANCE');
const ETHUSDT = InstrumentId.from('ETHUSDT.BINANCE');
const m = (x: string, c: Currency = USDT) => Money.from(x, c);

function state(
  type: 'CASH' | 'MARGIN',
  balances: AccountState['balances'],
  over: Partial<AccountState> = {},
): AccountState {
  return {
    ...accountState({
      accountId: ID,
      accountType: type,
      balances,
      isReported: true,
      tsEvent: 1n,
      tsInit: 1n,
    }),
    ...over,
  };
}

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as KairosError).code;
  }
  return undefined;
}

describe('balances', () => {
  it('free is total - locked, and a given free must add up', () => {
    expect(accountBalance(m('100'), m('30')).free.toString()).toBe('70.00000000 USDT');
    expect(code(() => accountBalance(m('100'), m('30'), m('71')))).toBe('INVALID_BALANCE');
    expect(code(() => accountBalance(m('100'), m('1', BTC)))).toBe('INVALID_BALANCE');
    expect(code(() => accountBalance(m('100'), m('-1')))).toBe('INVALID_BALANCE');
  });
});

describe('CashAccount', () => {
  it('holds a balance per currency and replaces only the currencies a state lists', () => {
    const a = CashAccount.create(
      state('CASH', [accountBalance(m('1000'), m('0')), accountBalance(m('2', BTC), m('0', BTC))]),
    );
    a.apply(state('CASH', [accountBalance(m('900'), m('100'))]));
    expect(a.balanceTotal(USDT)?.toString()).toBe('900.00000000 USDT');
    expect(a.balanceFree(USDT)?.toString()).toBe('800.00000000 USDT');
    expect(a.balanceTotal(BTC)?.toString()).toBe('2.00000000 BTC');
    expect(a.events.length).toBe(2);
    expect(a.isCashAccount).toBe(true);
  });

  it('refuses a state with a negative total or free, and changes nothing', () => {
    const a = CashAccount.create(state('CASH', [accountBalance(m('1000'), m('0'))]));
    expect(code(() => a.apply(state('CASH', [accountBalance(m('-1'), m('0'))])))).toBe('NEGATIVE_BALANCE');
    expect(code(() => a.apply(state('CASH', [accountBalance(m('10'), m('20'))])))).toBe('NEGATIVE_BALANCE');
    expect(a.balanceTotal(USDT)?.toString()).toBe('1000.00000000 USDT');
    expect(a.events.length).toBe(1);
  });

  it('locks funds per instrument, sums them per currency, and refuses to lock more than is free', () => {
    const a = CashAccount.create(state('CASH', [accountBalance(m('1000'), m('0'))]));
    a.updateBalanceLocked(BTCUSDT, m('600'));
    a.updateBalanceLocked(ETHUSDT, m('300'));
    expect(a.balanceLocked(USDT)?.toString()).toBe('900.00000000 USDT');
    expect(a.balanceFree(USDT)?.toString()).toBe('100.00000000 USDT');
    expect(code(() => a.updateBalanceLocked(ETHUSDT, m('401')))).toBe('INSUFFICIENT_BALANCE');
    expect(a.balanceFree(USDT)?.toString()).toBe('100.00000000 USDT');
    a.updateBalanceLocked(BTCUSDT, m('100'));
    expect(a.balanceFree(USDT)?.toString()).toBe('600.00000000 USDT');
    a.clearBalanceLocked(ETHUSDT);
    expect(a.balanceLocked(USDT)?.toString()).toBe('100.00000000 USDT');
  });

  it('refuses a state for another account or of another type', () => {
    const a = CashAccount.create(state('CASH', [accountBalance(m('1'), m('0'))]));
    expect(code(() => a.apply(state('CASH', [], { accountId: AccountId.from('OTHER-001') })))).toBe(
      'EVENT_MISMATCH',
    );
    expect(code(() => a.apply(state('MARGIN', [])))).toBe('EVENT_MISMATCH');
  });

  it('a single-currency account takes only its base currency', () => {
    const a = CashAccount.create(state('CASH', [accountBalance(m('1'), m('0'))], { baseCurrency: USDT }));
    expect(a.balance()?.total.toString()).toBe('1.00000000 USDT');
    expect(
      code(() => a.apply(state('CASH', [accountBalance(m('1', BTC), m('0', BTC))], { baseCurrency: USDT }))),
    ).toBe('CURRENCY_MISMATCH');
  });

  it('snapshots its state as a calculated AccountState', () => {
    const a = CashAccount.create(state('CASH', [accountBalance(m('1000'), m('0'))]));
    a.updateBalanceLocked(BTCUSDT, m('10'));
    const s = a.toState(5n, 6n, 'e-1');
    expect(s.isReported).toBe(false);
    expect(s.eventId).toBe('e-1');
    expect(s.balances[0]?.locked.toString()).toBe('10.00000000 USDT');
  });
});

describe('MarginAccount', () => {
  const perp = CryptoPerpetual.create({
    id: 'BTCUSDT-PERP.BINANCE',
    baseCurrency: 'BTC',
    quoteCurrency: 'USDT',
    pricePrecision: 2,
    priceIncrement: '0.01',
    sizePrecision: 3,
    sizeIncrement: '0.001',
    marginInit: '0.10',
    marginMaint: '0.05',
  });

  it('accepts a reported state with negative free (losses beyond the balance)', () => {
    const a = MarginAccount.create(state('MARGIN', [accountBalance(m('100'), m('150'))]));
    expect(a.balanceFree(USDT)?.toString()).toBe('-50.00000000 USDT');
  });

  it('computes margins from notional, rate and leverage', () => {
    const a = MarginAccount.create(state('MARGIN', [accountBalance(m('10000'), m('0'))]));
    // notional 2 * 20000 = 40000; init 10% = 4000; at 10x = 400; maint 5% / 10 = 200
    a.setLeverage(perp.id, 10);
    expect(a.calculateMarginInit(perp, Quantity.from('2'), Price.from('20000')).toString()).toBe(
      '400.00000000 USDT',
    );
    expect(a.calculateMarginMaint(perp, Quantity.from('2'), Price.from('20000')).toString()).toBe(
      '200.00000000 USDT',
    );
    expect(a.leverage(BTCUSDT).toFixed()).toBe('1');
  });

  it('locks initial + maintenance per currency and refuses margin beyond the balance', () => {
    const a = MarginAccount.create(state('MARGIN', [accountBalance(m('1000'), m('0'))]));
    a.updateMargin(marginBalance(perp.id, m('400'), m('200')));
    expect(a.balanceLocked(USDT)?.toString()).toBe('600.00000000 USDT');
    expect(a.balanceFree(USDT)?.toString()).toBe('400.00000000 USDT');
    expect(code(() => a.updateMargin(marginBalance(ETHUSDT, m('300'), m('101'))))).toBe('MARGIN_EXCEEDED');
    expect(a.margins().length).toBe(1);
    a.clearMargin(perp.id);
    expect(a.balanceFree(USDT)?.toString()).toBe('1000.00000000 USDT');
  });

  it('takes margins from an applied state', () => {
    const a = MarginAccount.create(
      state('MARGIN', [accountBalance(m('1000'), m('50'))], {
        margins: [marginBalance(perp.id, m('30'), m('20'))],
      }),
    );
    expect(a.margin(perp.id)?.initial.toString()).toBe('30.00000000 USDT');
    expect(code(() => a.setLeverage(perp.id, 0))).toBe('INVALID_LEVERAGE');
  });
});
