/**
 * The real Binance payloads in `shared/data/binance/`, read in place. The folder is found by
 * walking up from this file (the repo root's sibling `shared/`, wherever the checkout lives).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findDataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared', 'data', 'binance');
    if (existsSync(candidate)) return candidate;
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('shared/data/binance not found above the test directory');
    dir = parent;
  }
}

export const DATA_DIR = findDataDir();

/** Parsed JSON of `rel` (e.g. `spot/http/order_response.json`). */
export function load(rel: string): unknown {
  return JSON.parse(readFileSync(join(DATA_DIR, rel), 'utf8'));
}

/** Raw text of `rel`. */
export function loadText(rel: string): string {
  return readFileSync(join(DATA_DIR, rel), 'utf8');
}

/** Every payload file, relative to the data dir, sorted. */
export function allPayloadFiles(): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(DATA_DIR, p));
    }
  };
  walk(DATA_DIR);
  return out.sort();
}
