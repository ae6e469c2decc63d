// Issue 16: the items a submission writes are billed by size, so the parts nothing queries inside
// are packed (shared/store/packed.ts) — a filing's version record, the version item, the
// aggregator's rollups and aggregate items. New items are written packed and within the sizes
// the request units per submission are counted from; items written before keep reading alike.

import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoItemSize } from '../../bench/stats';
import { useLocalTable } from '../helpers/local-table';
import { makeRng, typedValues } from '../helpers/scenario';

const table = useLocalTable();
const { db, TABLE } = await import('../../shared/store/client');
const { keys } = await import('../../shared/store/keys');
const { getAggregate, getRollups } = await import('../../shared/store/aggregates');
const { getFiling, getHistory, putHistory, writeFiling } = await import('../../shared/store/filings');
const { aggregateChanges } = await import('../../shared/use-cases/aggregate-changes');
const { processHistoryEvent } = await import('../../functions/record-history');
const { planWrite } = await import('../../shared/filing');
const { encodeScoped, recompute } = await import('../../shared/aggregation');
const { GetCommand, PutCommand } = await import('@aws-sdk/lib-dynamodb');

beforeAll(() => table.setup());
afterAll(() => table.teardown());

const SCHEDULE = { opensAt: '2020-01-01T00:00:00+08:00', dueAt: '2098-01-01T00:00:00+08:00', closesAt: '2099-01-01T00:00:00+08:00' };
const actor = { tokenId: '0123456789abcdef', role: 'base' as const, name: '管理员' };
const rng = makeRng(16);
type Filing = import('../../shared/filing').Filing;
const submit = (baseId: string, period: string, current?: Filing) => {
  const o = planWrite(
    baseId,
    period,
    { status: 'submitted', values: typedValues(period, rng).typed, confirmWarnings: true, explanation: '测试' },
    { current, previous: null, schedule: SCHEDULE, actor, now: new Date(), ifMatch: undefined },
  );
  if (o.kind !== 'write') throw new Error('expected a write');
  return o.filing;
};
const raw = async (key: { pk: string; sk: string }) => (await db.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }))).Item!;
const change = (f: Filing, index = 0) => ({
  kind: 'filing' as const,
  baseId: f.baseId,
  period: f.period,
  countedRev: f.countedRev,
  counted: f.counted,
  late: f.late,
  index,
});

/** A stream record as Lambda delivers it: binary attributes as base64 strings. */
function streamRecord(item: Record<string, unknown>, seq: string): DynamoDBRecord {
  const image = JSON.parse(
    JSON.stringify(marshall(item, { removeUndefinedValues: true }), (_k, v) =>
      v instanceof Uint8Array || (v && v.type === 'Buffer') ? Buffer.from(v.data ?? v).toString('base64') : v,
    ),
  );
  return { eventID: seq, eventName: 'INSERT', dynamodb: { SequenceNumber: seq, Keys: { pk: image.pk, sk: image.sk }, NewImage: image } } as DynamoDBRecord;
}

