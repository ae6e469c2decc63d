// Programs as data (SPEC §8). A program is what differs between the department's reporting
// programs — who files (its registry entity and role), how often (its period kind), what (its
// catalog), how totals are scoped — and everything written once (filing writes, validation,
// versions, review, the stream consumers, exact aggregates, completeness, reconcile, exports,
// the web form) takes a Program instead of assuming the bases. Pure data and functions: no I/O.

import { scopesOf } from './aggregation';
import { CARRIER_SECTIONS } from './carriers/plan';
import { CARRIER_ID, CARRIER_TYPE_LABELS, type CarrierRecord, type CarrierType, carrierActiveIn, carrierScopes } from './carriers/registry';
import { CARRIER_TOTAL_FIELDS, isCarrierTotal } from './carriers/totals';
import { type Field, fieldsForPeriod, INDICATORS, SECTIONS } from './catalog';
import { designatedLevel } from './designations';
import { isQuarter, isYear, previousQuarter, quarterOf, yearOf } from './periods';
import { PLATFORM_FIELDS, PLATFORM_SECTIONS } from './platforms/catalog';
import { PLATFORM_ID, type PlatformRecord, platformActiveIn, platformScopes, TIER_LABELS, type Tier } from './platforms/registry';
import { isNationalInForce, provinceInForce } from './province';
import { chinaProvince, provinceOfScope, provinceScope, qualifiedCityScope } from './provinces-cn';
import { BASE_ID, type BaseRecord, isActiveIn, LEVEL_LABELS } from './registry';
import { asOfPeriod } from './registry-history';
import type { ProgramTag } from './store/keys';

export type ProgramId = 'bases' | 'platforms' | 'carriers';
export const PROGRAM_IDS: readonly ProgramId[] = ['bases', 'platforms', 'carriers'];

/** How a program's filing periods work. */
export interface PeriodKind {
  kind: 'quarter' | 'year';
  /** A period entities file (2020Q3 for quarters, 2020 for years). */
  isFiling(p: string): boolean;
  /** What to say when a filing period is malformed. */
  filingHint: string;
  /** A period aggregates exist for: filing periods and, for quarters, their year. */
  isAggregate(p: string): boolean;
  aggregateHint: string;
  /** The filing period before `p`. */
  previous(p: string): string;
  /** A filing period's slot in its entity's yearly rollup ('1'…'4'; 'Y' for a year). */
  slot(p: string): string;
  /** Quarters roll up into their year; a year-only program has no container to count twice in. */
  rollsUpToYear: boolean;
  /** 本季度 / 本年, 上季度 / 上年: the warnings' words. */
  thisWord: string;
  previousWord: string;
}

export const QUARTERS: PeriodKind = {
  kind: 'quarter',
  isFiling: isQuarter,
  filingHint: '应为季度,如 2020Q3',
  isAggregate: (p) => isQuarter(p) || isYear(p),
  aggregateHint: '期别应为季度(如 2020Q3)或年份(如 2020)',
  previous: previousQuarter,
  slot: (p) => String(quarterOf(p)),
  rollsUpToYear: true,
  thisWord: '本季度',
  previousWord: '上季度',
};

export const YEARS: PeriodKind = {
  kind: 'year',
  isFiling: isYear,
  filingHint: '应为年份,如 2020',
  isAggregate: isYear,
  aggregateHint: '期别应为年份(如 2020)',
  previous: (p) => String(yearOf(p) - 1),
  slot: () => 'Y',
  rollsUpToYear: false,
  thisWord: '本年',
  previousWord: '上年',
};

/** What completeness, exports and pages need of any registry entity. */
export interface EntityView {
  id: string;
  name: string;
  city: string;
  county: string;
  /** The second grouping of completeness: a base's level, a platform's tier. */
  group: string;
  groupLabel: string;
}

