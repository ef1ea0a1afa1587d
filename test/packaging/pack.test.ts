// The way users get Kairos: the npm tarball plus the per-platform package with the prebuilt addon.
// Packs both, installs them into an empty folder with no Rust toolchain on PATH, and uses the
// package there. Needs `npm run build` first (CI runs it through `npm ci`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'kairos-pack-'));
// Node and npm only: no cargo, no rustc.
const PATH = [dirname(process.execPath), '/usr/bin', '/bin'].join(':');

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('packaged install without a Rust toolchain', () => {
  it('installs the tarball with its platform package and runs the native core', () => {
    const stage = join(work, 'stage');
    run(process.execPath, [join(root, 'scripts', 'stage-publish.mjs'), stage], root);
    const packed = JSON.parse(
      run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], stage),
    );
    const platform = JSON.parse(
      run(
        'npm',
        ['pack', '--ignore-scripts', '--json', '--pack-destination', work],
        join(root, 'npm', 'linux-x64-gnu'),
      ),
    );
    const mainFiles: string[] = packed[0].files.map((f: { path: string }) => f.path);
    const manifest = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
    expect(manifest.optionalDependencies['kairos-trader-linux-x64-gnu']).toBe(manifest.version);
    // The main package ships the loader, never a binary: the addon must come from the platform package.
    expect(mainFiles.some((f) => f.endsWith('.node'))).toBe(false);
    expect(mainFiles).toContain('native/index.cjs');
    expect(mainFiles).toContain('dist/index.js');
    expect(platform[0].files.map((f: { path: string }) => f.path)).toContain('kairos.linux-x64-gnu.node');

    const app = join(work, 'app');
    run('mkdir', ['-p', app], work);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'app', version: '1.0.0', type: 'module', private: true }),
    );
    const env = { ...process.env, PATH };
    expect(spawnSync('cargo', ['--version'], { env }).error).toBeDefined();
    const tarballs = readdirSync(work)
      .filter((f) => f.endsWith('.tgz'))
      .map((f) => join(work, f));
    run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], app, env);

    writeFileSync(
      join(app, 'check.mjs'),
      [
        "import { Price, Quantity, coreVersion } from 'kairos-trader';",
        "const p = Price.from('20377.00').add(Price.from('0.125'));",
        'console.log(JSON.stringify({ p: p.toString(), q: Quantity.from(1.5, 3).toString(), core: coreVersion() }));',
      ].join('\n'),
    );
    const out = JSON.parse(run(process.execPath, ['check.mjs'], app, env));
    expect(out).toEqual({ p: '20377.125', q: '1.500', core: '0.1.0' });
  });
});
