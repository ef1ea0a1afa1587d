/**
 * Account payloads -> balances (and margins): spot `GET /api/v3/account` (`free`/`locked` per
 * asset), futures `GET /fapi/v2|v3/balance` and `GET /fapi/v2|v3/account`.
 *
 * # Futures balances
 * `total` is the wallet balance; `free` the available balance; `locked` the difference, never
 * below zero (the available balance can exceed the wallet balance by unrealised profit, and a
 * balance with a negative locked part is refused by the model). Margins per position come from
 * the account's `positions` (`initialMargin`, `maintMargin`) in the margin asset.
 */
import {
  type AccountBalance,
  accountBalance,
  type MarginBalance,
  marginBalance,
} from '../../../model/accounts/index.js';
import { type Currency, Money } from '../../../model/values/index.js';
import type { ReportContext } from './common.js';
import { assetCurrency, Fields } from './fields.js';
import { build } from './orders.js';

/** Balances and margins of one account snapshot. */
export interface BinanceAccountSnapshot {
  readonly type: 'BinanceAccountSnapshot';
  readonly balances: readonly AccountBalance[];
  readonly margins: readonly MarginBalance[];
  readonly tsEvent: bigint;
}

function currencyOf(f: Fields, name: string): Currency {
  return assetCurrency(f.str(name), f.kind, f.p(name));
}

/** total/free given: locked = max(0, total - free). */
export function balanceFromTotalFree(f: Fields, total: Money, free: Money): AccountBalance {
  const diff = total.sub(free);
  const locked = diff.raw < 0n ? Money.zero(total.currency) : diff;
  return build(f, `balance ${total.currency.code}`, () => accountBalance(total, locked));
}

/** Spot `GET /api/v3/account`. */
export function parseSpotAccount(json: unknown, tsInit: bigint): BinanceAccountSnapshot {
  const root = Fields.of('spot account', json);
  const balances = root.objs('balances').map((b) => {
    const c = currencyOf(b, 'asset');
    const free = b.money('free', c);
    const locked = b.money('locked', c);
    return build(b, `balance ${c.code}`, () => accountBalance(free.add(locked), locked));
  });
  const ts = root.has('updateTime') ? root.msNs('updateTime') : tsInit;
  return { type: 'BinanceAccountSnapshot', balances, margins: [], tsEvent: ts === 0n ? tsInit : ts };
}

/** Futures `GET /fapi/v2|v3/balance`. */
export function parseFuturesBalances(json: unknown, tsInit: bigint): BinanceAccountSnapshot {
  const balances = Fields.list('futures balance', json).map((b) => {
    const c = currencyOf(b, 'asset');
    return balanceFromTotalFree(b, b.money('balance', c), b.money('availableBalance', c));
  });
  return { type: 'BinanceAccountSnapshot', balances, margins: [], tsEvent: tsInit };
}

/** Futures `GET /fapi/v2|v3/account`: balances of `assets`, margins of open `positions`. */
export function parseFuturesAccount(json: unknown, ctx: ReportContext): BinanceAccountSnapshot {
  const root = Fields.of('futures account', json);
  const balances = root.objs('assets').map((a) => {
    const c = currencyOf(a, 'asset');
    return balanceFromTotalFree(a, a.money('walletBalance', c), a.money('availableBalance', c));
  });
  // Margins are in the account's margin asset: the first asset listed (USDT for USD-M).
  const marginCurrency = balances[0]?.total.currency ?? null;
  const margins: MarginBalance[] = [];
  if (root.has('positions') && marginCurrency !== null) {
    for (const p of root.objs('positions')) {
      const initial = p.money('initialMargin', marginCurrency);
      const maint = p.money('maintMargin', marginCurrency);
      if (initial.isZero() && maint.isZero()) continue;
      const id = ctx.symbols.instrumentId(p.str('symbol'));
      margins.push(build(p, `margin ${id}`, () => marginBalance(id, initial, maint)));
    }
  }
  const ts = root.has('updateTime') ? root.msNs('updateTime') : 0n;
  return { type: 'BinanceAccountSnapshot', balances, margins, tsEvent: ts === 0n ? ctx.tsInit : ts };
}
