// Aggregation math, pure and exact (bigint). The stream aggregator keeps, per base and year, a
// rollup holding the state of each quarter as it last counted it; every aggregate is the sum of
// those states. Applying a filing's newest state to its rollup yields exact deltas, and because
// the rollup remembers which revision it holds, applying the same or an older state again is a
// no-op — which is what makes redelivery, retries after a crash and reordering harmless.

import { INDICATORS } from './catalog';
import { isQuarter, quarterOf, quarterPeriod, yearOf } from './periods';
import type { PeriodKind } from './program';
import { isNationalInForce } from './province';
import { provinceScope, qualifiedCityScope } from './provinces-cn';
import type { Values } from './validation';

export type Level = 'national' | 'provincial';

/** The registry facts that decide which aggregate scopes a base contributes to. */
export interface BaseScopeFacts {
  city: string;
  level: Level;
  cohort?: string | null;
  /** The base's province (default: the deployment's); a national deployment's bases always name it. */
  province?: string | null;
}

/**
 * A single-province deployment: `all`, `city:长沙市`, `level:…`, `cohort:…`, as always. A national
 * one (PROVINCE=全国) also counts the province and qualifies the city (shared/provinces-cn.ts):
 * `all` (the national total), `province:湖南省`, `city:湖南省/长沙市`, `level:…`, `cohort:…`.
 */
export function scopesOf(b: BaseScopeFacts): string[] {
  const national = isNationalInForce() && !!b.province;
  const s = national
    ? ['all', provinceScope(b.province!), qualifiedCityScope(b.province!, b.city), `level:${b.level}`]
    : ['all', `city:${b.city}`, `level:${b.level}`];
  if (b.cohort) s.push(`cohort:${b.cohort}`);
  return s;
}

export interface Totals {
  reportingBases: bigint;
  values: Record<string, bigint>;
  means: Record<string, { sum: bigint; count: bigint }>;
}

/** Aggregates of one period: scope key → totals. */
export type ScopedTotals = Record<string, Totals>;

const MEAN_CODES = new Set(INDICATORS.filter((f) => f.mean).map((f) => f.code));
const STOCK_CODES = new Set(INDICATORS.filter((f) => f.type === 'stock').map((f) => f.code));
export const isMeanCode = (code: string) => MEAN_CODES.has(code);
export const isStockCode = (code: string) => STOCK_CODES.has(code);

/**
 * What the aggregation needs of a program (shared/program.ts): its period kind and which codes
 * are stocks and means. The default is the bases'.
 */
export interface AggregationRules {
  periods: Pick<PeriodKind, 'isFiling' | 'slot' | 'rollsUpToYear'>;
  stockCodes: ReadonlySet<string>;
  meanCodes: ReadonlySet<string>;
  /**
   * Which counted codes add up across entities (default: all). A carrier's own indicators do not
   * (each carrier has its own list); what it derives for the province does.
   */
  aggregates?: (code: string) => boolean;
}

export const BASE_RULES: AggregationRules = {
  periods: { isFiling: isQuarter, slot: (p) => String(quarterOf(p)), rollsUpToYear: true },
  stockCodes: STOCK_CODES,
  meanCodes: MEAN_CODES,
};

/** The period of a rollup slot: '3' of 2020 → 2020Q3, 'Y' → 2020. */
const slotPeriod = (year: number, slot: string) => (slot === 'Y' ? String(year) : quarterPeriod(year, Number(slot)));

/** What a filing contributes to the aggregates: its counted values and what the program derives from them. */
export const countedOf = (f: { counted?: Values | null; countedDerived?: Values | null }): Values | null =>
  f.counted ? { ...f.counted, ...(f.countedDerived ?? {}) } : null;

export const emptyTotals = (): Totals => ({ reportingBases: 0n, values: {}, means: {} });

/** What one base's counted values contribute to a period. */
export function contributionOf(values: Values | null | undefined, rules: AggregationRules = BASE_RULES): Totals | null {
  if (!values) return null;
  const t = emptyTotals();
  t.reportingBases = 1n;
  for (const [code, v] of Object.entries(values)) {
    if (rules.aggregates && !rules.aggregates(code)) continue;
    t.values[code] = BigInt(v);
    if (rules.meanCodes.has(code)) t.means[code] = { sum: BigInt(v), count: 1n };
  }
  return t;
}

