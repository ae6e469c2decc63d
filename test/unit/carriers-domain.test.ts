// Featured carriers (SPEC §10): registry, plan and details parsing with named Chinese errors, and
// the exact figures of the self-assessment checked against an independent recomputation over
// random plans and filings (fast-check): verdicts by direction, gaps, growth, funds and rates,
// indicators added mid-way judged only after their baseline year.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScopedTotals } from '../../shared/aggregation';
import { assessCarrier, type CarrierFiling, cnNumber, layoutAssessment, layoutCarrierOverview, percent } from '../../shared/carriers/assessment';
import { checkCumulative, checkDetails, type FilingDetails, summaryOf, wan } from '../../shared/carriers/details';
import { CARRIER_SECTIONS, checkPlan, fieldsOfPlan, planAsTyped, planInputSchema, type StoredPlan } from '../../shared/carriers/plan';
import { type CarrierRecord, carrierActiveIn, carrierInputSchema, carrierScopes } from '../../shared/carriers/registry';
import { formatDecimal } from '../../shared/decimal';
import { validateValues } from '../../shared/validation';

const carrier = (extra: Partial<CarrierRecord> = {}): CarrierRecord => ({
  carrierId: 'hy-test',
  name: '测试载体',
  type: 'integration',
  city: '衡阳市',
  zone: '衡阳高新区',
  approvedAt: '2019-06',
  activeFrom: null,
  activeTo: null,
  updatedAt: '2020-01-01T00:00:00.000Z',
  ...extra,
});

const okPlan = (body: unknown): StoredPlan => {
  const r = checkPlan(body);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.plan;
};

const simplePlan = {
  indicators: [
    { code: 'a', name: '指标甲', unit: '家', decimals: 0, better: 'higher', baseline: { year: 2018, value: '10' }, targets: { '2019': '12', '2020': '15' } },
    { code: 'cost', name: '平均成本', unit: '%', decimals: 2, better: 'lower', baseline: { year: 2018, value: '6.5' }, targets: { '2020': '6' } },
  ],
  subProjects: [{ code: 'sp1', name: '子项目一', content: '内容', plannedInvestment: '100', plannedFund: { subsidy: '50', reward: '10', purchase: '0' } }],
};

describe('carrier registry', () => {
  it('accepts a carrier and derives its scopes and active years', () => {
    const r = carrierInputSchema.safeParse({
      name: '衡阳高新区大中小企业融通型载体',
      type: 'integration',
      city: '衡阳市',
      zone: '衡阳高新区',
      approvedAt: '2019-06',
    });
    expect(r.success).toBe(true);
    expect(carrierScopes(carrier())).toEqual(['all', 'city:衡阳市', 'type:integration']);
    expect(carrierActiveIn(carrier(), 2018)).toBe(false);
    expect(carrierActiveIn(carrier(), 2019)).toBe(true);
    expect(carrierActiveIn(carrier({ activeTo: '2020' }), 2021)).toBe(false);
    expect(carrierActiveIn(carrier({ activeFrom: '2020' }), 2019)).toBe(false);
  });

  it('refuses bad entries with Chinese messages', () => {
    const r = carrierInputSchema.safeParse({ name: '', type: 'x', city: '武汉市', zone: '园区', approvedAt: '2019-6', extra: 1 });
    expect(r.success).toBe(false);
    const msgs = r.error!.issues.map((i) => i.message).join('|');
    expect(msgs).toContain('载体名称:必填');
    expect(msgs).toContain('载体类型');
    expect(msgs).toContain('所属市州');
    expect(msgs).toContain('获批时间:应为年月');
    const r2 = carrierInputSchema.safeParse({
      name: '载体',
      type: 'tech',
      city: '长沙市',
      zone: '园区',
      approvedAt: '2019-06',
      activeFrom: '2021',
      activeTo: '2020',
    });
    expect(r2.error!.issues[0]!.message).toBe('起始年不能晚于终止年');
  });
});

