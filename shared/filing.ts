// The filing lifecycle (SPEC §4), pure: given the current filing and a request, decide the next
// state and the immutable version record, or refuse with a named error.

import { z } from 'zod';
import type { Principal } from './auth';
import type { Field } from './catalog';
import { ConflictError, type FieldMessages, ForbiddenError, ValidationError, WarningsUnconfirmedError } from './errors';
import type { PeriodKind, ProgramId } from './program';
import { plainText } from './registry';
import { type Values, validateValues, warningsFor } from './validation';

/** `checked`: passed a city's 初审, waiting for the province's 复审 (two-level review only). */
export type FilingStatus = 'draft' | 'submitted' | 'checked' | 'returned' | 'accepted';

export const STATUS_LABELS: Record<FilingStatus | 'missing', string> = {
  missing: '未填报',
  draft: '草稿',
  submitted: '已提交',
  checked: '初审通过',
  returned: '已退回',
  accepted: '已确认',
};

/** Marks a filing whose base has saved changes it has not submitted yet (`draftPending`). */
export const DRAFT_PENDING_LABEL = '有未提交的修改';

/** 已提交 / 已退回, with the draft-pending note where it applies. */
export function statusLabelOf(f: Pick<Filing, 'status' | 'draftPending'> | undefined): string {
  if (!f) return STATUS_LABELS.missing;
  return f.draftPending ? `${STATUS_LABELS[f.status]}(${DRAFT_PENDING_LABEL})` : STATUS_LABELS[f.status];
}

/**
 * The review state of what counts. Items written before `draftPending` existed show a draft
 * saved over a submission as status `draft` with counted values: that is a submitted filing.
 */
function reviewState(f: Filing): FilingStatus {
  return f.status === 'draft' && f.counted ? 'submitted' : f.status;
}

const editsPending = (f: Filing) => !!f.draftPending || (f.status === 'draft' && !!f.counted);

export interface Actor {
  tokenId: string;
  role: Principal['role'];
  name: string;
}

export interface Filing {
  /** The filer's id — a base's, a platform's (named for the bases, whose items came first). */
  baseId: string;
  /** The program; absent on the bases' items (they predate programs). */
  program?: ProgramId;
  period: string;
  status: FilingStatus;
  /** Increments on every write; the ETag. */
  version: number;
  /** The latest values written (a draft's, or the submitted ones). */
  values: Values;
  /** What counts in aggregates: the last submitted values, or null if never submitted. */
  counted: Values | null;
  /** Increments whenever `counted` (or `countedDerived`) changes; the aggregator's revision. */
  countedRev: number;
  /**
   * A program's structured, non-indicator content (a carrier's fund batches, disbursements,
   * progress texts), validated by the program; `countedDetails` is the submitted one. Absent for
   * programs without any.
   */
  details?: Details;
  countedDetails?: Details | null;
  /**
   * Integers the program derives from values and details for the province's totals (a
   * carrier's funds received and disbursed, indicators met); the aggregator adds
   * `countedDerived` to `counted`. Absent for programs without any.
   */
  derived?: Values;
  countedDerived?: Values | null;
  warnings: FieldMessages;
  late: boolean;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  updatedAt: string;
  updatedBy: Actor;
  /** Admin's comment on return or reopen, shown to the base. */
  reviewComment: string | null;
  /**
   * 情况说明: the filer's explanation of the warnings it confirmed with its last submission
   * (required then), shown to the reviewer. Absent on older items.
   */
  explanation?: string | null;
  /** Admin reopened or returned it: the base may correct it outside the schedule window. */
  unlocked: boolean;
  /**
   * A draft saved over a counted submission and not yet submitted: `values` are the draft,
   * `counted` the submission, and `status` stays the submission's review state (submitted or
   * returned), so the admin can still accept or return what counts. Absent on older items.
   */
  draftPending?: boolean;
  /**
   * The immutable version record of the write that produced this state. It is written with the
   * filing in one conditional PutItem, and the stream files it into the history (HIST items).
   */
  lastVersion: FilingVersion;
}

