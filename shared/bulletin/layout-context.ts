// The context every sheet of the bases' bulletin and its text (shared/bulletin/text.ts) read:
// computed once from the input — totals, the 环比 and 同比 comparisons, the rankings, the
// completeness guard — so that a number the text quotes is the one a sheet shows (`facts`).
// Each part is computed in the module of the sheets that show it (comparison-sheets.ts,
// ranking-sheet.ts, completeness-sheets.ts); this module only assembles them.

import type { Totals } from '../aggregation';
import { type ServiceTaxonomy, taxonomyForYear } from '../catalog';
import { samePeriodLastYear, yearOf } from '../periods';
import type { BaseRecord } from '../registry';
import { comparisonOf, momOf } from './comparison-sheets';
import { completenessSummaryOf } from './completeness-sheets';
import { type BulletinInput, scopedTotals } from './layout-input';
import type { CellModel, CompletenessSummary } from './model';
import { momQuarters } from './mom';
import { rankings, staffIncrease } from './ranking-sheet';

export interface RankEntry {
  base: BaseRecord;
  value: number;
  /** 名次: equal values share one (1, 2, 2, 4 …). */
  place: number;
  /** Staff increase only: the compare period's and this period's value. */
  before?: number;
  after?: number;
}

export interface Ranking {
  key: string;
  label: string;
  unit: string;
  fmt: string;
  entries: RankEntry[];
}

export interface Comparison {
  basis: 'cohort' | 'comparable';
  before: Totals;
  after: Totals;
  note: string;
}

export interface Ctx {
  input: BulletinInput;
  period: string;
  scope: string;
  compare: string;
  cohort: string | null;
  top: number;
  taxonomy: ServiceTaxonomy;
  compareTaxonomy: ServiceTaxonomy;
  totals: Totals;
  /** The 环比 quarters' totals over the bases that filed in both (`bases` of them). */
  mom: { previous: string; current: string; before: Totals; after: Totals; bases: number; note: string };
  /** Whether 同比对比表 and its sentences are shown (explicit compare, or data to compare). */
  showYoy: boolean;
  /** Whether 运营情况环比统计表 and its sentences are shown (some base filed both quarters). */
  showMom: boolean;
  completenessSummary: CompletenessSummary;
  comparison: Comparison;
  rankings: Ranking[];
  staffIncrease: Ranking;
  levelCounts: { national: number; provincial: number };
  /** Every value a sheet shows, by key, for the text (which must print what the sheets show). */
  facts: Map<string, CellModel>;
  sheetTitles: string[];
}

export function contextOf(input: BulletinInput): Ctx {
  const { period, scope } = input;
  const compare = input.options?.compare ?? samePeriodLastYear(period);
  const cohort = input.options?.cohort || null;
  const top = input.options?.top ?? 5;
  const q = momQuarters(period);
  const taxonomy = taxonomyForYear(yearOf(period));
  const levelCounts = { national: 0, provincial: 0 };
  for (const r of input.rows) levelCounts[r.base.level]++;
  const comparison = comparisonOf(input, period, compare, cohort);
  const explicitCompare = input.options?.compare !== undefined || cohort !== null;
  const mom = momOf(input, q);
  return {
    input,
    period,
    scope,
    compare,
    cohort,
    top,
    taxonomy,
    compareTaxonomy: taxonomyForYear(yearOf(compare)),
    totals: scopedTotals(input.aggregates, period, scope),
    mom,
    comparison,
    showYoy: explicitCompare || (comparison.before.reportingBases > 0n && comparison.after.reportingBases > 0n),
    showMom: mom.bases > 0,
    completenessSummary: completenessSummaryOf(input),
    rankings: rankings(input, taxonomy, top),
    staffIncrease: staffIncrease(input, top),
    levelCounts,
    facts: new Map(),
    sheetTitles: [],
  };
}
