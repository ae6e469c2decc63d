// BatchGetItem over the table, chunked by 100 keys and retrying unprocessed keys.

import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
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
