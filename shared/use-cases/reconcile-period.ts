// Reconcile: recompute a period's aggregates from the current filings, report any drift from
// the live aggregate items, and optionally repair them (with the year's rollups).

import { splitScoped } from '../aggregate-parts';
import { diffScoped, type Rollup, recompute, type ScopedTotals, yearContribution } from '../aggregation';
import { countedOf } from '../filing';
import { isQuarter, quartersOfYear, yearOf } from '../periods';
import { type AnyProgram, BASES } from '../program';
import { getAggregateParts } from '../store/aggregate-parts';
import { getRollups, overwriteAggregation, rollupKey } from '../store/aggregates';
import { listDeadLetters } from '../store/dead-letters';
import { listFilings } from '../store/filings';
import { listEntities } from '../store/registry';

export interface ReconcileReport {
  program: AnyProgram['id'];
  period: string;
  periods: Array<{ period: string; reportingBases: string; drift: string[] }>;
  drift: number;
  deadLetters: Array<{ id: string; reason: string }>;
  /** Filing items whose counted values are not integers (written around the API); left out. */
  malformed: string[];
  repaired: boolean;
}

const integers = (x: unknown) => x === null || x === undefined || (typeof x === 'object' && !Array.isArray(x) && Object.values(x).every(Number.isSafeInteger));
const wellFormed = (f: { countedRev?: unknown; counted?: unknown; countedDerived?: unknown }) =>
  Number.isInteger(f.countedRev) && integers(f.counted) && integers(f.countedDerived);

export async function reconcilePeriod(period: string, opts: { repair?: boolean; program?: AnyProgram } = {}): Promise<ReconcileReport> {
  const program: AnyProgram = opts.program ?? BASES;
  const tag = program.tag;
  const year = yearOf(period);
  // A year-only program files the year itself; quarters roll up into their year.
  const quarters = program.periods.rollsUpToYear ? quartersOfYear(year) : [];
  // A quarter needs only itself; a year (and any repair, since rollups are per year) all four.
  const readQuarters = !program.periods.rollsUpToYear ? [String(year)] : isQuarter(period) && !opts.repair ? [period] : quarters;
  const bases = await listEntities<{ updatedAt: string }>(program);
  const ids = bases.map((b) => program.idOf(b));
  const filingLists = await Promise.all(readQuarters.map((q) => listFilings(q, ids, tag)));
  const all = filingLists.flat();
  const filings = all.filter(wellFormed);
  const malformed = all.filter((f) => !wellFormed(f)).map((f) => `${f.period} ${f.baseId}`);
  // Each period under the registry attributes in force then (SPEC §11).
  const byId = new Map(bases.map((b) => [program.idOf(b), b]));
  const scopesAt = (id: string, period: string): string[] => {
    const e = byId.get(id);
    return e ? program.scopesOf(program.asOf(e, period)) : ['all'];
  };
  const expected = recompute(
    filings.map((f) => ({ baseId: f.baseId, period: f.period, counted: countedOf(f) })),
    scopesAt,
    program,
  );
  const checked = isQuarter(period) ? [period] : [...quarters, String(year)];
  // Every scope of a period, from its items (a national deployment splits them by province).
  const actual = await getAggregateParts(opts.repair ? [...quarters, String(year)] : checked, tag);
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
      r.quarters[program.periods.slot(f.period)] = { rev: f.countedRev, counted: countedOf(f), scopes: scopesAt(f.baseId, f.period), late: f.late === true };
      byBase.set(f.baseId, r);
    }
    const existing = await getRollups(
      [...new Set([...byBase.keys(), ...ids])].map((baseId) => ({ baseId, year })),
      tag,
    );
    const rollups = [...new Set([...byBase.keys(), ...[...existing.values()].map((r) => r.rollup.baseId)])].map((baseId) => {
      const r = byBase.get(baseId) ?? { baseId, year, quarters: {}, yearScopes: [] };
      r.yearScopes = program.periods.rollsUpToYear && yearContribution(r, program) ? scopesAt(baseId, String(year)) : [];
      return { rollup: r, rev: (existing.get(rollupKey(baseId, year))?.rev ?? 0) + 1 };
    });
    const aggregates = [...quarters, String(year)].flatMap((p) =>
      [...splitScoped(p, expected.get(p) ?? ({} as ScopedTotals))].map(([key, scoped]) => ({
        period: key,
        scoped,
        rev: (actual.get(p)?.parts.get(key)?.rev ?? 0) + 1,
      })),
    );
    await overwriteAggregation(rollups, aggregates, new Date().toISOString(), tag);
    repaired = true;
  }
  const dead = await listDeadLetters();
  return { program: program.id, period, periods, drift, deadLetters: dead.map((d) => ({ id: d.id, reason: d.reason })), malformed, repaired };
}
