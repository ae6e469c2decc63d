// The featured-carrier pages' pure parts (web/src/carriers.ts): exact rates and money from the
// integers, the plan editor's rows ↔ the PUT body with the server's own checks, the details rows
// ↔ the write body (blank batches dropped, their indices mapped back), the indicator table's
// columns and verdicts, error keys to the nearest slot, scopes.

import { describe, expect, it } from 'vitest';
import { type CarrierPlan, checkPlan, type StoredPlan } from '../../shared/carriers/plan';
import {
  carrierScopeChoices,
  carrierScopeLabel,
  checkDetailsRows,
  checkPlanRows,
  type DetailsRows,
  detailsToRows,
  emptyIndicatorRow,
  indicatorColumns,
  mapBatchKey,
  nearestKey,
  nextYearColumn,
  percentExact,
  planToRows,
  rowsToDetails,
  rowsToPlan,
  sumWan,
  verdictOf,
  wan2,
} from '../../web/src/carriers';
import { CARRIERS } from '../../web/src/programs';
import { carrierTotalsRows } from '../../web/src/views/carrier-reports';

const TYPED: CarrierPlan = {
  indicators: [
    {
      code: 'capitalServices',
      name: '合作的资本服务机构',
      unit: '个',
      decimals: 0,
      better: 'higher',
      baseline: { year: 2019, value: '12' },
      targets: { '2020': '20', '2021': '28' },
    },
    { code: 'cost', name: '平均融资成本', unit: '%', decimals: 1, better: 'lower', baseline: { year: 2019, value: '6.5' }, targets: { '2020': '6.0' } },
  ],
  subProjects: [
    { code: 'sp1', name: '融通服务平台', content: '平台建设', plannedInvestment: '3000', plannedFund: { subsidy: '2000', reward: '500', purchase: '0' } },
  ],
};
const PLAN: StoredPlan = (() => {
  const r = checkPlan(TYPED);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.plan;
})();

describe('exact figures', () => {
  it('拨付率 from the integers, rounded half up, never through a float', () => {
    expect(percentExact(34_000_000n, 40_000_000n)).toBe('85.00%');
    expect(percentExact(23_800_000, 25_000_000)).toBe('95.20%');
    expect(percentExact(1n, 3n)).toBe('33.33%');
    expect(percentExact(2n, 3n)).toBe('66.67%');
    expect(percentExact(1n, 8n, 1)).toBe('12.5%');
    expect(percentExact(1n, 16n, 1)).toBe('6.3%');
    expect(percentExact(0n, 5n)).toBe('0.00%');
    expect(percentExact(5n, 0n)).toBeNull();
    // 0.29 × 100 is 28.999999999999996 in binary floating point; on integers it is exact.
    expect(percentExact(29n, 100n, 0)).toBe('29%');
    // Beyond 2^53 as well.
    expect(percentExact(9_007_199_254_740_993n, 9_007_199_254_740_993n * 2n)).toBe('50.00%');
  });

  it('万元 with 2 decimals from 元 and exact sums of typed amounts', () => {
    expect(wan2(25_000_000)).toBe('2500.00');
    expect(wan2(445_000)).toBe('44.50');
    expect(wan2(1)).toBe('0.00');
    expect(wan2(50)).toBe('0.01');
    expect(sumWan(['2500', '1000.5', '', '0.0001'])).toBe('3500.5001');
    expect(sumWan(['1', 'abc'])).toBeNull();
    expect(sumWan(['0.1', '0.2'])).toBe('0.3');
  });

  it('the totals rows: money, 拨付率 and 完成指标 ÷ 考核指标 from the aggregate item', () => {
    const rows = carrierTotalsRows({
      'sum.fundsReceived': 40_000_000n,
      'sum.fundsDisbursed': 34_000_000n,
      'sum.investment': 445_000n,
      'sum.indicatorsJudged': 3n,
      'sum.indicatorsMet': 1n,
    });
    expect(Object.fromEntries(rows.map((r) => [r.code, r.value]))).toEqual({
      'sum.fundsReceived': '4,000.00',
      'sum.fundsDisbursed': '3,400.00',
      disbursementRate: '85.00%',
      'sum.investment': '44.50',
      'sum.indicatorsJudged': '3',
      'sum.indicatorsMet': '1',
      metRate: '33.33%',
    });
    expect(carrierTotalsRows({}).find((r) => r.code === 'disbursementRate')!.value).toBe('—');
  });
});

