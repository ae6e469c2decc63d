// The window platforms (SPEC §8–§9) through the HTTP dispatch on DynamoDB Local: registry,
// county-level units, build plans, tokens, who may read and write what, the yearly filing
// lifecycle, and that the bases beside them are untouched (ids that look alike included).

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const exporter = await import('../../functions/export-bulletin');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { PLATFORM_FIELDS } = await import('../../shared/platforms/catalog');
const { startHistoryPoller, startTestPoller } = await import('../helpers/stream');
const call = caller(dispatch);

let history: Awaited<ReturnType<typeof startHistoryPoller>>;
let aggregator: Awaited<ReturnType<typeof startTestPoller>>;

const schedule = { opensAt: '2019-01-01T00:00:00+08:00', dueAt: '2099-01-15T00:00:00+08:00', closesAt: '2099-02-01T00:00:00+08:00' };
const holder = (name: string) => ({ name, phone: '13800000000' });

/** The same id in both programs, on purpose: `abc-01` is a base and a platform. */
const P = {
  abc: { name: '岳麓区综合窗口平台', tier: 'county', city: '长沙市', county: '岳麓区', builtYear: 2018, inPlan: true },
  cs: { name: '长沙市综合窗口平台', tier: 'city', city: '长沙市', builtYear: 2015 },
  zz: { name: '株洲市综合窗口平台', tier: 'city', city: '株洲市', builtYear: 2016 },
  lusong: { name: '芦淞服饰产业集群窗口平台', tier: 'cluster', city: '株洲市', cluster: '芦淞服饰', builtYear: 2017 },
} as const;

/** A complete platform filing: every indicator, as typed. */
function platformValues(over: Record<string, string | number> = {}): Record<string, string | number> {
  return { ...Object.fromEntries(PLATFORM_FIELDS.map((f, i) => [f.code, String(10 + i)])), ...over };
}

let abcToken = '';
let csToken = '';
let zzToken = '';
let baseToken = '';
let changshaToken = '';
let zhuzhouToken = '';

