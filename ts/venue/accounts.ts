/**
 * Per-account state the venue keeps besides orders: wallet balances and one-way (BOTH) positions
 * per symbol, with entry price, realised profit and commissions applied fill by fill, and the
 * Binance USD-M JSON shapes that show them (`positionRisk`, `balance`, `account`,
 * `ACCOUNT_UPDATE`). Values are `Decimal`s; the wire gets decimal strings.
 *
 * # Fills
 * A fill that opens or adds moves the entry price to the size-weighted average; one that reduces
 * realises `closed * (price - entry)` (sign of the position) into the wallet; one that flips
 * opens the rest at the fill price. The commission (`notional * rate`) leaves the wallet.
 */
import { Decimal } from 'decimal.js';

import type { VenueAccountConfig } from './config.js';

export interface VenuePosition {
  /** Signed amount: positive long, negative short. */
  amount: Decimal;
  entryPrice: Decimal;
  /** Realised profit since the position opened (for `cr`). */
  realized: Decimal;
  updateTime: number;
}

/** What a fill did to an account. */
export interface FillEffect {
  readonly realizedPnl: Decimal;
  readonly commission: Decimal;
  readonly position: VenuePosition;
}

const ZERO = new Decimal(0);

/** Prints a Decimal at most `dp` decimals, without exponent. */
export function dec(d: Decimal, dp = 8): string {
  return d.toDecimalPlaces(dp, Decimal.ROUND_HALF_EVEN).toFixed(dp);
}

/** See the module doc. */
export class VenueAccount {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly leverage: number;
  readonly alias: string;
  readonly wallet = new Map<string, Decimal>();
  readonly positions = new Map<string, VenuePosition>();
  /** Spot wallet: total per asset (what is locked follows from the open spot orders). */
  readonly spot = new Map<string, Decimal>();
  updateTime = 0;

  constructor(cfg: VenueAccountConfig, index: number) {
    this.apiKey = cfg.apiKey;
    this.apiSecret = cfg.apiSecret;
    this.leverage = cfg.leverage;
    this.alias = `acct${index}`;
    for (const [asset, amount] of Object.entries(cfg.balances)) this.wallet.set(asset, new Decimal(amount));
    for (const [asset, amount] of Object.entries(cfg.spotBalances)) this.spot.set(asset, new Decimal(amount));
  }

  position(symbol: string): VenuePosition {
    let p = this.positions.get(symbol);
    if (p === undefined) {
      p = { amount: ZERO, entryPrice: ZERO, realized: ZERO, updateTime: 0 };
      this.positions.set(symbol, p);
    }
    return p;
  }

  balance(asset: string): Decimal {
    return this.wallet.get(asset) ?? ZERO;
  }

  /** Applies one fill (see the module doc). */
  applyFill(
    symbol: string,
    asset: string,
    side: 'BUY' | 'SELL',
    qty: Decimal,
    price: Decimal,
    feeRate: Decimal,
    timeMs: number,
  ): FillEffect {
    const p = this.position(symbol);
    const signed = side === 'BUY' ? qty : qty.neg();
    let realized = ZERO;
    if (p.amount.isZero() || p.amount.isPositive() === signed.isPositive()) {
      const total = p.amount.abs().add(qty);
      p.entryPrice = p.amount.abs().mul(p.entryPrice).add(qty.mul(price)).div(total);
      if (p.amount.isZero()) p.realized = ZERO;
    } else {
      const closed = Decimal.min(qty, p.amount.abs());
      realized = closed.mul(price.sub(p.entryPrice)).mul(p.amount.isPositive() ? 1 : -1);
      p.realized = p.realized.add(realized);
      const after = p.amount.add(signed);
      if (after.isZero()) p.entryPrice = ZERO;
      else if (after.isPositive() !== p.amount.isPositive()) {
        p.entryPrice = price;
        p.realized = ZERO;
      }
    }
    p.amount = p.amount.add(signed);
    p.updateTime = timeMs;
    const commission = qty.mul(price).mul(feeRate);
    this.wallet.set(asset, this.balance(asset).add(realized).sub(commission));
    this.updateTime = timeMs;
    return { realizedPnl: realized, commission, position: p };
  }
}
