import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Clock, MessageHandler, TimeEvent, Unsubscribe } from '../../ts/common/index.js';
import * as common from '../../ts/common/index.js';

describe('ts/common public surface', () => {
  it('exports exactly the documented runtime names', () => {
    expect(Object.keys(common).sort()).toEqual(
      [
        'COMPONENT_STATES',
        'COMPONENT_TRANSITIONS',
        'COMPONENT_TRIGGERS',
        'ClockError',
        'ClockErrorCode',
        'Component',
        'ComponentState',
        'ComponentStateError',
        'ComponentTrigger',
        'DEFAULT_SECRET_KEYS',
        'InvalidArgumentError',
        'KairosError',
        'LiveClock',
        'MAX_CACHED_TOPICS',
        'MessageBus',
        'MessageBusError',
        'MessageBusErrorCode',
        'REDACTED',
        'TestClock',
        'componentLogger',
        'createLogger',
        'createRedactor',
        'createSilentLogger',
        'defaultRedactor',
        'describeValue',
        'hasWildcard',
        'initError',
        'isKairosError',
        'kairosError',
        'isMatchingTopic',
        'liveTimestampNs',
        'nextComponentState',
        'randomEventId',
        'secsToNs',
        'sequentialEventIds',
        'transitionComponentState',
        'withDeadline',
      ].sort(),
    );
  });

  it('types: both clocks are Clocks, events are readonly, subscribe returns Unsubscribe', () => {
    expectTypeOf<common.TestClock>().toExtend<Clock>();
    expectTypeOf<common.LiveClock>().toExtend<Clock>();
    expectTypeOf<TimeEvent['type']>().toEqualTypeOf<'TimeEvent'>();
    expectTypeOf<TimeEvent['tsEvent']>().toEqualTypeOf<bigint>();
    expectTypeOf<Readonly<TimeEvent>>().toEqualTypeOf<TimeEvent>();
    expectTypeOf<common.MessageBus['subscribe']>().returns.toEqualTypeOf<Unsubscribe>();
    expectTypeOf<MessageHandler<number>>().parameters.toEqualTypeOf<[number]>();
    expectTypeOf<common.ComponentState>().toEqualTypeOf<
      | 'PRE_INITIALIZED'
      | 'READY'
      | 'STARTING'
      | 'RUNNING'
      | 'STOPPING'
      | 'STOPPED'
      | 'RESUMING'
      | 'RESETTING'
      | 'DISPOSING'
      | 'DISPOSED'
      | 'DEGRADING'
      | 'DEGRADED'
      | 'FAULTING'
      | 'FAULTED'
    >();
  });
});
