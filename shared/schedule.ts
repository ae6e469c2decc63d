// Period schedules (SPEC §2): before opensAt and after closesAt only an admin may write; a first
// submission after dueAt is late.

import { z } from 'zod';

export interface PeriodSchedule {
  period: string;
  opensAt: string;
  dueAt: string;
  closesAt: string;
  updatedAt: string;
  updatedBy: string;
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

/**
 * An ISO 8601 date or date-time that names a real moment. Date.parse alone is not enough: it
 * rolls 2020-02-30 over to March 1 instead of refusing it.
 */
export function isIsoInstant(s: string): boolean {
  const m = ISO_INSTANT.exec(s);
  if (!m || Number.isNaN(Date.parse(s))) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return false;
  const within = (v: string | undefined, max: number) => v === undefined || Number(v) <= max;
  return within(m[4], 23) && within(m[5], 59) && within(m[6], 59) && within(m[8], 14) && within(m[9], 59);
}

const EXAMPLE = '2021-01-01T00:00:00+08:00';

const instant = (label: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `${label}:必填(ISO 8601 时间,如 ${EXAMPLE})` : `${label}:应为 ISO 8601 时间字符串,如 ${EXAMPLE}`) })
    .min(1, `${label}:必填`)
    .max(40, `${label}:应为 ISO 8601 时间,如 ${EXAMPLE}`)
    .refine(isIsoInstant, { message: `${label}:应为 ISO 8601 时间,如 ${EXAMPLE}` })
    .transform((s) => new Date(s).toISOString());

export const scheduleInputSchema = z
  .object({ opensAt: instant('开始时间'), dueAt: instant('截止时间'), closesAt: instant('关闭时间') })
  .strict()
  .refine((s) => s.opensAt <= s.dueAt, { message: '截止时间不能早于开始时间', path: ['dueAt'] })
  .refine((s) => s.dueAt <= s.closesAt, { message: '关闭时间不能早于截止时间', path: ['closesAt'] });

export type ScheduleInput = z.infer<typeof scheduleInputSchema>;
