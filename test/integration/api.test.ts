// The HTTP API on DynamoDB Local: registry, tokens, schedules, filing lifecycle, bad input,
// optimistic concurrency, roles. Every refused request must leave the data untouched.

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

let baseToken = '';
let otherBaseToken = '';
let cityToken = '';
const schedule = { opensAt: '2020-01-01T00:00:00+08:00', dueAt: '2099-01-15T00:00:00+08:00', closesAt: '2099-02-01T00:00:00+08:00' };

afterAll(async () => {
  await history?.stop();
});

beforeAll(async () => {
  await table.setup();
  history = await startHistoryPoller();
  expect(
    (await call('PUT', '/api/bases/csxc-01', { name: '长沙科技新城', city: '长沙市', county: '岳麓区', level: 'national', cohort: '第一批' })).status,
  ).toBe(201);
  expect((await call('PUT', '/api/bases/zz-02', { name: '株洲创业园', city: '株洲市', county: '天元区', level: 'provincial' })).status).toBe(201);
  expect((await call('PUT', '/api/periods/2020Q1', schedule)).status).toBe(200);
  baseToken = (await call('POST', '/api/tokens', { role: 'base', baseId: 'csxc-01', holder: { name: '李四', phone: '13800000000' } })).body.token;
  otherBaseToken = (await call('POST', '/api/tokens', { role: 'base', baseId: 'zz-02', holder: { name: '王五', phone: '13900000000' } })).body.token;
  cityToken = (await call('POST', '/api/tokens', { role: 'city', city: '株洲市', holder: { name: '赵六', phone: '0731-1234567' } })).body.token;
});

describe('health and auth', () => {
  it('answers health without a token', async () => {
    const r = await call('GET', '/api/health', undefined, { token: null });
    expect(r).toMatchObject({ status: 200, body: { ok: true } });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
  it('refuses missing and unknown tokens with 401', async () => {
    expect((await call('GET', '/api/bases', undefined, { token: null })).status).toBe(401);
    expect((await call('GET', '/api/bases', undefined, { token: 'tb_0123456789abcdef_' + 'x'.repeat(43) })).status).toBe(401);
    expect((await call('GET', '/api/bases', undefined, { token: 'nonsense' })).body.error.code).toBe('UNAUTHORIZED');
  });
  it('shows a token once and stores only its hash', async () => {
    const r = await call('GET', '/api/tokens');
    expect(r.status).toBe(200);
    expect(r.text).not.toContain(baseToken.split('_').slice(2).join('_')); // the secret may itself contain '_'
    expect(r.body.tokens.every((t: Record<string, unknown>) => !('hash' in t) && !('token' in t))).toBe(true);
  });
  it('revokes: the old token stops working at once; the handover is audited', async () => {
    const issued = await call('POST', '/api/tokens', { role: 'base', baseId: 'csxc-01', holder: { name: '临时', phone: '13700000000' } });
    expect((await call('GET', '/api/bases/csxc-01', undefined, { token: issued.body.token })).status).toBe(200);
    expect((await call('DELETE', `/api/tokens/${issued.body.tokenId}`)).status).toBe(200);
    expect((await call('GET', '/api/bases/csxc-01', undefined, { token: issued.body.token })).status).toBe(401);
    await history.drain();
    const audit = await call('GET', '/api/audit?baseId=csxc-01');
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['token.issue', 'token.revoke', 'base.upsert']));
  });
});

