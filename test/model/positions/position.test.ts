import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { OrderSide } from '../../../ts/model/enums.js';
import type { KairosError } from '../../../ts/model/errors.js';
import { type OrderFilled, orderFilled } from '../../../ts/model/events/index.js';
import {
  AccountId,
  ClientOrderId,
  PositionId,
  StrategyId,
  TradeId,
  TraderId,
  VenueOrderId,
} from '../../../ts/model/identifiers/index.js';
import { CryptoPerpetual, CurrencyPair, type Instrument } from '../../../ts/model/instruments/index.js';
import { Position, splitFill } from '../../../ts/model/positions/index.js';
import { Money, Price, Quantity } from '../../../ts/model/values/index.js';

const SPOT = CurrencyPair.create({
  id: 'BTCUSDT.BINANCE',
  baseCurrency: 'BTC',
  quoteCurrency: 'USDT',
  pricePrecision: 2,
  priceIncrement: '0.01',
  sizePrecision: 3,
  sizeIncrement: '0.001',
});

const INVERSE = CryptoPerpetual.create({
  id: 'XBTUSD.BITMEX',
  baseCurrency: 'BTC',
  quoteCurrency: 'USD',
  isInverse: true,
  pricePrecision: 1,
  priceIncrement: '0.5',
  sizePrecision: 0,
  sizeIncrement: '1',
});

let seq = 0;
let clock = 1_000n;

interface FillSpec {
  side: OrderSide;
  qty: string;
  px: string;
  commission?: Money | null;
  tradeId?: string;
  positionId?: string;
  instrument?: Instrument;
}

function fillOf(s: FillSpec): OrderFilled {
  seq++;
  clock += 1_000_000_000n;
  const instrument = s.instrument ?? SPOT;
  return orderFilled({
    traderId: TraderId.from('TRADER-001'),
    strategyId: StrategyId.from('S-001'),
    instrumentId: instrument.id,
    clientOrderId: ClientOrderId.from(`O-${seq}`),
    venueOrderId: VenueOrderId.from(`V-${seq}`),
    accountId: AccountId.from('BINANCE-001'),
    tradeId: TradeId.from(s.tradeId ?? `T-${seq}`),
    positionId: PositionId.from(s.positionId ?? 'P-1'),
    orderSide: s.side,
    orderType: 'MARKET',
    lastQty: Quantity.from(s.qty),
    lastPx: Price.from(s.px),
    currency: instrument.quoteCurrency,
    commission: s.commission === undefined ? null : s.commission,
    liquiditySide: 'TAKER',
    tsEvent: clock,
    tsInit: clock,
  });
}

const usdt = (x: string) => Money.from(x, 'USDT');

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as KairosError).code;
  }
  return undefined;
}

