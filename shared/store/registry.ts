// Base registry items (pk REGISTRY, sk BASE#<id>).

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { BaseRecord } from '../registry';
import { db, TABLE } from './client';
import { batchGet, queryPartition } from './batch';
import { keys } from './keys';
import { takePrefetched } from './prefetch';

const strip = ({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as BaseRecord;

export async function getBase(baseId: string): Promise<BaseRecord | undefined> {
  const pre = takePrefetched(keys.base(baseId));
  if (pre !== undefined) return pre ? strip(pre) : undefined;
  const r = await db.send(new GetCommand({ TableName: TABLE, Key: keys.base(baseId) }));
  return r.Item ? strip(r.Item) : undefined;
}

export async function listBases(): Promise<BaseRecord[]> {
  return (await queryPartition(keys.registryPk)).map(strip);
}

/** Reads many bases at once (BatchGet in chunks of 100, retrying unprocessed keys). */
export async function getBases(baseIds: Iterable<string>): Promise<Map<string, BaseRecord>> {
  return batchGet([...new Set(baseIds)].map((id) => keys.base(id)), (item) => [String(item.baseId), strip(item)]);
}
