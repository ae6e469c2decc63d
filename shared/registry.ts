// The base registry (SPEC §2): who is expected to file, and which scopes a base counts in.

import { z } from 'zod';
import type { Level } from './aggregation';
import type { Designation } from './designations';
import { firstQuarterOf, isPeriod, lastQuarterOf, quarterWithin } from './periods';
import { cityField } from './province';
import type { HistoryEntry } from './registry-history';

// The 市州 are the configured province's (shared/province.ts); Hunan's list stays importable.
export { HUNAN_CITIES } from './province';

export const LEVEL_LABELS: Record<Level, string> = { national: '国家级', provincial: '省级' };

export interface BaseRecord {
  baseId: string;
  name: string;
  city: string;
  county: string;
  level: Level;
  cohort?: string | null;
  /**
   * The base's province (shared/provinces-cn.ts). Absent: the deployment's (PROVINCE), so every
   * item written before stays as it was. A national deployment (PROVINCE=全国) requires it.
   */
  province?: string | null;
  activeFrom?: string | null;
  activeTo?: string | null;
  updatedAt: string;
  /** What city, county, level and cohort were in force from when (shared/registry-history.ts). */
  history?: HistoryEntry[] | null;
  /** Designations by `<year>-<level>` (shared/designations.ts). */
  designations?: Record<string, Designation> | null;
}

export const BASE_ID = /^[a-z0-9-]{3,40}$/;

const periodField = (label: string) =>
  z
    .string({ error: `${label}应为季度(如 2020Q1)或年份(如 2020)` })
    .refine(isPeriod, { message: `${label}应为季度(如 2020Q1)或年份(如 2020)` })
    .nullish();

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Plain printable text: no control or bidi-override characters, no broken UTF-16. */
export const plainText = (label: string, max: number, min = 1) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `${label}:必填` : `${label}:应为文本`) })
    .trim()
    .min(min, `${label}:必填`)
    .max(max, `${label}:最多${max}个字`)
    .refine((s) => !CONTROL.test(s) && !LONE_SURROGATE.test(s), { message: `${label}:含有不可见或无效字符` });

const text = plainText;

// Built in a /* @__PURE__ */ call: the stream consumers import this module for its facts only, and
// their bundles leave zod out (esbuild drops an unused pure call; 376 KB instead of 778 KB).
export const baseInputSchema = /* @__PURE__ */ (() =>
  z
    .object({
      name: text('基地名称', 100),
      city: cityField('所属市州'),
      county: text('所属县市区', 50),
      level: z.enum(['national', 'provincial'], { error: '基地级别:应为 national(国家级)或 provincial(省级)' }),
      cohort: text('批次', 30).nullish(),
      province: text('所属省份', 20).nullish(),
      activeFrom: periodField('起始期'),
      activeTo: periodField('终止期'),
      // From when a change of city, county, level or cohort holds (default: the current quarter).
      effectiveFrom: periodField('生效期'),
    })
    .strict()
    // Compared as quarters: activeFrom 2020Q4 with activeTo 2020 (through 2020Q4) is a valid range.
    .refine((b) => !b.activeFrom || !b.activeTo || firstQuarterOf(b.activeFrom) <= lastQuarterOf(b.activeTo), {
      message: '起始期不能晚于终止期',
      path: ['activeTo'],
    }))();

export type BaseInput = z.infer<typeof baseInputSchema>;

/** Whether the base is expected to file `quarter`. */
export const isActiveIn = (b: Pick<BaseRecord, 'activeFrom' | 'activeTo'>, quarter: string): boolean => quarterWithin(quarter, b.activeFrom, b.activeTo);
