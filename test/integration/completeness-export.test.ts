// The 催报 workbook (issue 19) end to end on DynamoDB Local: bases are registered, given tokens
// (or none), file, save drafts and are returned through the API handler; the export handler
// answers GET /api/periods/{period}/completeness.xlsx with 报送情况, 催报名单 (contacts, days
// overdue) and 催报通知 (a text per city). Access as the JSON: admin, a city its own city, no one else.

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const exporter = await import('../../functions/export-bulletin');
const call = caller(dispatch);

const PERIOD = '2020Q3';
const DUE = '2020-10-10T00:00:00+08:00';
const BASES = [
  { id: 'cs-01', name: '岳麓创业园', city: '长沙市', level: 'national' },
  { id: 'cs-02', name: '麓谷创业广场', city: '长沙市', level: 'provincial' },
  { id: 'cs-03', name: '=HYPERLINK("http://x","y")', city: '长沙市', level: 'provincial' },
  { id: 'zz-01', name: '株洲创业园', city: '株洲市', level: 'provincial' },
  { id: 'zz-02', name: '芦淞创业基地', city: '株洲市', level: 'provincial' },
] as const;

let changshaToken = '';
let baseToken = '';

async function put(baseId: string, status: 'draft' | 'submitted') {
  const r = await call('PUT', `/api/bases/${baseId}/filings/${PERIOD}`, {
    status,
    values: fullValues(PERIOD, { buildingArea: 100000 }),
    confirmWarnings: true,
    explanation: '历史数据,按原报表录入',
  });
  expect([200, 201], JSON.stringify(r.body)).toContain(r.status);
}
const token = async (baseId: string, name: string, phone: string) =>
  (await call('POST', '/api/tokens', { role: 'base', baseId, holder: { name, phone } })).body as { token: string; tokenId: string };

beforeAll(async () => {
  await table.setup();
  for (const b of BASES)
    expect((await call('PUT', `/api/bases/${b.id}`, { name: b.name, city: b.city, county: '某区', level: b.level, cohort: null })).status).toBe(201);
  expect(
    (await call('PUT', `/api/periods/${PERIOD}`, { opensAt: '2020-07-01T00:00:00+08:00', dueAt: DUE, closesAt: '2099-01-31T00:00:00+08:00' })).status,
  ).toBe(200);
  changshaToken = (await call('POST', '/api/tokens', { role: 'city', city: '长沙市', holder: { name: '市州', phone: '0731-1234567' } })).body.token;
  await token('cs-01', '张三', '13800000001');
  // A revoked token's holder is no longer the one to call.
  const old = await token('cs-01', '李四', '13800000002');
  expect((await call('DELETE', `/api/tokens/${old.tokenId}`)).status).toBe(200);
  baseToken = (await token('cs-03', '王五', '13800000003')).token;
  await token('zz-02', '赵六', '13800000004');
  // cs-01: nothing; cs-02 (no token): a draft; cs-03: submitted and returned; zz-01 filed; zz-02: nothing.
  await put('cs-02', 'draft');
  await put('cs-03', 'submitted');
  expect((await call('POST', `/api/bases/cs-03/filings/${PERIOD}/review`, { action: 'return', comment: '请核实建筑面积' })).status).toBe(200);
  await put('zz-01', 'submitted');
});

async function get(path: string, tokenValue: string | null = ADMIN): Promise<APIGatewayProxyStructuredResultV2> {
  return exporter.dispatch(makeEvent('GET', path, undefined, { token: tokenValue }));
}

async function workbook(r: APIGatewayProxyStructuredResultV2): Promise<ExcelJS.Workbook> {
  expect(r.statusCode, String(r.body).slice(0, 300)).toBe(200);
  expect(r.isBase64Encoded).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
  return wb;
}

/** The sheet's rows from `from` on, as arrays of cell values (columns 1…n). */
function rows(ws: ExcelJS.Worksheet, n: number, from = 1): unknown[][] {
  const out: unknown[][] = [];
  for (let r = from; r <= ws.rowCount; r++) out.push(Array.from({ length: n }, (_, i) => ws.getRow(r).getCell(i + 1).value));
  return out;
}

const overdue = () => Math.floor((Date.now() - Date.parse(DUE)) / 86_400_000);

