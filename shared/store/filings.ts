// Current filings (pk FILING#<period>, sk <TAG>#<id>) and their immutable versions
// (pk HIST#<id>#<period>, HIST#<TAG>#<id>#<period> for programs other than the bases; sk
// V#<version>). A write is one conditional PutItem of the filing, which carries the new version
// record; concurrent writers can never interleave half a change.

import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../audit';
import type { Filing, FilingVersion } from '../filing';
import { programById } from '../program';
import { batchGet, batchWriteAll, compareSortKeys, queryPartition, queryPartitionRanges } from './batch';
import { db, TABLE } from './client';
import { itemKey, keys, type ProgramTag } from './keys';
import { isPacked, packJson, readChanges, unpackJson } from './packed';
import { takePrefetched, takePrefetchedEntry } from './prefetch';

/** The tag of a filing's or version's program (absent: the bases, whose items came first). */
const tagOf = (x: { program?: Filing['program'] }): ProgramTag => (x.program ? programById(x.program).tag : 'BASE');

const strip = <T>({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as T;

/**
 * A filing item as the store keeps it: its values, warnings and version record's changes packed
 * (see packed.ts; nothing queries or projects inside them — `counted`, which the bulletins read
 * by projection and the aggregator from the stream, stays a map). The warnings are sentences
 * per field (about 90 bytes each in UTF-8): a burst filing with a dozen of them was 4 KB, 4 WRU
 * a write.
 */
const filingItem = (filing: Filing) => ({
  ...keys.filing(filing.period, filing.baseId, tagOf(filing)),
  ...filing,
  values: packJson(filing.values),
  warnings: packJson(filing.warnings),
  lastVersion: { ...filing.lastVersion, changes: packJson(filing.lastVersion.changes) },
});

/** A filing read back: values, warnings and changes unpacked, whichever form the item has (maps before issue 16). */
function fromFilingItem(item: Record<string, unknown>): Filing {
  const f = strip<Filing>(item);
  const values = isPacked(f.values) ? unpackJson<Filing['values']>(f.values) : f.values;
  const warnings = isPacked(f.warnings) ? unpackJson<Filing['warnings']>(f.warnings) : f.warnings;
  return { ...f, values, warnings, ...(f.lastVersion ? { lastVersion: { ...f.lastVersion, changes: readChanges(f.lastVersion.changes) } } : {}) };
}

export async function getFiling(period: string, baseId: string, tag: ProgramTag = 'BASE'): Promise<Filing | undefined> {
  const key = keys.filing(period, baseId, tag);
  const pre = takePrefetched(key);
  const item = pre !== undefined ? pre : (await db.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item;
  return item ? fromFilingItem(item) : undefined;
}

/**
 * The filing a write is planned on, and whether it was read strongly consistently. A prefetched
 * eventually consistent read may be stale; a write planned on it is conditional on the version
 * read, so staleness turns into a StaleFilingError and a re-plan on a consistent read — the
 * caller must not answer from it otherwise (a no-op or a refusal).
 */
export async function getFilingForWrite(
  period: string,
  baseId: string,
  tag: ProgramTag = 'BASE',
): Promise<{ filing: Filing | undefined; consistent: boolean }> {
  const key = keys.filing(period, baseId, tag);
  const pre = takePrefetchedEntry(key);
  if (pre) return { filing: pre.item ? fromFilingItem(pre.item) : undefined, consistent: pre.consistent };
  const item = (await db.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item;
  return { filing: item ? fromFilingItem(item) : undefined, consistent: true };
}

/** Thrown when the filing changed since it was read (the caller re-plans or answers 409). */
export class StaleFilingError extends Error {}

/**
 * Writes the filing — carrying its version record in `lastVersion` — with one PutItem,
 * conditional on the version it was planned from. One item, so it is atomic and durable the
 * moment it is acknowledged; the stream then files `lastVersion` into the history.
 */
export async function writeFiling(filing: Filing, expectedVersion: number): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: filingItem(filing),
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
        ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ':v': expectedVersion },
      }),
    );
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') throw new StaleFilingError('filing changed concurrently');
    throw e;
  }
}

/**
 * Files version records (and the audit entries of review actions) into the history. The
 * content of version n of a filing never changes, so writing it again is a no-op: safe for a
 * stream consumer that sees a record more than once. A version's `changes` (field → [old, new],
 * never queried inside) are stored packed (packed.ts): 736 bytes for a first submission's
 * version, 1 WRU instead of the 2 of the JSON string (1,509 B) — at quarter-end this write
 * follows every filing write. (As a map of 36 two-element lists the item also cost DynamoDB
 * Local 1.0–1.2 ms of CPU to write, as a string 0.75 ms.)
 */
