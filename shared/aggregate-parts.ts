// Where a scope's totals are kept: the aggregate item of a period, split by province in a
// national deployment (README "National deployment", capacity plan). Pure: no I/O.
//
// A single-province deployment keeps every scope of a period in ONE item (sk `2021Q1`), as
// always. In a national one that item would hold `all`, 31 provinces, ~340 cities, the levels
// and the cohorts: ≈ 1.4 KB a scope, ≈ 530 KB — over DynamoDB's 400 KB item limit. So the
// qualified city scopes (`city:湖南省/长沙市`) live in one item per province and period
// (sk `2021Q1#湖南省`, ≤ 21 cities, ≈ 30 KB) and the period's item keeps the national ones
// (`all`, `province:…`, `level:…`, `cohort:…`: ≈ 36 scopes, ≈ 50 KB). A batch of filings from
// one province writes the period's item and that province's item; the national bulletin reads
// only the period's item.

import { applyScoped, type DeltaSet, type ScopedTotals } from './aggregation';
import { isNationalInForce } from './province';
import { CHINA_PROVINCES } from './provinces-cn';

const SEP = '#';

/** The aggregate item (its period key) that holds `scope` of `period`. */
export function aggregatePartKey(period: string, scope: string): string {
  if (!isNationalInForce() || !scope.startsWith('city:')) return period;
  const i = scope.indexOf('/');
  return i > 0 ? `${period}${SEP}${scope.slice(5, i)}` : period;
}

/** A part key's period (`2021Q1#湖南省` → 2021Q1). */
export const periodOfPartKey = (key: string) => {
  const i = key.indexOf(SEP);
  return i < 0 ? key : key.slice(0, i);
};

/** Every item a period's aggregates may be kept in: the period's own, then one per province (national). */
export const partKeysOf = (period: string): string[] => (isNationalInForce() ? [period, ...CHINA_PROVINCES.map((p) => `${period}${SEP}${p.name}`)] : [period]);

/** Re-keys a batch's deltas from periods to the items that hold them (no-op for one province). */
export function splitDeltaParts(deltas: DeltaSet): void {
  if (!isNationalInForce()) return;
  const byPart = new Map<string, ScopedTotals>();
  for (const [period, scoped] of deltas.byPeriod)
    for (const [scope, t] of Object.entries(scoped)) {
      const key = aggregatePartKey(period, scope);
      let part = byPart.get(key);
      if (!part) byPart.set(key, (part = {}));
      part[scope] = t;
    }
  deltas.byPeriod.clear();
  for (const [k, v] of byPart) deltas.byPeriod.set(k, v);
}

/** Splits a period's totals into its items (reconcile --repair). */
export function splitScoped(period: string, scoped: ScopedTotals): Map<string, ScopedTotals> {
  const out = new Map<string, ScopedTotals>(partKeysOf(period).map((k) => [k, {}]));
  for (const [scope, t] of Object.entries(scoped)) {
    const k = aggregatePartKey(period, scope);
    if (!out.has(k)) out.set(k, {});
    out.get(k)![scope] = t;
  }
  return out;
}

/** Merges a period's items back into one scoped total (scopes never repeat across items). */
export function mergeParts(parts: Iterable<ScopedTotals>): ScopedTotals {
  const out: ScopedTotals = {};
  for (const p of parts) applyScoped(out, structuredClone(p));
  return out;
}
