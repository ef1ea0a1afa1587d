import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

const DIR = new URL('../../ts/config/', import.meta.url);
const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

describe('ts/config layering', () => {
  it.each(files)('%s imports only zod, ts/config and ts/model', (file) => {
    const source = readFileSync(new URL(file, DIR), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]);
    for (const s of specifiers) expect(s).toMatch(/^(zod|\.\/[a-z-]+\.js|\.\.\/model\/.+\.js)$/);
  });
});
