// Local stand-in for Lambda's DynamoDB Streams event source mapping.
//
// It reads the table's real stream (DynamoDB Local implements the Streams API) and invokes the
// same handler that runs on AWS with the same event shape and the same failure semantics:
//   - records of a shard are delivered in order, a parent shard to its end before its children;
//   - a handler may report partial failures (batchItemFailures): the batch is re-invoked from
//     the first failed record onward, as Lambda does with ReportBatchItemFailures;
//   - a handler that throws gets the whole (remaining) batch again;
//   - after `maxRetries` retries the first failing record goes to `onDeadLetter` (Lambda's
//     on-failure destination) and processing continues behind it, so one poison record never
//     blocks its shard;
//   - event filtering on the partition key: skipped records are never delivered but still
//     advance the checkpoint.
// Progress is a per-shard "last handled sequence number", optionally persisted to a JSON file so
// a restarted process resumes where it stopped (delivery is at-least-once, like Lambda's).
//
// One poller loop handles every shard in turn (one GetRecords per ready shard per round). That
// is enough locally: DynamoDB Local keeps a single open shard per stream.
//
// This file is the loop and its lifecycle (start, stop, drain); the parts live in local/stream/:
// shards.ts (discovery, order, iterators), records.ts (GetRecords over the JSON protocol,
// filtering, Lambda's record shape), checkpoint.ts (the checkpoint file), delivery.ts (retries,
// partial batch failures, dead letters), fan-out.ts (one reader, several consumers).

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { AwsJsonClient } from './aws-json';
import { type CheckpointFile, CheckpointWriter, readCheckpointFile } from './stream/checkpoint';
import { defaultLogger, errorMessage, errorName, type PollerLogger, type StreamHandler, type StreamPollerStats } from './stream/common';
import { type DeliveryContext, deliver } from './stream/delivery';
import { getRecords, selectRecords, type WireRecord } from './stream/records';
import { listShards, readyShards, type ShardState, shardIterator, streamArnOf } from './stream/shards';

// Importers of this file keep finding these here.
export type { PollerLogger, StreamHandler, StreamPollerStats } from './stream/common';
export { fanOut } from './stream/fan-out';
export { toLambdaRecord } from './stream/records';

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  handler: StreamHandler;
  /** Region reported in records' awsRegion and used by the clients. Default AWS_REGION or cn-north-1. */
  region?: string;
  /** Most records per handler invocation (GetRecords Limit, at most 1000). Default 100. */
  batchSize?: number;
  /** Pause between rounds that found nothing. Default 100 ms (it bounds the lag of a lone filing). */
  pollIntervalMs?: number;
  /** Retries of a failing record before it is dead-lettered. Default 3. */
  maxRetries?: number;
  /** First retry backoff; doubles per retry (capped at 2 s). Default 100 ms. */
  retryBackoffMs?: number;
  /** How often DescribeStream looks for new shards. Default 5 s (and whenever a shard ends). */
  shardDiscoveryIntervalMs?: number;
  /** Persist the checkpoint of this long ago (ms), so a hard crash replays the last moments. */
  checkpointLagMs?: number;
  /** Event filtering on the partition key: false = not delivered (checkpoint still advances). */
  filter?: (pk: string) => boolean;
  /** JSON file with the last handled sequence number per shard; written after each handled batch. */
  checkpointFile?: string;
  /** Receives the first failing record once its retries are exhausted. Without it the record is logged and dropped. */
  onDeadLetter?: (record: DynamoDBRecord, reason: string) => Promise<void>;
  logger?: PollerLogger;
}

export class StreamPoller {
  readonly stats: StreamPollerStats = { batches: 0, records: 0, skipped: 0, handlerFailures: 0, deadLetters: 0, lastBatchAt: undefined };