describe('carrier plan', () => {
  it('stores every value as integer base units and types it back', () => {
    const plan = okPlan(simplePlan);
    expect(plan.indicators[1]!.baseline.value).toBe(650);
    expect(plan.indicators[1]!.targets).toEqual({ '2020': 600 });
    expect(plan.subProjects[0]!.plannedInvestment).toBe(1_000_000);
    expect(plan.subProjects[0]!.plannedFund).toEqual({ subsidy: 500_000, reward: 100_000, purchase: 0 });
    expect(planAsTyped(plan).indicators[1]!.baseline.value).toBe('6.5');
    expect(planInputSchema.parse(simplePlan)).toEqual(plan);
    expect(CARRIER_SECTIONS).toEqual([{ id: 'indicators', label: '绩效指标完成值' }]);
  });

  it('refuses bad plans naming the indicator or sub-project', () => {
    const r = checkPlan({
      indicators: [
        {
          code: 'a',
          name: '指标甲',
          unit: '家',
          decimals: 0,
          better: 'higher',
          baseline: { year: 2018, value: '10.5' },
          targets: { '2018': '1', '2029': '1', '2020': 'x' },
        },
        { code: 'a', name: '指标乙', unit: '家', decimals: 5, better: 'up', baseline: { year: 2018, value: '1' }, targets: {} },
        { code: '9b', name: '指标丙', unit: '', decimals: 0, better: 'lower', baseline: { year: 2018, value: '-1' } },
      ],
      subProjects: [
        { code: 'sp1', name: '子项目一', plannedInvestment: '10', plannedFund: { subsidy: '20' } },
        { code: 'sp1', name: '子项目二', plannedInvestment: '-1', plannedFund: { bonus: '1' } },
      ],
      extra: true,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const e = r.errors;
    expect(e['indicators.0.baseline.value']).toBe('指标「指标甲」基准值:应为整数(单位:家)');
    expect(e['indicators.0.targets.2018']).toContain('指标「指标甲」:2018年目标值超出范围');
    expect(e['indicators.0.targets.2029']).toContain('2019—2028年');
    expect(e['indicators.0.targets.2020']).toBe('指标「指标甲」2020年目标值:请填写数字(单位:家)');
    expect(e['indicators.1.code']).toBe('指标代码「a」重复(与第1项指标相同)');
    expect(e['indicators.1.decimals']).toBe('指标「指标乙」:小数位数应为0至4的整数');
    expect(e['indicators.1.better']).toContain('指标「指标乙」:完成方向');
    expect(e['indicators.2.code']).toContain('指标「指标丙」:代码应以字母开头');
    expect(e['indicators.2.unit']).toBe('指标「指标丙」:单位:必填');
    expect(e['indicators.2.baseline.value']).toBe('指标「指标丙」基准值:不能为负数');
    expect(e['subProjects.0.plannedFund']).toBe('子项目「子项目一」:计划使用专项资金20万元超过计划总投资10万元');
    expect(e['subProjects.1.code']).toBe('子项目代码「sp1」重复(与第1个子项目相同)');
    expect(e['subProjects.1.plannedInvestment']).toBe('子项目「子项目二」计划总投资:不能为负数');
    expect(e['subProjects.1.plannedFund.bonus']).toContain('子项目「子项目二」:专项资金类别');
    expect(e.extra).toBe('未知字段「extra」');
    expect(checkPlan({ indicators: [] })).toEqual({ ok: false, errors: { indicators: '绩效指标:至少填写一项' } });
    expect(planInputSchema.safeParse({ indicators: [] }).error!.issues[0]!.message).toBe('绩效指标:至少填写一项');
  });

  it('files an indicator only after its baseline year', () => {
    const plan = okPlan({
      ...simplePlan,
      indicators: [
        ...simplePlan.indicators,
        { code: 'late', name: '新增指标', unit: '项', decimals: 0, better: 'higher', baseline: { year: 2019, value: '3' }, targets: { '2020': '5' } },
      ],
    });
    expect(fieldsOfPlan(plan, 2019).map((f) => f.code)).toEqual(['a', 'cost']);
    expect(fieldsOfPlan(plan, 2020).map((f) => f.code)).toEqual(['a', 'cost', 'late']);
    expect(fieldsOfPlan(plan, 2020)[1]).toEqual({ code: 'cost', label: '平均成本', formUnit: '%', baseUnit: '%', dp: 2, type: 'flow', section: 'indicators' });
  });
});

describe('carrier filing details', () => {
  const plan = okPlan(simplePlan);
  it('converts money exactly to 元 and sorts batches by date', () => {
    const r = checkDetails(
      {
        funds: {
          received: [
            { date: '2020-09', amount: '500', source: '中央财政' },
            { date: '2020-01', amount: 1000.0001, source: '中央财政' },
          ],
          disbursed: { sp1: '44.5' },
        },
        investment: { sp1: '0.0001' },
        progress: { sp1: '进度' },
        problems: '第一段\n\n\n第二段',
      },
      plan,
      2020,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.details.funds.received.map((b) => [b.date, b.amount])).toEqual([
      ['2020-01', 10_000_001],
      ['2020-09', 5_000_000],
    ]);
    expect(r.details.funds.disbursed).toEqual({ sp1: 445_000 });
    expect(r.details.investment).toEqual({ sp1: 1 });
    expect(r.details.problems).toBe('第一段\n\n第二段');
  });

  it('refuses bad details keyed by path, naming unknown sub-projects', () => {
    const r = checkDetails(
      {
        funds: {
          received: [
            { date: '2019-13', amount: '0', source: '' },
            { date: '2019-07', amount: '1', source: '中央' },
          ],
          disbursed: { sp9: '1', sp1: '1.00001' },
        },
        investment: { sp1: 'abc' },
        progress: { sp2: 'x' },
        suggestions: 'x'.repeat(5001),
      },
      plan,
      2020,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors['funds.received.0.date']).toContain('到位资金第1批:到位时间应为年月');
    expect(r.errors['funds.received.0.amount']).toBe('到位资金第1批金额:应大于0');
    expect(r.errors['funds.received.0.source']).toBe('到位资金第1批资金来源:必填');
    expect(r.errors['funds.received.1.date']).toBe('到位资金第2批:到位时间2019-07不在2020年内(每年只填报当年到位的资金)');
    expect(r.errors['funds.disbursed.sp9']).toBe('拨付资金:计划中没有代码为「sp9」的子项目');
    expect(r.errors['funds.disbursed.sp1']).toBe('拨付给「子项目一」的资金:最多保留4位小数(单位:万元)');
    expect(r.errors['investment.sp1']).toBe('「子项目一」完成投资:请填写数字(单位:万元)');
    expect(r.errors['progress.sp2']).toBe('项目进度:计划中没有代码为「sp2」的子项目');
    expect(r.errors.suggestions).toBe('有关建议:最多5000个字');
  });

  it('refuses disbursing more than received, cumulatively', () => {
    const d = (received: number, disbursed: number): FilingDetails => ({
      funds: { received: received ? [{ date: '2019-07', amount: received, source: '中央' }] : [], disbursed: { sp1: disbursed } },
      investment: {},
      progress: {},
      problems: '',
      nextSteps: '',
      suggestions: '',
      experience: '',
    });
    expect(checkCumulative([d(25_000_000, 23_800_000)], d(10_000_000, 10_200_000))).toEqual({});
    expect(checkCumulative([d(25_000_000, 23_800_000)], d(0, 1_300_000))).toEqual({
      'funds.disbursed': '累计拨付资金2510万元超过累计到位资金2500万元,请核对'.replace('2510万元', '2510.0000万元').replace('2500万元', '2500.0000万元'),
    });
  });
});

describe('exact helpers', () => {
  it('prints 万元 with two decimals, rounding half away from zero', () => {
    expect(wan(25_000_000)).toBe('2500.00');
    expect(wan(445_000)).toBe('44.50');
    expect(wan(50)).toBe('0.01');
    expect(wan(49)).toBe('0.00');
    expect(wan(-50)).toBe('-0.01');
    expect(percent(34n, 40n, 2)!.text).toBe('85%');
    expect(percent(81n, 102n, 1)!.text).toBe('79.4%');
    expect(percent(1n, 0n, 1)).toBeNull();
    expect([1, 10, 11, 20, 23, 99].map(cnNumber)).toEqual(['一', '十', '十一', '二十', '二十三', '九十九']);
  });
});

// ---- property tests -------------------------------------------------------------------------------

interface GenIndicator {
  dp: number;
  better: 'higher' | 'lower';
  baseYear: number;
  base: number;
  targets: Array<[number, number]>;
}

/** Small values often (ties with the target, zero last year), large ones sometimes. */
const amount = fc.oneof(fc.constantFrom(0, 5), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 2_000_000 }));

