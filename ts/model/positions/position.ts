/**
 * `Position`: the net exposure built from fills of one instrument.
 *
 * # NETTING and HEDGING
 * The position itself does not know the OMS type; the engine decides which fills reach which
 * position. Under NETTING there is one position per instrument (and strategy): every fill of the
 * instrument goes to it. Under HEDGING each position id is its own position, so a long and a short
 * of the same instrument can be open at once; fills never net across ids.
 *
 * # Side flips: the caller splits
 * A fill against the position larger than its quantity would close it and open the other side.
 * `apply` refuses such a fill (`POSITION_FLIP`); the caller splits it first with {@link splitFill}
 * into a closing part (applied here, closing the position) and an opening part (which opens a new
 * `Position`, under NETTING with the same id). Each position then has one entry side for its
 * whole life and its figures stay simple. A closed position takes no more fills
 * (`POSITION_CLOSED`).
 *
 * # Exactness
 * The average open price is kept as an exact fraction; realized PnL of each reducing fill is
 * computed from it exactly and rounded once, half-even, to the settlement currency's precision
 * (how a venue books it). `avgPxOpen`, `avgPxClose` and `realizedReturn` are shown as Decimals
 * rounded half-even at 16 decimals.
 *
 * # PnL and commissions
 * Linear: `(px - avgOpen) * qty * multiplier` (long; negated for short) in the settlement currency.
 * Inverse: `qty * multiplier * (1/avgOpen - 1/px)` (long; negated for short) in the base currency.
 * A commission in the settlement currency is subtracted from realized PnL (opening fills
 * included). Commissions in any other currency (e.g. the base currency on spot) are recorded in
 * `commissions()` only: they change neither the quantity nor the PnL; the portfolio converts them.
 */
import { Decimal } from 'decimal.js';

import type { OrderSide, PositionSide } from '../enums.js';
import { KairosError } from '../errors.js';
import type { OrderFilled } from '../events/order.js';
import type {
  PositionChanged,
  PositionClosed,
  PositionEventFields,
  PositionOpened,
} from '../events/position.js';
import type {
  AccountId,
  ClientOrderId,
  InstrumentId,
  PositionId,
  StrategyId,
  TradeId,
  TraderId,
} from '../identifiers/index.js';
import { fractionToDecimal, gcd, rawAtPrecision } from '../instruments/exact.js';
import type { Instrument } from '../instruments/kinds.js';
import { SCALE_FACTOR as S } from '../values/fixed.js';
import { type Currency, Money, type Price, Quantity } from '../values/index.js';

function positionError(code: string, position: string, message: string): KairosError {
  return new KairosError(code, `position ${position}: ${message}`, { positionId: position });
}

export class Position {
  readonly id: PositionId;
  readonly instrument: Instrument;
  readonly instrumentId: InstrumentId;
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  readonly accountId: AccountId;
  readonly openingOrderId: ClientOrderId;
  /** The side of the opening fill. */
  readonly entry: OrderSide;
  /** Realized PnL and settlement-currency commissions are in this currency. */
  readonly settlementCurrency: Currency;
  readonly tsOpened: bigint;

  #signedRaw = 0n;
  #peakRaw = 0n;
  #sizePrecision: number;
  // Average open price = #openNum / #openDen (a value, exact).
  #openNum = 0n;
  #openDen = 1n;
  // Increases not yet folded into #openNum/#openDen (see #settle): the open quantity before the
  // first of them, and their sums of px.raw * qty.raw and of qty.raw.
  #pendBase = 0n;
  #pendNotional = 0n;
  #pendQty = 0n;
  // Closing fills: sum of px.raw * qty.raw and of qty.raw.
  #closeNotional = 0n;
  #closeRaw = 0n;
  #realizedPnl: Money;
  #commissions = new Map<string, Money>();
  #tradeIds = new Set<string>();
  #fills: OrderFilled[] = [];
  #buyRaw = 0n;
  #sellRaw = 0n;
  #closingOrderId: ClientOrderId | null = null;
  #tsLast: bigint;
  #tsClosed: bigint | null = null;

  private constructor(instrument: Instrument, fill: OrderFilled, id: PositionId) {
    this.id = id;
    this.instrument = instrument;
    this.instrumentId = fill.instrumentId;
    this.traderId = fill.traderId;
    this.strategyId = fill.strategyId;
    this.accountId = fill.accountId;
    this.openingOrderId = fill.clientOrderId;
    this.entry = fill.orderSide;
    this.settlementCurrency = instrument.settlementCurrency;
    this.tsOpened = fill.tsEvent;
    this.#tsLast = fill.tsEvent;
    this.#sizePrecision = Math.max(instrument.sizePrecision, fill.lastQty.precision);
    this.#realizedPnl = Money.zero(this.settlementCurrency);
  }

