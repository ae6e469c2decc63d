// PUT a filing (save a draft or submit) and admin review, for any program. Plans with the pure
// lifecycle in shared/filing.ts, then writes filing + version atomically, conditional on the
// version read. Without If-Match a lost race is re-planned on fresh state (last writer wins,
// both versions recorded); with If-Match it is a 409.

import { canWrite, type Principal, parseBearer, requireAdmin, withinProvince } from '../auth';
import { config } from '../config';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ServiceUnavailableError } from '../errors';
import { type Actor, BATCH_SKIP, batchAcceptBlock, batchReviewSchema, type Filing, filingWriteSchema, planReview, planWrite, reviewSchema } from '../filing';
import { parseWith } from '../http';
import { periodLabel, quarterOf, yearOf } from '../periods';
import { type AnyProgram, BASES } from '../program';
import { getRollups, rollupKey } from '../store/aggregates';
import { getFiling, getFilingForWrite, StaleFilingError, writeFiling } from '../store/filings';
import { keys } from '../store/keys';
import { getSchedule } from '../store/periods';
import type { PrefetchKey } from '../store/prefetch';
import { getEntity } from '../store/registry';
import type { Values } from '../validation';
import { carrierWriteContext, carrierWriteSchema } from './carrier-filing';
import { checkEntityId } from './manage-registry';
import { checkFilingPeriod } from './schedule-period';

const MAX_REPLANS = 12;

/**
 * The items a filing write reads (prefetched together): token, entity, schedule, this and the
 * previous period. Only the token is read strongly consistently — a revocation holds from the
 * next request. The others are eventually consistent, at half the read units (issue 16): the
 * current filing's staleness is caught by the write's condition and re-planned on a consistent
 * read (submitFiling); the previous period only feeds the plausibility warnings; the entity and
 * the schedule are read so by their own getters too (a registry or schedule change reaches the
 * write path within DynamoDB's propagation, typically well under a second).
 */
export function filingWriteKeys(authorization: string | undefined, baseId: string, period: string, program: AnyProgram = BASES): PrefetchKey[] {
  if (!program.idPattern.test(baseId) || !program.periods.isFiling(period)) return [];
  const t = program.tag;
  const eventual = (k: { pk: string; sk: string }): PrefetchKey => ({ ...k, eventual: true });
  const list: PrefetchKey[] = [
    keys.entity(t, baseId),
    keys.period(period, t),
    keys.filing(period, baseId, t),
    keys.filing(program.periods.previous(period), baseId, t),
  ].map(eventual);
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
 * The counted values of the entity's previous filed period, for the plausibility warnings (SPEC
 * §3). Usually that is the period just before (prefetched, read consistently). For quarters, if
 * that one has nothing counted, the aggregator's rollups of this year and the last tell which
 * earlier quarter counted last: one more read, only for bases that skipped a quarter or never
 * filed. A yearly program compares with the year before.
 */
