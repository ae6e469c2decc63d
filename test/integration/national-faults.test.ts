// A national deployment (PROVINCE=全国, README "National deployment") on DynamoDB Local and its
// real stream, under the fault injection of pipeline-faults.test.ts: bases in four provinces;
// every national, province, city, level and cohort aggregate is compared with sums computed in
// this file from what was sent (test/helpers/scenario.ts), and with a reconcile from the filings.
// Also: the aggregates are split by province into items of their own (400 KB), and a province's
// admin and city users see only their province.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { Expectation, makeRng, type Registry, typedValues } from '../helpers/scenario';

process.env.ADMIN_TOKEN = ADMIN;
process.env.PROVINCE = '全国';
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const { scopedOf } = await import('../../shared/store/aggregates');
const { reconcilePeriod } = await import('../../shared/use-cases/reconcile-period');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { db, TABLE } = await import('../../shared/store/client');
const { startTestPoller, startHistoryPoller } = await import('../helpers/stream');
const call = caller(dispatch);

// biome-ignore lint/suspicious/noConfusingVoidType: the Lambda stream handler contract: a handler may return nothing (all records ok) or a batch response
type Handler = (e: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
let current: Handler = (e) => processStreamEvent(e);
let poller: Awaited<ReturnType<typeof startTestPoller>>;
let history: Awaited<ReturnType<typeof startHistoryPoller>>;

const registry: Registry = new Map();
const PLACES = [
  ['湖南省', '长沙市'],
  ['四川省', '成都市'],
  ['广东省', '广州市'],
  ['北京市', '北京市'],
  ['湖南省', '株洲市'],
  ['广东省', '深圳市'],
] as const;
const EXPLANATION = '历史数据,按原报表录入';

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => current(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)), batchSize: 25 });
  history = await startHistoryPoller();
  for (let i = 0; i < 12; i++) {
    const [province, city] = PLACES[i % PLACES.length]!;
    const b = { baseId: `nb-${i}`, province, city, level: i % 4 === 0 ? 'national' : 'provincial', cohort: i % 2 ? '第一批' : null } as const;
    registry.set(b.baseId, b);
    const r = await call('PUT', `/api/bases/${b.baseId}`, { name: `测试基地${i}`, province, city: b.city, county: '某县', level: b.level, cohort: b.cohort });
    expect(r.status).toBe(201);
  }
});
afterAll(async () => {
  await poller?.stop();
  await history?.stop();
});

async function file(exp: Expectation, baseId: string, period: string, rng: () => number) {
  const { typed, base } = typedValues(period, rng);
  const r = await call('PUT', `/api/bases/${baseId}/filings/${period}`, {
    status: 'submitted',
    values: typed,
    confirmWarnings: true,
    explanation: EXPLANATION,
  });
  expect([200, 201]).toContain(r.status);
  exp.submit(baseId, period, base);
}

function rawNumber(text: string, code: string): string {
  const m = new RegExp(`"values":\\{[^}]*"${code.replace(/\./g, '\\.')}":(-?\\d+)`).exec(text);
  if (!m) throw new Error(`no value for ${code}`);
  return m[1]!;
}

async function assertExact(exp: Expectation, year: number) {
  await poller.drain(20_000);
  const scopes = exp.scopes();
  // The national total, every province, every city: all of them checked.
  expect(scopes.filter((s) => s.startsWith('province:')).length).toBeGreaterThanOrEqual(3);
  for (const period of [...[1, 2, 3, 4].map((q) => `${year}Q${q}`), String(year)]) {
    for (const scope of scopes) {
      const r = await call('GET', `/api/aggregates/${period}?scope=${encodeURIComponent(scope)}`);
      expect(r.status).toBe(200);
      const want = exp.totals(period, scope);
      expect({ period, scope, reportingBases: BigInt(r.text.match(/"reportingBases":(\d+)/)![1]!) }).toEqual({
        period,
        scope,
        reportingBases: want.reportingBases,
      });
      for (const [code, v] of Object.entries(want.values))
        expect({ period, scope, code, v: BigInt(rawNumber(r.text, code)) }).toEqual({ period, scope, code, v });
    }
    // The national item holds no city; each province's cities are in that province's item.
    const main = await db.send(new GetCommand({ TableName: TABLE, Key: { pk: 'AGG', sk: period } }));
    const mainScopes = Object.keys(scopedOf(main.Item));
    expect(mainScopes.filter((s) => s.startsWith('city:'))).toEqual([]);
    if (exp.totals(period, 'all').reportingBases > 0n) expect(mainScopes).toContain('all');
    const hunan = await db.send(new GetCommand({ TableName: TABLE, Key: { pk: 'AGG', sk: `${period}#湖南省` } }));
    expect(Object.keys(scopedOf(hunan.Item)).every((s) => s.startsWith('city:湖南省/'))).toBe(true);
  }
  const report = await reconcilePeriod(String(year));
  expect(report.periods.flatMap((p) => p.drift)).toEqual([]);
}

