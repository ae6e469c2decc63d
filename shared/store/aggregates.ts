// Aggregate items (pk AGG, sk <period> — <TAG>#<period> for programs other than the bases:
// every scope of a period in one item) and per-entity yearly rollups (pk ROLLUP#<id>, sk <year>).
// Both carry `rev` for optimistic concurrency; the aggregator commits rollups and the aggregates
// they move in one transaction. Every function takes the program's tag (default the bases').

import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { decodeScoped, encodeScoped, type Rollup, type ScopedTotals } from '../aggregation';
import { batchGet, batchWriteAll, queryPartition } from './batch';
import { db, TABLE } from './client';
import { itemKey, keys, type ProgramTag } from './keys';
import { deepFreeze, isPacked, packJson, SharedUnpacker, unpackJson } from './packed';

// Both item kinds keep their content packed in `z` (packed.ts): a rollup of two quarters is 913
// instead of 2,401 bytes, an aggregate item a fraction of its 23 KB, and both are written in
// transactions (2 WRU per started KB). Items written before hold it as a JSON string in `data`.
const rollupOf = (item: Record<string, unknown>): Rollup => (isPacked(item.z) ? unpackJson<Rollup>(item.z) : (JSON.parse(String(item.data)) as Rollup));
/** The scoped totals an aggregate item holds, in either stored form (packed `z`, or `data`). */
export const scopedOf = (item: Record<string, unknown> | undefined): ScopedTotals =>
  isPacked(item?.z) ? decodeScoped(unpackJson<string>(item.z)) : decodeScoped(item?.data as string | undefined);
const rollupItem = (rollup: Rollup, rev: number, now: string, tag: ProgramTag) => ({
  ...keys.rollup(rollup.baseId, rollup.year, tag),
  z: packJson(rollup),
  rev,
  updatedAt: now,
});
const aggregateItem = (period: string, scoped: ScopedTotals, rev: number, now: string, tag: ProgramTag) => ({
  ...keys.aggregate(period, tag),
  period,
  z: packJson(encodeScoped(scoped)),
  rev,
  updatedAt: now,
});

export interface StoredAggregate {
  period: string;
  scoped: ScopedTotals;
  rev: number;
  updatedAt: string | null;
}

export interface StoredRollup {
  rollup: Rollup;
  rev: number;
}

const toAggregate = (period: string, item: Record<string, unknown> | undefined): StoredAggregate => ({
  period,
  scoped: scopedOf(item),
  rev: Number(item?.rev ?? 0),
  updatedAt: (item?.updatedAt as string | undefined) ?? null,
});

export async function getAggregate(period: string, tag: ProgramTag = 'BASE'): Promise<StoredAggregate> {
  const r = await db.send(new GetCommand({ TableName: TABLE, Key: keys.aggregate(period, tag), ConsistentRead: true }));
  return toAggregate(period, r.Item);
}

export async function getAggregates(periods: Iterable<string>, tag: ProgramTag = 'BASE'): Promise<Map<string, StoredAggregate>> {
  const list = [...new Set(periods)];
  const found = await batchGet(
    list.map((p) => keys.aggregate(p, tag)),
    (item) => [String(item.sk), item],
  );
  return new Map(list.map((p) => [p, toAggregate(p, found.get(keys.aggregate(p, tag).sk))]));
}

const rollupKey = (baseId: string, year: number) => `${baseId}\u0000${year}`;

/** Rollups by (entity, year); `consistent: false` reads them eventually consistently (half the read units). */
export async function getRollups(
  pairs: Array<{ baseId: string; year: number }>,
  tag: ProgramTag = 'BASE',
  opts: { consistent?: boolean } = {},
): Promise<Map<string, StoredRollup>> {
  const found = await batchGet(
    pairs.map((p) => keys.rollup(p.baseId, p.year, tag)),
    (item) => {
      const rollup = rollupOf(item);
      return [rollupKey(rollup.baseId, rollup.year), { rollup, rev: Number(item.rev) }];
    },
    opts,
  );
  return found;
}

export { rollupKey };

