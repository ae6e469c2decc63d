// The decoded-value memo the bulletin exports read rollups through (shared/store/packed.ts,
// issue 16): the same stored bytes give the same frozen value; different bytes — even of a value
// that compares equal in every other respect — are decoded afresh; the least recently used
// entry goes first once full.

import { describe, expect, it } from 'vitest';
import { deepFreeze, packJson, SharedUnpacker } from '../../shared/store/packed';

describe('SharedUnpacker', () => {
  it('returns the value decoded before for the same bytes, frozen all the way down', () => {
    const u = new SharedUnpacker<{ rev: number; quarters: Record<string, { counted: Record<string, number> }> }>(10);
    const bytes = packJson({ rev: 3, quarters: { '1': { counted: { employees: 12 } } } });
    const a = u.unpack(bytes);
    // A copy of the bytes (as a second read returns them) hits the same entry.
    const b = u.unpack(new Uint8Array(bytes));
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
    const a = u.unpack(packJson({ rev: 1, v: 1 }));
    const b = u.unpack(packJson({ rev: 1, v: 2 }));
    expect(a.v).toBe(1);
    expect(b.v).toBe(2);
    expect(u.size).toBe(2);
  });

  it('reads bytes that are a view into a larger buffer by their own range', () => {
    const u = new SharedUnpacker<{ v: number }>(10);
    const one = packJson({ v: 1 });
    const two = packJson({ v: 2 });
    const big = new Uint8Array(one.length + two.length);
    big.set(one, 0);
    big.set(two, one.length);
    expect(u.unpack(big.subarray(one.length)).v).toBe(2);
    expect(u.unpack(big.subarray(0, one.length)).v).toBe(1);
  });

  it('drops the least recently used entry past its size', () => {
    const u = new SharedUnpacker<{ v: number }>(2);
    const p = [1, 2, 3].map((v) => packJson({ v }));
    const first = u.unpack(p[0]!);
    u.unpack(p[1]!);
    expect(u.unpack(p[0]!)).toBe(first); // 1 is now the most recently used
    u.unpack(p[2]!); // drops 2
    expect(u.size).toBe(2);
    expect(u.unpack(p[0]!)).toBe(first);
    const again = u.unpack(p[1]!); // decoded afresh, drops 3
    expect(again.v).toBe(2);
    expect(u.size).toBe(2);
    u.clear();
    expect(u.size).toBe(0);
    expect(u.unpack(p[0]!)).not.toBe(first);
  });

  it('deepFreeze leaves nothing writable and returns its argument', () => {
    const x = { a: [{ b: 1 }], c: { d: { e: 'x' } } };
    expect(deepFreeze(x)).toBe(x);
    expect(Object.isFrozen(x.a[0])).toBe(true);
    expect(Object.isFrozen(x.c.d)).toBe(true);
  });
});
