// A year's 报送情况 comes from the rollups the aggregator keeps (issue 16): each quarter state
// says whether something counts and whether the first submission was late, so the annual export
// reads no filings partition whole. Proven here against the filings themselves: every quarter's
// block equals computeCompleteness over the quarter's filing states — late and on-time
// submissions, a correction, drafts, a base not active yet, a quarter nobody touched, a quarter
// holding only a draft, a city's bulletin — and a rollup written before `late` was kept sends
// that quarter back to its filings, with the same result.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const { gatherBulletinInput, parseBulletinQuery } = await import('../../shared/use-cases/export-bulletin');
const { computeCompleteness } = await import('../../shared/use-cases/report-completeness');
const { listFilingStates } = await import('../../shared/store/filings');
const { listBases } = await import('../../shared/store/registry');
const { clearSharedRollups, getRollups, getSharedRollups, rollupKey, sharedRollupCount } = await import('../../shared/store/aggregates');
const { AGGREGATOR_PK_PREFIXES, keys } = await import('../../shared/store/keys');
const { packJson } = await import('../../shared/store/packed');
const { db, rawClient, TABLE } = await import('../../shared/store/client');
const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
const { BASES: BASES_PROGRAM } = await import('../../shared/program');
const { startTestPoller } = await import('../helpers/stream');
const call = caller(dispatch);

let poller: Awaited<ReturnType<typeof startTestPoller>>;
const admin = { role: 'admin' as const, tokenId: 'admin', name: 'test' };

const BASES = [
  { id: 'bc-01', city: '长沙市', level: 'national' },
  { id: 'bc-02', city: '长沙市', level: 'provincial' },
  { id: 'bc-03', city: '株洲市', level: 'provincial' },
  { id: 'bc-04', city: '株洲市', level: 'provincial' },
  { id: 'bc-05', city: '湘潭市', level: 'provincial', activeFrom: '2020Q3' },
] as const;

async function put(baseId: string, period: string, status: 'draft' | 'submitted', over: Record<string, number> = {}) {
  const r = await call('PUT', `/api/bases/${baseId}/filings/${period}`, {
    status,
    values: fullValues(period, { buildingArea: 100000, ...over }),
    confirmWarnings: true,
    explanation: '历史数据,按原报表录入',
  });
  expect([200, 201], JSON.stringify(r.body)).toContain(r.status);
}

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => processStreamEvent(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
  for (const b of BASES) {
    const r = await call('PUT', `/api/bases/${b.id}`, {
      name: `基地${b.id}`,
      city: b.city,
      county: '某区',
      level: b.level,
      activeFrom: 'activeFrom' in b ? b.activeFrom : null,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  // 2020Q2 was due long ago: its first submissions are late. 2020Q3 is due in the future.
  const closes = '2099-12-31T00:00:00+08:00';
  expect(
    (await call('PUT', '/api/periods/2020Q2', { opensAt: '2020-04-01T00:00:00+08:00', dueAt: '2020-07-15T00:00:00+08:00', closesAt: closes })).status,
  ).toBe(200);
  expect(
    (await call('PUT', '/api/periods/2020Q3', { opensAt: '2020-07-01T00:00:00+08:00', dueAt: '2099-10-15T00:00:00+08:00', closesAt: closes })).status,
  ).toBe(200);
  // 2020Q1: nobody. 2020Q2: two late submissions, a draft, one missing.
  await put('bc-01', '2020Q2', 'submitted');
  await put('bc-03', '2020Q2', 'submitted');
  await put('bc-02', '2020Q2', 'draft');
  // 2020Q3: on time; bc-03 corrects (late stays as decided), bc-04 only drafts, bc-05 active from here.
  for (const id of ['bc-01', 'bc-02', 'bc-03', 'bc-05']) await put(id, '2020Q3', 'submitted');
  await put('bc-03', '2020Q3', 'submitted', { buildingArea: 120000 });
  await put('bc-04', '2020Q3', 'draft');
  // 2020Q4: a draft only (a block with nobody filed), then a submission over a draft.
  await put('bc-02', '2020Q4', 'draft');
  await put('bc-01', '2020Q4', 'draft');
  await put('bc-01', '2020Q4', 'submitted');
  await poller.drain(20_000);
});
afterAll(async () => {
  await poller?.stop();
});

/** Every quarter's block computed from its filings, as the quarter's own bulletin does. */
async function fromFilings(year: string, scope: (b: { city: string }) => boolean) {
  const registry = await listBases();
  return Promise.all(
    ['1', '2', '3', '4'].map(async (q) => {
      const period = `${year}Q${q}`;
      const filings = await listFilingStates(period);
      const bases = registry.map((b) => BASES_PROGRAM.asOf(b, period)).filter(scope);
      return filings.length ? computeCompleteness(period, bases, filings) : null;
    }),
  );
}

/** Counts the Query and BatchGetItem calls the gather sends to FILING# partitions. */
async function countingFilingReads<T>(f: () => Promise<T>): Promise<{ result: T; queries: Array<{ pk: string; limit?: number }>; keys: string[] }> {
  const queries: Array<{ pk: string; limit?: number }> = [];
  const batchKeys: string[] = [];
  const name = 'count-filing-reads';
  const str = (v: unknown) => (typeof v === 'string' ? v : ((v as { S?: string } | undefined)?.S ?? '?'));
  rawClient.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        ExpressionAttributeValues?: Record<string, unknown>;
        Limit?: number;
        RequestItems?: Record<string, { Keys: Array<Record<string, unknown>> }>;
      };
      if (context.commandName === 'QueryCommand') {
        const pk = str(input.ExpressionAttributeValues?.[':pk']);
        if (pk.startsWith('FILING#')) queries.push({ pk, ...(input.Limit ? { limit: input.Limit } : {}) });
      }
      if (context.commandName === 'BatchGetItemCommand')
        for (const k of Object.values(input.RequestItems ?? {}).flatMap((r) => r.Keys))
          if (str(k.pk).startsWith('FILING#')) batchKeys.push(`${str(k.pk)} ${str(k.sk)}`);
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await f(), queries, keys: batchKeys };
  } finally {
    rawClient.middlewareStack.remove(name);
  }
}