describe('the plan editor', () => {
  it('round-trips the typed plan; year columns cover every target', () => {
    const rows = planToRows(TYPED);
    expect(rows.years).toEqual(['2020', '2021']);
    expect(rows.indicators[1]).toMatchObject({ decimals: '1', better: 'lower', baselineYear: '2019', baselineValue: '6.5' });
    expect(rowsToPlan(rows)).toEqual(TYPED);
    expect(checkPlanRows(rows)).toEqual({});
  });

  it('leaves blank targets out, trims, and sends blank money as 0', () => {
    const rows = planToRows(TYPED);
    rows.indicators[0]!.targets['2021'] = '  ';
    rows.indicators[0]!.name = ' 合作的资本服务机构\u3000';
    rows.subProjects[0]!.purchase = '';
    const plan = rowsToPlan(rows);
    expect(plan.indicators[0]!.targets).toEqual({ '2020': '20' });
    expect(plan.indicators[0]!.name).toBe('合作的资本服务机构');
    expect(plan.subProjects[0]!.plannedFund.purchase).toBe('0');
  });

  it('reports the server’s messages keyed by cell', () => {
    const rows = planToRows(TYPED);
    rows.indicators[1]!.targets['2021'] = '5.25';
    rows.indicators[0]!.decimals = 'x';
    rows.indicators.push({ ...emptyIndicatorRow('2019'), code: 'capitalServices', name: '另一个', unit: '个', baselineValue: '1' });
    const errors = checkPlanRows(rows);
    expect(errors['indicators.1.targets.2021']).toMatch(/平均融资成本.*2021年目标值:最多保留1位小数/);
    expect(errors['indicators.0.decimals']).toMatch(/小数位数应为0至4的整数/);
    expect(errors['indicators.2.code']).toMatch(/指标代码「capitalServices」重复/);
  });

  it('adds the year after the last column, else after the latest baseline', () => {
    const rows = planToRows(null);
    expect(rows.years).toEqual([]);
    rows.indicators.push(emptyIndicatorRow('2019'), emptyIndicatorRow('2020'));
    expect(nextYearColumn(rows, 2030)).toBe('2021');
    rows.indicators.length = 0;
    expect(nextYearColumn(rows, 2030)).toBe('2031');
    expect(nextYearColumn(planToRows(TYPED), 2000)).toBe('2022');
  });
});

describe('the yearly form’s details', () => {
  const rows = (): DetailsRows => ({
    received: [
      { date: '2020-07', amount: '2500', source: '中央财政中小企业发展专项资金' },
      { date: '', amount: '', source: '' },
      { date: '2020-13', amount: '1000', source: '省级配套' },
    ],
    disbursed: { sp1: '2380' },
    investment: { sp1: ' 44.5 ' },
    progress: { sp1: '平台已上线' },
    problems: '问题',
    nextSteps: '',
    suggestions: '',
    experience: '',
  });

  it('drops blank batch rows and amounts; maps the server’s batch indices back to the rows shown', () => {
    const body = rowsToDetails(rows()) as { funds: { received: unknown[]; disbursed: unknown }; investment: unknown };
    expect(body.funds.received).toHaveLength(2);
    expect(body.investment).toEqual({ sp1: '44.5' });
    expect(mapBatchKey('funds.received.1.date', rows())).toBe('funds.received.2.date');
    expect(mapBatchKey('funds.received.0', rows())).toBe('funds.received.0');
    expect(mapBatchKey('funds.disbursed', rows())).toBe('funds.disbursed');
  });

  it('checks with the server’s rules: the bad month is the third row’s; unknown sub-projects named', () => {
    const r = rows();
    r.disbursed.sp9 = '1';
    const errors = checkDetailsRows(r, PLAN, 2020);
    expect(Object.keys(errors).sort()).toEqual(['funds.disbursed.sp9', 'funds.received.2.date']);
    expect(errors['funds.disbursed.sp9']).toMatch(/计划中没有代码为「sp9」的子项目/);
    const ok = rows();
    ok.received[2]!.date = '2020-12';
    expect(checkDetailsRows(ok, PLAN, 2020)).toEqual({});
    // Each year files the funds received in that year.
    expect(checkDetailsRows(ok, PLAN, 2021)['funds.received.0.date']).toMatch(/不在2021年内/);
  });

  it('shows stored details (元) as typed 万元', () => {
    const shown = detailsToRows({
      funds: { received: [{ date: '2019-07', amount: 25_000_000, source: '中央' }], disbursed: { sp1: 23_800_000 } },
      investment: { sp1: 445_000 },
      progress: {},
      problems: 'p',
      nextSteps: '',
      suggestions: '',
      experience: '',
    });
    expect(shown.received).toEqual([{ date: '2019-07', amount: '2500', source: '中央' }]);
    expect(shown.disbursed).toEqual({ sp1: '2380' });
    expect(shown.investment).toEqual({ sp1: '44.5' });
    expect(detailsToRows(null).received).toEqual([]);
  });

  it('finds the nearest error slot of a key', () => {
    const has = (k: string) => ['funds.received', 'funds.received.0.amount', 'funds.disbursed'].includes(k);
    expect(nearestKey('funds.received.0.amount', has)).toBe('funds.received.0.amount');
    expect(nearestKey('funds.received.0.bogus', has)).toBe('funds.received');
    expect(nearestKey('funds.disbursed', has)).toBe('funds.disbursed');
    expect(nearestKey('capitalServices', has)).toBeNull();
  });
});

