// Runs every benchmark and prints one JSON line per figure:
// each benches/<name>/run.mjs (JS, after `npm run build`), then the Rust criterion benches of the
// core, whose estimates are read back from target/criterion and printed the same way; last, the
// ratios against peers that the figures of this one run allow.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv[2];
const figures = new Map();
let failed = 0;

function record(line) {
  console.log(line);
  try {
    const f = JSON.parse(line);
    if (typeof f.value === 'number') figures.set(`${f.bench}/${f.name}`, f);
  } catch {
    // Not a figure: passed through as printed.
  }
}

function runStep(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    ...opts,
  });
  for (const line of (r.stdout ?? '').split('\n')) if (line.trim() !== '') record(line);
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
  // Criterion's own report is not machine-readable: its estimates are read back instead.
  const r = spawnSync('cargo', ['bench', '-p', 'kairos-core', '--quiet', '--', '--noplot'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) failed++;
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
      record(JSON.stringify({ bench: 'rust', name: id, unit: 'ns', value: Number(ns.toPrecision(4)) }));
    }
  }
}

// Ratios of ours to a peer, from figures of this run only (a missing side prints nothing).
const RATIOS = [
  ['orderbook', 'ts.applyDeltas', 'orderbook', 'peer.nautilus_py.apply_delta', 'ts_batch_vs_nautilus_py'],
  ['orderbook', 'ts.applyDelta', 'orderbook', 'peer.nautilus_py.apply_delta', 'ts_single_vs_nautilus_py'],
  [
    'rust',
    'orderbook_l2_shared_stream/apply_delta',
    'orderbook',
    'peer.nautilus_rs.apply_delta',
    'rust_core_vs_nautilus_rs',
  ],
];
for (const [ob, on, pb, pn, name] of RATIOS) {
  const ours = figures.get(`${ob}/${on}`);
  const peer = figures.get(`${pb}/${pn}`);
  if (!ours || !peer) continue;
  const oursPerSec = ours.unit === 'ns' ? 1e9 / ours.value : ours.value;
  const ratio = oursPerSec / peer.value;
  console.log(
    JSON.stringify({
      bench: 'orderbook',
      name: `ratio.${name}`,
      unit: 'x',
      value: Number(ratio.toPrecision(4)),
    }),
  );
}
process.exit(failed === 0 ? 0 : 1);