beforeAll(async () => {
  await table.setup();
  history = await startHistoryPoller();
  aggregator = await startTestPoller((e) => processStreamEvent(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
  expect((await call('PUT', '/api/bases/abc-01', { name: '长沙ABC基地', city: '长沙市', county: '岳麓区', level: 'national' })).status).toBe(201);
  expect((await call('PUT', '/api/periods/2020Q1', schedule)).status).toBe(200);
  for (const [id, body] of [
    ['abc-01', P.abc],
    ['cs-city', P.cs],
    ['zz-city', P.zz],
    ['zz-lusong', P.lusong],
  ] as const) {
    const r = await call('PUT', `/api/platforms/${id}`, body);
    expect(r.status, r.text).toBe(201);
  }
  for (const y of ['2019', '2020']) expect((await call('PUT', `/api/periods/${y}?program=platforms`, schedule)).status).toBe(200);
  const issue = async (body: Record<string, unknown>) => {
    const r = await call('POST', '/api/tokens', { ...body, holder: holder('某人') });
    expect(r.status, r.text).toBe(201);
    return r.body.token as string;
  };
  abcToken = await issue({ role: 'platform', platformId: 'abc-01' });
  csToken = await issue({ role: 'platform', platformId: 'cs-city' });
  zzToken = await issue({ role: 'platform', platformId: 'zz-city' });
  baseToken = await issue({ role: 'base', baseId: 'abc-01' });
  changshaToken = await issue({ role: 'city', city: '长沙市' });
  zhuzhouToken = await issue({ role: 'city', city: '株洲市' });
});
afterAll(async () => {
  await aggregator?.stop();
  await history?.stop();
});

describe('registry', () => {
  it('creates with 201, changes with 200, and an identical repeat is a no-op', async () => {
    const body = { name: '雨花区综合窗口平台', tier: 'county', city: '长沙市', county: '雨花区', builtYear: 2020, inPlan: true };
    const created = await call('PUT', '/api/platforms/cs-yuhua', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ platformId: 'cs-yuhua', park: false, cluster: null, activeFrom: null, activeTo: null, inPlan: true });
    const changed = await call('PUT', '/api/platforms/cs-yuhua', { ...body, name: '雨花区窗口平台' });
    expect([changed.status, changed.body.name]).toEqual([200, '雨花区窗口平台']);
    const again = await call('PUT', '/api/platforms/cs-yuhua', { ...body, name: '雨花区窗口平台' });
    expect(again.status).toBe(200);
    expect(again.body.updatedAt).toBe(changed.body.updatedAt);
    await history.drain();
    const audit = (await call('GET', '/api/audit?limit=5000')).body.entries.filter(
      (e: { action: string; platformId?: string }) => e.action === 'platform.upsert' && e.platformId === 'cs-yuhua',
    );
    expect(audit).toHaveLength(2);
  });

  it('refuses bad input with 400 and Chinese field messages, storing nothing', async () => {
    const r = await call('PUT', '/api/platforms/bad-one', { name: '', tier: 'town', city: '北京市', builtYear: 1999, park: 'yes', extra: 1 });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'BAD_REQUEST', message: '平台登记信息有误' });
    expect(Object.keys(r.body.error.fields).sort()).toEqual(['builtYear', 'city', 'extra', 'name', 'park', 'tier'].sort());
    for (const m of Object.values(r.body.error.fields) as string[]) expect(m).toMatch(/[\u4e00-\u9fff]/);
    expect(r.body.error.fields.tier).toMatch(/^平台类别:/);
    expect(r.body.error.fields.city).toMatch(/^所属市州:/);
    expect(r.body.error.fields.builtYear).toBe('建成年份:不能早于2000年');
    const rules = await call('PUT', '/api/platforms/bad-one', {
      name: 'x',
      tier: 'city',
      city: '长沙市',
      county: '岳麓区',
      park: true,
      builtYear: 2020,
      activeFrom: '2021',
      activeTo: '2020',
    });
    expect(rules.status).toBe(400);
    expect(rules.body.error.fields).toMatchObject({
      county: '所属县市区:只有县市区综合窗口平台填写',
      park: '工业园区平台:只能是县市区综合窗口平台',
      activeTo: '起始年不能晚于终止年',
    });
    const noCounty = await call('PUT', '/api/platforms/bad-one', { name: 'x', tier: 'county', city: '长沙市', builtYear: 2020 });
    expect(noCounty.body.error.fields).toEqual({ county: '所属县市区:县市区综合窗口平台必填' });
    const noCluster = await call('PUT', '/api/platforms/bad-one', { name: 'x', tier: 'cluster', city: '长沙市', builtYear: 2020 });
    expect(noCluster.body.error.fields).toEqual({ cluster: '产业集群:产业集群窗口平台必填' });
    expect((await call('PUT', '/api/platforms/Bad_Id', P.cs)).status).toBe(400);
    expect((await call('GET', '/api/platforms/bad-one')).status).toBe(404);
    expect((await call('GET', '/api/platforms')).body.platforms.map((p: { platformId: string }) => p.platformId)).not.toContain('bad-one');
  });

  it('refuses a county that is not one of the city’s units', async () => {
    const r = await call('PUT', '/api/platforms/cs-wrong', { name: '错县平台', tier: 'county', city: '长沙市', county: '芦淞区', builtYear: 2020 });
    expect(r.status).toBe(400);
    expect(r.body.error.fields.county).toMatch(/^所服务县市区:应为长沙市的县级单位之一/);
    expect((await call('GET', '/api/platforms/cs-wrong')).status).toBe(404);
  });

  it('lists all for the admin, only its city for a city user, and only itself for a platform', async () => {
    const all = (await call('GET', '/api/platforms')).body.platforms.map((p: { platformId: string }) => p.platformId);
    expect(all).toEqual(expect.arrayContaining(['abc-01', 'cs-city', 'zz-city', 'zz-lusong']));
    const zz = await call('GET', '/api/platforms', undefined, { token: zhuzhouToken });
    expect(zz.body.platforms.map((p: { platformId: string }) => p.platformId)).toEqual(['zz-city', 'zz-lusong']);
    expect((await call('GET', '/api/platforms/zz-city', undefined, { token: zhuzhouToken })).status).toBe(200);
    expect((await call('GET', '/api/platforms/abc-01', undefined, { token: zhuzhouToken })).status).toBe(403);
    expect((await call('GET', '/api/platforms', undefined, { token: abcToken })).status).toBe(403);
    expect((await call('GET', '/api/platforms/abc-01', undefined, { token: abcToken })).body.name).toBe(P.abc.name);
  });

  it('divisions: the default list until a stored one overrides it; platforms are checked against it', async () => {
    const before = (await call('GET', '/api/divisions', undefined, { token: abcToken })).body.divisions;
    expect(before['湘潭市']).toEqual(['雨湖区', '岳塘区', '湘潭县', '湘乡市', '韶山市']);
    expect(Object.keys(before)).toHaveLength(14);
    const put = await call('PUT', `/api/divisions/${encodeURIComponent('湘潭市')}`, { counties: ['雨湖区', '岳塘区', '湘潭九华示范区'] });
    expect(put.status, put.text).toBe(200);
    const after = (await call('GET', '/api/divisions')).body.divisions;
    expect(after['湘潭市']).toEqual(['雨湖区', '岳塘区', '湘潭九华示范区']);
    expect(after['长沙市']).toEqual(before['长沙市']);
    expect(
      (await call('PUT', '/api/platforms/xt-jiuhua', { name: '九华平台', tier: 'county', city: '湘潭市', county: '湘潭九华示范区', builtYear: 2020 })).status,
    ).toBe(201);
    expect(
      (await call('PUT', '/api/platforms/xt-xiangtan', { name: '湘潭县平台', tier: 'county', city: '湘潭市', county: '湘潭县', builtYear: 2020 })).status,
    ).toBe(400);
    const bad = await call('PUT', `/api/divisions/${encodeURIComponent('湘潭市')}`, { counties: ['雨湖区', '雨湖区'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.counties).toMatch(/不能重复/);
    expect((await call('PUT', `/api/divisions/${encodeURIComponent('北京市')}`, { counties: ['东城区'] })).status).toBe(404);
    expect((await call('PUT', `/api/divisions/${encodeURIComponent('湘潭市')}`, { counties: ['x'] }, { token: changshaToken })).status).toBe(403);
    expect((await call('GET', '/api/divisions')).body.divisions['湘潭市']).toEqual(['雨湖区', '岳塘区', '湘潭九华示范区']);
  });

  it('plans: 404 PLAN_NOT_FOUND before, the stored plan after', async () => {
    const none = await call('GET', '/api/platform-plans/2020');
    expect([none.status, none.body.error.code]).toEqual([404, 'PLAN_NOT_FOUND']);
    const bad = await call('PUT', '/api/platform-plans/2020', { cities: { 北京市: 1, 长沙市: -1 } });
    expect(bad.status).toBe(400);
    expect((await call('PUT', '/api/platform-plans/2020', { cities: { 长沙市: 3 } }, { token: changshaToken })).status).toBe(403);
    expect((await call('GET', '/api/platform-plans/2020')).status).toBe(404);
    const put = await call('PUT', '/api/platform-plans/2020', { cities: { 长沙市: 3, 株洲市: 2 } });
    expect(put.status, put.text).toBe(200);
    const got = await call('GET', '/api/platform-plans/2020', undefined, { token: changshaToken });
    expect(got.body).toMatchObject({ year: 2020, cities: { 长沙市: 3, 株洲市: 2 } });
    expect((await call('GET', '/api/platform-plans/2020Q1')).status).toBe(400);
  });
});

describe('tokens', () => {
  it('issues platform tokens for registered platforms only; /api/me names the platform', async () => {
    const unknown = await call('POST', '/api/tokens', { role: 'platform', platformId: 'no-such', holder: holder('x') });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'PLATFORM_NOT_FOUND']);
    const noId = await call('POST', '/api/tokens', { role: 'platform', holder: holder('x') });
    expect(noId.body.error.fields).toEqual({ platformId: '平台令牌需指定 platformId' });
    const mixed = await call('POST', '/api/tokens', { role: 'base', baseId: 'abc-01', platformId: 'abc-01', holder: holder('x') });
    expect(mixed.status).toBe(400);
    const me = await call('GET', '/api/me', undefined, { token: abcToken });
    expect(me.body).toMatchObject({ role: 'platform', platformId: 'abc-01' });
    expect(me.body.baseId).toBeUndefined();
    const listed = await call('GET', '/api/tokens?platformId=abc-01');
    expect(listed.body.tokens.map((t: { role: string }) => t.role)).toEqual(['platform']);
  });
});

