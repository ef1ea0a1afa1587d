/**
 * `SerialQueue`: delivers items to handlers one at a time, in arrival order, whatever the
 * handlers return.
 *
 * # Ordering invariant
 * A handler may return a promise. The next item is delivered only after the previous handler's
 * promise settled (resolved or rejected), so a slow `await` in a strategy never lets a later event
 * overtake an earlier one. An item pushed while a handler runs (synchronously, from inside it, or
 * while its promise is pending) waits its turn.
 *
 * # Performance
 * When the queue is idle and the handler returns nothing, the item is delivered straight away:
 * no allocation, no microtask. Only a pending promise makes items wait in the array.
 *
 * # Errors
 * A handler that throws or rejects is reported to `onError` and the queue goes on with the next
 * item: one bad event never stalls a strategy.
 */

/** A handler of one queued item. */
export type QueueHandler<T> = (item: T) => void | Promise<void>;

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return value !== null && value !== undefined && typeof (value as { then?: unknown }).then === 'function';
}

const NONE: [undefined, undefined] = [undefined, undefined];

/** A per-owner serial queue (see the module doc). */
export class SerialQueue {
  readonly #onError: (error: unknown) => void;
  readonly #handlers: QueueHandler<never>[] = [];
  readonly #items: unknown[] = [];
  #head = 0;
  #busy = false;
  #waiters: (() => void)[] = [];

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** True when nothing runs and nothing waits. */
  get isIdle(): boolean {
    return !this.#busy;
  }

  /** Items waiting (not counting the one running). */
  get pending(): number {
    return this.#items.length - this.#head;
  }

  /** Delivers `item` to `handler` now when idle, else after everything before it. */
  push<T>(handler: QueueHandler<T>, item: T): void {
    if (this.#busy) {
      this.#handlers.push(handler as QueueHandler<never>);
      this.#items.push(item);
      return;
    }
    this.#busy = true;
    this.#drain(handler as QueueHandler<unknown>, item);
  }

  /** Resolves once the queue is idle (at once when it is). */
  whenIdle(): Promise<void> {
    if (!this.#busy) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Drops every waiting item (a reset); the running one finishes. */
  clear(): void {
    this.#handlers.length = 0;
    this.#items.length = 0;
    this.#head = 0;
  }

  #drain(first: QueueHandler<unknown>, firstItem: unknown): void {
    let handler: QueueHandler<unknown> | undefined = first;
    let item: unknown = firstItem;
    while (handler !== undefined) {
      let result: void | Promise<void>;
      try {
        result = handler(item);
      } catch (error) {
        this.#onError(error);
        result = undefined;
      }
      if (isPromiseLike(result)) {
        result.then(
          () => this.#next(),
          (error: unknown) => {
            this.#onError(error);
            this.#next();
          },
        );
        return;
      }
      [handler, item] = this.#shift();
    }
    this.#settle();
  }

  #next(): void {
    const [handler, item] = this.#shift();
    if (handler === undefined) {
      this.#settle();
      return;
    }
    this.#drain(handler, item);
  }

  #shift(): [QueueHandler<unknown> | undefined, unknown] {
    if (this.#head >= this.#items.length) {
      if (this.#head > 0) this.clear();
      return NONE;
    }
    const i = this.#head++;
    const handler = this.#handlers[i] as QueueHandler<unknown>;
    const item = this.#items[i];
    // Compact now and then so a long backlog does not keep every item alive.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#handlers.splice(0, this.#head);
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
    return [handler, item];
  }

  #settle(): void {
    this.#busy = false;
    if (this.#waiters.length === 0) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}
