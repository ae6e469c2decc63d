// Loads the demo window-platform network (local/demo-platforms.ts, seed 003) through the public
// HTTP API and checks it: the one piece of code both `npm run demo` (local/demo.ts, over HTTP)
// and test/integration/demo-platforms.test.ts (in-process handlers) run, so the test proves what
// the demo does.
//
// Loading, in this order (every write is a no-op when repeated, so a second run changes nothing):
//  1. divisions: the shipped default (shared/platforms/divisions.ts) is what the coverage is
//     computed over; a city whose stored list differs is put back to the default (a fresh
//     DATA_DIR stores none, so normally nothing is written);
//  2. PUT /api/platform-plans/2020 (Σ 35);
//  3. PUT /api/platforms/{id} for every platform (the county checks need step 1);
//  4. PUT /api/platforms/{id}/filings/2020 {status: 'submitted', values} (admin token);
//  5. PUT /api/periods/2020?program=platforms — after the filings, as the bases' demo does:
//     lateness is decided at the first submission against the schedule then in force, so filings
//     made before the schedule exists are on time (and on a re-run they are no-ops).
//
// Checking: the aggregates (GET /api/aggregates/2020?program=platforms) for the seed's 运行指标
// totals, and the exported bulletin (GET /api/bulletins/2020.xlsx?program=platforms) for the
// derived figures — 建设任务完成情况, 覆盖情况, the 附件1–3 rankings, 通报正文 — read back with
// exceljs cell by cell (layout: shared/platforms/bulletin.ts). Displays of rates are computed here
// from the cell value and its number format, independently of shared/bulletin/numbers.ts.

import ExcelJS from 'exceljs';
import { mapConcurrent } from '../shared/pool';
// The Hunan demo's units (not the configured province's: importing config here would read it
// before a test has set its environment).
import { HUNAN } from '../shared/province';
import {
  type DemoTier,
  demoPlatformPlan,
  demoPlatforms,
  demoPlatformValues,
  PLATFORM_DEMO_FIELDS,
  PLATFORM_DEMO_TARGETS,
  PLATFORM_DEMO_YEAR,
  type PlatformDemoTarget,
} from './demo-platforms';

/** What the loader needs of an API client: the demo's fetch client or the tests' in-process caller. */
export type DemoCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }>;

const YEAR = String(PLATFORM_DEMO_YEAR);

/** The 2020 filing window of the platforms (yearly reports, due early January; seed 003 is dated 2021-01-11). */
export const PLATFORM_DEMO_SCHEDULE = {
  opensAt: `${PLATFORM_DEMO_YEAR}-12-01T00:00:00+08:00`,
  dueAt: `${PLATFORM_DEMO_YEAR + 1}-01-10T23:59:59+08:00`,
  closesAt: `${PLATFORM_DEMO_YEAR + 1}-01-31T23:59:59+08:00`,
} as const;

/** Sentences of seed 003's text the exported 通报正文 must contain, verbatim (the bulletin's punctuation). */
export const PLATFORM_DEMO_SENTENCES: readonly string[] = [
  '全省计划建设县市区、工业园区窗口平台35家,实际完成建设27家,其中,计划内26家,计划外1家,未完成建设的9家,总体任务完成率74.29%',
  '截止到2020年底,全省共建成县市区(工业园区)窗口平台104家',
  '平台覆盖率达到83.74%。株洲、湘潭、衡阳、常德、张家界、郴州、永州7个市已实现县市区窗口平台全覆盖',
  '全省平台网络共发布政策信息177600条,新增注册企业52796家、服务机构925家,发布服务项目7631个,开展服务活动1984次,服务企业11万余次,对接企业线上发布需求800余项',
  '衡阳、岳阳、郴州等市州平台相对活跃',
  '有色金属、芦淞服饰等产业集群平台和南县、双峰县、桂东县、桃江县、衡山县等县市区平台相对活跃',
  '线上共达成服务交易2.6万余次',
];

export const PLATFORM_BULLETIN_PATH = `/api/bulletins/${YEAR}.xlsx?program=platforms`;
export const PLATFORM_AGGREGATE_PATH = `/api/aggregates/${YEAR}?program=platforms`;

