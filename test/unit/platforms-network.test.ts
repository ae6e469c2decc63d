// Window platforms: registry schema, and the network's figures checked against a plain
// recomputation over random networks (fast-check), plus the ranking's tie handling.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ratio } from '../../shared/decimal';
import { PLATFORM_FIELDS, PLATFORM_SECTIONS } from '../../shared/platforms/catalog';
import { activity, coverage, type NetworkInput, planCompletion, planInputSchema } from '../../shared/platforms/network';
import { type PlatformRecord, platformActiveIn, platformInputSchema, platformScopes, type Tier } from '../../shared/platforms/registry';
import { HUNAN_CITIES } from '../../shared/registry';

function platform(platformId: string, extra: Partial<PlatformRecord> = {}): PlatformRecord {
  return {
    platformId,
    name: platformId,
    tier: 'county',
    city: '长沙市',
    county: '岳麓区',
    park: false,
    cluster: null,
    builtYear: 2018,
    inPlan: false,
    activeFrom: null,
    activeTo: null,
    updatedAt: '2020-01-01T00:00:00.000Z',
    ...extra,
  };
}

const network = (platforms: PlatformRecord[], values: Record<string, Record<string, number>> = {}, extra: Partial<NetworkInput> = {}): NetworkInput => ({
  year: 2020,
  platforms,
  divisions: {},
  plan: null,
  values: new Map(Object.entries(values)),
  ...extra,
});

describe('platform catalog', () => {
  it('lists the eight counts of SPEC §9 in order, whole numbers summed over the year', () => {
    expect(PLATFORM_FIELDS.map((f) => `${f.code} ${f.label}(${f.formUnit})`)).toEqual([
      'policyItems 发布政策信息(条)',
      'newEnterprises 新增注册企业(家)',
      'newAgencies 新增服务机构(家)',
      'serviceProjects 发布服务项目(个)',
      'serviceActivities 开展服务活动(次)',
      'enterprisesServed 服务企业(家次)',
      'demandsPublished 线上发布需求(项)',
      'onlineDeals 线上达成服务交易(次)',
    ]);
    for (const f of PLATFORM_FIELDS) expect(f).toMatchObject({ dp: 0, type: 'flow', section: 'online', baseUnit: f.formUnit });
    expect(PLATFORM_SECTIONS).toEqual([{ id: 'online', label: '线上服务情况' }]);
  });
});

describe('platform registry', () => {
  const county = { name: '岳麓区中小企业服务中心', tier: 'county', city: '长沙市', county: '岳麓区', builtYear: 2020 };

  it('fills the defaults', () => {
    expect(platformInputSchema.parse(county)).toEqual({
      ...county,
      park: false,
      inPlan: false,
      cluster: null,
      activeFrom: null,
      activeTo: null,
      effectiveFrom: null,
    });
  });

  it('asks for the county of a county platform and the cluster of a cluster platform, and nothing else', () => {
    const issues = (x: unknown) => {
      const r = platformInputSchema.safeParse(x);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ ...county, county: undefined })).toEqual(['county: 所属县市区:县市区综合窗口平台必填']);
    expect(issues({ ...county, tier: 'cluster', county: null })).toEqual(['cluster: 产业集群:产业集群窗口平台必填']);
    expect(issues({ ...county, tier: 'cluster', county: null, cluster: '芦淞服饰' })).toEqual([]);
    expect(issues({ ...county, tier: 'city' })).toEqual(['county: 所属县市区:只有县市区综合窗口平台填写']);
    expect(issues({ ...county, tier: 'city', county: null, park: true })).toEqual(['park: 工业园区平台:只能是县市区综合窗口平台']);
    expect(issues({ ...county, park: true })).toEqual([]);
    expect(issues({ ...county, activeFrom: '2021', activeTo: '2020' })).toEqual(['activeTo: 起始年不能晚于终止年']);
    expect(issues({ ...county, activeFrom: '2020', activeTo: '2020' })).toEqual([]);
    expect(issues({ ...county, activeFrom: '2020Q1' })).toEqual(['activeFrom: 起始年应为年份(如 2020)']);
    expect(issues({ ...county, city: '武汉市' })[0]).toMatch(/^city: 所属市州:应为湖南省14个市州之一/);
    expect(issues({ ...county, builtYear: 1999 })).toEqual(['builtYear: 建成年份:不能早于2000年']);
    expect(issues({ ...county, builtYear: 2020.5 })).toEqual(['builtYear: 建成年份:应为整数年份']);
    expect(issues({ ...county, platformId: 'x-1' })).toHaveLength(1); // strict: the id is the path's
    expect(issues({ ...county, name: '  ' })).toEqual(['name: 平台名称:必填']);
  });

  it('is expected to file from the year it was built, within its active years', () => {
    const p = { builtYear: 2019, activeFrom: null, activeTo: '2021' };
    expect([2018, 2019, 2021, 2022].map((y) => platformActiveIn(p, y))).toEqual([false, true, true, false]);
    expect(platformActiveIn({ builtYear: 2015, activeFrom: '2020', activeTo: null }, 2019)).toBe(false);
    expect(platformScopes({ city: '株洲市', tier: 'cluster' })).toEqual(['all', 'city:株洲市', 'tier:cluster']);
  });

  it('takes a plan of whole numbers for Hunan cities only', () => {
    expect(planInputSchema.parse({ cities: { 长沙市: 3, 湘西土家族苗族自治州: 0 } })).toEqual({ cities: { 长沙市: 3, 湘西土家族苗族自治州: 0 } });
    for (const bad of [
      { cities: { 武汉市: 1 } },
      { cities: { 长沙市: -1 } },
      { cities: { 长沙市: 1.5 } },
      { cities: { 长沙市: 1001 } },
      { cities: {}, year: 2020 },
      {},
    ])
      expect(planInputSchema.safeParse(bad).success).toBe(false);
  });
});

