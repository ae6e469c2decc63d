// The indicator catalog for filing kind `base` (SPEC §3). This module is data: validation,
// the web form, aggregation and the bulletin rows are all generated from it.

import { yearOf } from './periods';
import type { ProgramId } from './program';

export type IndicatorType = 'stock' | 'flow';

/** Form section, in the order the bulletins present them. */
export type SectionId = 'construction' | 'operation' | 'enterprises' | 'ip' | 'services';

/**
 * What GET /api/catalog/{period} answers, for any program: the period's sections and fields (the
 * bases' with the year's service taxonomy; a carrier's from its plan, with the plan's version).
 * The web app reads it (web/src/form-model.ts `Catalog`).
 */
export interface CatalogView {
  period: string;
  sections: ReadonlyArray<{ id: string; label: string }>;
  fields: readonly Field[];
  program?: ProgramId;
  taxonomy?: ServiceTaxonomy;
  carrierId?: string;
  planVersion?: number;
}

export const SECTIONS: ReadonlyArray<{ id: SectionId; label: string }> = [
  { id: 'construction', label: '一、基地建设情况' },
  { id: 'operation', label: '二、基地运营情况' },
  { id: 'enterprises', label: '三、入驻企业情况' },
  { id: 'ip', label: '四、入驻企业知识产权' },
  { id: 'services', label: '五、服务情况' },
];

export interface Field {
  /** Stable program code, e.g. `buildingArea` or `service.info.sessions`. */
  code: string;
  /** Chinese label as printed in the bulletins. */
  label: string;
  /** What people type. */
  formUnit: string;
  /** What is stored and summed (always an integer). */
  baseUnit: string;
  /** Decimal places allowed in the form unit; base = form × 10^dp. */
  dp: number;
  type: IndicatorType;
  section: string;
  /** Aggregated as a mean over reporting bases (sum and count kept). */
  mean?: boolean;
  /** Only enterpriseProfit may be negative. */
  allowNegative?: boolean;
  /** A 其中 item must not exceed its parent. */
  parent?: string;
}

/** Largest magnitude accepted for one field of one filing, in base units. */
export const MAX_BASE_UNITS = 10n ** 13n;

/** Stock values above this many base units that appear from zero raise a warning. */
export const ZERO_JUMP_THRESHOLD = 1000n;

/** A value moving by more than this factor against the previous quarter raises a warning. */
export const JUMP_FACTOR = 10n;

const ind = (
  code: string,
  label: string,
  formUnit: string,
  baseUnit: string,
  dp: number,
  type: IndicatorType,
  section: string,
  extra: Partial<Field> = {},
): Field => ({ code, label, formUnit, baseUnit, dp, type, section, ...extra });

export const INDICATORS: readonly Field[] = [
  ind('buildingArea', '基地建筑总面积', '平方米', '平方米', 0, 'stock', 'construction'),
  ind('selfOwnedArea', '其中:基地自持部分面积', '平方米', '平方米', 0, 'stock', 'construction', { parent: 'buildingArea' }),
  ind('standardFactoryArea', '标准厂房面积', '平方米', '平方米', 0, 'stock', 'construction', { parent: 'buildingArea' }),
  ind('avgRent', '租金平均水平', '元/平方米/月', '分', 2, 'stock', 'construction', { mean: true }),
  ind('avgSalePrice', '平均售价', '元/平方米', '分', 2, 'stock', 'construction', { mean: true }),
  ind('serviceStaff', '运营单位企业服务人员', '人', '人', 0, 'stock', 'operation'),
  ind('certifiedMentors', '创业辅导师持证人数', '人', '人', 0, 'stock', 'operation'),
  ind('operatorAssets', '运营单位总资产', '万元', '元', 4, 'stock', 'operation'),
  ind('operatorRevenue', '运营单位营业收入', '万元', '元', 4, 'flow', 'operation'),
  ind('operatorServiceRevenue', '其中:服务性收入', '万元', '元', 4, 'flow', 'operation', { parent: 'operatorRevenue' }),
  ind('serviceExpenditure', '服务性支出', '万元', '元', 4, 'flow', 'operation'),
  ind('thirdPartyProviders', '引进第三方服务机构', '家', '家', 0, 'stock', 'operation'),
  ind('residentEnterprises', '入驻企业户数', '家', '家', 0, 'stock', 'enterprises'),
  ind('smallMicroEnterprises', '其中:小微企业户数', '家', '家', 0, 'stock', 'enterprises', { parent: 'residentEnterprises' }),
  ind('reportingEnterprises', '报送企业户数', '家', '家', 0, 'stock', 'enterprises', { parent: 'residentEnterprises' }),
  ind('highTechEnterprises', '其中:高新技术企业户数', '家', '家', 0, 'stock', 'enterprises', { parent: 'residentEnterprises' }),
  ind('employees', '企业就业人数', '人', '人', 0, 'stock', 'enterprises'),
  ind('enterpriseAssets', '入驻企业总资产', '万元', '元', 4, 'stock', 'enterprises'),
  ind('enterpriseRevenue', '入驻企业营业收入', '万元', '元', 4, 'flow', 'enterprises'),
  ind('enterpriseProfit', '入驻企业利润总额', '万元', '元', 4, 'flow', 'enterprises', { allowNegative: true }),
  ind('enterpriseTax', '入驻企业缴纳税金', '万元', '元', 4, 'flow', 'enterprises'),
  ind('trademarks', '拥有商标', '件', '件', 0, 'stock', 'ip'),
  ind('softwareCopyrights', '拥有软件著作权', '件', '件', 0, 'stock', 'ip'),
  ind('inventionPatents', '发明专利', '件', '件', 0, 'stock', 'ip'),
  ind('utilityPatents', '实用新型专利', '件', '件', 0, 'stock', 'ip'),
  ind('designPatents', '外观设计专利', '件', '件', 0, 'stock', 'ip'),
];

