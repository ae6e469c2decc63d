// Acceptance for the pipeline, as a newcomer would run it: `npm start` on a fresh DATA_DIR,
// 80 bases filing ~300 quarterly reports over HTTP from 8 concurrent clients (20% corrections,
// some drafts), aggregates for every quarter, the year and every scope compared with sums
// computed independently from what was sent, `npm run reconcile` reporting zero drift, and
// the data surviving a restart.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, localStack } from '../helpers/local-stack';
import { Expectation, makeRng, type Registry, typedValues } from '../helpers/scenario';

const ADMIN = 'e2e-admin-token-abcdefghijklmnop';
let stack: LocalStack;
const api = (method: string, path: string, body?: unknown, token?: string) => stack.api(method, path, body, token);

const CITIES = [
  '长沙市',
  '株洲市',
  '湘潭市',
  '衡阳市',
  '邵阳市',
  '岳阳市',
  '常德市',
  '张家界市',
  '益阳市',
  '郴州市',
  '永州市',
  '怀化市',
  '娄底市',
  '湘西土家族苗族自治州',
];
const registry: Registry = new Map();
const exp = new Expectation(registry);

beforeAll(async () => {
  stack = await localStack(ADMIN);
}, 10_000);
afterAll(async () => {
  await stack?.dispose();
});

describe('npm start, end to end', () => {
  it('serves /api/health within 30 s on a fresh data directory', async () => {
    const ms = await stack.start(60_000);
    console.log(`[e2e] npm start served /api/health after ${ms} ms`);
    expect(ms).toBeLessThan(30_000);
  }, 90_000);

  it('300 filings from 8 concurrent clients give exact aggregates for every scope', async () => {
    const rng = makeRng(2020);
    for (const q of [1, 2, 3, 4])
      expect(
        (
          await api('PUT', `/api/periods/2020Q${q}`, {
            opensAt: '2020-01-01T00:00:00+08:00',
            dueAt: '2098-01-01T00:00:00+08:00',
            closesAt: '2099-01-01T00:00:00+08:00',
          })
        ).status,
      ).toBe(200);
    const tokens = new Map<string, string>();
    for (let i = 0; i < 80; i++) {
      const b = {
        baseId: `base-${String(i).padStart(3, '0')}`,
        city: CITIES[i % 14]!,
        level: i % 5 === 0 ? 'national' : 'provincial',
        cohort: i % 3 === 0 ? '第一批' : null,
      } as const;
      registry.set(b.baseId, b);
      expect((await api('PUT', `/api/bases/${b.baseId}`, { name: `基地${i}`, city: b.city, county: '某县', level: b.level, cohort: b.cohort })).status).toBe(
        201,
      );
      tokens.set(
        b.baseId,
        (await api('POST', '/api/tokens', { role: 'base', baseId: b.baseId, holder: { name: `管理员${i}`, phone: '13800000000' } })).body.token,
      );
    }
    // 300 distinct (base, quarter) submissions, 60 corrections, 20 drafts saved over
    // submissions and 15 filings that never get past a draft.
    const pairs = [...registry.keys()].flatMap((b) => [1, 2, 3, 4].map((q) => ({ baseId: b, period: `2020Q${q}` }))).sort(() => rng() - 0.5);
    const submitted = pairs.slice(0, 300);
    type Job = { baseId: string; period: string; status: 'draft' | 'submitted' };
    const rounds: Job[][] = [
      [...submitted.map((p) => ({ ...p, status: 'submitted' as const })), ...pairs.slice(300, 315).map((p) => ({ ...p, status: 'draft' as const }))],
      [
        ...submitted.slice(0, 60).map((p) => ({ ...p, status: 'submitted' as const })),
        ...submitted.slice(100, 120).map((p) => ({ ...p, status: 'draft' as const })),
      ],
    ];
    let requests = 0;
    const t0 = Date.now();
    for (const jobs of rounds) {
      const queue = [...jobs];
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let job = queue.shift(); job; job = queue.shift()) {
            const { typed, base } = typedValues(job.period, rng);
            const r = await api(
              'PUT',
              `/api/bases/${job.baseId}/filings/${job.period}`,
              { status: job.status, values: typed, confirmWarnings: true, explanation: '历史数据,按原报表录入' },
              tokens.get(job.baseId),
            );
            requests++;
            expect([200, 201]).toContain(r.status);
            if (job.status === 'submitted') exp.submit(job.baseId, job.period, base);
          }
        }),
      );
    }
    const ingestMs = Date.now() - t0;
    // Totals must become exact within seconds of the last acknowledged filing.
    const t1 = Date.now();
    await eventually(() => compareAll(), 30_000);
    console.log(
      `[e2e] ${requests} filing writes in ${ingestMs} ms (${((requests * 1000) / ingestMs).toFixed(0)}/s); aggregates exact ${Date.now() - t1} ms after the last one`,
    );
  }, 240_000);

  it('npm run reconcile reports zero drift for the year and every quarter', () => {
    for (const period of ['2020', '2020Q1', '2020Q4']) {
      const r = stack.run('local/reconcile.ts', [period]);
      expect(r.stdout).toMatch(/no drift/);
      expect(r.stdout).not.toMatch(/drifting/);
      expect(r.stdout).toMatch(/dead-letter list: 0 record/);
      expect(r.status).toBe(0);
    }
  }, 120_000);

  it('keeps all data across a restart, and Ctrl-C stops DynamoDB Local too', async () => {
    const { dynamodbEndpoint } = JSON.parse(readFileSync(join(stack.dataDir, 'runtime.json'), 'utf8')) as { dynamodbEndpoint: string };
    await stack.stop();
    expect(stack.process!.exitCode).toBe(0);
    await expect(fetch(dynamodbEndpoint)).rejects.toThrow();
    const ms = await stack.start(60_000);
    console.log(`[e2e] restart served /api/health after ${ms} ms`);
    expect(await compareAll()).toEqual([]);
    const f = await api('GET', '/api/bases/base-000/filings/2020Q1');
    expect([200, 404]).toContain(f.status);
    const completeness = await api('GET', '/api/periods/2020Q1/completeness');
    expect(completeness.body.expected).toBe(80);
    expect(completeness.body.submitted).toBe(exp.totals('2020Q1', 'all').reportingBases > 0n ? Number(exp.totals('2020Q1', 'all').reportingBases) : 0);
  }, 120_000);
});