describe('activity ranking', () => {
  const tierOf = (tier: Tier, n: number) =>
    Array.from({ length: n }, (_, i) => platform(`p${i}`, { name: `平台${i}`, tier, county: tier === 'county' ? '岳麓区' : null }));

  it('is the mean of value ÷ tier mean over the indicators whose tier mean is not 0', () => {
    const ps = tierOf('city', 2);
    // policyItems means 2 → 1.5 and 0.5; newEnterprises means 5 → 0 and 2; everything else 0 (left out).
    const a = activity(network(ps, { p0: { policyItems: 3, newEnterprises: 0 }, p1: { policyItems: 1, newEnterprises: 10 } }), 'city');
    expect(a.map((e) => [e.platform.platformId, e.index, e.place])).toEqual([
      ['p1', 1.25, 1],
      ['p0', 0.75, 2],
    ]);
    expect(a[0]!.values).toEqual(
      Object.fromEntries(PLATFORM_FIELDS.map((f) => [f.code, f.code === 'policyItems' ? 1n : f.code === 'newEnterprises' ? 10n : 0n])),
    );
  });

  it('shares a place between equal indexes (1, 2, 2, 4), ordering them by name', () => {
    const ps = tierOf('county', 4);
    ps[1]!.name = '乙';
    ps[2]!.name = '甲';
    // p1 and p2 reach the same index through different indicators: (1/3·… ) exact, never float-split.
    const a = activity(
      network(ps, {
        p0: { policyItems: 9, onlineDeals: 9 },
        p1: { policyItems: 1, onlineDeals: 2 },
        p2: { policyItems: 2, onlineDeals: 1 },
        p3: { policyItems: 0, onlineDeals: 0 },
      }),
      'county',
    );
    expect(a.map((e) => [e.platform.name, e.place])).toEqual([
      ['平台0', 1],
      ['甲', 2],
      ['乙', 2],
      ['平台3', 4],
    ]);
    expect(a[1]!.index).toBe(a[2]!.index);
  });

  it('ties indexes that floating point would split', () => {
    // 0.1 + 0.2 ≠ 0.3 in floats: indexes built from thirds and sevenths must still tie exactly.
    const ps = tierOf('cluster', 3).map((p) => ({ ...p, cluster: p.name }));
    const a = activity(
      network(ps, {
        p0: { policyItems: 1, newEnterprises: 6, newAgencies: 3 },
        p1: { policyItems: 6, newEnterprises: 3, newAgencies: 1 },
        p2: { policyItems: 3, newEnterprises: 1, newAgencies: 6 },
      }),
      'cluster',
    );
    expect(a.map((e) => e.place)).toEqual([1, 1, 1]);
  });

  it('gives a tier where every value is 0 the index 0 and one shared place; leaves out platforms that did not file and other tiers', () => {
    const ps = [...tierOf('county', 3), platform('c1', { tier: 'city', county: null })];
    const a = activity(network(ps, { p0: {}, p1: { policyItems: 0 }, c1: { policyItems: 5 } }), 'county');
    expect(a.map((e) => [e.platform.platformId, e.index, e.place])).toEqual([
      ['p0', 0, 1],
      ['p1', 0, 1],
    ]);
    expect(activity(network([], {}), 'city')).toEqual([]);
  });
});

