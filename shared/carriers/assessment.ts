// A carrier's self-assessment (自评估报告, SPEC §10, seed 002) and the province's overview of all
// carriers, derived exactly from the plan and the counted yearly filings: verdicts by each
// indicator's direction, gaps and growth from integers (the seed's own slips — 305 − 285 printed
// as 16, 183 vs 102 printed as +179 % — come out as 20 and +79.4 %), funds in integer 元 and
// printed in 万元 with two decimals. Laid out as the shared BulletinModel so the same writer makes
// the .xlsx (and the Word renderer the .docx). Pure: no I/O.

import type { ScopedTotals, Totals } from '../aggregation';
import { emptyTotals } from '../aggregation';
import type { BulletinModel } from '../bulletin/model';
import { type CellModel, DASH, type DocParagraph, type DocumentModel, num, type SheetModel, text } from '../bulletin/model';
import { decimalsFormat, toDisplay } from '../bulletin/numbers';
import { type BuilderContext, SheetBuilder } from '../bulletin/sheet-builder';
import { config } from '../config';
import { formatDecimal } from '../decimal';
import { cityRank, findProvince } from '../province';
import type { Values } from '../validation';
import { disbursedOf, type FilingDetails, type FundBatch, investmentOf, meets, receivedOf, wan } from './details';
import { FUND_KINDS, FUND_LABELS, indicatorFiledIn, MONEY_DP, type StoredIndicator, type StoredPlan } from './plan';
import { approvedYear, CARRIER_TYPE_LABELS, CARRIER_TYPES, type CarrierRecord, type CarrierType } from './registry';

// ---- input -------------------------------------------------------------------------------------

export interface CarrierFiling {
  values: Values;
  details: FilingDetails;
}

export interface AssessmentInput {
  carrier: CarrierRecord;
  plan: StoredPlan;
  /** year → the counted filing of that year (earlier years too: cumulative funds, last year's actuals). */
  filings: ReadonlyMap<number, CarrierFiling>;
  year: number;
  /** Default: the configured province's name. */
  province?: string;
}

// ---- exact figures -----------------------------------------------------------------------------

/** A ratio rounded half away from zero: `value` the fraction (0.794), `text` as printed (79.4%). */
export interface Pct {
  value: number;
  text: string;
  /** The format of a cell showing `value`. */
  fmt: string;
}

/** a ÷ b as a percentage with `dp` decimals (trailing zeros dropped in `text`); null when b is 0. */
export function percent(a: bigint, b: bigint, dp: number): Pct | null {
  if (b === 0n) return null;
  if (b < 0n) {
    a = -a;
    b = -b;
  }
  const scale = 10n ** BigInt(dp + 2);
  const n = a * scale;
  let q = n / b;
  const r = n % b;
  if (2n * (r < 0n ? -r : r) >= b) q += n < 0n ? -1n : 1n;
  return { value: Number(formatDecimal(q, dp + 2)), text: `${formatDecimal(q, dp)}%`, fmt: dp ? `0.${'0'.repeat(dp)}%` : '0%' };
}

export type Verdict = '完成' | '未完成' | '无目标' | '未填报';

export interface IndicatorAssessment {
  indicator: StoredIndicator;
  /** In 10^-decimals units throughout. */
  baseline: { year: number; value: bigint };
  /** Last year's actual (the baseline when last year is the baseline year); null when unknown. */
  previous: { year: number; value: bigint; isBaseline: boolean } | null;
  actual: bigint | null;
  target: bigint | null;
  nextTarget: bigint | null;
  verdict: Verdict;
  /** Unmet only: how far from the target, positive (target − actual, or actual − target for lower-is-better). */
  gap: bigint | null;
  /** actual − previous */
  change: bigint | null;
  /** (actual − previous) ÷ |previous|, one decimal. */
  growth: Pct | null;
}

const big = (v: number | undefined | null): bigint | null => (v === undefined || v === null ? null : BigInt(v));

/** One indicator in `year` (the caller checks it is filed that year). */
export function assessIndicator(ind: StoredIndicator, filings: ReadonlyMap<number, CarrierFiling>, year: number): IndicatorAssessment {
  const baseline = { year: ind.baseline.year, value: BigInt(ind.baseline.value) };
  const actual = big(filings.get(year)?.values[ind.code]);
  const target = big(ind.targets[String(year)]);
  const nextTarget = big(ind.targets[String(year + 1)]);
  let previous: IndicatorAssessment['previous'] = null;
  if (year - 1 === baseline.year) previous = { year: year - 1, value: baseline.value, isBaseline: true };
  else if (year - 1 > baseline.year) {
    const v = big(filings.get(year - 1)?.values[ind.code]);
    if (v !== null) previous = { year: year - 1, value: v, isBaseline: false };
  }
  let verdict: Verdict;
  let gap: bigint | null = null;
  if (target === null) verdict = '无目标';
  else if (actual === null) verdict = '未填报';
  else if (meets(ind.better, actual, target)) verdict = '完成';
  else {
    verdict = '未完成';
    gap = ind.better === 'higher' ? target - actual : actual - target;
  }
  const change = actual !== null && previous ? actual - previous.value : null;
  const growth = change !== null && previous ? percent(change, previous.value < 0n ? -previous.value : previous.value, 1) : null;
  return { indicator: ind, baseline, previous, actual, target, nextTarget, verdict, gap, change, growth };
}

