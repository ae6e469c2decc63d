// The registries (admin writes; city reads its own city; a filer reads itself): the bases, the
// window platforms, and the platforms' reference data (county-level units, build plans).

import { auditEntry, type AuditEntry } from '../audit';
import { canRead, ownEntity, requireAdmin, requireAdminOrCity, type Principal } from '../auth';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { sameJson } from '../filing';
import { parseWith } from '../http';
import { isYear } from '../periods';
import { DEFAULT_DIVISIONS, divisionsInputSchema } from '../platforms/divisions';
import { planInputSchema } from '../platforms/network';
import { platformInputSchema, type PlatformRecord } from '../platforms/registry';
import { BASES, CARRIERS, PLATFORMS, type AnyProgram } from '../program';
import { carrierInputSchema, type CarrierRecord } from '../carriers/registry';
import { planAsTyped, planInputSchema as carrierPlanSchema, type CarrierPlan as TypedCarrierPlan, type StoredPlan as CarrierPlan } from '../carriers/plan';
import { getCarrierPlan, listCarrierPlanVersions, putCarrierPlan, type PlanVersion } from '../store/carrier-plans';
import { BASE_ID, baseInputSchema, type BaseRecord } from '../registry';
import { config } from '../config';
import { putAudited } from '../store/audit';
import { keys } from '../store/keys';
import { getDivision, getPlan, listDivisions, type StoredDivision, type StoredPlan } from '../store/network';
import { getEntity, listEntities } from '../store/registry';
import { currentPeriod, historyAfter, type HistoryEntry } from '../registry-history';
import { DESIGNATION_KEY, designationInputSchema, summarizeDesignations, type Designation } from '../designations';
import { getBase } from '../store/registry';
import { getFiling, StaleFilingError, writeFiling } from '../store/filings';
import { summaryOf, type FilingDetails } from '../carriers/details';
import type { Details } from '../filing';
import type { Values } from '../validation';

export function checkEntityId(program: AnyProgram, id: string): void {
  if (!program.idPattern.test(id))
    throw new BadRequestError(`INVALID_${program.role.toUpperCase()}_ID`, `${program.entityWord}编号应为3-40位小写字母、数字或连字符`, { [program.idKey]: '格式不正确' });
}

/** Taken by a route of its own (POST /api/bases/import, issue 19): no base may be called so. */
const RESERVED_BASE_IDS = new Set(['import']);

export const checkBaseId = (baseId: string) => {
  checkEntityId(BASES, baseId);
  if (RESERVED_BASE_IDS.has(baseId)) throw new ValidationError({ baseId: `基地编号「${baseId}」为系统保留字,请换一个编号` }, '基地登记信息有误');
};

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
  scoped: { attributes: readonly string[]; effectiveFrom: string | null | undefined } | null,
): Promise<{ record: T; created: boolean; changed: boolean }> {
  const before = await getEntity<T & { designations?: unknown }>(program, id);
  // Scope attributes hold from `effectiveFrom` (default: the current period); earlier periods keep
  // theirs (SPEC §11). What the record carries besides its input (designations) is kept.
  const effectiveFrom = scoped ? (scoped.effectiveFrom ?? currentPeriod(program.periods.kind, now)) : null;
  // An upsert without effectiveFrom that changes no scope attribute (a rename) keeps the history:
  // dating it from the current period would pull a change announced for a later period forward.
  const unscoped = !!before && scoped?.effectiveFrom == null && !!scoped?.attributes.every((a) => ((before as Record<string, unknown>)[a] ?? null) === ((input as Record<string, unknown>)[a] ?? null));
  const history = unscoped ? (before.history ?? null) : scoped && effectiveFrom ? historyAfter(before, input, scoped.attributes, effectiveFrom) : null;
  const record: T = {
    ...input,
    ...(before?.designations ? { designations: before.designations } : {}),
    ...(history ? { history } : {}),
  };
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const changes = Object.fromEntries(
    [...compared, 'history' as keyof T].filter((k) => !same(before?.[k], record[k])).map((k) => [k, [before?.[k] ?? null, record[k] ?? null]]),
  );
  if (before && Object.keys(changes).length === 0) return { record: before, created: false, changed: false };
  if (history && effectiveFrom && !unscoped) (changes as Record<string, unknown>).effectiveFrom = effectiveFrom;
  const target: Pick<AuditEntry, 'baseId' | 'platformId' | 'carrierId' | 'program'> =
    program === BASES ? { baseId: id } : { [program.idKey]: id, program: program.id };
  await putAudited(
    [
      {
        item: { ...keys.entity(program.tag, id), ...record },
        ...(before ? { condition: 'updatedAt = :u', values: { ':u': before.updatedAt } } : { condition: 'attribute_not_exists(pk)' }),
      },
    ],
    auditEntry(p, `${program.role}.upsert` as AuditEntry['action'], now, target, { changes }),
  );
  return { record, created: !before, changed: true };
}

