// The quantities the bases' bulletin shows, from the catalog (shared/catalog.ts), and the cell
// helpers every sheet uses: display units (万平方米, 亿元, 万人), the derived 拥有专利, and how a
// total, a 基地平均值 and a growth are computed from exact integers. The sheets differ only in
// which measures they list and at what printed precision.

import type { Totals } from '../aggregation';
import { type Field, INDICATOR_BY_CODE, INDICATORS, PATENT_CODES, type SectionId, type ServiceMeasure, type ServiceTaxonomy, serviceCode } from '../catalog';
import { num, text } from './model';
import { growth, meanGrowth, quotient, toDisplay } from './numbers';

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

export interface DisplayUnit {
  unit: string;
  exp: number;
}

export const WAN_M2: DisplayUnit = { unit: '万平方米', exp: 4 };
export const YI_YUAN: DisplayUnit = { unit: '亿元', exp: 8 };
export const WAN_REN: DisplayUnit = { unit: '万人', exp: 4 };

/** Display units of the summary tables (the seeds'); anything else shows in its form unit. */
export const SUMMARY_UNITS: Readonly<Record<string, DisplayUnit>> = {
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

export const codeValue = (t: Totals, code: string): bigint => t.values[code] ?? 0n;
const meanOf = (t: Totals, code: string) => t.means[code] ?? { sum: 0n, count: 0n };

export function fieldMeasure(f: Field, unit?: DisplayUnit, label = f.label): Measure {
  return {
    key: f.code,
    label,
    unit: unit?.unit ?? f.formUnit,
    exp: unit?.exp ?? f.dp,
    mean: !!f.mean,
    sum: (t) => codeValue(t, f.code),
    meanOf: (t) => meanOf(t, f.code),
  };
}

/** 拥有专利 = the three patent kinds (derived, never typed). */
export const patentsMeasure: Measure = {
  key: PATENTS_KEY,
  label: '拥有专利',
  unit: INDICATOR_BY_CODE.get(PATENT_CODES[0])!.formUnit,
  exp: 0,
  mean: false,
  sum: (t) => PATENT_CODES.reduce((s, c) => s + codeValue(t, c), 0n),
  meanOf: () => ({ sum: 0n, count: 0n }),
};

/** Indicator measures of catalog sections, with 拥有专利 before the first patent kind (which becomes 其中:…). */
export function sectionMeasures(section: SectionId, units: Readonly<Record<string, DisplayUnit>>): Measure[] {
  const out: Measure[] = [];
  for (const f of INDICATORS.filter((x) => x.section === section)) {
    if (f.code === PATENT_CODES[0]) {
      out.push(patentsMeasure);
      out.push(fieldMeasure(f, units[f.code], `其中:${f.label}`));
    } else out.push(fieldMeasure(f, units[f.code]));
  }
  return out;
}

export const labelWithUnit = (m: { label: string; unit: string }) => `${m.label}(${m.unit})`;

/** The total shown for a measure: the sum, or for rent and price the mean over bases. */
export function totalValue(m: Measure, t: Totals): number | null {
  if (m.mean) {
    const x = m.meanOf(t);
    return quotient(x.sum, x.count, m.exp);
  }
  return toDisplay(m.sum(t), m.exp);
}

/** 基地平均值: total ÷ reporting bases (for rent and price, the mean itself). */
export function perBaseValue(m: Measure, t: Totals): number | null {
  return m.mean ? totalValue(m, t) : quotient(m.sum(t), t.reportingBases, m.exp);
}

export function growthOf(m: Measure, after: Totals, before: Totals): number | null {
  return m.mean ? meanGrowth(m.meanOf(after), m.meanOf(before)) : growth(m.sum(after), m.sum(before));
}

export const PERCENT = '0.0%';
export const COUNT = '0';

export const SLASH = text('/', 'center');
export const count = (n: number | bigint) => num(Number(n), COUNT);

export function serviceCodes(taxonomy: ServiceTaxonomy, measure: ServiceMeasure): string[] {
  return taxonomy.types.map((t) => serviceCode(t.code, measure));
}
