/**
 * Bytes of a record: msgpack (plain maps, no msgpackr extensions, so any msgpack reader decodes
 * them) or JSON text. Decoding detects the encoding from the first byte (a record is always a
 * map: `{` in JSON, 0x80-0x8f / 0xde / 0xdf in msgpack), so a keyspace written partly in each
 * (the setting changed between runs) still loads.
 *
 * Timestamps (UNIX ns, `bigint`) are written as decimal strings, or with `timestampsAsIso8601` as
 * ISO 8601 with all nine fractional digits (`2024-01-02T03:04:05.123456789Z`); both read back
 * exactly, whichever the setting.
 */
import { Packr } from 'msgpackr';

/** How records are encoded (the `encoding` setting). */
export type RecordEncoding = 'msgpack' | 'json';

const packr = new Packr({ useRecords: false, mapsAsObjects: true, variableMapSize: true });
const JSON_OPEN = 0x7b; // '{'

/** A record ready to encode: strings, small integers, booleans, null, arrays and maps of them. */
export type Plain = string | number | boolean | null | readonly Plain[] | { readonly [k: string]: Plain };

export function encodePlain(value: Plain, encoding: RecordEncoding): Buffer {
  return encoding === 'json' ? Buffer.from(JSON.stringify(value), 'utf8') : packr.pack(value);
}

/** Decodes a record written by {@link encodePlain} in either encoding. */
export function decodePlain(bytes: Buffer): unknown {
  if (bytes.length > 0 && bytes[0] === JSON_OPEN) return JSON.parse(bytes.toString('utf8'));
  return packr.unpack(bytes);
}

const NS_PER_SEC = 1_000_000_000n;
const ISO_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;
const DIGITS_RE = /^\d+$/;

/** A UNIX-ns timestamp as written: a decimal string, or ISO 8601 with nanoseconds. */
export function encodeTimestamp(ns: bigint, iso: boolean): string {
  if (!iso) return ns.toString();
  const sec = ns / NS_PER_SEC;
  const frac = (ns % NS_PER_SEC).toString().padStart(9, '0');
  const base = new Date(Number(sec) * 1000).toISOString().slice(0, 19);
  return `${base}.${frac}Z`;
}

/** Reads a timestamp in either form; `null` when it is neither. */
export function decodeTimestamp(text: string): bigint | null {
  if (DIGITS_RE.test(text)) return BigInt(text);
  const m = ISO_RE.exec(text);
  if (m === null) return null;
  const ms = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(ms)) return null;
  const frac = BigInt((m[2] ?? '').padEnd(9, '0'));
  return (BigInt(ms) / 1000n) * NS_PER_SEC + frac;
}