  private readonly opts: StreamPollerOptions;
  private readonly region: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxRetries: number;
  private readonly retryBackoffMs: number;
  private readonly discoveryIntervalMs: number;
  private readonly log: PollerLogger;
  private readonly ddb: DynamoDBClient;
  private readonly streams: DynamoDBStreamsClient;
  /** GetRecords without the SDK's deserialiser (see aws-json.ts). */
  private readonly records: AwsJsonClient;

  private streamArn: string | undefined;
  /** Shards not yet read to their end, in DescribeStream order. */
  private readonly shards = new Map<string, ShardState>();
  /** Shards read to their end (closed, NextShardIterator null). */
  private readonly endedShards = new Set<string>();
  private checkpoint = new Map<string, string>();
  /** Checkpoint read from the file, applied once we know the stream it belongs to. */
  private loaded: CheckpointFile | undefined;

  private loopPromise: Promise<void> | undefined;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private nextDiscoveryAt = 0;
  private round = 0;
  /** drain() waiters: told about every finished round, and aborted by stop(). */
  private readonly roundListeners = new Map<(round: number, busy: boolean) => void, (err: Error) => void>();
  private readonly wakers = new Set<() => void>();
  private idleWake: (() => void) | undefined;
  private readonly checkpointWriter: CheckpointWriter;
  /** What delivery (stream/delivery.ts) needs from this poller. */
  private readonly delivery: DeliveryContext;

  constructor(opts: StreamPollerOptions) {
    this.opts = opts;
    this.region = opts.region ?? process.env.AWS_REGION ?? 'cn-north-1';
    this.batchSize = Math.max(1, Math.min(opts.batchSize ?? 100, 1000));
    this.pollIntervalMs = opts.pollIntervalMs ?? 100;
    this.maxRetries = Math.max(0, opts.maxRetries ?? 3);
    this.retryBackoffMs = opts.retryBackoffMs ?? 100;
    this.discoveryIntervalMs = opts.shardDiscoveryIntervalMs ?? 5_000;
    this.log = opts.logger ?? defaultLogger;
    this.checkpointWriter = new CheckpointWriter(opts.checkpointFile, opts.checkpointLagMs ?? 0);
    this.delivery = {
      handler: opts.handler,
      maxRetries: this.maxRetries,
      retryBackoffMs: this.retryBackoffMs,
      onDeadLetter: opts.onDeadLetter,
      log: this.log,
      stats: this.stats,
      advance: (shardId, seq) => void this.checkpoint.set(shardId, seq),
      stopping: () => this.stopping,
      sleep: (ms) => this.sleep(ms),
    };
    const credentials = {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID || 'local',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || 'local',
      ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
    };
    const clientConfig = { endpoint: opts.endpoint, region: this.region, credentials, maxAttempts: 3 };
    this.records = new AwsJsonClient({
      endpoint: opts.endpoint,
      region: this.region,
      service: 'dynamodb',
      targetPrefix: 'DynamoDBStreams_20120810',
      credentials,
      maxAttempts: 3,
    });
    this.ddb = new DynamoDBClient(clientConfig);
    this.streams = new DynamoDBStreamsClient(clientConfig);
    // No logger is configured; its middleware would still inspect every GetRecords response.
    this.ddb.middlewareStack.remove('loggerMiddleware');
    this.streams.middlewareStack.remove('loggerMiddleware');
  }

  /** Last handled sequence number per shard (a copy). */
  get checkpoints(): Record<string, string> {
    return Object.fromEntries(this.checkpoint);
  }

  /** Finds the stream (rejects if the table has none) and starts polling in the background. */
  async start(): Promise<void> {
    if (this.loopPromise || this.stopping) throw new Error('StreamPoller can only be started once');
    this.loaded = readCheckpointFile(this.opts.checkpointFile, this.log);
    try {
      await this.discover();
    } catch (e) {
      this.stopping = true; // a poller that failed to start cannot be started again
      this.ddb.destroy();
      this.streams.destroy();
      this.records.destroy();
      throw e;
    }
    this.log.info('polling stream', { table: this.opts.tableName, streamArn: this.streamArn, shards: this.shards.size });
    this.loopPromise = this.loop();
  }

