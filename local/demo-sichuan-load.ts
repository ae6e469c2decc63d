// Loads the Sichuan demo (local/demo-sichuan.ts, seed 004) through the public HTTP API and checks
// it: the one piece of code both `npm run demo` against a PROVINCE=四川省 server (local/demo.ts,
// over HTTP) and test/integration/demo-sichuan.test.ts (in-process handlers) run, so the test
// proves what the demo does.
//
// Loading, in this order (every write is a no-op when repeated, so a second run writes nothing):
//  0. GET /api/province must name 四川省 (the dataset's 市州 are Sichuan's);
//  1. PUT /api/bases/{id} for the 204 bases (level 省级, activeFrom, activeTo for the 4 that left);
//  2. PUT /api/bases/{id}/designations/{year}-{level} for every designation (after the registry:
//     a designation lives on its base's item);
//  3. PUT /api/bases/{id}/filings/2021Q4 {status: 'submitted', values} for the 200 active bases;
//  4. PUT /api/periods/2021Q4 — after the filings, as the Hunan demo does: lateness is decided at
//     the first submission against the schedule then in force, so these filings are on time.
// What was written is counted against what the API listed before (GET /api/bases,
// GET /api/designations, GET /api/periods) and the filings' `changed`.
//
// Checking: GET /api/designations/summary (per year and level: recommended, designated, success
// rate, cumulative 家(次) and bases) against the dataset and seed 004's figures; the aggregates of
// 2021Q4 (all, level:national, level:provincial); and the exported bulletin
// GET /api/bulletins/2021Q4.xlsx read back with exceljs: its title names 四川省, 基本情况统计表's
// 基地数量 / 国家级 / 省级, and 示范基地认定情况 — the 2021 national row and the six bases listed 已认定.

import ExcelJS from 'exceljs';
import { type DesignationSummaryRow, summarizeDesignations } from '../shared/designations';
import { mapConcurrent } from '../shared/pool';
import { demoSchedule } from './demo-data';
import { type DemoCall, excelShows } from './demo-platforms-load';
import {
  designationBody,
  SEED_004_BASES,
  SICHUAN_DEMO_PROVINCE,
  SICHUAN_DEMO_QUARTER,
  SICHUAN_DEMO_TARGETS,
  SICHUAN_DEMO_YEAR,
  SICHUAN_DEPARTMENT,
  sichuanDataset,
} from './demo-sichuan';

export const SICHUAN_BULLETIN_PATH = `/api/bulletins/${SICHUAN_DEMO_QUARTER}.xlsx`;
export const SICHUAN_SUMMARY_PATH = '/api/designations/summary';
export const SICHUAN_SCHEDULE = demoSchedule(SICHUAN_DEMO_QUARTER);
const SCOPES = ['all', 'level:national', 'level:provincial'] as const;

function ok(r: { status: number; body: unknown }, what: string): { status: number; body: unknown } {
  if (r.status >= 400) {
    const e = (r.body as { error?: { code?: string; message?: string; fields?: unknown } } | null)?.error;
    throw new Error(
      `${what} → ${r.status} ${e ? `${e.code} ${e.message} ${e.fields ? JSON.stringify(e.fields) : ''}` : JSON.stringify(r.body)?.slice(0, 300)}`,
    );
  }
  return r;
}

export interface SichuanLoadReport {
  bases: number;
  /** Registry entries created (201) and changed (an existing entry that differed). */
  created: number;
  registryChanged: number;
  designations: number;
  /** Designations that were new or differed from the stored one. */
  designationsWritten: number;
  filings: number;
  written: number;
  /** 1 when the 2021Q4 schedule was new or differed, else 0. */
  scheduleWritten: number;
  timings: Record<'registry' | 'designations' | 'filings' | 'schedule', number>;
}

const REGISTRY_KEYS = ['name', 'city', 'county', 'level', 'cohort', 'activeFrom', 'activeTo'] as const;

