// The window platforms' bulletin end to end on DynamoDB Local: a random platform network
// (seeded: units, plans, parks, clusters, tiers, filers that never file) is loaded through the
// API, the real stream drives the aggregator, the export handler builds the workbook and exceljs
// reads it back. Every figure checked — completion, coverage, full-coverage cities, tier totals,
// 活跃度 and 名次, completeness — is recomputed here, independently, from the data the test sent.
//
// The runs build on each other in one table (a registry cannot be emptied): each run adds
// platforms, replaces some cities' units and the plan, files and corrects, and the expectation
// always covers everything sent so far.

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { makeRng } from '../helpers/scenario';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const exporter = await import('../../functions/export-bulletin');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { DEFAULT_DIVISIONS } = await import('../../shared/platforms/divisions');
const { HUNAN_CITIES } = await import('../../shared/registry');
const { startTestPoller } = await import('../helpers/stream');
const call = caller(dispatch);

const YEAR = 2020;
let poller: Awaited<ReturnType<typeof startTestPoller>>;

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => processStreamEvent(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
  const r = await call('PUT', `/api/periods/${YEAR}?program=platforms`, {
    opensAt: '2020-01-01T00:00:00+08:00',
    dueAt: '2099-01-15T00:00:00+08:00',
    closesAt: '2099-02-01T00:00:00+08:00',
  });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await poller?.stop();
});

// ---- the network as the test knows it ----------------------------------------------------------

type Tier = 'city' | 'cluster' | 'county';
const TIERS: Tier[] = ['city', 'cluster', 'county'];
const TIER_LABEL: Record<Tier, string> = { city: '市州综合窗口平台', cluster: '产业集群窗口平台', county: '县市区综合窗口平台' };
/** The indicators in column order, with the labels the sheets print (written out here, not imported). */
const FIELDS: Array<[string, string]> = [
  ['policyItems', '发布政策信息(条)'],
  ['newEnterprises', '新增注册企业(家)'],
  ['newAgencies', '新增服务机构(家)'],
  ['serviceProjects', '发布服务项目(个)'],
  ['serviceActivities', '开展服务活动(次)'],
  ['enterprisesServed', '服务企业(家次)'],
  ['demandsPublished', '线上发布需求(项)'],
  ['onlineDeals', '线上达成服务交易(次)'],
];

interface Plat {
  id: string;
  name: string;
  tier: Tier;
  city: string;
  county: string | null;
  park: boolean;
  cluster: string | null;
  builtYear: number;
  inPlan: boolean;
  activeTo: string | null;
}

const net = {
  platforms: new Map<string, Plat>(),
  /** Stored lists; other cities have the shipped default. */
  divisions: new Map<string, string[]>(),
  plan: null as Record<string, number> | null,
  /** Counted values of YEAR. */
  values: new Map<string, bigint[]>(),
};

const unitsOf = (city: string): string[] => net.divisions.get(city) ?? [...(DEFAULT_DIVISIONS[city] ?? [])];
const active = (p: Plat) => p.builtYear <= YEAR && (p.activeTo === null || YEAR <= Number(p.activeTo));

// ---- loading a random network through the API ---------------------------------------------------

