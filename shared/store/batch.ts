// Multi-item reads and writes over the table: whole-partition queries (paginated), BatchGetItem
// in chunks of 100 and BatchWriteItem in chunks of 25, both retrying unprocessed items.

import { BatchGetCommand, BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from './client';

/** BatchGet returning found items keyed by `pk\u0000sk`. */
export async function batchGetRaw(keyList: Array<{ pk: string; sk: string }>): Promise<Map<string, Record<string, unknown>>> {
  return batchGet(keyList, (item) => [`${String(item.pk)}\u0000${String(item.sk)}`, item]);
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

/** Every item of a partition, following pagination (consistent read, optional projection). */
export async function queryPartition(pk: string, opts: { forward?: boolean; projection?: string[] } = {}): Promise<Array<Record<string, unknown>>> {
  const names = opts.projection ? Object.fromEntries(opts.projection.map((a, i) => [`#a${i}`, a])) : undefined;
  const out: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ExclusiveStartKey: start,
        ScanIndexForward: opts.forward ?? true,
        ConsistentRead: true,
        ...(names ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names } : {}),
      }),
    );
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Puts items with BatchWriteItem (25 per request), retrying unprocessed ones with backoff. */
export async function batchWriteAll(items: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let pending: Array<Record<string, unknown>> = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 8) throw new Error('BatchWrite: unprocessed items after retries');
      if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      const r = await db.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending as never } }));
      pending = (r.UnprocessedItems?.[TABLE] as Array<Record<string, unknown>> | undefined) ?? [];
    }
  }
}
