// The window platforms' bulletin: a hand-built network whose figures are seed 003's, laid out
// and read back from the model (and once through the workbook writer).

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Totals } from '../../shared/aggregation';
import type { CellModel, SheetModel } from '../../shared/bulletin/model';
import { writeWorkbook } from '../../shared/bulletin/writer';
import { cityShortName, layoutPlatformBulletin, type PlatformBulletinInput, type PlatformCompleteness, roughly } from '../../shared/platforms/bulletin';
import { PLATFORM_FIELDS } from '../../shared/platforms/catalog';
import type { NetworkInput } from '../../shared/platforms/network';
import type { PlatformRecord } from '../../shared/platforms/registry';
import { HUNAN_CITIES } from '../../shared/registry';

// ---- the seed-003 network ------------------------------------------------------------------------

/** city → [units, covered units, planned 2020, in-plan built 2020]; 123 units, 103 covered, 35 planned, 26 in plan. */
const CITY_FIGURES: Record<string, [number, number, number, number]> = {
  长沙市: [9, 6, 3, 1],
  株洲市: [9, 9, 2, 2],
  湘潭市: [5, 5, 1, 1],
  衡阳市: [12, 12, 3, 3],
  邵阳市: [12, 8, 4, 2],
  岳阳市: [9, 7, 2, 2],
  常德市: [9, 9, 2, 2],
  张家界市: [4, 4, 1, 1],
  益阳市: [6, 4, 2, 2],
  郴州市: [11, 11, 3, 3],
  永州市: [11, 11, 3, 3],
  怀化市: [13, 9, 4, 2],
  娄底市: [5, 3, 2, 1],
  湘西土家族苗族自治州: [8, 5, 3, 1],
};

/** Units named in the seed's 活跃 sentence lead their city's list. */
const NAMED_UNITS: Record<string, string[]> = { 益阳市: ['南县', '桃江县'], 娄底市: ['双峰县'], 郴州市: ['桂东县'], 衡阳市: ['衡山县'] };

const unitsOf = (city: string, n: number) => {
  const named = NAMED_UNITS[city] ?? [];
  return [...named, ...Array.from({ length: n - named.length }, (_, i) => `${cityShortName(city)}${i + 1}区`)];
};

function platform(platformId: string, extra: Partial<PlatformRecord>): PlatformRecord {
  return {
    platformId,
    name: platformId,
    tier: 'county',
    city: '长沙市',
    county: null,
    park: false,
    cluster: null,
    builtYear: 2018,
    inPlan: false,
    activeFrom: null,
    activeTo: null,
    updatedAt: '2020-01-01T00:00:00.000Z',
    ...extra,
  };
}

/** Values whose 活跃度 falls with `rank` (every indicator proportional, so the index is too). */
const valuesAt = (rank: number) => Object.fromEntries(PLATFORM_FIELDS.map((f) => [f.code, 100 - rank * 7]));

function seedNetwork(): { network: NetworkInput; platforms: PlatformRecord[] } {
  const divisions: Record<string, string[]> = {};
  const plan: Record<string, number> = {};
  const platforms: PlatformRecord[] = [];
  const values = new Map<string, Record<string, number>>();
  for (const [city, [units, covered, planned, inPlan]] of Object.entries(CITY_FIGURES)) {
    divisions[city] = unitsOf(city, units);
    plan[city] = planned;
    divisions[city]
      .slice(0, covered)
      .forEach((u, i) =>
        platforms.push(platform(`${city}-${i}`, { name: `${u}中小企业服务中心`, city, county: u, builtYear: i < inPlan ? 2020 : 2018, inPlan: i < inPlan })),
      );
  }
  // One park built outside the plan: 27 built, 104 standing; it covers no unit.
  platforms.push(platform('park', { name: '长沙经开区窗口平台', city: '长沙市', county: '长沙1区', park: true, builtYear: 2020 }));
  // One that stopped before 2020: neither standing nor covering (长沙7区 stays uncovered).
  platforms.push(platform('gone', { name: '已撤销平台', city: '长沙市', county: '长沙7区', activeTo: '2019' }));

  const county = ['南县', '双峰县', '桂东县', '桃江县', '衡山县'];
  for (const [i, u] of county.entries()) values.set(platforms.find((p) => p.county === u)!.platformId, valuesAt(i));
  values.set(platforms.find((p) => p.county === '长沙2区')!.platformId, valuesAt(9));

  const cities: Array<[string, number]> = [
    ['衡阳市', 0],
    ['岳阳市', 1],
    ['郴州市', 2],
    ['长沙市', 3],
    ['湘西土家族苗族自治州', 4],
  ];
  for (const [city, rank] of cities) {
    const p = platform(`city-${rank}`, { tier: 'city', name: `${city}中小企业服务中心`, city });
    platforms.push(p);
    values.set(p.platformId, valuesAt(rank));
  }
  const clusters: Array<[string, string, number]> = [
    ['有色金属', '郴州市', 0],
    ['芦淞服饰', '株洲市', 1],
    ['=HYPERLINK("x")', '长沙市', 2],
  ];
  for (const [cluster, city, rank] of clusters) {
    const p = platform(`cluster-${rank}`, { tier: 'cluster', name: cluster === '=HYPERLINK("x")' ? cluster : `${cluster}产业集群窗口平台`, city, cluster });
    platforms.push(p);
    values.set(p.platformId, valuesAt(rank));
  }
  return { network: { year: 2020, platforms, divisions, plan, values }, platforms };
}