describe('filing lifecycle on /api/platforms/{id}/filings/2020', () => {
  const url = '/api/platforms/abc-01/filings/2020';

  it('refuses wrong periods and programs', async () => {
    const q = await call('PUT', '/api/platforms/abc-01/filings/2020Q1', { status: 'draft', values: {} }, { token: abcToken });
    expect([q.status, q.body.error.code]).toEqual([400, 'INVALID_PERIOD']);
    expect((await call('GET', '/api/platforms/abc-01/filings/2020Q1')).status).toBe(400);
    const y = await call('PUT', '/api/bases/abc-01/filings/2020', { status: 'draft', values: {} }, { token: baseToken });
    expect([y.status, y.body.error.code]).toEqual([400, 'INVALID_PERIOD']);
    expect((await call('PUT', '/api/periods/2020Q1?program=platforms', schedule)).status).toBe(400);
    expect((await call('PUT', '/api/periods/2021?program=bases', schedule)).status).toBe(400);
    for (const path of [
      '/api/aggregates/2020?program=nonsense',
      '/api/periods?program=nonsense',
      '/api/periods/2020/completeness?program=nonsense',
      '/api/catalog/2020?program=nonsense',
    ]) {
      const r = await call('GET', path);
      expect([r.status, r.body.error.code], path).toEqual([400, 'INVALID_PROGRAM']);
    }
    const catalog = await call('GET', '/api/catalog/2020?program=platforms', undefined, { token: abcToken });
    expect(catalog.body.fields.map((f: { code: string }) => f.code)).toEqual(PLATFORM_FIELDS.map((f) => f.code));
    expect((await call('GET', '/api/periods?program=platforms')).body.periods.map((p: { period: string }) => p.period)).toEqual(['2019', '2020']);
  });

  it('saves a draft, requires all 8 fields to submit, versions with ETags', async () => {
    const d = await call('PUT', url, { status: 'draft', values: { policyItems: '5' } }, { token: abcToken });
    expect(d).toMatchObject({ status: 201, body: { status: 'draft', version: 1, counted: null, platformId: 'abc-01' } });
    expect(d.body.baseId).toBeUndefined();
    expect(d.headers.etag).toBe('"1"');
    const { onlineDeals: _o, ...seven } = platformValues();
    const missing = await call('PUT', url, { status: 'submitted', values: seven }, { token: abcToken });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual({ onlineDeals: '线上达成服务交易:必填' });
    const neg = await call('PUT', url, { status: 'submitted', values: platformValues({ policyItems: '1.5', newAgencies: '-1', x: 1 }) }, { token: abcToken });
    expect(neg.status).toBe(400);
    expect(Object.keys(neg.body.error.fields).sort()).toEqual(['newAgencies', 'policyItems', 'x']);
    expect((await call('GET', url, undefined, { token: abcToken })).body.version).toBe(1);
    const s = await call('PUT', url, { status: 'submitted', values: platformValues() }, { token: abcToken, headers: { 'if-match': '"1"' } });
    expect(s).toMatchObject({ status: 200, body: { status: 'submitted', version: 2, late: false, counted: { policyItems: 10, onlineDeals: 17 } } });
    const stale = await call(
      'PUT',
      url,
      { status: 'submitted', values: platformValues({ policyItems: '11' }) },
      { token: abcToken, headers: { 'if-match': '"1"' } },
    );
    expect([stale.status, stale.body.error.code]).toEqual([409, 'VERSION_CONFLICT']);
    const again = await call('PUT', url, { status: 'submitted', values: platformValues() }, { token: abcToken });
    expect(again.body).toMatchObject({ version: 2, changed: false });
    const got = await call('GET', url, undefined, { token: abcToken });
    expect([got.body.version, got.headers.etag, got.body.values.policyItems]).toEqual([2, '"2"', 10]);
  });

  it('warns against the previous year (10×) until confirmed', async () => {
    const r2019 = await call('PUT', '/api/platforms/cs-city/filings/2019', { status: 'submitted', values: platformValues() }, { token: csToken });
    expect(r2019.status, r2019.text).toBe(201);
    const jump = platformValues({ policyItems: '101', newEnterprises: '0' });
    const r = await call('PUT', '/api/platforms/cs-city/filings/2020', { status: 'submitted', values: jump }, { token: csToken });
    expect([r.status, r.body.error.code]).toEqual([422, 'WARNINGS_UNCONFIRMED']);
    expect(r.body.error.fields).toEqual({ policyItems: '发布政策信息:与上年(10条)相比变化超过10倍,请核实' });
    expect((await call('GET', '/api/platforms/cs-city/filings/2020', undefined, { token: csToken })).status).toBe(404);
    // Exactly 10× is not "more than 10×".
    const ok = await call(
      'PUT',
      '/api/platforms/cs-city/filings/2020',
      { status: 'submitted', values: jump, confirmWarnings: true, explanation: '历史数据,按原报表录入' },
      { token: csToken },
    );
    expect(ok.status).toBe(201);
    expect(Object.keys(ok.body.warnings)).toEqual(['policyItems']);
  });

  it('review: return with a comment, correct, accept locks, reopen unlocks; history names platformId', async () => {
    const ret = await call('POST', `${url}/review`, { action: 'return', comment: '请核实政策信息条数' });
    expect(ret.body).toMatchObject({ status: 'returned', reviewComment: '请核实政策信息条数', platformId: 'abc-01' });
    expect((await call('POST', `${url}/review`, { action: 'accept' }, { token: abcToken })).status).toBe(403);
    expect((await call('POST', `${url}/review`, { action: 'return', comment: 'x' }, { token: changshaToken })).status).toBe(403);
    const fixed = await call('PUT', url, { status: 'submitted', values: platformValues({ policyItems: '12' }) }, { token: abcToken });
    expect(fixed.body.status).toBe('submitted');
    expect((await call('POST', `${url}/review`, { action: 'accept' })).body.status).toBe('accepted');
    const locked = await call('PUT', url, { status: 'submitted', values: platformValues({ policyItems: '13' }) }, { token: abcToken });
    expect([locked.status, locked.body.error.code]).toEqual([409, 'FILING_LOCKED']);
    const reopened = await call('POST', `${url}/review`, { action: 'reopen', comment: '补充数据' });
    expect(reopened.body.status).toBe('returned');
    const fixed2 = await call('PUT', url, { status: 'submitted', values: platformValues({ policyItems: '13' }) }, { token: abcToken });
    expect([fixed2.status, fixed2.body.status, fixed2.body.counted.policyItems]).toEqual([200, 'submitted', 13]);
    await history.drain();
    const h = await call('GET', `${url}/history`, undefined, { token: abcToken });
    expect(h.body.versions.map((v: { action: string }) => v.action)).toEqual(['save', 'submit', 'return', 'submit', 'accept', 'reopen', 'submit']);
    for (const v of h.body.versions) {
      expect(v.platformId).toBe('abc-01');
      expect(v.baseId).toBeUndefined();
    }
    expect(h.body.versions[1].changes.policyItems).toEqual([5, 10]);
    const mine = await call('GET', '/api/platforms/abc-01/filings', undefined, { token: abcToken });
    expect(mine.body.platform.platformId).toBe('abc-01');
    expect(mine.body.periods.map((p: { period: string; status: string }) => [p.period, p.status])).toEqual([
      ['2020', 'submitted'],
      ['2019', 'missing'],
    ]);
    const audit = (await call('GET', '/api/audit?limit=5000')).body.entries.filter(
      (e: { platformId?: string; period?: string }) => e.platformId === 'abc-01' && e.period === '2020',
    );
    expect(audit.map((e: { action: string }) => e.action).sort()).toEqual(['filing.accept', 'filing.reopen', 'filing.return'].sort());
  });

  it('lists the period’s filings per platform, and completeness by tier', async () => {
    const list = await call('GET', '/api/periods/2020/filings?program=platforms');
    expect(list.status).toBe(200);
    const rows = list.body.filings as Array<{ platform: { platformId: string }; filing: Record<string, unknown> }>;
    expect(rows.map((r) => r.platform.platformId).sort()).toEqual(['abc-01', 'cs-city']);
    for (const r of rows) expect([r.filing.platformId, r.filing.baseId, r.filing.values]).toEqual([r.platform.platformId, undefined, undefined]);
    const c = await call('GET', '/api/periods/2020/completeness?program=platforms');
    expect(c.body).toMatchObject({ program: 'platforms', submitted: 2 });
    const ids = c.body.missingEntities.map((m: { id: string }) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['zz-city', 'zz-lusong']));
    expect(ids).not.toContain('abc-01');
    expect(c.body.byGroup.find((g: { group: string }) => g.group === 'cluster')).toMatchObject({
      label: '产业集群窗口平台',
      expected: 1,
      submitted: 0,
      missing: 1,
    });
  });
});

