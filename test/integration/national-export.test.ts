// The national bulletin exported asynchronously, locally end to end (README "National
// deployment"): the local stack (local/stack.ts, as `npm start` wires it) on DynamoDB Local with
// its real stream — POST a job, the stream's INSERT builds it in the export function, the file
// lands in the local object store, GET returns a signed link that expires; the workbook's rows
// are the provinces' aggregates. A forged or expired link is refused.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { makeRng, typedValues } from '../helpers/scenario';

process.env.ADMIN_TOKEN = ADMIN;
process.env.PROVINCE = '全国';
process.env.OBJECT_URL_SECRET = 'test-object-url-secret';
delete process.env.EXPORT_BUCKET;
delete process.env.PUBLIC_URL;
const table = useLocalTable();
const dataDir = mkdtempSync(join(tmpdir(), 'tongbao-national-export-'));
process.env.DATA_DIR = dataDir;
const { startLocalStack } = await import('../../local/stack');
const { objectStore } = await import('../../shared/store/objects');

let stack: Awaited<ReturnType<typeof startLocalStack>>;
const api = async (method: string, path: string, body?: unknown, token = ADMIN) => {
  const r = await fetch(`${stack.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests walk arbitrary JSON response bodies; expect() checks their shape
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: r.status, body: parsed, text, headers: r.headers };
};

const BASES = [
  ['ne-1', '湖南省', '长沙市'],
  ['ne-2', '湖南省', '株洲市'],
  ['ne-3', '四川省', '成都市'],
  ['ne-4', '广东省', '深圳市'],
  ['ne-5', '上海市', '上海市'],
] as const;

beforeAll(async () => {
  await table.setup();
  stack = await startLocalStack({ dataDir, port: 0, host: '127.0.0.1', name: 'national-export-test' });
  const rng = makeRng(21);
  for (const [id, province, city] of BASES) {
    expect((await api('PUT', `/api/bases/${id}`, { name: `基地${id}`, province, city, county: '某区', level: 'provincial' })).status).toBe(201);
    for (const q of [1, 2, 3, 4]) {
      const { typed } = typedValues(`2021Q${q}`, rng);
      const r = await api('PUT', `/api/bases/${id}/filings/2021Q${q}`, {
        status: 'submitted',
        values: typed,
        confirmWarnings: true,
        explanation: '历史数据,按原报表录入',
      });
      expect([200, 201]).toContain(r.status);
    }
  }
  await stack.drain(30_000);
}, 120_000);
afterAll(async () => {
  await stack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitDone(jobId: string) {
  for (let i = 0; i < 200; i++) {
    const r = await api('GET', `/api/exports/national-bulletins/${jobId}`);
    expect(r.status).toBe(200);
    if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('export job did not finish');
}

describe('the national bulletin, exported asynchronously', () => {
  let url: string;

  it('queues a job, builds it from the stream, and links the workbook: provinces as rows with their totals', async () => {
    const created = await api('POST', '/api/exports/national-bulletins', { period: '2021' });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: 'queued', period: '2021', kind: 'national-bulletin', scope: 'national', requestedBy: 'admin' });
    expect(created.headers.get('location')).toBe(`/api/exports/national-bulletins/${created.body.jobId}`);
    const done = await waitDone(created.body.jobId);
    expect(done).toMatchObject({ status: 'done', attempts: 1 });
    expect(done.bytes).toBeGreaterThan(1000);
    expect(done.objectKey).toBeUndefined(); // the link, not the key
    expect(Date.parse(done.urlExpiresAt) - Date.now()).toBeGreaterThan(60_000);
    url = done.url;
    expect(url.startsWith(`${stack.server.url}/objects/exports/${created.body.jobId}.xlsx?`)).toBe(true);

    const file = await fetch(url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('全国中小微企业创业创新基地分省统计表'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await file.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row) => rows.set(String(row.getCell(2).value ?? ''), row));
    const header = sheet.getRow(2);
    const col = (label: string) => {
      let found = 0;
      header.eachCell((c, n) => {
        if (String(c.value).startsWith(label)) found ||= n;
      });
      return found;
    };
    const revenueCol = col('运营单位营业收入');
    expect(revenueCol).toBeGreaterThan(0);
    // Every province and the national total equal the live aggregates (万元, 0 dp after ÷ 10^0…: the form unit).
    for (const [name, scope] of [
      ['湖南省', 'province:湖南省'],
      ['四川省', 'province:四川省'],
      ['广东省', 'province:广东省'],
      ['上海市', 'province:上海市'],
      ['全国合计', 'all'],
    ] as const) {
      const agg = await api('GET', `/api/aggregates/2021?scope=${encodeURIComponent(scope)}`);
      expect(agg.status).toBe(200);
      const row = rows.get(name)!;
      expect(row, name).toBeDefined();
      expect(row.getCell(3).value, `${name} 基地数量`).toBe(agg.body.reportingBases);
      // operatorRevenue: 元 in the aggregate, 万元 (4 dp) in the sheet.
      expect(Math.round(Number(row.getCell(revenueCol).value) * 10_000), `${name} 营业收入`).toBe(Number(agg.body.values.operatorRevenue));
    }
    expect(rows.get('全国合计')!.getCell(3).value).toBe(5);
    expect(rows.get('北京市')!.getCell(3).value).toBe(0); // all 31 provinces listed, empty ones as 0
    expect([...rows.keys()].filter((k) => k.endsWith('省') || k.endsWith('市') || k.endsWith('区')).length).toBe(31);
  });

  it('refuses a forged link, a link for another file and an expired one', async () => {
    const u = new URL(url);
    const sig = u.searchParams.get('sig')!;
    const forged = new URL(url);
    forged.searchParams.set('sig', `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
    expect((await fetch(forged)).status).toBe(403);
    const longer = new URL(url);
    longer.searchParams.set('expires', String(Number(u.searchParams.get('expires')) + 3600));
    expect((await fetch(longer)).status).toBe(403);
    const other = new URL(url.replace(/exports\/[0-9a-f]+\.xlsx/, 'exports/0000000000aaaaaaaaaa.xlsx'));
    expect((await fetch(other)).status).toBe(403);
    const renamed = new URL(url);
    renamed.searchParams.set('name', 'evil.xlsx');
    expect((await fetch(renamed)).status).toBe(403);
    // Signed correctly but an hour ago for 15 minutes: expired.
    const key = u.pathname.slice('/objects/'.length);
    const expired = await objectStore().presign(key, 'x.xlsx', 900, new Date(Date.now() - 3600_000));
    expect((await fetch(expired)).status).toBe(403);
    // The same link signed now works: only the expiry refused it.
    expect((await fetch(await objectStore().presign(key, 'x.xlsx', 900))).status).toBe(200);
  });

  it('is for a national admin only, and checks the period', async () => {
    const issued = await api('POST', '/api/tokens', { role: 'admin', province: '湖南省', holder: { name: '湖南管理员', phone: '0731-1234567' } });
    expect(issued.status).toBe(201);
    expect((await api('POST', '/api/exports/national-bulletins', { period: '2021' }, issued.body.token)).status).toBe(403);
    expect((await api('POST', '/api/exports/national-bulletins', { period: '2021Q5' })).status).toBe(400);
    expect((await api('POST', '/api/exports/national-bulletins', {})).status).toBe(400);
    expect((await api('GET', '/api/exports/national-bulletins/ffffffffffffffffffff')).status).toBe(404);
    expect((await api('GET', '/api/exports/national-bulletins/../../etc')).status).toBe(404);
    expect((await api('GET', '/api/exports/national-bulletins')).status).toBe(405);
  });
});
