// Who has filed (SPEC §5 completeness): expected, submitted, on time, late, returned, missing —
// for the province (or one city), by city and by level.

import { requireAdminOrCity, type Principal } from '../auth';
import { LEVEL_LABELS, isActiveIn, type BaseRecord } from '../registry';
import { listFilingStates, type FilingState } from '../store/filings';
import { getSchedule } from '../store/periods';
import { listBases } from './manage-registry';
import { checkQuarter } from './schedule-period';

export interface Counts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  returned: number;
  accepted: number;
  missing: number;
}

const zero = (): Counts => ({ expected: 0, submitted: 0, onTime: 0, late: 0, returned: 0, accepted: 0, missing: 0 });

export type BaseFilingState = 'missing' | 'draft' | 'submitted' | 'returned' | 'accepted';

/** Pure: completeness of `bases` (already scoped) given the period's filings. */
export function computeCompleteness(period: string, bases: readonly BaseRecord[], filings: readonly FilingState[]) {
  const byBase = new Map(filings.map((f) => [f.baseId, f]));
  const total = zero();
  const byCity = new Map<string, Counts>();
  const byLevel = new Map<string, Counts>();
  const missing: Array<{ baseId: string; name: string; city: string; county: string; level: string; hasDraft: boolean }> = [];
  const returned: Array<{ baseId: string; name: string; city: string; comment: string | null }> = [];
  for (const b of bases) {
    if (!isActiveIn(b, period)) continue;
    const f = byBase.get(b.baseId);
    const buckets = [total, getOr(byCity, b.city), getOr(byLevel, b.level)];
    for (const c of buckets) c.expected++;
    // Filed = something counts (a later draft or a return does not un-file it).
    if (f && f.countedRev > 0) {
      for (const c of buckets) {
        c.submitted++;
        if (f.late) c.late++;
        else c.onTime++;
        if (f.status === 'returned') c.returned++;
        if (f.status === 'accepted') c.accepted++;
      }
      if (f.status === 'returned') returned.push({ baseId: b.baseId, name: b.name, city: b.city, comment: f.reviewComment });
    } else {
      for (const c of buckets) c.missing++;
      missing.push({ baseId: b.baseId, name: b.name, city: b.city, county: b.county, level: b.level, hasDraft: !!f });
    }
  }
  const rate = (c: Counts) => ({ ...c, submissionRate: c.expected ? c.submitted / c.expected : null, onTimeRate: c.expected ? c.onTime / c.expected : null });
  return {
    period,
    ...rate(total),
    byCity: [...byCity].map(([city, c]) => ({ city, ...rate(c) })),
    byLevel: [...byLevel].map(([level, c]) => ({ level, levelLabel: LEVEL_LABELS[level as 'national'], ...rate(c) })),
    missingBases: missing,
    returnedBases: returned,
  };
}

function getOr(m: Map<string, Counts>, k: string): Counts {
  let c = m.get(k);
  if (!c) m.set(k, (c = zero()));
  return c;
}

export async function reportCompleteness(p: Principal, period: string) {
  requireAdminOrCity(p);
  checkQuarter(period);
  const [bases, schedule] = await Promise.all([listBases(p), getSchedule(period)]);
  const filings = await listFilingStates(period, bases.map((b) => b.baseId));
  return { ...computeCompleteness(period, bases, filings), schedule: schedule ?? null };
}
