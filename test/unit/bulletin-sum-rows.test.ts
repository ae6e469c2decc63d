// sumRows (shared/bulletin/layout-input.ts) adds per-base rows without a bigint per addition:
// safe integers — numbers, and bigints within ±(2^53 − 1) — are added as doubles while the sum
// stays safe, and carried into a bigint when it would not. Whatever the mix, the sums must be
// those of adding every value as a bigint.

import { describe, expect, it } from 'vitest';
import { type BaseRow, sumRows } from '../../shared/bulletin';
import { INDICATORS } from '../../shared/catalog';
import type { BaseRecord } from '../../shared/registry';

const base = { baseId: 'x' } as BaseRecord;
const MAX = Number.MAX_SAFE_INTEGER;
// A code the aggregation keeps as a mean (sum and count).
const MEAN = INDICATORS.find((f) => f.mean)!.code;

function reference(rows: readonly BaseRow[]) {
  const values: Record<string, bigint> = {};
  const counts: Record<string, bigint> = {};
  for (const r of rows)
    for (const [code, v] of Object.entries(r.values)) {
      values[code] = (values[code] ?? 0n) + BigInt(v);
      counts[code] = (counts[code] ?? 0n) + 1n;
    }
  return { values, counts };
}

describe('sumRows', () => {
  it('sums bigints and numbers exactly across the 2^53 boundary, in both directions', () => {
    const rows: BaseRow[] = [
      { base, values: { a: BigInt(MAX), b: -BigInt(MAX), c: 1n } },
      { base, values: { a: 1n, b: -2, c: 2 ** 60 } },
      { base, values: { a: BigInt(MAX) + 10n, b: -(2n ** 70n), c: 3n } },
      { base, values: { a: MAX, b: 5n, c: -(2 ** 53) } },
    ];
    const t = sumRows(rows);
    const ref = reference(rows);
    expect(t.values).toEqual(ref.values);
    expect(Object.keys(t.values)).toEqual(['a', 'b', 'c']);
    expect(t.reportingBases).toBe(4n);
  });

  it('agrees with adding bigints on random rows of mixed representations', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const codes = ['buildingArea', 'employees', 'operatorAssets', MEAN];
    for (let round = 0; round < 50; round++) {
      const rows: BaseRow[] = Array.from({ length: 1 + Math.floor(rnd() * 60) }, () => {
        const values: Record<string, bigint | number> = {};
        for (const code of codes) {
          if (rnd() < 0.2) continue;
          const big = rnd() < 0.1;
          const magnitude = big ? BigInt(Math.floor(rnd() * MAX)) * 1024n : BigInt(Math.floor(rnd() * 2 ** 50));
          const v = rnd() < 0.3 ? -magnitude : magnitude;
          values[code] = rnd() < 0.5 && v <= BigInt(MAX) && v >= -BigInt(MAX) ? Number(v) : v;
        }
        return { base, values };
      });
      const t = sumRows(rows);
      const ref = reference(rows);
      expect(t.values).toEqual(ref.values);
      if (ref.values[MEAN] !== undefined) expect(t.means[MEAN]).toEqual({ sum: ref.values[MEAN], count: ref.counts[MEAN] });
    }
  });
});
