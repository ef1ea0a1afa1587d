import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../ts/live/', import.meta.url);
const files = readdirSync(ROOT, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

describe('ts/live layering', () => {
  it.each(files)('%s imports only ts/live, model, common, cache, config and the native handle', (file) => {
    const source = readFileSync(new URL(file, ROOT), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const s of specifiers) {
      if (s?.startsWith('node:') || s === 'decimal.js') continue;
      expect(s).toMatch(
        /^(\.\/[a-z-/]+\.js|(\.\.\/)+(model|common|cache|config|live\/[a-z-]+)\/.+\.js|(\.\.\/)+native\.js|\.\.\/(reconciliation|checks)\/.+\.js)$/,
      );
      expect(s).not.toMatch(/adapters|engine|trading|backtest/);
    }
  });
});
