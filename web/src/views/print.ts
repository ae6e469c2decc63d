/// <reference lib="dom" />
// A printable filing: title, base, period, status, every section's values and the totals, and
// signature lines. The print stylesheet hides the navigation and buttons.

import { isQuarter, periodLabel } from '../../../shared/periods';
import { type BaseRecord, LEVEL_LABELS } from '../../../shared/registry';
import type { FilingView } from '../../../shared/use-cases/read-filings';
import { ApiError, api } from '../api';
import { h } from '../dom';
import { fmtTime } from '../format';
import { province } from '../province';
import { type Ctx, notice, statusBadge } from '../ui';
import { valuesTables } from './values-tables';

export async function printView(ctx: Ctx) {
  const { baseId, period } = ctx.params as { baseId: string; period: string };
  if (!isQuarter(period)) return notice('error', '期别不正确', null);
  const enc = encodeURIComponent(baseId);
  const [base, filing] = await Promise.all([
    api<BaseRecord>('GET', `/api/bases/${enc}`).then((r) => r.data),
    api<FilingView>('GET', `/api/bases/${enc}/filings/${period}`).then(
      (r) => r.data,
      (e) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      },
    ),
  ]);
  const printBtn = h('button', { type: 'button', class: 'button button-primary' }, '打印');
  printBtn.addEventListener('click', () => window.print());
  const back = ctx.me.role === 'base' ? `#/filing/${enc}/${period}` : `#/view/${enc}/${period}`;
  return h(
    'article',
    { class: 'print-sheet' },
    h('div', { class: 'toolbar no-print' }, printBtn, h('a', { href: back, class: 'button button-quiet' }, '返回')),
    h('h1', { tabindex: '-1' }, `${base.province ?? province().name}中小微企业创业创新基地运营情况表`),
    h('p', { class: 'print-period' }, periodLabel(period)),
    h(
      'dl',
      { class: 'meta print-meta' },
      h('dt', null, '基地名称'),
      h('dd', null, base.name),
      h('dt', null, '基地编号'),
      h('dd', null, base.baseId),
      h('dt', null, '所在地'),
      h('dd', null, `${base.city} ${base.county}`),
      h('dt', null, '级别'),
      h('dd', null, LEVEL_LABELS[base.level]),
      h('dt', null, '状态'),
      h('dd', null, statusBadge(filing?.status ?? 'missing', !!filing?.draftPending), filing ? ` 第${filing.version}版 · ${fmtTime(filing.updatedAt)}` : ''),
    ),
    filing ? valuesTables(period, filing.values) : notice('info', '该基地本期尚未填报', null),
    h(
      'div',
      { class: 'signatures' },
      h('p', null, '填报人:', h('span', { class: 'sign-line' })),
      h('p', null, '负责人:', h('span', { class: 'sign-line' })),
      h('p', null, '填报日期:', h('span', { class: 'sign-line' })),
    ),
  );
}