  /** Lets the in-flight handler invocation finish, persists the checkpoint, and stops. Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      for (const abort of [...this.roundListeners.values()]) abort(new Error('StreamPoller stopped before drain() completed'));
      for (const wake of [...this.wakers]) wake();
      await this.loopPromise;
      this.saveCheckpoint(true);
      this.ddb.destroy();
      this.streams.destroy();
      this.records.destroy();
    })();
    return this.stopped;
  }

  /**
   * Resolves once everything written before the call has been handled: two consecutive rounds,
   * both started after the call, found no records on any shard. Rejects after timeoutMs.
   */
  drain(timeoutMs = 30_000): Promise<void> {
    if (!this.loopPromise || this.stopping) return Promise.reject(new Error('StreamPoller is not running'));
    const after = this.round;
    // Writes made before the call may have opened a new shard.
    this.nextDiscoveryAt = 0;
    return new Promise<void>((resolve, reject) => {
      let emptyRounds = 0;
      const done = (err?: Error) => {
        clearTimeout(timer);
        this.roundListeners.delete(listener);
        if (err) reject(err);
        else resolve();
      };
      const listener = (round: number, busy: boolean) => {
        if (round <= after) return; // began before the call
        emptyRounds = busy ? 0 : emptyRounds + 1;
        if (emptyRounds >= 2) done();
      };
      const timer = setTimeout(
        () => done(new Error(`StreamPoller.drain timed out after ${timeoutMs} ms (${this.shards.size} open shard(s), stats ${JSON.stringify(this.stats)})`)),
        timeoutMs,
      );
      this.roundListeners.set(listener, done);
      this.idleWake?.(); // no need to sit out the current idle pause
    });
  }

  // ---------------------------------------------------------------- polling loop

  private async loop(): Promise<void> {
    let errorDelay = 0;
    while (!this.stopping) {
      const round = ++this.round;
      let busy = false;
      try {
        if (Date.now() >= this.nextDiscoveryAt) busy = (await this.discover()) || busy;
        for (const shard of readyShards(this.shards)) {
          if (this.stopping) break;
          busy = (await this.pollShard(shard)) || busy;
        }
        errorDelay = 0;
      } catch (e) {
        // DynamoDB unreachable, table deleted…: keep trying, with backoff. Such a round is not "empty".
        busy = true;
        errorDelay = Math.min(errorDelay ? errorDelay * 2 : 250, 5_000);
        this.log.error('polling failed; retrying', { error: errorMessage(e), name: errorName(e), retryInMs: errorDelay });
      }
      if (this.stopping) break;
      for (const listener of [...this.roundListeners.keys()]) listener(round, busy);
      if (errorDelay) await this.sleep(errorDelay);
      else if (!busy) await this.sleep(this.pollIntervalMs, true);
    }
  }

  /** Refreshes the stream ARN and the shard list. Returns true if anything new was found. */
  private async discover(): Promise<boolean> {
    this.nextDiscoveryAt = Date.now() + this.discoveryIntervalMs;
    const arn = await streamArnOf(this.ddb, this.opts.tableName);
    let changed = false;
    if (arn !== this.streamArn) {
      // First discovery, or the table was re-created / its stream re-enabled: the old
      // stream's positions mean nothing for the new one.
      if (this.streamArn) this.log.warn('stream ARN changed; starting over on the new stream', { from: this.streamArn, to: arn });
      this.streamArn = arn;
      this.shards.clear();
      this.endedShards.clear();
      this.checkpoint = new Map(this.loaded?.streamArn === arn ? Object.entries(this.loaded.shards) : []);
      if (this.loaded && this.loaded.streamArn !== arn) this.log.warn('checkpoint file is for another stream; ignoring it', { file: this.opts.checkpointFile });
      this.loaded = undefined;
      changed = true;
    }

    const listed = await listShards(this.streams, arn);

    const ids = new Set<string>();
    for (const s of listed) {
      if (!s.ShardId) continue;
      ids.add(s.ShardId);
      if (this.shards.has(s.ShardId) || this.endedShards.has(s.ShardId)) continue;
      this.shards.set(s.ShardId, { id: s.ShardId, parentId: s.ParentShardId, iterator: undefined });
      changed = true;
    }
    // Shards trimmed from the stream (after 24 h) are forgotten, with their checkpoints.
    for (const id of [...this.shards.keys()]) if (!ids.has(id)) this.shards.delete(id);
    for (const id of [...this.endedShards]) if (!ids.has(id)) this.endedShards.delete(id);
    for (const id of [...this.checkpoint.keys()]) if (!ids.has(id)) this.checkpoint.delete(id);
    return changed;
  }

