// A national deployment (PROVINCE=全国) seen by a province's admin and city user (README "National
// deployment"): GET /api/province, completeness and the bulletins are their province's, and the
// bulletin a province's admin exports is, cell for cell, the one a single-province deployment of
// that province gives for the same filings. Two deployments in one file, each on its own table of
// DynamoDB Local with its real stream and its own module graph (shared/config.ts reads PROVINCE
// and TABLE_NAME once): first 全国 with bases in three provinces, then 湖南省 with only Hunan's.

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureTable } from '../../shared/store/table';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { newLocalClient, uniqueTableName, useLocalTable } from '../helpers/local-table';
import { docxText } from '../helpers/office';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
useLocalTable();

const HUNAN = [
  { id: 'hn-cs1', city: '长沙市', county: '岳麓区', level: 'national', cohort: '第一批' },
  { id: 'hn-cs2', city: '长沙市', county: '雨花区', level: 'provincial', cohort: '第二批' },
  { id: 'hn-zz1', city: '株洲市', county: '天元区', level: 'provincial', cohort: '第一批' },
  { id: 'hn-xx1', city: '湘西土家族苗族自治州', county: '吉首市', level: 'national', cohort: '第二批' },
  { id: 'hn-yy1', city: '岳阳市', county: '岳阳楼区', level: 'provincial', cohort: '第一批' }, // never files: missing
] as const;
const OTHERS = [
  { id: 'sc-cd1', province: '四川省', city: '成都市', county: '郫都区', level: 'national', cohort: '第一批' },
  { id: 'gd-sz1', province: '广东省', city: '深圳市', county: '南山区', level: 'provincial', cohort: '第一批' },
] as const;
const QUARTERS = ['2020Q4', '2021Q3', '2021Q4'];
const FILERS = ['hn-cs1', 'hn-cs2', 'hn-zz1', 'hn-xx1', 'sc-cd1', 'gd-sz1'];

type Deployment = Awaited<ReturnType<typeof deploy>>;

/** A deployment of `province` on a table of its own: fresh modules, a stream poller, the filings. */
async function deploy(province: string, tableName: string, national: boolean) {
  process.env.PROVINCE = province;
  process.env.TABLE_NAME = tableName;
  const client = newLocalClient();
  await ensureTable(client, tableName);
  client.destroy();
  vi.resetModules();
  const { dispatch } = await import('../../functions/api');
  const { processStreamEvent } = await import('../../functions/aggregate-stream');
  const exporter = await import('../../functions/export-bulletin');
  const template = await import('../../functions/filing-template');
  const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
  const { TABLE } = await import('../../shared/store/client');
  expect(TABLE).toBe(tableName);
  const { startTestPoller } = await import('../helpers/stream');
  const poller = await startTestPoller((e) => processStreamEvent(e), { tableName, filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
  const call = caller(dispatch);
  const bases = [...HUNAN.map((b) => ({ ...b, province: '湖南省' })), ...(national ? OTHERS : [])];
  for (const b of bases) {
    const body = {
      name: `${b.city}${b.id}基地`,
      city: b.city,
      county: b.county,
      level: b.level,
      cohort: b.cohort,
      ...(national ? { province: b.province } : {}),
    };
    const r = await call('PUT', `/api/bases/${b.id}`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  for (const [i, id] of FILERS.entries()) {
    if (!bases.some((b) => b.id === id)) continue;
    for (const [k, q] of QUARTERS.entries()) {
      const values = fullValues(q, { buildingArea: 10000 * (i + 1) + 100 * k, residentEnterprises: 10 + i + k });
      const r = await call('PUT', `/api/bases/${id}/filings/${q}`, {
        status: 'submitted',
        values,
        confirmWarnings: true,
        explanation: '历史数据,按原报表录入',
      });
      expect([200, 201], JSON.stringify(r.body)).toContain(r.status);
    }
  }
  await poller.drain(30_000);
  const token = async (body: Record<string, unknown>) => {
    const r = await call('POST', '/api/tokens', { ...body, holder: { name: '测试', phone: '0731-1234567' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.token as string;
  };
  const file = (path: string, tok: string = ADMIN): Promise<APIGatewayProxyStructuredResultV2> =>
    exporter.dispatch(makeEvent('GET', path, undefined, { token: tok }));
  const templateOf = (path: string, tok: string = ADMIN): Promise<APIGatewayProxyStructuredResultV2> =>
    template.dispatch(makeEvent('GET', path, undefined, { token: tok }));
  return { call, file, templateOf, token, poller };
}

async function cells(r: APIGatewayProxyStructuredResultV2): Promise<Record<string, unknown[][]>> {
  expect(r.statusCode, String(r.body).slice(0, 300)).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) =>
      rows.push((row.values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v))),
    );
    out[ws.name] = rows;
  });
  return out;
}

const q = (s: string) => encodeURIComponent(s);
let nat: Deployment;
let hn: Deployment;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  nat = await deploy('全国', uniqueTableName('nat'), true);
  tokens.hnAdmin = await nat.token({ role: 'admin', province: '湖南省' });
  tokens.gdAdmin = await nat.token({ role: 'admin', province: '广东省' });
  tokens.csCity = await nat.token({ role: 'city', province: '湖南省', city: '长沙市' });
  // Everything the national deployment answers is read in the tests below through nat.* — its
  // modules stay loaded in their own graph; the 湖南省 deployment gets a new one.
  hn = await deploy('湖南省', uniqueTableName('hn'), false);
  tokens.hnCsCity = await hn.token({ role: 'city', city: '长沙市' });
}, 300_000);
afterAll(async () => {
  await nat?.poller.stop();
  await hn?.poller.stop();
});

