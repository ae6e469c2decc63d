// Live aggregates (SPEC §5): integer base units per field, sum and count for means.

import { allowedScope, requireAdminOrCity, type Principal } from '../auth';
import { fieldsForPeriod } from '../catalog';
import { BadRequestError, ForbiddenError } from '../errors';
import { isPeriod } from '../periods';
import { HUNAN_CITIES } from '../registry';
import { getAggregate } from '../store/aggregates';

const SCOPE = /^(all|city:.{1,30}|level:(national|provincial)|cohort:.{1,30})$/;

export function checkScope(scope: string): void {
  if (!SCOPE.test(scope) || (scope.startsWith('city:') && !(HUNAN_CITIES as readonly string[]).includes(scope.slice(5))))
    throw new BadRequestError('INVALID_SCOPE', 'scope 应为 all、city:<市州>、level:national|provincial 或 cohort:<批次>', { scope: '格式不正确' });
}

export function checkPeriod(period: string): void {
  if (!isPeriod(period)) throw new BadRequestError('INVALID_PERIOD', '期别应为季度(如 2020Q3)或年份(如 2020)', { period: '格式不正确' });
}

/** The scope a principal reads by default: the province for admin, its own city for city users. */
export const defaultScope = (p: Principal) => (p.role === 'city' ? `city:${p.city}` : 'all');

export async function readAggregates(p: Principal, period: string, requestedScope: string | undefined) {
  requireAdminOrCity(p);
  checkPeriod(period);
  const scope = requestedScope || defaultScope(p);
  checkScope(scope);
  if (!allowedScope(p, scope)) throw new ForbiddenError('只能查看本市州的汇总数据');
  const agg = await getAggregate(period);
  const t = agg.scoped[scope];
  const values: Record<string, bigint> = {};
  const means: Record<string, { sum: bigint; count: bigint }> = {};
  for (const f of fieldsForPeriod(period)) {
    values[f.code] = t?.values[f.code] ?? 0n;
    if (f.mean) means[f.code] = t?.means[f.code] ?? { sum: 0n, count: 0n };
  }
  return { period, scope, reportingBases: t?.reportingBases ?? 0n, values, means, updatedAt: agg.updatedAt };
}
