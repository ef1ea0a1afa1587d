// Runs every benchmark and prints one JSON line per figure:
// each benches/<name>/run.mjs (JS, after `npm run build`), then the Rust criterion benches of the
// core, whose estimates are read back from target/criterion and printed the same way.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2];
let failed = 0;

function runStep(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) {
    failed++;
    console.log(JSON.stringify({ bench: args.join(' '), error: `exit ${r.status ?? r.signal}` }));
  }
}

for (const name of readdirSync(join(root, 'benches')).sort()) {
  if (only && name !== only) continue;
  const entry = join(root, 'benches', name, 'run.mjs');
  if (existsSync(entry)) runStep(process.execPath, [entry]);
}

if (!only || only === 'rust') {
  // Criterion prints its own report on stderr-like stdout; keep ours machine-readable.
  runStep('cargo', ['bench', '-p', 'kairos-core', '--quiet', '--', '--noplot'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const dir = join(root, 'target', 'criterion');
  const walk = (d) =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)],
    );
  if (existsSync(dir)) {
    for (const f of walk(dir)
      .filter((p) => p.endsWith(join('new', 'estimates.json')))
      .sort()) {
      const id = f.slice(dir.length + 1, -'/new/estimates.json'.length);
      const est = JSON.parse(readFileSync(f, 'utf8'));
      const ns = est.median?.point_estimate ?? est.mean.point_estimate;
      console.log(JSON.stringify({ bench: 'rust', name: id, unit: 'ns', value: Number(ns.toPrecision(4)) }));
    }
  }
}
process.exit(failed === 0 ? 0 : 1);