describe('filing lifecycle over HTTP', () => {
  const url = '/api/bases/csxc-01/filings/2020Q1';
  it('rejects bad values with 400, naming every field in Chinese, and stores nothing', async () => {
    const r = await call(
      'PUT',
      url,
      { status: 'submitted', values: { ...fullValues(), buildingArea: '12,3', avgRent: '1.005', serviceStaff: '-3', unknownThing: 1 } },
      { token: baseToken },
    );
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.fields).toMatchObject({
      buildingArea: '基地建筑总面积:请填写数字(单位:平方米)',
      avgRent: '租金平均水平:最多保留2位小数(单位:元/平方米/月)',
      serviceStaff: '运营单位企业服务人员:不能为负数',
      unknownThing: '未知字段「unknownThing」',
    });
    expect((await call('GET', url, undefined, { token: baseToken })).status).toBe(404);
    expect((await call('GET', `${url}/history`, undefined, { token: baseToken })).body.versions).toEqual([]);
  });
  it('saves a draft, submits, and versions every write with an ETag', async () => {
    const d = await call('PUT', url, { status: 'draft', values: { buildingArea: '1000' } }, { token: baseToken });
    expect(d).toMatchObject({ status: 201, body: { status: 'draft', version: 1, counted: null } });
    expect(d.headers.etag).toBe('"1"');
    const s = await call('PUT', url, { status: 'submitted', values: fullValues() }, { token: baseToken, headers: { 'if-match': '"1"' } });
    expect(s).toMatchObject({ status: 200, body: { status: 'submitted', version: 2, late: false } });
    expect(s.body.counted.operatorRevenue).toBe(10_000_000);
    const again = await call('PUT', url, { status: 'submitted', values: fullValues() }, { token: baseToken });
    expect(again.body).toMatchObject({ version: 2, changed: false });
    await history.drain();
    const h = await call('GET', `${url}/history`, undefined, { token: baseToken });
    expect(h.body.versions.map((v: { action: string }) => v.action)).toEqual(['save', 'submit']);
    expect(h.body.versions[1].by).toMatchObject({ role: 'base', name: '李四' });
    // Each version says which fields changed, old → new, in base units.
    expect(h.body.versions[0].changes).toEqual({ buildingArea: [null, d.body.values.buildingArea] });
    expect(h.body.versions[1].changes.operatorRevenue).toEqual([null, 10_000_000]);
    expect(h.body.versions[1].changes.buildingArea).toEqual([d.body.values.buildingArea, s.body.values.buildingArea]);
  });
  it('a stale If-Match gets 409 and changes nothing', async () => {
    const r = await call(
      'PUT',
      url,
      { status: 'submitted', values: fullValues('2020Q1', { buildingArea: '200000' }) },
      { token: baseToken, headers: { 'if-match': '"1"' } },
    );
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('VERSION_CONFLICT');
    const now = await call('GET', url, undefined, { token: baseToken });
    expect(now.body.version).toBe(2);
    expect(now.body.values.buildingArea).toBe(100000);
  });
  it('takes the same flat field names as an urlencoded form', async () => {
    const form = new URLSearchParams({
      status: 'submitted',
      confirmWarnings: 'true',
      explanation: '历史数据,按原报表录入',
      ...Object.fromEntries(Object.entries(fullValues('2020Q1', { buildingArea: '100001' })).map(([k, v]) => [k, String(v)])),
    });
    const r = await call('PUT', url, undefined, { token: baseToken, raw: form.toString(), contentType: 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(200);
    expect(r.body.counted.buildingArea).toBe(100001);
  });
  it('needs confirmWarnings for a >10× move against the previous quarter', async () => {
    await call('PUT', '/api/periods/2020Q2', schedule);
    const big = fullValues('2020Q2', { buildingArea: '5000000', operatorRevenue: '1000' });
    const r = await call('PUT', '/api/bases/csxc-01/filings/2020Q2', { status: 'submitted', values: big }, { token: baseToken });
    expect(r.status).toBe(422);
    expect(r.body.error.fields.buildingArea).toContain('变化超过10倍');
    expect((await call('GET', '/api/bases/csxc-01/filings/2020Q2', undefined, { token: baseToken })).status).toBe(404);
    const ok = await call(
      'PUT',
      '/api/bases/csxc-01/filings/2020Q2',
      { status: 'submitted', values: big, confirmWarnings: true, explanation: '历史数据,按原报表录入' },
      { token: baseToken },
    );
    expect(ok.status).toBe(201);
    expect(Object.keys(ok.body.warnings)).toContain('buildingArea');
  });
  it('review: return with a comment, correct, accept locks it', async () => {
    const ret = await call('POST', `${url}/review`, { action: 'return', comment: '建筑面积请核实' });
    expect(ret.body).toMatchObject({ status: 'returned', reviewComment: '建筑面积请核实' });
    expect((await call('GET', url, undefined, { token: baseToken })).body.reviewComment).toBe('建筑面积请核实');
    const fixed = await call('PUT', url, { status: 'submitted', values: fullValues('2020Q1', { buildingArea: '100002' }) }, { token: baseToken });
    expect(fixed.body.status).toBe('submitted');
    expect((await call('POST', `${url}/review`, { action: 'accept' })).body.status).toBe('accepted');
    const locked = await call('PUT', url, { status: 'submitted', values: fullValues('2020Q1', { buildingArea: '100003' }) }, { token: baseToken });
    expect(locked).toMatchObject({ status: 409, body: { error: { code: 'FILING_LOCKED' } } });
    expect((await call('POST', `${url}/review`, { action: 'return' })).status).toBe(400); // a comment is required
    await history.drain();
    const actions = (await call('GET', `${url}/history`)).body.versions.map((v: { action: string }) => v.action);
    expect(actions.slice(-3)).toEqual(['return', 'submit', 'accept']);
    const audit = (await call('GET', '/api/audit?baseId=csxc-01&period=2020Q1')).body.entries.map((e: { action: string }) => e.action);
    expect(audit).toEqual(['filing.accept', 'filing.return']);
  });
});

describe('filings of a period', () => {
  it('lists states without values, for the admin and, confined to its city, for a city user', async () => {
    const all = await call('GET', '/api/periods/2020Q1/filings');
    expect(all.status).toBe(200);
    expect(all.body.filings.map((f: { base: { baseId: string } }) => f.base.baseId)).toEqual(['csxc-01']);
    expect(all.body.filings[0].filing).toMatchObject({ status: 'accepted', statusLabel: '已确认' });
    expect(all.body.filings[0].filing.values).toBeUndefined();
    expect((await call('GET', '/api/periods/2020Q1/filings', undefined, { token: cityToken })).body.filings).toEqual([]);
    expect((await call('GET', '/api/periods/2020Q1/filings', undefined, { token: baseToken })).status).toBe(403);
  });
});

describe('roles', () => {
  it('a base cannot read or write another base', async () => {
    expect((await call('GET', '/api/bases/csxc-01/filings/2020Q1', undefined, { token: otherBaseToken })).status).toBe(403);
    const w = await call('PUT', '/api/bases/csxc-01/filings/2020Q1', { status: 'draft', values: {} }, { token: otherBaseToken });
    expect(w.status).toBe(403);
    expect((await call('GET', '/api/bases', undefined, { token: baseToken })).status).toBe(403);
    expect((await call('GET', '/api/aggregates/2020Q1', undefined, { token: baseToken })).status).toBe(403);
  });
  it('a city sees its own city only and cannot file', async () => {
    const list = await call('GET', '/api/bases', undefined, { token: cityToken });
    expect(list.body.bases.map((b: { baseId: string }) => b.baseId)).toEqual(['zz-02']);
    expect((await call('GET', '/api/bases/csxc-01/filings/2020Q1', undefined, { token: cityToken })).status).toBe(403);
    expect((await call('GET', '/api/aggregates/2020Q1?scope=all', undefined, { token: cityToken })).status).toBe(403);
    expect((await call('GET', '/api/aggregates/2020Q1', undefined, { token: cityToken })).body.scope).toBe('city:株洲市');
    expect((await call('PUT', '/api/bases/zz-02/filings/2020Q1', { status: 'draft', values: {} }, { token: cityToken })).status).toBe(403);
  });
  it('only an admin manages registry, tokens and periods', async () => {
    expect((await call('PUT', '/api/bases/new-base', { name: 'x', city: '长沙市', county: 'y', level: 'provincial' }, { token: baseToken })).status).toBe(403);
    expect((await call('POST', '/api/tokens', { role: 'admin', holder: { name: 'x', phone: '12345' } }, { token: cityToken })).status).toBe(403);
    expect((await call('PUT', '/api/periods/2020Q3', schedule, { token: baseToken })).status).toBe(403);
  });
  it('a base writes only inside the schedule window', async () => {
    const r = await call('PUT', '/api/bases/zz-02/filings/2019Q4', { status: 'draft', values: {} }, { token: otherBaseToken });
    expect(r).toMatchObject({ status: 403, body: { error: { code: 'PERIOD_NOT_OPEN' } } });
  });
});

describe('bad requests never become 500', () => {
  it.each([
    ['PUT', '/api/bases/Bad_Id', { name: 'x' }],
    ['PUT', '/api/bases/ok-id', { name: '', city: '北京市', county: 'y', level: 'city' }],
    ['PUT', '/api/periods/2020Q9', schedule],
    ['PUT', '/api/periods/2020Q3', { opensAt: 'tomorrow', dueAt: 1, closesAt: null }],
    ['PUT', '/api/bases/csxc-01/filings/2020Q1', { status: 'final', values: [] }],
    ['PUT', '/api/bases/csxc-01/filings/2020Q1', 'just a string'],
    ['POST', '/api/tokens', { role: 'base', holder: {} }],
    ['GET', '/api/aggregates/2020Q1?scope=city:Gotham', undefined],
    ['GET', '/api/aggregates/20201', undefined],
    ['POST', '/api/bases/csxc-01/filings/2020Q1/review', { action: 'approve' }],
  ])('%s %s → 400 with fields', async (method, path, body) => {
    const r = await call(method, path, body);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toMatch(/^[A-Z_]+$/);
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });
  it('answers malformed JSON, wrong content types, unknown routes and methods properly', async () => {
    expect((await call('PUT', '/api/bases/x-1', undefined, { raw: '{"name":', contentType: 'application/json' })).body.error.code).toBe('INVALID_JSON');
    expect((await call('PUT', '/api/bases/x-1', undefined, { raw: 'name=x', contentType: 'text/plain' })).status).toBe(415);
    expect((await call('PUT', '/api/bases/x-1', undefined, { raw: 'a'.repeat(300_000), contentType: 'application/json' })).status).toBe(413);
    expect((await call('GET', '/api/nothing-here')).status).toBe(404);
    const del = await call('DELETE', '/api/bases');
    expect(del.status).toBe(405);
    expect(del.headers.allow).toBe('GET, HEAD');
    expect((await call('PATCH', '/api/bases/csxc-01/filings/2020Q1')).headers.allow).toBe('GET, PUT, HEAD');
    expect((await call('GET', '/api/bases/%E0%A4%A')).status).toBe(404);
  });
});

describe('input found by probing the running API', () => {
  const url = '/api/bases/csxc-01/filings/2021Q2';
  beforeAll(async () => {
    expect((await call('PUT', '/api/periods/2021Q2', schedule)).status).toBe(200);
  });
  const stored = async () => (await call('GET', url, undefined, { token: baseToken })).text;
  const json = (raw: string, token = baseToken) => call('PUT', url, undefined, { token, raw, contentType: 'application/json' });

  it('refuses a value field named __proto__ (JSON and form) and changes nothing', async () => {
    expect((await call('PUT', url, { status: 'draft', values: { buildingArea: '5' } }, { token: baseToken })).status).toBeLessThan(300);
    const before = await stored();
    for (const raw of ['{"status":"draft","values":{"buildingArea":"6","__proto__":"abc"}}', '{"status":"draft","values":{"__proto__":"5"}}']) {
      const r = await json(raw);
      expect(r.status, raw).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(r.body.error.fields)).toContain('__proto__');
      // biome-ignore lint/suspicious/noProto: the test sends a field named __proto__ on purpose and reads the error reported for it as an own key
      expect(r.body.error.fields.__proto__).toBe('未知字段「__proto__」');
    }
    const form = await call('PUT', url, undefined, {
      token: baseToken,
      raw: 'status=draft&buildingArea=7&__proto__=5',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(400);
    expect(Object.keys(form.body.error.fields)).toEqual(['__proto__']);
    expect(await stored()).toBe(before);
  });

  it('names a top-level __proto__ key and a nested unknown key by their paths', async () => {
    const reg = await call('PUT', '/api/bases/csxc-01', undefined, {
      raw: '{"name":"长沙科技新城","city":"长沙市","county":"岳麓区","level":"national","__proto__":{"x":1}}',
      contentType: 'application/json',
    });
    expect(reg.status).toBe(400);
    expect(Object.keys(reg.body.error.fields)).toEqual(['__proto__']);
    const tok = await call('POST', '/api/tokens', { role: 'base', baseId: 'csxc-01', holder: { name: '李四', phone: '13800000000', x: 1 } });
    expect(tok.status).toBe(400);
    expect(tok.body.error.fields).toEqual({ 'holder.x': '未知字段「holder.x」' });
  });

  it('refuses JSON numbers with more decimals than allowed, even when a double would round them away', async () => {
    const before = await stored();
    const cases: Array<[string, string]> = [
      ['buildingArea', '1.0000000000000001'],
      ['operatorAssets', '3656.86120000000001'],
      ['buildingArea', '9999999999999.0001'],
    ];
    for (const [code, literal] of cases) {
      const asNumber = await json(`{"status":"draft","values":{"${code}":${literal}}}`);
      const asString = await json(`{"status":"draft","values":{"${code}":"${literal}"}}`);
      expect(asNumber.status, literal).toBe(400);
      // The same message as the same digits sent as text.
      expect(asNumber.body.error.fields[code]).toBe(asString.body.error.fields[code]);
    }
    expect((await json('{"status":"draft","values":{"buildingArea":1e400}}')).status).toBe(400);
    expect(await stored()).toBe(before);
    // Exponent notation that a double holds exactly is a number like any other.
    const ok = await json('{"status":"draft","values":{"buildingArea":5.2e3}}');
    expect(ok.status).toBe(200);
    expect(ok.body.values.buildingArea).toBe(5200);
  });

  it('refuses impossible calendar dates instead of rolling them over', async () => {
    for (const opensAt of ['2020-02-30', '2020-04-31T00:00:00+08:00', '2021-02-29T00:00:00Z', '2020-01-01T24:00:00Z', '2020-01-01T00:60:00Z']) {
      const r = await call('PUT', '/api/periods/2021Q3', { ...schedule, opensAt });
      expect(r.status, opensAt).toBe(400);
      expect(Object.keys(r.body.error.fields), opensAt).toEqual(['opensAt']);
    }
    const periods = (await call('GET', '/api/periods')).body.periods as Array<{ period: string }>;
    expect(periods.map((p) => p.period)).toContain('2021Q2');
    expect(periods.map((p) => p.period)).not.toContain('2021Q3');
    expect((await call('PUT', '/api/periods/2021Q3', { ...schedule, opensAt: '2020-02-29' })).status).toBe(200);
  });

  it('says what is wrong with a value of the wrong type instead of calling it missing', async () => {
    const reg = await call('PUT', '/api/bases/csxc-01', { name: 123, city: '长沙市', county: '岳麓区', level: 'national', cohort: 5 });
    expect(reg.body.error.fields).toEqual({ name: '基地名称:应为文本', cohort: '批次:应为文本' });
    const sched = await call('PUT', '/api/periods/2021Q3', { ...schedule, opensAt: 1601481600000 });
    expect(sched.body.error.fields.opensAt).toMatch(/^开始时间:应为 ISO 8601 时间字符串/);
    expect((await call('PUT', '/api/bases/csxc-01', { name: '长沙科技新城', city: '长沙市', county: '岳麓区', level: 'national' })).status).toBe(200);
  });

  it('refuses a token request with a field its role does not use, instead of dropping it', async () => {
    const holder = { name: '周九', phone: '13400000000' };
    const city = await call('POST', '/api/tokens', { role: 'city', city: '长沙市', baseId: 'csxc-01', holder });
    expect([city.status, city.body.error.fields]).toEqual([400, { baseId: '只有基地令牌可指定 baseId' }]);
    const base = await call('POST', '/api/tokens', { role: 'base', baseId: 'csxc-01', city: '长沙市', holder });
    expect([base.status, base.body.error.fields]).toEqual([400, { city: '只有市州令牌可指定 city' }]);
  });

  it('compares an activity range as quarters: from 2020Q4 through the year 2020 is valid', async () => {
    const r = await call('PUT', '/api/bases/zz-03', {
      name: '株洲新基地',
      city: '株洲市',
      county: '天元区',
      level: 'provincial',
      activeFrom: '2020Q4',
      activeTo: '2020',
    });
    expect(r.status).toBe(201);
    const bad = await call('PUT', '/api/bases/zz-03', {
      name: '株洲新基地',
      city: '株洲市',
      county: '天元区',
      level: 'provincial',
      activeFrom: '2021Q1',
      activeTo: '2020',
    });
    expect(bad.body.error.fields).toEqual({ activeTo: '起始期不能晚于终止期' });
  });

  it('takes a null comment on accept, refuses an unreadable confirmWarnings, and checks audit filters', async () => {
    const form = await call('PUT', url, undefined, {
      token: baseToken,
      raw: 'status=draft&buildingArea=8&confirmWarnings=maybe',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(400);
    expect(Object.keys(form.body.error.fields)).toEqual(['confirmWarnings']);
    expect(
      (
        await call('PUT', url, undefined, {
          token: baseToken,
          raw: 'status=draft&buildingArea=8&confirmWarnings=off',
          contentType: 'application/x-www-form-urlencoded',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(
          'PUT',
          '/api/bases/zz-02/filings/2021Q2',
          { status: 'submitted', values: fullValues('2021Q2'), confirmWarnings: true, explanation: '历史数据,按原报表录入' },
          { token: otherBaseToken },
        )
      ).status,
    ).toBe(201);
    const accept = await call('POST', '/api/bases/zz-02/filings/2021Q2/review', { action: 'accept', comment: null });
    expect(accept.status, accept.text).toBe(200);
    for (const q of ['limit=0x10', 'limit=1e3', 'period=2020Q9', 'baseId=..%2Fx']) expect((await call('GET', `/api/audit?${q}`)).status, q).toBe(400);
    expect((await call('GET', '/api/audit?limit=10&period=2020Q1')).status).toBe(200);
  });
});

describe('review while the base edits a draft over its submission (SPEC §4)', () => {
  const url = '/api/bases/cs-edit/filings/2021Q4';
  let token = '';
  beforeAll(async () => {
    expect((await call('PUT', '/api/periods/2021Q4', schedule)).status).toBe(200);
    expect((await call('PUT', '/api/bases/cs-edit', { name: '长沙编辑中基地', city: '长沙市', county: '岳麓区', level: 'provincial' })).status).toBe(201);
    token = (await call('POST', '/api/tokens', { role: 'base', baseId: 'cs-edit', holder: { name: '钱七', phone: '13600000000' } })).body.token;
  });

  it('keeps the submission reviewable and returned while the base saves drafts; accept sets the draft aside', async () => {
    const submitted = fullValues('2021Q4');
    expect(
      (await call('PUT', url, { status: 'submitted', values: submitted, confirmWarnings: true, explanation: '历史数据,按原报表录入' }, { token })).status,
    ).toBe(201);
    expect((await call('POST', `${url}/review`, { action: 'return', comment: '核实面积' })).status).toBe(200);
    const draft = await call('PUT', url, { status: 'draft', values: fullValues('2021Q4', { buildingArea: '700000' }) }, { token });
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ status: 'returned', draftPending: true, statusLabel: '已退回(有未提交的修改)' });
    // Still returned for the completeness report, still counted with the submitted values.
    const c = (await call('GET', '/api/periods/2021Q4/completeness')).body;
    expect(c.returnedBases.map((b: { baseId: string }) => b.baseId)).toContain('cs-edit');
    const mine = (await call('GET', '/api/bases/cs-edit/filings', undefined, { token })).body.periods.find((p: { period: string }) => p.period === '2021Q4');
    expect(mine).toMatchObject({ status: 'returned', draftPending: true, counted: true });
    // The admin can still decide: accept locks what was submitted; a repeat is a no-op.
    const accepted = await call('POST', `${url}/review`, { action: 'accept' });
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', draftPending: false });
    expect(accepted.body.values.buildingArea).toBe(accepted.body.counted.buildingArea);
    const again = await call('POST', `${url}/review`, { action: 'accept' });
    expect([again.status, again.body.version]).toEqual([200, accepted.body.version]);
    expect((await call('PUT', url, { status: 'draft', values: submitted }, { token })).body.error.code).toBe('FILING_LOCKED');
  });

  it('audits a filing an admin writes for a base', async () => {
    const r = await call('PUT', '/api/bases/cs-edit/filings/2021Q3', { status: 'draft', values: { buildingArea: '5' } });
    expect(r.status).toBe(201);
    await history.drain();
    const entries = (await call('GET', '/api/audit?baseId=cs-edit&period=2021Q3')).body.entries;
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'filing.save',
        actor: expect.objectContaining({ role: 'admin' }),
        details: expect.objectContaining({ to: 'draft', changedFields: ['buildingArea'] }),
      }),
    ]);
  });
});