const pick = <T>(rng: () => number, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const int = (rng: () => number, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
function sample<T>(rng: () => number, xs: readonly T[], n: number): T[] {
  const copy = [...xs];
  const out: T[] = [];
  while (out.length < n && copy.length) out.push(copy.splice(Math.floor(rng() * copy.length), 1)[0]!);
  return out;
}

async function ok(r: Promise<{ status: number; text: string }>, statuses = [200, 201]) {
  const x = await r;
  expect(statuses, x.text).toContain(x.status);
}

async function submit(id: string, values: bigint[]) {
  const body = {
    status: 'submitted',
    values: Object.fromEntries(FIELDS.map(([code], i) => [code, values[i]!.toString()])),
    confirmWarnings: true,
    explanation: '历史数据,按原报表录入',
  };
  await ok(call('PUT', `/api/platforms/${id}/filings/${YEAR}`, body));
  net.values.set(id, values);
}

async function loadRun(run: number, rng: () => number, withPlan: boolean) {
  const cities = sample(rng, HUNAN_CITIES, int(rng, 3, 5));
  // Units: some cities get a short list of their own (so full coverage is reachable), one with a unit not in the default.
  for (const city of cities) {
    if (rng() < 0.65) {
      const units = sample(rng, DEFAULT_DIVISIONS[city]!, int(rng, 1, 3));
      if (rng() < 0.3) units.push(`${city.slice(0, 2)}新区${run}`);
      await ok(call('PUT', `/api/divisions/${encodeURIComponent(city)}`, { counties: units }));
      net.divisions.set(city, units);
    }
  }
  if (withPlan) {
    const plan = Object.fromEntries(sample(rng, HUNAN_CITIES, int(rng, 2, 6)).map((c) => [c, int(rng, 0, 4)]));
    await ok(call('PUT', `/api/platform-plans/${YEAR}`, { cities: plan }));
    net.plan = plan;
  }
  const added: Plat[] = [];
  let n = 0;
  const add = async (p: Omit<Plat, 'id' | 'name'>) => {
    const id = `r${run}-p${n}`;
    const plat: Plat = {
      ...p,
      id,
      name: `${p.city.slice(0, 2)}${p.tier === 'city' ? '综合' : p.tier === 'cluster' ? '集群' : p.park ? '园区' : '县区'}平台${run}-${n++}`,
    };
    const body = {
      name: plat.name,
      tier: plat.tier,
      city: plat.city,
      county: plat.county,
      park: plat.park,
      cluster: plat.cluster,
      builtYear: plat.builtYear,
      inPlan: plat.inPlan,
      activeTo: plat.activeTo,
    };
    await ok(call('PUT', `/api/platforms/${id}`, body), [201]);
    net.platforms.set(id, plat);
    added.push(plat);
  };
  const common = () => ({ builtYear: int(rng, YEAR - 3, YEAR + 1), inPlan: rng() < 0.6, activeTo: rng() < 0.1 ? String(YEAR - 1) : null });
  for (const city of cities) {
    if (rng() < 0.8) await add({ tier: 'city', city, county: null, park: false, cluster: null, ...common() });
    for (let i = int(rng, 0, 2); i > 0; i--)
      await add({ tier: 'cluster', city, county: null, park: false, cluster: pick(rng, ['服饰', '陶瓷', '轨道交通', '中药材']), ...common() });
    for (let i = int(rng, 1, 4); i > 0; i--)
      await add({ tier: 'county', city, county: pick(rng, unitsOf(city)), park: rng() < 0.25, cluster: null, ...common() });
  }
  // Filings: some never file, some only save a draft, some copy another's values (ties), some all zeros.
  for (const p of added.filter(active)) {
    const r = rng();
    if (r < 0.15) continue;
    if (r < 0.25) {
      await ok(call('PUT', `/api/platforms/${p.id}/filings/${YEAR}`, { status: 'draft', values: { policyItems: '1' } }));
      continue;
    }
    const same = [...net.values.entries()].filter(([id]) => net.platforms.get(id)!.tier === p.tier);
    const values =
      same.length && rng() < 0.2
        ? [...pick(rng, same)[1]]
        : rng() < 0.05
          ? FIELDS.map(() => 0n)
          : FIELDS.map(() => (rng() < 0.2 ? 0n : BigInt(int(rng, 1, 400))));
    await submit(p.id, values);
  }
  // A correction of an earlier filing.
  const earlier = [...net.values.keys()].filter((id) => !id.startsWith(`r${run}-`));
  if (earlier.length)
    await submit(
      pick(rng, earlier),
      FIELDS.map(() => BigInt(int(rng, 0, 50))),
    );
  await poller.drain(20_000);
}

// ---- the expectation, computed here ------------------------------------------------------------

const pct = (a: number, b: number): string => {
  // Exact, rounded half up to 2 places of a percentage.
  const q = (BigInt(a) * 20000n + BigInt(b)) / (2n * BigInt(b));
  return `${q / 100n}.${String(q % 100n).padStart(2, '0')}%`;
};

function expectedCompletion(city: string) {
  const planned = net.plan?.[city] ?? 0;
  const built = [...net.platforms.values()].filter((p) => p.tier === 'county' && p.city === city && p.builtYear === YEAR);
  const inPlan = built.filter((p) => p.inPlan).length;
  return { planned, built: built.length, inPlan, outPlan: built.length - inPlan, notDone: Math.max(0, planned - inPlan) };
}

function expectedCoverage(city: string) {
  const units = [...new Set(unitsOf(city))];
  const standing = [...net.platforms.values()].filter((p) => p.tier === 'county' && p.city === city && active(p));
  const covered = units.filter((u) => standing.some((p) => !p.park && p.county === u)).length;
  return { units: units.length, built: standing.length, covered, full: units.length > 0 && covered === units.length };
}

interface Ranked {
  p: Plat;
  values: bigint[];
  index: number;
  place: number;
}

function expectedActivity(tier: Tier): Ranked[] {
  const rows = [...net.platforms.values()].filter((p) => p.tier === tier && net.values.has(p.id)).map((p) => ({ p, values: net.values.get(p.id)! }));
  const c = rows.length;
  const sums = FIELDS.map((_, i) => rows.reduce((s, r) => s + r.values[i]!, 0n));
  const used = FIELDS.map((_, i) => i).filter((i) => sums[i]! > 0n);
  // Exact comparison key: Σ v_f / S_f over a common denominator.
  const lcm = used.reduce((m, i) => m * sums[i]!, 1n);
  const scored = rows.map((r) => ({
    ...r,
    key: used.reduce((s, i) => s + r.values[i]! * (lcm / sums[i]!), 0n),
    index: used.length ? used.reduce((s, i) => s + Number(r.values[i]!) / (Number(sums[i]!) / c), 0) / used.length : 0,
  }));
  scored.sort((a, b) => (a.key === b.key ? a.p.name.localeCompare(b.p.name, 'zh-CN') || a.p.id.localeCompare(b.p.id) : a.key > b.key ? -1 : 1));
  return scored.map((r) => ({ p: r.p, values: r.values, index: r.index, place: scored.findIndex((x) => x.key === r.key) + 1 }));
}

// ---- reading the workbook -----------------------------------------------------------------------

async function exportWorkbook(query: string): Promise<ExcelJS.Workbook> {
  const r: APIGatewayProxyStructuredResultV2 = await exporter.dispatch(
    makeEvent('GET', `/api/bulletins/${YEAR}.xlsx?program=platforms${query}`, undefined, {}),
  );
  expect(r.statusCode, String(r.body).slice(0, 300)).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
  return wb;
}

function rowOf(ws: ExcelJS.Worksheet, label: string, from = 1): ExcelJS.Row {
  for (let r = from; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === label) return ws.getRow(r);
  throw new Error(`no row "${label}" in ${ws.name}`);
}
const cells = (row: ExcelJS.Row, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => row.getCell(from + i).value);

function expectRate(actual: unknown, a: number, b: number, what: string) {
  if (b === 0) expect(actual, what).toBe('—');
  else expect(actual as number, what).toBeCloseTo(a / b, 10);
}

function checkCompletion(wb: ExcelJS.Workbook, cities: readonly string[], totalLabel: string) {
  const ws = wb.getWorksheet('建设任务完成情况')!;
  const total = { planned: 0, built: 0, inPlan: 0, outPlan: 0, notDone: 0 };
  for (const city of cities) {
    const e = expectedCompletion(city);
    const row = rowOf(ws, city);
    expect({ city, got: cells(row, 2, 6) }).toEqual({ city, got: [e.planned, e.built, e.inPlan, e.outPlan, e.notDone] });
    expectRate(row.getCell(7).value, e.inPlan, e.planned, `完成率 ${city}`);
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += e[k];
  }
  const row = rowOf(ws, totalLabel);
  expect(cells(row, 2, 6)).toEqual([total.planned, total.built, total.inPlan, total.outPlan, total.notDone]);
  expectRate(row.getCell(7).value, total.inPlan, total.planned, '完成率 total');
  return total;
}

function checkCoverage(wb: ExcelJS.Workbook, cities: readonly string[], totalLabel: string) {
  const ws = wb.getWorksheet('覆盖情况')!;
  const total = { units: 0, built: 0, covered: 0 };
  const full: string[] = [];
  for (const city of cities) {
    const e = expectedCoverage(city);
    const row = rowOf(ws, city);
    expect({ city, got: cells(row, 2, 4) }).toEqual({ city, got: [e.units, e.built, e.covered] });
    expectRate(row.getCell(5).value, e.covered, e.units, `覆盖率 ${city}`);
    expect({ city, full: row.getCell(6).value }).toEqual({ city, full: e.full ? '是' : '否' });
    if (e.full) full.push(city);
    total.units += e.units;
    total.built += e.built;
    total.covered += e.covered;
  }
  const row = rowOf(ws, totalLabel);
  expect(cells(row, 2, 4)).toEqual([total.units, total.built, total.covered]);
  expectRate(row.getCell(5).value, total.covered, total.units, '覆盖率 total');
  expect(row.getCell(6).value).toBe(`${full.length}个`);
  return { ...total, full };
}

function checkAnnexes(wb: ExcelJS.Workbook, inScope: (p: Plat) => boolean) {
  const ranked: Record<Tier, Ranked[]> = { city: [], cluster: [], county: [] };
  for (const tier of TIERS) {
    const ws = wb.getWorksheet(`${TIER_LABEL[tier]}线上服务统计表`)!;
    const lead = tier === 'city' ? 3 : 4;
    const want = expectedActivity(tier).filter((r) => inScope(r.p));
    ranked[tier] = want;
    const got: unknown[][] = [];
    for (let r = 3; r <= ws.rowCount && ws.getRow(r).getCell(1).value !== '合计'; r++) {
      const row = ws.getRow(r);
      if (row.getCell(1).value === '(无数据)') break;
      got.push(cells(row, 1, lead + FIELDS.length + 2));
    }
    expect({ tier, rows: got.length }).toEqual({ tier, rows: want.length });
    want.forEach((w, i) => {
      const g = got[i]!;
      const extra = tier === 'cluster' ? [w.p.cluster] : tier === 'county' ? [w.p.park ? `${w.p.county}(园区)` : w.p.county] : [];
      expect({ tier, i, head: g.slice(0, lead), values: g.slice(lead, lead + FIELDS.length), place: g[lead + FIELDS.length + 1] }).toEqual({
        tier,
        i,
        head: [i + 1, w.p.name, w.p.city, ...extra],
        values: w.values.map(Number),
        place: w.place,
      });
      expect(g[lead + FIELDS.length] as number, `${tier} ${w.p.name} 活跃度`).toBeCloseTo(w.index, 9);
    });
    const total = rowOf(ws, '合计');
    expect(cells(total, lead + 1, lead + FIELDS.length)).toEqual(FIELDS.map((_, f) => want.reduce((s, w) => s + Number(w.values[f]!), 0)));
    expect(total.getCell(2).value).toBe(`${want.length}家平台`);
  }
  return ranked;
}

function checkOperations(wb: ExcelJS.Workbook) {
  const ws = wb.getWorksheet('运行指标')!;
  expect(cells(ws.getRow(2), 1, 5)).toEqual(['指标', '全省', ...TIERS.map((t) => TIER_LABEL[t])]);
  const filers = [...net.values.keys()].map((id) => net.platforms.get(id)!);
  const sum = (ps: Plat[], f: number) => ps.reduce((s, p) => s + Number(net.values.get(p.id)![f]!), 0);
  const groups = [filers, ...TIERS.map((t) => filers.filter((p) => p.tier === t))];
  FIELDS.forEach(([, label], f) => expect({ label, got: cells(rowOf(ws, label), 2, 5) }).toEqual({ label, got: groups.map((g) => sum(g, f)) }));
  expect(cells(rowOf(ws, '报送平台数(家)'), 2, 5)).toEqual(groups.map((g) => g.length));
  return groups[0]!;
}

function checkCompleteness(wb: ExcelJS.Workbook) {
  const ws = wb.getWorksheet('报送情况')!;
  const expected = [...net.platforms.values()].filter(active);
  const missing = expected.filter((p) => !net.values.has(p.id));
  expect(cells(rowOf(ws, '全省合计'), 3, 7)).toEqual([expected.length, expected.length - missing.length, expected.length - missing.length, 0, missing.length]);
  for (const tier of TIERS) {
    const e = expected.filter((p) => p.tier === tier);
    if (!e.length) continue;
    const m = e.filter((p) => !net.values.has(p.id)).length;
    const row = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(2).value === TIER_LABEL[tier])!;
    expect({ tier, got: cells(row, 3, 7) }).toEqual({ tier, got: [e.length, e.length - m, e.length - m, 0, m] });
  }
  const list = rowOf(ws, `${YEAR}年未报送平台名单(${missing.length}家)`).number;
  const names: unknown[] = [];
  for (let r = list + 2; r < list + 2 + missing.length; r++) names.push(ws.getRow(r).getCell(2).value);
  expect(names.sort()).toEqual(missing.map((p) => p.name).sort());
}

const shortCity = (c: string) => (c === '湘西土家族苗族自治州' ? '湘西州' : c.endsWith('市') ? c.slice(0, -1) : c);

function checkText(wb: ExcelJS.Workbook, plan: ReturnType<typeof checkCompletion>, cov: ReturnType<typeof checkCoverage>, ranked: Record<Tier, Ranked[]>) {
  const ws = wb.getWorksheet('通报正文')!;
  const all: string[] = [];
  ws.eachRow((row) => all.push(String(row.getCell(1).value ?? '')));
  const text = all.join('\n');
  if (plan.planned > 0)
    expect(text).toContain(
      `计划建设县市区、工业园区窗口平台${plan.planned}家,实际完成建设${plan.built}家,其中,计划内${plan.inPlan}家,计划外${plan.outPlan}家,未完成建设的${plan.notDone}家,总体任务完成率${pct(plan.inPlan, plan.planned)}。`,
    );
  else expect(text).toContain(`未下达县市区、工业园区窗口平台建设计划,实际完成建设${plan.built}家。`);
  expect(text).toContain(`共建成县市区(工业园区)窗口平台${cov.built}家,平台覆盖率达到${pct(cov.covered, cov.units)}。`);
  if (cov.full.length)
    expect(text).toContain(
      `${cov.full.map(shortCity).join('、')}${cov.full.length}个${cov.full.every((c) => c.endsWith('市')) ? '市' : '市州'}已实现县市区窗口平台全覆盖。`,
    );
  else expect(text).toContain('尚无市州实现县市区窗口平台全覆盖。');
  const leaders = [...new Set(ranked.city.filter((r) => r.index > 0 && r.place <= 3).map((r) => shortCity(r.p.city)))];
  if (leaders.length) expect(text).toContain(`综合所有运行指标,${leaders.join('、')}等市州平台相对活跃`);
}

// ---- the runs -------------------------------------------------------------------------------------

describe('GET /api/bulletins/2020.xlsx?program=platforms on a random network', () => {
  it.each([
    [1, 0x5eed01, false],
    [2, 0x5eed02, true],
    [3, 0x5eed03, true],
  ])('run %i (seed %i, plan %s): every figure equals a recomputation from what was sent', async (run, seed, withPlan) => {
    const rng = makeRng(seed);
    await loadRun(run, rng, withPlan);
    expect(net.plan === null).toBe(!withPlan && run === 1);

    const wb = await exportWorkbook('');
    const plan = checkCompletion(wb, HUNAN_CITIES, '全省合计');
    const cov = checkCoverage(wb, HUNAN_CITIES, '全省');
    const ranked = checkAnnexes(wb, () => true);
    checkOperations(wb);
    checkCompleteness(wb);
    checkText(wb, plan, cov, ranked);

    // One city's own bulletin: its row only, its plan and units, its own totals.
    const city = pick(rng, [...new Set([...net.platforms.values()].map((p) => p.city))]);
    const own = await exportWorkbook(`&scope=${encodeURIComponent(`city:${city}`)}`);
    checkCompletion(own, [city], '合计');
    checkCoverage(own, [city], '合计');
    const ops = own.getWorksheet('运行指标')!;
    const filers = [...net.values.keys()].filter((id) => net.platforms.get(id)!.city === city);
    expect(rowOf(ops, '报送平台数(家)').getCell(2).value).toBe(filers.length);
    FIELDS.forEach(([, label], f) => expect(rowOf(ops, label).getCell(2).value).toBe(filers.reduce((s, id) => s + Number(net.values.get(id)![f]!), 0)));
  });
});
