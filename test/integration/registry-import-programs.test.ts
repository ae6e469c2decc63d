// The registry import of the window platforms and the featured carriers (issue 19), on DynamoDB
// Local through the template function: download the program's .xlsx template (its Chinese
// headers), fill it, preview, confirm; the rows land as PUT /api/{program}/{id} would store them
// (codes from Chinese labels, 是/否 as booleans, years as numbers), with one audit entry for the
// import; bad rows name the row and the column and nothing is written; a failure part-way rolls
// the earlier chunk back, as for the bases.

import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const template = await import('../../functions/filing-template');
const api = await import('../../functions/api');
const { rawClient } = await import('../../shared/store/client');
const { queryPartition } = await import('../../shared/store/batch');
const { IMPORT_SPECS, importHeaders } = await import('../../shared/registry-import');
const callApi = caller(api.dispatch);
const callImport = caller(template.dispatch);

beforeAll(() => table.setup());

/** The template as downloaded, filled with `rows` under its header (its example row replaced). */
async function filled(path: string, rows: Array<Array<string | number | boolean | null>>): Promise<{ file: string; headers: string[]; sheets: string[] }> {
  const r = await template.dispatch((await import('../helpers/api')).makeEvent('GET', path, undefined));
  expect(r.statusCode).toBe(200);
  expect(String(r.headers!['content-type'])).toMatch(/spreadsheetml/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  ws.spliceRows(2, 1);
  for (const row of rows) ws.addRow(row);
  return { file: Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer).toString('base64'), headers, sheets: wb.worksheets.map((w) => w.name) };
}

const importAudit = async (program: string) =>
  (await queryPartition('AUDIT')).filter((a) => a.action === 'registry.import' && (a as { program?: string }).program === program);

describe('window platforms', () => {
  it('template → fill → preview → confirm: stored as PUT stores them, one import audit entry', async () => {
    const t = await filled('/api/platforms/import/template.xlsx', [
      ['cs-city', '长沙市综合窗口平台', '市州综合窗口平台', '长沙市', null, null, null, 2019, '是'],
      ['cs-yuhua', '雨花区综合窗口平台', '县市区综合窗口平台', '长沙市', '雨花区', '否', null, '2020', '是', '2020'],
      ['zz-fz', '芦淞服饰产业集群窗口平台', 'cluster', '株洲市', null, null, '芦淞服饰', 2021, '否'],
    ]);
    expect(t.headers).toEqual(importHeaders(IMPORT_SPECS.platforms));
    expect(t.headers).toEqual([
      '平台编号',
      '平台名称',
      '平台类别',
      '所属市州',
      '所属县市区',
      '工业园区平台',
      '产业集群',
      '建成年份',
      '计划内建设',
      '起始年',
      '终止年',
      '生效年',
    ]);
    expect(t.sheets).toEqual(['窗口平台名录', '填写说明']);
    const preview = await callImport('POST', '/api/platforms/import', { file: t.file, format: 'xlsx', dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body.counts).toEqual({ new: 3, changed: 0, unchanged: 0, error: 0 });
    expect(preview.body.rows.map((r: { id: string; name: string }) => [r.id, r.name])).toEqual([
      ['cs-city', '长沙市综合窗口平台'],
      ['cs-yuhua', '雨花区综合窗口平台'],
      ['zz-fz', '芦淞服饰产业集群窗口平台'],
    ]);
    expect((await callApi('GET', '/api/platforms')).body.platforms).toEqual([]);
    const r = await callImport('POST', '/api/platforms/import', { file: t.file, format: 'xlsx', fileName: '平台.xlsx', previewedAt: preview.body.previewedAt });
    expect(r.status).toBe(200);
    expect(r.body.written).toBe(true);
    const yuhua = (await callApi('GET', '/api/platforms/cs-yuhua')).body;
    expect(yuhua).toMatchObject({
      platformId: 'cs-yuhua',
      tier: 'county',
      city: '长沙市',
      county: '雨花区',
      park: false,
      cluster: null,
      builtYear: 2020,
      inPlan: true,
      activeFrom: '2020',
      activeTo: null,
    });
    expect((await callApi('GET', '/api/platforms/zz-fz')).body).toMatchObject({ tier: 'cluster', cluster: '芦淞服饰', inPlan: false });
    expect(await importAudit('platforms')).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ fileName: '平台.xlsx', rows: 3, result: 'done' }) }),
    ]);
    // A later file moving a platform's city: the history dated from its 生效年, as PUT with effectiveFrom does.
    const moved = await filled('/api/platforms/import/template.xlsx', [
      ['cs-city', '长沙市综合窗口平台', '市州综合窗口平台', '株洲市', null, null, null, 2019, '是', null, null, '2022'],
    ]);
    const again = await callImport('POST', '/api/platforms/import', { file: moved.file, format: 'xlsx' });
    expect(again.body.counts).toEqual({ new: 0, changed: 1, unchanged: 0, error: 0 });
    expect(again.body.rows[0].messages).toEqual(['所属市州']);
    expect((await callApi('GET', '/api/platforms/cs-city')).body.history).toEqual([
      { from: null, attrs: { city: '长沙市', county: null, tier: 'city', park: false, cluster: null } },
      { from: '2022', attrs: { city: '株洲市', county: null, tier: 'city', park: false, cluster: null } },
    ]);
  });

  it('bad rows name the row and the column; nothing is written', async () => {
    const t = await filled('/api/platforms/import/template.xlsx', [
      ['xt-a', '湘潭甲平台', '县市区综合窗口平台', '湘潭市', '雨花区', '否', null, 2020, '是'],
      ['xt-b', '湘潭乙平台', '省级平台', '湘潭市', null, '也许', null, 'x', '是'],
    ]);
    const r = await callImport('POST', '/api/platforms/import', { file: t.file, format: 'xlsx' });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('文件中有 2 行错误,未导入任何平台;请修改后重新导入');
    const preview = await callImport('POST', '/api/platforms/import', { file: t.file, format: 'xlsx', dryRun: true });
    expect(preview.body.rows.map((x: { line: number; messages: string[] }) => [x.line, x.messages])).toEqual([
      [2, [expect.stringMatching(/^所服务县市区:应为湘潭市的县级单位之一.雨湖区、.*\(单元格 E2\)$/)]],
      [
        3,
        [
          '平台类别:应为 city(市州综合窗口平台)、cluster(产业集群窗口平台)或 county(县市区综合窗口平台)(单元格 C3)',
          '工业园区平台:应填「是」或「否」(单元格 F3)',
          '建成年份:应为年份(如 2020)(单元格 H3)',
        ],
      ],
    ]);
    expect((await callApi('GET', '/api/platforms')).body.platforms.map((p: { platformId: string }) => p.platformId)).toEqual(['cs-city', 'cs-yuhua', 'zz-fz']);
  });
});

