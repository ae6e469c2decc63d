// Loads the demo featured carriers (local/demo-carriers.ts, seed 002 and three generated ones)
// through the public HTTP API and checks them: the one piece of code both `npm run demo`
// (local/demo.ts, over HTTP) and test/integration/demo-carriers.test.ts (in-process handlers) run,
// so the test proves what the demo does.
//
// Loading, in this order (every write is a no-op when repeated, so a second run changes nothing):
//  1. PUT /api/carriers/{id} (registry);
//  2. PUT /api/carriers/{id}/plan (indicators and sub-projects; an identical plan is a no-op);
//  3. PUT /api/carriers/{id}/filings/{year} {status: 'submitted', values, funds, investment, …}
//     (admin token), the earlier year first: the cumulative fund check and last year's actuals
//     read the years before;
//  4. PUT /api/periods/{year}?program=carriers — after the filings, as the bases' and platforms'
//     demo parts do: lateness is decided at the first submission against the schedule then in
//     force, so filings made before the schedule exists are on time.
//
// Checking: the aggregate (GET /api/aggregates/2020?program=carriers) against totals computed here
// from the dataset (independently of shared/carriers/details.ts), then every CARRIER_DEMO_TARGETS
// target read back from the exported self-assessment workbook
// (GET /api/carriers/{SEED_CARRIER_ID}/assessments/2020.xlsx, layout: shared/carriers/assessment.ts)
// cell by cell with exceljs, the Word version (served, non-empty, the right content type) and the
// province's overview (GET /api/bulletins/2020.xlsx?program=carriers).

import ExcelJS from 'exceljs';
import { mapConcurrent } from '../shared/pool';
import {
  CARRIER_DEMO_TARGETS,
  CARRIER_DEMO_YEAR,
  CARRIER_DEMO_YEARS,
  type CarrierDemoTarget,
  type DemoCarrier,
  demoCarriers,
  SEED_CARRIER_ID,
} from './demo-carriers';
import { type DemoCall, excelShows } from './demo-platforms-load';

export type { DemoCall };

/** A binary download: the demo's fetch or the tests' export handler. */
export type DemoDownload = (path: string) => Promise<{ status: number; contentType: string; bytes: Uint8Array }>;

const YEAR = String(CARRIER_DEMO_YEAR);

/**
 * The filing window of each demo year: the self-assessment of year Y is due in the spring of Y+1
 * (seed 002, the 2020 report, is dated 2021-04-07).
 */
export function carrierDemoSchedule(year: number) {
  return {
    opensAt: `${year + 1}-03-01T00:00:00+08:00`,
    dueAt: `${year + 1}-04-15T23:59:59+08:00`,
    closesAt: `${year + 1}-04-30T23:59:59+08:00`,
  } as const;
}

export const CARRIER_AGGREGATE_PATH = `/api/aggregates/${YEAR}?program=carriers`;
export const CARRIER_OVERVIEW_PATH = `/api/bulletins/${YEAR}.xlsx?program=carriers`;
export const CARRIER_ASSESSMENT_PATH = `/api/carriers/${encodeURIComponent(SEED_CARRIER_ID)}/assessments/${YEAR}.xlsx`;
export const CARRIER_ASSESSMENT_DOCX_PATH = `/api/carriers/${encodeURIComponent(SEED_CARRIER_ID)}/assessments/${YEAR}.docx`;
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function ok(r: { status: number; body: unknown }, what: string): { status: number; body: unknown } {
  if (r.status >= 400) {
    const e = (r.body as { error?: { code?: string; message?: string; fields?: unknown } } | null)?.error;
    throw new Error(
      `${what} → ${r.status} ${e ? `${e.code} ${e.message} ${e.fields ? JSON.stringify(e.fields) : ''}` : JSON.stringify(r.body)?.slice(0, 300)}`,
    );
  }
  return r;
}

// ---- loading ------------------------------------------------------------------------------------

export interface CarrierLoadReport {
  carriers: number;
  /** Registry entries created (201) and changed (an existing entry that differed). */
  created: number;
  registryChanged: number;
  /** Plans that got a new version. */
  plansWritten: number;
  filings: number;
  written: number;
  /** Schedules that differed from what was stored (the PUT of an equal one is a no-op). */
  schedulesWritten: number;
  timings: Record<'registry' | 'plans' | 'filings' | 'schedules', number>;
}

