// The bulletin layout (SPEC §6): turns aggregates, per-base rows and completeness into the
// nine sheets as a neutral model (shared/bulletin/model.ts). Pure: no I/O, no exceljs.
//
// Rows, labels and form units come from the catalog (shared/catalog.ts); this module only adds
// what the seeds add: display units (万平方米, 万元, 亿元, 万人), display precision, the order of
// the small tables, and derived rows (拥有专利, 合计, 比重, averages, growth). Every value is
// computed from exact integers and rounded only by the cell's number format.

import { addTotals, emptyTotals, isMeanCode, type ScopedTotals, type Totals } from '../aggregation';
import {
  INDICATORS,
  INDICATOR_BY_CODE,
  PATENT_CODES,
  SECTIONS,
  SERVICE_MEASURES,
  fieldsForPeriod,
  serviceCode,
  taxonomyForYear,
  type Field,
  type SectionId,
  type ServiceMeasure,
  type ServiceTaxonomy,
} from '../catalog';
import { isQuarter, periodLabel, samePeriodLastYear, yearOf } from '../periods';
import { config } from '../config';
import { cityRank, type Province } from '../province';
import { LEVEL_LABELS, type BaseRecord } from '../registry';
import { bulletinFileName, titleOf } from './file-name';
import { DESIGNATION_STATUS_LABELS, summarizeDesignations, type Designation } from '../designations';
import { DASH, num, numOrDash, text, type BulletinModel, type CellModel, type CompletenessSummary, type RowKind, type SheetModel } from './model';
import { momHeadings, momQuarters } from './mom';
import { SheetBuilder } from './sheet-builder';
import { decimalsFormat, formatDecimals, growth, largestRemainderShares, meanGrowth, quotient, toDisplay } from './numbers';
import { textSheet } from './text';

// ---- input -------------------------------------------------------------------------------------

/** One base's counted values for a period (a quarter's filing, or its year contribution). */
export interface BaseRow {
  base: BaseRecord;
  values: Readonly<Record<string, bigint | number>>;
}

export interface CompletenessCounts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
}

/** What computeCompleteness (shared/use-cases/report-completeness.ts) returns for one quarter. */
export interface CompletenessBlock extends CompletenessCounts {
  period: string;
  byCity: ReadonlyArray<CompletenessCounts & { city: string }>;
  byLevel: ReadonlyArray<CompletenessCounts & { level: string }>;
  missingBases: ReadonlyArray<{ baseId: string; name: string; city: string; county: string; level: string; hasDraft: boolean }>;
}

export interface BulletinOptions {
  /**
   * Period compared in 同比对比表. Given, the sheet is always shown; absent (the default: the
   * same period a year earlier), the sheet and its sentences are left out when that period has
   * no comparable data, instead of printing pages of "—".
   */
  compare?: string;
  /** Compare over this cohort (e.g. `第一批`) instead of the bases that filed in both periods. */
  cohort?: string | null;
  /** Bases per ranking (default 5). */
  top?: number;
  /** Below this percentage of expected filers the bulletin warns on its first page (default 90). */
  completenessWarnBelow?: number;
  /** The date of the 落款, e.g. `2021年1月11日` (default: none printed). */
  date?: string;
}

export interface BulletinInput {
  period: string;
  /** `all` | `city:长沙市` | `level:national` | `cohort:第一批` */
  scope: string;
  /** Aggregate items by period; must hold `period`, the 环比 quarters and the compare period. */
  aggregates: Readonly<Record<string, ScopedTotals>>;
  /** Per-base counted values for `period`, bases in scope (ranking, detail, 可比口径). */
  rows: readonly BaseRow[];
  /** Per-base counted values for the compare period, bases in scope. */
  compareRows: readonly BaseRow[];
  /**
   * Per-base counted values of the two 环比 quarters (momQuarters), bases in scope: the 环比 is
   * computed over the bases that filed in both (可比口径). Absent: over the aggregates.
   */
  momRows?: { previous: readonly BaseRow[]; current: readonly BaseRow[] };
  /** Registry bases in scope expected to file (detail sheet lists those without data too). */
  bases?: readonly BaseRecord[];
  /** Every designation of the bases in scope (示范基地认定情况), with the base's name then. */
  designations?: ReadonlyArray<{ baseId: string; name: string; city: string; county: string; designation: Designation }>;
  /** Completeness of the period's quarter(s), already scoped. */
  completeness: readonly CompletenessBlock[];
  options?: BulletinOptions;
  /**
   * The province the bulletin is about (titles, 市州 order, 落款); absent: the deployment's. A
   * national deployment's province bulletin names it (README "National deployment").
   */
  province?: Province;
}

/** Every aggregate period the layout reads. */
export function bulletinPeriods(period: string, compare = samePeriodLastYear(period)): string[] {
  const q = momQuarters(period);
  return [...new Set([period, q.previous, q.current, compare])];
}

// ---- measures: one displayed quantity, from the catalog --------------------------------------------

export interface Measure {
  key: string;
  label: string;
  unit: string;
  /** Display = base units ÷ 10^exp. */
  exp: number;
  mean: boolean;
  sum(t: Totals): bigint;
  meanOf(t: Totals): { sum: bigint; count: bigint };
}

interface DisplayUnit {
  unit: string;
  exp: number;
}

const WAN_M2: DisplayUnit = { unit: '万平方米', exp: 4 };
const YI_YUAN: DisplayUnit = { unit: '亿元', exp: 8 };
const WAN_REN: DisplayUnit = { unit: '万人', exp: 4 };

/** Display units of the summary tables (the seeds'); anything else shows in its form unit. */
const SUMMARY_UNITS: Readonly<Record<string, DisplayUnit>> = {
  buildingArea: WAN_M2,
  selfOwnedArea: WAN_M2,
  standardFactoryArea: WAN_M2,
  // 000's text: 营业收入共计30.17亿元; 001 附件2: 23.5 / 1.81 亿元. One unit in text and tables.
  operatorRevenue: YI_YUAN,
  operatorServiceRevenue: YI_YUAN,
  serviceExpenditure: YI_YUAN,
  operatorAssets: YI_YUAN,
  enterpriseAssets: YI_YUAN,
  enterpriseRevenue: YI_YUAN,
  enterpriseProfit: YI_YUAN,
  enterpriseTax: YI_YUAN,
};

