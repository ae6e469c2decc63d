// The Excel template function (functions/filing-template.ts) on DynamoDB Local: who may download
// and upload, what an upload writes, and that a refused upload writes nothing. The API function
// no longer answers these paths (the HTTP API routes them here: shared/http-routes.ts).

import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldsForPeriod } from '../../shared/catalog';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const template = await import('../../functions/filing-template');
const { TEMPLATE } = await import('../../shared/use-cases/filing-template');
const api = await import('../../functions/api');
const callApi = caller(api.dispatch);
const callTemplate = caller(template.dispatch);

const period = '2020Q3';
const path = (baseId: string, file: 'template.xlsx' | 'template') => `/api/bases/${baseId}/filings/${period}/${file}`;
const fields = fieldsForPeriod(period);
const rowOf = (code: string) => TEMPLATE.firstRow + fields.findIndex((f) => f.code === code);
let baseToken = '';
let otherBaseToken = '';
let cityToken = '';

async function download(baseId: string, token: string | null = ADMIN, method = 'GET') {
  return template.dispatch(makeEvent(method, path(baseId, 'template.xlsx'), undefined, { token }));
}

async function filled(buf: Buffer, values: Record<string, unknown>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(TEMPLATE.sheet)!;
  for (const [code, v] of Object.entries(values)) ws.getCell(`D${rowOf(code)}`).value = v as ExcelJS.CellValue;
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer).toString('base64');
}

beforeAll(async () => {
  await table.setup();
  expect((await callApi('PUT', '/api/bases/csxc-01', { name: '长沙科技新城', city: '长沙市', county: '岳麓区', level: 'national' })).status).toBe(201);
  expect((await callApi('PUT', '/api/bases/zz-02', { name: '株洲创业园', city: '株洲市', county: '天元区', level: 'provincial' })).status).toBe(201);
  expect(
    (
      await callApi('PUT', `/api/periods/${period}`, {
        opensAt: '2020-01-01T00:00:00+08:00',
        dueAt: '2099-01-15T00:00:00+08:00',
        closesAt: '2099-02-01T00:00:00+08:00',
      })
    ).status,
  ).toBe(200);
  baseToken = (await callApi('POST', '/api/tokens', { role: 'base', baseId: 'csxc-01', holder: { name: '李四', phone: '13800000000' } })).body.token;
  otherBaseToken = (await callApi('POST', '/api/tokens', { role: 'base', baseId: 'zz-02', holder: { name: '王五', phone: '13900000000' } })).body.token;
  cityToken = (await callApi('POST', '/api/tokens', { role: 'city', city: '株洲市', holder: { name: '赵六', phone: '0731-1234567' } })).body.token;
});

