// The demo province (local/demo-data.ts): every filing passes validation, the aggregates
// recomputed from the filings equal DEMO_TARGETS exactly, and those reproduce the seeds'
// printed figures, growth rates, shares and averages (with the seeds' own inconsistencies
// named, not papered over).

import { describe, expect, it } from 'vitest';
import {
  baseBody,
  DEMO_QUARTERS,
  DEMO_RANKINGS_2017,
  DEMO_SEED_CHECKS,
  DEMO_TARGETS,
  type DemoTarget,
  demoDataset,
  demoSchedule,
  displayOfTarget,
  distribute,
  evaluateSeedCheck,
  normalisePrinted,
} from '../../local/demo-data';
import { isStockCode, recompute, type ScopedTotals, scopesOf } from '../../shared/aggregation';
import { fieldMapForPeriod, fieldsForPeriod } from '../../shared/catalog';
import { formatDecimal } from '../../shared/decimal';
import { previousQuarter, quartersOfYear } from '../../shared/periods';
import { BASE_ID, baseInputSchema, HUNAN_CITIES, isActiveIn } from '../../shared/registry';
import { scheduleInputSchema } from '../../shared/schedule';
import { validateValues, warningsFor } from '../../shared/validation';

const { bases, filings } = demoDataset();
const scopesByBase = new Map(bases.map((b) => [b.baseId, scopesOf(b)]));
const aggregates: Map<string, ScopedTotals> = recompute(
  filings.map((f) => ({ baseId: f.baseId, period: f.period, counted: f.values })),
  scopesByBase,
);
const filingAt = new Map(filings.map((f) => [`${f.baseId}|${f.period}`, f]));

function actual(t: DemoTarget): { value: bigint | undefined; count?: bigint } {
  const s = aggregates.get(t.period)?.[t.scope];
  if (t.kind === 'bases') return { value: s?.reportingBases };
  if (t.kind === 'mean') return { value: s?.means[t.code]?.sum, count: s?.means[t.code]?.count };
  return { value: s?.values[t.code] };
}

describe('demo registry', () => {
  it('has 102 bases in 2017 (71 第一批), 71 in 2016 and 83 in 2020, each active exactly where it files', () => {
    expect(bases).toHaveLength(114);
    for (const b of bases) {
      expect(b.baseId).toMatch(BASE_ID);
      expect(baseInputSchema.safeParse(baseBody(b)).success).toBe(true);
    }
    expect(new Set(bases.map((b) => b.name)).size).toBe(bases.length);
    const filers = (year: number) => new Set(filings.filter((f) => f.period.startsWith(String(year))).map((f) => f.baseId));
    expect(filers(2016).size).toBe(71);
    expect(filers(2017).size).toBe(102);
    expect(filers(2020).size).toBe(83);
    expect([...filers(2016)].every((id) => bases.find((b) => b.baseId === id)!.cohort === '第一批')).toBe(true);
    expect(bases.filter((b) => b.cohort === '第一批')).toHaveLength(71);
    // Completeness is right: a base is expected in a loaded quarter exactly when it filed it.
    for (const b of bases) for (const q of DEMO_QUARTERS) expect(isActiveIn(b, q), `${b.baseId} ${q}`).toBe(filingAt.has(`${b.baseId}|${q}`));
    // Continuing and new bases in 2020, spread over all 14 cities and both levels.
    const continuing = [...filers(2020)].filter((id) => filers(2017).has(id));
    expect(continuing.length).toBeGreaterThan(50);
    expect(continuing.length).toBeLessThan(83);
    expect(new Set(bases.map((b) => b.city))).toEqual(new Set(HUNAN_CITIES));
    const national2020 = bases.filter((b) => b.level === 'national' && filers(2020).has(b.baseId));
    expect(national2020.length).toBeGreaterThanOrEqual(8);
  });

  it('has a filing window in the real calendar for every loaded quarter', () => {
    for (const q of DEMO_QUARTERS) expect(scheduleInputSchema.safeParse(demoSchedule(q)).success, q).toBe(true);
    expect(demoSchedule('2020Q4')).toEqual({ opensAt: '2020-12-20T00:00:00+08:00', dueAt: '2021-01-10T23:59:59+08:00', closesAt: '2021-01-31T23:59:59+08:00' });
  });
});