const genIndicator: fc.Arbitrary<GenIndicator> = fc.record({
  dp: fc.integer({ min: 0, max: 4 }),
  better: fc.constantFrom('higher' as const, 'lower' as const),
  baseYear: fc.integer({ min: 2017, max: 2021 }),
  base: amount,
  targets: fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), amount), { maxLength: 6 }),
});

const YEARS = [2018, 2019, 2020, 2021, 2022];

const genCase = fc.record({
  indicators: fc.array(genIndicator, { minLength: 1, maxLength: 6 }),
  subProjects: fc.integer({ min: 1, max: 4 }),
  // per year: actual per indicator (null = missing), batches (元), disbursed per sub-project (元)
  years: fc.array(
    fc.record({
      present: fc.boolean(),
      actuals: fc.array(fc.option(amount, { nil: null }), { minLength: 6, maxLength: 6 }),
      batches: fc.array(fc.integer({ min: 1, max: 50_000_000 }), { maxLength: 3 }),
      disbursed: fc.array(fc.integer({ min: 0, max: 20_000_000 }), { minLength: 4, maxLength: 4 }),
    }),
    { minLength: YEARS.length, maxLength: YEARS.length },
  ),
  year: fc.constantFrom(...YEARS),
});

type Case = typeof genCase extends fc.Arbitrary<infer T> ? T : never;

