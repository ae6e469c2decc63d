// Hostile input, generated: thousands of malformed, oversized, wrong-typed, unicode-tricky,
// negative, huge, too-precise and injection-shaped requests at every endpoint. For each one:
// never a 5xx, always a JSON error with a stable code and a Chinese message, validation errors
// name the field, and a refused request performs no write at all (counted at the DynamoDB
// client, so a partial write could not hide).

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { rawClient } = await import('../../shared/store/client');
const call = caller(dispatch);

// Count every successful write the store makes.
let writes = 0;
const WRITE = /^(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)Command$/;
rawClient.middlewareStack.add(
  (next, context) => async (args) => {
    const r = await next(args);
    if (WRITE.test(String(context.commandName))) writes++;
    return r;
  },
  { step: 'initialize', name: 'countWrites' },
);

let baseToken = '';
const schedule = { opensAt: '2020-01-01T00:00:00Z', dueAt: '2099-01-01T00:00:00Z', closesAt: '2099-06-01T00:00:00Z' };

beforeAll(async () => {
  await table.setup();
  await call('PUT', '/api/bases/good-base', { name: '基地', city: '长沙市', county: '岳麓区', level: 'provincial' });
  await call('PUT', '/api/periods/2020Q1', schedule);
  baseToken = (await call('POST', '/api/tokens', { role: 'base', baseId: 'good-base', holder: { name: '甲', phone: '13800000000' } })).body.token;
  await call('PUT', '/api/bases/good-base/filings/2020Q1', { status: 'submitted', values: fullValues() }, { token: baseToken });
});

// Values that are never a valid number for any field.
const badNumber = fc.oneof(
  fc.constantFrom('abc', '', ' ', '1.2.3', '1e5', '0x1F', 'NaN', 'Infinity', '-Infinity', '1,23', '--5', '+-1', '٣', '1 000', '½', '¥100', '100元'),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile input on purpose: a template-injection probe that must stay a literal string
  fc.constantFrom('=HYPERLINK("http://x")', '<script>alert(1)</script>', "'; DROP TABLE x; --", '${7*7}', '{{7*7}}', '\u0000', '\u202e123', '🙂'),
  fc.constantFrom('1.00001', '0.000000001', '-1', '-0.5', '99999999999999999999', '1e400', 1e300, -1, 0.1 + 0.2, 1.5e-7, -1e20),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/^\s*[+-]?[\d,，０-９．.]*\s*$/.test(s)),
  fc.constantFrom(true, false, [], [1], {}, { $gt: 0 }),
);

const hostileString = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '../../etc/passwd',
    '%00',
    '\u0000',
    '\r\nX-Injected: 1',
    '=cmd|/c calc',
    '<img src=x onerror=alert(1)>',
    'A'.repeat(5000),
    '\u202e',
    '\ud800',
  ),
);

const anyJson = fc.oneof(fc.anything({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }));

type Req = { method: string; path: string; body?: unknown; raw?: string; contentType?: string; token?: string | null; headers?: Record<string, string> };