export interface Program<E extends { updatedAt: string } = { updatedAt: string }> {
  id: ProgramId;
  tag: ProgramTag;
  /** 创业创新基地 / 窗口平台 */
  label: string;
  /** 基地 / 平台: how messages name one entity. */
  entityWord: string;
  /** The role of the entity's own users and the token field naming the entity. */
  role: 'base' | 'platform' | 'carrier';
  idKey: 'baseId' | 'platformId' | 'carrierId';
  idPattern: RegExp;
  /** The path segment of the entity routes: /api/{path}/{id}. */
  path: 'bases' | 'platforms' | 'carriers';
  periods: PeriodKind;
  /**
   * Every field a filing for `period` carries, in form order — unless `catalogFromPlan`: then
   * each entity's catalog comes from its own plan (a carrier's indicators) and this is empty.
   */
  fields(period: string): readonly Field[];
  catalogFromPlan?: boolean;
  /** The fields of the program's aggregates (default: `fields`). */
  totalsFields?(period: string): readonly Field[];
  /** Which counted codes add up across entities (default all). */
  aggregates?: (code: string) => boolean;
  sections(period: string): ReadonlyArray<{ id: string; label: string }>;
  /** Aggregation rules: stocks take the latest quarter in a year; means keep sum and count. */
  stockCodes: ReadonlySet<string>;
  meanCodes: ReadonlySet<string>;
  /** Aggregate scopes an entity counts in; registry attributes that decide them. */
  scopesOf(e: E): string[];
  scopeAttributes: readonly string[];
  /** Whether a scope string is one this program aggregates. */
  isScope(scope: string): boolean;
  scopeHint: string;
  groupKey: 'level' | 'tier' | 'type';
  groupLabels: Readonly<Record<string, string>>;
  activeIn(e: E, period: string): boolean;
  /** The entity with the scope attributes in force at `period` (SPEC §11: past periods never move). */
  asOf(e: E, period: string): E;
  view(e: E): EntityView;
  idOf(e: E): string;
}

// The province in force (set by shared/config.ts when it loads): a pure module reading config
// itself would read it before a script has set its environment.
const cityScope = (s: string) => s.startsWith('city:') && provinceInForce().cities.includes(s.slice(5));
/** A national deployment's base scopes (shared/provinces-cn.ts): `province:湖南省`, `city:湖南省/长沙市`. */
const nationalScope = (s: string) => {
  if (!isNationalInForce()) return false;
  const province = provinceOfScope(s);
  const p = province ? chinaProvince(province) : undefined;
  if (!p) return false;
  return s === provinceScope(p.name) || p.cities.some((c) => s === qualifiedCityScope(p.name, c));
};
const COHORT_SCOPE = /^cohort:.{1,30}$/;

export const BASES: Program<BaseRecord> = {
  id: 'bases',
  tag: 'BASE',
  label: '创业创新基地',
  entityWord: '基地',
  role: 'base',
  idKey: 'baseId',
  idPattern: BASE_ID,
  path: 'bases',
  periods: QUARTERS,
  fields: fieldsForPeriod,
  sections: () => SECTIONS,
  stockCodes: new Set(INDICATORS.filter((f) => f.type === 'stock').map((f) => f.code)),
  meanCodes: new Set(INDICATORS.filter((f) => f.mean).map((f) => f.code)),
  scopesOf,
  // A change of any of these, of the history or of a designation moves aggregates.
  scopeAttributes: ['city', 'level', 'cohort', 'history', 'designations', 'province'],
  isScope: (s) =>
    s === 'all' || (isNationalInForce() ? nationalScope(s) : cityScope(s)) || s === 'level:national' || s === 'level:provincial' || COHORT_SCOPE.test(s),
  scopeHint: 'scope 应为 all、city:<市州>、level:national|provincial 或 cohort:<批次>(全国部署:province:<省份>、city:<省份>/<市州>)',
  groupKey: 'level',
  groupLabels: LEVEL_LABELS,
  activeIn: isActiveIn,
  asOf: (b, period) => {
    const then = asOfPeriod(b, period);
    const level = designatedLevel(b.designations, period);
    return level && level !== then.level ? { ...then, level } : then;
  },
  view: (b) => ({ id: b.baseId, name: b.name, city: b.city, county: b.county, group: b.level, groupLabel: LEVEL_LABELS[b.level] ?? b.level }),
  idOf: (b) => b.baseId,
};