const BASE_COMPARED = ['name', 'city', 'county', 'level', 'cohort', 'activeFrom', 'activeTo'] as const;
/** A base's attributes that take effect from a period (they decide where and how it counts). */
const BASE_HISTORY = ['city', 'county', 'level', 'cohort'] as const;
const PLATFORM_HISTORY = ['city', 'county', 'tier', 'park', 'cluster'] as const;

export async function upsertBase(p: Principal, baseId: string, body: unknown, now = new Date()): Promise<{ base: BaseRecord; created: boolean; changed: boolean }> {
  requireAdmin(p);
  checkBaseId(baseId);
  const input = parseWith(baseInputSchema, body, '基地登记信息有误');
  const base: BaseRecord = {
    baseId,
    name: input.name,
    city: input.city,
    county: input.county,
    level: input.level,
    cohort: input.cohort ?? null,
    activeFrom: input.activeFrom ?? null,
    activeTo: input.activeTo ?? null,
    updatedAt: now.toISOString(),
  };
  const r = await upsertAudited(p, BASES, baseId, base, BASE_COMPARED, now, { attributes: BASE_HISTORY, effectiveFrom: input.effectiveFrom });
  return { base: r.record, created: r.created, changed: r.changed };
}

const PLATFORM_COMPARED = ['name', 'tier', 'city', 'county', 'park', 'cluster', 'builtYear', 'inPlan', 'activeFrom', 'activeTo'] as const;

export async function upsertPlatform(p: Principal, platformId: string, body: unknown, now = new Date()): Promise<{ platform: PlatformRecord; created: boolean; changed: boolean }> {
  requireAdmin(p);
  checkEntityId(PLATFORMS, platformId);
  const input = parseWith(platformInputSchema, body, '平台登记信息有误');
  // A county platform serves one of its city's county-level units (the coverage counts them).
  if (input.tier === 'county' && input.county) {
    const units = await unitsOf(input.city);
    if (!units.includes(input.county))
      throw new ValidationError({ county: `所服务县市区:应为${input.city}的县级单位之一(${units.join('、')})` }, '平台登记信息有误');
  }
  const platform: PlatformRecord = {
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
  };
  const r = await upsertAudited(p, PLATFORMS, platformId, platform, PLATFORM_COMPARED, now, { attributes: PLATFORM_HISTORY, effectiveFrom: input.effectiveFrom });
  return { platform: r.record, created: r.created, changed: r.changed };
}

const CARRIER_COMPARED = ['name', 'type', 'city', 'zone', 'approvedAt', 'activeFrom', 'activeTo'] as const;

export async function upsertCarrier(p: Principal, carrierId: string, body: unknown, now = new Date()): Promise<{ carrier: CarrierRecord; created: boolean; changed: boolean }> {
  requireAdmin(p);
  checkEntityId(CARRIERS, carrierId);
  const input = parseWith(carrierInputSchema, body, '载体登记信息有误');
  const carrier: CarrierRecord = {
    carrierId,
    name: input.name,
    type: input.type,
    city: input.city,
    zone: input.zone,
    approvedAt: input.approvedAt,
    activeFrom: input.activeFrom ?? null,
    activeTo: input.activeTo ?? null,
    updatedAt: now.toISOString(),
  };
  const r = await upsertAudited(p, CARRIERS, carrierId, carrier, CARRIER_COMPARED, now, null);
  return { carrier: r.record, created: r.created, changed: r.changed };
}

/**
 * PUT /api/carriers/{id}/plan (admin): a carrier's indicators (baseline, targets by year) and
 * sub-projects. Versioned like a filing (If-Match, immutable versions) and audited; an
 * identical plan is a no-op.
 */
