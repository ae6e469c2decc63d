// Delivering a batch to the handler with Lambda's failure semantics: partial batch failures
// (batchItemFailures) resume from the first failed record, a throw gets the whole remaining
// batch again, backoff between retries, and after maxRetries the failing record goes to the
// dead-letter sink (Lambda's on-failure destination) so one poison record never blocks a shard.

import type { DynamoDBRecord } from 'aws-lambda';
import { type ConsumerStats, errorMessage, type PollerLogger, type StreamHandler, seqOf } from './common';

/** What delivery needs from the poller around it (one per consumer). */
export interface DeliveryContext {
  handler: StreamHandler;
  /** Retries of a failing record before it is dead-lettered. */
  maxRetries: number;
  /** First retry backoff; doubles per retry (capped at 2 s). */
  retryBackoffMs: number;
  onDeadLetter: ((record: DynamoDBRecord, reason: string) => Promise<void>) | undefined;
  log: PollerLogger;
  stats: ConsumerStats;
  /** Records the consumer's position in the shard: every record up to `seq` is done. */
  advance(shardId: string, seq: string): void;
  /** True once stop() was called. */
  stopping(): boolean;
  /** A pause that stop() cuts short. */
  sleep(ms: number): Promise<void>;
}

/**
 * Invokes the handler until every record is acknowledged or dead-lettered.
 * Returns false if stop() interrupted the retries (the rest is redelivered after a restart).
 */
export async function deliver(ctx: DeliveryContext, shardId: string, records: DynamoDBRecord[]): Promise<boolean> {
  let pending = records;
  let failingSeq: string | undefined;
  let retries = 0;
  while (pending.length) {
    let failedAt = 0;
    let reason: string;
    try {
      const result = await ctx.handler({ Records: pending });
      const failures = result?.batchItemFailures ?? [];
      if (!Array.isArray(failures) || failures.length === 0) {
        ctx.stats.records += pending.length;
        return true;
      }
      // Lambda resumes from the lowest failed sequence number, i.e. the first failed record of
      // the batch. An identifier naming no record of the batch fails the whole batch.
      const ids = new Set(failures.map((f) => f?.itemIdentifier));
      const idx = pending.findIndex((r) => ids.has(seqOf(r)));
      failedAt = Math.max(0, idx);
      reason =
        idx >= 0 ? `handler reported batchItemFailures from ${seqOf(pending[idx]!)}` : 'handler reported batchItemFailures naming no record of the batch';
    } catch (e) {
      reason = `handler threw: ${errorMessage(e)}`;
    }
    ctx.stats.handlerFailures++;

    // The records before the first failure are done.
    if (failedAt > 0) {
      ctx.stats.records += failedAt;
      ctx.advance(shardId, seqOf(pending[failedAt - 1]!));
      pending = pending.slice(failedAt);
    }
    const first = pending[0]!;
    // Retries count per failing record, so every poison record gets the same number of tries.
    if (seqOf(first) !== failingSeq) {
      failingSeq = seqOf(first);
      retries = 0;
    }
    if (ctx.stopping()) return false;
    if (retries < ctx.maxRetries) {
      retries++;
      const delay = Math.min(ctx.retryBackoffMs * 2 ** (retries - 1), 2_000);
      ctx.log.warn('handler failed; retrying', { reason, shardId, seq: failingSeq, retry: retries, of: ctx.maxRetries, inMs: delay });
      await ctx.sleep(delay);
      if (ctx.stopping()) return false;
      continue;
    }
    // Retries exhausted: set the first failing record aside and go on with the rest.
    if (!(await deadLetter(ctx, first, `${reason} (after ${ctx.maxRetries} retries)`))) return false;
    ctx.advance(shardId, seqOf(first));
    pending = pending.slice(1);
    failingSeq = undefined;
    retries = 0;
  }
  return true;
}

/** Hands a record to the dead-letter sink, retrying the sink until it takes it. False if stop() came first. */
async function deadLetter(ctx: DeliveryContext, record: DynamoDBRecord, reason: string): Promise<boolean> {
  const sink = ctx.onDeadLetter;
  if (!sink) {
    ctx.log.error('record failed past the retry cap and there is no dead-letter sink; dropping it', { reason, record });
    ctx.stats.deadLetters++;
    return true;
  }
  // The record must not be lost: keep trying the sink (until stop(), then it is redelivered later).
  for (let delay = 200; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      await sink(record, reason);
      ctx.stats.deadLetters++;
      ctx.log.error('record dead-lettered', { reason, seq: seqOf(record), eventID: record.eventID });
      return true;
    } catch (e) {
      ctx.log.error('dead-letter sink failed; retrying', { error: errorMessage(e), seq: seqOf(record) });
      if (ctx.stopping()) return false;
      await ctx.sleep(delay);
      if (ctx.stopping()) return false;
    }
  }
}