const REGISTRY_KEYS = ['name', 'type', 'city', 'zone', 'approvedAt', 'activeFrom', 'activeTo'] as const;

/** Steps 1–4 of the header. */
export async function loadCarrierDemo(call: DemoCall, concurrency = 8): Promise<CarrierLoadReport> {
  const carriers = demoCarriers();
  const timings = { registry: 0, plans: 0, filings: 0, schedules: 0 };

  // 1. Registry (what is stored first, to report what changed).
  let t = performance.now();
  const stored = new Map(
    ((ok(await call('GET', '/api/carriers'), 'GET /api/carriers').body as { carriers: Array<Record<string, unknown>> }).carriers ?? []).map((c) => [
      String(c.carrierId),
      c,
    ]),
  );
  let created = 0;
  let registryChanged = 0;
  await mapConcurrent(carriers, concurrency, async (c) => {
    const before = stored.get(c.carrierId);
    if (before && REGISTRY_KEYS.some((k) => (before[k] ?? null) !== (c.registry[k] ?? null))) registryChanged++;
    const r = ok(await call('PUT', `/api/carriers/${encodeURIComponent(c.carrierId)}`, c.registry), `PUT /api/carriers/${c.carrierId}`);
    if (r.status === 201) created++;
  });
  timings.registry = performance.now() - t;

  // 2. Plans: a new version only when the plan differs.
  t = performance.now();
  let plansWritten = 0;
  await mapConcurrent(carriers, concurrency, async (c) => {
    const id = encodeURIComponent(c.carrierId);
    const history =
      (
        ok(await call('GET', `/api/carriers/${id}/plan/history`), `GET /api/carriers/${c.carrierId}/plan/history`).body as {
          versions: Array<{ version: number }>;
        }
      ).versions ?? [];
    const latest = Math.max(0, ...history.map((v) => v.version));
    const r = ok(await call('PUT', `/api/carriers/${id}/plan`, c.plan), `PUT /api/carriers/${c.carrierId}/plan`);
    if ((r.body as { version: number }).version !== latest) plansWritten++;
  });
  timings.plans = performance.now() - t;

  // 3. Filings, year by year (2019 before 2020).
  t = performance.now();
  let filings = 0;
  let written = 0;
  for (const year of CARRIER_DEMO_YEARS) {
    const due = carriers.filter((c) => c.filings[year]);
    filings += due.length;
    await mapConcurrent(due, concurrency, async (c) => {
      const f = c.filings[year]!;
      const body = {
        status: 'submitted',
        values: f.values,
        funds: f.funds,
        investment: f.investment,
        progress: f.progress,
        problems: f.problems,
        nextSteps: f.nextSteps,
        suggestions: f.suggestions,
        experience: (f as { experience?: string }).experience ?? '',
        confirmWarnings: true,
        explanation: '历史数据,按原报表录入',
      };
      const path = `/api/carriers/${encodeURIComponent(c.carrierId)}/filings/${year}`;
      const r = ok(await call('PUT', path, body), `PUT ${path}`);
      if ((r.body as { changed?: boolean }).changed) written++;
    });
  }
  timings.filings = performance.now() - t;

  // 4. Schedules, after the filings.
  t = performance.now();
  const periods =
    (ok(await call('GET', '/api/periods?program=carriers'), 'GET /api/periods?program=carriers').body as { periods: Array<Record<string, string>> }).periods ??
    [];
  let schedulesWritten = 0;
  for (const year of CARRIER_DEMO_YEARS) {
    const want = carrierDemoSchedule(year);
    const before = periods.find((p) => p.period === String(year));
    // Stored as UTC instants: compare the instants.
    const at = (x: string | undefined) => (x ? new Date(x).getTime() : NaN);
    if (!before || (['opensAt', 'dueAt', 'closesAt'] as const).some((k) => at(before[k]) !== at(want[k]))) schedulesWritten++;
    ok(await call('PUT', `/api/periods/${year}?program=carriers`, want), `PUT /api/periods/${year}?program=carriers`);
  }
  timings.schedules = performance.now() - t;

  return { carriers: carriers.length, created, registryChanged, plansWritten, filings, written, schedulesWritten, timings };
}

// ---- the aggregate ------------------------------------------------------------------------------

export const CARRIER_SUM_CODES = ['sum.fundsReceived', 'sum.fundsDisbursed', 'sum.investment', 'sum.indicatorsJudged', 'sum.indicatorsMet'] as const;