// Decoded rollups shared by the bulletin exports of a warm process (issue 16). An annual
// bulletin of 1,000 bases reads 2,000 rollups, and inflating and parsing them (with the garbage
// it leaves) was ≈ 90 ms of its ≈ 330: re-exporting a year whose rollups have not changed —
// another scope, cohort or format, or the year once it is closed — decodes none of them again.
// A hit needs the item's key and the very bytes stored under it, not just its `rev` (a repair
// rebuilds rollups from rev 1), so it is the same content by construction. Least recently used
// first out, at 20,000 rollups (≈ 4 KB of heap each with its bytes: ≈ 80 MB at most, of the
// export function's 1,536 MB).
// Deep-frozen: every caller shares them, and a write to one throws.
const sharedRollups = new SharedUnpacker<Rollup>(20_000);
const sharedRollupOf = (item: Record<string, unknown>): Rollup => (isPacked(item.z) ? sharedRollups.unpack(itemKey(item), item.z) : deepFreeze(rollupOf(item)));

/** Forgets the shared decoded rollups (the benchmark times exports with every rollup decoded). */
export const clearSharedRollups = (): void => sharedRollups.clear();

/** How many decoded rollups are shared now (tests). */
export const sharedRollupCount = (): number => sharedRollups.size;

/**
 * Rollups by (entity, year) for reading only (the bulletin exports): the same as getRollups,
 * strongly consistent, but each decoded rollup is shared (frozen) with every other caller that
 * read the same stored bytes. The aggregator, which changes the rollups it reads, uses getRollups.
 */
export async function getSharedRollups(pairs: Array<{ baseId: string; year: number }>, tag: ProgramTag = 'BASE'): Promise<Map<string, Readonly<Rollup>>> {
  return batchGet(
    pairs.map((p) => keys.rollup(p.baseId, p.year, tag)),
    (item) => {
      const rollup = sharedRollupOf(item);
      return [rollupKey(rollup.baseId, rollup.year), rollup];
    },
  );
}

/** All rollups of one base (every year it has counted in). */
export async function getRollupsOfBase(baseId: string, tag: ProgramTag = 'BASE'): Promise<StoredRollup[]> {
  return (await queryPartition(keys.rollupPk(baseId, tag))).map((item) => ({ rollup: rollupOf(item), rev: Number(item.rev) }));
}

export class CommitConflictError extends Error {}

/**
 * Writes rollups and aggregates atomically, each conditional on the revision it was read at.
 * Throws CommitConflictError if any of them changed meanwhile (the caller re-reads and retries).
 */
export async function commitAggregation(
  rollups: Array<{ rollup: Rollup; expectedRev: number }>,
  aggregates: Array<{ period: string; scoped: ScopedTotals; expectedRev: number }>,
  now: string,
  tag: ProgramTag = 'BASE',
): Promise<void> {
  const cond = (rev: number) =>
    rev === 0 ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': rev } };
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...rollups.map((r) => ({
            Put: {
              TableName: TABLE,
              Item: rollupItem(r.rollup, r.expectedRev + 1, now, tag),
              ...cond(r.expectedRev),
            },
          })),
          ...aggregates.map((a) => ({
            Put: {
              TableName: TABLE,
              Item: aggregateItem(a.period, a.scoped, a.expectedRev + 1, now, tag),
              ...cond(a.expectedRev),
            },
          })),
        ],
      }),
    );
  } catch (e) {
    const err = e as Error & { CancellationReasons?: Array<{ Code?: string }> };
    if (
      err.name === 'TransactionCanceledException' &&
      err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')
    )
      throw new CommitConflictError('aggregate or rollup changed concurrently');
    if (err.name === 'TransactionConflictException') throw new CommitConflictError(err.message);
    throw e;
  }
}

/**
 * Overwrites rollups and aggregates with recomputed ones (reconcile --repair). Each item's
 * revision is bumped past what it was, so an aggregator transaction planned on the old state
 * fails its condition and re-plans on the repaired state.
 */
export async function overwriteAggregation(
  rollups: Array<{ rollup: Rollup; rev: number }>,
  aggregates: Array<{ period: string; scoped: ScopedTotals; rev: number }>,
  now: string,
  tag: ProgramTag = 'BASE',
): Promise<void> {
  const puts = [...rollups.map((r) => rollupItem(r.rollup, r.rev, now, tag)), ...aggregates.map((a) => aggregateItem(a.period, a.scoped, a.rev, now, tag))];
  await batchWriteAll(puts);
}