function ok(r: { status: number; body: unknown }, what: string): { status: number; body: unknown } {
  if (r.status >= 400) {
    const e = (r.body as { error?: { code?: string; message?: string; fields?: unknown } } | null)?.error;
    throw new Error(
      `${what} → ${r.status} ${e ? `${e.code} ${e.message} ${e.fields ? JSON.stringify(e.fields) : ''}` : JSON.stringify(r.body)?.slice(0, 300)}`,
    );
  }
  return r;
}

export interface PlatformLoadReport {
  /** Cities whose stored county-level units differed from the default and were put back. */
  divisionsReset: string[];
  platforms: number;
  created: number;
  filings: number;
  written: number;
  timings: Record<'registry' | 'filings' | 'schedule', number>;
}

/** Steps 1–5 of the header. */
export async function loadPlatformDemo(call: DemoCall, concurrency = 8): Promise<PlatformLoadReport> {
  const platforms = demoPlatforms();
  const values = demoPlatformValues();
  const timings = { registry: 0, filings: 0, schedule: 0 };
  let t = performance.now();

  // 1. Divisions.
  const stored = (ok(await call('GET', '/api/divisions'), 'GET /api/divisions').body as { divisions: Record<string, string[]> }).divisions ?? {};
  const divisionsReset: string[] = [];
  for (const [city, units] of Object.entries(HUNAN.divisions)) {
    if (JSON.stringify(stored[city] ?? []) === JSON.stringify(units)) continue;
    ok(await call('PUT', `/api/divisions/${encodeURIComponent(city)}`, { counties: [...units] }), `PUT /api/divisions/${city}`);
    divisionsReset.push(city);
  }

  // 2. The plan; 3. the registry.
  ok(await call('PUT', `/api/platform-plans/${YEAR}`, demoPlatformPlan()), `PUT /api/platform-plans/${YEAR}`);
  let created = 0;
  await mapConcurrent(platforms, concurrency, async ({ platformId, ...body }) => {
    const r = ok(await call('PUT', `/api/platforms/${encodeURIComponent(platformId)}`, body), `PUT /api/platforms/${platformId}`);
    if (r.status === 201) created++;
  });
  timings.registry = performance.now() - t;

  // 4. The 2020 filings, submitted (counts: dp 0, typed as integers).
  t = performance.now();
  let written = 0;
  await mapConcurrent(platforms, concurrency, async ({ platformId }) => {
    const v = values.get(platformId);
    if (!v) throw new Error(`no demo values for ${platformId}`);
    const body = {
      status: 'submitted',
      values: Object.fromEntries(PLATFORM_DEMO_FIELDS.map((f) => [f, String(v[f])])),
      confirmWarnings: true,
      explanation: '历史数据,按原报表录入',
    };
    const r = ok(
      await call('PUT', `/api/platforms/${encodeURIComponent(platformId)}/filings/${YEAR}`, body),
      `PUT /api/platforms/${platformId}/filings/${YEAR}`,
    );
    if ((r.body as { changed?: boolean }).changed) written++;
  });
  timings.filings = performance.now() - t;

  // 5. The schedule, after the filings.
  t = performance.now();
  ok(await call('PUT', `/api/periods/${YEAR}?program=platforms`, PLATFORM_DEMO_SCHEDULE), `PUT /api/periods/${YEAR}?program=platforms`);
  timings.schedule = performance.now() - t;

  return { divisionsReset, platforms: platforms.length, created, filings: platforms.length, written, timings };
}

// ---- aggregates ---------------------------------------------------------------------------------

export interface PlatformAggregate {
  reportingEntities: bigint;
  values: Record<string, bigint>;
}

export async function readPlatformAggregate(call: DemoCall): Promise<PlatformAggregate> {
  const b = ok(await call('GET', PLATFORM_AGGREGATE_PATH), `GET ${PLATFORM_AGGREGATE_PATH}`).body as {
    reportingEntities?: unknown;
    values?: Record<string, unknown>;
  };
  const big = (v: unknown) => BigInt(String(v ?? 0));
  return { reportingEntities: big(b.reportingEntities), values: Object.fromEntries(Object.entries(b.values ?? {}).map(([k, v]) => [k, big(v)])) };
}

