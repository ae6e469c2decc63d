// Export jobs (pk EXPORTJOB, sk <jobId>): an asynchronous export's state, queued → running →
// done | failed. Its INSERT on the table's stream starts the build (the export function's event
// source on AWS, the local stream reader here); each transition is conditional on the state it
// leaves, so a redelivered record or a second worker never builds a finished job again.

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from './client';
import { keys } from './keys';

export type ExportJobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportJob {
  jobId: string;
  kind: 'national-bulletin';
  program: 'bases';
  scope: 'national';
  period: string;
  status: ExportJobStatus;
  requestedBy: string;
  requestedByName: string;
  requestedAt: string;
  attempts: number;
  startedAt?: string | null;
  finishedAt?: string | null;
  /** Set when done: where the file is, what it is called, its size and how long the build took. */
  objectKey?: string | null;
  fileName?: string | null;
  bytes?: number | null;
  buildMs?: number | null;
  error?: string | null;
}

const strip = ({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as ExportJob;

export async function putNewJob(job: ExportJob): Promise<void> {
  await db.send(new PutCommand({ TableName: TABLE, Item: { ...keys.exportJob(job.jobId), ...job }, ConditionExpression: 'attribute_not_exists(pk)' }));
}

export async function getJob(jobId: string): Promise<ExportJob | undefined> {
  const r = await db.send(new GetCommand({ TableName: TABLE, Key: keys.exportJob(jobId), ConsistentRead: true }));
  return r.Item ? strip(r.Item) : undefined;
}

/**
 * Moves a job from the state it was read in to `to`, setting `fields` — a PutItem conditional on
 * that state (no function may UpdateItem, infra/stateless-stack.ts). Returns the job as written,
 * or undefined (nothing changed) when another delivery moved it first.
 */
export async function transitionJob(job: ExportJob, to: ExportJobStatus, fields: Partial<ExportJob> = {}): Promise<ExportJob | undefined> {
  const next: ExportJob = { ...job, ...fields, status: to };
  try {
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: { ...keys.exportJob(job.jobId), ...next },
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':from': job.status },
      }),
    );
    return next;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw e;
  }
}