  /**
   * Opens a position from its first fill. The id is the fill's `positionId` unless given.
   * Refuses a fill of another instrument.
   */
  static open(instrument: Instrument, fill: OrderFilled, positionId?: PositionId): Position {
    const id = positionId ?? fill.positionId;
    if (id === null) {
      throw new KairosError(
        'INVALID_POSITION',
        `fill ${fill.tradeId} opens a position but carries no position id`,
      );
    }
    if (!fill.instrumentId.eq(instrument.id)) {
      throw positionError(
        'EVENT_MISMATCH',
        id.value,
        `fill for ${fill.instrumentId} on instrument ${instrument.id}`,
      );
    }
    const p = new Position(instrument, fill, id);
    p.apply(fill);
    return p;
  }

  // ---- state ----------------------------------------------------------------------------------

  get side(): PositionSide {
    return this.#signedRaw > 0n ? 'LONG' : this.#signedRaw < 0n ? 'SHORT' : 'FLAT';
  }
  /** Positive long, negative short, zero flat. */
  get signedQty(): Decimal {
    return fractionToDecimal(this.#signedRaw, S);
  }
  get quantity(): Quantity {
    return Quantity.fromRaw(this.#signedRaw < 0n ? -this.#signedRaw : this.#signedRaw, this.#sizePrecision);
  }
  /** The largest quantity the position had. */
  get peakQty(): Quantity {
    return Quantity.fromRaw(this.#peakRaw, this.#sizePrecision);
  }
  get isOpen(): boolean {
    return this.#tsClosed === null;
  }
  get isClosed(): boolean {
    return this.#tsClosed !== null;
  }
  get isLong(): boolean {
    return this.#signedRaw > 0n;
  }
  get isShort(): boolean {
    return this.#signedRaw < 0n;
  }
  /** Average price of the fills that opened or increased the position. */
  get avgPxOpen(): Decimal {
    this.#settle();
    return fractionToDecimal(this.#openNum, this.#openDen);
  }
  /** Average price of the fills that reduced it; `null` before the first. */
  get avgPxClose(): Decimal | null {
    return this.#closeRaw === 0n ? null : fractionToDecimal(this.#closeNotional, this.#closeRaw * S);
  }
  /** Return of the closed part: (avgClose - avgOpen) / avgOpen, negated for a short; 0 before a close. */
  get realizedReturn(): Decimal {
    this.#settle();
    if (this.#closeRaw === 0n || this.#openNum === 0n) return new Decimal(0);
    // avgClose = cn / cd, avgOpen = n / d: (cn*d - n*cd) / (cd*n)
    const cn = this.#closeNotional;
    const cd = this.#closeRaw * S;
    const num = cn * this.#openDen - this.#openNum * cd;
    const r = fractionToDecimal(num, cd * this.#openNum);
    return this.entry === 'BUY' ? r : r.neg();
  }
  /** Realized PnL so far, net of settlement-currency commissions. */
  get realizedPnl(): Money {
    return this.#realizedPnl;
  }
  /** Commissions, one Money per currency in order of appearance. */
  commissions(): Money[] {
    return [...this.#commissions.values()];
  }
  get buyQty(): Quantity {
    return Quantity.fromRaw(this.#buyRaw, this.#sizePrecision);
  }
  get sellQty(): Quantity {
    return Quantity.fromRaw(this.#sellRaw, this.#sizePrecision);
  }
  /** The fills applied, in order. */
  get fills(): readonly OrderFilled[] {
    return this.#fills;
  }
  get lastFill(): OrderFilled {
    return this.#fills[this.#fills.length - 1]!;
  }
  /** Trade ids applied, in order. */
  get tradeIds(): TradeId[] {
    return this.#fills.map((f) => f.tradeId);
  }
  /** O(1): whether a fill with this trade id was applied. */
  hasTradeId(tradeId: TradeId): boolean {
    return this.#tradeIds.has(tradeId.value);
  }
  get closingOrderId(): ClientOrderId | null {
    return this.#closingOrderId;
  }
  get tsLast(): bigint {
    return this.#tsLast;
  }
  get tsClosed(): bigint | null {
    return this.#tsClosed;
  }
  /** Nanoseconds from open to close; 0 while open. */
  get durationNs(): bigint {
    return this.#tsClosed === null ? 0n : this.#tsClosed - this.tsOpened;
  }

  // ---- fills ----------------------------------------------------------------------------------

  /**
   * Applies a fill: checks (instrument, open, new trade id, positive quantity, no flip), then
   * updates quantity, averages, realized PnL and commissions. A refused fill changes nothing.
   */
  apply(fill: OrderFilled): void {
    const id = this.id.value;
    if (!fill.instrumentId.eq(this.instrumentId)) {
      throw positionError(
        'EVENT_MISMATCH',
        id,
        `fill ${fill.tradeId} is for ${fill.instrumentId}, not ${this.instrumentId}`,
      );
    }
    if (this.#tsClosed !== null) {
      throw positionError('POSITION_CLOSED', id, `closed, cannot take fill ${fill.tradeId}`);
    }
    if (this.#tradeIds.has(fill.tradeId.value)) {
      throw positionError('DUPLICATE_FILL', id, `fill ${fill.tradeId} was already applied`);
    }
    if (!fill.lastQty.isPositive()) {
      throw positionError('INVALID_FILL', id, `fill ${fill.tradeId} has quantity ${fill.lastQty}`);
    }
    const q = fill.lastQty.raw;
    const delta = fill.orderSide === 'BUY' ? q : -q;
    const reducing = (this.#signedRaw > 0n && delta < 0n) || (this.#signedRaw < 0n && delta > 0n);
    const abs = this.#signedRaw < 0n ? -this.#signedRaw : this.#signedRaw;
    if (reducing && q > abs) {
      throw positionError(
        'POSITION_FLIP',
        id,
        `fill ${fill.tradeId} of ${fill.lastQty} exceeds the position's ${this.quantity}: split it with splitFill first`,
      );
    }
    if (this.instrument.isInverse && fill.lastPx.raw <= 0n) {
      throw positionError(
        'INVALID_FILL',
        id,
        `inverse instrument fill ${fill.tradeId} at price ${fill.lastPx}`,
      );
    }

    // Checked: from here on nothing throws.
    const px = fill.lastPx.raw;
    if (reducing) {
      this.#realizedPnl = this.#realizedPnl.add(this.#pnl(px, q, this.#signedRaw > 0n));
      this.#closeNotional += px * q;
      this.#closeRaw += q;
    } else {
      // Increases are summed and folded into the average when it is next read (a reduction,
      // a getter): over a run of increases from A0, avg * A = avg0 * A0 + sum(px * q) / S
      // exactly, so one fold per run gives the same fraction as one per fill, at a fraction of
      // the cost once the exact denominator is large.
      if (this.#pendQty === 0n) this.#pendBase = abs;
      this.#pendNotional += px * q;
      this.#pendQty += q;
    }
    this.#signedRaw += delta;
    const after = this.#signedRaw < 0n ? -this.#signedRaw : this.#signedRaw;
    if (after > this.#peakRaw) this.#peakRaw = after;
    if (fill.lastQty.precision > this.#sizePrecision) this.#sizePrecision = fill.lastQty.precision;
    if (fill.orderSide === 'BUY') this.#buyRaw += q;
    else this.#sellRaw += q;

    if (fill.commission !== null) {
      const c = fill.commission;
      const prev = this.#commissions.get(c.currency.code);
      this.#commissions.set(c.currency.code, prev === undefined ? c : prev.add(c));
      if (c.currency === this.settlementCurrency) this.#realizedPnl = this.#realizedPnl.sub(c);
    }
    this.#tradeIds.add(fill.tradeId.value);
    this.#fills.push(fill);
    this.#tsLast = fill.tsEvent;
    if (this.#signedRaw === 0n) {
      this.#tsClosed = fill.tsEvent;
      this.#closingOrderId = fill.clientOrderId;
    }
  }

  /**
   * Folds the pending increases into the average open price:
   * avg' = (n/d * A0 + P/S) / (A0 + Q), with A0 the open quantity before them, P the sum of
   * px * q and Q the sum of q (raws).
   *
   * Kept in lowest terms without Euclid on two big numbers: after reductions the exact
   * denominator grows with increases, and a big-by-big gcd per fill made a position of 30k fills
   * take minutes. n/d is in lowest terms, so gcd(num, d) = gcd(A0*S, d); num/that is coprime with
   * what is left of d, so the rest of the common factor divides S*(A0+Q). Both gcds have one small
   * operand (one big % small each), and the result is the same fraction.
   */
  #settle(): void {
    const q = this.#pendQty;
    if (q === 0n) return;
    const a = this.#pendBase;
    const d = this.#openDen;
    const num = this.#openNum * a * S + this.#pendNotional * d;
    const m = S * (a + q);
    const g1 = gcd(a * S, d);
    const n1 = g1 > 1n ? num / g1 : num;
    const d1 = g1 > 1n ? d / g1 : d;
    const g2 = gcd(m, n1);
    this.#openNum = g2 > 1n ? n1 / g2 : n1;
    // Zero is 0/1 (a negative price can cancel the sum).
    this.#openDen = n1 === 0n ? 1n : d1 * (g2 > 1n ? m / g2 : m);
    this.#pendBase = 0n;
    this.#pendNotional = 0n;
    this.#pendQty = 0n;
  }

  /** PnL of `qty` (raw) closed at `px` (raw) against the average open, rounded to the currency. */
  #pnl(px: bigint, qty: bigint, long: boolean): Money {
    this.#settle();
    const m = this.instrument.multiplier.raw;
    const n = this.#openNum;
    const d = this.#openDen;
    let num: bigint;
    let den: bigint;
    if (this.instrument.isInverse) {
      // (q/S)(m/S)(d/n - S/px) = q*m*(d*px - n*S) / (S^2 * n * px)
      num = qty * m * (d * px - n * S);
      den = S * S * n * px;
    } else {
      // (px/S - n/d)(q/S)(m/S) = (px*d - n*S) * q * m / (d * S^3)
      num = (px * d - n * S) * qty * m;
      den = d * S * S * S;
    }
    if (!long) num = -num;
    const cur = this.settlementCurrency;
    return Money.fromRaw(rawAtPrecision(num, den, cur.precision), cur);
  }

  /** PnL of the open quantity if closed at `last`; zero when flat. */
  unrealizedPnl(last: Price): Money {
    if (this.#signedRaw === 0n) return Money.zero(this.settlementCurrency);
    if (this.instrument.isInverse && last.raw <= 0n) {
      throw positionError('INVALID_PRICE', this.id.value, `unrealized PnL of an inverse position at ${last}`);
    }
    const long = this.#signedRaw > 0n;
    return this.#pnl(last.raw, long ? this.#signedRaw : -this.#signedRaw, long);
  }

  /** Realized plus unrealized PnL at `last`. */
  totalPnl(last: Price): Money {
    return this.#realizedPnl.add(this.unrealizedPnl(last));
  }

  // ---- events ---------------------------------------------------------------------------------

  /**
   * The event for the position's current state: `PositionClosed` when closed, `PositionOpened`
   * after its first fill, else `PositionChanged`. Unrealized PnL is at the last fill's price.
   */
  toEvent(
    tsInit: bigint,
    eventId: string = crypto.randomUUID(),
  ): PositionOpened | PositionChanged | PositionClosed {
    const last = this.lastFill;
    const fields: PositionEventFields = {
      traderId: this.traderId,
      strategyId: this.strategyId,
      instrumentId: this.instrumentId,
      positionId: this.id,
      accountId: this.accountId,
      openingOrderId: this.openingOrderId,
      closingOrderId: this.#closingOrderId,
      entry: this.entry,
      side: this.side,
      signedQty: this.signedQty,
      quantity: this.quantity,
      peakQty: this.peakQty,
      lastQty: last.lastQty,
      lastPx: last.lastPx,
      currency: this.settlementCurrency,
      avgPxOpen: this.avgPxOpen,
      avgPxClose: this.avgPxClose,
      realizedReturn: this.realizedReturn,
      realizedPnl: this.#realizedPnl,
      unrealizedPnl: this.unrealizedPnl(last.lastPx),
      eventId,
      tsOpened: this.tsOpened,
      tsEvent: last.tsEvent,
      tsInit,
    };
    if (this.#tsClosed !== null) {
      return { type: 'PositionClosed', ...fields, tsClosed: this.#tsClosed, durationNs: this.durationNs };
    }
    if (this.#fills.length === 1) return { type: 'PositionOpened', ...fields };
    return { type: 'PositionChanged', ...fields };
  }

  toString(): string {
    return `Position(${this.id} ${this.side} ${this.quantity} ${this.instrumentId})`;
  }
}
