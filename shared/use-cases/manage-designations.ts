// Demonstration-base designations (SPEC §11, seed 004): recorded on the base's registry item by
// the admin, listed and summarised for the department.

import { auditEntry } from '../audit';
import { type Principal, requireAdmin, requireAdminOrCity } from '../auth';
import { DESIGNATION_KEY, type Designation, type DesignationListItem, designationInputSchema, summarizeDesignations } from '../designations';
import { BadRequestError, NotFoundError, ValidationError } from '../errors';
import { parseWith } from '../http';
import { isYear } from '../periods';
import type { BaseRecord } from '../registry';
import { currentPeriod } from '../registry-history';
import { putAudited } from '../store/audit';
import { keys } from '../store/keys';
import { getBase } from '../store/registry';
import { checkBaseId, listBases } from './manage-registry';

/**
 * PUT /api/bases/{id}/designations/{year}-{level} (admin): a recommendation, designation,
 * refusal or revocation. Kept on the base's registry item, so the aggregator re-scopes the
 * base's level in the periods the designation is in force — and only those.
 */
export async function putDesignation(p: Principal, baseId: string, key: string, body: unknown, now = new Date()): Promise<Designation> {
  requireAdmin(p);
  checkBaseId(baseId);
  const m = DESIGNATION_KEY.exec(key);
  if (!m || !isYear(m[1]!))
    throw new BadRequestError('INVALID_DESIGNATION', '认定应写作 年份-级别,如 2021-national(国家级)或 2021-provincial(省级)', { designation: '格式不正确' });
  const input = parseWith(designationInputSchema, body, '认定信息有误');
  const year = Number(m[1]);
  if (input.status === 'revoked' && input.revokedFrom != null && input.revokedFrom <= year)
    throw new ValidationError({ revokedFrom: `撤销年份应晚于认定年份(${year}年)` }, '认定信息有误');
  const before = await getBase(baseId);
  if (!before) throw new NotFoundError(`基地「${baseId}」不存在`, 'BASE_NOT_FOUND');
  const old = before.designations?.[key];
  const next: Designation = {
    year,
    level: m[2] as Designation['level'],
    status: input.status,
    document: input.document ?? null,
    recommendedBy: input.recommendedBy ?? null,
    // A revocation holds from the year it is given (or the one named), never reaching back.
    revokedFrom: input.status === 'revoked' ? (input.revokedFrom ?? Math.max(year + 1, Number(currentPeriod('year', now)))) : null,
    updatedAt: now.toISOString(),
  };
  const same = old && (['status', 'document', 'recommendedBy', 'revokedFrom'] as const).every((k) => (old[k] ?? null) === (next[k] ?? null));
  if (same) return old;
  const record: BaseRecord = { ...before, designations: { ...(before.designations ?? {}), [key]: next }, updatedAt: now.toISOString() };
  await putAudited(
    [{ item: { ...keys.base(baseId), ...record }, condition: 'updatedAt = :u', values: { ':u': before.updatedAt } }],
    auditEntry(p, 'base.designation', now, { baseId }, { designation: key, before: old ?? null, after: next }),
  );
  return next;
}

/** Every designation (admin; a city: its own bases), optionally of one year and level. */
export async function listDesignations(p: Principal, filter: { year?: string; level?: string }): Promise<DesignationListItem[]> {
  requireAdminOrCity(p);
  if (filter.year !== undefined && !isYear(filter.year)) throw new BadRequestError('INVALID_PERIOD', 'year 应为年份,如 2021', { year: '格式不正确' });
  if (filter.level !== undefined && filter.level !== 'national' && filter.level !== 'provincial')
    throw new BadRequestError('INVALID_LEVEL', 'level 应为 national 或 provincial', { level: '格式不正确' });
  const bases = await listBases(p);
  return bases
    .flatMap((b) => Object.values(b.designations ?? {}).map((d) => ({ baseId: b.baseId, name: b.name, city: b.city, county: b.county, ...d })))
    .filter((d) => (!filter.year || d.year === Number(filter.year)) && (!filter.level || d.level === filter.level))
    .sort((a, b) => a.year - b.year || a.level.localeCompare(b.level) || a.baseId.localeCompare(b.baseId));
}

/** Per year and level: recommended, designated, success rate, cumulative 家(次) and distinct bases. */
export async function designationSummary(p: Principal) {
  const all = await listDesignations(p, {});
  return summarizeDesignations(
    all.map(({ baseId, year, level, status, document, recommendedBy, revokedFrom, updatedAt }) => ({
      baseId,
      designation: { year, level, status, document, recommendedBy, revokedFrom, updatedAt },
    })),
  );
}
