// Local stand-in for Lambda's DynamoDB Streams event source mappings.
//
// It reads the table's real stream (DynamoDB Local implements the Streams API) and invokes the
// same handlers that run on AWS with the same event shape and the same failure semantics, each
// consumer (each event source mapping) on its own, at its own pace:
//   - records of a shard are delivered in order, a parent shard to its end before its children;
//   - a handler may report partial failures (batchItemFailures): the batch is re-invoked from
//     the first failed record onward, as Lambda does with ReportBatchItemFailures;
//   - a handler that throws gets the whole (remaining) batch again;
//   - after `maxRetries` retries the first failing record goes to `onDeadLetter` (Lambda's
//     on-failure destination) and processing continues behind it, so one poison record never
//     blocks its shard;
//   - event filtering on the partition key: skipped records are never delivered but still
//     advance the consumer's position.
// Progress is per consumer a per-shard "last handled sequence number", optionally persisted to a
// JSON file so a restarted process resumes where it stopped (delivery is at-least-once, like
// Lambda's).
//
// The stream is read and decoded once (a reader per consumer cost a third of the CPU at peak):
// one reader loop reads every shard in turn into a buffer (stream/shard-buffer.ts) and each
// consumer's loop takes its next batch from there as soon as it has handled the last one, so a
// slow or failing consumer never delays another's next batch; reading pauses while the slowest
// is maxBufferedRecords behind. One reader loop is enough locally: DynamoDB Local keeps a single
// open shard per stream.
//
// This file is the loops and their lifecycle (start, stop, drain); the parts live in
// local/stream/: shards.ts (discovery, iterators), shard-buffer.ts (what was read, each
// consumer's cursor, shard order), records.ts (GetRecords over the JSON protocol, Lambda's record
// shape), checkpoint.ts (the checkpoint file), delivery.ts (retries, partial batch failures,
// dead letters).

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { AwsJsonClient } from './aws-json';
import { type CheckpointFile, CheckpointWriter, type Positions, readCheckpointFile, type ShardPositions } from './stream/checkpoint';
import { type ConsumerStats, defaultLogger, errorMessage, errorName, type PollerLogger, type StreamHandler, type StreamPollerStats } from './stream/common';
import { type DeliveryContext, deliver } from './stream/delivery';
import { getRecords } from './stream/records';
import { readableShards, readyFor, ShardBuffer, seqBefore } from './stream/shard-buffer';
import { listShards, shardIterator, streamArnOf } from './stream/shards';

// Importers of this file keep finding these here.
export type { ConsumerStats, PollerLogger, StreamHandler, StreamPollerStats } from './stream/common';
export { toLambdaRecord } from './stream/records';

/** One consumer of the stream: on AWS, one Lambda event source mapping with its event filter. */
export interface StreamConsumer {
  /** Names its checkpoint, stats and log lines. */
  name: string;
  handler: StreamHandler;
  /** Event filtering on the partition key: false = not delivered (its position still advances). */
  filter?: (pk: string) => boolean;
}

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  /** One consumer (named "handler", filtered by `filter`); or `consumers`. */
  handler?: StreamHandler;
  /** Several consumers of one reader, each at its own pace (see stream/shard-buffer.ts). */
  consumers?: StreamConsumer[];
  /** Region reported in records' awsRegion and used by the clients. Default AWS_REGION or cn-north-1. */
  region?: string;
  /** Most records per handler invocation (before filtering, as a GetRecords of this Limit). Default 100, at most 1000. */
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
  /** The single handler's event filter (with `handler`). */
  filter?: (pk: string) => boolean;
  /** Records read ahead of the slowest consumer before reading pauses. Default 5000. */
  maxBufferedRecords?: number;
  /** JSON file with each consumer's last handled sequence number per shard; written after each handled batch. */
  checkpointFile?: string;
  /** Receives the first failing record once its retries are exhausted. Without it the record is logged and dropped. */
  onDeadLetter?: (record: DynamoDBRecord, reason: string, consumer: string) => Promise<void>;
  logger?: PollerLogger;
}

interface Consumer {
  name: string;
  filter: (pk: string) => boolean;
  stats: ConsumerStats;
  delivery: DeliveryContext;
}

const newStats = (): ConsumerStats => ({ batches: 0, records: 0, skipped: 0, handlerFailures: 0, deadLetters: 0, lastBatchAt: undefined });

export class StreamPoller {
  private readonly opts: StreamPollerOptions;
  private readonly region: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly maxBuffered: number;
  private readonly discoveryIntervalMs: number;
  private readonly log: PollerLogger;
  private readonly ddb: DynamoDBClient;
  private readonly streams: DynamoDBStreamsClient;
  /** GetRecords without the SDK's deserialiser (see aws-json.ts). */
  private readonly records: AwsJsonClient;
  private readonly consumers: Consumer[];
  private readonly filters: Array<(pk: string) => boolean>;