/** Adds `sign × c` into `into` (mutates and returns `into`). */
export function addTotals(into: Totals, c: Totals, sign: 1n | -1n = 1n): Totals {
  into.reportingBases += sign * c.reportingBases;
  for (const [code, v] of Object.entries(c.values)) into.values[code] = (into.values[code] ?? 0n) + sign * v;
  for (const [code, m] of Object.entries(c.means)) {
    const cur = (into.means[code] ??= { sum: 0n, count: 0n });
    cur.sum += sign * m.sum;
    cur.count += sign * m.count;
  }
  return into;
}

export function isZeroTotals(t: Totals): boolean {
  return t.reportingBases === 0n && Object.values(t.values).every((v) => v === 0n) && Object.values(t.means).every((m) => m.sum === 0n && m.count === 0n);
}

/** Deltas per period per scope, merged across many changes before anything is written. */
export class DeltaSet {
  readonly byPeriod = new Map<string, ScopedTotals>();

  add(period: string, scopes: readonly string[], c: Totals | null, sign: 1n | -1n): void {
    if (!c) return;
    let scoped = this.byPeriod.get(period);
    if (!scoped) this.byPeriod.set(period, (scoped = {}));
    for (const s of scopes) addTotals((scoped[s] ??= emptyTotals()), c, sign);
  }

  /** Drops scopes whose net delta is zero; returns whether anything is left for `period`. */
  prune(period: string): boolean {
    const scoped = this.byPeriod.get(period);
    if (!scoped) return false;
    for (const [s, t] of Object.entries(scoped)) if (isZeroTotals(t)) delete scoped[s];
    if (Object.keys(scoped).length === 0) {
      this.byPeriod.delete(period);
      return false;
    }
    return true;
  }
}

/** Applies `delta` to `target` in place, removing scopes that return to all-zero. */
export function applyScoped(target: ScopedTotals, delta: ScopedTotals): ScopedTotals {
  for (const [s, t] of Object.entries(delta)) {
    const cur = addTotals((target[s] ??= emptyTotals()), t);
    for (const [code, v] of Object.entries(cur.values)) if (v === 0n) delete cur.values[code];
    for (const [code, m] of Object.entries(cur.means)) if (m.sum === 0n && m.count === 0n) delete cur.means[code];
    if (isZeroTotals(cur)) delete target[s];
  }
  return target;
}

// ---- per-base yearly rollups -------------------------------------------------------------

export interface QuarterState {
  /** The filing's counted revision this state reflects. */
  rev: number;
  /** Counted values (null: nothing counts, e.g. only a draft). */
  counted: Values | null;
  /** Scopes this quarter's contribution was added under. */
  scopes: string[];
  /**
   * Whether the filing's first submission came after the deadline (the filing's `late`, decided
   * with its first counted revision), so a year's 报送情况 needs no read of four quarters'
   * filings (issue 16). Absent in states written before: readers then ask the filings.
   */
  late?: boolean;
}

export interface Rollup {
  /** The entity's id (named so for the bases' items, which had it first). */
  baseId: string;
  year: number;
  /** Per slot: quarters '1'…'4', or 'Y' for a year-only program. */
  quarters: Partial<Record<string, QuarterState>>;
  /** Scopes the year contribution was added under. */
  yearScopes: string[];
  /**
   * The entity's scope attributes (its program's `scopeAttributes`) the rollup was last counted
   * under, as the registry held them: the aggregator reads the registry only where a rollup has
   * none, or when the registry stream delivers a change of them (issue 16). Absent on older items.
   */
  entity?: Record<string, unknown>;
}

export const emptyRollup = (baseId: string, year: number): Rollup => ({ baseId, year, quarters: {}, yearScopes: [] });

/**
 * A base's contribution to a year (SPEC §2): flows are summed over its counted quarters; stocks
 * and means come from its latest counted quarter.
 */
export function yearContribution(r: Rollup, rules: AggregationRules = BASE_RULES): Totals | null {
  if (!rules.periods.rollsUpToYear) return contributionOf(r.quarters.Y?.counted, rules);
  const STOCK_CODES = rules.stockCodes;
  const MEAN_CODES = rules.meanCodes;
  const q = r.quarters;
  const counted = [q['1']?.counted, q['2']?.counted, q['3']?.counted, q['4']?.counted];
  let latest: Values | null = null;
  for (let i = 3; i >= 0 && !latest; i--) latest = counted[i] ?? null;
  if (!latest) return null;
  const t = emptyTotals();
  t.reportingBases = 1n;
  // Flows are summed as doubles while every partial sum is a safe integer (each addition was
  // then exact), else as bigints; `for…in`, not Object.entries: a year's bulletin runs this for
  // 2,000 rollups, and the pairs' allocation was most of its cost.
  const flows: Record<string, number> = {};
  let safe = true;
  for (const c of counted) {
    if (!c) continue;
    for (const code in c) {
      if (STOCK_CODES.has(code)) continue;
      const sum = (flows[code] ?? 0) + c[code]!;
      if (!Number.isSafeInteger(sum)) safe = false;
      flows[code] = sum;
    }
  }
  if (safe) for (const code in flows) t.values[code] = BigInt(flows[code]!);
  else
    for (const c of counted) {
      if (!c) continue;
      for (const code in c) if (!STOCK_CODES.has(code)) t.values[code] = (t.values[code] ?? 0n) + BigInt(c[code]!);
    }
  for (const code in latest) {
    if (!STOCK_CODES.has(code)) continue;
    const v = BigInt(latest[code]!);
    t.values[code] = v;
    if (MEAN_CODES.has(code)) t.means[code] = { sum: v, count: 1n };
  }
  return t;
}

