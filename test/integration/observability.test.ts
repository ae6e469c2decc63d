// Logs and metrics of a local run (issue 17): the local stack (local/stack.ts, what `npm start`
// runs) on DynamoDB Local with its real stream. Every response names its request in
// x-request-id — errors too — and the EMF lines the functions print carry that id, so an
// operator can go from a user's quoted id to the request's logs and metrics. /api/health says
// what runs and whether the table answers.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
// The suite keeps Powertools at WARN (test/global-setup.ts); this file reads the INFO lines.
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
const table = useLocalTable();
const { startLocalStack } = await import('../../local/stack');
type Stack = Awaited<ReturnType<typeof startLocalStack>>;

/** Everything written to stdout while the tests run (Powertools writes EMF and logs there). */
const lines: string[] = [];
const write = process.stdout.write.bind(process.stdout);
let stack: Stack;
let dataDir: string;
let baseToken = '';

interface Emf {
  _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
  correlationId?: string;
  service?: string;
  [metric: string]: unknown;
}

const emfLines = (): Emf[] =>
  lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as Emf);
const emfOf = (id: string) => emfLines().filter((e) => e.correlationId === id);

async function call(method: string, p: string, body?: unknown, opts: { token?: string | null; headers?: Record<string, string>; raw?: string } = {}) {
  const token = opts.token === undefined ? ADMIN : opts.token;
  const r = await fetch(`${stack.server.url}${p}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined || opts.raw ? { 'content-type': 'application/json' } : {}),
      ...(opts.headers ?? {}),
    },
    body: opts.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await r.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests walk arbitrary JSON response bodies; expect() checks their shape
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, id: r.headers.get('x-request-id') ?? '', body: json, headers: r.headers };
}

beforeAll(async () => {
  await table.setup();
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'tongbao-obs-'));
  stack = await startLocalStack({ dataDir, port: 0, host: '127.0.0.1', name: 'obs-test' });
  expect((await call('PUT', '/api/bases/obs-01', { name: '观测基地', city: '长沙市', county: '岳麓区', level: 'national' })).status).toBe(201);
  const schedule = { opensAt: '2020-01-01T00:00:00+08:00', dueAt: '2099-01-15T00:00:00+08:00', closesAt: '2099-02-01T00:00:00+08:00' };
  expect((await call('PUT', '/api/periods/2020Q1', schedule)).status).toBe(200);
  baseToken = (await call('POST', '/api/tokens', { role: 'base', baseId: 'obs-01', holder: { name: '李四', phone: '13800000000' } })).body.token;
});

afterAll(async () => {
  process.stdout.write = write;
  await stack?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const FILING = '/api/bases/obs-01/filings/2020Q1';

describe('x-request-id and EMF metrics of a local run', () => {
  it('a filing written: its response names the request, and the FilingsWritten EMF line carries that id', async () => {
    const r = await call('PUT', FILING, { status: 'submitted', values: fullValues('2020Q1') }, { token: baseToken });
    expect(r.status).toBe(201);
    expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    const [emf, ...more] = emfOf(r.id);
    expect(more).toEqual([]);
    expect(emf).toMatchObject({ FilingsWritten: 1, service: 'tongbao-api', correlationId: r.id });
    expect(emf!._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'Tongbao',
      Dimensions: [['service']],
      Metrics: [{ Name: 'FilingsWritten', Unit: 'Count' }],
    });
  });

  it('an identical repeat writes nothing and counts nothing', async () => {
    const r = await call('PUT', FILING, { status: 'submitted', values: fullValues('2020Q1') }, { token: baseToken });
    expect(r.status).toBe(200);
    expect(r.body.changed).toBe(false);
    expect(emfOf(r.id)).toEqual([]);
  });

  it('a validation failure and a version conflict: counted, and the error responses carry x-request-id', async () => {
    const bad = await call('PUT', FILING, { status: 'submitted', values: fullValues('2020Q1', { buildingArea: '-1' }) }, { token: baseToken });
    expect(bad.status).toBe(400);
    expect(bad.id).not.toBe('');
    expect(emfOf(bad.id)).toMatchObject([{ ValidationFailures: 1 }]);
    const stale = await call(
      'PUT',
      FILING,
      { status: 'submitted', values: fullValues('2020Q1', { buildingArea: '200000' }) },
      { token: baseToken, headers: { 'if-match': '"0"' } },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    expect(emfOf(stale.id)).toMatchObject([{ VersionConflicts: 1 }]);
  });

  it('every response carries its own x-request-id: 401, 404, 405, 413, pages, other functions', async () => {
    const responses = await Promise.all([
      call('GET', '/api/bases', undefined, { token: null }),
      call('GET', '/api/nothing-here'),
      call('DELETE', '/api/health'),
      call('PUT', FILING, undefined, { raw: 'x'.repeat(9 * 1024 * 1024) }),
      call('GET', '/'),
      call('GET', '/api/bulletins/2020Q1.xlsx', undefined, { token: null }),
      call('GET', '/api/bases/obs-01/filings/2020Q1/template.xlsx', undefined, { token: null }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([401, 404, 405, 413, 200, 401, 401]);
    for (const r of responses) expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(responses.map((r) => r.id)).size).toBe(responses.length);
  });

  it('concurrent requests keep their own ids: each EMF line names the request that counted it', async () => {
    const values = (n: number) => fullValues('2020Q1', { buildingArea: String(100000 + n) });
    // One writes, the other is refused at the same time; neither's metric lands in the other's line.
    const [ok, bad] = await Promise.all([
      call('PUT', FILING, { status: 'submitted', values: values(1) }, { token: baseToken }),
      call('PUT', FILING, { status: 'submitted', values: { buildingArea: 'abc' } }, { token: baseToken }),
    ]);
    expect([ok.status, bad.status]).toEqual([200, 400]);
    expect(emfOf(ok.id)).toMatchObject([{ FilingsWritten: 1 }]);
    expect(emfOf(ok.id)[0]).not.toHaveProperty('ValidationFailures');
    expect(emfOf(bad.id)).toMatchObject([{ ValidationFailures: 1 }]);
    expect(emfOf(bad.id)[0]).not.toHaveProperty('FilingsWritten');
  });

  it('the aggregator reports its batches and the lag of the records it committed', async () => {
    await stack.drain(30_000);
    const batches = emfLines().filter((e) => e.service === 'tongbao-aggregator');
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) {
      expect(b).toMatchObject({ AggregationBatches: 1 });
      expect(b.AggregatedRecords).toBeGreaterThan(0);
      expect(typeof b.AggregationLag).toBe('number');
      // The stream timestamp has 1 s resolution (locally narrowed from DynamoDB Local's whole
      // minutes to when the record was read: local/stream/records.ts creationSeconds), so the
      // lag of these few filings, handled as they came, reads a few seconds at most — not the
      // up to 60 s it read while the minute stood for the second.
      expect(b.AggregationLag as number).toBeGreaterThanOrEqual(0);
      expect(b.AggregationLag as number).toBeLessThan(10_000);
      expect(b.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('a bulletin export reports its duration under its request id', async () => {
    const r = await call('GET', '/api/bulletins/2020Q1.xlsx');
    expect(r.status).toBe(200);
    const [emf] = emfOf(r.id);
    expect(emf).toMatchObject({ service: 'tongbao-export', correlationId: r.id });
    expect(emf!.ExportDuration).toBeGreaterThan(0);
    expect(emf!._aws.CloudWatchMetrics[0]!.Metrics).toEqual([{ Name: 'ExportDuration', Unit: 'Milliseconds' }]);
  });

  it('on Lambda: log lines carry the Lambda context and the API Gateway request id', async () => {
    const { handler } = await import('../../functions/export-bulletin');
    const { makeEvent } = await import('../helpers/api');
    const event = makeEvent('GET', '/api/bulletins/2020Q1.xlsx', undefined, { token: ADMIN });
    event.requestContext.requestId = 'gw-req-0001';
    const context = {
      functionName: 'TongbaoExport',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws-cn:lambda:cn-north-1:1:function:TongbaoExport',
      memoryLimitInMB: '1536',
      awsRequestId: 'lambda-req-0001',
      logGroupName: 'g',
      logStreamName: 's',
      getRemainingTimeInMillis: () => 60_000,
    } as never;
    const r = await handler(event, context);
    expect(r.statusCode).toBe(200);
    expect(r.headers!['x-request-id']).toBe('gw-req-0001');
    const line = lines.flatMap((l) => l.split('\n')).find((l) => l.includes('"bulletin exported"') && l.includes('gw-req-0001'));
    expect(JSON.parse(line!)).toMatchObject({
      correlation_id: 'gw-req-0001',
      function_name: 'TongbaoExport',
      function_request_id: 'lambda-req-0001',
      function_memory_size: '1536',
    });
    expect(emfOf('gw-req-0001')).toMatchObject([{ service: 'tongbao-export', correlationId: 'gw-req-0001' }]);
  });

  it('log lines carry the correlation id of their request', async () => {
    const r = await call('GET', '/api/bulletins/2020Q1.xlsx');
    const logs = lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('"bulletin exported"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logs.find((l) => l.correlation_id === r.id)).toMatchObject({ level: 'INFO', service: 'tongbao-export' });
  });
});

describe('GET /api/health', () => {
  it('says ok, the version of package.json, the commit checked out, and how the table answered', async () => {
    const r = await call('GET', '/api/health', undefined, { token: null });
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, version, commit, dynamodb: { ok: true } });
    expect(r.body.dynamodb.ms).toBeLessThan(1000);
    expect(r.id).not.toBe('');
  });

  it('gives up on the table after its deadline instead of waiting out the SDK retries', async () => {
    const { checkTable } = await import('../../shared/store/health');
    const started = Date.now();
    const r = await checkTable(0);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(r).toMatchObject({ ok: false, error: 'no answer within 0 ms' });
  });
});
