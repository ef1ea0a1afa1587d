// Lays out the publishable main package in a folder, the way a release does it: the package's
// own files plus `optionalDependencies` on one prebuilt package per napi target (what
// `napi pre-publish` writes). Usage: node scripts/stage-publish.mjs <outdir>
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = process.argv[2];
if (!out) throw new Error('usage: stage-publish.mjs <outdir>');

// napi target triple -> the platform suffix of its package (and of its .node file).
const SUFFIX = {
  'x86_64-unknown-linux-gnu': 'linux-x64-gnu',
  'aarch64-unknown-linux-gnu': 'linux-arm64-gnu',
  'x86_64-unknown-linux-musl': 'linux-x64-musl',
  'x86_64-apple-darwin': 'darwin-x64',
  'aarch64-apple-darwin': 'darwin-arm64',
  'x86_64-pc-windows-msvc': 'win32-x64-msvc',
};

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
pkg.optionalDependencies = Object.fromEntries(
  pkg.napi.targets.map((t) => {
    if (!SUFFIX[t]) throw new Error(`no platform suffix known for napi target ${t}`);
    return [`${pkg.name}-${SUFFIX[t]}`, pkg.version];
  }),
);
delete pkg.scripts;
delete pkg.devDependencies;
mkdirSync(out, { recursive: true });
for (const f of pkg.files) cpSync(join(root, f), join(out, f), { recursive: true });
writeFileSync(join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
