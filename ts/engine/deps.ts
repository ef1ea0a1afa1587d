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

/** Options of the engines that own clients (data, execution). */
export interface ClientOwnerOptions {
  /**
   * Whether `start()` connects and `stop()` disconnects the registered clients (default true).
   * A TradingNode sets it false: it connects each client itself, with its timeout and a reason
   * per client, and starts the engines (their timers) only once reconciled.
   */
  readonly connectClients?: boolean;
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