export { countedOf } from './aggregation';

export type VersionAction = 'save' | 'submit' | 'pass' | 'accept' | 'return' | 'reopen';

export interface FilingVersion {
  baseId: string;
  program?: ProgramId;
  period: string;
  version: number;
  at: string;
  by: Actor;
  action: VersionAction;
  status: FilingStatus;
  /** Changed fields: code → [old, new] in base units (null = absent). */
  changes: Record<string, [number | null, number | null]>;
  /** Top-level keys of `details` that changed (a program with details only). */
  detailChanges?: string[];
  comment: string | null;
  /** For review actions: the status before. */
  from?: FilingStatus;
  /** A submission's 情况说明 (it confirmed warnings). */
  explanation?: string | null;
}

export const filingWriteSchema = z
  .object({
    status: z.enum(['draft', 'submitted'], { error: 'status 应为 draft(暂存)或 submitted(提交)' }),
    // The client's object itself, not a copy: z.record silently drops a `__proto__` key, and
    // validateValues must see every key to refuse the unknown ones.
    values: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { error: 'values 应为对象(字段代码 → 数值)' }),
    confirmWarnings: z.boolean({ error: 'confirmWarnings 应为 true 或 false' }).optional(),
    // 情况说明: required when a submission confirms warnings (planWrite checks it).
    explanation: plainText('情况说明', 1000, 0).nullish(),
  })
  .strict();

/** Asked for when a submission confirms warnings without a 情况说明. */
export const EXPLANATION_REQUIRED = '确认异常数据时请填写情况说明';

export type FilingWrite = z.infer<typeof filingWriteSchema>;

export const reviewSchema = z
  .object({
    action: z.enum(['accept', 'return', 'reopen', 'pass'], { error: 'action 应为 accept(确认)、return(退回)、reopen(重新打开)或 pass(初审通过)' }),
    // Optional for accept and reopen: absent, null and "" all mean no comment.
    comment: plainText('意见', 1000, 0)
      .nullish()
      .transform((c) => c ?? ''),
  })
  .strict()
  .refine((r) => r.action !== 'return' || r.comment.length > 0, { message: '退回时请填写修改意见', path: ['comment'] });

export type ReviewInput = z.infer<typeof reviewSchema>;

/** The most filings one batch accept takes (a page of the review list is 50). */
export const MAX_BATCH_REVIEW = 200;

/** POST /api/periods/{period}/review (issue 19): the admin accepts the clean filings among `ids`. */
export const batchReviewSchema = z
  .object({
    action: z.literal('accept', { error: 'action 应为 accept(批量确认)' }),
    ids: z
      .array(z.string({ error: '编号应为文本' }).min(1, '编号不能为空').max(64, '编号最多64个字符'), { error: 'ids 应为编号列表' })
      .min(1, '请至少选择1份报表')
      .max(MAX_BATCH_REVIEW, `一次最多确认${MAX_BATCH_REVIEW}份报表`)
      .refine((ids) => new Set(ids).size === ids.length, { message: '编号不能重复' }),
    comment: plainText('意见', 1000, 0)
      .nullish()
      .transform((c) => c ?? ''),
  })
  .strict();

export type BatchReviewInput = z.infer<typeof batchReviewSchema>;

/** Why a batch accept leaves a filing as it is (the single review may still accept it). */
export const BATCH_SKIP = {
  missing: '未填报',
  warnings: '有异常警告',
  draft: '有未提交的修改',
  state: '状态不允许',
  stale: '数据已被修改',
} as const;

/**
 * Why a filing is not clean enough for a batch accept, or null: it must count, carry no warnings
 * (confirmed ones included: a reviewer reads their 情况说明 one by one) and no unsubmitted edit.
 * One already accepted is left to planReview (an unchanged repeat).
 */
