import { KairosError } from '../errors.js';

/** A venue report that cannot be true (code `INVALID_REPORT`); names the report and the field. */
export function invalidReport(kind: string, id: string, message: string): KairosError {
  return new KairosError('INVALID_REPORT', `invalid ${kind} ${id}: ${message}`, { report: kind, id });
}
