// Pure page logic of SPEC §11 (published figures never move): which registry edits need a
// 生效期, the history of an entity as table rows, and the 示范基地认定 page (designation form →
// PUT body, filters, summary rows). No DOM, so it is unit-tested in Node.

import {
  DESIGNATION_STATUS_LABELS,
  type Designation,
  type DesignationLevel,
  type DesignationListItem,
  type DesignationStatus,
  type DesignationSummaryRow,
  designationKey,
} from '../../shared/designations';
import { isQuarter, isYear, periodLabel, previousQuarter, yearOf } from '../../shared/periods';
import { currentPeriod, type HistoryEntry } from '../../shared/registry-history';

export { DESIGNATION_STATUS_LABELS, type Designation, type DesignationLevel, type DesignationStatus, type DesignationSummaryRow };

export const DESIGNATION_LEVELS: readonly DesignationLevel[] = ['national', 'provincial'];
export const DESIGNATION_LEVEL_LABELS: Record<DesignationLevel, string> = { national: '国家级', provincial: '省级' };
export const DESIGNATION_STATUSES: readonly DesignationStatus[] = ['recommended', 'designated', 'not-designated', 'revoked'];

/** The attributes whose change takes effect from a period (server: BASE_HISTORY, PLATFORM_HISTORY). */
export const BASE_SCOPED = ['city', 'county', 'level', 'cohort'] as const;
export const PLATFORM_SCOPED = ['city', 'tier', 'county', 'park', 'cluster'] as const;

export const SCOPED_LABELS: Record<string, string> = {
  city: '市州',
  county: '县市区',
  level: '级别',
  cohort: '批次',
  tier: '类别',
  park: '工业园区',
  cluster: '产业集群',
};

/** The current quarter (bases) or year (platforms) in Beijing: the server's default effectiveFrom. */
export const defaultEffectiveFrom = (kind: 'quarter' | 'year', now = new Date()) => currentPeriod(kind, now);

const norm = (v: unknown) => (v === undefined || v === '' ? null : v);

/**
 * Which of `attributes` an edit changes (none for a new entity: it has no earlier periods).
 * The form asks for a 生效期 exactly when this is not empty.
 */
export function scopedChanges(
  before: Readonly<Record<string, unknown>> | null | undefined,
  after: Readonly<Record<string, unknown>>,
  attributes: readonly string[],
): string[] {
  if (!before) return [];
  return attributes.filter((a) => norm(before[a]) !== norm(after[a]));
}

/**
 * The typed 生效期 → the effectiveFrom to send (upper-cased, trimmed), or an error in words.
 * Blank means the default (the current quarter or year); bases take a quarter or a year,
 * platforms a year.
 */
export function parseEffectiveFrom(typed: string, kind: 'quarter' | 'year', now = new Date()): { value: string; error: string | null } {
  const t = typed.trim().toUpperCase();
  if (!t) return { value: defaultEffectiveFrom(kind, now), error: null };
  if (kind === 'year') return isYear(t) ? { value: t, error: null } : { value: t, error: '生效年应为年份,如 2021' };
  return isQuarter(t) || isYear(t) ? { value: t, error: null } : { value: t, error: '生效期应为季度(如 2021Q1)或年份(如 2021)' };
}

/** The last period an entry holds before `next` starts (a quarter before a quarter, a year before a year). */
function until(next: string): string {
  if (isQuarter(next)) return previousQuarter(next);
  return String(yearOf(next) - 1);
}

export interface HistoryRow {
  /** 2021年一季度起 / 登记时起 */
  from: string;
  /** 至2020年四季度 / 至今 */
  to: string;
  current: boolean;
  /** Attribute → display text, in the order asked. */
  cells: string[];
}

/**
 * A registry history as rows, oldest first: from when, until when, and each attribute in words
 * (`label(attr, value)`; blanks as —). An entity that never moved has no rows.
 */
export function historyRows(
  history: readonly HistoryEntry[] | null | undefined,
  attributes: readonly string[],
  label: (attr: string, value: unknown) => string = (_a, v) => String(v),
): HistoryRow[] {
  if (!history?.length) return [];
  return history.map((h, i) => {
    const next = history[i + 1];
    return {
      from: h.from === null ? '登记时起' : `${periodLabel(h.from)}起`,
      to: next?.from ? `至${periodLabel(until(next.from))}` : '至今',
      current: !next,
      cells: attributes.map((a) => {
        const v = h.attrs[a];
        return v === null || v === undefined || v === '' ? '—' : label(a, v);
      }),
    };
  });
}

