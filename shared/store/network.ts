// The window-platform network's reference data: county-level units per city (pk DIVISION, sk
// <city>) and yearly build plans (pk PLAN, sk PLAT#<year>). Small, rarely written, read whole.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { queryPartition } from './batch';
import { db, TABLE } from './client';
import { keys } from './keys';

export interface StoredDivision {
  city: string;
  counties: string[];
  updatedAt: string;
}

export interface StoredPlan {
  year: number;
  cities: Record<string, number>;
  updatedAt: string;
}

const strip = <T>({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as T;

export async function listDivisions(): Promise<StoredDivision[]> {
  return (await queryPartition(keys.divisionPk)).map((i) => strip<StoredDivision>(i));
}

export async function getDivision(city: string): Promise<StoredDivision | undefined> {
  const r = await db.send(new GetCommand({ TableName: TABLE, Key: keys.division(city), ConsistentRead: true }));
  return r.Item ? strip<StoredDivision>(r.Item) : undefined;
}

export async function getPlan(year: number): Promise<StoredPlan | undefined> {
  const r = await db.send(new GetCommand({ TableName: TABLE, Key: keys.plan(year, 'PLAT'), ConsistentRead: true }));
  return r.Item ? strip<StoredPlan>(r.Item) : undefined;
}
