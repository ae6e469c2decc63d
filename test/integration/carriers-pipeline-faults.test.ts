// The featured carriers' aggregates (SPEC §10: funds, investment, indicators judged and met, per
// scope all / city / type) on DynamoDB Local and its real stream, under the faults the other
// programs are tested with (platforms-pipeline-faults.test.ts): every batch delivered twice with
// older batches replayed late, and the aggregator dying in the middle of a batch and retried.
// Each scenario ends by comparing every scope of the year's aggregate with sums computed here from
// what was sent (test/helpers/carrier-math.ts), and with reconcile.

import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller } from '../helpers/api';
import { fmt, rawNumber, SUM_CODES, summaryOf, type TFiling, type TPlan } from '../helpers/carrier-math';
import { useLocalTable } from '../helpers/local-table';
import { makeRng } from '../helpers/scenario';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const { reconcilePeriod } = await import('../../shared/use-cases/reconcile-period');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { CARRIERS } = await import('../../shared/program');
const { getAggregate } = await import('../../shared/store/aggregates');
const { startTestPoller } = await import('../helpers/stream');
const call = caller(dispatch);

// biome-ignore lint/suspicious/noConfusingVoidType: the Lambda stream handler contract: a handler may return nothing (all records ok) or a batch response
type Handler = (e: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
let current: Handler = (e) => processStreamEvent(e);
let poller: Awaited<ReturnType<typeof startTestPoller>>;

const CITIES = ['长沙市', '株洲市', '湘潭市'] as const;
const TYPES = ['integration', 'capital', 'tech', 'talent'] as const;
const SOURCE = '中央财政中小企业发展专项资金';

interface Carrier {
  id: string;
  city: string;
  type: string;
}
const carriers: Carrier[] = Array.from({ length: 10 }, (_, i) => ({ id: `pf-${i}`, city: CITIES[i % 3]!, type: TYPES[i % 4]! }));

const PLAN: TPlan = {
  indicators: [
    {
      code: 'smes',
      name: '服务中小企业数',
      unit: '家',
      decimals: 0,
      better: 'higher',
      baseline: { year: 2018, value: '100' },
      targets: { '2020': '150', '2021': '180' },
    },
    {
      code: 'cost',
      name: '平均融资成本',
      unit: '%',
      decimals: 2,
      better: 'lower',
      baseline: { year: 2018, value: '6.5' },
      targets: { '2020': '6', '2021': '5.5' },
    },
    { code: 'deals', name: '交易额', unit: '万元', decimals: 4, better: 'higher', baseline: { year: 2019, value: '1000' }, targets: { '2021': '1500.5' } },
  ],
  subProjects: [
    {
      code: 'p1',
      name: '公共服务平台建设项目',
      content: '建设平台。',
      plannedInvestment: '5000',
      plannedFund: { subsidy: '1000', reward: '0', purchase: '0' },
    },
    { code: 'p2', name: '孵化器建设项目', content: '建设孵化器。', plannedInvestment: '5000', plannedFund: { subsidy: '1000', reward: '0', purchase: '0' } },
  ],
};

/** A filing whose money adds up within the year (nothing disbursed that was not received that year). */
function randomFiling(year: number, rng: () => number): TFiling {
  const n = (max: number) => BigInt(Math.floor(rng() * max));
  const received = n(5_000) * 10_000n + n(10_000) + 1n;
  const d1 = (received * n(60)) / 100n;
  const d2 = (received * n(40)) / 100n;
  const values: Record<string, string> = { smes: String(140n + n(20)), cost: fmt(590n + n(20), 2) };
  if (year > 2019) values.deals = fmt(15_000_000n + n(20_000) - 10_000n, 4);
  return {
    values,
    funds: {
      received: [{ date: `${year}-0${1 + Math.floor(rng() * 9)}`, amount: fmt(received, 4), source: SOURCE }],
      disbursed: { p1: fmt(d1, 4), p2: fmt(d2, 4) },
    },
    investment: { p1: fmt(n(1e9), 4), p2: fmt(n(1e11), 4) },
  };
}

/** The last submitted filing per carrier in one year. */
class Expectation {
  readonly submitted = new Map<string, TFiling>();
  constructor(readonly year: number) {}
  totals(scope: string) {
    const sums: Record<string, bigint> = Object.fromEntries(SUM_CODES.map((k) => [k, 0n]));
    let n = 0;
    for (const [id, f] of this.submitted) {
      const c = carriers.find((x) => x.id === id)!;
      if (scope !== 'all' && scope !== `city:${c.city}` && scope !== `type:${c.type}`) continue;
      n++;
      const s = summaryOf(PLAN, new Map([[this.year, f]]), this.year);
      for (const k of SUM_CODES) sums[k] = sums[k]! + s[k]!;
    }
    return { n, sums };
  }
}

const SCOPES = ['all', ...CITIES.map((c) => `city:${c}`), ...TYPES.map((t) => `type:${t}`)];

async function file(exp: Expectation, id: string, status: 'draft' | 'submitted', rng: () => number) {
  const f = randomFiling(exp.year, rng);
  const r = await call('PUT', `/api/carriers/${id}/filings/${exp.year}`, { status, confirmWarnings: true, explanation: '历史数据,按原报表录入', ...f });
  expect([200, 201], `${id}: ${r.text}`).toContain(r.status);
  if (status === 'submitted') exp.submitted.set(id, f);
}

async function assertExact(exp: Expectation) {
  const year = String(exp.year);
  for (const scope of SCOPES) {
    const r = await call('GET', `/api/aggregates/${year}?program=carriers&scope=${encodeURIComponent(scope)}`);
    expect(r.status, r.text).toBe(200);
    const want = exp.totals(scope);
    expect({ year, scope, n: r.body.reportingEntities }).toEqual({ year, scope, n: want.n });
    for (const k of SUM_CODES) expect({ year, scope, k, v: rawNumber(r.text, k) }).toEqual({ year, scope, k, v: want.sums[k] });
  }
  // No other scope holds anything.
  const stored = await getAggregate(year, 'CARR');
  for (const [scope, t] of Object.entries(stored.scoped)) {
    if (SCOPES.includes(scope)) continue;
    expect({ scope, n: t.reportingBases, nonZero: Object.values(t.values).filter((v) => v !== 0n) }).toEqual({ scope, n: 0n, nonZero: [] });
  }
  const report = await reconcilePeriod(year, { program: CARRIERS });
  expect(report.periods.flatMap((p) => p.drift)).toEqual([]);
  expect(report.drift).toBe(0);
}

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => current(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)), batchSize: 25 });
  for (const c of carriers) {
    const r = await call('PUT', `/api/carriers/${c.id}`, { name: `故障测试载体${c.id}`, type: c.type, city: c.city, zone: '某园区', approvedAt: '2019-06' });
    expect(r.status, r.text).toBe(201);
    expect((await call('PUT', `/api/carriers/${c.id}/plan`, PLAN)).status).toBe(201);
  }
});
afterAll(async () => {
  await poller?.stop();
});

