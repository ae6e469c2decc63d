// Who is calling: the configured admin token, or an issued token that is not revoked — or a
// session (an account's sign-in, shared/use-cases/manage-accounts.ts) that has not expired and
// whose account is enabled and still on the epoch the session was signed in under.

import { ADMIN_TOKEN_ID, hashesEqual, type Principal, parseBearer, sha256 } from '../auth';
import { config } from '../config';
import { UnauthorizedError } from '../errors';
import { getAccount } from '../store/accounts';
import { getToken } from '../store/tokens';

export async function authenticate(authorization: string | undefined, now = new Date()): Promise<Principal> {
  const bearer = parseBearer(authorization);
  const whole = bearer.kind === 'other' ? bearer.token : `tb_${bearer.tokenId}_${bearer.secret}`;
  if (config.adminTokenHash && hashesEqual(sha256(whole), config.adminTokenHash)) return { role: 'admin', tokenId: ADMIN_TOKEN_ID, name: '省级管理员' };
  if (bearer.kind === 'other') throw new UnauthorizedError('令牌无效');
  // Read on every request (no cache) so that a revocation takes effect immediately.
  const t = await getToken(bearer.tokenId);
  if (!t || !hashesEqual(sha256(bearer.secret), t.hash)) throw new UnauthorizedError('令牌无效');
  if (t.revokedAt) throw new UnauthorizedError('令牌已被撤销');
  if (t.expiresAt && !(Date.parse(t.expiresAt) > now.getTime())) throw new UnauthorizedError('令牌已过期');
  if (t.accountId) {
    // Checked on every request (one GetItem, no cache) rather than revoking an account's sessions
    // when it is disabled or its password reset: that would need a query and a write per session,
    // and could miss a session signed in at the same moment. Here nothing can slip through.
    const a = await getAccount(t.accountId);
    if (!a || a.disabledAt) throw new UnauthorizedError('账号已停用');
    if (a.epoch !== t.epoch) throw new UnauthorizedError('登录已失效(密码已重置或账号曾停用),请重新登录');
  }
  return {
    role: t.role,
    tokenId: t.tokenId,
    name: t.holder.name,
    ...(t.baseId ? { baseId: t.baseId } : {}),
    ...(t.platformId ? { platformId: t.platformId } : {}),
    ...(t.carrierId ? { carrierId: t.carrierId } : {}),
    ...(t.city ? { city: t.city } : {}),
    ...(t.province ? { province: t.province } : {}),
    ...(t.accountId ? { account: t.accountId } : {}),
  };
}
