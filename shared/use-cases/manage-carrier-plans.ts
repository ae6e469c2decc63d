// A featured carrier's plan (SPEC §10): its indicators and sub-projects, versioned like a filing
// and audited; a change re-derives the province's totals of the filings it judges.

import { auditEntry } from '../audit';
import { type Principal, requireAdmin } from '../auth';
import { type FilingDetails, summaryOf } from '../carriers/details';
import { type StoredPlan as CarrierPlan, planInputSchema as carrierPlanSchema, planAsTyped, type CarrierPlan as TypedCarrierPlan } from '../carriers/plan';
import type { CarrierRecord } from '../carriers/registry';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { type Details, sameJson } from '../filing';
import { parseWith } from '../http';
import { CARRIERS } from '../program';
import { getCarrierPlan, listCarrierPlanVersions, type PlanVersion, putCarrierPlan } from '../store/carrier-plans';
import { getFiling, StaleFilingError, writeFiling } from '../store/filings';
import { getEntity } from '../store/registry';
import type { Values } from '../validation';
import { checkEntityId, readableEntity } from './manage-registry';

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
  const v: PlanVersion<CarrierPlan> = {
    carrierId,
    version: (before?.version ?? 0) + 1,
    plan,
    at: now.toISOString(),
    by: { tokenId: p.tokenId, role: p.role, name: p.name },
  };
  await putCarrierPlan(
    v,
    auditEntry(p, 'carrier.plan', now, { carrierId, program: 'carriers' }, { version: v.version, before: before?.plan ?? null, after: plan }),
  );
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
    Object.fromEntries(
      changed.map((x) => [`indicators.${x.i}.decimals`, `指标「${x.ind.name}」:已有填报数据,不能修改小数位数(原为${x.old!.decimals}位);如需调整请新增指标`]),
    ),
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
