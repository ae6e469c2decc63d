// Period arithmetic. Bases file quarters (`2020Q3`); a year (`2020`) is a rollup of its quarters.

export type Quarter = 1 | 2 | 3 | 4;

const QUARTER = /^(\d{4})Q([1-4])$/;
const YEAR = /^(\d{4})$/;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export function isQuarter(p: string): boolean {
  const m = QUARTER.exec(p);
  return !!m && inRange(Number(m[1]));
}

export function isYear(p: string): boolean {
  const m = YEAR.exec(p);
  return !!m && inRange(Number(m[1]));
}

export const isPeriod = (p: string): boolean => isQuarter(p) || isYear(p);

const inRange = (y: number) => y >= MIN_YEAR && y <= MAX_YEAR;

export function yearOf(p: string): number {
  return Number(p.slice(0, 4));
}

export function quarterOf(p: string): Quarter {
  const m = QUARTER.exec(p);
  if (!m) throw new Error(`not a quarter: ${p}`);
  return Number(m[2]) as Quarter;
}

export const quarterPeriod = (year: number, q: number): string => `${year}Q${q}`;

export function quartersOfYear(year: number | string): string[] {
  const y = typeof year === 'string' ? yearOf(year) : year;
  return [1, 2, 3, 4].map((q) => quarterPeriod(y, q));
}

export function previousQuarter(p: string): string {
  const y = yearOf(p);
  const q = quarterOf(p);
  return q === 1 ? quarterPeriod(y - 1, 4) : quarterPeriod(y, q - 1);
}

export function nextQuarter(p: string): string {
  const y = yearOf(p);
  const q = quarterOf(p);
  return q === 4 ? quarterPeriod(y + 1, 1) : quarterPeriod(y, q + 1);
}

/** Same period one year earlier: 2020Q3 → 2019Q3, 2020 → 2019. */
export function samePeriodLastYear(p: string): string {
  return isQuarter(p) ? quarterPeriod(yearOf(p) - 1, quarterOf(p)) : String(yearOf(p) - 1);
}

/** Comparable ordering key; quarters sort within their year, a year sorts after its Q4. */
export function periodOrdinal(p: string): number {
  return yearOf(p) * 10 + (isQuarter(p) ? quarterOf(p) : 5);
}

/** Ordinal (periodOrdinal) of the first quarter a period covers: 2020 → 2020Q1, 2020Q3 → itself. */
export const firstQuarterOf = (p: string): number => (isYear(p) ? yearOf(p) * 10 + 1 : periodOrdinal(p));

/** Ordinal of the last quarter a period covers: 2020 → 2020Q4, 2020Q3 → itself. */
export const lastQuarterOf = (p: string): number => (isYear(p) ? yearOf(p) * 10 + 4 : periodOrdinal(p));

/** Whether `p` (a quarter) lies within [from, to]; either bound may be a quarter or a year. */
export function quarterWithin(p: string, from?: string | null, to?: string | null): boolean {
  const o = periodOrdinal(p);
  if (from && o < firstQuarterOf(from)) return false;
  if (to && o > lastQuarterOf(to)) return false;
  return true;
}

const CN_QUARTER = ['一', '二', '三', '四'] as const;

/** `2020Q3` → `2020年三季度`, `2020` → `2020年`. */
export function periodLabel(p: string): string {
  // By form, not range: 1999Q1 (the default comparison of 2000Q1) is still a quarter.
  return QUARTER.test(p) ? `${yearOf(p)}年${CN_QUARTER[quarterOf(p) - 1]}季度` : `${yearOf(p)}年`;
}

/** `三季度` as in the seeds' 环比 column headings. */
export function quarterHeading(p: string): string {
  return `${CN_QUARTER[quarterOf(p) - 1]}季度`;
}
