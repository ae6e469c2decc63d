// The demo window-platform network (local/demo-platforms.ts, seed 003) end to end: loaded
// in-process through the API handler by the very code `npm run demo` runs
// (local/demo-platforms-load.ts: divisions, plan, registry, submitted filings, then the schedule),
// the real DynamoDB Local stream drained through the aggregator, the platform bulletin exported
// through the export handler and read back with exceljs. Every PLATFORM_DEMO_TARGETS target and the
// seed's sentences must come out; a second load must change nothing.

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPlatforms, PLATFORM_DEMO_TOTALS } from '../../local/demo-platforms';
import {
  comparePlatformTargets,
  compareSentences,
  expectedPlatformAggregate,
  loadPlatformDemo,
  PLATFORM_BULLETIN_PATH,
  type PlatformAggregate,
  type PlatformBulletinReading,
  type PlatformLoadReport,
  readPlatformAggregate,
  readPlatformBulletin,
} from '../../local/demo-platforms-load';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const exporter = await import('../../functions/export-bulletin');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { startTestPoller } = await import('../helpers/stream');
const call = caller(dispatch);

const PLATFORMS = demoPlatforms().length; // 14 市州 + 8 产业集群 + 104 县市区/园区
let poller: Awaited<ReturnType<typeof startTestPoller>>;
let first: PlatformLoadReport;
let agg: PlatformAggregate;
let xlsx: Uint8Array;
let reading: PlatformBulletinReading;

async function exportXlsx(): Promise<Uint8Array> {
  const r: APIGatewayProxyStructuredResultV2 = await exporter.dispatch(makeEvent('GET', PLATFORM_BULLETIN_PATH, undefined, { token: ADMIN }));
  expect(r.statusCode, String(r.body).slice(0, 300)).toBe(200);
  expect(r.isBase64Encoded).toBe(true);
  return new Uint8Array(Buffer.from(r.body!, 'base64'));
}

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => processStreamEvent(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
  first = await loadPlatformDemo(call);
  await poller.drain(120_000);
  agg = await readPlatformAggregate(call);
  xlsx = await exportXlsx();
  reading = await readPlatformBulletin(xlsx);
}, 300_000);

afterAll(async () => {
  await poller?.stop();
});

