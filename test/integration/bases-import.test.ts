// POST /api/bases/import (issue 19) on DynamoDB Local, through the template function: a preview
// writes nothing, a file with one bad row writes nothing, a good file writes every row (audited),
// .xlsx as well as CSV, only the admin.

import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const template = await import('../../functions/filing-template');
const api = await import('../../functions/api');
const callApi = caller(api.dispatch);
const callImport = caller(template.dispatch);

const HEADER = '基地编号,基地名称,所属市州,所属县市区,基地级别,批次,起始期,终止期';
const b64 = (text: string) => Buffer.from('\ufeff' + text, 'utf8').toString('base64');
const ids = async () => ((await callApi('GET', '/api/bases')).body.bases as Array<{ baseId: string }>).map((b) => b.baseId).sort();

beforeAll(async () => {
  await table.setup();
  expect((await callApi('PUT', '/api/bases/csxc-01', { name: '长沙科技新城', city: '长沙市', county: '岳麓区', level: 'national' })).status).toBe(201);
});

describe('bases import', () => {
  const good = [
    HEADER,
    'zz-01,株洲动力谷基地,株洲市,天元区,省级,,2020Q1,',
    'cs-02,岳麓基地,长沙市,岳麓区,省级,第一批,,',
    'csxc-01,长沙科技新城,长沙市,岳麓区,国家级,,,',
  ].join('\r\n');
  const bad = [
    HEADER,
    'zz-01,株洲动力谷基地,株洲市,天元区,省级,,2020Q1,',
    'bad-01,无效市州基地,北京市,朝阳区,省级,,,',
    'cs-02,岳麓基地,长沙市,岳麓区,省级,第一批,,',
  ].join('\r\n');

  it('previews a file with a bad row, and refuses it whole: nothing is written', async () => {
    const preview = await callImport('POST', '/api/bases/import', { file: b64(bad), format: 'csv', dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.written).toBe(false);
    expect(preview.body.counts).toEqual({ new: 2, changed: 0, unchanged: 0, error: 1 });
    const err = preview.body.rows.find((r: { outcome: string }) => r.outcome === 'error');
    expect(err.line).toBe(3);
    expect(err.messages.join(';')).toMatch(/所属市州:应为湖南省14个市州之一/);
    const refused = await callImport('POST', '/api/bases/import', { file: b64(bad), format: 'csv', dryRun: false });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('文件中有 1 行错误,未导入任何基地;请修改后重新导入');
    expect(refused.body.error.fields.file).toMatch(/^第3行:/);
    expect(await ids()).toEqual(['csxc-01']);
  });

  it('a dry run of a good file writes nothing; without it every row is written', async () => {
    const preview = await callImport('POST', '/api/bases/import', { file: b64(good), format: 'csv', dryRun: true });
    expect(preview.body.counts).toEqual({ new: 2, changed: 0, unchanged: 1, error: 0 });
    expect(await ids()).toEqual(['csxc-01']);
    const r = await callImport('POST', '/api/bases/import', { file: b64(good), format: 'csv', dryRun: false });
    expect(r.status).toBe(200);
    expect(r.body.written).toBe(true);
    expect(await ids()).toEqual(['cs-02', 'csxc-01', 'zz-01']);
  });

  it('reads an .xlsx, says which columns change, and refuses a formula cell', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('基地');
    ws.addRow(HEADER.split(','));
    ws.addRow(['zz-01', '株洲动力谷基地', '株洲市', '芦淞区', '省级', null, '2020Q1', null]);
    ws.addRow(['xt-03', '湘潭基地', '湘潭市', '雨湖区', '国家级']);
    const file = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer).toString('base64');
    const preview = await callImport('POST', '/api/bases/import', { file, format: 'xlsx', dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.rows.map((r: { line: number; outcome: string; messages: string[] }) => [r.line, r.outcome, r.messages])).toEqual([
      [2, 'changed', ['所属县市区']],
      [3, 'new', []],
    ]);
    ws.getCell('B3').value = { formula: 'A1&"x"', result: 'x' } as ExcelJS.CellValue;
    const withFormula = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer).toString('base64');
    const refused = await callImport('POST', '/api/bases/import', { file: withFormula, format: 'xlsx', dryRun: false });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.file).toMatch(/^第3行:.*B3:不接受公式/);
    expect(await ids()).toEqual(['cs-02', 'csxc-01', 'zz-01']);
    const ok = await callImport('POST', '/api/bases/import', { file, format: 'xlsx' });
    expect(ok.status).toBe(200);
    expect(await ids()).toEqual(['cs-02', 'csxc-01', 'xt-03', 'zz-01']);
    expect((await callApi('GET', '/api/bases/zz-01')).body.county).toBe('芦淞区');
  });

  it('is for the admin only, and says what is wrong with the request in Chinese', async () => {
    const city = (await callApi('POST', '/api/tokens', { role: 'city', city: '株洲市', holder: { name: '赵六', phone: '0731-1234567' } })).body.token;
    expect((await callImport('POST', '/api/bases/import', { file: b64(good), format: 'csv', dryRun: true }, { token: city })).status).toBe(403);
    const r = await callImport('POST', '/api/bases/import', { file: b64(good), format: 'pdf' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/文件格式应为 CSV 或 \.xlsx/);
    expect((await callImport('POST', '/api/bases/import', { file: b64(HEADER), format: 'csv', dryRun: true })).body.counts.error).toBe(1);
  });
});

describe('table export', () => {
  it('writes the rows as text cells (a formula stays text)', async () => {
    const exporter = await import('../../functions/export-bulletin');
    const callExport = caller(exporter.dispatch);
    const r = await exporter.dispatch(
      makeEvent('POST', '/api/exports/table.xlsx', {
        title: '基地名录',
        columns: ['基地名称', '编号'],
        rows: [
          ['=HYPERLINK("http://x")', 'a-01'],
          ['长沙', null],
        ],
      }),
    );
    expect(r.statusCode).toBe(200);
    expect(decodeURIComponent(String(r.headers!['content-disposition']))).toMatch(/基地名录-\d{4}-\d{2}-\d{2}\.xlsx/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('基地名称');
    expect(ws.getCell('A2').value).toBe('=HYPERLINK("http://x")');
    expect((await callExport('GET', '/api/exports/table.xlsx')).status).toBe(405);
    expect((await callExport('POST', '/api/exports/table.xlsx', { title: 'x', columns: ['a'], rows: [] }, { token: null })).status).toBe(401);
  });
});
