export { type DeadlineOutcome, secsToNs, withDeadline } from './deadline.js';
export { ClockError, ClockErrorCode } from './errors.js';
export { type EventIdGenerator, randomEventId, sequentialEventIds } from './event-id.js';
export { LiveClock, type LiveClockOptions, liveTimestampNs } from './live-clock.js';
export { TestClock, type TestClockOptions } from './test-clock.js';
export type { Clock, TimeAlertSpec, TimeEvent, TimeEventCallback, TimerSpec } from './types.js';