describe('featured carriers', () => {
  it('CSV with Chinese labels → stored with codes; a repeat is unchanged; a city user is refused', async () => {
    const t = await filled('/api/carriers/import/template.xlsx', []);
    expect(t.headers).toEqual(['载体编号', '载体名称', '载体类型', '所属市州', '所在园区', '获批时间', '起始年', '终止年']);
    const csv = [
      t.headers.join(','),
      'hy-gxq,衡阳高新区大中小企业融通型载体,大中小企业融通型,衡阳市,衡阳高新区,2019-06,,',
      'cs-zb,长沙专业资本集聚型载体,capital,长沙市,长沙经开区,2020-01,2020,',
    ].join('\r\n');
    const file = Buffer.from(csv, 'utf8').toString('base64');
    const city = (await callApi('POST', '/api/tokens', { role: 'city', city: '衡阳市', holder: { name: '钱七', phone: '0734-1234567' } })).body.token;
    expect((await callImport('POST', '/api/carriers/import', { file, format: 'csv', dryRun: true }, { token: city })).status).toBe(403);
    expect((await callImport('GET', '/api/carriers/import/template.xlsx', undefined, { token: city })).status).toBe(403);
    const preview = await callImport('POST', '/api/carriers/import', { file, format: 'csv', dryRun: true });
    expect(preview.body.counts).toEqual({ new: 2, changed: 0, unchanged: 0, error: 0 });
    const r = await callImport('POST', '/api/carriers/import', { file, format: 'csv', previewedAt: preview.body.previewedAt });
    expect(r.status).toBe(200);
    expect((await callApi('GET', '/api/carriers/hy-gxq')).body).toMatchObject({
      type: 'integration',
      city: '衡阳市',
      zone: '衡阳高新区',
      approvedAt: '2019-06',
      activeFrom: null,
    });
    expect((await callApi('GET', '/api/carriers/cs-zb')).body).toMatchObject({ type: 'capital', activeFrom: '2020' });
    expect((await callImport('POST', '/api/carriers/import', { file, format: 'csv' })).body.counts.unchanged).toBe(2);
    expect(await importAudit('carriers')).toHaveLength(1);
    // A carrier cannot be called "import": that is the route.
    expect((await callApi('PUT', '/api/carriers/import', { name: '某载体', type: 'tech', city: '长沙市', zone: '某园区', approvedAt: '2020-01' })).status).toBe(
      400,
    );
  });

  it('a failure in the 2nd chunk undoes the 1st: the carrier registry is as it was', async () => {
    const before = await queryPartition('REGISTRY');
    const header = importHeaders(IMPORT_SPECS.carriers).join(',');
    const rows = Array.from({ length: 60 }, (_, i) => `c-${String(i).padStart(3, '0')},载体${i},科技资源支撑型,长沙市,园区${i},2020-0${1 + (i % 9)},,`);
    const file = Buffer.from([header, ...rows].join('\r\n'), 'utf8').toString('base64');
    let chunks = 0;
    const fault = (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      const items = (args.input as { TransactItems?: Array<{ Put?: { Item?: { sk?: string } } }> }).TransactItems ?? [];
      if (context.commandName === 'TransactWriteItemsCommand' && items.some((t) => String(t.Put?.Item?.sk ?? '').startsWith('CHUNK#')) && ++chunks === 2)
        throw Object.assign(new Error('injected: throttled past retries'), { name: 'ProvisionedThroughputExceededException', $fault: 'client' });
      return next(args);
    };
    rawClient.middlewareStack.add(fault as never, { step: 'initialize', name: 'carrierFault' });
    try {
      const r = await callImport('POST', '/api/carriers/import', { file, format: 'csv', fileName: '载体.csv' });
      expect(r.status).toBe(503);
      expect(r.body.error.message).toBe('导入未完成(第2批(第51–61行)写入失败:存储服务出错),已全部撤销,未导入任何载体;请稍后重试');
    } finally {
      rawClient.middlewareStack.remove('carrierFault');
    }
    expect(await queryPartition('REGISTRY')).toEqual(before);
    expect((await importAudit('carriers')).map((a) => (a as { details: { result: string } }).details.result).sort()).toEqual(['done', 'rolledBack']);
  });
});
