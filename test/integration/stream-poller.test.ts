// StreamPoller against the real DynamoDB Local stream (started by test/global-setup.ts).
// Every test polls a fresh table so it only sees its own records.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../shared/store/table';
// Must come before any shared/store import (it picks this file's TABLE_NAME).
import { newLocalClient, uniqueTableName, useLocalTable } from '../helpers/local-table';
import { startTestPoller, type TestPoller } from '../helpers/stream';

const table = useLocalTable();
const { putDeadLetter, listDeadLetters, deleteDeadLetter } = await import('../../shared/store/dead-letters');

const client = newLocalClient();
const pollers: TestPoller[] = [];
const tmpDir = mkdtempSync(join(tmpdir(), 'stream-poller-test-'));

beforeAll(() => table.setup());
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
});
afterAll(() => {
  client.destroy();
  rmSync(tmpDir, { recursive: true, force: true });
});

async function freshTable(): Promise<string> {
  const name = uniqueTableName('sp');
  await ensureTable(client, name);
  return name;
}

async function poll(...args: Parameters<typeof startTestPoller>): Promise<TestPoller> {
  const p = await startTestPoller(...args);
  pollers.push(p);
  return p;
}

async function put(tableName: string, pk: string, attrs: Record<string, AttributeValue> = {}): Promise<void> {
  await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, sk: { S: 'x' }, ...attrs } }));
}

const pkOf = (r: DynamoDBRecord) => r.dynamodb?.Keys?.pk?.S ?? '?';
const seqOf = (r: DynamoDBRecord) => r.dynamodb?.SequenceNumber ?? '';

