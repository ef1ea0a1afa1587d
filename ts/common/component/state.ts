/**
 * The lifecycle of a component (engine, strategy, actor, client): its states, the triggers that
 * move it, and the one transition table between them.
 *
 * # The table
 * {@link COMPONENT_TRANSITIONS} lists every allowed (state, trigger) -> state, one row per line;
 * every pair not listed is refused. Public triggers (`START`, `STOP`, ...) enter a transitional
 * state (`STARTING`, ...) in which the component's hook runs; the `*_COMPLETED` triggers, fired by
 * the component itself when the hook is done, reach the resting state. `FAULT` is accepted from
 * every transitional state, so that a hook that fails always lands the component in `FAULTED`.
 *
 * @module
 */
import { initError, KairosError } from '../errors.js';

/** The states of a component. */
export const ComponentState = {
  PRE_INITIALIZED: 'PRE_INITIALIZED',
  READY: 'READY',
  STARTING: 'STARTING',
  RUNNING: 'RUNNING',
  STOPPING: 'STOPPING',
  STOPPED: 'STOPPED',
  RESUMING: 'RESUMING',
  RESETTING: 'RESETTING',
  DISPOSING: 'DISPOSING',
  DISPOSED: 'DISPOSED',
  DEGRADING: 'DEGRADING',
  DEGRADED: 'DEGRADED',
  FAULTING: 'FAULTING',
  FAULTED: 'FAULTED',
} as const;
/** A component state. */
export type ComponentState = (typeof ComponentState)[keyof typeof ComponentState];

/** What moves a component from one state to another. */
export const ComponentTrigger = {
  INITIALIZE: 'INITIALIZE',
  START: 'START',
  START_COMPLETED: 'START_COMPLETED',
  STOP: 'STOP',
  STOP_COMPLETED: 'STOP_COMPLETED',
  RESUME: 'RESUME',
  RESUME_COMPLETED: 'RESUME_COMPLETED',
  RESET: 'RESET',
  RESET_COMPLETED: 'RESET_COMPLETED',
  DISPOSE: 'DISPOSE',
  DISPOSE_COMPLETED: 'DISPOSE_COMPLETED',
  DEGRADE: 'DEGRADE',
  DEGRADE_COMPLETED: 'DEGRADE_COMPLETED',
  FAULT: 'FAULT',
  FAULT_COMPLETED: 'FAULT_COMPLETED',
} as const;
/** A component trigger. */
export type ComponentTrigger = (typeof ComponentTrigger)[keyof typeof ComponentTrigger];

/** Every state, in declaration order. */
export const COMPONENT_STATES: readonly ComponentState[] = Object.freeze(Object.values(ComponentState));
/** Every trigger, in declaration order. */
export const COMPONENT_TRIGGERS: readonly ComponentTrigger[] = Object.freeze(Object.values(ComponentTrigger));

/** One row of the transition table: [from, trigger, to]. */
export type ComponentTransition = readonly [
  from: ComponentState,
  trigger: ComponentTrigger,
  to: ComponentState,
];

const S = ComponentState;
const T = ComponentTrigger;

/** THE lifecycle table. Any (state, trigger) pair not listed is invalid. */
export const COMPONENT_TRANSITIONS: readonly ComponentTransition[] = Object.freeze([
  [S.PRE_INITIALIZED, T.INITIALIZE, S.READY],
  [S.READY, T.START, S.STARTING],
  [S.READY, T.RESET, S.RESETTING],
  [S.READY, T.DISPOSE, S.DISPOSING],
  [S.STARTING, T.START_COMPLETED, S.RUNNING],
  [S.STARTING, T.STOP, S.STOPPING], // stop while a slow start is still running
  [S.STARTING, T.FAULT, S.FAULTING],
  [S.RUNNING, T.STOP, S.STOPPING],
  [S.RUNNING, T.DEGRADE, S.DEGRADING],
  [S.RUNNING, T.FAULT, S.FAULTING],
  [S.STOPPING, T.STOP_COMPLETED, S.STOPPED],
  [S.STOPPING, T.FAULT, S.FAULTING],
  [S.STOPPED, T.RESUME, S.RESUMING],
  [S.STOPPED, T.RESET, S.RESETTING],
  [S.STOPPED, T.DISPOSE, S.DISPOSING],
  [S.STOPPED, T.FAULT, S.FAULTING],
  [S.RESUMING, T.RESUME_COMPLETED, S.RUNNING],
  [S.RESUMING, T.STOP, S.STOPPING], // stop while a slow resume is still running
  [S.RESUMING, T.FAULT, S.FAULTING],
  [S.RESETTING, T.RESET_COMPLETED, S.READY],
  [S.RESETTING, T.FAULT, S.FAULTING], // onReset failed
  [S.DISPOSING, T.DISPOSE_COMPLETED, S.DISPOSED],
  [S.DISPOSING, T.FAULT, S.FAULTING], // onDispose failed: resources may be half released
  [S.DEGRADING, T.DEGRADE_COMPLETED, S.DEGRADED],
  [S.DEGRADING, T.FAULT, S.FAULTING],
  [S.DEGRADED, T.RESUME, S.RESUMING], // recovered
  [S.DEGRADED, T.STOP, S.STOPPING],
  [S.DEGRADED, T.FAULT, S.FAULTING],
  [S.FAULTING, T.FAULT_COMPLETED, S.FAULTED],
  // DISPOSED and FAULTED are terminal.
] as const);

const LOOKUP: ReadonlyMap<string, ComponentState> = new Map(
  COMPONENT_TRANSITIONS.map(([from, trigger, to]) => [`${from}|${trigger}`, to]),
);

/** The state `trigger` leads to from `state`, or `undefined` when the table has no such row. */
export function nextComponentState(
  state: ComponentState,
  trigger: ComponentTrigger,
): ComponentState | undefined {
  return LOOKUP.get(`${state}|${trigger}`);
}

/** A trigger the lifecycle table refuses in the current state. Nothing changed. */
export class ComponentStateError extends KairosError {
  declare readonly code: 'COMPONENT_INVALID_TRANSITION';
  readonly component: string;
  readonly state: ComponentState;
  readonly trigger: ComponentTrigger;

  constructor(component: string, state: ComponentState, trigger: ComponentTrigger) {
    super('COMPONENT_INVALID_TRANSITION', `component '${component}' cannot ${trigger} from state ${state}`, {
      component,
      state,
      trigger,
    });
    initError(this, 'ComponentStateError');
    this.component = component;
    this.state = state;
    this.trigger = trigger;
  }
}

/**
 * The state `trigger` leads to from `state`; throws {@link ComponentStateError} (naming
 * `component`) when the table refuses it.
 */
export function transitionComponentState(
  component: string,
  state: ComponentState,
  trigger: ComponentTrigger,
): ComponentState {
  const next = nextComponentState(state, trigger);
  if (next === undefined) throw new ComponentStateError(component, state, trigger);
  return next;
}