export function batchAcceptBlock(f: Filing | undefined): string | null {
  if (!f?.counted) return BATCH_SKIP.missing;
  if (reviewState(f) === 'accepted') return null;
  if (editsPending(f)) return BATCH_SKIP.draft;
  if (Object.keys(f.warnings ?? {}).length) return BATCH_SKIP.warnings;
  return null;
}

export interface Window {
  opensAt: string;
  dueAt: string;
  closesAt: string;
}

/** A program's structured filing content (plain JSON, validated by the program). */
export type Details = Record<string, unknown>;

export interface WriteContext {
  /** The program (default the bases') and the catalog of this filing. */
  program?: { id: ProgramId; periods: Pick<PeriodKind, 'previous' | 'previousWord' | 'thisWord'> };
  fields?: readonly Field[];
  /**
   * A program's details, already checked by it against the entity's plan (errors are reported
   * with the values' errors, so one answer names every bad field), and what it derives.
   */
  details?: { value: Details; errors: FieldMessages; derive?: (values: Values, details: Details) => Values };
  current: Filing | undefined;
  /** Counted values of the base's previous filed quarter, for warnings. */
  previous: Values | null;
  /** That quarter, when known (named in the warnings if it is not the one just before). */
  previousPeriod?: string;
  schedule: Window | undefined;
  actor: Actor;
  now: Date;
  ifMatch: number | undefined;
}

export type WriteOutcome = { kind: 'noop'; filing: Filing } | { kind: 'write'; filing: Filing };

function checkIfMatch(current: Filing | undefined, ifMatch: number | undefined) {
  if (ifMatch === undefined) return;
  if ((current?.version ?? 0) !== ifMatch)
    throw new ConflictError('VERSION_CONFLICT', `报表已被他人修改(当前版本 ${current?.version ?? 0},您的版本 ${ifMatch}),请刷新后重试`);
}

/** Base users may write only inside the schedule window (or when an admin unlocked the filing). */
function checkWindow(ctx: WriteContext) {
  if (ctx.actor.role === 'admin' || ctx.current?.unlocked) return;
  const s = ctx.schedule;
  if (!s) throw new ForbiddenError('该期尚未开放填报', 'PERIOD_NOT_OPEN');
  const t = ctx.now.getTime();
  if (t < Date.parse(s.opensAt)) throw new ForbiddenError(`该期将于 ${s.opensAt} 开放填报`, 'PERIOD_NOT_OPEN');
  if (t > Date.parse(s.closesAt)) throw new ForbiddenError(`该期已于 ${s.closesAt} 截止填报,如需修改请联系省级管理员`, 'PERIOD_CLOSED');
}

export function diffValues(a: Values | null | undefined, b: Values | null | undefined): FilingVersion['changes'] {
  const out: FilingVersion['changes'] = {};
  for (const code of new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])) {
    const x = a?.[code] ?? null;
    const y = b?.[code] ?? null;
    if (x !== y) out[code] = [x, y];
  }
  return out;
}

const sameValues = (a: Values | null | undefined, b: Values | null | undefined) => Object.keys(diffValues(a, b)).length === 0;

/** Key-order-insensitive JSON equality of details (plain JSON: objects, arrays, strings, numbers). */
function canonical(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(canonical);
  if (x && typeof x === 'object')
    return Object.fromEntries(
      Object.keys(x)
        .sort()
        .map((k) => [k, canonical((x as Record<string, unknown>)[k])]),
    );
  return x;
}
export const sameJson = (a: unknown, b: unknown) => JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));

/** Top-level keys whose content differs. */
function changedKeys(a: Details | null | undefined, b: Details | null | undefined): string[] {
  return [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].filter((k) => !sameJson(a?.[k], b?.[k])).sort();
}

