// Issuing and revoking tokens (admin only). A token is shown once; only its hash is stored.
// Handing a base over to a new information administrator = issue a new token, revoke the old.

import { auditEntry } from '../audit';
import { newToken, type Principal, requireAdmin, type TokenRecord, tokenRequestSchema } from '../auth';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors';
import { parseWith } from '../http';
import { principalProvince, requireRoleServed } from '../national';
import { PLATFORM_ID } from '../platforms/registry';
import { CARRIERS, PLATFORMS } from '../program';
import { BASE_ID } from '../registry';
import { putAudited } from '../store/audit';
import { keys } from '../store/keys';
import { getBase, getEntity } from '../store/registry';
import { getToken, listTokens as listTokenRecords } from '../store/tokens';

export type TokenView = Omit<TokenRecord, 'hash'>;
const view = ({ hash: _h, ...rest }: TokenRecord): TokenView => rest;

/** A filer's token or account names an entity that must be registered first (400 otherwise). */
export async function requireRegisteredEntity(req: { role: string; baseId?: string; platformId?: string; carrierId?: string }): Promise<void> {
  if (req.role === 'base' && !(await getBase(req.baseId!)))
    throw new BadRequestError('BASE_NOT_FOUND', `基地「${req.baseId}」不存在,请先登记`, { baseId: '基地不存在' });
  if (req.role === 'platform' && !(await getEntity(PLATFORMS, req.platformId!)))
    throw new BadRequestError('PLATFORM_NOT_FOUND', `平台「${req.platformId}」不存在,请先登记`, { platformId: '平台不存在' });
  if (req.role === 'carrier' && !(await getEntity(CARRIERS, req.carrierId!)))
    throw new BadRequestError('CARRIER_NOT_FOUND', `载体「${req.carrierId}」不存在,请先登记`, { carrierId: '载体不存在' });
}

export async function issueToken(p: Principal, body: unknown, now = new Date()): Promise<{ tokenId: string; token: string; record: TokenView }> {
  requireAdmin(p);
  const req = parseWith(tokenRequestSchema, body, '令牌申请内容有误');
  requireRoleServed(req.role);
  await requireRegisteredEntity(req);
  const province = principalProvince(req);
  // A province's admin issues tokens of its own province only.
  if (p.province && province !== p.province) throw new ForbiddenError(`只能签发${p.province}的令牌`);
  const t = newToken();
  const record: TokenRecord = {
    tokenId: t.tokenId,
    hash: t.hash,
    role: req.role,
    baseId: req.role === 'base' ? req.baseId : null,
    ...(req.role === 'platform' ? { platformId: req.platformId } : {}),
    ...(req.role === 'carrier' ? { carrierId: req.carrierId } : {}),
    city: req.role === 'city' ? req.city : null,
    ...(province ? { province } : {}),
    holder: req.holder,
    createdAt: now.toISOString(),
    createdBy: p.tokenId,
    revokedAt: null,
  };
  await putAudited(
    [{ item: { ...keys.token(t.tokenId), ...record }, condition: 'attribute_not_exists(pk)' }],
    auditEntry(
      p,
      'token.issue',
      now,
      {
        tokenId: t.tokenId,
        ...(record.baseId ? { baseId: record.baseId } : {}),
        ...(record.platformId ? { platformId: record.platformId } : {}),
        ...(record.carrierId ? { carrierId: record.carrierId } : {}),
      },
      {
        role: record.role,
        city: record.city,
        holder: record.holder,
      },
    ),
  );
  return { tokenId: t.tokenId, token: t.token, record: view(record) };
}

export async function revokeToken(p: Principal, tokenId: string, now = new Date()): Promise<TokenView> {
  requireAdmin(p);
  if (!/^[0-9a-f]{16}$/.test(tokenId)) throw new NotFoundError('令牌不存在', 'TOKEN_NOT_FOUND');
  const existing = await getToken(tokenId);
  if (!existing) throw new NotFoundError('令牌不存在', 'TOKEN_NOT_FOUND');
  if (existing.revokedAt) return view(existing); // repeating a revocation is a no-op
  const revoked: TokenRecord = { ...existing, revokedAt: now.toISOString(), revokedBy: p.tokenId };
  await putAudited(
    [
      {
        item: { ...keys.token(tokenId), ...revoked },
        condition: 'attribute_exists(pk) AND (attribute_not_exists(revokedAt) OR attribute_type(revokedAt, :null))',
        values: { ':null': 'NULL' },
      },
    ],
    auditEntry(
      p,
      'token.revoke',
      now,
      {
        tokenId,
        ...(existing.baseId ? { baseId: existing.baseId } : {}),
        ...(existing.platformId ? { platformId: existing.platformId } : {}),
        ...(existing.carrierId ? { carrierId: existing.carrierId } : {}),
      },
      { holder: existing.holder },
    ),
  ).catch(async (e) => {
    // Lost a race with another revocation: the token is revoked either way.
    if ((await getToken(tokenId))?.revokedAt) return;
    throw e;
  });
  return view(revoked);
}

export async function listTokens(p: Principal, filter: { baseId?: string; platformId?: string }): Promise<TokenView[]> {
  requireAdmin(p);
  if (filter.baseId !== undefined && !BASE_ID.test(filter.baseId)) throw new BadRequestError('BAD_REQUEST', '基地编号格式不正确', { baseId: '格式不正确' });
  if (filter.platformId !== undefined && !PLATFORM_ID.test(filter.platformId))
    throw new BadRequestError('BAD_REQUEST', '平台编号格式不正确', { platformId: '格式不正确' });
  return (
    (await listTokenRecords())
      // Account sign-ins (sessions) share the TOKEN partition; they are listed with their accounts, not here.
      .filter((t) => !t.accountId)
      .filter((t) => (!filter.baseId || t.baseId === filter.baseId) && (!filter.platformId || t.platformId === filter.platformId))
      .map(view)
  );
}
