/**
 * The order state machine as a lookup, built ONCE at module load from the native core's table
 * (`crates/core/src/orders/fsm.rs`, the only copy of the rule). Applying an event costs one
 * typed-array read; there is no native call per event.
 *
 * Layout: `TABLE[statusIndex * EVENT_COUNT + eventIndex]` holds the next status's index,
 * `PREVIOUS` (return to the status before the pending request) or `INVALID`.
 */
import { native } from '../../native.js';
import { OrderStatus } from '../enums.js';
import { KairosError } from '../errors.js';
import { OrderEventKind } from './kinds.js';

const STATUSES = Object.keys(OrderStatus) as OrderStatus[];
const EVENTS = Object.keys(OrderEventKind) as OrderEventKind[];
const EVENT_COUNT = EVENTS.length;
const INVALID = -1;
const PREVIOUS = -2;

const STATUS_INDEX = Object.fromEntries(STATUSES.map((s, i) => [s, i])) as Record<OrderStatus, number>;
const EVENT_INDEX = Object.fromEntries(EVENTS.map((e, i) => [e, i])) as Record<OrderEventKind, number>;

function buildTable(): Int8Array {
  const table = new Int8Array(STATUSES.length * EVENT_COUNT).fill(INVALID);
  for (const row of native.orderTransitionTable()) {
    const s = STATUS_INDEX[row.status as OrderStatus];
    const e = EVENT_INDEX[row.event as OrderEventKind];
    const o = row.outcome === 'PREVIOUS' ? PREVIOUS : STATUS_INDEX[row.outcome as OrderStatus];
    // The TS names and the core's must agree: a mismatch is a build defect, so fail at load.
    if (s === undefined || e === undefined || o === undefined) {
      throw new KairosError(
        'NATIVE_TABLE_MISMATCH',
        `order transition row ${row.status} x ${row.event} -> ${row.outcome} names an unknown status or event`,
      );
    }
    table[s * EVENT_COUNT + e] = o;
  }
  return table;
}

const TABLE = buildTable();

/**
 * The outcome of `event` in `status`: the next status, `'PREVIOUS'`, or `null` when the table
 * does not allow it.
 */
export function transition(status: OrderStatus, event: OrderEventKind): OrderStatus | 'PREVIOUS' | null {
  const o = TABLE[STATUS_INDEX[status] * EVENT_COUNT + EVENT_INDEX[event]]!;
  if (o === INVALID) return null;
  if (o === PREVIOUS) return 'PREVIOUS';
  return STATUSES[o]!;
}