export interface CarrierAggregate {
  reportingEntities: bigint;
  values: Record<string, bigint>;
}

export async function readCarrierAggregate(call: DemoCall): Promise<CarrierAggregate> {
  const b = ok(await call('GET', CARRIER_AGGREGATE_PATH), `GET ${CARRIER_AGGREGATE_PATH}`).body as {
    reportingEntities?: unknown;
    values?: Record<string, unknown>;
  };
  const big = (v: unknown) => BigInt(String(v ?? 0));
  return { reportingEntities: big(b.reportingEntities), values: Object.fromEntries(Object.entries(b.values ?? {}).map(([k, v]) => [k, big(v)])) };
}

/** A decimal string as an integer of 10^-dp units ('2500.00', 4 → 25000000n); no rounding: more decimals is an error. */
export function scaled(s: string, dp: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) throw new Error(`not a decimal: "${s}"`);
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > dp) throw new Error(`"${s}" has more than ${dp} decimals`);
  const v = BigInt(m[2]! + frac.padEnd(dp, '0'));
  return m[1] ? -v : v;
}

/** 万元 (as typed) → 元. */
const yuan = (wan: string) => scaled(wan, 4);

/** What one carrier's filing of `year` adds to the province: funds in 元, indicators judged/met (computed here, not by the server's code). */
export function expectedContribution(c: DemoCarrier, year: number): Record<(typeof CARRIER_SUM_CODES)[number], bigint> | null {
  const f = c.filings[year];
  if (!f) return null;
  const sum = (xs: string[]) => xs.reduce((a, x) => a + yuan(x), 0n);
  let judged = 0n;
  let met = 0n;
  for (const ind of c.plan.indicators) {
    // Filed from the year after its baseline year; judged where that year has a target and a value.
    if (ind.baseline.year >= year) continue;
    const target = ind.targets[String(year)];
    const actual = f.values[ind.code];
    if (target === undefined || actual === undefined || actual === '') continue;
    judged++;
    const a = scaled(actual, ind.decimals);
    const t = scaled(target, ind.decimals);
    if (ind.better === 'higher' ? a >= t : a <= t) met++;
  }
  return {
    'sum.fundsReceived': sum(f.funds.received.map((b) => b.amount)),
    'sum.fundsDisbursed': sum(Object.values(f.funds.disbursed)),
    'sum.investment': sum(Object.values(f.investment)),
    'sum.indicatorsJudged': judged,
    'sum.indicatorsMet': met,
  };
}

/** The province's 2020 aggregate the loaded demo must reach. */
export function expectedCarrierAggregate(year = CARRIER_DEMO_YEAR): CarrierAggregate {
  const values: Record<string, bigint> = Object.fromEntries(CARRIER_SUM_CODES.map((k) => [k, 0n]));
  let reporting = 0n;
  for (const c of demoCarriers()) {
    const x = expectedContribution(c, year);
    if (!x) continue;
    reporting++;
    for (const k of CARRIER_SUM_CODES) values[k]! += x[k];
  }
  return { reportingEntities: reporting, values };
}

export function carrierAggregateEquals(a: CarrierAggregate, b: CarrierAggregate): boolean {
  return a.reportingEntities === b.reportingEntities && CARRIER_SUM_CODES.every((k) => a.values[k] === b.values[k]);
}