function build(c: Case) {
  const typed = {
    indicators: c.indicators.map((g, i) => ({
      code: `i${i}`,
      name: `指标${i}`,
      unit: '个',
      decimals: g.dp,
      better: g.better,
      baseline: { year: g.baseYear, value: formatDecimal(g.base, g.dp) },
      targets: Object.fromEntries(g.targets.map(([off, v]) => [String(g.baseYear + off), formatDecimal(v, g.dp)])),
    })),
    subProjects: Array.from({ length: c.subProjects }, (_, i) => ({
      code: `s${i}`,
      name: `子项目${i}`,
      content: '',
      plannedInvestment: '1000',
      plannedFund: {},
    })),
  };
  const plan = okPlan(typed);
  const filings = new Map<number, CarrierFiling>();
  YEARS.forEach((y, k) => {
    const yc = c.years[k]!;
    if (!yc.present) return;
    const fields = fieldsOfPlan(plan, y);
    const rawValues: Record<string, string> = {};
    fields.forEach((f) => {
      const i = Number(f.code.slice(1));
      const a = yc.actuals[i];
      if (a !== null && a !== undefined) rawValues[f.code] = formatDecimal(a, f.dp);
    });
    const vr = validateValues(fields, rawValues, 'draft');
    if (!vr.ok) throw new Error(JSON.stringify(vr.errors));
    const dr = checkDetails(
      {
        funds: {
          received: yc.batches.map((b, j) => ({ date: `${y}-0${j + 1}`, amount: formatDecimal(b, 4), source: '中央财政' })),
          disbursed: Object.fromEntries(yc.disbursed.slice(0, c.subProjects).map((d, j) => [`s${j}`, formatDecimal(d, 4)])),
        },
      },
      plan,
      y,
    );
    if (!dr.ok) throw new Error(JSON.stringify(dr.errors));
    filings.set(y, { values: vr.values, details: dr.details });
  });
  return { plan, filings };
}

/** Independent: the exact target of indicator g in year y (last one typed wins, as object keys do). */
function targetOf(g: GenIndicator, y: number): number | null {
  let t: number | null = null;
  for (const [off, v] of g.targets) if (g.baseYear + off === y && off <= 10) t = v;
  return t;
}

/** |q/10^k − num/den| ≤ 1/2 · 10^-k, ties away from zero: the rounded percentage, checked without division. */
function isRounded(q: bigint, num: bigint, den: bigint, k: number): boolean {
  const s = 10n ** BigInt(k);
  const diff = 2n * (q * den - num * s); // 2·den·(q − x·s)
  const absDen = den < 0n ? -den : den;
  const ad = diff < 0n ? -diff : diff;
  if (ad < absDen) return true;
  if (ad > absDen) return false;
  return num >= 0n === q * den > num * s; // a tie goes away from zero
}

