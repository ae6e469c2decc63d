// The base registry (admin writes; city reads its own city; a base reads itself).

import { auditEntry } from '../audit';
import { canReadBase, requireAdmin, requireAdminOrCity, type Principal } from '../auth';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors';
import { parseWith } from '../http';
import { BASE_ID, baseInputSchema, type BaseRecord } from '../registry';
import { putAudited } from '../store/audit';
import { keys } from '../store/keys';
import { getBase, listBases as listAll } from '../store/registry';

export function checkBaseId(baseId: string): void {
  if (!BASE_ID.test(baseId)) throw new BadRequestError('INVALID_BASE_ID', '基地编号应为3-40位小写字母、数字或连字符', { baseId: '格式不正确' });
}

const COMPARED = ['name', 'city', 'county', 'level', 'cohort', 'activeFrom', 'activeTo'] as const;

export async function upsertBase(p: Principal, baseId: string, body: unknown, now = new Date()): Promise<{ base: BaseRecord; created: boolean; changed: boolean }> {
  requireAdmin(p);
  checkBaseId(baseId);
  const input = parseWith(baseInputSchema, body, '基地登记信息有误');
  const before = await getBase(baseId);
  const base: BaseRecord = {
    baseId,
    name: input.name,
    city: input.city,
    county: input.county,
    level: input.level,
    cohort: input.cohort ?? null,
    activeFrom: input.activeFrom ?? null,
    activeTo: input.activeTo ?? null,
    updatedAt: now.toISOString(),
  };
  const changes = Object.fromEntries(
    COMPARED.filter((k) => (before?.[k] ?? null) !== (base[k] ?? null)).map((k) => [k, [before?.[k] ?? null, base[k] ?? null]]),
  );
  if (before && Object.keys(changes).length === 0) return { base: before, created: false, changed: false };
  await putAudited(
    [
      {
        item: { ...keys.base(baseId), ...base },
        // Guard against a concurrent upsert in between our read and write.
        ...(before ? { condition: 'updatedAt = :u', values: { ':u': before.updatedAt } } : { condition: 'attribute_not_exists(pk)' }),
      },
    ],
    auditEntry(p, 'base.upsert', now, { baseId }, { changes }),
  );
  return { base, created: !before, changed: true };
}

export async function listBases(p: Principal): Promise<BaseRecord[]> {
  requireAdminOrCity(p);
  const all = await listAll();
  return (p.role === 'city' ? all.filter((b) => b.city === p.city) : all).sort((a, b) => a.baseId.localeCompare(b.baseId));
}

/** A base the principal may read; 404 for unknown, 403 for someone else's. */
export async function readableBase(p: Principal, baseId: string): Promise<BaseRecord> {
  checkBaseId(baseId);
  // A base user asking for another base is refused before we look it up (no existence oracle).
  if (p.role === 'base' && p.baseId !== baseId) throw new ForbiddenError('只能访问本基地的数据');
  const base = await getBase(baseId);
  if (!base) throw new NotFoundError(`基地「${baseId}」不存在`, 'BASE_NOT_FOUND');
  if (!canReadBase(p, base)) throw new ForbiddenError('只能访问本市州基地的数据');
  return base;
}
