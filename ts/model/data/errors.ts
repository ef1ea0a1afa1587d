import { KairosError } from '../errors.js';

/** Market data that cannot be true (code `INVALID_DATA`). */
export function invalidData(kind: string, message: string): KairosError {
  return new KairosError('INVALID_DATA', `invalid ${kind}: ${message}`, { kind });
}
