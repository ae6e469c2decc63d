import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError, WarningsUnconfirmedError } from '../../shared/errors';
import { type Actor, BATCH_SKIP, batchAcceptBlock, batchReviewSchema, type Filing, planReview, planWrite, type WriteContext } from '../../shared/filing';
import { fullValues } from '../helpers/values';

const base: Actor = { tokenId: 't1', role: 'base', name: '张三' };
const admin: Actor = { tokenId: 'admin', role: 'admin', name: '省级管理员' };
const schedule = { opensAt: '2020-04-01T00:00:00.000Z', dueAt: '2020-04-15T00:00:00.000Z', closesAt: '2020-04-30T00:00:00.000Z' };
const ctx = (over: Partial<WriteContext> = {}): WriteContext => ({
  current: undefined,
  previous: null,
  schedule,
  actor: base,
  now: new Date('2020-04-10T00:00:00Z'),
  ifMatch: undefined,
  ...over,
});
const write = (status: 'draft' | 'submitted', values = fullValues('2020Q1'), over: Partial<WriteContext> = {}, confirmWarnings?: boolean) =>
  planWrite('b1', '2020Q1', { status, values, confirmWarnings, ...(confirmWarnings ? { explanation: '历史数据,按原报表录入' } : {}) }, ctx(over));
const filed = (o: ReturnType<typeof write>): Filing => (o.kind === 'write' ? o.filing : o.filing);

describe('planWrite', () => {
  it('a draft is saved but does not count', () => {
    const o = write('draft', { buildingArea: '5' });
    expect(o.kind).toBe('write');
    expect(filed(o)).toMatchObject({ status: 'draft', version: 1, counted: null, countedRev: 0 });
  });
  it('a submission counts, records the version and is on time before dueAt', () => {
    const o = write('submitted');
    if (o.kind !== 'write') throw new Error();
    expect(o.filing).toMatchObject({ status: 'submitted', version: 1, countedRev: 1, late: false });
    expect(o.filing.counted).toEqual(o.filing.values);
    expect(o.filing.lastVersion).toMatchObject({ version: 1, action: 'submit', by: base });
    expect(Object.keys(o.filing.lastVersion.changes).length).toBeGreaterThan(20);
  });
  it('a first submission after dueAt is late, and stays late', () => {
    const late = filed(write('submitted', undefined, { now: new Date('2020-04-20T00:00:00Z') }));
    expect(late.late).toBe(true);
    const again = filed(write('submitted', fullValues('2020Q1', { buildingArea: '100001' }), { current: late, now: new Date('2020-04-21T00:00:00Z') }));
    expect(again.late).toBe(true);
  });
  it('an identical repeat is a no-op', () => {
    const first = filed(write('submitted'));
    expect(write('submitted', undefined, { current: first }).kind).toBe('noop');
  });
  it('a draft over a submitted filing keeps what counts and its review state', () => {
    const first = filed(write('submitted'));
    const d = filed(write('draft', fullValues('2020Q1', { operatorRevenue: '999' }), { current: first }));
    expect(d).toMatchObject({ status: 'submitted', draftPending: true, countedRev: first.countedRev });
    expect(d.counted).toEqual(first.counted);
    expect(d.values.operatorRevenue).toBe(9990000);
    expect(d.lastVersion).toMatchObject({ action: 'save', status: 'submitted' });
    // Saving the same draft again is a no-op; a draft back to the submitted values edits nothing.
    expect(write('draft', fullValues('2020Q1', { operatorRevenue: '999' }), { current: d }).kind).toBe('noop');
    expect(filed(write('draft', fullValues('2020Q1'), { current: d }))).toMatchObject({ status: 'submitted', draftPending: false });
    // Submitting the draft makes it count.
    const s2 = filed(write('submitted', fullValues('2020Q1', { operatorRevenue: '999' }), { current: d }));
    expect(s2).toMatchObject({ status: 'submitted', draftPending: false, countedRev: first.countedRev + 1 });
  });
  it('a stale If-Match is a conflict', () => {
    const first = filed(write('submitted'));
    expect(() => write('draft', { buildingArea: '1' }, { current: first, ifMatch: 0 })).toThrow(ConflictError);
    expect(write('draft', { buildingArea: '1' }, { current: first, ifMatch: 1 }).kind).toBe('write');
  });
  it('bad values are a validation error naming the fields', () => {
    try {
      write('submitted', { buildingArea: 'x' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).fields!.buildingArea).toContain('请填写数字');
    }
  });
  it('submitting with unconfirmed warnings is refused; confirmed it is stored with them', () => {
    const previous = { buildingArea: 1000 };
    expect(() => write('submitted', undefined, { previous })).toThrow(WarningsUnconfirmedError);
    const ok = filed(write('submitted', undefined, { previous }, true));
    expect(Object.keys(ok.warnings)).toContain('buildingArea');
    expect(ok.explanation).toBe('历史数据,按原报表录入');
    expect(ok.lastVersion.explanation).toBe('历史数据,按原报表录入');
  });
  it("confirming warnings needs a 情况说明 (issue 19); a draft keeps the submission's", () => {
    const previous = { buildingArea: 1000 };
    const bare = () => planWrite('b1', '2020Q1', { status: 'submitted', values: fullValues('2020Q1'), confirmWarnings: true }, ctx({ previous }));
    expect(bare).toThrow(ValidationError);
    try {
      bare();
    } catch (e) {
      expect((e as ValidationError).fields).toEqual({ explanation: '确认异常数据时请填写情况说明' });
    }
    const blank = () =>
      planWrite('b1', '2020Q1', { status: 'submitted', values: fullValues('2020Q1'), confirmWarnings: true, explanation: '  ' }, ctx({ previous }));
    expect(blank).toThrow(ValidationError);
    const ok = filed(
      planWrite('b1', '2020Q1', { status: 'submitted', values: fullValues('2020Q1'), confirmWarnings: true, explanation: '新建二期厂房' }, ctx({ previous })),
    );
    expect(ok.explanation).toBe('新建二期厂房');
    const draft = filed(write('draft', fullValues('2020Q1', { buildingArea: '100002' }), { current: ok, previous }));
    expect(draft.explanation).toBe('新建二期厂房');
    // Without warnings no explanation is asked for.
    expect(filed(write('submitted')).explanation).toBeNull();
  });
  it('base users write only inside the schedule window; admins always', () => {
    expect(() => write('draft', { buildingArea: '1' }, { schedule: undefined })).toThrow(ForbiddenError);
    expect(() => write('draft', { buildingArea: '1' }, { now: new Date('2020-03-01T00:00:00Z') })).toThrow(/开放/);
    expect(() => write('draft', { buildingArea: '1' }, { now: new Date('2020-05-01T00:00:00Z') })).toThrow(/截止/);
    expect(write('draft', { buildingArea: '1' }, { now: new Date('2020-05-01T00:00:00Z'), actor: admin }).kind).toBe('write');
  });
});

