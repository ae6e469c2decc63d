// rank (shared/bulletin/ranking-sheet.ts) drops the values that cannot place before it sorts by
// value and name. Whatever the ties, it must list exactly what sorting every base would: places
// shared by equal values, every base tied with the last place shown, by name then id within a tie.

import { describe, expect, it } from 'vitest';
import type { BaseRow } from '../../shared/bulletin';
import { rank } from '../../shared/bulletin/ranking-sheet';
import type { BaseRecord } from '../../shared/registry';

function fullSortRank(rows: readonly BaseRow[], value: (r: BaseRow) => bigint, top: number) {
  const sorted = rows
    .map((r) => ({ base: r.base, v: value(r) }))
    .filter((x) => x.v > 0n)
    .sort((a, b) => (a.v === b.v ? a.base.name.localeCompare(b.base.name, 'zh-CN') || a.base.baseId.localeCompare(b.base.baseId) : a.v > b.v ? -1 : 1));
  const out: Array<{ base: BaseRecord; v: bigint; place: number }> = [];
  for (const [i, x] of sorted.entries()) {
    const place = i > 0 && sorted[i - 1]!.v === x.v ? out[i - 1]!.place : i + 1;
    if (place > top) break;
    out.push({ ...x, place });
  }
  return out;
}

describe('rank', () => {
  it('lists what a sort of every base lists, ties and all', () => {
    let seed = 11;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const names = ['长沙', '株洲', '湘潭', '衡阳', '岳阳', '常德'];
    const value = (r: BaseRow) => BigInt(r.values.v ?? 0);
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(rnd() * 80);
      const spread = 1 + Math.floor(rnd() * 12); // few distinct values: many ties
      const rows: BaseRow[] = Array.from({ length: n }, (_, i) => ({
        base: { baseId: `b-${String(Math.floor(rnd() * 1000)).padStart(4, '0')}-${i}`, name: `${names[Math.floor(rnd() * names.length)]}基地` } as BaseRecord,
        values: { v: BigInt(Math.floor(rnd() * spread) - 1) },
      }));
      for (const top of [1, 2, 3, 5, 10, 50]) expect(rank(rows, value, top)).toEqual(fullSortRank(rows, value, top));
    }
  });
});
