// The featured-carrier program's pure page logic (SPEC §10, seed 002): type names and scopes, the
// plan editor's typed rows ↔ the PUT body (shared/carriers/plan.ts `CarrierPlan`), the yearly
// form's details (fund batches, disbursements, investment, progress, texts) as typed ↔ the write
// body and the stored `FilingDetails`, the indicator table's columns, and exact rates from the
// integers. No DOM, so it is unit-tested in Node.

import { checkDetails, type FilingDetails, meets, wan } from '../../shared/carriers/details';
import { type CarrierPlan, checkPlan, MONEY_DP, type StoredPlan } from '../../shared/carriers/plan';
import { CARRIER_TYPE_LABELS, CARRIER_TYPES, type CarrierRecord, type CarrierType } from '../../shared/carriers/registry';
import { formatDecimal, parseDecimal } from '../../shared/decimal';
import type { Values } from '../../shared/validation';
import { province } from './province';

export { FUND_KINDS, FUND_LABELS } from '../../shared/carriers/plan';
export { CARRIER_ID, CARRIER_TYPE_LABELS, CARRIER_TYPES, type CarrierType } from '../../shared/carriers/registry';
export type CarrierView = CarrierRecord;

export const BETTER_LABELS = { higher: '越高越好', lower: '越低越好' } as const;

/** Aggregation scopes a user may choose: admin the province, each city and type; a city only its own. */
export function carrierScopeChoices(me: { role: string; city?: string }): Array<{ value: string; label: string }> {
  if (me.role === 'city') return [{ value: `city:${me.city}`, label: me.city! }];
  return [
    { value: 'all', label: '全省' },
    ...province().cities.map((c) => ({ value: `city:${c}`, label: c })),
    ...CARRIER_TYPES.map((t) => ({ value: `type:${t}`, label: CARRIER_TYPE_LABELS[t] })),
  ];
}

export function carrierScopeLabel(scope: string): string {
  if (scope === 'all') return '全省';
  if (scope.startsWith('city:')) return scope.slice(5);
  if (scope.startsWith('type:')) return CARRIER_TYPE_LABELS[scope.slice(5) as CarrierType] ?? scope;
  return scope;
}

// ---- exact figures --------------------------------------------------------------------------------

/** 元 (integer) → 万元 text with 4 decimals dropped when zero: 25000000 → `2500`, 445000 → `44.5`. */
export const wanText = (yuan: bigint | number): string => formatDecimal(BigInt(yuan), MONEY_DP);

/** 元 → 万元 with 2 decimals, rounded (shared/carriers/details.ts `wan`): 25000000 → `2500.00`. */
export const wan2 = (yuan: bigint | number): string => wan(yuan, 2);

/**
 * part ÷ whole as a percentage with `dp` decimals, computed on the integers and rounded half up
 * (never through a binary float): 3400 ÷ 4000 → `85.00%`; null when whole is 0.
 */
export function percentExact(part: bigint | number, whole: bigint | number, dp = 2): string | null {
  const p = BigInt(part);
  const w = BigInt(whole);
  if (w === 0n) return null;
  const neg = p < 0n !== w < 0n && p !== 0n;
  const a = p < 0n ? -p : p;
  const b = w < 0n ? -w : w;
  const scale = 100n * 10n ** BigInt(dp);
  const q = (a * scale * 2n + b) / (2n * b);
  const s = formatDecimal(q, dp);
  const [i, f = ''] = s.split('.');
  return `${neg ? '-' : ''}${dp ? `${i}.${f.padEnd(dp, '0')}` : i}%`;
}

// ---- the plan editor ------------------------------------------------------------------------------

/** One indicator row of the editor, every cell as typed. */
export interface IndicatorRow {
  code: string;
  name: string;
  unit: string;
  decimals: string;
  better: 'higher' | 'lower';
  baselineYear: string;
  baselineValue: string;
  /** year → typed target (blank: none). */
  targets: Record<string, string>;
}

export interface SubProjectRow {
  code: string;
  name: string;
  content: string;
  plannedInvestment: string;
  subsidy: string;
  reward: string;
  purchase: string;
}

export interface PlanRows {
  indicators: IndicatorRow[];
  subProjects: SubProjectRow[];
  /** The target year columns, ascending. */
  years: string[];
}

export const emptyIndicatorRow = (baselineYear = ''): IndicatorRow => ({
  code: '',
  name: '',
  unit: '',
  decimals: '0',
  better: 'higher',
  baselineYear,
  baselineValue: '',
  targets: {},
});

export const emptySubProjectRow = (): SubProjectRow => ({ code: '', name: '', content: '', plannedInvestment: '', subsidy: '', reward: '', purchase: '' });

