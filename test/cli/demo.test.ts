import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { runDemo } from '../../ts/cli/demo.js';

describe('kairos demo', () => {
  it('is deterministic for a seed and trades both sides within its inventory limit', () => {
    const lines: string[] = [];
    const a = runDemo({ seed: 7, steps: 1500, print: (l) => lines.push(l) });
    const b = runDemo({ seed: 7, steps: 1500, print: () => {} });
    expect(b).toEqual(a);
    expect(a.buys).toBeGreaterThan(0);
    expect(a.sells).toBeGreaterThan(0);
    expect(Math.abs(Number(a.position))).toBeLessThanOrEqual(0.25 + 0.05);
    expect(Number(a.bestAsk)).toBeGreaterThan(Number(a.bestBid));
    expect(lines.at(-1)).toBe(`PnL ${a.pnl} USDT (cash + position at the mid)`);
    expect(runDemo({ seed: 8, steps: 1500, print: () => {} })).not.toEqual(a);
  });

  it('runs as the `kairos demo` command of the built package', () => {
    const root = new URL('../..', import.meta.url).pathname;
    const r = spawnSync(process.execPath, ['dist/cli/main.js', 'demo', '--steps', '300'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^fills \d+ \(\d+ buys, \d+ sells\), position -?\d+\.\d{3} BTC$/m);
    const bad = spawnSync(process.execPath, ['dist/cli/main.js', 'demo', '--steps', 'x'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("'x' is not a positive integer");
  });
});