describe('packed items', () => {
  it('a submission writes a packed version record, version item, rollup and aggregate items, each smaller than before', async () => {
    const f = submit('pk-a', '2020Q1');
    await writeFiling(f, 0);
    const filingItem = await raw(keys.filing('2020Q1', 'pk-a'));
    expect((filingItem.lastVersion as { changes: unknown }).changes).toBeInstanceOf(Uint8Array);
    // 36 fields: 3,344 bytes with the changes as a map (4 WRU), ≤ 3 KB packed (3 WRU).
    expect(dynamoItemSize(filingItem)).toBeLessThanOrEqual(3072);
    expect((await getFiling('2020Q1', 'pk-a'))!.lastVersion).toEqual(f.lastVersion);

    // A quarter with a dozen warnings against the one before (sentences of ~90 bytes each).
    // (The benchmark's filings carry 4 at the median, 12 at most.)
    const q2 = (() => {
      const input = { status: 'submitted' as const, values: typedValues('2020Q2', rng).typed, confirmWarnings: true, explanation: '测试' };
      const ctx = { current: undefined, previous: null, schedule: SCHEDULE, actor, now: new Date(), ifMatch: undefined };
      const plain = planWrite('pk-a', '2020Q2', input, ctx);
      if (plain.kind !== 'write') throw new Error('expected a write');
      const prev = Object.fromEntries(
        Object.entries(plain.filing.values).map(([k, v], i) => [k, i < 12 ? Math.max(1, Math.floor(Number(v) / 50)) : Number(v)]),
      );
      const o = planWrite('pk-a', '2020Q2', input, { ...ctx, previous: prev });
      if (o.kind !== 'write') throw new Error('expected a write');
      return o.filing;
    })();
    expect(Object.keys(q2.warnings).length).toBeGreaterThanOrEqual(10);
    await writeFiling(q2, 0);
    const warned = await raw(keys.filing('2020Q2', 'pk-a'));
    expect(warned.warnings).toBeInstanceOf(Uint8Array);
    expect(dynamoItemSize(warned)).toBeLessThanOrEqual(3072);
    expect(await getFiling('2020Q2', 'pk-a')).toEqual(q2);

    // The history writer, from the stream record of that item (base64 in the image).
    expect(await processHistoryEvent({ Records: [streamRecord(filingItem, '1')] })).toEqual({ batchItemFailures: [] });
    const versionItem = await raw(keys.version('pk-a', '2020Q1', 1));
    expect(versionItem.changes).toBeInstanceOf(Uint8Array);
    expect(dynamoItemSize(versionItem)).toBeLessThanOrEqual(1024); // 1,509 B as a JSON string: 2 WRU
    expect(await getHistory('pk-a', '2020Q1')).toEqual([f.lastVersion]);

    const r = await aggregateChanges([change(f)]);
    expect(r.failedIndex).toBeUndefined();
    const rollupItem = await raw(keys.rollup('pk-a', 2020));
    expect(rollupItem.z).toBeInstanceOf(Uint8Array);
    expect(rollupItem.data).toBeUndefined();
    expect(dynamoItemSize(rollupItem)).toBeLessThanOrEqual(1024); // 2 WRU in the transaction, not 4–6
    const aggItem = await raw(keys.aggregate('2020Q1'));
    expect(aggItem.z).toBeInstanceOf(Uint8Array);
    expect((await getAggregate('2020Q1')).scoped).toEqual(recompute([f], () => ['all']).get('2020Q1'));
  });

  it('items written before the packed form read alike, and the aggregator carries on from them exactly', async () => {
    // A base's first quarter, aggregated; then its rollup and the aggregate items rewritten as the
    // earlier code wrote them (JSON strings in `data`), and its filing with the changes as a map.
    const q1 = submit('pk-b', '2021Q1');
    await writeFiling(q1, 0);
    await aggregateChanges([change(q1)]);
    const rollup = (await getRollups([{ baseId: 'pk-b', year: 2021 }])).get('pk-b\u00002021')!;
    await db.send(
      new PutCommand({ TableName: TABLE, Item: { ...keys.rollup('pk-b', 2021), data: JSON.stringify(rollup.rollup), rev: rollup.rev, updatedAt: 'x' } }),
    );
    for (const period of ['2021Q1', '2021']) {
      const a = await getAggregate(period);
      await db.send(
        new PutCommand({ TableName: TABLE, Item: { ...keys.aggregate(period), period, data: encodeScoped(a.scoped), rev: a.rev, updatedAt: 'x' } }),
      );
    }
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...keys.filing('2021Q1', 'pk-b'), ...q1 } }));
    expect(await getFiling('2021Q1', 'pk-b')).toEqual(q1);
    expect((await getRollups([{ baseId: 'pk-b', year: 2021 }])).get('pk-b\u00002021')).toEqual(rollup);

    // A correction of Q1 and a Q2 submission go through the aggregator over the old-form items.
    const q1b = submit('pk-b', '2021Q1', q1);
    const q2 = submit('pk-b', '2021Q2');
    await writeFiling(q1b, q1.version);
    await writeFiling(q2, 0);
    expect((await aggregateChanges([change(q1b, 0), change(q2, 1)])).failedIndex).toBeUndefined();
    const expected = recompute([q1b, q2], () => ['all']);
    for (const period of ['2021Q1', '2021Q2', '2021']) expect((await getAggregate(period)).scoped).toEqual(expected.get(period));

    // The old filing item's stream record (changes as a map) still files its version.
    await processHistoryEvent({ Records: [streamRecord({ ...keys.filing('2021Q1', 'pk-b'), ...q1 }, '2')] });
    expect(await getHistory('pk-b', '2021Q1')).toEqual([q1.lastVersion]);
    // And a version item of the JSON-string form.
    const legacy = { ...q1b.lastVersion };
    await db.send(
      new PutCommand({ TableName: TABLE, Item: { ...keys.version('pk-b', '2021Q1', legacy.version), ...legacy, changes: JSON.stringify(legacy.changes) } }),
    );
    await putHistory([], []);
    expect(await getHistory('pk-b', '2021Q1')).toEqual([q1.lastVersion, q1b.lastVersion]);
  });
});