export async function putPlanOfCarrier(
  p: Principal,
  carrierId: string,
  body: unknown,
  ifMatch: number | undefined,
  now = new Date(),
): Promise<{ plan: PlanVersion<CarrierPlan>; created: boolean }> {
  requireAdmin(p);
  checkEntityId(CARRIERS, carrierId);
  const plan = parseWith(carrierPlanSchema, body, '绩效目标计划有误') as CarrierPlan;
  const carrier = await getEntity<CarrierRecord>(CARRIERS, carrierId);
  if (!carrier) throw new NotFoundError(`载体「${carrierId}」不存在`, 'CARRIER_NOT_FOUND');
  const before = await getCarrierPlan<CarrierPlan>(carrierId);
  await checkDecimalsKept(carrier, before?.plan, plan);
  // Compared key-order-insensitively: DynamoDB does not keep the order of a map's keys.
  if (before && sameJson(before.plan, plan)) return { plan: before, created: false };
  if (ifMatch !== undefined && (before?.version ?? 0) !== ifMatch)
    throw new ConflictError('VERSION_CONFLICT', `计划已被他人修改(当前版本 ${before?.version ?? 0},您的版本 ${ifMatch}),请刷新后重试`);
  const v: PlanVersion<CarrierPlan> = { carrierId, version: (before?.version ?? 0) + 1, plan, at: now.toISOString(), by: { tokenId: p.tokenId, role: p.role, name: p.name } };
  await putCarrierPlan(v, auditEntry(p, 'carrier.plan', now, { carrierId, program: 'carriers' }, { version: v.version, before: before?.plan ?? null, after: plan }));
  if (before) await rederiveFilings(carrier, plan);
  return { plan: v, created: !before };
}

/** How many years after its approval a carrier's filings are looked for. */
const CARRIER_YEARS = 15;

/**
 * Filed values are stored in 10^-decimals units: once a carrier has filed, changing an
 * indicator's decimals would silently rescale every value filed for it (120.5 read as 12.05).
 */
async function checkDecimalsKept(carrier: CarrierRecord, before: CarrierPlan | undefined, plan: CarrierPlan): Promise<void> {
  if (!before) return;
  const was = new Map(before.indicators.map((i) => [i.code, i]));
  const changed = plan.indicators.map((ind, i) => ({ ind, i, old: was.get(ind.code) })).filter((x) => x.old && x.old.decimals !== x.ind.decimals);
  if (!changed.length) return;
  const first = Number(carrier.approvedAt.slice(0, 4));
  const filings = await Promise.all(Array.from({ length: CARRIER_YEARS }, (_, k) => getFiling(String(first + k), carrier.carrierId, CARRIERS.tag)));
  if (!filings.some((f) => f)) return;
  throw new ValidationError(
    Object.fromEntries(changed.map((x) => [`indicators.${x.i}.decimals`, `指标「${x.ind.name}」:已有填报数据,不能修改小数位数(原为${x.old!.decimals}位);如需调整请新增指标`])),
    '绩效目标计划有误',
    'BAD_REQUEST',
  );
}

/**
 * What a carrier's filings derive for the province's totals (indicators judged and met) depends
 * on the plan: after a plan change, each filing whose derived totals differ under the new plan
 * gets them anew, with a new countedRev so the aggregator replaces what the filing counted. The
 * filing's own content and version stay as they were (nothing the carrier filed changed).
 */
async function rederiveFilings(carrier: CarrierRecord, plan: CarrierPlan): Promise<void> {
  const first = Number(carrier.approvedAt.slice(0, 4));
  const years = Array.from({ length: CARRIER_YEARS }, (_, k) => first + k);
  await Promise.all(
    years.map(async (year) => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const f = await getFiling(String(year), carrier.carrierId, CARRIERS.tag);
        if (!f || f.details === undefined) return;
        const derive = (values: Values | null | undefined, details: Details | null | undefined) =>
          values ? summaryOf(values, (details ?? {}) as unknown as FilingDetails, plan, year) : null;
        const countedDerived = derive(f.counted, f.countedDetails);
        const derived = derive(f.values, f.details) ?? undefined;
        if (sameJson(countedDerived ?? null, f.countedDerived ?? null) && sameJson(derived ?? null, f.derived ?? null)) return;
        const countedChanged = !sameJson(countedDerived ?? null, f.countedDerived ?? null);
        try {
          await writeFiling({ ...f, ...(derived ? { derived } : {}), countedDerived, countedRev: f.countedRev + (countedChanged ? 1 : 0) }, f.version);
          return;
        } catch (e) {
          if (!(e instanceof StaleFilingError)) throw e;
        }
      }
    }),
  );
}

