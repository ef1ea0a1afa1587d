import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

const DIR = new URL('../../ts/cache/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

describe('ts/cache layering', () => {
  it.each(files)('%s imports only ts/cache, ts/model and ts/common', (file) => {
    const source = readFileSync(new URL(file, DIR), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const s of specifiers) expect(s).toMatch(/^(\.\/[a-z-]+\.js|\.\.\/(model|common)\/.+\.js)$/);
  });
});
