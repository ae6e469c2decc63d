// The pipeline on DynamoDB Local and its real stream, under injected faults: every scenario
// ends by comparing the live aggregates (all scopes, quarters and the year) with sums computed
// independently in this file from what was sent, and with a reconcile from the filings.

import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { Expectation, makeRng, type Registry, typedValues } from '../helpers/scenario';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const { reconcilePeriod } = await import('../../shared/use-cases/reconcile-period');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { listFilingStates } = await import('../../shared/store/filings');
const { getRollups, rollupKey } = await import('../../shared/store/aggregates');
const { startTestPoller, startHistoryPoller } = await import('../helpers/stream');
const call = caller(dispatch);

// biome-ignore lint/suspicious/noConfusingVoidType: the Lambda stream handler contract: a handler may return nothing (all records ok) or a batch response
type Handler = (e: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
let current: Handler = (e) => processStreamEvent(e);
let poller: Awaited<ReturnType<typeof startTestPoller>>;
let history: Awaited<ReturnType<typeof startHistoryPoller>>;

const registry: Registry = new Map();
const CITIES = ['长沙市', '株洲市', '湘潭市'] as const;

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => current(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)), batchSize: 25 });
  history = await startHistoryPoller();
  for (let i = 0; i < 12; i++) {
    const b = { baseId: `base-${i}`, city: CITIES[i % 3]!, level: i % 4 === 0 ? 'national' : 'provincial', cohort: i % 2 ? '第一批' : null } as const;
    registry.set(b.baseId, b);
    const r = await call('PUT', `/api/bases/${b.baseId}`, { name: `测试基地${i}`, city: b.city, county: '某县', level: b.level, cohort: b.cohort });
    expect(r.status).toBe(201);
  }
  // Every scenario's second quarter was due long ago: its first submissions are late, which the
  // rollups must keep exactly as the filings do (a year's 报送情况 reads it from them).
  for (let year = 2021; year <= 2025; year++) {
    const schedule = { opensAt: `${year}-04-01T00:00:00+08:00`, dueAt: `${year}-07-15T00:00:00+08:00`, closesAt: '2099-12-31T00:00:00+08:00' };
    expect((await call('PUT', `/api/periods/${year}Q2`, schedule)).status).toBe(200);
  }
});
afterAll(async () => {
  await poller?.stop();
  await history?.stop();
});

async function file(exp: Expectation, baseId: string, period: string, status: 'draft' | 'submitted', rng: () => number) {
  const { typed, base } = typedValues(period, rng);
  const r = await call('PUT', `/api/bases/${baseId}/filings/${period}`, { status, values: typed, confirmWarnings: true, explanation: '历史数据,按原报表录入' });
  expect([200, 201]).toContain(r.status);
  if (status === 'submitted') exp.submit(baseId, period, base);
}

