// The registries (admin writes; city reads its own city; a filer reads itself): the bases, the
// window platforms, the carriers, and the platforms' reference data (county-level units, build
// plans). A carrier's plan is manage-carrier-plans.ts, designations manage-designations.ts.

import { type AuditEntry, auditEntry } from '../audit';
import { canRead, canSeeEntity, ownEntity, type Principal, requireAdmin, requireAdminOrCity } from '../auth';
import { type CarrierInput, type CarrierRecord, carrierInputSchema } from '../carriers/registry';
import { config } from '../config';
import { BadRequestError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { parseWith } from '../http';
import { baseProvince, requireProgramServed } from '../national';
import { isYear } from '../periods';
import { DEFAULT_DIVISIONS, divisionsInputSchema } from '../platforms/divisions';
import { planInputSchema } from '../platforms/network';
import { type PlatformInput, type PlatformRecord, platformInputSchema } from '../platforms/registry';
import { type AnyProgram, BASES, CARRIERS, PLATFORMS, type ProgramId } from '../program';
import { isNationalInForce } from '../province';
import { type BaseInput, type BaseRecord, baseInputSchema } from '../registry';
import { currentPeriod, type HistoryEntry, historyAfter } from '../registry-history';
import { putAudited } from '../store/audit';
import { keys } from '../store/keys';
import { getDivision, getPlan, listDivisions, type StoredDivision, type StoredPlan } from '../store/network';
import { getEntity, listEntities } from '../store/registry';

export function checkEntityId(program: AnyProgram, id: string): void {
  if (!program.idPattern.test(id))
    throw new BadRequestError(`INVALID_${program.role.toUpperCase()}_ID`, `${program.entityWord}编号应为3-40位小写字母、数字或连字符`, {
      [program.idKey]: '格式不正确',
    });
}

/** Taken by a route of its own (POST /api/{program}/import, issue 19): no entity may be called so. */
const RESERVED_IDS = new Set(['import']);

/** An id a new or updated entity may have. */
export const checkNewEntityId = (program: AnyProgram, id: string) => {
  checkEntityId(program, id);
  if (RESERVED_IDS.has(id))
    throw new ValidationError({ [program.idKey]: `${program.entityWord}编号「${id}」为系统保留字,请换一个编号` }, `${program.entityWord}登记信息有误`);
};

export const checkBaseId = (baseId: string) => checkNewEntityId(BASES, baseId);

type Scoped = { attributes: readonly string[]; effectiveFrom: string | null | undefined } | null;

/** What an upsert of `input` over `before` writes: the record (with its history) and the audited changes. */
export interface UpsertPlan<T> {
  record: T;
  changes: Record<string, unknown>;
  created: boolean;
  changed: boolean;
}

/**
 * The record an upsert writes and its changes, from the record read (pure: the single edit and
 * the import plan the same way). Scope attributes hold from `effectiveFrom` (default: the current
 * period); earlier periods keep theirs (SPEC §11). What the record carries besides its input
 * (designations) is kept.
 */
export function planUpsert<T extends { updatedAt: string; history?: HistoryEntry[] | null }>(
  program: AnyProgram,
  before: (T & { designations?: unknown }) | undefined,
  input: T,
  compared: ReadonlyArray<keyof T>,
  now: Date,
  scoped: Scoped,
): UpsertPlan<T> {
  const effectiveFrom = scoped ? (scoped.effectiveFrom ?? currentPeriod(program.periods.kind, now)) : null;
  // An upsert without effectiveFrom that changes no scope attribute (a rename) keeps the history:
  // dating it from the current period would pull a change announced for a later period forward.
  const unscoped =
    !!before &&
    scoped?.effectiveFrom == null &&
    !!scoped?.attributes.every((a) => ((before as Record<string, unknown>)[a] ?? null) === ((input as Record<string, unknown>)[a] ?? null));
  const history = unscoped ? (before.history ?? null) : scoped && effectiveFrom ? historyAfter(before, input, scoped.attributes, effectiveFrom) : null;
  const record: T = {
    ...input,
    ...(before?.designations ? { designations: before.designations } : {}),
    ...(history ? { history } : {}),
  };
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const changes: Record<string, unknown> = Object.fromEntries(
    [...compared, 'history' as keyof T].filter((k) => !same(before?.[k], record[k])).map((k) => [k, [before?.[k] ?? null, record[k] ?? null]]),
  );
  if (before && Object.keys(changes).length === 0) return { record: before, changes, created: false, changed: false };
  if (history && effectiveFrom && !unscoped) changes.effectiveFrom = effectiveFrom;
  return { record, changes, created: !before, changed: true };
}

/** The audit entry of one registry upsert (the single edit's, and each row of an import). */
export function upsertAuditEntry(
  p: Principal,
  program: AnyProgram,
  id: string,
  changes: Record<string, unknown>,
  now: Date,
  extra: Record<string, unknown> = {},
): AuditEntry {
  const target: Pick<AuditEntry, 'baseId' | 'platformId' | 'carrierId' | 'program'> =
    program === BASES ? { baseId: id } : { [program.idKey]: id, program: program.id };
  return auditEntry(p, `${program.role}.upsert` as AuditEntry['action'], now, target, { changes, ...extra });
}

/** The condition an upsert writes under: the record read is still there (or still absent). */
export const upsertCondition = (before: { updatedAt: string } | undefined) =>
  before ? { condition: 'updatedAt = :u', values: { ':u': before.updatedAt } } : { condition: 'attribute_not_exists(pk)' };

/**
 * Upserts a registry record with an audit entry, conditional on the record read (a concurrent
 * upsert in between is refused); an identical repeat changes nothing.
 */
async function upsertAudited<T extends { updatedAt: string; history?: HistoryEntry[] | null }>(
  p: Principal,
  program: AnyProgram,
  id: string,
  input: T,
  compared: ReadonlyArray<keyof T>,
  now: Date,
  scoped: Scoped,
): Promise<{ record: T; created: boolean; changed: boolean }> {
  const before = await getEntity<T & { designations?: unknown }>(program, id);
  const plan = planUpsert(program, before, input, compared, now, scoped);
  if (!plan.changed) return plan;
  await putAudited(
    [{ item: { ...keys.entity(program.tag, id), ...plan.record }, ...upsertCondition(before) }],
    upsertAuditEntry(p, program, id, plan.changes, now),
  );
  return plan;
}

/** How each program's registry record is built from its checked input (PUT and import alike). */
export interface RegistryWrite {
  compared: readonly string[];
  /** Attributes dated by effectiveFrom; null: none (carriers). */
  history: readonly string[] | null;
  record(id: string, input: Record<string, unknown>, now: Date): { updatedAt: string };
}

const BASE_COMPARED = ['name', 'province', 'city', 'county', 'level', 'cohort', 'activeFrom', 'activeTo'] as const;
/** A base's attributes that take effect from a period (they decide where and how it counts). */
const BASE_SCOPE_HISTORY = ['city', 'county', 'level', 'cohort'] as const;
/** What a base's history keeps: in a national deployment (only there do bases carry `province`) also the province. */
const baseHistory = (): readonly string[] => (isNationalInForce() ? ['province', ...BASE_SCOPE_HISTORY] : BASE_SCOPE_HISTORY);
const PLATFORM_HISTORY = ['city', 'county', 'tier', 'park', 'cluster'] as const;
const PLATFORM_COMPARED = ['name', 'tier', 'city', 'county', 'park', 'cluster', 'builtYear', 'inPlan', 'activeFrom', 'activeTo'] as const;
const CARRIER_COMPARED = ['name', 'type', 'city', 'zone', 'approvedAt', 'activeFrom', 'activeTo'] as const;

const baseRecord = (baseId: string, input: BaseInput, now: Date): BaseRecord => {
  const province = baseProvince(input); // a national deployment's bases name their province
  return {
    baseId,
    name: input.name,
    ...(province ? { province } : {}),
    city: input.city,
    county: input.county,
    level: input.level,
    cohort: input.cohort ?? null,
    activeFrom: input.activeFrom ?? null,
    activeTo: input.activeTo ?? null,
    updatedAt: now.toISOString(),
  };
};

const platformRecord = (platformId: string, input: PlatformInput, now: Date): PlatformRecord => ({
  platformId,
  name: input.name,
  tier: input.tier,
  city: input.city,
  county: input.county ?? null,
  park: input.park ?? false,
  cluster: input.cluster ?? null,
  builtYear: input.builtYear,
  inPlan: input.inPlan ?? false,
  activeFrom: input.activeFrom ?? null,
  activeTo: input.activeTo ?? null,
  updatedAt: now.toISOString(),
});

const carrierRecord = (carrierId: string, input: CarrierInput, now: Date): CarrierRecord => ({
  carrierId,
  name: input.name,
  type: input.type,
  city: input.city,
  zone: input.zone,
  approvedAt: input.approvedAt,
  activeFrom: input.activeFrom ?? null,
  activeTo: input.activeTo ?? null,
  updatedAt: now.toISOString(),
});

export const REGISTRY_WRITES: Readonly<Record<ProgramId, RegistryWrite>> = {
  bases: {
    compared: BASE_COMPARED,
    get history() {
      return baseHistory();
    },
    record: (id, input, now) => baseRecord(id, input as BaseInput, now),
  },
  platforms: { compared: PLATFORM_COMPARED, history: PLATFORM_HISTORY, record: (id, input, now) => platformRecord(id, input as PlatformInput, now) },
  carriers: { compared: CARRIER_COMPARED, history: null, record: (id, input, now) => carrierRecord(id, input as CarrierInput, now) },
};

export async function upsertBase(
  p: Principal,
  baseId: string,
  body: unknown,
  now = new Date(),
): Promise<{ base: BaseRecord; created: boolean; changed: boolean }> {
  requireAdmin(p);
  checkBaseId(baseId);
  const input = parseWith(baseInputSchema, body, '基地登记信息有误');
  // A province's admin (national deployment) registers in their province: the pages' form sends none.
  const record = baseRecord(baseId, { ...input, province: input.province ?? p.province }, now);
  if (p.province && record.province !== p.province) throw new ForbiddenError(`只能登记${p.province}的基地`);
  if (p.province) {
    const before = await getEntity<BaseRecord>(BASES, baseId);
    if (before && before.province !== p.province) throw new ForbiddenError(`只能登记${p.province}的基地`);
  }
  const r = await upsertAudited(p, BASES, baseId, record, BASE_COMPARED, now, { attributes: baseHistory(), effectiveFrom: input.effectiveFrom });
  return { base: r.record, created: r.created, changed: r.changed };
}

/** A county platform serves one of its city's county-level units (the coverage counts them): the message if not. */
export function countyProblem(input: Pick<PlatformInput, 'tier' | 'county' | 'city'>, units: readonly string[]): string | null {
  if (input.tier !== 'county' || !input.county || units.includes(input.county)) return null;
  return `所服务县市区:应为${input.city}的县级单位之一(${units.join('、')})`;
}

export async function upsertPlatform(
  p: Principal,
  platformId: string,
  body: unknown,
  now = new Date(),
): Promise<{ platform: PlatformRecord; created: boolean; changed: boolean }> {
  requireAdmin(p);
  requireProgramServed(PLATFORMS);
  checkNewEntityId(PLATFORMS, platformId);
  const input = parseWith(platformInputSchema, body, '平台登记信息有误');
  const problem = input.tier === 'county' && input.county ? countyProblem(input, await unitsOf(input.city)) : null;
  if (problem) throw new ValidationError({ county: problem }, '平台登记信息有误');
  const r = await upsertAudited(p, PLATFORMS, platformId, platformRecord(platformId, input, now), PLATFORM_COMPARED, now, {
    attributes: PLATFORM_HISTORY,
    effectiveFrom: input.effectiveFrom,
  });
  return { platform: r.record, created: r.created, changed: r.changed };
}

export async function upsertCarrier(
  p: Principal,
  carrierId: string,
  body: unknown,
  now = new Date(),
): Promise<{ carrier: CarrierRecord; created: boolean; changed: boolean }> {
  requireAdmin(p);
  requireProgramServed(CARRIERS);
  checkNewEntityId(CARRIERS, carrierId);
  const input = parseWith(carrierInputSchema, body, '载体登记信息有误');
  const r = await upsertAudited(p, CARRIERS, carrierId, carrierRecord(carrierId, input, now), CARRIER_COMPARED, now, null);
  return { carrier: r.record, created: r.created, changed: r.changed };
}

/** A program's registry as a principal may see it: admin all, a city its own, sorted by id. */
export async function listRegistry<T extends { city: string }>(p: Principal, program: AnyProgram): Promise<T[]> {
  requireAdminOrCity(p);
  requireProgramServed(program);
  const all = await listEntities<T>(program);
  return all.filter((e) => canSeeEntity(p, e)).sort((a, b) => program.idOf(a).localeCompare(program.idOf(b)));
}

export const listBases = (p: Principal) => listRegistry<BaseRecord>(p, BASES);

/** An entity the principal may read; 404 for unknown, 403 for someone else's. */
export async function readableEntity<T>(p: Principal, program: AnyProgram, id: string): Promise<T> {
  checkEntityId(program, id);
  // A filer asking for another entity is refused before we look it up (no existence oracle).
  if (p.role !== 'admin' && p.role !== 'city' && ownEntity(program, p) !== id) throw new ForbiddenError(`只能访问本${program.entityWord}的数据`);
  const e = await getEntity<T>(program, id);
  if (!e) throw new NotFoundError(`${program.entityWord}「${id}」不存在`, `${program.role.toUpperCase()}_NOT_FOUND`);
  if (!canRead(program, p, { ...program.view(e), province: (e as { province?: string | null }).province ?? null }))
    throw new ForbiddenError(`只能访问本市州${program.entityWord}的数据`);
  return e;
}

export const readableBase = (p: Principal, baseId: string) => readableEntity<BaseRecord>(p, BASES, baseId);

// ---- county-level units and build plans (window platforms) -----------------------------------

const checkCity = (city: string) => {
  if (!config.province.cities.includes(city)) throw new NotFoundError(`「${city.slice(0, 20)}」不是${config.province.name}的市州`, 'CITY_NOT_FOUND');
};

/** The county-level units of every city: stored lists override the shipped default. */
export async function allDivisions(): Promise<Record<string, string[]>> {
  const stored = new Map((await listDivisions()).map((d) => [d.city, d.counties]));
  return Object.fromEntries(config.province.cities.map((c) => [c, stored.get(c) ?? [...(DEFAULT_DIVISIONS[c] ?? [])]]));
}

async function unitsOf(city: string): Promise<string[]> {
  return (await getDivision(city))?.counties ?? [...(DEFAULT_DIVISIONS[city] ?? [])];
}

export async function putDivision(p: Principal, city: string, body: unknown, now = new Date()): Promise<StoredDivision> {
  requireAdmin(p);
  requireProgramServed(PLATFORMS);
  checkCity(city);
  const input = parseWith(divisionsInputSchema, body, '县市区名录有误');
  const before = await unitsOf(city);
  const record: StoredDivision = { city, counties: input.counties, updatedAt: now.toISOString() };
  if (before.length === input.counties.length && before.every((c, i) => c === input.counties[i])) return record;
  await putAudited(
    [{ item: { ...keys.division(city), ...record } }],
    auditEntry(p, 'division.put', now, { program: 'platforms' }, { city, before, after: input.counties }),
  );
  return record;
}

const checkYear = (year: string) => {
  if (!isYear(year)) throw new BadRequestError('INVALID_PERIOD', '年份应如 2020', { period: '应为年份,如 2020' });
};

export async function putPlan(p: Principal, year: string, body: unknown, now = new Date()): Promise<StoredPlan> {
  requireAdmin(p);
  requireProgramServed(PLATFORMS);
  checkYear(year);
  const input = parseWith(planInputSchema, body, '建设计划有误');
  const before = await getPlan(Number(year));
  const record: StoredPlan = { year: Number(year), cities: input.cities, updatedAt: now.toISOString() };
  const same = (a: Record<string, number>, b: Record<string, number>) => Object.keys({ ...a, ...b }).every((k) => (a[k] ?? 0) === (b[k] ?? 0));
  if (before && same(before.cities, input.cities)) return before;
  await putAudited(
    [{ item: { ...keys.plan(Number(year), 'PLAT'), ...record } }],
    auditEntry(p, 'plan.put', now, { program: 'platforms', period: year }, { before: before?.cities ?? null, after: input.cities }),
  );
  return record;
}

export async function readPlan(p: Principal, year: string): Promise<StoredPlan> {
  requireAdminOrCity(p);
  requireProgramServed(PLATFORMS);
  checkYear(year);
  const plan = await getPlan(Number(year));
  if (!plan) throw new NotFoundError(`${year}年尚未下达建设计划`, 'PLAN_NOT_FOUND');
  return plan;
}