/** The plan as typed (GET …/plan `typed`) → the editor's rows; the year columns cover every target. */
export function planToRows(plan: CarrierPlan | null, defaultYears: string[] = []): PlanRows {
  const years = new Set<string>(defaultYears);
  const indicators = (plan?.indicators ?? []).map((i) => {
    for (const y of Object.keys(i.targets)) years.add(y);
    return {
      code: i.code,
      name: i.name,
      unit: i.unit,
      decimals: String(i.decimals),
      better: i.better,
      baselineYear: String(i.baseline.year),
      baselineValue: i.baseline.value,
      targets: { ...i.targets },
    };
  });
  const subProjects = (plan?.subProjects ?? []).map((s) => ({
    code: s.code,
    name: s.name,
    content: s.content,
    plannedInvestment: s.plannedInvestment,
    subsidy: s.plannedFund.subsidy,
    reward: s.plannedFund.reward,
    purchase: s.plannedFund.purchase,
  }));
  return { indicators, subProjects, years: [...years].sort() };
}

const trim = (s: string) => s.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');

/**
 * The editor's rows → the PUT body (decimal strings as typed, trimmed): decimals and baseline
 * year as numbers when they are integers (else as typed, for the server's message), blank
 * targets left out, blank money as "0".
 */
export function rowsToPlan(rows: PlanRows): CarrierPlan {
  const int = (s: string): number => (/^\d{1,4}$/.test(trim(s)) ? Number(trim(s)) : (trim(s) as unknown as number));
  return {
    indicators: rows.indicators.map((r) => {
      const targets: Record<string, string> = {};
      for (const y of rows.years) {
        const t = trim(r.targets[y] ?? '');
        if (t !== '') targets[y] = t;
      }
      // A target typed in a year column since removed is kept (the server judges it).
      for (const [y, v] of Object.entries(r.targets)) if (!rows.years.includes(y) && trim(v) !== '') targets[y] = trim(v);
      return {
        code: trim(r.code),
        name: trim(r.name),
        unit: trim(r.unit),
        decimals: int(r.decimals),
        better: r.better,
        baseline: { year: int(r.baselineYear), value: trim(r.baselineValue) },
        targets,
      };
    }),
    subProjects: rows.subProjects.map((s) => ({
      code: trim(s.code),
      name: trim(s.name),
      content: trim(s.content),
      plannedInvestment: trim(s.plannedInvestment) || '0',
      plannedFund: { subsidy: trim(s.subsidy) || '0', reward: trim(s.reward) || '0', purchase: trim(s.purchase) || '0' },
    })),
  };
}

/** The server's own plan check (shared/carriers/plan.ts), errors keyed `indicators.0.targets.2021`. */
export function checkPlanRows(rows: PlanRows): Record<string, string> {
  const r = checkPlan(rowsToPlan(rows));
  return r.ok ? {} : { ...r.errors };
}

/** The next target year column: after the last one, else after the latest baseline year. */
export function nextYearColumn(rows: PlanRows, fallback: number): string | null {
  const last = rows.years.at(-1);
  const bases = rows.indicators.map((r) => Number(trim(r.baselineYear))).filter((y) => Number.isInteger(y) && y >= 2000 && y <= 2100);
  const next = last ? Number(last) + 1 : (bases.length ? Math.max(...bases) : fallback) + 1;
  return next > 2100 ? null : String(next);
}

// ---- the yearly form's details --------------------------------------------------------------------

export interface BatchRow {
  date: string;
  amount: string;
  source: string;
}

/** The details as typed: money in 万元 text. */
export interface DetailsRows {
  received: BatchRow[];
  disbursed: Record<string, string>;
  investment: Record<string, string>;
  progress: Record<string, string>;
  problems: string;
  nextSteps: string;
  suggestions: string;
  experience: string;
}

export const TEXT_FIELDS = [
  { key: 'problems', label: '存在问题', hint: '未达到绩效目标的原因及存在的问题' },
  { key: 'nextSteps', label: '下一步工作', hint: '下一步改进措施和工作打算' },
  { key: 'suggestions', label: '意见建议', hint: '有关意见和建议' },
  { key: 'experience', label: '主要经验做法', hint: '主要经验做法及典型案例' },
] as const;

export const emptyBatch = (): BatchRow => ({ date: '', amount: '', source: '' });

/** A stored filing's details (元) → the form (万元 text). */
export function detailsToRows(d: Partial<FilingDetails> | null | undefined): DetailsRows {
  const money = (m: Record<string, number> | undefined) => Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, wanText(v)]));
  return {
    received: (d?.funds?.received ?? []).map((b) => ({ date: b.date, amount: wanText(b.amount), source: b.source })),
    disbursed: money(d?.funds?.disbursed),
    investment: money(d?.investment),
    progress: { ...(d?.progress ?? {}) },
    problems: d?.problems ?? '',
    nextSteps: d?.nextSteps ?? '',
    suggestions: d?.suggestions ?? '',
    experience: d?.experience ?? '',
  };
}

