/// <reference lib="dom" />
// The period picker used by the dashboard, review queue, totals and bulletin pages.

import { api } from '../api';
import { h } from '../dom';
import { defaultQuarter, periodChoices, select, type Schedule } from '../ui';

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