// ---- the workbooks ------------------------------------------------------------------------------

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name} (the workbook has ${wb.worksheets.map((w) => w.name).join(', ')})`);
  return ws;
}

function rowsWhere(ws: ExcelJS.Worksheet, first: (v: ExcelJS.CellValue) => boolean): ExcelJS.Row[] {
  const out: ExcelJS.Row[] = [];
  ws.eachRow((row) => {
    if (first(row.getCell(1).value)) out.push(row);
  });
  return out;
}

function rowOf(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  const rows = rowsWhere(ws, (v) => v === label);
  if (rows.length !== 1) throw new Error(`${rows.length} rows labelled ${label} in ${ws.name}`);
  return rows[0]!;
}

function headerColumns(row: ExcelJS.Row): Map<string, number> {
  const out = new Map<string, number>();
  row.eachCell((c, col) => {
    if (typeof c.value === 'string') out.set(c.value, col);
  });
  return out;
}

function column(head: Map<string, number>, name: string, where: string): number {
  const c = head.get(name);
  if (!c) throw new Error(`${where} has no column ${name} (it has ${[...head.keys()].join(' | ')})`);
  return c;
}

/** A cell as displayed: a number under its format, text as is, '' when empty. */
function shown(cell: ExcelJS.Cell): string {
  if (cell.type === ExcelJS.ValueType.Null) return '';
  if (cell.type === ExcelJS.ValueType.Number) return excelShows(cell.value as number, cell.numFmt || '0');
  if (cell.type === ExcelJS.ValueType.String) return cell.value as string;
  throw new Error(`${cell.address}: unexpected cell ${JSON.stringify(cell.value)}`);
}

function integer(cell: ExcelJS.Cell, where: string): number {
  if (cell.type !== ExcelJS.ValueType.Number || !Number.isInteger(cell.value))
    throw new Error(`${where} (${cell.address}) is not an integer cell: ${JSON.stringify(cell.value)}`);
  return cell.value as number;
}

/** A decimal display without trailing zeros (6.60 → 6.6, 85.00% → 85%). */
export function trimDecimal(s: string): string {
  const pct = s.endsWith('%') ? '%' : '';
  const body = pct ? s.slice(0, -1) : s;
  return (body.includes('.') ? body.replace(/0+$/, '').replace(/\.$/, '') : body) + pct;
}

/** a − b of two displayed decimals, exactly, without trailing zeros. */
function minus(a: string, b: string): string {
  const dp = Math.max(a.split('.')[1]?.length ?? 0, b.split('.')[1]?.length ?? 0);
  const d = scaled(a, dp) - scaled(b, dp);
  const neg = d < 0n;
  const s = (neg ? -d : d).toString().padStart(dp + 1, '0');
  return trimDecimal(`${neg ? '-' : ''}${dp ? `${s.slice(0, -dp)}.${s.slice(-dp)}` : s}`);
}

/** What the targets are read from: the self-assessment workbook's cells, as displayed. */
export interface AssessmentReading {
  sheetNames: string[];
  /** 绩效目标 (绩效目标完成情况表), by indicator name. */
  indicators: Map<string, { verdict: string; gap: string; growth: string; actual: string; previous: string }>;
  /** Its 合计 row: 考核x项,完成y项,未完成z项. */
  judged: string;
  met: string;
  /** 资金到位 (专项资金到位情况表): 'YYYY-MM amount' per batch, and the 合计. */
  batches: string[];
  received: string;
  /** 资金拨付 (专项资金拨付情况表): per year 拨付资金, the 合计's 累计拨付 and 拨付率. */
  disbursedByYear: Map<string, string>;
  disbursed: string;
  rate: string;
  /** 未完成指标: indicator names. */
  unmet: string[];
}

export async function readAssessment(xlsx: Uint8Array): Promise<AssessmentReading> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);

  const wsT = sheet(wb, '绩效目标');
  const title = String(wsT.getCell(1, 1).value ?? '');
  if (!title.endsWith('绩效目标完成情况表')) throw new Error(`绩效目标's title is "${title}"`);
  const headT = rowOf(wsT, '序号');
  const h = headerColumns(headT);
  const col = (n: string) => column(h, n, '绩效目标');
  const indicators: AssessmentReading['indicators'] = new Map();
  for (const row of rowsWhere(wsT, (v) => typeof v === 'number')) {
    if (row.number <= headT.number) continue;
    const name = String(row.getCell(col('指标')).value).replace(/(越低越好)$/, '');
    indicators.set(name, {
      verdict: shown(row.getCell(col('完成情况'))),
      gap: shown(row.getCell(col('差额'))),
      growth: shown(row.getCell(col('比上年增长'))),
      actual: shown(row.getCell(col(`${YEAR}年完成值`))),
      previous: shown(row.getCell(col(`${CARRIER_DEMO_YEAR - 1}年完成值`))),
    });
  }
  const totalText = shown(rowOf(wsT, '合计').getCell(2));
  const m = /^考核(\d+)项,完成(\d+)项,未完成(\d+)项$/.exec(totalText);
  if (!m) throw new Error(`绩效目标 合计 reads "${totalText}"`);

  const wsB = sheet(wb, '资金到位');
  const headB = rowOf(wsB, '批次');
  const hb = headerColumns(headB);
  const batches: string[] = [];
  for (const row of rowsWhere(wsB, (v) => typeof v === 'string' && /^第.+批$/.test(v))) {
    const date = shown(row.getCell(column(hb, '到位时间', '资金到位')));
    const dm = /^(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?$/.exec(date);
    if (!dm) throw new Error(`资金到位: date "${date}"`);
    const iso = `${dm[1]}-${dm[2]!.padStart(2, '0')}${dm[3] ? `-${dm[3].padStart(2, '0')}` : ''}`;
    batches.push(`${iso} ${shown(row.getCell(column(hb, '金额(万元)', '资金到位')))}`);
  }
  const received = shown(rowOf(wsB, '合计').getCell(column(hb, '金额(万元)', '资金到位')));

  const wsD = sheet(wb, '资金拨付');
  const headD = rowsWhere(wsD, (v) => v === '年度');
  if (headD.length !== 1) throw new Error('资金拨付: no single 年度 header');
  const hd = headerColumns(headD[0]!);
  const disbursedByYear = new Map<string, string>();
  for (const row of rowsWhere(wsD, (v) => typeof v === 'string' && /^\d{4}年$/.test(v))) {
    if (row.number > headD[0]!.number)
      disbursedByYear.set(String(row.getCell(1).value).slice(0, 4), shown(row.getCell(column(hd, '拨付资金(万元)', '资金拨付'))));
  }
  // The first 合计 is the funds table's (the second totals the sub-projects).
  const totalD = rowsWhere(wsD, (v) => v === '合计')[0];
  if (!totalD) throw new Error('资金拨付 has no 合计');
  const disbursed = shown(totalD.getCell(column(hd, '累计拨付(万元)', '资金拨付')));
  const rate = shown(totalD.getCell(column(hd, '拨付率', '资金拨付')));

  const wsU = sheet(wb, '未完成指标');
  const headU = rowOf(wsU, '序号');
  const hu = headerColumns(headU);
  const unmet = rowsWhere(wsU, (v) => typeof v === 'number')
    .filter((r) => r.number > headU.number)
    .map((r) => shown(r.getCell(column(hu, '指标', '未完成指标'))));

  return { sheetNames: wb.worksheets.map((w) => w.name), indicators, judged: m[1]!, met: m[2]!, batches, received, disbursedByYear, disbursed, rate, unmet };
}

