/**
 * Identifiers: validated strings with one job each. Equality is by value (`a.eq(b)` or compare
 * `.value`); they serialise as their string.
 */
import { KairosError } from '../errors.js';

/** Printable ASCII, no whitespace. */
const TOKEN_RE = /^[\x21-\x7e]+$/;

export function invalidId(kind: string, value: string, reason: string): KairosError {
  return new KairosError('INVALID_IDENTIFIER', `invalid ${kind} '${value}': ${reason}`);
}

/** Checks a plain identifier token; returns it. */
export function checkToken(kind: string, value: unknown, maxLength = 64): string {
  if (typeof value !== 'string') throw invalidId(kind, String(value), 'must be a string');
  if (value.length === 0) throw invalidId(kind, value, 'must not be empty');
  if (value.length > maxLength) throw invalidId(kind, value, `must be at most ${maxLength} characters`);
  if (!TOKEN_RE.test(value)) throw invalidId(kind, value, 'must be printable ASCII without whitespace');
  return value;
}

/** Checks the name-tag format `NAME-TAG` (a hyphen with text on both sides); returns it. */
export function checkNameTag(kind: string, value: unknown): string {
  const v = checkToken(kind, value);
  const dash = v.lastIndexOf('-');
  if (dash <= 0 || dash === v.length - 1)
    throw invalidId(kind, v, "must be in the name-tag format 'NAME-TAG'");
  return v;
}

/** Base of every identifier. */
export abstract class Identifier {
  readonly value: string;

  protected constructor(value: string) {
    this.value = value;
  }

  eq(other: Identifier | string): boolean {
    return typeof other === 'string' ? this.value === other : this.value === other.value;
  }
  toString(): string {
    return this.value;
  }
  toJSON(): string {
    return this.value;
  }
}
