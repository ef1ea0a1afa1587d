import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

describe('kairos demo', () => {
  it('runs the market-maker backtest and prints fills, PnL and balances, the same for the same seed', () => {
    const root = new URL('../..', import.meta.url).pathname;
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['dist/cli/main.js', 'demo', ...args], { cwd: root, encoding: 'utf8' });
    const a = run('--seed', '7');
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/^fills\s+[1-9]\d*$/m);
    expect(a.stdout).toMatch(/^total PnL\s+-?\d+\.\d+ USDT/m);
    expect(a.stdout).toMatch(/^ {2}USDT {2}total \d+\.\d+ USDT/m);
    expect(run('--seed', '7').stdout).toBe(a.stdout);
    const bad = run('--seed', 'x');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("'x' is not a positive integer");
  });
});