describe('assessment figures (property)', () => {
  it('verdicts, gaps, growth, funds and rates equal an independent recomputation', () => {
    fc.assert(
      fc.property(genCase, (c) => {
        const { plan, filings } = build(c);
        const a = assessCarrier({ carrier: carrier({ approvedAt: '2018-01' }), plan, filings, year: c.year });
        const k = YEARS.indexOf(c.year);
        // indicators: filed only after their baseline year
        const filed = c.indicators.map((g, i) => ({ g, i })).filter(({ g }) => g.baseYear < c.year);
        expect(a.indicators.map((x) => x.indicator.code)).toEqual(filed.map(({ i }) => `i${i}`));
        let judged = 0;
        let met = 0;
        for (const [n, { g, i }] of filed.entries()) {
          const x = a.indicators[n]!;
          const yc = c.years[k]!;
          const actual = yc.present ? (yc.actuals[i] ?? null) : null;
          const target = targetOf(g, c.year);
          if (target === null) expect(x.verdict).toBe('无目标');
          else if (actual === null) expect(x.verdict).toBe('未填报');
          else {
            judged++;
            const ok = g.better === 'higher' ? actual >= target : actual <= target;
            if (ok) met++;
            expect(x.verdict).toBe(ok ? '完成' : '未完成');
            expect(x.gap).toBe(ok ? null : BigInt(Math.abs(target - actual)));
          }
          // last year's actual: the baseline when last year is the baseline year
          const prevYc = k > 0 ? c.years[k - 1]! : null;
          const prev = c.year - 1 === g.baseYear ? g.base : prevYc?.present && c.year - 1 > g.baseYear ? (prevYc.actuals[i] ?? null) : null;
          expect(x.previous?.value ?? null).toBe(prev === null ? null : BigInt(prev));
          if (actual !== null && prev !== null && prev !== 0) {
            const q = BigInt(Math.round(x.growth!.value * 1000));
            expect(isRounded(q, BigInt(actual - prev), BigInt(prev), 3)).toBe(true);
            expect(x.growth!.text).toBe(`${formatDecimal(q, 1)}%`);
          } else expect(x.growth).toBeNull();
          expect(x.nextTarget).toBe(targetOf(g, c.year + 1) === null ? null : BigInt(targetOf(g, c.year + 1)!));
        }
        expect(a.judged).toBe(judged);
        expect(a.met).toBe(met);
        // funds: cumulative received and disbursed over the years up to `year`
        let rec = 0n;
        let dis = 0n;
        for (let j = 0; j <= k; j++) {
          const yc = c.years[j]!;
          if (!yc.present) continue;
          rec += yc.batches.reduce((s, b) => s + BigInt(b), 0n);
          dis += yc.disbursed.slice(0, c.subProjects).reduce((s, d) => s + BigInt(d), 0n);
        }
        expect(a.total.cumReceived).toBe(rec);
        expect(a.total.cumDisbursed).toBe(dis);
        if (rec === 0n) expect(a.total.rate).toBeNull();
        else {
          const q = BigInt(Math.round(a.total.rate!.value * 10000));
          expect(isRounded(q, dis, rec, 4)).toBe(true);
        }
        expect(a.batches.length).toBe(c.years.slice(0, k + 1).reduce((s, y) => s + (y.present ? y.batches.length : 0), 0));
        // cumulative check agrees with the totals
        const history = YEARS.slice(0, k)
          .map((y) => filings.get(y)?.details)
          .filter((d): d is FilingDetails => !!d);
        const cur = filings.get(c.year)?.details;
        if (cur) expect(Object.keys(checkCumulative(history, cur)).length > 0).toBe(dis > rec);
        // the province's summary of this year's filing
        if (cur) {
          const s = summaryOf(filings.get(c.year)!.values, cur, plan, c.year);
          expect(s['sum.indicatorsJudged']).toBe(judged);
          expect(s['sum.indicatorsMet']).toBe(met);
          expect(BigInt(s['sum.fundsReceived']!)).toBe(c.years[k]!.batches.reduce((x, b) => x + BigInt(b), 0n));
        }
        // the layout never throws and names every unmet indicator with its gap
        const model = layoutAssessment({ carrier: carrier({ approvedAt: '2018-01' }), plan, filings, year: c.year });
        const report = model.sheets[0]!.rows.map((r) => (r.cells[0]?.t === 'text' ? r.cells[0].v : '')).join('\n');
        for (const x of a.unmet)
          expect(report).toContain(`差${formatDecimal(x.gap!, x.indicator.decimals)}个`.replace('差', x.indicator.better === 'higher' ? '差' : '超出'));
      }),
      { numRuns: 200 },
    );
  });

  it('lower-is-better is judged the right way round', () => {
    const plan = okPlan(simplePlan);
    const mk = (cost: string): Map<number, CarrierFiling> => {
      const v = validateValues(fieldsOfPlan(plan, 2020), { a: '15', cost }, 'submitted');
      if (!v.ok) throw new Error('bad');
      const d = checkDetails({}, plan);
      if (!d.ok) throw new Error('bad');
      return new Map([[2020, { values: v.values, details: d.details }]]);
    };
    const tie = assessCarrier({ carrier: carrier(), plan, filings: mk('6.00'), year: 2020 }).indicators;
    expect(tie.map((x) => x.verdict)).toEqual(['完成', '完成']);
    const under = assessCarrier({ carrier: carrier(), plan, filings: mk('5.99'), year: 2020 }).indicators[1]!;
    expect(under.verdict).toBe('完成');
    const over = assessCarrier({ carrier: carrier(), plan, filings: mk('6.2'), year: 2020 }).indicators[1]!;
    expect(over.verdict).toBe('未完成');
    expect(over.gap).toBe(20n);
    const model = layoutAssessment({ carrier: carrier(), plan, filings: mk('6.2'), year: 2020 });
    const report = model.sheets[0]!.rows.map((r) => (r.cells[0]?.t === 'text' ? r.cells[0].v : '')).join('\n');
    expect(report).toContain('平均成本6.2%,目标值为不高于6%,超出0.2%');
    expect(report).toContain('2.平均成本2020年完成6.2%(2020年目标值不高于6%),未完成年度目标,超出0.2%。');
  });
});