describe('demo filings', () => {
  it('file all four quarters per base and year', () => {
    expect(filings).toHaveLength(71 * 4 + 102 * 4 + 83 * 4);
    for (const f of filings)
      if (f.period.endsWith('Q1')) for (const q of quartersOfYear(f.period.slice(0, 4))) expect(filingAt.has(`${f.baseId}|${q}`)).toBe(true);
  });

  it('pass every validation rule on submit, typed as decimal strings in form units', () => {
    for (const f of filings) {
      const fields = fieldMapForPeriod(f.period);
      expect(Object.keys(f.values).sort()).toEqual(
        fieldsForPeriod(f.period)
          .map((x) => x.code)
          .sort(),
      );
      const typed = Object.fromEntries(Object.entries(f.values).map(([code, v]) => [code, formatDecimal(v, fields.get(code)!.dp)]));
      const r = validateValues(f.period, typed, 'submitted');
      if (!r.ok) throw new Error(`${f.baseId} ${f.period}: ${JSON.stringify(r.errors)}`);
      expect(r.values).toEqual(f.values);
    }
  });

  it('move less than 10× between quarters, so confirmWarnings is practically never needed', () => {
    const warned = filings.filter((f) => {
      const prev = filingAt.get(`${f.baseId}|${previousQuarter(f.period)}`);
      return Object.keys(warningsFor(f.period, f.values, prev?.values)).length > 0;
    });
    expect(warned.length).toBeLessThanOrEqual(filings.length / 100);
  });

  it('include a few losses (利润总额 may be negative) and nothing else negative', () => {
    const negatives = filings.flatMap((f) =>
      Object.entries(f.values)
        .filter(([, v]) => v < 0)
        .map(([code]) => code),
    );
    expect(negatives.length).toBeGreaterThan(0);
    expect(new Set(negatives)).toEqual(new Set(['enterpriseProfit']));
  });
});