describe('GET /api/periods/{period}/completeness.xlsx', () => {
  it('lists who has not filed or was returned, with their administrators and the days overdue', async () => {
    const days = overdue();
    const r = await get(`/api/periods/${PERIOD}/completeness.xlsx`);
    const headers = r.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(headers['content-disposition']).toBe(
      `attachment; filename="tongbao-completeness-${PERIOD}-bases.xlsx"; filename*=UTF-8''${encodeURIComponent('2020年三季度创业创新基地报送情况.xlsx')}`,
    );
    const wb = await workbook(r);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['报送情况', '催报名单', '催报通知']);

    const comp = wb.getWorksheet('报送情况')!;
    expect(comp.getCell('A1').value).toBe('2020年三季度湖南省创业创新基地报送情况统计表');
    expect(rows(comp, 9, 2).slice(0, 6)).toEqual([
      ['分组', '名称', '应报(家)', '已报(家)', '按时(家)', '逾期(家)', '未报(家)', '退回(家)', '报送率'],
      // Filed after dueAt: late. The returned filing counts as filed (and as returned). 报送率 as the
      // bulletins compute it, exact to 12 places.
      ['按市州', '长沙市', 3, 1, 0, 1, 2, 1, 0.333333333333],
      ['', '株洲市', 2, 1, 0, 1, 1, 0, 0.5],
      ['按级别', '国家级', 1, 0, 0, 0, 1, 0, 0],
      ['', '省级', 4, 2, 0, 2, 2, 1, 0.5],
      ['全省合计', '', 5, 2, 0, 2, 3, 1, 0.4],
    ]);

    const list = wb.getWorksheet('催报名单')!;
    expect(list.getCell('A1').value).toBe('2020年三季度湖南省创业创新基地催报名单');
    expect(rows(list, 8, 2).slice(0, 5)).toEqual([
      ['序号', '名称', '市州', '状态', '退回意见', '联系人', '联系电话', '逾期天数'],
      // By city in the province's order, then by name (zh-CN).
      [1, '=HYPERLINK("http://x","y")', '长沙市', '已退回', '请核实建筑面积', '王五', '13800000003', days],
      [2, '麓谷创业广场', '长沙市', '已暂存未提交', null, '未登记', '—', days],
      [3, '岳麓创业园', '长沙市', '未报送', null, '张三', '13800000001', days],
      [4, '芦淞创业基地', '株洲市', '未报送', null, '赵六', '13800000004', days],
    ]);
    expect(String(list.getRow(7).getCell(1).value)).toMatch(/已于2020年10月10日截止,逾期\d+天/);
    // Names are text, never formulas.
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula))));

    const notes = wb.getWorksheet('催报通知')!;
    const texts = rows(notes, 1, 2).map((x) => String(x[0]));
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(new RegExp(`^长沙市:2020年三季度创业创新基地数据报送已于2020年10月10日截止,已逾期${days}天。`));
    expect(texts[0]).toContain('尚有2家基地未报送:麓谷创业广场(未登记信息管理员);岳麓创业园(张三 13800000001)');
    expect(texts[0]).toContain('1家基地的报表已退回待修改:=HYPERLINK("http://x","y")(王五 13800000003)——退回意见:请核实建筑面积');
    expect(texts[0]).not.toContain('李四');
    expect(texts[1]).toMatch(/^株洲市:.*尚有1家基地未报送:芦淞创业基地\(赵六 13800000004\)。请督促上述基地尽快登录系统完成报送。$/);

    // The JSON says the same.
    const json = await call('GET', `/api/periods/${PERIOD}/completeness`);
    expect(json.body.chase.filers.map((f: { name: string }) => f.name)).toEqual(
      rows(list, 2, 3)
        .slice(0, 4)
        .map((x) => x[1]),
    );
    expect(json.body.chase.daysOverdue).toBe(days);
  });

  it('gives a city user its own city only', async () => {
    const wb = await workbook(await get(`/api/periods/${PERIOD}/completeness.xlsx?program=bases`, changshaToken));
    const comp = wb.getWorksheet('报送情况')!;
    expect(comp.getCell('A1').value).toBe('2020年三季度长沙市创业创新基地报送情况统计表');
    const labels = rows(comp, 2, 3).map((x) => x[1]);
    expect(labels).toContain('长沙市');
    expect(labels).not.toContain('株洲市');
    expect(rows(comp, 9, 3).find((x) => x[0] === '合计')).toEqual(['合计', '', 3, 1, 0, 1, 2, 1, 0.333333333333]);
    const cities = rows(wb.getWorksheet('催报名单')!, 3, 3)
      .map((x) => x[2])
      .filter((c) => typeof c === 'string' && c.endsWith('市'));
    expect(new Set(cities)).toEqual(new Set(['长沙市']));
    expect(rows(wb.getWorksheet('催报通知')!, 1, 2).map((x) => String(x[0]).slice(0, 4))).toEqual(['长沙市:']);
  });

  it('refuses a base user, no token, an unknown program, a malformed period and other methods', async () => {
    expect((await get(`/api/periods/${PERIOD}/completeness.xlsx`, baseToken)).statusCode).toBe(403);
    expect((await get(`/api/periods/${PERIOD}/completeness.xlsx`, null)).statusCode).toBe(401);
    expect((await get(`/api/periods/${PERIOD}/completeness.xlsx?program=nope`)).statusCode).toBe(400);
    expect((await get('/api/periods/2020Q9/completeness.xlsx')).statusCode).toBe(400);
    // Platforms are yearly: a quarter is no period of theirs.
    expect((await get(`/api/periods/${PERIOD}/completeness.xlsx?program=platforms`)).statusCode).toBe(400);
    expect((await exporter.dispatch(makeEvent('POST', `/api/periods/${PERIOD}/completeness.xlsx`, {}))).statusCode).toBe(405);
  });

  it('exports another program the same way: nothing expected, nothing to chase', async () => {
    const wb = await workbook(await get('/api/periods/2020/completeness.xlsx?program=platforms'));
    expect(wb.getWorksheet('报送情况')!.getCell('A1').value).toBe('2020年湖南省窗口平台报送情况统计表');
    expect(wb.getWorksheet('催报名单')!.getRow(3).getCell(1).value).toBe('(无)');
    expect(wb.getWorksheet('催报通知')!.getRow(2).getCell(1).value).toBe('本期应报平台均已报送,无需催报。');
  });
});