describe('PROVINCE=全国, a province admin', () => {
  it("GET /api/province: the principal's province — Hunan's data, another province's derived department marked, the national role the 31", async () => {
    const hunan = await nat.call('GET', '/api/province', undefined, { token: tokens.hnAdmin });
    expect(hunan.status).toBe(200);
    expect(hunan.body).toMatchObject({ id: 'hunan', name: '湖南省', department: '湖南省工业和信息化厅' });
    expect(hunan.body.cities).toHaveLength(14);
    expect(hunan.body.divisions['长沙市']).toContain('岳麓区');
    expect(hunan.body.departmentAssumed).toBeUndefined();
    expect(hunan.body.provinces).toBeUndefined();
    expect((await nat.call('GET', '/api/province', undefined, { token: tokens.csCity })).body.name).toBe('湖南省');

    const gd = (await nat.call('GET', '/api/province', undefined, { token: tokens.gdAdmin })).body;
    expect(gd).toMatchObject({ id: 'guangdong', name: '广东省', department: '广东省工业和信息化厅', departmentAssumed: true });
    expect(gd.cities).toHaveLength(21);
    expect(gd.cities[0]).toBe('广州市');

    // A base user's token names no province: its base's.
    const baseUser = await nat.token({ role: 'base', baseId: 'sc-cd1' });
    expect((await nat.call('GET', '/api/province', undefined, { token: baseUser })).body).toMatchObject({ name: '四川省', department: '四川省经济和信息化厅' });

    const all = (await nat.call('GET', '/api/province')).body;
    expect(all.name).toBe('全国');
    expect(all.provinces).toHaveLength(31);
    expect(all.provinces.find((p: { name: string }) => p.name === '湖南省').cities).toHaveLength(14);
  });

  it("completeness counts and lists only the province's filers, in its order — as the 湖南省 deployment does", async () => {
    const national = await nat.call('GET', '/api/periods/2021Q4/completeness', undefined, { token: tokens.hnAdmin });
    expect(national.status, JSON.stringify(national.body)).toBe(200);
    const single = await hn.call('GET', '/api/periods/2021Q4/completeness');
    expect(national.body.expected).toBe(5);
    expect(national.body.submitted).toBe(4);
    expect(national.body.missingBases.map((b: { baseId: string }) => b.baseId)).toEqual(['hn-yy1']);
    for (const k of ['expected', 'submitted', 'onTime', 'late', 'missing', 'byCity', 'byLevel', 'missingBases', 'returnedBases'])
      expect(national.body[k], k).toEqual(single.body[k]);
    expect(JSON.stringify(national.body)).not.toMatch(/成都|深圳|sc-cd1|gd-sz1/);
    // The national role still sees every province's filers, and the provinces in official order.
    const all = (await nat.call('GET', '/api/periods/2021Q4/completeness')).body;
    expect(all.expected).toBe(7);
    expect(all.byProvince.map((x: { province: string; expected: number; submitted: number }) => [x.province, x.expected, x.submitted])).toEqual([
      ['湖南省', 5, 4],
      ['广东省', 1, 1],
      ['四川省', 1, 1],
    ]);
    expect(national.body.byProvince).toBeUndefined();
    expect(single.body.byProvince).toBeUndefined();

    const xlsx = await nat.file('/api/periods/2021Q4/completeness.xlsx', tokens.hnAdmin);
    const wb = Object.values(await cells(xlsx))
      .flat(2)
      .filter((v): v is string => typeof v === 'string');
    expect(wb.some((s) => s.includes('湖南省'))).toBe(true);
    expect(wb.filter((s) => /成都|深圳|全国/.test(s))).toEqual([]);
  });

  it("the province bulletin: the same cells as the 湖南省 deployment's for the same filings (quarter, cohort, Word)", async () => {
    const fromNational = await cells(await nat.file('/api/bulletins/2021Q4.xlsx', tokens.hnAdmin));
    const fromSingle = await cells(await hn.file('/api/bulletins/2021Q4.xlsx'));
    expect(Object.keys(fromNational)).toEqual(Object.keys(fromSingle));
    expect(fromNational).toEqual(fromSingle);
    const flat = Object.values(fromNational)
      .flat(2)
      .filter((v): v is string => typeof v === 'string');
    expect(flat).toContain('2021年四季度湖南省中小微企业创业创新基地基本情况统计表');
    expect(flat).toContain('湖南省工业和信息化厅');
    expect(flat.filter((s) => /成都|深圳|全国/.test(s))).toEqual([]);

    // A year (its rows from the rollups, completeness per quarter filed).
    expect(await cells(await nat.file('/api/bulletins/2021.xlsx', tokens.hnAdmin))).toEqual(await cells(await hn.file('/api/bulletins/2021.xlsx')));
    // The national admin asks for the province; a cohort comparison too.
    expect(await cells(await nat.file(`/api/bulletins/2021Q4.xlsx?scope=${q('province:湖南省')}&cohort=${q('第一批')}`))).toEqual(
      await cells(await hn.file(`/api/bulletins/2021Q4.xlsx?cohort=${q('第一批')}`)),
    );

    const r = await nat.file('/api/bulletins/2021Q4.docx', tokens.hnAdmin);
    expect(r.statusCode).toBe(200);
    expect((r.headers as Record<string, string>)['content-disposition']).toContain('tongbao-bulletin-2021Q4-hunan');
    const text = await docxText(Buffer.from(r.body!, 'base64'));
    expect(text).toBe(await docxText(Buffer.from((await hn.file('/api/bulletins/2021Q4.docx')).body!, 'base64')));
  });

  it("another province's admin: its bulletin titled with it, its cities, its derived department in the 落款", async () => {
    const gd = Object.values(await cells(await nat.file('/api/bulletins/2021Q4.xlsx', tokens.gdAdmin)))
      .flat(2)
      .filter((v): v is string => typeof v === 'string');
    expect(gd).toContain('2021年四季度广东省中小微企业创业创新基地基本情况统计表');
    expect(gd).toContain('广东省工业和信息化厅');
    expect(gd).toContain('深圳市');
    expect(gd.filter((x) => /湖南|长沙|成都|全国/.test(x))).toEqual([]);
  });

  it("a city scope given unqualified is the province's own; a city user's bulletin is its city's", async () => {
    const single = await cells(await hn.file(`/api/bulletins/2021Q4.xlsx?scope=${q('city:长沙市')}`));
    expect(await cells(await nat.file(`/api/bulletins/2021Q4.xlsx?scope=${q('city:长沙市')}`, tokens.hnAdmin))).toEqual(single);
    expect(await cells(await nat.file(`/api/bulletins/2021Q4.xlsx?scope=${q('city:湖南省/长沙市')}`))).toEqual(single);
    expect(await cells(await nat.file('/api/bulletins/2021Q4.xlsx', tokens.csCity))).toEqual(
      await cells(await hn.file('/api/bulletins/2021Q4.xlsx', tokens.hnCsCity)),
    );
  });

  it('refuses other provinces and national scopes, naming what to ask for', async () => {
    expect((await nat.file(`/api/bulletins/2021Q4.xlsx?scope=${q('province:四川省')}`, tokens.hnAdmin)).statusCode).toBe(403);
    expect((await nat.file(`/api/bulletins/2021Q4.xlsx?scope=${q('city:成都市')}`, tokens.hnAdmin)).statusCode).toBe(400);
    const all = await nat.file('/api/bulletins/2021Q4.xlsx');
    expect(all.statusCode).toBe(400);
    expect(JSON.parse(all.body!).error).toMatchObject({ code: 'NATIONAL_SCOPE', message: expect.stringContaining('province:<省份>') });
    const unqualified = await nat.file(`/api/bulletins/2021Q4.xlsx?scope=${q('city:长沙市')}`);
    expect(unqualified.statusCode).toBe(400);
    expect(JSON.parse(unqualified.body!).error.message).toContain('city:<省份>/<市州>');
  });

  it('window platforms and featured carriers are refused with a named error, not mixed across provinces', async () => {
    const plat = await nat.call('PUT', '/api/platforms/plat-cs', { name: '长沙市中小企业公共服务平台', tier: 'city', city: '长沙市', builtYear: 2019 });
    expect(plat.status).toBe(400);
    expect(plat.body.error).toMatchObject({ code: 'PROGRAM_NOT_IN_NATIONAL_DEPLOYMENT', message: expect.stringContaining('窗口平台') });
    const car = await nat.call('PUT', '/api/carriers/car-1', { name: '载体', type: 'x', city: '长沙市', zone: 'y', approvedAt: 2021 });
    expect(car.body.error.code).toBe('PROGRAM_NOT_IN_NATIONAL_DEPLOYMENT');
    expect((await nat.call('GET', '/api/aggregates/2021?program=platforms')).body.error.code).toBe('PROGRAM_NOT_IN_NATIONAL_DEPLOYMENT');
    expect((await nat.call('GET', '/api/platforms')).status).toBe(400);
    const tok = await nat.call('POST', '/api/tokens', { role: 'carrier', carrierId: 'car-1', holder: { name: '载体', phone: '0731-1234567' } });
    expect(tok.body.error.code).toBe('PROGRAM_NOT_IN_NATIONAL_DEPLOYMENT');
    // A single-province deployment keeps them.
    expect((await hn.call('PUT', '/api/platforms/plat-cs', { name: '长沙市中小企业公共服务平台', tier: 'city', city: '长沙市', builtYear: 2019 })).status).toBe(
      201,
    );
  });

  it("the pages' requests as a province admin sends them: an unqualified city's aggregates, a base registered without naming the province", async () => {
    const a = await nat.call('GET', `/api/aggregates/2021Q4?scope=${q('city:长沙市')}`, undefined, { token: tokens.hnAdmin });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body.scope).toBe('city:湖南省/长沙市');
    const single = await hn.call('GET', `/api/aggregates/2021Q4?scope=${q('city:长沙市')}`);
    expect(a.body.values).toEqual(single.body.values);
    expect(a.body.reportingBases).toEqual(single.body.reportingBases);
    expect((await nat.call('GET', `/api/aggregates/2021Q4?scope=${q('city:长沙市')}`, undefined, { token: tokens.csCity })).status).toBe(200);

    const r = await nat.call(
      'PUT',
      '/api/bases/hn-new',
      { name: '新登记基地', city: '株洲市', county: '荷塘区', level: 'provincial' },
      { token: tokens.hnAdmin },
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await nat.call('GET', '/api/bases/hn-new')).body.province).toBe('湖南省');
    // The national role still has to name it.
    expect((await nat.call('PUT', '/api/bases/hn-new2', { name: '新登记基地', city: '株洲市', county: '荷塘区', level: 'provincial' })).status).toBe(400);
  });

  it("a base's Excel template is titled with its province", async () => {
    const title = async (r: APIGatewayProxyStructuredResultV2) => Object.values(await cells(r))[0]![0]![0];
    expect(await title(await nat.templateOf('/api/bases/hn-cs1/filings/2021Q4/template.xlsx', tokens.hnAdmin))).toBe(
      await title(await hn.templateOf('/api/bases/hn-cs1/filings/2021Q4/template.xlsx')),
    );
    expect(await title(await nat.templateOf('/api/bases/gd-sz1/filings/2021Q4/template.xlsx'))).toMatch(/^广东省中小微企业创业创新基地运营情况填报表/);
  });
});