// ---- 示范基地认定 -----------------------------------------------------------------------------

export interface DesignationTyped {
  baseId: string;
  year: string;
  level: string;
  status: string;
  document: string;
  recommendedBy: string;
  revokedFrom: string;
}

export interface DesignationBody {
  status: DesignationStatus;
  document: string | null;
  recommendedBy: string | null;
  revokedFrom?: number | null;
}

/**
 * The designation form → the PUT path key and body, or errors by field (the quick checks; the
 * server's schema decides the rest and its messages are shown at the same fields).
 */
export function designationFromForm(t: DesignationTyped): { key: string; body: DesignationBody; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const year = t.year.trim();
  if (!t.baseId) errors.baseId = '请选择基地';
  if (!isYear(year)) errors.year = '认定年度应为年份,如 2021';
  const level = t.level as DesignationLevel;
  if (!DESIGNATION_LEVELS.includes(level)) errors.level = '请选择认定级别';
  const status = t.status as DesignationStatus;
  if (!DESIGNATION_STATUSES.includes(status)) errors.status = '请选择认定状态';
  const text = (s: string) => s.trim() || null;
  const body: DesignationBody = { status, document: text(t.document), recommendedBy: text(t.recommendedBy) };
  if (body.document && body.document.length > 100) errors.document = '文号:最多100个字';
  if (body.recommendedBy && body.recommendedBy.length > 100) errors.recommendedBy = '推荐单位:最多100个字';
  if (status === 'revoked') {
    const r = t.revokedFrom.trim();
    if (r) {
      if (!/^\d{4}$/.test(r)) errors.revokedFrom = '撤销年份应为年份,如 2023';
      else if (isYear(year) && Number(r) <= Number(year)) errors.revokedFrom = `撤销年份应晚于认定年份(${year}年)`;
      body.revokedFrom = Number(r);
    } else body.revokedFrom = null;
  }
  return { key: isYear(year) && !errors.level ? designationKey(Number(year), level) : '', body, errors };
}

export type { DesignationListItem };

export interface DesignationFilter {
  year?: string;
  level?: string;
  status?: string;
}

/** GET /api/designations takes year and level; the status filter is applied here. */
export function designationsQuery(f: DesignationFilter): string {
  const q = new URLSearchParams();
  if (f.year) q.set('year', f.year);
  if (f.level) q.set('level', f.level);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const filterByStatus = <T extends { status: string }>(items: readonly T[], status: string | undefined): T[] =>
  status ? items.filter((d) => d.status === status) : [...items];

/** A designation's outcome in words: 已撤销(2023年起). */
export function designationStatusText(d: Pick<Designation, 'status' | 'revokedFrom'>): string {
  const s = DESIGNATION_STATUS_LABELS[d.status] ?? d.status;
  return d.status === 'revoked' && d.revokedFrom ? `${s}(${d.revokedFrom}年起)` : s;
}

/** A success rate as a percentage with one decimal (— when nothing was recommended). */
export const fmtRate = (r: number | null | undefined) => (r === null || r === undefined || !Number.isFinite(r) ? '—' : `${(r * 100).toFixed(1)}%`);

/** The summary table's rows: newest year first, national before provincial; 家(次) and 家. */
export function summaryTableRows(summary: readonly DesignationSummaryRow[]): string[][] {
  return [...summary]
    .filter((r) => r.recommended > 0 || r.designated > 0 || r.cumulativeTimes > 0)
    .sort((a, b) => b.year - a.year || DESIGNATION_LEVELS.indexOf(a.level) - DESIGNATION_LEVELS.indexOf(b.level))
    .map((r) => [
      `${r.year}年`,
      DESIGNATION_LEVEL_LABELS[r.level] ?? r.level,
      `${r.recommended}`,
      `${r.designated}`,
      fmtRate(r.successRate),
      `${r.cumulativeTimes}`,
      `${r.cumulativeBases}`,
    ]);
}

/** A base's designations (from its registry item), newest first. */
export function baseDesignations(designations: Readonly<Record<string, Designation>> | null | undefined): Designation[] {
  return Object.values(designations ?? {}).sort((a, b) => b.year - a.year || DESIGNATION_LEVELS.indexOf(a.level) - DESIGNATION_LEVELS.indexOf(b.level));
}

/** Years to offer in the filter: those with designations, newest first. */
export const designationYears = (items: ReadonlyArray<{ year: number }>) => [...new Set(items.map((d) => d.year))].sort((a, b) => b - a).map(String);
