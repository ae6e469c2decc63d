// Registry items (pk REGISTRY, sk <TAG>#<id>): the bases (BASE#…) and the other programs'
// entities (PLAT#…) share the partition; each program reads its own sort-key prefix.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AnyProgram, BASES } from '../program';
import type { BaseRecord } from '../registry';
import { batchGet, queryPartition } from './batch';
import { db, TABLE } from './client';
import { keys } from './keys';
import { takePrefetched } from './prefetch';

const strip = <T>({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as T;

export async function getEntity<T>(program: AnyProgram, id: string): Promise<T | undefined> {
  const key = keys.entity(program.tag, id);
  const pre = takePrefetched(key);
  if (pre !== undefined) return pre ? strip<T>(pre) : undefined;
  const r = await db.send(new GetCommand({ TableName: TABLE, Key: key }));
  return r.Item ? strip<T>(r.Item) : undefined;
}

export async function listEntities<T>(program: AnyProgram): Promise<T[]> {
  return (await queryPartition(keys.registryPk, { prefix: `${program.tag}#` })).map((i) => strip<T>(i));
}

/** Reads many entities at once (BatchGet in chunks of 100, retrying unprocessed keys). */
export async function getEntities<T>(program: AnyProgram, ids: Iterable<string>): Promise<Map<string, T>> {
  return batchGet(
    [...new Set(ids)].map((id) => keys.entity(program.tag, id)),
    (item) => [String(item[program.idKey]), strip<T>(item)],
  );
}

export const getBase = (baseId: string) => getEntity<BaseRecord>(BASES, baseId);
export const listBases = () => listEntities<BaseRecord>(BASES);
export const getBases = (baseIds: Iterable<string>) => getEntities<BaseRecord>(BASES, baseIds);
