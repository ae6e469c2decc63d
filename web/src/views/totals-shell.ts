/// <reference lib="dom" />
// The live-totals page of any program (汇总数据, 平台汇总, 载体汇总): the period or year picker, the
// scope select (a city user: its own city only), the stat cards and the "no data yet" notice are
// the same for every program; what the aggregates show is the program's own (`render`).

import type { AggregatesView } from '../../../shared/use-cases/read-aggregates';
import type { Wire } from '../../../shared/wire';
import { api } from '../api';
import { type Child, clear, h } from '../dom';
import { fmtTime, periodLabel } from '../format';
import type { ProgramDesc } from '../programs';
import { type Ctx, notice, pageHeader, select } from '../ui';
import { loadSchedules, noScheduleNotice, periodPicker, yearPicker } from './period-picker';

/** What GET /api/aggregates/{period} answers (the bases' count is `reportingBases`), as JSON delivers it. */
export type AggregatesAnswer = Wire<AggregatesView>;

export interface TotalsSpec {
  title: string;
  subtitle: string;
  /** The scopes a principal may choose (the first is the default). */
  scopes(ctx: Ctx): Promise<Array<{ value: string; label: string }>> | Array<{ value: string; label: string }>;
  scopeLabel(scope: string): string;
  /** 报送基地数 / 报送平台数 / 报送载体数 and its data-code. */
  countLabel: string;
  countCode: string;
  /** The explanation above the tables. */
  hint: string;
  /** The 趋势 page of a scope (issue 19), linked above the tables; none for a program without one. */
  trendHash?(scope: string): string;
  /** Loads what the page needs besides the aggregates (e.g. the catalog) and renders it. */
  render(period: string, a: AggregatesAnswer): Promise<{ stats?: Child[]; content: Child[] }> | { stats?: Child[]; content: Child[] };
}

/** The reporting count of an answer, whichever program's. */
export const reportingCount = (a: AggregatesAnswer): bigint => BigInt(a.reportingEntities ?? a.reportingBases ?? 0);

export const statCard = (label: string, value: string, opts: { code?: string; small?: boolean } = {}) =>
  h(
    'div',
    { class: 'stat' },
    h('span', { class: `stat-value${opts.small ? ' stat-small' : ''}`, ...(opts.code ? { 'data-code': opts.code } : {}) }, value),
    h('span', { class: 'stat-label' }, label),
  );

export function programTotalsView(desc: ProgramDesc, spec: TotalsSpec) {
  const r = desc.reports;
  const quarters = r.periodParam === 'period';
  return async function view(ctx: Ctx) {
    const [schedules, scopes] = await Promise.all([loadSchedules(desc.query), spec.scopes(ctx)]);
    let scope = scopes.some((s) => s.value === ctx.query.get('scope')) ? ctx.query.get('scope')! : scopes[0]!.value;
    const body = h('div', null);
    const onPeriod = (p: string) => {
      period = p;
      ctx.setQuery({ [r.periodParam]: p, scope });
      void show();
    };
    // The bases' picker offers the years too (their rollups).
    const picker = quarters
      ? periodPicker(schedules, ctx.query.get('period') ?? undefined, true, onPeriod)
      : yearPicker(schedules, ctx.query.get('year'), onPeriod);
    let period: string | undefined = picker.value;
    const scopeSelect = select('scope', scopes, scope);
    scopeSelect.disabled = scopes.length === 1;
    scopeSelect.addEventListener('change', () => {
      scope = scopeSelect.value;
      ctx.setQuery({ [r.periodParam]: period ?? '', scope });
      void show();
    });

    async function show() {
      if (!period) return;
      const p = period;
      body.replaceChildren(h('p', { class: 'muted' }, '正在加载…'));
      const sep = desc.query ? '&' : '?';
      const a = (await api<AggregatesAnswer>('GET', `/api/aggregates/${p}${desc.query}${sep}scope=${encodeURIComponent(scope)}`)).data;
      const shown = await spec.render(p, a);
      if (!ctx.alive()) return;
      ctx.announce(`已显示${spec.scopeLabel(scope)}${periodLabel(p)}${r.captionLabel}汇总数据`);
      const n = reportingCount(a);
      clear(
        body,
        h(
          'div',
          { class: 'stats' },
          statCard(spec.countLabel, String(n), { code: spec.countCode }),
          shown.stats ?? null,
          statCard(quarters ? '范围与期别' : '范围与年度', `${spec.scopeLabel(scope)} · ${periodLabel(p)}`, { small: true }),
          statCard('数据更新时间', fmtTime(a.updatedAt ?? null), { small: true }),
        ),
        n === 0n ? notice('info', `该范围${quarters ? '本期' : '本年度'}尚无已提交的数据`, null) : null,
        h('p', { class: 'hint' }, spec.hint),
        spec.trendHash ? h('p', { class: 'toolbar' }, h('a', { href: spec.trendHash(scope), class: 'button button-secondary' }, '趋势')) : null,
        shown.content,
      );
    }

    const wrap = h(
      'div',
      null,
      pageHeader(spec.title, h('span', null, spec.subtitle)),
      h('div', { class: 'filters' }, picker.el, h('div', { class: 'form-row inline' }, h('label', { for: 'scope' }, '范围'), scopeSelect)),
      body,
    );
    if (!period) {
      picker.el.hidden = true;
      body.append(noScheduleNotice(ctx, desc));
    } else await show();
    return wrap;
  };
}
