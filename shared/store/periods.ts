// Period schedules (pk PERIOD, sk <period>).

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryPartition } from './batch';
import type { PeriodSchedule } from '../schedule';
import { db, TABLE } from './client';
import { keys } from './keys';
import { takePrefetched } from './prefetch';

export async function getSchedule(period: string): Promise<PeriodSchedule | undefined> {
  const pre = takePrefetched(keys.period(period));
  const item = pre !== undefined ? pre : (await db.send(new GetCommand({ TableName: TABLE, Key: keys.period(period) }))).Item;
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as PeriodSchedule;
}

export async function putSchedule(s: PeriodSchedule): Promise<void> {
  await db.send(new PutCommand({ TableName: TABLE, Item: { ...keys.period(s.period), ...s } }));
}

export async function listSchedules(): Promise<PeriodSchedule[]> {
  return (await queryPartition(keys.periodPk)).map(({ pk: _pk, sk: _sk, ...rest }) => rest as unknown as PeriodSchedule);
}