// ---- property: the figures equal a straightforward recomputation ------------------------------------

const CITIES = HUNAN_CITIES.slice(0, 4);
const unitsOf = (city: string, n: number) => Array.from({ length: n }, (_, i) => `${city}-u${i}`);

const networkArb = fc
  .record({
    year: fc.integer({ min: 2019, max: 2021 }),
    unitCounts: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: CITIES.length, maxLength: CITIES.length }),
    plan: fc.option(fc.array(fc.option(fc.integer({ min: 0, max: 6 })), { minLength: CITIES.length, maxLength: CITIES.length })),
    platforms: fc.array(
      fc.record({
        tier: fc.constantFrom<Tier>('city', 'cluster', 'county'),
        city: fc.integer({ min: 0, max: CITIES.length - 1 }),
        unit: fc.integer({ min: 0, max: 5 }), // 4 and 5 may lie outside the city's units
        otherCity: fc.boolean(), // names a unit of the next city instead
        park: fc.boolean(),
        builtYear: fc.integer({ min: 2017, max: 2022 }),
        inPlan: fc.boolean(),
        from: fc.option(fc.integer({ min: 2016, max: 2022 })),
        span: fc.option(fc.integer({ min: 0, max: 4 })),
        name: fc.constantFrom('甲', '乙', '丙', '丁'),
        values: fc.option(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 8, maxLength: 8 }), { freq: 3 }),
      }),
      { maxLength: 30 },
    ),
  })
  .map(({ year, unitCounts, plan, platforms }): NetworkInput => {
    const divisions = Object.fromEntries(CITIES.map((c, i) => [c, unitsOf(c, unitCounts[i]!)]));
    const values = new Map<string, Record<string, number>>();
    const records = platforms.map((p, i): PlatformRecord => {
      const city = CITIES[p.city]!;
      const unitCity = p.otherCity ? CITIES[(p.city + 1) % CITIES.length]! : city;
      const platformId = `p-${i}`;
      if (p.values) values.set(platformId, Object.fromEntries(PLATFORM_FIELDS.map((f, j) => [f.code, p.values![j]!])));
      return platform(platformId, {
        name: p.name,
        tier: p.tier,
        city,
        county: p.tier === 'county' ? `${unitCity}-u${p.unit}` : null,
        park: p.tier === 'county' && p.park,
        cluster: p.tier === 'cluster' ? p.name : null,
        builtYear: p.builtYear,
        inPlan: p.inPlan,
        activeFrom: p.from === null ? null : String(p.from),
        activeTo: p.from === null || p.span === null ? null : String(p.from + p.span),
      });
    });
    const planObj = plan ? Object.fromEntries(CITIES.flatMap((c, i) => (plan[i] === null ? [] : [[c, plan[i]!]]))) : null;
    return { year, platforms: records, divisions, plan: planObj, values };
  });

