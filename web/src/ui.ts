/// <reference lib="dom" />
// Shared page pieces: the view context, notices, status badges, period pickers, busy buttons.

import type { MeView } from '../../shared/auth';
import { DRAFT_PENDING_LABEL, type FilingStatus, STATUS_LABELS } from '../../shared/filing';
import { isQuarter, periodLabel, yearOf } from '../../shared/periods';
import type { PeriodSchedule } from '../../shared/schedule';
import { ApiError } from './api';
import { type Child, h, options } from './dom';
import { fmtTime } from './format';

export type { Role } from '../../shared/auth';

/** Who is signed in: what GET /api/me answers. */
export type Me = MeView;

export interface Ctx {
  me: Me;
  /** Path parameters of the route (decoded). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Navigates to `#/…`. */
  go(hash: string): void;
  /** Replaces the query of the current route without adding history. */
  setQuery(q: Record<string, string>): void;
  /** A polite announcement (aria-live). */
  announce(message: string): void;
  /** False once the user has navigated away (stale async work should stop). */
  alive(): boolean;
}

export type View = (ctx: Ctx) => Promise<Child>;

export function pageHeader(title: string, ...sub: Child[]): HTMLElement {
  return h('div', { class: 'page-header' }, h('h1', { tabindex: '-1' }, title), sub.length ? h('div', { class: 'page-sub' }, sub) : null);
}

export function notice(kind: 'info' | 'warn' | 'error' | 'ok', title: string | null, ...body: Child[]): HTMLElement {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : null }, title ? h('p', { class: 'notice-title' }, title) : null, body);
}

/** The status badge; a draft saved over a submission and not yet submitted adds a second one. */
export function statusBadge(status: FilingStatus | 'missing', draftPending = false): HTMLElement {
  const badge = h('span', { class: `badge badge-${status}` }, STATUS_LABELS[status]);
  return draftPending ? h('span', { class: 'badge-group' }, badge, ' ', h('span', { class: 'badge badge-draft' }, DRAFT_PENDING_LABEL)) : badge;
}

/** An error for people: the server's message and, to quote when asking for help, its request id. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.requestId ? `${e.message}(请求编号 ${e.requestId})` : e.message;
  return e instanceof Error ? e.message : String(e);
}

/** A live region for the result of an action on the page. */
export function statusLine(): HTMLElement {
  return h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
}

export function setStatus(el: HTMLElement, kind: 'ok' | 'error' | 'info', text: string): void {
  el.dataset.kind = kind;
  el.textContent = text;
}

/** Runs `fn` with the button disabled and marked busy. */
export async function busy<T>(button: HTMLButtonElement, fn: () => Promise<T>): Promise<T> {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/** A period's schedule, as far as the pages need it (GET /api/periods answers the whole PeriodSchedule). */
export type Schedule = Pick<PeriodSchedule, 'period' | 'opensAt' | 'dueAt' | 'closesAt'>;

/** The quarter people most likely mean: the latest one that has opened, else the latest. */
export function defaultQuarter(schedules: readonly Schedule[], now = Date.now()): string | undefined {
  const sorted = [...schedules].sort((a, b) => b.period.localeCompare(a.period));
  return sorted.find((s) => Date.parse(s.opensAt) <= now)?.period ?? sorted[0]?.period;
}

/** Quarters with a schedule, newest first, plus (optionally) their years. */
export function periodChoices(schedules: readonly Schedule[], withYears: boolean): Array<{ value: string; label: string }> {
  const quarters = [...new Set(schedules.map((s) => s.period))].filter(isQuarter).sort().reverse();
  const out: Array<{ value: string; label: string }> = [];
  const years = withYears ? [...new Set(quarters.map((q) => String(yearOf(q))))] : [];
  for (const y of years) out.push({ value: y, label: `${periodLabel(y)}(全年)` });
  for (const q of quarters) out.push({ value: q, label: periodLabel(q) });
  // Years first when present, then quarters newest first.
  return out;
}

export function select(id: string, choices: ReadonlyArray<{ value: string; label: string }>, selected?: string): HTMLSelectElement {
  const s = h('select', { id, name: id });
  s.append(...options(choices, selected));
  return s;
}

/** Runs async jobs with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export const linkButton = (href: string, text: string, cls = 'button button-secondary') => h('a', { href, class: cls }, text);

/**
 * A time in a table cell: `2020/07/01 00:00` as a <time> whose date and clock never break inside
 * (a narrow cell wraps between them instead of clipping `2026/12/`).
 */
export function when(iso: string | null | undefined): HTMLElement | string {
  const text = fmtTime(iso);
  const [date, clock] = text.split(' ');
  if (!iso || !clock) return text;
  return h('time', { datetime: iso, class: 'when' }, h('span', { class: 'when-date' }, date), ' ', h('span', { class: 'when-clock' }, clock));
}