/** The aggregate the loaded demo must reach: every platform reporting, the exact demo totals. */
export function expectedPlatformAggregate(): PlatformAggregate {
  const platforms = demoPlatforms();
  const values = demoPlatformValues();
  return {
    reportingEntities: BigInt(platforms.length),
    values: Object.fromEntries(PLATFORM_DEMO_FIELDS.map((f) => [f, platforms.reduce((s, p) => s + BigInt(values.get(p.platformId)![f]!), 0n)])),
  };
}

export function aggregateEquals(a: PlatformAggregate, b: PlatformAggregate): boolean {
  return a.reportingEntities === b.reportingEntities && PLATFORM_DEMO_FIELDS.every((f) => a.values[f] === b.values[f]);
}

// ---- the workbook -------------------------------------------------------------------------------

/** What the derived targets are read from: the exported bulletin's cells, as displayed. */
export interface PlatformBulletinReading {
  /** 建设任务完成情况, row 全省合计. */
  plan: { planned: number; built: number; inPlan: number; outPlan: number; notDone: number; rate: string };
  /** 覆盖情况, row 全省, and the cities marked 全覆盖 是 (sheet order). */
  coverage: { units: number; built: number; covered: number; rate: string; fullCities: string[] };
  /** 附件1–3: per tier, the rows (sheet order) with their identifying column and 名次. */
  ranking: Record<DemoTier, Array<{ name: string; place: number }>>;
  /** 通报正文, one paragraph a line. */
  text: string;
  sheetNames: string[];
}

export const PLATFORM_SHEETS = [
  '建设任务完成情况',
  '覆盖情况',
  '市州综合窗口平台线上服务统计表',
  '产业集群窗口平台线上服务统计表',
  '县市区综合窗口平台线上服务统计表',
  '运行指标',
  '报送情况',
  '通报正文',
] as const;

const ANNEX: Record<DemoTier, { sheet: string; column: string }> = {
  city: { sheet: '市州综合窗口平台线上服务统计表', column: '所属市州' },
  cluster: { sheet: '产业集群窗口平台线上服务统计表', column: '产业集群' },
  county: { sheet: '县市区综合窗口平台线上服务统计表', column: '县市区' },
};

/**
 * What Excel shows for a number under `0`, `0.00`, `0.00%` …: the double to 15 significant digits,
 * rounded half away from zero to the format's decimals.
 */
export function excelShows(value: number, numFmt: string): string {
  const m = /^0(?:\.(0+))?(%?)$/.exec(numFmt);
  if (!m) throw new Error(`unsupported number format "${numFmt}"`);
  const dp = m[1]?.length ?? 0;
  const percent = m[2] === '%';
  const [mantissa, exp = '0'] = Math.abs(value).toPrecision(15).split('e') as [string, string?];
  const [ip, fp = ''] = mantissa.split('.') as [string, string?];
  const digits = BigInt(ip + fp);
  const scale = Number(exp) - fp.length + dp + (percent ? 2 : 0);
  let q: bigint;
  if (scale >= 0) q = digits * 10n ** BigInt(scale);
  else {
    const d = 10n ** BigInt(-scale);
    q = digits / d + (2n * (digits % d) >= d ? 1n : 0n);
  }
  const s = q.toString().padStart(dp + 1, '0');
  return `${value < 0 && q !== 0n ? '-' : ''}${dp ? `${s.slice(0, -dp)}.${s.slice(-dp)}` : s}${percent ? '%' : ''}`;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`the bulletin has no sheet ${name} (it has ${wb.worksheets.map((w) => w.name).join(', ')})`);
  return ws;
}

/** The one row whose first cell is `label`. */
function rowOf(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  const rows: ExcelJS.Row[] = [];
  ws.eachRow((row) => {
    if (row.getCell(1).value === label) rows.push(row);
  });
  if (rows.length !== 1) throw new Error(`${rows.length} rows labelled ${label} in ${ws.name}`);
  return rows[0]!;
}

function numberIn(cell: ExcelJS.Cell, where: string): number {
  if (cell.type !== ExcelJS.ValueType.Number) throw new Error(`${where} (${cell.address}) is not a number cell: ${JSON.stringify(cell.value)}`);
  return cell.value as number;
}

