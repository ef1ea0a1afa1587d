/**
 * The bounded queue between execution clients and the engine (`execEngine.qsize`).
 *
 * Clients hand what the venue told them to an {@link ExecutionSink}: order events and account
 * states (for the ExecutionEngine), and order / fill reports received at run time (for the
 * continuous checks, which reconcile them through the native diff). Items are processed in
 * arrival order, in a microtask after they are offered, so a client callback never runs engine
 * code re-entrantly.
 *
 * # When the queue is full (the overflow policy: fail closed)
 * An item offered while `qsize` items wait is NOT queued (queueing it would be unbounded memory)
 * and is counted in `dropped`. On the first drop of an episode the node logs one error
 * (`EXEC_QUEUE_FULL`, with the capacity) and its `onOverflow` handler runs: the TradingNode sets
 * the risk engine's trading state to `HALTED`, so no new order or modification is accepted
 * (cancels still pass) while the engine's view may be missing venue events. The in-flight and
 * open-order checks then re-query the venue for what was dropped. Trading stays halted until an
 * operator sets the trading state back (`node.riskEngine.setTradingState('ACTIVE')`): a dropped
 * fill is not something to resume over silently.
 */
import type { Logger } from '../../common/index.js';
import type { AccountState, OrderEvent } from '../../model/events/index.js';
import type { FillReport, OrderStatusReport } from '../../model/reports/index.js';
import type { ReconciliationClient } from '../reconciliation/client.js';

/** Where an execution client delivers what the venue told it. */
export interface ExecutionSink {
  /** An order event or account state for the ExecutionEngine. Returns false when dropped. */
  event(event: OrderEvent | AccountState): boolean;
  /** An order status report received at run time (reconciled by the checks). */
  orderReport(client: ReconciliationClient, report: OrderStatusReport): boolean;
  /** A fill report received at run time (reconciled by the checks, or held). */
  fillReport(client: ReconciliationClient, fill: FillReport): boolean;
}

/** One queued item. */
export type ExecutionItem =
  | { readonly type: 'event'; readonly event: OrderEvent | AccountState }
  | {
      readonly type: 'orderReport';
      readonly client: ReconciliationClient;
      readonly report: OrderStatusReport;
    }
  | { readonly type: 'fillReport'; readonly client: ReconciliationClient; readonly fill: FillReport };

/** Options of {@link ExecutionQueue}. */
export interface ExecutionQueueOptions {
  /** Capacity (`execEngine.qsize`). */
  readonly capacity: number;
  readonly log: Logger;
  /** Handles one item (never throws back into the queue: errors are logged). */
  readonly handle: (item: ExecutionItem) => void;
  /** Runs on the first drop of an overflow episode (the node halts trading). */
  readonly onOverflow: (dropped: number) => void;
}

/** The bounded FIFO (see the module doc). */
export class ExecutionQueue implements ExecutionSink {
  readonly capacity: number;
  readonly #o: ExecutionQueueOptions;
  // A ring of fixed size: no growth, no shifting.
  readonly #ring: (ExecutionItem | undefined)[];
  #head = 0;
  #size = 0;
  #scheduled = false;
  #dropped = 0;
  #processed = 0;
  #overflowing = false;
  #closed = false;

  constructor(options: ExecutionQueueOptions) {
    this.#o = options;
    this.capacity = options.capacity;
    this.#ring = new Array<ExecutionItem | undefined>(options.capacity);
  }

  /** Items waiting. */
  get size(): number {
    return this.#size;
  }
  /** Items refused because the queue was full, since the start. */
  get dropped(): number {
    return this.#dropped;
  }
  /** Items handled. */
  get processed(): number {
    return this.#processed;
  }

  event(event: OrderEvent | AccountState): boolean {
    return this.offer({ type: 'event', event });
  }
  orderReport(client: ReconciliationClient, report: OrderStatusReport): boolean {
    return this.offer({ type: 'orderReport', client, report });
  }
  fillReport(client: ReconciliationClient, fill: FillReport): boolean {
    return this.offer({ type: 'fillReport', client, fill });
  }

  /** Queues `item`; false (and the overflow policy) when full, or when the queue is closed. */
  offer(item: ExecutionItem): boolean {
    if (this.#closed) return false;
    if (this.#size >= this.capacity) {
      this.#dropped += 1;
      if (!this.#overflowing) {
        this.#overflowing = true;
        this.#o.log.error(
          { code: 'EXEC_QUEUE_FULL', capacity: this.capacity, item: item.type },
          `execution queue full (qsize ${this.capacity}): dropping venue updates and halting trading`,
        );
        this.#o.onOverflow(this.#dropped);
      }
      return false;
    }
    this.#ring[(this.#head + this.#size) % this.capacity] = item;
    this.#size += 1;
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => this.drain());
    }
    return true;
  }

  /** Handles every waiting item now, in order. */
  drain(): void {
    this.#scheduled = false;
    while (this.#size > 0) {
      const item = this.#ring[this.#head] as ExecutionItem;
      this.#ring[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.capacity;
      this.#size -= 1;
      this.#processed += 1;
      try {
        this.#o.handle(item);
      } catch (error) {
        this.#o.log.error({ err: error, item: item.type }, 'execution queue item failed');
      }
    }
    // Room again: a later overflow is a new episode with its own log line.
    this.#overflowing = false;
  }

  /** Refuses new items (the node is stopped); what waits is still drained. */
  close(): void {
    this.#closed = true;
  }
}
