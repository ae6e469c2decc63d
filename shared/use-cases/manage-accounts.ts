// Sign-in accounts (issue 19): an information administrator signs in with account and password
// instead of pasting a 70-character token. Admins create, list, reset, disable/enable and unlock
// accounts (each audited); anyone signs in (`POST /api/sessions`) and gets a session token in
// the issued tokens' format (`tb_<id>_<secret>`), stored as a TOKEN item that expires and names
// its account. authenticate() checks the account on every request made with a session, so a
// disabled account or a reset password ends its sessions at once (the account's `epoch`).
//
// Passwords: scrypt (shared/passwords.ts); never returned, logged or audited. An initial
// password generated here is shown once, in the response to the admin who asked for it.

import { z } from 'zod';
import { auditEntry, systemAuditEntry } from '../audit';
import { accountRequestSchema, newToken, type Principal, requireAdmin, type TokenRecord, USERNAME } from '../auth';
import { config } from '../config';
import {
  AccountLockedError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
} from '../errors';
import { parseWith } from '../http';
import { principalProvince, requireRoleServed } from '../national';
import { afterFailure, beijingTime, DUMMY_HASH, generatePassword, hashPassword, isLocked, passwordProblem, verifyPassword } from '../passwords';
import { type AccountRecord, accountPut, getAccount, listAccounts as listAccountRecords, replaceAccount } from '../store/accounts';
import { putAudited } from '../store/audit';
import { getToken, putToken, replaceToken } from '../store/tokens';
import { requireRegisteredEntity } from './manage-tokens';

export type AccountView = Omit<AccountRecord, 'passwordHash' | 'epoch' | 'rev'> & { locked: boolean };

const view = ({ passwordHash: _h, epoch: _e, rev: _r, ...rest }: AccountRecord, now = new Date()): AccountView => ({
  ...rest,
  locked: isLocked(rest.lockedUntil, now),
});

/** Ids an audit entry of the account carries, so `GET /api/audit?baseId=` finds it with the base's. */
const targetOf = (a: AccountRecord) => ({
  account: a.username,
  ...(a.baseId ? { baseId: a.baseId } : {}),
  ...(a.platformId ? { platformId: a.platformId } : {}),
  ...(a.carrierId ? { carrierId: a.carrierId } : {}),
});

/** The account named in a path (in any case, as at sign-in); 404 for a malformed name as for an unknown one. */
async function existing(name: string): Promise<AccountRecord> {
  const username = name.toLowerCase();
  const a = USERNAME.test(username) ? await getAccount(username) : undefined;
  if (!a) throw new NotFoundError('账号不存在', 'ACCOUNT_NOT_FOUND');
  return a;
}

/** An audited rewrite of an account; a concurrent change is a 409 (the admin retries on fresh data). */
async function writeAudited(prev: AccountRecord, next: AccountRecord, entry: ReturnType<typeof auditEntry>): Promise<void> {
  await putAudited([accountPut(next, prev.rev)], entry);
}

export async function createAccount(p: Principal, body: unknown, now = new Date()): Promise<{ account: AccountView; initialPassword?: string }> {
  requireAdmin(p);
  const req = parseWith(accountRequestSchema, body, '账号内容有误');
  requireRoleServed(req.role);
  if (req.password !== undefined) {
    const problem = passwordProblem(req.password, req.username);
    if (problem) throw new ValidationError({ password: problem }, '密码不符合要求', 'BAD_REQUEST');
  }
  await requireRegisteredEntity(req);
  if (await getAccount(req.username)) throw new ConflictError('ACCOUNT_EXISTS', `账号「${req.username}」已存在`, { username: '账号已存在' });
  const province = principalProvince(req);
  if (p.province && province !== p.province) throw new ForbiddenError(`只能开设${p.province}的账号`);
  const initialPassword = req.password === undefined ? generatePassword() : undefined;
  const at = now.toISOString();
  const record: AccountRecord = {
    username: req.username,
    role: req.role,
    baseId: req.role === 'base' ? req.baseId : null,
    platformId: req.role === 'platform' ? req.platformId : null,
    carrierId: req.role === 'carrier' ? req.carrierId : null,
    city: req.role === 'city' ? req.city : null,
    ...(province ? { province } : {}),
    holder: req.holder,
    passwordHash: await hashPassword(req.password ?? initialPassword!),
    passwordSetAt: at,
    mustChangePassword: true,
    createdAt: at,
    createdBy: p.tokenId,
    disabledAt: null,
    failures: 0,
    lockedUntil: null,
    epoch: 1,
    rev: 1,
  };
  try {
    await putAudited(
      [accountPut(record, null)],
      auditEntry(p, 'account.create', now, targetOf(record), {
        role: record.role,
        city: record.city,
        holder: record.holder,
        initialPassword: initialPassword !== undefined,
      }),
    );
  } catch (e) {
    if (e instanceof ConflictError) throw new ConflictError('ACCOUNT_EXISTS', `账号「${req.username}」已存在`, { username: '账号已存在' });
    throw e;
  }
  return { account: view(record, now), ...(initialPassword !== undefined ? { initialPassword } : {}) };
}

