// SPEC §11 "published figures never move", end to end on DynamoDB Local and its stream: a small
// province files 2020 and 2021Q1–Q2 through the API handler, the real stream drives the
// aggregator, every 2020 bulletin is exported (export handler, read back with exceljs); then from
// 2021 bases move, are re-cohorted and designated, and every 2020 bulletin is exported again and
// must be equal cell for cell, while 2021 reflects the changes. A correction dated 2020Q3 moves
// exactly 2020Q3, 2020Q4, the year 2020 and 2021. Every aggregate is compared with sums computed
// in this file from what was sent and the registry history as the test knows it; a fault run has
// a registry change race filings of both years under redelivery and crashes mid-batch.

import type { APIGatewayProxyStructuredResultV2, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { makeRng, typedValues } from '../helpers/scenario';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const exporter = await import('../../functions/export-bulletin');
const { reconcilePeriod } = await import('../../shared/use-cases/reconcile-period');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { chineseDate } = await import('../../shared/bulletin/numbers');
const { startTestPoller } = await import('../helpers/stream');
const { PLATFORMS } = await import('../../shared/program');
const call = caller(dispatch);

// biome-ignore lint/suspicious/noConfusingVoidType: the Lambda stream handler contract: a handler may return nothing (all records ok) or a batch response
type Handler = (e: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
let current: Handler = (e) => processStreamEvent(e);
let poller: Awaited<ReturnType<typeof startTestPoller>>;

// ---- the registry as the test knows it: attributes from a period on, and designations ---------

type Level = 'national' | 'provincial';
interface Attrs {
  city: string;
  county: string;
  level: Level;
  cohort: string | null;
}
interface Entry extends Attrs {
  from: string | null;
}
const NAMES = new Map<string, string>();
const history = new Map<string, Entry[]>();
const designations = new Map<string, Array<{ year: number; level: Level; status: string; revokedFrom?: number }>>();

/** A quarter's ordinal; a period's start (from) and its place in time (a year: its last quarter). */
const qOrd = (p: string) => Number(p.slice(0, 4)) * 10 + Number(p.slice(5));
const startOrd = (p: string) => (/^\d{4}$/.test(p) ? Number(p) * 10 + 1 : qOrd(p));
const atOrd = (p: string) => (/^\d{4}$/.test(p) ? Number(p) * 10 + 4 : qOrd(p));

function attrsAt(baseId: string, period: string): Attrs {
  const e = history
    .get(baseId)!
    .filter((h) => h.from === null || startOrd(h.from) <= atOrd(period))
    .at(-1)!;
  const y = Number(period.slice(0, 4));
  const held = (designations.get(baseId) ?? []).filter((d) => (d.status === 'designated' || (d.status === 'revoked' && y < d.revokedFrom!)) && d.year <= y);
  const level: Level = held.some((d) => d.level === 'national') ? 'national' : held.some((d) => d.level === 'provincial') ? 'provincial' : e.level;
  return { ...e, level };
}
const scopesAt = (baseId: string, period: string) => {
  const a = attrsAt(baseId, period);
  return ['all', `city:${a.city}`, `level:${a.level}`, ...(a.cohort ? [`cohort:${a.cohort}`] : [])];
};

async function putBase(baseId: string, attrs: Attrs, effectiveFrom?: string) {
  const r = await call('PUT', `/api/bases/${baseId}`, { name: NAMES.get(baseId), ...attrs, ...(effectiveFrom ? { effectiveFrom } : {}) });
  expect([200, 201], r.text).toContain(r.status);
  const h = history.get(baseId);
  if (!h) history.set(baseId, [{ from: null, ...attrs }]);
  else history.set(baseId, [...h.filter((e) => e.from === null || startOrd(e.from) < startOrd(effectiveFrom!)), { from: effectiveFrom!, ...attrs }]);
  return r;
}

async function designate(baseId: string, year: number, level: Level, status: string, extra: Record<string, unknown> = {}) {
  const r = await call('PUT', `/api/bases/${baseId}/designations/${year}-${level}`, { status, ...extra });
  expect(r.status, r.text).toBe(200);
  const list = (designations.get(baseId) ?? []).filter((d) => !(d.year === year && d.level === level));
  designations.set(baseId, [...list, { year, level, status, ...(typeof extra.revokedFrom === 'number' ? { revokedFrom: extra.revokedFrom } : {}) }]);
}

// ---- filings and the expected aggregates, computed here -------------------------------------------

const STOCKS = new Set([
  'buildingArea',
  'selfOwnedArea',
  'standardFactoryArea',
  'avgRent',
  'avgSalePrice',
  'serviceStaff',
  'certifiedMentors',
  'operatorAssets',
  'thirdPartyProviders',
  'residentEnterprises',
  'smallMicroEnterprises',
  'reportingEnterprises',
  'highTechEnterprises',
  'employees',
  'enterpriseAssets',
  'trademarks',
  'softwareCopyrights',
  'inventionPatents',
  'utilityPatents',
  'designPatents',
]);
const submitted = new Map<string, Record<string, bigint>>();

async function file(baseId: string, period: string, rng: () => number) {
  const { typed, base } = typedValues(period, rng);
  const r = await call('PUT', `/api/bases/${baseId}/filings/${period}`, {
    status: 'submitted',
    values: typed,
    confirmWarnings: true,
    explanation: '历史数据,按原报表录入',
  });
  expect([200, 201], r.text).toContain(r.status);
  submitted.set(`${baseId}|${period}`, base);
}

function expected(period: string, scope: string): { reportingBases: bigint; values: Record<string, bigint> } {
  const out = { reportingBases: 0n, values: {} as Record<string, bigint> };
  const add = (code: string, v: bigint) => (out.values[code] = (out.values[code] ?? 0n) + v);
  for (const baseId of history.keys()) {
    if (!scopesAt(baseId, period).includes(scope)) continue;
    if (period.includes('Q')) {
      const v = submitted.get(`${baseId}|${period}`);
      if (!v) continue;
      out.reportingBases++;
      for (const [code, x] of Object.entries(v)) add(code, x);
      continue;
    }
    const qs = [1, 2, 3, 4].map((q) => submitted.get(`${baseId}|${period}Q${q}`)).filter((v) => !!v);
    if (!qs.length) continue;
    out.reportingBases++;
    for (const v of qs) for (const [code, x] of Object.entries(v)) if (!STOCKS.has(code)) add(code, x);
    for (const [code, x] of Object.entries(qs.at(-1)!)) if (STOCKS.has(code)) add(code, x);
  }
  return out;
}

/** Reads a number from the JSON text exactly (sums may exceed 2^53 in principle). */
function rawNumber(text: string, code: string): bigint {
  const m = new RegExp(`"values":\\{[^}]*"${code.replace(/\./g, '\\.')}":(-?\\d+)`).exec(text);
  if (!m) throw new Error(`no value for ${code}`);
  return BigInt(m[1]!);
}

const SCOPES = [
  'all',
  'level:national',
  'level:provincial',
  'city:长沙市',
  'city:株洲市',
  'city:湘潭市',
  'city:衡阳市',
  'city:岳阳市',
  'cohort:第一批',
  'cohort:第二批',
  'cohort:第三批',
];
const PERIODS = ['2020Q1', '2020Q2', '2020Q3', '2020Q4', '2020', '2021Q1', '2021Q2', '2021'];

/** The live aggregates, every period and scope: reporting bases and every value. */
async function liveAggregates(): Promise<Map<string, { reportingBases: bigint; values: Record<string, bigint> }>> {
  const out = new Map<string, { reportingBases: bigint; values: Record<string, bigint> }>();
  for (const period of PERIODS)
    for (const scope of SCOPES) {
      const r = await call('GET', `/api/aggregates/${period}?scope=${encodeURIComponent(scope)}`);
      expect(r.status, r.text).toBe(200);
      const values = Object.fromEntries(Object.keys(r.body.values as object).map((code) => [code, rawNumber(r.text, code)]));
      out.set(`${period} ${scope}`, { reportingBases: BigInt(r.text.match(/"reportingBases":(\d+)/)![1]!), values });
    }
  return out;
}

/** The live aggregates equal the recomputation; reconcile finds no drift. */
async function assertExact() {
  await poller.drain(30_000);
  const live = await liveAggregates();
  for (const [key, got] of live) {
    const [period, scope] = key.split(' ') as [string, string];
    const want = expected(period, scope);
    expect({ key, reportingBases: got.reportingBases }).toEqual({ key, reportingBases: want.reportingBases });
    for (const [code, v] of Object.entries(got.values)) expect({ key, code, v }).toEqual({ key, code, v: want.values[code] ?? 0n });
  }
  for (const year of ['2020', '2021']) {
    const report = await reconcilePeriod(year);
    expect(
      report.periods.flatMap((p) => p.drift),
      year,
    ).toEqual([]);
  }
  return live;
}

// ---- bulletins --------------------------------------------------------------------------------

async function exportXlsx(period: string, query: string): Promise<APIGatewayProxyStructuredResultV2> {
  return exporter.dispatch(makeEvent('GET', `/api/bulletins/${period}.xlsx${query}`, undefined, {}));
}

interface Snapshot {
  sheets: string[];
  numbers: Record<string, unknown>;
  texts: Record<string, unknown>;
}

/** Every cell of the workbook: numbers (with their format) and texts, the generated date masked. */
async function snapshot(r: APIGatewayProxyStructuredResultV2): Promise<Snapshot> {
  expect(r.statusCode, String(r.body).slice(0, 300)).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
  const today = chineseDate(new Date());
  const out: Snapshot = { sheets: wb.worksheets.map((w) => w.name), numbers: {}, texts: {} };
  for (const ws of wb.worksheets)
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const key = `${ws.name}!${cell.address}`;
        const v = cell.value;
        if (typeof v === 'number') out.numbers[key] = [v, cell.numFmt ?? null];
        else out.texts[key] = JSON.stringify(v).replaceAll(today, '<date>');
      }),
    );
  return out;
}

