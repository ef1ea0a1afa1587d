/**
 * The synthetic market of one symbol: a seeded random walk of the mid (in ticks) with an L2
 * ladder of `depth` levels on each side, advanced one update at a time. Each update yields the
 * Binance diff-depth event of the levels that changed (ids chained `U`/`u`/`pu` as on USD-M
 * futures), the book ticker, and sometimes a trade at the touch. Deterministic for a seed.
 */
import type { SyntheticMarketConfig, VenueInstrumentConfig } from './config.js';
import { SeededRandom, streamOf } from './rng.js';
import { Step } from './units.js';

/** One level change: ticks and size in steps (0 removes the level). */
export interface LevelChange {
  readonly ticks: number;
  readonly steps: number;
}

export interface SyntheticTrade {
  readonly id: number;
  readonly ticks: number;
  readonly steps: number;
  /** True when the buyer was the maker (a seller took the bid). */
  readonly buyerMaker: boolean;
}

export interface SyntheticUpdate {
  readonly firstUpdateId: number;
  readonly finalUpdateId: number;
  readonly prevUpdateId: number;
  readonly bids: readonly LevelChange[];
  readonly asks: readonly LevelChange[];
  readonly trades: readonly SyntheticTrade[];
}

/** See the module doc. */
export class SyntheticMarket {
  readonly symbol: string;
  readonly tick: Step;
  readonly lot: Step;
  readonly #cfg: SyntheticMarketConfig;
  readonly #rng: SeededRandom;
  readonly #minTicks: number;
  readonly #maxTicks: number;
  #mid: number;
  /** ticks -> steps; bids best first is descending ticks. */
  #bids = new Map<number, number>();
  #asks = new Map<number, number>();
  #updateId: number;
  #tradeId = 0;

  constructor(instrument: VenueInstrumentConfig, cfg: SyntheticMarketConfig, seed: number) {
    this.symbol = instrument.symbol;
    this.tick = new Step(instrument.tickSize);
    this.lot = new Step(instrument.stepSize);
    this.#cfg = cfg;
    this.#rng = new SeededRandom(seed, streamOf(`market:${instrument.symbol}`));
    const count = (t: string) => Number(this.tick.count(t) ?? 0n);
    this.#mid =
      count(instrument.initialPrice) ||
      Math.round(Number(instrument.initialPrice) / this.tick.decimal.toNumber());
    this.#minTicks =
      Math.max(1, Math.ceil(Number(instrument.minPrice) / this.tick.decimal.toNumber())) +
      cfg.depth +
      cfg.halfSpreadTicks;
    this.#maxTicks =
      Math.floor(Number(instrument.maxPrice) / this.tick.decimal.toNumber()) -
      cfg.depth -
      cfg.halfSpreadTicks;
    this.#updateId = 1000 + this.#rng.int(0, 1000);
    const { bids, asks } = this.#ladder(new Map(), new Map());
    this.#bids = bids;
    this.#asks = asks;
  }

  get lastUpdateId(): number {
    return this.#updateId;
  }

  get midTicks(): number {
    return this.#mid;
  }

  bestBid(): { ticks: number; steps: number } | undefined {
    return this.#best(this.#bids, -1);
  }

  bestAsk(): { ticks: number; steps: number } | undefined {
    return this.#best(this.#asks, 1);
  }

  #best(side: Map<number, number>, dir: 1 | -1): { ticks: number; steps: number } | undefined {
    let best: number | undefined;
    for (const t of side.keys()) if (best === undefined || (dir === 1 ? t < best : t > best)) best = t;
    return best === undefined ? undefined : { ticks: best, steps: side.get(best)! };
  }

  /** Levels best first, at most `limit` per side. */
  levels(limit: number): { bids: [number, number][]; asks: [number, number][] } {
    const bids = [...this.#bids.entries()].sort((a, b) => b[0] - a[0]).slice(0, limit);
    const asks = [...this.#asks.entries()].sort((a, b) => a[0] - b[0]).slice(0, limit);
    return { bids, asks };
  }

  #ladder(oldBids: Map<number, number>, oldAsks: Map<number, number>) {
    const cfg = this.#cfg;
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    const size = (old: number | undefined) =>
      old !== undefined && this.#rng.chance(0.7) ? old : this.#rng.int(1, cfg.maxLevelSteps);
    for (let i = 0; i < cfg.depth; i++) {
      const b = this.#mid - cfg.halfSpreadTicks - i;
      const a = this.#mid + cfg.halfSpreadTicks + i;
      bids.set(b, size(oldBids.get(b)));
      asks.set(a, size(oldAsks.get(a)));
    }
    return { bids, asks };
  }

  /** Advances the market by one update. */
  step(): SyntheticUpdate {
    const cfg = this.#cfg;
    const move = this.#rng.int(-cfg.maxMoveTicks, cfg.maxMoveTicks);
    this.#mid = Math.min(this.#maxTicks, Math.max(this.#minTicks, this.#mid + move));
    const { bids, asks } = this.#ladder(this.#bids, this.#asks);
    const bidChanges = diff(this.#bids, bids, -1);
    const askChanges = diff(this.#asks, asks, 1);
    this.#bids = bids;
    this.#asks = asks;
    const prev = this.#updateId;
    const first = prev + 1;
    const final = first + this.#rng.int(0, 3);
    this.#updateId = final;
    const trades: SyntheticTrade[] = [];
    if (this.#rng.chance(cfg.tradeProbability)) {
      const buyerMaker = this.#rng.chance(0.5);
      const level = buyerMaker ? this.bestBid() : this.bestAsk();
      if (level !== undefined) {
        trades.push({
          id: ++this.#tradeId,
          ticks: level.ticks,
          steps: this.#rng.int(1, Math.max(1, Math.min(level.steps, 20))),
          buyerMaker,
        });
      }
    }
    return {
      firstUpdateId: first,
      finalUpdateId: final,
      prevUpdateId: prev,
      bids: bidChanges,
      asks: askChanges,
      trades,
    };
  }
}

/** Changed levels from `before` to `after`, best first (`dir` -1 for bids). */
function diff(before: Map<number, number>, after: Map<number, number>, dir: 1 | -1): LevelChange[] {
  const out: LevelChange[] = [];
  for (const [t, s] of after) if (before.get(t) !== s) out.push({ ticks: t, steps: s });
  for (const t of before.keys()) if (!after.has(t)) out.push({ ticks: t, steps: 0 });
  out.sort((a, b) => (a.ticks - b.ticks) * dir);
  return out;
}
