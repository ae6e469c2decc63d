// The pure page logic of SPEC §11: when a registry edit asks for a 生效期 and what it sends, a
// registry history as rows, the designation form → PUT key and body (the server's own schema
// accepts what the form lets through), the list filters and the summary table.

import { describe, expect, it } from 'vitest';
import { type Designation, designationInputSchema, summarizeDesignations } from '../../shared/designations';
import { platformInputSchema } from '../../shared/platforms/registry';
import { baseInputSchema } from '../../shared/registry';
import { historyAfter } from '../../shared/registry-history';
import {
  BASE_SCOPED,
  baseDesignations,
  type DesignationTyped,
  defaultEffectiveFrom,
  designationFromForm,
  designationStatusText,
  designationsQuery,
  designationYears,
  filterByStatus,
  fmtRate,
  historyRows,
  PLATFORM_SCOPED,
  parseEffectiveFrom,
  scopedChanges,
  summaryTableRows,
} from '../../web/src/designations';

const BASE = {
  baseId: 'csxc-01',
  name: '长沙科技新城',
  city: '长沙市',
  county: '岳麓区',
  level: 'national',
  cohort: '第一批',
  activeFrom: null,
  activeTo: null,
  updatedAt: '2020-01-01T00:00:00Z',
};

describe('生效期: when a registry edit asks for one', () => {
  it('asks when an existing base moves city, county, level or cohort, not for other edits or a new base', () => {
    expect(scopedChanges(BASE, { ...BASE, name: '新名称', activeTo: '2025Q4' }, BASE_SCOPED)).toEqual([]);
    expect(scopedChanges(BASE, { ...BASE, city: '湘潭市', county: '岳塘区' }, BASE_SCOPED)).toEqual(['city', 'county']);
    expect(scopedChanges(BASE, { ...BASE, level: 'provincial' }, BASE_SCOPED)).toEqual(['level']);
    expect(scopedChanges(null, { ...BASE, city: '湘潭市' }, BASE_SCOPED)).toEqual([]);
  });

  it('treats a blank cohort as none (the form sends null for an empty box)', () => {
    const noCohort = { ...BASE, cohort: null };
    expect(scopedChanges(noCohort, { ...noCohort, cohort: '' }, BASE_SCOPED)).toEqual([]);
    expect(scopedChanges({ ...BASE, cohort: undefined }, { ...BASE, cohort: null }, BASE_SCOPED)).toEqual([]);
    expect(scopedChanges(noCohort, { ...noCohort, cohort: '第二批' }, BASE_SCOPED)).toEqual(['cohort']);
  });

  it('asks when a platform changes city, tier, county, park or cluster', () => {
    const p = { city: '株洲市', tier: 'county', county: '荷塘区', park: false, cluster: null, name: 'x', builtYear: 2019 };
    expect(scopedChanges(p, { ...p, name: 'y', builtYear: 2020 }, PLATFORM_SCOPED)).toEqual([]);
    expect(scopedChanges(p, { ...p, park: true }, PLATFORM_SCOPED)).toEqual(['park']);
    expect(scopedChanges(p, { ...p, tier: 'cluster', county: null, cluster: '芦淞服饰' }, PLATFORM_SCOPED)).toEqual(['tier', 'county', 'cluster']);
  });

  it('defaults to the current quarter (bases) or year (platforms) in Beijing time', () => {
    // 2020-12-31 17:00 UTC is already 2021-01-01 in Beijing.
    const newYearsEve = new Date('2020-12-31T17:00:00Z');
    expect(defaultEffectiveFrom('quarter', newYearsEve)).toBe('2021Q1');
    expect(defaultEffectiveFrom('year', newYearsEve)).toBe('2021');
    expect(parseEffectiveFrom('  ', 'quarter', newYearsEve)).toEqual({ value: '2021Q1', error: null });
    expect(parseEffectiveFrom('', 'year', new Date('2026-06-01T00:00:00Z'))).toEqual({ value: '2026', error: null });
  });

  it('takes a quarter or a year for a base, a year for a platform; the base schema accepts what it sends', () => {
    expect(parseEffectiveFrom(' 2021q1 ', 'quarter')).toEqual({ value: '2021Q1', error: null });
    expect(parseEffectiveFrom('2021', 'quarter')).toEqual({ value: '2021', error: null });
    expect(parseEffectiveFrom('2021Q5', 'quarter').error).toBe('生效期应为季度(如 2021Q1)或年份(如 2021)');
    expect(parseEffectiveFrom('2021Q1', 'year').error).toBe('生效年应为年份,如 2021');
    expect(parseEffectiveFrom('2021', 'year')).toEqual({ value: '2021', error: null });
    const { baseId: _id, updatedAt: _u, ...input } = BASE;
    expect(baseInputSchema.safeParse({ ...input, city: '湘潭市', effectiveFrom: parseEffectiveFrom('2021q1', 'quarter').value }).success).toBe(true);
    expect(
      platformInputSchema.safeParse({
        name: '株洲市窗口平台',
        tier: 'city',
        city: '株洲市',
        builtYear: 2019,
        effectiveFrom: parseEffectiveFrom('2021', 'year').value,
      }).success,
    ).toBe(true);
  });
});

