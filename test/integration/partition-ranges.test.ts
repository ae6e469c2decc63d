// Reading a partition in parallel sort-key ranges (shared/store/batch queryPartitionRanges, used
// for the filings partitions of large provinces) returns exactly what reading it page after page
// returns: same items, same order, none twice, none missed — whatever the bounds.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTable } from '../helpers/local-table';
import { makeRng } from '../helpers/scenario';

const table = useLocalTable();
const { batchWriteAll, compareSortKeys, queryPartition, queryPartitionRanges } = await import('../../shared/store/batch');
const { listCountedFilings, listFilingStates, listFilings } = await import('../../shared/store/filings');
const { keys } = await import('../../shared/store/keys');

beforeAll(() => table.setup());
afterAll(() => table.teardown());

const PK = 'RANGES';
// Sort keys that JS and DynamoDB order differently (astral vs high-BMP characters) and a
// few bulky items, so some ranges take more than one page.
const sks = [...Array.from({ length: 260 }, (_, i) => `K#${String(i).padStart(4, '0')}`), 'K#\u{1F600}', 'K#\uFF21', 'K#', 'A', 'Z'];

describe('queryPartitionRanges', () => {
  beforeAll(async () => {
    const pad = 'x'.repeat(60_000);
    await batchWriteAll(sks.map((sk, i) => ({ pk: PK, sk, n: i, note: i % 50 === 7 ? pad : 'small' })));
    await batchWriteAll([{ pk: 'OTHER', sk: 'K#0001', n: -1 }]);
  });

  it('equals a sequential read for existing, missing, duplicate and out-of-range bounds', async () => {
    const whole = await queryPartition(PK);
    expect(whole.map((i) => i.sk)).toEqual([...sks].sort(compareSortKeys));
    const rng = makeRng(5);
    const pool = [...sks, 'K#0100x', 'K#00', '0', '~', 'K#\u{10FFFF}', 'K#\uFFFF', ''];
    const cases: string[][] = [[], ['K#0100'], ['K#0100', 'K#0100'], ['0'], ['~'], ['K#\u{1F600}', 'K#\uFF21']];
    for (let n = 0; n < 25; n++) cases.push(Array.from({ length: 1 + Math.floor(rng() * 12) }, () => pool[Math.floor(rng() * pool.length)]!));
    for (const bounds of cases) {
      const ranged = await queryPartitionRanges(PK, bounds, { concurrency: 3 });
      expect(ranged, `bounds ${JSON.stringify(bounds)}`).toEqual(whole);
    }
  });

  it('keeps a projection as asked (the sort key it needs is not returned unless asked for)', async () => {
    const ranged = await queryPartitionRanges(PK, ['K#0050', 'K#0200'], { projection: ['n'] });
    expect(ranged).toEqual((await queryPartition(PK)).map((i) => ({ n: i.n })));
    const withSk = await queryPartitionRanges(PK, ['K#0050'], { projection: ['sk', 'n'] });
    expect(withSk).toEqual((await queryPartition(PK)).map((i) => ({ sk: i.sk, n: i.n })));
  });
});

describe('filings partitions split at registry ids', () => {
  it('read every filing, including those of bases missing from the ids given', async () => {
    const period = '2020Q2';
    const ids = Array.from({ length: 900 }, (_, i) => `base-${String(i).padStart(4, '0')}`);
    const filed = ids.filter((_, i) => i % 7 !== 3);
    const unregistered = ['aaa-first', 'zzz-last', 'base-0450-x'];
    await batchWriteAll(
      [...filed, ...unregistered].map((baseId, i) => ({
        ...keys.filing(period, baseId),
        baseId,
        period,
        status: 'submitted',
        version: 1,
        counted: { employees: i },
        countedRev: 1,
        late: false,
      })),
    );
    const sequential = await listFilings(period);
    expect(sequential).toHaveLength(filed.length + unregistered.length);
    // Ids in any order: the store sorts them into bounds.
    const shuffled = [...ids].reverse();
    expect(await listFilings(period, shuffled)).toEqual(sequential);
    expect((await listCountedFilings(period, shuffled)).map((f) => [f.baseId, f.counted])).toEqual(sequential.map((f) => [f.baseId, f.counted]));
    expect((await listFilingStates(period, ids)).map((f) => f.baseId)).toEqual(sequential.map((f) => f.baseId));
    expect(Object.keys((await listFilingStates(period, ids))[0]!).sort()).toEqual(['baseId', 'countedRev', 'late', 'status', 'version']);
  });
});
