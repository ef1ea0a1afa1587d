// Every TypeScript example in README runs as a user would run it: compiled to JS, importing the
// built package by its name, in its own Node process. Each `// => text` comment is an expected
// line of output, in order.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
// Inside the package folder, so `import 'kairos-trader'` resolves to this package (self-reference).
const dir = join(root, 'test', '.readme');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README examples', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThan(2);
  });

  it.each(blocks.map((code, i) => [i + 1, code] as const))(
    'example %i prints what README says',
    (i, code) => {
      const expected = [...code.matchAll(/\/\/ => (.*)$/gm)].map((m) => m[1]!.trimEnd());
      const js = ts.transpileModule(code, {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `example-${i}.mjs`);
      writeFileSync(file, js);
      const r = spawnSync(process.execPath, [file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout.trimEnd().split('\n')).toEqual(expected);
    },
  );
});
