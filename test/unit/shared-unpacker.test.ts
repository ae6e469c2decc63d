// The decoded-value memo the bulletin exports read rollups through (shared/store/packed.ts,
// issue 16): the same key with the same stored bytes gives the same frozen value; other bytes
// under the key — even of a value that compares equal in every other respect — are decoded
// afresh and replace it; the least recently used entry goes first once full.

import { describe, expect, it } from 'vitest';
import { deepFreeze, packJson, SharedUnpacker } from '../../shared/store/packed';

describe('SharedUnpacker', () => {
  it('returns the value decoded before for the same bytes, frozen all the way down', () => {
    const u = new SharedUnpacker<{ rev: number; quarters: Record<string, { counted: Record<string, number> }> }>(10);
    const bytes = packJson({ rev: 3, quarters: { '1': { counted: { employees: 12 } } } });
    const a = u.unpack('k', bytes);
    // A copy of the bytes (as a second read returns them) hits the same entry.
    const b = u.unpack('k', new Uint8Array(bytes));
    expect(b).toBe(a);
    expect(a.quarters['1']!.counted.employees).toBe(12);
    expect(Object.isFrozen(a.quarters['1']!.counted)).toBe(true);
    expect(() => {
      a.quarters['1']!.counted.employees = 13;
    }).toThrow(TypeError);
    expect(u.size).toBe(1);
  });

  it('decodes different bytes afresh, also when only the content differs (same rev)', () => {
    const u = new SharedUnpacker<{ rev: number; v: number }>(10);
    const a = u.unpack('k', packJson({ rev: 1, v: 1 }));
    const b = u.unpack('k', packJson({ rev: 1, v: 2 }));
    expect(a.v).toBe(1);
    expect(b.v).toBe(2);
    // The newer bytes replaced the older under the key; reading the older again decodes it again.
    expect(u.size).toBe(1);
    expect(u.unpack('k', packJson({ rev: 1, v: 2 }))).toBe(b);
    const again = u.unpack('k', packJson({ rev: 1, v: 1 }));
    expect(again).not.toBe(a);
    expect(again.v).toBe(1);
  });

  it('keeps the bytes it saw: the caller changing its buffer afterwards cannot make a stale hit', () => {
    const u = new SharedUnpacker<{ v: number }>(10);
    const one = packJson({ v: 1 });
    const two = packJson({ v: 2 });
    const buf = new Uint8Array(Math.max(one.length, two.length));
    buf.set(one);
    const a = u.unpack('k', buf.subarray(0, one.length));
    buf.set(two);
    expect(u.unpack('k', buf.subarray(0, two.length)).v).toBe(2);
    expect(a.v).toBe(1);
  });

  it('keeps values apart by key, also for equal bytes', () => {
    const u = new SharedUnpacker<{ v: number }>(10);
    const bytes = packJson({ v: 1 });
    const a = u.unpack('a', bytes);
    const b = u.unpack('b', bytes);
    expect(u.size).toBe(2);
    expect(u.unpack('a', bytes)).toBe(a);
    expect(u.unpack('b', bytes)).toBe(b);
  });

  it('reads bytes that are a view into a larger buffer by their own range', () => {
    const u = new SharedUnpacker<{ v: number }>(10);
    const one = packJson({ v: 1 });
    const two = packJson({ v: 2 });
    const big = new Uint8Array(one.length + two.length);
    big.set(one, 0);
    big.set(two, one.length);
    expect(u.unpack('k', big.subarray(one.length)).v).toBe(2);
    expect(u.unpack('k', big.subarray(0, one.length)).v).toBe(1);
  });

  it('drops the least recently used entry past its size', () => {
    const u = new SharedUnpacker<{ v: number }>(2);
    const p = [1, 2, 3].map((v) => packJson({ v }));
    const at = (i: number) => u.unpack(`k${i}`, p[i]!);
    const first = at(0);
    at(1);
    expect(at(0)).toBe(first); // 1 is now the most recently used
    at(2); // drops 2
    expect(u.size).toBe(2);
    expect(at(0)).toBe(first);
    const again = at(1); // decoded afresh, drops 3
    expect(again.v).toBe(2);
    expect(u.size).toBe(2);
    u.clear();
    expect(u.size).toBe(0);
    expect(at(0)).not.toBe(first);
  });

  it('deepFreeze leaves nothing writable and returns its argument', () => {
    const x = { a: [{ b: 1 }], c: { d: { e: 'x' } } };
    expect(deepFreeze(x)).toBe(x);
    expect(Object.isFrozen(x.a[0])).toBe(true);
    expect(Object.isFrozen(x.c.d)).toBe(true);
  });
});