/** Steps 0–4 of the header. */
export async function loadSichuanDemo(call: DemoCall, concurrency = 8): Promise<SichuanLoadReport> {
  const { bases, designations, filings } = sichuanDataset();
  const province = (ok(await call('GET', '/api/province'), 'GET /api/province').body as { name?: string }).name;
  if (province !== SICHUAN_DEMO_PROVINCE)
    throw new Error(`the Sichuan demo needs a server with PROVINCE=四川省; this one serves ${province ?? 'an unknown province'}`);
  const timings = { registry: 0, designations: 0, filings: 0, schedule: 0 };

  // 1. Registry.
  let t = performance.now();
  const stored = new Map(
    ((ok(await call('GET', '/api/bases'), 'GET /api/bases').body as { bases: Array<Record<string, unknown>> }).bases ?? []).map((b) => [String(b.baseId), b]),
  );
  let created = 0;
  let registryChanged = 0;
  await mapConcurrent(bases, concurrency, async ({ baseId, ...body }) => {
    const before = stored.get(baseId);
    if (before && REGISTRY_KEYS.some((k) => (before[k] ?? null) !== (body[k] ?? null))) registryChanged++;
    // The history of a changed attribute starts where the base does: the demo states the record as it always was.
    const r = ok(
      await call('PUT', `/api/bases/${encodeURIComponent(baseId)}`, before ? { ...body, effectiveFrom: body.activeFrom } : body),
      `PUT /api/bases/${baseId}`,
    );
    if (r.status === 201) created++;
  });
  timings.registry = performance.now() - t;

  // 2. Designations.
  t = performance.now();
  const listed =
    (ok(await call('GET', '/api/designations'), 'GET /api/designations').body as { designations: Array<Record<string, unknown>> }).designations ?? [];
  const storedD = new Map(listed.map((d) => [`${d.baseId}|${d.year}-${d.level}`, d]));
  let designationsWritten = 0;
  // A designation is written onto its base's item under an optimistic lock: one base's designations
  // in turn (oldest first), the bases concurrently.
  const perBase = new Map<string, typeof designations>();
  for (const d of designations) perBase.set(d.baseId, [...(perBase.get(d.baseId) ?? []), d]);
  await mapConcurrent([...perBase.values()], concurrency, async (ofBase) => {
    for (const d of ofBase) {
      const key = `${d.year}-${d.level}`;
      const before = storedD.get(`${d.baseId}|${key}`);
      const same =
        before &&
        before.status === d.status &&
        (before.recommendedBy ?? null) === d.recommendedBy &&
        (before.document ?? null) === null &&
        (before.revokedFrom ?? null) === d.revokedFrom;
      if (!same) designationsWritten++;
      ok(
        await call('PUT', `/api/bases/${encodeURIComponent(d.baseId)}/designations/${key}`, designationBody(d)),
        `PUT /api/bases/${d.baseId}/designations/${key}`,
      );
    }
  });
  timings.designations = performance.now() - t;

  // 3. The 2021Q4 filings, submitted.
  t = performance.now();
  let written = 0;
  await mapConcurrent([...filings], concurrency, async ([baseId, values]) => {
    const path = `/api/bases/${encodeURIComponent(baseId)}/filings/${SICHUAN_DEMO_QUARTER}`;
    const r = ok(await call('PUT', path, { status: 'submitted', values, confirmWarnings: true, explanation: '历史数据,按原报表录入' }), `PUT ${path}`);
    if ((r.body as { changed?: boolean }).changed) written++;
  });
  timings.filings = performance.now() - t;

  // 4. The schedule, after the filings.
  t = performance.now();
  const periods = (ok(await call('GET', '/api/periods'), 'GET /api/periods').body as { periods: Array<Record<string, string>> }).periods ?? [];
  const before = periods.find((p) => p.period === SICHUAN_DEMO_QUARTER);
  const at = (x: string | undefined) => (x ? new Date(x).getTime() : NaN);
  const scheduleWritten = !before || (['opensAt', 'dueAt', 'closesAt'] as const).some((k) => at(before[k]) !== at(SICHUAN_SCHEDULE[k])) ? 1 : 0;
  ok(await call('PUT', `/api/periods/${SICHUAN_DEMO_QUARTER}`, SICHUAN_SCHEDULE), `PUT /api/periods/${SICHUAN_DEMO_QUARTER}`);
  timings.schedule = performance.now() - t;

  return {
    bases: bases.length,
    created,
    registryChanged,
    designations: designations.length,
    designationsWritten,
    filings: filings.size,
    written,
    scheduleWritten,
    timings,
  };
}

// ---- what the API answers -------------------------------------------------------------------------

/** 2021Q4 per scope: bases reporting and the total 基地建筑总面积 (m²). */
export type SichuanAggregate = Record<(typeof SCOPES)[number], { reportingBases: bigint; buildingArea: bigint }>;

export async function readSichuanAggregate(call: DemoCall): Promise<SichuanAggregate> {
  const out = {} as SichuanAggregate;
  for (const scope of SCOPES) {
    const path = `/api/aggregates/${SICHUAN_DEMO_QUARTER}?scope=${encodeURIComponent(scope)}`;
    const b = ok(await call('GET', path), `GET ${path}`).body as { reportingBases?: unknown; values?: Record<string, unknown> };
    out[scope] = { reportingBases: BigInt(String(b.reportingBases ?? 0)), buildingArea: BigInt(String(b.values?.buildingArea ?? 0)) };
  }
  return out;
}