const PATENTS_KEY = 'patents';

const valueOf = (t: Totals, code: string): bigint => t.values[code] ?? 0n;
const meanOf = (t: Totals, code: string) => t.means[code] ?? { sum: 0n, count: 0n };

function fieldMeasure(f: Field, unit?: DisplayUnit, label = f.label): Measure {
  return {
    key: f.code,
    label,
    unit: unit?.unit ?? f.formUnit,
    exp: unit?.exp ?? f.dp,
    mean: !!f.mean,
    sum: (t) => valueOf(t, f.code),
    meanOf: (t) => meanOf(t, f.code),
  };
}

/** 拥有专利 = the three patent kinds (derived, never typed). */
const patentsMeasure: Measure = {
  key: PATENTS_KEY,
  label: '拥有专利',
  unit: INDICATOR_BY_CODE.get(PATENT_CODES[0])!.formUnit,
  exp: 0,
  mean: false,
  sum: (t) => PATENT_CODES.reduce((s, c) => s + valueOf(t, c), 0n),
  meanOf: () => ({ sum: 0n, count: 0n }),
};

/** Indicator measures of catalog sections, with 拥有专利 before the first patent kind (which becomes 其中:…). */
function sectionMeasures(section: SectionId, units: Readonly<Record<string, DisplayUnit>>): Measure[] {
  const out: Measure[] = [];
  for (const f of INDICATORS.filter((x) => x.section === section)) {
    if (f.code === PATENT_CODES[0]) {
      out.push(patentsMeasure);
      out.push(fieldMeasure(f, units[f.code], `其中:${f.label}`));
    } else out.push(fieldMeasure(f, units[f.code]));
  }
  return out;
}

const labelWithUnit = (m: { label: string; unit: string }) => `${m.label}(${m.unit})`;

/** The total shown for a measure: the sum, or for rent and price the mean over bases. */
function totalValue(m: Measure, t: Totals): number | null {
  if (m.mean) {
    const x = m.meanOf(t);
    return quotient(x.sum, x.count, m.exp);
  }
  return toDisplay(m.sum(t), m.exp);
}

/** 基地平均值: total ÷ reporting bases (for rent and price, the mean itself). */
function perBaseValue(m: Measure, t: Totals): number | null {
  return m.mean ? totalValue(m, t) : quotient(m.sum(t), t.reportingBases, m.exp);
}

function growthOf(m: Measure, after: Totals, before: Totals): number | null {
  return m.mean ? meanGrowth(m.meanOf(after), m.meanOf(before)) : growth(m.sum(after), m.sum(before));
}

// ---- display precision (the seeds' printed precision) -------------------------------------------

/** 基本情况统计表: [total, 基地平均值]. 2020 附件1 for the totals, 2017 附件1 for the averages. */
// One precision per unit in a column: 万平方米 whole in the 2020 edition (000: 1628, 835),
// 亿元 and 万人 averages to 2 decimals, operator money in 亿元 to 2 decimals (000: 30.17亿元).
const BASIC_FORMATS: Readonly<Record<string, readonly [string, string]>> = {
  buildingArea: ['0', '0.0'],
  selfOwnedArea: ['0', '0.0'],
  standardFactoryArea: ['0', '0.0'],
  avgRent: ['0.0', '0.0'],
  avgSalePrice: ['0.0', '0.0'],
  operatorAssets: ['0.0', '0.00'],
  operatorRevenue: ['0.00', '0.00'],
  operatorServiceRevenue: ['0.00', '0.00'],
  serviceExpenditure: ['0.00', '0.00'],
  employees: ['0.0', '0.00'],
  enterpriseAssets: ['0.0', '0.00'],
  enterpriseRevenue: ['0.0', '0.00'],
  enterpriseProfit: ['0.0', '0.00'],
  enterpriseTax: ['0.0', '0.00'],
};

/**
 * The 2017-edition bulletins (service taxonomy 2017, years up to 2019) print the building area
 * to one decimal (001 附件1: 1653.0 万平方米); the 2020 edition prints whole 万平方米 (000: 1628).
 */
const BASIC_FORMATS_2017_EDITION: Readonly<Record<string, readonly [string, string]>> = {
  buildingArea: ['0.0', '0.0'],
  selfOwnedArea: ['0.0', '0.0'],
  standardFactoryArea: ['0.0', '0.0'],
};

/**
 * 入驻企业情况统计表 (2017 附件5): [total, 基地平均值, 企业平均值]. Money totals and 基地平均值 in
 * 亿元; 企业平均值 of money in 万元 (as 001 附件5 prints it: 1966, 141.5), headed so.
 */
const ENTERPRISE_FORMATS: Readonly<Record<string, readonly [string, string, string]>> = {
  employees: ['0', '0', '0'],
  enterpriseAssets: ['0.0', '0.00', '0.0'],
  enterpriseRevenue: ['0.0', '0.00', '0.0'],
  enterpriseProfit: ['0.0', '0.00', '0.0'],
  enterpriseTax: ['0.0', '0.00', '0.0'],
};
const ENTERPRISE_DEFAULT = ['0', '0', '0.00'] as const;
/** 企业平均值 of 亿元 figures is shown in 万元 (÷ 10^4 instead of 10^8). */
const PER_ENTERPRISE_MONEY = { unit: '万元', exp: 4 };

/** 同比对比表 (2017 附件2/6) and 运营情况环比统计表 (2020 附件3): one format per value. */
const COMPARE_FORMATS: Readonly<Record<string, string>> = {
  buildingArea: '0.0',
  selfOwnedArea: '0.0',
  standardFactoryArea: '0.0',
  avgRent: '0.0',
  avgSalePrice: '0.0',
  operatorAssets: '0.0',
  operatorRevenue: '0.00',
  operatorServiceRevenue: '0.00',
  serviceExpenditure: '0.00',
  enterpriseAssets: '0.0',
  enterpriseRevenue: '0.0',
  enterpriseProfit: '0.0',
  enterpriseTax: '0.0',
};

