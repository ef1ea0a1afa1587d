import { randomUUID } from 'node:crypto';

/** Produces the `eventId` of each time event. */
export type EventIdGenerator = () => string;

/** Random UUID v4 ids (the LiveClock default). */
export const randomEventId: EventIdGenerator = randomUUID;

/**
 * Deterministic UUID-shaped ids from a counter (the TestClock default), so that two runs of the
 * same test produce the same events: `00000000-0000-4000-8000-000000000001`, `...0002`, ...
 */
export function sequentialEventIds(): EventIdGenerator {
  let n = 0;
  return () => {
    n += 1;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  };
}
