// Files filing versions into the history as the stream delivers them (SPEC §4 audit). Each
// filing write carries its version record (`lastVersion`); here it becomes an immutable HIST
// item, and an admin's action on it (a review, or a write for the base) also an audit entry.

import type { AuditEntry } from '../audit';
import type { FilingVersion } from '../filing';
import { putHistory } from '../store/filings';

const REVIEW_ACTIONS = new Set(['pass', 'accept', 'return', 'reopen']);

/**
 * The audit entry of a version that is an admin action: a review, or a filing an admin saved or
 * submitted for a base (possibly outside the schedule window). Its id is derived from the
 * version, so filing it again is idempotent.
 */
export function adminAudit(v: FilingVersion): AuditEntry | null {
  if (!REVIEW_ACTIONS.has(v.action) && v.by.role !== 'admin') return null;
  const changed = Object.keys(v.changes);
  return {
    id: `${v.program ? `${v.program}.` : ''}${v.baseId}.${v.period}.v${v.version}`,
    at: v.at,
    action: `filing.${v.action}` as AuditEntry['action'],
    actor: v.by,
    ...(v.program ? { [v.program === 'platforms' ? 'platformId' : 'carrierId']: v.baseId, program: v.program } : { baseId: v.baseId }),
    period: v.period,
    details: { comment: v.comment, from: v.from ?? null, to: v.status, ...(changed.length ? { changedFields: changed } : {}) },
  };
}

export async function recordHistory(versions: readonly FilingVersion[]): Promise<void> {
  if (!versions.length) return;
  await putHistory(
    [...versions],
    versions.map(adminAudit).filter((a): a is AuditEntry => a !== null),
  );
}