export async function putHistory(versions: FilingVersion[], audits: AuditEntry[]): Promise<void> {
  const items = [
    ...versions.map((v) => ({ ...keys.version(v.baseId, v.period, v.version, tagOf(v)), ...v, changes: packJson(v.changes) })),
    ...audits.map((a) => ({ ...keys.audit(a.at, a.id), ...a })),
  ];
  // One request can hold an item once: the same version seen twice in a batch is written once.
  await batchWriteAll([...new Map(items.map((i) => [itemKey(i), i])).values()]);
}

/** Every current filing of a period (one partition; see readFilingsPartition for `baseIds`). */
export async function listFilings(period: string, baseIds?: readonly string[], tag: ProgramTag = 'BASE'): Promise<Filing[]> {
  return (await readFilingsPartition(period, undefined, baseIds, tag)).map(fromFilingItem);
}

/** Who has filed what in a period, without the values (completeness over many quarters). */
export type FilingState = Pick<
  Filing,
  'baseId' | 'status' | 'draftPending' | 'late' | 'countedRev' | 'reviewComment' | 'version' | 'submittedAt' | 'updatedAt'
>;

const STATE_ATTRIBUTES: Array<keyof FilingState> = [
  'baseId',
  'status',
  'draftPending',
  'late',
  'countedRev',
  'reviewComment',
  'version',
  'submittedAt',
  'updatedAt',
];

const RANGE_SIZE = 200;

/**
 * Reads a period's filings partition. Given the registry's base ids it reads in parallel
 * sort-key ranges of about RANGE_SIZE filings each — one page each (a filing is ~3 KB, a page
 * 1 MB) — instead of page after page; any id works as a bound, so filings of bases missing
 * from `baseIds` are read all the same.
 */
function readFilingsPartition(period: string, projection: string[] | undefined, baseIds: readonly string[] | undefined, tag: ProgramTag) {
  // One program's filings of the partition (a year's partition holds every yearly program's).
  const prefix = `${tag}#`;
  if (!baseIds || baseIds.length <= RANGE_SIZE) return queryPartition(keys.filingPk(period), { projection, prefix });
  const sorted = [...baseIds].map((id) => keys.filing(period, id, tag).sk).sort(compareSortKeys);
  const bounds = sorted.filter((_, i) => i > 0 && i % RANGE_SIZE === 0);
  return queryPartitionRanges(keys.filingPk(period), bounds, { projection, prefix });
}

/** The states of some filings of a period, by key (absent ones left out): a few bases of a large partition. */
export async function getFilingStates(period: string, baseIds: readonly string[], tag: ProgramTag = 'BASE'): Promise<FilingState[]> {
  const found = await batchGet(
    baseIds.map((id) => keys.filing(period, id, tag)),
    (item) => [String(item.baseId), item as unknown as FilingState],
    { projection: STATE_ATTRIBUTES },
  );
  return [...found.values()];
}

/** Whether a period holds any filing of the program (a draft counts): one item read. */
export async function hasFilings(period: string, tag: ProgramTag = 'BASE'): Promise<boolean> {
  const r = await db.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tag)',
      ExpressionAttributeValues: { ':pk': keys.filingPk(period), ':tag': `${tag}#` },
      ProjectionExpression: 'sk',
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return (r.Items?.length ?? 0) > 0;
}

export async function listFilingStates(period: string, baseIds?: readonly string[], tag: ProgramTag = 'BASE'): Promise<FilingState[]> {
  return (await readFilingsPartition(period, STATE_ATTRIBUTES, baseIds, tag)) as unknown as FilingState[];
}

/** States plus the counted values (a bulletin's per-base rows), without drafts and history. */
export async function listCountedFilings(
  period: string,
  baseIds?: readonly string[],
  tag: ProgramTag = 'BASE',
): Promise<Array<FilingState & Pick<Filing, 'counted'>>> {
  return (await readFilingsPartition(period, [...STATE_ATTRIBUTES, 'counted'], baseIds, tag)) as unknown as Array<FilingState & Pick<Filing, 'counted'>>;
}

export async function getHistory(baseId: string, period: string, tag: ProgramTag = 'BASE'): Promise<FilingVersion[]> {
  return (await queryPartition(keys.historyPk(baseId, period, tag))).map((i) => {
    const v = strip<FilingVersion>(i);
    // Packed since issue 16; older items hold a JSON string or the map itself.
    return { ...v, changes: readChanges(v.changes) };
  });
}
