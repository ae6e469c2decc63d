// What a carrier's yearly filing needs beyond the shared write path (SPEC §10): its catalog is
// its own plan's indicators for that year, and its body carries details — fund batches,
// disbursements and investment per sub-project, progress and texts — checked against the plan
// and against the carrier's earlier years (nothing is disbursed that has not been received).

import { z } from 'zod';
import type { Principal } from '../auth';
import { checkCumulative, checkDetails, disbursedOf, type FilingDetails, receivedOf, summaryOf, wan } from '../carriers/details';
import { CARRIER_SECTIONS, fieldsOfPlan, MONEY_DP, type StoredPlan } from '../carriers/plan';
import type { CatalogView, Field } from '../catalog';
import { ConflictError, NotFoundError } from '../errors';
import { type Details, filingWriteSchema } from '../filing';
import { yearOf } from '../periods';
import { CARRIERS } from '../program';
import { getCarrierPlan } from '../store/carrier-plans';
import { getFiling } from '../store/filings';
import type { Values } from '../validation';
import { readableEntity } from './manage-registry';
import { checkFilingPeriod } from './schedule-period';

export const DETAIL_KEYS = ['funds', 'investment', 'progress', 'problems', 'nextSteps', 'suggestions', 'experience'] as const;

/** The write body of a carrier: the shared one plus its details (checked against the plan). */
export const carrierWriteSchema = z.object({ ...filingWriteSchema.shape, ...Object.fromEntries(DETAIL_KEYS.map((k) => [k, z.unknown().optional()])) }).strict();

/** How far back the cumulative fund check looks (a carrier's programme runs a few years). */
const MAX_YEARS_BACK = 10;

export interface CarrierWrite {
  fields: readonly Field[];
  details: { value: Details; errors: Record<string, string>; derive: (values: Values, details: Details) => Values };
}

export async function carrierWriteContext(carrierId: string, period: string, body: Record<string, unknown>): Promise<CarrierWrite> {
  const stored = await getCarrierPlan<StoredPlan>(carrierId);
  if (!stored) throw new ConflictError('PLAN_NOT_FOUND', '该载体尚未下达绩效目标计划,请联系省级管理员');
  const plan = stored.plan;
  const year = yearOf(period);
  const raw = Object.fromEntries(DETAIL_KEYS.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
  const checked = checkDetails(raw, plan, year);
  let errors: Record<string, string> = checked.ok ? {} : checked.errors;
  const value = (checked.ok ? checked.details : {}) as unknown as Details;
  if (checked.ok) {
    // What counted in the years before (their submitted details), oldest first.
    const years = Array.from({ length: MAX_YEARS_BACK }, (_, i) => String(year - MAX_YEARS_BACK + i));
    // …and after: a correction of this year must not leave a later year disbursing more than
    // had been received by its end.
    const later = Array.from({ length: MAX_YEARS_BACK }, (_, i) => year + 1 + i);
    const [before, after] = await Promise.all([
      Promise.all(years.map((y) => getFiling(y, carrierId, 'CARR'))),
      Promise.all(later.map((y) => getFiling(String(y), carrierId, 'CARR'))),
    ]);
    const earlier = before.map((f) => f?.countedDetails).filter((d): d is Details => !!d) as unknown as FilingDetails[];
    errors = checkCumulative(earlier, checked.details);
    if (!Object.keys(errors).length) {
      let received = [...earlier, checked.details].reduce((a, d) => a + receivedOf(d), 0n);
      let disbursed = [...earlier, checked.details].reduce((a, d) => a + disbursedOf(d), 0n);
      for (const [i, f] of after.entries()) {
        const d = f?.countedDetails as unknown as FilingDetails | null | undefined;
        if (!d) continue;
        received += receivedOf(d);
        disbursed += disbursedOf(d);
        if (disbursed > received) {
          errors = {
            'funds.disbursed': `截至${later[i]}年累计拨付资金${wan(disbursed, MONEY_DP)}万元超过累计到位资金${wan(received, MONEY_DP)}万元(${later[i]}年已报送的拨付不能多于到位),请核对`,
          };
          break;
        }
      }
    }
  }
  return {
    fields: fieldsOfPlan(plan, year),
    details: { value, errors, derive: (values, details) => summaryOf(values, details as unknown as FilingDetails, plan, year) },
  };
}

/** GET /api/catalog/{year}?program=carriers&carrierId=…: the carrier's filing fields of that year, from its plan. */
export async function carrierCatalog(p: Principal, carrierId: string, period: string): Promise<CatalogView> {
  checkFilingPeriod(CARRIERS, period);
  await readableEntity(p, CARRIERS, carrierId);
  const stored = await getCarrierPlan<StoredPlan>(carrierId);
  if (!stored) throw new NotFoundError('该载体尚未下达绩效目标计划', 'PLAN_NOT_FOUND');
  return { period, program: 'carriers', carrierId, planVersion: stored.version, sections: CARRIER_SECTIONS, fields: fieldsOfPlan(stored.plan, yearOf(period)) };
}
