// Golden check of the bases' bulletin layout: the whole sheet model (every cell, format, merge,
// print setting and the Word document's text) for fixed inputs, compared with snapshots committed
// before shared/bulletin/layout.ts was split into modules (issue 17). A refactor of the layout
// must leave these files unchanged; a deliberate change of the bulletin updates them
// (`npx vitest run test/unit/bulletin-golden.test.ts -u`) and the diff shows every cell it moves.

import { describe, expect, it } from 'vitest';
import type { ScopedTotals } from '../../shared/aggregation';
import { type BaseRow, type BulletinInput, type BulletinModel, type CompletenessBlock, layoutBulletin, sumRows } from '../../shared/bulletin';
import { fieldsForPeriod } from '../../shared/catalog';
import type { Designation } from '../../shared/designations';
import { SICHUAN } from '../../shared/province';
import type { BaseRecord } from '../../shared/registry';
import { seed2020Input, sparseQuarterInput } from '../helpers/bulletin-inputs';

/** One line per row, so that a changed cell shows as a changed line. */
function render(model: BulletinModel): string {
  const out = [`file ${model.fileName} | ${model.asciiFileName}`, `completeness ${JSON.stringify(model.completeness ?? null)}`];
  for (const { rows, merges, ...sheet } of model.sheets) {
    out.push('', `== sheet ${JSON.stringify(sheet)}`);
    rows.forEach((r, i) => out.push(`${i} ${r.kind} ${JSON.stringify(r.cells)}`));
    out.push(`merges ${JSON.stringify(merges)}`);
  }
  if (model.document) {
    const { paragraphs, ...doc } = model.document;
    out.push('', `== document ${JSON.stringify(doc)}`);
    for (const p of paragraphs) out.push(`${p.kind} ${p.text}`);
  }
  return out.join('\n') + '\n';
}

// ---- a fixed province of 14 bases, every indicator filed -------------------------------------------

/** Deterministic pseudo-random integers (LCG), so the input is the same on every run. */
function generator(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
}

const CITIES = ['长沙市', '株洲市', '湘潭市', '衡阳市', '湘西土家族苗族自治州'];
const bases: BaseRecord[] = Array.from({ length: 14 }, (_, i) => ({
  baseId: `g-${String(i + 1).padStart(2, '0')}`,
  name: i === 3 ? '=HYPERLINK("http://x","y")' : `${CITIES[i % CITIES.length]!.slice(0, 2)}第${i + 1}创业创新基地`,
  city: CITIES[(i * 3) % CITIES.length]!,
  county: `第${(i % 4) + 1}区`,
  level: i % 4 === 0 ? 'national' : 'provincial',
  cohort: i < 6 ? '第一批' : i < 10 ? '第二批' : null,
  updatedAt: '2020-01-01T00:00:00.000Z',
}));

/** Every field of the period for a base; some ties on purpose (rankings share places). */
function rowsOf(period: string, filers: readonly BaseRecord[], seed: number): BaseRow[] {
  const next = generator(seed);
  return filers.map((base, i) => {
    const values: Record<string, bigint> = {};
    for (const f of fieldsForPeriod(period)) {
      const scale = f.dp === 2 ? 100_000 : f.dp === 4 ? 10_000 : 1_000;
      values[f.code] = BigInt(f.code === 'serviceExpenditure' && i % 5 === 0 ? 0 : next(scale * (f.mean ? 40 : 200)));
    }
    // Equal building areas and 企业 counts: 名次 shared, tied bases listed past the top.
    if (i % 3 === 0) values.buildingArea = 1_234_500n;
    if (i < 4) values.residentEnterprises = 77n;
    return { base, values };
  });
}

const aggregatesOf = (entries: Array<[string, BaseRow[]]>, cohorts = false): Record<string, ScopedTotals> =>
  Object.fromEntries(
    entries.map(([p, rows]) => {
      const scoped: ScopedTotals = { all: sumRows(rows) };
      for (const c of CITIES) scoped[`city:${c}`] = sumRows(rows.filter((r) => r.base.city === c));
      if (cohorts) for (const c of ['第一批', '第二批']) scoped[`cohort:${c}`] = sumRows(rows.filter((r) => r.base.cohort === c));
      return [p, scoped];
    }),
  );

function block(period: string, filed: readonly BaseRecord[], lateEvery: number): CompletenessBlock {
  const ids = new Set(filed.map((b) => b.baseId));
  const counts = (list: readonly BaseRecord[]) => {
    const submitted = list.filter((b) => ids.has(b.baseId));
    const late = submitted.filter((_, i) => i % lateEvery === 1).length;
    return { expected: list.length, submitted: submitted.length, onTime: submitted.length - late, late, missing: list.length - submitted.length };
  };
  return {
    period,
    ...counts(bases),
    byCity: [...CITIES].reverse().map((city) => ({ city, ...counts(bases.filter((b) => b.city === city)) })),
    byLevel: (['provincial', 'national'] as const).map((level) => ({ level, ...counts(bases.filter((b) => b.level === level)) })),
    missingBases: bases
      .filter((b) => !ids.has(b.baseId))
      .map((b, i) => ({ baseId: b.baseId, name: b.name, city: b.city, county: b.county, level: b.level, hasDraft: i % 2 === 0 })),
  };
}

