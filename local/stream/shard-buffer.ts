// What the one stream reader has read and each consumer's place in it. On AWS every consumer is
// its own event source mapping with its own position in each shard; locally the stream is read
// and decoded once (a reader per consumer cost a third of the CPU at peak), so the records read
// from a shard wait here until every consumer has passed them, each consumer advancing its own
// cursor at its own pace: a slow or failing consumer never holds back another's next batch.

import type { DynamoDBRecord } from 'aws-lambda';
import { TABLE_SCHEMA } from '../../shared/store/table';
import { toLambdaRecord, type WireRecord } from './records';

export interface BufferedRecord {
  raw: WireRecord;
  seq: string;
  /** Bit i set: consumer i's filter passes the record (filters run once per record). */
  wanted: number;
  /** When the reader got it (epoch seconds): bounds its creation time (records.ts creationSeconds). */
  readAt: number;
  /** Lambda's shape, converted once for every consumer that wants the record. */
  lambda?: DynamoDBRecord;
}

/** One consumer's place in one shard. */
export interface Cursor {
  /** Absolute index (in the shard's buffer) of the next record to look at. */
  next: number;
  /** Sequence number of the last record handled (or skipped): the consumer's checkpoint. */
  done: string | undefined;
  /** Records up to this sequence number were handled before a restart (read again because another consumer had not). */
  skipThrough: string | undefined;
  /** The consumer has handled the shard to its end: its children are ready for it. */
  ended: boolean;
}

export class ShardBuffer {
  /** Undefined: get a new iterator after `readFrom` before the next GetRecords. */
  iterator: string | undefined;
  /** Where reading (re)starts: after this sequence number, or the oldest record when undefined. */
  readFrom: string | undefined;
  /** Read to its end (closed, NextShardIterator null). */
  readEnded = false;
  readonly cursors: Cursor[];
  private records: BufferedRecord[] = [];
  /** Absolute index of records[0]. */
  private base = 0;

  constructor(
    readonly id: string,
    readonly parentId: string | undefined,
    /** Per consumer, its checkpoint in this shard (from the checkpoint file). */
    positions: Array<string | undefined>,
  ) {
    this.cursors = positions.map((done) => ({ next: 0, done, skipThrough: done, ended: false }));
    // Read from the slowest consumer's position; faster ones skip what they had handled.
    this.readFrom = positions.includes(undefined) ? undefined : positions.reduce((a, b) => (seqBefore(b!, a!) ? b : a));
  }

  /** Records read and not yet passed by every consumer. */
  get size(): number {
    return this.records.length;
  }

  get end(): number {
    return this.base + this.records.length;
  }

  /** Appends what GetRecords returned, running each consumer's filter once per record. */
  push(raws: WireRecord[], filters: Array<(pk: string) => boolean>, readAt = Date.now() / 1000): number {
    let unwanted = 0;
    for (const raw of raws) {
      const pk = raw.dynamodb?.Keys?.[TABLE_SCHEMA.partitionKey]?.S ?? '';
      let wanted = 0;
      for (let i = 0; i < filters.length; i++) if (filters[i]!(pk)) wanted |= 1 << i;
      if (!wanted) unwanted++;
      this.records.push({ raw, seq: raw.dynamodb?.SequenceNumber ?? '', wanted, readAt });
    }
    if (raws.length) this.readFrom = this.records.at(-1)!.seq;
    return unwanted;
  }

  /**
   * Consumer i's next batch: at most `limit` records read after its cursor (as one GetRecords
   * of `limit` would give), of which `selected` are those its filter passes, in Lambda's shape.
   * Undefined when it has nothing left to look at.
   */
  nextBatch(i: number, limit: number, streamArn: string, region: string): { selected: DynamoDBRecord[]; scanned: number; last: string } | undefined {
    const cursor = this.cursors[i]!;
    // After a restart: pass what this consumer had already handled.
    if (cursor.skipThrough !== undefined) {
      while (cursor.next < this.end && !seqBefore(cursor.skipThrough, this.records[cursor.next - this.base]!.seq)) cursor.next++;
      if (cursor.next < this.end) cursor.skipThrough = undefined;
      this.trim();
    }
    const from = cursor.next - this.base;
    if (from >= this.records.length) return undefined;
    const to = Math.min(from + limit, this.records.length);
    const bit = 1 << i;
    const selected: DynamoDBRecord[] = [];
    for (let k = from; k < to; k++) {
      const r = this.records[k]!;
      if (r.wanted & bit) selected.push((r.lambda ??= toLambdaRecord(r.raw, streamArn, region, r.readAt)));
    }
    return { selected, scanned: to - from, last: this.records[to - 1]!.seq };
  }

  /** Moves consumer i past `count` records (handled or skipped) and drops what every consumer has passed. */
  advance(i: number, count: number, last: string): void {
    const cursor = this.cursors[i]!;
    cursor.next += count;
    cursor.done = last;
    this.trim();
  }

  private trim(): void {
    const passed = Math.min(...this.cursors.map((c) => c.next)) - this.base;
    if (passed > 0) {
      this.records.splice(0, passed);
      this.base += passed;
    }
  }

  /** Consumer i has looked at everything read so far. */
  caughtUp(i: number): boolean {
    return this.cursors[i]!.next >= this.end;
  }

  /** Records were trimmed from the stream before being read: start over from the oldest record left. */
  restartFromOldest(): void {
    this.iterator = undefined;
    this.readFrom = undefined;
  }
}

/** Sequence numbers are decimal strings of up to 40 digits: compare them as numbers. */
export function seqBefore(a: string, b: string): boolean {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  return x.length !== y.length ? x.length < y.length : x < y;
}

/** Shards consumer i may take records from: its parent shard is handled to its end (or gone). */
export function readyFor(shards: Map<string, ShardBuffer>, i: number): ShardBuffer[] {
  return [...shards.values()].filter((s) => !s.cursors[i]!.ended && (!s.parentId || !shards.has(s.parentId) || shards.get(s.parentId)!.cursors[i]!.ended));
}

/** Shards the reader may read: not read to their end, their parent read to its end (or gone). */
export function readableShards(shards: Map<string, ShardBuffer>): ShardBuffer[] {
  return [...shards.values()].filter((s) => !s.readEnded && (!s.parentId || !shards.get(s.parentId) || shards.get(s.parentId)!.readEnded));
}