describe('plausibility warnings against the previous filed quarter (SPEC §3)', () => {
  let aggregator: { stop(): Promise<void>; drain(ms?: number): Promise<void> };
  let token = '';
  const url = (q: string) => `/api/bases/cs-skip/filings/${q}`;
  beforeAll(async () => {
    const { processStreamEvent } = await import('../../functions/aggregate-stream');
    const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
    const { startTestPoller } = await import('../helpers/stream');
    aggregator = await startTestPoller((e) => processStreamEvent(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
    for (const q of ['2021Q4', '2022Q1', '2022Q2', '2022Q3']) expect((await call('PUT', `/api/periods/${q}`, schedule)).status).toBe(200);
    expect((await call('PUT', '/api/bases/cs-skip', { name: '长沙隔季基地', city: '长沙市', county: '岳麓区', level: 'provincial' })).status).toBe(201);
    token = (await call('POST', '/api/tokens', { role: 'base', baseId: 'cs-skip', holder: { name: '孙八', phone: '13500000000' } })).body.token;
  });
  afterAll(async () => {
    await aggregator?.stop();
  });

  it('compares with the last quarter the base filed, naming it when it is not the one just before', async () => {
    expect((await call('PUT', url('2021Q4'), { status: 'submitted', values: fullValues('2021Q4') }, { token })).status).toBe(201);
    // 2022Q1 only a draft (it does not count), 2022Q2 not filed at all.
    expect((await call('PUT', url('2022Q1'), { status: 'draft', values: { buildingArea: '1' } }, { token })).status).toBe(201);
    await aggregator.drain();
    const jump = fullValues('2022Q3', { buildingArea: '2500000', selfOwnedArea: '100', standardFactoryArea: '100' });
    const r = await call('PUT', url('2022Q3'), { status: 'submitted', values: jump }, { token });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('WARNINGS_UNCONFIRMED');
    expect(r.body.error.fields.buildingArea).toBe('基地建筑总面积:与2021年四季度(100000平方米)相比变化超过10倍,请核实');
    // The quarter just before, when it counts, is 上季度.
    expect((await call('PUT', url('2022Q2'), { status: 'submitted', values: fullValues('2022Q2') }, { token })).status).toBe(201);
    const r2 = await call('PUT', url('2022Q3'), { status: 'submitted', values: jump }, { token });
    expect(r2.body.error.fields.buildingArea).toBe('基地建筑总面积:与上季度(100000平方米)相比变化超过10倍,请核实');
  });
});
