// Reading filings, for any program: the current one, its history, and an entity's periods with status.

import type { Principal } from '../auth';
import { NotFoundError } from '../errors';
import { type Filing, type FilingStatus, type FilingVersion, statusLabelOf } from '../filing';
import { type AnyProgram, BASES } from '../program';
import { getFiling, getHistory, listFilingStates } from '../store/filings';
import { listRegistry, readableEntity } from './manage-registry';
import { checkFilingPeriod, listSchedules } from './schedule-period';

export type FilingView = Filing & { statusLabel: string };

/**
 * A filing as the API shows it. The filer's id is stored as `baseId` in every program's items;
 * another program's view names it by its own key (`platformId`).
 */
export function viewOf(f: Filing, program: AnyProgram = BASES): FilingView {
  const view = { ...f, draftPending: !!f.draftPending, statusLabel: statusLabelOf(f) };
  if (program === BASES) return view;
  const { baseId, ...rest } = view;
  const lastVersion = renameId(f.lastVersion, program);
  return { ...rest, [program.idKey]: baseId, lastVersion } as unknown as FilingView;
}

function renameId<T extends { baseId: string }>(v: T, program: AnyProgram): T {
  if (program === BASES || !v) return v;
  const { baseId, ...rest } = v;
  return { ...rest, [program.idKey]: baseId } as unknown as T;
}

export async function readFiling(p: Principal, baseId: string, period: string, program: AnyProgram = BASES): Promise<FilingView> {
  checkFilingPeriod(program, period);
  await readableEntity(p, program, baseId);
  const f = await getFiling(period, baseId, program.tag);
  if (!f) throw new NotFoundError(`该${program.entityWord}本期尚未填报`, 'FILING_NOT_FOUND');
  return viewOf(f, program);
}

export async function readHistory(p: Principal, baseId: string, period: string, program: AnyProgram = BASES): Promise<FilingVersion[]> {
  checkFilingPeriod(program, period);
  await readableEntity(p, program, baseId);
  const [versions, current] = await Promise.all([getHistory(baseId, period, program.tag), getFiling(period, baseId, program.tag)]);
  // The newest version may not have been filed by the stream yet; it is in the filing itself.
  const latest = current?.lastVersion;
  if (latest && !versions.some((v) => v.version === latest.version)) versions.push(latest);
  return versions.map((v) => renameId(v, program));
}

/** A scheduled period with an entity's status in it: a row of GET /api/{bases|platforms|carriers}/{id}/filings. */
export interface EntityPeriodRow {
  period: string;
  opensAt: string;
  dueAt: string;
  closesAt: string;
  status: FilingStatus | 'missing';
  draftPending: boolean;
  statusLabel: string;
  counted: boolean;
  late: boolean;
  version: number;
  fieldCount: number;
}

/** The scheduled periods with this entity's status in each (for the filer's own overview). */
export async function listEntityFilings(p: Principal, baseId: string, program: AnyProgram = BASES) {
  const entity = await readableEntity<{ updatedAt: string }>(p, program, baseId);
  const schedules = await listSchedules(program);
  const rows = await Promise.all(
    schedules.map(async (s): Promise<EntityPeriodRow> => {
      const f = await getFiling(s.period, baseId, program.tag);
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
        fieldCount: program.fields(s.period).length,
      };
    }),
  );
  // Periods outside the entity's activity range are not its to file, unless it filed them anyway.
  const own = rows.filter((r) => r.status !== 'missing' || program.activeIn(entity, r.period));
  return { [program.role]: entity, periods: own.sort((a, b) => b.period.localeCompare(a.period)) };
}

export const listBaseFilings = (p: Principal, baseId: string) => listEntityFilings(p, baseId, BASES);

/** Every filing of a period with its entity (admin; a city: its own), without the values. */
export async function listPeriodFilings(p: Principal, period: string, program: AnyProgram = BASES) {
  checkFilingPeriod(program, period);
  const entities = await listRegistry<{ city: string; updatedAt: string }>(p, program);
  const states = await listFilingStates(
    period,
    entities.map((e) => program.idOf(e)),
    program.tag,
  );
  const byId = new Map(entities.map((e) => [program.idOf(e), e]));
  const key = program.role;
  return states
    .filter((f) => byId.has(f.baseId))
    .map((f) => {
      const { baseId, ...rest } = f;
      const state = program === BASES ? f : { ...rest, [program.idKey]: baseId };
      return { [key]: byId.get(f.baseId)!, filing: { ...state, draftPending: !!f.draftPending, statusLabel: statusLabelOf(f) } };
    });
}