describe('network figures (property)', () => {
  it('plan completion counts county platforms built that year against the plan', () => {
    fc.assert(
      fc.property(networkArb, (n) => {
        const { byCity, total } = planCompletion(n);
        expect(byCity.map((r) => r.city)).toEqual([...HUNAN_CITIES]);
        let planned = 0,
          built = 0,
          inPlan = 0,
          notDone = 0;
        for (const r of byCity) {
          const p = n.plan?.[r.city] ?? 0;
          let b = 0,
            i = 0;
          for (const x of n.platforms) {
            if (x.tier !== 'county' || x.city !== r.city || x.builtYear !== n.year) continue;
            b++;
            if (x.inPlan) i++;
          }
          const nd = p > i ? p - i : 0;
          expect(r).toEqual({ city: r.city, planned: p, built: b, inPlan: i, outPlan: b - i, notDone: nd, rate: p ? ratio(BigInt(i), BigInt(p)) : null });
          planned += p;
          built += b;
          inPlan += i;
          notDone += nd;
        }
        expect(total).toEqual({
          city: '全省合计',
          planned,
          built,
          inPlan,
          outPlan: built - inPlan,
          notDone,
          rate: planned ? ratio(BigInt(inPlan), BigInt(planned)) : null,
        });
      }),
      { numRuns: 200 },
    );
  });

  it('coverage counts units with an active non-park county platform', () => {
    fc.assert(
      fc.property(networkArb, (n) => {
        const { byCity, total, fullCities } = coverage(n);
        let units = 0,
          covered = 0,
          built = 0;
        const full: string[] = [];
        for (const r of byCity) {
          const us = n.divisions[r.city] ?? [];
          const active = (x: PlatformRecord) =>
            x.builtYear <= n.year && (x.activeFrom === null || +x.activeFrom <= n.year) && (x.activeTo === null || n.year <= +x.activeTo);
          const mine = n.platforms.filter((x) => x.tier === 'county' && x.city === r.city && active(x));
          const cov = us.filter((u) => mine.some((x) => !x.park && x.county === u)).length;
          expect(r).toEqual({
            city: r.city,
            units: us.length,
            covered: cov,
            built: mine.length,
            full: us.length > 0 && cov === us.length,
            rate: us.length ? ratio(BigInt(cov), BigInt(us.length)) : null,
          });
          if (r.full) full.push(r.city);
          units += us.length;
          covered += cov;
          built += mine.length;
        }
        expect(total).toMatchObject({ units, covered, built, rate: units ? ratio(BigInt(covered), BigInt(units)) : null });
        expect(fullCities).toEqual(full);
      }),
      { numRuns: 200 },
    );
  });

  it('activity ranks each tier by the mean of value ÷ tier mean, ties sharing a place', () => {
    // Rationals as [numerator, denominator] with a positive denominator.
    type Q = [bigint, bigint];
    const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
    const add = ([a, b]: Q, [c, d]: Q): Q => {
      const n = a * d + c * b,
        m = b * d,
        g = gcd(n, m) || 1n;
      return [n / g, m / g];
    };
    const cmp = ([a, b]: Q, [c, d]: Q) => (a * d === c * b ? 0 : a * d > c * b ? 1 : -1);
    fc.assert(
      fc.property(networkArb, (n) => {
        for (const tier of ['city', 'cluster', 'county'] as Tier[]) {
          const filers = n.platforms.filter((p) => p.tier === tier && n.values.has(p.platformId));
          const k = BigInt(filers.length);
          const means = PLATFORM_FIELDS.map((f) => filers.reduce((s, p) => s + BigInt(n.values.get(p.platformId)![f.code] ?? 0), 0n));
          const counted = PLATFORM_FIELDS.filter((_, i) => means[i]! > 0n);
          const score = (p: PlatformRecord): Q => {
            let q: Q = [0n, 1n];
            PLATFORM_FIELDS.forEach((f, i) => {
              // value ÷ (sum ÷ k) = value·k ÷ sum
              if (means[i]! > 0n) q = add(q, [BigInt(n.values.get(p.platformId)![f.code] ?? 0) * k, means[i]!]);
            });
            return counted.length ? [q[0], q[1] * BigInt(counted.length)] : [0n, 1n];
          };
          const got = activity(n, tier);
          expect(got.map((e) => e.platform.platformId).sort()).toEqual(filers.map((p) => p.platformId).sort());
          got.forEach((e, i) => {
            const q = score(e.platform);
            expect(e.index).toBe(ratio(q[0], q[1]));
            const better = got.filter((o) => cmp(score(o.platform), q) > 0).length;
            expect(e.place).toBe(better + 1);
            if (i > 0) {
              const prev = got[i - 1]!;
              const c = cmp(score(prev.platform), q);
              expect(c).toBeGreaterThanOrEqual(0);
              if (c === 0) expect(prev.platform.name.localeCompare(e.platform.name, 'zh-CN')).toBeLessThanOrEqual(0);
            }
          });
        }
      }),
      { numRuns: 200 },
    );
  });
});
