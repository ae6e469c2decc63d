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

/** `x` and everything in it frozen (a write to any of it then throws in strict code). */
export function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

/**
 * Decoded packed values shared between reads of the same stored bytes: a read of bytes seen
 * before returns the value decoded then (keyed by the bytes themselves, so a hit is the same
 * content by construction). Least recently used out past `max` entries. Every value is
 * deep-frozen, since every caller shares it.
 */
export class SharedUnpacker<T> {
  private readonly memo = new Map<string, T>();
  constructor(private readonly max: number) {}

  get size(): number {
    return this.memo.size;
  }

  clear(): void {
    this.memo.clear();
  }

  unpack(bytes: Uint8Array): T {
    const key = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    let value = this.memo.get(key);
    if (value !== undefined) this.memo.delete(key);
    else value = deepFreeze(unpackJson<T>(bytes));
    this.memo.set(key, value);
    if (this.memo.size > this.max) this.memo.delete(this.memo.keys().next().value!);
    return value;
  }
}
