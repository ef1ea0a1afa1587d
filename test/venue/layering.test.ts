import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const DIR = join(ROOT, 'ts', 'venue');

describe('venue layering', () => {
  it('imports only model, common, config, backtest (matching), the Binance adapter, itself, node builtins, ws, zod and decimal.js', () => {
    const bad: string[] = [];
    for (const n of readdirSync(DIR).filter((f) => f.endsWith('.ts'))) {
      const f = join(DIR, n);
      for (const m of readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)) {
        const spec = m[1]!;
        if (spec.startsWith('node:') || spec === 'ws' || spec === 'decimal.js' || spec === 'zod') continue;
        if (!spec.startsWith('.')) {
          bad.push(`${n} -> ${spec}`);
          continue;
        }
        const target = relative(join(ROOT, 'ts'), resolve(DIR, spec));
        const area = target.split('/')[0];
        const ok =
          ['model', 'common', 'config', 'venue'].includes(area!) ||
          target === 'backtest/matching.js' ||
          target.startsWith('adapters/binance/');
        if (!ok) bad.push(`${n} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
