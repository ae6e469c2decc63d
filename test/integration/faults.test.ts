// Faults from below: DynamoDB throttling and timeouts during ingest (including timeouts after
// the write was applied), and poison records on the stream. Nothing is half-written, nothing
// acknowledged is lost, and the aggregates stay exact.

import { Readable } from 'node:stream';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { Expectation, makeRng, type Registry, typedValues } from '../helpers/scenario';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const { rawClient, db, TABLE } = await import('../../shared/store/client');
const { putDeadLetter } = await import('../../shared/store/dead-letters');
const { reconcilePeriod } = await import('../../shared/use-cases/reconcile-period');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { startTestPoller, startHistoryPoller } = await import('../helpers/stream');
const call = caller(dispatch);

// Fault injection at the HTTP layer under the SDK, so its real retry logic is exercised.
const faults = { throttle: 0, timeoutAfterWrite: 0, injected: { throttle: 0, timeout: 0 } };
const handler = rawClient.config.requestHandler as { handle: (req: unknown, opts?: unknown) => Promise<{ response: unknown }> };
const realHandle = handler.handle.bind(handler);
const rng = makeRng(99);
handler.handle = async (req, opts) => {
  const target = String((req as { headers: Record<string, string> }).headers['x-amz-target'] ?? '');
  if (rng() < faults.throttle) {
    faults.injected.throttle++;
    const body = JSON.stringify({
      __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
      message: 'Rate of requests exceeds the allowed throughput.',
    });
    return {
      response: {
        statusCode: 400,
        reason: 'Bad Request',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'x' },
        body: Readable.from([Buffer.from(body)]),
      },
    };
  }
  const result = await realHandle(req, opts);
  if (/TransactWriteItems|PutItem/.test(target) && rng() < faults.timeoutAfterWrite) {
    // The write happened, but the client never hears back: it must not double-apply on retry.
    faults.injected.timeout++;
    const body = (result.response as { body?: Readable }).body;
    body?.resume?.();
    throw Object.assign(new Error('socket timed out after the request was sent'), { name: 'TimeoutError' });
  }
  return result;
};

const registry: Registry = new Map();
let poller: Awaited<ReturnType<typeof startTestPoller>>;
let history: Awaited<ReturnType<typeof startHistoryPoller>>;

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => processStreamEvent(e), {
    filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)),
    maxRetries: 2,
    onDeadLetter: async (record, reason) => {
      await putDeadLetter({ reason, record });
    },
  });
  history = await startHistoryPoller();
  for (let i = 0; i < 20; i++) {
    const b = { baseId: `fb-${i}`, city: i % 2 ? '长沙市' : '衡阳市', level: 'provincial', cohort: null } as const;
    registry.set(b.baseId, b);
    expect((await call('PUT', `/api/bases/${b.baseId}`, { name: `基地${i}`, city: b.city, county: '县', level: b.level })).status).toBe(201);
  }
});
afterAll(async () => {
  faults.throttle = 0;
  faults.timeoutAfterWrite = 0;
  await poller?.stop();
  await history?.stop();
});

/** A client that retries 503s, as the web form and any API client should. */
async function putWithRetry(path: string, body: unknown) {
  for (let attempt = 0; ; attempt++) {
    const r = await call('PUT', path, body);
    if (r.status !== 503 || attempt > 8) return r;
    await new Promise((res) => setTimeout(res, 20 * 2 ** attempt));
  }
}

describe('faults during ingest', () => {
  it('throttling and lost responses: every acknowledged filing is whole and counted once', async () => {
    faults.throttle = 0.15;
    faults.timeoutAfterWrite = 0.1;
    const exp = new Expectation(registry);
    const statuses: number[] = [];
    for (const q of [1, 2]) {
      await Promise.all(
        [...registry.keys()].map(async (b) => {
          for (let k = 0; k < 2; k++) {
            const { typed, base } = typedValues(`2020Q${q}`, rng);
            const r = await putWithRetry(`/api/bases/${b}/filings/2020Q${q}`, {
              status: 'submitted',
              values: typed,
              confirmWarnings: true,
              explanation: '历史数据,按原报表录入',
            });
            statuses.push(r.status);
            expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
            exp.submit(b, `2020Q${q}`, base);
          }
        }),
      );
    }
    faults.throttle = 0;
    faults.timeoutAfterWrite = 0;
    console.log(
      `[faults] injected ${faults.injected.throttle} throttles and ${faults.injected.timeout} post-write timeouts; statuses ${[...new Set(statuses)]}`,
    );
    expect(faults.injected.throttle).toBeGreaterThan(10);
    expect(faults.injected.timeout).toBeGreaterThan(0);
    // No half-written filing: the current item and its version history agree everywhere.
    await history.drain(30_000);
    for (const b of registry.keys())
      for (const q of [1, 2]) {
        const f = await call('GET', `/api/bases/${b}/filings/2020Q${q}`);
        const h = await call('GET', `/api/bases/${b}/filings/2020Q${q}/history`);
        expect(h.body.versions.map((v: { version: number }) => v.version)).toEqual(Array.from({ length: f.body.version }, (_, i) => i + 1));
      }
    await poller.drain(30_000);
    for (const period of ['2020Q1', '2020Q2', '2020'])
      for (const scope of exp.scopes()) {
        const r = await call('GET', `/api/aggregates/${period}?scope=${encodeURIComponent(scope)}`);
        const want = exp.totals(period, scope);
        expect(BigInt(r.body.reportingBases)).toBe(want.reportingBases);
        expect(BigInt(r.body.values.operatorRevenue)).toBe(want.values.operatorRevenue ?? 0n);
        expect(BigInt(r.body.values.enterpriseProfit)).toBe(want.values.enterpriseProfit ?? 0n);
      }
    expect((await reconcilePeriod('2020')).drift).toBe(0);
  }, 180_000);

  it('a poison stream record goes to the dead-letter list; the rest proceed', async () => {
    // A filing item written by hand, bypassing the API, with nonsense where values belong.
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: { pk: 'FILING#2021Q1', sk: 'BASE#fb-0', baseId: 'fb-0', period: '2021Q1', countedRev: 'x', counted: 'garbage' },
      }),
    );
    const exp = new Expectation(registry);
    for (const b of [...registry.keys()].slice(1, 6)) {
      const { typed, base } = typedValues('2021Q1', rng);
      // Random values: they may move >10× against the quarter these bases filed in the test above.
      expect(
        (
          await call('PUT', `/api/bases/${b}/filings/2021Q1`, {
            status: 'submitted',
            values: typed,
            confirmWarnings: true,
            explanation: '历史数据,按原报表录入',
          })
        ).status,
      ).toBe(201);
      exp.submit(b, '2021Q1', base);
    }
    await poller.drain(30_000);
    expect(poller.poller.stats.deadLetters).toBe(1);
    const r = await call('GET', '/api/aggregates/2021Q1');
    expect(BigInt(r.body.reportingBases)).toBe(5n);
    expect(BigInt(r.body.values.operatorRevenue)).toBe(exp.totals('2021Q1', 'all').values.operatorRevenue);
    const report = await reconcilePeriod('2021Q1');
    expect(report.deadLetters).toHaveLength(1);
    expect(report.deadLetters[0]!.reason).toMatch(/batchItemFailures/);
    expect(report.malformed).toEqual(['2021Q1 fb-0']);
  }, 120_000);
});
