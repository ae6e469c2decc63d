/// <reference lib="dom" />
// Review queue (admin): the period's submitted and returned filings, oldest submission first,
// from one request (GET /api/periods/{period}/filings: states without the values).

import type { Filing, FilingStatus } from '../../../shared/filing';
import type { BaseRecord } from '../../../shared/registry';
import { api } from '../api';
import { h, table } from '../dom';
import { notice, pageHeader, select, statusBadge, when, type Ctx } from '../ui';
import { loadSchedules, periodPicker } from './period-picker';

const FILTERS: Array<{ value: string; label: string; statuses: FilingStatus[] }> = [
  { value: 'todo', label: '待审核(已提交)', statuses: ['submitted'] },
  { value: 'returned', label: '已退回', statuses: ['returned'] },
  { value: 'accepted', label: '已确认', statuses: ['accepted'] },
  { value: 'all', label: '全部已报', statuses: ['submitted', 'returned', 'accepted', 'draft'] },
];

export async function reviewView(ctx: Ctx) {
  const schedules = await loadSchedules();
  const body = h('div', null);
  let period: string | undefined;
  let filter = FILTERS.find((f) => f.value === ctx.query.get('status'))?.value ?? 'todo';
  const picker = periodPicker(schedules, ctx.query.get('period') ?? undefined, false, (p) => {
    period = p;
    ctx.setQuery({ period: p, status: filter });
    void show();
  });
  period = picker.value;
  const statusSelect = select('status', FILTERS, filter);
  statusSelect.addEventListener('change', () => {
    filter = statusSelect.value;
    ctx.setQuery({ period: period ?? '', status: filter });
    void show();
  });

  type Row = { base: BaseRecord; filing: Pick<Filing, 'status' | 'draftPending' | 'submittedAt' | 'updatedAt' | 'late' | 'reviewComment'> };
  let cache: { period: string; rows: Row[] } | null = null;
  async function rowsFor(p: string) {
    if (cache?.period === p) return cache.rows;
    const rows = (await api<{ filings: Row[] }>('GET', `/api/periods/${p}/filings`)).data.filings;
    cache = { period: p, rows };
    return rows;
  }

  async function show() {
    if (!period) return;
    body.replaceChildren(h('p', { class: 'muted' }, '正在加载…'));
    const rows = await rowsFor(period);
    if (!ctx.alive()) return;
    ctx.announce(`${FILTERS.find((f) => f.value === filter)!.label}:${rows.filter((r) => FILTERS.find((f) => f.value === filter)!.statuses.includes(r.filing.status)).length}份报表`);
    const statuses = FILTERS.find((f) => f.value === filter)!.statuses;
    const list = rows
      .filter((r) => statuses.includes(r.filing.status))
      .sort((a, b) => (a.filing.submittedAt ?? a.filing.updatedAt).localeCompare(b.filing.submittedAt ?? b.filing.updatedAt));
    body.replaceChildren(
      list.length
        ? table(
            `${FILTERS.find((f) => f.value === filter)!.label}(${list.length})`,
            ['基地', '市州', '状态', '提交时间', '逾期', '审核意见', '操作'],
            list.map(({ base, filing }) => [
              base.name,
              base.city,
              statusBadge(filing.status, !!filing.draftPending),
              when(filing.submittedAt),
              filing.late ? h('span', { class: 'badge badge-late' }, '逾期') : '按时',
              filing.reviewComment ?? '—',
              h('a', { href: `#/view/${encodeURIComponent(base.baseId)}/${period}`, class: 'button button-small button-primary' }, filing.status === 'submitted' ? '审核' : '查看'),
            ]),
          )
        : notice('info', '没有符合条件的报表', null),
    );
  }

  const wrap = h(
    'div',
    null,
    pageHeader('审核', h('span', null, '核对基地提交的报表:确认通过,或填写意见退回修改')),
    h('div', { class: 'filters' }, picker.el, h('div', { class: 'form-row inline' }, h('label', { for: 'status' }, '状态'), statusSelect)),
    body,
  );
  if (!period) body.append(notice('info', '暂无填报期', null));
  else await show();
  return wrap;
}