describe('carrier aggregates stay exact', () => {
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
    const exp = new Expectation(2020);
    const rng = makeRng(21);
    await Promise.all(carriers.map((c) => file(exp, c.id, 'submitted', rng)));
    // Corrections of a third, drafts over another third (a draft never moves what counts).
    await Promise.all(carriers.map((c, i) => (i % 3 === 0 ? file(exp, c.id, 'submitted', rng) : i % 3 === 1 ? file(exp, c.id, 'draft', rng) : null)));
    await poller.drain(20_000);
    await assertExact(exp);
    expect(replays).toBeGreaterThan(0);
  });

  it('when the aggregator dies half-way through batches and they are retried', async () => {
    let crashes = 0;
    let calls = 0;
    current = async (e) => {
      calls++;
      const crashNow = calls % 2 === 1;
      let reached = false;
      const r = await processStreamEvent(e, {
        maxTxItems: 4,
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
    const exp = new Expectation(2021);
    const rng = makeRng(22);
    // Some carriers only ever save a draft: they are missing from every sum.
    await Promise.all(carriers.map((c) => file(exp, c.id, c.id.endsWith('1') ? 'draft' : 'submitted', rng)));
    await Promise.all(carriers.filter((_, i) => i % 2 === 0).map((c) => file(exp, c.id, 'submitted', rng)));
    await poller.drain(20_000);
    await assertExact(exp);
    expect(crashes).toBeGreaterThan(0);
    expect(poller.deadLetters).toEqual([]);
    // The year before is untouched by the faults of this one.
    current = (e) => processStreamEvent(e);
    expect((await reconcilePeriod('2020', { program: CARRIERS })).drift).toBe(0);
  });
});
