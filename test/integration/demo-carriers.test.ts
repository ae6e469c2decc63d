// The demo featured carriers (local/demo-carriers.ts, seed 002 and three generated ones) end to
// end: loaded in-process through the API handler by the very code `npm run demo` runs
// (local/demo-carriers-load.ts: registry, plans, submitted filings, then the schedules), the real
// DynamoDB Local stream drained through the aggregator, the self-assessment (.xlsx, .docx) and the
// province's overview exported through the export handler and read back with exceljs. Every
// CARRIER_DEMO_TARGETS target must come out; a second load must write nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARRIER_DEMO_TARGETS, demoCarriers } from '../../local/demo-carriers';
import {
  type CarrierAggregate,
  type CarrierFiles,
  type CarrierLoadReport,
  carrierAggregateEquals,
  compareCarrierTargets,
  type DemoDownload,
  expectedCarrierAggregate,
  fetchCarrierFiles,
  loadCarrierDemo,
  readCarrierAggregate,
} from '../../local/demo-carriers-load';
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

const download: DemoDownload = async (path) => {
  const r = await exporter.dispatch(makeEvent('GET', path, undefined, { token: ADMIN }));
  const body = r.body ?? '';
  return {
    status: r.statusCode ?? 200,
    contentType: String(r.headers?.['content-type'] ?? ''),
    bytes: new Uint8Array(r.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body)),
  };
};

const CARRIERS = demoCarriers().length; // seed 002 + capital, tech, talent
let poller: Awaited<ReturnType<typeof startTestPoller>>;
let first: CarrierLoadReport;
let agg: CarrierAggregate;
let files: CarrierFiles;

const auditCount = async () => {
  const r = await call('GET', '/api/audit?limit=5000');
  expect(r.status).toBe(200);
  return (r.body.entries as unknown[]).length;
};

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => processStreamEvent(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
  first = await loadCarrierDemo(call);
  await poller.drain(120_000);
  agg = await readCarrierAggregate(call);
  files = await fetchCarrierFiles(download);
}, 300_000);

afterAll(async () => {
  await poller?.stop();
});

describe('the demo carriers loaded through the API', () => {
  it('registers, plans and files every carrier (2019 and 2020), then schedules both years', () => {
    expect(first).toMatchObject({
      carriers: CARRIERS,
      created: CARRIERS,
      registryChanged: 0,
      plansWritten: CARRIERS,
      filings: 7,
      written: 7,
      schedulesWritten: 2,
    });
    expect(CARRIERS).toBe(4);
  });

  it('aggregates to what the dataset implies (funds in 元, indicators judged/met)', () => {
    expect(carrierAggregateEquals(agg, expectedCarrierAggregate())).toBe(true);
    expect(agg.reportingEntities).toBe(4n);
    // The seed carrier judges 23 (its 产业集聚度 has no 2020 target), the capital one 4 (资本对接路演
    // added with a 2019 baseline), tech and talent 3 each.
    expect(agg.values['sum.indicatorsJudged']).toBe(23n + 4n + 3n + 3n);
    expect(poller.deadLetters).toEqual([]);
  });

  it('reproduces every CARRIER_DEMO_TARGETS target, the overview and the Word file', () => {
    const checks = compareCarrierTargets(agg, files);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.length).toBe(CARRIER_DEMO_TARGETS.length + 12);
  });

  it("seed 002's verdicts, exact where the seed's arithmetic slips", () => {
    const ind = files.assessment.indicators;
    // 资本服务机构 17 vs 28: 未完成, 差11
    expect(ind.get('合作的资本服务机构数')).toMatchObject({ actual: '17', verdict: '未完成', gap: '11' });
    // 大赛路演 285 vs 305: 差20 (the seed prints 差16)
    expect(ind.get('组织创新创业大赛和项目路演总次数')).toMatchObject({ actual: '285', verdict: '未完成', gap: '20' });
    // 辐射企业 183 vs 102: +79.4% (the seed prints 179%)
    expect(ind.get('支持开发区以外的中小企业数')).toMatchObject({ actual: '183', previous: '102', verdict: '完成', gap: '', growth: '79.4%' });
    // 85% disbursed: 2380.00 + 1020.00 of 4000.00
    expect(files.assessment.disbursedByYear).toEqual(
      new Map([
        ['2019', '2380.00'],
        ['2020', '1020.00'],
      ]),
    );
    expect(files.assessment.received).toBe('4000.00');
    expect(files.assessment.disbursed).toBe('3400.00');
    expect(files.assessment.rate).toBe('85.00%');
    expect([files.assessment.judged, files.assessment.met]).toEqual(['23', '21']);
    expect(files.docx).toMatchObject({ status: 200, zip: true });
    expect(files.docx.bytes).toBeGreaterThan(1000);
  });

  it('the comparison reports differences (what makes npm run demo exit non-zero)', () => {
    const off = structuredClone(files);
    off.assessment.indicators.set('组织创新创业大赛和项目路演总次数', { ...off.assessment.indicators.get('组织创新创业大赛和项目路演总次数')!, gap: '16' });
    off.assessment.rate = '85.01%';
    off.docx.contentType = 'application/octet-stream';
    const offAgg = { ...agg, values: { ...agg.values, 'sum.indicatorsMet': agg.values['sum.indicatorsMet']! + 1n } };
    expect(
      compareCarrierTargets(offAgg, off)
        .filter((c) => !c.ok)
        .map((c) => c.key)
        .sort(),
    ).toEqual(['agg.sum.indicatorsMet', 'docx', 'funds.rate', 'indicator.contests'].sort());
  });

  it('a second load writes nothing', async () => {
    const before = await auditCount();
    const again = await loadCarrierDemo(call);
    expect(again).toMatchObject({ created: 0, registryChanged: 0, plansWritten: 0, written: 0, schedulesWritten: 0 });
    expect(await auditCount()).toBe(before);
    await poller.drain(60_000);
    expect(await readCarrierAggregate(call)).toEqual(agg);
    const f = await call('GET', '/api/carriers/hy-gxq-integration/filings/2020');
    expect(f.status).toBe(200);
    expect(f.body.version).toBe(1);
    const plan = await call('GET', '/api/carriers/hy-gxq-integration/plan/history');
    expect(plan.body.versions).toHaveLength(1);
    const c = await call('GET', '/api/periods/2020/completeness?program=carriers');
    expect(c.status).toBe(200);
    expect({ late: c.body.late, onTime: c.body.onTime, missing: c.body.missing }).toEqual({ late: 0, onTime: 4, missing: 0 });
    expect(compareCarrierTargets(await readCarrierAggregate(call), await fetchCarrierFiles(download)).filter((x) => !x.ok)).toEqual([]);
  });
});
