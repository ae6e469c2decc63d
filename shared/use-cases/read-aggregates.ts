// Live aggregates (SPEC §5, §8): integer base units per field, sum and count for means — for
// any program's scopes.

import { aggregatePartKey } from '../aggregate-parts';
import { allowedScope, ownCityScope, type Principal, requireAdminOrCity } from '../auth';
import { BadRequestError, ForbiddenError } from '../errors';
import { requireProgramServed } from '../national';
import { type AnyProgram, BASES, isProgramId, type ProgramId, programById } from '../program';
import { provinceScope } from '../provinces-cn';
import { getAggregate } from '../store/aggregates';
import { qualifyScope } from './principal-province';

export function checkScope(scope: string, program: AnyProgram = BASES): void {
  if (!program.isScope(scope)) throw new BadRequestError('INVALID_SCOPE', program.scopeHint, { scope: '格式不正确' });
}

export function checkPeriod(period: string, program: AnyProgram = BASES): void {
  if (!program.periods.isAggregate(period)) throw new BadRequestError('INVALID_PERIOD', program.periods.aggregateHint, { period: '格式不正确' });
}

/** `?program=` of the program-wide endpoints (SPEC §8): default the bases. */
export function programOfQuery(value: string | undefined): AnyProgram {
  if (value === undefined || value === '') return BASES;
  if (!isProgramId(value))
    throw new BadRequestError('INVALID_PROGRAM', 'program 应为 bases(创业创新基地)、platforms(窗口平台)或 carriers(双创特色载体)', { program: '格式不正确' });
  const program = programById(value);
  requireProgramServed(program);
  return program;
}

/** The scope a principal reads by default: the province for admin, its own city for city users. */
export const defaultScope = (p: Principal) => (p.role === 'city' ? ownCityScope(p) : p.province ? provinceScope(p.province) : 'all');

/**
 * What GET /api/aggregates/{period} answers: a scope's totals (the bases' count is
 * `reportingBases`, another program's `reportingEntities`). The web app reads it as
 * `Wire<AggregatesView>` (shared/wire.ts).
 */
export interface AggregatesView {
  period: string;
  scope: string;
  program?: ProgramId;
  reportingBases?: bigint;
  reportingEntities?: bigint;
  values: Record<string, bigint>;
  means: Record<string, { sum: bigint; count: bigint }>;
  updatedAt: string | null;
}

export async function readAggregates(p: Principal, period: string, requestedScope: string | undefined, program: AnyProgram = BASES): Promise<AggregatesView> {
  requireAdminOrCity(p);
  checkPeriod(period, program);
  // A national deployment: a province user's `city:长沙市` is their province's.
  const scope = qualifyScope(p, requestedScope || defaultScope(p));
  checkScope(scope, program);
  if (!allowedScope(p, scope)) throw new ForbiddenError('只能查看本市州的汇总数据');
  // A national deployment keeps each province's city scopes in an item of their own.
  const agg = await getAggregate(aggregatePartKey(period, scope), program.tag);
  const t = agg.scoped[scope];
  const values: Record<string, bigint> = {};
  const means: Record<string, { sum: bigint; count: bigint }> = {};
  for (const f of program.totalsFields?.(period) ?? program.fields(period)) {
    values[f.code] = t?.values[f.code] ?? 0n;
    if (f.mean) means[f.code] = t?.means[f.code] ?? { sum: 0n, count: 0n };
  }
  const reporting = t?.reportingBases ?? 0n;
  const counted = program === BASES ? { reportingBases: reporting } : { program: program.id, reportingEntities: reporting };
  return { period, scope, ...counted, values, means, updatedAt: agg.updatedAt };
}
