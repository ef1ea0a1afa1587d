/**
 * String methods for the value hot paths, called through bound functions instead of as methods.
 *
 * Why: once any module defines `class X extends String` (ioredis does, for RESP3 verbatim
 * strings), V8 leaves `String.prototype` in dictionary mode, and every `s.charCodeAt(i)` /
 * `s.slice(...)` call in the process goes through a slow lookup: value parsing measured 3-4x
 * slower just from importing ioredis. A bound function holds the builtin itself, needs no lookup
 * on `String.prototype`, and TurboFan still inlines it.
 */
const call = Function.prototype.call;

/** `s.charCodeAt(i)`. */
export const charCodeAt = call.bind(String.prototype.charCodeAt) as (s: string, i: number) => number;
/** `s.slice(start, end)`. */
export const slice = call.bind(String.prototype.slice) as (s: string, start: number, end?: number) => string;