describe('Position under NETTING: worked example with a flip', () => {
  it('buy 1 @100, buy 1 @110 -> long 2 @ avg 105; sell 3 @120 -> realized 30 less commissions, short 1 @120', () => {
    const f1 = fillOf({ side: 'BUY', qty: '1', px: '100.00', commission: usdt('0.10') });
    const pos = Position.open(SPOT, f1);
    expect(pos.side).toBe('LONG');
    expect(pos.realizedPnl.toString()).toBe('-0.10000000 USDT');

    pos.apply(fillOf({ side: 'BUY', qty: '1', px: '110.00', commission: usdt('0.11') }));
    expect(pos.quantity.toString()).toBe('2.000');
    expect(pos.avgPxOpen.toFixed()).toBe('105');
    expect(pos.realizedPnl.toString()).toBe('-0.21000000 USDT');
    // unrealized at 100: (100 - 105) * 2 = -10
    expect(pos.unrealizedPnl(Price.from('100.00')).toString()).toBe('-10.00000000 USDT');

    // The flip: the caller splits 3 into 2 (closing) and 1 (opening); commission 0.36 -> 0.24 + 0.12.
    const f3 = fillOf({ side: 'SELL', qty: '3', px: '120.00', commission: usdt('0.36') });
    expect(code(() => pos.apply(f3))).toBe('POSITION_FLIP');
    expect(pos.quantity.toString()).toBe('2.000');
    const [closing, opening] = splitFill(f3, pos.quantity, PositionId.from('P-1'), 'opening-event');
    expect(closing.commission?.toString()).toBe('0.24000000 USDT');
    expect(opening.commission?.toString()).toBe('0.12000000 USDT');
    expect(opening.lastQty.toString()).toBe('1.000');

    pos.apply(closing);
    // -0.21 + (120 - 105) * 2 - 0.24 = 29.55
    expect(pos.realizedPnl.toString()).toBe('29.55000000 USDT');
    expect(pos.side).toBe('FLAT');
    expect(pos.isClosed).toBe(true);
    expect(pos.avgPxClose?.toFixed()).toBe('120');
    // (120 - 105) / 105 = 0.142857142857142857..., half-even at 16 decimals
    expect(pos.realizedReturn.toFixed()).toBe('0.1428571428571429');
    expect(pos.durationNs).toBe(2_000_000_000n);
    expect(pos.peakQty.toString()).toBe('2.000');
    expect(pos.closingOrderId?.value).toBe(f3.clientOrderId.value);
    expect(pos.commissions().map(String)).toEqual(['0.45000000 USDT']);
    expect(pos.toEvent(0n).type).toBe('PositionClosed');
    expect(code(() => pos.apply(fillOf({ side: 'BUY', qty: '1', px: '1.00' })))).toBe('POSITION_CLOSED');

    // NETTING: the new side opens a new position under the same id.
    const short = Position.open(SPOT, opening);
    expect(short.id.value).toBe('P-1');
    expect(short.side).toBe('SHORT');
    expect(short.signedQty.toFixed()).toBe('-1');
    expect(short.avgPxOpen.toFixed()).toBe('120');
    expect(short.realizedPnl.toString()).toBe('-0.12000000 USDT');
    expect(short.toEvent(0n).type).toBe('PositionOpened');

    // Buy back half at 100: (120 - 100) * 0.5 = 10, less 0.05 -> 9.83 in total
    short.apply(fillOf({ side: 'BUY', qty: '0.5', px: '100.00', commission: usdt('0.05') }));
    expect(short.realizedPnl.toString()).toBe('9.83000000 USDT');
    expect(short.quantity.toString()).toBe('0.500');
    expect(short.unrealizedPnl(Price.from('130.00')).toString()).toBe('-5.00000000 USDT');
    expect(short.toEvent(0n).type).toBe('PositionChanged');
  });

  it('keeps the average open through a partial reduction and re-weights on a later increase', () => {
    const pos = Position.open(SPOT, fillOf({ side: 'BUY', qty: '3', px: '100.00' }));
    pos.apply(fillOf({ side: 'SELL', qty: '1', px: '130.00' }));
    expect(pos.avgPxOpen.toFixed()).toBe('100');
    expect(pos.realizedPnl.toString()).toBe('30.00000000 USDT');
    // 2 @ 100 + 2 @ 110 -> 105
    pos.apply(fillOf({ side: 'BUY', qty: '2', px: '110.00' }));
    expect(pos.avgPxOpen.toFixed()).toBe('105');
    // 1 @ 100, 2 @ 100.01 -> 100.00666..., shown at 16 decimals
    const p2 = Position.open(SPOT, fillOf({ side: 'BUY', qty: '1', px: '100.00' }));
    p2.apply(fillOf({ side: 'BUY', qty: '2', px: '100.01' }));
    expect(p2.avgPxOpen.toFixed()).toBe('100.0066666666666667');
    // Closing all 3 at 100.02 realizes exactly 0.02 + 0.01 + 0.01 = 0.04 (no drift from the average's rounding)
    p2.apply(fillOf({ side: 'SELL', qty: '3', px: '100.02' }));
    expect(p2.realizedPnl.toString()).toBe('0.04000000 USDT');
  });
});