/** Plans a PUT of a filing (save draft or submit). */
export function planWrite(baseId: string, period: string, input: FilingWrite, ctx: WriteContext): WriteOutcome {
  const { current, actor, now } = ctx;
  const checked = validateValues(ctx.fields ?? period, input.values, input.status);
  const detailErrors = ctx.details?.errors ?? {};
  if (!checked.ok || Object.keys(detailErrors).length) throw new ValidationError({ ...(checked.ok ? {} : checked.errors), ...detailErrors });
  const values = checked.values;
  const details = ctx.details?.value;
  const derived = ctx.details?.derive?.(values, details!);
  if (current?.status === 'accepted') throw new ConflictError('FILING_LOCKED', '该报表已确认并锁定,如需修改请联系省级管理员重新打开');

  const submitting = input.status === 'submitted';
  // A draft over a counted submission is an edit in progress: the submission keeps its review
  // state until the edit is submitted (SPEC §4). A draft equal to the submission edits nothing.
  const reviewed = current?.counted ? reviewState(current) : undefined;
  const status: FilingStatus = submitting ? 'submitted' : (reviewed ?? 'draft');
  const draftPending =
    !submitting && reviewed !== undefined && (!sameValues(values, current!.counted) || !sameJson(details, current!.countedDetails ?? undefined));

  // An identical repeat changes nothing (and so needs no If-Match).
  if (
    current &&
    current.status === status &&
    editsPending(current) === draftPending &&
    sameValues(current.values, values) &&
    sameJson(current.details, details)
  )
    return { kind: 'noop', filing: current };

  checkIfMatch(current, ctx.ifMatch);
  checkWindow(ctx);

  const warnings = warningsFor(period, values, ctx.previous, ctx.previousPeriod, ctx.fields, ctx.program?.periods);
  if (input.status === 'submitted' && Object.keys(warnings).length && !input.confirmWarnings) throw new WarningsUnconfirmedError(warnings);
  const explanationText = input.explanation?.trim() || null;
  if (input.status === 'submitted' && Object.keys(warnings).length && !explanationText) throw new ValidationError({ explanation: EXPLANATION_REQUIRED });

  const at = now.toISOString();
  const counted = submitting ? values : (current?.counted ?? null);
  const countedDerived = derived === undefined ? undefined : submitting ? derived : (current?.countedDerived ?? null);
  const countedChanged =
    !sameValues(current?.counted, counted) || (counted === null) !== (current?.counted == null) || !sameValues(current?.countedDerived, countedDerived);
  const firstSubmittedAt = current?.firstSubmittedAt ?? (submitting ? at : null);
  // Late is decided once, by the first submission.
  const late = (current?.late ?? false) || (submitting && !current?.firstSubmittedAt && !!ctx.schedule && now.getTime() > Date.parse(ctx.schedule.dueAt));
  const version = (current?.version ?? 0) + 1;
  // Only other programs name theirs: the bases' items stay as they always were.
  const program = ctx.program && ctx.program.id !== 'bases' ? { program: ctx.program.id } : {};
  const record: FilingVersion = {
    baseId,
    ...program,
    period,
    version,
    at,
    by: actor,
    action: submitting ? 'submit' : 'save',
    status,
    changes: diffValues(current?.values, values),
    ...(details !== undefined ? { detailChanges: changedKeys(current?.details, details) } : {}),
    comment: null,
    ...(submitting && explanationText ? { explanation: explanationText } : {}),
  };
  const filing: Filing = {
    baseId,
    ...program,
    period,
    status,
    version,
    values,
    counted,
    ...(details !== undefined ? { details, countedDetails: submitting ? details : (current?.countedDetails ?? null) } : {}),
    ...(derived !== undefined ? { derived, countedDerived } : {}),
    countedRev: (current?.countedRev ?? 0) + (countedChanged ? 1 : 0),
    warnings,
    late,
    firstSubmittedAt,
    submittedAt: submitting ? at : (current?.submittedAt ?? null),
    updatedAt: at,
    updatedBy: actor,
    reviewComment: current?.reviewComment ?? null,
    // A submission brings its own 情况说明 (or none); a draft keeps the submission's.
    explanation: submitting ? explanationText : (current?.explanation ?? null),
    unlocked: submitting ? false : (current?.unlocked ?? false),
    draftPending,
    lastVersion: record,
  };
  return { kind: 'write', filing };
}