  /** One GetRecords on one shard, handled. Returns true if there was anything to do. */
  private async pollShard(shard: ShardState): Promise<boolean> {
    let iterator = shard.iterator;
    try {
      iterator ??= await shardIterator(this.streams, this.streamArn, shard.id, this.checkpoint, this.log);
      if (!iterator) return this.endShard(shard);
      const res = await getRecords(this.records, iterator, this.batchSize);
      const records = res.Records ?? [];
      const completed = await this.handleBatch(shard, records);
      if (!completed) {
        shard.iterator = undefined; // resume from the checkpoint
        return true;
      }
      // A closed shard read to its end has no next iterator.
      if (!res.NextShardIterator) return this.endShard(shard);
      shard.iterator = res.NextShardIterator;
      return records.length > 0;
    } catch (e) {
      switch (errorName(e)) {
        case 'ExpiredIteratorException': // iterators live 15 minutes
          shard.iterator = undefined;
          return true;
        case 'TrimmedDataAccessException':
          this.log.warn('records were trimmed before being read; resuming from the oldest record', { shardId: shard.id });
          this.checkpoint.delete(shard.id);
          shard.iterator = undefined;
          return true;
        case 'ValidationException': // e.g. DynamoDB Local's answer to an iterator it cannot parse
          shard.iterator = undefined; // start again from the checkpoint, after the error backoff
          throw e;
        case 'ResourceNotFoundException': // shard or stream gone
          this.shards.delete(shard.id);
          this.nextDiscoveryAt = 0;
          return true;
        default:
          shard.iterator = iterator; // iterators can be reused: retry the same position
          throw e;
      }
    }
  }

  private endShard(shard: ShardState): boolean {
    this.shards.delete(shard.id);
    this.endedShards.add(shard.id);
    this.nextDiscoveryAt = 0; // its children are ready now
    return true;
  }

  /** Filters and delivers one GetRecords batch. Returns false if it was abandoned because of stop(). */
  private async handleBatch(shard: ShardState, raw: WireRecord[]): Promise<boolean> {
    const last = raw.at(-1)?.dynamodb?.SequenceNumber;
    if (!last) return true;
    const selected = selectRecords(raw, this.opts.filter, this.streamArn ?? '', this.region);
    this.stats.skipped += raw.length - selected.length;
    if (selected.length) {
      this.stats.batches++;
      this.stats.lastBatchAt = new Date();
      if (!(await deliver(this.delivery, shard.id, selected))) {
        this.saveCheckpoint();
        return false;
      }
    }
    this.checkpoint.set(shard.id, last);
    this.saveCheckpoint();
    return true;
  }

  // ---------------------------------------------------------------- helpers

  /** A pause that stop() cuts short (and drain() too, for the idle pause between rounds). */
  private sleep(ms: number, idle = false): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        if (this.idleWake === wake) this.idleWake = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
      if (idle) this.idleWake = wake;
    });
  }

  /** Persists the checkpoint (stream/checkpoint.ts: lagging by checkpointLagMs unless final). */
  private saveCheckpoint(final = false): void {
    this.checkpointWriter.save(this.streamArn, this.checkpoint, final);
  }
}
