/**
 * Accounts: balances per currency, moved by `AccountState` events, and (margin accounts) the
 * margin held per instrument.
 *
 * # Rules
 * - An `AccountState` replaces the balances of the currencies it lists (others are kept) and,
 *   on a margin account, the margins of the instruments it lists. It must be for this account
 *   and of this account type (`EVENT_MISMATCH`); each balance must add up
 *   (`total = locked + free`, `INVALID_BALANCE`); a single-currency account takes only its base
 *   currency (`CURRENCY_MISMATCH`).
 * - Cash account: no borrowing. A state with a negative total or a negative free balance is
 *   refused (`NEGATIVE_BALANCE`), even when the venue reported it: it cannot be true of a cash
 *   account, so it is a defect upstream. Locking funds for open orders
 *   (`updateBalanceLocked`) that would make free negative is refused (`INSUFFICIENT_BALANCE`).
 * - Margin account: a venue-reported state is accepted as-is (free may be negative: losses can
 *   exceed the balance before liquidation). Margins set locally (`updateMargin`) lock
 *   `initial + maintenance` per currency and are refused when free would go negative
 *   (`MARGIN_EXCEEDED`).
 * Every refusal changes nothing.
 */
import { Decimal } from 'decimal.js';

import type { AccountType } from '../enums.js';
import { KairosError } from '../errors.js';
import type { AccountState } from '../events/account.js';
import { accountState } from '../events/account.js';
import type { AccountId, InstrumentId } from '../identifiers/index.js';
import { rawAtPrecision, toFraction } from '../instruments/exact.js';
import type { Instrument } from '../instruments/kinds.js';
import { type Currency, Money, type Price, type Quantity } from '../values/index.js';
import { type AccountBalance, accountBalance, type MarginBalance } from './balance.js';

function accountError(code: string, id: AccountId, message: string): KairosError {
  return new KairosError(code, `account ${id}: ${message}`, { accountId: id.value });
}

/** What every account kind has. */
export abstract class Account {
  readonly id: AccountId;
  abstract readonly type: AccountType;
  /** The one currency of a single-currency account; `null` for multi-currency. */
  readonly baseCurrency: Currency | null;
  protected readonly balancesByCode = new Map<string, AccountBalance>();
  readonly #events: AccountState[] = [];

  protected constructor(first: AccountState) {
    this.id = first.accountId;
    this.baseCurrency = first.baseCurrency;
  }

  /** Applies a state (see the module doc for the rules). A refused state changes nothing. */
  apply(state: AccountState): void {
    if (!state.accountId.eq(this.id)) {
      throw accountError('EVENT_MISMATCH', this.id, `state is for account ${state.accountId}`);
    }
    if (state.accountType !== this.type) {
      throw accountError(
        'EVENT_MISMATCH',
        this.id,
        `state is for a ${state.accountType} account, this is ${this.type}`,
      );
    }
    for (const b of state.balances) {
      // Re-check: states may come from anywhere (a parser, a database).
      accountBalance(b.total, b.locked, b.free);
      if (this.baseCurrency !== null && b.total.currency !== this.baseCurrency) {
        throw accountError(
          'CURRENCY_MISMATCH',
          this.id,
          `balance in ${b.total.currency.code} on a single-currency ${this.baseCurrency.code} account`,
        );
      }
    }
    this.checkState(state);
    for (const b of state.balances) this.balancesByCode.set(b.total.currency.code, b);
    this.applyMargins(state);
    this.#events.push(state);
  }

  /** Kind-specific checks before a state is applied. */
  protected abstract checkState(state: AccountState): void;
  /** Kind-specific margin handling of an applied state. */
  protected abstract applyMargins(state: AccountState): void;

