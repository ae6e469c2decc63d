// Demonstration-base designations (SPEC §11, seed 004): a province recommends bases, the
// ministry (国家级) or the province (省级) designates them year by year. A designation is an
// event on the base, not a filing: it is kept on the base's registry item (so a change streams
// to the aggregator like any registry change) and a base's level in a period is derived from the
// designations in force then — national over provincial — else its registry level. Pure.

import { z } from 'zod';
import { yearOf } from './periods';
import { plainText } from './registry';

export type DesignationLevel = 'national' | 'provincial';
export type DesignationStatus = 'recommended' | 'designated' | 'not-designated' | 'revoked';

export const DESIGNATION_STATUS_LABELS: Record<DesignationStatus, string> = {
  recommended: '已推荐',
  designated: '已认定',
  'not-designated': '未获认定',
  revoked: '已撤销',
};

export interface Designation {
  year: number;
  level: DesignationLevel;
  status: DesignationStatus;
  /** 文号, e.g. 工信部企业函〔2021〕xx号 */
  document: string | null;
  /** Who recommended it (e.g. 四川省经济和信息化厅). */
  recommendedBy: string | null;
  /** A revoked designation is in force in the years before this one. */
  revokedFrom: number | null;
  updatedAt: string;
}

/** A row of GET /api/designations: a designation with its base. */
export interface DesignationListItem extends Designation {
  baseId: string;
  name: string;
  city: string;
  county: string;
}

/** `2021-national` → year and level. */
export const DESIGNATION_KEY = /^(\d{4})-(national|provincial)$/;
export const designationKey = (year: number, level: DesignationLevel) => `${year}-${level}`;

// Built in a /* @__PURE__ */ call: the stream consumers import this module for its facts only, and
// their bundles leave zod out (esbuild drops an unused pure call; 376 KB instead of 778 KB).
export const designationInputSchema = /* @__PURE__ */ (() =>
  z
    .object({
      status: z.enum(['recommended', 'designated', 'not-designated', 'revoked'], {
        error: 'status 应为 recommended(已推荐)、designated(已认定)、not-designated(未获认定)或 revoked(已撤销)',
      }),
      document: plainText('文号', 100).nullish(),
      recommendedBy: plainText('推荐单位', 100).nullish(),
      revokedFrom: z.number({ error: '撤销年份应为年份,如 2023' }).int('撤销年份应为年份,如 2023').min(2000).max(2100).nullish(),
    })
    .strict())();

export type DesignationInput = z.infer<typeof designationInputSchema>;

/** Whether a designation counts in `period` (designated that year or before; a revocation ends it). */
export function inForce(d: Designation, period: string): boolean {
  const y = yearOf(period);
  if (d.year > y) return false;
  if (d.status === 'designated') return true;
  return d.status === 'revoked' && d.revokedFrom !== null && y < d.revokedFrom;
}

/** The level the designations give a base in `period`, or null (then its registry level holds). */
export function designatedLevel(designations: Readonly<Record<string, Designation>> | null | undefined, period: string): DesignationLevel | null {
  const held = Object.values(designations ?? {}).filter((d) => inForce(d, period));
  if (held.some((d) => d.level === 'national')) return 'national';
  if (held.some((d) => d.level === 'provincial')) return 'provincial';
  return null;
}

/** A designation ever reached the ministry's or province's list (designated, even if later revoked). */
const wasDesignated = (d: Designation) => d.status === 'designated' || d.status === 'revoked';

export interface DesignationSummaryRow {
  year: number;
  level: DesignationLevel;
  recommended: number;
  designated: number;
  /** designated ÷ recommended; null when nothing was recommended. */
  successRate: number | null;
  /** 家(次): designations up to this year (a base designated twice counts twice). */
  cumulativeTimes: number;
  /** Distinct bases designated up to this year. */
  cumulativeBases: number;
}

/** Per year and level: recommended, designated, success rate, and the cumulative 家(次) and bases. */
export function summarizeDesignations(all: ReadonlyArray<{ baseId: string; designation: Designation }>): DesignationSummaryRow[] {
  const years = [...new Set(all.map((x) => x.designation.year))].sort((a, b) => a - b);
  const out: DesignationSummaryRow[] = [];
  for (const level of ['national', 'provincial'] as const) {
    const ofLevel = all.filter((x) => x.designation.level === level);
    for (const year of years) {
      const thisYear = ofLevel.filter((x) => x.designation.year === year);
      const upTo = ofLevel.filter((x) => x.designation.year <= year && wasDesignated(x.designation));
      // Every record of a year was put forward, whatever became of it.
      const recommended = thisYear.length;
      const designated = thisYear.filter((x) => wasDesignated(x.designation)).length;
      out.push({
        year,
        level,
        recommended,
        designated,
        successRate: recommended ? designated / recommended : null,
        cumulativeTimes: upTo.length,
        cumulativeBases: new Set(upTo.map((x) => x.baseId)).size,
      });
    }
  }
  return out;
}
