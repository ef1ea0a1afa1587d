import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

// The node is the composition root of the live layer: it may import the engines (below it), and
// only its factory modules reach the clients it builds (the testkit mocks, the Binance adapter).
const ROOT = new URL('../../../ts/live/node/', import.meta.url);
const files = readdirSync(ROOT).filter((f) => f.endsWith('.ts'));
const UPWARD: Readonly<Record<string, RegExp>> = {
  'factories.ts': /^\.\.\/\.\.\/testkit\/mock-(data|execution)-client\.js$/,
  'binance.ts': /^\.\.\/\.\.\/adapters\/binance\/[a-z/-]+\.js$/,
};

describe('ts/live/node layering', () => {
  it.each(files)('%s imports only what sits below the node (plus its named clients)', (file) => {
    const source = readFileSync(new URL(file, ROOT), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map(
      (m) => m[1] ?? '',
    );
    for (const s of specifiers) {
      if (s.startsWith('node:')) continue;
      if (UPWARD[file]?.test(s)) continue;
      expect(s).toMatch(
        /^(\.\/[a-z-]+\.js|\.\.\/\.\.\/(model|common|cache|config|engine)\/.+\.js|\.\.\/(reconciliation|checks)\/.+\.js)$/,
      );
    }
  });
});