export const PERCENT = '0.0%';
const COUNT = '0';

// ---- context shared by the sheets and the text ------------------------------------------------

export interface RankEntry {
  base: BaseRecord;
  value: number;
  /** 名次: equal values share one (1, 2, 2, 4 …). */
  place: number;
  /** Staff increase only: the compare period's and this period's value. */
  before?: number;
  after?: number;
}

export interface Ranking {
  key: string;
  label: string;
  unit: string;
  fmt: string;
  entries: RankEntry[];
}

export interface Comparison {
  basis: 'cohort' | 'comparable';
  before: Totals;
  after: Totals;
  note: string;
}

export interface Ctx {
  input: BulletinInput;
  period: string;
  scope: string;
  compare: string;
  cohort: string | null;
  top: number;
  taxonomy: ServiceTaxonomy;
  compareTaxonomy: ServiceTaxonomy;
  totals: Totals;
  /** The 环比 quarters' totals over the bases that filed in both (`bases` of them). */
  mom: { previous: string; current: string; before: Totals; after: Totals; bases: number; note: string };
  /** Whether 同比对比表 and its sentences are shown (explicit compare, or data to compare). */
  showYoy: boolean;
  /** Whether 运营情况环比统计表 and its sentences are shown (some base filed both quarters). */
  showMom: boolean;
  completenessSummary: CompletenessSummary;
  comparison: Comparison;
  rankings: Ranking[];
  staffIncrease: Ranking;
  levelCounts: { national: number; provincial: number };
  /** Every value a sheet shows, by key, for the text (which must print what the sheets show). */
  facts: Map<string, CellModel>;
  sheetTitles: string[];
}

const scopedTotals = (agg: Readonly<Record<string, ScopedTotals>>, period: string, scope: string): Totals =>
  agg[period]?.[scope] ?? emptyTotals();

/** Sums per-base rows like the aggregator does (means keep sum and count). */
export function sumRows(rows: readonly BaseRow[]): Totals {
  const t = emptyTotals();
  for (const r of rows) {
    const c = emptyTotals();
    c.reportingBases = 1n;
    for (const [code, v] of Object.entries(r.values)) {
      const b = BigInt(v);
      c.values[code] = b;
      if (isMeanCode(code)) c.means[code] = { sum: b, count: 1n };
    }
    addTotals(t, c);
  }
  return t;
}

function comparisonOf(input: BulletinInput, period: string, compare: string, cohort: string | null): Comparison {
  const pl = periodLabel(period);
  const cl = periodLabel(compare);
  if (cohort) {
    let before: Totals;
    let after: Totals;
    if (input.scope === 'all') {
      // The province-wide cohort is an aggregate scope of its own.
      before = scopedTotals(input.aggregates, compare, `cohort:${cohort}`);
      after = scopedTotals(input.aggregates, period, `cohort:${cohort}`);
    } else {
      before = sumRows(input.compareRows.filter((r) => r.base.cohort === cohort));
      after = sumRows(input.rows.filter((r) => r.base.cohort === cohort));
    }
    return {
      basis: 'cohort',
      before,
      after,
      note: `口径:${cohort}基地(${cl}报送${before.reportingBases}家,${pl}报送${after.reportingBases}家)`,
    };
  }
  const inBoth = new Set(input.compareRows.map((r) => r.base.baseId));
  const after = input.rows.filter((r) => inBoth.has(r.base.baseId));
  const ids = new Set(after.map((r) => r.base.baseId));
  const before = input.compareRows.filter((r) => ids.has(r.base.baseId));
  return {
    basis: 'comparable',
    before: sumRows(before),
    after: sumRows(after),
    note: `可比口径:${cl}和${pl}均报送数据的${ids.size}家基地`,
  };
}

const rowValue = (r: BaseRow, code: string): bigint => BigInt(r.values[code] ?? 0);

function serviceCodes(taxonomy: ServiceTaxonomy, measure: ServiceMeasure): string[] {
  return taxonomy.types.map((t) => serviceCode(t.code, measure));
}

/**
 * Ranked by value (descending), then by name; only positive values rank. Equal values share a
 * place (1, 2, 2, 4 …), and every base tied with the last place shown is listed too: a
 * published 前5名 must not drop a base whose figure equals the fifth's.
 */
