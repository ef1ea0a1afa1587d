/**
 * The pre-trade checks of the RiskEngine as pure functions: each returns why an order is denied,
 * or `null` when it passes. Every reason names the value, the limit and the instrument.
 *
 * # Notional
 * The notional of an order is `instrument.notional(quantity, price)` (exact, in the notional
 * currency); for a `quoteQuantity` order it is the quantity itself, in the quote currency. The
 * price is the order's price, else its trigger price, else the market: the ask of the last quote
 * for a BUY, the bid for a SELL, else the last trade. With no price at all, the notional is
 * unknown: an order that needs a notional check (a notional limit applies, or a CASH account has
 * to pay for it) is denied rather than let through unchecked.
 */
import type { Cache } from '../cache/index.js';
import type { OrderSide } from '../model/enums.js';
import type { InstrumentId, StrategyId } from '../model/identifiers/index.js';
import type { Instrument } from '../model/instruments/index.js';
import type { Position } from '../model/positions/index.js';
import { Money, type Price, type Quantity } from '../model/values/index.js';

/** A price (limit or trigger) against the instrument's precision, tick and bounds. */
export function checkPrice(what: string, price: Price, instrument: Instrument): string | null {
  const id = instrument.id.value;
  if (price.precision > instrument.pricePrecision) {
    return `${what} ${price} has precision ${price.precision}, more than ${instrument.pricePrecision} of ${id}`;
  }
  if (price.raw <= 0n) return `${what} ${price} is not positive`;
  if (price.raw % instrument.priceIncrement.raw !== 0n) {
    return `${what} ${price} is not a multiple of the price increment ${instrument.priceIncrement} of ${id}`;
  }
  if (instrument.maxPrice !== null && price.gt(instrument.maxPrice)) {
    return `${what} ${price} exceeds the maximum price ${instrument.maxPrice} of ${id}`;
  }
  if (instrument.minPrice !== null && price.lt(instrument.minPrice)) {
    return `${what} ${price} is below the minimum price ${instrument.minPrice} of ${id}`;
  }
  return null;
}

/** A quantity against the instrument's precision, step and bounds. */
export function checkQuantity(qty: Quantity, instrument: Instrument): string | null {
  const id = instrument.id.value;
  if (qty.precision > instrument.sizePrecision) {
    return `quantity ${qty} has precision ${qty.precision}, more than ${instrument.sizePrecision} of ${id}`;
  }
  if (!qty.isPositive()) return `quantity ${qty} is not positive`;
  if (qty.raw % instrument.sizeIncrement.raw !== 0n) {
    return `quantity ${qty} is not a multiple of the size increment ${instrument.sizeIncrement} of ${id}`;
  }
  if (instrument.maxQuantity !== null && qty.gt(instrument.maxQuantity)) {
    return `quantity ${qty} exceeds the maximum quantity ${instrument.maxQuantity} of ${id}`;
  }
  if (instrument.minQuantity !== null && qty.lt(instrument.minQuantity)) {
    return `quantity ${qty} is below the minimum quantity ${instrument.minQuantity} of ${id}`;
  }
  return null;
}

/** The price to value an order at (see the module doc), or `null` when none is known. */
export function pricingPrice(
  cache: Cache,
  instrumentId: InstrumentId,
  side: OrderSide,
  price: Price | null,
  triggerPrice: Price | null,
): Price | null {
  if (price !== null) return price;
  if (triggerPrice !== null) return triggerPrice;
  return cache.price(instrumentId, side === 'BUY' ? 'ASK' : 'BID') ?? cache.price(instrumentId, 'LAST');
}

/** The notional of `qty` at `price` (see the module doc). */
export function orderNotional(
  instrument: Instrument,
  qty: Quantity,
  price: Price,
  quoteQuantity: boolean,
): Money {
  if (!quoteQuantity) return instrument.notional(qty, price);
  const cur = instrument.quoteCurrency;
  // The quantity is the amount in the quote currency; round it to the currency, half-even.
  const unit = 10n ** BigInt(16 - cur.precision);
  const q = qty.raw / unit;
  const r = qty.raw % unit;
  const twice = r * 2n;
  const units = twice > unit || (twice === unit && q % 2n === 1n) ? q + 1n : q;
  return Money.fromRaw(units * unit, cur);
}

/** The notional against the instrument's bounds and the configured per-order maximum. */
export function checkNotional(
  notional: Money,
  instrument: Instrument,
  maxPerOrderRaw: bigint | null,
): string | null {
  const id = instrument.id.value;
  const { maxNotional, minNotional } = instrument;
  if (maxNotional !== null && maxNotional.currency === notional.currency && notional.gt(maxNotional)) {
    return `notional ${notional} exceeds the maximum notional ${maxNotional} of ${id}`;
  }
  if (minNotional !== null && minNotional.currency === notional.currency && notional.lt(minNotional)) {
    return `notional ${notional} is below the minimum notional ${minNotional} of ${id}`;
  }
  if (maxPerOrderRaw !== null && notional.raw > maxPerOrderRaw) {
    return `notional ${notional} exceeds maxNotionalPerOrder ${Money.fromRaw(maxPerOrderRaw, notional.currency)} for ${id}`;
  }
  return null;
}

/** Net signed raw quantity of open positions (positive long). */
export function netRaw(positions: readonly Position[]): bigint {
  let n = 0n;
  for (const p of positions) {
    const q = p.quantity.raw;
    n += p.isLong ? q : p.isShort ? -q : 0n;
  }
  return n;
}

/** Whether an order of `side` and `qty` only reduces a net position of `net` (raw), never flips it. */
export function wouldReduce(side: OrderSide, qtyRaw: bigint, net: bigint): boolean {
  return side === 'BUY' ? net < 0n && qtyRaw <= -net : net > 0n && qtyRaw <= net;
}

/** Open positions of an instrument, of one strategy when given. */
export function openPositions(cache: Cache, instrumentId: InstrumentId, strategyId?: StrategyId): Position[] {
  return cache.positionsOpen(strategyId === undefined ? { instrumentId } : { instrumentId, strategyId });
}

/**
 * A CASH account must hold what the order spends: a BUY its notional plus the taker fee in the
 * notional currency, a SELL of a pair its quantity in the base currency.
 */
export function checkCashBalance(
  cache: Cache,
  instrument: Instrument,
  side: OrderSide,
  qty: Quantity,
  notional: Money,
  price: Price,
): string | null {
  const account = cache.accountForVenue(instrument.id.venue);
  if (account === null || !account.isCashAccount) return null;
  const base = instrument.baseCurrency;
  if (side === 'SELL' && base !== null && !instrument.isInverse) {
    const free = account.balanceFree(base);
    if (free === null) return `account ${account.id} has no ${base.code} balance to sell ${qty}`;
    if (free.raw < qty.raw)
      return `selling ${qty} ${base.code} exceeds the free balance ${free} of ${account.id}`;
    return null;
  }
  const fee = instrument.commission(qty, price, 'TAKER');
  const need = fee.raw > 0n && fee.currency === notional.currency ? notional.add(fee) : notional;
  const free = account.balanceFree(need.currency);
  if (free === null) return `account ${account.id} has no ${need.currency.code} balance to pay ${need}`;
  if (free.lt(need))
    return `notional ${notional} plus fees (${need}) exceeds the free balance ${free} of ${account.id}`;
  return null;
}
