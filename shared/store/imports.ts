// A registry import, all or nothing across transactions (issue 19). TransactWriteItems takes at
// most 100 actions, so a large file lands in chunks; each chunk's transaction writes, together:
//   - the chunk's registry items, each conditional on the state the import read (still absent,
//     or still at the updatedAt read): a concurrent edit cancels the chunk;
//   - each item's audit entry (as a single edit writes);
//   - an undo record (pk IMPORT, sk CHUNK#<program>#<job>#<seq>) holding every item's prior image;
//   - the job item (pk IMPORT, sk JOB#<program>), conditional on this writer still owning it and
//     renewing its lease: a writer whose job was taken over (its lease ran out) cannot go on.
// So an undo record exists exactly when its chunk landed. Rolling back restores each prior image
// (or deletes an item that was new), deletes the chunk's audit entries and its undo record, one
// transaction per chunk, newest first. Finishing writes the job as done with the import's audit
// entry in one transaction: that is the commit point. Only the one job item per program exists,
// so two imports of one program never run at once.

import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../audit';
import { db, TABLE } from './client';
import { keys } from './keys';

export type ImportState = 'running' | 'rollingBack' | 'done' | 'rolledBack';

export interface ImportJob {
  program: string;
  jobId: string;
  /** Who holds the job now (a random id per request); fences the transactions. */
  owner: string;
  state: ImportState;
  /** Until when the owner is presumed alive (ISO); renewed by every chunk. */
  leaseUntil: string;
  /** Chunks planned and landed so far. */
  chunks: number;
  done: number;
  fileName: string;
  rows: number;
  startedAt: string;
  /** Who started it (the audit entry's actor). */
  actor: AuditEntry['actor'];
  /** Why it was rolled back (Chinese), once it was. */
  reason?: string;
}

/** One item of a chunk: where, what it was before (null: it did not exist), what updatedAt the import wrote. */
export interface UndoEntry {
  key: { pk: string; sk: string };
  prior: Record<string, unknown> | null;
  written: string;
  line: number;
  id: string;
}

export interface ImportChunk {
  seq: number;
  undo: UndoEntry[];
  audits: Array<{ pk: string; sk: string }>;
}

export interface ChunkItem {
  item: Record<string, unknown> & { pk: string; sk: string };
  /** The updatedAt read (null: the item did not exist). */
  expected: string | null;
  audit: AuditEntry;
  undo: UndoEntry;
}

const strip = <T>({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as T;

interface Cancelled {
  name: string;
  CancellationReasons?: Array<{ Code?: string }>;
}
const cancelled = (e: unknown): Array<{ Code?: string }> | null => {
  const err = e as Cancelled;
  return err?.name === 'TransactionCanceledException' ? (err.CancellationReasons ?? []) : null;
};

const jobPut = (job: ImportJob, condition: string, values: Record<string, unknown>) => ({
  Put: {
    TableName: TABLE,
    Item: { ...keys.importJob(job.program), ...job },
    ConditionExpression: condition,
    ExpressionAttributeNames: (condition.includes('#s') ? { '#s': 'state' } : undefined) as Record<string, string> | undefined,
    ExpressionAttributeValues: Object.keys(values).length ? values : undefined,
  },
});

/** The job still belongs to `owner` in `state`. */
const OWNED = 'jobId = :j AND #o = :o AND #s = :st';
const owned = (job: { jobId: string; owner: string }, state: ImportState) => ({ ':j': job.jobId, ':o': job.owner, ':st': state });
const ownedPut = (next: ImportJob, prev: { jobId: string; owner: string }, state: ImportState) => {
  const p = jobPut(next, OWNED, owned(prev, state));
  p.Put.ExpressionAttributeNames = { '#s': 'state', '#o': 'owner' };
  return p;
};

export async function getImportJob(program: string): Promise<ImportJob | undefined> {
  const r = await db.send(
    new QueryCommand({
      TableName: TABLE,
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': keys.importPk, ':sk': keys.importJob(program).sk },
      ConsistentRead: true,
    }),
  );
  const item = r.Items?.[0];
  return item ? strip<ImportJob>(item) : undefined;
}

/**
 * Starts a job: only if no job of the program exists or the last one has ended (done or rolled
 * back) and is still the one read. False if another import got there first.
 */
export async function startImportJob(job: ImportJob, previous: ImportJob | undefined): Promise<boolean> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          previous
            ? jobPut(job, 'jobId = :prev AND (#s = :done OR #s = :back)', { ':prev': previous.jobId, ':done': 'done', ':back': 'rolledBack' })
            : jobPut(job, 'attribute_not_exists(pk)', {}),
        ],
      }),
    );
    return true;
  } catch (e) {
    if (cancelled(e)) return false;
    throw e;
  }
}

export type ChunkOutcome = { ok: true } | { ok: false; conflict: ChunkItem } | { ok: false; fenced: true };

