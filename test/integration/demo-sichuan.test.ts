// The Sichuan demo (local/demo-sichuan.ts, seed 004) end to end on a PROVINCE=四川省 deployment:
// loaded in-process through the API handler by the very code `npm run demo` runs against a
// Sichuan server (local/demo-sichuan-load.ts: registry, designations, submitted 2021Q4 filings,
// then the schedule), the real DynamoDB Local stream drained through the aggregator, the 2021Q4
// bulletin exported through the export handler and read back with exceljs. Seed 004's figures
// (2021: 6 recommended, 6 designated national; 26 national 家(次); 210余 provincial 家(次)) must
// come out, and a second load must write nothing.
//
// PROVINCE is read once when shared/config.ts is first imported (see province-sichuan.test.ts):
// set it, reset the module registry, then import the handlers and the loader afresh.

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';

process.env.ADMIN_TOKEN = ADMIN;
process.env.PROVINCE = '四川省';
const table = useLocalTable();
vi.resetModules();
const { config } = await import('../../shared/config');
const { dispatch } = await import('../../functions/api');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const exporter = await import('../../functions/export-bulletin');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { startTestPoller } = await import('../helpers/stream');
const load = await import('../../local/demo-sichuan-load');
const { sichuanDataset, SEED_004_BASES, SICHUAN_DEMO_TARGETS } = await import('../../local/demo-sichuan');
const call = caller(dispatch);

let poller: Awaited<ReturnType<typeof startTestPoller>>;
let first: Awaited<ReturnType<typeof load.loadSichuanDemo>>;
let agg: Awaited<ReturnType<typeof load.readSichuanAggregate>>;
let summary: Awaited<ReturnType<typeof load.readSichuanSummary>>;
let reading: Awaited<ReturnType<typeof load.readSichuanBulletin>>;

async function exportXlsx(): Promise<Uint8Array> {
  const r: APIGatewayProxyStructuredResultV2 = await exporter.dispatch(makeEvent('GET', load.SICHUAN_BULLETIN_PATH, undefined, { token: ADMIN }));
  expect(r.statusCode, String(r.body).slice(0, 300)).toBe(200);
  return new Uint8Array(Buffer.from(r.body!, 'base64'));
}

const auditCount = async () => {
  const r = await call('GET', '/api/audit?limit=5000');
  expect(r.status).toBe(200);
  return (r.body.entries as unknown[]).length;
};

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => processStreamEvent(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
  first = await load.loadSichuanDemo(call);
  await poller.drain(180_000);
  agg = await load.readSichuanAggregate(call);
  summary = await load.readSichuanSummary(call);
  reading = await load.readSichuanBulletin(await exportXlsx());
}, 400_000);

afterAll(async () => {
  await poller?.stop();
});

