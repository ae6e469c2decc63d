// Who has filed (SPEC §5 completeness), for any program: expected, submitted, on time, late,
// returned, missing — for the province (or one city), by city and by the program's second
// grouping (a base's level, a platform's tier).

import { type Principal, requireAdminOrCity, withinProvince } from '../auth';
import { chaseOf } from '../chase';
import { type AnyProgram, BASES } from '../program';
import { cityRank, isNationalInForce } from '../province';
import { CHINA_PROVINCES } from '../provinces-cn';
import type { BaseRecord } from '../registry';
import { type FilingState, listFilingStates } from '../store/filings';
import { getSchedule } from '../store/periods';
import { listEntities } from '../store/registry';
import { listTokens } from '../store/tokens';
import { provinceOfPrincipal } from './principal-province';
import { checkFilingPeriod } from './schedule-period';

export interface Counts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  returned: number;
  /** Passed a city's 初审, waiting for the province (two-level review). */
  checked: number;
  accepted: number;
  missing: number;
}

const zero = (): Counts => ({ expected: 0, submitted: 0, onTime: 0, late: 0, returned: 0, checked: 0, accepted: 0, missing: 0 });

export type BaseFilingState = 'missing' | 'draft' | 'submitted' | 'returned' | 'accepted';

/**
 * Pure: completeness of a program's `entities` (already scoped) given the period's filings,
 * grouped by city and by the program's second grouping (`byGroup`).
 */
export function programCompleteness<E>(program: AnyProgram, period: string, entities: readonly E[], filings: readonly FilingState[]) {
  const byId = new Map(filings.map((f) => [f.baseId, f]));
  const total = zero();
  const byCity = new Map<string, Counts>();
  const byGroup = new Map<string, Counts>();
  const missing: Array<{ id: string; name: string; city: string; county: string; group: string; hasDraft: boolean }> = [];
  const returned: Array<{ id: string; name: string; city: string; comment: string | null }> = [];
  for (const e of entities) {
    if (!program.activeIn(e, period)) continue;
    const v = program.view(e);
    const f = byId.get(v.id);
    const buckets = [total, getOr(byCity, v.city), getOr(byGroup, v.group)];
    for (const c of buckets) c.expected++;
    // Filed = something counts (a later draft or a return does not un-file it).
    if (f && f.countedRev > 0) {
      for (const c of buckets) {
        c.submitted++;
        if (f.late) c.late++;
        else c.onTime++;
        if (f.status === 'returned') c.returned++;
        if (f.status === 'checked') c.checked++;
        if (f.status === 'accepted') c.accepted++;
      }
      if (f.status === 'returned') returned.push({ id: v.id, name: v.name, city: v.city, comment: f.reviewComment });
    } else {
      for (const c of buckets) c.missing++;
      missing.push({ id: v.id, name: v.name, city: v.city, county: v.county, group: v.group, hasDraft: !!f });
    }
  }
  const rate = (c: Counts) => ({ ...c, submissionRate: c.expected ? c.submitted / c.expected : null, onTimeRate: c.expected ? c.onTime / c.expected : null });
  return {
    period,
    ...rate(total),
    byCity: [...byCity].map(([city, c]) => ({ city, ...rate(c) })),
    byGroup: [...byGroup].map(([group, c]) => ({ group, label: program.groupLabels[group] ?? group, ...rate(c) })),
    missingEntities: missing,
    returnedEntities: returned,
  };
}

/** The bases' completeness in the shape it always had: byLevel, missingBases, returnedBases. */
export function computeCompleteness(period: string, bases: readonly BaseRecord[], filings: readonly FilingState[]) {
  const { byGroup, missingEntities, returnedEntities, ...head } = programCompleteness(BASES, period, bases, filings);
  return {
    ...head,
    byLevel: byGroup.map(({ group, label, ...c }) => ({ level: group, levelLabel: label, ...c })),
    missingBases: missingEntities.map(({ id, group, ...m }) => ({ baseId: id, ...m, level: group })),
    returnedBases: returnedEntities.map(({ id, ...r }) => ({ baseId: id, ...r })),
  };
}

function getOr(m: Map<string, Counts>, k: string): Counts {
  let c = m.get(k);
  if (!c) m.set(k, (c = zero()));
  return c;
}

/**
 * A program's completeness of a period for a principal (admin: the province; city: its own city),
 * generic (byGroup, missingEntities, returnedEntities), with the schedule and the 催报 chase.
 */
export async function loadCompleteness(p: Principal, period: string, program: AnyProgram = BASES, now = new Date()) {
  requireAdminOrCity(p);
  checkFilingPeriod(program, period);
  // Each entity as it stood in the period (its city, level or tier then), a city user's own city then.
  const [all, schedule] = await Promise.all([listEntities<BaseRecord>(program), getSchedule(period, program.tag)]);
  // A national deployment's province admin or city user: only their province's filers (withinProvince).
  const entities = all.map((e) => program.asOf(e, period) as BaseRecord).filter((e) => (p.role !== 'city' || e.city === p.city) && withinProvince(p, e));
  const filings = await listFilingStates(
    period,
    entities.map((e) => program.idOf(e)),
    program.tag,
  );
  const generic = programCompleteness(program, period, entities, filings);
  // 催报: whom to call (the holders of the filers' live tokens), how long overdue, a text per city.
  const tokens = (await listTokens()).filter((t) => t.role === program.role && !t.revokedAt);
  const contactsOf = (id: string) => tokens.filter((t) => t[program.idKey] === id).map((t) => ({ name: t.holder.name, phone: t.holder.phone }));
  const chase = chaseOf({
    period,
    program,
    missing: generic.missingEntities,
    returned: generic.returnedEntities,
    contactsOf,
    dueAt: schedule?.dueAt ?? null,
    now,
    cityOrder: (c) => cityRank(provinceOfPrincipal(p), c),
  });
  return { generic, entities, filings, schedule: schedule ?? null, chase };
}

export async function reportCompleteness(p: Principal, period: string, program: AnyProgram = BASES, now = new Date()) {
  const { generic, entities, filings, schedule, chase } = await loadCompleteness(p, period, program, now);
  const report = program === BASES ? computeCompleteness(period, entities, filings) : { program: program.id, ...generic };
  // A national deployment's national role: the provinces too, in official order (the pages show
  // them where a province shows its cities; README "National deployment").
  const byProvince = isNationalInForce() && !p.province ? provinceCompleteness(program, period, entities, filings) : undefined;
  return { ...report, ...(byProvince ? { byProvince } : {}), schedule, chase };
}

/** Completeness counts per province (a national deployment's bases name theirs), in official order; provinces with none expected left out. */
export function provinceCompleteness(program: AnyProgram, period: string, entities: readonly BaseRecord[], filings: readonly FilingState[]) {
  const byName = new Map<string, BaseRecord[]>();
  for (const e of entities) {
    const list = byName.get(e.province ?? '');
    if (list) list.push(e);
    else byName.set(e.province ?? '', [e]);
  }
  return CHINA_PROVINCES.flatMap(({ name }) => {
    const list = byName.get(name);
    if (!list) return [];
    const { period: _p, byCity: _c, byGroup: _g, missingEntities: _m, returnedEntities: _r, ...c } = programCompleteness(program, period, list, filings);
    return c.expected ? [{ province: name, ...c }] : [];
  });
}