describe('access', () => {
  const bulletin = (path: string, token: string) => exporter.dispatch(makeEvent('GET', path, undefined, { token }));

  it('a platform token writes and reads only its own platform', async () => {
    const own = '/api/platforms/zz-city/filings/2020';
    expect((await call('PUT', own, { status: 'draft', values: { policyItems: '1' } }, { token: zzToken })).status).toBe(201);
    expect((await call('GET', own, undefined, { token: zzToken })).status).toBe(200);
    expect((await call('PUT', '/api/platforms/abc-01/filings/2020', { status: 'draft', values: {} }, { token: zzToken })).status).toBe(403);
    expect((await call('PUT', '/api/platforms/zz-lusong/filings/2020', { status: 'draft', values: {} }, { token: zzToken })).status).toBe(403);
    for (const path of [
      '/api/platforms/abc-01',
      '/api/platforms/abc-01/filings/2020',
      '/api/platforms/abc-01/filings/2020/history',
      '/api/platforms/abc-01/filings',
    ])
      expect((await call('GET', path, undefined, { token: zzToken })).status, path).toBe(403);
    // The same id in the bases is not its own: abc-01's platform token has no access to base abc-01.
    for (const path of [
      '/api/bases',
      '/api/bases/abc-01',
      '/api/bases/abc-01/filings/2020Q1',
      '/api/bases/abc-01/filings/2020Q1/history',
      '/api/bases/abc-01/filings',
    ])
      expect((await call('GET', path, undefined, { token: abcToken })).status, path).toBe(403);
    expect((await call('PUT', '/api/bases/abc-01/filings/2020Q1', { status: 'draft', values: {} }, { token: abcToken })).status).toBe(403);
    expect((await call('PUT', '/api/bases/abc-01', { name: 'x', city: '长沙市', county: 'y', level: 'provincial' }, { token: abcToken })).status).toBe(403);
    for (const path of [
      '/api/aggregates/2020?program=platforms',
      '/api/aggregates/2020Q1',
      '/api/periods/2020/completeness?program=platforms',
      '/api/periods/2020/filings?program=platforms',
      '/api/platform-plans/2020',
    ])
      expect((await call('GET', path, undefined, { token: abcToken })).status, path).toBe(403);
    expect((await call('PUT', '/api/platforms/abc-01', P.abc, { token: abcToken })).status).toBe(403);
    expect((await call('PUT', '/api/periods/2021?program=platforms', schedule, { token: abcToken })).status).toBe(403);
    expect((await bulletin('/api/bulletins/2020.xlsx?program=platforms', abcToken)).statusCode).toBe(403);
  });

  it('a base token cannot read or write any platform', async () => {
    for (const path of [
      '/api/platforms',
      '/api/platforms/abc-01',
      '/api/platforms/abc-01/filings/2020',
      '/api/platforms/abc-01/filings/2020/history',
      '/api/platforms/abc-01/filings',
    ])
      expect((await call('GET', path, undefined, { token: baseToken })).status, path).toBe(403);
    const w = await call('PUT', '/api/platforms/abc-01/filings/2020', { status: 'submitted', values: platformValues() }, { token: baseToken });
    expect(w.status).toBe(403);
    expect((await call('GET', '/api/platforms/abc-01/filings/2020')).body.counted.policyItems).toBe(13);
  });

  it('a city user reads only its own city’s platforms and cannot write', async () => {
    expect((await call('GET', '/api/platforms/abc-01/filings/2020', undefined, { token: changshaToken })).status).toBe(200);
    expect((await call('GET', '/api/platforms/abc-01/filings/2020/history', undefined, { token: changshaToken })).status).toBe(200);
    expect((await call('GET', '/api/platforms/zz-city/filings/2020', undefined, { token: changshaToken })).status).toBe(403);
    expect((await call('GET', '/api/platforms/zz-city', undefined, { token: changshaToken })).status).toBe(403);
    expect((await call('PUT', '/api/platforms/abc-01/filings/2020', { status: 'draft', values: {} }, { token: changshaToken })).status).toBe(403);
    expect((await call('PUT', '/api/platforms/cs-new', P.cs, { token: changshaToken })).status).toBe(403);
    const filings = await call('GET', '/api/periods/2020/filings?program=platforms', undefined, { token: zhuzhouToken });
    expect(filings.body.filings.map((r: { platform: { platformId: string } }) => r.platform.platformId)).toEqual(['zz-city']);
    const c = await call('GET', '/api/periods/2020/completeness?program=platforms', undefined, { token: zhuzhouToken });
    expect([c.body.expected, c.body.submitted]).toEqual([2, 0]);
    await aggregator.drain(20_000);
    const agg = await call('GET', '/api/aggregates/2020?program=platforms', undefined, { token: changshaToken });
    expect(agg.body).toMatchObject({ scope: 'city:长沙市', reportingEntities: 2 });
    for (const scope of ['all', 'city:株洲市', 'tier:city'])
      expect(
        (await call('GET', `/api/aggregates/2020?program=platforms&scope=${encodeURIComponent(scope)}`, undefined, { token: changshaToken })).status,
        scope,
      ).toBe(403);
    expect((await bulletin('/api/bulletins/2020.xlsx?program=platforms', changshaToken)).statusCode).toBe(200);
    expect((await bulletin(`/api/bulletins/2020.xlsx?program=platforms&scope=${encodeURIComponent('city:株洲市')}`, changshaToken)).statusCode).toBe(403);
    expect((await bulletin('/api/bulletins/2020.xlsx?program=platforms&scope=all', changshaToken)).statusCode).toBe(403);
  });
});

