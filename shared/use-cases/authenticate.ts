// Who is calling: the configured admin token, or an issued token that is not revoked.

import { ADMIN_TOKEN_ID, hashesEqual, parseBearer, sha256, type Principal } from '../auth';
import { config } from '../config';
import { UnauthorizedError } from '../errors';
import { getToken } from '../store/tokens';

export async function authenticate(authorization: string | undefined): Promise<Principal> {
  const bearer = parseBearer(authorization);
  const whole = bearer.kind === 'other' ? bearer.token : `tb_${bearer.tokenId}_${bearer.secret}`;
  if (config.adminTokenHash && hashesEqual(sha256(whole), config.adminTokenHash))
    return { role: 'admin', tokenId: ADMIN_TOKEN_ID, name: '省级管理员' };
  if (bearer.kind === 'other') throw new UnauthorizedError('令牌无效');
  // Read on every request (no cache) so that a revocation takes effect immediately.
  const t = await getToken(bearer.tokenId);
  if (!t || !hashesEqual(sha256(bearer.secret), t.hash)) throw new UnauthorizedError('令牌无效');
  if (t.revokedAt) throw new UnauthorizedError('令牌已被撤销');
  return {
    role: t.role,
    tokenId: t.tokenId,
    name: t.holder.name,
    ...(t.baseId ? { baseId: t.baseId } : {}),
    ...(t.platformId ? { platformId: t.platformId } : {}),
    ...(t.city ? { city: t.city } : {}),
  };
}
