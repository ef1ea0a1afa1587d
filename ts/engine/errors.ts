/**
 * Errors of the engine layer, and the typed counters of what an engine dropped.
 *
 * An engine never throws at the bus or at a client for bad input from outside (an event for an
 * unknown order, an invalid transition, a client that failed): it logs it, counts it under a
 * stable code and carries on. It throws an {@link EngineError} only for wiring mistakes made by
 * its owner (a client registered twice, a command with no client to route to when asked
 * directly).
 */
import { initError, KairosError, type KairosErrorOptions } from '../common/errors.js';

/** Every code an {@link EngineError} may carry, and every counter of dropped input. */
export const EngineErrorCode = {
  /** A client id is registered twice. */
  ENGINE_DUPLICATE_CLIENT: 'ENGINE_DUPLICATE_CLIENT',
  /** No client (explicit, by venue, or default) can take the command. */
  ENGINE_NO_CLIENT: 'ENGINE_NO_CLIENT',
  /** A command or event names an order the cache does not hold. */
  ENGINE_UNKNOWN_ORDER: 'ENGINE_UNKNOWN_ORDER',
  /** A fill for an instrument the cache does not hold (the order moved; no position was built). */
  ENGINE_UNKNOWN_INSTRUMENT: 'ENGINE_UNKNOWN_INSTRUMENT',
  /** The order refused the event (invalid transition, duplicate fill, overfill, mismatch). */
  ENGINE_INVALID_EVENT: 'ENGINE_INVALID_EVENT',
  /** A position refused a fill, or an account refused a state. */
  ENGINE_INVALID_STATE: 'ENGINE_INVALID_STATE',
  /** A client method threw or its promise rejected. */
  ENGINE_CLIENT_FAILED: 'ENGINE_CLIENT_FAILED',
  /** Market data the engine could not apply (a book refused a delta, an aggregator a tick). */
  ENGINE_INVALID_DATA: 'ENGINE_INVALID_DATA',
  /** A bad argument from the engine's owner. */
  ENGINE_INVALID_ARGUMENT: 'ENGINE_INVALID_ARGUMENT',
} as const;

/** An {@link EngineError} code. */
export type EngineErrorCode = (typeof EngineErrorCode)[keyof typeof EngineErrorCode];

/** A refused engine operation (a wiring mistake of the owner). */
export class EngineError extends KairosError {
  declare readonly code: EngineErrorCode;

  constructor(code: EngineErrorCode, message: string, options: KairosErrorOptions = {}) {
    super(code, message, options.details);
    initError(this, 'EngineError', options.cause);
  }
}

/** How many inputs an engine dropped, per code. Every code is always present. */
export type EngineErrorCounts = Readonly<Record<EngineErrorCode, number>>;

/** A mutable counter per code, with a frozen copy for readers. */
export class ErrorCounter {
  readonly #counts: Record<EngineErrorCode, number>;

  constructor() {
    const counts = {} as Record<EngineErrorCode, number>;
    for (const code of Object.values(EngineErrorCode)) counts[code] = 0;
    this.#counts = counts;
  }

  add(code: EngineErrorCode): void {
    this.#counts[code] += 1;
  }

  get(code: EngineErrorCode): number {
    return this.#counts[code];
  }

  /** The total over every code. */
  get total(): number {
    let n = 0;
    for (const v of Object.values(this.#counts)) n += v;
    return n;
  }

  snapshot(): EngineErrorCounts {
    return Object.freeze({ ...this.#counts });
  }

  reset(): void {
    for (const code of Object.values(EngineErrorCode)) this.#counts[code] = 0;
  }
}

/** The `code` of a thrown value, when it has one. */
export function codeOf(error: unknown): string | undefined {
  return error instanceof KairosError ? error.code : undefined;
}