export async function listAccounts(p: Principal, now = new Date()): Promise<AccountView[]> {
  requireAdmin(p);
  return (await listAccountRecords()).map((a) => view(a, now));
}

/** A new initial password (shown once); ends the account's sessions and clears a lock. */
export async function resetPassword(p: Principal, username: string, now = new Date()): Promise<{ account: AccountView; initialPassword: string }> {
  requireAdmin(p);
  const prev = await existing(username);
  const initialPassword = generatePassword();
  const next: AccountRecord = {
    ...prev,
    passwordHash: await hashPassword(initialPassword),
    passwordSetAt: now.toISOString(),
    mustChangePassword: true,
    failures: 0,
    lockedUntil: null,
    epoch: prev.epoch + 1,
    rev: prev.rev + 1,
  };
  await writeAudited(prev, next, auditEntry(p, 'account.reset', now, targetOf(prev), { holder: prev.holder, wasLocked: isLocked(prev.lockedUntil, now) }));
  return { account: view(next, now), initialPassword };
}

/** Handover: disable the departing administrator's account (its sessions end at once), create another. */
export async function disableAccount(p: Principal, username: string, now = new Date()): Promise<AccountView> {
  requireAdmin(p);
  const prev = await existing(username);
  if (prev.disabledAt) return view(prev, now); // repeating is a no-op
  const next: AccountRecord = { ...prev, disabledAt: now.toISOString(), disabledBy: p.tokenId, epoch: prev.epoch + 1, rev: prev.rev + 1 };
  await writeAudited(prev, next, auditEntry(p, 'account.disable', now, targetOf(prev), { holder: prev.holder }));
  return view(next, now);
}

/** Re-enables an account; its old sessions stay ended (disabling moved the epoch on). */
export async function enableAccount(p: Principal, username: string, now = new Date()): Promise<AccountView> {
  requireAdmin(p);
  const prev = await existing(username);
  if (!prev.disabledAt) return view(prev, now);
  const next: AccountRecord = { ...prev, disabledAt: null, disabledBy: null, rev: prev.rev + 1 };
  await writeAudited(prev, next, auditEntry(p, 'account.enable', now, targetOf(prev), { holder: prev.holder, disabledAt: prev.disabledAt }));
  return view(next, now);
}

export async function unlockAccount(p: Principal, username: string, now = new Date()): Promise<AccountView> {
  requireAdmin(p);
  const prev = await existing(username);
  if (!prev.failures && !prev.lockedUntil) return view(prev, now);
  const next: AccountRecord = { ...prev, failures: 0, lockedUntil: null, rev: prev.rev + 1 };
  await writeAudited(
    prev,
    next,
    auditEntry(p, 'account.unlock', now, targetOf(prev), {
      failures: prev.failures,
      lockedUntil: prev.lockedUntil ?? null,
      wasLocked: isLocked(prev.lockedUntil, now),
    }),
  );
  return view(next, now);
}

// ---- sign-in ---------------------------------------------------------------------------------