const BULLETIN_PERIODS = ['2020', '2020Q1', '2020Q2', '2020Q3', '2020Q4'];
const BULLETIN_SCOPES = ['all', 'city:长沙市', 'city:株洲市', 'level:national', 'cohort:第一批'];

async function export2020(): Promise<Map<string, Snapshot>> {
  const out = new Map<string, Snapshot>();
  for (const period of BULLETIN_PERIODS)
    for (const scope of BULLETIN_SCOPES) out.set(`${period} ${scope}`, await snapshot(await exportXlsx(period, `?scope=${encodeURIComponent(scope)}`)));
  return out;
}

function expectSameFigures(before: Snapshot, after: Snapshot, label: string) {
  expect(after.sheets, label).toEqual(before.sheets);
  expect(after.numbers, label).toEqual(before.numbers);
  expect(after.texts, label).toEqual(before.texts);
}

// ---- the province -------------------------------------------------------------------------------

const CITIES = ['长沙市', '株洲市', '湘潭市'] as const;
const COHORTS = ['第一批', '第二批', null] as const;
const QUARTERS = ['2020Q1', '2020Q2', '2020Q3', '2020Q4', '2021Q1', '2021Q2'];
const initial = (i: number): Attrs => ({
  city: CITIES[i % 3]!,
  county: `某县${i % 3}`,
  level: i % 4 === 0 ? 'national' : 'provincial',
  cohort: COHORTS[i % 3]!,
});