const TIERS = Object.keys(TIER_LABELS) as Tier[];

export const PLATFORMS: Program<PlatformRecord> = {
  id: 'platforms',
  tag: 'PLAT',
  label: '窗口平台',
  entityWord: '平台',
  role: 'platform',
  idKey: 'platformId',
  idPattern: PLATFORM_ID,
  path: 'platforms',
  periods: YEARS,
  fields: () => PLATFORM_FIELDS,
  sections: () => PLATFORM_SECTIONS,
  stockCodes: new Set(PLATFORM_FIELDS.filter((f) => f.type === 'stock').map((f) => f.code)),
  meanCodes: new Set(PLATFORM_FIELDS.filter((f) => f.mean).map((f) => f.code)),
  scopesOf: platformScopes,
  scopeAttributes: ['city', 'tier', 'history'],
  isScope: (s) => s === 'all' || cityScope(s) || TIERS.some((t) => s === `tier:${t}`),
  scopeHint: 'scope 应为 all、city:<市州> 或 tier:city|cluster|county',
  groupKey: 'tier',
  groupLabels: TIER_LABELS,
  activeIn: (p, period) => platformActiveIn(p, yearOf(period)),
  asOf: asOfPeriod,
  view: (p) => ({
    id: p.platformId,
    name: p.name,
    city: p.city,
    county: p.county ?? p.cluster ?? '',
    group: p.tier,
    groupLabel: TIER_LABELS[p.tier] ?? p.tier,
  }),
  idOf: (p) => p.platformId,
};

const CARRIER_TYPES = Object.keys(CARRIER_TYPE_LABELS) as CarrierType[];

export const CARRIERS: Program<CarrierRecord> = {
  id: 'carriers',
  tag: 'CARR',
  label: '双创特色载体',
  entityWord: '载体',
  role: 'carrier',
  idKey: 'carrierId',
  idPattern: CARRIER_ID,
  path: 'carriers',
  periods: YEARS,
  fields: () => [],
  catalogFromPlan: true,
  sections: () => CARRIER_SECTIONS,
  totalsFields: () => CARRIER_TOTAL_FIELDS,
  aggregates: isCarrierTotal,
  stockCodes: new Set(),
  meanCodes: new Set(),
  scopesOf: carrierScopes,
  scopeAttributes: ['city', 'type'],
  isScope: (s) => s === 'all' || cityScope(s) || CARRIER_TYPES.some((t) => s === `type:${t}`),
  scopeHint: 'scope 应为 all、city:<市州> 或 type:integration|capital|tech|talent',
  groupKey: 'type',
  groupLabels: CARRIER_TYPE_LABELS,
  activeIn: (c, period) => carrierActiveIn(c, yearOf(period)),
  asOf: (c) => c,
  view: (c) => ({ id: c.carrierId, name: c.name, city: c.city, county: c.zone, group: c.type, groupLabel: CARRIER_TYPE_LABELS[c.type] ?? c.type }),
  idOf: (c) => c.carrierId,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
// biome-ignore lint/suspicious/noExplicitAny: a program whatever its field set: Program is not covariant in its parameter, so no narrower type accepts every program
export type AnyProgram = Program<any>;

const BY_ID: Readonly<Record<ProgramId, AnyProgram>> = { bases: BASES, platforms: PLATFORMS, carriers: CARRIERS };
const BY_TAG: Readonly<Record<ProgramTag, AnyProgram>> = { BASE: BASES, PLAT: PLATFORMS, CARR: CARRIERS };

export const programById = (id: ProgramId): AnyProgram => BY_ID[id];
export const programByTag = (tag: ProgramTag): AnyProgram => BY_TAG[tag];
export const isProgramId = (s: string): s is ProgramId => (PROGRAM_IDS as readonly string[]).includes(s);