describe('a national deployment: the province in the scopes', () => {
  it('refuses a base without a province, or with a city of another province', async () => {
    const none = await call('PUT', '/api/bases/nb-x', { name: '无省份', city: '长沙市', county: '某县', level: 'provincial' });
    expect(none.status).toBe(400);
    expect(none.body.error.fields.province).toContain('省份');
    const wrong = await call('PUT', '/api/bases/nb-x', { name: '错省份', province: '四川省', city: '长沙市', county: '某县', level: 'provincial' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.city).toContain('四川省');
    const unknown = await call('PUT', '/api/bases/nb-x', { name: '错省份', province: '火星省', city: '长沙市', county: '某县', level: 'provincial' });
    expect(unknown.status).toBe(400);
    expect((await call('GET', '/api/aggregates/2021Q1?scope=city%3A%E9%95%BF%E6%B2%99%E5%B8%82')).status).toBe(400); // city:长沙市 unqualified
  });

  it('stays exact when every batch is delivered twice and older batches are replayed late', async () => {
    let previous: DynamoDBStreamEvent | undefined;
    let replays = 0;
    current = async (e) => {
      await processStreamEvent(e);
      if (previous) {
        await processStreamEvent(previous);
        replays++;
      }
      previous = e;
      return processStreamEvent(e);
    };
    const exp = new Expectation(registry);
    const rng = makeRng(11);
    for (const q of [1, 2, 3, 4]) {
      await Promise.all([...registry.keys()].map((b) => file(exp, b, `2021Q${q}`, rng)));
      await Promise.all([...registry.keys()].filter((_, i) => i % 3 === q % 3).map((b) => file(exp, b, `2021Q${q}`, rng)));
    }
    await assertExact(exp, 2021);
    expect(replays).toBeGreaterThan(0);
  });

  it('stays exact when the aggregator dies half-way through batches and they are retried', async () => {
    let crashes = 0;
    let calls = 0;
    current = async (e) => {
      calls++;
      const crashNow = calls % 2 === 1;
      let reached = false;
      const r = await processStreamEvent(e, {
        maxTxItems: 6,
        beforeCommit: (n) => {
          if (crashNow && n === 1) {
            reached = true;
            throw new Error('simulated crash');
          }
        },
      });
      if (reached) {
        crashes++;
        throw new Error('aggregator process died');
      }
      return r;
    };
    const exp = new Expectation(registry);
    const rng = makeRng(12);
    for (const q of [1, 2, 3, 4]) {
      await Promise.all([...registry.keys()].map((b) => file(exp, b, `2022Q${q}`, rng)));
      await Promise.all([...registry.keys()].filter((_, i) => i % 2 === 0).map((b) => file(exp, b, `2022Q${q}`, rng)));
    }
    await assertExact(exp, 2022);
    expect(crashes).toBeGreaterThan(0);
    expect(poller.deadLetters).toEqual([]);
  });

  it('stays exact when corrections of the same filings race each other', async () => {
    current = (e) => processStreamEvent(e);
    const exp = new Expectation(registry);
    const rng = makeRng(13);
    const ids = [...registry.keys()].slice(0, 4); // one base in each of the four provinces
    await Promise.all(ids.map((b) => file(exp, b, '2023Q1', rng)));
    await Promise.all(
      ids.flatMap((b) =>
        Array.from({ length: 6 }, async () => {
          const { typed } = typedValues('2023Q1', rng);
          const r = await call('PUT', `/api/bases/${b}/filings/2023Q1`, {
            status: 'submitted',
            values: typed,
            confirmWarnings: true,
            explanation: EXPLANATION,
          });
          expect([200, 201]).toContain(r.status);
        }),
      ),
    );
    await history.drain(20_000);
    for (const b of ids) {
      const f = await call('GET', `/api/bases/${b}/filings/2023Q1`);
      exp.submit(b, '2023Q1', Object.fromEntries(Object.entries(f.body.counted as Record<string, number>).map(([k, v]) => [k, BigInt(v)])));
    }
    await assertExact(exp, 2023);
  });

  it('moves a base to another province from a period on: both provinces stay exact', async () => {
    current = (e) => processStreamEvent(e);
    const exp = new Expectation(registry);
    const rng = makeRng(14);
    for (const b of registry.keys()) await file(exp, b, '2024Q1', rng);
    await poller.drain(20_000);
    const moved = registry.get('nb-0')!; // 湖南省 长沙市 → 四川省 绵阳市
    registry.set('nb-0', { ...moved, province: '四川省', city: '绵阳市' });
    const r = await call('PUT', '/api/bases/nb-0', {
      name: '测试基地0',
      province: '四川省',
      city: '绵阳市',
      county: '某县',
      level: moved.level,
      cohort: moved.cohort,
      effectiveFrom: '2024Q1',
    });
    expect(r.status).toBe(200);
    await assertExact(exp, 2024);
  });
});

describe('a province sees only its province', () => {
  it("gives a province's admin and city users their province's bases and aggregates only", async () => {
    const issued = await call('POST', '/api/tokens', { role: 'admin', province: '四川省', holder: { name: '四川管理员', phone: '028-1234567' } });
    expect(issued.status).toBe(201);
    const sc = issued.body.token as string;
    const list = await call('GET', '/api/bases', undefined, { token: sc });
    expect(list.status).toBe(200);
    const listed = (list.body.bases ?? list.body) as Array<{ province: string }>;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((b) => b.province === '四川省')).toBe(true);
    expect((await call('GET', `/api/aggregates/2021?scope=${encodeURIComponent('province:四川省')}`, undefined, { token: sc })).status).toBe(200);
    expect((await call('GET', `/api/aggregates/2021?scope=${encodeURIComponent('city:四川省/成都市')}`, undefined, { token: sc })).status).toBe(200);
    const own = await call('GET', '/api/aggregates/2021', undefined, { token: sc });
    expect(own.body.scope).toBe('province:四川省');
    expect((await call('GET', `/api/aggregates/2021?scope=${encodeURIComponent('province:湖南省')}`, undefined, { token: sc })).status).toBe(403);
    expect((await call('GET', '/api/aggregates/2021?scope=all', undefined, { token: sc })).status).toBe(403);
    expect((await call('GET', '/api/bases/nb-2/filings/2021Q1', undefined, { token: sc })).status).toBe(403); // 广东省
    // Nor writes or reviews another province's filings.
    const { typed } = typedValues('2021Q1', makeRng(99));
    expect(
      (
        await call(
          'PUT',
          '/api/bases/nb-2/filings/2021Q1',
          { status: 'submitted', values: typed, confirmWarnings: true, explanation: EXPLANATION },
          { token: sc },
        )
      ).status,
    ).toBe(403);
    expect((await call('POST', '/api/bases/nb-2/filings/2021Q1/review', { action: 'accept', comment: '越权' }, { token: sc })).status).toBe(403);
    expect((await call('GET', '/api/bases/nb-1/filings/2021Q1', undefined, { token: sc })).status).toBe(200); // 四川省: its own
    // It registers bases of its province only, and issues no token for another.
    expect(
      (await call('PUT', '/api/bases/nb-y', { name: '越权', province: '湖南省', city: '长沙市', county: '某县', level: 'provincial' }, { token: sc })).status,
    ).toBe(403);
    expect((await call('POST', '/api/tokens', { role: 'admin', holder: { name: '越权', phone: '028-1234567' } }, { token: sc })).status).toBe(403);

    const city = await call('POST', '/api/tokens', { role: 'city', province: '广东省', city: '广州市', holder: { name: '广州', phone: '020-1234567' } });
    expect(city.status).toBe(201);
    const gz = city.body.token as string;
    expect((await call('GET', '/api/aggregates/2021', undefined, { token: gz })).body.scope).toBe('city:广东省/广州市');
    expect((await call('GET', `/api/aggregates/2021?scope=${encodeURIComponent('city:广东省/深圳市')}`, undefined, { token: gz })).status).toBe(403);
    // A city token must name its province, and the city must be the province's.
    expect((await call('POST', '/api/tokens', { role: 'city', city: '广州市', holder: { name: '广州', phone: '020-1234567' } })).status).toBe(400);
    expect(
      (await call('POST', '/api/tokens', { role: 'city', province: '湖南省', city: '广州市', holder: { name: '广州', phone: '020-1234567' } })).status,
    ).toBe(400);
  });
});
