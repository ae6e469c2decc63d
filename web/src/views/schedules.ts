/// <reference lib="dom" />
// Period schedules (admin): when each quarter (bases) or year (platforms, carriers) opens, is due and
// closes (Beijing time).

import { isQuarter, isYear, periodLabel } from '../../../shared/periods';
import { scheduleInputSchema } from '../../../shared/schedule';
import { ApiError, api } from '../api';
import { field, h, showFieldError, table } from '../dom';
import { fromLocalInput, toLocalInput } from '../format';
import { busy, type Ctx, errorText, notice, pageHeader, type Schedule, setStatus, statusLine, when } from '../ui';
import { loadSchedules } from './period-picker';

function nextQuarterGuess(schedules: Schedule[]): string {
  const latest = [...schedules]
    .map((s) => s.period)
    .sort()
    .pop();
  if (!latest) {
    const d = new Date();
    return `${d.getFullYear()}Q${Math.floor(d.getMonth() / 3) + 1}`;
  }
  const y = Number(latest.slice(0, 4));
  const q = Number(latest.slice(5));
  return q === 4 ? `${y + 1}Q1` : `${y}Q${q + 1}`;
}

function nextYearGuess(schedules: Schedule[]): string {
  const latest = [...schedules]
    .map((s) => s.period)
    .sort()
    .pop();
  return latest ? String(Number(latest.slice(0, 4)) + 1) : String(new Date().getFullYear() - 1);
}

/** What differs between the bases' quarters and the platforms' years. */
interface ScheduleKind {
  query: string;
  unit: string;
  example: string;
  check: (p: string) => boolean;
  guess: (schedules: Schedule[]) => string;
  title: string;
  sub: string;
  closedHint: string;
}

const QUARTERS: ScheduleKind = {
  query: '',
  unit: '季度',
  example: '2021Q1',
  check: isQuarter,
  guess: nextQuarterGuess,
  title: '填报期',
  sub: '各季度的开放、截止和关闭时间(北京时间)',
  closedHint: '此后基地不能再修改(省级管理员除外)',
};

const YEARS: ScheduleKind = {
  query: '?program=platforms',
  unit: '年度',
  example: '2020',
  check: isYear,
  guess: nextYearGuess,
  title: '平台填报期',
  sub: '窗口平台各年度的开放、截止和关闭时间(北京时间)',
  closedHint: '此后窗口平台不能再修改(省级管理员除外)',
};

const CARRIER_YEARS: ScheduleKind = {
  ...YEARS,
  query: '?program=carriers',
  title: '载体填报期',
  sub: '双创特色载体各年度的开放、截止和关闭时间(北京时间)',
  closedHint: '此后载体不能再修改(省级管理员除外)',
};

export const schedulesView = (ctx: Ctx) => scheduleKindView(ctx, QUARTERS);
export const carrierSchedulesView = (ctx: Ctx) => scheduleKindView(ctx, CARRIER_YEARS);
export const platformSchedulesView = (ctx: Ctx) => scheduleKindView(ctx, YEARS);

async function scheduleKindView(_ctx: Ctx, kind: ScheduleKind) {
  let schedules = await loadSchedules(kind.query);
  const listEl = h('div', null);
  const inputs = {
    period: h('input', { type: 'text', id: 's-period', autocomplete: 'off', maxlength: '6', value: kind.guess(schedules) }),
    opensAt: h('input', { type: 'datetime-local', id: 's-opensAt', step: '1' }),
    dueAt: h('input', { type: 'datetime-local', id: 's-dueAt', step: '1' }),
    closesAt: h('input', { type: 'datetime-local', id: 's-closesAt', step: '1' }),
  };
  const rows = {
    period: field(kind.unit, inputs.period, { hint: `如 ${kind.example}`, required: true }),
    opensAt: field('开始填报时间', inputs.opensAt, { hint: '北京时间', required: true }),
    dueAt: field('截止时间', inputs.dueAt, { hint: '此后首次提交记为逾期', required: true }),
    closesAt: field('关闭时间', inputs.closesAt, { hint: kind.closedHint, required: true }),
  };
  const status = statusLine();
  const saveBtn = h('button', { type: 'submit', class: 'button button-primary' }, '保存填报期');
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'schedule-form-title' },
    h('h2', { id: 'schedule-form-title' }, '设置填报期'),
    h(
      'div',
      { class: 'form-grid' },
      Object.values(rows).map((r) => r.row),
    ),
    h('div', { class: 'actions' }, saveBtn),
    status,
  );

  function fill(s: Schedule) {
    inputs.period.value = s.period;
    inputs.opensAt.value = toLocalInput(s.opensAt);
    inputs.dueAt.value = toLocalInput(s.dueAt);
    inputs.closesAt.value = toLocalInput(s.closesAt);
    inputs.opensAt.focus();
  }

  function renderList() {
    listEl.replaceChildren(
      schedules.length
        ? table(
            '已设置的填报期',
            ['期别', '开始', '截止', '关闭', '状态', '操作'],
            [...schedules]
              .sort((a, b) => b.period.localeCompare(a.period))
              .map((s) => {
                const now = Date.now();
                const state =
                  now < Date.parse(s.opensAt) ? '未开始' : now <= Date.parse(s.dueAt) ? '填报中' : now <= Date.parse(s.closesAt) ? '已过截止' : '已关闭';
                return [
                  periodLabel(s.period),
                  when(s.opensAt),
                  when(s.dueAt),
                  when(s.closesAt),
                  state,
                  h('button', { type: 'button', class: 'link-button', onclick: () => fill(s), 'aria-label': `修改 ${periodLabel(s.period)}` }, '修改'),
                ];
              }),
          )
        : notice('info', '尚未设置填报期', null),
    );
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    for (const r of Object.values(rows)) showFieldError(r.control, r.error, undefined);
    const period = inputs.period.value.trim().toUpperCase();
    const body = { opensAt: fromLocalInput(inputs.opensAt.value), dueAt: fromLocalInput(inputs.dueAt.value), closesAt: fromLocalInput(inputs.closesAt.value) };
    const errors: Record<string, string> = {};
    if (!kind.check(period)) errors.period = `${kind.unit}应如 ${kind.example}`;
    const parsed = scheduleInputSchema.safeParse(body);
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0] ?? 'opensAt')] ??= i.message;
    const show = (errs: Record<string, string>) => {
      let first: HTMLElement | null = null;
      for (const [k, m] of Object.entries(errs)) {
        const r = rows[k as keyof typeof rows];
        if (r) {
          showFieldError(r.control, r.error, m);
          first ??= r.control;
        }
      }
      setStatus(status, 'error', Object.values(errs).join(';'));
      first?.focus();
    };
    if (Object.keys(errors).length) return show(errors);
    void busy(saveBtn, async () => {
      try {
        await api('PUT', `/api/periods/${period}${kind.query}`, body);
        schedules = await loadSchedules(kind.query);
        renderList();
        setStatus(status, 'ok', `已保存${periodLabel(period)}的填报期`);
      } catch (err) {
        if (err instanceof ApiError && Object.keys(err.fields).length) show(err.fields);
        else setStatus(status, 'error', errorText(err));
      }
    });
  });

  renderList();
  return h('div', null, pageHeader(kind.title, h('span', null, kind.sub)), form, h('section', { class: 'card', 'aria-label': '填报期列表' }, listEl));
}
