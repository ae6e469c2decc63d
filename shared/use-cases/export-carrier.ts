// Exports of the featured carriers (SPEC §10): a carrier's self-assessment (自评估报告) as Word
// and as a workbook — GET /api/carriers/{id}/assessments/{year}.docx|.xlsx — and the province's
// overview of all carriers, GET /api/bulletins/{year}.xlsx?program=carriers. Every figure is
// computed from the plan and the counted filings (shared/carriers/assessment.ts); the province's
// totals come from the aggregate item the stream keeps.
//
// Reads: the carrier(s) and plan(s) (the overview's in BatchGets of 100), the counted filings of the years up to the one exported (a
// carrier's funds and last year's actuals are cumulative; at most MAX_YEARS, each one Query of
// that year's filings partition on the CARR# prefix, or one GetItem per year for one carrier).

import { allowedScope, type Principal, requireAdminOrCity } from '../auth';
import { type BuiltBulletin, writeBulletin } from '../bulletin';
import { type CarrierFiling, layoutAssessment, layoutCarrierOverview } from '../carriers/assessment';
import type { FilingDetails } from '../carriers/details';
import type { StoredPlan } from '../carriers/plan';
import { approvedYear, type CarrierRecord } from '../carriers/registry';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors';
import type { Filing } from '../filing';
import { yearOf } from '../periods';
import { CARRIERS } from '../program';
import { getAggregate } from '../store/aggregates';
import { getCarrierPlan, getCarrierPlans } from '../store/carrier-plans';
import { getFiling, listFilings } from '../store/filings';
import { listEntities } from '../store/registry';
import { readableEntity } from './manage-registry';
import { checkPeriod, checkScope, defaultScope } from './read-aggregates';
import { checkFilingPeriod } from './schedule-period';

/** How many years back an export reads (a carrier's programme runs a few years). */
const MAX_YEARS = 10;

const counted = (f: Pick<Filing, 'counted' | 'countedDetails'> | undefined): CarrierFiling | null =>
  f?.counted ? { values: f.counted, details: (f.countedDetails ?? {}) as unknown as FilingDetails } : null;

/** The self-assessment of one carrier and year: the carrier itself, its city, or the admin. */
export async function exportAssessment(p: Principal, carrierId: string, period: string, format: 'xlsx' | 'docx'): Promise<BuiltBulletin> {
  checkFilingPeriod(CARRIERS, period);
  const carrier = await readableEntity<CarrierRecord>(p, CARRIERS, carrierId);
  const plan = await getCarrierPlan<StoredPlan>(carrierId);
  if (!plan) throw new NotFoundError('该载体尚未下达绩效目标计划', 'PLAN_NOT_FOUND');
  const year = yearOf(period);
  const first = Math.max(approvedYear(carrier), year - MAX_YEARS + 1);
  const years = Array.from({ length: Math.max(0, year - first + 1) }, (_, i) => first + i);
  const found = await Promise.all(years.map((y) => getFiling(String(y), carrierId, CARRIERS.tag)));
  const filings = new Map<number, CarrierFiling>();
  found.forEach((f, i) => {
    const c = counted(f);
    if (c) filings.set(years[i]!, c);
  });
  if (!filings.has(year)) throw new NotFoundError(`该载体${year}年尚未提交报表`, 'NO_DATA');
  return writeBulletin(layoutAssessment({ carrier, plan: plan.plan, filings, year }), format);
}

/** The province's overview (admin; a city: its own carriers). */
export async function exportCarrierOverview(
  p: Principal,
  period: string,
  query: Readonly<Record<string, string | undefined>>,
  format: 'xlsx' | 'docx',
): Promise<BuiltBulletin> {
  requireAdminOrCity(p);
  checkPeriod(period, CARRIERS);
  const scope = query.scope || defaultScope(p);
  checkScope(scope, CARRIERS);
  if (!allowedScope(p, scope)) throw new ForbiddenError('只能导出本市州的汇总表');
  for (const k of ['compare', 'cohort', 'top'] as const)
    if (query[k] !== undefined && query[k] !== '') throw new BadRequestError('INVALID_PARAMETER', `双创特色载体汇总表不使用 ${k} 参数`, { [k]: '不适用' });
  if (format === 'docx') throw new NotFoundError('双创特色载体汇总表只有 .xlsx;各载体的自评估报告有 Word 版', 'NO_DOCUMENT');
  const year = yearOf(period);
  const registry = await listEntities<CarrierRecord>(CARRIERS);
  const scoped = registry.filter((c) => CARRIERS.scopesOf(c).includes(scope) && approvedYear(c) <= year);
  if (!scoped.length) throw new NotFoundError('该范围内没有登记的双创特色载体', 'NO_DATA');
  const ids = scoped.map((c) => c.carrierId);
  const first = Math.max(Math.min(...scoped.map(approvedYear)), year - MAX_YEARS + 1);
  const years = Array.from({ length: year - first + 1 }, (_, i) => first + i);
  const [plans, lists, aggregate] = await Promise.all([
    getCarrierPlans<StoredPlan>(ids),
    Promise.all(years.map((y) => listFilings(String(y), ids, CARRIERS.tag))),
    getAggregate(period, CARRIERS.tag),
  ]);
  const byCarrier = new Map<string, Map<number, CarrierFiling>>(ids.map((id) => [id, new Map()]));
  lists.forEach((list, i) => {
    for (const f of list) {
      const c = counted(f);
      if (c) byCarrier.get(f.baseId)?.set(years[i]!, c);
    }
  });
  const carriers = scoped.flatMap((carrier) => {
    const plan = plans.get(carrier.carrierId);
    return plan ? [{ carrier, plan: plan.plan, filings: byCarrier.get(carrier.carrierId)! }] : [];
  });
  return writeBulletin(layoutCarrierOverview({ year, scope, carriers, totals: aggregate.scoped }), format);
}
