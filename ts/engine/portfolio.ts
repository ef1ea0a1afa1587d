/**
 * `Portfolio`: balances, PnL and exposure, read from the cache the engines keep up to date.
 *
 * It holds no state of its own: balances are the accounts' (the ExecutionEngine applies every
 * `AccountState` to them), positions and prices are the cache's. So an answer is always that of
 * the cache at the moment it is asked, exactly (Money on `bigint`), and a portfolio built after a
 * restart answers the same as before it.
 *
 * # Definitions
 * - Realized PnL of an instrument: the sum of `realizedPnl` over its positions held by the cache,
 *   including earlier cycles of reopened NETTING ids (positions purged from the cache drop out).
 *   In the settlement currency, net of settlement-currency commissions (see `Position`).
 * - Unrealized PnL: the sum of `unrealizedPnl(price)` over its open positions, each valued at the
 *   price it would close at: the mark price with `useMarkPrices`, else the bid of the last quote
 *   for a long, the ask for a short, else the last trade, else (with `barUpdates`) the close of
 *   the newest bar of the instrument. `null` when an open position has no price: unknown, never
 *   zero.
 * - Net exposure: the signed notional of the open positions at those prices (long positive,
 *   short negative), in the notional currency; `null` when a price is missing.
 * - Net position: the sum of the open positions' signed quantities.
 * Per venue, each figure is one Money per currency (a Map by currency code, in the order the
 * instruments were first added to the cache).
 */
import { Decimal } from 'decimal.js';

import type { Cache } from '../cache/index.js';
import { PortfolioConfig, type PortfolioConfigInput } from '../config/index.js';
import type { Account, AccountBalance } from '../model/accounts/index.js';
import type { InstrumentId, Venue } from '../model/identifiers/index.js';
import type { Instrument } from '../model/instruments/index.js';
import type { Position } from '../model/positions/index.js';
import { type Currency, Money, type Price } from '../model/values/index.js';

export interface PortfolioOptions {
  readonly cache: Cache;
  readonly config?: PortfolioConfigInput;
}

type PerCurrency = ReadonlyMap<string, Money>;

function addTo(map: Map<string, Money>, m: Money): void {
  const prev = map.get(m.currency.code);
  map.set(m.currency.code, prev === undefined ? m : prev.add(m));
}

export class Portfolio {
  readonly config: PortfolioConfig;
  readonly #cache: Cache;

  constructor(options: PortfolioOptions) {
    this.config = PortfolioConfig.parse(options.config ?? {});
    this.#cache = options.cache;
  }

  // ---- accounts -------------------------------------------------------------------------------

  account(venue: Venue): Account | null {
    return this.#cache.accountForVenue(venue);
  }
  /** Every balance of the venue's account (none without an account). */
  balances(venue: Venue): AccountBalance[] {
    return this.account(venue)?.balances() ?? [];
  }
  balanceTotal(venue: Venue, currency: Currency): Money | null {
    return this.account(venue)?.balanceTotal(currency) ?? null;
  }
  balanceFree(venue: Venue, currency: Currency): Money | null {
    return this.account(venue)?.balanceFree(currency) ?? null;
  }
  balanceLocked(venue: Venue, currency: Currency): Money | null {
    return this.account(venue)?.balanceLocked(currency) ?? null;
  }

  // ---- prices ---------------------------------------------------------------------------------

