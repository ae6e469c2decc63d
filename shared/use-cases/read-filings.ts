// Reading filings: the current one, its history, and a base's periods with status.

import type { Principal } from '../auth';
import { fieldsForPeriod } from '../catalog';
import { NotFoundError } from '../errors';
import { statusLabelOf, type Filing, type FilingVersion } from '../filing';
import { getFiling, getHistory, listFilingStates } from '../store/filings';
import { listSchedules } from '../store/periods';
import { isActiveIn } from '../registry';
import { listBases, readableBase } from './manage-registry';
import { checkQuarter } from './schedule-period';

export interface FilingView extends Filing {
  statusLabel: string;
}

export const viewOf = (f: Filing): FilingView => ({ ...f, draftPending: !!f.draftPending, statusLabel: statusLabelOf(f) });

export async function readFiling(p: Principal, baseId: string, period: string): Promise<FilingView> {
  checkQuarter(period);
  await readableBase(p, baseId);
  const f = await getFiling(period, baseId);
  if (!f) throw new NotFoundError('该基地本期尚未填报', 'FILING_NOT_FOUND');
  return viewOf(f);
}

export async function readHistory(p: Principal, baseId: string, period: string): Promise<FilingVersion[]> {
  checkQuarter(period);
  await readableBase(p, baseId);
  const [versions, current] = await Promise.all([getHistory(baseId, period), getFiling(period, baseId)]);
  // The newest version may not have been filed by the stream yet; it is in the filing itself.
  const latest = current?.lastVersion;
  if (latest && !versions.some((v) => v.version === latest.version)) versions.push(latest);
  return versions;
}

/** The scheduled periods with this base's status in each (for the base's own overview). */
export async function listBaseFilings(p: Principal, baseId: string) {
  const base = await readableBase(p, baseId);
  const schedules = await listSchedules();
  const rows = await Promise.all(
    schedules.map(async (s) => {
      const f = await getFiling(s.period, baseId);
      const status = f?.status ?? 'missing';
      return {
        period: s.period,
        opensAt: s.opensAt,
        dueAt: s.dueAt,
        closesAt: s.closesAt,
        status,
        draftPending: !!f?.draftPending,
        statusLabel: statusLabelOf(f),
        counted: !!f?.counted,
        late: f?.late ?? false,
        version: f?.version ?? 0,
        fieldCount: fieldsForPeriod(s.period).length,
      };
    }),
  );
  // Quarters outside the base's activity range are not its to file, unless it filed them anyway.
  const own = rows.filter((r) => r.status !== 'missing' || isActiveIn(base, r.period));
  return { base, periods: own.sort((a, b) => b.period.localeCompare(a.period)) };
}

/** Every filing of a period with its base (admin; a city: its own bases), without the values. */
export async function listPeriodFilings(p: Principal, period: string) {
  checkQuarter(period);
  const bases = await listBases(p);
  const states = await listFilingStates(period, bases.map((b) => b.baseId));
  const byId = new Map(bases.map((b) => [b.baseId, b]));
  return states
    .filter((f) => byId.has(f.baseId))
    .map((f) => ({ base: byId.get(f.baseId)!, filing: { ...f, draftPending: !!f.draftPending, statusLabel: statusLabelOf(f) } }));
}