/** The overview (双创特色载体绩效情况汇总表): the seed carrier's row and the province's totals. */
export interface OverviewReading {
  sheetNames: string[];
  /** 载体绩效情况: one entry per carrier row, by name. */
  carriers: Map<string, { cumReceived: string; cumDisbursed: string; rate: string; judged: number; met: number; unmet: string }>;
  /** 按类型汇总, row 全省合计. */
  province: { reporting: number; received: string; disbursed: string; investment: string; judged: number; met: number };
}

export async function readOverview(xlsx: Uint8Array): Promise<OverviewReading> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  const ws = sheet(wb, '载体绩效情况');
  const head = rowOf(ws, '序号');
  const h = headerColumns(head);
  const c = (n: string) => column(h, n, '载体绩效情况');
  const carriers: OverviewReading['carriers'] = new Map();
  for (const row of rowsWhere(ws, (v) => typeof v === 'number')) {
    if (row.number <= head.number) continue;
    carriers.set(String(row.getCell(c('载体名称')).value), {
      cumReceived: shown(row.getCell(c('累计到位(万元)'))),
      cumDisbursed: shown(row.getCell(c('累计拨付(万元)'))),
      rate: shown(row.getCell(c('拨付率'))),
      judged: integer(row.getCell(c('考核指标(项)')), '考核指标'),
      met: integer(row.getCell(c('完成指标(项)')), '完成指标'),
      unmet: shown(row.getCell(c('未完成指标'))),
    });
  }
  const wt = sheet(wb, '按类型汇总');
  const ht = headerColumns(rowOf(wt, '类型'));
  const total = rowOf(wt, '全省合计');
  const t = (n: string) => total.getCell(column(ht, n, '按类型汇总'));
  return {
    sheetNames: wb.worksheets.map((w) => w.name),
    carriers,
    province: {
      reporting: integer(t('报送载体(个)'), '报送载体'),
      received: shown(t('到位资金(万元)')),
      disbursed: shown(t('拨付资金(万元)')),
      investment: shown(t('完成投资(万元)')),
      judged: integer(t('考核指标(项)'), '考核指标'),
      met: integer(t('完成指标(项)'), '完成指标'),
    },
  };
}

