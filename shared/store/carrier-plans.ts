// Carrier plans (pk PLAN, sk CARR#<id>) and their immutable versions (sk CARR#<id>#V#<n>),
// written together, with the audit entry, in one transaction conditional on the version read.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../audit';
import { putAudited } from './audit';
import { batchGet, queryPartition } from './batch';
import { db, TABLE } from './client';
import { keys } from './keys';

export interface PlanVersion<P> {
  carrierId: string;
  version: number;
  plan: P;
  at: string;
  by: { tokenId: string; role: string; name: string };
}

const strip = <T>({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as T;

export async function getCarrierPlan<P>(carrierId: string): Promise<PlanVersion<P> | undefined> {
  const r = await db.send(new GetCommand({ TableName: TABLE, Key: keys.carrierPlan(carrierId), ConsistentRead: true }));
  return r.Item ? strip<PlanVersion<P>>(r.Item) : undefined;
}

/**
 * The current plans of many carriers (the overview): BatchGets of 100 keys, issued concurrently,
 * instead of a GetItem per carrier. Carriers without a plan are absent from the map.
 */
export async function getCarrierPlans<P>(carrierIds: readonly string[]): Promise<Map<string, PlanVersion<P>>> {
  const ids = [...new Set(carrierIds)];
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += 100) chunks.push(ids.slice(i, i + 100));
  const found = await Promise.all(
    chunks.map((c) =>
      batchGet(
        c.map((id) => keys.carrierPlan(id)),
        (item) => [String(item.sk), strip<PlanVersion<P>>(item)],
      ),
    ),
  );
  const out = new Map<string, PlanVersion<P>>();
  for (const m of found) for (const v of m.values()) out.set(v.carrierId, v);
  return out;
}

export async function listCarrierPlanVersions<P>(carrierId: string): Promise<Array<PlanVersion<P>>> {
  const items = await queryPartition(keys.carrierPlan(carrierId).pk, { prefix: `${keys.carrierPlan(carrierId).sk}#V#` });
  return items.map((i) => strip<PlanVersion<P>>(i));
}

/** Writes version n of a plan (current + immutable version + audit), if version n − 1 is still current. */
export async function putCarrierPlan<P>(v: PlanVersion<P>, audit: AuditEntry): Promise<void> {
  await putAudited(
    [
      {
        item: { ...keys.carrierPlan(v.carrierId), ...v },
        ...(v.version === 1 ? { condition: 'attribute_not_exists(pk)' } : { condition: 'version = :v', values: { ':v': v.version - 1 } }),
      },
      { item: { ...keys.carrierPlanVersion(v.carrierId, v.version), ...v }, condition: 'attribute_not_exists(pk)' },
    ],
    audit,
  );
}