async function previousFiled(program: AnyProgram, baseId: string, period: string): Promise<{ values: Values; period: string } | null> {
  const before = program.periods.previous(period);
  const previous = await getFiling(before, baseId, program.tag);
  if (previous?.counted) return { values: previous.counted, period: before };
  if (!program.periods.rollsUpToYear) return null;
  const year = yearOf(period);
  // Warnings only: eventually consistent is enough.
  const rollups = await getRollups(
    [
      { baseId, year },
      { baseId, year: year - 1 },
    ],
    program.tag,
    { consistent: false },
  );
  for (let q = program.periods.previous(before); yearOf(q) >= year - 1; q = program.periods.previous(q)) {
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
  program: AnyProgram = BASES,
): Promise<WriteResult> {
  checkEntityId(program, baseId);
  checkFilingPeriod(program, period);
  if (!canWrite(program, p, baseId))
    throw new ForbiddenError(
      p.role === 'city' ? '市州用户不能填报' : p.role === program.role ? `只能填报本${program.entityWord}的数据` : `该令牌不能填报${program.label}的数据`,
    );
  // A carrier's body also carries its details (checked against its plan below).
  const input = parseWith(program.catalogFromPlan ? carrierWriteSchema : filingWriteSchema, body, '填报内容有误');
  const entity = await getEntity<{ updatedAt: string }>(program, baseId);
  if (!entity) throw new NotFoundError(`${program.entityWord}「${baseId}」不存在`, `${program.role.toUpperCase()}_NOT_FOUND`);
  if (!withinProvince(p, entity as { province?: string | null })) throw new ForbiddenError(`只能填报${p.province}的数据`);
  if (!program.activeIn(entity, period))
    throw new ConflictError(`${program.role.toUpperCase()}_NOT_ACTIVE`, `该${program.entityWord}${periodLabel(period)}不在填报范围内`);
  const schedule = await getSchedule(period, program.tag);
  const previous = await previousFiled(program, baseId, period);
  const plan = program.catalogFromPlan ? await carrierWriteContext(baseId, period, input as Record<string, unknown>) : undefined;
  const fields = plan?.fields ?? program.fields(period);

  for (let attempt = 0; attempt < MAX_REPLANS; attempt++) {
    const { filing: current, consistent } = await getFilingForWrite(period, baseId, program.tag);
    let outcome: ReturnType<typeof planWrite>;
    try {
      outcome = planWrite(baseId, period, input, {
        program,
        fields,
        ...(plan ? { details: plan.details } : {}),
        current,
        previous: previous?.values ?? null,
        previousPeriod: previous?.period,
        schedule,
        actor: actorOf(p),
        now: now(),
        ifMatch,
      });
    } catch (e) {
      // A refusal (409 on If-Match, a locked filing…) may come from a stale read: answer it from a consistent one.
      if (!consistent) continue;
      throw e;
    }
    // Likewise "nothing changed": only a consistent read may say so.
    if (outcome.kind === 'noop' && !consistent) continue;
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

/**
 * Review of a filing: the province accepts, returns or reopens; with two-level review
 * (TWO_LEVEL_REVIEW) a city pre-checks its own filers' submissions first — passes or returns them.
 */
export async function reviewFiling(
  p: Principal,
  baseId: string,
  period: string,
  body: unknown,
  ifMatch: number | undefined,
  now = new Date(),
  program: AnyProgram = BASES,
): Promise<Filing> {
  const twoLevel = config.twoLevelReview.has(program.id);
  if (p.role !== 'admin' && !(p.role === 'city' && twoLevel)) requireAdmin(p);
  checkEntityId(program, baseId);
  checkFilingPeriod(program, period);
  const input = parseWith(reviewSchema, body, '审核内容有误');
  if (p.role === 'city') {
    if (input.action !== 'pass' && input.action !== 'return') throw new ForbiddenError('市州管理员只能初审:通过或退回');
    // Its own city's filers only, as they stood in the period.
    const entity = await getEntity<{ updatedAt: string; city: string }>(program, baseId);
    if (!entity || (program.asOf(entity, period) as { city: string }).city !== p.city) throw new ForbiddenError(`只能初审本市州${program.entityWord}的报表`);
  } else if (input.action === 'pass') throw new ForbiddenError('初审由市州管理员进行;省级管理员复审时请选择确认或退回');
  if (p.province) {
    // A national deployment's province admin reviews its own province's filings only.
    const entity = await getEntity<{ updatedAt: string; province?: string | null }>(program, baseId);
    if (!entity || !withinProvince(p, entity)) throw new ForbiddenError(`只能审核${p.province}的报表`);
  }
  const current = await getFiling(period, baseId, program.tag);
  const outcome = planReview(current, input, actorOf(p), now, ifMatch, program.entityWord, { twoLevel });
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

export interface BatchResult {
  id: string;
  outcome: 'accepted' | 'unchanged' | 'skipped';
  reason?: string;
}

/** Filings a batch reviews at a time (each is a read and a conditional write). */
const BATCH_CONCURRENCY = 8;

/**
 * Batch accept (issue 19): the province accepts, among `ids`, the clean filings of a period —
 * counted, without warnings and without an unsubmitted edit — each exactly as reviewFiling would
 * (planReview, two-level rules included) and each with its own conditional write, so its own
 * version and audit entry; one filing's refusal or lost race leaves the others as they are. The
 * answer names every id's outcome, in the order given: accepted, unchanged (already accepted) or
 * skipped with a reason.
 */
export async function reviewBatch(
  p: Principal,
  period: string,
  body: unknown,
  now = new Date(),
  program: AnyProgram = BASES,
): Promise<{ results: BatchResult[] }> {
  requireAdmin(p);
  checkFilingPeriod(program, period);
  const input = parseWith(batchReviewSchema, body, '批量审核内容有误');
  const rules = { twoLevel: config.twoLevelReview.has(program.id) };
  const actor = actorOf(p);
  const skipped = (id: string, reason: string): BatchResult => ({ id, outcome: 'skipped', reason });

  async function one(id: string): Promise<BatchResult> {
    // An id no entity of the program can have has no filing either.
    if (!program.idPattern.test(id)) return skipped(id, BATCH_SKIP.missing);
    const current = await getFiling(period, id, program.tag);
    const block = batchAcceptBlock(current);
    if (block) return skipped(id, block);
    let outcome: ReturnType<typeof planReview>;
    try {
      outcome = planReview(current, { action: 'accept', comment: input.comment }, actor, now, undefined, program.entityWord, rules);
    } catch (e) {
      if (e instanceof ConflictError) return skipped(id, BATCH_SKIP.state);
      throw e;
    }
    if (outcome.kind === 'noop') return { id, outcome: 'unchanged' };
    try {
      // Conditional on the version just read: a filing changed meanwhile is not accepted unseen.
      await writeFiling(outcome.filing, current!.version);
    } catch (e) {
      if (e instanceof StaleFilingError) return skipped(id, BATCH_SKIP.stale);
      throw e;
    }
    return { id, outcome: 'accepted' };
  }

  const results: BatchResult[] = new Array(input.ids.length);
  let next = 0;
  async function worker() {
    while (next < input.ids.length) {
      const i = next++;
      const id = input.ids[i]!;
      try {
        results[i] = await one(id);
      } catch (e) {
        // A failure of the store for one filing (its write did not happen) is that filing's
        // outcome, not a 500 that would hide what the others' writes did.
        results[i] = skipped(id, e instanceof AppError ? e.message : '处理失败,请稍后重试');
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, input.ids.length) }, worker));
  return { results };
}
