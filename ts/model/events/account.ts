import type { AccountBalance, MarginBalance } from '../accounts/balance.js';
import type { AccountType } from '../enums.js';
import type { AccountId } from '../identifiers/index.js';
import type { Currency } from '../values/index.js';

/** A snapshot of an account's balances and margins, from the venue or computed locally. */
export interface AccountState {
  readonly type: 'AccountState';
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  /** The single currency of a single-currency account; `null` for multi-currency. */
  readonly baseCurrency: Currency | null;
  /** One entry per currency. */
  readonly balances: readonly AccountBalance[];
  /** One entry per instrument (margin accounts). */
  readonly margins: readonly MarginBalance[];
  /** Reported by the venue (true) or calculated by Kairos (false). */
  readonly isReported: boolean;
  readonly eventId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

/** Builds an `AccountState`; `eventId` defaults to a fresh UUID v4, `margins` to none. */
export function accountState(p: {
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  readonly baseCurrency?: Currency | null;
  readonly balances: readonly AccountBalance[];
  readonly margins?: readonly MarginBalance[];
  readonly isReported: boolean;
  readonly eventId?: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}): AccountState {
  return {
    type: 'AccountState',
    accountId: p.accountId,
    accountType: p.accountType,
    baseCurrency: p.baseCurrency ?? null,
    balances: p.balances,
    margins: p.margins ?? [],
    isReported: p.isReported,
    eventId: p.eventId ?? crypto.randomUUID(),
    tsEvent: p.tsEvent,
    tsInit: p.tsInit,
  };
}
