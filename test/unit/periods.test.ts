import { describe, expect, it } from 'vitest';
import {
  isPeriod,
  isQuarter,
  isYear,
  periodLabel,
  previousQuarter,
  quarterHeading,
  quartersOfYear,
  quarterWithin,
  samePeriodLastYear,
} from '../../shared/periods';

describe('periods', () => {
  it('recognises quarters and years', () => {
    expect(isQuarter('2020Q3')).toBe(true);
    expect(isQuarter('2020Q5')).toBe(false);
    expect(isQuarter('2020q3')).toBe(false);
    expect(isYear('2020')).toBe(true);
    expect(isYear('1999')).toBe(false);
    expect(isPeriod('2020-Q1')).toBe(false);
  });
  it('does quarter arithmetic across year boundaries', () => {
    expect(previousQuarter('2020Q1')).toBe('2019Q4');
    expect(previousQuarter('2020Q4')).toBe('2020Q3');
    expect(samePeriodLastYear('2020Q3')).toBe('2019Q3');
    expect(samePeriodLastYear('2017')).toBe('2016');
    expect(quartersOfYear(2020)).toEqual(['2020Q1', '2020Q2', '2020Q3', '2020Q4']);
  });
  it('checks activity windows given as quarters or years', () => {
    expect(quarterWithin('2020Q2', '2020', '2020')).toBe(true);
    expect(quarterWithin('2019Q4', '2020Q1', null)).toBe(false);
    expect(quarterWithin('2021Q1', null, '2020')).toBe(false);
    expect(quarterWithin('2021Q1', null, null)).toBe(true);
  });
  it('labels periods as the bulletins do', () => {
    expect(periodLabel('2020Q3')).toBe('2020年三季度');
    expect(periodLabel('2020')).toBe('2020年');
    expect(quarterHeading('2020Q4')).toBe('四季度');
  });
});
