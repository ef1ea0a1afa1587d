import { describe, expect, it } from 'vitest';
import {
  COMPONENT_STATES,
  Component,
  type ComponentOptions,
  ComponentState,
  ComponentStateError,
  type ComponentTrigger,
  createLogger,
  nextComponentState,
} from '../../../ts/common/index.js';

type HookName = 'onStart' | 'onStop' | 'onResume' | 'onReset' | 'onDispose' | 'onDegrade' | 'onFault';

/** A component whose hooks are recorded and can be made pending or failing per hook. */
class Probe extends Component {
  readonly calls: string[] = [];
  readonly changes: string[] = [];
  readonly pending = new Map<HookName, Promise<void>>();
  readonly failing = new Map<HookName, 'throw' | 'reject'>();

  constructor(id = 'Probe-1', options: ComponentOptions = {}) {
    super(id, options);
  }

  #hook(name: HookName): void | Promise<void> {
    this.calls.push(name);
    const failing = this.failing.get(name);
    if (failing === 'throw') throw new Error(`${name} failed`);
    if (failing === 'reject') return Promise.reject(new Error(`${name} failed`));
    return this.pending.get(name);
  }

  protected override onStart() {
    return this.#hook('onStart');
  }
  protected override onStop() {
    return this.#hook('onStop');
  }
  protected override onResume() {
    return this.#hook('onResume');
  }
  protected override onReset() {
    return this.#hook('onReset');
  }
  protected override onDispose() {
    return this.#hook('onDispose');
  }
  protected override onDegrade() {
    return this.#hook('onDegrade');
  }
  protected override onFault() {
    return this.#hook('onFault');
  }
  protected override onStateChanged(
    from: ComponentState,
    to: ComponentState,
    trigger: ComponentTrigger,
  ): void {
    this.changes.push(`${from}-${trigger}->${to}`);
  }
}

const NEVER = new Promise<void>(() => {});

/** Brings a fresh Probe into `state` using only its public methods. */
function probeIn(state: ComponentState): Probe {
  const p = new Probe();
  const hold = (hook: HookName, act: () => Promise<void>) => {
    p.pending.set(hook, NEVER);
    void act();
    p.pending.delete(hook);
  };
  const running = () => {
    p.initialize();
    void p.start();
  };
  const stopped = () => {
    running();
    void p.stop();
  };
  switch (state) {
    case 'PRE_INITIALIZED':
      break;
    case 'READY':
      p.initialize();
      break;
    case 'STARTING':
      p.initialize();
      hold('onStart', () => p.start());
      break;
    case 'RUNNING':
      running();
      break;
    case 'STOPPING':
      running();
      hold('onStop', () => p.stop());
      break;
    case 'STOPPED':
      stopped();
      break;
    case 'RESUMING':
      stopped();
      hold('onResume', () => p.resume());
      break;
    case 'RESETTING':
      stopped();
      hold('onReset', () => p.reset());
      break;
    case 'DISPOSING':
      stopped();
      hold('onDispose', () => p.dispose());
      break;
    case 'DISPOSED':
      stopped();
      void p.dispose();
      break;
    case 'DEGRADING':
      running();
      hold('onDegrade', () => p.degrade());
      break;
    case 'DEGRADED':
      running();
      void p.degrade();
      break;
    case 'FAULTING':
      running();
      hold('onFault', () => p.fault());
      break;
    case 'FAULTED':
      running();
      void p.fault();
      break;
  }
  expect(p.state).toBe(state);
  p.calls.length = 0;
  p.changes.length = 0;
  return p;
}

const ACTIONS: Array<[ComponentTrigger, (p: Probe) => unknown, ComponentTrigger | undefined]> = [
  ['INITIALIZE', (p) => p.initialize(), undefined],
  ['START', (p) => p.start(), 'START_COMPLETED'],
  ['STOP', (p) => p.stop(), 'STOP_COMPLETED'],
  ['RESUME', (p) => p.resume(), 'RESUME_COMPLETED'],
  ['RESET', (p) => p.reset(), 'RESET_COMPLETED'],
  ['DISPOSE', (p) => p.dispose(), 'DISPOSE_COMPLETED'],
  ['DEGRADE', (p) => p.degrade(), 'DEGRADE_COMPLETED'],
  ['FAULT', (p) => p.fault(), 'FAULT_COMPLETED'],
];

describe('Component methods in every state', () => {
  const cases = COMPONENT_STATES.flatMap((state) =>
    ACTIONS.map(([trigger, act, completed]) => ({ state, trigger, act, completed })),
  );

  it.each(cases)('$state: $trigger', ({ state, trigger, act, completed }) => {
    const p = probeIn(state);
    const via = nextComponentState(state, trigger);
    if (via === undefined) {
      let thrown: unknown;
      try {
        act(p);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ComponentStateError);
      expect((thrown as Error).message).toBe(`component 'Probe-1' cannot ${trigger} from state ${state}`);
      expect(p.state).toBe(state); // nothing changed
      expect(p.calls).toEqual([]);
      expect(p.changes).toEqual([]);
    } else {
      void act(p);
      // Hooks are synchronous here, so the component is already at rest.
      const rest = completed === undefined ? via : nextComponentState(via, completed);
      expect(p.state).toBe(rest);
      expect(p.changes[0]).toBe(`${state}-${trigger}->${via}`);
    }
  });
});

