// 趋势 (issue 19): one indicator over the scheduled quarters for the province, a city or a base.
// Pure: the series from the API answers (missing periods are gaps, never zeros) and the line
// chart's geometry and texts as plain attributes — views/trend.ts turns them into SVG elements
// (no inline styles: the page's CSP forbids them). Unit-tested in test/unit/web-trend.test.ts.

import type { Field } from '../../shared/catalog';
import { formatDecimal } from '../../shared/decimal';
import { isQuarter, periodLabel } from '../../shared/periods';
import type { AggregatesView } from '../../shared/use-cases/read-aggregates';
import type { Wire } from '../../shared/wire';
import { changePct, fmtChange } from './context';
import { group } from './format';

/** One quarter of the series: the value in base units, or null when there is none (a gap). */
export interface TrendPoint {
  period: string;
  value: bigint | null;
}

/** What GET /api/aggregates/{period} answers, as far as the trend needs it. */
export type TrendAggregate = Pick<Wire<AggregatesView>, 'values'> & Partial<Pick<Wire<AggregatesView>, 'reportingBases' | 'reportingEntities' | 'means'>>;

/** Scheduled quarters in order (oldest first, each once); quarters not yet opened are left out. */
export function trendQuarters(schedules: ReadonlyArray<{ period: string; opensAt?: string }>, now = Date.now()): string[] {
  const opened = schedules.filter((s) => isQuarter(s.period) && (!s.opensAt || !(Date.parse(s.opensAt) > now)));
  return [...new Set(opened.map((s) => s.period))].sort();
}

const toBig = (v: unknown): bigint | null => {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return null;
};

/** a / b rounded half away from zero (b > 0). */
function roundDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a % b;
  const abs = r < 0n ? -r : r;
  return 2n * abs >= b ? q + (a < 0n ? -1n : 1n) : q;
}

/**
 * A scope's value of a field in one quarter's aggregates: the sum, or for a mean field (租金平均水平)
 * the mean over the bases that filed it, in base units. Null — a gap — when no base reported in
 * that scope and quarter, or the field was not in that quarter's catalog (`carried` false).
 */
export function aggregateValue(field: Pick<Field, 'code' | 'mean'>, a: TrendAggregate | null | undefined, carried = true): bigint | null {
  if (!a || !carried) return null;
  const reporting = toBig(a.reportingEntities ?? a.reportingBases) ?? 0n;
  if (reporting <= 0n) return null;
  if (field.mean) {
    const m = a.means?.[field.code];
    const sum = toBig(m?.sum);
    const count = toBig(m?.count);
    return sum === null || count === null || count <= 0n ? null : roundDiv(sum, count);
  }
  return toBig(a.values[field.code]);
}

/** A base's counted value of a field (null: no filing, not counted, or the field not filed). */
export function filingValue(field: Pick<Field, 'code'>, counted: Record<string, unknown> | null | undefined): bigint | null {
  if (!counted) return null;
  const v = counted[field.code];
  return v === undefined || v === null ? null : toBig(v);
}

/** A value in base units shown in the field's form unit: 36568612, dp 4 → "3,656.8612". */
export const formValue = (v: bigint, dp: number) => group(formatDecimal(v, dp));

/** Short x-axis text of a quarter: 2020Q3 → "20Q3". */
export const shortQuarter = (p: string) => `${p.slice(2, 4)}Q${p.slice(5)}`;

/** A "nice" tick step (1, 2 or 5 × 10^k base units, never below 1) for a range split in about `count`. */
export function niceStep(range: number, count = 4): number {
  if (!(range > 0) || !Number.isFinite(range)) return 1;
  const raw = range / count;
  const exp = 10 ** Math.floor(Math.log10(raw));
  const f = raw / exp;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return Math.max(1, Math.round(nice * exp));
}

/** The y domain: from 0 (or the lowest value when negative) up to a tick at or above the max. */
export function yScale(values: readonly bigint[], count = 4): { min: number; max: number; step: number; ticks: number[] } {
  const nums = values.map(Number);
  const lo = Math.min(0, ...nums);
  const hi = Math.max(0, ...nums);
  const step = niceStep(hi - lo, count);
  const min = Math.floor(lo / step) * step;
  let max = Math.ceil(hi / step) * step;
  if (max <= min) max = min + step;
  const ticks: number[] = [];
  for (let t = min; t <= max + step / 2; t += step) ticks.push(t);
  return { min, max, step, ticks };
}

export interface ChartPoint {
  period: string;
  cx: number;
  cy: number;
  /** The value in the form unit, e.g. "1,234.5". */
  text: string;
  /** The tooltip (<title>): 2020年三季度:1,234.5 万元. */
  title: string;
}

export interface TrendChart {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  /** Horizontal grid lines with their y-axis labels (form units). */
  yTicks: Array<{ y: number; text: string }>;
  /** One tick per quarter; `text` only on the labelled ones (all when few, else each year's first). */
  xTicks: Array<{ x: number; text: string | null; period: string }>;
  /** The y-axis title (单位:万元) and the x-axis title. */
  yTitle: string;
  xTitle: string;
  /** Runs of consecutive quarters with values, as <polyline points>: a missing quarter breaks the line. */
  lines: string[];
  points: ChartPoint[];
  /** Quarters without a value. */
  gaps: string[];
  /** The aria-label: first and last value, the change in %, the quarters without data. */
  summary: string;
  /** The data table: every quarter with its value or 无数据. */
  rows: Array<{ period: string; label: string; text: string }>;
}

