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

const instant = (label: string) =>
  z
    .string({ error: `${label}:必填(ISO 8601 时间,如 2021-01-01T00:00:00+08:00)` })
    .max(40)
    .refine((s) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), {
      message: `${label}:应为 ISO 8601 时间,如 2021-01-01T00:00:00+08:00`,
    })
    .transform((s) => new Date(s).toISOString());

export const scheduleInputSchema = z
  .object({ opensAt: instant('开始时间'), dueAt: instant('截止时间'), closesAt: instant('关闭时间') })
  .strict()
  .refine((s) => s.opensAt <= s.dueAt, { message: '截止时间不能早于开始时间', path: ['dueAt'] })
  .refine((s) => s.dueAt <= s.closesAt, { message: '关闭时间不能早于截止时间', path: ['closesAt'] });

export type ScheduleInput = z.infer<typeof scheduleInputSchema>;