describe('overview', () => {
  it('lists carriers side by side and the totals by city and type from the aggregate item', () => {
    const plan = okPlan(simplePlan);
    const v = validateValues(fieldsOfPlan(plan, 2020), { a: '14', cost: '5' }, 'submitted');
    const d = checkDetails({ funds: { received: [{ date: '2020-01', amount: '40', source: '中央' }], disbursed: { sp1: '34' } } }, plan, 2020);
    if (!v.ok || !d.ok) throw new Error('bad');
    const filings = new Map([[2020, { values: v.values, details: d.details }]]);
    const c1 = carrier();
    const summary = summaryOf(v.values, d.details, plan, 2020);
    const totals: ScopedTotals = {};
    for (const s of carrierScopes(c1))
      totals[s] = { reportingBases: 1n, values: Object.fromEntries(Object.entries(summary).map(([k, x]) => [k, BigInt(x)])), means: {} };
    const m = layoutCarrierOverview({ year: 2020, scope: 'all', carriers: [{ carrier: c1, plan, filings }], totals });
    expect(m.fileName).toBe('2020年湖南省双创特色载体绩效情况汇总表.xlsx');
    expect(m.sheets.map((s) => s.name)).toEqual(['载体绩效情况', '按市州汇总', '按类型汇总']);
    const row = m.sheets[0]!.rows.find((r) => r.kind === 'data')!;
    expect(row.cells[9]).toEqual({ t: 'num', v: 0.85, fmt: '0.00%' });
    expect(row.cells[12]).toEqual({ t: 'text', v: '指标甲(差1家)' });
    const hy = m.sheets[1]!.rows.find((r) => r.cells[0]?.t === 'text' && r.cells[0].v === '衡阳市')!;
    expect(hy.cells.slice(1, 8)).toEqual([
      { t: 'num', v: 1, fmt: '0' },
      { t: 'num', v: 40, fmt: '0.00' },
      { t: 'num', v: 34, fmt: '0.00' },
      { t: 'num', v: 0, fmt: '0.00' },
      { t: 'num', v: 2, fmt: '0' },
      { t: 'num', v: 1, fmt: '0' },
      { t: 'num', v: 0.5, fmt: '0.00%' },
    ]);
  });
});