const SEED_TOTALS: Record<string, number> = {
  policyItems: 177600,
  newEnterprises: 52796,
  newAgencies: 925,
  serviceProjects: 7631,
  serviceActivities: 1984,
  enterprisesServed: 110347,
  demandsPublished: 836,
  onlineDeals: 26410,
};

const totals = (n: number, values: Record<string, number>): Totals => ({
  reportingBases: BigInt(n),
  values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, BigInt(v)])),
  means: {},
});

const completeness: PlatformCompleteness = {
  period: '2020',
  expected: 112,
  submitted: 110,
  onTime: 100,
  late: 10,
  missing: 2,
  byCity: [
    { city: '株洲市', expected: 12, submitted: 11, onTime: 11, late: 0, missing: 1 },
    { city: '长沙市', expected: 10, submitted: 9, onTime: 8, late: 1, missing: 1 },
  ],
  byGroup: [
    { group: 'county', label: '县市区综合窗口平台', expected: 100, submitted: 98, onTime: 90, late: 8, missing: 2 },
    { group: 'city', label: '市州综合窗口平台', expected: 12, submitted: 12, onTime: 10, late: 2, missing: 0 },
  ],
  missingEntities: [
    { id: 'x', name: '株洲某平台', city: '株洲市', group: 'county' },
    { id: 'y', name: '=HYPERLINK("x")', city: '长沙市', group: 'county' },
  ],
};

function seedInput(extra: Partial<PlatformBulletinInput> = {}): PlatformBulletinInput {
  return {
    year: 2020,
    scope: 'all',
    network: seedNetwork().network,
    totals: {
      all: totals(110, SEED_TOTALS),
      'tier:city': totals(14, { policyItems: 1000, onlineDeals: 7 }),
      'tier:cluster': totals(6, { policyItems: 600 }),
      'tier:county': totals(90, { policyItems: 176000 }),
      'city:长沙市': totals(9, { policyItems: 4321, enterprisesServed: 99999 }),
    },
    completeness,
    top: [3, 2, 5],
    issuedOn: '2021年1月11日',
    ...extra,
  };
}

// ---- reading the model -----------------------------------------------------------------------------

const shown = (c: CellModel): unknown => (c === null ? null : c.t === 'num' ? c.v : c.v);
const sheet = (m: { sheets: SheetModel[] }, name: string) => {
  const s = m.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
};
const rows = (s: SheetModel) => s.rows.map((r) => r.cells.map(shown));
const rowOf = (s: SheetModel, first: string) => rows(s).find((r) => r[0] === first)!;
const paragraphs = (m: { sheets: SheetModel[] }) =>
  sheet(m, '通报正文')
    .rows.filter((r) => r.kind === 'paragraph')
    .map((r) => (r.cells[0] as { v: string }).v.trim());

