// 趋势 (issue 19): the pure series, scaling, labels and gap logic of web/src/trend.ts.

import { describe, expect, it } from 'vitest';
import { fieldsForPeriod, INDICATOR_BY_CODE } from '../../shared/catalog';
import {
  aggregateValue,
  filingValue,
  NO_DATA,
  niceStep,
  parseTrendScope,
  shortQuarter,
  trendChart,
  trendFields,
  trendHash,
  trendQuarters,
  yScale,
} from '../../web/src/trend';

const residents = INDICATOR_BY_CODE.get('residentEnterprises')!; // 家, dp 0
const revenue = INDICATOR_BY_CODE.get('enterpriseRevenue')!; // 万元, stored in 元 (dp 4)
const rent = INDICATOR_BY_CODE.get('avgRent')!; // mean, 元/平方米/月 in 分 (dp 2)
const profit = INDICATOR_BY_CODE.get('enterpriseProfit')!; // may be negative

describe('trend quarters and fields', () => {
  it('scheduled quarters oldest first, once each, without years or quarters not yet opened', () => {
    const now = Date.parse('2021-01-01T00:00:00Z');
    const s = [
      { period: '2020Q3', opensAt: '2020-10-01T00:00:00+08:00' },
      { period: '2016Q1', opensAt: '2016-04-01T00:00:00+08:00' },
      { period: '2020Q3', opensAt: '2020-10-01T00:00:00+08:00' },
      { period: '2020', opensAt: '2020-01-01T00:00:00+08:00' },
      { period: '2020Q4', opensAt: '2021-01-10T00:00:00+08:00' },
    ];
    expect(trendQuarters(s, now)).toEqual(['2016Q1', '2020Q3']);
  });
  it('offers the newest catalog first, then fields only older quarters carried', () => {
    const f = trendFields(['2019Q4', '2020Q1'], fieldsForPeriod).map((x) => x.code);
    expect(f.slice(0, 3)).toEqual(['buildingArea', 'selfOwnedArea', 'standardFactoryArea']);
    expect(f.indexOf('service.startup.sessions')).toBeLessThan(f.indexOf('service.mentoring.sessions'));
    expect(new Set(f).size).toBe(f.length);
  });
  it('scopes: the province, a city, a base; a link keeps only those', () => {
    expect(parseTrendScope('all')).toEqual({ kind: 'all' });
    expect(parseTrendScope('city:长沙市')).toEqual({ kind: 'city', city: '长沙市' });
    expect(parseTrendScope('base:HN001')).toEqual({ kind: 'base', baseId: 'HN001' });
    expect(parseTrendScope('level:national')).toBeNull();
    expect(parseTrendScope('city:')).toBeNull();
    expect(trendHash('level:national')).toBe('#/trend');
    expect(trendHash('base:HN 1', 'employees')).toBe('#/trend?scope=base%3AHN+1&field=employees');
  });
});

describe('trend values: gaps, not zeros', () => {
  it('an aggregate with no reporting base, or a field the quarter did not carry, is a gap', () => {
    expect(aggregateValue(residents, { reportingBases: 0, values: { residentEnterprises: 0 } })).toBeNull();
    expect(aggregateValue(residents, null)).toBeNull();
    expect(aggregateValue(residents, { reportingBases: 3, values: { residentEnterprises: 0 } })).toBe(0n);
    expect(aggregateValue(residents, { reportingBases: 3n, values: { residentEnterprises: 120n } }, false)).toBeNull();
    expect(aggregateValue(residents, { reportingBases: 3, values: {} })).toBeNull();
  });
  it('a mean field is the mean over the bases that filed it, rounded half away from zero', () => {
    expect(aggregateValue(rent, { reportingBases: 2, values: {}, means: { avgRent: { sum: 3001, count: 2 } } })).toBe(1501n);
    expect(aggregateValue(rent, { reportingBases: 2, values: {}, means: { avgRent: { sum: 0, count: 0 } } })).toBeNull();
    expect(aggregateValue(profit, { reportingBases: 2, values: { enterpriseProfit: -5 } })).toBe(-5n);
  });
  it("a base's value: its counted filing, none without one", () => {
    expect(filingValue(residents, null)).toBeNull();
    expect(filingValue(residents, { employees: 3 })).toBeNull();
    expect(filingValue(residents, { residentEnterprises: 0 })).toBe(0n);
  });
});

