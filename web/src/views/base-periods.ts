/// <reference lib="dom" />
// A base's periods with their status: the base administrator's home page (#/periods), and for
// admin and city users the page of one base (#/bases/{baseId}).

import type { FilingStatus } from '../../../shared/filing';
import { LEVEL_LABELS, type BaseRecord } from '../../../shared/registry';
import { api } from '../api';
import { h, table } from '../dom';
import { fmtTime, periodLabel } from '../format';
import { notice, pageHeader, statusBadge, type Ctx } from '../ui';

interface PeriodRow {
  period: string;
  opensAt: string;
  dueAt: string;
  closesAt: string;
  status: FilingStatus | 'missing';
  draftPending: boolean;
  late: boolean;
  version: number;
}

export async function basePeriodsView(ctx: Ctx) {
  const baseId = ctx.params.baseId ?? ctx.me.baseId!;
  const { base, periods } = (await api<{ base: BaseRecord; periods: PeriodRow[] }>('GET', `/api/bases/${encodeURIComponent(baseId)}/filings`)).data;
  const now = Date.now();
  const isBase = ctx.me.role === 'base';
  const enc = encodeURIComponent;

  const action = (p: PeriodRow) => {
    const view = h('a', { href: `#/view/${enc(baseId)}/${p.period}` }, '查看');
    if (!isBase) {
      const links = [p.status !== 'missing' ? view : null];
      if (ctx.me.role === 'admin') links.push(h('a', { href: `#/filing/${enc(baseId)}/${p.period}` }, p.status === 'missing' ? '代为填报' : '修改'));
      return h('span', { class: 'link-list' }, links);
    }
    if (p.status === 'accepted') return view;
    if (p.status === 'returned') return h('a', { href: `#/filing/${enc(baseId)}/${p.period}`, class: 'button button-primary button-small' }, '修改后重新提交');
    if (now < Date.parse(p.opensAt)) return h('span', { class: 'muted' }, `未开放(${fmtTime(p.opensAt)} 起)`);
    if (now > Date.parse(p.closesAt)) return h('span', { class: 'link-list' }, h('span', { class: 'muted' }, '已截止'), p.status !== 'missing' ? view : null);
    const label = p.status === 'missing' ? '开始填报' : p.status === 'draft' || p.draftPending ? '继续填报' : '查看或修改';
    return h('a', { href: `#/filing/${enc(baseId)}/${p.period}`, class: p.status === 'submitted' ? 'button button-secondary button-small' : 'button button-primary button-small' }, label);
  };

  const rows = periods.map((p) => [
    periodLabel(p.period),
    statusBadge(p.status, p.draftPending),
    fmtTime(p.opensAt),
    h('span', null, fmtTime(p.dueAt), now > Date.parse(p.dueAt) && (p.status === 'missing' || p.status === 'draft') ? h('span', { class: 'badge badge-late' }, '已过截止时间') : null),
    p.late ? h('span', { class: 'badge badge-late' }, '逾期提交') : p.status === 'missing' || p.status === 'draft' ? '—' : '按时',
    action(p),
  ]);

  return h(
    'div',
    null,
    pageHeader(isBase ? '我的填报' : base.name, h('span', null, base.name, `(${base.baseId})`), h('span', null, `${base.city} ${base.county}`), h('span', null, LEVEL_LABELS[base.level]), base.cohort ? h('span', null, base.cohort) : null),
    isBase ? h('p', { class: 'lead' }, '请在截止时间前完成每个季度的填报并提交。可先暂存草稿,提交后由省级管理员审核。') : null,
    periods.length
      ? table('各期填报情况', ['期别', '状态', '开放时间', '截止时间', '是否逾期', '操作'], rows, { class: 'data periods-table' })
      : notice('info', '暂无填报期', h('p', null, '省级管理员尚未设置填报期。')),
  );
}