export interface ServiceType {
  code: string;
  label: string;
}

export interface ServiceTaxonomy {
  version: 2017 | 2020;
  types: readonly ServiceType[];
}

export const SERVICE_TAXONOMIES: readonly ServiceTaxonomy[] = [
  {
    version: 2017,
    types: [
      { code: 'info', label: '信息服务' },
      { code: 'mentoring', label: '创业辅导' },
      { code: 'innovation', label: '创新支持' },
      { code: 'training', label: '人员培训' },
      { code: 'marketing', label: '市场营销' },
      { code: 'financing', label: '投融资服务' },
      { code: 'consulting', label: '管理咨询' },
      { code: 'professional', label: '专业服务' },
    ],
  },
  {
    version: 2020,
    types: [
      { code: 'info', label: '信息服务' },
      { code: 'startup', label: '创业创新服务' },
      { code: 'training', label: '培训服务' },
      { code: 'financing', label: '投融资服务' },
      { code: 'other', label: '其他服务' },
    ],
  },
];

export const SERVICE_MEASURES = [
  { key: 'sessions', label: '开展服务场次', unit: '场次' },
  { key: 'enterprises', label: '服务企业家次', unit: '家次' },
] as const;

export type ServiceMeasure = (typeof SERVICE_MEASURES)[number]['key'];

/** Taxonomy version 2020 applies from 2020 on; 2017 before. */
export function taxonomyForYear(year: number): ServiceTaxonomy {
  const version = year >= 2020 ? 2020 : 2017;
  return SERVICE_TAXONOMIES.find((t) => t.version === version)!;
}

export const serviceCode = (type: string, measure: ServiceMeasure): string => `service.${type}.${measure}`;

function serviceFields(taxonomy: ServiceTaxonomy): Field[] {
  return taxonomy.types.flatMap((t) =>
    SERVICE_MEASURES.map((m) => ({
      code: serviceCode(t.code, m.key),
      label: `${t.label}${m.label}`,
      formUnit: m.unit,
      baseUnit: m.unit,
      dp: 0,
      type: 'flow' as const,
      section: 'services' as const,
    })),
  );
}

const fieldsByVersion = new Map<number, { list: readonly Field[]; byCode: ReadonlyMap<string, Field> }>();
for (const taxonomy of SERVICE_TAXONOMIES) {
  const list = [...INDICATORS, ...serviceFields(taxonomy)];
  fieldsByVersion.set(taxonomy.version, { list, byCode: new Map(list.map((f) => [f.code, f])) });
}

/** Every field a filing for `period` carries (indicators, then the year's service grid). */
export function fieldsForPeriod(period: string): readonly Field[] {
  return fieldsByVersion.get(taxonomyForYear(yearOf(period)).version)!.list;
}

export function fieldMapForPeriod(period: string): ReadonlyMap<string, Field> {
  return fieldsByVersion.get(taxonomyForYear(yearOf(period)).version)!.byCode;
}

export const INDICATOR_BY_CODE: ReadonlyMap<string, Field> = new Map(INDICATORS.map((f) => [f.code, f]));

/** Derived values (never typed): patents = the three kinds. */
export const PATENT_CODES = ['inventionPatents', 'utilityPatents', 'designPatents'] as const;
