// GET /api/bulletins/{year}.xlsx?program=platforms (SPEC §9): the window-platform network's
// bulletin. Reads: the registry's platforms (one Query on its prefix), the county-level units and
// the year's plan (small), the year's filings of the platforms (counted values, one partition
// read on the PLAT# prefix) and the year's aggregate item (province and tier totals). Plan
// completion, coverage and activity are derived from these in shared/platforms/network.ts.

import { allowedScope, type Principal, requireAdminOrCity } from '../auth';
import { type BuiltBulletin, type CompletenessSummary, writeBulletin } from '../bulletin';
import { chineseDate } from '../bulletin/numbers';
import { config } from '../config';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors';
import { yearOf } from '../periods';
import { layoutPlatformBulletin, type PlatformBulletinInput } from '../platforms/bulletin';
import type { PlatformRecord } from '../platforms/registry';
import { PLATFORMS } from '../program';
import { getAggregate } from '../store/aggregates';
import { listCountedFilings } from '../store/filings';
import { getPlan } from '../store/network';
import { listEntities } from '../store/registry';
import { allDivisions } from './manage-registry';
import { checkPeriod, checkScope, defaultScope } from './read-aggregates';
import { programCompleteness } from './report-completeness';

export interface PlatformBulletinQuery {
  scope: string;
  top: [number, number, number];
}

const DEFAULT_TOP: [number, number, number] = [3, 2, 5];

/** `top=3,2,5`: the places named per tier (city, cluster, county); one number sets all three. */
export function parseTop(value: string | undefined): [number, number, number] {
  if (value === undefined || value === '') return DEFAULT_TOP;
  const parts = value.split(',');
  const ok = /^\d{1,2}(,\d{1,2}){0,2}$/.test(value) && parts.every((x) => Number(x) >= 1 && Number(x) <= 50);
  if (!ok || parts.length === 2)
    throw new BadRequestError('INVALID_TOP', 'top 应为1-50的整数,或按市州、产业集群、县市区三类分别给出,如 3,2,5', { top: '格式不正确' });
  const n = parts.map(Number);
  return n.length === 1 ? [n[0]!, n[0]!, n[0]!] : [n[0]!, n[1]!, n[2]!];
}

export function parsePlatformBulletinQuery(p: Principal, period: string, query: Readonly<Record<string, string | undefined>>): PlatformBulletinQuery {
  requireAdminOrCity(p);
  checkPeriod(period, PLATFORMS);
  const scope = query.scope || defaultScope(p);
  checkScope(scope, PLATFORMS);
  if (!allowedScope(p, scope)) throw new ForbiddenError('只能导出本市州的通报');
  for (const k of ['compare', 'cohort'] as const)
    if (query[k] !== undefined && query[k] !== '') throw new BadRequestError('INVALID_PARAMETER', `窗口平台通报不使用 ${k} 参数`, { [k]: '不适用' });
  return { scope, top: parseTop(query.top) };
}

/** Gathers everything the platform layout needs (exported for tests). */
export async function gatherPlatformBulletinInput(period: string, q: PlatformBulletinQuery): Promise<PlatformBulletinInput> {
  const year = yearOf(period);
  const [registry, divisions, plan, aggregate] = await Promise.all([
    listEntities<PlatformRecord>(PLATFORMS),
    allDivisions(),
    getPlan(year),
    getAggregate(period, PLATFORMS.tag),
  ]);
  // The registry as it stood in that year (SPEC §11): a later change of tier or city never moves it.
  const scoped = registry.map((x) => PLATFORMS.asOf(x, period)).filter((x) => PLATFORMS.scopesOf(x).includes(q.scope));
  if (!scoped.length) throw new NotFoundError('该范围内没有登记的窗口平台', 'NO_DATA');
  const filings = await listCountedFilings(
    period,
    registry.map((x) => x.platformId),
    PLATFORMS.tag,
  );
  const ids = new Set(scoped.map((x) => x.platformId));
  const values = new Map(filings.filter((f) => f.counted && ids.has(f.baseId)).map((f) => [f.baseId, f.counted!]));
  const city = q.scope.startsWith('city:') ? q.scope.slice(5) : null;
  const completeness = programCompleteness(
    PLATFORMS,
    period,
    scoped,
    filings.filter((f) => ids.has(f.baseId)),
  );
  return {
    year,
    scope: q.scope,
    network: {
      year,
      platforms: scoped,
      divisions: city ? { [city]: divisions[city] ?? [] } : divisions,
      plan: plan ? (city ? { [city]: plan.cities[city] ?? 0 } : plan.cities) : null,
      values,
    },
    totals: aggregate.scoped,
    completeness: {
      period,
      expected: completeness.expected,
      submitted: completeness.submitted,
      onTime: completeness.onTime,
      late: completeness.late,
      missing: completeness.missing,
      byCity: completeness.byCity,
      byGroup: completeness.byGroup,
      missingEntities: completeness.missingEntities,
    },
    top: q.top,
  };
}

/** The guard against publishing half a year (SPEC §12 / issue 18): how many expected platforms filed. */
export function platformCompletenessSummary(input: PlatformBulletinInput, threshold: number): CompletenessSummary {
  const { submitted, expected } = input.completeness;
  const out: CompletenessSummary = { period: String(input.year), submitted, expected, threshold };
  if (expected > 0 && submitted * 100 < threshold * expected)
    out.warning =
      `注意:${input.year}年应报送窗口平台${expected}家,已报送${submitted}家(报送率${(Math.round((submitted * 1000) / expected) / 10).toFixed(1)}%),` +
      `低于${threshold}%,本通报数据不完整,请待报送齐全后再发布。`;
  return out;
}

export async function exportPlatformBulletin(
  p: Principal,
  period: string,
  query: Readonly<Record<string, string | undefined>>,
  format: 'xlsx' | 'docx' = 'xlsx',
): Promise<BuiltBulletin> {
  const q = parsePlatformBulletinQuery(p, period, query);
  const input = await gatherPlatformBulletinInput(period, q);
  const completeness = platformCompletenessSummary(input, config.completenessWarnBelow);
  const model = layoutPlatformBulletin({ ...input, issuedOn: chineseDate(new Date()), ...(completeness.warning ? { warning: completeness.warning } : {}) });
  return { ...(await writeBulletin(model, format)), completeness };
}
