// Batch accept (issue 19): POST /api/periods/{period}/review accepts the clean filings among the
// ids — counted, no warnings, no unsubmitted edit — each with its own conditional write, so its
// own version and audit entry; the others are skipped with a reason, never a 500. Admin only; the
// body is checked (1–200 distinct ids). Through the API handler on DynamoDB Local with the history
// writer on the real stream.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { startHistoryPoller } = await import('../helpers/stream');
const call = caller(dispatch);
let history: Awaited<ReturnType<typeof startHistoryPoller>>;

const P = '2020Q2';
const IDS = ['cl-01', 'cl-02', 'wa-01', 'dr-01', 'ac-01'];
const filing = (id: string, period = P) => `/api/bases/${id}/filings/${period}`;
const batch = (body: unknown, token?: string) => call('POST', `/api/periods/${P}/review`, body, token ? { token } : {});
type Result = { id: string; outcome: string; reason?: string };

let baseToken = '';
let cityToken = '';
const versions: Record<string, number> = {};

beforeAll(async () => {
  await table.setup();
  history = await startHistoryPoller();
  for (const id of [...IDS, 'df-01'])
    expect((await call('PUT', `/api/bases/${id}`, { name: `基地${id}`, city: '长沙市', county: '岳麓区', level: 'provincial' })).status).toBe(201);
  const schedule = { opensAt: '2020-01-01T00:00:00+08:00', dueAt: '2099-01-15T00:00:00+08:00', closesAt: '2099-02-01T00:00:00+08:00' };
  for (const p of ['2020Q1', P]) expect((await call('PUT', `/api/periods/${p}`, schedule)).status).toBe(200);
  baseToken = (await call('POST', '/api/tokens', { role: 'base', baseId: 'cl-01', holder: { name: '李四', phone: '13800000000' } })).body.token;
  cityToken = (await call('POST', '/api/tokens', { role: 'city', city: '长沙市', holder: { name: '赵六', phone: '0731-1234567' } })).body.token;

  for (const id of ['cl-01', 'cl-02', 'dr-01', 'ac-01'])
    expect((await call('PUT', filing(id), { status: 'submitted', values: fullValues(P) })).status).toBe(201);
  // A >10× move against the previous quarter, confirmed with a 情况说明.
  expect((await call('PUT', filing('wa-01', '2020Q1'), { status: 'submitted', values: fullValues('2020Q1') })).status).toBe(201);
  const warned = await call('PUT', filing('wa-01'), {
    status: 'submitted',
    values: fullValues(P, { buildingArea: '5000000' }),
    confirmWarnings: true,
    explanation: '新建园区投入使用',
  });
  expect(warned.status).toBe(201);
  expect(Object.keys(warned.body.warnings)).toContain('buildingArea');
  // A draft saved over the submission and not submitted.
  const draft = await call('PUT', filing('dr-01'), { status: 'draft', values: fullValues(P, { buildingArea: '100001' }) });
  expect(draft.body).toMatchObject({ status: 'submitted', draftPending: true });
  expect((await call('POST', `${filing('ac-01')}/review`, { action: 'accept' })).body.status).toBe('accepted');
  // Saved, never submitted.
  expect((await call('PUT', filing('df-01'), { status: 'draft', values: { buildingArea: '1000' } })).status).toBe(201);
  for (const id of [...IDS, 'df-01']) versions[id] = (await call('GET', filing(id))).body.version;
});

afterAll(async () => {
  await history?.stop();
});

