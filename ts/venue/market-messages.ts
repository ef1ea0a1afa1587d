/**
 * The market side of an update in the venue's two output forms: the matching engines' delta batch,
 * and the Binance stream messages (USD-M shapes, with the spot shape alongside where it differs).
 */

import type { SyntheticUpdate } from './synthetic.js';
import type { MarketMessage, VenueInstrument } from './types.js';

/** The engine delta batch of an update: UPDATE (set) or DELETE per changed level. */
export function deltaBatch(inst: VenueInstrument, u: SyntheticUpdate): BigInt64Array {
  const n = u.bids.length + u.asks.length;
  const out = new BigInt64Array(n * 4);
  let i = 0;
  const put = (side: bigint, ticks: number, steps: number) => {
    out[i++] = steps === 0 ? 2n : 1n;
    out[i++] = side;
    out[i++] = inst.tick.unitsOf(ticks);
    out[i++] = inst.lot.unitsOf(steps);
  };
  for (const c of u.bids) put(0n, c.ticks, c.steps);
  for (const c of u.asks) put(1n, c.ticks, c.steps);
  return out;
}

/** The stream messages of an update, in Binance USD-M shapes. */
export function marketMessages(inst: VenueInstrument, u: SyntheticUpdate, nowMs: number): MarketMessage[] {
  const s = inst.symbol;
  const lower = s.toLowerCase();
  const out: MarketMessage[] = [
    {
      stream: `${lower}@depth`,
      data: {
        e: 'depthUpdate',
        E: nowMs,
        T: nowMs,
        s,
        U: u.firstUpdateId,
        u: u.finalUpdateId,
        pu: u.prevUpdateId,
        b: u.bids.map((c) => [inst.tick.format(c.ticks), inst.lot.format(c.steps)]),
        a: u.asks.map((c) => [inst.tick.format(c.ticks), inst.lot.format(c.steps)]),
      },
    },
  ];
  {
    // Spot diff depth: no `pu` and no transaction time.
    const { pu: _pu, T: _t, ...spot } = out[0]!.data;
    out[0] = { ...out[0]!, spot };
  }
  const b = inst.market.bestBid();
  const a = inst.market.bestAsk();
  out.push({
    stream: `${lower}@bookTicker`,
    data: {
      e: 'bookTicker',
      u: u.finalUpdateId,
      E: nowMs,
      T: nowMs,
      s,
      b: inst.tick.format(b?.ticks ?? 0),
      B: inst.lot.format(b?.steps ?? 0),
      a: inst.tick.format(a?.ticks ?? 0),
      A: inst.lot.format(a?.steps ?? 0),
    },
    spot: {
      u: u.finalUpdateId,
      s,
      b: inst.tick.format(b?.ticks ?? 0),
      B: inst.lot.format(b?.steps ?? 0),
      a: inst.tick.format(a?.ticks ?? 0),
      A: inst.lot.format(a?.steps ?? 0),
    },
  });
  for (const t of u.trades) {
    const price = inst.tick.format(t.ticks);
    const qty = inst.lot.format(t.steps);
    out.push({
      stream: `${lower}@trade`,
      data: { e: 'trade', E: nowMs, T: nowMs, s, t: t.id, p: price, q: qty, X: 'MARKET', m: t.buyerMaker },
      spot: { e: 'trade', E: nowMs, s, t: t.id, p: price, q: qty, T: nowMs, m: t.buyerMaker, M: true },
    });
    out.push({
      stream: `${lower}@aggTrade`,
      data: {
        e: 'aggTrade',
        E: nowMs,
        a: t.id,
        s,
        p: price,
        q: qty,
        f: t.id,
        l: t.id,
        T: nowMs,
        m: t.buyerMaker,
      },
    });
  }
  return out;
}
