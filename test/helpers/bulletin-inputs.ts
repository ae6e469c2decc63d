// Hand-made bulletin inputs shared by the Word bulletin tests: seed 000's 2020 totals (附件1–3),
// and a quarter that only 2 of 85 bases have filed (the guard's case).

import type { Totals } from '../../shared/aggregation';
import type { BaseRow, BulletinInput, CompletenessBlock } from '../../shared/bulletin';
import type { BaseRecord } from '../../shared/registry';

type Num = number | bigint;

export function totalsOf(bases: number, values: Record<string, Num>): Totals {
  return { reportingBases: BigInt(bases), values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, BigInt(v)])), means: {} };
}

export function baseOf(i: number, extra: Partial<BaseRecord> = {}): BaseRecord {
  const id = `b-${String(i).padStart(3, '0')}`;
  return {
    baseId: id,
    name: `第${i}号创业创新基地`,
    city: '长沙市',
    county: '岳麓区',
    level: 'provincial',
    cohort: null,
    updatedAt: '2020-01-01T00:00:00.000Z',
    ...extra,
  };
}

/** 2020 annual bulletin (seed 000): 83 bases, every quarter filed by all. */
export function seed2020Input(): BulletinInput {
  const year = totalsOf(83, {
    buildingArea: 16_280_000,
    selfOwnedArea: 8_350_000,
    standardFactoryArea: 10_862_000,
    serviceStaff: 1695,
    operatorRevenue: 3_016_770_000,
    operatorServiceRevenue: 402_450_000,
    residentEnterprises: 8415,
    smallMicroEnterprises: 7412,
    employees: 219_000,
    enterpriseRevenue: 123_880_000_000,
    enterpriseTax: 3_890_000_000,
    enterpriseProfit: 6_430_000_000,
    'service.info.sessions': 4968,
    'service.info.enterprises': 24760,
    'service.startup.sessions': 954,
    'service.startup.enterprises': 9637,
    'service.training.sessions': 1430,
    'service.training.enterprises': 16484,
    'service.financing.sessions': 592,
    'service.financing.enterprises': 5343,
    'service.other.sessions': 1042,
    'service.other.enterprises': 7771,
  });
  const q3 = totalsOf(83, {
    operatorRevenue: 933_995_000,
    operatorServiceRevenue: 99_189_000,
    enterpriseRevenue: 34_350_000_000,
    enterpriseTax: 1_160_000_000,
    enterpriseProfit: 1_710_000_000,
  });
  const q4 = totalsOf(83, {
    operatorRevenue: 1_190_795_000,
    operatorServiceRevenue: 140_910_000,
    enterpriseRevenue: 47_200_000_000,
    enterpriseTax: 1_520_000_000,
    enterpriseProfit: 2_170_000_000,
  });
  const block: CompletenessBlock = {
    period: '2020Q4',
    expected: 83,
    submitted: 83,
    onTime: 83,
    late: 0,
    missing: 0,
    byCity: [],
    byLevel: [],
    missingBases: [],
  };
  return {
    period: '2020',
    scope: 'all',
    aggregates: { '2020': { all: year }, '2020Q3': { all: q3 }, '2020Q4': { all: q4 } },
    rows: [],
    compareRows: [],
    completeness: [block],
    options: { date: '2021年1月11日' },
  };
}

/**
 * 2021Q1 with 2 of 85 bases filed, against 2020Q4 filed by 83 (those 2 among them): revenue
 * 100 and 120 万元 in 2020Q4, 110 and 132 万元 in 2021Q1 — 环比 over the same 2 bases is +10.0%,
 * while the aggregates (2 bases against 83) would say −98.5%.
 */
export function sparseQuarterInput(): BulletinInput {
  const bases = Array.from({ length: 85 }, (_, i) => baseOf(i + 1));
  const row = (b: BaseRecord, revenue: number): BaseRow => ({
    base: b,
    values: { operatorRevenue: BigInt(revenue) * 10_000n, buildingArea: 100_000n, residentEnterprises: 10n },
  });
  const prev = bases.slice(0, 83).map((b, i) => row(b, i === 0 ? 100 : i === 1 ? 120 : 200));
  const cur = [row(bases[0]!, 110), row(bases[1]!, 132)];
  const sum = (rows: BaseRow[]) => rows.reduce((s, r) => s + BigInt(r.values.operatorRevenue!), 0n);
  const q1 = totalsOf(2, { operatorRevenue: sum(cur), buildingArea: 200_000, residentEnterprises: 20 });
  const q4 = totalsOf(83, { operatorRevenue: sum(prev), buildingArea: 8_300_000, residentEnterprises: 830 });
  const missingBases = bases.slice(2).map((b) => ({ baseId: b.baseId, name: b.name, city: b.city, county: b.county, level: b.level, hasDraft: false }));
  const block: CompletenessBlock = {
    period: '2021Q1',
    expected: 85,
    submitted: 2,
    onTime: 2,
    late: 0,
    missing: 83,
    byCity: [{ city: '长沙市', expected: 85, submitted: 2, onTime: 2, late: 0, missing: 83 }],
    byLevel: [{ level: 'provincial', expected: 85, submitted: 2, onTime: 2, late: 0, missing: 83 }],
    missingBases,
  };
  return {
    period: '2021Q1',
    scope: 'all',
    aggregates: { '2021Q1': { all: q1 }, '2020Q4': { all: q4 } },
    rows: cur,
    compareRows: [],
    momRows: { previous: prev, current: cur },
    bases,
    completeness: [block],
    options: { date: '2021年4月20日' },
  };
}
