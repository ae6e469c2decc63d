// The bulletin export end to end on DynamoDB Local: bases file through the API handler, the
// real stream drives the aggregator (processStreamEvent), and the export handler builds the
// workbook from the live aggregates, rollups and filings. The workbook is read back with exceljs.

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { docxText } from '../helpers/office';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const exporter = await import('../../functions/export-bulletin');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { startTestPoller } = await import('../helpers/stream');
const call = caller(dispatch);

let poller: Awaited<ReturnType<typeof startTestPoller>>;
let changshaToken = '';
let baseToken = '';

const BASES = [
  { id: 'cs-01', name: '=HYPERLINK("http://x","y")', city: '长沙市', level: 'national', cohort: '第一批' },
  { id: 'cs-02', name: '麓谷创业广场', city: '长沙市', level: 'provincial', cohort: null },
  { id: 'zz-01', name: '+1 株洲创业园', city: '株洲市', level: 'provincial', cohort: '第一批' },
  { id: 'zz-02', name: '@SUM(A1)', city: '株洲市', level: 'provincial', cohort: null },
] as const;

async function put(baseId: string, period: string, status: 'draft' | 'submitted', over: Record<string, string | number>) {
  const r = await call('PUT', `/api/bases/${baseId}/filings/${period}`, {
    status,
    values: fullValues(period, over),
    confirmWarnings: true,
    explanation: '历史数据,按原报表录入',
  });
  expect([200, 201], JSON.stringify(r.body)).toContain(r.status);
}

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => processStreamEvent(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
  for (const b of BASES) {
    const r = await call('PUT', `/api/bases/${b.id}`, { name: b.name, city: b.city, county: '某区', level: b.level, cohort: b.cohort });
    expect(r.status).toBe(201);
  }
  changshaToken = (await call('POST', '/api/tokens', { role: 'city', city: '长沙市', holder: { name: '市州', phone: '0731-1234567' } })).body.token;
  baseToken = (await call('POST', '/api/tokens', { role: 'base', baseId: 'cs-02', holder: { name: '基地', phone: '13800000000' } })).body.token;
  for (const [i, b] of BASES.entries()) {
    await put(b.id, '2020Q3', 'submitted', { buildingArea: 100000 * (i + 1), operatorRevenue: 1000 + i, serviceStaff: 10 + i, 'service.info.sessions': i + 1 });
    await put(b.id, '2020Q4', 'submitted', {
      buildingArea: 110000 * (i + 1),
      operatorRevenue: `${2000 + i}.5`,
      serviceStaff: 12 + i,
      'service.info.sessions': 2 * (i + 1),
    });
  }
  for (const [i, b] of BASES.slice(0, 2).entries())
    await put(b.id, '2019Q4', 'submitted', { buildingArea: 90000 * (i + 1), operatorRevenue: 500, serviceStaff: 10 });
  // A draft never counts.
  await put('zz-02', '2020Q2', 'draft', { buildingArea: 9_000_000 });
  // The first supported year: its default comparison (1999) can hold no data.
  await put('cs-02', '2000Q1', 'submitted', { buildingArea: 50000 });
  await poller.drain(20_000);
});
afterAll(async () => {
  await poller?.stop();
});

async function get(path: string, token: string | null = ADMIN): Promise<APIGatewayProxyStructuredResultV2> {
  return exporter.dispatch(makeEvent('GET', path, undefined, { token }));
}

async function workbook(r: APIGatewayProxyStructuredResultV2): Promise<ExcelJS.Workbook> {
  expect(r.statusCode, String(r.body).slice(0, 300)).toBe(200);
  expect(r.isBase64Encoded).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
  return wb;
}

function rowOf(ws: ExcelJS.Worksheet, label: string, from = 1): ExcelJS.Row {
  for (let r = from; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === label) return ws.getRow(r);
  throw new Error(`no row "${label}" in ${ws.name}`);
}
const values = (ws: ExcelJS.Worksheet, label: string, from = 1) => {
  const row = rowOf(ws, label, from);
  return [2, 3, 4].map((c) => row.getCell(c).value);
};

