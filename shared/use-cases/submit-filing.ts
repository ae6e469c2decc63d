// PUT a filing (save a draft or submit) and admin review. Plans with the pure lifecycle in
// shared/filing.ts, then writes filing + version atomically, conditional on the version read.
// Without If-Match a lost race is re-planned on fresh state (last writer wins, both versions
// recorded); with If-Match it is a 409.

import { canWriteBase, parseBearer, requireAdmin, type Principal } from '../auth';
import { ConflictError, ForbiddenError, NotFoundError, ServiceUnavailableError } from '../errors';
import { filingWriteSchema, planReview, planWrite, reviewSchema, type Actor, type Filing } from '../filing';
import type { Values } from '../validation';
import { parseWith } from '../http';
import { isQuarter, periodLabel, previousQuarter, quarterOf, yearOf } from '../periods';
import { BASE_ID, isActiveIn } from '../registry';
import { keys } from '../store/keys';
import { getRollups, rollupKey } from '../store/aggregates';
import { getFiling, StaleFilingError, writeFiling } from '../store/filings';
import { getSchedule } from '../store/periods';
import { getBase } from '../store/registry';
import { checkBaseId } from './manage-registry';
import { checkQuarter } from './schedule-period';

const MAX_REPLANS = 12;

/** The items a filing write reads (for one BatchGet): token, base, schedule, this and the previous quarter. */
export function filingWriteKeys(authorization: string | undefined, baseId: string, period: string): Array<{ pk: string; sk: string }> {
  if (!BASE_ID.test(baseId) || !isQuarter(period)) return [];
  const list = [keys.base(baseId), keys.period(period), keys.filing(period, baseId), keys.filing(previousQuarter(period), baseId)];
  try {
    const bearer = parseBearer(authorization);
    if (bearer.kind === 'issued') list.push(keys.token(bearer.tokenId));
  } catch {
    // no usable token: authentication will say so
  }
  return list;
}

const actorOf = (p: Principal): Actor => ({ tokenId: p.tokenId, role: p.role, name: p.name });

/**
 * The counted values of the base's previous filed quarter, for the plausibility warnings (SPEC
 * §3). Usually that is the quarter just before (prefetched, read consistently). If that one has
 * nothing counted, the aggregator's rollups of this year and the last tell which earlier quarter
 * counted last: one more read, only for bases that skipped a quarter or never filed.
 */
async function previousFiled(baseId: string, period: string): Promise<{ values: Values; period: string } | null> {
  const before = previousQuarter(period);
  const previous = await getFiling(before, baseId);
  if (previous?.counted) return { values: previous.counted, period: before };
  const year = yearOf(period);
  const rollups = await getRollups([{ baseId, year }, { baseId, year: year - 1 }]);
  for (let q = previousQuarter(before); yearOf(q) >= year - 1; q = previousQuarter(q)) {
    const counted = rollups.get(rollupKey(baseId, yearOf(q)))?.rollup.quarters[`${quarterOf(q)}`]?.counted;
    if (counted) return { values: counted, period: q };
  }
  return null;
}

export interface WriteResult {
  filing: Filing;
  changed: boolean;
  created: boolean;
}

export async function submitFiling(
  p: Principal,
  baseId: string,
  period: string,
  body: unknown,
  ifMatch: number | undefined,
  now = () => new Date(),
): Promise<WriteResult> {
  checkBaseId(baseId);
  checkQuarter(period);
  if (!canWriteBase(p, baseId)) throw new ForbiddenError(p.role === 'city' ? '市州用户不能填报' : '只能填报本基地的数据');
  const input = parseWith(filingWriteSchema, body, '填报内容有误');
  const base = await getBase(baseId);
  if (!base) throw new NotFoundError(`基地「${baseId}」不存在`, 'BASE_NOT_FOUND');
  if (!isActiveIn(base, period)) throw new ConflictError('BASE_NOT_ACTIVE', `该基地${periodLabel(period)}不在填报范围内`);
  const schedule = await getSchedule(period);
  const previous = await previousFiled(baseId, period);

  for (let attempt = 0; attempt < MAX_REPLANS; attempt++) {
    const current = await getFiling(period, baseId);
    const outcome = planWrite(baseId, period, input, { current, previous: previous?.values ?? null, previousPeriod: previous?.period, schedule, actor: actorOf(p), now: now(), ifMatch });
    if (outcome.kind === 'noop') return { filing: outcome.filing, changed: false, created: false };
    try {
      await writeFiling(outcome.filing, current?.version ?? 0);
      return { filing: outcome.filing, changed: true, created: !current };
    } catch (e) {
      if (!(e instanceof StaleFilingError)) throw e;
      // Re-plan on fresh state; with If-Match, planWrite answers 409 if the version moved on.
      await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** Math.min(attempt, 5)));
    }
  }
  throw new ServiceUnavailableError('该报表正被频繁修改,请稍后重试');
}

export async function reviewFiling(p: Principal, baseId: string, period: string, body: unknown, ifMatch: number | undefined, now = new Date()): Promise<Filing> {
  requireAdmin(p);
  checkBaseId(baseId);
  checkQuarter(period);
  const input = parseWith(reviewSchema, body, '审核内容有误');
  const current = await getFiling(period, baseId);
  const outcome = planReview(current, input, actorOf(p), now, ifMatch);
  if (outcome.kind === 'noop') return outcome.filing;
  try {
    // The review is audited from its version record when the stream files it (record-history).
    await writeFiling(outcome.filing, current!.version);
  } catch (e) {
    if (e instanceof StaleFilingError) throw new ConflictError('VERSION_CONFLICT', '报表已被修改,请刷新后重试');
    throw e;
  }
  return outcome.filing;
}
