/// <reference lib="dom" />
// Review queue of any program (programs.ts): the admin's 审核 / 平台审核 / 载体审核 and, with
// two-level review (TWO_LEVEL_REVIEW), a city's 初审 / 平台初审 / 载体初审 of its own filers. The
// period's filings, oldest submission first, from one request (GET /api/periods/{period}/filings
// ?program=…: states without the values); searched, filtered by city, state and lateness, sorted,
// paged and exported with the list component. The province accepts the clean filings of the page
// shown in one go (POST /api/periods/{period}/review?program=…): the server decides which are
// clean and says why it left others.

import { DRAFT_PENDING_LABEL, type Filing, type FilingStatus, STATUS_LABELS } from '../../../shared/filing';
import { api } from '../api';
import { h } from '../dom';
import { fmtTime } from '../format';
import { view } from '../list-model';
import { type ListColumnView, listView } from '../list-view';
import { BASES, CARRIERS, PLATFORMS, type ProgramDesc } from '../programs';
import { busy, type Ctx, errorText, notice, pageHeader, select, setStatus, statusBadge, statusLine, when } from '../ui';
import { loadSchedules, periodPicker, yearPicker } from './period-picker';

type Filter = { value: string; label: string; statuses: FilingStatus[] };

const ALL: Filter = { value: 'all', label: '全部已报', statuses: ['submitted', 'checked', 'returned', 'accepted', 'draft'] };
const ONE_LEVEL: Filter[] = [
  { value: 'todo', label: '待审核(已提交)', statuses: ['submitted'] },
  { value: 'returned', label: '已退回', statuses: ['returned'] },
  { value: 'accepted', label: '已确认', statuses: ['accepted'] },
  ALL,
];
/** The province with two-level review: what cities passed is ready; submissions wait for the city. */
const PROVINCE: Filter[] = [
  { value: 'todo', label: '待复审(初审通过)', statuses: ['checked'] },
  { value: 'waiting', label: '待市州初审(已提交)', statuses: ['submitted'] },
  { value: 'returned', label: '已退回', statuses: ['returned'] },
  { value: 'accepted', label: '已确认', statuses: ['accepted'] },
  ALL,
];
/** A city's 初审 (two-level review): its own filers' submissions. */
const CITY: Filter[] = [
  { value: 'todo', label: '待初审(已提交)', statuses: ['submitted'] },
  { value: 'checked', label: '初审通过', statuses: ['checked'] },
  { value: 'returned', label: '已退回', statuses: ['returned'] },
  { value: 'accepted', label: '已确认', statuses: ['accepted'] },
  ALL,
];

/** The filters of a reviewer: a city (初审), the province with or without two levels. */
export function reviewFilters(role: string, twoLevel: boolean): Filter[] {
  if (role === 'city') return CITY;
  return twoLevel ? PROVINCE : ONE_LEVEL;
}

/** The entity of a row of GET /api/periods/{period}/filings: `base`, `platform` or `carrier`. */
interface Entity {
  name: string;
  city: string;
  [key: string]: unknown;
}

/** The review queue (admin) or 初审 queue (city) of one program. */
export function programReviewView(desc: ProgramDesc) {
  return (ctx: Ctx) => reviewPage(ctx, desc);
}

export const reviewView = programReviewView(BASES);
export const platformReviewView = programReviewView(PLATFORMS);
export const carrierReviewView = programReviewView(CARRIERS);