  /** The balance in `currency` (the base currency when omitted), or `null`. */
  balance(currency?: Currency): AccountBalance | null {
    const c = currency ?? this.baseCurrency;
    if (c === null) return null;
    return this.balancesByCode.get(c.code) ?? null;
  }
  balanceTotal(currency?: Currency): Money | null {
    return this.balance(currency)?.total ?? null;
  }
  balanceFree(currency?: Currency): Money | null {
    return this.balance(currency)?.free ?? null;
  }
  balanceLocked(currency?: Currency): Money | null {
    return this.balance(currency)?.locked ?? null;
  }
  /** Every balance, in the order currencies first appeared. */
  balances(): AccountBalance[] {
    return [...this.balancesByCode.values()];
  }
  /** Every state applied, in order. */
  get events(): readonly AccountState[] {
    return this.#events;
  }
  get lastEvent(): AccountState {
    return this.#events[this.#events.length - 1]!;
  }
  get isCashAccount(): boolean {
    return this.type === 'CASH';
  }
  get isMarginAccount(): boolean {
    return this.type === 'MARGIN';
  }

  /** Margins now (none on a cash account). */
  abstract margins(): MarginBalance[];

  /** The account's state now, as a calculated (not reported) `AccountState`. */
  toState(tsEvent: bigint, tsInit: bigint, eventId?: string): AccountState {
    return accountState({
      accountId: this.id,
      accountType: this.type,
      baseCurrency: this.baseCurrency,
      balances: this.balances(),
      margins: this.margins(),
      isReported: false,
      ...(eventId === undefined ? {} : { eventId }),
      tsEvent,
      tsInit,
    });
  }

  /** Sets `locked` of one currency to `lockedRaw` over its current total; checks free. */
  protected relock(currency: Currency, lockedRaw: bigint, code: string): void {
    const current = this.balancesByCode.get(currency.code);
    if (current === undefined) {
      throw accountError(
        code,
        this.id,
        `no ${currency.code} balance to lock ${Money.fromRaw(lockedRaw, currency)} against`,
      );
    }
    const locked = Money.fromRaw(lockedRaw, currency);
    if (locked.gt(current.total)) {
      throw accountError(code, this.id, `locking ${locked} exceeds the total ${current.total}`);
    }
    this.balancesByCode.set(currency.code, accountBalance(current.total, locked));
  }
}

/** A cash account: no borrowing; funds locked per instrument for open orders. */
export class CashAccount extends Account {
  readonly type = 'CASH' as const;
  readonly #lockedByInstrument = new Map<string, Money>();

  private constructor(first: AccountState) {
    super(first);
  }

  /** An account from its first state. */
  static create(first: AccountState): CashAccount {
    const a = new CashAccount(first);
    a.apply(first);
    return a;
  }

  protected checkState(state: AccountState): void {
    for (const b of state.balances) {
      if (b.total.raw < 0n || b.free.raw < 0n) {
        throw accountError(
          'NEGATIVE_BALANCE',
          this.id,
          `cash balance must not be negative: total ${b.total}, free ${b.free}`,
        );
      }
    }
  }

  protected applyMargins(_state: AccountState): void {}

  margins(): MarginBalance[] {
    return [];
  }

  /**
   * Locks `locked` for the open orders of one instrument (replacing its previous lock); the
   * currency's locked balance is the sum over instruments. Refused (`INSUFFICIENT_BALANCE`) when
   * free would go negative.
   */
  updateBalanceLocked(instrumentId: InstrumentId, locked: Money): void {
    if (locked.raw < 0n)
      throw accountError('INVALID_BALANCE', this.id, `locked must not be negative, was ${locked}`);
    const previous = this.#lockedByInstrument.get(instrumentId.value);
    let sum = locked.raw;
    for (const [id, m] of this.#lockedByInstrument) {
      if (id !== instrumentId.value && m.currency === locked.currency) sum += m.raw;
    }
    this.relock(locked.currency, sum, 'INSUFFICIENT_BALANCE');
    this.#lockedByInstrument.set(instrumentId.value, locked);
    // A lock that moved to another currency frees the old one.
    if (previous !== undefined && previous.currency !== locked.currency) this.#recompute(previous.currency);
  }

  /** Releases the lock of one instrument. */
  clearBalanceLocked(instrumentId: InstrumentId): void {
    const previous = this.#lockedByInstrument.get(instrumentId.value);
    if (previous === undefined) return;
    this.#lockedByInstrument.delete(instrumentId.value);
    this.#recompute(previous.currency);
  }

