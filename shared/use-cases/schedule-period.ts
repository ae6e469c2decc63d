// Period schedules (admin), per program: the bases' quarters, the platforms' years.

import { auditEntry } from '../audit';
import { type Principal, requireAdmin } from '../auth';
import { BadRequestError } from '../errors';
import { parseWith } from '../http';
import { type AnyProgram, BASES } from '../program';
import { type PeriodSchedule, scheduleInputSchema } from '../schedule';
import { putAudited } from '../store/audit';
import { keys } from '../store/keys';
import { getSchedule, listSchedules as listAll } from '../store/periods';

/** Refuses a period the program's entities do not file (a bases' quarter, a platforms' year). */
export function checkFilingPeriod(program: AnyProgram, period: string): void {
  if (!program.periods.isFiling(period))
    throw new BadRequestError('INVALID_PERIOD', `「${period.slice(0, 20)}」不是有效的填报期,${program.periods.filingHint}`, {
      period: program.periods.filingHint,
    });
}

export const checkQuarter = (period: string) => checkFilingPeriod(BASES, period);

export async function schedulePeriod(p: Principal, period: string, body: unknown, now = new Date(), program: AnyProgram = BASES): Promise<PeriodSchedule> {
  requireAdmin(p);
  checkFilingPeriod(program, period);
  const input = parseWith(scheduleInputSchema, body, '填报时间设置有误');
  const before = await getSchedule(period, program.tag);
  if (before && before.opensAt === input.opensAt && before.dueAt === input.dueAt && before.closesAt === input.closesAt) return before;
  const schedule: PeriodSchedule = { period, ...input, updatedAt: now.toISOString(), updatedBy: p.tokenId };
  await putAudited(
    [{ item: { ...keys.period(period, program.tag), ...schedule } }],
    auditEntry(
      p,
      'period.schedule',
      now,
      { period, ...(program === BASES ? {} : { program: program.id }) },
      {
        before: before ? { opensAt: before.opensAt, dueAt: before.dueAt, closesAt: before.closesAt } : null,
        after: input,
      },
    ),
  );
  return schedule;
}

export async function listSchedules(program: AnyProgram = BASES): Promise<PeriodSchedule[]> {
  return (await listAll(program.tag)).sort((a, b) => a.period.localeCompare(b.period));
}