const designation = (year: number, level: 'national' | 'provincial', status: Designation['status'], document: string | null): Designation => ({
  year,
  level,
  status,
  document,
  recommendedBy: status === 'designated' ? '湖南省工业和信息化厅' : null,
  revokedFrom: null,
  updatedAt: '2021-01-01T00:00:00.000Z',
});

const designations = [
  { b: 0, d: designation(2019, 'provincial', 'designated', '湘工信〔2019〕1号') },
  { b: 4, d: designation(2020, 'national', 'designated', '工信部企业函〔2020〕9号') },
  { b: 5, d: designation(2020, 'provincial', 'recommended', null) },
  { b: 8, d: designation(2021, 'provincial', 'designated', '湘工信〔2021〕3号') },
  { b: 0, d: designation(2021, 'national', 'designated', '工信部企业函〔2021〕7号') },
  { b: 9, d: designation(2021, 'national', 'recommended', null) },
  { b: 12, d: designation(2022, 'provincial', 'designated', null) },
].map(({ b, d }) => ({ baseId: bases[b]!.baseId, name: bases[b]!.name, city: bases[b]!.city, county: bases[b]!.county, designation: d }));

// 2021: 12 bases filed the year (2 never did); 2020 by 10 of them (and one that left);
// Q3 by 11, Q4 by 12: the 环比 is over the 10 that filed both.
const filers2021 = bases.slice(0, 12);
const filers2020 = [...bases.slice(2, 12), bases[13]!];
const rows2021 = rowsOf('2021', filers2021, 1);
const rows2020 = rowsOf('2020', filers2020, 2);
const q3 = rowsOf('2021Q3', [...bases.slice(0, 10), bases[12]!], 3);
const q4 = rowsOf('2021Q4', filers2021, 4);
const q1 = rowsOf('2021Q1', bases.slice(0, 13), 5);
const q2 = rowsOf('2021Q2', bases.slice(1, 14), 6);

function yearInput(over: Partial<BulletinInput> = {}): BulletinInput {
  return {
    period: '2021',
    scope: 'all',
    aggregates: aggregatesOf(
      [
        ['2021', rows2021],
        ['2020', rows2020],
        ['2021Q3', q3],
        ['2021Q4', q4],
      ],
      true,
    ),
    rows: rows2021,
    compareRows: rows2020,
    momRows: { previous: q3, current: q4 },
    bases,
    designations,
    completeness: [
      block('2021Q1', bases.slice(0, 13), 3),
      block('2021Q2', bases.slice(1, 14), 4),
      block(
        '2021Q3',
        q3.map((r) => r.base),
        2,
      ),
      block('2021Q4', filers2021, 5),
    ],
    options: { top: 3, date: '2022年1月20日' },
    ...over,
  };
}

const inCity = (rows: BaseRow[], city: string) => rows.filter((r) => r.base.city === city);

const CASES: Record<string, () => BulletinInput> = {
  // Every sheet: 环比 over the same bases, 同比 over those filing both years, ties, designations.
  'year-all': () => yearInput(),
  // The cohort comparison from its own aggregate scope, rankings of 5.
  'year-cohort': () => yearInput({ options: { cohort: '第一批', date: '2022年1月20日' } }),
  // A city: the cohort summed from per-base rows; an explicit compare period.
  'year-city-cohort': () =>
    yearInput({
      scope: 'city:长沙市',
      rows: inCity(rows2021, '长沙市'),
      compareRows: inCity(rows2020, '长沙市'),
      momRows: { previous: inCity(q3, '长沙市'), current: inCity(q4, '长沙市') },
      bases: bases.filter((b) => b.city === '长沙市'),
      designations: designations.filter((d) => d.city === '长沙市'),
      completeness: [block('2021Q4', filers2021, 5)],
      options: { cohort: '第二批', compare: '2020', top: 2 },
    }),
  // A quarter whose default comparison (2020Q2) has no data: no 同比; a Sichuan title; a warning.
  'quarter-sichuan': () => ({
    period: '2021Q2',
    scope: 'all',
    aggregates: aggregatesOf([
      ['2021Q1', q1],
      ['2021Q2', q2],
    ]),
    rows: q2,
    compareRows: [],
    momRows: { previous: q1, current: q2 },
    bases,
    completeness: [block('2021Q2', bases.slice(1, 14), 4)],
    options: { completenessWarnBelow: 95 },
    province: SICHUAN,
  }),
  // Seed 000's published 2020 totals (aggregates only) and the 2-of-85 quarter.
  'seed-2020': seed2020Input,
  'sparse-quarter': sparseQuarterInput,
};

describe('bulletin layout: golden models', () => {
  for (const [name, input] of Object.entries(CASES))
    it(`lays out ${name} as the committed snapshot`, async () => {
      await expect(render(layoutBulletin(input()))).toMatchFileSnapshot(`./__snapshots__/bulletin-golden/${name}.txt`);
    });
});