function rank(rows: readonly BaseRow[], value: (r: BaseRow) => bigint, top: number): Array<{ base: BaseRecord; v: bigint; place: number }> {
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

function rankings(input: BulletinInput, taxonomy: ServiceTaxonomy, top: number): Ranking[] {
  const field = (code: string, unit: DisplayUnit | undefined, fmt: string) => {
    const m = fieldMeasure(INDICATOR_BY_CODE.get(code)!, unit);
    return { key: code, label: m.label, unit: m.unit, exp: m.exp, fmt, value: (r: BaseRow) => rowValue(r, code) };
  };
  const sum = (codes: readonly string[]) => (r: BaseRow) => codes.reduce((s, c) => s + rowValue(r, c), 0n);
  const measureOf = (key: ServiceMeasure) => SERVICE_MEASURES.find((m) => m.key === key)!;
  const ipCodes = ['trademarks', 'softwareCopyrights', ...PATENT_CODES];
  const defs = [
    field('buildingArea', WAN_M2, '0.00'),
    field('standardFactoryArea', WAN_M2, '0.00'),
    field('operatorAssets', YI_YUAN, '0.00'),
    field('operatorRevenue', YI_YUAN, '0.00'),
    { key: 'serviceSessions', label: measureOf('sessions').label, unit: measureOf('sessions').unit, exp: 0, fmt: COUNT, value: sum(serviceCodes(taxonomy, 'sessions')) },
    { key: 'serviceEnterprises', label: measureOf('enterprises').label, unit: measureOf('enterprises').unit, exp: 0, fmt: COUNT, value: sum(serviceCodes(taxonomy, 'enterprises')) },
    field('residentEnterprises', undefined, COUNT),
    {
      key: 'intellectualProperty',
      label: '知识产权总数',
      unit: patentsMeasure.unit,
      exp: 0,
      fmt: COUNT,
      value: sum(ipCodes),
    },
    field('certifiedMentors', undefined, COUNT),
  ];
  return defs.map((d) => ({
    key: d.key,
    label: d.label,
    unit: d.unit,
    fmt: d.fmt,
    entries: rank(input.rows, d.value, top).map((x) => ({ base: x.base, value: toDisplay(x.v, d.exp), place: x.place })),
  }));
}

function staffIncrease(input: BulletinInput, top: number): Ranking {
  const f = INDICATOR_BY_CODE.get('serviceStaff')!;
  const before = new Map(input.compareRows.map((r) => [r.base.baseId, rowValue(r, f.code)]));
  const both = input.rows.filter((r) => before.has(r.base.baseId));
  const ranked = rank(both, (r) => rowValue(r, f.code) - before.get(r.base.baseId)!, top);
  return {
    key: 'serviceStaffIncrease',
    label: `${f.label}增加`,
    unit: f.formUnit,
    fmt: COUNT,
    entries: ranked.map((x) => ({
      base: x.base,
      value: toDisplay(x.v, f.dp),
      place: x.place,
      before: toDisplay(before.get(x.base.baseId)!, f.dp),
      after: toDisplay(x.v + before.get(x.base.baseId)!, f.dp),
    })),
  };
}

/**
 * The 环比 over the bases that filed both quarters (可比口径). When every base that filed either
 * quarter filed both, that is the aggregates themselves; otherwise the per-base rows of those
 * bases are summed (a quarter with 2 filers is not compared with one of 83).
 */
function momOf(input: BulletinInput, q: { previous: string; current: string }): Ctx['mom'] {
  const before = scopedTotals(input.aggregates, q.previous, input.scope);
  const after = scopedTotals(input.aggregates, q.current, input.scope);
  const pl = periodLabel(q.previous);
  const cl = periodLabel(q.current);
  if (!input.momRows) {
    const bases = Number(before.reportingBases < after.reportingBases ? before.reportingBases : after.reportingBases);
    return { ...q, before, after, bases, note: `${pl}报送${before.reportingBases}家,${cl}报送${after.reportingBases}家` };
  }
  const prevIds = new Set(input.momRows.previous.map((r) => r.base.baseId));
  const curIds = new Set(input.momRows.current.map((r) => r.base.baseId));
  const both = [...curIds].filter((id) => prevIds.has(id));
  const note = `可比口径:${pl}和${cl}均报送数据的${both.length}家基地`;
  if (both.length === prevIds.size && both.length === curIds.size && BigInt(both.length) === before.reportingBases && BigInt(both.length) === after.reportingBases)
    return { ...q, before, after, bases: both.length, note };
  const ids = new Set(both);
  return {
    ...q,
    before: sumRows(input.momRows.previous.filter((r) => ids.has(r.base.baseId))),
    after: sumRows(input.momRows.current.filter((r) => ids.has(r.base.baseId))),
    bases: both.length,
    note,
  };
}

/** Percent with one decimal, exact: 2/85 → `2.4%`. */
const percentText = (a: number, b: number) => `${(Math.round((a * 1000) / b) / 10).toFixed(1)}%`;

/**
 * How complete the period is: its quarter, or for a year the least complete of its quarters
 * anyone filed for; below the threshold, the warning every output prints first.
 */
function completenessSummaryOf(input: BulletinInput): CompletenessSummary {
  const threshold = input.options?.completenessWarnBelow ?? 90;
  const blocks = input.completeness.filter((b) => b.expected > 0);
  if (!blocks.length) return { period: input.period, submitted: 0, expected: 0, threshold };
  const worst = blocks.reduce((w, b) => (b.submitted * w.expected < w.submitted * b.expected ? b : w));
  const out: CompletenessSummary = { period: worst.period, submitted: worst.submitted, expected: worst.expected, threshold };
  if (worst.submitted * 100 < threshold * worst.expected)
    out.warning =
      `注意:${periodLabel(worst.period)}应报送基地${worst.expected}家,已报送${worst.submitted}家(报送率${percentText(worst.submitted, worst.expected)}),` +
      `低于${threshold}%,本通报数据不完整,请待报送齐全后再发布。`;
  return out;
}

function contextOf(input: BulletinInput): Ctx {
  const { period, scope } = input;
  const compare = input.options?.compare ?? samePeriodLastYear(period);
  const cohort = input.options?.cohort || null;
  const top = input.options?.top ?? 5;
  const q = momQuarters(period);
  const taxonomy = taxonomyForYear(yearOf(period));
  const levelCounts = { national: 0, provincial: 0 };
  for (const r of input.rows) levelCounts[r.base.level]++;
  const comparison = comparisonOf(input, period, compare, cohort);
  const explicitCompare = input.options?.compare !== undefined || cohort !== null;
  const mom = momOf(input, q);
  return {
    input,
    period,
    scope,
    compare,
    cohort,
    top,
    taxonomy,
    compareTaxonomy: taxonomyForYear(yearOf(compare)),
    totals: scopedTotals(input.aggregates, period, scope),
    mom,
    comparison,
    showYoy: explicitCompare || (comparison.before.reportingBases > 0n && comparison.after.reportingBases > 0n),
    showMom: mom.bases > 0,
    completenessSummary: completenessSummaryOf(input),
    rankings: rankings(input, taxonomy, top),
    staffIncrease: staffIncrease(input, top),
    levelCounts,
    facts: new Map(),
    sheetTitles: [],
  };
}

// ---- sheet building helpers ---------------------------------------------------------------------

const SLASH = text('/', 'center');
const count = (n: number | bigint) => num(Number(n), COUNT);

/** `2020年全年` / `2020年三季度` as the value column of 基本情况统计表. */
const periodColumn = (period: string) => (isQuarter(period) ? periodLabel(period) : `${periodLabel(period)}全年`);

// ---- 1 基本情况统计表 -------------------------------------------------------------------------

const BASIC_SECTIONS: readonly SectionId[] = ['construction', 'operation', 'enterprises'];

function basicSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '基本情况统计表', titleOf(ctx.period, ctx.scope, '基本情况统计表', ctx.input.province), 3);
  const t = ctx.totals;
  const warning = ctx.completenessSummary.warning;
  if (warning) s.row('note', [text(warning)], true);
  s.row('header', [text('指标内容'), text(periodColumn(ctx.period)), text('基地平均值')]);
  s.row('data', [text('基地数量(家)'), s.fact('basic.bases', count(t.reportingBases)), SLASH]);
  s.row('data', [text(`其中:${LEVEL_LABELS.national}(家)`), s.fact('basic.national', count(ctx.levelCounts.national)), SLASH]);
  s.row('data', [text(`${LEVEL_LABELS.provincial}(家)`), s.fact('basic.provincial', count(ctx.levelCounts.provincial)), SLASH]);
  const units = { ...SUMMARY_UNITS, employees: WAN_REN };
  for (const section of BASIC_SECTIONS) {
    s.row('section', [text(SECTIONS.find((x) => x.id === section)!.label)]);
    for (const m of sectionMeasures(section, units)) {
      const [fTotal, fAvg] = (ctx.taxonomy.version === 2017 ? BASIC_FORMATS_2017_EDITION[m.key] : undefined) ?? BASIC_FORMATS[m.key] ?? [COUNT, COUNT];
      s.row('data', [
        text(labelWithUnit(m)),
        s.fact(`basic.${m.key}.total`, numOrDash(totalValue(m, t), fTotal)),
        s.fact(`basic.${m.key}.avg`, numOrDash(perBaseValue(m, t), fAvg)),
      ]);
      if (m.key === 'operatorServiceRevenue') {
        const share = quotient(valueOf(t, 'operatorServiceRevenue'), valueOf(t, 'operatorRevenue'));
        s.row('data', [text('服务性收入占营业收入比重'), s.fact('basic.serviceRevenueShare', numOrDash(share, PERCENT)), SLASH]);
      }
    }
  }
  s.row('note', [text(`注:基地平均值 = 合计 ÷ 报送基地数(${t.reportingBases}家);租金平均水平、平均售价为报送基地的算术平均值。`)], true);
  return s.build({ frozenRows: warning ? 3 : 2 });
}

