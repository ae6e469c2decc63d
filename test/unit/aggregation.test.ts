import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyQuarterChange,
  applyScoped,
  DeltaSet,
  decodeScoped,
  diffScoped,
  emptyRollup,
  encodeScoped,
  type Rollup,
  recompute,
  rescopeRollup,
  type ScopedTotals,
  scopesOf,
  yearContribution,
} from '../../shared/aggregation';
import type { Values } from '../../shared/validation';

const scopesA = scopesOf({ city: '长沙市', level: 'national', cohort: '第一批' });
const scopesB = scopesOf({ city: '株洲市', level: 'provincial' });

describe('yearContribution (SPEC §2)', () => {
  it('sums flows over counted quarters and takes stocks and means from the latest', () => {
    const r: Rollup = emptyRollup('b1', 2020);
    const d = new DeltaSet();
    applyQuarterChange(r, { period: '2020Q1', rev: 1, counted: { operatorRevenue: 100, buildingArea: 10, avgRent: 1500 }, late: false }, scopesA, d);
    applyQuarterChange(r, { period: '2020Q3', rev: 1, counted: { operatorRevenue: 50, buildingArea: 30, avgRent: 1700 }, late: false }, scopesA, d);
    applyQuarterChange(r, { period: '2020Q2', rev: 1, counted: null, late: false }, scopesA, d); // a draft only
    const y = yearContribution(r)!;
    expect(y.reportingBases).toBe(1n);
    expect(y.values.operatorRevenue).toBe(150n);
    expect(y.values.buildingArea).toBe(30n);
    expect(y.means.avgRent).toEqual({ sum: 1700n, count: 1n });
  });
  it('contributes nothing without a counted quarter', () => {
    expect(yearContribution(emptyRollup('b', 2020))).toBeNull();
  });
  it('sums flows exactly beyond 2^53 (each quarter a safe integer, the year not)', () => {
    const r: Rollup = emptyRollup('b1', 2020);
    const max = Number.MAX_SAFE_INTEGER; // 2^53 − 1
    for (const q of [1, 2, 3])
      applyQuarterChange(r, { period: `2020Q${q}`, rev: 1, counted: { operatorRevenue: max, buildingArea: q }, late: false }, scopesA, new DeltaSet());
    const y = yearContribution(r)!;
    expect(y.values.operatorRevenue).toBe(3n * BigInt(max));
    expect(y.values.buildingArea).toBe(3n);
  });
});

describe('applyQuarterChange', () => {
  it('moves totals by exactly a correction’s difference and ignores stale revisions', () => {
    const r = emptyRollup('b1', 2020);
    const d1 = new DeltaSet();
    expect(applyQuarterChange(r, { period: '2020Q1', rev: 1, counted: { operatorRevenue: 100 }, late: false }, scopesA, d1)).toBe(true);
    const d2 = new DeltaSet();
    expect(applyQuarterChange(r, { period: '2020Q1', rev: 2, counted: { operatorRevenue: 130 }, late: false }, scopesA, d2)).toBe(true);
    expect(d2.byPeriod.get('2020Q1')!.all!.values.operatorRevenue).toBe(30n);
    expect(d2.byPeriod.get('2020Q1')!.all!.reportingBases).toBe(0n);
    expect(d2.byPeriod.get('2020')!.all!.values.operatorRevenue).toBe(30n);
    const d3 = new DeltaSet();
    expect(applyQuarterChange(r, { period: '2020Q1', rev: 2, counted: { operatorRevenue: 130 }, late: false }, scopesA, d3)).toBe(false);
    expect(applyQuarterChange(r, { period: '2020Q1', rev: 1, counted: { operatorRevenue: 100 }, late: false }, scopesA, d3)).toBe(false);
    expect(d3.byPeriod.size).toBe(0);
  });
});