describe('planReview', () => {
  const submitted = filed(write('submitted'));
  it('accept locks; only reopen unlocks', () => {
    const accepted = filed(planReview(submitted, { action: 'accept', comment: '' }, admin, new Date()));
    expect(accepted.status).toBe('accepted');
    expect(() => write('submitted', fullValues('2020Q1', { buildingArea: '100002' }), { current: accepted })).toThrow(/锁定/);
    const reopened = filed(planReview(accepted, { action: 'reopen', comment: '请补充' }, admin, new Date()));
    expect(reopened).toMatchObject({ status: 'returned', unlocked: true, reviewComment: '请补充' });
  });
  it('return keeps the counted values and lets the base correct after the window', () => {
    const returned = filed(planReview(submitted, { action: 'return', comment: '面积有误' }, admin, new Date()));
    expect(returned.counted).toEqual(submitted.counted);
    const corrected = filed(write('submitted', fullValues('2020Q1', { buildingArea: '100001' }), { current: returned, now: new Date('2020-06-01T00:00:00Z') }));
    expect(corrected).toMatchObject({ status: 'submitted', unlocked: false });
  });
  it('refuses transitions that make no sense', () => {
    expect(() => planReview(undefined, { action: 'accept', comment: '' }, admin, new Date())).toThrow(ConflictError);
    expect(() => planReview(submitted, { action: 'reopen', comment: '' }, admin, new Date())).toThrow(/不能执行/);
    const draft = filed(write('draft', { buildingArea: '5' }));
    expect(() => planReview(draft, { action: 'accept', comment: '' }, admin, new Date())).toThrow(/尚未提交/);
    expect(() => planReview(draft, { action: 'return', comment: 'x' }, admin, new Date())).toThrow(/不能执行/);
  });
  it('reviews what counts while the base has an unsubmitted draft over it', () => {
    const editing = filed(write('draft', fullValues('2020Q1', { operatorRevenue: '999' }), { current: submitted }));
    // Return: the base keeps its draft and the filing stays returned while it edits.
    const returned = filed(planReview(editing, { action: 'return', comment: '收入请核实' }, admin, new Date()));
    expect(returned).toMatchObject({ status: 'returned', draftPending: true, reviewComment: '收入请核实' });
    expect(returned.values).toEqual(editing.values);
    const stillReturned = filed(write('draft', fullValues('2020Q1', { operatorRevenue: '998' }), { current: returned }));
    expect(stillReturned).toMatchObject({ status: 'returned', draftPending: true });
    // Accept: the submission is locked, the draft set aside and recorded in the version.
    const accepted = filed(planReview(stillReturned, { action: 'accept', comment: '' }, admin, new Date()));
    expect(accepted).toMatchObject({ status: 'accepted', draftPending: false, countedRev: submitted.countedRev });
    expect(accepted.values).toEqual(submitted.counted);
    expect(accepted.lastVersion).toMatchObject({
      action: 'accept',
      from: 'returned',
      changes: { operatorRevenue: [9980000, submitted.counted!.operatorRevenue] },
    });
  });
  it('takes a filing stored before draftPending (status draft with counted values) as submitted', () => {
    const legacy: Filing = { ...submitted, status: 'draft', values: { ...submitted.values, buildingArea: 1 }, draftPending: undefined };
    expect(filed(planReview(legacy, { action: 'accept', comment: '' }, admin, new Date()))).toMatchObject({ status: 'accepted', values: submitted.counted });
    expect(filed(write('draft', fullValues('2020Q1', { operatorRevenue: '999' }), { current: legacy }))).toMatchObject({
      status: 'submitted',
      draftPending: true,
    });
  });
  it('an identical repeated review is a no-op, even with the If-Match of before', () => {
    const accepted = filed(planReview(submitted, { action: 'accept', comment: '' }, admin, new Date()));
    expect(planReview(accepted, { action: 'accept', comment: '' }, admin, new Date(), submitted.version).kind).toBe('noop');
    const returned = filed(planReview(submitted, { action: 'return', comment: '面积有误' }, admin, new Date()));
    expect(planReview(returned, { action: 'return', comment: '面积有误' }, admin, new Date()).kind).toBe('noop');
    // A new comment on a returned filing replaces the old one.
    expect(filed(planReview(returned, { action: 'return', comment: '面积、收入均有误' }, admin, new Date()))).toMatchObject({
      status: 'returned',
      reviewComment: '面积、收入均有误',
    });
  });
});