export interface YearFunds {
  year: number;
  /** 元 */
  received: bigint;
  disbursed: bigint;
  investment: bigint;
  cumReceived: bigint;
  cumDisbursed: bigint;
  cumInvestment: bigint;
  /** 拨付率 = cumulative disbursed ÷ cumulative received */
  rate: Pct | null;
}

export interface NumberedBatch extends FundBatch {
  year: number;
  /** 1-based over all years, in date order. */
  ordinal: number;
}

export interface CarrierAssessment {
  carrier: CarrierRecord;
  plan: StoredPlan;
  year: number;
  /** Indicators filed this year (baseline year before it), in plan order. */
  indicators: IndicatorAssessment[];
  /** Indicators whose baseline year is this year or later: not yet filed. */
  notYetFiled: StoredIndicator[];
  judged: number;
  met: number;
  unmet: IndicatorAssessment[];
  /** Per year from the first year with a filing (or the approval year) to `year`. */
  funds: YearFunds[];
  total: YearFunds;
  batches: NumberedBatch[];
  /** sub-project code → year → 元 (disbursed / invested) */
  disbursedBy: Map<string, Map<number, bigint>>;
  investedBy: Map<string, Map<number, bigint>>;
  details: FilingDetails | null;
}

export function assessCarrier(input: AssessmentInput): CarrierAssessment {
  const { carrier, plan, filings, year } = input;
  const indicators = plan.indicators.filter((i) => indicatorFiledIn(i, year)).map((i) => assessIndicator(i, filings, year));
  const judgedList = indicators.filter((a) => a.verdict === '完成' || a.verdict === '未完成');
  const years = [...filings.keys()].filter((y) => y <= year);
  const first = Math.min(approvedYear(carrier), year, ...years);
  const funds: YearFunds[] = [];
  let cr = 0n;
  let cd = 0n;
  let ci = 0n;
  const disbursedBy = new Map<string, Map<number, bigint>>();
  const investedBy = new Map<string, Map<number, bigint>>();
  const batches: NumberedBatch[] = [];
  for (let y = first; y <= year; y++) {
    const d = filings.get(y)?.details;
    const received = d ? receivedOf(d) : 0n;
    const disbursed = d ? disbursedOf(d) : 0n;
    const investment = d ? investmentOf(d) : 0n;
    cr += received;
    cd += disbursed;
    ci += investment;
    funds.push({ year: y, received, disbursed, investment, cumReceived: cr, cumDisbursed: cd, cumInvestment: ci, rate: percent(cd, cr, 2) });
    if (!d) continue;
    for (const b of d.funds.received) batches.push({ ...b, year: y, ordinal: 0 });
    for (const [code, v] of Object.entries(d.funds.disbursed)) {
      if (!disbursedBy.has(code)) disbursedBy.set(code, new Map());
      disbursedBy.get(code)!.set(y, BigInt(v));
    }
    for (const [code, v] of Object.entries(d.investment)) {
      if (!investedBy.has(code)) investedBy.set(code, new Map());
      investedBy.get(code)!.set(y, BigInt(v));
    }
  }
  batches.sort((a, b) => a.year - b.year || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  batches.forEach((b, i) => (b.ordinal = i + 1));
  const last = funds[funds.length - 1]!;
  return {
    carrier,
    plan,
    year,
    indicators,
    notYetFiled: plan.indicators.filter((i) => !indicatorFiledIn(i, year)),
    judged: judgedList.length,
    met: judgedList.filter((a) => a.verdict === '完成').length,
    unmet: indicators.filter((a) => a.verdict === '未完成'),
    funds,
    total: { ...last, year, received: last.cumReceived, disbursed: last.cumDisbursed, investment: last.cumInvestment },
    batches,
    disbursedBy,
    investedBy,
    details: filings.get(year)?.details ?? null,
  };
}

// ---- display helpers ---------------------------------------------------------------------------

const CN = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1 → 一, 12 → 十二, 23 → 二十三 (1–99). */
export function cnNumber(n: number): string {
  if (n < 10) return CN[n]!;
  if (n < 100) return `${n >= 20 ? CN[Math.floor(n / 10)] : ''}十${n % 10 ? CN[n % 10] : ''}`;
  return String(n);
}

/** '2019-07' → 2019年7月; '2019-07-15' → 2019年7月15日 */
export function dateLabel(d: string): string {
  const [y, m, day] = d.split('-');
  return `${y}年${Number(m)}月${day ? `${Number(day)}日` : ''}`;
}

/** An indicator value as printed in prose: exact, no trailing zeros (0.460 → 0.46). */
const v = (x: bigint, ind: StoredIndicator) => formatDecimal(x, ind.decimals);
const withUnit = (x: bigint, ind: StoredIndicator) => `${v(x, ind)}${ind.unit}`;
const moneyCell = (yuan: bigint): CellModel => num(toDisplay(yuan, MONEY_DP), '0.00');
const valueCell = (x: bigint | null, dp: number): CellModel => (x === null ? text(DASH, 'center') : num(toDisplay(x, dp), decimalsFormat(dp)));
const pctCell = (p: Pct | null): CellModel => (p ? num(p.value, p.fmt) : text(DASH, 'center'));
const count = (n: number) => num(n, '0');
const isPercentUnit = (unit: string) => unit === '%' || unit === '%';

/** The sentence fragment on last year: 比2019年增加81家,增长79.4% / 提升6.6个百分点. */
export function changeText(a: IndicatorAssessment): string {
  if (a.change === null || !a.previous) return '';
  const ind = a.indicator;
  const py = `${a.previous.year}年`;
  const abs = a.change < 0n ? -a.change : a.change;
  if (isPercentUnit(ind.unit)) return a.change === 0n ? `,与${py}持平` : `,比${py}${a.change > 0n ? '提升' : '下降'}${v(abs, ind)}个百分点`;
  if (a.change === 0n) return `,与${py}持平`;
  const g = a.growth ? `,${a.change > 0n ? '增长' : '下降'}${a.growth.text.replace(/^-/, '')}` : '';
  return `,比${py}${a.change > 0n ? '增加' : '减少'}${withUnit(abs, ind)}${g}`;
}

/** 合作的资本服务机构数17家,目标值28家,差11家 */
export function gapText(a: IndicatorAssessment): string {
  const ind = a.indicator;
  if (a.gap === null || a.actual === null || a.target === null) return '';
  return ind.better === 'higher'
    ? `${ind.name}${withUnit(a.actual, ind)},目标值${withUnit(a.target, ind)},差${withUnit(a.gap, ind)}`
    : `${ind.name}${withUnit(a.actual, ind)},目标值为不高于${withUnit(a.target, ind)},超出${withUnit(a.gap, ind)}`;
}

function verdictText(a: IndicatorAssessment): string {
  switch (a.verdict) {
    case '完成':
      return '完成年度目标';
    case '未完成':
      return `未完成年度目标,${a.indicator.better === 'higher' ? '差' : '超出'}${withUnit(a.gap!, a.indicator)}`;
    case '无目标':
      return '本年未设目标值';
    default:
      return '本年未填报完成值';
  }
}

/** One indicator's sentence in 三、绩效目标完成情况. */
export function indicatorSentence(a: IndicatorAssessment, year: number): string {
  const ind = a.indicator;
  if (a.actual === null) return `${ind.name}${year}年未填报完成值。`;
  const refs: string[] = [];
  if (a.previous) refs.push(`${a.previous.year}年${a.previous.isBaseline ? '基准值' : '完成值'}${withUnit(a.previous.value, ind)}`);
  if (a.target !== null) refs.push(`${year}年目标值${ind.better === 'lower' ? '不高于' : ''}${withUnit(a.target, ind)}`);
  return `${ind.name}${year}年完成${withUnit(a.actual, ind)}${refs.length ? `(${refs.join(',')})` : ''},${verdictText(a)}${changeText(a)}。`;
}

const UNSAFE_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;

// ---- the self-assessment -----------------------------------------------------------------------

export type AssessmentModel = BulletinModel;

interface Ctx extends BuilderContext {
  a: CarrierAssessment;
  province: string;
  filings: ReadonlyMap<number, CarrierFiling>;
}

const sumFund = (s: StoredPlan['subProjects'][number]) => BigInt(s.plannedFund.subsidy) + BigInt(s.plannedFund.reward) + BigInt(s.plannedFund.purchase);
const sumMap = (m: Map<number, bigint> | undefined, upTo?: number) =>
  [...(m?.entries() ?? [])].reduce((x, [y, v]) => (upTo === undefined || y <= upTo ? x + v : x), 0n);

/** Paragraphs of user text (line breaks kept as paragraphs). */
const paragraphsOf = (t: string | undefined) =>
  (t ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

const SHEET_TITLES = {
  sub: '子项目实施情况表',
  batches: '专项资金到位情况表',
  disbursed: '专项资金拨付情况表',
  targets: '绩效目标完成情况表',
  unmet: '未完成绩效目标指标表',
  annex: '绩效指标历年情况表',
} as const;

function reportSheet(ctx: Ctx): SheetModel {
  const { a } = ctx;
  const { carrier, plan, year } = a;
  const s = new SheetBuilder(ctx, '自评估报告', `${carrier.name}项目自评估报告`, 1);
  const p = (t: string, align?: 'right' | 'center') => s.row('paragraph', [text(t, align)]);
  const indent = (t: string) => p(`    ${t}`);
  const [ay, am] = carrier.approvedAt.split('-');
  const typeLabel = CARRIER_TYPE_LABELS[carrier.type] ?? carrier.type;
  p(`(${year}年度)`, 'center');

  // 一
  indent('一、双创特色载体发展情况');
  const planned = plan.subProjects.reduce((x, sp) => x + BigInt(sp.plannedInvestment), 0n);
  const fund = Object.fromEntries(FUND_KINDS.map((k) => [k, plan.subProjects.reduce((x, sp) => x + BigInt(sp.plannedFund[k]), 0n)])) as Record<
    (typeof FUND_KINDS)[number],
    bigint
  >;
  const fundTotal = fund.subsidy + fund.reward + fund.purchase;
  const yearFunds = a.funds[a.funds.length - 1]!;
  const fundParts = FUND_KINDS.filter((k) => fund[k] > 0n).map((k) => `${FUND_LABELS[k]}${wan(fund[k])}万元`);
  indent(
    `${carrier.zone}自${ay}年${Number(am)}月获批国家${typeLabel}双创特色载体以来,` +
      (plan.subProjects.length
        ? `共实施子项目${plan.subProjects.length}个,计划总投资${wan(planned)}万元,计划使用专项资金${wan(fundTotal)}万元` +
          (fundParts.length ? `,其中${fundParts.join(',')}` : '') +
          `。${year}年完成投资${wan(yearFunds.investment)}万元,累计完成投资${wan(yearFunds.cumInvestment)}万元。`
        : '未列入子项目。'),
  );
  if (plan.subProjects.length) {
    indent('(一)项目实施进度');
    plan.subProjects.forEach((sp, i) => {
      const progress = a.details?.progress[sp.code];
      const inv = a.investedBy.get(sp.code)?.get(year);
      const lines = paragraphsOf(progress);
      indent(`(${i + 1})${sp.name}。${inv ? `${year}年完成投资${wan(inv)}万元。` : ''}${lines[0] ?? (inv ? '' : '本年未填报项目进度。')}`);
      for (const l of lines.slice(1)) indent(l);
    });
  }

  // 二
  indent('二、资金管理使用情况');
  const t = a.total;
  if (a.batches.length) {
    const list = a.batches.map((b) => `${dateLabel(b.date)}第${cnNumber(b.ordinal)}批${b.source}${wan(b.amount)}万元到位`);
    indent(`${list.join(';')},合计到位资金${wan(t.cumReceived)}万元。`);
  } else indent(`截至${year}年底,专项资金尚未到位。`);
  const dy = a.funds.filter((f) => f.disbursed > 0n);
  if (dy.length) {
    indent(
      `${dy.map((f) => `${f.year}年拨付资金到各子项目合计${wan(f.disbursed)}万元`).join(',')},合计拨付${wan(t.cumDisbursed)}万元` +
        (t.rate ? `,资金拨付率${t.rate.text}` : '') +
        (t.cumReceived > t.cumDisbursed ? `,尚未拨付${wan(t.cumReceived - t.cumDisbursed)}万元` : '') +
        '。',
    );
  } else indent(`截至${year}年底,尚未向子项目拨付资金。`);

  // 三
  indent('三、绩效目标完成情况');
  const noTarget = a.indicators.filter((x) => x.verdict === '无目标').length;
  indent(
    `${year}年,${carrier.name}共考核绩效指标${a.judged}项,完成${a.met}项,未完成${a.judged - a.met}项` +
      (noTarget ? `,另有${noTarget}项本年未设目标值` : '') +
      (a.notYetFiled.length ? `;${a.notYetFiled.length}项指标自基准年次年起考核,本年尚不考核` : '') +
      '。',
  );
  a.indicators.forEach((x, i) => indent(`${i + 1}.${indicatorSentence(x, year)}`));

  // 四
  indent('四、主要经验做法及典型案例');
  const exp = paragraphsOf(a.details?.experience);
  (exp.length ? exp : ['(未填写)']).forEach(indent);

  // 五
  indent('五、未达到绩效目标的原因和下一步改进措施');
  indent('(一)未完成的绩效指标');
  if (a.unmet.length) a.unmet.forEach((x, i) => indent(`${i + 1}.${gapText(x)}。`));
  else indent(a.judged ? `${year}年考核的绩效指标均已完成。` : `${year}年无考核的绩效指标。`);
  indent('(二)原因分析');
  const problems = paragraphsOf(a.details?.problems);
  (problems.length ? problems : ['(未填写)']).forEach(indent);
  indent('(三)下一步改进措施');
  const next = paragraphsOf(a.details?.nextSteps);
  (next.length ? next : ['(未填写)']).forEach(indent);

  // 六
  indent('六、有关建议及其他需要说明的问题');
  const sug = paragraphsOf(a.details?.suggestions);
  (sug.length ? sug : ['(无)']).forEach(indent);

  s.row('blank', []);
  const annexes = Object.values(SHEET_TITLES);
  annexes.forEach((title, i) => indent(`${i ? '      ' : '附表:'}${i + 1}.${title}`));
  return s.build({ frozenRows: 1, landscape: false, fixedWidths: [100] });
}

function subProjectSheet(ctx: Ctx): SheetModel {
  const { a } = ctx;
  const y = a.year;
  const s = new SheetBuilder(ctx, '子项目', `${a.carrier.name}${SHEET_TITLES.sub}`, 9);
  s.row(
    'header',
    [
      '序号',
      '项目名称',
      '项目内容',
      '计划总投资(万元)',
      '计划使用专项资金(万元)',
      `${y}年完成投资(万元)`,
      '累计完成投资(万元)',
      '累计拨付专项资金(万元)',
      '项目进度',
    ].map((x) => text(x)),
  );
  let tp = 0n;
  let tf = 0n;
  let ti = 0n;
  let tc = 0n;
  let td = 0n;
  a.plan.subProjects.forEach((sp, i) => {
    const inv = a.investedBy.get(sp.code)?.get(y) ?? 0n;
    const cum = sumMap(a.investedBy.get(sp.code), y);
    const dis = sumMap(a.disbursedBy.get(sp.code), y);
    tp += BigInt(sp.plannedInvestment);
    tf += sumFund(sp);
    ti += inv;
    tc += cum;
    td += dis;
    s.row('data', [
      count(i + 1),
      text(sp.name),
      text(sp.content),
      moneyCell(BigInt(sp.plannedInvestment)),
      moneyCell(sumFund(sp)),
      moneyCell(inv),
      moneyCell(cum),
      moneyCell(dis),
      text(a.details?.progress[sp.code] ?? ''),
    ]);
  });
  if (!a.plan.subProjects.length) s.row('data', [text('(无子项目)')]);
  s.row('total', [
    text('合计'),
    text(`${a.plan.subProjects.length}个子项目`),
    null,
    moneyCell(tp),
    moneyCell(tf),
    moneyCell(ti),
    moneyCell(tc),
    moneyCell(td),
    null,
  ]);
  return s.build({ frozenRows: 2, frozenColumns: 2, landscape: true });
}

function batchSheet(ctx: Ctx): SheetModel {
  const { a } = ctx;
  const s = new SheetBuilder(ctx, '资金到位', `${a.carrier.name}${SHEET_TITLES.batches}`, 5);
  s.row(
    'header',
    ['批次', '到位时间', '资金来源', '金额(万元)', '所属年度'].map((x) => text(x)),
  );
  for (const b of a.batches)
    s.row('data', [
      text(`第${cnNumber(b.ordinal)}批`, 'center'),
      text(dateLabel(b.date)),
      text(b.source),
      moneyCell(BigInt(b.amount)),
      text(`${b.year}年`, 'center'),
    ]);
  if (!a.batches.length) s.row('data', [text('(无)')]);
  s.row('total', [text('合计'), text(`${a.batches.length}批`), null, moneyCell(a.total.cumReceived), null]);
  return s.build({ frozenRows: 2 });
}

function disbursedSheet(ctx: Ctx): SheetModel {
  const { a } = ctx;
  const years = a.funds.map((f) => f.year);
  const s = new SheetBuilder(ctx, '资金拨付', `${a.carrier.name}${SHEET_TITLES.disbursed}`, Math.max(7, years.length + 3));
  s.row(
    'header',
    ['年度', '到位资金(万元)', '累计到位(万元)', '拨付资金(万元)', '累计拨付(万元)', '拨付率', '完成投资(万元)'].map((x) => text(x)),
  );
  for (const f of a.funds)
    s.row('data', [
      text(`${f.year}年`, 'center'),
      moneyCell(f.received),
      moneyCell(f.cumReceived),
      moneyCell(f.disbursed),
      moneyCell(f.cumDisbursed),
      pctCell(f.rate),
      moneyCell(f.investment),
    ]);
  const t = a.total;
  s.row('total', [
    text('合计'),
    moneyCell(t.cumReceived),
    moneyCell(t.cumReceived),
    moneyCell(t.cumDisbursed),
    moneyCell(t.cumDisbursed),
    pctCell(t.rate),
    moneyCell(t.cumInvestment),
  ]);
  s.row('note', [text('注:拨付率 = 累计拨付 ÷ 累计到位。')], true);
  s.row('blank', []);
  s.row('section', [text('各子项目拨付资金(万元)')]);
  s.row('header', [text('序号'), text('项目名称'), ...years.map((y) => text(`${y}年`)), text('合计')]);
  a.plan.subProjects.forEach((sp, i) => {
    const m = a.disbursedBy.get(sp.code);
    s.row('data', [count(i + 1), text(sp.name), ...years.map((y) => moneyCell(m?.get(y) ?? 0n)), moneyCell(sumMap(m, a.year))]);
  });
  s.row('total', [text('合计'), null, ...a.funds.map((f) => moneyCell(f.disbursed)), moneyCell(t.cumDisbursed)]);
  return s.build({ frozenRows: 2 });
}

function targetsSheet(ctx: Ctx): SheetModel {
  const { a } = ctx;
  const y = a.year;
  const baseYears = new Set(a.indicators.map((x) => x.baseline.year));
  const oneBase = baseYears.size === 1 ? [...baseYears][0]! : null;
  const heads = [
    '序号',
    '指标',
    '单位',
    ...(oneBase === null ? ['基准年'] : []),
    oneBase === null ? '基准值' : `${oneBase}年基准值`,
    `${y - 1}年完成值`,
    `${y}年完成值`,
    `${y}年目标值`,
    `${y + 1}年目标值`,
    '完成情况',
    '差额',
    '比上年增长',
  ];
  const s = new SheetBuilder(ctx, '绩效目标', `${a.carrier.name}${y}年${SHEET_TITLES.targets}`, heads.length);
  s.row(
    'header',
    heads.map((x) => text(x)),
  );
  a.indicators.forEach((x, i) => {
    const dp = x.indicator.decimals;
    s.row('data', [
      count(i + 1),
      text(x.indicator.name + (x.indicator.better === 'lower' ? '(越低越好)' : '')),
      text(x.indicator.unit, 'center'),
      ...(oneBase === null ? [text(`${x.baseline.year}年`, 'center')] : []),
      valueCell(x.baseline.value, dp),
      valueCell(x.previous?.value ?? null, dp),
      valueCell(x.actual, dp),
      valueCell(x.target, dp),
      valueCell(x.nextTarget, dp),
      text(x.verdict, 'center'),
      x.gap === null ? null : valueCell(x.gap, dp),
      pctCell(x.growth),
    ]);
  });
  if (!a.indicators.length) s.row('data', [text('(本年无考核指标)')]);
  s.row('total', [text('合计'), text(`考核${a.judged}项,完成${a.met}项,未完成${a.judged - a.met}项`)]);
  s.row(
    'note',
    [
      text(
        '注:完成情况按各指标的方向判定(越高越好:完成值不低于目标值;越低越好:完成值不高于目标值);差额 = 未完成指标距目标值之差;比上年增长 = (本年完成值 − 上年完成值)÷ 上年完成值。',
      ),
    ],
    true,
  );
  return s.build({ frozenRows: 2, frozenColumns: 2, landscape: true });
}

function unmetSheet(ctx: Ctx): SheetModel {
  const { a } = ctx;
  const s = new SheetBuilder(ctx, '未完成指标', `${a.carrier.name}${a.year}年${SHEET_TITLES.unmet}`, 7);
  s.row(
    'header',
    ['序号', '指标', '单位', '目标值', '完成值', '差额', '说明'].map((x) => text(x)),
  );
  a.unmet.forEach((x, i) => {
    const dp = x.indicator.decimals;
    s.row('data', [
      count(i + 1),
      text(x.indicator.name),
      text(x.indicator.unit, 'center'),
      valueCell(x.target, dp),
      valueCell(x.actual, dp),
      valueCell(x.gap, dp),
      text(gapText(x)),
    ]);
  });
  if (!a.unmet.length) s.row('data', [text('(无)')]);
  return s.build({ frozenRows: 2 });
}

function annexSheet(ctx: Ctx): SheetModel {
  const { a } = ctx;
  const inds = a.plan.indicators;
  const from = Math.min(a.year, ...inds.map((i) => i.baseline.year));
  const years: number[] = [];
  for (let y = from + 1; y <= a.year; y++) years.push(y);
  const heads = ['序号', '指标', '单位', '基准年', '基准值', ...years.flatMap((y) => [`${y}年目标值`, `${y}年完成值`]), `${a.year + 1}年目标值`];
  const s = new SheetBuilder(ctx, '附表', `${a.carrier.name}${SHEET_TITLES.annex}`, heads.length);
  s.row(
    'header',
    heads.map((x) => text(x)),
  );
  const filings = ctx.filings;
  inds.forEach((ind, i) => {
    const dp = ind.decimals;
    const cell = (x: number | undefined, y: number) => (y <= ind.baseline.year ? null : valueCell(big(x), dp));
    s.row('data', [
      count(i + 1),
      text(ind.name),
      text(ind.unit, 'center'),
      text(`${ind.baseline.year}年`, 'center'),
      valueCell(BigInt(ind.baseline.value), dp),
      ...years.flatMap((y) => [cell(ind.targets[String(y)], y), cell(filings.get(y)?.values[ind.code], y)]),
      valueCell(big(ind.targets[String(a.year + 1)]), dp),
    ]);
  });
  return s.build({ frozenRows: 2, frozenColumns: 2, landscape: true });
}

/** The file names of a carrier's self-assessment. */
export function assessmentFileName(carrier: Pick<CarrierRecord, 'carrierId' | 'name'>, year: number, ext: 'xlsx' | 'docx' = 'xlsx') {
  return {
    fileName: `${carrier.name}${year}年度项目自评估报告.${ext}`.replace(UNSAFE_IN_FILE_NAMES, '_'),
    asciiFileName: `tongbao-carrier-${carrier.carrierId}-${year}-assessment.${ext}`.replace(/[^A-Za-z0-9._-]/g, '_'),
  };
}

/** The self-assessment: the report text, then its tables (子项目, 资金到位, 资金拨付, 绩效目标, 未完成指标, 附表). */
export function layoutAssessment(input: AssessmentInput): AssessmentModel {
  const a = assessCarrier(input);
  const ctx: Ctx = { a, province: input.province ?? config.province.name, facts: new Map(), sheetTitles: [], filings: input.filings };
  const sheets = [reportSheet(ctx), subProjectSheet(ctx), batchSheet(ctx), disbursedSheet(ctx), targetsSheet(ctx), unmetSheet(ctx), annexSheet(ctx)];
  return { ...assessmentFileName(input.carrier, input.year), sheets, document: reportDocument(sheets[0]!, sheets.slice(1), input) };
}

const HEADING = /^[一二三四五六七八九十]+、/;

/**
 * The Word document (SPEC §10, §12) of the report sheet's own paragraphs — the same text, never
 * drafted twice — with the tables as its 附件, signed by the carrier's zone.
 */
function reportDocument(report: SheetModel, tables: readonly SheetModel[], input: AssessmentInput): DocumentModel {
  const paragraphs: DocParagraph[] = report.rows
    .filter((r) => r.kind === 'paragraph' && r.cells[0]?.t === 'text')
    .map((r) => (r.cells[0] as { v: string }).v.trim())
    .filter(Boolean)
    .map((t) => ({ kind: HEADING.test(t) ? 'heading' : 'body', text: t }));
  return { title: report.title, recipients: '', paragraphs, annexes: tables.map((t) => t.name), issuer: input.carrier.zone || input.carrier.name, date: '' };
}

// ---- the province's overview -------------------------------------------------------------------

export interface OverviewInput {
  year: number;
  /** 'all' | 'city:…' | 'type:…' */
  scope: string;
  carriers: Array<{ carrier: CarrierRecord; plan: StoredPlan; filings: ReadonlyMap<number, CarrierFiling> }>;
  /** The year's aggregate item (scope → Totals of summaryOf's codes). */
  totals: ScopedTotals;
  province?: string;
}

const cityOrder = (c: string) => {
  return cityRank(config.province, c);
};

export function overviewFileName(year: number, scope: string, province = config.province.name) {
  const place = scope.startsWith('city:') ? scope.slice(5) : province;
  const type = scope.startsWith('type:') ? (CARRIER_TYPE_LABELS[scope.slice(5) as CarrierType] ?? scope.slice(5)) : '';
  const kind = scope === 'all' ? (findProvince(province) ?? config.province).id : scope.startsWith('type:') ? `type-${scope.slice(5)}` : 'city';
  return {
    fileName: `${year}年${place}${type}双创特色载体绩效情况汇总表.xlsx`.replace(UNSAFE_IN_FILE_NAMES, '_'),
    asciiFileName: `tongbao-carriers-${year}-${kind}.xlsx`.replace(/[^A-Za-z0-9._-]/g, '_'),
  };
}

/** All carriers side by side, and the totals by city and by type from the aggregate item. */
export function layoutCarrierOverview(input: OverviewInput): BulletinModel {
  const province = input.province ?? config.province.name;
  const { year, scope } = input;
  const place = scope.startsWith('city:') ? scope.slice(5) : province;
  const ctx: BuilderContext = { facts: new Map(), sheetTitles: [] };
  const rows = input.carriers
    .map((c) => assessCarrier({ carrier: c.carrier, plan: c.plan, filings: c.filings, year }))
    .sort(
      (x, y) =>
        cityOrder(x.carrier.city) - cityOrder(y.carrier.city) ||
        CARRIER_TYPES.indexOf(x.carrier.type) - CARRIER_TYPES.indexOf(y.carrier.type) ||
        x.carrier.name.localeCompare(y.carrier.name, 'zh-CN'),
    );

  const s = new SheetBuilder(ctx, '载体绩效情况', `${year}年${place}双创特色载体绩效情况汇总表`, 13);
  s.row(
    'header',
    [
      '序号',
      '载体名称',
      '类型',
      '市州',
      '所在园区',
      `${year}年到位资金(万元)`,
      '累计到位(万元)',
      `${year}年拨付资金(万元)`,
      '累计拨付(万元)',
      '拨付率',
      '考核指标(项)',
      '完成指标(项)',
      '未完成指标',
    ].map((x) => text(x)),
  );
  let r = 0n;
  let cr = 0n;
  let d = 0n;
  let cd = 0n;
  let judged = 0;
  let met = 0;
  rows.forEach((a, i) => {
    const f = a.funds[a.funds.length - 1]!;
    r += f.received;
    cr += f.cumReceived;
    d += f.disbursed;
    cd += f.cumDisbursed;
    judged += a.judged;
    met += a.met;
    s.row('data', [
      count(i + 1),
      text(a.carrier.name),
      text(CARRIER_TYPE_LABELS[a.carrier.type] ?? a.carrier.type),
      text(a.carrier.city),
      text(a.carrier.zone),
      moneyCell(f.received),
      moneyCell(f.cumReceived),
      moneyCell(f.disbursed),
      moneyCell(f.cumDisbursed),
      pctCell(f.rate),
      count(a.judged),
      count(a.met),
      text(a.unmet.map((x) => `${x.indicator.name}(${x.indicator.better === 'higher' ? '差' : '超出'}${withUnit(x.gap!, x.indicator)})`).join(';') || '无'),
    ]);
  });
  if (!rows.length) s.row('data', [text('(无数据)')]);
  s.row('total', [
    text('合计'),
    text(`${rows.length}个载体`),
    null,
    null,
    null,
    moneyCell(r),
    moneyCell(cr),
    moneyCell(d),
    moneyCell(cd),
    pctCell(percent(cd, cr, 2)),
    count(judged),
    count(met),
    null,
  ]);
  s.row('note', [text('注:拨付率 = 累计拨付 ÷ 累计到位;考核指标为本年设有目标值的绩效指标,完成情况按各指标的方向判定。')], true);
  const carriersSheet = s.build({ frozenRows: 2, frozenColumns: 2, landscape: true });

  const of = (key: string): Totals => input.totals[key] ?? emptyTotals();
  const totalsSheet = (name: string, title: string, head: string, keys: Array<{ key: string; label: string }>, total: { key: string; label: string }) => {
    const t = new SheetBuilder(ctx, name, title, 8);
    t.row(
      'header',
      [head, '报送载体(个)', '到位资金(万元)', '拨付资金(万元)', '完成投资(万元)', '考核指标(项)', '完成指标(项)', '指标完成率'].map((x) => text(x)),
    );
    const line = (kind: 'data' | 'total', k: { key: string; label: string }) => {
      const x = of(k.key);
      const g = (c: string) => x.values[c] ?? 0n;
      t.row(kind, [
        text(k.label),
        count(Number(x.reportingBases)),
        moneyCell(g('sum.fundsReceived')),
        moneyCell(g('sum.fundsDisbursed')),
        moneyCell(g('sum.investment')),
        count(Number(g('sum.indicatorsJudged'))),
        count(Number(g('sum.indicatorsMet'))),
        pctCell(percent(g('sum.indicatorsMet'), g('sum.indicatorsJudged'), 2)),
      ]);
    };
    keys.forEach((k) => line('data', k));
    line('total', total);
    t.row('note', [text(`注:${year}年已报送(已计入汇总)的填报合计;指标完成率 = 完成指标 ÷ 考核指标。`)], true);
    return t.build({ frozenRows: 2 });
  };
  const totalRow = { key: scope, label: scope === 'all' ? '全省合计' : '合计' };
  const cities = scope.startsWith('city:') ? [scope.slice(5)] : [...config.province.cities];
  const types = scope.startsWith('type:') ? [scope.slice(5) as CarrierType] : CARRIER_TYPES;
  const byCity = totalsSheet(
    '按市州汇总',
    `${year}年${place}双创特色载体绩效情况(按市州)`,
    '市州',
    cities.map((c) => ({ key: `city:${c}`, label: c })),
    totalRow,
  );
  const byType = totalsSheet(
    '按类型汇总',
    `${year}年${place}双创特色载体绩效情况(按类型)`,
    '类型',
    types.map((t) => ({ key: `type:${t}`, label: CARRIER_TYPE_LABELS[t] ?? t })),
    totalRow,
  );
  return { ...overviewFileName(year, scope, province), sheets: [carriersSheet, byCity, byType] };
}