describe("a year's completeness from the rollups", () => {
  it('equals the filings quarter by quarter, reading only the drafts of those who have not filed', async () => {
    const { result, queries, keys: read } = await countingFilingReads(() => gatherBulletinInput('2020', parseBulletinQuery(admin, '2020', {})));
    const expected = await fromFilings('2020', () => true);
    // Q1 nobody touched: no block. Q2–Q4 as the filings say.
    expect(expected[0]).toBeNull();
    expect(result.completeness.map((b) => b.period)).toEqual(['2020Q2', '2020Q3', '2020Q4']);
    result.completeness.forEach((b, i) => expect(expected[i + 1]).toMatchObject(b));
    // What it says, spelled out: Q2 2 late of 4 expected (bc-05 not active yet), bc-02 has a draft.
    const [q2, q3, q4] = result.completeness;
    expect([q2!.expected, q2!.submitted, q2!.late, q2!.onTime, q2!.missing]).toEqual([4, 2, 2, 0, 2]);
    expect(q2!.missingBases.map((m) => [m.baseId, m.hasDraft])).toEqual([
      ['bc-02', true],
      ['bc-04', false],
    ]);
    expect([q3!.expected, q3!.submitted, q3!.late, q3!.missing]).toEqual([5, 4, 0, 1]);
    expect([q4!.submitted, q4!.missing]).toEqual([1, 4]);
    // No filings partition read whole: one item where no rollup says anyone filed (Q1), and the
    // keys of those who have not filed (Q2: 2, Q3: 1, Q4: 4).
    expect(queries).toEqual([{ pk: 'FILING#2020Q1', limit: 1 }]);
    expect(read.filter((k) => k.startsWith('FILING#2020Q2 ')).sort()).toEqual(['FILING#2020Q2 BASE#bc-02', 'FILING#2020Q2 BASE#bc-04']);
    expect(read.filter((k) => k.startsWith('FILING#2020Q3 '))).toEqual(['FILING#2020Q3 BASE#bc-04']);
    expect(read.filter((k) => k.startsWith('FILING#2020Q4 ')).length).toBe(4);
  });

  it("a city's bulletin counts the city's bases only, as its filings say", async () => {
    const scope = 'city:长沙市';
    const input = await gatherBulletinInput('2020', parseBulletinQuery(admin, '2020', { scope }));
    const expected = await fromFilings('2020', (b) => b.city === '长沙市');
    expect(input.completeness.map((b) => b.period)).toEqual(['2020Q2', '2020Q3', '2020Q4']);
    input.completeness.forEach((b, i) => expect(expected[i + 1]).toMatchObject(b));
    expect(input.completeness.map((b) => [b.expected, b.submitted, b.late])).toEqual([
      [2, 1, 1],
      [2, 2, 0],
      [2, 1, 0],
    ]);
  });

  it('reads a quarter from its filings where a rollup predates the late flag, with the same result', async () => {
    // bc-03's 2020 rollup as an aggregator before issue 16 left it: quarter states without `late`.
    const stored = (await getRollups([{ baseId: 'bc-03', year: 2020 }])).get(rollupKey('bc-03', 2020))!;
    const old = structuredClone(stored.rollup);
    for (const st of Object.values(old.quarters)) delete st!.late;
    await db.send(
      new PutCommand({ TableName: TABLE, Item: { ...keys.rollup('bc-03', 2020), z: packJson(old), rev: stored.rev, updatedAt: new Date().toISOString() } }),
    );

    const { result, queries } = await countingFilingReads(() => gatherBulletinInput('2020', parseBulletinQuery(admin, '2020', {})));
    const expected = await fromFilings('2020', () => true);
    result.completeness.forEach((b, i) => expect(expected[i + 1]).toMatchObject(b));
    // bc-03 filed Q2 and Q3: those two are read whole (the late Q2 submission still counts as late).
    expect(queries.map((q) => q.pk).sort()).toEqual(['FILING#2020Q1', 'FILING#2020Q2', 'FILING#2020Q3']);
    expect(result.completeness[0]!.late).toBe(2);
  });
});

