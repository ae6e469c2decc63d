// The window platforms' bulletin (SPEC §9, seed 003) as a neutral sheet model, built the way
// shared/bulletin/layout.ts builds the bases': numbers as numeric cells with display formats,
// user text always text cells, and every figure the 通报正文 quotes read back from a fact a sheet
// recorded. Pure: no I/O, no exceljs (shared/bulletin/writer.ts writes the model).

import { emptyTotals, type ScopedTotals, type Totals } from '../aggregation';
import type { BulletinModel } from '../bulletin';
import { type CellModel, DASH, type DocParagraph, type DocumentModel, num, numOrDash, type RowKind, type SheetModel, text } from '../bulletin/model';
import { quotient, show } from '../bulletin/numbers';
import { type BuilderContext, SheetBuilder } from '../bulletin/sheet-builder';
import { TEXT_WIDTH } from '../bulletin/text';
import { config } from '../config';
import { cityRank, cityShortName, findProvince } from '../province';
import { PLATFORM_FIELDS } from './catalog';
import { type ActivityEntry, activity, type CompletionRow, type CoverageRow, coverage, type NetworkInput, planCompletion } from './network';
import { type PlatformRecord, TIER_LABELS, TIERS, type Tier } from './registry';

// ---- input -------------------------------------------------------------------------------------

export interface PlatformCompleteness {
  period: string;
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  byCity: Array<{ city: string; expected: number; submitted: number; onTime: number; late: number; missing: number }>;
  /** By tier: group is the Tier, label its TIER_LABELS entry. */
  byGroup: Array<{ group: string; label: string; expected: number; submitted: number; onTime: number; late: number; missing: number }>;
  missingEntities: Array<{ id: string; name: string; city: string; group: string }>;
}

export interface PlatformBulletinInput {
  year: number;
  /** 'all' | 'city:…' | 'tier:…' */
  scope: string;
  /** Platforms in scope. */
  network: NetworkInput;
  /** The year's aggregate item (scope → Totals). */
  totals: ScopedTotals;
  completeness: PlatformCompleteness;
  /** How many platforms per tier the text names as 相对活跃: city, cluster, county (default 3, 2, 5). */
  top: [number, number, number];
  /** Default: the configured province's name. */
  province?: string;
  /** The 落款 date as printed, e.g. `2021年1月11日`; no date line without it. */
  issuedOn?: string;
  /** Below the completeness threshold: printed first, on the first sheet and in the document. */
  warning?: string;
}

export const DEFAULT_TOP: [number, number, number] = [3, 2, 5];

const COUNT = '0';
const PERCENT = '0.00%';
const INDEX = '0.00';

// ---- context -----------------------------------------------------------------------------------

interface Ctx extends BuilderContext {
  input: PlatformBulletinInput;
  year: number;
  scope: string;
  province: string;
  /** `湖南省` / `长沙市` — the place named in titles. */
  place: string;
  /** `产业集群窗口平台` for a tier's report, else empty: what the titles narrow the network to. */
  tierLabel: string;
  /** `全省` / `全市` / `全州` — how the text names the scope. */
  region: string;
  city: string | null;
  completion: { byCity: CompletionRow[]; total: CompletionRow };
  coverage: { byCity: CoverageRow[]; total: CoverageRow; fullCities: string[] };
  activity: Record<Tier, ActivityEntry[]>;
  top: Record<Tier, number>;
}

const cityOrder = (c: string) => {
  return cityRank(config.province, c);
};

/** 株洲市 → 株洲, 湘西土家族苗族自治州 → 湘西州: how the seed's prose names a city (shared/province.ts). */
export { cityShortName };

/** A city's report: its plan and units only (the plan and divisions come province-wide). */
function restrictToCity(n: NetworkInput, city: string): NetworkInput {
  return {
    ...n,
    platforms: n.platforms.filter((p) => p.city === city),
    plan: n.plan ? { [city]: n.plan[city] ?? 0 } : null,
    divisions: { [city]: n.divisions[city] ?? [] },
  };
}