// ---- 2 服务情况统计表 -------------------------------------------------------------------------

function servicesSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '服务情况统计表', titleOf(ctx.period, ctx.scope, '服务情况统计表', ctx.input.province), 5);
  const t = ctx.totals;
  const [sessions, enterprises] = SERVICE_MEASURES;
  const h = s.row('header', [text('服务类型'), text(labelWithUnit(sessions)), null, text(labelWithUnit(enterprises)), null]);
  const pl = periodLabel(ctx.period);
  s.row('header', [null, text(pl), text('比重'), text(pl), text('比重')]);
  s.merge(h, 0, h + 1, 0);
  s.merge(h, 1, h, 2);
  s.merge(h, 3, h, 4);
  const total = (m: ServiceMeasure) => serviceCodes(ctx.taxonomy, m).reduce((x, c) => x + valueOf(t, c), 0n);
  const totals = { sessions: total('sessions'), enterprises: total('enterprises') };
  // Shares rounded together (largest remainder): the 比重 shown add up to 100.0%.
  const shares = Object.fromEntries(
    SERVICE_MEASURES.map((m) => [m.key, largestRemainderShares(ctx.taxonomy.types.map((type) => valueOf(t, serviceCode(type.code, m.key))), totals[m.key], formatDecimals(PERCENT).dp)]),
  ) as Record<ServiceMeasure, Array<number | null>>;
  ctx.taxonomy.types.forEach((type, i) => {
    const cells: CellModel[] = [text(type.label)];
    for (const m of SERVICE_MEASURES) {
      const v = valueOf(t, serviceCode(type.code, m.key));
      cells.push(s.fact(`services.${type.code}.${m.key}`, count(v)));
      cells.push(s.fact(`services.${type.code}.${m.key}.share`, numOrDash(shares[m.key][i], PERCENT)));
    }
    s.row('data', cells);
  });
  const cells: CellModel[] = [text('合计')];
  for (const m of SERVICE_MEASURES) {
    cells.push(s.fact(`services.total.${m.key}`, count(totals[m.key])));
    cells.push(numOrDash(quotient(totals[m.key], totals[m.key]), PERCENT));
  }
  s.row('total', cells);
  return s.build({ frozenRows: 3, landscape: false });
}

// ---- 3 运营情况环比统计表 -----------------------------------------------------------------------

/** The 环比 sheet's blocks, as in 2020 附件3. */
const MOM_BLOCKS: ReadonlyArray<{ heading: string; codes: readonly string[] }> = [
  { heading: '基地运营情况', codes: ['operatorRevenue', 'operatorServiceRevenue'] },
  { heading: '入驻企业情况', codes: ['enterpriseRevenue', 'enterpriseTax', 'enterpriseProfit'] },
];

function momSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '运营情况环比统计表', titleOf(ctx.period, ctx.scope, '运营情况环比统计表', ctx.input.province), 4);
  const hd = momHeadings(ctx.period);
  for (const block of MOM_BLOCKS) {
    s.row('header', [text(block.heading), text(hd.previous), text(hd.current), text('环比增长')]);
    for (const code of block.codes) {
      const m = fieldMeasure(INDICATOR_BY_CODE.get(code)!, SUMMARY_UNITS[code]);
      const fmt = COMPARE_FORMATS[code] ?? COUNT;
      s.row('data', [
        text(labelWithUnit(m)),
        s.fact(`mom.${code}.previous`, numOrDash(totalValue(m, ctx.mom.before), fmt)),
        s.fact(`mom.${code}.current`, numOrDash(totalValue(m, ctx.mom.after), fmt)),
        s.fact(`mom.${code}.growth`, numOrDash(growthOf(m, ctx.mom.after, ctx.mom.before), PERCENT)),
      ]);
    }
  }
  s.row('note', [text(`注:${ctx.mom.note};${periodLabel(ctx.mom.previous)}、${periodLabel(ctx.mom.current)}为当季报送数据;环比增长 =(本季 − 上季)÷ 上季。`)], true);
  return s.build({ frozenRows: 2 });
}