/** All differences between live aggregates and the independent expectation (empty = exact). */
async function compareAll(): Promise<string[]> {
  const diffs: string[] = [];
  for (const period of ['2020Q1', '2020Q2', '2020Q3', '2020Q4', '2020']) {
    for (const scope of exp.scopes()) {
      const r = await api('GET', `/api/aggregates/${period}?scope=${encodeURIComponent(scope)}`);
      const want = exp.totals(period, scope);
      const got = (name: string) =>
        BigInt(
          new RegExp(`"${name.replace(/\./g, '\\.')}":(-?\\d+)`).exec(r.text.slice(name === 'reportingBases' ? 0 : r.text.indexOf('"values"')))?.[1] ?? '0',
        );
      if (got('reportingBases') !== want.reportingBases) diffs.push(`${period} ${scope} reportingBases ${got('reportingBases')} ≠ ${want.reportingBases}`);
      for (const [code, v] of Object.entries(want.values)) if (got(code) !== v) diffs.push(`${period} ${scope} ${code} ${got(code)} ≠ ${v}`);
    }
  }
  return diffs;
}

async function eventually(check: () => Promise<string[]>, timeoutMs: number) {
  const t0 = Date.now();
  let last: string[] = [];
  while (Date.now() - t0 < timeoutMs) {
    last = await check();
    if (!last.length) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(last.slice(0, 20)).toEqual([]);
}