describe('batch accept (issue 19)', () => {
  const submitted = filed(write('submitted'));
  it('a clean submission passes; a missing or draft-only filing, a pending draft and warnings block it', () => {
    expect(batchAcceptBlock(submitted)).toBeNull();
    expect(batchAcceptBlock(undefined)).toBe(BATCH_SKIP.missing);
    expect(batchAcceptBlock(filed(write('draft', { buildingArea: '5' })))).toBe(BATCH_SKIP.missing);
    const pending = filed(write('draft', fullValues('2020Q1', { buildingArea: '100001' }), { current: submitted }));
    expect(pending.draftPending).toBe(true);
    expect(batchAcceptBlock(pending)).toBe(BATCH_SKIP.draft);
    expect(batchAcceptBlock({ ...submitted, warnings: { buildingArea: '变化超过10倍' } })).toBe(BATCH_SKIP.warnings);
  });
  it('an accepted filing is left to planReview (unchanged); two-level accepts only what a city passed', () => {
    const accepted = planReview(submitted, { action: 'accept', comment: '' }, admin, new Date());
    if (accepted.kind !== 'write') throw new Error();
    expect(batchAcceptBlock(accepted.filing)).toBeNull();
    expect(planReview(accepted.filing, { action: 'accept', comment: '' }, admin, new Date()).kind).toBe('noop');
    expect(() => planReview(submitted, { action: 'accept', comment: '' }, admin, new Date(), undefined, '基地', { twoLevel: true })).toThrow(ConflictError);
  });
  it('the body: 1–200 distinct ids, accept only', () => {
    expect(batchReviewSchema.safeParse({ action: 'accept', ids: ['a-1'] }).success).toBe(true);
    expect(batchReviewSchema.safeParse({ action: 'accept', ids: [] }).success).toBe(false);
    expect(batchReviewSchema.safeParse({ action: 'accept', ids: Array.from({ length: 201 }, (_, i) => `b-${i}`) }).success).toBe(false);
    expect(batchReviewSchema.safeParse({ action: 'accept', ids: Array.from({ length: 200 }, (_, i) => `b-${i}`) }).success).toBe(true);
    expect(batchReviewSchema.safeParse({ action: 'accept', ids: ['a-1', 'a-1'] }).success).toBe(false);
    expect(batchReviewSchema.safeParse({ action: 'pass', ids: ['a-1'] }).success).toBe(false);
  });
});
