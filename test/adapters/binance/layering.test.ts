import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));
const DIR = join(ROOT, 'ts', 'adapters', 'binance');

function files(d: string): string[] {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('Binance adapter layering', () => {
  it('imports only model, common, config, itself, the shared adapter checks, node builtins, ws and decimal.js (no engine), but for its node clients', () => {
    const bad: string[] = [];
    for (const f of files(DIR)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)) {
        const spec = m[1]!;
        if (spec.startsWith('node:') || spec === 'ws' || spec === 'decimal.js') continue;
        if (!spec.startsWith('.')) {
          bad.push(`${relative(ROOT, f)} -> ${spec}`);
          continue;
        }
        const target = relative(join(ROOT, 'ts'), resolve(join(f, '..'), spec));
        const area = target.split('/')[0];
        const ok =
          area === 'model' ||
          area === 'common' ||
          area === 'config' ||
          target.startsWith('adapters/binance/') ||
          // Checks shared by every venue's adapter.
          target === 'adapters/levels.js' ||
          // The node clients implement the engine's and the live node's client interfaces (the
          // layers below adapters), and nothing else of them.
          (relative(DIR, f) === 'node-clients.ts' &&
            /^(engine\/(clients|commands|topics)|live\/node\/clients|live\/reconciliation\/client)\.js$/.test(
              target,
            ));
        if (!ok) bad.push(`${relative(ROOT, f)} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('has no `any`', () => {
    const offenders = files(DIR).filter((f) => /:\s*any\b|as any\b|<any>/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