/**
 * Plans an admin review action: accept, return (with comment) or reopen. It acts on what
 * counts: accepting while the base has an unsubmitted draft locks the submission and sets the
 * draft aside (its changes are in the version record); returning keeps the draft for the base.
 */
/**
 * Two-level review (issue 19), when the program has it: a city pre-checks (初审: `pass` or
 * `return`) its filers' submissions, and the province accepts (复审) only what a city passed.
 */
export interface ReviewRules {
  twoLevel: boolean;
}

export function planReview(
  current: Filing | undefined,
  input: ReviewInput,
  actor: Actor,
  now: Date,
  ifMatch?: number,
  entityWord = '基地',
  rules: ReviewRules = { twoLevel: false },
): WriteOutcome {
  if (!current) throw new ConflictError('NO_FILING', `该${entityWord}本期尚未填报`);
  const state = reviewState(current);
  const comment = input.comment || null;
  // An identical repeat (say, a retry after a lost answer) changes nothing.
  const repeat = { accept: state === 'accepted', pass: state === 'checked', return: state === 'returned' && current.reviewComment === comment, reopen: false };
  if (repeat[input.action]) return { kind: 'noop', filing: current };
  checkIfMatch(current, ifMatch);
  const allowed: Record<ReviewInput['action'], FilingStatus[]> = {
    // With two levels the province accepts what a city passed; else any submission.
    accept: rules.twoLevel ? ['checked'] : ['submitted', 'returned'],
    pass: rules.twoLevel ? ['submitted'] : [],
    return: ['submitted', 'checked', 'returned', 'accepted'],
    reopen: ['accepted'],
  };
  if ((input.action === 'accept' || input.action === 'pass') && !current.counted) throw new ConflictError('INVALID_TRANSITION', '报表尚未提交,不能确认');
  if (input.action === 'pass' && !rules.twoLevel) throw new ConflictError('INVALID_TRANSITION', '该报送项目不设市州初审');
  if (!allowed[input.action].includes(state))
    throw new ConflictError(
      'INVALID_TRANSITION',
      input.action === 'accept' && rules.twoLevel && state === 'submitted'
        ? '该报表尚未通过市州初审,不能确认'
        : `当前状态为「${STATUS_LABELS[state]}」,不能执行该操作`,
    );
  const status: FilingStatus = input.action === 'accept' ? 'accepted' : input.action === 'pass' ? 'checked' : 'returned';
  const accepting = input.action === 'accept';
  const values = accepting ? current.counted! : current.values;
  // Accepting sets a pending draft aside: its details go with its values.
  const details = current.details !== undefined && accepting ? { details: current.countedDetails ?? {}, derived: current.countedDerived ?? {} } : {};
  const at = now.toISOString();
  const version = current.version + 1;
  const filing: Filing = {
    ...current,
    status,
    version,
    values,
    ...details,
    draftPending: accepting ? false : editsPending(current),
    updatedAt: at,
    updatedBy: actor,
    reviewComment: accepting ? current.reviewComment : comment,
    // Passed by a city it stays with the base as submitted (locked only once accepted).
    unlocked: input.action === 'pass' ? current.unlocked : !accepting,
    lastVersion: {
      baseId: current.baseId,
      ...(current.program ? { program: current.program } : {}),
      period: current.period,
      version,
      at,
      by: actor,
      action: input.action,
      status,
      changes: diffValues(current.values, values),
      comment,
      from: state,
    },
  };
  return { kind: 'write', filing };
}