/** Percent-encodes; a lone surrogate becomes its (invalid UTF-8) escape, itself a hostile input. */
const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};
const requests: fc.Arbitrary<Req> = fc.oneof(
  // Registry
  fc.record({ id: hostileString, body: anyJson }).map(({ id, body }) => ({ method: 'PUT', path: `/api/bases/${enc(id)}`, body })),
  fc
    .record({ field: fc.constantFrom('name', 'city', 'county', 'level', 'cohort', 'activeFrom', 'activeTo', 'extra'), v: fc.oneof(hostileString, anyJson) })
    .filter(({ field, v }) => !(field === 'cohort' && (v === null || v === undefined)) && !(field.startsWith('active') && (v === null || v === undefined)))
    .map(({ field, v }) => ({
      method: 'PUT',
      path: '/api/bases/new-base',
      body: { name: '新基地', city: '长沙市', county: '县', level: 'provincial', [field]: v },
    }))
    .filter((r) => {
      const b = r.body as Record<string, unknown>;
      // keep only bodies that are invalid in at least the mutated field
      return !(
        typeof b.name === 'string' &&
        b.name.trim() &&
        !/[\u0000-\u001f\u007f\u2028\u2029]/.test(b.name) &&
        b.name.length <= 100 &&
        b.city === '长沙市' &&
        b.level === 'provincial' &&
        Object.keys(b).length === 4 &&
        typeof b.county === 'string' &&
        b.county.trim() &&
        b.county.length <= 50 &&
        !/[\u0000-\u001f\u007f\u2028\u2029]/.test(b.county)
      );
    }),
  // Filings: one field of an otherwise valid submission made hostile, or a hostile envelope
  fc
    .record({ field: fc.constantFrom(...Object.keys(fullValues())), v: badNumber, asForm: fc.boolean() })
    // a small negative profit is a valid value, not a hostile one
    .filter(({ field, v }) => field !== 'enterpriseProfit' || !['-1', '-0.5', -1].includes(v as never))
    .map(({ field, v, asForm }) => {
      const values = { ...fullValues(), [field]: v };
      if (!asForm || typeof v !== 'string')
        return { method: 'PUT', path: '/api/bases/good-base/filings/2020Q1', body: { status: 'submitted', values }, token: baseToken };
      const form = new URLSearchParams({ status: 'submitted', ...Object.fromEntries(Object.entries(values).map(([k, x]) => [k, String(x)])) });
      return {
        method: 'PUT',
        path: '/api/bases/good-base/filings/2020Q1',
        raw: form.toString(),
        contentType: 'application/x-www-form-urlencoded',
        token: baseToken,
      };
    }),
  fc.record({ status: fc.oneof(hostileString, anyJson), values: fc.oneof(anyJson, fc.dictionary(hostileString, badNumber)), extra: anyJson }).map((body) => ({
    method: 'PUT',
    path: '/api/bases/good-base/filings/2020Q1',
    body,
    token: baseToken,
  })),
  fc.record({ id: hostileString, period: hostileString }).map(({ id, period }) => ({
    method: 'PUT',
    path: `/api/bases/${enc(id)}/filings/${enc(period)}`,
    body: { status: 'draft', values: {} },
    token: baseToken,
  })),
  fc.record({ ifMatch: hostileString.filter((s) => !/^\s*(W\/)?"?\d+"?\s*$/.test(s) && s.trim() !== '') }).map(({ ifMatch }) => ({
    method: 'PUT',
    path: '/api/bases/good-base/filings/2020Q1',
    body: { status: 'draft', values: { buildingArea: '1' } },
    token: baseToken,
    headers: { 'if-match': ifMatch },
  })),
  // Tokens, periods, review, aggregates, audit
  fc.record({ body: anyJson }).map(({ body }) => ({ method: 'POST', path: '/api/tokens', body })),
  fc.record({ p: hostileString, body: anyJson }).map(({ p, body }) => ({ method: 'PUT', path: `/api/periods/${enc(p)}`, body })),
  fc
    .record({ opensAt: fc.oneof(hostileString, anyJson), dueAt: fc.oneof(hostileString, anyJson) })
    .map((b) => ({ method: 'PUT', path: '/api/periods/2020Q2', body: { ...b, closesAt: 'never' } })),
  fc.record({ body: anyJson }).map(({ body }) => ({ method: 'POST', path: '/api/bases/good-base/filings/2020Q1/review', body })),
  fc.record({ id: hostileString }).map(({ id }) => ({ method: 'DELETE', path: `/api/tokens/${enc(id)}` })),
  fc.record({ p: hostileString, scope: hostileString }).map(({ p, scope }) => ({ method: 'GET', path: `/api/aggregates/${enc(p)}?scope=${enc(scope)}` })),
  fc.record({ limit: hostileString }).map(({ limit }) => ({ method: 'GET', path: `/api/audit?limit=${enc(limit)}` })),
  // Transport-level: bad JSON, wrong types, oversized, bad auth
  fc
    .record({
      raw: fc.string({ maxLength: 100 }).filter((s) => {
        try {
          JSON.parse(s);
          return false;
        } catch {
          return true;
        }
      }),
    })
    .map(({ raw }) => ({ method: 'PUT', path: '/api/bases/good-base', raw, contentType: 'application/json' })),
  fc
    .record({ ct: fc.constantFrom('text/plain', 'application/xml', 'multipart/form-data', '', 'application/json-patch+json') })
    .map(({ ct }) => ({ method: 'PUT', path: '/api/periods/2020Q3', raw: JSON.stringify(schedule), contentType: ct || 'x' })),
  fc.constant({
    method: 'PUT',
    path: '/api/bases/good-base/filings/2020Q1',
    raw: JSON.stringify({ status: 'draft', values: { buildingArea: '1'.repeat(400_000) } }),
    contentType: 'application/json',
    token: baseToken,
  }),
  fc.constant({ method: 'PUT', path: '/api/bases/good-base', raw: '['.repeat(100_000) + ']'.repeat(100_000), contentType: 'application/json' }),
  fc
    .record({ auth: hostileString })
    .map(({ auth }) => ({ method: 'PUT', path: '/api/bases/good-base', body: { name: 'x' }, token: null, headers: { authorization: auth } })),
  fc
    .record({
      method: fc.constantFrom('PATCH', 'POST', 'DELETE', 'OPTIONS', 'TRACE'),
      path: fc.constantFrom('/api/bases', '/api/health', '/api/bases/good-base/filings/2020Q1'),
    })
    .map((r) => ({ ...r, body: {} })),
);