/** What the loaded demo must aggregate to: the dataset's own sums, by the level in force in 2021. */
export function expectedSichuanAggregate(): SichuanAggregate {
  const { filings, designations } = sichuanDataset();
  const national = new Set(designations.filter((d) => d.level === 'national' && d.status === 'designated').map((d) => d.baseId));
  const sum = (ids: string[]) => ({ reportingBases: BigInt(ids.length), buildingArea: ids.reduce((s, id) => s + BigInt(filings.get(id)!.buildingArea!), 0n) });
  const ids = [...filings.keys()];
  return { all: sum(ids), 'level:national': sum(ids.filter((id) => national.has(id))), 'level:provincial': sum(ids.filter((id) => !national.has(id))) };
}

export const sichuanAggregateEquals = (a: SichuanAggregate, b: SichuanAggregate) =>
  SCOPES.every((s) => a[s].reportingBases === b[s].reportingBases && a[s].buildingArea === b[s].buildingArea);

export async function readSichuanSummary(call: DemoCall): Promise<DesignationSummaryRow[]> {
  return (ok(await call('GET', SICHUAN_SUMMARY_PATH), `GET ${SICHUAN_SUMMARY_PATH}`).body as { summary: DesignationSummaryRow[] }).summary;
}

/** The summary the dataset implies (counted here from the dataset, by the shared definition). */
export function expectedSichuanSummary(): DesignationSummaryRow[] {
  return summarizeDesignations(sichuanDataset().designations.map((d) => ({ baseId: d.baseId, designation: { ...d, document: null, updatedAt: '' } })));
}

// ---- the workbook -------------------------------------------------------------------------------

export interface SichuanBulletinReading {
  sheetNames: string[];
  /** 基本情况统计表 A1. */
  title: string;
  /** 基本情况统计表: 基地数量, 其中:国家级, 省级. */
  bases: number;
  national: number;
  provincial: number;
  /** 示范基地认定情况: the summary rows as displayed (rate under its number format). */
  summary: Array<{ year: number; level: string; recommended: number; designated: number; rate: string; times: number; bases: number }>;
  /** 示范基地认定情况: the year's list. */
  list: Array<{ name: string; city: string; county: string; level: string; status: string; recommendedBy: string }>;
  /** 通报正文, one paragraph a line. */
  text: string;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`the bulletin has no sheet ${name} (it has ${wb.worksheets.map((w) => w.name).join(', ')})`);
  return ws;
}

function numberIn(cell: ExcelJS.Cell, where: string): number {
  if (cell.type !== ExcelJS.ValueType.Number) throw new Error(`${where} (${cell.address}) is not a number cell: ${JSON.stringify(cell.value)}`);
  return cell.value as number;
}

const str = (c: ExcelJS.Cell) => (c.value === null || c.value === undefined ? '' : String(c.value));

export async function readSichuanBulletin(xlsx: Uint8Array): Promise<SichuanBulletinReading> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);

  const basic = sheet(wb, '基本情况统计表');
  const labelled = (label: string) => {
    let found: ExcelJS.Row | undefined;
    basic.eachRow((row) => {
      if (row.getCell(1).value === label) found = row;
    });
    if (!found) throw new Error(`基本情况统计表 has no row ${label}`);
    return numberIn(found.getCell(2), `基本情况统计表 ${label}`);
  };

  const ws = sheet(wb, '示范基地认定情况');
  const summary: SichuanBulletinReading['summary'] = [];
  const list: SichuanBulletinReading['list'] = [];
  let part: 'none' | 'summary' | 'list' = 'none';
  ws.eachRow((row) => {
    const first = str(row.getCell(1));
    if (first === '年度') part = 'summary';
    else if (first === '序号') part = 'list';
    else if (row.getCell(1).type !== ExcelJS.ValueType.Number) return;
    else if (part === 'summary') {
      const rate = row.getCell(5);
      summary.push({
        year: numberIn(row.getCell(1), '年度'),
        level: str(row.getCell(2)),
        recommended: numberIn(row.getCell(3), '推荐'),
        designated: numberIn(row.getCell(4), '认定'),
        rate: rate.type === ExcelJS.ValueType.Number ? excelShows(rate.value as number, rate.numFmt) : str(rate),
        times: numberIn(row.getCell(6), '累计认定(家次)'),
        bases: numberIn(row.getCell(7), '累计认定基地'),
      });
    } else if (part === 'list')
      list.push({
        name: str(row.getCell(2)),
        city: str(row.getCell(3)),
        county: str(row.getCell(4)),
        level: str(row.getCell(5)),
        status: str(row.getCell(6)),
        recommendedBy: str(row.getCell(8)),
      });
  });

  const lines: string[] = [];
  sheet(wb, '通报正文').eachRow((row) => {
    const v = row.getCell(1).value;
    if (typeof v === 'string') lines.push(v);
  });

  return {
    sheetNames: wb.worksheets.map((w) => w.name),
    title: str(basic.getCell('A1')),
    bases: labelled('基地数量(家)'),
    national: labelled('其中:国家级(家)'),
    provincial: labelled('省级(家)'),
    summary,
    list,
    text: lines.join('\n'),
  };
}