describe('the Sichuan demo loaded through the API (PROVINCE=四川省)', () => {
  it('runs on a Sichuan deployment and writes everything once', () => {
    expect(config.province.name).toBe('四川省');
    const { bases, designations, filings } = sichuanDataset();
    expect(first).toMatchObject({
      bases: 204,
      created: 204,
      registryChanged: 0,
      designations: designations.length,
      designationsWritten: designations.length,
      filings: 200,
      written: 200,
      scheduleWritten: 1,
    });
    expect(bases.length).toBe(204);
    expect(filings.size).toBe(200);
    // Over all 21 市州, the seed's six among them.
    expect(new Set(bases.map((b) => b.city)).size).toBe(21);
    for (const s of SEED_004_BASES) expect(bases.find((b) => b.baseId === s.baseId)).toMatchObject({ name: s.name, city: s.city, county: s.county });
    expect(bases.every((b) => b.baseId.startsWith('sc-'))).toBe(true);
  });

  it("the designations summary gives seed 004's figures", () => {
    const row = (year: number, level: string) => summary.find((r) => r.year === year && r.level === level)!;
    expect(row(2021, 'national')).toEqual({
      year: 2021,
      level: 'national',
      recommended: 6,
      designated: 6,
      successRate: 1,
      cumulativeTimes: 26,
      cumulativeBases: 26,
    });
    const p = row(2021, 'provincial');
    expect(p.cumulativeTimes).toBe(212);
    expect(p.cumulativeTimes).toBeGreaterThanOrEqual(210);
    // 家(次) > bases: 8 bases designated twice (re-designated after a revocation).
    expect(p.cumulativeBases).toBe(204);
    // Earlier years: some recommended but not designated, so the success rates vary.
    const rates = new Set(summary.filter((r) => r.level === 'national' && r.recommended > 0).map((r) => r.successRate));
    expect(rates.size).toBeGreaterThan(2);
    expect(summary).toEqual(load.expectedSichuanSummary());
  });

  it('aggregates 2021Q4 by the level in force: 200 bases, 25 国家级 (one national designation revoked), 175 省级', () => {
    expect(load.sichuanAggregateEquals(agg, load.expectedSichuanAggregate())).toBe(true);
    expect(agg.all.reportingBases).toBe(200n);
    expect(agg['level:national'].reportingBases).toBe(BigInt(SICHUAN_DEMO_TARGETS.nationalInForce));
    expect(agg['level:provincial'].reportingBases).toBe(175n);
    expect(poller.deadLetters).toEqual([]);
  });

  it("the 2021Q4 bulletin is Sichuan's and lists the six 已认定", () => {
    expect(reading.title).toBe('2021年四季度四川省中小微企业创业创新基地基本情况统计表');
    expect([reading.bases, reading.national, reading.provincial]).toEqual([200, 25, 175]);
    expect(reading.sheetNames).toContain('示范基地认定情况');
    const six = reading.list.filter((r) => r.level === '国家级');
    expect(six.map((r) => r.name).sort()).toEqual(SEED_004_BASES.map((b) => b.name).sort());
    expect(six.every((r) => r.status === '已认定' && r.recommendedBy === '四川省经济和信息化厅')).toBe(true);
    expect(reading.summary.find((r) => r.year === 2021 && r.level === '国家级')).toMatchObject({
      recommended: 6,
      designated: 6,
      rate: '100.0%',
      times: 26,
      bases: 26,
    });
    expect(reading.text).toContain('四川省经济和信息化厅');
    expect(reading.text).not.toMatch(/湖南/);
  });

  it('every check of the comparison passes', () => {
    const checks = load.compareSichuanTargets(summary, agg, reading);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(30);
  });

  it('the comparison reports differences (what makes npm run demo exit non-zero)', () => {
    const off = structuredClone(reading);
    off.national = 26;
    off.list = off.list.map((r) =>
      r.name === '绵阳智汇谷创新孵化器' ? { ...r, status: '已推荐' } : r.name === '自贡高新区南岸科技新区' ? { ...r, county: '大安区' } : r,
    );
    const offSummary = summary.map((r) => (r.year === 2021 && r.level === 'provincial' ? { ...r, cumulativeTimes: 205 } : r));
    const keys = load
      .compareSichuanTargets(offSummary, agg, off)
      .filter((c) => !c.ok)
      .map((c) => c.key);
    expect(keys.sort()).toEqual(
      [
        'bulletin.national',
        'bulletin.six',
        'bulletin.six.status',
        'provincial.cumulativeTimes',
        'provincial.cumulativeTimes.seed',
        'summary.2021.provincial',
      ].sort(),
    );
  });

  it('a second load writes nothing', async () => {
    const before = await auditCount();
    const again = await load.loadSichuanDemo(call);
    expect(again).toMatchObject({ created: 0, registryChanged: 0, designationsWritten: 0, written: 0, scheduleWritten: 0 });
    expect(await auditCount()).toBe(before);
    await poller.drain(60_000);
    expect(await load.readSichuanAggregate(call)).toEqual(agg);
    const f = await call('GET', '/api/bases/sc-cd-uestc-west/filings/2021Q4');
    expect(f.status).toBe(200);
    expect(f.body.version).toBe(1);
    const c = await call('GET', '/api/periods/2021Q4/completeness');
    expect(c.status).toBe(200);
    expect({ late: c.body.late, onTime: c.body.onTime, missing: c.body.missing }).toEqual({ late: 0, onTime: 200, missing: 0 });
    expect(await load.readSichuanBulletin(await exportXlsx())).toEqual(reading);
  });
});