describe('Component lifecycle', () => {
  it('starts PRE_INITIALIZED and runs a full cycle, hooks in order', async () => {
    const p = new Probe();
    expect(p.state).toBe('PRE_INITIALIZED');
    p.initialize();
    expect(p.isReady).toBe(true);
    await p.start();
    expect(p.isRunning).toBe(true);
    await p.degrade();
    expect(p.isDegraded).toBe(true);
    await p.resume();
    await p.stop();
    expect(p.isStopped).toBe(true);
    await p.reset();
    expect(p.state).toBe('READY');
    await p.dispose();
    expect(p.isDisposed).toBe(true);
    expect(p.calls).toEqual(['onStart', 'onDegrade', 'onResume', 'onStop', 'onReset', 'onDispose']);
    expect(p.changes).toEqual([
      'PRE_INITIALIZED-INITIALIZE->READY',
      'READY-START->STARTING',
      'STARTING-START_COMPLETED->RUNNING',
      'RUNNING-DEGRADE->DEGRADING',
      'DEGRADING-DEGRADE_COMPLETED->DEGRADED',
      'DEGRADED-RESUME->RESUMING',
      'RESUMING-RESUME_COMPLETED->RUNNING',
      'RUNNING-STOP->STOPPING',
      'STOPPING-STOP_COMPLETED->STOPPED',
      'STOPPED-RESET->RESETTING',
      'RESETTING-RESET_COMPLETED->READY',
      'READY-DISPOSE->DISPOSING',
      'DISPOSING-DISPOSE_COMPLETED->DISPOSED',
    ]);
  });

  it('stays in the transitional state while an async hook runs', async () => {
    const p = new Probe();
    p.initialize();
    let release!: () => void;
    p.pending.set(
      'onStart',
      new Promise<void>((r) => {
        release = r;
      }),
    );
    const started = p.start();
    expect(p.state).toBe('STARTING');
    release();
    await started;
    expect(p.state).toBe('RUNNING');
  });

  it('refuses an invalid trigger synchronously, naming component, state and trigger', () => {
    const p = new Probe('EMACross-BTCUSDT');
    expect(() => p.start()).toThrow(ComponentStateError);
    try {
      void p.stop();
    } catch (e) {
      expect((e as ComponentStateError).code).toBe('COMPONENT_INVALID_TRANSITION');
      expect((e as ComponentStateError).component).toBe('EMACross-BTCUSDT');
      expect((e as ComponentStateError).state).toBe('PRE_INITIALIZED');
      expect((e as ComponentStateError).trigger).toBe('STOP');
    }
    expect(p.state).toBe('PRE_INITIALIZED');
  });

  it.each(['throw', 'reject'] as const)(
    'a hook that fails (%s) faults the component and rejects with the hook error',
    async (mode) => {
      const out: string[] = [];
      const logger = createLogger({ base: null, destination: { write: (s: string) => out.push(s) } });
      const p = new Probe('Failing', { logger });
      p.initialize();
      p.failing.set('onStart', mode);
      await expect(p.start()).rejects.toThrow('onStart failed');
      expect(p.state).toBe('FAULTED');
      expect(p.calls).toEqual(['onStart', 'onFault']);
      expect(p.changes.slice(-2)).toEqual(['STARTING-FAULT->FAULTING', 'FAULTING-FAULT_COMPLETED->FAULTED']);
      const line = JSON.parse(out[0]!) as Record<string, unknown>;
      expect(line).toMatchObject({ component: 'Failing', trigger: 'START', level: 50 });
    },
  );

  it('a failing onFault still ends FAULTED and the original error is reported', async () => {
    const p = new Probe();
    p.initialize();
    await p.start();
    p.failing.set('onStop', 'throw');
    p.failing.set('onFault', 'reject');
    await expect(p.stop()).rejects.toThrow('onStop failed');
    expect(p.state).toBe('FAULTED');
  });

  it('a failing onReset or onDispose faults too', async () => {
    const a = new Probe();
    a.initialize();
    a.failing.set('onReset', 'throw');
    await expect(a.reset()).rejects.toThrow('onReset failed');
    expect(a.state).toBe('FAULTED');
    const b = new Probe();
    b.initialize();
    b.failing.set('onDispose', 'reject');
    await expect(b.dispose()).rejects.toThrow('onDispose failed');
    expect(b.state).toBe('FAULTED');
  });

  it('a failing onFault called by fault() ends FAULTED and rejects', async () => {
    const p = new Probe();
    p.initialize();
    await p.start();
    p.failing.set('onFault', 'throw');
    await expect(p.fault()).rejects.toThrow('onFault failed');
    expect(p.state).toBe('FAULTED');
  });

  it('a stop during a slow start wins; the late start completion changes nothing', async () => {
    const p = new Probe();
    p.initialize();
    let release!: () => void;
    p.pending.set(
      'onStart',
      new Promise<void>((r) => {
        release = r;
      }),
    );
    const starting = p.start();
    await p.stop();
    expect(p.state).toBe('STOPPED');
    release();
    await starting;
    expect(p.state).toBe('STOPPED');
  });

  it('an onStateChanged that throws does not undo the transition', async () => {
    class Noisy extends Component {
      constructor() {
        super('Noisy');
      }
      protected override onStateChanged(): void {
        throw new Error('listener bug');
      }
    }
    const n = new Noisy();
    n.initialize();
    await n.start();
    expect(n.state).toBe(ComponentState.RUNNING);
  });

  it('refuses an empty component id', () => {
    expect(() => new Probe('')).toThrow(expect.objectContaining({ code: 'COMPONENT_ID_INVALID' }));
  });
});
