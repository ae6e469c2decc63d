// What every part of the local stream reader shares: the handler's signature (a DynamoDB Streams
// Lambda handler), the logger, the counters and small error helpers. Kept apart so the parts
// (shards, records, checkpoint, delivery, shard buffer) do not import the poller that wires them.

import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

// biome-ignore lint/suspicious/noConfusingVoidType: the Lambda stream handler contract: a handler may return nothing (all records ok) or a batch response
export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

/** Console and the Powertools Logger both fit. */
export interface PollerLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** Counters of one consumer; the poller's are their sums. */
export interface ConsumerStats {
  /** Stream batches delivered to the handler (retries of a batch not counted again). */
  batches: number;
  /** Records the handler acknowledged. */
  records: number;
  /** Records skipped by the filter (the poller's: records no consumer wanted). */
  skipped: number;
  /** Handler invocations that threw or reported batchItemFailures. */
  handlerFailures: number;
  /** Records handed to onDeadLetter (or dropped) after exhausting their retries. */
  deadLetters: number;
  lastBatchAt: Date | undefined;
}

export interface StreamPollerStats extends ConsumerStats {
  /** Consumer name → its own counters. */
  consumers: Record<string, ConsumerStats>;
}

export const defaultLogger: PollerLogger = {
  info: (m, e) => console.info(`[stream-poller] ${m}`, e ?? ''),
  warn: (m, e) => console.warn(`[stream-poller] ${m}`, e ?? ''),
  error: (m, e) => console.error(`[stream-poller] ${m}`, e ?? ''),
};

export const errorName = (e: unknown) => (e as { name?: string } | null)?.name ?? '';
export const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));
export const seqOf = (r: DynamoDBRecord) => r.dynamodb?.SequenceNumber ?? '';
