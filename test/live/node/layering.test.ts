import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

// The node is the composition root of the live layer: it may import the engines (below it) and
// nothing above it. The clients it builds (testkit mocks, the Binance adapter) sit above and reach
// it through factories (`ts/trading-node.ts`).
const ROOT = new URL('../../../ts/live/node/', import.meta.url);
const files = readdirSync(ROOT).filter((f) => f.endsWith('.ts'));

describe('ts/live/node layering', () => {
  it.each(files)('%s imports only what sits below the node', (file) => {
    const source = readFileSync(new URL(file, ROOT), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map(
      (m) => m[1] ?? '',
    );
    for (const s of specifiers) {
      if (s.startsWith('node:')) continue;
      expect(s).toMatch(
        /^(\.\/[a-z-]+\.js|\.\.\/\.\.\/(model|common|cache|config|engine)\/.+\.js|\.\.\/(reconciliation|checks)\/.+\.js)$/,
      );
    }
  });
});
