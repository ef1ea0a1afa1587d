import { describe, expect, it } from 'vitest';
import {
  COMPONENT_STATES,
  COMPONENT_TRANSITIONS,
  COMPONENT_TRIGGERS,
  type ComponentState,
  ComponentStateError,
  type ComponentTrigger,
  nextComponentState,
  transitionComponentState,
} from '../../../ts/common/index.js';

/**
 * The lifecycle spec, written independently of the table: per state, the triggers it accepts
 * and where they lead. Everything else must be refused.
 */
const SPEC: Record<ComponentState, Partial<Record<ComponentTrigger, ComponentState>>> = {
  PRE_INITIALIZED: { INITIALIZE: 'READY' },
  READY: { START: 'STARTING', RESET: 'RESETTING', DISPOSE: 'DISPOSING' },
  STARTING: { START_COMPLETED: 'RUNNING', STOP: 'STOPPING', FAULT: 'FAULTING' },
  RUNNING: { STOP: 'STOPPING', DEGRADE: 'DEGRADING', FAULT: 'FAULTING' },
  STOPPING: { STOP_COMPLETED: 'STOPPED', FAULT: 'FAULTING' },
  STOPPED: { RESUME: 'RESUMING', RESET: 'RESETTING', DISPOSE: 'DISPOSING', FAULT: 'FAULTING' },
  RESUMING: { RESUME_COMPLETED: 'RUNNING', STOP: 'STOPPING', FAULT: 'FAULTING' },
  RESETTING: { RESET_COMPLETED: 'READY', FAULT: 'FAULTING' },
  DISPOSING: { DISPOSE_COMPLETED: 'DISPOSED', FAULT: 'FAULTING' },
  DISPOSED: {},
  DEGRADING: { DEGRADE_COMPLETED: 'DEGRADED', FAULT: 'FAULTING' },
  DEGRADED: { RESUME: 'RESUMING', STOP: 'STOPPING', FAULT: 'FAULTING' },
  FAULTING: { FAULT_COMPLETED: 'FAULTED' },
  FAULTED: {},
};

const cases = COMPONENT_STATES.flatMap((state) =>
  COMPONENT_TRIGGERS.map((trigger) => ({ state, trigger, expected: SPEC[state][trigger] })),
);

describe('component transition table', () => {
  it('covers 14 states and 15 triggers', () => {
    expect(COMPONENT_STATES).toHaveLength(14);
    expect(COMPONENT_TRIGGERS).toHaveLength(15);
    expect(cases).toHaveLength(14 * 15);
  });

  it.each(cases)('$state x $trigger -> $expected', ({ state, trigger, expected }) => {
    expect(nextComponentState(state, trigger)).toBe(expected);
    if (expected === undefined) {
      let thrown: unknown;
      try {
        transitionComponentState('MyStrategy-001', state, trigger);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ComponentStateError);
      const error = thrown as ComponentStateError;
      expect(error.code).toBe('COMPONENT_INVALID_TRANSITION');
      expect(error.message).toContain('MyStrategy-001');
      expect(error.message).toContain(state);
      expect(error.message).toContain(trigger);
      expect(error.details).toEqual({ component: 'MyStrategy-001', state, trigger });
    } else {
      expect(transitionComponentState('c', state, trigger)).toBe(expected);
    }
  });

  it('has no duplicate (state, trigger) rows', () => {
    const keys = COMPONENT_TRANSITIONS.map(([from, trigger]) => `${from}|${trigger}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('lets every state be reached from PRE_INITIALIZED', () => {
    const reached = new Set<ComponentState>(['PRE_INITIALIZED']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [from, , to] of COMPONENT_TRANSITIONS) {
        if (reached.has(from) && !reached.has(to)) {
          reached.add(to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...COMPONENT_STATES].sort());
  });

  it('is frozen data', () => {
    expect(Object.isFrozen(COMPONENT_TRANSITIONS)).toBe(true);
  });
});
