// A Sichuan deployment (PROVINCE=四川省, SPEC §11): the same code with another province's data.
// Through the API handler on DynamoDB Local, the real stream and the export handler: 市州 are
// Sichuan's (a base in 成都市 registers, one in 长沙市 is refused naming 四川省), the default
// county-level units are Sichuan's, and the bulletin is titled and signed by Sichuan.
//
// shared/config.ts reads PROVINCE once, when it is first imported — and the static imports below
// (test/helpers/local-table.ts → shared/store) already import it. So the file sets PROVINCE, then
// resets the module registry and imports the handlers afresh: they and the config they see are
// Sichuan's. (Vitest gives every test file its own module graph, so no other file is affected.)

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { docxText } from '../helpers/office';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
process.env.PROVINCE = '四川省';
const table = useLocalTable();
vi.resetModules();
const { config } = await import('../../shared/config');
const { dispatch } = await import('../../functions/api');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const exporter = await import('../../functions/export-bulletin');
const template = await import('../../functions/filing-template');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { startTestPoller } = await import('../helpers/stream');
const call = caller(dispatch);

let poller: Awaited<ReturnType<typeof startTestPoller>>;

const BASES = [
  { id: 'cd-01', name: '电子科技大学西区科技园', city: '成都市', county: '郫都区' },
  { id: 'ms-01', name: '眉山万象创新科技产业园', city: '眉山市', county: '东坡区' },
  { id: 'zg-01', name: '自贡高新区南岸科技新区', city: '自贡市', county: '自流井区' },
] as const;

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => processStreamEvent(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
});
afterAll(async () => {
  await poller?.stop();
});

const get = (handler: { dispatch: typeof exporter.dispatch }, path: string): Promise<APIGatewayProxyStructuredResultV2> =>
  handler.dispatch(makeEvent('GET', path, undefined, { token: ADMIN }));

async function workbook(r: APIGatewayProxyStructuredResultV2): Promise<ExcelJS.Workbook> {
  expect(r.statusCode, String(r.body).slice(0, 300)).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
  return wb;
}

/** Every string cell of the workbook. */
function strings(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => typeof c.value === 'string' && out.push(c.value))));
  return out;
}

