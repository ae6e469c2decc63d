// Base registry items (pk REGISTRY, sk BASE#<id>).

import { BatchGetCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BaseRecord } from '../registry';
import { db, TABLE } from './client';
import { keys } from './keys';

const strip = ({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as BaseRecord;

export async function getBase(baseId: string): Promise<BaseRecord | undefined> {
  const r = await db.send(new GetCommand({ TableName: TABLE, Key: keys.base(baseId) }));
  return r.Item ? strip(r.Item) : undefined;
}

export async function putBase(base: BaseRecord): Promise<void> {
  await db.send(new PutCommand({ TableName: TABLE, Item: { ...keys.base(base.baseId), ...base } }));
}

export async function listBases(): Promise<BaseRecord[]> {
  const out: BaseRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.registryPk },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of r.Items ?? []) out.push(strip(item));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Reads many bases at once (BatchGet in chunks of 100, retrying unprocessed keys). */
export async function getBases(baseIds: Iterable<string>): Promise<Map<string, BaseRecord>> {
  return batchGet([...new Set(baseIds)].map((id) => keys.base(id)), (item) => [String(item.baseId), strip(item)]);
}

/** Generic BatchGet over the table: returns a map built by `entry` from each found item. */
export async function batchGet<T>(
  keyList: Array<{ pk: string; sk: string }>,
  entry: (item: Record<string, unknown>) => [string, T],
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (let i = 0; i < keyList.length; i += 100) {
    let pending: Array<Record<string, unknown>> = keyList.slice(i, i + 100);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 8) throw new Error('BatchGet: unprocessed keys after retries');
      if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      const r = await db.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: pending, ConsistentRead: true } } }));
      for (const item of r.Responses?.[TABLE] ?? []) {
        const [k, v] = entry(item);
        out.set(k, v);
      }
      pending = (r.UnprocessedKeys?.[TABLE]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
  }
  return out;
}