/** A rate cell as displayed (a number under its format; `—` when the rate is undefined). */
function displayed(cell: ExcelJS.Cell, where: string): string {
  if (cell.type === ExcelJS.ValueType.String) return cell.value as string;
  if (!cell.numFmt) throw new Error(`${where} (${cell.address}) has no number format`);
  return excelShows(numberIn(cell, where), cell.numFmt);
}

/** Column numbers of a header row, by header text. */
function headerColumns(row: ExcelJS.Row): Map<string, number> {
  const out = new Map<string, number>();
  row.eachCell((c, col) => {
    if (typeof c.value === 'string') out.set(c.value, col);
  });
  return out;
}

export async function readPlatformBulletin(xlsx: Uint8Array): Promise<PlatformBulletinReading> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);

  const ws1 = sheet(wb, '建设任务完成情况');
  const total = rowOf(ws1, '全省合计');
  const head1 = headerColumns(rowOf(ws1, '市州'));
  const col1 = (h: string) => {
    const c = head1.get(h);
    if (!c) throw new Error(`建设任务完成情况 has no column ${h}`);
    return total.getCell(c);
  };
  const plan = {
    planned: numberIn(col1('计划建设(家)'), '计划建设'),
    built: numberIn(col1('实际完成(家)'), '实际完成'),
    inPlan: numberIn(col1('其中:计划内(家)'), '计划内'),
    outPlan: numberIn(col1('计划外(家)'), '计划外'),
    notDone: numberIn(col1('未完成(家)'), '未完成'),
    rate: displayed(col1('完成率'), '完成率'),
  };

  const ws2 = sheet(wb, '覆盖情况');
  const head2Row = rowOf(ws2, '市州');
  const head2 = headerColumns(head2Row);
  const c2 = (h: string) => {
    const c = head2.get(h);
    if (!c) throw new Error(`覆盖情况 has no column ${h}`);
    return c;
  };
  const province = rowOf(ws2, '全省');
  const fullCities: string[] = [];
  ws2.eachRow((row, n) => {
    if (n > head2Row.number && row.number !== province.number && row.getCell(c2('全覆盖')).value === '是') fullCities.push(String(row.getCell(1).value));
  });
  const coverage = {
    units: numberIn(province.getCell(c2('县市区数(个)')), '县市区数'),
    built: numberIn(province.getCell(c2('已建成(家)')), '已建成'),
    covered: numberIn(province.getCell(c2('已覆盖(个)')), '已覆盖'),
    rate: displayed(province.getCell(c2('覆盖率')), '覆盖率'),
    fullCities,
  };

  const ranking = {} as PlatformBulletinReading['ranking'];
  for (const tier of ['city', 'cluster', 'county'] as const) {
    const ws = sheet(wb, ANNEX[tier].sheet);
    const headRow = rowOf(ws, '序号');
    const head = headerColumns(headRow);
    const nameCol = head.get(ANNEX[tier].column);
    const placeCol = head.get('名次');
    if (!nameCol || !placeCol) throw new Error(`${ws.name} has no column ${ANNEX[tier].column} or 名次`);
    const rows: Array<{ name: string; place: number }> = [];
    ws.eachRow((row, n) => {
      if (n > headRow.number && row.getCell(1).type === ExcelJS.ValueType.Number)
        rows.push({ name: String(row.getCell(nameCol).value), place: numberIn(row.getCell(placeCol), `${ws.name} 名次`) });
    });
    ranking[tier] = rows;
  }

  const lines: string[] = [];
  sheet(wb, '通报正文').eachRow((row) => {
    const v = row.getCell(1).value;
    if (typeof v === 'string') lines.push(v);
  });

  return { plan, coverage, ranking, text: lines.join('\n'), sheetNames: wb.worksheets.map((w) => w.name) };
}

// ---- the comparison -----------------------------------------------------------------------------

export interface PlatformCheck {
  key: string;
  label: string;
  /** The seed's words (or what the row stands for). */
  printed: string;
  /** Where the value was read. */
  source: string;
  expected: string;
  got: string;
  ok: boolean;
}

const list = (xs: readonly string[]) => xs.join('、');

