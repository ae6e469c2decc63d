// Packed attributes: JSON, deflated, stored as a binary attribute. For values nothing queries,
// filters or projects inside — a version's changes, the aggregator's rollups and aggregate items —
// whose size is what DynamoDB bills: a write costs 1 WRU per started KB (2 in a transaction), a
// read 1 RRU per started 4 KB. Packed, a first submission's version item is 736 instead of
// 1,509 bytes (1 WRU, not 2), a two-quarter rollup 913 instead of 2,401 (2 WRU in the
// aggregator's transaction, not 6). Items written before keep their JSON forms; readers take both.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FilingVersion } from '../filing';

export const packJson = (value: unknown): Uint8Array => new Uint8Array(deflateRawSync(Buffer.from(JSON.stringify(value), 'utf8')));

/** A packed value as the document client returns it (Uint8Array) or as a stream image carries it (base64). */
export function unpackJson<T>(packed: Uint8Array | string): T {
  const bytes = typeof packed === 'string' ? Buffer.from(packed, 'base64') : packed;
  return JSON.parse(inflateRawSync(bytes).toString('utf8')) as T;
}

export const isPacked = (x: unknown): x is Uint8Array => x instanceof Uint8Array;

/**
 * A version's changes in any stored form: packed (binary; base64 in a stream image), a JSON
 * string (version items of 2026-11/12), or the map itself (older items, and filing items
 * written before the packed form). A JSON object starts with "{", which base64 never contains.
 */
export function readChanges(stored: unknown): FilingVersion['changes'] {
  if (isPacked(stored)) return unpackJson(stored);
  if (typeof stored === 'string') return stored.startsWith('{') ? (JSON.parse(stored) as FilingVersion['changes']) : unpackJson(stored);
  return (stored ?? {}) as FilingVersion['changes'];
}