function contextOf(input: PlatformBulletinInput): Ctx {
  const province = input.province ?? config.province.name;
  const city = input.scope.startsWith('city:') ? input.scope.slice(5) : null;
  const tier = input.scope.startsWith('tier:') ? (input.scope.slice(5) as Tier) : null;
  const network = city ? restrictToCity(input.network, city) : input.network;
  const completion = planCompletion(network);
  const cov = coverage(network);
  // A city's report lists its own row only (the province's other cities would all read 0).
  const only = <R extends { city: string }>(rows: R[]) => (city ? rows.filter((r) => r.city === city) : rows);
  const top = input.top ?? DEFAULT_TOP;
  return {
    input,
    year: input.year,
    scope: input.scope,
    province,
    place: city ?? province,
    tierLabel: tier ? (TIER_LABELS[tier] ?? tier) : '',
    region: city ? (city.endsWith('州') ? '全州' : '全市') : '全省',
    city,
    completion: { byCity: only(completion.byCity), total: { ...completion.total, city: city ? '合计' : '全省合计' } },
    coverage: { byCity: only(cov.byCity), total: { ...cov.total, city: city ? '合计' : '全省' }, fullCities: cov.fullCities },
    activity: { city: activity(network, 'city'), cluster: activity(network, 'cluster'), county: activity(network, 'county') },
    top: { city: top[0], cluster: top[1], county: top[2] },
    facts: new Map(),
    sheetTitles: [],
  };
}

// ---- helpers -----------------------------------------------------------------------------------

const count = (n: number | bigint) => num(Number(n), COUNT);
const label = (f: { label: string; formUnit: string }) => `${f.label}(${f.formUnit})`;
const yearTitle = (ctx: Ctx, what: string) => `${ctx.year}年${ctx.place}${what}`;
const networkWord = (ctx: Ctx) => `中小企业公共服务平台网络${ctx.tierLabel}`;

/** 附件 titles as in seed 003: `市州综合窗口平台2020年线上服务统计表` (a narrower scope named first). */
const annexTitle = (ctx: Ctx, tier: Tier) => `${ctx.place === ctx.province ? '' : ctx.place}${TIER_LABELS[tier]}${ctx.year}年线上服务统计表`;

// ---- 1 建设任务完成情况 ----------------------------------------------------------------------------

function completionSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '建设任务完成情况', yearTitle(ctx, '县市区窗口平台建设任务完成情况'), 7);
  if (ctx.input.warning) s.row('note', [text(ctx.input.warning)], true);
  s.row(
    'header',
    ['市州', '计划建设(家)', '实际完成(家)', '其中:计划内(家)', '计划外(家)', '未完成(家)', '完成率'].map((x) => text(x)),
  );
  const row = (kind: RowKind, r: CompletionRow, key?: string) => {
    const cells: CellModel[] = [
      text(r.city),
      count(r.planned),
      count(r.built),
      count(r.inPlan),
      count(r.outPlan),
      count(r.notDone),
      numOrDash(r.rate, PERCENT),
    ];
    if (key) ['planned', 'built', 'inPlan', 'outPlan', 'notDone', 'rate'].forEach((k, i) => s.fact(`${key}.${k}`, cells[i + 1]!));
    s.row(kind, cells);
  };
  for (const r of ctx.completion.byCity) row('data', r);
  row('total', ctx.completion.total, 'plan.total');
  s.row(
    'note',
    [
      text(
        `注:${ctx.input.network.plan ? '' : '本年度未录入建设计划。'}实际完成 = 当年建成的县市区、工业园区窗口平台;未完成 = 计划建设 − 计划内(各市州分别计算后合计);完成率 = 计划内 ÷ 计划建设。`,
      ),
    ],
    true,
  );
  return s.build({ frozenRows: 2 });
}

// ---- 2 覆盖情况 ---------------------------------------------------------------------------------

function coverageSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '覆盖情况', yearTitle(ctx, '县市区窗口平台覆盖情况'), 6);
  s.row(
    'header',
    ['市州', '县市区数(个)', '已建成(家)', '已覆盖(个)', '覆盖率', '全覆盖'].map((x) => text(x)),
  );
  for (const r of ctx.coverage.byCity) {
    s.row('data', [
      text(r.city),
      count(r.units),
      count(r.built),
      count(r.covered),
      numOrDash(r.rate, PERCENT),
      s.fact(`coverage.${r.city}.full`, text(r.full ? '是' : '否', 'center')),
    ]);
  }
  const t = ctx.coverage.total;
  const full = ctx.coverage.byCity.filter((r) => r.full).length;
  s.row('total', [
    text(t.city),
    s.fact('coverage.total.units', count(t.units)),
    s.fact('coverage.total.built', count(t.built)),
    s.fact('coverage.total.covered', count(t.covered)),
    s.fact('coverage.total.rate', numOrDash(t.rate, PERCENT)),
    s.fact('coverage.total.fullCities', text(`${full}个`, 'center')),
  ]);
  s.row(
    'note',
    [
      text(
        `注:已建成 = 截至${ctx.year}年底建成且在运营的县市区、工业园区窗口平台(合计行即累计建成);已覆盖 = 至少有一家县市区窗口平台的县市区(工业园区平台不计);覆盖率 = 已覆盖 ÷ 县市区数。`,
      ),
    ],
    true,
  );
  return s.build({ frozenRows: 2 });
}

// ---- 3–5 附件1–3: 线上服务统计表 -----------------------------------------------------------------

/** The column that tells a tier's platforms apart besides their name. */
const TIER_COLUMN: Record<Tier, { head: string; cell: (p: PlatformRecord) => string } | null> = {
  city: null,
  cluster: { head: '产业集群', cell: (p) => p.cluster ?? '' },
  county: { head: '县市区', cell: (p) => (p.park ? `${p.county ?? ''}(园区)` : (p.county ?? '')) },
};

function annexSheet(ctx: Ctx, tier: Tier): SheetModel {
  const extra = TIER_COLUMN[tier];
  const lead = ['序号', '平台名称', '所属市州', ...(extra ? [extra.head] : [])];
  const columns = lead.length + PLATFORM_FIELDS.length + 2;
  const s = new SheetBuilder(ctx, `${TIER_LABELS[tier]}线上服务统计表`, annexTitle(ctx, tier), columns);
  s.row(
    'header',
    [...lead, ...PLATFORM_FIELDS.map(label), '活跃度', '名次'].map((x) => text(x)),
  );
  const entries = ctx.activity[tier];
  entries.forEach((e, i) => {
    s.row('data', [
      count(i + 1),
      text(e.platform.name),
      text(e.platform.city),
      ...(extra ? [text(extra.cell(e.platform))] : []),
      ...PLATFORM_FIELDS.map((f) => count(e.values[f.code]!)),
      num(e.index, INDEX),
      count(e.place),
    ]);
  });
  if (!entries.length) s.row('data', [text('(无数据)')]);
  const sums = PLATFORM_FIELDS.map((f) => entries.reduce((x, e) => x + e.values[f.code]!, 0n));
  s.row('total', [text('合计'), text(`${entries.length}家平台`), null, ...(extra ? [null] : []), ...sums.map(count), null, null]);
  s.row(
    'note',
    [text('注:活跃度 = 各项指标与本类平台该项平均值之比的平均数(平均值为0的指标不计);按活跃度从高到低排列,活跃度相同的名次并列、按平台名称排列。')],
    true,
  );
  return s.build({ frozenRows: 2, frozenColumns: 2, landscape: true });
}

// ---- 6 运行指标 ---------------------------------------------------------------------------------

function operationsSheet(ctx: Ctx): SheetModel {
  // The province's report shows every tier beside it; a narrower scope has only its own item.
  const cols: Array<{ key: string; head: string }> =
    ctx.scope === 'all'
      ? [{ key: 'all', head: ctx.region }, ...TIERS.map((t) => ({ key: `tier:${t}`, head: TIER_LABELS[t] }))]
      : [{ key: ctx.scope, head: ctx.city ?? ctx.tierLabel }];
  const s = new SheetBuilder(ctx, '运行指标', yearTitle(ctx, `${networkWord(ctx)}运行指标`), cols.length + 1);
  const of = (key: string): Totals => ctx.input.totals[key] ?? emptyTotals();
  s.row('header', [text('指标'), ...cols.map((c) => text(c.head))]);
  for (const f of PLATFORM_FIELDS) {
    s.row('data', [
      text(label(f)),
      ...cols.map((c, i) => {
        const cell = count(of(c.key).values[f.code] ?? 0n);
        return i === 0 ? s.fact(`ops.${f.code}`, cell) : cell;
      }),
    ]);
  }
  s.row('total', [
    text('报送平台数(家)'),
    ...cols.map((c, i) => (i === 0 ? s.fact('ops.reporting', count(of(c.key).reportingBases)) : count(of(c.key).reportingBases))),
  ]);
  s.row('note', [text(`注:${ctx.year}年已提交报表的汇总数。`)], true);
  return s.build({ frozenRows: 2 });
}