/** The form → the write body's detail keys: blank rows and blank amounts left out, texts as typed. */
export function rowsToDetails(rows: DetailsRows): Record<string, unknown> {
  const filled = (m: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(m)
        .filter(([, v]) => trim(v) !== '')
        .map(([k, v]) => [k, trim(v)]),
    );
  return {
    funds: {
      received: rows.received
        .filter((b) => trim(b.date) || trim(b.amount) || trim(b.source))
        .map((b) => ({ date: trim(b.date), amount: trim(b.amount), source: trim(b.source) })),
      disbursed: filled(rows.disbursed),
    },
    investment: filled(rows.investment),
    progress: Object.fromEntries(Object.entries(rows.progress).filter(([, v]) => trim(v) !== '')),
    problems: rows.problems,
    nextSteps: rows.nextSteps,
    suggestions: rows.suggestions,
    experience: rows.experience,
  };
}

/**
 * The server's own detail checks (shared/carriers/details.ts) on the typed rows: the error keys
 * are those of the rows as shown (blank rows are dropped before sending, so a batch's index is
 * mapped back to its row).
 */
export function checkDetailsRows(rows: DetailsRows, plan: StoredPlan, year: number): Record<string, string> {
  const body = rowsToDetails(rows) as { funds: { received: BatchRow[] } };
  const r = checkDetails(body, plan, year);
  if (r.ok) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.errors)) out[mapBatchKey(k, rows)] = v;
  return out;
}

/** The batch index a server error about `funds.received.N…` means, after blank rows were dropped. */
export function mapBatchKey(key: string, rows: DetailsRows): string {
  const m = /^funds\.received\.(\d+)(.*)$/.exec(key);
  if (!m) return key;
  const shown: number[] = [];
  rows.received.forEach((b, i) => (trim(b.date) || trim(b.amount) || trim(b.source)) && shown.push(i));
  return `funds.received.${shown[Number(m[1])] ?? m[1]}${m[2]}`;
}

/** The exact sum of typed 万元 amounts, or null while one is not a number yet (blank counts 0). */
export function sumWan(amounts: readonly string[]): string | null {
  let sum = 0n;
  for (const a of amounts) {
    const p = parseDecimal(a, MONEY_DP);
    if (!p.ok) {
      if (p.reason === 'empty') continue;
      return null;
    }
    sum += p.value;
  }
  return formatDecimal(sum, MONEY_DP);
}

/**
 * The key of the nearest error slot the form has: `funds.received.0.foo` → `funds.received.0`
 * → `funds.received` → `funds`, or null.
 */
export function nearestKey(key: string, has: (k: string) => boolean): string | null {
  const parts = key.split('.');
  for (let n = parts.length; n > 0; n--) {
    const k = parts.slice(0, n).join('.');
    if (has(k)) return k;
  }
  return null;
}

// ---- the indicator table --------------------------------------------------------------------------

export interface IndicatorColumns {
  /** `2019年:102` */
  baseline: string;
  /** Last year's actual: the previous year's counted filing, or the baseline when it is that year. */
  lastYear: string;
  /** This year's target, or 无目标. */
  target: string;
}

/** The read-only columns of an indicator's row in the year's form. */
export function indicatorColumns(plan: StoredPlan, code: string, year: number, previous: Values | null | undefined): IndicatorColumns | null {
  const ind = plan.indicators.find((i) => i.code === code);
  if (!ind) return null;
  const fmt = (v: number) => formatDecimal(v, ind.decimals);
  const prev = previous?.[code];
  const target = ind.targets[String(year)];
  return {
    baseline: `${fmt(ind.baseline.value)}(${ind.baseline.year}年)`,
    lastYear: prev !== undefined && prev !== null ? fmt(prev) : ind.baseline.year === year - 1 ? fmt(ind.baseline.value) : '—',
    target: target === undefined ? '无目标' : fmt(target),
  };
}

/** 完成 / 未完成 / 无目标 for a typed actual, by the indicator's direction; null while not a number. */
export function verdictOf(plan: StoredPlan, code: string, year: number, typed: string): '完成' | '未完成' | '无目标' | null {
  const ind = plan.indicators.find((i) => i.code === code);
  if (!ind) return null;
  const target = ind.targets[String(year)];
  if (target === undefined) return '无目标';
  const p = parseDecimal(typed, ind.decimals);
  if (!p.ok) return null;
  return meets(ind.better, p.value, BigInt(target)) ? '完成' : '未完成';
}
