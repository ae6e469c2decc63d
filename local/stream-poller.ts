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

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { TABLE_SCHEMA } from '../shared/store/table';
import { AwsJsonClient } from './aws-json';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

/** Console and the Powertools Logger both fit. */
export interface PollerLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

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

export interface StreamPollerStats {
  /** Stream batches delivered to the handler (retries of a batch not counted again). */
  batches: number;
  /** Records the handler acknowledged. */
  records: number;
  /** Records skipped by the filter. */
  skipped: number;
  /** Handler invocations that threw or reported batchItemFailures. */
  handlerFailures: number;
  /** Records handed to onDeadLetter (or dropped) after exhausting their retries. */
  deadLetters: number;
  lastBatchAt: Date | undefined;
}

interface ShardState {
  id: string;
  parentId: string | undefined;
  /** Undefined: get a new iterator from the checkpoint before the next GetRecords. */
  iterator: string | undefined;
}

interface CheckpointFile {
  streamArn: string;
  /** shardId → sequence number of the last handled (or skipped) record. */
  shards: Record<string, string>;
  savedAt: string;
}

const defaultLogger: PollerLogger = {
  info: (m, e) => console.info(`[stream-poller] ${m}`, e ?? ''),
  warn: (m, e) => console.warn(`[stream-poller] ${m}`, e ?? ''),
  error: (m, e) => console.error(`[stream-poller] ${m}`, e ?? ''),
};

const errorName = (e: unknown) => (e as { name?: string } | null)?.name ?? '';
const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));
const seqOf = (r: DynamoDBRecord) => r.dynamodb?.SequenceNumber ?? '';

/** A GetRecords record as it comes over the wire: already Lambda's shape, bar two fields. */
type WireRecord = Omit<DynamoDBRecord, 'eventSourceARN' | 'awsRegion'> & { awsRegion?: string };

interface GetRecordsOutput {
  Records?: WireRecord[];
  NextShardIterator?: string | null;
}

/** DynamoDB Local's stream writes an empty map as `{}` where Lambda gives `{"M":{}}`: repaired in place. */
function repairEmptyMaps(values: Record<string, AttributeValue> | AttributeValue[] | undefined): void {
  if (!values) return;
  for (const [k, v] of Object.entries(values) as Array<[string, AttributeValue]>) {
    if (v.M) repairEmptyMaps(v.M);
    else if (v.L) repairEmptyMaps(v.L);
    else if (Object.keys(v).length === 0) (values as Record<string, AttributeValue>)[k] = { M: {} };
  }
}