describe('trend scaling', () => {
  it('nice steps of 1, 2 or 5 × 10^k base units, never below one unit', () => {
    expect(niceStep(100)).toBe(50);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(0)).toBe(1);
    expect(niceStep(1)).toBe(1);
    expect(niceStep(36_000_000)).toBe(10_000_000);
  });
  it('y runs from 0 up to a tick at or above the max; down below 0 for negative values', () => {
    expect(yScale([10n, 95n])).toEqual({ min: 0, max: 100, step: 50, ticks: [0, 50, 100] });
    expect(yScale([])).toMatchObject({ min: 0, max: 1 });
    expect(yScale([0n, 0n])).toMatchObject({ min: 0, max: 1 });
    const neg = yScale([-30n, 70n]);
    expect(neg.min).toBeLessThanOrEqual(-30);
    expect(neg.max).toBeGreaterThanOrEqual(70);
    expect(neg.ticks).toContain(0);
  });
});

describe('trend chart', () => {
  const series = [
    { period: '2020Q1', value: 100_000_000n }, // 10,000 万元
    { period: '2020Q2', value: 150_000_000n },
    { period: '2020Q3', value: null },
    { period: '2020Q4', value: 200_000_000n },
    { period: '2021Q1', value: 250_000_000n },
  ];
  const c = trendChart(revenue, series, { scopeLabel: '全省' });

  it('x over the quarters in order, evenly; y scaled to the max (top of the plot at the max tick)', () => {
    expect(c.xTicks.map((t) => t.x)).toEqual([84, 238, 392, 546, 700]);
    expect(c.points.map((p) => p.period)).toEqual(['2020Q1', '2020Q2', '2020Q4', '2021Q1']);
    const maxTick = c.yTicks.at(-1)!;
    expect(maxTick.y).toBe(c.plot.top);
    expect(c.yTicks[0]!.y).toBe(c.plot.bottom);
    expect(c.yTicks[0]!.text).toBe('0');
    // 25,000 万元 of a 30,000 万元 axis: 5/6 of the plot's height up.
    expect(maxTick.text).toBe('30,000');
    expect(c.points.at(-1)!.cy).toBeCloseTo(c.plot.bottom - (5 / 6) * (c.plot.bottom - c.plot.top), 0);
  });
  it('a missing quarter breaks the line: two runs, no point, a gap', () => {
    expect(c.lines).toEqual(['84,' + c.points[0]!.cy + ' 238,' + c.points[1]!.cy, '546,' + c.points[2]!.cy + ' 700,' + c.points[3]!.cy]);
    expect(c.gaps).toEqual(['2020Q3']);
    expect(c.rows[2]).toEqual({ period: '2020Q3', label: '2020年三季度', text: NO_DATA });
  });
  it('a lone value between gaps is a point without a line', () => {
    const lone = trendChart(residents, [
      { period: '2020Q1', value: null },
      { period: '2020Q2', value: 5n },
      { period: '2020Q3', value: null },
    ]);
    expect(lone.lines).toEqual([]);
    expect(lone.points).toHaveLength(1);
  });
  it('values and tooltips in the form unit (formatDecimal), with the quarter', () => {
    expect(c.points[0]!.text).toBe('10,000');
    expect(c.points[0]!.title).toBe('2020年一季度:10,000 万元');
    const r = trendChart(rent, [{ period: '2020Q1', value: 2550n }]);
    expect(r.points[0]!.text).toBe('25.5');
    expect(r.rows[0]!.text).toBe('25.5');
    expect(r.yTitle).toBe('单位:元/平方米/月');
    // One quarter: centred.
    expect(r.points[0]!.cx).toBe((r.plot.left + r.plot.right) / 2);
  });
  it('the summary: first and last value, the change in %, the quarters without data', () => {
    expect(c.summary).toBe('全省入驻企业营业收入(万元)趋势图,4个季度有数据,2020年一季度 10,000,2021年一季度 25,000,变化+150.0%,1个季度无数据');
    expect(trendChart(residents, [{ period: '2020Q1', value: null }]).summary).toBe('入驻企业户数(家)趋势图:所选各季度均无数据');
    const fromZero = trendChart(residents, [
      { period: '2020Q1', value: 0n },
      { period: '2020Q2', value: 4n },
    ]);
    expect(fromZero.summary).toContain('变化幅度无法计算');
  });
  it('axis labels: every quarter when few, else each year at its first quarter', () => {
    expect(c.xTicks.map((t) => t.text)).toEqual(['20Q1', '20Q2', '20Q3', '20Q4', '21Q1']);
    expect(shortQuarter('2016Q1')).toBe('16Q1');
    const long = Array.from({ length: 20 }, (_, i) => ({ period: `${2016 + Math.floor(i / 4)}Q${(i % 4) + 1}`, value: BigInt(i) }));
    const texts = trendChart(residents, long).xTicks.map((t) => t.text);
    expect(texts.filter(Boolean)).toEqual(['2016', '2017', '2018', '2019', '2020']);
    expect(texts[4]).toBe('2017');
  });
});
