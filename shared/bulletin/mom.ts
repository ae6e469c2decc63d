// The two quarters of the 环比 (quarter-on-quarter) sheet and their column headings.

import { isQuarter, periodLabel, previousQuarter, quarterHeading, quarterPeriod, yearOf } from '../periods';

/** A year's last two quarters, or a quarter and the one before it. */
export function momQuarters(period: string): { previous: string; current: string } {
  return isQuarter(period)
    ? { previous: previousQuarter(period), current: period }
    : { previous: quarterPeriod(yearOf(period), 3), current: quarterPeriod(yearOf(period), 4) };
}

/** `三季度` | `四季度` as in the seed, or `2019年四季度` when the previous quarter is in another year. */
export function momHeadings(period: string): { previous: string; current: string } {
  const q = momQuarters(period);
  const sameYear = yearOf(q.previous) === yearOf(q.current);
  return { previous: sameYear ? quarterHeading(q.previous) : periodLabel(q.previous), current: quarterHeading(q.current) };
}
