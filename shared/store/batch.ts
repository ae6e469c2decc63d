// Multi-item reads and writes over the table: whole-partition queries (paginated), BatchGetItem
// in chunks of 100 and BatchWriteItem in chunks of 25, both retrying unprocessed items.

import { BatchGetCommand, BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mapConcurrent } from '../pool';
import { db, TABLE } from './client';
import { itemKey } from './keys';

/** BatchGet returning found items keyed by itemKey. */
export async function batchGetRaw(
  keyList: Array<{ pk: string; sk: string }>,
  opts: { consistent?: boolean } = {},
): Promise<Map<string, Record<string, unknown>>> {
  return batchGet(keyList, (item) => [itemKey(item), item], opts);
}

/**
 * Generic BatchGet over the table: returns a map built by `entry` from each found item. Strongly
 * consistent unless `consistent: false` (half the read units: for reads whose staleness a
 * conditional write catches, or that only inform).
 */
export async function batchGet<T>(
  keyList: Array<{ pk: string; sk: string }>,
  entry: (item: Record<string, unknown>) => [string, T],
  opts: { consistent?: boolean; projection?: string[] } = {},
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  const names = opts.projection ? Object.fromEntries(opts.projection.map((a, i) => [`#a${i}`, a])) : undefined;
  const projection = names ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names } : {};
  for (let i = 0; i < keyList.length; i += 100) {
    let pending: Array<Record<string, unknown>> = keyList.slice(i, i + 100);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 8) throw new Error('BatchGet: unprocessed keys after retries');
      if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      const r = await db.send(new BatchGetCommand({ RequestItems: { [TABLE]: { Keys: pending, ConsistentRead: opts.consistent ?? true, ...projection } } }));
      for (const item of r.Responses?.[TABLE] ?? []) {
        const [k, v] = entry(item);
        out.set(k, v);
      }
      pending = (r.UnprocessedKeys?.[TABLE]?.Keys as Array<Record<string, unknown>> | undefined) ?? [];
    }
  }
  return out;
}

/**
 * Every item of a partition — or of its sort keys starting with `prefix` (one program's items of
 * a shared partition) — following pagination (consistent read, optional projection).
 */
export async function queryPartition(
  pk: string,
  opts: { forward?: boolean; projection?: string[]; prefix?: string } = {},
): Promise<Array<Record<string, unknown>>> {
  return queryRange(pk, opts.prefix !== undefined ? { prefix: opts.prefix } : {}, opts);
}

/**
 * Every item of a partition, read as contiguous sort-key ranges in parallel. `bounds` are
 * sort keys in ascending order (any values: items need not exist at them); the ranges are
 * (-∞, b0], [b0, b1], …, [bn, +∞) and the item at a shared bound, read twice, is kept once.
 * A page is at most 1 MB, so a large partition read page after page costs one round trip per
 * MB in sequence; read in ranges it costs the slowest range. (DynamoDB Local is worse: each
 * page re-reads the partition from its start key to the end, so paging is quadratic.)
 */
export async function queryPartitionRanges(
  pk: string,
  bounds: readonly string[],
  opts: { projection?: string[]; concurrency?: number; prefix?: string } = {},
): Promise<Array<Record<string, unknown>>> {
  // '' is below every sort key (and DynamoDB refuses it as a key value): no range ends there.
  const b = [...new Set(bounds)].filter((x) => x !== '').sort(compareSortKeys);
  if (!b.length) return queryPartition(pk, opts);
  // With a prefix the outer ranges stop at the prefix's own keys: `P` ≤ every `P…` < `P\uffff`.
  const lo = opts.prefix !== undefined && opts.prefix !== '' ? opts.prefix : undefined;
  const hi = lo !== undefined ? `${lo}\uffff` : undefined;
  const ranges: Array<{ from?: string; to?: string }> = [
    { from: lo, to: b[0] },
    ...b.slice(1).map((to, i) => ({ from: b[i], to })),
    { from: b[b.length - 1], to: hi },
  ];
  // The sort key is needed to drop the item read twice at a shared bound.
  const addSk = opts.projection !== undefined && !opts.projection.includes('sk');
  const projection = addSk ? [...opts.projection!, 'sk'] : opts.projection;
  const parts = await mapConcurrent(ranges, opts.concurrency ?? 8, (r) => queryRange(pk, r, { projection }));
  const items = parts.flatMap((part, i) => (i === 0 ? part : part.filter((item) => item.sk !== ranges[i]!.from)));
  if (lo !== undefined) for (let i = items.length - 1; i >= 0; i--) if (!String(items[i]!.sk ?? lo).startsWith(lo)) items.splice(i, 1);
  if (addSk) for (const item of items) delete item.sk;
  return items;
}

/** DynamoDB's order of string sort keys: by UTF-8 bytes (differs from JS's for astral characters). */
export const compareSortKeys = (x: string, y: string): number => Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8'));

async function queryRange(
  pk: string,
  range: { from?: string; to?: string; prefix?: string },
  opts: { forward?: boolean; projection?: string[] },
): Promise<Array<Record<string, unknown>>> {
  const names = opts.projection ? Object.fromEntries(opts.projection.map((a, i) => [`#a${i}`, a])) : undefined;
  const { from, to, prefix } = range;
  const skCondition =
    prefix !== undefined
      ? ' AND begins_with(sk, :from)'
      : from !== undefined && to !== undefined
        ? ' AND sk BETWEEN :from AND :to'
        : from !== undefined
          ? ' AND sk >= :from'
          : to !== undefined
            ? ' AND sk <= :to'
            : '';
  const out: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: `pk = :pk${skCondition}`,
        ExpressionAttributeValues: {
          ':pk': pk,
          ...(prefix !== undefined ? { ':from': prefix } : from !== undefined ? { ':from': from } : {}),
          ...(prefix === undefined && to !== undefined ? { ':to': to } : {}),
        },
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
