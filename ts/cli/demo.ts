/**
 * `kairos demo`: the main job on built-in defaults. A seeded synthetic market (random-walk mid,
 * an L2 ladder and trade prints) drives the order book and the matching engine of the native
 * core; a small market maker joins the touch on both sides within an inventory limit. Prints the
 * fills, the final book and exact PnL (cash plus inventory marked at the mid).
 *
 * Deterministic: the same seed and steps print the same result.
 */
import { Decimal } from 'decimal.js';

import { type SimulatedLevel, SimulatedMatchingEngine } from '../backtest/matching.js';
import { DeltaBatch, OrderBook } from '../model/book/index.js';
import type { OrderSide } from '../model/enums.js';
import { Price, Quantity } from '../model/values/index.js';

export interface DemoOptions {
  readonly seed: number;
  readonly steps: number;
  /** Where lines go (stdout by default). */
  readonly print?: (line: string) => void;
}

export interface DemoResult {
  readonly fills: number;
  readonly buys: number;
  readonly sells: number;
  readonly position: string;
  readonly pnl: string;
  readonly bestBid: string | null;
  readonly bestAsk: string | null;
}

const INSTRUMENT = 'BTCUSDT-PERP.BINANCE';
const TICK = Price.from('0.10');
const STEP = Quantity.from('0.001');
const LEVELS = 10;
const QUOTE_SIZE = Quantity.from('0.050');
const MAX_INVENTORY = new Decimal('0.25');

/** Mulberry32: a small seeded generator, so the demo is reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ladder(midTicks: number, side: OrderSide, random: () => number): SimulatedLevel[] {
  const levels: SimulatedLevel[] = [];
  for (let i = 1; i <= LEVELS; i++) {
    const ticks = side === 'BUY' ? midTicks - i : midTicks + i;
    const size = 1 + Math.floor(random() * 2000); // in steps of 0.001
    levels.push({ price: Price.from(ticks / 10, 1).add(Price.zero(2)), size: Quantity.from(size / 1000, 3) });
  }
  return levels;
}

/** Runs the demo and returns its summary (also printed). */
export function runDemo(options: DemoOptions): DemoResult {
  const print = options.print ?? ((line: string) => console.log(line));
  const random = rng(options.seed);
  const book = new OrderBook(INSTRUMENT, 'L2_MBP', { pricePrecision: 2, sizePrecision: 3 });
  const venue = new SimulatedMatchingEngine({
    priceIncrement: TICK,
    sizeIncrement: STEP,
    bookType: 'L2_MBP',
  });
  const batch = new DeltaBatch(2 * LEVELS + 1);

  let midTicks = 500_000; // 50,000.0
  let cash = new Decimal(0);
  let inventory = new Decimal(0);
  let buys = 0;
  let sells = 0;
  let orderSeq = 0;
  const working = new Map<OrderSide, string>();

  for (let step = 1; step <= options.steps; step++) {
    const ts = BigInt(step) * 100_000_000n; // 100 ms apart
    midTicks += random() < 0.5 ? -1 : 1;
    const bids = ladder(midTicks, 'BUY', random);
    const asks = ladder(midTicks, 'SELL', random);

    // The public book: one CLEAR and the new ladder, in one crossing into the core.
    batch.clear();
    batch.add('CLEAR', 'BUY', Price.zero(2), Quantity.zero(3), 0, 0, 0, ts);
    for (const l of bids) batch.add('ADD', 'BUY', l.price, l.size, 0, 0, 0, ts);
    for (const l of asks) batch.add('ADD', 'SELL', l.price, l.size, 0, 0, 0, ts);
    book.applyDeltas(batch);

    // The venue sees the same ladder, then a trade print that may reach our quotes.
    const events = venue.processSnapshot(bids, asks, ts);
    const aggressor = random() < 0.5 ? 'BUYER' : 'SELLER';
    const reach = Math.floor(random() * 3);
    const tradeTicks = aggressor === 'BUYER' ? midTicks + reach : midTicks - reach;
    events.push(
      ...venue.processTrade({
        price: Price.from(tradeTicks / 10, 1),
        size: Quantity.from((1 + Math.floor(random() * 200)) / 1000, 3),
        aggressorSide: aggressor,
        tsEvent: ts,
      }),
    );

    for (const e of events) {
      if (e.type === 'FILLED') {
        const qty = e.lastQty.toDecimal();
        const notional = e.lastPx.toDecimal().mul(qty);
        if (e.side === 'BUY') {
          buys++;
          inventory = inventory.plus(qty);
          cash = cash.minus(notional);
        } else {
          sells++;
          inventory = inventory.minus(qty);
          cash = cash.plus(notional);
        }
        if (e.leavesQty.isZero()) working.delete(e.side);
        if (buys + sells <= 5) {
          print(
            `fill  ${e.side.padEnd(4)} ${e.lastQty} @ ${e.lastPx}  (${e.clientOrderId}, ${e.liquiditySide})`,
          );
        }
      }
    }

    // Quote: join the best bid and ask, each side only while inventory allows it.
    const bestBid = book.bestBidPrice();
    const bestAsk = book.bestAskPrice();
    for (const side of ['BUY', 'SELL'] as const) {
      const id = working.get(side);
      if (id !== undefined) venue.cancel(id, ts);
      working.delete(side);
      const allowed = side === 'BUY' ? inventory.lt(MAX_INVENTORY) : inventory.gt(MAX_INVENTORY.neg());
      const price = side === 'BUY' ? bestBid : bestAsk;
      if (!allowed || price === null) continue;
      const clientOrderId = `MM-${++orderSeq}`;
      const placed = venue.submit(
        { clientOrderId, side, orderType: 'LIMIT', quantity: QUOTE_SIZE, price, postOnly: true },
        ts,
      );
      if (placed.some((p) => p.type === 'ACCEPTED')) working.set(side, clientOrderId);
    }
  }

  const mid = book.midpoint();
  const pnl = cash.plus(inventory.mul(mid === null ? 0 : mid.toDecimal()));
  const result: DemoResult = {
    fills: buys + sells,
    buys,
    sells,
    position: inventory.toFixed(3),
    pnl: pnl.toFixed(2),
    bestBid: book.bestBidPrice()?.toString() ?? null,
    bestAsk: book.bestAskPrice()?.toString() ?? null,
  };
  print('');
  print(`steps ${options.steps} (seed ${options.seed}), book updates ${book.updateCount}`);
  print(`top of book ${result.bestBid} / ${result.bestAsk}`);
  for (const l of book.asks(3).reverse()) print(`  ask ${l.price}  ${l.size}`);
  for (const l of book.bids(3)) print(`  bid ${l.price}  ${l.size}`);
  print(`fills ${result.fills} (${buys} buys, ${sells} sells), position ${result.position} BTC`);
  print(`PnL ${result.pnl} USDT (cash + position at the mid)`);
  return result;
}