describe('GET /api/bulletins/{period}.xlsx', () => {
  it('exports the annual bulletin from the live aggregates', async () => {
    const r = await get('/api/bulletins/2020.xlsx');
    const headers = r.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(headers['content-disposition']).toBe(
      `attachment; filename="tongbao-bulletin-2020-hunan.xlsx"; filename*=UTF-8''${encodeURIComponent('2020年湖南省中小微企业创业创新基地运营情况通报.xlsx')}`,
    );
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['cache-control']).toBe('no-store');
    const wb = await workbook(r);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '基本情况统计表',
      '服务情况统计表',
      '运营情况环比统计表',
      '同比对比表',
      '入驻企业情况统计表',
      '排名',
      '报送情况',
      '基地明细',
      '通报正文',
    ]);

    const basic = wb.getWorksheet('基本情况统计表')!;
    expect(basic.getCell('A1').value).toBe('2020年湖南省中小微企业创业创新基地基本情况统计表');
    expect(values(basic, '基地数量(家)')).toEqual([4, '/', null]);
    // Stocks from each base's latest quarter (Q4): 11 + 22 + 33 + 44 万平方米; the Q2 draft never counts.
    expect(values(basic, '基地建筑总面积(万平方米)')).toEqual([110, 27.5, null]);
    // Flows summed over the quarters: Q3 4006 + Q4 8008 万元 = 1.2014 亿元 (operator money in 亿元, issue 18).
    expect(values(basic, '运营单位营业收入(亿元)')[0]).toBe(1.2014);
    // Q2 holds only a draft: 0 of 4 filed it, so the year warns (first sheet, headers).
    expect(basic.getCell('A2').value).toMatch(/^注意:2020年二季度应报送基地4家,已报送0家/);
    expect(headers['x-tongbao-completeness']).toBe('0/4');
    expect(decodeURIComponent(headers['x-tongbao-warning']!)).toBe(basic.getCell('A2').value);

    const services = wb.getWorksheet('服务情况统计表')!;
    expect(rowOf(services, '信息服务').getCell(2).value).toBe(30);

    const mom = wb.getWorksheet('运营情况环比统计表')!;
    const rev = rowOf(mom, '运营单位营业收入(亿元)');
    expect([rev.getCell(2).value, rev.getCell(3).value]).toEqual([0.4006, 0.8008]);
    expect(rev.getCell(4).value).toBeCloseTo(4002 / 4006, 10);

    // 可比口径: only cs-01 and cs-02 filed in 2019 (their 2019 = 2019Q4).
    const yoy = wb.getWorksheet('同比对比表')!;
    expect(yoy.getCell('A2').value).toBe('可比口径:2019年和2020年均报送数据的2家基地');
    expect(values(yoy, '基地建筑总面积(万平方米)').slice(0, 2)).toEqual([27, 33]);

    const rank = wb.getWorksheet('排名')!;
    const inc = rowOf(rank, '运营单位企业服务人员增加最多的前5名(与2019年相比)').number;
    expect([2, 6, 7, 8].map((c) => rank.getRow(inc + 2).getCell(c).value)).toEqual(['麓谷创业广场', 3, 10, 13]);

    // Completeness for each quarter anyone filed for (Q2 has only a draft: everyone missing).
    const comp = wb.getWorksheet('报送情况')!;
    expect(rowOf(comp, '2020年二季度')).toBeDefined();
    expect(rowOf(comp, '2020年二季度未报送基地名单(4家)')).toBeDefined();
    const q4 = rowOf(comp, '2020年四季度').number;
    expect([3, 4, 7].map((c) => rowOf(comp, '全省合计', q4).getCell(c).value)).toEqual([4, 4, 0]);

    const detail = wb.getWorksheet('基地明细')!;
    const names: ExcelJS.Cell[] = [];
    detail.eachRow((row, n) => n > 2 && names.push(row.getCell(3)));
    expect(names.map((c) => c.value)).toEqual(BASES.map((b) => b.name));
    for (const c of names) expect(c.type).toBe(ExcelJS.ValueType.String);
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula))));
  });

  it('reads no filings partition whole: completeness, rows and 环比 of a year from the rollups', async () => {
    // Count the Queries per partition the annual export sends (a middleware on the one client).
    const { rawClient } = await import('../../shared/store/client');
    const queries = new Map<string, number>();
    const name = 'count-queries-per-partition';
    rawClient.middlewareStack.add(
      (next, context) => async (args) => {
        // Marshalled ({ S }) or not yet (the document client's input), depending on the order.
        const input = args.input as { ExpressionAttributeValues?: Record<string, string | { S?: string }> };
        if (context.commandName === 'QueryCommand') {
          const v = input.ExpressionAttributeValues?.[':pk'];
          const pk = (typeof v === 'string' ? v : v?.S) ?? '?';
          queries.set(pk, (queries.get(pk) ?? 0) + 1);
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const r = await get('/api/bulletins/2020.xlsx');
      expect(r.statusCode).toBe(200);
      // Before issue 16 every quarter's partition was read whole for 报送情况 (and before that the
      // 环比 quarters twice). Now only one item of each quarter no rollup has a filing in: Q1
      // (none: no block) and Q2 (a draft: a block where all 4 are missing).
      expect(Object.fromEntries([...queries].filter(([pk]) => pk.startsWith('FILING#')))).toEqual({
        'FILING#2020Q1': 1,
        'FILING#2020Q2': 1,
      });
      // …and the 环比 is the same: Q3 4006 万元 → Q4 8008 万元 over the 4 bases.
      const rev = rowOf((await workbook(r)).getWorksheet('运营情况环比统计表')!, '运营单位营业收入(亿元)');
      expect([rev.getCell(2).value, rev.getCell(3).value]).toEqual([0.4006, 0.8008]);
    } finally {
      rawClient.middlewareStack.remove(name);
    }
  });

  it('exports a quarter for one city, and a cohort comparison', async () => {
    const wb = await workbook(await get(`/api/bulletins/2020Q3.xlsx?scope=${encodeURIComponent('city:长沙市')}`));
    const basic = wb.getWorksheet('基本情况统计表')!;
    expect(basic.getCell('A1').value).toBe('2020年三季度长沙市中小微企业创业创新基地基本情况统计表');
    expect(values(basic, '基地数量(家)')[0]).toBe(2);
    expect(values(basic, '基地建筑总面积(万平方米)')[0]).toBe(30);
    // Nobody filed 2020Q2 (a draft only): no base to compare with, so no 环比 sheet of "—".
    expect(wb.getWorksheet('运营情况环比统计表')).toBeUndefined();
    const q4 = await workbook(await get(`/api/bulletins/2020Q4.xlsx?scope=${encodeURIComponent('city:长沙市')}`));
    const mom = q4.getWorksheet('运营情况环比统计表')!;
    expect(mom.getRow(2).getCell(2).value).toBe('三季度');
    const notes: string[] = [];
    mom.eachRow((row) => notes.push(String(row.getCell(1).value)));
    expect(notes.some((n) => n.startsWith('注:可比口径:2020年三季度和2020年四季度均报送数据的2家基地'))).toBe(true);

    const cohort = await workbook(await get(`/api/bulletins/2020.xlsx?cohort=${encodeURIComponent('第一批')}&top=2`));
    const yoy = cohort.getWorksheet('同比对比表')!;
    expect(yoy.getCell('A2').value).toBe('口径:第一批基地(2019年报送1家,2020年报送2家)');
    expect(values(yoy, '基地数量(家)').slice(0, 2)).toEqual([1, 2]);
    expect(cohort.getWorksheet('排名')!.getCell('A1').value).toBe('2020年湖南省中小微企业创业创新基地排名(前2名)');
  });

  it('confines a city user to its own city and refuses base users', async () => {
    const own = await workbook(await get('/api/bulletins/2020.xlsx', changshaToken));
    expect(own.getWorksheet('基本情况统计表')!.getCell('A1').value).toBe('2020年长沙市中小微企业创业创新基地基本情况统计表');
    const other = await get(`/api/bulletins/2020.xlsx?scope=${encodeURIComponent('city:株洲市')}`, changshaToken);
    expect(other.statusCode).toBe(403);
    expect((await get('/api/bulletins/2020.xlsx?scope=all', changshaToken)).statusCode).toBe(403);
    expect((await get('/api/bulletins/2020.xlsx', baseToken)).statusCode).toBe(403);
    expect((await get('/api/bulletins/2020.xlsx', null)).statusCode).toBe(401);
  });

  it('answers a period without data with 404 NO_DATA, and bad queries with 400', async () => {
    const none = await get('/api/bulletins/2018.xlsx');
    expect(none.statusCode).toBe(404);
    expect(JSON.parse(none.body!)).toEqual({ error: { code: 'NO_DATA', message: '该期暂无已提交的数据' } });
    expect((await get(`/api/bulletins/2020.xlsx?scope=${encodeURIComponent('city:湘潭市')}`)).statusCode).toBe(404);
    const bad = async (q: string) => JSON.parse((await get(`/api/bulletins/2020.xlsx?${q}`)).body!).error.code;
    expect(await bad('top=0')).toBe('INVALID_TOP');
    expect(await bad('top=51')).toBe('INVALID_TOP');
    expect(await bad('top=2.5')).toBe('INVALID_TOP');
    expect(await bad('compare=2019Q4')).toBe('INVALID_COMPARE');
    expect(await bad('compare=2020')).toBe('INVALID_COMPARE');
    expect(await bad('compare=1999')).toBe('INVALID_COMPARE');
    expect(await bad(`cohort=${'批'.repeat(31)}`)).toBe('INVALID_COHORT');
    expect(await bad(`scope=${encodeURIComponent('city:北京市')}`)).toBe('INVALID_SCOPE');
    expect(JSON.parse((await get('/api/bulletins/2020Q5.xlsx')).body!).error.code).toBe('INVALID_PERIOD');
    expect((await get('/api/bulletins/2020.pdf')).statusCode).toBe(404);
    const post = await exporter.dispatch(makeEvent('POST', '/api/bulletins/2020.xlsx', {}));
    expect(post.statusCode).toBe(405);
    expect(post.headers?.allow).toBe('GET, HEAD');
  });

  it('exports the first supported year without the default comparison, which has no data (no pages of —)', async () => {
    for (const period of ['2000Q1', '2000']) {
      const wb = await workbook(await get(`/api/bulletins/${period}.xlsx`));
      expect(wb.getWorksheet('同比对比表')).toBeUndefined();
      const text: string[] = [];
      wb.getWorksheet('通报正文')!.eachRow((row) => text.push(String(row.getCell(1).value ?? '')));
      expect(text.join('\n')).not.toContain('同比');
      // No sheet is empty of figures.
      wb.eachSheet((ws) => {
        if (ws.name === '通报正文') return;
        let numbers = 0;
        ws.eachRow((row) => row.eachCell((c) => void (c.type === ExcelJS.ValueType.Number && numbers++)));
        expect(numbers, ws.name).toBeGreaterThan(0);
      });
    }
  });
});