/** A GetRecords record in the shape Lambda hands to a DynamoDB Streams handler (images repaired in place). */
export function toLambdaRecord(r: WireRecord, streamArn: string, region: string): DynamoDBRecord {
  const d = r.dynamodb ?? {};
  repairEmptyMaps(d.NewImage);
  repairEmptyMaps(d.OldImage);
  return {
    ...r,
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    // DynamoDB Local reports "ddblocal"; Lambda reports the table's region.
    awsRegion: region,
    // Lambda's event has whole epoch seconds.
    dynamodb: d.ApproximateCreationDateTime === undefined ? d : { ...d, ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime) },
    eventSourceARN: streamArn,
  };
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

  constructor(opts: StreamPollerOptions) {
    this.opts = opts;
    this.region = opts.region ?? process.env.AWS_REGION ?? 'cn-north-1';
    this.batchSize = Math.max(1, Math.min(opts.batchSize ?? 100, 1000));
    this.pollIntervalMs = opts.pollIntervalMs ?? 100;
    this.maxRetries = Math.max(0, opts.maxRetries ?? 3);
    this.retryBackoffMs = opts.retryBackoffMs ?? 100;
    this.discoveryIntervalMs = opts.shardDiscoveryIntervalMs ?? 5_000;
    this.log = opts.logger ?? defaultLogger;
    const credentials = {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID || 'local',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY || 'local',
      ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
    };
    const clientConfig = { endpoint: opts.endpoint, region: this.region, credentials, maxAttempts: 3 };
    this.records = new AwsJsonClient({ endpoint: opts.endpoint, region: this.region, service: 'dynamodb', targetPrefix: 'DynamoDBStreams_20120810', credentials, maxAttempts: 3 });
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
    this.loaded = this.readCheckpointFile();
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
        for (const shard of this.readyShards()) {
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

  /** Open shards whose parent has been read to its end (or is gone from the stream). */
  private readyShards(): ShardState[] {
    return [...this.shards.values()].filter((s) => !s.parentId || !this.shards.has(s.parentId));
  }

  /** Refreshes the stream ARN and the shard list. Returns true if anything new was found. */
  private async discover(): Promise<boolean> {
    this.nextDiscoveryAt = Date.now() + this.discoveryIntervalMs;
    const table = await this.ddb.send(new DescribeTableCommand({ TableName: this.opts.tableName }));
    const arn = table.Table?.LatestStreamArn;
    if (!arn || !table.Table?.StreamSpecification?.StreamEnabled) throw new Error(`table ${this.opts.tableName} has no stream enabled`);
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

    const listed: Shard[] = [];
    let start: string | undefined;
    do {
      const r = await this.streams.send(new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }));
      listed.push(...(r.StreamDescription?.Shards ?? []));
      start = r.StreamDescription?.LastEvaluatedShardId;
    } while (start);

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

  private async getIterator(shardId: string): Promise<string | undefined> {
    const seq = this.checkpoint.get(shardId);
    try {
      const r = await this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shardId,
          ShardIteratorType: seq ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
          SequenceNumber: seq,
        }),
      );
      return r.ShardIterator;
    } catch (e) {
      if (seq && errorName(e) === 'TrimmedDataAccessException') {
        // Our position aged out of the stream (24 h retention): continue from the oldest record left.
        this.log.warn('checkpoint is older than the stream retention; resuming from the oldest record', { shardId, seq });
        this.checkpoint.delete(shardId);
        return this.getIterator(shardId);
      }
      throw e;
    }
  }

  /** One GetRecords on one shard, handled. Returns true if there was anything to do. */
  private async pollShard(shard: ShardState): Promise<boolean> {
    let iterator = shard.iterator;
    try {
      iterator ??= await this.getIterator(shard.id);
      if (!iterator) return this.endShard(shard);
      const res = await this.records.call<GetRecordsOutput>('GetRecords', { ShardIterator: iterator, Limit: this.batchSize });
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
    // Filter on the partition key first, as Lambda's event filter does: most records at peak
    // (history, rollup and aggregate writes) are for nobody, and converting them costs CPU.
    const filter = this.opts.filter;
    const wanted = filter ? raw.filter((r) => filter(r.dynamodb?.Keys?.[TABLE_SCHEMA.partitionKey]?.S ?? '')) : raw;
    const selected = wanted.map((r) => toLambdaRecord(r, this.streamArn ?? '', this.region));
    this.stats.skipped += raw.length - selected.length;
    if (selected.length) {
      this.stats.batches++;
      this.stats.lastBatchAt = new Date();
      if (!(await this.deliver(shard.id, selected))) {
        this.saveCheckpoint();
        return false;
      }
    }
    this.checkpoint.set(shard.id, last);
    this.saveCheckpoint();
    return true;
  }

  /**
   * Invokes the handler until every record is acknowledged or dead-lettered.
   * Returns false if stop() interrupted the retries (the rest is redelivered after a restart).
   */
  private async deliver(shardId: string, records: DynamoDBRecord[]): Promise<boolean> {
    let pending = records;
    let failingSeq: string | undefined;
    let retries = 0;
    while (pending.length) {
      let failedAt = 0;
      let reason: string;
      try {
        const result = await this.opts.handler({ Records: pending });
        const failures = result?.batchItemFailures ?? [];
        if (!Array.isArray(failures) || failures.length === 0) {
          this.stats.records += pending.length;
          return true;
        }
        // Lambda resumes from the lowest failed sequence number, i.e. the first failed record of
        // the batch. An identifier naming no record of the batch fails the whole batch.
        const ids = new Set(failures.map((f) => f?.itemIdentifier));
        const idx = pending.findIndex((r) => ids.has(seqOf(r)));
        failedAt = Math.max(0, idx);
        reason = idx >= 0 ? `handler reported batchItemFailures from ${seqOf(pending[idx]!)}` : 'handler reported batchItemFailures naming no record of the batch';
      } catch (e) {
        reason = `handler threw: ${errorMessage(e)}`;
      }
      this.stats.handlerFailures++;

      // The records before the first failure are done.
      if (failedAt > 0) {
        this.stats.records += failedAt;
        this.checkpoint.set(shardId, seqOf(pending[failedAt - 1]!));
        pending = pending.slice(failedAt);
      }
      const first = pending[0]!;
      // Retries count per failing record, so every poison record gets the same number of tries.
      if (seqOf(first) !== failingSeq) {
        failingSeq = seqOf(first);
        retries = 0;
      }
      if (this.stopping) return false;
      if (retries < this.maxRetries) {
        retries++;
        const delay = Math.min(this.retryBackoffMs * 2 ** (retries - 1), 2_000);
        this.log.warn('handler failed; retrying', { reason, shardId, seq: failingSeq, retry: retries, of: this.maxRetries, inMs: delay });
        await this.sleep(delay);
        if (this.stopping) return false;
        continue;
      }
      // Retries exhausted: set the first failing record aside and go on with the rest.
      if (!(await this.deadLetter(first, `${reason} (after ${this.maxRetries} retries)`))) return false;
      this.checkpoint.set(shardId, seqOf(first));
      pending = pending.slice(1);
      failingSeq = undefined;
      retries = 0;
    }
    return true;
  }

  private async deadLetter(record: DynamoDBRecord, reason: string): Promise<boolean> {
    const sink = this.opts.onDeadLetter;
    if (!sink) {
      this.log.error('record failed past the retry cap and there is no dead-letter sink; dropping it', { reason, record });
      this.stats.deadLetters++;
      return true;
    }
    // The record must not be lost: keep trying the sink (until stop(), then it is redelivered later).
    for (let delay = 200; ; delay = Math.min(delay * 2, 5_000)) {
      try {
        await sink(record, reason);
        this.stats.deadLetters++;
        this.log.error('record dead-lettered', { reason, seq: seqOf(record), eventID: record.eventID });
        return true;
      } catch (e) {
        this.log.error('dead-letter sink failed; retrying', { error: errorMessage(e), seq: seqOf(record) });
        if (this.stopping) return false;
        await this.sleep(delay);
        if (this.stopping) return false;
      }
    }
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

  private readCheckpointFile(): CheckpointFile | undefined {
    const file = this.opts.checkpointFile;
    if (!file) return undefined;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    try {
      const parsed = JSON.parse(text) as Partial<CheckpointFile>;
      if (typeof parsed.streamArn !== 'string' || typeof parsed.shards !== 'object' || parsed.shards === null) throw new Error('unexpected content');
      return { streamArn: parsed.streamArn, shards: parsed.shards, savedAt: String(parsed.savedAt ?? '') };
    } catch (e) {
      // Records are redelivered from the start of the stream; the handler must be idempotent anyway.
      this.log.warn('unreadable checkpoint file; starting from the oldest record', { file, error: errorMessage(e) });
      return undefined;
    }
  }

  /** Snapshots of the checkpoint, newest last, for the lagging checkpoint file. */
  private snapshots: Array<{ at: number; shards: Record<string, string> }> = [];

  /**
   * Persists the checkpoint. With checkpointLagMs the file holds the position of that long ago,
   * so after a hard crash the last moments are replayed: DynamoDB Local acknowledges a
   * transaction a few milliseconds before it is durable, and replaying is harmless because the
   * handlers are idempotent. A clean stop (final) persists the exact position.
   */
  private saveCheckpoint(final = false): void {
    const file = this.opts.checkpointFile;
    if (!file || !this.streamArn) return;
    const now = Date.now();
    this.snapshots.push({ at: now, shards: Object.fromEntries(this.checkpoint) });
    const lag = final ? 0 : (this.opts.checkpointLagMs ?? 0);
    let chosen: Record<string, string> | undefined;
    while (this.snapshots.length && now - this.snapshots[0]!.at >= lag) chosen = this.snapshots.shift()!.shards;
    if (!chosen) return; // nothing old enough yet: the file keeps an older position
    const data: CheckpointFile = { streamArn: this.streamArn, shards: chosen, savedAt: new Date().toISOString() };
    // Write-then-rename so a crash never leaves a half-written checkpoint.
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
    renameSync(tmp, file);
  }
}

/**
 * One stream reader feeding several consumers, each with its own event filter, as several
 * Lambda event source mappings would — and, as they would, at the same time: the history
 * writer's batch does not wait for the aggregator's (in turn, the batch took the sum of both,
 * which at quarter-end was most of the aggregation lag). The batch fails from the earliest
 * record any consumer failed on; re-delivering the rest to every consumer is safe because
 * consumers are idempotent.
 */
export function fanOut(consumers: Array<{ handler: StreamHandler; filter: (pk: string) => boolean }>): StreamHandler {
  return async (event) => {
    const order = new Map(event.Records.map((r, i) => [seqOf(r), i]));
    const failures = await Promise.all(
      consumers.map(async (c): Promise<number | undefined> => {
        const Records = event.Records.filter((r) => c.filter(r.dynamodb?.Keys?.pk?.S ?? ''));
        if (!Records.length) return undefined;
        try {
          const res = await c.handler({ Records });
          const ids = (res?.batchItemFailures ?? []).map((f) => order.get(f.itemIdentifier)).filter((i): i is number => i !== undefined);
          return ids.length ? Math.min(...ids) : undefined;
        } catch {
          return order.get(seqOf(Records[0]!)) ?? 0;
        }
      }),
    );
    const failed = failures.filter((i): i is number => i !== undefined);
    return { batchItemFailures: failed.length ? [{ itemIdentifier: seqOf(event.Records[Math.min(...failed)]!) }] : [] };
  };
}
