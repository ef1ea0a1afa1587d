/**
 * Fee models of the simulated venue: what a fill costs. Positive is a cost, negative a rebate.
 */
import type { LiquiditySide } from '../model/enums.js';
import type { Instrument } from '../model/instruments/index.js';
import { Money, type Price, type Quantity } from '../model/values/index.js';

/** Computes the commission of one fill. */
export interface FeeModel {
  commission(instrument: Instrument, qty: Quantity, price: Price, liquiditySide: LiquiditySide): Money;
}

/** The instrument's own maker/taker rates (`instrument.commission`): the default. */
export class MakerTakerFeeModel implements FeeModel {
  commission(instrument: Instrument, qty: Quantity, price: Price, liquiditySide: LiquiditySide): Money {
    return instrument.commission(qty, price, liquiditySide);
  }
}

/** A fixed amount per fill, in the instrument's notional currency (e.g. `'1.50'`). */
export class FixedFeeModel implements FeeModel {
  readonly #amount: string;
  constructor(amount: string) {
    this.#amount = amount;
  }
  commission(instrument: Instrument, _qty: Quantity, _price: Price, _side: LiquiditySide): Money {
    return Money.from(this.#amount, instrument.notionalCurrency);
  }
}
