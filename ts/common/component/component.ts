/**
 * The base class of everything with a lifecycle: engines, strategies, actors, clients.
 *
 * A component starts in `PRE_INITIALIZED`; whoever owns it calls `initialize()` once it is wired
 * (READY). Then `start()`, `stop()`, `resume()`, `reset()`, `dispose()`, `degrade()`, `fault()`
 * move it through the table of `state.ts`:
 *
 * 1. The trigger is checked against the table. A refused trigger throws a
 *    {@link ComponentStateError} naming the component, its state and the trigger, synchronously
 *    (not as a rejected promise, so that a forgotten `await` cannot hide it), and changes nothing.
 * 2. The component enters the transitional state (`STARTING`, ...) and runs its hook (`onStart`,
 *    ...). A hook may be synchronous (the component then reaches its resting state before the
 *    method returns) or return a promise (it does when the promise resolves).
 * 3. When the hook fails (throws or rejects), the error is logged, the component goes through
 *    `FAULTING` (running `onFault`) to `FAULTED`, and the returned promise rejects with the
 *    hook's error. An `onFault` that fails itself is logged; the component still ends `FAULTED`.
 * 4. If another trigger moved the component while an async hook was running (a `stop()` during a
 *    slow `start()`), the late completion of the first hook changes nothing.
 *
 * Every transition calls {@link Component.onStateChanged} (for subclasses that publish state).
 *
 * @module
 */
import { InvalidArgumentError } from '../errors.js';
import { componentLogger, createSilentLogger, type Logger } from '../logging/logger.js';
import { ComponentState, ComponentTrigger, nextComponentState, transitionComponentState } from './state.js';

/** Options of {@link Component}. */
export interface ComponentOptions {
  /** Parent logger; the component logs through a child named after its id (default: silent). */
  readonly logger?: Logger;
}

type Hook = () => void | Promise<void>;

const RESOLVED: Promise<void> = Promise.resolve();

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** A component with an explicit lifecycle (see the module doc). */
export abstract class Component {
  /** The component's id, used in logs and errors. */
  readonly componentId: string;
  /** The component's logger (`component: componentId` on every line). */
  protected readonly log: Logger;
  #state: ComponentState = ComponentState.PRE_INITIALIZED;
  // Bumped on every transition: lets a late hook completion see it was superseded.
  #epoch = 0;

  protected constructor(componentId: string, options: ComponentOptions = {}) {
    if (typeof componentId !== 'string' || componentId.length === 0) {
      throw new InvalidArgumentError(`componentId must be a non-empty string, was '${String(componentId)}'`, {
        code: 'COMPONENT_ID_INVALID',
      });
    }
    this.componentId = componentId;
    this.log = componentLogger(options.logger ?? createSilentLogger(), componentId);
  }

  /** The current state. */
  get state(): ComponentState {
    return this.#state;
  }

  get isReady(): boolean {
    return this.#state === ComponentState.READY;
  }
  get isRunning(): boolean {
    return this.#state === ComponentState.RUNNING;
  }
  get isStopped(): boolean {
    return this.#state === ComponentState.STOPPED;
  }
  get isDegraded(): boolean {
    return this.#state === ComponentState.DEGRADED;
  }
  get isFaulted(): boolean {
    return this.#state === ComponentState.FAULTED;
  }
  get isDisposed(): boolean {
    return this.#state === ComponentState.DISPOSED;
  }

  /** PRE_INITIALIZED -> READY, once the owner has wired the component. */
  initialize(): void {
    this.#apply(ComponentTrigger.INITIALIZE);
  }

  /** READY -> STARTING -> RUNNING, running {@link onStart}. */
  start(): Promise<void> {
    return this.#run(ComponentTrigger.START, ComponentTrigger.START_COMPLETED, this.onStart);
  }

  /** RUNNING / STARTING / RESUMING / DEGRADED -> STOPPING -> STOPPED, running {@link onStop}. */
  stop(): Promise<void> {
    return this.#run(ComponentTrigger.STOP, ComponentTrigger.STOP_COMPLETED, this.onStop);
  }

  /** STOPPED / DEGRADED -> RESUMING -> RUNNING, running {@link onResume}. */
  resume(): Promise<void> {
    return this.#run(ComponentTrigger.RESUME, ComponentTrigger.RESUME_COMPLETED, this.onResume);
  }

