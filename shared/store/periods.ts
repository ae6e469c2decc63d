// Period schedules (pk PERIOD, sk <period> for the bases, <TAG>#<period> for other programs).

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PeriodSchedule } from '../schedule';
import { queryPartition } from './batch';
import { db, TABLE } from './client';
import { keys, type ProgramTag } from './keys';
import { takePrefetched } from './prefetch';

const strip = ({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as PeriodSchedule;

export async function getSchedule(period: string, tag: ProgramTag = 'BASE'): Promise<PeriodSchedule | undefined> {
  const key = keys.period(period, tag);
  const pre = takePrefetched(key);
  const item = pre !== undefined ? pre : (await db.send(new GetCommand({ TableName: TABLE, Key: key }))).Item;
  return item ? strip(item) : undefined;
}

export async function putSchedule(s: PeriodSchedule, tag: ProgramTag = 'BASE'): Promise<void> {
  await db.send(new PutCommand({ TableName: TABLE, Item: { ...keys.period(s.period, tag), ...s } }));
}

/** One program's schedules: the bases' sort keys are bare periods, the others' carry their tag. */
export async function listSchedules(tag: ProgramTag = 'BASE'): Promise<PeriodSchedule[]> {
  const items =
    tag === 'BASE'
      ? (await queryPartition(keys.periodPk)).filter((i) => !String(i.sk).includes('#'))
      : await queryPartition(keys.periodPk, { prefix: `${tag}#` });
  return items.map(strip);
}