// ---- 4 同比对比表 -----------------------------------------------------------------------------

const COMPARE_SECTIONS: readonly SectionId[] = ['construction', 'operation', 'enterprises', 'ip'];

function yoySheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '同比对比表', titleOf(ctx.period, ctx.scope, '同比对比表', ctx.input.province), 7);
  const { before, after, note } = ctx.comparison;
  const cl = periodLabel(ctx.compare);
  const pl = periodLabel(ctx.period);
  s.row('note', [text(note)], true);
  s.row('header', [text('指标内容'), text(cl), text(pl), text('增长率')]);
  s.row('data', [
    text('基地数量(家)'),
    s.fact('yoy.bases.before', count(before.reportingBases)),
    s.fact('yoy.bases.after', count(after.reportingBases)),
    s.fact('yoy.bases.growth', numOrDash(growth(after.reportingBases, before.reportingBases), PERCENT)),
  ]);
  // A side without a single reporting base has no data: "—", never a 0 that reads as a figure
  // (e.g. no comparable bases because the comparison period was never filed).
  const hasBefore = before.reportingBases > 0n;
  const hasAfter = after.reportingBases > 0n;
  const both = hasBefore && hasAfter;
  const units = SUMMARY_UNITS; // employees in 人, as in 2017 附件6
  for (const section of COMPARE_SECTIONS) {
    s.row('section', [text(SECTIONS.find((x) => x.id === section)!.label)]);
    for (const m of sectionMeasures(section, units)) {
      const fmt = COMPARE_FORMATS[m.key] ?? COUNT;
      s.row('data', [
        text(labelWithUnit(m)),
        s.fact(`yoy.${m.key}.before`, numOrDash(hasBefore ? totalValue(m, before) : null, fmt)),
        s.fact(`yoy.${m.key}.after`, numOrDash(hasAfter ? totalValue(m, after) : null, fmt)),
        s.fact(`yoy.${m.key}.growth`, numOrDash(both ? growthOf(m, after, before) : null, PERCENT)),
      ]);
    }
  }

  // Services, as in 2017 附件4; a type only one year's taxonomy has shows — in the other.
  s.row('blank', []);
  s.row('section', [text(SECTIONS.find((x) => x.id === 'services')!.label)]);
  const [sessions, enterprises] = SERVICE_MEASURES;
  const h = s.row('header', [text('服务类型'), text(labelWithUnit(sessions)), null, null, text(labelWithUnit(enterprises)), null, null]);
  s.row('header', [null, text(cl), text(pl), text('增长率'), text(cl), text(pl), text('增长率')]);
  s.merge(h, 0, h + 1, 0);
  s.merge(h, 1, h, 3);
  s.merge(h, 4, h, 6);
  const types = [...ctx.taxonomy.types];
  for (const t of ctx.compareTaxonomy.types) if (!types.some((x) => x.code === t.code)) types.push(t);
  const inBefore = new Set(ctx.compareTaxonomy.types.map((t) => t.code));
  const inAfter = new Set(ctx.taxonomy.types.map((t) => t.code));
  for (const type of types) {
    const cells: CellModel[] = [text(type.label)];
    for (const m of SERVICE_MEASURES) {
      const code = serviceCode(type.code, m.key);
      const b = hasBefore && inBefore.has(type.code) ? valueOf(before, code) : null;
      const a = hasAfter && inAfter.has(type.code) ? valueOf(after, code) : null;
      cells.push(s.fact(`yoy.${code}.before`, b === null ? text(DASH, 'center') : count(b)));
      cells.push(s.fact(`yoy.${code}.after`, a === null ? text(DASH, 'center') : count(a)));
      cells.push(s.fact(`yoy.${code}.growth`, numOrDash(a === null || b === null ? null : growth(a, b), PERCENT)));
    }
    s.row('data', cells);
  }
  const cells: CellModel[] = [text('合计')];
  for (const m of SERVICE_MEASURES) {
    const b = serviceCodes(ctx.compareTaxonomy, m.key).reduce((x, c) => x + valueOf(before, c), 0n);
    const a = serviceCodes(ctx.taxonomy, m.key).reduce((x, c) => x + valueOf(after, c), 0n);
    cells.push(s.fact(`yoy.services.${m.key}.before`, hasBefore ? count(b) : text(DASH, 'center')));
    cells.push(s.fact(`yoy.services.${m.key}.after`, hasAfter ? count(a) : text(DASH, 'center')));
    cells.push(s.fact(`yoy.services.${m.key}.growth`, numOrDash(both ? growth(a, b) : null, PERCENT)));
  }
  s.row('total', cells);
  s.row('note', [text('注:增长率 =(本期 − 对比期)÷ 对比期;租金平均水平、平均售价按基地算术平均值计算;对比期无数据时显示“—”。')], true);
  return s.build({ frozenRows: 3 });
}

// ---- 5 入驻企业情况统计表 ------------------------------------------------------------------------

function enterprisesSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '入驻企业情况统计表', titleOf(ctx.period, ctx.scope, '入驻企业情况统计表', ctx.input.province), 4);
  const t = ctx.totals;
  const reporting = valueOf(t, 'reportingEnterprises');
  const enterpriseUnit = INDICATOR_BY_CODE.get('residentEnterprises')!.formUnit;
  s.row('header', [text('指标内容'), text(periodLabel(ctx.period)), text('基地平均值'), text(`企业平均值(金额:${PER_ENTERPRISE_MONEY.unit})`)]);
  for (const section of ['enterprises', 'ip'] as const) {
    for (const m of sectionMeasures(section, SUMMARY_UNITS)) {
      const [fTotal, fBase, fEnt] = ENTERPRISE_FORMATS[m.key] ?? ENTERPRISE_DEFAULT;
      // Per enterprise is meaningless for enterprise counts themselves.
      const perEnterprise =
        m.unit === enterpriseUnit ? SLASH : numOrDash(quotient(m.sum(t), reporting, m.unit === YI_YUAN.unit ? PER_ENTERPRISE_MONEY.exp : m.exp), fEnt);
      s.row('data', [
        text(labelWithUnit(m)),
        s.fact(`ent.${m.key}.total`, numOrDash(totalValue(m, t), fTotal)),
        s.fact(`ent.${m.key}.avg`, numOrDash(perBaseValue(m, t), fBase)),
        s.fact(`ent.${m.key}.perEnterprise`, perEnterprise),
      ]);
    }
  }
  s.row(
    'note',
    [text(`注:基地平均值 = 合计 ÷ 报送基地数(${t.reportingBases}家);企业平均值 = 合计 ÷ 报送企业户数(${reporting}家);拥有专利 = 发明专利 + 实用新型专利 + 外观设计专利。`)],
    true,
  );
  return s.build({ frozenRows: 2 });
}