export interface CarrierFiles {
  assessment: AssessmentReading;
  overview: OverviewReading;
  xlsxBytes: number;
  overviewBytes: number;
  docx: { status: number; contentType: string; bytes: number; zip: boolean };
}

/** Downloads the self-assessment (.xlsx and .docx) and the overview, and reads them. */
export async function fetchCarrierFiles(download: DemoDownload): Promise<CarrierFiles> {
  const get = async (path: string, type: string) => {
    const r = await download(path);
    if (r.status !== 200) throw new Error(`GET ${path} → ${r.status} ${new TextDecoder().decode(r.bytes.slice(0, 300))}`);
    if (!r.contentType.startsWith(type)) throw new Error(`GET ${path}: content-type ${r.contentType}`);
    return r.bytes;
  };
  const [xlsx, overview, docx] = await Promise.all([
    get(CARRIER_ASSESSMENT_PATH, XLSX_TYPE),
    get(CARRIER_OVERVIEW_PATH, XLSX_TYPE),
    download(CARRIER_ASSESSMENT_DOCX_PATH),
  ]);
  return {
    assessment: await readAssessment(xlsx),
    overview: await readOverview(overview),
    xlsxBytes: xlsx.length,
    overviewBytes: overview.length,
    docx: {
      status: docx.status,
      contentType: docx.contentType,
      bytes: docx.bytes.length,
      // A .docx is a zip: it starts with a local file header.
      zip: docx.bytes.length > 4 && docx.bytes[0] === 0x50 && docx.bytes[1] === 0x4b && docx.bytes[2] === 3 && docx.bytes[3] === 4,
    },
  };
}

// ---- the comparison -----------------------------------------------------------------------------

export interface CarrierCheck {
  key: string;
  label: string;
  /** What seed 002 prints where it differs from the exact figure. */
  printed: string;
  source: string;
  expected: string;
  got: string;
  ok: boolean;
}