  private streamArn: string | undefined;
  /** Shards some consumer has not handled to its end, in DescribeStream order, with what was read of them. */
  private readonly shards = new Map<string, ShardBuffer>();
  /** Shards every consumer has handled to their end → each consumer's last position in them. */
  private readonly endedShards = new Map<string, Array<string | undefined>>();
  /** Per consumer, positions read from the file, applied as shards are discovered. */
  private restored: ShardPositions[] = [];
  /** Checkpoint read from the file, applied once we know the stream it belongs to. */
  private loaded: CheckpointFile | undefined;
  /** Records read that no consumer wanted. */
  private skipped = 0;

  private loopPromise: Promise<void> | undefined;
  private consumerLoops: Promise<void>[] = [];
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private nextDiscoveryAt = 0;
  private round = 0;
  /** The reader stopped because the slowest consumer is maxBufferedRecords behind. */
  private full = false;
  /** drain() waiters: told about every finished round, and aborted by stop(). */
  private readonly roundListeners = new Map<(round: number, busy: boolean) => void, (err: Error) => void>();
  /** Every pause, cut short by stop(). */
  private readonly wakers = new Set<() => void>();
  /** The reader's idle pause: cut short by drain() and by a consumer freeing a full buffer. */
  private readonly readerWakers = new Set<() => void>();
  /** Consumers waiting for records: cut short when the reader has some. */
  private readonly consumerWakers = new Set<() => void>();
  private readonly checkpointWriter: CheckpointWriter;