// ---- 6 排名 -------------------------------------------------------------------------------------

function rankingSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '排名', titleOf(ctx.period, ctx.scope, `排名(前${ctx.top}名)`, ctx.input.province), 8);
  const head = [text('名次'), text('基地名称'), text('所属市州'), text('所属县市区'), text('级别')];
  const baseCells = (place: number, b: BaseRecord): CellModel[] => [count(place), text(b.name), text(b.city), text(b.county), text(LEVEL_LABELS[b.level] ?? b.level)];
  for (const r of ctx.rankings) {
    s.row('section', [text(`${r.label}前${ctx.top}名`)]);
    s.row('header', [...head, text(labelWithUnit(r))]);
    for (const e of r.entries) s.row('data', [...baseCells(e.place, e.base), num(e.value, r.fmt)]);
    if (!r.entries.length) s.row('data', [text('(无数据)')]);
    s.row('blank', []);
  }
  const inc = ctx.staffIncrease;
  s.row('section', [text(`${inc.label}最多的前${ctx.top}名(与${periodLabel(ctx.compare)}相比)`)]);
  s.row('header', [...head, text(labelWithUnit(inc)), text(`${periodLabel(ctx.compare)}(${inc.unit})`), text(`${periodLabel(ctx.period)}(${inc.unit})`)]);
  for (const e of inc.entries) s.row('data', [...baseCells(e.place, e.base), num(e.value, inc.fmt), num(e.before!, inc.fmt), num(e.after!, inc.fmt)]);
  if (!inc.entries.length) s.row('data', [text('(无数据)')]);
  const ipParts = [patentsMeasure.label, INDICATOR_BY_CODE.get('trademarks')!.label, INDICATOR_BY_CODE.get('softwareCopyrights')!.label];
  s.row('note', [text(`注:排名按数值从大到小;数值相同的基地名次并列、按基地名称排列,与最后一名并列的基地一并列出;只列数值大于零的基地。知识产权总数 = ${ipParts.join(' + ')}。服务人员增加只比较${periodLabel(ctx.compare)}和${periodLabel(ctx.period)}均报送数据的基地。`)], true);
  return s.build({ frozenRows: 1 });
}

// ---- 7 报送情况 ---------------------------------------------------------------------------------

const rateOf = (a: number, b: number) => quotient(BigInt(a), BigInt(b));

function completenessSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '报送情况', titleOf(ctx.period, ctx.scope, '报送情况统计表', ctx.input.province), 9);
  const blocks = ctx.input.completeness;
  s.row('header', ['分组', '名称', '应报(家)', '已报(家)', '按时(家)', '逾期(家)', '未报(家)', '报送率', '按时报送率'].map((x) => text(x)));
  const countsRow = (kind: RowKind, group: string, name: string, c: CompletenessCounts, key?: string): void => {
    const cells: CellModel[] = [
      text(group),
      text(name),
      count(c.expected),
      count(c.submitted),
      count(c.onTime),
      count(c.late),
      count(c.missing),
      numOrDash(rateOf(c.submitted, c.expected), PERCENT),
      numOrDash(rateOf(c.onTime, c.expected), PERCENT),
    ];
    if (key) ['expected', 'submitted', 'onTime', 'late', 'missing', 'submissionRate', 'onTimeRate'].forEach((k, i) => s.fact(`${key}.${k}`, cells[i + 2]!));
    s.row(kind, cells);
  };
  const cityOrder = (c: string) => {
    return cityRank(ctx.input.province ?? config.province, c);
  };
  const totalName = ctx.scope === 'all' ? '全省合计' : '合计';
  for (const b of blocks) {
    if (blocks.length > 1) s.row('section', [text(periodLabel(b.period))]);
    [...b.byCity].sort((x, y) => cityOrder(x.city) - cityOrder(y.city)).forEach((c, i) => countsRow('data', i ? '' : '按市州', c.city, c));
    [...b.byLevel]
      .sort((x, y) => (x.level === y.level ? 0 : x.level === 'national' ? -1 : 1))
      .forEach((c, i) => countsRow('data', i ? '' : '按级别', LEVEL_LABELS[c.level as 'national'] ?? c.level, c));
    countsRow('total', totalName, '', b, `completeness.${b.period}`);
  }
  if (!blocks.length) s.row('note', [text('本期暂无报送记录。')], true);
  for (const b of blocks) {
    s.row('blank', []);
    s.row('section', [text(`${periodLabel(b.period)}未报送基地名单(${b.missingBases.length}家)`)]);
    s.row('header', ['序号', '基地名称', '所属市州', '所属县市区', '级别', '状态'].map((x) => text(x)));
    b.missingBases.forEach((m, i) =>
      s.row('data', [count(i + 1), text(m.name), text(m.city), text(m.county), text(LEVEL_LABELS[m.level as 'national'] ?? m.level), text(m.hasDraft ? '已暂存未提交' : '未填报')]),
    );
    if (!b.missingBases.length) s.row('data', [text('(无)')]);
  }
  s.row('note', [text('注:已报 = 已提交(含退回修改中)的报表;逾期 = 首次提交晚于截止时间;报送率 = 已报 ÷ 应报;按时报送率 = 按时 ÷ 应报。')], true);
  return s.build({ frozenRows: 2 });
}