export const NO_DATA = '无数据';

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The line chart of a series: x over the quarters in order (evenly spaced), y from the scale's
 * min to its max; values and labels in the field's form unit (formatDecimal of base units).
 */
export function trendChart(
  field: Pick<Field, 'label' | 'formUnit' | 'dp'>,
  series: readonly TrendPoint[],
  opts: { scopeLabel?: string; width?: number; height?: number } = {},
): TrendChart {
  const width = opts.width ?? 720;
  const height = opts.height ?? 320;
  const plot = { left: 84, top: 28, right: width - 20, bottom: height - 44 };
  const n = series.length;
  const xOf = (i: number) => r1(n <= 1 ? (plot.left + plot.right) / 2 : plot.left + (i * (plot.right - plot.left)) / (n - 1));
  const present = series.filter((p): p is { period: string; value: bigint } => p.value !== null);
  const scale = yScale(present.map((p) => p.value));
  const yOf = (v: number) => r1(plot.bottom - ((v - scale.min) / (scale.max - scale.min)) * (plot.bottom - plot.top));
  const unit = field.formUnit;

  const yTicks = scale.ticks.map((t) => ({ y: yOf(t), text: formValue(BigInt(Math.round(t)), field.dp) }));
  // Every quarter labelled when there are few; else each year's first quarter shown, as the year.
  const few = n <= 12;
  const xTicks = series.map((p, i) => {
    const firstOfYear = i === 0 || series[i - 1]!.period.slice(0, 4) !== p.period.slice(0, 4);
    return { x: xOf(i), period: p.period, text: few ? shortQuarter(p.period) : firstOfYear ? p.period.slice(0, 4) : null };
  });

  const points: ChartPoint[] = [];
  const lines: string[] = [];
  let run: string[] = [];
  series.forEach((p, i) => {
    if (p.value === null) {
      if (run.length > 1) lines.push(run.join(' '));
      run = [];
      return;
    }
    const cx = xOf(i);
    const cy = yOf(Number(p.value));
    const text = formValue(p.value, field.dp);
    points.push({ period: p.period, cx, cy, text, title: `${periodLabel(p.period)}:${text} ${unit}` });
    run.push(`${cx},${cy}`);
  });
  if (run.length > 1) lines.push(run.join(' '));

  const gaps = series.filter((p) => p.value === null).map((p) => p.period);
  const what = `${opts.scopeLabel ?? ''}${field.label}(${unit})`;
  let summary: string;
  if (!present.length) summary = `${what}趋势图:所选各季度均无数据`;
  else {
    const first = present[0]!;
    const last = present[present.length - 1]!;
    const parts = [`${what}趋势图,${present.length}个季度有数据`, `${periodLabel(first.period)} ${formValue(first.value, field.dp)}`];
    if (present.length > 1) {
      parts.push(`${periodLabel(last.period)} ${formValue(last.value, field.dp)}`);
      const pct = changePct(Number(last.value), Number(first.value));
      parts.push(pct === null ? '变化幅度无法计算' : `变化${fmtChange(pct)}`);
    }
    if (gaps.length) parts.push(`${gaps.length}个季度无数据`);
    summary = parts.join(',');
  }

  return {
    width,
    height,
    plot,
    yTicks,
    xTicks,
    yTitle: `单位:${unit}`,
    xTitle: '季度',
    lines,
    points,
    gaps,
    summary,
    rows: series.map((p) => ({ period: p.period, label: periodLabel(p.period), text: p.value === null ? NO_DATA : formValue(p.value, field.dp) })),
  };
}

/**
 * The indicators to choose from: the newest quarter's catalog, then fields only older quarters
 * carried (the 2017 service types), so a field of any charted quarter can be chosen.
 */
export function trendFields(quarters: readonly string[], fieldsOf: (period: string) => readonly Field[]): Field[] {
  const out: Field[] = [];
  const seen = new Set<string>();
  for (const q of [...quarters].sort().reverse()) {
    for (const f of fieldsOf(q)) {
      if (seen.has(f.code)) continue;
      seen.add(f.code);
      out.push(f);
    }
  }
  return out;
}

/** A trend scope: `all`, `city:{city}` or `base:{baseId}`. */
export type TrendScope = { kind: 'all' } | { kind: 'province'; province: string } | { kind: 'city'; city: string } | { kind: 'base'; baseId: string };

export function parseTrendScope(s: string | null | undefined): TrendScope | null {
  if (s === 'all') return { kind: 'all' };
  // A national deployment's province (its cities are `city:湖南省/长沙市`, read as any city scope).
  if (s?.startsWith('province:') && s.length > 9) return { kind: 'province', province: s.slice(9) };
  if (s?.startsWith('city:') && s.length > 5) return { kind: 'city', city: s.slice(5) };
  if (s?.startsWith('base:') && s.length > 5) return { kind: 'base', baseId: s.slice(5) };
  return null;
}

/** The page of a scope's trend (a totals scope such as a level or cohort has none: the default scope). */
export function trendHash(scope?: string | null, field?: string | null): string {
  const q = new URLSearchParams();
  if (scope && parseTrendScope(scope)) q.set('scope', scope);
  if (field) q.set('field', field);
  const qs = q.toString();
  return qs ? `#/trend?${qs}` : '#/trend';
}