describe('StreamPoller', () => {
  it('delivers records in the Lambda event shape, in order per key', async () => {
    const t = await freshTable();
    const events: DynamoDBRecord[][] = [];
    const p = await poll(async (e) => void events.push(e.Records), { tableName: t, batchSize: 5 });

    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const writtenFrom = Date.now() / 1000;
    for (let v = 1; v <= 3; v++) {
      for (const k of ['a', 'b', 'c'])
        await put(t, `K#${k}`, {
          v: { N: String(v) },
          bin: { B: bytes },
          tags: { L: [{ S: 't' }, { B: bytes }] },
          none: { M: {} },
          deep: { M: { n: { N: '1.50' }, s: { SS: ['x', 'y'] } } },
        });
    }
    await client.send(new DeleteItemCommand({ TableName: t, Key: { pk: { S: 'K#a' }, sk: { S: 'x' } } }));
    await p.drain();

    const records = events.flat();
    expect(records).toHaveLength(10);
    expect(events.every((e) => e.length <= 5)).toBe(true);

    const now = Date.now() / 1000;
    for (const r of records) {
      expect(r).toMatchObject({ eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'cn-north-1' });
      expect(r.eventID).toEqual(expect.any(String));
      expect(r.eventSourceARN).toContain(`table/${t}/stream/`);
      const d = r.dynamodb!;
      expect(d.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
      expect(d.SizeBytes).toBeGreaterThan(0);
      // Whole epoch seconds, between the writes and their delivery (DynamoDB Local reports whole
      // minutes; the reader narrows them to when it read the record: creationSeconds).
      expect(Number.isInteger(d.ApproximateCreationDateTime)).toBe(true);
      expect(d.ApproximateCreationDateTime!).toBeGreaterThanOrEqual(Math.floor(writtenFrom));
      expect(d.ApproximateCreationDateTime!).toBeLessThanOrEqual(now + 1);
      expect(d.Keys).toEqual({ pk: { S: pkOf(r) }, sk: { S: 'x' } });
    }
    // Sequence numbers increase along the shard.
    const seqs = records.map((r) => BigInt(seqOf(r)));
    expect(seqs).toEqual([...seqs].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));

    // Per key: INSERT v1, MODIFY v2 (old v1), MODIFY v3 (old v2) [, REMOVE].
    for (const k of ['a', 'b', 'c']) {
      const mine = records.filter((r) => pkOf(r) === `K#${k}`);
      expect(mine.map((r) => r.eventName)).toEqual(k === 'a' ? ['INSERT', 'MODIFY', 'MODIFY', 'REMOVE'] : ['INSERT', 'MODIFY', 'MODIFY']);
      expect(mine.slice(0, 3).map((r) => r.dynamodb?.NewImage?.v?.N)).toEqual(['1', '2', '3']);
      expect(mine.slice(0, 3).map((r) => r.dynamodb?.OldImage?.v?.N)).toEqual([undefined, '1', '2']);
    }
    // Binaries arrive base64-encoded, as in a Lambda event (also inside lists).
    const first = records[0]!.dynamodb!.NewImage!;
    expect(first.bin).toEqual({ B: bytes.toString('base64') });
    expect(first.tags).toEqual({ L: [{ S: 't' }, { B: bytes.toString('base64') }] });
    // Empty and nested maps keep their form; numbers stay strings as written.
    expect(first.none).toEqual({ M: {} });
    expect(first.deep).toEqual({ M: { n: { N: '1.50' }, s: { SS: ['x', 'y'] } } });
    const removed = records.at(-1)!;
    expect(removed.eventName).toBe('REMOVE');
    expect(removed.dynamodb).not.toHaveProperty('NewImage');
    expect(removed.dynamodb?.OldImage?.v).toEqual({ N: '3' });
    expect(p.poller.stats).toMatchObject({ records: 10, handlerFailures: 0, deadLetters: 0 });
  });

  it('sees a write shortly after PutItem returns', async () => {
    const t = await freshTable();
    let seenAt = 0;
    const p = await poll(async () => void (seenAt ||= Date.now()), { tableName: t });
    await p.drain();
    const before = Date.now();
    await put(t, 'LATENCY');
    const written = Date.now();
    await p.drain();
    expect(seenAt).toBeGreaterThan(0);
    console.info(`[stream-poller.test] PutItem ${written - before} ms, PutItem returned → handler ${seenAt - written} ms (poll interval 50 ms)`);
    expect(seenAt - written).toBeLessThan(2_000);
  });

  it('re-invokes from the first failed record when the handler reports batchItemFailures', async () => {
    const t = await freshTable();
    for (let i = 0; i < 5; i++) await put(t, `P#${i}`);
    const calls: string[][] = [];
    const p = await poll(
      async (e): Promise<DynamoDBBatchResponse> => {
        calls.push(e.Records.map(pkOf));
        // First call: record 2 fails, and so does 4 (Lambda resumes from the lowest).
        if (calls.length === 1) return { batchItemFailures: [{ itemIdentifier: seqOf(e.Records[4]!) }, { itemIdentifier: seqOf(e.Records[2]!) }] };
        return { batchItemFailures: [] };
      },
      { tableName: t },
    );
    await p.drain();
    expect(calls).toEqual([
      ['P#0', 'P#1', 'P#2', 'P#3', 'P#4'],
      ['P#2', 'P#3', 'P#4'],
    ]);
    expect(p.deadLetters).toEqual([]);
    expect(p.poller.stats).toMatchObject({ batches: 1, records: 5, handlerFailures: 1, deadLetters: 0 });
  });

  it('retries the whole batch when the handler throws', async () => {
    const t = await freshTable();
    for (let i = 0; i < 3; i++) await put(t, `T#${i}`);
    const calls: string[][] = [];
    const p = await poll(
      async (e) => {
        calls.push(e.Records.map(pkOf));
        if (calls.length <= 2) throw new Error('transient');
      },
      { tableName: t },
    );
    await p.drain();
    expect(calls).toEqual([
      ['T#0', 'T#1', 'T#2'],
      ['T#0', 'T#1', 'T#2'],
      ['T#0', 'T#1', 'T#2'],
    ]);
    expect(p.poller.stats).toMatchObject({ records: 3, handlerFailures: 2, deadLetters: 0 });
  });

  it('dead-letters a record that always fails and goes on with the rest', async () => {
    const t = await freshTable();
    for (const pk of ['A', 'B', 'POISON', 'C', 'D']) await put(t, pk);
    const calls: string[][] = [];
    const handled: string[] = [];
    const p = await poll(
      async (e) => {
        calls.push(e.Records.map(pkOf));
        for (const r of e.Records) {
          if (pkOf(r) === 'POISON') return { batchItemFailures: [{ itemIdentifier: seqOf(r) }] };
          handled.push(pkOf(r));
        }
        return undefined;
      },
      { tableName: t, maxRetries: 2 },
    );
    await p.drain();
    expect(calls).toEqual([
      ['A', 'B', 'POISON', 'C', 'D'],
      ['POISON', 'C', 'D'], // retry 1
      ['POISON', 'C', 'D'], // retry 2
      ['C', 'D'], // POISON set aside
    ]);
    expect(handled).toEqual(['A', 'B', 'C', 'D']);
    expect(p.deadLetters.map((d) => pkOf(d.record))).toEqual(['POISON']);
    expect(p.deadLetters[0]!.reason).toMatch(/batchItemFailures.*after 2 retries/);
    expect(p.poller.stats).toMatchObject({ records: 4, deadLetters: 1, handlerFailures: 3 });

    // Throwing instead: the first record of the failing batch is set aside (batch size 1 here).
    const t2 = await freshTable();
    for (const pk of ['A', 'POISON', 'B']) await put(t2, pk);
    const ok: string[] = [];
    const p2 = await poll(
      async (e) => {
        if (e.Records.some((r) => pkOf(r) === 'POISON')) throw new Error('boom');
        ok.push(...e.Records.map(pkOf));
      },
      { tableName: t2, batchSize: 1, maxRetries: 1 },
    );
    await p2.drain();
    expect(ok).toEqual(['A', 'B']);
    expect(p2.deadLetters.map((d) => [pkOf(d.record), d.reason])).toEqual([['POISON', 'handler threw: boom (after 1 retries)']]);
  });

  it('resumes from the checkpoint file after a restart without redelivering', async () => {
    const t = await freshTable();
    const checkpointFile = join(tmpDir, `${t}.json`);
    for (let i = 0; i < 4; i++) await put(t, `R#${i}`);

    const first: string[] = [];
    const p1 = await poll(async (e) => void first.push(...e.Records.map(pkOf)), { tableName: t, checkpointFile, batchSize: 3 });
    await p1.drain();
    await p1.stop();
    expect(first).toEqual(['R#0', 'R#1', 'R#2', 'R#3']);
    const saved = JSON.parse(readFileSync(checkpointFile, 'utf8')) as { streamArn: string; shards: Record<string, string> };
    expect(saved.streamArn).toContain(`table/${t}/stream/`);
    expect(Object.values(saved.shards)).toEqual([p1.poller.checkpoints[Object.keys(saved.shards)[0]!]]);

    for (let i = 4; i < 7; i++) await put(t, `R#${i}`);
    const second: string[] = [];
    const p2 = await poll(async (e) => void second.push(...e.Records.map(pkOf)), { tableName: t, checkpointFile });
    await p2.drain();
    expect(second).toEqual(['R#4', 'R#5', 'R#6']);
    expect(first).toHaveLength(4); // the stopped poller got nothing more
  });

  it('skips filtered-out records but still advances the checkpoint past them', async () => {
    const t = await freshTable();
    const checkpointFile = join(tmpDir, `${t}.json`);
    for (const pk of ['FILING#2025Q1', 'AUDIT#2025-01', 'REGISTRY', 'TOKEN']) await put(t, pk);
    const got: string[] = [];
    const filter = (pk: string) => pk.startsWith('FILING#') || pk === 'REGISTRY';
    const p = await poll(async (e) => void got.push(...e.Records.map(pkOf)), { tableName: t, filter, checkpointFile });
    await p.drain();
    await p.stop();
    expect(got).toEqual(['FILING#2025Q1', 'REGISTRY']);
    expect(p.poller.stats).toMatchObject({ records: 2, skipped: 2 });

    // The last record (TOKEN) was skipped, yet a restart starts after it.
    const again: string[] = [];
    await put(t, 'FILING#2025Q2');
    const p2 = await poll(async (e) => void again.push(...e.Records.map(pkOf)), { tableName: t, filter: () => true, checkpointFile });
    await p2.drain();
    expect(again).toEqual(['FILING#2025Q2']);
  });

  it('stores dead letters in the table with shared/store/dead-letters', async () => {
    // The poller reads this file's table; dead letters land in the same table (pk DEADLETTER),
    // which the filter keeps away from the handler, as the aggregator's filter does.
    const p = await poll(
      async (e) => {
        if (e.Records.some((r) => pkOf(r) === 'FILING#BAD')) throw new Error('cannot aggregate');
      },
      {
        tableName: table.tableName,
        batchSize: 1,
        maxRetries: 1,
        filter: (pk) => pk !== 'DEADLETTER',
        onDeadLetter: (record, reason) => putDeadLetter({ reason, record }),
      },
    );
    await put(table.tableName, 'FILING#OK');
    await put(table.tableName, 'FILING#BAD');
    await p.drain();

    const letters = await listDeadLetters();
    expect(letters).toHaveLength(1);
    const letter = letters[0]!;
    expect(letter.reason).toBe('handler threw: cannot aggregate (after 1 retries)');
    expect(letter.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(letter.id).toBe(`${letter.at}#${seqOf(letter.record as DynamoDBRecord)}`);
    expect(pkOf(letter.record as DynamoDBRecord)).toBe('FILING#BAD');
    await deleteDeadLetter(letter.id);
    expect(await listDeadLetters()).toEqual([]);
  });

  it('reads GetRecords without the SDK and names service errors as the SDK does', async () => {
    const { AwsJsonClient, AwsJsonError } = await import('../../local/aws-json');
    const c = new AwsJsonClient({
      endpoint: process.env.DYNAMODB_ENDPOINT!,
      region: 'cn-north-1',
      service: 'dynamodb',
      targetPrefix: 'DynamoDBStreams_20120810',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const err = await c.call('GetRecords', { ShardIterator: 'not-an-iterator', Limit: 10 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AwsJsonError);
      expect(err).toMatchObject({ name: 'ValidationException', status: 400 });
    } finally {
      c.destroy();
    }
  });
});

// Several consumers of one reader (local/stack.ts: the aggregator, the history writer, export
// jobs): each at its own pace, as separate Lambda event source mappings are.
describe('StreamPoller with several consumers', () => {
  /** A consumer recording what it was given; `gate` (when set) holds each invocation until opened. */
  function consumer(name: string, filter?: (pk: string) => boolean) {
    const c = {
      name,
      filter,
      calls: [] as string[][],
      got: [] as string[],
      gate: undefined as Promise<void> | undefined,
      fail: (_pk: string): boolean => false,
      handler: async (e: { Records: DynamoDBRecord[] }): Promise<DynamoDBBatchResponse> => {
        c.calls.push(e.Records.map(pkOf));
        await c.gate;
        for (const r of e.Records) {
          if (c.fail(pkOf(r))) return { batchItemFailures: [{ itemIdentifier: seqOf(r) }] };
          c.got.push(pkOf(r));
        }
        return { batchItemFailures: [] };
      },
    };
    return c;
  }
  const gate = () => {
    let open!: () => void;
    const p = new Promise<void>((r) => (open = r));
    return { p, open };
  };

  it('gives every consumer every record its filter passes, in order, each in its own batches', async () => {
    const t = await freshTable();
    const all = consumer('all');
    const filings = consumer('filings', (pk) => pk.startsWith('FILING#'));
    const p = await poll(undefined, { tableName: t, batchSize: 3, consumers: [all, filings] });
    const pks = Array.from({ length: 11 }, (_, i) => (i % 3 === 0 ? `HISTORY#${i}` : `FILING#${i}`));
    for (const pk of pks) await put(t, pk);
    await p.drain();
    expect(all.got).toEqual(pks);
    expect(filings.got).toEqual(pks.filter((pk) => pk.startsWith('FILING#')));
    expect(all.calls.every((c) => c.length <= 3)).toBe(true);
    expect(p.poller.stats).toMatchObject({ records: 11 + 7, skipped: 0, handlerFailures: 0 });
    expect(p.poller.stats.consumers).toMatchObject({ all: { records: 11, skipped: 0 }, filings: { records: 7, skipped: 4 } });
  });

  it("does not hold one consumer's next batches for another consumer's slow batch", async () => {
    const t = await freshTable();
    const slow = consumer('slow');
    const fast = consumer('fast');
    const held = gate();
    slow.gate = held.p;
    await put(t, 'A#0');
    await put(t, 'A#1');
    const p = await poll(undefined, { tableName: t, batchSize: 2, consumers: [slow, fast] });
    try {
      await expect.poll(() => fast.got, { timeout: 5_000 }).toEqual(['A#0', 'A#1']);
      expect(slow.calls).toEqual([['A#0', 'A#1']]); // …still in its first invocation
      // While the slow consumer sits in its first batch, the fast one gets and finishes later ones.
      for (let i = 2; i < 7; i++) await put(t, `A#${i}`);
      await expect.poll(() => fast.got.length, { timeout: 5_000 }).toBe(7);
      expect(fast.calls.length).toBeGreaterThanOrEqual(4);
      expect(slow.got).toEqual([]);
    } finally {
      held.open(); // stop() lets the invocation in flight finish
    }
    await p.drain();
    expect(slow.got).toEqual(fast.got);
    expect(slow.calls.every((c) => c.length <= 2)).toBe(true);
  });

  it('retries and dead-letters a failing record for its consumer alone while the other goes on', async () => {
    const t = await freshTable();
    const picky = consumer('picky');
    picky.fail = (pk) => pk === 'POISON';
    const easy = consumer('easy');
    for (const pk of ['A', 'POISON', 'B']) await put(t, pk);
    // Retries 100 + 200 + 400 ms: time enough to see the other consumer carry on meanwhile.
    const p = await poll(undefined, { tableName: t, maxRetries: 3, retryBackoffMs: 100, consumers: [picky, easy] });
    await expect.poll(() => picky.calls.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await put(t, 'C');
    await expect.poll(() => easy.got, { timeout: 5_000 }).toEqual(['A', 'POISON', 'B', 'C']);
    expect(p.deadLetters).toEqual([]); // picky is still retrying
    await p.drain();
    expect(picky.got).toEqual(['A', 'B', 'C']);
    expect(picky.calls.slice(0, 4)).toEqual([
      ['A', 'POISON', 'B'],
      ['POISON', 'B'],
      ['POISON', 'B'],
      ['POISON', 'B'],
    ]);
    expect(p.deadLetters.map((d) => [d.consumer, pkOf(d.record)])).toEqual([['picky', 'POISON']]);
    // The easy consumer was never invoked twice with a record.
    expect(easy.calls.flat()).toEqual(['A', 'POISON', 'B', 'C']);
    expect(p.poller.stats.consumers).toMatchObject({ picky: { deadLetters: 1, handlerFailures: 4 }, easy: { deadLetters: 0, handlerFailures: 0 } });
    // Its log lines say whose they are.
    expect(p.logs.some((l) => l.message === 'handler failed; retrying' && l.extra?.consumer === 'picky')).toBe(true);
  });

  it('restarts each consumer from its own position, and reads a checkpoint file without them', async () => {
    const t = await freshTable();
    const checkpointFile = join(tmpDir, `${t}.json`);
    for (let i = 0; i < 4; i++) await put(t, `R#${i}`);
    const ahead = consumer('ahead');
    const behind = consumer('behind');
    behind.fail = (pk) => pk === 'R#2'; // retried until stop(): it never gets past R#1
    const p1 = await poll(undefined, { tableName: t, checkpointFile, maxRetries: 1_000, consumers: [ahead, behind] });
    await expect.poll(() => ahead.got.length, { timeout: 5_000 }).toBe(4);
    await expect.poll(() => behind.calls.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    await p1.stop();
    expect(behind.got).toEqual(['R#0', 'R#1']);
    const saved = JSON.parse(readFileSync(checkpointFile, 'utf8')) as { shards: Record<string, string>; consumers: Record<string, Record<string, string>> };
    const [shardId] = Object.keys(saved.shards);
    expect(Object.keys(saved.consumers).sort()).toEqual(['ahead', 'behind']);
    // The file's shard position is the slowest consumer's.
    expect(saved.shards[shardId!]).toBe(saved.consumers.behind![shardId!]);
    expect(saved.consumers.ahead![shardId!]).not.toBe(saved.consumers.behind![shardId!]);

    await put(t, 'R#4');
    const ahead2 = consumer('ahead');
    const behind2 = consumer('behind');
    const p2 = await poll(undefined, { tableName: t, checkpointFile, consumers: [ahead2, behind2] });
    await p2.drain();
    await p2.stop();
    expect(ahead2.got).toEqual(['R#4']);
    expect(behind2.got).toEqual(['R#2', 'R#3', 'R#4']);

    // A file written before consumers had positions of their own: everyone resumes from its `shards`.
    const now = JSON.parse(readFileSync(checkpointFile, 'utf8')) as { streamArn: string; consumers: Record<string, Record<string, string>> };
    const { writeFileSync } = await import('node:fs');
    writeFileSync(checkpointFile, JSON.stringify({ streamArn: now.streamArn, shards: { [shardId!]: saved.consumers.behind![shardId!] } }));
    const ahead3 = consumer('ahead');
    const behind3 = consumer('behind');
    const p3 = await poll(undefined, { tableName: t, checkpointFile, consumers: [ahead3, behind3] });
    await p3.drain();
    expect(ahead3.got).toEqual(['R#2', 'R#3', 'R#4']);
    expect(behind3.got).toEqual(['R#2', 'R#3', 'R#4']);
  });

  it('stops reading ahead while the slowest consumer is maxBufferedRecords behind', async () => {
    const t = await freshTable();
    const slow = consumer('slow');
    const fast = consumer('fast');
    const held = gate();
    slow.gate = held.p;
    const p = await poll(undefined, { tableName: t, batchSize: 2, maxBufferedRecords: 5, consumers: [slow, fast] });
    try {
      for (let i = 0; i < 12; i++) await put(t, `B#${String(i).padStart(2, '0')}`);
      await expect.poll(() => fast.got.length, { timeout: 5_000 }).toBe(5);
      await new Promise((r) => setTimeout(r, 300));
      expect(fast.got).toHaveLength(5); // nothing read past the buffer while slow holds its first batch
    } finally {
      held.open();
    }
    await p.drain();
    const expected = Array.from({ length: 12 }, (_, i) => `B#${String(i).padStart(2, '0')}`);
    expect(slow.got).toEqual(expected);
    expect(fast.got).toEqual(expected);
  });
});