describe('the indicator table', () => {
  it('baseline, last year (its filing, else the baseline of that year) and this year’s target', () => {
    expect(indicatorColumns(PLAN, 'capitalServices', 2020, null)).toEqual({ baseline: '12(2019年)', lastYear: '12', target: '20' });
    expect(indicatorColumns(PLAN, 'capitalServices', 2021, { capitalServices: 17 })).toEqual({ baseline: '12(2019年)', lastYear: '17', target: '28' });
    expect(indicatorColumns(PLAN, 'capitalServices', 2021, null)!.lastYear).toBe('—');
    expect(indicatorColumns(PLAN, 'cost', 2021, { cost: 62 })).toEqual({ baseline: '6.5(2019年)', lastYear: '6.2', target: '无目标' });
    expect(indicatorColumns(PLAN, 'nope', 2020, null)).toBeNull();
  });

  it('judges by direction: higher is better, lower is better the other way round', () => {
    expect(verdictOf(PLAN, 'capitalServices', 2020, '17')).toBe('未完成');
    expect(verdictOf(PLAN, 'capitalServices', 2020, '20')).toBe('完成');
    expect(verdictOf(PLAN, 'cost', 2020, '5.9')).toBe('完成');
    expect(verdictOf(PLAN, 'cost', 2020, '6.1')).toBe('未完成');
    expect(verdictOf(PLAN, 'cost', 2021, '1')).toBe('无目标');
    expect(verdictOf(PLAN, 'cost', 2020, '6.15')).toBeNull();
  });
});

describe('scopes and the program descriptor', () => {
  it('admin: province, cities, types; city: its own', () => {
    const all = carrierScopeChoices({ role: 'admin' });
    expect(all[0]).toEqual({ value: 'all', label: '全省' });
    expect(all.slice(-4).map((s) => s.value)).toEqual(['type:integration', 'type:capital', 'type:tech', 'type:talent']);
    expect(carrierScopeChoices({ role: 'city', city: '衡阳市' })).toEqual([{ value: 'city:衡阳市', label: '衡阳市' }]);
    expect(carrierScopeLabel('type:capital')).toBe('专业资本集聚型');
    expect(carrierScopeLabel('city:衡阳市')).toBe('衡阳市');
  });

  it('routes a carrier’s pages and its own catalog', () => {
    expect(CARRIERS.formHash('hy-gaoxin', '2020')).toBe('#/carrier-filing/hy-gaoxin/2020');
    expect(CARRIERS.viewHash('hy-gaoxin', '2020')).toBe('#/carrier-view/hy-gaoxin/2020');
    expect(CARRIERS.catalogQuery('hy-gaoxin')).toBe('?program=carriers&carrierId=hy-gaoxin');
    expect(CARRIERS.draftKey('hy-gaoxin')).toBe('carriers:hy-gaoxin');
    expect(CARRIERS.template).toBe(false);
  });
});
