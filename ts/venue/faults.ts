/**
 * Fault injection: seeded, bounded and changeable at run time. Each kind of fault draws from its
 * own generator (seed + kind), so turning one kind on does not shift the decisions of another, and
 * the same seed with the same traffic gives the same faults. `maxFaults` caps each kind.
 *
 * Stream faults apply per message per connection: drop (never sent), duplicate (sent twice),
 * delay (sent `delayMs` later, so later messages overtake it), reorder (held back and sent right
 * after the next message, or after `delayMs` if none comes).
 */
import { FaultConfig, type FaultConfigInput } from './config.js';
import { SeededRandom, streamOf } from './rng.js';

export type FaultKind =
  | 'userDrop'
  | 'userDuplicate'
  | 'userDelay'
  | 'userReorder'
  | 'marketDrop'
  | 'marketDuplicate'
  | 'marketDelay'
  | 'marketReorder'
  | 'http5xx'
  | 'http429'
  | 'httpUnknown';

export const FAULT_KINDS: readonly FaultKind[] = [
  'userDrop',
  'userDuplicate',
  'userDelay',
  'userReorder',
  'marketDrop',
  'marketDuplicate',
  'marketDelay',
  'marketReorder',
  'http5xx',
  'http429',
  'httpUnknown',
];

/** See the module doc. */
export class FaultInjector {
  #cfg: FaultConfig;
  readonly #seed: number;
  readonly #rngs = new Map<FaultKind, SeededRandom>();
  readonly #counts = new Map<FaultKind | 'disconnect' | 'ban', number>();

  constructor(cfg: FaultConfig, seed: number) {
    this.#cfg = cfg;
    this.#seed = seed;
    for (const k of FAULT_KINDS) this.#rngs.set(k, new SeededRandom(seed, streamOf(`fault:${k}`)));
  }

  get config(): FaultConfig {
    return this.#cfg;
  }

  /** Replaces some settings (validated); generators keep their position. */
  set(change: FaultConfigInput): FaultConfig {
    this.#cfg = FaultConfig.parse({ ...this.#cfg, ...change });
    return this.#cfg;
  }

  /** Back to no faults, generators re-seeded and counts cleared. */
  reset(): void {
    this.#cfg = FaultConfig.parse({});
    this.#counts.clear();
    for (const k of FAULT_KINDS) this.#rngs.set(k, new SeededRandom(this.#seed, streamOf(`fault:${k}`)));
  }

  /** Faults injected so far, per kind. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.#counts.entries()].sort());
  }

  count(kind: FaultKind | 'disconnect' | 'ban'): number {
    return this.#counts.get(kind) ?? 0;
  }

  /** Records a fault that was not drawn (a forced disconnect). */
  record(kind: FaultKind | 'disconnect' | 'ban'): void {
    this.#counts.set(kind, this.count(kind) + 1);
  }

  /** Whether to inject `kind` now; draws only when its rate is above zero. */
  roll(kind: FaultKind): boolean {
    const p = this.#cfg[kind];
    if (p <= 0) return false;
    const hit = this.#rngs.get(kind)!.chance(p);
    if (!hit) return false;
    const max = this.#cfg.maxFaults;
    if (max > 0 && this.count(kind) >= max) return false;
    this.record(kind);
    return true;
  }
}

/**
 * The outgoing pipeline of one connection: applies the stream faults of its kind to each message.
 */
export class FaultyChannel {
  readonly #faults: FaultInjector;
  readonly #prefix: 'user' | 'market';
  readonly #send: (text: string) => void;
  #held: string | null = null;
  #heldTimer: NodeJS.Timeout | null = null;
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(faults: FaultInjector, kind: 'user' | 'market', send: (text: string) => void) {
    this.#faults = faults;
    this.#prefix = kind;
    this.#send = send;
  }

  push(text: string): void {
    if (this.#closed) return;
    const f = this.#faults;
    const p = this.#prefix;
    if (f.roll(`${p}Drop`)) return;
    if (this.#held === null && f.roll(`${p}Reorder`)) {
      this.#held = text;
      this.#heldTimer = setTimeout(() => this.#flushHeld(), f.config.delayMs);
      return;
    }
    if (f.roll(`${p}Delay`)) {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        if (!this.#closed) this.#send(text);
      }, f.config.delayMs);
      this.#timers.add(t);
      return;
    }
    this.#send(text);
    if (f.roll(`${p}Duplicate`)) this.#send(text);
    this.#flushHeld();
  }

  #flushHeld(): void {
    if (this.#heldTimer !== null) clearTimeout(this.#heldTimer);
    this.#heldTimer = null;
    const h = this.#held;
    this.#held = null;
    if (h !== null && !this.#closed) this.#send(h);
  }

  close(): void {
    this.#closed = true;
    if (this.#heldTimer !== null) clearTimeout(this.#heldTimer);
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
