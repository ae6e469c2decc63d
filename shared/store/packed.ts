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
 * Decoded packed values shared between reads of the same stored bytes: a read of an item whose
 * bytes equal those seen before under the same key returns the value decoded then (so a hit is
 * the same content by construction; other bytes under that key are decoded afresh and replace
 * it). Keyed by the item's key and compared byte for byte: a key of the bytes themselves (a
 * latin1 string, hashed and compared whole) cost ≈ 3.5 µs per rollup, this ≈ 0.5 µs. The bytes
 * are copied on a miss, so a caller's buffer changing later cannot make a stale hit. Least
 * recently used out past `max` entries. Every value is deep-frozen, since every caller shares it.
 */
export class SharedUnpacker<T> {
  private readonly memo = new Map<string, { bytes: Buffer; value: T }>();
  constructor(private readonly max: number) {}

  get size(): number {
    return this.memo.size;
  }

  clear(): void {
    this.memo.clear();
  }

  /** The value packed in `bytes`, stored under `id` (the item's key). */
  unpack(id: string, bytes: Uint8Array): T {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let entry = this.memo.get(id);
    if (entry !== undefined) this.memo.delete(id);
    if (entry === undefined || !entry.bytes.equals(view)) entry = { bytes: Buffer.from(view), value: deepFreeze(unpackJson<T>(bytes)) };
    this.memo.set(id, entry);
    if (this.memo.size > this.max) this.memo.delete(this.memo.keys().next().value!);
    return entry.value;
  }
}