/** Writes one chunk (≤ 49 items: item + audit each, the undo record and the job = ≤ 100 actions). */
export async function writeImportChunk(job: ImportJob, seq: number, items: ChunkItem[], leaseUntil: string): Promise<ChunkOutcome> {
  const chunk: ImportChunk = { seq, undo: items.map((i) => i.undo), audits: items.map((i) => keys.audit(i.audit.at, i.audit.id)) };
  const next: ImportJob = { ...job, done: seq, leaseUntil };
  try {
    await db.send(
      new TransactWriteCommand({
        // The SDK's own retry of a chunk that landed but whose answer was lost is then a no-op
        // (idempotent for 10 minutes), not a conflict with ourselves.
        ClientRequestToken: `${job.jobId}-${seq}`.slice(0, 36),
        TransactItems: [
          ...items.map((i) => ({
            Put: {
              TableName: TABLE,
              Item: i.item,
              ...(i.expected === null
                ? { ConditionExpression: 'attribute_not_exists(pk)' }
                : { ConditionExpression: 'updatedAt = :u', ExpressionAttributeValues: { ':u': i.expected } }),
            },
          })),
          ...items.map((i) => ({
            Put: { TableName: TABLE, Item: { ...keys.audit(i.audit.at, i.audit.id), ...i.audit }, ConditionExpression: 'attribute_not_exists(pk)' },
          })),
          { Put: { TableName: TABLE, Item: { ...keys.importChunk(job.program, job.jobId, seq), ...chunk }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ownedPut(next, job, 'running'),
        ],
      }),
    );
    job.done = seq;
    job.leaseUntil = leaseUntil;
    return { ok: true };
  } catch (e) {
    const reasons = cancelled(e);
    if (!reasons) throw e;
    const at = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
    if (at >= 0 && at < items.length) return { ok: false, conflict: items[at]! };
    return { ok: false, fenced: true };
  }
}

/**
 * Moves the job to `next` (a new owner, state or lease) if it is still as read. False if someone
 * else changed it first (another request recovering it, or the owner renewing its lease).
 */
export async function moveImportJob(prev: ImportJob, next: ImportJob): Promise<boolean> {
  const put = ownedPut(next, prev, prev.state);
  put.Put.ConditionExpression = `${OWNED} AND leaseUntil = :l`;
  put.Put.ExpressionAttributeValues = { ...owned(prev, prev.state), ':l': prev.leaseUntil };
  try {
    await db.send(new TransactWriteCommand({ TransactItems: [put] }));
    return true;
  } catch (e) {
    if (cancelled(e)) return false;
    throw e;
  }
}

/** The undo records of a job (or of every job of the program), oldest first. */
export async function listImportChunks(program: string, jobId?: string): Promise<Array<ImportChunk & { key: { pk: string; sk: string } }>> {
  const out: Array<ImportChunk & { key: { pk: string; sk: string } }> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': keys.importPk, ':p': keys.importChunkPrefix(program, jobId) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const i of r.Items ?? []) out.push({ ...strip<ImportChunk>(i), key: { pk: String(i.pk), sk: String(i.sk) } });
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

/**
 * Undoes one chunk in one transaction: every item back to its prior image (deleted if it was
 * new) unless it was edited since the import wrote it, the chunk's audit entries and its undo
 * record deleted, the job still owned by the one rolling back. Returns the items left as they
 * are (edited by someone after the import wrote them: their edit is kept).
 */
export async function undoImportChunk(job: ImportJob, chunk: ImportChunk & { key: { pk: string; sk: string } }): Promise<UndoEntry[]> {
  const kept: UndoEntry[] = [];
  for (;;) {
    const undo = chunk.undo.filter((u) => !kept.includes(u));
    try {
      await db.send(
        new TransactWriteCommand({
          TransactItems: [
            ...undo.map((u) =>
              u.prior
                ? {
                    Put: {
                      TableName: TABLE,
                      Item: { ...u.key, ...u.prior },
                      ConditionExpression: 'updatedAt = :w',
                      ExpressionAttributeValues: { ':w': u.written },
                    },
                  }
                : { Delete: { TableName: TABLE, Key: u.key, ConditionExpression: 'updatedAt = :w', ExpressionAttributeValues: { ':w': u.written } } },
            ),
            ...chunk.audits.map((k) => ({ Delete: { TableName: TABLE, Key: k } })),
            { Delete: { TableName: TABLE, Key: chunk.key } },
            ownedPut({ ...job, done: chunk.seq - 1 }, job, 'rollingBack'),
          ],
        }),
      );
      job.done = chunk.seq - 1;
      return kept;
    } catch (e) {
      const reasons = cancelled(e);
      if (!reasons) throw e;
      const failed = reasons.map((r, i) => (r.Code === 'ConditionalCheckFailed' && i < undo.length ? undo[i]! : null)).filter((u): u is UndoEntry => !!u);
      // Not an item: the job was taken over, or the record is already gone.
      if (!failed.length) throw Object.assign(new Error('import job taken over while rolling back'), { name: 'ImportFenced' });
      kept.push(...failed);
    }
  }
}

/** Ends the job (done or rolled back) with the import's one audit entry, if still owned in `from`. */
export async function endImportJob(job: ImportJob, from: ImportState, next: ImportJob, audit: AuditEntry): Promise<boolean> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          ownedPut(next, job, from),
          { Put: { TableName: TABLE, Item: { ...keys.audit(audit.at, audit.id), ...audit }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
    return true;
  } catch (e) {
    if (cancelled(e)) return false;
    throw e;
  }
}

/** Deletes undo records no longer needed (a finished job's), 100 per transaction. */
export async function deleteImportChunks(chunks: Array<{ key: { pk: string; sk: string } }>): Promise<void> {
  for (let i = 0; i < chunks.length; i += 100)
    await db.send(new TransactWriteCommand({ TransactItems: chunks.slice(i, i + 100).map((c) => ({ Delete: { TableName: TABLE, Key: c.key } })) }));
}