describe('the demo platform network loaded through the API', () => {
  it('registers and files every platform, on the default divisions', () => {
    expect(first).toMatchObject({ divisionsReset: [], platforms: PLATFORMS, created: PLATFORMS, filings: PLATFORMS, written: PLATFORMS });
    expect(PLATFORMS).toBe(126);
  });

  it('aggregates to the seed totals (every platform reporting)', () => {
    expect(agg).toEqual(expectedPlatformAggregate());
    expect(agg.reportingEntities).toBe(126n);
    expect(Object.fromEntries(Object.entries(agg.values).map(([k, v]) => [k, Number(v)]))).toEqual(PLATFORM_DEMO_TOTALS);
    expect(poller.deadLetters).toEqual([]);
  });

  it('reproduces every PLATFORM_DEMO_TARGETS target (aggregates and the exported workbook)', () => {
    const checks = comparePlatformTargets(agg, reading);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(22);
  });

  it('建设任务完成情况 and 覆盖情况: 35 / 27 / 26 / 1 / 9 / 74.29%; 104 built, 103 of 123 covered, 83.74%, 7 full cities', () => {
    expect(reading.plan).toEqual({ planned: 35, built: 27, inPlan: 26, outPlan: 1, notDone: 9, rate: '74.29%' });
    expect(reading.coverage).toEqual({
      units: 123,
      built: 104,
      covered: 103,
      rate: '83.74%',
      fullCities: ['株洲市', '湘潭市', '衡阳市', '常德市', '张家界市', '郴州市', '永州市'],
    });
  });

  it("附件1–3 rank the seed's active platforms first in each tier", () => {
    const top = (tier: 'city' | 'cluster' | 'county', n: number) => reading.ranking[tier].slice(0, n).map((r) => `${r.place} ${r.name}`);
    expect(top('city', 3)).toEqual(['1 衡阳市', '2 岳阳市', '3 郴州市']);
    expect(top('cluster', 2)).toEqual(['1 有色金属', '2 芦淞服饰']);
    expect(top('county', 5)).toEqual(['1 南县', '2 双峰县', '3 桂东县', '4 桃江县', '5 衡山县']);
    expect(reading.ranking.city).toHaveLength(14);
    expect(reading.ranking.cluster).toHaveLength(8);
    expect(reading.ranking.county).toHaveLength(104);
  });

  it("通报正文 contains the seed's sentences", () => {
    expect(compareSentences(reading).filter((s) => !s.ok)).toEqual([]);
    // The three the task quotes, literally here as well.
    expect(reading.text).toContain('全省计划建设县市区、工业园区窗口平台35家,实际完成建设27家,其中,计划内26家,计划外1家,未完成建设的9家,总体任务完成率74.29%');
    expect(reading.text).toContain('平台覆盖率达到83.74%。株洲、湘潭、衡阳、常德、张家界、郴州、永州7个市已实现县市区窗口平台全覆盖');
    expect(reading.text).toContain('衡阳、岳阳、郴州等市州平台相对活跃');
  });

  it('运行指标 and 报送情况: the province totals; all 126 filed, on time (the schedule came after the filings)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const row = (sheet: string, label: string) => {
      const ws = wb.getWorksheet(sheet)!;
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (r.getCell(1).value === label) found = r;
      });
      if (!found) throw new Error(`no row ${label} in ${sheet}`);
      return found;
    };
    expect(row('运行指标', '指标').getCell(2).value).toBe('全省');
    expect(row('运行指标', '发布政策信息(条)').getCell(2).value).toBe(177600);
    expect(row('运行指标', '新增注册企业(家)').getCell(2).value).toBe(52796);
    expect(row('运行指标', '新增服务机构(家)').getCell(2).value).toBe(925);
    expect(row('运行指标', '发布服务项目(个)').getCell(2).value).toBe(7631);
    expect(row('运行指标', '开展服务活动(次)').getCell(2).value).toBe(1984);
    expect(row('运行指标', '报送平台数(家)').getCell(2).value).toBe(126);
    // 应报 已报 按时 逾期 未报
    const total = row('报送情况', '全省合计');
    expect([3, 4, 5, 6, 7].map((c) => total.getCell(c).value)).toEqual([126, 126, 126, 0, 0]);
  });

  it('the comparison reports differences (what makes npm run demo exit non-zero)', () => {
    const off = structuredClone(reading);
    off.plan.inPlan = 25;
    off.coverage.rate = '83.61%';
    off.ranking.county = off.ranking.county.map((r, i) => (i === 0 ? { ...r, place: 6 } : r)); // 南县 no longer in the top 5
    off.text = off.text.replace('74.29%', '74.3%');
    const offAgg = { ...agg, values: { ...agg.values, demandsPublished: 900n, policyItems: 177601n } };
    const keys = comparePlatformTargets(offAgg, off)
      .filter((c) => !c.ok)
      .map((c) => c.key);
    expect(keys.sort()).toEqual(
      ['activity.county', 'coverage.rate', 'plan.inPlan', 'values.demandsPublished', 'values.demandsPublished.exact', 'values.policyItems'].sort(),
    );
    expect(compareSentences(off).filter((s) => !s.ok)).toHaveLength(1);
  });

  it('a second load changes nothing', async () => {
    const again = await loadPlatformDemo(call);
    expect(again).toMatchObject({ divisionsReset: [], created: 0, written: 0 });
    await poller.drain(60_000);
    expect(await readPlatformAggregate(call)).toEqual(agg);
    const r = await call('GET', '/api/platforms/plat-nanxian/filings/2020');
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(1);
    const c = await call('GET', '/api/periods/2020/completeness?program=platforms');
    expect(c.status).toBe(200);
    expect({ late: c.body.late, onTime: c.body.onTime, missing: c.body.missing }).toEqual({ late: 0, onTime: 126, missing: 0 });
    // The workbook's figures are the same.
    expect(await readPlatformBulletin(await exportXlsx())).toEqual(reading);
  });
});