describe('the bases are unaffected', () => {
  it('a base and a platform both named abc-01 keep separate filings, histories and aggregates', async () => {
    const bv = fullValues('2020Q1');
    const b = await call(
      'PUT',
      '/api/bases/abc-01/filings/2020Q1',
      { status: 'submitted', values: bv, confirmWarnings: true, explanation: '历史数据,按原报表录入' },
      { token: baseToken },
    );
    expect(b.status, b.text).toBe(201);
    expect(b.body.baseId).toBe('abc-01');
    expect(b.body.counted.policyItems).toBeUndefined();
    await history.drain(20_000);
    await aggregator.drain(20_000);
    // Each filing and history is its own.
    const plat = await call('GET', '/api/platforms/abc-01/filings/2020');
    expect([plat.body.version, plat.body.counted.policyItems]).toEqual([7, 13]);
    const baseHist = await call('GET', '/api/bases/abc-01/filings/2020Q1/history');
    expect(baseHist.body.versions.map((v: { action: string; baseId: string }) => [v.action, v.baseId])).toEqual([['submit', 'abc-01']]);
    expect((await call('GET', '/api/platforms/abc-01/filings/2020/history')).body.versions).toHaveLength(7);
    // The bases' year 2020 counts the base only; the platforms' 2020 the platforms only.
    const bases = await call('GET', '/api/aggregates/2020');
    expect(bases.body).toMatchObject({ scope: 'all', reportingBases: 1 });
    expect(bases.body.values.buildingArea).toBe(b.body.counted.buildingArea);
    expect(bases.body.values.policyItems).toBeUndefined();
    const plats = await call('GET', '/api/aggregates/2020?program=platforms');
    expect(plats.body).toMatchObject({ scope: 'all', program: 'platforms', reportingEntities: 2 });
    expect(plats.body.values.buildingArea).toBeUndefined();
    // abc-01 (13 after its corrections) + cs-city (101); zz-city's draft does not count.
    expect(plats.body.values.policyItems).toBe(13 + 101);
    expect(plats.body.values.onlineDeals).toBe(17 + 17);
    const tier = await call('GET', '/api/aggregates/2020?program=platforms&scope=tier:county');
    expect([tier.body.reportingEntities, tier.body.values.policyItems]).toEqual([1, 13]);
    expect((await call('GET', '/api/aggregates/2020?program=platforms&scope=level:national')).status).toBe(400);
    expect((await call('GET', '/api/aggregates/2020?scope=tier:county')).status).toBe(400);
    expect((await call('GET', '/api/aggregates/2020Q1?program=platforms')).status).toBe(400);
    const q1 = await call('GET', '/api/aggregates/2020Q1?scope=city:长沙市');
    expect(q1.body.reportingBases).toBe(1);
    // Completeness of the bases sees no platform.
    const c = await call('GET', '/api/periods/2020Q1/completeness');
    expect([c.body.expected, c.body.submitted]).toEqual([1, 1]);
  });

  it('exports the platforms’ bulletin and the bases’ bulletin side by side', async () => {
    const read = async (path: string) => {
      const r = await exporter.dispatch(makeEvent('GET', path, undefined, {}));
      expect(r.statusCode, String(r.body).slice(0, 300)).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
      return wb;
    };
    const p = await read('/api/bulletins/2020.xlsx?program=platforms');
    expect(p.worksheets.map((w) => w.name)).toEqual([
      '建设任务完成情况',
      '覆盖情况',
      '市州综合窗口平台线上服务统计表',
      '产业集群窗口平台线上服务统计表',
      '县市区综合窗口平台线上服务统计表',
      '运行指标',
      '报送情况',
      '通报正文',
    ]);
    const b = await read('/api/bulletins/2020.xlsx');
    expect(b.worksheets[0]!.name).toBe('基本情况统计表');
  });
});
