import { KairosError } from '../errors.js';

/**
 * The default arm of an exhaustive `switch`: it compiles only when every case is handled, and
 * throws if a value of an unknown kind arrives at run time anyway.
 */
export function assertNever(value: never, what = 'value'): never {
  const shown =
    typeof value === 'object' && value !== null && 'type' in value
      ? String((value as { type: unknown }).type)
      : String(value);
  throw new KairosError('UNREACHABLE', `unexpected ${what}: ${shown}`);
}