async function reviewPage(ctx: Ctx, desc: ProgramDesc) {
  const twoLevel = !!ctx.me.twoLevelReview?.includes(desc.program);
  const city = ctx.me.role === 'city';
  const { word, navPrefix, periodParam } = desc.reports;
  if (city && !twoLevel) return notice('info', '本项目不设市州初审', null);
  const FILTERS = reviewFilters(ctx.me.role, twoLevel);
  const schedules = await loadSchedules(desc.query);
  const body = h('div', null);
  let period: string | undefined;
  let filter = FILTERS.find((f) => f.value === ctx.query.get('status'))?.value ?? 'todo';
  const onPeriod = (p: string) => {
    period = p;
    ctx.setQuery({ [periodParam]: p, status: filter });
    void show();
  };
  // Quarters (期别) for the bases, years (年度) for the yearly programs.
  const picker =
    periodParam === 'period'
      ? periodPicker(schedules, ctx.query.get('period') ?? undefined, false, onPeriod)
      : yearPicker(schedules, ctx.query.get('year'), onPeriod);
  period = picker.value;
  const statusSelect = select('status', FILTERS, filter);
  statusSelect.addEventListener('change', () => {
    filter = statusSelect.value;
    ctx.setQuery({ [periodParam]: period ?? '', status: filter });
    void show();
  });
  const entityOf = (r: Row) => r[desc.filerRole] as Entity;
  const idOf = (r: Row) => String(entityOf(r)[desc.idKey]);

  // What the province may accept: with two levels what a city passed, else any submission.
  const acceptable: FilingStatus[] = city ? [] : twoLevel ? ['checked'] : ['submitted', 'returned'];
  const batchStatus = statusLine();

  type Row = { filing: Pick<Filing, 'status' | 'draftPending' | 'submittedAt' | 'updatedAt' | 'late' | 'reviewComment'>; [role: string]: unknown };
  let cache: { period: string; rows: Row[] } | null = null;
  async function rowsFor(p: string) {
    if (cache?.period === p) return cache.rows;
    const rows = (await api<{ filings: Row[] }>('GET', `/api/periods/${p}/filings${desc.query}`)).data.filings;
    cache = { period: p, rows };
    return rows;
  }

  async function show() {
    if (!period) return;
    body.replaceChildren(h('p', { class: 'muted' }, '正在加载…'));
    const rows = await rowsFor(period);
    if (!ctx.alive()) return;
    // The province with two levels: how many submissions still wait for their city.
    const waiting = !city && twoLevel ? rows.filter((r) => r.filing.status === 'submitted').length : 0;
    const waitingNote =
      waiting && filter !== 'waiting' ? notice('info', `另有 ${waiting} 份已提交的报表等待市州初审`, h('p', null, '市州初审通过后即可在此确认。')) : null;
    ctx.announce(
      `${FILTERS.find((f) => f.value === filter)!.label}:${rows.filter((r) => FILTERS.find((f) => f.value === filter)!.statuses.includes(r.filing.status)).length}份报表`,
    );
    const statuses = FILTERS.find((f) => f.value === filter)!.statuses;
    const list = rows
      .filter((r) => statuses.includes(r.filing.status))
      .sort((a, b) => (a.filing.submittedAt ?? a.filing.updatedAt).localeCompare(b.filing.submittedAt ?? b.filing.updatedAt));
    const columns: Array<ListColumnView<Row>> = [
      { label: desc.label, text: (r) => entityOf(r).name },
      { label: '市州', text: (r) => entityOf(r).city, filter: true },
      {
        label: '状态',
        text: (r) => STATUS_LABELS[r.filing.status] + (r.filing.draftPending ? `(${DRAFT_PENDING_LABEL})` : ''),
        cell: (r) => statusBadge(r.filing.status, !!r.filing.draftPending),
      },
      {
        label: '提交时间',
        text: (r) => fmtTime(r.filing.submittedAt),
        cell: (r) => when(r.filing.submittedAt),
        sortValue: (r) => (r.filing.submittedAt ? Date.parse(r.filing.submittedAt) : null),
      },
      {
        label: '逾期',
        text: (r) => (r.filing.late ? '逾期' : '按时'),
        filter: true,
        cell: (r) => (r.filing.late ? h('span', { class: 'badge badge-late' }, '逾期') : '按时'),
      },
      { label: '审核意见', text: (r) => r.filing.reviewComment ?? '—' },
      {
        label: '操作',
        action: true,
        text: () => '',
        cell: (r) =>
          h(
            'a',
            { href: desc.viewHash(idOf(r), period!), class: 'button button-small button-primary' },
            // With two levels a city pre-checks what was submitted, the province what a city passed.
            (city ? r.filing.status === 'submitted' : r.filing.status === (twoLevel ? 'checked' : 'submitted')) ? (city ? '初审' : '审核') : '查看',
          ),
      },
    ];
    const handle = list.length
      ? listView<Row>({
          caption: `${FILTERS.find((f) => f.value === filter)!.label}(${list.length})`,
          exportTitle: `${navPrefix}${city ? '初审' : '审核'}-${period}`,
          rows: list,
          announce: (m) => ctx.announce(m),
          columns,
        })
      : null;
    // The page shown (search, filters, sort and paging applied), its filings the province may accept.
    const candidates = () =>
      (handle ? view(list, columns, handle.state()).page.rows : []).filter((r) => acceptable.includes(r.filing.status) && !r.filing.draftPending);
    const batch = list.some((r) => acceptable.includes(r.filing.status)) ? batchButton(period, candidates) : null;
    body.replaceChildren(
      ...(waitingNote ? [waitingNote] : []),
      ...(batch ? [h('p', { class: 'toolbar' }, batch)] : []),
      handle ? handle.el : notice('info', '没有符合条件的报表', null),
    );
  }

  type Result = { id: string; outcome: 'accepted' | 'unchanged' | 'skipped'; reason?: string };
  function batchButton(p: string, candidates: () => Row[]) {
    const button = h('button', { type: 'button', class: 'button button-secondary' }, '批量确认本页无异常报表');
    button.addEventListener('click', () => {
      const rows = candidates();
      if (!rows.length) return setStatus(batchStatus, 'info', '本页没有可确认的报表(有未提交修改的报表请逐份审核)');
      if (!window.confirm(`确认本页 ${rows.length} 份报表中无异常警告、无未提交修改的报表?\n有异常警告或未提交修改的报表将跳过,请逐份审核。`)) return;
      void busy(button, async () => {
        setStatus(batchStatus, 'info', '正在批量确认…');
        try {
          const { results } = (await api<{ results: Result[] }>('POST', `/api/periods/${p}/review${desc.query}`, { action: 'accept', ids: rows.map(idOf) }))
            .data;
          const count = (o: Result['outcome']) => results.filter((r) => r.outcome === o).length;
          const reasons = new Map<string, number>();
          for (const r of results) if (r.outcome === 'skipped') reasons.set(r.reason ?? '', (reasons.get(r.reason ?? '') ?? 0) + 1);
          const skipped = [...reasons].map(([reason, n]) => `${reason} ${n} 份`).join(',');
          const unchanged = count('unchanged');
          setStatus(
            batchStatus,
            'ok',
            `已确认 ${count('accepted')} 份` +
              (unchanged ? `,${unchanged} 份此前已确认` : '') +
              (skipped ? `;跳过 ${count('skipped')} 份(${skipped}),请逐份审核` : ''),
          );
        } catch (err) {
          setStatus(batchStatus, 'error', errorText(err));
          return;
        }
        cache = null;
        if (ctx.alive()) await show();
      });
    });
    return button;
  }

  const wrap = h(
    'div',
    null,
    city
      ? pageHeader(`${navPrefix}初审`, h('span', null, `${ctx.me.city ?? ''}:核对本市州${word}提交的报表,初审通过后报省级管理员复审,或填写意见退回修改`))
      : pageHeader(
          `${navPrefix}审核`,
          h(
            'span',
            null,
            twoLevel ? '市州初审通过的报表在此复审:确认通过,或填写意见退回修改;已提交的报表等待市州初审' : `核对${word}提交的报表:确认通过,或填写意见退回修改`,
          ),
        ),
    h('div', { class: 'filters' }, picker.el, h('div', { class: 'form-row inline' }, h('label', { for: 'status' }, '状态'), statusSelect)),
    batchStatus,
    body,
  );
  if (!period) body.append(notice('info', `暂无${navPrefix}填报期`, null));
  else await show();
  return wrap;
}