describe('DEMO_TARGETS', () => {
  it('are equalled exactly by the aggregates recomputed from the filings', () => {
    const diffs = DEMO_TARGETS.flatMap((t) => {
      const a = actual(t);
      const ok = a.value === t.expected && (t.kind !== 'mean' || a.count === t.count);
      return ok
        ? []
        : [`${t.period} ${t.scope} ${t.code}: expected ${t.expected}${t.count ? `/${t.count}` : ''}, got ${a.value}${a.count ? `/${a.count}` : ''}`];
    });
    expect(diffs).toEqual([]);
    expect(DEMO_TARGETS.length).toBeGreaterThan(150);
  });

  it('reproduce each printed seed figure at its printed precision and unit', () => {
    const seeded = DEMO_TARGETS.filter((t) => t.seed);
    expect(seeded.length).toBeGreaterThan(130);
    for (const t of seeded)
      expect(displayOfTarget(t), `${t.period} ${t.scope} ${t.code} (${t.seed!.source})`).toBe(normalisePrinted(t.seed!.printed, t.seed!.dp));
  });

  it('are unique and make 2020 flows the sum of their quarters', () => {
    const keys = DEMO_TARGETS.map((t) => `${t.period}|${t.scope}|${t.code}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of DEMO_TARGETS.filter((x) => x.period === '2020Q3' && x.kind === 'total')) {
      const sum = quartersOfYear(2020).reduce((s, q) => s + DEMO_TARGETS.find((x) => x.period === q && x.code === t.code)!.expected, 0n);
      expect(sum, t.code).toBe(DEMO_TARGETS.find((x) => x.period === '2020' && x.scope === 'all' && x.code === t.code)!.expected);
      expect(isStockCode(t.code)).toBe(false);
    }
  });

  it('make 2016 the cohort alone', () => {
    expect(aggregates.get('2016')!.all).toEqual(aggregates.get('2016')!['cohort:第一批']);
  });
});

describe('the seeds’ derived figures', () => {
  const consistent = DEMO_SEED_CHECKS.filter((c) => !(c.kind === 'growth' && c.inconsistent));

  it.each(consistent.map((c) => [`${c.source} ${c.label} = ${c.printed}`, c] as const))('%s', (_, c) => {
    const r = evaluateSeedCheck(c);
    expect(r.got).toBe(r.printed);
  });

  it('name the one printed growth rate no exact totals can give (001 附件2 平均售价 1.1%)', () => {
    const bad = DEMO_SEED_CHECKS.filter((c) => c.kind === 'growth' && c.inconsistent);
    expect(bad.map((c) => c.label)).toEqual(['第一批 平均售价 增长率']);
    expect(evaluateSeedCheck(bad[0]!)).toEqual({ got: '1.3%', printed: '1.1%' });
  });

  it('document that 001’s averages mix truncation and rounding', () => {
    const averages = DEMO_SEED_CHECKS.filter((c) => c.kind === 'average');
    expect(averages.length).toBe(37);
    expect(averages.some((c) => c.kind === 'average' && c.mode === 'trunc')).toBe(true);
    // Where the printed figure is truncated, rounding would print something else (so the mode is needed).
    for (const c of averages) {
      if (c.kind !== 'average' || c.mode !== 'trunc') continue;
      expect(evaluateSeedCheck({ ...c, mode: 'round' }).got, c.label).not.toBe(c.printed);
    }
  });
});

describe('001’s text rankings', () => {
  const ids2017 = bases.filter((b) => filingAt.has(`${b.baseId}|2017Q4`)).map((b) => b.baseId);
  const yearValue = (id: string, year: string, codes: readonly string[]): bigint | undefined => {
    const qs = quartersOfYear(year).map((q) => filingAt.get(`${id}|${q}`));
    if (qs.some((q) => !q)) return undefined;
    return codes.reduce((s, c) => s + (isStockCode(c) ? BigInt(qs[3]!.values[c]!) : qs.reduce((a, q) => a + BigInt(q!.values[c]!), 0n)), 0n);
  };

  it.each(DEMO_RANKINGS_2017.map((r) => [r.label, r] as const))('%s', (_, r) => {
    const score = ids2017
      .map((id) => {
        const now = yearValue(id, '2017', r.codes)!;
        const before = r.increase ? yearValue(id, '2016', r.codes) : 0n;
        return [id, before === undefined ? -1n : now - before] as const;
      })
      .sort((a, b) => (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
    expect(score.slice(0, r.top.length).map((x) => x[0])).toEqual(r.top);
    expect(score[r.top.length]![1]).toBeLessThan(score[r.top.length - 1]![1]);
  });

  it('keep the figures the text prints for named bases', () => {
    expect(yearValue('cd-lidong', '2017', ['buildingArea'])! - yearValue('cd-lidong', '2016', ['buildingArea'])!).toBeGreaterThan(500000n); // 50多万平方米
    expect(yearValue('sy-jkq', '2017', ['standardFactoryArea'])).toBe(525000n); // 52.5万平方米
    expect(yearValue('xt-tianyi', '2017', ['standardFactoryArea'])).toBe(362600n); // 36.26万平方米
    expect(yearValue('cs-desiqin', '2017', ['residentEnterprises'])).toBe(458n);
    expect(yearValue('xt-xiangxiang', '2017', ['thirdPartyProviders'])).toBe(26n); // 比上年新增10家,增长率62.5%
    expect(yearValue('xt-xiangxiang', '2016', ['thirdPartyProviders'])).toBe(16n);
  });
});

describe('distribute', () => {
  it('splits exactly, proportionally, within caps', () => {
    expect(distribute(10n, [1n, 1n, 1n])).toEqual([4n, 3n, 3n]);
    expect(distribute(100n, [1n, 1n, 8n], [undefined, undefined, 50n])).toEqual([25n, 25n, 50n]);
    expect(distribute(0n, [0n, 0n])).toEqual([0n, 0n]);
    expect(() => distribute(10n, [1n, 1n], [2n, 2n])).toThrow();
  });
});
