// The featured-carrier registry (SPEC §10, seed 002): who files, of which type, and which scopes
// a carrier's filing counts in. Pure data and functions, like shared/platforms/registry.ts.

import { z } from 'zod';
import { cityField } from '../province';
import { plainText } from '../registry';

export type CarrierType = 'integration' | 'capital' | 'tech' | 'talent';

export const CARRIER_TYPES: readonly CarrierType[] = ['integration', 'capital', 'tech', 'talent'];

export const CARRIER_TYPE_LABELS: Record<CarrierType, string> = {
  integration: '大中小企业融通型',
  capital: '专业资本集聚型',
  tech: '科技资源支撑型',
  talent: '高端人才引领型',
};

export const CARRIER_ID = /^[a-z0-9-]{3,40}$/;

export interface CarrierRecord {
  carrierId: string;
  /** e.g. 衡阳高新区大中小企业融通型载体 (the self-assessment is titled `${name}项目自评估报告`). */
  name: string;
  type: CarrierType;
  /** One of the configured province's 市州. */
  city: string;
  /** The park or zone it is built in, e.g. 衡阳高新区. */
  zone: string;
  /** Month approved, 'YYYY-MM'. */
  approvedAt: string;
  /** A year 'YYYY' or null. */
  activeFrom: string | null;
  activeTo: string | null;
  updatedAt: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const yearField = (label: string) =>
  z
    .string({ error: `${label}应为年份(如 2020)` })
    .regex(/^\d{4}$/, { message: `${label}应为年份(如 2020)` })
    .nullish()
    .transform((v) => v ?? null);

// Built in a /* @__PURE__ */ call: the stream consumers import this module for its facts only, and
// their bundles leave zod out (esbuild drops an unused pure call; 376 KB instead of 778 KB).
export const carrierInputSchema = /* @__PURE__ */ (() =>
  z
    .object({
      name: plainText('载体名称', 100),
      type: z.enum(['integration', 'capital', 'tech', 'talent'], {
        error: '载体类型:应为 integration(大中小企业融通型)、capital(专业资本集聚型)、tech(科技资源支撑型)或 talent(高端人才引领型)',
      }),
      city: cityField('所属市州'),
      zone: plainText('所在园区', 50),
      approvedAt: z
        .string({ error: '获批时间:应为年月(如 2019-06)' })
        .regex(MONTH, { message: '获批时间:应为年月(如 2019-06)' })
        .refine((m) => Number(m.slice(0, 4)) >= 2000 && Number(m.slice(0, 4)) <= 2100, { message: '获批时间:年份应在2000至2100年之间' }),
      activeFrom: yearField('起始年'),
      activeTo: yearField('终止年'),
    })
    .strict()
    .superRefine((c, ctx) => {
      if (c.activeFrom && c.activeTo && c.activeFrom > c.activeTo) ctx.addIssue({ code: 'custom', path: ['activeTo'], message: '起始年不能晚于终止年' });
      if (c.activeTo && c.activeTo < c.approvedAt.slice(0, 4)) ctx.addIssue({ code: 'custom', path: ['activeTo'], message: '终止年不能早于获批年份' });
    }))();

export type CarrierInput = z.infer<typeof carrierInputSchema>;

/** Aggregate scopes a carrier's filing counts in. */
export function carrierScopes(c: Pick<CarrierRecord, 'city' | 'type'>): string[] {
  return ['all', `city:${c.city}`, `type:${c.type}`];
}

/** The year a carrier was approved ('2019-06' → 2019). */
export const approvedYear = (c: Pick<CarrierRecord, 'approvedAt'>): number => Number(c.approvedAt.slice(0, 4));

/** Whether the carrier is expected to file `year`: approved by then and within its active years. */
export function carrierActiveIn(c: Pick<CarrierRecord, 'approvedAt' | 'activeFrom' | 'activeTo'>, year: number): boolean {
  return approvedYear(c) <= year && (!c.activeFrom || Number(c.activeFrom) <= year) && (!c.activeTo || year <= Number(c.activeTo));
}