export interface QuarterChange {
  period: string;
  rev: number;
  counted: Values | null;
  /** The filing's `late` at this revision (false for a removed filing). */
  late: boolean;
}

/**
 * The scopes an entity counts in: the same for every period, or per period — the registry
 * attributes in force then (shared/registry-history.ts), so a later change never moves an
 * earlier period. A year counts under the scopes of the year itself (its end-of-year state).
 */
export type Scopes = readonly string[] | ((period: string) => string[]);
const scopesAt = (s: Scopes, period: string): string[] => (typeof s === 'function' ? s(period) : [...s]);

/**
 * Applies a filing's state to a rollup. Returns false (and changes nothing) when the rollup
 * already holds this or a newer revision with the same scopes.
 */
export function applyQuarterChange(r: Rollup, change: QuarterChange, scopes: Scopes, deltas: DeltaSet, rules: AggregationRules = BASE_RULES): boolean {
  if (!rules.periods.isFiling(change.period) || yearOf(change.period) !== r.year) throw new Error(`period ${change.period} is not in ${r.year}`);
  const q = rules.periods.slot(change.period);
  const prev = r.quarters[q];
  if (prev && prev.rev >= change.rev) return false;
  const yearBefore = yearContribution(r, rules);
  const now = scopesAt(scopes, change.period);
  deltas.add(change.period, prev?.scopes ?? [], contributionOf(prev?.counted, rules), -1n);
  r.quarters[q] = { rev: change.rev, counted: change.counted, scopes: now, late: change.late };
  deltas.add(change.period, now, contributionOf(change.counted, rules), 1n);
  moveYear(r, yearBefore, scopes, deltas, rules);
  return true;
}

/**
 * Moves each contribution of the rollup whose scopes in force changed (the entity's city, level,
 * cohort or tier changed, from some period on): only the periods whose scopes differ move.
 */
export function rescopeRollup(r: Rollup, scopes: Scopes, deltas: DeltaSet, rules: AggregationRules = BASE_RULES): boolean {
  let changed = false;
  const yearBefore = yearContribution(r, rules);
  for (const [q, st] of Object.entries(r.quarters)) {
    const period = slotPeriod(r.year, q);
    const now = scopesAt(scopes, period);
    if (!st || sameScopes(st.scopes, now)) continue;
    const c = contributionOf(st.counted, rules);
    deltas.add(period, st.scopes, c, -1n);
    deltas.add(period, now, c, 1n);
    st.scopes = now;
    changed = true;
  }
  if (!rules.periods.rollsUpToYear) return changed;
  const yearNow = yearContribution(r, rules) ? scopesAt(scopes, String(r.year)) : [];
  if (!sameScopes(r.yearScopes, yearNow)) changed = true;
  moveYear(r, yearBefore, scopes, deltas, rules);
  return changed;
}

/** Moves the year's contribution of a quarterly rollup (a year-only program has none: its year is the filing). */
function moveYear(r: Rollup, before: Totals | null, scopes: Scopes, deltas: DeltaSet, rules: AggregationRules) {
  if (!rules.periods.rollsUpToYear) return;
  const period = String(r.year);
  deltas.add(period, r.yearScopes, before, -1n);
  const after = yearContribution(r, rules);
  r.yearScopes = after ? scopesAt(scopes, period) : [];
  deltas.add(period, r.yearScopes, after, 1n);
}

const sameScopes = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((s, i) => s === b[i]);

// ---- recomputation from filings (reconcile, tests) ----------------------------------------

export interface CountedFiling {
  baseId: string;
  period: string;
  counted: Values | null;
}

/**
 * Recomputes aggregates for the quarters and years the filings cover, independently of the
 * incremental path: quarters by summing contributions, years by taking each base's quarters.
 */
