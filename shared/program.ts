// Programs as data (SPEC §8). A program is what differs between the department's reporting
// programs — who files (its registry entity and role), how often (its period kind), what (its
// catalog), how totals are scoped — and everything written once (filing writes, validation,
// versions, review, the stream consumers, exact aggregates, completeness, reconcile, exports,
// the web form) takes a Program instead of assuming the bases. Pure data and functions: no I/O.

import { fieldsForPeriod, INDICATORS, SECTIONS, type Field } from './catalog';
import { isQuarter, isYear, previousQuarter, quarterOf, yearOf } from './periods';
import { PLATFORM_FIELDS, PLATFORM_SECTIONS } from './platforms/catalog';
import { platformActiveIn, platformScopes, PLATFORM_ID, TIER_LABELS, type PlatformRecord, type Tier } from './platforms/registry';
import { BASE_ID, HUNAN_CITIES, isActiveIn, LEVEL_LABELS, type BaseRecord } from './registry';
import { scopesOf } from './aggregation';
import type { ProgramTag } from './store/keys';

export type ProgramId = 'bases' | 'platforms';
export const PROGRAM_IDS: readonly ProgramId[] = ['bases', 'platforms'];

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
  role: 'base' | 'platform';
  idKey: 'baseId' | 'platformId';
  idPattern: RegExp;
  /** The path segment of the entity routes: /api/{path}/{id}. */
  path: 'bases' | 'platforms';
  periods: PeriodKind;
  /** Every field a filing for `period` carries, in form order. */
  fields(period: string): readonly Field[];
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
  groupKey: 'level' | 'tier';
  groupLabels: Readonly<Record<string, string>>;
  activeIn(e: E, period: string): boolean;
  view(e: E): EntityView;
  idOf(e: E): string;
}

const cityScope = (s: string) => s.startsWith('city:') && (HUNAN_CITIES as readonly string[]).includes(s.slice(5));
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
  scopeAttributes: ['city', 'level', 'cohort'],
  isScope: (s) => s === 'all' || cityScope(s) || s === 'level:national' || s === 'level:provincial' || COHORT_SCOPE.test(s),
  scopeHint: 'scope 应为 all、city:<市州>、level:national|provincial 或 cohort:<批次>',
  groupKey: 'level',
  groupLabels: LEVEL_LABELS,
  activeIn: isActiveIn,
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
  scopeAttributes: ['city', 'tier'],
  isScope: (s) => s === 'all' || cityScope(s) || TIERS.some((t) => s === `tier:${t}`),
  scopeHint: 'scope 应为 all、city:<市州> 或 tier:city|cluster|county',
  groupKey: 'tier',
  groupLabels: TIER_LABELS,
  activeIn: (p, period) => platformActiveIn(p, yearOf(period)),
  view: (p) => ({ id: p.platformId, name: p.name, city: p.city, county: p.county ?? p.cluster ?? '', group: p.tier, groupLabel: TIER_LABELS[p.tier] ?? p.tier }),
  idOf: (p) => p.platformId,
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProgram = Program<any>;

const BY_ID: Readonly<Record<ProgramId, AnyProgram>> = { bases: BASES, platforms: PLATFORMS };
const BY_TAG: Readonly<Record<ProgramTag, AnyProgram>> = { BASE: BASES, PLAT: PLATFORMS };

export const programById = (id: ProgramId): AnyProgram => BY_ID[id];
export const programByTag = (tag: ProgramTag): AnyProgram => BY_TAG[tag];
export const isProgramId = (s: string): s is ProgramId => (PROGRAM_IDS as readonly string[]).includes(s);