// ---- 7 报送情况 ---------------------------------------------------------------------------------

type Counts = { expected: number; submitted: number; onTime: number; late: number; missing: number };

function completenessSheet(ctx: Ctx): SheetModel {
  const c = ctx.input.completeness;
  const s = new SheetBuilder(ctx, '报送情况', yearTitle(ctx, '窗口平台报送情况统计表'), 8);
  s.row(
    'header',
    ['分组', '名称', '应报(家)', '已报(家)', '按时(家)', '逾期(家)', '未报(家)', '报送率'].map((x) => text(x)),
  );
  const countsRow = (kind: RowKind, group: string, name: string, x: Counts, key?: string) => {
    const cells: CellModel[] = [
      text(group),
      text(name),
      count(x.expected),
      count(x.submitted),
      count(x.onTime),
      count(x.late),
      count(x.missing),
      numOrDash(quotient(BigInt(x.submitted), BigInt(x.expected)), PERCENT),
    ];
    if (key) ['expected', 'submitted', 'onTime', 'late', 'missing', 'submissionRate'].forEach((k, i) => s.fact(`${key}.${k}`, cells[i + 2]!));
    s.row(kind, cells);
  };
  [...c.byCity].sort((a, b) => cityOrder(a.city) - cityOrder(b.city)).forEach((x, i) => countsRow('data', i ? '' : '按市州', x.city, x));
  const tierOrder = (g: string) => {
    const i = TIERS.indexOf(g as Tier);
    return i < 0 ? TIERS.length : i;
  };
  [...c.byGroup].sort((a, b) => tierOrder(a.group) - tierOrder(b.group)).forEach((x, i) => countsRow('data', i ? '' : '按类别', x.label, x));
  countsRow('total', ctx.city || ctx.scope !== 'all' ? '合计' : '全省合计', '', c, 'completeness');
  s.row('blank', []);
  s.row('section', [text(`${ctx.year}年未报送平台名单(${c.missingEntities.length}家)`)]);
  s.row(
    'header',
    ['序号', '平台名称', '所属市州', '类别'].map((x) => text(x)),
  );
  const groupLabel = (g: string) => TIER_LABELS[g as Tier] ?? c.byGroup.find((x) => x.group === g)?.label ?? g;
  [...c.missingEntities]
    .sort((a, b) => cityOrder(a.city) - cityOrder(b.city) || tierOrder(a.group) - tierOrder(b.group) || a.name.localeCompare(b.name, 'zh-CN'))
    .forEach((m, i) => s.row('data', [count(i + 1), text(m.name), text(m.city), text(groupLabel(m.group))]));
  if (!c.missingEntities.length) s.row('data', [text('(无)')]);
  s.row('note', [text('注:已报 = 已提交(含退回修改中)的报表;逾期 = 首次提交晚于截止时间;报送率 = 已报 ÷ 应报。')], true);
  return s.build({ frozenRows: 2 });
}

// ---- 8 通报正文 ---------------------------------------------------------------------------------

/** What a fact cell displays (`—` for a division by zero). */
function say(ctx: Ctx, key: string): string {
  const c = ctx.facts.get(key);
  if (!c) throw new Error(`bulletin text quotes a value no sheet shows: ${key}`);
  return c.t === 'num' ? show(c.v, c.fmt) : c.t === 'text' ? c.v : DASH;
}

/** The number behind a fact (null for `—`). */
function ctxValue(ctx: Ctx, key: string): number | null {
  const c = ctx.facts.get(key);
  return c && c.t === 'num' ? c.v : null;
}

/**
 * A count as seed 003's prose rounds it down: 110347 → `11万余`, 26410 → `2.6万余`, 836 → `800余`;
 * exact when nothing is dropped. `big` rounds to 万, otherwise to hundreds.
 */