describe('platform bulletin: seed 003', () => {
  const model = layoutPlatformBulletin(seedInput());

  it('has the eight sheets in order and the file names', () => {
    expect(model.sheets.map((s) => s.name)).toEqual([
      '建设任务完成情况',
      '覆盖情况',
      '市州综合窗口平台线上服务统计表',
      '产业集群窗口平台线上服务统计表',
      '县市区综合窗口平台线上服务统计表',
      '运行指标',
      '报送情况',
      '通报正文',
    ]);
    expect(model.fileName).toBe('2020年湖南省中小企业公共服务平台网络建设运营情况通报.xlsx');
    expect(model.asciiFileName).toBe('tongbao-platforms-2020-hunan.xlsx');
    for (const s of model.sheets) expect(s.name.length).toBeLessThanOrEqual(31);
  });

  it('建设任务完成情况: per city in province order and the province total', () => {
    const s = sheet(model, '建设任务完成情况');
    expect(rows(s)[1]).toEqual(['市州', '计划建设(家)', '实际完成(家)', '其中:计划内(家)', '计划外(家)', '未完成(家)', '完成率']);
    expect(
      rows(s)
        .slice(2, 16)
        .map((r) => r[0]),
    ).toEqual([...HUNAN_CITIES]);
    expect(rowOf(s, '长沙市')).toEqual(['长沙市', 3, 2, 1, 1, 2, 0.333333333333]);
    expect(rowOf(s, '全省合计')).toEqual(['全省合计', 35, 27, 26, 1, 9, 0.742857142857]);
    const rate = s.rows.find((r) => shown(r.cells[0]!) === '全省合计')!.cells[6];
    expect(rate).toEqual({ t: 'num', v: 0.742857142857, fmt: '0.00%' });
  });

  it('覆盖情况: units, standing platforms, covered units and full coverage', () => {
    const s = sheet(model, '覆盖情况');
    expect(rowOf(s, '长沙市')).toEqual(['长沙市', 9, 7, 6, 0.666666666667, '否']);
    expect(rowOf(s, '株洲市')).toEqual(['株洲市', 9, 9, 9, 1, '是']);
    expect(rowOf(s, '全省')).toEqual(['全省', 123, 104, 103, 0.837398373984, '7个']);
  });

  it('附件1–3: a row per platform ranked by 活跃度, user text as text, and a 合计', () => {
    const city = rows(sheet(model, '市州综合窗口平台线上服务统计表'));
    expect(city[1]).toEqual(['序号', '平台名称', '所属市州', ...PLATFORM_FIELDS.map((f) => `${f.label}(${f.formUnit})`), '活跃度', '名次']);
    expect(city.slice(2, 7).map((r) => [r[0], r[2], r.at(-1)])).toEqual([
      [1, '衡阳市', 1],
      [2, '岳阳市', 2],
      [3, '郴州市', 3],
      [4, '长沙市', 4],
      [5, '湘西土家族苗族自治州', 5],
    ]);
    // 活跃度 of 衡阳: 100 ÷ mean(100, 93, 86, 79, 72) = 100 ÷ 86
    expect(city[2]!.at(-2)).toBe(Number((100 / 86).toFixed(12)));
    expect(rowOf(sheet(model, '市州综合窗口平台线上服务统计表'), '合计').slice(0, 4)).toEqual(['合计', '5家平台', null, 430]);

    const cluster = sheet(model, '产业集群窗口平台线上服务统计表');
    expect(rows(cluster)[1]!.slice(0, 4)).toEqual(['序号', '平台名称', '所属市州', '产业集群']);
    const evil = cluster.rows.find((r) => r.cells.some((c) => c?.t === 'text' && c.v === '=HYPERLINK("x")'))!;
    expect(evil.cells[1]).toEqual({ t: 'text', v: '=HYPERLINK("x")' });
    expect(evil.cells[3]).toEqual({ t: 'text', v: '=HYPERLINK("x")' });

    const county = rows(sheet(model, '县市区综合窗口平台线上服务统计表'));
    expect(county.slice(2, 8).map((r) => r[3])).toEqual(['南县', '双峰县', '桂东县', '桃江县', '衡山县', '长沙2区']);
    expect(sheet(model, '县市区综合窗口平台线上服务统计表').rows[2]!.cells.at(-2)).toMatchObject({ t: 'num', fmt: '0.00' });
  });

  it('运行指标: reads the aggregate item, not the rows', () => {
    const s = sheet(model, '运行指标');
    expect(rows(s)[1]).toEqual(['指标', '全省', '市州综合窗口平台', '产业集群窗口平台', '县市区综合窗口平台']);
    expect(rowOf(s, '发布政策信息(条)')).toEqual(['发布政策信息(条)', 177600, 1000, 600, 176000]);
    expect(rowOf(s, '线上达成服务交易(次)')).toEqual(['线上达成服务交易(次)', 26410, 7, 0, 0]);
    expect(rowOf(s, '报送平台数(家)')).toEqual(['报送平台数(家)', 110, 14, 6, 90]);
  });

  it('报送情况: by city, by tier, the total and the platforms not filed', () => {
    const s = rows(sheet(model, '报送情况'));
    expect(s.slice(2, 7)).toEqual([
      ['按市州', '长沙市', 10, 9, 8, 1, 1, 0.9],
      ['', '株洲市', 12, 11, 11, 0, 1, 0.916666666667],
      ['按类别', '市州综合窗口平台', 12, 12, 10, 2, 0, 1],
      ['', '县市区综合窗口平台', 100, 98, 90, 8, 2, 0.98],
      ['全省合计', '', 112, 110, 100, 10, 2, 0.982142857143],
    ]);
    expect(s.filter((r) => r.length === 4 && typeof r[0] === 'number')).toEqual([
      [1, '=HYPERLINK("x")', '长沙市', '县市区综合窗口平台'],
      [2, '株洲某平台', '株洲市', '县市区综合窗口平台'],
    ]);
  });

  it('通报正文: seed 003 sentences with the sheets’ figures', () => {
    const text = paragraphs(model);
    expect(sheet(model, '通报正文').title).toBe('关于湖南省中小企业公共服务平台网络2020年建设运营情况的通报');
    expect(text[0]).toBe('各市州工信局,有关县市区工信部门,各窗口平台:');
    expect(text).toContain('一、平台网络建设运营情况');
    expect(text).toContain(
      '1、平台建设。2020年,全省计划建设县市区、工业园区窗口平台35家,实际完成建设27家,其中,计划内26家,计划外1家,未完成建设的9家,总体任务完成率74.29%。',
    );
    expect(text).toContain(
      '截止到2020年底,全省共建成县市区(工业园区)窗口平台104家,平台覆盖率达到83.74%。株洲、湘潭、衡阳、常德、张家界、郴州、永州7个市已实现县市区窗口平台全覆盖。',
    );
    const ops = text.find((p) => p.startsWith('2、运行指标。'))!;
    expect(ops).toBe(
      '2、运行指标。2020年,全省平台网络共发布政策信息177600条,新增注册企业52796家、服务机构925家,发布服务项目7631个,开展服务活动1984次,服务企业11万余次,对接企业线上发布需求800余项。' +
        '综合所有运行指标,衡阳、岳阳、郴州等市州平台相对活跃,有色金属、芦淞服饰等产业集群平台和南县、双峰县、桂东县、桃江县、衡山县等县市区平台相对活跃。',
    );
    expect(text.find((p) => p.startsWith('3、活动开展。'))).toBe('3、活动开展。2020年,全省平台网络共开展服务活动1984次,线上共达成服务交易2.6万余次。');
    expect(text.slice(-5)).toEqual([
      '附件:1.市州综合窗口平台2020年线上服务统计表',
      '2.产业集群窗口平台2020年线上服务统计表',
      '3.县市区综合窗口平台2020年线上服务统计表',
      '湖南省工业和信息化厅',
      '2021年1月11日',
    ]);
    // In order: 主送, 一, 1, coverage, 2, 3, 附件, 落款.
    const at = (prefix: string) => text.findIndex((p) => p.startsWith(prefix));
    const order = ['各市州', '一、', '1、', '截止到', '2、', '3、', '附件:', '湖南省工业'].map(at);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(order.every((i) => i >= 0)).toBe(true);
  });

  it('names 湘西州 and says 市州 when it is fully covered; says so when no city is; leaves out the date when none is given', () => {
    const n = seedNetwork().network;
    const divisions = { ...n.divisions, 湘西土家族苗族自治州: n.divisions['湘西土家族苗族自治州']!.slice(0, 5) };
    const text = paragraphs(layoutPlatformBulletin(seedInput({ network: { ...n, divisions }, issuedOn: undefined })));
    expect(text.find((p) => p.startsWith('截止到'))).toMatch(
      /平台覆盖率达到85\.83%。株洲、湘潭、衡阳、常德、张家界、郴州、永州、湘西州8个市州已实现县市区窗口平台全覆盖。$/,
    );
    expect(text.at(-1)).toBe('湖南省工业和信息化厅');
    const none = paragraphs(layoutPlatformBulletin(seedInput({ network: { ...n, divisions: { 长沙市: ['甲', '乙'] } } })));
    expect(none.find((p) => p.startsWith('截止到'))).toMatch(/尚无市州实现县市区窗口平台全覆盖。$/);
  });

  it('ranks ties into the text together and says when there was no plan', () => {
    const n = seedNetwork().network;
    const values = new Map(n.values);
    values.set('city-3', valuesAt(2)); // 长沙 ties 郴州 for third place
    const text = paragraphs(layoutPlatformBulletin(seedInput({ network: { ...n, values, plan: null } })));
    expect(text.find((p) => p.startsWith('2、'))).toContain('衡阳、岳阳、郴州、长沙等市州平台相对活跃');
    expect(text.find((p) => p.startsWith('1、'))).toBe('1、平台建设。2020年,全省未下达县市区、工业园区窗口平台建设计划,实际完成建设27家。');
  });

  it('names a park platform by its name among the active county platforms', () => {
    const n = seedNetwork().network;
    const values = new Map(n.values);
    values.set('park', valuesAt(-1));
    const text = paragraphs(layoutPlatformBulletin(seedInput({ network: { ...n, values } })));
    expect(text.find((p) => p.startsWith('2、'))).toContain('和长沙经开区窗口平台、南县、双峰县、桂东县、桃江县等县市区平台相对活跃');
  });

  it('keeps a formula-looking name a text cell in the written workbook', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeWorkbook(model)) as unknown as ArrayBuffer);
    const hits: ExcelJS.Cell[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => void (c.value === '=HYPERLINK("x")' && hits.push(c)))));
    expect(hits.length).toBeGreaterThanOrEqual(3);
    for (const c of hits) expect(c.type).toBe(ExcelJS.ValueType.String);
  });
});