describe('template download', () => {
  it('gives a base its own template as an xlsx named after it', async () => {
    const r = await download('csxc-01', baseToken);
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(true);
    expect(r.headers!['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(decodeURIComponent(String(r.headers!['content-disposition']))).toContain('长沙科技新城-2020年三季度-填报模板.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
    expect(wb.getWorksheet(TEMPLATE.sheet)!.getCell(TEMPLATE.baseIdCell).value).toBe('csxc-01');
    expect((await download('csxc-01', baseToken, 'HEAD')).statusCode).toBe(200);
  });

  it('refuses others: another base 403, no token 401, unknown base 404, a year 400, wrong method 405', async () => {
    const codes = async (r: Promise<{ statusCode?: number; body?: string }>) => {
      const x = await r;
      return [x.statusCode, JSON.parse(x.body!).error.code];
    };
    expect(await codes(download('csxc-01', otherBaseToken))).toEqual([403, 'FORBIDDEN']);
    expect(await codes(download('csxc-01', cityToken))).toEqual([403, 'FORBIDDEN']);
    expect(await codes(download('csxc-01', null))).toEqual([401, 'UNAUTHORIZED']);
    expect(await codes(download('nope-99'))).toEqual([404, 'BASE_NOT_FOUND']);
    expect((await callTemplate('GET', '/api/bases/csxc-01/filings/2020/template.xlsx')).status).toBe(400);
    const put = await callTemplate('PUT', path('csxc-01', 'template.xlsx'), {});
    expect([put.status, put.headers.allow]).toEqual([405, 'GET, HEAD']);
    const get = await callTemplate('GET', path('csxc-01', 'template'));
    expect([get.status, get.headers.allow]).toEqual([405, 'POST']);
    expect((await callTemplate('GET', '/api/bases/%E0%A4%A/filings/2020Q3/template.xlsx')).status).toBe(404);
  });

  it('is not served by the API function any more', async () => {
    expect((await callApi('GET', path('csxc-01', 'template.xlsx'))).status).toBe(404);
    expect((await callApi('POST', path('csxc-01', 'template'), {})).status).toBe(404);
  });
});

describe('template upload', () => {
  it('submits what the filled template holds, exactly as a form would', async () => {
    const typed = fullValues(period);
    const values = Object.fromEntries(Object.entries(typed).map(([k, v]) => [k, Number(v)]));
    values.operatorAssets = 3656.8612;
    const file = await filled(Buffer.from((await download('csxc-01', baseToken)).body!, 'base64'), values);
    const r = await callTemplate(
      'POST',
      path('csxc-01', 'template'),
      { file, status: 'submitted', confirmWarnings: true, explanation: '历史数据,按原报表录入' },
      { token: baseToken },
    );
    expect(r.status).toBe(201);
    expect(r.headers.etag).toBe('"1"');
    expect(r.body).toMatchObject({ status: 'submitted', version: 1, changed: true });
    expect(r.body.cells.buildingArea).toBe('D7');
    const stored = await callApi('GET', `/api/bases/csxc-01/filings/${period}`, undefined, { token: baseToken });
    // Stored in base units: 3656.8612 万元 = 36,568,612 元.
    expect(stored.body.values.operatorAssets).toBe(36568612);
    expect(stored.body.values.buildingArea).toBe(100000);
  });

  it('names the cell of a bad value and writes nothing', async () => {
    const before = await callApi('GET', `/api/bases/csxc-01/filings/${period}`);
    const file = await filled(Buffer.from((await download('csxc-01', baseToken)).body!, 'base64'), { buildingArea: 'abc' });
    const r = await callTemplate(
      'POST',
      path('csxc-01', 'template'),
      { file, status: 'submitted', confirmWarnings: true, explanation: '历史数据,按原报表录入' },
      { token: baseToken },
    );
    expect(r.status).toBe(400);
    expect(r.body.error.fields.buildingArea).toBe('D7 基地建筑总面积:请填写数字(单位:平方米)');
    const after = await callApi('GET', `/api/bases/csxc-01/filings/${period}`);
    expect(after.body.version).toBe(before.body.version);
    expect(after.body.values).toEqual(before.body.values);
  });

  it('refuses another base’s upload, a stale If-Match, and what is not an xlsx; nothing is written', async () => {
    const before = await callApi('GET', `/api/bases/csxc-01/filings/${period}`);
    const file = await filled(Buffer.from((await download('csxc-01')).body!, 'base64'), { trademarks: 7 });
    expect((await callTemplate('POST', path('csxc-01', 'template'), { file, status: 'draft' }, { token: otherBaseToken })).status).toBe(403);
    expect((await callTemplate('POST', path('csxc-01', 'template'), { file, status: 'draft' }, { token: cityToken })).status).toBe(403);
    const stale = await callTemplate('POST', path('csxc-01', 'template'), { file, status: 'submitted' }, { token: baseToken, headers: { 'if-match': '"0"' } });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'VERSION_CONFLICT']);
    const junk = await callTemplate(
      'POST',
      path('csxc-01', 'template'),
      { file: Buffer.from('not a zip').toString('base64'), status: 'draft' },
      { token: baseToken },
    );
    expect([junk.status, junk.body.error.code]).toEqual([400, 'INVALID_XLSX']);
    expect((await callTemplate('POST', path('csxc-01', 'template'), { file: '%%%', status: 'draft' }, { token: baseToken })).status).toBe(400);
    expect((await callTemplate('POST', path('csxc-01', 'template'), undefined, { token: baseToken, raw: '{', contentType: 'application/json' })).status).toBe(
      400,
    );
    const after = await callApi('GET', `/api/bases/csxc-01/filings/${period}`);
    expect(after.body.version).toBe(before.body.version);
  });
});