describe('encodeScoped', () => {
  it('round-trips sums beyond 2^53 exactly', () => {
    const t: ScopedTotals = { all: { reportingBases: 3n, values: { x: 2n ** 60n + 1n, y: -5n }, means: { avgRent: { sum: 10n, count: 2n } } } };
    expect(decodeScoped(encodeScoped(t))).toEqual(t);
  });
});

// Property: whatever order, duplication and interleaving the changes arrive in, applying them
// to rollups yields aggregates equal to a recomputation from each filing's final state.
describe('exactness under redelivery, reordering and rescoping', () => {
  const bases = ['b1', 'b2', 'b3', 'b4'];
  const quarters = ['2020Q1', '2020Q2', '2020Q3', '2020Q4'];
  const valuesArb = fc.option(
    fc.record({
      operatorRevenue: fc.integer({ min: 0, max: 10 ** 12 }),
      enterpriseProfit: fc.integer({ min: -(10 ** 12), max: 10 ** 12 }),
      buildingArea: fc.integer({ min: 0, max: 10 ** 7 }),
      avgRent: fc.integer({ min: 0, max: 10 ** 5 }),
      'service.info.sessions': fc.integer({ min: 0, max: 1000 }),
    }),
    { nil: null },
  );
  const historyArb = fc.array(fc.record({ base: fc.constantFrom(...bases), period: fc.constantFrom(...quarters), counted: valuesArb }), {
    minLength: 1,
    maxLength: 40,
  });

  it('holds for arbitrary histories', () => {
    fc.assert(
      fc.property(historyArb, fc.array(fc.nat(), { maxLength: 60 }), fc.boolean(), (history, noise, moveB2) => {
        // Assign increasing revisions per filing, as the filing store does.
        const revs = new Map<string, number>();
        const changes = history.map((h) => {
          const k = `${h.base}|${h.period}`;
          const rev = (revs.get(k) ?? 0) + 1;
          revs.set(k, rev);
          return { ...h, rev };
        });
        // Deliver: each change at least once, some twice, shuffled across filings but, as a
        // DynamoDB stream guarantees, in order within one filing.
        const delivery = [...changes];
        for (const n of noise) delivery.splice(n % (delivery.length + 1), 0, changes[n % changes.length]!);
        let registry = new Map(bases.map((b, i) => [b, i % 2 ? scopesB : scopesA]));
        const rollups = new Map(bases.map((b) => [b, emptyRollup(b, 2020)]));
        const aggregates = new Map<string, ScopedTotals>();
        const flush = (d: DeltaSet) => {
          for (const [p, delta] of d.byPeriod) aggregates.set(p, applyScoped(aggregates.get(p) ?? {}, delta));
        };
        delivery.forEach((c, i) => {
          const d = new DeltaSet();
          applyQuarterChange(
            rollups.get(c.base)!,
            { period: c.period, rev: c.rev, counted: c.counted as Values | null, late: false },
            registry.get(c.base)!,
            d,
          );
          flush(d);
          if (moveB2 && i === Math.floor(delivery.length / 2)) {
            registry = new Map(registry).set('b2', scopesA);
            const d2 = new DeltaSet();
            rescopeRollup(rollups.get('b2')!, scopesA, d2);
            flush(d2);
          }
        });
        // Redelivery after the rescope must not move anything back.
        for (const c of changes) {
          const d = new DeltaSet();
          applyQuarterChange(
            rollups.get(c.base)!,
            { period: c.period, rev: c.rev, counted: c.counted as Values | null, late: false },
            registry.get(c.base)!,
            d,
          );
          flush(d);
        }
        const finalState = new Map<string, Values | null>();
        for (const c of changes) finalState.set(`${c.base}|${c.period}`, c.counted as Values | null);
        const expected = recompute(
          [...finalState].map(([k, counted]) => ({ baseId: k.split('|')[0]!, period: k.split('|')[1]!, counted })),
          registry,
        );
        for (const p of [...quarters, '2020']) expect(diffScoped(aggregates.get(p) ?? {}, expected.get(p) ?? {})).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