describe('platform bulletin: narrower scopes', () => {
  it('a city report names the city and keeps to its own plan and units', () => {
    const m = layoutPlatformBulletin(seedInput({ scope: 'city:长沙市' }));
    expect(m.fileName).toBe('2020年长沙市中小企业公共服务平台网络建设运营情况通报.xlsx');
    expect(m.asciiFileName).toBe('tongbao-platforms-2020-city.xlsx');
    expect(rows(sheet(m, '建设任务完成情况')).slice(2, 4)).toEqual([
      ['长沙市', 3, 2, 1, 1, 2, 0.333333333333],
      ['合计', 3, 2, 1, 1, 2, 0.333333333333],
    ]);
    expect(rows(sheet(m, '运行指标'))[2]).toEqual(['发布政策信息(条)', 4321]);
    const text = paragraphs(m);
    expect(sheet(m, '通报正文').title).toBe('关于长沙市中小企业公共服务平台网络2020年建设运营情况的通报');
    expect(text).toContain(
      '1、平台建设。2020年,全市计划建设县市区、工业园区窗口平台3家,实际完成建设2家,其中,计划内1家,计划外1家,未完成建设的2家,总体任务完成率33.33%。',
    );
    expect(text).toContain('截止到2020年底,全市共建成县市区(工业园区)窗口平台7家,平台覆盖率达到66.67%。');
    expect(text.find((p) => p.startsWith('2、'))).toContain('服务企业9.9万余次');
    expect(text.find((p) => p.startsWith('2、'))).toContain('长沙等市州平台相对活跃,=HYPERLINK("x")等产业集群平台和长沙2区等县市区平台相对活跃');
    expect(text.find((p) => p.startsWith('附件:'))).toBe('附件:1.长沙市市州综合窗口平台2020年线上服务统计表');
  });

  it('a tier report reads its own aggregate item', () => {
    const m = layoutPlatformBulletin(seedInput({ scope: 'tier:cluster' }));
    expect(m.fileName).toBe('2020年湖南省中小企业公共服务平台网络产业集群窗口平台建设运营情况通报.xlsx');
    expect(m.asciiFileName).toBe('tongbao-platforms-2020-tier-cluster.xlsx');
    expect(sheet(m, '通报正文').title).toBe('关于湖南省中小企业公共服务平台网络产业集群窗口平台2020年建设运营情况的通报');
    expect(rows(sheet(m, '运行指标')).slice(1, 3)).toEqual([
      ['指标', '产业集群窗口平台'],
      ['发布政策信息(条)', 600],
    ]);
  });
});

describe('prose rounding', () => {
  it('rounds down as the seed does and stays exact when nothing is dropped', () => {
    expect([110347, 100000, 26410, 20000, 9999].map((v) => roughly(v, true))).toEqual(['11万余', '10万', '2.6万余', '2万', '9999']);
    expect([836, 800, 99, 1234].map((v) => roughly(v, false))).toEqual(['800余', '800', '99', '1200余']);
    expect(HUNAN_CITIES.map(cityShortName)).toEqual([
      '长沙',
      '株洲',
      '湘潭',
      '衡阳',
      '邵阳',
      '岳阳',
      '常德',
      '张家界',
      '益阳',
      '郴州',
      '永州',
      '怀化',
      '娄底',
      '湘西州',
    ]);
  });
});