  constructor(opts: StreamPollerOptions) {
    this.opts = opts;
    this.region = opts.region ?? process.env.AWS_REGION ?? 'cn-north-1';
    this.batchSize = Math.max(1, Math.min(opts.batchSize ?? 100, 1000));
    this.pollIntervalMs = opts.pollIntervalMs ?? 100;
    this.maxBuffered = Math.max(this.batchSize, opts.maxBufferedRecords ?? 5_000);
    this.discoveryIntervalMs = opts.shardDiscoveryIntervalMs ?? 5_000;
    this.log = opts.logger ?? defaultLogger;
    this.checkpointWriter = new CheckpointWriter(opts.checkpointFile, opts.checkpointLagMs ?? 0);
    const defs: StreamConsumer[] = opts.consumers ?? (opts.handler ? [{ name: 'handler', handler: opts.handler, filter: opts.filter }] : []);
    if (!defs.length || (opts.consumers && opts.handler)) throw new Error('StreamPoller needs either a handler or consumers');
    if (defs.length > 30) throw new Error('StreamPoller takes at most 30 consumers'); // one bit each in a record's "wanted" mask
    if (new Set(defs.map((c) => c.name)).size !== defs.length) throw new Error('StreamPoller consumers need distinct names');
    const maxRetries = Math.max(0, opts.maxRetries ?? 3);
    const retryBackoffMs = opts.retryBackoffMs ?? 100;
    this.consumers = defs.map((def, i) => {
      const stats = newStats();
      // With several consumers, their log lines say whose they are.
      const tag = (extra?: Record<string, unknown>) => (defs.length > 1 ? { consumer: def.name, ...extra } : extra);
      const log: PollerLogger = {
        info: (m, e) => this.log.info(m, tag(e)),
        warn: (m, e) => this.log.warn(m, tag(e)),
        error: (m, e) => this.log.error(m, tag(e)),
      };
      const sink = opts.onDeadLetter;
      const delivery: DeliveryContext = {
        handler: def.handler,
        maxRetries,
        retryBackoffMs,
        onDeadLetter: sink && ((record, reason) => sink(record, reason, def.name)),
        log,
        stats,
        advance: (shardId, seq) => {
          const cursor = this.shards.get(shardId)?.cursors[i];
          if (cursor) cursor.done = seq;
        },
        stopping: () => this.stopping,
        sleep: (ms) => this.sleep(ms),
      };
      return { name: def.name, filter: def.filter ?? (() => true), stats, delivery };
    });
    this.filters = this.consumers.map((c) => c.filter);
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

  /** Sums over the consumers (each one's own under `consumers`); `skipped` counts records no consumer wanted. */
  get stats(): StreamPollerStats {
    const sum = (k: 'batches' | 'records' | 'handlerFailures' | 'deadLetters') => this.consumers.reduce((n, c) => n + c.stats[k], 0);
    const last = this.consumers.map((c) => c.stats.lastBatchAt).reduce<Date | undefined>((a, b) => (!a || (b && b > a) ? b : a), undefined);
    return {
      batches: sum('batches'),
      records: sum('records'),
      skipped: this.skipped,
      handlerFailures: sum('handlerFailures'),
      deadLetters: sum('deadLetters'),
      lastBatchAt: last,
      consumers: Object.fromEntries(this.consumers.map((c) => [c.name, { ...c.stats }])),
    };
  }

  /** Per shard, the last sequence number every consumer has handled (a copy). */
  get checkpoints(): Record<string, string> {
    return this.positions().shards;
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
    this.consumerLoops = this.consumers.map((_, i) => this.consume(i));
  }

  /** Lets the in-flight handler invocations finish, persists the checkpoint, and stops. Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.stopping = true;
      for (const abort of [...this.roundListeners.values()]) abort(new Error('StreamPoller stopped before drain() completed'));
      for (const wake of [...this.wakers]) wake();
      await Promise.all([this.loopPromise, ...this.consumerLoops]);
      this.saveCheckpoint(true);
      this.ddb.destroy();
      this.streams.destroy();
      this.records.destroy();
    })();
    return this.stopped;
  }

  /**
   * Resolves once everything written before the call has been handled by every consumer: two
   * consecutive reader rounds, both started after the call, found no records on any shard, and
   * at the end of each every consumer had handled all that was read. Rejects after timeoutMs.
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
        emptyRounds = busy || !this.caughtUp() ? 0 : emptyRounds + 1;
        if (emptyRounds >= 2) done();
      };
      const timer = setTimeout(
        () => done(new Error(`StreamPoller.drain timed out after ${timeoutMs} ms (${this.shards.size} open shard(s), stats ${JSON.stringify(this.stats)})`)),
        timeoutMs,
      );
      this.roundListeners.set(listener, done);
      this.wake(this.readerWakers); // no need to sit out the current idle pause
    });
  }

  // ---------------------------------------------------------------- the reader

  private async loop(): Promise<void> {
    let errorDelay = 0;
    while (!this.stopping) {
      const round = ++this.round;
      let busy = false;
      try {
        if (Date.now() >= this.nextDiscoveryAt) busy = (await this.discover()) || busy;
        this.full = false;
        for (const shard of readableShards(this.shards)) {
          if (this.stopping) break;
          // Bounded memory: the slowest consumer must catch up before more is read.
          const room = this.maxBuffered - this.buffered();
          if (room <= 0) {
            this.full = true;
            break;
          }
          busy = (await this.readShard(shard, room)) || busy;
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
      else if (!busy) await this.sleep(this.pollIntervalMs, this.readerWakers);
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
      const loaded = this.loaded?.streamArn === arn ? this.loaded : undefined;
      // A file without a consumer's own positions (an older file, a new consumer): the slowest one's.
      this.restored = this.consumers.map((c) => loaded?.consumers?.[c.name] ?? loaded?.shards ?? {});
      if (this.loaded && !loaded) this.log.warn('checkpoint file is for another stream; ignoring it', { file: this.opts.checkpointFile });
      this.loaded = undefined;
      changed = true;
      this.wake(this.consumerWakers);
    }

    const listed = await listShards(this.streams, arn);

    const ids = new Set<string>();
    for (const s of listed) {
      if (!s.ShardId) continue;
      ids.add(s.ShardId);
      if (this.shards.has(s.ShardId) || this.endedShards.has(s.ShardId)) continue;
      const id = s.ShardId;
      this.shards.set(
        id,
        new ShardBuffer(
          id,
          s.ParentShardId,
          this.restored.map((r) => r[id]),
        ),
      );
      changed = true;
    }
    // Shards trimmed from the stream (after 24 h) are forgotten, with their positions.
    for (const id of [...this.shards.keys()]) if (!ids.has(id)) this.shards.delete(id);
    for (const id of [...this.endedShards.keys()]) if (!ids.has(id)) this.endedShards.delete(id);
    return changed;
  }

  /** One GetRecords on one shard, into its buffer. Returns true if there was anything to do. */
  private async readShard(shard: ShardBuffer, room: number): Promise<boolean> {
    let iterator = shard.iterator;
    try {
      iterator ??= await shardIterator(this.streams, this.streamArn, shard.id, shard.readFrom, this.log);
      if (!iterator) return this.endRead(shard);
      // Consumers take their own batches from the buffer: read as much as fits.
      const res = await getRecords(this.records, iterator, Math.min(1000, room));
      const raws = res.Records ?? [];
      if (raws.length) {
        this.skipped += shard.push(raws, this.filters);
        this.wake(this.consumerWakers);
      }
      // A closed shard read to its end has no next iterator.
      if (!res.NextShardIterator) return this.endRead(shard);
      shard.iterator = res.NextShardIterator;
      return raws.length > 0;
    } catch (e) {
      switch (errorName(e)) {
        case 'ExpiredIteratorException': // iterators live 15 minutes
          shard.iterator = undefined; // a new one after the last record read
          return true;
        case 'TrimmedDataAccessException':
          this.log.warn('records were trimmed before being read; resuming from the oldest record', { shardId: shard.id });
          shard.restartFromOldest();
          return true;
        case 'ValidationException': // e.g. DynamoDB Local's answer to an iterator it cannot parse
          shard.iterator = undefined; // start again after the last record read, after the error backoff
          throw e;
        case 'ResourceNotFoundException': // shard or stream gone: consumers finish what was read
          shard.readEnded = true;
          this.nextDiscoveryAt = 0;
          this.wake(this.consumerWakers);
          return true;
        default:
          shard.iterator = iterator; // iterators can be reused: retry the same position
          throw e;
      }
    }
  }

  private endRead(shard: ShardBuffer): boolean {
    shard.readEnded = true;
    shard.iterator = undefined;
    this.nextDiscoveryAt = 0; // its children may be listed now
    this.wake(this.consumerWakers);
    return true;
  }

  private buffered(): number {
    let n = 0;
    for (const s of this.shards.values()) n += s.size;
    return n;
  }

  /** Every consumer has handled everything read so far. */
  private caughtUp(): boolean {
    for (const s of this.shards.values()) for (let i = 0; i < this.consumers.length; i++) if (!s.caughtUp(i)) return false;
    return true;
  }

  // ---------------------------------------------------------------- the consumers

  /** Consumer i's loop: its next batch from the buffer as soon as it has handled the last one. */
  private async consume(i: number): Promise<void> {
    const c = this.consumers[i]!;
    while (!this.stopping) {
      let worked = false;
      for (const shard of readyFor(this.shards, i)) {
        if (this.stopping) break;
        const batch = shard.nextBatch(i, this.batchSize, this.streamArn ?? '', this.region);
        if (!batch) {
          if (shard.readEnded) {
            shard.cursors[i]!.ended = true; // its children are ready for this consumer
            this.retire(shard);
            worked = true;
          }
          continue;
        }
        worked = true;
        if (batch.selected.length) {
          c.stats.batches++;
          c.stats.lastBatchAt = new Date();
          if (!(await deliver(c.delivery, shard.id, batch.selected))) break; // stop() came first: redelivered after a restart
        }
        c.stats.skipped += batch.scanned - batch.selected.length;
        shard.advance(i, batch.scanned, batch.last);
        this.saveCheckpoint();
        if (this.full) this.wake(this.readerWakers);
      }
      if (!worked) await this.sleep(this.pollIntervalMs, this.consumerWakers);
    }
  }

  /** A shard every consumer has handled to its end is forgotten, bar the positions. */
  private retire(shard: ShardBuffer): void {
    if (!shard.readEnded || shard.cursors.some((c) => !c.ended) || this.shards.get(shard.id) !== shard) return;
    this.shards.delete(shard.id);
    this.endedShards.set(
      shard.id,
      shard.cursors.map((c) => c.done),
    );
  }

  // ---------------------------------------------------------------- helpers

  /** A pause that stop() cuts short, and so does waking `wakeOn`. */
  private sleep(ms: number, wakeOn?: Set<() => void>): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        wakeOn?.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
      wakeOn?.add(wake);
    });
  }

  private wake(waiting: Set<() => void>): void {
    for (const w of [...waiting]) w();
  }

  /** Each consumer's positions, and per shard the lowest of them. */
  private positions(): Positions {
    const consumers: Record<string, ShardPositions> = Object.fromEntries(this.consumers.map((c) => [c.name, {}]));
    const shards: ShardPositions = {};
    const add = (id: string, done: Array<string | undefined>) => {
      let lowest: string | undefined;
      done.forEach((seq, i) => {
        if (seq !== undefined) consumers[this.consumers[i]!.name]![id] = seq;
      });
      if (done.includes(undefined)) return; // some consumer starts from the shard's oldest record
      for (const seq of done) if (lowest === undefined || seqBefore(seq!, lowest)) lowest = seq;
      shards[id] = lowest!;
    };
    for (const [id, done] of this.endedShards) add(id, done);
    for (const s of this.shards.values())
      add(
        s.id,
        s.cursors.map((c) => c.done),
      );
    return { shards, consumers };
  }

  /** Persists the checkpoint (stream/checkpoint.ts: lagging by checkpointLagMs unless final). */
  private saveCheckpoint(final = false): void {
    if (!this.opts.checkpointFile || !this.streamArn) return;
    this.checkpointWriter.save(this.streamArn, this.positions(), final);
  }
}
