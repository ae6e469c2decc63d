// Audit entries for admin actions (SPEC §1, §4). Filing writes are audited by their immutable
// versions; everything an administrator does to the registry, tokens, schedules and reviews
// is recorded here, in the same transaction as the action itself.

import { randomBytes } from 'node:crypto';
import type { Principal } from './auth';

export type AuditAction =
  | 'base.upsert'
  | 'base.designation'
  | 'platform.upsert'
  | 'carrier.upsert'
  | 'carrier.plan'
  | 'registry.import'
  | 'division.put'
  | 'plan.put'
  | 'token.issue'
  | 'token.revoke'
  | 'account.create'
  | 'account.reset'
  | 'account.disable'
  | 'account.enable'
  | 'account.lock'
  | 'account.unlock'
  | 'account.password'
  | 'period.schedule'
  | 'filing.save'
  | 'filing.submit'
  | 'filing.pass'
  | 'filing.accept'
  | 'filing.return'
  | 'filing.reopen';

export interface AuditEntry {
  id: string;
  at: string;
  action: AuditAction;
  /** Who did it; `system` for what the system does by itself (an account locking after wrong passwords). */
  actor: { tokenId: string; role: Principal['role'] | 'system'; name: string; account?: string };
  baseId?: string;
  platformId?: string;
  carrierId?: string;
  /** Set for programs other than the bases (whose entries came first). */
  program?: string;
  period?: string;
  tokenId?: string;
  /** The sign-in account an account action concerns. */
  account?: string;
  /** What changed, old → new where it applies. */
  details: Record<string, unknown>;
}

export function auditEntry(
  p: Principal,
  action: AuditAction,
  now: Date,
  target: Pick<AuditEntry, 'baseId' | 'platformId' | 'carrierId' | 'program' | 'period' | 'tokenId' | 'account'>,
  details: Record<string, unknown>,
): AuditEntry {
  return {
    id: randomBytes(6).toString('hex'),
    at: now.toISOString(),
    action,
    // Signed in with an account, the tokenId is the session's: the account names the person.
    actor: { tokenId: p.tokenId, role: p.role, name: p.name, ...(p.account ? { account: p.account } : {}) },
    ...target,
    details,
  };
}

/** An entry for something the system did by itself, not on anyone's request (an account lock). */
export function systemAuditEntry(
  action: AuditAction,
  now: Date,
  target: Pick<AuditEntry, 'account' | 'baseId' | 'platformId' | 'carrierId'>,
  details: Record<string, unknown>,
): AuditEntry {
  return {
    ...auditEntry({ role: 'admin', tokenId: 'system', name: '系统' }, action, now, target, details),
    actor: { tokenId: 'system', role: 'system', name: '系统(登录保护)' },
  };
}
