/**
 * `SimulatedLedger`: the balances of one simulated venue account, moved by its fills, reported as
 * `AccountState`s the way a venue reports them after each fill.
 *
 * # Rules
 * | account | a fill of `qty` at `px` (notional `n`, commission `c`)                                     |
 * |---------|---------------------------------------------------------------------------------------------|
 * | CASH    | BUY: quote -= n, base += qty; SELL: quote += n, base -= qty (base only for currency pairs); every currency of `c` -= c |
 * | MARGIN  | the settlement currency moves by the realized PnL of the fill (exact, from a venue-side netting `Position` per instrument, commissions in the settlement currency included); a commission in another currency is taken from that currency |
 *
 * Margin accounts lock `initial + maintenance` margin per open instrument position: its notional at
 * the last fill price times the instrument's `marginInit` / `marginMaint` (leverage 1), rounded
 * half-even to the currency. Cash accounts lock nothing for open orders (the risk engine checks
 * free balance per order). Balances are listed in the order their currencies first appeared
 * (starting balances first), so the reported states are deterministic.
 */
import { Decimal } from 'decimal.js';
import {
  type AccountBalance,
  accountBalance,
  type MarginBalance,
  marginBalance,
} from '../model/accounts/index.js';
import type { AccountType } from '../model/enums.js';
import { type AccountState, accountState, type OrderFilled } from '../model/events/index.js';
import { type AccountId, PositionId } from '../model/identifiers/index.js';
import type { Instrument } from '../model/instruments/index.js';
import { Position, splitFill } from '../model/positions/index.js';
import { type Currency, Money } from '../model/values/index.js';

/** What a ledger starts from. */
export interface LedgerConfig {
  readonly accountId: AccountId;
  readonly accountType: AccountType;
  readonly baseCurrency: Currency | null;
  readonly startingBalances: readonly Money[];
}

function marginOf(notional: Money, rate: Decimal): Money {
  const cur = notional.currency;
  const d = notional.toDecimal().mul(rate).toDecimalPlaces(cur.precision, Decimal.ROUND_HALF_EVEN);
  return Money.from(d.toFixed(cur.precision), cur);
}

export class SimulatedLedger {
  readonly config: LedgerConfig;
  readonly #totals = new Map<string, Money>();
  readonly #positions = new Map<string, Position>();
  readonly #margins = new Map<string, MarginBalance>();
  #splits = 0;

  constructor(config: LedgerConfig) {
    this.config = config;
    this.reset();
  }

  /** Back to the starting balances. */
  reset(): void {
    this.#totals.clear();
    this.#positions.clear();
    this.#margins.clear();
    for (const m of this.config.startingBalances) this.#add(m);
  }

  /** Total balance per currency code, in order. */
  totals(): ReadonlyMap<string, Money> {
    return this.#totals;
  }

  #add(m: Money): void {
    const prev = this.#totals.get(m.currency.code);
    this.#totals.set(m.currency.code, prev === undefined ? m : prev.add(m));
  }

  /** Books one fill. */
  applyFill(instrument: Instrument, fill: OrderFilled): void {
    if (this.config.accountType === 'CASH') this.#cashFill(instrument, fill);
    else this.#marginFill(instrument, fill);
  }

  #cashFill(instrument: Instrument, fill: OrderFilled): void {
    const notional = instrument.notional(fill.lastQty, fill.lastPx);
    const buy = fill.orderSide === 'BUY';
    this.#add(buy ? notional.neg() : notional);
    if (instrument.type === 'CURRENCY_PAIR') {
      const base = Money.from(fill.lastQty.toString(), instrument.baseCurrency);
      this.#add(buy ? base : base.neg());
    }
    if (fill.commission !== null) this.#add(fill.commission.neg());
  }

  #marginFill(instrument: Instrument, fill: OrderFilled): void {
    const key = instrument.id.value;
    const pid = PositionId.from(`${key}-VENUE`);
    let pos = this.#positions.get(key);
    const settlement = instrument.settlementCurrency;
    let realized = Money.zero(settlement);
    if (pos === undefined || pos.isClosed) {
      pos = Position.open(instrument, fill, pid);
      realized = pos.realizedPnl;
    } else {
      const reducing = (pos.isLong && fill.orderSide === 'SELL') || (pos.isShort && fill.orderSide === 'BUY');
      if (reducing && fill.lastQty.raw > pos.quantity.raw) {
        this.#splits += 1;
        const [closing, opening] = splitFill(fill, pos.quantity, pid, `ledger-split-${this.#splits}`);
        const before = pos.realizedPnl;
        pos.apply(closing);
        realized = pos.realizedPnl.sub(before);
        pos = Position.open(instrument, opening, pid);
        realized = realized.add(pos.realizedPnl);
      } else {
        const before = pos.realizedPnl;
        pos.apply(fill);
        realized = pos.realizedPnl.sub(before);
      }
    }
    this.#positions.set(key, pos);
    this.#add(realized);
    const c = fill.commission;
    if (c !== null && c.currency !== settlement) this.#add(c.neg());
    if (pos.isClosed) {
      this.#margins.delete(key);
    } else {
      const notional = instrument.notional(pos.quantity, fill.lastPx);
      this.#margins.set(
        key,
        marginBalance(
          instrument.id,
          marginOf(notional, instrument.marginInit),
          marginOf(notional, instrument.marginMaint),
        ),
      );
    }
  }

  /** The balances now. */
  balances(): AccountBalance[] {
    const locked = new Map<string, Money>();
    for (const m of this.#margins.values()) {
      const code = m.initial.currency.code;
      const sum = m.initial.add(m.maintenance);
      const prev = locked.get(code);
      locked.set(code, prev === undefined ? sum : prev.add(sum));
    }
    const out: AccountBalance[] = [];
    for (const total of this.#totals.values()) {
      out.push(accountBalance(total, locked.get(total.currency.code) ?? Money.zero(total.currency)));
    }
    return out;
  }

  /** The account as the venue reports it now. */
  state(ts: bigint, eventId: string): AccountState {
    return accountState({
      accountId: this.config.accountId,
      accountType: this.config.accountType,
      baseCurrency: this.config.baseCurrency,
      balances: this.balances(),
      margins: [...this.#margins.values()],
      isReported: true,
      eventId,
      tsEvent: ts,
      tsInit: ts,
    });
  }
}