async function assertExact(exp: Expectation, year: number) {
  await poller.drain(20_000);
  for (const period of [...[1, 2, 3, 4].map((q) => `${year}Q${q}`), String(year)]) {
    for (const scope of exp.scopes()) {
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
  }
  const report = await reconcilePeriod(String(year));
  expect(report.periods.flatMap((p) => p.drift)).toEqual([]);
  // Each base's rollup says, quarter by quarter, what its filing says: whether something counts
  // and whether it was late.
  const rollups = await getRollups([...registry.keys()].map((baseId) => ({ baseId, year })));
  let late = 0;
  for (const q of [1, 2, 3, 4])
    for (const f of await listFilingStates(`${year}Q${q}`)) {
      const st = rollups.get(rollupKey(f.baseId, year))?.rollup.quarters[String(q)];
      expect({ base: f.baseId, q, state: st?.counted ? { late: st.late } : null }).toEqual({
        base: f.baseId,
        q,
        state: f.countedRev > 0 ? { late: f.late } : null,
      });
      if (f.countedRev > 0 && f.late) late++;
    }
  return { late };
}

/** Reads a number from the JSON text exactly (sums may exceed 2^53 in principle). */
function rawNumber(text: string, code: string): string {
  const m = new RegExp(`"values":\\{[^}]*"${code.replace(/\./g, '\\.')}":(-?\\d+)`).exec(text);
  if (!m) throw new Error(`no value for ${code}`);
  return m[1]!;
}

describe('aggregates stay exact', () => {
  it('when every batch is delivered twice and older batches are replayed late', async () => {
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
    const rng = makeRng(1);
    for (const q of [1, 2, 3, 4]) {
      await Promise.all([...registry.keys()].map((b) => file(exp, b, `2021Q${q}`, 'submitted', rng)));
      // Corrections of a third of the filings.
      await Promise.all([...registry.keys()].filter((_, i) => i % 3 === q % 3).map((b) => file(exp, b, `2021Q${q}`, 'submitted', rng)));
    }
    expect((await assertExact(exp, 2021)).late).toBeGreaterThan(0);
    expect(replays).toBeGreaterThan(0);
  });

  it('when the aggregator dies half-way through batches and they are retried', async () => {
    let crashes = 0;
    let calls = 0;
    current = async (e) => {
      calls++;
      const crashNow = calls % 2 === 1; // every other invocation crashes
      let reached = false;
      const r = await processStreamEvent(e, {
        maxTxItems: 4, // one base-year per transaction: many commits per batch
        beforeCommit: (n) => {
          if (crashNow && n === 1) {
            reached = true;
            throw new Error('simulated crash');
          }
        },
      });
      if (reached) {
        crashes++;
        throw new Error('aggregator process died'); // the poller retries the whole batch
      }
      return r;
    };
    const exp = new Expectation(registry);
    const rng = makeRng(2);
    for (const q of [1, 2, 3, 4]) {
      await Promise.all([...registry.keys()].map((b) => file(exp, b, `2022Q${q}`, q === 2 && b.endsWith('1') ? 'draft' : 'submitted', rng)));
      await Promise.all([...registry.keys()].filter((_, i) => i % 2 === 0).map((b) => file(exp, b, `2022Q${q}`, 'submitted', rng)));
    }
    expect((await assertExact(exp, 2022)).late).toBeGreaterThan(0);
    expect(crashes).toBeGreaterThan(0);
    expect(poller.deadLetters).toEqual([]);
  });

  it('when corrections of one filing race each other', async () => {
    current = (e) => processStreamEvent(e);
    const exp = new Expectation(registry);
    const rng = makeRng(3);
    const baseIds = [...registry.keys()].slice(0, 4);
    await Promise.all(baseIds.map((b) => file(exp, b, '2023Q1', 'submitted', rng)));
    // 8 concurrent writers per filing without If-Match (last writer wins, all versions kept)…
    await Promise.all(
      baseIds.flatMap((b) =>
        Array.from({ length: 8 }, async () => {
          const { typed } = typedValues('2023Q1', rng);
          const r = await call('PUT', `/api/bases/${b}/filings/2023Q1`, {
            status: 'submitted',
            values: typed,
            confirmWarnings: true,
            explanation: '历史数据,按原报表录入',
          });
          expect([200, 201]).toContain(r.status);
        }),
      ),
    );
    // …and 8 with the same If-Match: exactly one wins, the rest get 409 and change nothing.
    const target = baseIds[0]!;
    const before = await call('GET', `/api/bases/${target}/filings/2023Q1`);
    const results = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const { typed } = typedValues('2023Q1', rng);
        return (
          await call(
            'PUT',
            `/api/bases/${target}/filings/2023Q1`,
            { status: 'submitted', values: typed, confirmWarnings: true, explanation: '历史数据,按原报表录入' },
            { headers: { 'if-match': before.headers.etag! } },
          )
        ).status;
      }),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((s) => s === 409)).toHaveLength(7);
    // The final state of each filing is what must be counted; every write is in the history.
    await history.drain(20_000);
    for (const b of baseIds) {
      const f = await call('GET', `/api/bases/${b}/filings/2023Q1`);
      exp.submit(b, '2023Q1', Object.fromEntries(Object.entries(f.body.counted as Record<string, number>).map(([k, v]) => [k, BigInt(v)])));
      const h = await call('GET', `/api/bases/${b}/filings/2023Q1/history`);
      expect(h.body.versions.map((v: { version: number }) => v.version)).toEqual(Array.from({ length: f.body.version }, (_, i) => i + 1));
    }
    await assertExact(exp, 2023);
  });

  it('when bases arrive out of order and in fragments', async () => {
    const rng = makeRng(4);
    let held: DynamoDBStreamEvent[] = [];
    current = async (e) => {
      // Split the batch per filing (keeping each filing's own order, as a stream shard does),
      // deliver the pieces shuffled, and hold some back until a later invocation.
      const groups = new Map<string, typeof e.Records>();
      for (const r of e.Records) {
        const k = JSON.stringify(r.dynamodb?.Keys);
        groups.set(k, [...(groups.get(k) ?? []), r]);
      }
      const pieces = [...groups.values()].map((Records) => ({ Records })).sort(() => rng() - 0.5);
      const deliverNow = [...held, ...pieces.filter(() => rng() < 0.6)];
      held = pieces.filter((p) => !deliverNow.includes(p));
      for (const p of deliverNow.sort(() => rng() - 0.5)) {
        const r = await processStreamEvent(p);
        expect(r.batchItemFailures).toEqual([]);
      }
    };
    const exp = new Expectation(registry);
    for (const q of [4, 2, 3, 1]) {
      for (const b of [...registry.keys()].sort(() => rng() - 0.5)) await file(exp, b, `2024Q${q}`, 'submitted', rng);
      await Promise.all([...registry.keys()].filter(() => rng() < 0.3).map((b) => file(exp, b, `2024Q${q}`, 'submitted', rng)));
    }
    await poller.drain(20_000);
    // Whatever is still held back arrives last.
    for (const p of held) await processStreamEvent(p);
    held = [];
    expect((await assertExact(exp, 2024)).late).toBeGreaterThan(0);
  });

  it('when a base moves city from a period on: its totals from then on move with it', async () => {
    current = (e) => processStreamEvent(e);
    const exp = new Expectation(registry);
    const rng = makeRng(5);
    for (const b of registry.keys()) await file(exp, b, '2025Q1', 'submitted', rng);
    await poller.drain(20_000);
    const moved = registry.get('base-0')!;
    registry.set('base-0', { ...moved, city: '岳阳市', cohort: '第二批' });
    // Effective from the quarter filed (SPEC §11: without it the move holds from the current quarter).
    const r = await call('PUT', '/api/bases/base-0', {
      name: '测试基地0',
      city: '岳阳市',
      county: '某县',
      level: moved.level,
      cohort: '第二批',
      effectiveFrom: '2025Q1',
    });
    expect(r.status).toBe(200);
    await assertExact(exp, 2025);
  });
});
