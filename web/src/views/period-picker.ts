/// <reference lib="dom" />
// The period pickers used by the dashboard, review queue, totals and bulletin pages: quarters
// (and their years) for the bases, years for the yearly programs.

import { api } from '../api';
import { h } from '../dom';
import { periodLabel } from '../format';
import type { ProgramDesc } from '../programs';
import { type Ctx, defaultQuarter, notice, periodChoices, type Schedule, select } from '../ui';

/** `query`: `?program=platforms` for another program's periods (default: the bases'). */
export async function loadSchedules(query = ''): Promise<Schedule[]> {
  return (await api<{ periods: Schedule[] }>('GET', `/api/periods${query}`)).data.periods;
}

/** A labelled <select> of periods; `withYears` adds the years (rollups). */
export function periodPicker(schedules: Schedule[], selected: string | undefined, withYears: boolean, onChange: (p: string) => void, label = '期别') {
  const choices = periodChoices(schedules, withYears);
  const value = selected && choices.some((c) => c.value === selected) ? selected : defaultQuarter(schedules);
  const s = select('period', choices, value);
  s.addEventListener('change', () => onChange(s.value));
  return { el: h('div', { class: 'form-row inline' }, h('label', { for: 'period' }, label), s), value, select: s };
}

/** The years with a schedule (a yearly program's), newest first; the latest opened one chosen by default. */
export function yearPicker(schedules: Schedule[], selected: string | null, onChange: (y: string) => void) {
  const years = [...new Set(schedules.map((s) => s.period))].sort().reverse();
  const value = selected && years.includes(selected) ? selected : defaultQuarter(schedules);
  const s = select(
    'year',
    years.map((y) => ({ value: y, label: periodLabel(y) })),
    value,
  );
  s.addEventListener('change', () => onChange(s.value));
  return { el: h('div', { class: 'form-row inline' }, h('label', { for: 'year' }, '年度'), s), value, select: s };
}

/** No schedule yet for the program: the admin gets a link to its schedule page. */
export function noScheduleNotice(ctx: Ctx, desc: ProgramDesc): HTMLElement {
  const r = desc.reports;
  const what = `${r.navPrefix}填报期`;
  return notice(
    'info',
    `暂无${what}`,
    h(
      'p',
      null,
      ctx.me.role === 'admin' ? h('a', { href: r.scheduleHash }, `先设置${what}`) : `省级管理员尚未设置${r.captionLabel ? `${r.captionLabel}的` : ''}填报期。`,
    ),
  );
}
