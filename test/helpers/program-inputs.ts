// Real models of the other programs' Word documents, built from the demo data without a stack:
// the window-platform bulletin of seed 003 (local/demo-platforms.ts, ~120 platforms, wide
// landscape annexes that run over several pages) and the carrier self-assessment of seed 002
// (local/demo-carriers.ts, through the real parsers as test/unit/carriers-seed.test.ts loads it).

import { demoCarriers, SEED_CARRIER_ID } from '../../local/demo-carriers';
import { demoPlatformPlan, demoPlatforms, demoPlatformValues, PLATFORM_DEMO_TOTALS, PLATFORM_DEMO_YEAR } from '../../local/demo-platforms';
import type { Totals } from '../../shared/aggregation';
import type { BulletinModel } from '../../shared/bulletin/model';
import { type CarrierFiling, layoutAssessment } from '../../shared/carriers/assessment';
import { checkDetails } from '../../shared/carriers/details';
import { checkPlan, fieldsOfPlan } from '../../shared/carriers/plan';
import { type CarrierRecord, carrierInputSchema } from '../../shared/carriers/registry';
import { layoutPlatformBulletin } from '../../shared/platforms/bulletin';
import { DEFAULT_DIVISIONS } from '../../shared/platforms/divisions';
import type { PlatformRecord } from '../../shared/platforms/registry';
import { validateValues } from '../../shared/validation';

const totals = (n: number, values: Record<string, number>): Totals => ({
  reportingBases: BigInt(n),
  values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, BigInt(v)])),
  means: {},
});

/** The window-platform bulletin of seed 003 (scope all), every platform filed. */
export function platformDemoModel(): BulletinModel {
  const platforms: PlatformRecord[] = demoPlatforms().map((p) => ({ ...p, updatedAt: '2021-01-01T00:00:00.000Z' }));
  const values = demoPlatformValues();
  const byTier = (tier: string) => {
    const sum: Record<string, number> = {};
    const members = platforms.filter((p) => p.tier === tier);
    for (const p of members) for (const [k, v] of Object.entries(values.get(p.platformId) ?? {})) sum[k] = (sum[k] ?? 0) + v;
    return totals(members.length, sum);
  };
  const n = platforms.length;
  return layoutPlatformBulletin({
    year: PLATFORM_DEMO_YEAR,
    scope: 'all',
    network: { year: PLATFORM_DEMO_YEAR, platforms, divisions: DEFAULT_DIVISIONS, plan: demoPlatformPlan().cities, values },
    totals: { all: totals(n, PLATFORM_DEMO_TOTALS), 'tier:city': byTier('city'), 'tier:cluster': byTier('cluster'), 'tier:county': byTier('county') },
    completeness: {
      period: String(PLATFORM_DEMO_YEAR),
      expected: n,
      submitted: n,
      onTime: n,
      late: 0,
      missing: 0,
      byCity: [],
      byGroup: [],
      missingEntities: [],
    },
    top: [3, 2, 5],
    issuedOn: '2021年1月11日',
  });
}

/** The 2020 self-assessment of seed 002 (衡阳高新区大中小企业融通型载体). */
export function carrierSeedModel(): BulletinModel {
  const d = demoCarriers().find((c) => c.carrierId === SEED_CARRIER_ID)!;
  const reg = carrierInputSchema.parse(d.registry);
  const carrier: CarrierRecord = { carrierId: d.carrierId, ...reg, updatedAt: '2021-04-07T00:00:00.000Z' };
  const p = checkPlan(d.plan);
  if (!p.ok) throw new Error('seed 002 plan');
  const filings = new Map<number, CarrierFiling>();
  for (const [y, f] of Object.entries(d.filings).sort(([a], [b]) => Number(a) - Number(b))) {
    const year = Number(y);
    const v = validateValues(fieldsOfPlan(p.plan, year), f.values, 'submitted');
    const det = checkDetails(f, p.plan, year);
    if (!v.ok || !det.ok) throw new Error(`seed 002 ${year}`);
    filings.set(year, { values: v.values, details: det.details });
  }
  return layoutAssessment({ carrier, plan: p.plan, filings, year: 2020 });
}
