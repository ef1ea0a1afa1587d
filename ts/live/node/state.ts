/**
 * The lifecycle of a {@link TradingNode}: its states, the triggers that move it, and the one
 * transition table between them (the same shape as the Component table in `common/component`).
 *
 * ```
 * IDLE -> BUILT -> CONNECTING -> RECONCILING -> AWAITING_PORTFOLIO -> STARTING_STRATEGIES -> RUNNING
 *                      \______(reconciliation off)_____/
 * any of those -> STOPPING -> DISCONNECTING -> POST_STOP -> STOPPED (terminal)
 * ```
 * `STOPPING` stops strategies and the continuous checks; `DISCONNECTING` disconnects every client
 * (`timeoutDisconnection`); `POST_STOP` closes the cache database (`timeoutPostStop`).
 *
 * @module
 */
import { KairosError } from '../../model/errors.js';

/** The states of a node. */
export const NodeState = {
  IDLE: 'IDLE',
  BUILT: 'BUILT',
  CONNECTING: 'CONNECTING',
  RECONCILING: 'RECONCILING',
  AWAITING_PORTFOLIO: 'AWAITING_PORTFOLIO',
  STARTING_STRATEGIES: 'STARTING_STRATEGIES',
  RUNNING: 'RUNNING',
  STOPPING: 'STOPPING',
  DISCONNECTING: 'DISCONNECTING',
  POST_STOP: 'POST_STOP',
  STOPPED: 'STOPPED',
} as const;
export type NodeState = (typeof NodeState)[keyof typeof NodeState];

/** What moves a node. */
export const NodeTrigger = {
  BUILD: 'BUILD',
  CONNECT: 'CONNECT',
  RECONCILE: 'RECONCILE',
  AWAIT_PORTFOLIO: 'AWAIT_PORTFOLIO',
  START_STRATEGIES: 'START_STRATEGIES',
  RUN: 'RUN',
  STOP: 'STOP',
  DISCONNECT: 'DISCONNECT',
  POST_STOP: 'POST_STOP',
  FINISH: 'FINISH',
} as const;
export type NodeTrigger = (typeof NodeTrigger)[keyof typeof NodeTrigger];

/** One row of the table: [from, trigger, to]. */
export type NodeTransition = readonly [from: NodeState, trigger: NodeTrigger, to: NodeState];

const S = NodeState;
const T = NodeTrigger;

/** THE node lifecycle table. Any (state, trigger) pair not listed is refused. */
export const NODE_TRANSITIONS: readonly NodeTransition[] = Object.freeze([
  [S.IDLE, T.BUILD, S.BUILT],
  [S.BUILT, T.CONNECT, S.CONNECTING],
  [S.CONNECTING, T.RECONCILE, S.RECONCILING],
  [S.CONNECTING, T.AWAIT_PORTFOLIO, S.AWAITING_PORTFOLIO], // execEngine.reconciliation is false
  [S.RECONCILING, T.AWAIT_PORTFOLIO, S.AWAITING_PORTFOLIO],
  [S.AWAITING_PORTFOLIO, T.START_STRATEGIES, S.STARTING_STRATEGIES],
  [S.STARTING_STRATEGIES, T.RUN, S.RUNNING],
  // A stop (requested, a signal, or a failed step) is accepted from every state before STOPPING.
  [S.IDLE, T.STOP, S.STOPPING],
  [S.BUILT, T.STOP, S.STOPPING],
  [S.CONNECTING, T.STOP, S.STOPPING],
  [S.RECONCILING, T.STOP, S.STOPPING],
  [S.AWAITING_PORTFOLIO, T.STOP, S.STOPPING],
  [S.STARTING_STRATEGIES, T.STOP, S.STOPPING],
  [S.RUNNING, T.STOP, S.STOPPING],
  [S.STOPPING, T.DISCONNECT, S.DISCONNECTING],
  [S.DISCONNECTING, T.POST_STOP, S.POST_STOP],
  [S.POST_STOP, T.FINISH, S.STOPPED],
  // STOPPED is terminal: a node runs once.
] as const);

const LOOKUP: ReadonlyMap<string, NodeState> = new Map(
  NODE_TRANSITIONS.map(([from, trigger, to]) => [`${from}|${trigger}`, to]),
);

/** The state `trigger` leads to from `state`, or `undefined` when the table has no such row. */
export function nextNodeState(state: NodeState, trigger: NodeTrigger): NodeState | undefined {
  return LOOKUP.get(`${state}|${trigger}`);
}

/** A trigger the node table refuses (e.g. `start()` on a stopped node). Nothing changed. */
export class NodeStateError extends KairosError {
  readonly state: NodeState;
  readonly trigger: NodeTrigger;

  constructor(state: NodeState, trigger: NodeTrigger) {
    super('NODE_INVALID_TRANSITION', `trading node cannot ${trigger} from state ${state}`, {
      state,
      trigger,
    });
    this.name = 'NodeStateError';
    this.state = state;
    this.trigger = trigger;
  }
}

/** The state `trigger` leads to; throws {@link NodeStateError} when the table refuses it. */
export function transitionNodeState(state: NodeState, trigger: NodeTrigger): NodeState {
  const next = nextNodeState(state, trigger);
  if (next === undefined) throw new NodeStateError(state, trigger);
  return next;
}
