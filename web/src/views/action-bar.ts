/// <reference lib="dom" />
// The filing form's sticky action bar (暂存草稿 / 提交, the status line, the draft note) and
// what keeps the focused field clear of it and of the on-screen keyboard.

import { h } from '../dom';

export const DRAFT_NOTE = '暂存的草稿不计入汇总;已提交的报表再暂存草稿时,汇总仍使用上次提交的数据,直到再次提交。';

export interface ActionBar {
  bar: HTMLElement;
  saveBtn: HTMLButtonElement;
  submitBtn: HTMLButtonElement;
  /** The status line (正在暂存… / the copy-stocks note / a refreshed version). */
  statusEl: HTMLElement;
}

/** The bar's buttons: 提交, or 重新提交 once the filing counts. */
export function actionBar(counted: boolean): ActionBar {
  const statusEl = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const saveBtn = h('button', { type: 'button', class: 'button button-secondary' }, '暂存草稿');
  const submitBtn = h('button', { type: 'submit', class: 'button button-primary' }, counted ? '重新提交' : '提交');
  const bar = h(
    'div',
    { class: 'form-actions no-print' },
    h('div', { class: 'action-buttons' }, saveBtn, submitBtn),
    statusEl,
    h('p', { class: 'hint bar-hint' }, DRAFT_NOTE),
  );
  return { bar, saveBtn, submitBtn, statusEl };
}

/** Appends the bar to an editable form, with its phone note, and keeps focused fields clear of it. */
export function mountActionBar(form: HTMLElement, bar: HTMLElement): void {
  // On a phone the bar is one slim row: its note stands above it instead (one of the two is shown).
  form.append(h('p', { class: 'hint phone-only' }, DRAFT_NOTE), bar);
  keepFocusClear(form, bar);
}

/**
 * The focused field and the lines under it (its error and warning: aria-describedby) stay
 * above the sticky action bar and above the on-screen keyboard (visualViewport). The bar's
 * height goes to --action-bar-h, which the phone stylesheet adds to scroll-padding-bottom so a
 * field reached with Tab lands clear of it; this catches the rest: an error that appears under
 * the field while typing, the keyboard opening, a tap on a field half under the bar.
 */
function keepFocusClear(form: HTMLElement, bar: HTMLElement): void {
  const root = document.documentElement;
  const measure = () => root.style.setProperty('--action-bar-h', `${Math.ceil(bar.getBoundingClientRect().height)}px`);
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
  ro?.observe(bar);
  const vv = window.visualViewport;
  const check = () => {
    if (!form.isConnected) {
      ro?.disconnect();
      vv?.removeEventListener('resize', later);
      return;
    }
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || !form.contains(el) || bar.contains(el)) return;
    const rect = el.getBoundingClientRect();
    let bottom = rect.bottom;
    for (const id of (el.getAttribute('aria-describedby') ?? '').split(/\s+/)) {
      const d = id ? document.getElementById(id) : null;
      if (d && !d.hidden && d.getClientRects().length) bottom = Math.max(bottom, d.getBoundingClientRect().bottom);
    }
    const visibleTop = vv ? vv.offsetTop : 0;
    const visibleBottom = vv ? vv.offsetTop + vv.height : window.innerHeight;
    const barTop = bar.getBoundingClientRect().top;
    const limit = Math.min(visibleBottom, barTop) - 8;
    // Never push the field itself above the top to show a long message under it.
    const by = Math.min(bottom - limit, rect.top - visibleTop - 8);
    if (bottom > limit && by > 0) window.scrollBy({ top: by, behavior: 'instant' as ScrollBehavior });
  };
  let frame = 0;
  function later() {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(check);
  }
  measure();
  form.addEventListener('focusin', later);
  // After the field's own input handler has painted (or cleared) its error.
  form.addEventListener('input', later);
  vv?.addEventListener('resize', later);
}