/** 元 → 万元 with 2 decimals, half away from zero (independent of shared/carriers/details.ts `wan`). */
export function wan2(yuanValue: bigint): string {
  const neg = yuanValue < 0n;
  const a = neg ? -yuanValue : yuanValue;
  const q = a / 100n + ((a % 100n) * 2n >= 100n ? 1n : 0n);
  const s = q.toString().padStart(3, '0');
  return `${neg && q ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

const same = (a: string, b: string) => a !== '' && trimDecimal(a) === trimDecimal(b);

function targetCheck(t: CarrierDemoTarget, r: AssessmentReading): CarrierCheck {
  const base = { key: `${t.kind}.${t.key}`, label: t.label, printed: t.seedPrinted ?? '', expected: '', got: '', source: '', ok: false };
  const value = (got: string, source: string): CarrierCheck => ({ ...base, expected: t.expected.value!, got, source, ok: same(got, t.expected.value!) });
  if (t.kind === 'counts') return value(t.key === 'judged' ? r.judged : r.met, '绩效目标 合计');
  if (t.kind === 'funds') {
    if (t.key === 'received') return value(r.received, '资金到位 合计');
    if (t.key === 'batches') return { ...value(r.batches.join(';'), '资金到位 批次'), ok: r.batches.join(';') === t.expected.value };
    if (t.key === 'disbursed') return value(r.disbursed, '资金拨付 合计 累计拨付');
    if (t.key === 'rate') return value(r.rate, '资金拨付 合计 拨付率');
    const [what, y] = t.key.split(':') as [string, string];
    if (what === 'disbursed') return value(r.disbursedByYear.get(y) ?? '(missing)', `资金拨付 ${y}年`);
    throw new Error(`unknown funds target ${t.key}`);
  }
  // An indicator: its row of 绩效目标 (found by the plan's name).
  const ind = demoCarriers()
    .find((c) => c.carrierId === t.carrierId)!
    .plan.indicators.find((i) => i.code === t.key);
  if (!ind) throw new Error(`no indicator ${t.key}`);
  const row = r.indicators.get(ind.name);
  const parts: Array<[string, string | undefined, string]> = [
    ['', t.expected.verdict, row?.verdict ?? '(missing)'],
    ['差', t.expected.gap, row?.gap ?? ''],
    ['增长', t.expected.growth, row?.growth ?? ''],
    ['变化', t.expected.change, row?.actual && row.previous ? minus(row.actual, row.previous) : ''],
  ];
  const wanted = parts.filter(([, e]) => e !== undefined);
  return {
    ...base,
    source: '绩效目标',
    expected: wanted.map(([k, e]) => `${k}${e}`).join(' '),
    got: wanted.map(([k, , g]) => `${k}${g}`).join(' '),
    ok: !!row && wanted.every(([, e, g]) => (e === '' ? g === '' : same(g, e!))),
  };
}

/** Every CARRIER_DEMO_TARGETS target, the aggregate, the overview and the Word file, against what the API returned. */
export function compareCarrierTargets(agg: CarrierAggregate, files: CarrierFiles): CarrierCheck[] {
  const checks: CarrierCheck[] = CARRIER_DEMO_TARGETS.map((t) => targetCheck(t, files.assessment));
  const want = expectedCarrierAggregate();
  const row = (key: string, label: string, source: string, expected: string, got: string, ok = got === expected, printed = ''): CarrierCheck => ({
    key,
    label,
    printed,
    source,
    expected,
    got,
    ok,
  });

  // The aggregate against the dataset.
  checks.push(row('agg.reporting', '报送载体数(个)', 'GET /api/aggregates', String(want.reportingEntities), String(agg.reportingEntities)));
  const LABELS: Record<string, string> = {
    'sum.fundsReceived': '到位资金(元)',
    'sum.fundsDisbursed': '拨付资金(元)',
    'sum.investment': '完成投资(元)',
    'sum.indicatorsJudged': '考核指标(项)',
    'sum.indicatorsMet': '完成指标(项)',
  };
  for (const k of CARRIER_SUM_CODES)
    checks.push(row(`agg.${k}`, `${YEAR}年${LABELS[k]}`, 'GET /api/aggregates', String(want.values[k]), String(agg.values[k] ?? '(missing)')));

  // The overview: the province's totals equal the aggregate; the seed carrier's row.
  const p = files.overview.province;
  const pv = (k: string) => want.values[k]!;
  checks.push(
    row(
      'overview.province',
      '汇总表 全省合计',
      '按类型汇总 全省合计',
      `${want.reportingEntities}个 ${wan2(pv('sum.fundsReceived'))}/${wan2(pv('sum.fundsDisbursed'))}/${wan2(pv('sum.investment'))}万元 ${pv('sum.indicatorsJudged')}/${pv('sum.indicatorsMet')}项`,
      `${p.reporting}个 ${p.received}/${p.disbursed}/${p.investment}万元 ${p.judged}/${p.met}项`,
    ),
  );
  const seed = demoCarriers().find((c) => c.carrierId === SEED_CARRIER_ID)!;
  const s = files.overview.carriers.get(seed.registry.name);
  const rate = (got: string | undefined) => (got ? trimDecimal(got) : '(missing)');
  checks.push(
    row(
      'overview.seed',
      '汇总表 衡阳高新区',
      '载体绩效情况',
      '4000.00 3400.00 85% 23/21 合作的资本服务机构数(差11家);组织创新创业大赛和项目路演总次数(差20次)',
      s ? `${s.cumReceived} ${s.cumDisbursed} ${rate(s.rate)} ${s.judged}/${s.met} ${s.unmet}` : '(no row)',
    ),
  );
  checks.push(row('overview.carriers', '汇总表 载体数', '载体绩效情况', String(demoCarriers().length), String(files.overview.carriers.size)));

  // The self-assessment's unmet list and sheets; the Word version.
  checks.push(row('unmet', '未完成指标', '未完成指标', '合作的资本服务机构数、组织创新创业大赛和项目路演总次数', files.assessment.unmet.join('、')));
  const SHEETS = '自评估报告 子项目 资金到位 资金拨付 绩效目标 未完成指标 附表';
  checks.push(row('sheets', '自评估 工作表', 'assessment .xlsx', SHEETS, files.assessment.sheetNames.join(' ')));
  const d = files.docx;
  checks.push(
    row(
      'docx',
      '自评估报告 .docx',
      'assessment .docx',
      `200 ${DOCX_TYPE.split('.').pop()} >0 bytes, zip`,
      `${d.status} ${d.contentType.split('.').pop()} ${d.bytes} bytes${d.zip ? ', zip' : ''}`,
      d.status === 200 && d.contentType.startsWith(DOCX_TYPE) && d.bytes > 0 && d.zip,
    ),
  );
  return checks;
}