  #recompute(currency: Currency): void {
    let sum = 0n;
    for (const m of this.#lockedByInstrument.values()) if (m.currency === currency) sum += m.raw;
    this.relock(currency, sum, 'INSUFFICIENT_BALANCE');
  }
}

/** A margin account: margin per instrument, leverage per instrument (default 1). */
export class MarginAccount extends Account {
  readonly type = 'MARGIN' as const;
  readonly #margins = new Map<string, MarginBalance>();
  readonly #leverages = new Map<string, Decimal>();
  #defaultLeverage = new Decimal(1);

  private constructor(first: AccountState) {
    super(first);
  }

  /** An account from its first state. */
  static create(first: AccountState): MarginAccount {
    const a = new MarginAccount(first);
    a.apply(first);
    return a;
  }

  protected checkState(_state: AccountState): void {}

  protected applyMargins(state: AccountState): void {
    for (const m of state.margins) this.#margins.set(m.instrumentId.value, m);
  }

  margins(): MarginBalance[] {
    return [...this.#margins.values()];
  }

  margin(instrumentId: InstrumentId): MarginBalance | null {
    return this.#margins.get(instrumentId.value) ?? null;
  }

  /** Leverage of an instrument (the default unless set). */
  leverage(instrumentId: InstrumentId): Decimal {
    return this.#leverages.get(instrumentId.value) ?? this.#defaultLeverage;
  }

  setDefaultLeverage(leverage: Decimal | string | number): void {
    this.#defaultLeverage = this.#checkLeverage(leverage);
  }

  setLeverage(instrumentId: InstrumentId, leverage: Decimal | string | number): void {
    this.#leverages.set(instrumentId.value, this.#checkLeverage(leverage));
  }

  #checkLeverage(leverage: Decimal | string | number): Decimal {
    const d = new Decimal(leverage);
    if (!d.isFinite() || d.lte(0))
      throw accountError('INVALID_LEVERAGE', this.id, `leverage must be positive, was ${d}`);
    return d;
  }

  /**
   * Sets the margin of one instrument and locks `initial + maintenance` of all margins in that
   * currency; refused (`MARGIN_EXCEEDED`) when free would go negative.
   */
  updateMargin(margin: MarginBalance): void {
    const currency = margin.initial.currency;
    let sum = margin.initial.raw + margin.maintenance.raw;
    for (const [id, m] of this.#margins) {
      if (id !== margin.instrumentId.value && m.initial.currency === currency)
        sum += m.initial.raw + m.maintenance.raw;
    }
    this.relock(currency, sum, 'MARGIN_EXCEEDED');
    this.#margins.set(margin.instrumentId.value, margin);
  }

  /** Removes the margin of one instrument and unlocks it. */
  clearMargin(instrumentId: InstrumentId): void {
    const m = this.#margins.get(instrumentId.value);
    if (m === undefined) return;
    this.#margins.delete(instrumentId.value);
    const currency = m.initial.currency;
    let sum = 0n;
    for (const x of this.#margins.values())
      if (x.initial.currency === currency) sum += x.initial.raw + x.maintenance.raw;
    this.relock(currency, sum, 'MARGIN_EXCEEDED');
  }

  /** Initial margin of a position or order: notional * marginInit / leverage, half-even. */
  calculateMarginInit(instrument: Instrument, qty: Quantity, price: Price): Money {
    return this.#marginOf(instrument, qty, price, instrument.marginInit);
  }

  /** Maintenance margin: notional * marginMaint / leverage, half-even. */
  calculateMarginMaint(instrument: Instrument, qty: Quantity, price: Price): Money {
    return this.#marginOf(instrument, qty, price, instrument.marginMaint);
  }

  #marginOf(instrument: Instrument, qty: Quantity, price: Price, rate: Decimal): Money {
    const notional = instrument.notional(qty, price);
    const [rn, rd] = toFraction('margin rate', rate);
    const [ln, ld] = toFraction('leverage', this.leverage(instrument.id));
    const cur = notional.currency;
    // notional.raw / 10^16 * rn/rd / (ln/ld)
    const raw = rawAtPrecision(notional.raw * rn * ld, 10n ** 16n * rd * ln, cur.precision);
    return Money.fromRaw(raw, cur);
  }
}