/** Every PLATFORM_DEMO_TARGETS target, the reporting count, the sheet names and the seed's sentences, against what the API returned. */
export function comparePlatformTargets(agg: PlatformAggregate, reading: PlatformBulletinReading): PlatformCheck[] {
  const checks: PlatformCheck[] = [];
  const TOP: Record<DemoTier, number> = { city: 3, cluster: 2, county: 5 };
  for (const t of PLATFORM_DEMO_TARGETS) {
    const [group, name] = t.key.split('.') as [string, string];
    let got: string | number | readonly string[] | bigint | undefined;
    let source: string;
    if (group === 'plan') {
      got = reading.plan[name as keyof PlatformBulletinReading['plan']];
      source = '建设任务完成情况 全省合计';
    } else if (group === 'coverage') {
      got = reading.coverage[name as keyof PlatformBulletinReading['coverage']];
      source = name === 'fullCities' ? '覆盖情况 全覆盖=是' : '覆盖情况 全省';
    } else if (group === 'values') {
      got = agg.values[name];
      source = 'GET /api/aggregates';
    } else if (group === 'activity') {
      const tier = name as DemoTier;
      // The platforms placed within the tier's top (default top=3,2,5), in the sheet's order.
      got = reading.ranking[tier].filter((r) => r.place <= TOP[tier]).map((r) => r.name);
      source = `${ANNEX[tier].sheet} 名次≤${TOP[tier]}`;
    } else throw new Error(`unknown target ${t.key}`);
    checks.push(checkOf(t, got, source));
  }
  const want = expectedPlatformAggregate();
  checks.push({
    key: 'values.reporting',
    label: '报送平台数(家)',
    printed: '(every demo platform files 2020)',
    source: 'GET /api/aggregates',
    expected: String(want.reportingEntities),
    got: String(agg.reportingEntities),
    ok: agg.reportingEntities === want.reportingEntities,
  });
  for (const f of PLATFORM_DEMO_FIELDS) {
    const t = PLATFORM_DEMO_TARGETS.find((x) => x.key === `values.${f}`);
    // A range target is satisfied by any value in it; the demo's own exact total is checked too.
    if (t?.check === 'range')
      checks.push({
        key: `values.${f}.exact`,
        label: `${t.label} exact`,
        printed: "(the demo's pick inside the range)",
        source: 'GET /api/aggregates',
        expected: String(want.values[f]),
        got: String(agg.values[f]),
        ok: agg.values[f] === want.values[f],
      });
  }
  // The eight sheets of SPEC §9 in order (named in full only when they differ, to keep the table narrow).
  const sheetsOk = reading.sheetNames.join(' ') === PLATFORM_SHEETS.join(' ');
  const sheetsWanted = `${PLATFORM_SHEETS.length}张, 建设任务完成情况…通报正文`;
  checks.push({
    key: 'sheets',
    label: '工作表',
    printed: '(SPEC §9)',
    source: 'bulletin',
    expected: sheetsWanted,
    got: sheetsOk ? sheetsWanted : reading.sheetNames.join(' '),
    ok: sheetsOk,
  });
  return checks;
}

function checkOf(t: PlatformDemoTarget, got: string | number | bigint | readonly string[] | undefined, source: string): PlatformCheck {
  const show = (v: unknown) => (Array.isArray(v) ? list(v) : v === undefined ? '(missing)' : String(v));
  let ok: boolean;
  let expected: string;
  if (t.check === 'range') {
    ok = got !== undefined && !Array.isArray(got) && BigInt(got as number) >= BigInt(t.min) && BigInt(got as number) <= BigInt(t.max);
    expected = `${t.min}…${t.max}`;
  } else {
    expected = show(t.expected);
    ok = show(got) === expected && (typeof t.expected === 'string' || Array.isArray(t.expected) ? true : typeof got === 'number' || typeof got === 'bigint');
  }
  return { key: t.key, label: t.label, printed: t.printed ?? '(implied, not printed)', source, expected, got: show(got), ok };
}

/** Each seed sentence: found verbatim in 通报正文? */
export function compareSentences(reading: PlatformBulletinReading): Array<{ sentence: string; ok: boolean }> {
  return PLATFORM_DEMO_SENTENCES.map((sentence) => ({ sentence, ok: reading.text.includes(sentence) }));
}
