// Reconcile: recompute a period's aggregates from the current filings, report any drift from
// the live aggregate items, and optionally repair them (with the year's rollups).

import { diffScoped, recompute, scopesOf, yearContribution, type Rollup, type ScopedTotals } from '../aggregation';
import { isQuarter, quartersOfYear, yearOf } from '../periods';
import { getAggregates, getRollups, overwriteAggregation, rollupKey } from '../store/aggregates';
import { listDeadLetters } from '../store/dead-letters';
import { listFilings } from '../store/filings';
import { listBases } from '../store/registry';

export interface ReconcileReport {
  period: string;
  periods: Array<{ period: string; reportingBases: string; drift: string[] }>;
  drift: number;
  deadLetters: Array<{ id: string; reason: string }>;
  /** Filing items whose counted values are not integers (written around the API); left out. */
  malformed: string[];
  repaired: boolean;
}

const wellFormed = (f: { countedRev?: unknown; counted?: unknown }) =>
  Number.isInteger(f.countedRev) &&
  (f.counted === null || f.counted === undefined || (typeof f.counted === 'object' && !Array.isArray(f.counted) && Object.values(f.counted).every(Number.isSafeInteger)));

export async function reconcilePeriod(period: string, opts: { repair?: boolean } = {}): Promise<ReconcileReport> {
  const year = yearOf(period);
  const quarters = quartersOfYear(year);
  // A quarter needs only itself; a year (and any repair, since rollups are per year) all four.
  const readQuarters = isQuarter(period) && !opts.repair ? [period] : quarters;
  const bases = await listBases();
  const ids = bases.map((b) => b.baseId);
  const filingLists = await Promise.all(readQuarters.map((q) => listFilings(q, ids)));
  const all = filingLists.flat();
  const filings = all.filter(wellFormed);
  const malformed = all.filter((f) => !wellFormed(f)).map((f) => `${f.period} ${f.baseId}`);
  const scopes = new Map(bases.map((b) => [b.baseId, scopesOf(b)]));
  const expected = recompute(filings.map((f) => ({ baseId: f.baseId, period: f.period, counted: f.counted })), scopes);
  const checked = isQuarter(period) ? [period] : [...quarters, period];
  const actual = await getAggregates(opts.repair ? [...quarters, String(year)] : checked);
  const periods = checked.map((p) => ({
    period: p,
    reportingBases: String(expected.get(p)?.all?.reportingBases ?? 0n),
    drift: diffScoped(actual.get(p)?.scoped ?? {}, expected.get(p) ?? {}),
  }));
  const drift = periods.reduce((n, p) => n + p.drift.length, 0);

  let repaired = false;
  if (opts.repair && drift > 0) {
    // Rebuild each base's rollup from its filings, then the aggregates from the same data.
    const byBase = new Map<string, Rollup>();
    for (const f of filings) {
      const r = byBase.get(f.baseId) ?? { baseId: f.baseId, year, quarters: {}, yearScopes: [] };
      const s = scopes.get(f.baseId) ?? ['all'];
      r.quarters[String(Number(f.period.slice(5))) as '1'] = { rev: f.countedRev, counted: f.counted, scopes: s };
      byBase.set(f.baseId, r);
    }
    const existing = await getRollups([...new Set([...byBase.keys(), ...bases.map((b) => b.baseId)])].map((baseId) => ({ baseId, year })));
    const rollups = [...new Set([...byBase.keys(), ...[...existing.values()].map((r) => r.rollup.baseId)])].map((baseId) => {
      const r = byBase.get(baseId) ?? { baseId, year, quarters: {}, yearScopes: [] };
      r.yearScopes = yearContribution(r) ? (scopes.get(baseId) ?? ['all']) : [];
      return { rollup: r, rev: (existing.get(rollupKey(baseId, year))?.rev ?? 0) + 1 };
    });
    const aggregates = [...quarters, String(year)].map((p) => ({
      period: p,
      scoped: expected.get(p) ?? ({} as ScopedTotals),
      rev: (actual.get(p)?.rev ?? 0) + 1,
    }));
    await overwriteAggregation(rollups, aggregates, new Date().toISOString());
    repaired = true;
  }
  const dead = await listDeadLetters();
  return { period, periods, drift, deadLetters: dead.map((d) => ({ id: d.id, reason: d.reason })), malformed, repaired };
}
