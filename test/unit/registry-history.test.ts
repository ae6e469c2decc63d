// SPEC §11 "published figures never move": the effective-dated registry attributes of
// shared/registry-history.ts. A change from some period on leaves every earlier period (and a year
// that ends before it) as it was; a correction dated in the past restates from then on only.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASES, PLATFORMS } from '../../shared/program';
import type { BaseRecord } from '../../shared/registry';
import { asOfPeriod, currentPeriod, type HistoryEntry, historyAfter, isEffectivePeriod } from '../../shared/registry-history';

const ATTRS = ['city', 'county', 'level', 'cohort'] as const;
const base = (over: Partial<BaseRecord> = {}): BaseRecord => ({
  baseId: 'b-1',
  name: '测试基地',
  city: '长沙市',
  county: '岳麓区',
  level: 'provincial',
  cohort: '第一批',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

/** Applies an upsert as manage-registry does: the new top level plus the history after it. */
function upsert(before: BaseRecord, after: Partial<BaseRecord>, effectiveFrom: string): BaseRecord {
  const next = { ...before, ...after };
  const history = historyAfter(before, next, ATTRS, effectiveFrom);
  return { ...next, history };
}

const PERIODS_2020 = ['2020Q1', '2020Q2', '2020Q3', '2020Q4', '2020'];
const cityAt = (b: BaseRecord, p: string) => asOfPeriod(b, p).city;

describe('historyAfter', () => {
  it('keeps no history for a new record or while no scope attribute changed', () => {
    expect(historyAfter(undefined, base(), ATTRS, '2021Q1')).toBeNull();
    // A rename is not a scope change.
    expect(historyAfter(base(), base({ name: '新名字' }), ATTRS, '2021Q1')).toBeNull();
    // null and a missing attribute are the same.
    expect(historyAfter(base({ cohort: null }), { ...base(), cohort: undefined }, ATTRS, '2021Q1')).toBeNull();
    // A record without history reads its top level in every period.
    const b = base();
    for (const p of ['2000Q1', ...PERIODS_2020, '2099']) expect(asOfPeriod(b, p)).toBe(b);
  });

  it('a change from 2021Q1 leaves the 2020 quarters and the year 2020 as they were', () => {
    const b = upsert(base(), { city: '株洲市', county: '荷塘区' }, '2021Q1');
    expect(b.history).toEqual([
      { from: null, attrs: { city: '长沙市', county: '岳麓区', level: 'provincial', cohort: '第一批' } },
      { from: '2021Q1', attrs: { city: '株洲市', county: '荷塘区', level: 'provincial', cohort: '第一批' } },
    ]);
    for (const p of PERIODS_2020) expect([p, asOfPeriod(b, p).city, asOfPeriod(b, p).county]).toEqual([p, '长沙市', '岳麓区']);
    for (const p of ['2021Q1', '2021Q4', '2021', '2030']) expect([p, cityAt(b, p)]).toEqual([p, '株洲市']);
    // The non-scope fields are the current ones in every period.
    expect(asOfPeriod(b, '2019Q1').name).toBe('测试基地');
  });

  it('a change from a year takes effect from its first quarter; a year reads its end-of-year state', () => {
    const b = upsert(base(), { cohort: '第二批' }, '2021');
    expect(asOfPeriod(b, '2020Q4').cohort).toBe('第一批');
    expect(asOfPeriod(b, '2020').cohort).toBe('第一批');
    expect(asOfPeriod(b, '2021Q1').cohort).toBe('第二批');
    // A change from mid-year: the year counts under the attributes of its last quarter.
    const m = upsert(base(), { level: 'national' }, '2021Q3');
    expect(['2021Q1', '2021Q2', '2021Q3', '2021Q4', '2021'].map((p) => asOfPeriod(m, p).level)).toEqual([
      'provincial',
      'provincial',
      'national',
      'national',
      'national',
    ]);
    expect(asOfPeriod(m, '2020').level).toBe('provincial');
  });

  it('a correction dated in the past restates from then on, and only from then on', () => {
    const moved = upsert(base(), { city: '株洲市' }, '2021Q1');
    const corrected = upsert(moved, { city: '湘潭市' }, '2020Q3');
    expect(corrected.history!.map((h) => [h.from, h.attrs.city])).toEqual([
      [null, '长沙市'],
      ['2020Q3', '湘潭市'],
    ]);
    expect(['2020Q1', '2020Q2', '2020Q3', '2020Q4', '2020', '2021Q1', '2021'].map((p) => cityAt(corrected, p))).toEqual([
      '长沙市',
      '长沙市',
      '湘潭市',
      '湘潭市',
      '湘潭市',
      '湘潭市',
      '湘潭市',
    ]);
    // A later change keeps the correction before it.
    const again = upsert(corrected, { city: '衡阳市' }, '2022Q2');
    expect(['2020Q2', '2020Q3', '2022Q1', '2022Q2', '2022'].map((p) => cityAt(again, p))).toEqual(['长沙市', '湘潭市', '湘潭市', '衡阳市', '衡阳市']);
  });

  it('neighbours with equal attributes merge; undoing a change leaves one entry', () => {
    const moved = upsert(base(), { city: '株洲市' }, '2021Q1');
    // Moving back from 2021Q1: the same attributes from always.
    const back = upsert(moved, { city: '长沙市' }, '2021Q1');
    expect(back.history).toEqual([{ from: null, attrs: { city: '长沙市', county: '岳麓区', level: 'provincial', cohort: '第一批' } }]);
    for (const p of ['2020', '2021Q1', '2022']) expect(cityAt(back, p)).toBe('长沙市');
    // A repeat of the same change at a later date adds nothing.
    const twice = upsert(moved, { city: '株洲市' }, '2022Q1');
    expect(twice.history!.map((h) => h.from)).toEqual([null, '2021Q1']);
    // A change at an earlier date to what is in force later merges with it.
    const earlier = upsert(moved, { city: '株洲市' }, '2020Q2');
    expect(earlier.history!.map((h) => [h.from, h.attrs.city])).toEqual([
      [null, '长沙市'],
      ['2020Q2', '株洲市'],
    ]);
  });
});

describe('program.asOf', () => {
  it('a base counts in the scopes of the period', () => {
    const b = upsert(base(), { city: '株洲市', cohort: '第二批' }, '2021Q1');
    expect(BASES.scopesOf(BASES.asOf(b, '2020'))).toEqual(BASES.scopesOf(base()));
    expect(BASES.scopesOf(BASES.asOf(b, '2021Q1'))).toEqual(BASES.scopesOf({ ...base(), city: '株洲市', cohort: '第二批' }));
  });

  it('a platform tier change from 2021 leaves 2020', () => {
    const p = {
      platformId: 'p-1',
      name: '平台',
      tier: 'city' as const,
      city: '长沙市',
      county: null,
      park: false,
      cluster: null,
      builtYear: 2019,
      inPlan: true,
      activeFrom: null,
      activeTo: null,
      updatedAt: 'x',
    };
    const after = { ...p, tier: 'cluster' as const, cluster: '陶瓷' };
    const moved = { ...after, history: historyAfter(p, after, ['city', 'county', 'tier', 'park', 'cluster'], '2021') };
    expect(PLATFORMS.asOf(moved, '2020').tier).toBe('city');
    expect(PLATFORMS.asOf(moved, '2020').cluster).toBeNull();
    expect(PLATFORMS.asOf(moved, '2021').tier).toBe('cluster');
  });
});

describe('currentPeriod and isEffectivePeriod', () => {
  it('the current period in Beijing time', () => {
    expect(currentPeriod('quarter', new Date('2021-03-31T15:59:59Z'))).toBe('2021Q1');
    expect(currentPeriod('quarter', new Date('2021-03-31T16:00:00Z'))).toBe('2021Q2');
    expect(currentPeriod('year', new Date('2020-12-31T16:00:00Z'))).toBe('2021');
    expect(isEffectivePeriod('year', '2021Q1')).toBe(false);
    expect(isEffectivePeriod('quarter', '2021')).toBe(true);
  });
});

// ---- properties ---------------------------------------------------------------------------------

const ord = (p: string) => (/^\d{4}$/.test(p) ? Number(p) * 10 + 1 : Number(p.slice(0, 4)) * 10 + Number(p.slice(5)));
const quarterArb = fc.tuple(fc.integer({ min: 2018, max: 2024 }), fc.integer({ min: 1, max: 4 })).map(([y, q]) => `${y}Q${q}`);
const fromArb = fc.oneof(quarterArb, fc.integer({ min: 2018, max: 2024 }).map(String));
const cityArb = fc.constantFrom('长沙市', '株洲市', '湘潭市');
const allPeriods = [2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025].flatMap((y) => [1, 2, 3, 4].map((q) => `${y}Q${q}`).concat(String(y)));

describe('properties', () => {
  it('for random histories, asOf is the last entry whose from ≤ the period (a year at its last quarter), piecewise constant', () => {
    const historyArb = fc
      .tuple(cityArb, fc.uniqueArray(fc.tuple(quarterArb, cityArb), { selector: (x) => x[0], maxLength: 6 }))
      .map(([first, rest]): HistoryEntry[] => [
        { from: null, attrs: { city: first } },
        ...rest.sort((a, b) => ord(a[0]) - ord(b[0])).map(([from, city]) => ({ from, attrs: { city } })),
      ]);
    fc.assert(
      fc.property(historyArb, (history) => {
        const b = base({ city: '常德市', history });
        const at = (p: string) => (/^\d{4}$/.test(p) ? Number(p) * 10 + 4 : ord(p));
        for (const p of allPeriods) {
          const want = history.filter((h) => h.from === null || ord(h.from) <= at(p)).at(-1)!.attrs.city;
          expect(cityAt(b, p)).toBe(want);
        }
        // Piecewise constant: the value only changes at a quarter some entry starts from.
        const quarters = allPeriods.filter((p) => p.includes('Q'));
        const starts = new Set(history.map((h) => h.from));
        for (let i = 1; i < quarters.length; i++) if (!starts.has(quarters[i]!)) expect(cityAt(b, quarters[i]!)).toBe(cityAt(b, quarters[i - 1]!));
        // A year equals its fourth quarter.
        for (const y of [2017, 2020, 2025]) expect(cityAt(b, String(y))).toBe(cityAt(b, `${y}Q4`));
      }),
      { numRuns: 300 },
    );
  });

  it('for random sequences of upserts, every period reads what the latest upsert dated at or before it said', () => {
    const opArb = fc.array(fc.tuple(fromArb, cityArb, fc.constantFrom('第一批', '第二批', null)), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(cityArb, opArb, (first, ops) => {
        let b = base({ city: first, cohort: null });
        // The model: per quarter, the attributes; an upsert from f overwrites every quarter ≥ f.
        const model = new Map(allPeriods.filter((p) => p.includes('Q')).map((p) => [p, { city: first, cohort: null as string | null }]));
        for (const [from, city, cohort] of ops) {
          const before = b;
          b = upsert(b, { city, cohort }, from);
          for (const q of model.keys()) if (ord(q) >= ord(from)) model.set(q, { city, cohort });
          // Nothing before the effective period moved.
          for (const p of allPeriods)
            if ((/^\d{4}$/.test(p) ? Number(p) * 10 + 4 : ord(p)) < ord(from)) expect(asOfPeriod(b, p).city).toBe(asOfPeriod(before, p).city);
        }
        for (const [q, v] of model) expect([q, asOfPeriod(b, q).city, asOfPeriod(b, q).cohort ?? null]).toEqual([q, v.city, v.cohort]);
        // Neighbours never repeat each other.
        const h = b.history ?? [];
        for (let i = 1; i < h.length; i++) expect(h[i]!.attrs).not.toEqual(h[i - 1]!.attrs);
        // Entries are in time order, the first since always.
        if (h.length) expect(h[0]!.from).toBeNull();
        for (let i = 2; i < h.length; i++) expect(ord(h[i]!.from!)).toBeGreaterThan(ord(h[i - 1]!.from!));
      }),
      { numRuns: 300 },
    );
  });
});
