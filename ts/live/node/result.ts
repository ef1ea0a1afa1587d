/**
 * Why a node stopped: `NodeStopped`, the typed result of `stop()`, `run()` and a failed
 * `start()`. Readonly plain data; the log line of a failed step carries the same fields.
 */

/** The steps of the node lifecycle a failure or timeout is attributed to. */
export type NodeStep =
  | 'build'
  | 'connect'
  | 'reconcile'
  | 'portfolio'
  | 'start-strategies'
  | 'external-streams'
  | 'stop-strategies'
  | 'disconnect'
  | 'post-stop';

/** Why the node stopped. */
export type NodeStopReason =
  /** `stop()` was called. */
  | { readonly type: 'REQUESTED' }
  /** SIGINT or SIGTERM (with `installSignalHandlers`). */
  | { readonly type: 'SIGNAL'; readonly signal: 'SIGINT' | 'SIGTERM' }
  /** A start-up step failed; `reasons` holds every cause (one per venue for reconciliation). */
  | {
      readonly type: 'FAILED';
      readonly step: NodeStep;
      readonly message: string;
      readonly reasons: readonly string[];
    }
  /** A start-up step did not finish within its timeout. */
  | {
      readonly type: 'TIMEOUT';
      readonly step: NodeStep;
      readonly timeoutSecs: number;
      readonly message: string;
      /** What had not finished (the clients that had not connected, ...). */
      readonly pending: readonly string[];
    };

/** The node is stopped, and why. */
export interface NodeStopped {
  readonly type: 'NodeStopped';
  readonly reason: NodeStopReason;
  /** Problems met while stopping (a disconnect timeout, a strategy whose stop threw). */
  readonly stopProblems: readonly string[];
  readonly tsEvent: bigint;
}

/** The node is running: strategies started, checks on. */
export interface NodeRunning {
  readonly type: 'NodeRunning';
  readonly tsEvent: bigint;
}

/** What `start()` resolves to. */
export type NodeStartResult = NodeRunning | NodeStopped;

/** One line describing `reason` (for logs and CLI output). */
export function describeStopReason(reason: NodeStopReason): string {
  switch (reason.type) {
    case 'REQUESTED':
      return 'stop requested';
    case 'SIGNAL':
      return `received ${reason.signal}`;
    case 'FAILED':
      return `${reason.step} failed: ${reason.message}`;
    case 'TIMEOUT':
      return `${reason.step} timed out after ${reason.timeoutSecs}s: ${reason.message}`;
  }
}