export function roughly(v: number, big: boolean): string {
  const n = BigInt(Math.trunc(v));
  if (big && n >= 10000n) {
    // Two significant figures, as the seed: 11万 (≥ 10万), 2.6万 (below).
    const step = n >= 100000n ? 10000n : 1000n;
    const kept = (n / step) * step;
    const wan = step === 10000n ? `${kept / 10000n}` : `${kept / 10000n}.${(kept % 10000n) / 1000n}`.replace(/\.0$/, '');
    return `${wan}万${kept === n ? '' : '余'}`;
  }
  if (!big && n >= 100n) {
    const kept = (n / 100n) * 100n;
    return kept === n ? `${n}` : `${kept}余`;
  }
  return `${n}`;
}

/** Names the text uses for a platform: city tier by its city, cluster by its cluster, county by its unit (a park by its name). */
function shortName(e: ActivityEntry): string {
  const p = e.platform;
  if (p.tier === 'city') return cityShortName(p.city);
  if (p.tier === 'cluster') return p.cluster || p.name;
  return p.park || !p.county ? p.name : p.county;
}

/** The first `n` places with anything to show (a tier all at 0 is not "active"), ties with the last included. */
function leaders(ctx: Ctx, tier: Tier): string[] {
  const names = ctx.activity[tier].filter((e) => e.index > 0 && e.place <= ctx.top[tier]).map(shortName);
  return [...new Set(names)];
}

/** The 通报正文 sheet and the Word document (SPEC §12): the same paragraphs, drafted once. */
function textSheet(ctx: Ctx, annexSheets: readonly SheetModel[]): { sheet: SheetModel; document: DocumentModel } {
  const { year, region } = ctx;
  const title = `关于${ctx.place}${networkWord(ctx)}${year}年建设运营情况的通报`;
  const s = new SheetBuilder(ctx, '通报正文', title, 1);
  const p = (t: string, align?: 'right') => s.row('paragraph', [text(t, align)]);
  const paragraphs: DocParagraph[] = [];
  const indent = (t: string, kind: DocParagraph['kind'] = 'body') => {
    paragraphs.push({ kind, text: t });
    p(`    ${t}`);
  };

  s.row('blank', []);
  const recipients = ctx.city
    ? '有关县市区工信部门,各窗口平台:'
    : `${(findProvince(ctx.province) ?? config.province).cityBureaus},有关县市区工信部门,各窗口平台:`;
  p(recipients);
  indent(`根据各窗口平台报送的数据,现将${year}年${region}${networkWord(ctx)}建设运营情况通报如下:`);
  indent('一、平台网络建设运营情况', 'heading');

  // 1 平台建设
  const planned = ctxValue(ctx, 'plan.total.planned') ?? 0;
  const build =
    planned > 0
      ? `${year}年,${region}计划建设县市区、工业园区窗口平台${say(ctx, 'plan.total.planned')}家,实际完成建设${say(ctx, 'plan.total.built')}家,` +
        `其中,计划内${say(ctx, 'plan.total.inPlan')}家,计划外${say(ctx, 'plan.total.outPlan')}家,未完成建设的${say(ctx, 'plan.total.notDone')}家,` +
        `总体任务完成率${say(ctx, 'plan.total.rate')}。`
      : `${year}年,${region}未下达县市区、工业园区窗口平台建设计划,实际完成建设${say(ctx, 'plan.total.built')}家。`;
  const rate = ctxValue(ctx, 'coverage.total.rate');
  const full = ctx.coverage.byCity.filter((r) => say(ctx, `coverage.${r.city}.full`) === '是').map((r) => r.city);
  let fullSentence: string;
  if (ctx.city) fullSentence = full.length ? `${cityShortName(ctx.city)}已实现县市区窗口平台全覆盖。` : '';
  else if (!full.length) fullSentence = '尚无市州实现县市区窗口平台全覆盖。';
  else {
    const states = full.some((c) => !c.endsWith('市')) ? '市州' : '市';
    fullSentence = `${full.map(cityShortName).join('、')}${say(ctx, 'coverage.total.fullCities')}${states}已实现县市区窗口平台全覆盖。`;
  }
  indent(`1、平台建设。${build}`);
  // A paragraph of its own, as in the seed (the people's table of cities goes between).
  indent(
    `截止到${year}年底,${region}共建成县市区(工业园区)窗口平台${say(ctx, 'coverage.total.built')}家` +
      (rate === null ? '。' : `,平台覆盖率达到${say(ctx, 'coverage.total.rate')}。`) +
      fullSentence,
  );

  // 2 运行指标 (units as the seed prints them: 服务企业…次)
  const v = (code: string) => ctxValue(ctx, `ops.${code}`) ?? 0;
  const leaderParts: string[] = [];
  const cityLeaders = leaders(ctx, 'city');
  if (cityLeaders.length) leaderParts.push(`${cityLeaders.join('、')}等市州平台相对活跃`);
  const rest = [
    leaders(ctx, 'cluster').join('、') && `${leaders(ctx, 'cluster').join('、')}等产业集群平台`,
    leaders(ctx, 'county').join('、') && `${leaders(ctx, 'county').join('、')}等县市区平台`,
  ].filter(Boolean);
  if (rest.length) leaderParts.push(`${rest.join('和')}相对活跃`);
  indent(
    `2、运行指标。${year}年,${region}平台网络共发布政策信息${say(ctx, 'ops.policyItems')}条,新增注册企业${say(ctx, 'ops.newEnterprises')}家、` +
      `服务机构${say(ctx, 'ops.newAgencies')}家,发布服务项目${say(ctx, 'ops.serviceProjects')}个,开展服务活动${say(ctx, 'ops.serviceActivities')}次,` +
      `服务企业${roughly(v('enterprisesServed'), true)}次,对接企业线上发布需求${roughly(v('demandsPublished'), false)}项。` +
      (leaderParts.length ? `综合所有运行指标,${leaderParts.join(',')}。` : ''),
  );

  // 3 活动开展: only the figures; the narrative is written by people.
  indent(
    `3、活动开展。${year}年,${region}平台网络共开展服务活动${say(ctx, 'ops.serviceActivities')}次,线上共达成服务交易${roughly(v('onlineDeals'), true)}次。`,
  );

  s.row('blank', []);
  annexSheets.forEach((a, i) => p(`    ${i ? '      ' : '附件:'}${i + 1}.${a.title}`));
  s.row('blank', []);
  const issuer = (findProvince(ctx.province) ?? config.province).department;
  p(issuer, 'right');
  if (ctx.input.issuedOn) p(ctx.input.issuedOn, 'right');
  const sheet = s.build({ frozenRows: 1, landscape: false, fixedWidths: [TEXT_WIDTH] });
  const warning = ctx.input.warning ? { warning: ctx.input.warning } : {};
  return { sheet, document: { title, ...warning, recipients, paragraphs, annexes: annexSheets.map((a) => a.name), issuer, date: ctx.input.issuedOn ?? '' } };
}

