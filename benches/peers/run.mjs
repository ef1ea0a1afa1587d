// Peer benchmarks: replays the shared order-book stream (benches/orderbook/stream.mjs) through
// NautilusTrader's Python and Rust order books and prints one JSON line per peer on stdout:
//   {"bench":"orderbook","name":"peer.nautilus_py.apply_delta","unit":"deltas/s","value":...}
// A peer that cannot be installed or built (offline, no wheel, no cargo) prints instead
//   {"bench":"orderbook","name":"peer.nautilus_py.apply_delta","skipped":"<reason>"}
// and the runner still exits 0. Every step has a time limit (below), so the run is bounded.
// Progress and peer versions go to stderr.
//
// Usage: node benches/peers/run.mjs [--deltas 1000000] [--seed 42] [--repeats 3] [--only py|rs]

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DELTAS, DEFAULT_SEED, ensureStream } from '../orderbook/stream.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const VENV_PYTHON = join(HERE, '.venv', 'bin', 'python');
const RS_DIR = join(HERE, 'nautilus_rs');
const RS_TARGET = join(RS_DIR, 'target');
const RS_BIN = join(RS_TARGET, 'release', 'kairos-peer-nautilus-rs');

const LIMITS_S = {
  pySetup: 600, // venv + pip download of one wheel
  rsBuild: 1200, // first build of nautilus-model and its dependencies on a small machine
  bench: 600, // parsing 1M rows, building the deltas, and the timed replays
};

function parseArgs(argv) {
  const opts = { deltas: DEFAULT_DELTAS, seed: DEFAULT_SEED, repeats: 3, only: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const raw = argv[i + 1];
    if (key === '--only') {
      if (raw !== 'py' && raw !== 'rs') throw new Error('--only: expected py or rs');
      opts.only = raw;
      continue;
    }
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${key}: expected a positive integer`);
    if (key === '--deltas') opts.deltas = value;
    else if (key === '--seed') opts.seed = value;
    else if (key === '--repeats') opts.repeats = value;
    else throw new Error(`unknown option ${key}`);
  }
  return opts;
}

/** Runs a command in its own process group; kills the whole group when the limit is reached. */
function run(cmd, args, { limitS, env = process.env, cwd = HERE }) {
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      resolve({ ok: false, stdout: '', stderr: String(err), timedOut: false });
      return;
    }
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, limitS * 1000);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ ok: false, stdout, stderr: `${stderr}${err.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0 && !timedOut, stdout, stderr, timedOut });
    });
  });
}

function why(step, result, limitS) {
  if (result.timedOut) return `${step} took longer than ${limitS}s`;
  const lines = result.stderr.trim().split('\n').filter(Boolean);
  return `${step} failed: ${lines.slice(-3).join(' | ') || 'no output'}`;
}

function skipped(name, reason) {
  return JSON.stringify({ bench: 'orderbook', name, skipped: reason });
}

/** The last stdout line that parses as a figure, or undefined. */
function figure(stdout) {
  const line = stdout.trim().split('\n').at(-1);
  try {
    const parsed = JSON.parse(line ?? '');
    return typeof parsed.value === 'number' ? JSON.stringify(parsed) : undefined;
  } catch {
    return undefined;
  }
}

async function nautilusPy(stream, repeats) {
  const name = 'peer.nautilus_py.apply_delta';
  console.error('[peers] nautilus_py: setup (idempotent)');
  const setup = await run('bash', [join(HERE, 'nautilus_py', 'setup.sh')], { limitS: LIMITS_S.pySetup });
  if (!setup.ok)
    return skipped(name, why('setup.sh (venv + pip install nautilus_trader)', setup, LIMITS_S.pySetup));
  console.error('[peers] nautilus_py: replaying');
  const bench = await run(VENV_PYTHON, [join(HERE, 'nautilus_py', 'bench.py'), stream, String(repeats)], {
    limitS: LIMITS_S.bench,
  });
  process.stderr.write(bench.stderr);
  const line = bench.ok ? figure(bench.stdout) : undefined;
  return line ?? skipped(name, why('bench.py', bench, LIMITS_S.bench));
}

async function nautilusRs(stream, repeats) {
  const name = 'peer.nautilus_rs.apply_delta';
  console.error('[peers] nautilus_rs: cargo build --release (incremental)');
  // Its own target dir, whatever CARGO_TARGET_DIR the caller has; fail fast when offline.
  const env = { ...process.env, CARGO_NET_RETRY: '1', CARGO_HTTP_TIMEOUT: '20' };
  delete env.CARGO_TARGET_DIR;
  const build = await run(
    'cargo',
    [
      'build',
      '--release',
      '--quiet',
      '--manifest-path',
      join(RS_DIR, 'Cargo.toml'),
      '--target-dir',
      RS_TARGET,
    ],
    { limitS: LIMITS_S.rsBuild, env },
  );
  if (!build.ok || !existsSync(RS_BIN))
    return skipped(name, why('cargo build of nautilus-model', build, LIMITS_S.rsBuild));
  const lock = readFileSync(join(RS_DIR, 'Cargo.lock'), 'utf8');
  const version = /name = "nautilus-model"\nversion = "([^"]+)"/.exec(lock)?.[1] ?? 'unknown';
  console.error(`[peers] nautilus_rs: replaying (nautilus-model ${version})`);
  const bench = await run(RS_BIN, [stream, String(repeats)], { limitS: LIMITS_S.bench });
  process.stderr.write(bench.stderr);
  const line = bench.ok ? figure(bench.stdout) : undefined;
  return line ?? skipped(name, why('nautilus_rs bench', bench, LIMITS_S.bench));
}

const opts = parseArgs(process.argv.slice(2));
console.error(`[peers] stream: ${opts.deltas} deltas, seed ${opts.seed}`);
const stream = ensureStream({ seed: opts.seed, deltas: opts.deltas });
console.error(`[peers] stream file: ${stream}`);
// One after the other: parallel runs would measure each other on a small machine.
if (opts.only !== 'rs') console.log(await nautilusPy(stream, opts.repeats));
if (opts.only !== 'py') console.log(await nautilusRs(stream, opts.repeats));
