// Demonstration-base designations (SPEC §11, seed 004): the level they give a base in a period
// (national over provincial, not before their year, a revocation never reaching back) and the
// per-year, per-level summary (recommended, designated, success rate, cumulative 家(次) and bases).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DESIGNATION_KEY,
  type Designation,
  type DesignationLevel,
  type DesignationStatus,
  designatedLevel,
  designationInputSchema,
  inForce,
  summarizeDesignations,
} from '../../shared/designations';
import { BASES } from '../../shared/program';
import type { BaseRecord } from '../../shared/registry';
import { historyAfter } from '../../shared/registry-history';

const d = (year: number, level: DesignationLevel, status: DesignationStatus = 'designated', revokedFrom: number | null = null): Designation => ({
  year,
  level,
  status,
  document: null,
  recommendedBy: null,
  revokedFrom,
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const byKey = (...ds: Designation[]) => Object.fromEntries(ds.map((x) => [`${x.year}-${x.level}`, x]));

describe('designatedLevel', () => {
  it('none, or none in force: null (the registry level holds)', () => {
    expect(designatedLevel(undefined, '2021')).toBeNull();
    expect(designatedLevel(null, '2021Q1')).toBeNull();
    expect(designatedLevel({}, '2021Q1')).toBeNull();
    // Recommended or refused: never a level.
    expect(designatedLevel(byKey(d(2021, 'national', 'recommended'), d(2020, 'provincial', 'not-designated')), '2022')).toBeNull();
  });

  it('never before its year: from its first quarter on', () => {
    const ds = byKey(d(2021, 'national'));
    expect(['2020', '2020Q4', '2021Q1', '2021', '2030Q2'].map((p) => designatedLevel(ds, p))).toEqual([null, null, 'national', 'national', 'national']);
  });

  it('national over provincial', () => {
    const ds = byKey(d(2018, 'provincial'), d(2021, 'national'));
    expect(['2017', '2018Q1', '2020', '2020Q4', '2021Q1', '2021', '2025'].map((p) => designatedLevel(ds, p))).toEqual([
      null,
      'provincial',
      'provincial',
      'provincial',
      'national',
      'national',
      'national',
    ]);
    // Whatever order the keys come in.
    const reversed = byKey(d(2021, 'national'), d(2018, 'provincial'));
    expect(designatedLevel(reversed, '2022')).toBe('national');
  });

  it('a revocation never reaches back: in force in the years before revokedFrom', () => {
    const ds = byKey(d(2018, 'provincial'), d(2019, 'national', 'revoked', 2022));
    expect(['2018', '2019Q1', '2021Q4', '2021', '2022Q1', '2022', '2030'].map((p) => designatedLevel(ds, p))).toEqual([
      'provincial',
      'national',
      'national',
      'national',
      'provincial',
      'provincial',
      'provincial',
    ]);
    expect(inForce(d(2019, 'national', 'revoked', 2022), '2021Q4')).toBe(true);
    expect(inForce(d(2019, 'national', 'revoked', 2022), '2022Q1')).toBe(false);
    // A revoked record without a year (not one the API writes) is never in force.
    expect(inForce(d(2019, 'national', 'revoked', null), '2019')).toBe(false);
  });

  it('derives the base level in BASES.asOf, over the registry history', () => {
    const b: BaseRecord = {
      baseId: 'b-1',
      name: 'x',
      city: '长沙市',
      county: 'y',
      level: 'provincial',
      cohort: null,
      updatedAt: 'u',
      designations: byKey(d(2021, 'national')),
    };
    expect(BASES.asOf(b, '2020Q4').level).toBe('provincial');
    expect(BASES.asOf(b, '2020').level).toBe('provincial');
    expect(BASES.asOf(b, '2021Q1').level).toBe('national');
    expect(BASES.scopesOf(BASES.asOf(b, '2021'))).toContain('level:national');
    expect(BASES.scopesOf(BASES.asOf(b, '2020'))).toContain('level:provincial');
    // A move from 2021 and the designation combine; 2020 is untouched by both.
    const after = { ...b, city: '株洲市' };
    const moved: BaseRecord = { ...after, history: historyAfter(b, after, ['city', 'county', 'level', 'cohort'], '2021Q1') };
    expect([BASES.asOf(moved, '2020').city, BASES.asOf(moved, '2020').level]).toEqual(['长沙市', 'provincial']);
    expect([BASES.asOf(moved, '2021Q2').city, BASES.asOf(moved, '2021Q2').level]).toEqual(['株洲市', 'national']);
  });
});

describe('the input', () => {
  it('keys and bodies', () => {
    expect(DESIGNATION_KEY.exec('2021-national')?.slice(1)).toEqual(['2021', 'national']);
    expect(DESIGNATION_KEY.test('2021-county')).toBe(false);
    expect(DESIGNATION_KEY.test('21-national')).toBe(false);
    expect(designationInputSchema.safeParse({ status: 'designated', document: '工信部企业函〔2021〕1号' }).success).toBe(true);
    expect(designationInputSchema.safeParse({ status: 'approved' }).success).toBe(false);
    expect(designationInputSchema.safeParse({ status: 'designated', extra: 1 }).success).toBe(false);
  });
});

describe('summarizeDesignations', () => {
  const row = (rows: ReturnType<typeof summarizeDesignations>, year: number, level: DesignationLevel) =>
    rows.find((r) => r.year === year && r.level === level)!;

  it('recommended (every record of the year), designated, success rate', () => {
    const rows = summarizeDesignations([
      { baseId: 'a', designation: d(2021, 'national', 'designated') },
      { baseId: 'b', designation: d(2021, 'national', 'not-designated') },
      { baseId: 'c', designation: d(2021, 'national', 'recommended') },
      { baseId: 'e', designation: d(2021, 'national', 'designated') },
    ]);
    expect(rows).toEqual([
      { year: 2021, level: 'national', recommended: 4, designated: 2, successRate: 0.5, cumulativeTimes: 2, cumulativeBases: 2 },
      { year: 2021, level: 'provincial', recommended: 0, designated: 0, successRate: null, cumulativeTimes: 0, cumulativeBases: 0 },
    ]);
  });

  it('cumulative 家(次) counts every designation of the level up to the year; bases count once; levels apart', () => {
    const rows = summarizeDesignations([
      // One base designated provincial 2018 and national 2021: once in each level's 家次.
      { baseId: 'a', designation: d(2018, 'provincial') },
      { baseId: 'a', designation: d(2021, 'national') },
      // One base designated provincial twice (2018, re-designated 2020): twice in 家次, once in bases.
      { baseId: 'b', designation: d(2018, 'provincial') },
      { baseId: 'b', designation: d(2020, 'provincial') },
      // Revoked later: it was designated that year, and stays in the cumulative counts.
      { baseId: 'c', designation: d(2020, 'provincial', 'revoked', 2021) },
      { baseId: 'e', designation: d(2021, 'provincial', 'recommended') },
    ]);
    expect(rows.map((r) => `${r.level} ${r.year}`)).toEqual([
      'national 2018',
      'national 2020',
      'national 2021',
      'provincial 2018',
      'provincial 2020',
      'provincial 2021',
    ]);
    expect(row(rows, 2018, 'provincial')).toMatchObject({ recommended: 2, designated: 2, successRate: 1, cumulativeTimes: 2, cumulativeBases: 2 });
    expect(row(rows, 2020, 'provincial')).toMatchObject({ recommended: 2, designated: 2, successRate: 1, cumulativeTimes: 4, cumulativeBases: 3 });
    expect(row(rows, 2021, 'provincial')).toMatchObject({ recommended: 1, designated: 0, successRate: 0, cumulativeTimes: 4, cumulativeBases: 3 });
    expect(row(rows, 2018, 'national')).toMatchObject({ recommended: 0, designated: 0, successRate: null, cumulativeTimes: 0, cumulativeBases: 0 });
    expect(row(rows, 2021, 'national')).toMatchObject({ recommended: 1, designated: 1, successRate: 1, cumulativeTimes: 1, cumulativeBases: 1 });
    // Over both levels base a counts twice in 家次 (once per level) and once per level's bases.
    const y2021 = rows.filter((r) => r.year === 2021);
    expect(y2021.reduce((s, r) => s + r.cumulativeTimes, 0)).toBe(5);
  });

  it('nothing: no rows', () => {
    expect(summarizeDesignations([])).toEqual([]);
  });

  it('property: per level, cumulative counts are monotone, bases ≤ 家次, designated ≤ recommended, rate = designated ÷ recommended', () => {
    const recArb = fc.record({
      baseId: fc.constantFrom('a', 'b', 'c', 'e', 'f'),
      year: fc.integer({ min: 2016, max: 2024 }),
      level: fc.constantFrom<DesignationLevel>('national', 'provincial'),
      status: fc.constantFrom<DesignationStatus>('recommended', 'designated', 'not-designated', 'revoked'),
    });
    fc.assert(
      fc.property(fc.uniqueArray(recArb, { selector: (r) => `${r.baseId}|${r.year}|${r.level}` }), (recs) => {
        const rows = summarizeDesignations(
          recs.map((r) => ({ baseId: r.baseId, designation: d(r.year, r.level, r.status, r.status === 'revoked' ? r.year + 1 : null) })),
        );
        for (const level of ['national', 'provincial'] as const) {
          const mine = rows.filter((r) => r.level === level);
          for (let i = 0; i < mine.length; i++) {
            const r = mine[i]!;
            const of = recs.filter((x) => x.level === level && x.year === r.year);
            expect(r.recommended).toBe(of.length);
            expect(r.designated).toBe(of.filter((x) => x.status === 'designated' || x.status === 'revoked').length);
            expect(r.successRate).toBe(r.recommended ? r.designated / r.recommended : null);
            expect(r.cumulativeBases).toBeLessThanOrEqual(r.cumulativeTimes);
            if (i) {
              expect(r.year).toBeGreaterThan(mine[i - 1]!.year);
              expect(r.cumulativeTimes).toBe(mine[i - 1]!.cumulativeTimes + r.designated);
              expect(r.cumulativeBases).toBeGreaterThanOrEqual(mine[i - 1]!.cumulativeBases);
            } else expect(r.cumulativeTimes).toBe(r.designated);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