describe('a registry history as rows', () => {
  it('is empty for an entity that never moved', () => {
    expect(historyRows(undefined, BASE_SCOPED)).toEqual([]);
    expect(historyRows([], BASE_SCOPED)).toEqual([]);
  });

  it('names from when and until when each entry held, oldest first, the last one current', () => {
    // The server's own history after a move from 2021Q1 and another from 2023.
    const h1 = historyAfter(BASE, { ...BASE, city: '湘潭市', county: '岳塘区' }, BASE_SCOPED, '2021Q1')!;
    const moved = { ...BASE, city: '湘潭市', county: '岳塘区', history: h1 };
    const h2 = historyAfter(moved, { ...moved, level: 'provincial', cohort: null }, BASE_SCOPED, '2023')!;
    const labels = (a: string, v: unknown) =>
      a === 'level' ? ({ national: '国家级', provincial: '省级' } as Record<string, string>)[v as string]! : String(v);
    expect(historyRows(h2, BASE_SCOPED, labels)).toEqual([
      { from: '登记时起', to: '至2020年四季度', current: false, cells: ['长沙市', '岳麓区', '国家级', '第一批'] },
      { from: '2021年一季度起', to: '至2022年', current: false, cells: ['湘潭市', '岳塘区', '国家级', '第一批'] },
      { from: '2023年起', to: '至今', current: true, cells: ['湘潭市', '岳塘区', '省级', '—'] },
    ]);
  });

  it('shows a platform’s park flag and a missing cluster', () => {
    const rows = historyRows(
      [
        { from: null, attrs: { city: '株洲市', tier: 'county', county: '荷塘区', park: false, cluster: null } },
        { from: '2021', attrs: { city: '株洲市', tier: 'county', county: '荷塘区', park: true, cluster: null } },
      ],
      PLATFORM_SCOPED,
      (a, v) => (a === 'park' ? (v ? '是' : '否') : String(v)),
    );
    expect(rows.map((r) => [r.from, r.to, ...r.cells])).toEqual([
      ['登记时起', '至2020年', '株洲市', 'county', '荷塘区', '否', '—'],
      ['2021年起', '至今', '株洲市', 'county', '荷塘区', '是', '—'],
    ]);
  });
});

const typed = (t: Partial<DesignationTyped> = {}): DesignationTyped => ({
  baseId: 'csxc-01',
  year: '2021',
  level: 'national',
  status: 'designated',
  document: '',
  recommendedBy: '',
  revokedFrom: '',
  ...t,
});

