/**
 * The runtime layer of Kairos: clocks and timers, errors, the message bus, logging and the
 * component lifecycle. Imports nothing from Kairos above `model`.
 *
 * @module
 */
export {
  type Clock,
  ClockError,
  ClockErrorCode,
  type DeadlineOutcome,
  type EventIdGenerator,
  LiveClock,
  type LiveClockOptions,
  liveTimestampNs,
  randomEventId,
  secsToNs,
  sequentialEventIds,
  TestClock,
  type TestClockOptions,
  type TimeAlertSpec,
  type TimeEvent,
  type TimeEventCallback,
  type TimerSpec,
  withDeadline,
} from './clock/index.js';
export {
  COMPONENT_STATES,
  COMPONENT_TRANSITIONS,
  COMPONENT_TRIGGERS,
  Component,
  type ComponentOptions,
  ComponentState,
  ComponentStateError,
  type ComponentTransition,
  ComponentTrigger,
  nextComponentState,
  transitionComponentState,
} from './component/index.js';
export {
  describeValue,
  type ErrorDetails,
  InvalidArgumentError,
  initError,
  isKairosError,
  KairosError,
  type KairosErrorOptions,
  kairosError,
} from './errors.js';
export {
  type CreateLoggerOptions,
  componentLogger,
  createLogger,
  createRedactor,
  createSilentLogger,
  DEFAULT_SECRET_KEYS,
  defaultRedactor,
  type LogDestination,
  type Logger,
  type LogLevel,
  REDACTED,
  type Redactor,
} from './logging/index.js';
export {
  type EndpointHandler,
  type ExternalStreamFilter,
  hasWildcard,
  isMatchingTopic,
  MAX_CACHED_TOPICS,
  MessageBus,
  MessageBusError,
  MessageBusErrorCode,
  type MessageBusExternalPublisher,
  type MessageBusOptions,
  type MessageHandler,
  type RequestOptions,
  type SubscribeOptions,
  type SubscriptionInfo,
  type Unsubscribe,
} from './msgbus/index.js';