  /** READY / STOPPED -> RESETTING -> READY, running {@link onReset}. */
  reset(): Promise<void> {
    return this.#run(ComponentTrigger.RESET, ComponentTrigger.RESET_COMPLETED, this.onReset);
  }

  /** READY / STOPPED -> DISPOSING -> DISPOSED, running {@link onDispose}. */
  dispose(): Promise<void> {
    return this.#run(ComponentTrigger.DISPOSE, ComponentTrigger.DISPOSE_COMPLETED, this.onDispose);
  }

  /** RUNNING -> DEGRADING -> DEGRADED, running {@link onDegrade}. */
  degrade(): Promise<void> {
    return this.#run(ComponentTrigger.DEGRADE, ComponentTrigger.DEGRADE_COMPLETED, this.onDegrade);
  }

  /** Any active or transitional state -> FAULTING -> FAULTED, running {@link onFault}. */
  fault(): Promise<void> {
    return this.#run(ComponentTrigger.FAULT, ComponentTrigger.FAULT_COMPLETED, this.onFault);
  }

  /** Runs while STARTING. */
  protected onStart(): void | Promise<void> {}
  /** Runs while STOPPING. */
  protected onStop(): void | Promise<void> {}
  /** Runs while RESUMING. */
  protected onResume(): void | Promise<void> {}
  /** Runs while RESETTING: clear state so the component can start afresh. */
  protected onReset(): void | Promise<void> {}
  /** Runs while DISPOSING: release resources for good. */
  protected onDispose(): void | Promise<void> {}
  /** Runs while DEGRADING. */
  protected onDegrade(): void | Promise<void> {}
  /** Runs while FAULTING (also after another hook failed). */
  protected onFault(): void | Promise<void> {}

  /**
   * Called synchronously after every transition. Errors thrown here are logged and ignored: they
   * must not undo a transition that already happened.
   */
  protected onStateChanged(_from: ComponentState, _to: ComponentState, _trigger: ComponentTrigger): void {}

  #apply(trigger: ComponentTrigger): void {
    const from = this.#state;
    const to = transitionComponentState(this.componentId, from, trigger);
    this.#state = to;
    this.#epoch += 1;
    try {
      this.onStateChanged(from, to, trigger);
    } catch (error) {
      this.log.error({ err: error, from, to, trigger }, 'onStateChanged threw');
    }
  }

  #run(trigger: ComponentTrigger, completed: ComponentTrigger, hook: Hook): Promise<void> {
    this.#apply(trigger);
    const epoch = this.#epoch;
    let result: void | Promise<void>;
    try {
      result = hook.call(this);
    } catch (error) {
      return this.#hookFailed(error, trigger, epoch);
    }
    if (isPromiseLike(result)) {
      return Promise.resolve(result).then(
        () => this.#complete(completed, epoch),
        (error: unknown) => this.#hookFailed(error, trigger, epoch),
      );
    }
    this.#complete(completed, epoch);
    return RESOLVED;
  }

  #complete(completed: ComponentTrigger, epoch: number): void {
    if (this.#epoch === epoch) this.#apply(completed);
  }

  #hookFailed(error: unknown, trigger: ComponentTrigger, epoch: number): Promise<never> {
    this.log.error({ err: error, trigger, state: this.#state }, `${trigger} hook failed`);
    const rejected = Promise.reject(error);
    if (this.#epoch !== epoch) return rejected; // superseded: the newer transition owns the state
    if (trigger === ComponentTrigger.FAULT) {
      this.#apply(ComponentTrigger.FAULT_COMPLETED);
      return rejected;
    }
    if (nextComponentState(this.#state, ComponentTrigger.FAULT) === undefined) return rejected;
    this.#apply(ComponentTrigger.FAULT);
    const faultEpoch = this.#epoch;
    const finish = (): Promise<never> => {
      if (this.#epoch === faultEpoch) this.#apply(ComponentTrigger.FAULT_COMPLETED);
      return rejected;
    };
    const onFaultFailed = (faultError: unknown): Promise<never> => {
      this.log.error({ err: faultError }, 'onFault failed');
      return finish();
    };
    let result: void | Promise<void>;
    try {
      result = this.onFault();
    } catch (faultError) {
      return onFaultFailed(faultError);
    }
    if (isPromiseLike(result)) return Promise.resolve(result).then(finish, onFaultFailed);
    return finish();
  }
}