describe('batch accept of clean filings', () => {
  it('refuses city and base tokens with 403, and changes nothing', async () => {
    for (const token of [cityToken, baseToken]) {
      const r = await batch({ action: 'accept', ids: ['cl-01'] }, token);
      expect(r.status).toBe(403);
    }
    expect((await call('GET', filing('cl-01'))).body.status).toBe('submitted');
  });

  it('refuses 0 ids, 201 ids, repeated ids and other actions with 400, naming the problem in Chinese', async () => {
    const none = await batch({ action: 'accept', ids: [] });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body.error.fields)).toContain('请至少选择1份报表');
    const many = await batch({ action: 'accept', ids: Array.from({ length: 201 }, (_, i) => `b-${i}`) });
    expect(many.status).toBe(400);
    expect(JSON.stringify(many.body.error.fields)).toContain('一次最多确认200份报表');
    const twice = await batch({ action: 'accept', ids: ['cl-01', 'cl-01'] });
    expect(twice.status).toBe(400);
    expect(JSON.stringify(twice.body.error.fields)).toContain('编号不能重复');
    expect((await batch({ action: 'return', ids: ['cl-01'] })).status).toBe(400);
    expect((await batch({ action: 'accept', ids: ['cl-01'], extra: 1 })).status).toBe(400);
    expect((await call('GET', filing('cl-01'))).body.version).toBe(versions['cl-01']);
  });

  it('accepts the clean ones, skips the others with a reason and leaves them untouched', async () => {
    const r = await batch({ action: 'accept', ids: [...IDS, 'df-01', 'nope-01', 'Not_An_Id'], comment: '批量确认' });
    expect(r.status).toBe(200);
    expect(r.body.results as Result[]).toEqual([
      { id: 'cl-01', outcome: 'accepted' },
      { id: 'cl-02', outcome: 'accepted' },
      { id: 'wa-01', outcome: 'skipped', reason: '有异常警告' },
      { id: 'dr-01', outcome: 'skipped', reason: '有未提交的修改' },
      { id: 'ac-01', outcome: 'unchanged' },
      { id: 'df-01', outcome: 'skipped', reason: '未填报' },
      { id: 'nope-01', outcome: 'skipped', reason: '未填报' },
      { id: 'Not_An_Id', outcome: 'skipped', reason: '未填报' },
    ]);
    for (const id of ['cl-01', 'cl-02']) expect((await call('GET', filing(id))).body).toMatchObject({ status: 'accepted', version: versions[id]! + 1 });
    for (const id of ['wa-01', 'dr-01', 'ac-01', 'df-01']) expect((await call('GET', filing(id))).body.version).toBe(versions[id]);
    expect((await call('GET', filing('dr-01'))).body).toMatchObject({ status: 'submitted', draftPending: true });

    await history.drain(20_000);
    const actions = async (id: string) =>
      ((await call('GET', `${filing(id)}/history`)).body.versions as Array<{ action: string; comment: string | null }>).map((v) => v.action);
    expect(await actions('cl-01')).toEqual(['submit', 'accept']);
    expect(await actions('cl-02')).toEqual(['submit', 'accept']);
    expect(await actions('wa-01')).toEqual(['submit']);
    expect(await actions('dr-01')).toEqual(['submit', 'save']);
    expect(await actions('ac-01')).toEqual(['submit', 'accept']);
    const last = ((await call('GET', `${filing('cl-01')}/history`)).body.versions as Array<{ comment: string | null; by: { role: string } }>).at(-1);
    expect(last).toMatchObject({ comment: '批量确认', by: { role: 'admin' } });
    // Each accept is audited on its own.
    const audit = (await call('GET', `/api/audit?period=${P}`)).body.entries as Array<{ action: string; baseId?: string }>;
    const accepts = audit
      .filter((a) => a.action === 'filing.accept')
      .map((a) => a.baseId)
      .sort();
    expect(accepts).toEqual(['ac-01', 'cl-01', 'cl-02']);
  });

  it('a repeat changes nothing: what it accepted before is unchanged', async () => {
    const r = await batch({ action: 'accept', ids: ['cl-01', 'cl-02', 'wa-01'] });
    expect(r.status).toBe(200);
    expect((r.body.results as Result[]).map((x) => x.outcome)).toEqual(['unchanged', 'unchanged', 'skipped']);
    expect((await call('GET', filing('cl-01'))).body.version).toBe(versions['cl-01']! + 1);
  });
});
