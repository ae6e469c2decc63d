// The demo platform network (local/demo-platforms.ts) and the default county-level units
// (shared/platforms/divisions.ts): every figure of seed 003 is recomputed here from the dataset by
// small independent functions (not shared/platforms/network.ts), exactly, with bigint.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  COVERAGE_EXPLANATION,
  type DemoPlatform,
  type DemoTier,
  demoPlatformPlan,
  demoPlatforms,
  demoPlatformValues,
  PLATFORM_DEMO_FIELDS,
  PLATFORM_DEMO_TARGETS,
  PLATFORM_DEMO_TOTALS,
  PLATFORM_DEMO_YEAR,
} from '../../local/demo-platforms';
import { DEFAULT_DIVISIONS, divisionsInputSchema, EXTRA_UNIT } from '../../shared/platforms/divisions';
import { HUNAN_CITIES } from '../../shared/registry';

const YEAR = PLATFORM_DEMO_YEAR;
const platforms = demoPlatforms();
const values = demoPlatformValues();
const plan = demoPlatformPlan().cities;
const countyTier = platforms.filter((p) => p.tier === 'county');

/** a/b as a percentage with 2 decimals, rounded half up (as the seed prints rates). */
function percent(a: number, b: number): string {
  const hundredths = (BigInt(a) * 20000n + BigInt(b)) / (2n * BigInt(b)); // round(a·10000/b)
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}%`;
}

function completion() {
  const rows = HUNAN_CITIES.map((city) => {
    const built = countyTier.filter((p) => p.city === city && p.builtYear === YEAR);
    const planned = plan[city] ?? 0;
    const inPlan = built.filter((p) => p.inPlan).length;
    return { city, planned, built: built.length, inPlan, outPlan: built.length - inPlan, notDone: Math.max(0, planned - inPlan) };
  });
  const sum = (k: 'planned' | 'built' | 'inPlan' | 'outPlan' | 'notDone') => rows.reduce((a, r) => a + r[k], 0);
  return { rows, planned: sum('planned'), built: sum('built'), inPlan: sum('inPlan'), outPlan: sum('outPlan'), notDone: sum('notDone') };
}

function coverageOf() {
  const rows = HUNAN_CITIES.map((city) => {
    const units = DEFAULT_DIVISIONS[city]!;
    const active = countyTier.filter((p) => p.city === city && p.builtYear <= YEAR);
    const covered = units.filter((u) => active.some((p) => !p.park && p.county === u)).length;
    return { city, units: units.length, covered, built: active.length, full: units.length > 0 && covered === units.length };
  });
  const sum = (k: 'units' | 'covered' | 'built') => rows.reduce((a, r) => a + r[k], 0);
  return { rows, units: sum('units'), covered: sum('covered'), built: sum('built'), fullCities: rows.filter((r) => r.full).map((r) => r.city) };
}

/**
 * Activity places of a tier, exactly: index_p = (1/k)·Σ_f v_pf / (T_f/n) over the k fields with
 * T_f > 0 — proportional, within a tier, to Σ_f v_pf·Π_{g≠f} T_g, compared as bigints.
 */
function activityRanking(tier: DemoTier): Array<{ p: DemoPlatform; score: bigint; place: number }> {
  const members = platforms.filter((p) => p.tier === tier && values.has(p.platformId));
  const totals = PLATFORM_DEMO_FIELDS.map((f) => members.reduce((a, p) => a + BigInt(values.get(p.platformId)![f]!), 0n));
  const used = PLATFORM_DEMO_FIELDS.map((_, i) => i).filter((i) => totals[i]! > 0n);
  const others = (i: number) => used.filter((j) => j !== i).reduce((a, j) => a * totals[j]!, 1n);
  const scored = members
    .map((p) => ({ p, score: used.reduce((a, i) => a + BigInt(values.get(p.platformId)![PLATFORM_DEMO_FIELDS[i]!]!) * others(i), 0n) }))
    .sort((a, b) => (a.score === b.score ? a.p.name.localeCompare(b.p.name) : a.score > b.score ? -1 : 1));
  return scored.map((s) => ({ ...s, place: scored.findIndex((t) => t.score === s.score) + 1 }));
}

const LABEL_OF: Record<DemoTier, (p: DemoPlatform) => string | null> = { city: (p) => p.city, cluster: (p) => p.cluster, county: (p) => p.county };

describe('DEFAULT_DIVISIONS', () => {
  it('lists the 122 county-level divisions of 2020 plus 洪江区: 123 units, keyed by the 14 cities in order', () => {
    expect(Object.keys(DEFAULT_DIVISIONS)).toEqual([...HUNAN_CITIES]);
    expect(HUNAN_CITIES.map((c) => DEFAULT_DIVISIONS[c]!.length)).toEqual([9, 9, 5, 12, 12, 9, 9, 4, 6, 11, 11, 13, 5, 8]);
    const all = Object.values(DEFAULT_DIVISIONS).flat();
    expect(all).toHaveLength(123);
    for (const units of Object.values(DEFAULT_DIVISIONS)) expect(new Set(units).size).toBe(units.length);
    expect(new Set(all).size).toBe(123); // no name twice in the province either
    expect(DEFAULT_DIVISIONS[EXTRA_UNIT.city]).toContain(EXTRA_UNIT.county);
    for (const name of ['渌口区', '邵东市', '宁乡市', '祁阳县', '洪江市', '洪江区', '武陵源区', '津市市']) expect(all, name).toContain(name);
    for (const old of ['株洲县', '邵东县', '宁乡县', '祁阳市', '望城县']) expect(all, old).not.toContain(old);
    // Official order: 邵东市 (430582) after 武冈市 (430581), the counties before the cities.
    expect(DEFAULT_DIVISIONS['邵阳市']!.slice(-2)).toEqual(['武冈市', '邵东市']);
    expect(Object.isFrozen(DEFAULT_DIVISIONS) && Object.isFrozen(DEFAULT_DIVISIONS['长沙市'])).toBe(true);
  });

  it('divisionsInputSchema takes 1..60 distinct plain names, strictly', () => {
    expect(divisionsInputSchema.parse({ counties: [' 南县', '桃江县'] })).toEqual({ counties: ['南县', '桃江县'] });
    expect(divisionsInputSchema.safeParse({ counties: [...DEFAULT_DIVISIONS['怀化市']!] }).success).toBe(true);
    const bad = (body: unknown) => divisionsInputSchema.safeParse(body).error?.issues.map((i) => i.message) ?? [];
    expect(bad({ counties: [] })).toEqual(['县市区列表:至少1个县市区']);
    expect(bad({ counties: Array.from({ length: 61 }, (_, i) => `县${i}`) })).toEqual(['县市区列表:最多60个县市区']);
    expect(bad({ counties: ['南县', ' 南县'] })).toEqual(['县市区列表:县市区名称不能重复']);
    expect(bad({ counties: ['一'.repeat(31)] })).toEqual(['县市区名称:最多30个字']);
    expect(bad({ counties: ['  '] })).toEqual(['县市区名称:必填']);
    expect(bad({ counties: ['南\u202e县'] })).toEqual(['县市区名称:含有不可见或无效字符']);
    expect(bad({ counties: [1] })).toEqual(['县市区名称:应为文本']);
    expect(bad({})).toEqual(['县市区列表:必填']);
    expect(bad({ counties: '南县' })).toEqual(['县市区列表:应为文本数组']);
    expect(divisionsInputSchema.safeParse({ counties: ['南县'], city: '益阳市' }).success).toBe(false);
  });
});

describe('demo platform registry', () => {
  it('has 14 city, 8 cluster and 104 county/park platforms, well formed and all active in 2020', () => {
    expect(platforms.map((p) => p.tier).filter((t) => t === 'city')).toHaveLength(14);
    expect(platforms.filter((p) => p.tier === 'cluster')).toHaveLength(8);
    expect(countyTier).toHaveLength(104);
    expect(new Set(platforms.map((p) => p.platformId)).size).toBe(platforms.length);
    expect(new Set(platforms.map((p) => p.name)).size).toBe(platforms.length);
    for (const p of platforms) {
      expect(p.platformId).toMatch(/^[a-z0-9-]{3,40}$/);
      expect(HUNAN_CITIES as readonly string[]).toContain(p.city);
      expect(Number.isInteger(p.builtYear) && p.builtYear >= 2000 && p.builtYear <= YEAR).toBe(true);
      expect([p.activeFrom, p.activeTo]).toEqual([null, null]);
      expect(p.county !== null, p.platformId).toBe(p.tier === 'county');
      expect(p.cluster !== null, p.platformId).toBe(p.tier === 'cluster');
      if (p.park) expect(p.tier).toBe('county');
      if (p.county !== null) expect(DEFAULT_DIVISIONS[p.city], p.platformId).toContain(p.county);
    }
    const cityTier = platforms.filter((p) => p.tier === 'city');
    expect(cityTier.map((p) => p.city)).toEqual([...HUNAN_CITIES]);
    for (const p of cityTier) expect(p.builtYear).toBeLessThanOrEqual(2017);
    expect(countyTier.filter((p) => p.park)).toHaveLength(1);
    expect(platforms.find((p) => p.platformId === 'plat-hengshan')!.name).toBe('衡山县中小企业公共服务综合窗口平台');
    // No unit has two non-park platforms: the 104th platform is the park.
    const units = countyTier.filter((p) => !p.park).map((p) => `${p.city}|${p.county}`);
    expect(new Set(units).size).toBe(103);
    // Some were built 2016–2019, the rest in 2020.
    expect(new Set(countyTier.map((p) => p.builtYear))).toEqual(new Set([2016, 2017, 2018, 2019, 2020]));
  });

  it('passes platformInputSchema once shared/platforms/registry.ts is merged', async () => {
    const path = fileURLToPath(new URL('../../shared/platforms/registry.ts', import.meta.url));
    if (!existsSync(path)) return; // written in parallel by another helper
    const registry = (await import(/* @vite-ignore */ path)) as { platformInputSchema: { safeParse(x: unknown): { success: boolean; error?: unknown } } };
    for (const { platformId, ...body } of platforms) {
      const r = registry.platformInputSchema.safeParse(body);
      expect(r.success, `${platformId}: ${JSON.stringify(r.error)}`).toBe(true);
    }
  });
});

describe('seed 003: construction and coverage of 2020', () => {
  const c = completion();
  const cov = coverageOf();

  it('plans 35 for the 14 cities; built 27 (26 in plan, 1 out), 9 not done, 74.29%', () => {
    expect(Object.keys(plan)).toEqual([...HUNAN_CITIES]);
    for (const n of Object.values(plan)) expect(Number.isInteger(n) && n >= 0).toBe(true);
    expect([c.planned, c.built, c.inPlan, c.outPlan, c.notDone]).toEqual([35, 27, 26, 1, 9]);
    // 未完成 = plan − in-plan only because no city built more in-plan platforms than planned.
    for (const r of c.rows) expect(r.inPlan, r.city).toBeLessThanOrEqual(r.planned);
    expect(percent(c.inPlan, c.planned)).toBe('74.29%');
    expect(c.rows.filter((r) => r.notDone > 0).map((r) => r.city)).toEqual(['邵阳市', '岳阳市', '怀化市', '娄底市', '湘西土家族苗族自治州']);
  });

  it('has 104 county/park platforms covering 103 of 123 units (83.74%), full in exactly the 7 cities', () => {
    expect([cov.built, cov.covered, cov.units]).toEqual([104, 103, 123]);
    expect(percent(cov.covered, cov.units)).toBe('83.74%');
    expect(cov.fullCities).toEqual(['株洲市', '湘潭市', '衡阳市', '常德市', '张家界市', '郴州市', '永州市']);
    // Over the 122 administrative divisions alone no count would print 83.74%.
    for (let k = 0; k <= 122; k++) expect(percent(k, 122)).not.toBe('83.74%');
    expect(DEFAULT_DIVISIONS['怀化市']!.filter((u) => countyTier.some((p) => p.county === u))).not.toContain('洪江区');
    expect(COVERAGE_EXPLANATION).toMatch(/103 ÷ 123/);
    expect(COVERAGE_EXPLANATION).toContain('洪江区');
  });
});

describe('seed 003: 2020 values and activity', () => {
  it('every platform files all 8 indicators as non-negative integers, deterministically', () => {
    expect([...values.keys()].sort()).toEqual(platforms.map((p) => p.platformId).sort());
    for (const [id, v] of values) {
      expect(Object.keys(v), id).toEqual([...PLATFORM_DEMO_FIELDS]);
      for (const x of Object.values(v)) expect(Number.isSafeInteger(x) && x >= 0, id).toBe(true);
    }
    expect(demoPlatformValues()).toEqual(values);
    expect(demoPlatforms()).toEqual(platforms);
  });

  it('sums to the seed totals', () => {
    const total = (f: string) => [...values.values()].reduce((a, v) => a + BigInt(v[f]!), 0n);
    expect(total('policyItems')).toBe(177600n);
    expect(total('newEnterprises')).toBe(52796n);
    expect(total('newAgencies')).toBe(925n);
    expect(total('serviceProjects')).toBe(7631n);
    expect(total('serviceActivities')).toBe(1984n);
    expect(total('enterprisesServed') >= 110000n && total('enterprisesServed') <= 119999n).toBe(true);
    expect(total('demandsPublished') >= 800n && total('demandsPublished') <= 899n).toBe(true);
    expect(total('onlineDeals') >= 26000n && total('onlineDeals') <= 26999n).toBe(true);
    for (const f of PLATFORM_DEMO_FIELDS) expect(total(f), f).toBe(BigInt(PLATFORM_DEMO_TOTALS[f]));
  });

  it.each([
    ['city', ['衡阳市', '岳阳市', '郴州市']],
    ['cluster', ['有色金属', '芦淞服饰']],
    ['county', ['南县', '双峰县', '桂东县', '桃江县', '衡山县']],
  ] as const)('ranks the %s tier with the seed’s most active first, in order, no ties', (tier, top) => {
    const ranking = activityRanking(tier);
    expect(ranking.slice(0, top.length).map((r) => LABEL_OF[tier](r.p))).toEqual(top);
    expect(ranking.slice(0, top.length + 1).map((r) => r.place)).toEqual(Array.from({ length: top.length + 1 }, (_, i) => i + 1));
  });

  it('activity ranking: equal indexes share a place', () => {
    // The helper itself: two equal scores share a place and the next skips (1, 2, 2, 4).
    const places = (scores: bigint[]) => scores.map((s) => scores.findIndex((t) => t === s) + 1);
    expect(places([9n, 5n, 5n, 1n])).toEqual([1, 2, 2, 4]);
    for (const tier of ['city', 'cluster', 'county'] as const) {
      const r = activityRanking(tier);
      for (let i = 1; i < r.length; i++) expect(r[i]!.place).toBe(r[i]!.score === r[i - 1]!.score ? r[i - 1]!.place : i + 1);
    }
  });
});

describe('PLATFORM_DEMO_TARGETS', () => {
  const c = completion();
  const cov = coverageOf();
  const actual: Record<string, number | string | readonly string[]> = {
    'plan.planned': c.planned,
    'plan.built': c.built,
    'plan.inPlan': c.inPlan,
    'plan.outPlan': c.outPlan,
    'plan.notDone': c.notDone,
    'plan.rate': percent(c.inPlan, c.planned),
    'coverage.built': cov.built,
    'coverage.units': cov.units,
    'coverage.covered': cov.covered,
    'coverage.rate': percent(cov.covered, cov.units),
    'coverage.fullCities': cov.fullCities,
    ...Object.fromEntries(PLATFORM_DEMO_FIELDS.map((f) => [`values.${f}`, [...values.values()].reduce((a, v) => a + v[f]!, 0)])),
  };
  const tops: Record<string, number> = { 'activity.city': 3, 'activity.cluster': 2, 'activity.county': 5 };
  for (const tier of ['city', 'cluster', 'county'] as const)
    actual[`activity.${tier}`] = activityRanking(tier)
      .slice(0, tops[`activity.${tier}`])
      .map((r) => LABEL_OF[tier](r.p)!);

  it('lists every figure of seed 003 once', () => {
    expect(PLATFORM_DEMO_TARGETS.map((t) => t.key).sort()).toEqual(Object.keys(actual).sort());
    const printed = PLATFORM_DEMO_TARGETS.map((t) => t.printed).join('');
    for (const s of ['35', '27', '26', '1家', '9家', '74.29%', '104', '83.74%', '177600', '52796', '925', '7631', '1984', '11万余', '800余', '2.6万余'])
      expect(printed, s).toContain(s);
  });

  it.each(PLATFORM_DEMO_TARGETS.map((t) => [t.key, t] as const))('%s holds in the dataset', (key, t) => {
    const got = actual[key];
    expect(got).toEqual(t.expected);
    if (t.check === 'range') expect(t.expected >= t.min && t.expected <= t.max).toBe(true);
  });
});