export const signInSchema = z
  .object({
    username: z.string({ error: '账号:必填' }).trim().toLowerCase().min(1, '账号:必填').max(64, '账号或密码不正确'),
    password: z.string({ error: '密码:必填' }).min(1, '密码:必填').max(128, '账号或密码不正确'),
  })
  .strict();

/** The one answer for an unknown account and a wrong password: no way to tell which. */
const invalidCredentials = () => new UnauthorizedError('账号或密码不正确', 'INVALID_CREDENTIALS');
const lockedError = (until: string) =>
  new AccountLockedError(`连续输错密码次数过多,账号已锁定至 ${beijingTime(until)}(北京时间),请届时再试或联系省级管理员解锁`, until);

/** Counting attempts: a lost race re-reads and counts again, this many times before a 503. */
const MAX_WRITE_ATTEMPTS = 12;

/**
 * One more wrong password, counted exactly once even when several arrive together. Returns the
 * account as written, or as found locked by a concurrent attempt (a locked account counts no
 * attempts: they are refused before the password is checked).
 */
async function countFailure(read: AccountRecord, now: Date): Promise<AccountRecord | undefined> {
  let cur: AccountRecord | undefined = read;
  for (let i = 0; i < MAX_WRITE_ATTEMPTS && cur; i++) {
    if (isLocked(cur.lockedUntil, now) || cur.disabledAt) return cur;
    const after = afterFailure(cur.failures, now);
    const next: AccountRecord = { ...cur, ...after, rev: cur.rev + 1 };
    if (after.lockedUntil) {
      // The lock is written with its audit entry, by the system, in one transaction.
      try {
        await putAudited(
          [accountPut(next, cur.rev)],
          systemAuditEntry('account.lock', now, targetOf(cur), { failures: after.failures, lockedUntil: after.lockedUntil }),
        );
        return next;
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
      }
    } else if (await replaceAccount(next, cur.rev)) return next;
    cur = await getAccount(read.username);
  }
  if (!cur) return undefined;
  throw new ServiceUnavailableError();
}

/** A successful sign-in clears the count of wrong passwords (unless a concurrent failure locked it meanwhile). */
async function clearFailures(read: AccountRecord, now: Date): Promise<AccountRecord> {
  let cur: AccountRecord | undefined = read;
  for (let i = 0; i < MAX_WRITE_ATTEMPTS && cur; i++) {
    if (isLocked(cur.lockedUntil, now)) throw lockedError(cur.lockedUntil!);
    if (!cur.failures && !cur.lockedUntil) return cur;
    const next: AccountRecord = { ...cur, failures: 0, lockedUntil: null, rev: cur.rev + 1 };
    if (await replaceAccount(next, cur.rev)) return next;
    cur = await getAccount(read.username);
  }
  if (!cur) throw invalidCredentials();
  throw new ServiceUnavailableError();
}

export interface SessionIssued {
  token: string;
  expiresAt: string;
  username: string;
  role: AccountRecord['role'];
  /** The password was set by an admin (initial or reset): the pages ask the holder to choose one. */
  mustChangePassword: boolean;
}