// ---- the workbook ------------------------------------------------------------------------------

const UNSAFE_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;

/** `2020年湖南省中小企业公共服务平台网络建设运营情况通报.xlsx` and an ASCII fallback. */
export function platformBulletinFileName(year: number, scope: string, province = config.province.name): { fileName: string; asciiFileName: string } {
  const place = scope.startsWith('city:') ? scope.slice(5) : province;
  const tier = scope.startsWith('tier:') ? (TIER_LABELS[scope.slice(5) as Tier] ?? scope.slice(5)) : '';
  const fileName = `${year}年${place}中小企业公共服务平台网络${tier}建设运营情况通报.xlsx`.replace(UNSAFE_IN_FILE_NAMES, '_');
  const kind = scope === 'all' ? (findProvince(province) ?? config.province).id : scope.startsWith('tier:') ? `tier-${scope.slice(5)}` : 'city';
  return { fileName, asciiFileName: `tongbao-platforms-${year}-${kind}.xlsx`.replace(/[^A-Za-z0-9._-]/g, '_') };
}

/** The eight sheets of SPEC §9, in order. */
export function layoutPlatformBulletin(input: PlatformBulletinInput): BulletinModel {
  const ctx = contextOf(input);
  const sheets = [completionSheet(ctx), coverageSheet(ctx), ...TIERS.map((t) => annexSheet(ctx, t)), operationsSheet(ctx), completenessSheet(ctx)];
  const annexes = sheets.filter((x) => x.title.endsWith('线上服务统计表'));
  const { sheet, document } = textSheet(ctx, annexes);
  sheets.push(sheet);
  return { ...platformBulletinFileName(input.year, input.scope, ctx.province), sheets, document };
}
