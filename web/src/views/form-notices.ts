/// <reference lib="dom" />
// The filing form's header (entity, status, version, lateness, due date) and its notices: the
// reviewer's return comment, a reopen, 已确认 / outside the filing window, and the unsaved input
// of an earlier visit restored from the local draft (with 放弃这些修改).

import { type Child, h } from '../dom';
import type { LocalDraft } from '../draft-store';
import { fmtTime } from '../format';
import type { ProgramDesc } from '../programs';
import { notice, pageHeader, type Schedule, statusBadge } from '../ui';
import type { FilingView } from './form-extension';

export function formHeader(
  desc: ProgramDesc,
  period: string,
  entity: { id: string; name: string },
  filing: FilingView | null,
  schedule: Schedule | undefined,
  now: number,
): HTMLElement {
  const scheduleLine = schedule
    ? h(
        'span',
        null,
        `截止时间 ${fmtTime(schedule.dueAt)}`,
        now > Date.parse(schedule.dueAt) && !filing?.firstSubmittedAt ? h('span', { class: 'badge badge-late' }, '已过截止时间') : null,
      )
    : null;
  return pageHeader(
    desc.formTitle(period),
    h('span', null, `${entity.name}(${entity.id})`),
    statusBadge(filing?.status ?? 'missing', !!filing?.draftPending),
    filing ? h('span', null, `第${filing.version}版`) : null,
    filing?.late ? h('span', { class: 'badge badge-late' }, '逾期提交') : null,
    scheduleLine,
  );
}

export interface NoticesInput {
  filing: FilingView | null;
  schedule: Schedule | undefined;
  now: number;
  locked: boolean;
  readOnly: boolean;
  /** The local draft restored into the form, or null. */
  restored: LocalDraft | null;
  /** 放弃这些修改: drop the local draft and show the stored filing. */
  onDiscard(): void;
}

export function formNotices({ filing, schedule, now, locked, readOnly, restored, onDiscard }: NoticesInput): Child[] {
  const notices: Child[] = [];
  // A return always carries a comment; a reopen (unlocking an accepted filing) may not.
  if (filing?.status === 'returned' && filing.reviewComment)
    notices.push(
      notice(
        'warn',
        `${filing.updatedBy.role === 'city' ? '市州管理员' : '省级管理员'}退回了本期报表,请按意见修改后重新提交`,
        h('p', { class: 'review-comment' }, h('span', { class: 'muted' }, '修改意见:'), filing.reviewComment),
      ),
    );
  else if (filing?.status === 'returned') notices.push(notice('info', '省级管理员已重新打开本期报表', h('p', null, '可以修改后重新提交。')));
  else if (filing?.reviewComment && filing.status !== 'accepted')
    notices.push(notice('info', null, h('p', { class: 'review-comment' }, h('span', { class: 'muted' }, '上次退回时的修改意见:'), filing.reviewComment)));
  if (filing?.status === 'accepted') notices.push(notice('ok', '本期报表已确认并锁定', h('p', null, '如需修改,请联系省级管理员重新打开。')));
  else if (locked && !readOnly)
    notices.push(
      notice(
        'info',
        !schedule
          ? '本期尚未开放填报'
          : now < Date.parse(schedule.opensAt)
            ? `本期将于 ${fmtTime(schedule.opensAt)} 开放填报`
            : `本期已于 ${fmtTime(schedule.closesAt)} 截止填报`,
        h('p', null, '如需修改,请联系省级管理员。'),
      ),
    );
  if (restored) {
    const discard = h('button', { type: 'button', class: 'button button-secondary button-small' }, '放弃这些修改');
    discard.addEventListener('click', onDiscard);
    const moved = (filing?.version ?? 0) !== restored.version;
    notices.push(
      notice(
        moved ? 'warn' : 'info',
        '已恢复您上次未保存的修改',
        h('p', null, `这些内容(${fmtTime(restored.at)})尚未保存到服务器,请检查后暂存或提交。`),
        moved
          ? h('p', null, `注意:此后服务器上的报表已更新为第${filing?.version ?? 0}版(${filing?.statusLabel ?? '未填报'}),保存将以您恢复的内容覆盖它。`)
          : null,
        h('p', null, discard),
      ),
    );
  }
  return notices;
}
