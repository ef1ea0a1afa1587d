import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kairos-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, config: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

interface Ran {
  readonly code: number | null;
  readonly lines: Record<string, unknown>[];
  readonly stderr: string;
}

/** Runs `kairos run <path>`; sends SIGINT once the node logs that it runs (if it does). */
function run(path: string): Promise<Ran> {
  const child = spawn(process.execPath, ['dist/cli/main.js', 'run', path], { cwd: root });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    const entry = JSON.parse(line) as Record<string, unknown>;
    lines.push(entry);
    if (entry.msg === 'node RUNNING') child.kill('SIGINT');
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, lines, stderr })));
}

const NODE = {
  traderId: 'CLI-001',
  dataClients: { SIM: { type: 'MOCK', venue: 'BINANCE' } },
  execClients: { SIM: { type: 'MOCK', venue: 'BINANCE' } },
};

describe('kairos run', () => {
  it('runs a node from a JSON config with a packaged strategy until SIGINT, then exits 0', async () => {
    const path = writeConfig('node.json', {
      ...NODE,
      strategies: [
        {
          strategyPath: 'kairos-trader:MarketMaker',
          config: { strategyId: 'MM-001', instrumentId: 'BTCUSDT.BINANCE', tradeSize: '0.010' },
        },
      ],
    });
    const r = await run(path);
    const msgs = r.lines.map((l) => l.msg);
    expect(msgs).toContain('node RUNNING');
    expect(msgs.at(-1)).toBe('node stopped (received SIGINT)');
    expect(r.code).toBe(0);
  }, 30_000);

  it('an invalid config exits 2 listing every problem, before anything runs', async () => {
    const path = writeConfig('bad.json', { ...NODE, timeoutConnection: -1, execEngine: { qsize: 0 } });
    const r = await run(path);
    expect(r.code).toBe(2);
    expect(r.lines).toEqual([]);
    expect(r.stderr).toContain('invalid config (2 problems)');
    expect(r.stderr).toContain('timeoutConnection: must be positive');
    expect(r.stderr).toContain('execEngine.qsize: must be positive');
  }, 30_000);

  it('a file that is not JSON exits 2 saying so', async () => {
    const r = await run(writeConfig('broken.json', '{ "traderId": '));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('kairos run: cannot read');
  }, 30_000);

  it('a start-up step that fails exits 1 with the reason logged', async () => {
    const path = writeConfig('missing.json', {
      ...NODE,
      strategies: [{ strategyPath: './nowhere.js:Nothing' }],
    });
    const r = await run(path);
    expect(r.code).toBe(1);
    const failure = r.lines.find((l) => l.level === 50);
    expect(failure?.msg).toContain(
      "node stopping: build failed: STRATEGY_LOAD_FAILED: cannot import './nowhere.js'",
    );
  }, 30_000);
});
