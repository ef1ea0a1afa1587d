/** What every engine is built on: the bus it speaks on, the cache it writes, the clock it reads. */
import type { Cache } from '../cache/index.js';
import type { Clock, Logger, MessageBus } from '../common/index.js';

export interface EngineDeps {
  readonly bus: MessageBus;
  readonly cache: Cache;
  readonly clock: Clock;
  /** Parent logger (default: silent). */
  readonly logger?: Logger;
}

/** Calls a client method; a throw or a rejected promise goes to `onError` (never to the caller). */
export function callClient(run: () => void | Promise<void>, onError: (error: unknown) => void): void {
  let result: void | Promise<void>;
  try {
    result = run();
  } catch (error) {
    onError(error);
    return;
  }
  if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
    (result as Promise<void>).then(undefined, onError);
  }
}
