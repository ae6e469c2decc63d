// Files filing versions into the history as the stream delivers them (SPEC §4 audit). Each
// filing write carries its version record (`lastVersion`); here it becomes an immutable HIST
// item, and a review action also becomes an admin audit entry.

import type { AuditEntry } from '../audit';
import type { FilingVersion } from '../filing';
import { putHistory } from '../store/filings';

const REVIEW_ACTIONS = new Set(['accept', 'return', 'reopen']);

/** The audit entry of a review version; its id is derived from the version, so it is idempotent. */
export function reviewAudit(v: FilingVersion): AuditEntry | null {
  if (!REVIEW_ACTIONS.has(v.action)) return null;
  return {
    id: `${v.baseId}.${v.period}.v${v.version}`,
    at: v.at,
    action: `filing.${v.action}` as AuditEntry['action'],
    actor: v.by,
    baseId: v.baseId,
    period: v.period,
    details: { comment: v.comment, from: v.from ?? null, to: v.status },
  };
}

export async function recordHistory(versions: readonly FilingVersion[]): Promise<void> {
  if (!versions.length) return;
  await putHistory([...versions], versions.map(reviewAudit).filter((a): a is AuditEntry => a !== null));
}