export function recompute(
  filings: readonly CountedFiling[],
  scopesByBase: ReadonlyMap<string, string[]> | ((baseId: string, period: string) => string[]),
  rules: AggregationRules = BASE_RULES,
): Map<string, ScopedTotals> {
  const scopesOfBase = (id: string, period: string) => (typeof scopesByBase === 'function' ? scopesByBase(id, period) : (scopesByBase.get(id) ?? []));
  const out = new Map<string, ScopedTotals>();
  const add = (period: string, scopes: readonly string[], c: Totals | null) => {
    if (!c) return;
    const scoped = out.get(period) ?? {};
    out.set(period, scoped);
    for (const s of scopes) addTotals((scoped[s] ??= emptyTotals()), c);
  };
  const byBaseYear = new Map<string, CountedFiling[]>();
  for (const f of filings) {
    add(f.period, scopesOfBase(f.baseId, f.period), contributionOf(f.counted, rules));
    if (!rules.periods.rollsUpToYear) continue;
    const key = `${f.baseId}\u0000${yearOf(f.period)}`;
    byBaseYear.set(key, [...(byBaseYear.get(key) ?? []), f]);
  }
  for (const [key, fs] of byBaseYear) {
    const [baseId, year] = key.split('\u0000') as [string, string];
    const counted = fs.filter((f) => f.counted).sort((a, b) => quarterOf(a.period) - quarterOf(b.period));
    if (!counted.length) continue;
    const t = emptyTotals();
    t.reportingBases = 1n;
    const latest = counted[counted.length - 1]!.counted!;
    for (const f of counted)
      for (const [code, v] of Object.entries(f.counted!)) if (!rules.stockCodes.has(code)) t.values[code] = (t.values[code] ?? 0n) + BigInt(v);
    for (const [code, v] of Object.entries(latest))
      if (rules.stockCodes.has(code)) {
        t.values[code] = BigInt(v);
        if (rules.meanCodes.has(code)) t.means[code] = { sum: BigInt(v), count: 1n };
      }
    add(year, scopesOfBase(baseId, year), t);
  }
  return out;
}

/** Field-by-field differences between two aggregates ("drift"), for reconcile and tests. */
export function diffScoped(actual: ScopedTotals, expected: ScopedTotals): string[] {
  const diffs: string[] = [];
  const norm = (t: Totals | undefined) => t ?? emptyTotals();
  for (const s of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    const a = norm(actual[s]);
    const e = norm(expected[s]);
    if (a.reportingBases !== e.reportingBases) diffs.push(`${s} reportingBases: ${a.reportingBases} ≠ ${e.reportingBases}`);
    for (const code of new Set([...Object.keys(a.values), ...Object.keys(e.values)])) {
      const av = a.values[code] ?? 0n;
      const ev = e.values[code] ?? 0n;
      if (av !== ev) diffs.push(`${s} ${code}: ${av} ≠ ${ev}`);
    }
    for (const code of new Set([...Object.keys(a.means), ...Object.keys(e.means)])) {
      const am = a.means[code] ?? { sum: 0n, count: 0n };
      const em = e.means[code] ?? { sum: 0n, count: 0n };
      if (am.sum !== em.sum || am.count !== em.count) diffs.push(`${s} mean ${code}: ${am.sum}/${am.count} ≠ ${em.sum}/${em.count}`);
    }
  }
  return diffs;
}

// ---- encoding (bigint-safe) -------------------------------------------------------------

type EncodedTotals = { n: string; v: Record<string, string>; m: Record<string, [string, string]> };

export function encodeScoped(t: ScopedTotals): string {
  const out: Record<string, EncodedTotals> = {};
  for (const [s, x] of Object.entries(t)) {
    out[s] = {
      n: x.reportingBases.toString(),
      v: Object.fromEntries(Object.entries(x.values).map(([k, v]) => [k, v.toString()])),
      m: Object.fromEntries(Object.entries(x.means).map(([k, m]) => [k, [m.sum.toString(), m.count.toString()]])),
    };
  }
  return JSON.stringify(out);
}

export function decodeScoped(json: string | undefined | null): ScopedTotals {
  if (!json) return {};
  const raw = JSON.parse(json) as Record<string, EncodedTotals>;
  const out: ScopedTotals = {};
  for (const [s, x] of Object.entries(raw)) {
    out[s] = {
      reportingBases: BigInt(x.n),
      values: Object.fromEntries(Object.entries(x.v).map(([k, v]) => [k, BigInt(v)])),
      means: Object.fromEntries(Object.entries(x.m).map(([k, [sum, count]]) => [k, { sum: BigInt(sum), count: BigInt(count) }])),
    };
  }
  return out;
}
