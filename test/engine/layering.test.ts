import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

const DIR = new URL('../../ts/engine/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

describe('ts/engine layering', () => {
  it.each(files)('%s imports only ts/engine, ts/model, ts/common, ts/cache and ts/config', (file) => {
    const source = readFileSync(new URL(file, DIR), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const s of specifiers) {
      expect(s).toMatch(/^(decimal\.js|\.\/[a-z-]+\.js|\.\.\/(model|common|cache|config)\/.+\.js)$/);
    }
  });

  it('exports what it lists from index.ts', async () => {
    const engine = await import('../../ts/engine/index.js');
    for (const name of [
      'DataEngine',
      'RiskEngine',
      'ExecutionEngine',
      'Portfolio',
      'Topics',
      'Endpoint',
      'TradingState',
    ]) {
      expect(engine).toHaveProperty(name);
    }
  });
});
