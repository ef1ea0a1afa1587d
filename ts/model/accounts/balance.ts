/**
 * Balances: per currency, `total = locked + free`, all as Money in that currency. Margins: per
 * instrument, initial and maintenance, in one currency.
 */
import { KairosError } from '../errors.js';
import type { InstrumentId } from '../identifiers/index.js';
import type { Money } from '../values/index.js';

/** One currency's balance. */
export interface AccountBalance {
  readonly total: Money;
  readonly locked: Money;
  readonly free: Money;
}

/** The margin held for one instrument. */
export interface MarginBalance {
  readonly instrumentId: InstrumentId;
  readonly initial: Money;
  readonly maintenance: Money;
}

function invalidBalance(message: string): KairosError {
  return new KairosError('INVALID_BALANCE', message);
}

/**
 * A balance from its total and locked amounts (`free = total - locked`), or checked when `free`
 * is given too. Same currency throughout; `locked` never negative.
 */
export function accountBalance(total: Money, locked: Money, free?: Money): AccountBalance {
  if (locked.currency !== total.currency) {
    throw invalidBalance(`balance currencies differ: total ${total}, locked ${locked}`);
  }
  if (locked.raw < 0n) throw invalidBalance(`locked balance must not be negative, was ${locked}`);
  const expected = total.sub(locked);
  if (free !== undefined && !free.eq(expected)) {
    throw invalidBalance(`balance does not add up: total ${total} != locked ${locked} + free ${free}`);
  }
  return { total, locked, free: expected };
}

/** A margin entry; both amounts in one currency, neither negative. */
export function marginBalance(instrumentId: InstrumentId, initial: Money, maintenance: Money): MarginBalance {
  if (initial.currency !== maintenance.currency) {
    throw invalidBalance(`margin currencies differ for ${instrumentId}: ${initial} and ${maintenance}`);
  }
  if (initial.raw < 0n || maintenance.raw < 0n) {
    throw invalidBalance(`margin must not be negative for ${instrumentId}: ${initial}, ${maintenance}`);
  }
  return { instrumentId, initial, maintenance };
}