describe('rollups shared between exports (a warm export function decodes each stored rollup once)', () => {
  const yearRow = async (baseId: string) => {
    const input = await gatherBulletinInput('2020', parseBulletinQuery(admin, '2020', {}));
    return input.rows.find((r) => r.base.baseId === baseId)!.values;
  };

  it('a second export decodes nothing again; a correction is decoded afresh and shows', async () => {
    clearSharedRollups();
    const first = await yearRow('bc-01');
    const shared = sharedRollupCount();
    // One entry per rollup read (this year's and last year's of every base): each under its own key.
    const bases = (await listBases()).map((b) => b.baseId);
    const stored = await getRollups(bases.flatMap((baseId) => [2020, 2019].map((year) => ({ baseId, year }))));
    expect(stored.size).toBeGreaterThan(1);
    expect(shared).toBe(stored.size);
    // Nothing changed: the same rows, from the same decoded rollups (and their year values).
    const second = await yearRow('bc-01');
    expect(second).toBe(first);
    expect(sharedRollupCount()).toBe(shared);

    // A correction changes bc-01's 2020 rollup: its new bytes are decoded, the year row follows.
    await put('bc-01', '2020Q4', 'submitted', { buildingArea: 130000 });
    await poller.drain(20_000);
    const third = await yearRow('bc-01');
    expect(third).not.toBe(first);
    expect(third.buildingArea).toBe(130000n);
    expect(first.buildingArea).toBe(100000n);
    // Its entry was replaced, not added to.
    expect(sharedRollupCount()).toBe(shared);
    // The totals agree with the rollups: what the aggregator holds for the year, base by base.
    const input = await gatherBulletinInput('2020', parseBulletinQuery(admin, '2020', {}));
    const sum = input.rows.reduce((a, r) => a + BigInt(r.values.buildingArea ?? 0), 0n);
    expect(input.aggregates['2020']!.all!.values.buildingArea).toBe(sum);
  });

  it('a shared rollup cannot be changed by a reader', async () => {
    const r = (await getSharedRollups([{ baseId: 'bc-01', year: 2020 }])).get(rollupKey('bc-01', 2020))!;
    expect(Object.isFrozen(r.quarters['4']!.counted)).toBe(true);
    expect(() => {
      (r.quarters['4']!.counted as Record<string, number>).buildingArea = 1;
    }).toThrow(TypeError);
    // The aggregator's own reads are its own copies.
    const own = (await getRollups([{ baseId: 'bc-01', year: 2020 }])).get(rollupKey('bc-01', 2020))!.rollup;
    expect(own).not.toBe(r);
    expect(Object.isFrozen(own)).toBe(false);
  });
});
