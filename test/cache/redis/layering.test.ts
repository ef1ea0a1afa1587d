import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

const DIR = new URL('../../../ts/cache/redis/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

describe('ts/cache/redis layering', () => {
  it.each(files)(
    '%s imports only its folder, ts/model, ts/common, ioredis, msgpackr and node builtins',
    (file) => {
      const source = readFileSync(new URL(file, DIR), 'utf8');
      const specifiers = [...source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map(
        (m) => m[1],
      );
      for (const s of specifiers) {
        expect(s).toMatch(
          /^(\.\/[a-z-]+\.js|\.\.\/database\.js|\.\.\/\.\.\/(model|common)\/.+\.js|ioredis|msgpackr|decimal\.js|node:module)$/,
        );
      }
    },
  );
});