  /** The price an open position is valued at (see the module doc), or `null`. */
  priceFor(position: Position): Price | null {
    const id = position.instrumentId;
    if (this.config.useMarkPrices) {
      const mark = this.#cache.markPrice(id);
      if (mark !== null) return mark;
    }
    return (
      this.#cache.price(id, position.isLong ? 'BID' : 'ASK') ??
      this.#cache.price(id, 'LAST') ??
      (this.config.barUpdates ? (this.#cache.lastBar(id)?.close ?? null) : null)
    );
  }

  // ---- per instrument -------------------------------------------------------------------------

  #instrument(id: InstrumentId): Instrument | null {
    return this.#cache.instrument(id);
  }

  /** Realized PnL of an instrument (zero in its settlement currency when it has no positions). */
  realizedPnl(instrumentId: InstrumentId): Money | null {
    const instrument = this.#instrument(instrumentId);
    if (instrument === null) return null;
    let sum = Money.zero(instrument.settlementCurrency);
    for (const p of this.#cache.positions({ instrumentId })) {
      for (const s of this.#cache.positionSnapshots(p.id)) sum = sum.add(s.realizedPnl);
      sum = sum.add(p.realizedPnl);
    }
    return sum;
  }

  /** Unrealized PnL of an instrument's open positions; `null` when a price is missing. */
  unrealizedPnl(instrumentId: InstrumentId): Money | null {
    const instrument = this.#instrument(instrumentId);
    if (instrument === null) return null;
    let sum = Money.zero(instrument.settlementCurrency);
    for (const p of this.#cache.positionsOpen({ instrumentId })) {
      const px = this.priceFor(p);
      if (px === null) return null;
      sum = sum.add(p.unrealizedPnl(px));
    }
    return sum;
  }

  /** Realized plus unrealized; `null` when the unrealized part is unknown. */
  totalPnl(instrumentId: InstrumentId): Money | null {
    const r = this.realizedPnl(instrumentId);
    const u = this.unrealizedPnl(instrumentId);
    return r === null || u === null ? null : r.add(u);
  }

  /** Signed notional of the open positions (long positive); `null` when a price is missing. */
  netExposure(instrumentId: InstrumentId): Money | null {
    const instrument = this.#instrument(instrumentId);
    if (instrument === null) return null;
    let sum = Money.zero(instrument.notionalCurrency);
    for (const p of this.#cache.positionsOpen({ instrumentId })) {
      const px = this.priceFor(p);
      if (px === null) return null;
      const n = instrument.notional(p.quantity, px);
      sum = p.isShort ? sum.sub(n) : sum.add(n);
    }
    return sum;
  }

  /** Sum of the open positions' signed quantities. */
  netPosition(instrumentId: InstrumentId): Decimal {
    let sum = new Decimal(0);
    for (const p of this.#cache.positionsOpen({ instrumentId })) sum = sum.plus(p.signedQty);
    return sum;
  }

  isNetLong(instrumentId: InstrumentId): boolean {
    return this.netPosition(instrumentId).gt(0);
  }
  isNetShort(instrumentId: InstrumentId): boolean {
    return this.netPosition(instrumentId).lt(0);
  }
  /** No open position on the instrument. */
  isFlat(instrumentId: InstrumentId): boolean {
    return this.#cache.positionsOpenCount({ instrumentId }) === 0;
  }
  /** No open position at all. */
  isCompletelyFlat(): boolean {
    return this.#cache.positionsOpenCount() === 0;
  }

  // ---- per venue ------------------------------------------------------------------------------

  #perVenue(venue: Venue, f: (id: InstrumentId) => Money | null): PerCurrency | null {
    const out = new Map<string, Money>();
    for (const i of this.#cache.instruments(venue)) {
      if (this.#cache.positionsTotalCount({ instrumentId: i.id }) === 0) continue;
      const m = f(i.id);
      if (m === null) return null;
      addTo(out, m);
    }
    return out;
  }

  /** Realized PnL per currency over the venue's instruments. */
  realizedPnls(venue: Venue): PerCurrency {
    return this.#perVenue(venue, (id) => this.realizedPnl(id)) ?? new Map();
  }
  /** Unrealized PnL per currency; `null` when a price is missing. */
  unrealizedPnls(venue: Venue): PerCurrency | null {
    return this.#perVenue(venue, (id) => this.unrealizedPnl(id));
  }
  /** Net exposure per currency; `null` when a price is missing. */
  netExposures(venue: Venue): PerCurrency | null {
    return this.#perVenue(venue, (id) => this.netExposure(id));
  }
}