/** The current plan: in base units (`plan`, as filings are) and as typed (`typed`, for forms). */
export async function readPlanOfCarrier(p: Principal, carrierId: string): Promise<PlanVersion<CarrierPlan> & { typed: TypedCarrierPlan }> {
  await readableEntity(p, CARRIERS, carrierId);
  const plan = await getCarrierPlan<CarrierPlan>(carrierId);
  if (!plan) throw new NotFoundError('该载体尚未下达绩效目标计划', 'PLAN_NOT_FOUND');
  return { ...plan, typed: planAsTyped(plan.plan) };
}

export async function readPlanHistory(p: Principal, carrierId: string): Promise<Array<PlanVersion<CarrierPlan>>> {
  await readableEntity(p, CARRIERS, carrierId);
  return listCarrierPlanVersions<CarrierPlan>(carrierId);
}

/** A program's registry as a principal may see it: admin all, a city its own, sorted by id. */
export async function listRegistry<T extends { city: string }>(p: Principal, program: AnyProgram): Promise<T[]> {
  requireAdminOrCity(p);
  const all = await listEntities<T>(program);
  return (p.role === 'city' ? all.filter((b) => b.city === p.city) : all).sort((a, b) => program.idOf(a).localeCompare(program.idOf(b)));
}

export const listBases = (p: Principal) => listRegistry<BaseRecord>(p, BASES);

/** An entity the principal may read; 404 for unknown, 403 for someone else's. */
export async function readableEntity<T>(p: Principal, program: AnyProgram, id: string): Promise<T> {
  checkEntityId(program, id);
  // A filer asking for another entity is refused before we look it up (no existence oracle).
  if (p.role !== 'admin' && p.role !== 'city' && ownEntity(program, p) !== id) throw new ForbiddenError(`只能访问本${program.entityWord}的数据`);
  const e = await getEntity<T>(program, id);
  if (!e) throw new NotFoundError(`${program.entityWord}「${id}」不存在`, `${program.role.toUpperCase()}_NOT_FOUND`);
  if (!canRead(program, p, program.view(e))) throw new ForbiddenError(`只能访问本市州${program.entityWord}的数据`);
  return e;
}

export const readableBase = (p: Principal, baseId: string) => readableEntity<BaseRecord>(p, BASES, baseId);

// ---- county-level units and build plans (window platforms) -----------------------------------

const checkCity = (city: string) => {
  if (!config.province.cities.includes(city))
    throw new NotFoundError(`「${city.slice(0, 20)}」不是${config.province.name}的市州`, 'CITY_NOT_FOUND');
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
  checkCity(city);
  const input = parseWith(divisionsInputSchema, body, '县市区名录有误');
  const before = await unitsOf(city);
  const record: StoredDivision = { city, counties: input.counties, updatedAt: now.toISOString() };
  if (before.length === input.counties.length && before.every((c, i) => c === input.counties[i])) return record;
  await putAudited([{ item: { ...keys.division(city), ...record } }], auditEntry(p, 'division.put', now, { program: 'platforms' }, { city, before, after: input.counties }));
  return record;
}

const checkYear = (year: string) => {
  if (!isYear(year)) throw new BadRequestError('INVALID_PERIOD', '年份应如 2020', { period: '应为年份,如 2020' });
};

export async function putPlan(p: Principal, year: string, body: unknown, now = new Date()): Promise<StoredPlan> {
  requireAdmin(p);
  checkYear(year);
  const input = parseWith(planInputSchema, body, '建设计划有误');
  const before = await getPlan(Number(year));
  const record: StoredPlan = { year: Number(year), cities: input.cities, updatedAt: now.toISOString() };
  const same = (a: Record<string, number>, b: Record<string, number>) => Object.keys({ ...a, ...b }).every((k) => (a[k] ?? 0) === (b[k] ?? 0));
  if (before && same(before.cities, input.cities)) return before;
  await putAudited([{ item: { ...keys.plan(Number(year), 'PLAT'), ...record } }], auditEntry(p, 'plan.put', now, { program: 'platforms', period: year }, { before: before?.cities ?? null, after: input.cities }));
  return record;
}