export async function signIn(body: unknown, now = new Date()): Promise<SessionIssued> {
  const req = parseWith(signInSchema, body, '请输入账号和密码');
  const account = USERNAME.test(req.username) ? await getAccount(req.username) : undefined;
  if (account && isLocked(account.lockedUntil, now)) throw lockedError(account.lockedUntil!);
  // An unknown account costs the same scrypt as a known one.
  const ok = await verifyPassword(req.password, account?.passwordHash ?? DUMMY_HASH);
  if (!account) throw invalidCredentials();
  if (!ok) {
    const after = await countFailure(account, now);
    if (after && isLocked(after.lockedUntil, now) && !after.disabledAt) throw lockedError(after.lockedUntil!);
    throw invalidCredentials();
  }
  // The right password: saying the account is disabled tells nothing to someone who does not know it.
  if (account.disabledAt) throw new ForbiddenError('该账号已停用,请联系省级管理员', 'ACCOUNT_DISABLED');
  const current = await clearFailures(account, now);
  const t = newToken();
  const expires = new Date(now.getTime() + config.sessionHours * 3600_000);
  const session: TokenRecord = {
    tokenId: t.tokenId,
    hash: t.hash,
    role: current.role,
    baseId: current.baseId ?? null,
    ...(current.platformId ? { platformId: current.platformId } : {}),
    ...(current.carrierId ? { carrierId: current.carrierId } : {}),
    city: current.city ?? null,
    ...(current.province ? { province: current.province } : {}),
    holder: current.holder,
    createdAt: now.toISOString(),
    createdBy: `account:${current.username}`,
    revokedAt: null,
    expiresAt: expires.toISOString(),
    accountId: current.username,
    epoch: current.epoch,
    // Seconds since the epoch, for a DynamoDB TTL on `ttl` to remove ended sessions a day later.
    ttl: Math.floor(expires.getTime() / 1000) + 86_400,
  };
  await putToken(session);
  return { token: t.token, expiresAt: session.expiresAt!, username: current.username, role: current.role, mustChangePassword: !!current.mustChangePassword };
}

export const changeSchema = z
  .object({
    currentPassword: z.string({ error: '当前密码:必填' }).min(1, '当前密码:必填').max(128, '当前密码不正确'),
    newPassword: z.string({ error: '新密码:必填' }).min(1, '新密码:必填'),
  })
  .strict();

/**
 * The holder changes their own password (signed in with the account; the current password
 * again, counted like a sign-in so a borrowed session cannot guess it). Every other session of
 * the account ends; this one goes on. Audited: a password change is the holder's own act.
 */
export async function changeOwnPassword(p: Principal, body: unknown, now = new Date()): Promise<{ passwordSetAt: string }> {
  if (!p.account) throw new BadRequestError('NOT_AN_ACCOUNT', '使用令牌登录时没有密码可改;请使用账号登录后修改密码');
  const req = parseWith(changeSchema, body, '请填写当前密码和新密码');
  const account = await getAccount(p.account);
  if (!account || account.disabledAt) throw new UnauthorizedError('账号已停用');
  if (isLocked(account.lockedUntil, now)) throw lockedError(account.lockedUntil!);
  if (!(await verifyPassword(req.currentPassword, account.passwordHash))) {
    const after = await countFailure(account, now);
    if (after && isLocked(after.lockedUntil, now)) throw lockedError(after.lockedUntil!);
    throw new ValidationError({ currentPassword: '当前密码不正确' }, '当前密码不正确', 'BAD_REQUEST');
  }
  const problem = passwordProblem(req.newPassword, account.username) ?? (req.newPassword === req.currentPassword ? '新密码不能与当前密码相同' : undefined);
  if (problem) throw new ValidationError({ newPassword: problem }, '新密码不符合要求', 'BAD_REQUEST');
  const fresh = (await getAccount(account.username)) ?? account; // the failure count may have moved meanwhile
  const next: AccountRecord = {
    ...fresh,
    passwordHash: await hashPassword(req.newPassword),
    passwordSetAt: now.toISOString(),
    mustChangePassword: false,
    failures: 0,
    lockedUntil: null,
    epoch: fresh.epoch + 1,
    rev: fresh.rev + 1,
  };
  await writeAudited(fresh, next, auditEntry(p, 'account.password', now, targetOf(fresh), { holder: fresh.holder }));
  // This session moves to the new epoch; the others stay behind and end.
  const t = await getToken(p.tokenId);
  if (t) await replaceToken({ ...t, epoch: next.epoch });
  return { passwordSetAt: next.passwordSetAt };
}

/** Signs the current session out (revokes it). A plain issued token is not a session: nothing to do. */
export async function signOut(p: Principal, now = new Date()): Promise<{ signedOut: boolean }> {
  if (!p.account) return { signedOut: false };
  const t = await getToken(p.tokenId);
  if (!t || t.revokedAt) return { signedOut: true };
  await replaceToken({ ...t, revokedAt: now.toISOString(), revokedBy: p.tokenId });
  return { signedOut: true };
}