describe('the designation form', () => {
  it('builds the PUT key and a body the server’s schema accepts', () => {
    const r = designationFromForm(typed({ year: ' 2021 ', document: ' 工信部企业函〔2021〕88号 ', recommendedBy: '湖南省工业和信息化厅' }));
    expect(r).toEqual({
      key: '2021-national',
      body: { status: 'designated', document: '工信部企业函〔2021〕88号', recommendedBy: '湖南省工业和信息化厅' },
      errors: {},
    });
    expect(designationInputSchema.safeParse(r.body).success).toBe(true);
    expect(designationFromForm(typed({ level: 'provincial', status: 'recommended' })).key).toBe('2021-provincial');
  });

  it('sends 撤销年份 only for a revocation, as a number, later than the year', () => {
    expect(designationFromForm(typed({ revokedFrom: '2024' })).body).not.toHaveProperty('revokedFrom');
    const r = designationFromForm(typed({ status: 'revoked', revokedFrom: '2024' }));
    expect(r.body.revokedFrom).toBe(2024);
    expect(designationInputSchema.safeParse(r.body).success).toBe(true);
    expect(designationFromForm(typed({ status: 'revoked' })).body.revokedFrom).toBeNull();
    expect(designationFromForm(typed({ status: 'revoked', revokedFrom: '2021' })).errors).toEqual({ revokedFrom: '撤销年份应晚于认定年份(2021年)' });
    expect(designationFromForm(typed({ status: 'revoked', revokedFrom: '24' })).errors).toEqual({ revokedFrom: '撤销年份应为年份,如 2023' });
  });

  it('names each missing or malformed field', () => {
    const r = designationFromForm(typed({ baseId: '', year: '21', level: '', status: 'x', document: '文'.repeat(101) }));
    expect(r.key).toBe('');
    expect(Object.keys(r.errors).sort()).toEqual(['baseId', 'document', 'level', 'status', 'year']);
    expect(r.errors.year).toBe('认定年度应为年份,如 2021');
  });
});

const D = (year: number, level: Designation['level'], status: Designation['status'], revokedFrom: number | null = null): Designation => ({
  year,
  level,
  status,
  document: null,
  recommendedBy: null,
  revokedFrom,
  updatedAt: '2021-12-01T00:00:00Z',
});

describe('the designations list and summary', () => {
  it('queries year and level from the server and filters the status here', () => {
    expect(designationsQuery({})).toBe('');
    expect(designationsQuery({ year: '2021', level: '', status: 'designated' })).toBe('?year=2021');
    expect(designationsQuery({ year: '2021', level: 'national' })).toBe('?year=2021&level=national');
    const items = [{ status: 'designated' }, { status: 'recommended' }, { status: 'designated' }];
    expect(filterByStatus(items, 'designated')).toHaveLength(2);
    expect(filterByStatus(items, '')).toHaveLength(3);
  });

  it('words a status, a revocation with its year', () => {
    expect(designationStatusText(D(2021, 'national', 'designated'))).toBe('已认定');
    expect(designationStatusText(D(2021, 'national', 'revoked', 2023))).toBe('已撤销(2023年起)');
    expect(designationStatusText(D(2021, 'national', 'not-designated'))).toBe('未获认定');
  });

  it('offers the years with designations, newest first, and lists a base’s newest first', () => {
    expect(designationYears([{ year: 2021 }, { year: 2023 }, { year: 2021 }])).toEqual(['2023', '2021']);
    expect(baseDesignations(null)).toEqual([]);
    const byKey = {
      '2021-provincial': D(2021, 'provincial', 'designated'),
      '2023-national': D(2023, 'national', 'recommended'),
      '2021-national': D(2021, 'national', 'designated'),
    };
    expect(baseDesignations(byKey).map((d) => `${d.year}-${d.level}`)).toEqual(['2023-national', '2021-national', '2021-provincial']);
  });

  it('shows the server’s summary newest year first, national first, rates to one decimal, empty rows dropped', () => {
    const summary = summarizeDesignations([
      { baseId: 'a', designation: D(2021, 'national', 'designated') },
      { baseId: 'b', designation: D(2021, 'national', 'designated') },
      { baseId: 'c', designation: D(2021, 'national', 'not-designated') },
      { baseId: 'a', designation: D(2023, 'national', 'designated') },
      { baseId: 'd', designation: D(2023, 'provincial', 'recommended') },
    ]);
    expect(summaryTableRows(summary)).toEqual([
      ['2023年', '国家级', '1', '1', '100.0%', '3', '2'],
      ['2023年', '省级', '1', '0', '0.0%', '0', '0'],
      ['2021年', '国家级', '3', '2', '66.7%', '2', '2'],
    ]);
    expect(fmtRate(null)).toBe('—');
    expect(fmtRate(2 / 3)).toBe('66.7%');
  });
});