export async function readPlan(p: Principal, year: string): Promise<StoredPlan> {
  requireAdminOrCity(p);
  checkYear(year);
  const plan = await getPlan(Number(year));
  if (!plan) throw new NotFoundError(`${year}年尚未下达建设计划`, 'PLAN_NOT_FOUND');
  return plan;
}

// ---- designations (SPEC §11, seed 004) --------------------------------------------------------

/**
 * PUT /api/bases/{id}/designations/{year}-{level} (admin): a recommendation, designation,
 * refusal or revocation. Kept on the base's registry item, so the aggregator re-scopes the
 * base's level in the periods the designation is in force — and only those.
 */
export async function putDesignation(p: Principal, baseId: string, key: string, body: unknown, now = new Date()): Promise<Designation> {
  requireAdmin(p);
  checkBaseId(baseId);
  const m = DESIGNATION_KEY.exec(key);
  if (!m || !isYear(m[1]!))
    throw new BadRequestError('INVALID_DESIGNATION', '认定应写作 年份-级别,如 2021-national(国家级)或 2021-provincial(省级)', { designation: '格式不正确' });
  const input = parseWith(designationInputSchema, body, '认定信息有误');
  const year = Number(m[1]);
  if (input.status === 'revoked' && input.revokedFrom != null && input.revokedFrom <= year)
    throw new ValidationError({ revokedFrom: `撤销年份应晚于认定年份(${year}年)` }, '认定信息有误');
  const before = await getBase(baseId);
  if (!before) throw new NotFoundError(`基地「${baseId}」不存在`, 'BASE_NOT_FOUND');
  const old = before.designations?.[key];
  const next: Designation = {
    year,
    level: m[2] as Designation['level'],
    status: input.status,
    document: input.document ?? null,
    recommendedBy: input.recommendedBy ?? null,
    // A revocation holds from the year it is given (or the one named), never reaching back.
    revokedFrom: input.status === 'revoked' ? (input.revokedFrom ?? Math.max(year + 1, Number(currentPeriod('year', now)))) : null,
    updatedAt: now.toISOString(),
  };
  const same = old && (['status', 'document', 'recommendedBy', 'revokedFrom'] as const).every((k) => (old[k] ?? null) === (next[k] ?? null));
  if (same) return old;
  const record: BaseRecord = { ...before, designations: { ...(before.designations ?? {}), [key]: next }, updatedAt: now.toISOString() };
  await putAudited(
    [{ item: { ...keys.base(baseId), ...record }, condition: 'updatedAt = :u', values: { ':u': before.updatedAt } }],
    auditEntry(p, 'base.designation', now, { baseId }, { designation: key, before: old ?? null, after: next }),
  );
  return next;
}

/** Every designation (admin; a city: its own bases), optionally of one year and level. */
export async function listDesignations(p: Principal, filter: { year?: string; level?: string }) {
  requireAdminOrCity(p);
  if (filter.year !== undefined && !isYear(filter.year)) throw new BadRequestError('INVALID_PERIOD', 'year 应为年份,如 2021', { year: '格式不正确' });
  if (filter.level !== undefined && filter.level !== 'national' && filter.level !== 'provincial')
    throw new BadRequestError('INVALID_LEVEL', 'level 应为 national 或 provincial', { level: '格式不正确' });
  const bases = await listBases(p);
  return bases
    .flatMap((b) => Object.values(b.designations ?? {}).map((d) => ({ baseId: b.baseId, name: b.name, city: b.city, county: b.county, ...d })))
    .filter((d) => (!filter.year || d.year === Number(filter.year)) && (!filter.level || d.level === filter.level))
    .sort((a, b) => a.year - b.year || a.level.localeCompare(b.level) || a.baseId.localeCompare(b.baseId));
}

/** Per year and level: recommended, designated, success rate, cumulative 家(次) and distinct bases. */
export async function designationSummary(p: Principal) {
  const all = await listDesignations(p, {});
  return summarizeDesignations(all.map(({ baseId, year, level, status, document, recommendedBy, revokedFrom, updatedAt }) => ({ baseId, designation: { year, level, status, document, recommendedBy, revokedFrom, updatedAt } })));
}
