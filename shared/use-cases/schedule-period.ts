// Period schedules (admin).

import { auditEntry } from '../audit';
import { requireAdmin, type Principal } from '../auth';
import { BadRequestError } from '../errors';
import { parseWith } from '../http';
import { isQuarter } from '../periods';
import { scheduleInputSchema, type PeriodSchedule } from '../schedule';
import { putAudited } from '../store/audit';
import { keys } from '../store/keys';
import { getSchedule, listSchedules as listAll } from '../store/periods';

export function checkQuarter(period: string): void {
  if (!isQuarter(period)) throw new BadRequestError('INVALID_PERIOD', `「${period.slice(0, 20)}」不是有效的季度,应如 2020Q3`, { period: '应为季度,如 2020Q3' });
}

export async function schedulePeriod(p: Principal, period: string, body: unknown, now = new Date()): Promise<PeriodSchedule> {
  requireAdmin(p);
  checkQuarter(period);
  const input = parseWith(scheduleInputSchema, body, '填报时间设置有误');
  const before = await getSchedule(period);
  if (before && before.opensAt === input.opensAt && before.dueAt === input.dueAt && before.closesAt === input.closesAt) return before;
  const schedule: PeriodSchedule = { period, ...input, updatedAt: now.toISOString(), updatedBy: p.tokenId };
  await putAudited(
    [{ item: { ...keys.period(period), ...schedule } }],
    auditEntry(p, 'period.schedule', now, { period }, {
      before: before ? { opensAt: before.opensAt, dueAt: before.dueAt, closesAt: before.closesAt } : null,
      after: input,
    }),
  );
  return schedule;
}

export async function listSchedules(): Promise<PeriodSchedule[]> {
  return (await listAll()).sort((a, b) => a.period.localeCompare(b.period));
}