describe('Position under HEDGING', () => {
  it('holds a long and a short of one instrument under two ids, each with its own PnL', () => {
    const long = Position.open(SPOT, fillOf({ side: 'BUY', qty: '1', px: '100.00', positionId: 'P-L' }));
    const short = Position.open(SPOT, fillOf({ side: 'SELL', qty: '2', px: '105.00', positionId: 'P-S' }));
    expect(long.side).toBe('LONG');
    expect(short.side).toBe('SHORT');
    long.apply(fillOf({ side: 'SELL', qty: '1', px: '102.00', positionId: 'P-L' }));
    short.apply(fillOf({ side: 'BUY', qty: '2', px: '102.00', positionId: 'P-S' }));
    expect(long.realizedPnl.toString()).toBe('2.00000000 USDT');
    expect(short.realizedPnl.toString()).toBe('6.00000000 USDT');
    expect(long.isClosed && short.isClosed).toBe(true);
    expect(short.realizedReturn.toFixed()).toBe('0.0285714285714286');
  });
});

describe('Position commissions and checks', () => {
  it('records a base-currency commission without touching quantity or quote PnL', () => {
    const pos = Position.open(
      SPOT,
      fillOf({ side: 'BUY', qty: '1', px: '100.00', commission: Money.from('0.001', 'BTC') }),
    );
    expect(pos.quantity.toString()).toBe('1.000');
    expect(pos.realizedPnl.toString()).toBe('0.00000000 USDT');
    pos.apply(fillOf({ side: 'SELL', qty: '1', px: '101.00', commission: usdt('0.101') }));
    // (101 - 100) * 1 - 0.101
    expect(pos.realizedPnl.toString()).toBe('0.89900000 USDT');
    expect(pos.commissions().map(String)).toEqual(['0.00100000 BTC', '0.10100000 USDT']);
  });

  it('computes inverse PnL in the base currency: 100 contracts 50000 -> 40000 loses 0.0005 BTC', () => {
    const pos = Position.open(
      INVERSE,
      fillOf({ side: 'BUY', qty: '100', px: '50000.0', instrument: INVERSE }),
    );
    expect(pos.unrealizedPnl(Price.from('40000.0')).toString()).toBe('-0.00050000 BTC');
    pos.apply(fillOf({ side: 'SELL', qty: '100', px: '40000.0', instrument: INVERSE }));
    expect(pos.realizedPnl.toString()).toBe('-0.00050000 BTC');
  });

  it('refuses a duplicate trade id in O(1) and changes nothing', () => {
    const pos = Position.open(SPOT, fillOf({ side: 'BUY', qty: '1', px: '100.00', tradeId: 'X' }));
    expect(pos.hasTradeId(TradeId.from('X'))).toBe(true);
    expect(code(() => pos.apply(fillOf({ side: 'BUY', qty: '1', px: '100.00', tradeId: 'X' })))).toBe(
      'DUPLICATE_FILL',
    );
    expect(pos.quantity.toString()).toBe('1.000');
    expect(pos.fills.length).toBe(1);
  });

  it('refuses a fill of another instrument', () => {
    const pos = Position.open(SPOT, fillOf({ side: 'BUY', qty: '1', px: '100.00' }));
    expect(code(() => pos.apply(fillOf({ side: 'BUY', qty: '1', px: '50000.0', instrument: INVERSE })))).toBe(
      'EVENT_MISMATCH',
    );
  });

  it('splits a commission that does not divide evenly so the parts add up', () => {
    const f = fillOf({ side: 'SELL', qty: '3', px: '1.00', commission: usdt('0.00000001') });
    const [a, b] = splitFill(f, Quantity.from('1'), PositionId.from('P-2'));
    expect(a.commission!.add(b.commission!).eq(f.commission!)).toBe(true);
    expect(a.commission?.toString()).toBe('0.00000000 USDT');
    expect(b.positionId?.value).toBe('P-2');
    expect(code(() => splitFill(f, Quantity.from('3'), PositionId.from('P-2')))).toBe('INVALID_FILL');
  });
});

