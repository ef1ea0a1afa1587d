// Shared by the JS benchmarks: time functions with mitata and print one JSON line per figure.
import { bench, run } from 'mitata';

/**
 * Runs each `[name, fn]` (fn does `ops` operations per call) and returns ops/s by name.
 * Nothing is printed by mitata itself: the caller prints figures with `emit`.
 */
export async function measure(cases, ops = 1) {
  for (const [name, fn] of cases) bench(name, fn);
  const { benchmarks } = await run({ format: 'quiet', throw: true });
  const out = {};
  for (const b of benchmarks) {
    const trial = b.runs[0];
    out[trial.name] = (1e9 / trial.stats.avg) * ops;
  }
  return out;
}

/** Prints one machine-readable figure. */
export function emit(bench, name, unit, value, extra = {}) {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(4));
  console.log(JSON.stringify({ bench, name, unit, value: rounded, ...extra }));
}
