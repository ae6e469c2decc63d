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
  | 'division.put'
  | 'plan.put'
  | 'token.issue'
  | 'token.revoke'
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
  actor: { tokenId: string; role: Principal['role']; name: string };
  baseId?: string;
  platformId?: string;
  carrierId?: string;
  /** Set for programs other than the bases (whose entries came first). */
  program?: string;
  period?: string;
  tokenId?: string;
  /** What changed, old → new where it applies. */
  details: Record<string, unknown>;
}

export function auditEntry(p: Principal, action: AuditAction, now: Date, target: Pick<AuditEntry, 'baseId' | 'platformId' | 'carrierId' | 'program' | 'period' | 'tokenId'>, details: Record<string, unknown>): AuditEntry {
  return {
    id: randomBytes(6).toString('hex'),
    at: now.toISOString(),
    action,
    actor: { tokenId: p.tokenId, role: p.role, name: p.name },
    ...target,
    details,
  };
}
