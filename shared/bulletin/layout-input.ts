// What the bases' bulletin is laid out from (SPEC §6): the input the export use case gathers
// (aggregates, per-base rows, registry, designations, completeness) and the options of the query,
// and the two ways the layout reads totals from it. Kept apart so that every sheet module reads
// the input's types without importing the entry point (layout.ts), which imports the sheets.

import { emptyTotals, isMeanCode, type ScopedTotals, type Totals } from '../aggregation';
import type { Designation } from '../designations';
import { samePeriodLastYear } from '../periods';
import type { Province } from '../province';
import type { BaseRecord } from '../registry';
import { momQuarters } from './mom';

/** One base's counted values for a period (a quarter's filing, or its year contribution). */
export interface BaseRow {
  base: BaseRecord;
  values: Readonly<Record<string, bigint | number>>;
}

export interface CompletenessCounts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
}

/** What computeCompleteness (shared/use-cases/report-completeness.ts) returns for one quarter. */
export interface CompletenessBlock extends CompletenessCounts {
  period: string;
  byCity: ReadonlyArray<CompletenessCounts & { city: string }>;
  byLevel: ReadonlyArray<CompletenessCounts & { level: string }>;
  missingBases: ReadonlyArray<{ baseId: string; name: string; city: string; county: string; level: string; hasDraft: boolean }>;
}

export interface BulletinOptions {
  /**
   * Period compared in 同比对比表. Given, the sheet is always shown; absent (the default: the
   * same period a year earlier), the sheet and its sentences are left out when that period has
   * no comparable data, instead of printing pages of "—".
   */
  compare?: string;
  /** Compare over this cohort (e.g. `第一批`) instead of the bases that filed in both periods. */
  cohort?: string | null;
  /** Bases per ranking (default 5). */
  top?: number;
  /** Below this percentage of expected filers the bulletin warns on its first page (default 90). */
  completenessWarnBelow?: number;
  /** The date of the 落款, e.g. `2021年1月11日` (default: none printed). */
  date?: string;
}

export interface BulletinInput {
  period: string;
  /** `all` | `city:长沙市` | `level:national` | `cohort:第一批` */
  scope: string;
  /** Aggregate items by period; must hold `period`, the 环比 quarters and the compare period. */
  aggregates: Readonly<Record<string, ScopedTotals>>;
  /** Per-base counted values for `period`, bases in scope (ranking, detail, 可比口径). */
  rows: readonly BaseRow[];
  /** Per-base counted values for the compare period, bases in scope. */
  compareRows: readonly BaseRow[];
  /**
   * Per-base counted values of the two 环比 quarters (momQuarters), bases in scope: the 环比 is
   * computed over the bases that filed in both (可比口径). Absent: over the aggregates.
   */
  momRows?: { previous: readonly BaseRow[]; current: readonly BaseRow[] };
  /** Registry bases in scope expected to file (detail sheet lists those without data too). */
  bases?: readonly BaseRecord[];
  /** Every designation of the bases in scope (示范基地认定情况), with the base's name then. */
  designations?: ReadonlyArray<{ baseId: string; name: string; city: string; county: string; designation: Designation }>;
  /** Completeness of the period's quarter(s), already scoped. */
  completeness: readonly CompletenessBlock[];
  options?: BulletinOptions;
  /**
   * The province the bulletin is about (titles, 市州 order, 落款); absent: the deployment's. A
   * national deployment's province bulletin names it (README "National deployment").
   */
  province?: Province;
}

/** Every aggregate period the layout reads. */
export function bulletinPeriods(period: string, compare = samePeriodLastYear(period)): string[] {
  const q = momQuarters(period);
  return [...new Set([period, q.previous, q.current, compare])];
}

/** A scope's aggregate for a period; empty when none was written. */
export const scopedTotals = (agg: Readonly<Record<string, ScopedTotals>>, period: string, scope: string): Totals => agg[period]?.[scope] ?? emptyTotals();

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Sums per-base rows like the aggregator does (means keep sum and count). */
export function sumRows(rows: readonly BaseRow[]): Totals {
  // Each code's sum is kept as a double while it holds a safe integer (below 2^53, where integer
  // addition is exact) and carried into a bigint only when it would leave that range: the same
  // sums as adding bigints, without a bigint per value (a 1,000-base bulletin sums four sets). A
  // bigint value within that range is added as a double too: the rows of a year carry bigints,
  // and adding them as bigints allocated one per addition (≈ 17 MB per 5,000-base bulletin).
  const sums = new Map<string, { small: number; big: bigint; count: number }>();
  for (const r of rows) {
    const values = r.values;
    for (const code in values) {
      const raw = values[code]!;
      const v = typeof raw === 'bigint' && raw <= MAX_SAFE && raw >= -MAX_SAFE ? Number(raw) : raw;
      let acc = sums.get(code);
      if (!acc) sums.set(code, (acc = { small: 0, big: 0n, count: 0 }));
      acc.count++;
      if (typeof v === 'number' && Number.isSafeInteger(v)) {
        const s = acc.small + v;
        if (s <= Number.MAX_SAFE_INTEGER && s >= -Number.MAX_SAFE_INTEGER) acc.small = s;
        else {
          acc.big += BigInt(acc.small) + BigInt(v);
          acc.small = 0;
        }
      } else acc.big += BigInt(v); // a bigint, or a number BigInt rejects as before
    }
  }
  // Codes in order of first appearance, as adding each row's Totals inserted them.
  const t = emptyTotals();
  t.reportingBases = BigInt(rows.length);
  for (const [code, acc] of sums) {
    const sum = acc.big + BigInt(acc.small);
    t.values[code] = sum;
    if (isMeanCode(code)) t.means[code] = { sum, count: BigInt(acc.count) };
  }
  return t;
}