describe('Position properties', () => {
  it('a round trip realizes sell notional - buy notional, within half a cent per fill', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            qty: fc.integer({ min: 1, max: 5_000 }),
            cents: fc.integer({ min: 1, max: 10_000_000 }),
          }),
          {
            minLength: 1,
            maxLength: 10,
          },
        ),
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 10 }),
        (buys, sellCents) => {
          const q = (n: number) => Quantity.fromRaw(BigInt(n) * 10n ** 13n, 3).toString();
          const p = (c: number) => Price.fromRaw(BigInt(c) * 10n ** 14n, 2).toString();
          const pos = Position.open(
            SPOT,
            fillOf({ side: 'BUY', qty: q(buys[0]!.qty), px: p(buys[0]!.cents) }),
          );
          let buyNotional = BigInt(buys[0]!.qty) * BigInt(buys[0]!.cents);
          let total = buys[0]!.qty;
          for (const b of buys.slice(1)) {
            pos.apply(fillOf({ side: 'BUY', qty: q(b.qty), px: p(b.cents) }));
            buyNotional += BigInt(b.qty) * BigInt(b.cents);
            total += b.qty;
          }
          // Sell it all in up to sellCents.length pieces.
          let sellNotional = 0n;
          let left = total;
          for (let i = 0; i < sellCents.length && left > 0; i++) {
            const piece = i === sellCents.length - 1 ? left : Math.max(1, Math.floor(left / 2));
            pos.apply(fillOf({ side: 'SELL', qty: q(piece), px: p(sellCents[i]!) }));
            sellNotional += BigInt(piece) * BigInt(sellCents[i]!);
            left -= piece;
          }
          expect(pos.isClosed).toBe(true);
          // notional units: qty in 1e-3, price in 1e-2 -> 1e-5; pnl in 1e-8 USDT: * 1000
          const expectedRaw = (sellNotional - buyNotional) * 1000n * 10n ** 8n;
          const diff = pos.realizedPnl.raw - expectedRaw;
          const tolerance = BigInt(sellCents.length) * 10n ** 8n; // half a unit of 1e-8 per fill, generously
          expect(diff <= tolerance && diff >= -tolerance).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('NETTING with flips, as an engine would drive it', () => {
  /** Applies `fill` to the netting position, splitting a flip; returns the position now open (or closed). */
  function net(positions: Position[], fill: OrderFilled): void {
    const current = positions.at(-1);
    if (current === undefined || current.isClosed) {
      positions.push(Position.open(SPOT, fill));
      return;
    }
    const reducing =
      (current.isLong && fill.orderSide === 'SELL') || (current.isShort && fill.orderSide === 'BUY');
    if (reducing && fill.lastQty.gt(current.quantity)) {
      const [closing, opening] = splitFill(fill, current.quantity, current.id, `${fill.eventId}-open`);
      current.apply(closing);
      positions.push(Position.open(SPOT, opening));
      return;
    }
    current.apply(fill);
  }

  it('realized + unrealized over all positions equals the fills cash flow marked at any price', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            buy: fc.boolean(),
            qty: fc.integer({ min: 1, max: 5_000 }),
            cents: fc.integer({ min: 1, max: 1_000_000 }),
          }),
          { minLength: 1, maxLength: 25 },
        ),
        fc.integer({ min: 1, max: 1_000_000 }),
        (spec, markCents) => {
          const positions: Position[] = [];
          let cash = 0n; // in 1e-5 units (qty 1e-3 * price 1e-2)
          let netQty = 0n; // in 1e-3
          for (const s of spec) {
            const f = fillOf({
              side: s.buy ? 'BUY' : 'SELL',
              qty: Quantity.fromRaw(BigInt(s.qty) * 10n ** 13n, 3).toString(),
              px: Price.fromRaw(BigInt(s.cents) * 10n ** 14n, 2).toString(),
            });
            net(positions, f);
            const flow = BigInt(s.qty) * BigInt(s.cents);
            cash += s.buy ? -flow : flow;
            netQty += s.buy ? BigInt(s.qty) : -BigInt(s.qty);
          }
          const mark = Price.fromRaw(BigInt(markCents) * 10n ** 14n, 2);
          const open = positions.at(-1)!;
          expect(open.isOpen ? open.signedQty.toFixed() : '0').toBe(
            netQty === 0n
              ? '0'
              : Quantity.fromRaw((netQty < 0n ? -netQty : netQty) * 10n ** 13n, 3)
                  .toDecimal()
                  .times(netQty < 0n ? -1 : 1)
                  .toFixed(),
          );
          let total = 0n;
          for (const p of positions) total += p.realizedPnl.raw + p.unrealizedPnl(mark).raw;
          // Expected, as a raw at 1e-16: (cash + net * mark) in 1e-5 units -> * 1e11
          const expected = (cash + netQty * BigInt(markCents)) * 10n ** 11n;
          // One rounding of at most half a unit (1e-8 USDT) per fill, plus the unrealized one.
          const tolerance = BigInt(spec.length + positions.length) * 5n * 10n ** 7n;
          const diff = total - expected;
          expect(diff <= tolerance && diff >= -tolerance, `diff ${diff}`).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Position average open price: 32 decimals per increase, against the exact fraction', () => {
  /** The average open and realized PnL recomputed per fill with a plain fraction (full gcd). */
  function reference(fills: readonly { buy: boolean; qty: bigint; px: bigint }[]) {
    const S = 10n ** 16n;
    const gcd = (a: bigint, b: bigint): bigint => {
      a = a < 0n ? -a : a;
      b = b < 0n ? -b : b;
      while (b !== 0n) [a, b] = [b, a % b];
      return a;
    };
    let n = 0n;
    let d = 1n;
    let signed = 0n;
    const realized: [bigint, bigint][] = [];
    for (const f of fills) {
      const delta = f.buy ? f.qty : -f.qty;
      const abs = signed < 0n ? -signed : signed;
      const reducing = (signed > 0n && delta < 0n) || (signed < 0n && delta > 0n);
      if (reducing) {
        // (px/S - n/d) * q/S, long; negated for a short (multiplier 1)
        let num = (f.px * d - n * S) * f.qty;
        if (signed < 0n) num = -num;
        realized.push([num, d * S * S]);
      } else {
        const num = n * abs * S + f.px * f.qty * d;
        const den = d * S * (abs + f.qty);
        const g = gcd(num, den);
        n = num / g;
        d = den / g;
      }
      signed += delta;
    }
    return { n, d, realized };
  }

  it('shows the exact average and books the exact PnL after any mix of increases, reductions and reads', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            buy: fc.boolean(),
            qty: fc.integer({ min: 1, max: 5_000 }),
            cents: fc.integer({ min: 1, max: 10_000_000 }),
            read: fc.boolean(),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        (specs) => {
          // The first fill opens long; a reduction never exceeds the open quantity (no flip).
          const fills: { buy: boolean; qty: bigint; px: bigint; read: boolean }[] = [];
          let signed = 0n;
          for (const [i, s] of specs.entries()) {
            let qty = BigInt(s.qty) * 10n ** 13n;
            const buy = i === 0 ? true : s.buy;
            if (!buy && qty > signed) qty = signed;
            if (qty === 0n) continue;
            signed += buy ? qty : -qty;
            fills.push({ buy, qty, px: BigInt(s.cents) * 10n ** 14n, read: s.read });
            if (signed === 0n) break;
          }
          let p: Position | null = null;
          for (const f of fills) {
            const e = fillOf({
              side: f.buy ? 'BUY' : 'SELL',
              qty: Quantity.fromRaw(f.qty, 3).toString(),
              px: Price.fromRaw(f.px, 2).toString(),
            });
            if (p === null) p = Position.open(SPOT, e);
            else p.apply(e);
            if (f.read) void p.avgPxOpen;
          }
          const ref = reference(fills);
          const S = 10n ** 16n;
          const raw = (num: bigint, den: bigint) => {
            const neg = num < 0n;
            const a = neg ? -num : num;
            const q = a / den;
            const twice = (a % den) * 2n;
            const r = twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
            return neg ? -r : r;
          };
          expect(p?.avgPxOpen.toString()).toBe(
            Price.fromRaw(raw(ref.n * S, ref.d), 16)
              .toDecimal()
              .toString(),
          );
          // Realized PnL: each reduction rounded half-even to the currency, against the reference.
          const cur = SPOT.settlementCurrency;
          const unit = 10n ** BigInt(cur.precision);
          let total = 0n;
          for (const [num, den] of ref.realized) total += raw(num * unit, den);
          expect(p?.realizedPnl.toString()).toBe(Money.fromRaw(total * (S / unit), cur).toString());
        },
      ),
      { numRuns: 300 },
    );
  });
});