let first2020: Map<string, Snapshot>;
let afterMoves2020: Map<string, Snapshot>;
let liveBefore: Map<string, { reportingBases: bigint; values: Record<string, bigint> }>;

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => current(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)), batchSize: 25 });
  for (let i = 0; i < 12; i++) {
    NAMES.set(`base-${i}`, `测试基地${i}`);
    expect((await putBase(`base-${i}`, initial(i))).status).toBe(201);
  }
  // base-1 was designated provincial in 2018: the 示范基地认定情况 sheet is in every 2020 bulletin.
  await designate('base-1', 2018, 'provincial', 'designated', { document: '湘工信〔2018〕1号', recommendedBy: '株洲市工信局' });
  const rng = makeRng(11);
  for (const period of QUARTERS)
    for (let i = 0; i < 12; i++) {
      // A few never file a quarter; a few correct theirs.
      if ((i === 11 && period === '2020Q2') || (i === 10 && period === '2021Q2')) continue;
      await file(`base-${i}`, period, rng);
      if ((i + qOrd(period)) % 5 === 0) await file(`base-${i}`, period, rng);
    }
  await poller.drain(30_000);
}, 300_000);
afterAll(async () => {
  await poller?.stop();
});

describe('published figures never move (SPEC §11)', () => {
  it('loads the province: aggregates exact, every 2020 bulletin exported', async () => {
    liveBefore = await assertExact();
    first2020 = await export2020();
    // The base bulletin of 2020 carries the 2018 designation.
    expect(first2020.get('2020 all')!.sheets).toContain('示范基地认定情况');
  }, 300_000);

  it('moves, re-cohorting and designations from 2021 leave every 2020 bulletin and aggregate as it was', async () => {
    // 2021Q2 in 衡阳市: nobody there yet.
    expect((await exportXlsx('2021Q2', `?scope=${encodeURIComponent('city:衡阳市')}`)).statusCode).toBe(404);
    await putBase('base-1', { ...initial(1), city: '衡阳市', county: '雁峰区' }, '2021Q1');
    await putBase('base-5', { ...initial(5), city: '衡阳市', county: '石鼓区' }, '2021Q1');
    await putBase('base-3', { ...initial(3), cohort: '第三批' }, '2021Q1');
    // base-1 (provincial) designated national for 2021; base-2 recommended, not designated.
    await designate('base-1', 2021, 'national', 'designated', { document: '工信部企业函〔2021〕7号', recommendedBy: '湖南省工业和信息化厅' });
    await designate('base-2', 2021, 'national', 'recommended', { recommendedBy: '湖南省工业和信息化厅' });
    await designate('base-2', 2021, 'national', 'not-designated', { recommendedBy: '湖南省工业和信息化厅' });
    const live = await assertExact();

    // Every 2020 aggregate is exactly what it was.
    for (const period of PERIODS.filter((p) => p.startsWith('2020')))
      for (const scope of SCOPES) expect(live.get(`${period} ${scope}`), `${period} ${scope}`).toEqual(liveBefore.get(`${period} ${scope}`));
    // 2021 moved: 衡阳市 has the two moved bases, 株洲市 and 湘潭市 lost one each, national up by one.
    const n = (period: string, scope: string) => live.get(`${period} ${scope}`)!.reportingBases;
    const was = (period: string, scope: string) => liveBefore.get(`${period} ${scope}`)!.reportingBases;
    for (const p of ['2021Q1', '2021Q2', '2021']) {
      expect([p, n(p, 'city:衡阳市')]).toEqual([p, 2n]);
      expect([p, n(p, 'city:株洲市')]).toEqual([p, was(p, 'city:株洲市') - 1n]);
      expect([p, n(p, 'city:湘潭市')]).toEqual([p, was(p, 'city:湘潭市') - 1n]);
      expect([p, n(p, 'level:national')]).toEqual([p, was(p, 'level:national') + 1n]);
      expect([p, n(p, 'cohort:第三批')]).toEqual([p, 1n]);
    }
    expect(n('2020Q4', 'city:衡阳市')).toBe(0n);

    // Every 2020 bulletin equal, cell for cell.
    afterMoves2020 = await export2020();
    for (const [k, s] of first2020) expectSameFigures(s, afterMoves2020.get(k)!, k);

    // The designations API.
    const list = await call('GET', '/api/designations?year=2021&level=national');
    expect(list.status).toBe(200);
    expect(list.body.designations.map((d: { baseId: string; status: string; city: string }) => [d.baseId, d.status, d.city])).toEqual([
      ['base-1', 'designated', '衡阳市'],
      ['base-2', 'not-designated', '湘潭市'],
    ]);
    const summary = (await call('GET', '/api/designations/summary')).body.summary as Array<Record<string, unknown>>;
    expect(summary).toContainEqual({ year: 2021, level: 'national', recommended: 2, designated: 1, successRate: 0.5, cumulativeTimes: 1, cumulativeBases: 1 });
    expect(summary).toContainEqual({
      year: 2021,
      level: 'provincial',
      recommended: 0,
      designated: 0,
      successRate: null,
      cumulativeTimes: 1,
      cumulativeBases: 1,
    });

    // The 2021Q2 bulletin: 衡阳市 exists; the sheet lists the 2021 designations with the summary.
    const hy = await snapshot(await exportXlsx('2021Q2', `?scope=${encodeURIComponent('city:衡阳市')}`));
    expect(hy.numbers['基本情况统计表!B' + findRow(hy, '基本情况统计表', '基地数量(家)')]).toEqual([2, expect.anything()]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from((await exportXlsx('2021Q2', '?scope=all')).body!, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('示范基地认定情况')!;
    expect(ws, 'the 示范基地认定情况 sheet').toBeTruthy();
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const summaryRow = (year: number, level: string) => rows.find((r) => r[0] === year && r[1] === level);
    expect(summaryRow(2021, '国家级')!.slice(2, 7)).toEqual([2, 1, 0.5, 1, 1]);
    expect(summaryRow(2018, '省级')!.slice(2, 7)).toEqual([1, 1, 1, 1, 1]);
    expect(summaryRow(2021, '省级')!.slice(5, 7)).toEqual([1, 1]);
    const listed = rows.filter((r) => r[1] === '测试基地1' || r[1] === '测试基地2').map((r) => r.slice(1, 6));
    expect(listed).toEqual([
      ['测试基地1', '衡阳市', '雁峰区', '国家级', '已认定'],
      ['测试基地2', '湘潭市', '某县2', '国家级', '未获认定'],
    ]);
    // The 2021Q2 national bulletin counts the newly designated base.
    const nat = await snapshot(await exportXlsx('2021Q2', `?scope=${encodeURIComponent('level:national')}`));
    expect(nat.numbers['基本情况统计表!B' + findRow(nat, '基本情况统计表', '基地数量(家)')]).toEqual([
      Number(n('2021Q2', 'level:national')),
      expect.anything(),
    ]);
  }, 300_000);

  it('a correction with effectiveFrom 2020Q3 moves exactly 2020Q3, 2020Q4, the year 2020 and 2021', async () => {
    const before = await liveAggregates();
    // base-6 was in 长沙市 all along; the correction says 株洲市 from 2020Q3.
    const r = await putBase('base-6', { ...initial(6), city: '株洲市', county: '荷塘区' }, '2020Q3');
    expect(r.status).toBe(200);
    const live = await assertExact();
    const moved = ['2020Q3', '2020Q4', '2020', '2021Q1', '2021Q2', '2021'];
    for (const period of PERIODS)
      for (const scope of SCOPES) {
        const same =
          JSON.stringify(live.get(`${period} ${scope}`), (_k, v) => (typeof v === 'bigint' ? String(v) : v)) ===
          JSON.stringify(before.get(`${period} ${scope}`), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
        const cityScope = scope === 'city:长沙市' || scope === 'city:株洲市';
        expect({ period, scope, same }).toEqual({ period, scope, same: !(cityScope && moved.includes(period)) });
      }
    // The bulletins: 2020Q1 and Q2 stay, the 长沙市 ones of Q3, Q4 and the year move; the province's figures stay.
    const again = await export2020();
    for (const [k, s] of afterMoves2020) {
      const [period, scope] = k.split(' ') as [string, string];
      if (!['2020Q3', '2020Q4', '2020'].includes(period)) expectSameFigures(s, again.get(k)!, k);
      else if (scope.startsWith('city:')) expect(again.get(k)!.numbers, k).not.toEqual(s.numbers);
      else {
        // The scope's own totals stay (base-6 is in it before and after); its by-city breakdowns move.
        const basic = (x: Snapshot) => Object.entries(x.numbers).filter(([key]) => key.startsWith('基本情况统计表!'));
        expect(basic(again.get(k)!), k).toEqual(basic(s));
      }
    }
    // The audit has the correction with its effectiveFrom.
    const audit = await call('GET', '/api/audit?baseId=base-6');
    expect(audit.status).toBe(200);
    const entry = (audit.body.entries as Array<{ action: string; changes?: Record<string, unknown> }>).find((e) =>
      JSON.stringify(e).includes('"effectiveFrom":"2020Q3"'),
    );
    expect(entry, audit.text.slice(0, 500)).toBeTruthy();
  }, 300_000);
});

function findRow(s: Snapshot, sheet: string, label: string): number {
  const k = Object.entries(s.texts).find(([key, v]) => key.startsWith(`${sheet}!A`) && v === JSON.stringify(label));
  if (!k) throw new Error(`no row ${label} in ${sheet}`);
  return Number(k[0].slice(`${sheet}!A`.length));
}

describe('a registry change racing filings of 2020Q4 and 2021Q1 under faults', () => {
  it('aggregates exact after redelivery, late replays and crashes mid-batch', async () => {
    let calls = 0;
    let crashes = 0;
    let midBatch = 0;
    let replays = 0;
    let previous: DynamoDBStreamEvent | undefined;
    let mixed = 0;
    current = async (e) => {
      calls++;
      const pks = new Set(e.Records.map((r) => r.dynamodb?.Keys?.pk?.S));
      if (pks.has('REGISTRY') && pks.has('FILING#2020Q4') && pks.has('FILING#2021Q1')) mixed++;
      // An older batch replayed late, then this one with a crash half-way on every other call.
      if (previous) {
        await processStreamEvent(previous);
        replays++;
      }
      previous = e;
      const crashNow = calls % 2 === 1;
      let reached = false;
      const r = await processStreamEvent(e, {
        maxTxItems: 4,
        beforeCommit: (n) => {
          if (crashNow && n === 1) {
            reached = true;
            throw new Error('simulated crash');
          }
        },
      });
      if (reached) midBatch++;
      if (crashNow) {
        // Died mid-batch, or (a batch of one commit) after committing, before the checkpoint:
        // either way the poller retries the whole batch.
        crashes++;
        throw new Error('aggregator process died');
      }
      // …and delivered twice.
      await processStreamEvent(e);
      return r;
    };
    const rng = makeRng(12);
    const ids = [...history.keys()];
    // Filings of both years and registry changes in the same batches: base-7 moves from 2021Q1,
    // base-9 is re-cohorted from 2021Q1 and base-11 moves from 2020Q4, in the middle of the filings.
    const registryChanges = async () => {
      await putBase('base-7', { ...initial(7), city: '岳阳市', county: '岳阳楼区' }, '2021Q1');
      await putBase('base-9', { ...initial(9), cohort: '第三批' }, '2021Q1');
      await putBase('base-11', { ...initial(11), city: '衡阳市', county: '珠晖区' }, '2020Q4');
    };
    await Promise.all([
      ...ids.map((b) => file(b, '2020Q4', rng)),
      registryChanges(),
      ...ids.map((b) => file(b, '2021Q1', rng)),
      ...ids.filter((_, i) => i % 3 === 0).map((b) => file(b, '2020Q4', rng)),
    ]);
    // The same base files and moves again while the stream is still busy.
    await Promise.all([
      file('base-7', '2021Q1', rng),
      putBase('base-7', { ...initial(7), city: '常德市', county: '武陵区' }, '2021Q1'),
      file('base-7', '2020Q4', rng),
    ]);
    SCOPES.push('city:常德市');
    await assertExact();
    expect(crashes).toBeGreaterThan(0);
    expect(replays).toBeGreaterThan(0);
    expect(mixed, 'a batch holding a registry change and filings of both years').toBeGreaterThan(0);
    console.info(
      `fault run: ${calls} deliveries (${mixed} with a registry change and filings of both years), ${crashes} crashes (${midBatch} mid-batch), ${replays} late replays`,
    );
    expect(poller.deadLetters).toEqual([]);
    // 2020Q4 counted base-7 in 株洲市 and base-11 in 衡阳市; 2021Q1 base-7 in 常德市.
    const one = async (period: string, scope: string) =>
      BigInt((await call('GET', `/api/aggregates/${period}?scope=${encodeURIComponent(scope)}`)).text.match(/"reportingBases":(\d+)/)![1]!);
    expect(await one('2021Q1', 'city:常德市')).toBe(1n);
    expect(await one('2020Q4', 'city:常德市')).toBe(0n);
    expect(await one('2020Q3', 'city:衡阳市')).toBe(0n);
    expect(await one('2020Q4', 'city:衡阳市')).toBe(1n);
    current = (e) => processStreamEvent(e);
  }, 300_000);
});

describe('platforms: a tier change from 2021', () => {
  const FIELDS = [
    'policyItems',
    'newEnterprises',
    'newAgencies',
    'serviceProjects',
    'serviceActivities',
    'enterprisesServed',
    'demandsPublished',
    'onlineDeals',
  ];
  const PLATS = [
    { id: 'pf-0', name: '长沙综合平台', tier: 'city', city: '长沙市', county: null, cluster: null },
    { id: 'pf-1', name: '芙蓉县区平台', tier: 'county', city: '长沙市', county: '芙蓉区', cluster: null },
    { id: 'pf-2', name: '株洲陶瓷平台', tier: 'cluster', city: '株洲市', county: null, cluster: '陶瓷' },
    { id: 'pf-3', name: '株洲综合平台', tier: 'city', city: '株洲市', county: null, cluster: null },
  ] as const;
  const body = (p: (typeof PLATS)[number] | { name: string; tier: string; city: string; county: string | null; cluster: string | null }) => ({
    name: p.name,
    tier: p.tier,
    city: p.city,
    county: p.county,
    cluster: p.cluster,
    park: false,
    builtYear: 2019,
    inPlan: true,
  });
  const submit = async (id: string, year: string, seed: number) => {
    const values = Object.fromEntries(FIELDS.map((code, i) => [code, String((seed * 7 + i * 13) % 97)]));
    const r = await call('PUT', `/api/platforms/${id}/filings/${year}`, {
      status: 'submitted',
      values,
      confirmWarnings: true,
      explanation: '历史数据,按原报表录入',
    });
    expect([200, 201], r.text).toContain(r.status);
  };
  const agg = async (period: string, scope: string) => {
    const r = await call('GET', `/api/aggregates/${period}?program=platforms&scope=${encodeURIComponent(scope)}`);
    expect(r.status, r.text).toBe(200);
    return r.text.replace(/"updatedAt":"[^"]*"/, '');
  };

  it('leaves the 2020 platform bulletin and aggregates equal; 2021 counts the new tier', async () => {
    for (const y of ['2020', '2021'])
      expect(
        (
          await call('PUT', `/api/periods/${y}?program=platforms`, {
            opensAt: `${y}-01-01T00:00:00+08:00`,
            dueAt: '2099-01-15T00:00:00+08:00',
            closesAt: '2099-02-01T00:00:00+08:00',
          })
        ).status,
      ).toBe(200);
    for (const p of PLATS) expect((await call('PUT', `/api/platforms/${p.id}`, body(p))).status).toBe(201);
    for (const [i, p] of PLATS.entries()) await submit(p.id, '2020', i + 1);
    await poller.drain(30_000);
    const scopes = ['all', 'tier:city', 'tier:cluster', 'tier:county', 'city:长沙市', 'city:株洲市'];
    const aggBefore = await Promise.all(scopes.map((s) => agg('2020', s)));
    const bulletin = () => exportXlsx('2020', '?program=platforms');
    const before = await snapshot(await bulletin());

    // pf-0 becomes a cluster platform from 2021 (and files 2021 as one).
    const r = await call('PUT', '/api/platforms/pf-0', { ...body({ ...PLATS[0], tier: 'cluster', cluster: '服饰' }), effectiveFrom: '2021' });
    expect(r.status, r.text).toBe(200);
    for (const [i, p] of PLATS.entries()) await submit(p.id, '2021', i + 5);
    await poller.drain(30_000);

    expect(await Promise.all(scopes.map((s) => agg('2020', s)))).toEqual(aggBefore);
    expectSameFigures(before, await snapshot(await bulletin()), '2020 platforms');
    const n = async (period: string, scope: string) => Number(/"reportingEntities":(\d+)/.exec(await agg(period, scope))![1]);
    expect([await n('2020', 'tier:city'), await n('2020', 'tier:cluster')]).toEqual([2, 1]);
    expect([await n('2021', 'tier:city'), await n('2021', 'tier:cluster')]).toEqual([1, 2]);
    const stored = (await call('GET', '/api/platforms/pf-0')).body;
    expect(PLATFORMS.asOf(stored, '2020').tier).toBe('city');
    for (const y of ['2020', '2021'])
      expect(
        (await reconcilePeriod(y, { program: PLATFORMS })).periods.flatMap((p) => p.drift),
        y,
      ).toEqual([]);
  }, 300_000);
});

describe('a change announced for a later period', () => {
  it('stays dated as announced when the base is only renamed meanwhile (no effectiveFrom)', async () => {
    const attrs = { city: '长沙市', county: '天心区', level: 'provincial', cohort: null };
    expect((await call('PUT', '/api/bases/future-1', { name: '将迁基地', ...attrs })).status).toBe(201);
    // Moves to 株洲市 from 2099Q1, announced now.
    expect((await call('PUT', '/api/bases/future-1', { name: '将迁基地', ...attrs, city: '株洲市', effectiveFrom: '2099Q1' })).status).toBe(200);
    const announced = (await call('GET', '/api/bases/future-1')).body;
    expect(announced.history.map((h: { from: string | null; attrs: { city: string } }) => [h.from, h.attrs.city])).toEqual([
      [null, '长沙市'],
      ['2099Q1', '株洲市'],
    ]);
    // A rename changes no scope attribute: it must not pull the move forward to the current quarter.
    expect((await call('PUT', '/api/bases/future-1', { name: '将迁基地(更名)', ...attrs, city: '株洲市' })).status).toBe(200);
    const renamed = (await call('GET', '/api/bases/future-1')).body;
    expect(renamed.name).toBe('将迁基地(更名)');
    expect(renamed.history).toEqual(announced.history);
  });
});

describe('a revocation never reaches back', () => {
  it('revoking the 2021 national designation from 2022 leaves 2020 and 2021 as they were', async () => {
    const before = await liveAggregates();
    // Refused: a revocation from the year of the designation itself, a malformed key, an unknown base.
    expect((await call('PUT', '/api/bases/base-1/designations/2021-national', { status: 'revoked', revokedFrom: 2021 })).status).toBe(400);
    expect((await call('PUT', '/api/bases/base-1/designations/2021-county', { status: 'designated' })).status).toBe(400);
    expect((await call('PUT', '/api/bases/nobody-1/designations/2021-national', { status: 'designated' })).status).toBe(404);
    await designate('base-1', 2021, 'national', 'revoked', { revokedFrom: 2022 });
    const live = await assertExact();
    const plain = (m: typeof live) => JSON.stringify([...m], (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(plain(live)).toBe(plain(before));
    // Still counted as designated that year in the summary.
    const summary = (await call('GET', '/api/designations/summary')).body.summary as Array<Record<string, unknown>>;
    expect(summary).toContainEqual({ year: 2021, level: 'national', recommended: 2, designated: 1, successRate: 0.5, cumulativeTimes: 1, cumulativeBases: 1 });
  }, 120_000);
});