describe('hostile input', () => {
  it('2,500 generated hostile requests: no 5xx, clear errors, nothing written', async () => {
    let count = 0;
    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requests, async (req) => {
        count++;
        const before = writes;
        const r = await call(req.method, req.path, req.body, { token: req.token, raw: req.raw, contentType: req.contentType, headers: req.headers });
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status < 300) accepted.push(`${req.method} ${req.path} ${JSON.stringify(req.body ?? req.raw ?? '').slice(0, 120)} → ${r.status}`);
        expect(r.status, `${req.method} ${req.path}`).toBeLessThan(500);
        if (r.status >= 400) {
          expect(writes - before, `${req.method} ${req.path} wrote although refused`).toBe(0);
          expect(r.body?.error?.code).toMatch(/^[A-Z_]+$/);
          expect(r.body?.error?.message).toMatch(/[\u4e00-\u9fff]/);
          expect(r.text).not.toMatch(/at .*\.ts:\d+|node_modules|DynamoDB|Exception|ConditionalCheck|Invalid input/);
          if (r.body.error.code === 'VALIDATION_FAILED') expect(Object.keys(r.body.error.fields ?? {}).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2500, seed: 20201 },
    );
    console.log(
      `[hostile] ${count} requests; statuses: ${[...statuses]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
    console.log(`[hostile] accepted (legitimately valid or harmless reads):\n${accepted.join('\n')}`);
    // The seeded filing is untouched by all of it.
    const f = await call('GET', '/api/bases/good-base/filings/2020Q1', undefined, { token: baseToken });
    expect(f.body.version).toBe(1);
  }, 300_000);

  it('a raw API Gateway event with odd shapes does not crash the handler', async () => {
    for (const mutate of [
      (e: Record<string, unknown>) => delete e.headers,
      (e: Record<string, unknown>) => delete e.requestContext,
      (e: Record<string, unknown>) => (e.body = Buffer.from('{"x":1}').toString('base64')) && (e.isBase64Encoded = true),
      (e: Record<string, unknown>) => (e.rawPath = '/api/bases/%ZZ'),
      (e: Record<string, unknown>) => (e.queryStringParameters = { scope: undefined }),
    ]) {
      const e = makeEvent('PUT', '/api/bases/good-base', { name: 1 });
      mutate(e as unknown as Record<string, unknown>);
      const r = await dispatch(e);
      expect(r.statusCode).toBeLessThan(500);
    }
  });
});
