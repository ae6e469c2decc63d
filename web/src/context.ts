// Context beside each field (issue 19): the previous period's value and the same period last
// year, with the change in %, in the form and on the review page; and "copy last quarter's
// stocks" for the bases' form. The pure helpers are unit-tested (test/unit/web-context.test.ts).

import type { Field } from '../../shared/catalog';
import { isQuarter, previousQuarter, samePeriodLastYear } from '../../shared/periods';
import type { FilingView } from '../../shared/use-cases/read-filings';
import type { Values } from '../../shared/validation';
import { ApiError, api } from './api';
import { type RawValues, toRaw } from './form-model';

/** One earlier filing's counted values (what was submitted), or null when there is none. */
export interface Earlier {
  period: string;
  values: Values;
}

export interface FilingContext {
  previous: Earlier | null;
  lastYear: Earlier | null;
}

/** The periods compared with `period`: the one before and the same one last year (a year's: one). */
export function contextPeriods(period: string): { previous: string; lastYear: string | null } {
  const lastYear = samePeriodLastYear(period);
  if (!isQuarter(period)) return { previous: lastYear, lastYear: null };
  return { previous: previousQuarter(period), lastYear };
}

/** Change in % from `previous` to `current`; null when either is missing or `previous` is 0. */
export function changePct(current: number | null | undefined, previous: number | null | undefined): number | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  if (!Number.isFinite(current) || !Number.isFinite(previous) || previous === 0) return null;
  return ((current - previous) / Math.abs(previous)) * 100;
}

/** +12.3% / −4.0% / 0.0%; — when there is nothing to compare. */
export function fmtChange(pct: number | null): string {
  if (pct === null) return '—';
  const r = Math.round(pct * 10) / 10;
  if (r === 0) return '0.0%';
  return `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(1)}%`;
}

/** A stored value (base units) in form units, as a number (for the change). */
export const inFormUnits = (v: number | null | undefined, dp: number): number | null => (v === null || v === undefined ? null : v / 10 ** dp);

/** A typed value in form units, or null when blank or not a number. */
export function typedNumber(raw: string | undefined): number | null {
  const s = (raw ?? '').replace(/[,\s]/g, '');
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** The stock indicators of a catalog (catalog `type: 'stock'`): what stands, not what flowed. */
export const stockFields = (fields: readonly Field[]): Field[] => fields.filter((f) => f.type === 'stock');

/**
 * "复制上季度存量指标": the typed values with the stock fields taken from the previous quarter's
 * filing (fields it did not file are left as typed). Returns the new values and the codes copied.
 */
export function copyStocks(fields: readonly Field[], raw: RawValues, previous: Values | null | undefined): { raw: RawValues; copied: string[] } {
  const stocks = stockFields(fields);
  const from = toRaw(stocks, previous);
  const copied = stocks.map((f) => f.code).filter((c) => from[c] !== undefined);
  return { raw: { ...raw, ...Object.fromEntries(copied.map((c) => [c, from[c]!])) }, copied };
}

/** A field's context line: 上季度 1,000(+10.0%) · 去年同期 800(+37.5%). */
export function contextLine(
  field: Pick<Field, 'code' | 'dp'>,
  current: number | null,
  ctx: FilingContext,
  labels: { previous: string; lastYear: string } = { previous: '上季度', lastYear: '去年同期' },
): string | null {
  const parts: string[] = [];
  for (const [key, label] of [
    ['previous', labels.previous],
    ['lastYear', labels.lastYear],
  ] as const) {
    const e = ctx[key];
    if (!e) continue;
    const v = e.values[field.code];
    if (v === undefined || v === null) continue;
    const shown = toRaw([field as Field], e.values)[field.code]!;
    parts.push(`${label} ${groupDigits(shown)}(${fmtChange(changePct(current, inFormUnits(v, field.dp)))})`);
  }
  return parts.length ? parts.join(' · ') : null;
}

function groupDigits(s: string): string {
  const [i, d] = s.split('.');
  const g = i!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return d === undefined ? g : `${g}.${d}`;
}

/** GET the counted values of an entity's filing of `period`; 404 (or not submitted) means none. */
async function earlier(entityPath: string, id: string, period: string): Promise<Earlier | null> {
  try {
    const f = (await api<Pick<FilingView, 'counted'>>('GET', `/api/${entityPath}/${encodeURIComponent(id)}/filings/${period}`)).data;
    return f.counted ? { period, values: f.counted } : null;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return null;
    throw e;
  }
}

/** The previous period's and last year's filings of an entity (null where there are none). */
export async function loadContext(entityPath: string, id: string, period: string): Promise<FilingContext> {
  const p = contextPeriods(period);
  const [previous, lastYear] = await Promise.all([
    earlier(entityPath, id, p.previous),
    p.lastYear ? earlier(entityPath, id, p.lastYear) : Promise.resolve(null),
  ]);
  return { previous, lastYear };
}