describe('GET /api/bulletins/{period}.docx', () => {
  it('exports the Word bulletin from the same model, with the same query, headers and file name', async () => {
    const r = await get('/api/bulletins/2020.docx');
    expect(r.statusCode, String(r.body).slice(0, 300)).toBe(200);
    const headers = r.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(headers['content-disposition']).toBe(
      `attachment; filename="tongbao-bulletin-2020-hunan.docx"; filename*=UTF-8''${encodeURIComponent('2020年湖南省中小微企业创业创新基地运营情况通报.docx')}`,
    );
    expect(headers['x-tongbao-completeness']).toBe('0/4');
    const text = await docxText(Buffer.from(r.body!, 'base64'));
    const lines = text.split('\n');
    expect(lines[0]).toBe(decodeURIComponent(headers['x-tongbao-warning']!));
    expect(lines[1]).toBe('关于湖南省中小微企业创业创新基地2020年运营情况的通报');
    expect(text).toContain('营业收入共计1.20亿元');
    expect(text).toContain('附件1\n2020年湖南省中小微企业创业创新基地基本情况统计表');
    expect(text).toContain('湖南省工业和信息化厅');
    // The 2019 comparison has data (cs-01, cs-02): 同比 is an annex and a section of the text.
    expect(text).toContain('同比对比表');
    expect(text).toContain('二、同比情况');

    // HEAD: the same headers (the web page reads the warning before downloading).
    const h = await exporter.dispatch(makeEvent('HEAD', '/api/bulletins/2020.docx', undefined, { token: ADMIN }));
    expect(h.statusCode).toBe(200);
    expect((h.headers as Record<string, string>)['x-tongbao-warning']).toBe(headers['x-tongbao-warning']);
    // A complete quarter: no warning.
    const q4 = await get('/api/bulletins/2020Q4.docx');
    expect((q4.headers as Record<string, string>)['x-tongbao-completeness']).toBe('4/4');
    expect((q4.headers as Record<string, string>)['x-tongbao-warning']).toBeUndefined();
    expect((await get('/api/bulletins/2020.pdf')).statusCode).toBe(404);
  });
});
