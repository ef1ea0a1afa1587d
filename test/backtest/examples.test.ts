import { describe, expect, it } from 'vitest';

import {
  EXAMPLE_START_NS,
  examplePerpetual,
  formatResult,
  runEmaCrossExample,
  runMarketMakerExample,
  seededRandom,
  syntheticBars,
  syntheticQuotes,
} from '../../ts/backtest/examples/index.js';

describe('examples', () => {
  it('the EMA cross runs on seeded bars, trades, and reverses at crosses', async () => {
    const r = await runEmaCrossExample({ count: 600 });
    expect(r.dataCount).toBe(600);
    expect(r.fills.length).toBeGreaterThan(4);
    expect(r.stats.positionsClosed).toBeGreaterThan(1);
    expect(r.fills.every((f) => f.liquiditySide === 'TAKER')).toBe(true);
    expect(r.handlerErrors).toEqual({ 'EMACross-001': 0 });
    // Stopped flat: onStop closes the position.
    expect(r.positions.every((p) => p.side === 'FLAT')).toBe(true);
    expect(formatResult(r)).toContain('total PnL');
  });

  it('the market maker quotes brackets: entries fill as maker, exits are released and linked', async () => {
    const r = await runMarketMakerExample({ count: 8_000 });
    expect(r.fills.length).toBeGreaterThan(2);
    const types = new Set(r.orders.map((o) => `${o.orderType} ${o.contingencyType}`));
    expect(types).toContain('LIMIT OTO');
    expect(types).toContain('LIMIT OUO');
    expect(types).toContain('STOP_MARKET OUO');
    // Entries are post-only limits: they fill as maker.
    const entries = new Set(r.orders.filter((o) => o.contingencyType === 'OTO').map((o) => o.clientOrderId));
    const entryFills = r.fills.filter((f) => entries.has(f.clientOrderId));
    expect(entryFills.length).toBeGreaterThan(0);
    expect(entryFills.every((f) => f.liquiditySide === 'MAKER')).toBe(true);
    // No exit ever filled while its entry had not.
    for (const o of r.orders.filter((x) => x.contingencyType === 'OUO' && x.filledQty !== '0.000')) {
      expect(o.reduceOnly).toBe(true);
    }
    expect(r.handlerErrors).toEqual({ 'MM-001': 0 });
  });

  it('examples are deterministic: the same seed gives byte-identical results, another seed differs', async () => {
    const a = JSON.stringify(await runMarketMakerExample({ count: 3_000, seed: 7 }));
    const b = JSON.stringify(await runMarketMakerExample({ count: 3_000, seed: 7 }));
    const c = JSON.stringify(await runMarketMakerExample({ count: 3_000, seed: 8 }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('the progress bar changes nothing in the result', async () => {
    const plain = JSON.stringify(await runEmaCrossExample({ count: 300 }));
    const withBar = JSON.stringify(await runEmaCrossExample({ count: 300, progress: true }));
    expect(withBar).toBe(plain);
  });

  it('the generator is seeded and exact: same seed same data, prices on the tick grid', () => {
    const o = {
      instrument: examplePerpetual(),
      seed: 1,
      count: 50,
      startNs: EXAMPLE_START_NS,
      intervalNs: 1_000_000_000n,
      startPrice: '100.0',
    };
    const a = syntheticQuotes(o);
    expect(syntheticQuotes(o).map((q) => q.bidPrice.toString())).toEqual(a.map((q) => q.bidPrice.toString()));
    expect(a.every((q) => q.askPrice.sub(q.bidPrice).toString() === '0.1')).toBe(true);
    const bars = syntheticBars({ ...o, intervalNs: 60_000_000_000n });
    expect(bars[0]!.tsEvent).toBe(EXAMPLE_START_NS + 60_000_000_000n);
    expect(bars.every((b) => !b.high.lt(b.low))).toBe(true);
    const r1 = seededRandom(3);
    const r2 = seededRandom(3);
    expect([r1(), r1()]).toEqual([r2(), r2()]);
  });
});
