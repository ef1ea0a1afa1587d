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
 * The average open price is kept at 32 decimals (twice the value scale), rounded half-even at
 * each increase; realized PnL of each reducing fill is computed from it exactly and rounded once,
 * half-even, to the settlement currency's precision (how a venue books it). The average's error is
 * below 1e-32 per increase, far under any currency's precision, and its size stays bounded
 * whatever the number of fills: an exact fraction's denominator grows with every increase after a
 * reduction (a position of 300k alternating fills reached thousand-digit numbers and made every
 * fill slower than the last). `avgPxOpen`, `avgPxClose` and `realizedReturn` are shown as Decimals
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
import { divRoundHalfEven, fractionToDecimal, rawAtPrecision } from '../instruments/exact.js';
import type { Instrument } from '../instruments/kinds.js';
import { SCALE_FACTOR as S } from '../values/fixed.js';
import { type Currency, Money, type Price, Quantity } from '../values/index.js';

/** The average open price is kept as a raw over this: 32 decimals. */
const AVG_DEN = S * S;

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
  // Average open price * 10^32 (AVG_DEN), rounded half-even at each increase.
  #avgOpen = 0n;
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
    return fractionToDecimal(this.#avgOpen, AVG_DEN);
  }
  /** Average price of the fills that reduced it; `null` before the first. */
  get avgPxClose(): Decimal | null {
    return this.#closeRaw === 0n ? null : fractionToDecimal(this.#closeNotional, this.#closeRaw * S);
  }
  /** Return of the closed part: (avgClose - avgOpen) / avgOpen, negated for a short; 0 before a close. */
  get realizedReturn(): Decimal {
    if (this.#closeRaw === 0n || this.#avgOpen === 0n) return new Decimal(0);
    // avgClose = cn / cd, avgOpen = a / D: (cn*D - a*cd) / (cd*a)
    const cn = this.#closeNotional;
    const cd = this.#closeRaw * S;
    const num = cn * AVG_DEN - this.#avgOpen * cd;
    const r = fractionToDecimal(num, cd * this.#avgOpen);
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
      // avg' = (avg * A + px * q) / (A + q), A the open quantity before (raws; px at AVG_DEN).
      this.#avgOpen = divRoundHalfEven(this.#avgOpen * abs + px * S * q, abs + q);
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

  /** PnL of `qty` (raw) closed at `px` (raw) against the average open, rounded to the currency. */
  #pnl(px: bigint, qty: bigint, long: boolean): Money {
    const m = this.instrument.multiplier.raw;
    const n = this.#avgOpen;
    const d = AVG_DEN;
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
