import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

const DIR = new URL('../../ts/trading/', import.meta.url);
const files = readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

describe('ts/trading layering', () => {
  it('has the files it should', () => {
    expect(files).toEqual(expect.arrayContaining(['ids.ts', 'order-factory.ts', 'managers/contingent.ts']));
  });

  it.each(files)(
    '%s imports only ts/trading, ts/engine, ts/cache, ts/model and ts/common ts/engine (never a layer above)',
    (file) => {
      const source = readFileSync(new URL(file, DIR), 'utf8');
      const specifiers = [...source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map(
        (m) => m[1],
      );
      for (const s of specifiers) {
        if (s === 'decimal.js') continue;
        expect(s).toMatch(/^(\.\/[a-z-/]+\.js|(\.\.\/)+(model|common|cache|engine)\/.+\.js)$/);
      }
    },
  );
});