// ---- 8 基地明细 ---------------------------------------------------------------------------------

function detailSheet(ctx: Ctx): SheetModel {
  const fields = fieldsForPeriod(ctx.period);
  const registry = ['序号', '基地编号', '基地名称', '所属市州', '所属县市区', '级别', '批次', '报送情况'];
  const patentsAt = fields.findIndex((f) => f.code === PATENT_CODES[0]);
  const columns = registry.length + fields.length + 1;
  const s = new SheetBuilder(ctx, '基地明细', titleOf(ctx.period, ctx.scope, '明细表', ctx.input.province), columns);
  const fieldHeads = fields.map((f) => text(`${f.label}(${f.formUnit})`));
  fieldHeads.splice(patentsAt, 0, text(labelWithUnit(patentsMeasure)));
  s.row('header', [...registry.map((x) => text(x)), ...fieldHeads]);

  const byId = new Map<string, { base: BaseRecord; values: BaseRow['values'] | null }>();
  for (const b of ctx.input.bases ?? []) byId.set(b.baseId, { base: b, values: null });
  for (const r of ctx.input.rows) byId.set(r.base.baseId, { base: r.base, values: r.values });
  const cityOrder = (c: string) => {
    return cityRank(ctx.input.province ?? config.province, c);
  };
  const list = [...byId.values()].sort((a, b) => cityOrder(a.base.city) - cityOrder(b.base.city) || a.base.baseId.localeCompare(b.base.baseId));
  const formats = fields.map((f) => decimalsFormat(f.dp));
  list.forEach(({ base, values }, i) => {
    const cells: CellModel[] = [
      count(i + 1),
      text(base.baseId),
      text(base.name),
      text(base.city),
      text(base.county),
      text(LEVEL_LABELS[base.level] ?? base.level),
      text(base.cohort ?? ''),
      text(values ? '已报送' : '未报送'),
    ];
    const vals: CellModel[] = fields.map((f, j) => {
      const v = values?.[f.code];
      return v === undefined ? null : num(toDisplay(BigInt(v), f.dp), formats[j]!);
    });
    vals.splice(patentsAt, 0, values ? count(PATENT_CODES.reduce((x, c) => x + BigInt(values[c] ?? 0), 0n)) : null);
    s.row('data', [...cells, ...vals]);
  });
  if (!list.length) s.row('data', [text('(无)')]);
  return s.build({ frozenRows: 2, frozenColumns: 3, landscape: true, printColumns: 3 });
}

// ---- 示范基地认定情况 (SPEC §11, seed 004) -----------------------------------------------------------

function designationsSheet(ctx: Ctx): SheetModel {
  const year = yearOf(ctx.period);
  const s = new SheetBuilder(ctx, '示范基地认定情况', titleOf(String(year), ctx.scope, '示范基地认定情况表', ctx.input.province), 8);
  const all = (ctx.input.designations ?? []).filter((d) => d.designation.year <= year);
  s.row('header', ['年度', '级别', '推荐(家)', '认定(家)', '认定成功率', '累计认定(家次)', '累计认定基地(家)'].map((x) => text(x)));
  for (const r of summarizeDesignations(all))
    s.row('data', [
      count(r.year),
      text(LEVEL_LABELS[r.level]),
      count(r.recommended),
      count(r.designated),
      numOrDash(r.recommended ? quotient(BigInt(r.designated), BigInt(r.recommended)) : null, PERCENT),
      s.fact(`designations.${r.year}.${r.level}.cumulativeTimes`, count(r.cumulativeTimes)),
      count(r.cumulativeBases),
    ]);
  s.row('blank', []);
  const thisYear = all.filter((d) => d.designation.year === year);
  s.row('section', [text(`${year}年推荐和认定名单(${thisYear.length}家次)`)]);
  s.row('header', ['序号', '基地名称', '所属市州', '所属县市区', '级别', '状态', '文号', '推荐单位'].map((x) => text(x)));
  thisYear.forEach((d, i) =>
    s.row('data', [
      count(i + 1),
      text(d.name),
      text(d.city),
      text(d.county),
      text(LEVEL_LABELS[d.designation.level]),
      text(DESIGNATION_STATUS_LABELS[d.designation.status]),
      text(d.designation.document ?? ''),
      text(d.designation.recommendedBy ?? ''),
    ]),
  );
  if (!thisYear.length) s.row('data', [text('(无)')]);
  s.row('note', [text('注:推荐 = 当年推荐(含未获认定);认定成功率 = 认定 ÷ 推荐;累计认定(家次)计入同一基地的多次认定,累计认定基地按基地计。')], true);
  return s.build({ frozenRows: 2 });
}

// ---- the workbook ------------------------------------------------------------------------------

/** Sheets printed as 附件 of the Word bulletin, in order (000: 附件1–3; with a 同比, 001's 附件2). */
const ANNEX_SHEETS = ['基本情况统计表', '服务情况统计表', '运营情况环比统计表', '同比对比表'];

/**
 * The nine sheets of SPEC §6, in order — less 同比对比表 when the default comparison has no
 * data and 运营情况环比统计表 when no base filed both quarters — and the Word document's text.
 */
export function layoutBulletin(input: BulletinInput): BulletinModel {
  const ctx = contextOf(input);
  // 示范基地认定情况 (SPEC §11) once any designation has been made up to the period.
  const designated = (input.designations ?? []).some((d) => d.designation.year <= yearOf(input.period));
  const builders = [
    basicSheet,
    servicesSheet,
    ...(ctx.showMom ? [momSheet] : []),
    ...(ctx.showYoy ? [yoySheet] : []),
    enterprisesSheet,
    rankingSheet,
    completenessSheet,
    detailSheet,
    ...(designated ? [designationsSheet] : []),
  ];
  const sheets = builders.map((f) => f(ctx));
  const annexes = sheets.filter((s) => ANNEX_SHEETS.includes(s.name));
  const { sheet, document } = textSheet(ctx, annexes);
  sheets.push(sheet);
  return { ...bulletinFileName(input.period, input.scope, input.province), sheets, document, completeness: ctx.completenessSummary };
}
