// The window-platform registry (SPEC §9): who files, in which tier, and which scopes it counts in.

import { z } from 'zod';
import { cityField } from '../province';
import { plainText } from '../registry';
import type { HistoryEntry } from '../registry-history';

export type Tier = 'city' | 'cluster' | 'county';

export const TIERS: readonly Tier[] = ['city', 'cluster', 'county'];

export const TIER_LABELS: Record<Tier, string> = {
  city: '市州综合窗口平台',
  cluster: '产业集群窗口平台',
  county: '县市区综合窗口平台',
};

export const PLATFORM_ID = /^[a-z0-9-]{3,40}$/;

export interface PlatformRecord {
  platformId: string;
  name: string;
  tier: Tier;
  /** One of the configured province's 市州. */
  city: string;
  /** Tier county: the county-level unit it serves (a park platform names the unit it lies in). */
  county: string | null;
  /** An 工业园区 platform (tier county only); parks do not cover a unit. */
  park: boolean;
  /** Tier cluster: the industry cluster, e.g. 芦淞服饰. */
  cluster: string | null;
  builtYear: number;
  /** Built under that year's plan. */
  inPlan: boolean;
  /** A year 'YYYY' or null. */
  activeFrom: string | null;
  activeTo: string | null;
  updatedAt: string;
  /** What city and tier were in force from when (shared/registry-history.ts). */
  history?: HistoryEntry[] | null;
}

const yearField = (label: string) =>
  z
    .string({ error: `${label}应为年份(如 2020)` })
    .regex(/^\d{4}$/, { message: `${label}应为年份(如 2020)` })
    .nullish()
    .transform((v) => v ?? null);

// Built in a /* @__PURE__ */ call: the stream consumers import this module for its facts only, and
// their bundles leave zod out (esbuild drops an unused pure call; 376 KB instead of 778 KB).
export const platformInputSchema = /* @__PURE__ */ (() =>
  z
    .object({
      name: plainText('平台名称', 100),
      tier: z.enum(['city', 'cluster', 'county'], {
        error: '平台类别:应为 city(市州综合窗口平台)、cluster(产业集群窗口平台)或 county(县市区综合窗口平台)',
      }),
      city: cityField('所属市州'),
      county: plainText('所属县市区', 30)
        .nullish()
        .transform((v) => v ?? null),
      park: z.boolean({ error: '工业园区平台:应为 true 或 false' }).default(false),
      cluster: plainText('产业集群', 50)
        .nullish()
        .transform((v) => v ?? null),
      builtYear: z
        .number({ error: '建成年份:应为年份(如 2020)' })
        .int('建成年份:应为整数年份')
        .min(2000, '建成年份:不能早于2000年')
        .max(2100, '建成年份:不能晚于2100年'),
      inPlan: z.boolean({ error: '计划内建设:应为 true 或 false' }).default(false),
      activeFrom: yearField('起始年'),
      activeTo: yearField('终止年'),
      // From when a change of city or tier holds (default: the current year).
      effectiveFrom: yearField('生效年'),
    })
    .strict()
    .superRefine((p, ctx) => {
      if (p.tier === 'county' && !p.county) ctx.addIssue({ code: 'custom', path: ['county'], message: '所属县市区:县市区综合窗口平台必填' });
      if (p.tier !== 'county' && p.county) ctx.addIssue({ code: 'custom', path: ['county'], message: '所属县市区:只有县市区综合窗口平台填写' });
      if (p.tier === 'cluster' && !p.cluster) ctx.addIssue({ code: 'custom', path: ['cluster'], message: '产业集群:产业集群窗口平台必填' });
      if (p.tier !== 'cluster' && p.cluster) ctx.addIssue({ code: 'custom', path: ['cluster'], message: '产业集群:只有产业集群窗口平台填写' });
      if (p.park && p.tier !== 'county') ctx.addIssue({ code: 'custom', path: ['park'], message: '工业园区平台:只能是县市区综合窗口平台' });
      // Same-length 'YYYY' strings compare as years.
      if (p.activeFrom && p.activeTo && p.activeFrom > p.activeTo) ctx.addIssue({ code: 'custom', path: ['activeTo'], message: '起始年不能晚于终止年' });
    }))();

export type PlatformInput = z.infer<typeof platformInputSchema>;

/** Aggregate scopes a platform's filing counts in. */
export function platformScopes(p: Pick<PlatformRecord, 'city' | 'tier'>): string[] {
  return ['all', `city:${p.city}`, `tier:${p.tier}`];
}

/** Whether the platform is expected to file `year`: built by then and within its active years. */
export function platformActiveIn(p: Pick<PlatformRecord, 'builtYear' | 'activeFrom' | 'activeTo'>, year: number): boolean {
  return p.builtYear <= year && (!p.activeFrom || Number(p.activeFrom) <= year) && (!p.activeTo || year <= Number(p.activeTo));
}