// ---- the comparison -----------------------------------------------------------------------------

export interface SichuanCheck {
  key: string;
  label: string;
  /** Seed 004's words, or what the row stands for. */
  printed: string;
  /** Where the value was read. */
  source: string;
  expected: string;
  got: string;
  ok: boolean;
}

const percent = (r: number | null) => (r === null ? '—' : excelShows(r, '0.0%'));
const LEVEL: Record<string, string> = { national: '国家级', provincial: '省级' };

/** Seed 004's figures and the dataset's, against the summary, the aggregates and the workbook. */
export function compareSichuanTargets(summary: readonly DesignationSummaryRow[], agg: SichuanAggregate, reading: SichuanBulletinReading): SichuanCheck[] {
  const T = SICHUAN_DEMO_TARGETS;
  const checks: SichuanCheck[] = [];
  const add = (
    key: string,
    label: string,
    printed: string,
    source: string,
    expected: string | number | bigint,
    got: string | number | bigint | undefined,
    ok?: boolean,
  ) =>
    checks.push({
      key,
      label,
      printed,
      source,
      expected: String(expected),
      got: got === undefined ? '(missing)' : String(got),
      ok: ok ?? String(expected) === String(got),
    });

  // Seed 004, from GET /api/designations/summary.
  const row = (year: number, level: string) => summary.find((r) => r.year === year && r.level === level);
  const n21 = row(SICHUAN_DEMO_YEAR, 'national');
  const p21 = row(SICHUAN_DEMO_YEAR, 'provincial');
  const S = 'designations/summary';
  add('national.2021.recommended', '2021 国家级 推荐(家)', '组织推荐的6家基地', S, T.national2021.recommended, n21?.recommended);
  add('national.2021.designated', '2021 国家级 认定(家)', '6家…全部成功上榜', S, T.national2021.designated, n21?.designated);
  add(
    'national.2021.successRate',
    '2021 国家级 认定成功率',
    '全部成功上榜',
    S,
    percent(T.national2021.successRate),
    n21 ? percent(n21.successRate) : undefined,
  );
  add('national.cumulativeTimes', '国家级 累计认定(家次)', '成功推荐26家(次)…成为国家级', S, T.nationalTimes, n21?.cumulativeTimes);
  add('national.cumulativeBases', '国家级 累计认定基地(家)', '(26家(次), no base twice)', S, T.nationalBases, n21?.cumulativeBases);
  add(
    'provincial.cumulativeTimes.seed',
    '省级 累计认定(家次)',
    '已培育认定210余家(次)省级',
    S,
    `≥ ${T.provincialTimesAtLeast}`,
    p21?.cumulativeTimes,
    p21 !== undefined && p21.cumulativeTimes >= T.provincialTimesAtLeast && p21.cumulativeTimes < T.provincialTimesAtLeast + 10,
  );
  add('provincial.cumulativeTimes', '省级 累计认定(家次) exact', '(the dataset: 8 bases designated twice)', S, T.provincialTimes, p21?.cumulativeTimes);
  add('provincial.cumulativeBases', '省级 累计认定基地(家)', '(家(次) > bases)', S, T.provincialBases, p21?.cumulativeBases);
  // Every year and level, as the dataset implies (success rates vary).
  const want = expectedSichuanSummary();
  const show = (r: DesignationSummaryRow | undefined) =>
    r ? `${r.recommended}/${r.designated} ${percent(r.successRate)} 累计${r.cumulativeTimes}家次 ${r.cumulativeBases}家` : undefined;
  for (const w of want.filter((r) => r.recommended > 0 || r.cumulativeTimes > 0))
    add(`summary.${w.year}.${w.level}`, `${w.year} ${LEVEL[w.level]} 推荐/认定`, '(the dataset)', S, show(w)!, show(row(w.year, w.level)));
  add('summary.rows', 'summary rows', '(years × levels)', S, want.length, summary.length);

  // The aggregates of 2021Q4.
  const expAgg = expectedSichuanAggregate();
  const A = `aggregates/${SICHUAN_DEMO_QUARTER}`;
  add('agg.all', '报送基地数(家)', '(200 active bases file 2021Q4)', `${A} all`, T.reportingBases, agg.all.reportingBases);
  add(
    'agg.national',
    '国家级 报送基地数(家)',
    '(national designations in force)',
    `${A} level:national`,
    T.nationalInForce,
    agg['level:national'].reportingBases,
  );
  add('agg.provincial', '省级 报送基地数(家)', '', `${A} level:provincial`, T.provincialInForce, agg['level:provincial'].reportingBases);
  add('agg.buildingArea', '基地建筑总面积(平方米)', "(the dataset's sum)", `${A} all`, expAgg.all.buildingArea, agg.all.buildingArea);
  add('agg.exact', 'every scope equals the dataset', '(reporting, 建筑面积 per scope)', A, 'equal', sichuanAggregateEquals(agg, expAgg) ? 'equal' : 'differs');

  // The workbook.
  const B = `bulletins/${SICHUAN_DEMO_QUARTER}.xlsx`;
  add('bulletin.title', '标题', '(names 四川省)', `${B} 基本情况统计表 A1`, '2021年四季度四川省中小微企业创业创新基地基本情况统计表', reading.title);
  add('bulletin.bases', '基地数量(家)', '', `${B} 基本情况统计表`, T.reportingBases, reading.bases);
  add('bulletin.national', '其中:国家级(家)', '(26家(次) less 1 revoked)', `${B} 基本情况统计表`, T.nationalInForce, reading.national);
  add('bulletin.provincial', '省级(家)', '', `${B} 基本情况统计表`, T.provincialInForce, reading.provincial);
  const sheetRow = reading.summary.find((r) => r.year === SICHUAN_DEMO_YEAR && r.level === '国家级');
  const D = `${B} 示范基地认定情况`;
  add(
    'bulletin.national.2021',
    '2021 国家级 推荐/认定/成功率/累计',
    '6家全部上榜, 26家(次)',
    D,
    '6 / 6 / 100.0% / 26',
    sheetRow ? `${sheetRow.recommended} / ${sheetRow.designated} / ${sheetRow.rate} / ${sheetRow.times}` : undefined,
  );
  const sheetProv = reading.summary.find((r) => r.year === SICHUAN_DEMO_YEAR && r.level === '省级');
  add('bulletin.provincial.2021', '2021 省级 累计认定(家次)', '210余家(次)', D, T.provincialTimes, sheetProv?.times);
  const six = reading.list.filter((r) => r.level === '国家级');
  // The seed's six by name, city and county (named in full only when they differ, to keep the table narrow).
  const wantSix = SEED_004_BASES.map((b) => `${b.name}(${b.city}${b.county})`);
  const gotSix = six.map((r) => `${r.name}(${r.city}${r.county})`);
  const missing = wantSix.filter((x) => !gotSix.includes(x));
  const extra = gotSix.filter((x) => !wantSix.includes(x));
  add(
    'bulletin.six',
    '2021 国家级 名单',
    '电子科技大学西区科技园…等6家',
    D,
    "the seed's 6, 成都…泸州",
    missing.length || extra.length || gotSix.length !== 6
      ? `${gotSix.length}家${missing.length ? `; missing ${missing.join('、')}` : ''}${extra.length ? `; extra ${extra.join('、')}` : ''}`
      : "the seed's 6, 成都…泸州",
  );
  add(
    'bulletin.six.status',
    '2021 国家级 状态 / 推荐单位',
    '全部成功上榜',
    D,
    `6 × 已认定 / ${SICHUAN_DEPARTMENT}`,
    six.length
      ? `${six.length} × ${[...new Set(six.map((r) => r.status))].join('、')} / ${[...new Set(six.map((r) => r.recommendedBy))].join('、')}`
      : undefined,
  );
  add(
    'bulletin.signed',
    '落款',
    "(the province's department)",
    `${B} 通报正文`,
    SICHUAN_DEPARTMENT,
    reading.text.includes(SICHUAN_DEPARTMENT) ? SICHUAN_DEPARTMENT : '(absent)',
  );
  add('bulletin.noHunan', '不含“湖南”', '(a Sichuan bulletin)', `${B} 通报正文`, 'none', /湖南/.test(reading.text) ? 'found' : 'none');
  return checks;
}