describe('PROVINCE=四川省', () => {
  it('is the configured province', () => {
    expect(config.province.name).toBe('四川省');
  });

  it('GET /api/province: names, department, the 21 市州 and their 183 county-level units (signed in only)', async () => {
    const r = await call('GET', '/api/province');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 'sichuan', name: '四川省', short: '四川', department: '四川省经济和信息化厅' });
    expect(r.body.cities).toHaveLength(21);
    expect(r.body.cities[0]).toBe('成都市');
    expect(r.body.cities.at(-1)).toBe('凉山彝族自治州');
    expect(Object.keys(r.body.divisions)).toEqual(r.body.cities);
    expect(Object.values(r.body.divisions as Record<string, string[]>).flat()).toHaveLength(183);
    expect((await call('GET', '/api/province', undefined, { token: null })).status).toBe(401);
  });

  it("registers bases in Sichuan's 市州 and refuses 长沙市, naming 四川省", async () => {
    for (const b of BASES) {
      const r = await call('PUT', `/api/bases/${b.id}`, { name: b.name, city: b.city, county: b.county, level: 'national', cohort: '2021年' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const bad = await call('PUT', '/api/bases/cs-01', { name: '长沙科技新城', city: '长沙市', county: '岳麓区', level: 'national' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.city).toMatch(/^所属市州:应为四川省21个市州之一\(成都市、自贡市、/);
    expect(bad.body.error.fields.city).not.toMatch(/湖南/);
  });

  it("city tokens, platforms, divisions and plans take Sichuan's 市州", async () => {
    expect((await call('POST', '/api/tokens', { role: 'city', city: '成都市', holder: { name: '市州', phone: '028-12345678' } })).status).toBe(201);
    const token = await call('POST', '/api/tokens', { role: 'city', city: '长沙市', holder: { name: '市州', phone: '0731-1234567' } });
    expect(token.status).toBe(400);
    const platform = await call('PUT', '/api/platforms/plat-cs', { name: '长沙市中小企业公共服务平台', tier: 'city', city: '长沙市', builtYear: 2019 });
    expect(platform.status).toBe(400);
    expect(platform.body.error.fields.city).toMatch(/应为四川省21个市州之一/);

    const divisions = (await call('GET', '/api/divisions')).body.divisions as Record<string, string[]>;
    expect(Object.keys(divisions)).toHaveLength(21);
    expect(divisions['成都市']).toContain('郫都区');
    expect(divisions['凉山彝族自治州']).toContain('会理市');
    const changsha = await call('PUT', `/api/divisions/${encodeURIComponent('长沙市')}`, { counties: ['岳麓区'] });
    expect(changsha.status).toBe(404);
    expect(changsha.body.error.message).toContain('不是四川省的市州');

    expect((await call('PUT', '/api/platform-plans/2021', { cities: { 成都市: 5, 凉山彝族自治州: 2 } })).status).toBe(200);
    const plan = await call('PUT', '/api/platform-plans/2021', { cities: { 长沙市: 5 } });
    expect(plan.status).toBe(400);
    expect(plan.body.error.fields).toEqual({ 'cities.长沙市': expect.stringMatching(/^市州:应为四川省21个市州之一/) });
  });

  it("the scopes are Sichuan's: city:成都市 aggregates, city:长沙市 is no scope", async () => {
    expect((await call('GET', `/api/aggregates/2021Q4?scope=${encodeURIComponent('city:成都市')}`)).status).toBe(200);
    expect((await call('GET', `/api/aggregates/2021Q4?scope=${encodeURIComponent('city:长沙市')}`)).status).toBe(400);
  });

  it('exports a bulletin titled 四川省…中小微企业创业创新基地 and signed 四川省经济和信息化厅', async () => {
    for (const [i, b] of BASES.entries()) {
      const r = await call('PUT', `/api/bases/${b.id}/filings/2021Q4`, {
        status: 'submitted',
        values: fullValues('2021Q4', { buildingArea: 100000 * (i + 1) }),
        confirmWarnings: true,
        explanation: '历史数据,按原报表录入',
      });
      expect([200, 201], JSON.stringify(r.body)).toContain(r.status);
    }
    await poller.drain(20_000);

    const r = await get(exporter, '/api/bulletins/2021Q4.xlsx');
    const headers = r.headers as Record<string, string>;
    expect(headers['content-disposition']).toBe(
      `attachment; filename="tongbao-bulletin-2021Q4-sichuan.xlsx"; filename*=UTF-8''${encodeURIComponent('2021年四季度四川省中小微企业创业创新基地运营情况通报.xlsx')}`,
    );
    const wb = await workbook(r);
    expect(wb.getWorksheet('基本情况统计表')!.getCell('A1').value).toBe('2021年四季度四川省中小微企业创业创新基地基本情况统计表');
    const all = strings(wb);
    expect(all).toContain('四川省经济和信息化厅');
    expect(all.some((s) => s.startsWith('各市(州)经济和信息化局,'))).toBe(true);
    expect(all.filter((s) => /湖南|工业和信息化厅/.test(s))).toEqual([]);
    // 报送情况 lists the cities in Sichuan's order.
    const comp = wb.getWorksheet('报送情况')!;
    const cities: unknown[] = [];
    comp.eachRow((row) => BASES.some((b) => b.city === row.getCell(2).value) && cities.push(row.getCell(2).value));
    expect(cities).toEqual(['成都市', '自贡市', '眉山市']);

    const doc = await get(exporter, '/api/bulletins/2021Q4.docx');
    expect(doc.statusCode).toBe(200);
    const text = await docxText(Buffer.from(doc.body!, 'base64'));
    expect(text).toContain('关于四川省中小微企业创业创新基地2021年四季度运营情况的通报');
    expect(text).toContain('四川省经济和信息化厅');
    expect(text).not.toMatch(/湖南/);
  });

  it('the Excel template is titled for 四川省', async () => {
    const r = await get(template, '/api/bases/cd-01/filings/2021Q4/template.xlsx');
    const wb = await workbook(r);
    expect(strings(wb).some((s) => s.startsWith('四川省中小微企业创业创新基地运营情况填报表'))).toBe(true);
    expect(strings(wb).filter((s) => /湖南/.test(s))).toEqual([]);
  });
});
