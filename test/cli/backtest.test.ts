import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

describe('kairos backtest', () => {
  it('runs an example backtest and prints its result; an unknown example fails with the list', () => {
    const root = new URL('../..', import.meta.url).pathname;
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['dist/cli/main.js', 'backtest', ...args], { cwd: root, encoding: 'utf8' });
    const ok = run('ema-cross', '--seed', '42');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^fills\s+148$/m);
    const bad = run('nope');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain("unknown example 'nope'");
  });
});
