// The context helpers of the form and the review page (issue 19): the change in %, the context
// line beside a field, the periods compared, copying last quarter's stocks.

import { describe, expect, it } from 'vitest';
import { fieldsForPeriod } from '../../shared/catalog';
import { changePct, contextLine, contextPeriods, copyStocks, fmtChange, inFormUnits, stockFields, typedNumber } from '../../web/src/context';
import { reviewFilters } from '../../web/src/views/review';

describe('web context helpers', () => {
  it('change in %: none without both values or from zero; signed with one decimal', () => {
    expect(changePct(110, 100)).toBeCloseTo(10);
    expect(changePct(90, -100)).toBeCloseTo(190);
    expect(changePct(null, 100)).toBeNull();
    expect(changePct(5, 0)).toBeNull();
    expect(fmtChange(12)).toBe('+12.0%');
    expect(fmtChange(-4.04)).toBe('−4.0%');
    expect(fmtChange(0.01)).toBe('0.0%');
    expect(fmtChange(null)).toBe('—');
  });
  it('units: stored integers in form units, typed text as a number', () => {
    expect(inFormUnits(2550, 2)).toBe(25.5);
    expect(inFormUnits(undefined, 2)).toBeNull();
    expect(typedNumber(' 1,200.5 ')).toBe(1200.5);
    expect(typedNumber('')).toBeNull();
    expect(typedNumber('abc')).toBeNull();
  });
  it('compares a quarter with the one before and the same one last year; a year with the year before', () => {
    expect(contextPeriods('2020Q1')).toEqual({ previous: '2019Q4', lastYear: '2019Q1' });
    expect(contextPeriods('2020')).toEqual({ previous: '2019', lastYear: null });
  });
  it('the line beside a field names what there is', () => {
    const employees = { code: 'employees', dp: 0 };
    const ctx = { previous: { period: '2020Q2', values: { employees: 5000 } }, lastYear: { period: '2019Q3', values: { employees: 4000 } } };
    expect(contextLine(employees, 5600, ctx)).toBe('上季度 5,000(+12.0%) · 去年同期 4,000(+40.0%)');
    expect(contextLine(employees, null, { previous: ctx.previous, lastYear: null })).toBe('上季度 5,000(—)');
    expect(contextLine(employees, 1, { previous: null, lastYear: null })).toBeNull();
    expect(contextLine({ code: 'avgRent', dp: 2 }, 27.5, { previous: { period: '2020Q2', values: { avgRent: 2500 } }, lastYear: null })).toBe(
      '上季度 25(+10.0%)',
    );
  });
  it('copies the stock indicators only, leaving the flows as typed', () => {
    const fields = fieldsForPeriod('2020Q3');
    const stocks = stockFields(fields).map((f) => f.code);
    expect(stocks).toContain('buildingArea');
    expect(stocks).not.toContain('enterpriseRevenue');
    const { raw, copied } = copyStocks(fields, { buildingArea: '1', enterpriseRevenue: '9' }, { buildingArea: 520000, avgRent: 2550, enterpriseRevenue: 100 });
    expect(copied.sort()).toEqual(['avgRent', 'buildingArea']);
    expect(raw).toEqual({ buildingArea: '520000', avgRent: '25.5', enterpriseRevenue: '9' });
  });
  it('review filters: a city pre-checks submissions, the province with two levels reviews what passed', () => {
    expect(reviewFilters('city', true)[0]!.statuses).toEqual(['submitted']);
    expect(reviewFilters('admin', true)[0]!.statuses).toEqual(['checked']);
    expect(reviewFilters('admin', false)[0]!.statuses).toEqual(['submitted']);
  });
});
