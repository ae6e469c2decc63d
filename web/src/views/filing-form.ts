/// <reference lib="dom" />
// The filing form of any program (programs.ts: a base's quarter, a platform's year), generated
// from its catalog (form-model.ts): sections as fieldsets, labels with units, the bases' service
// grid and running totals, inline validation with the server's own zod schemas and Chinese
// messages, server errors and warnings mapped to fields, save draft / submit with If-Match, the
// admin's return comment, the Excel round trip and the history.

import type { Filing } from '../../../shared/filing';
import { api, ApiError, download, fileToBase64 } from '../api';
import { clear, h, nextId, type Child } from '../dom';
import { clearDraft, loadDraft, saveDraft } from '../draft-store';
import { fmtTime, periodLabel } from '../format';
import {
  basesCatalog,
  buildFormModel,
  computeTotal,
  inputId,
  labelWithUnit,
  sameRaw,
  toPayload,
  toRaw,
  validateForm,
  type Catalog,
  type FieldItem,
  type FormSection,
  type GridItem,
  type RawValues,
  type TotalItem,
} from '../form-model';
import { BASES, PLATFORMS, type ProgramDesc } from '../programs';
import { busy, errorText, notice, pageHeader, statusBadge, type Ctx, type Schedule } from '../ui';
import { historySection } from './history';
import { contextLine, copyStocks, loadContext, stockFields, typedNumber, type FilingContext } from '../context';

export type FilingView = Filing & { statusLabel: string };

/** An input of a field, created and wired by the generic form (validation, warnings, local draft). */
export type FieldInput = (
  item: FieldItem,
  labelText: string | null,
  hiddenLabel?: boolean,
) => { input: HTMLInputElement; label: HTMLElement; err: HTMLElement; warn: HTMLElement; hint: HTMLElement | null };

/**
 * What a program adds to the generic form: a carrier's indicator table (its plan's baseline,
 * last year and target next to each input) and its details (fund tables, progress, texts). The
 * generic form keeps the lifecycle: save/submit with If-Match, warnings, server errors by key,
 * the local draft, the history.
 */
export interface FormExtension {
  /** Loaded with the form: whatever the program's parts need (a plan, last year's filing). */
  load(id: string, period: string, filing: FilingView | null): Promise<unknown>;
  create(env: ExtensionEnv): ExtensionInstance;
}

export interface ExtensionEnv {
  id: string;
  period: string;
  filing: FilingView | null;
  extra: unknown;
  locked: boolean;
  /** The typed values of the fields (live). */
  raw: RawValues;
  fieldInput: FieldInput;
  /** The serialized input of an earlier visit not yet saved (the local draft), or null. */
  restored: string | null;
  /** Call after an edit of the program's own inputs: `key` is the error key the edit touches. */
  changed(key: string): void;
}

export interface ExtensionInstance {
  /** A section in the program's own layout (null: the generic rows). */
  section?(s: FormSection): HTMLElement | null;
  /** After a field's value changed (live columns). */
  onValue?(code: string): void;
  /** Parts after the sections, inside the form. */
  parts: Child[];
  /** Toolbar buttons. */
  tools?: Child[];
  /** The write body's other keys. */
  payload(): Record<string, unknown>;
  /** Client-side errors of its inputs, keyed as the server keys them. */
  validate(): Record<string, string>;
  /** A server error key → the key of the input it means (e.g. after blank rows were dropped). */
  mapKey?(key: string): string;
  /** Shows the errors of its keys next to its inputs (other keys are ignored). */
  paint(errors: Record<string, string>): void;
  /** The input an error key points at (for the summary's links), or null. */
  target(key: string): HTMLElement | null;
  /** The typed input, serialized for the local draft; and whether it differs from the stored. */
  snapshot(): string;
  dirty(): boolean;
}

/** Template uploads travel as base64 JSON under the API's body limit (256 KiB by default). */
const MAX_UPLOAD_BYTES = 180 * 1024;

interface Loaded {
  /** The base or platform: its id and name. */
  entity: { id: string; name: string };
  filing: FilingView | null;
  schedule: Schedule | undefined;
  catalog: Catalog;
  /** What the program's form extension loaded. */
  extra?: unknown;
  /** The previous period's and last year's filings (programs without a form extension). */
  context?: FilingContext;
}

/** The bases' catalog is compiled in (no request); another program's comes from the API. */
async function loadCatalog(desc: ProgramDesc, id: string, period: string): Promise<Catalog> {
  if (desc.program === 'bases') return basesCatalog(period);
  return (await api<Catalog>('GET', `/api/catalog/${period}${desc.catalogQuery(id)}`)).data;
}

async function load(desc: ProgramDesc, id: string, period: string, catalog?: Catalog, ext?: FormExtension): Promise<Loaded> {
  const enc = encodeURIComponent(id);
  const [record, filing, periods, cat] = await Promise.all([
    api<{ name: string }>('GET', `/api/${desc.entityPath}/${enc}`).then((r) => r.data),
    api<FilingView>('GET', `/api/${desc.entityPath}/${enc}/filings/${period}`).then(
      (r) => r.data,
      (e) => {
        if (e instanceof ApiError && e.status === 404 && e.code === 'FILING_NOT_FOUND') return null;
        throw e;
      },
    ),
    api<{ periods: Schedule[] }>('GET', `/api/periods${desc.query}`).then((r) => r.data.periods),
    catalog ?? loadCatalog(desc, id, period),
  ]);
  const extra = ext ? await ext.load(id, period, filing) : undefined;
  // A carrier's extension shows its own context (plan, last year); the others get the generic one.
  const context = ext ? undefined : await loadContext(desc.entityPath, id, period).catch(() => undefined);
  return { entity: { id, name: record.name }, filing, schedule: periods.find((p) => p.period === period), catalog: cat, extra, context };
}

/** The form view of a program: route `…/:id/:period`. */
export function programFormView(desc: ProgramDesc, ext?: FormExtension) {
  return async (ctx: Ctx) => {
    const { id, period } = ctx.params as { id: string; period: string };
    if (!desc.periodCheck(period)) return notice('error', '期别不正确', h('p', null, '请从「我的填报」进入。'));
    const container = h('div', { class: ext ? 'filing filing-ext' : 'filing' });
    const data = await load(desc, id, period, undefined, ext);
    renderForm(ctx, container, desc, id, period, data, null, ext);
    return container;
  };
}

export const filingFormView = programFormView(BASES);
export const platformFilingFormView = programFormView(PLATFORMS);

const DRAFT_NOTE = '暂存的草稿不计入汇总;已提交的报表再暂存草稿时,汇总仍使用上次提交的数据,直到再次提交。';

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
    const limit = Math.min(visibleBottom, barTop < visibleBottom ? barTop : visibleBottom) - 8;
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

function renderForm(ctx: Ctx, container: HTMLElement, desc: ProgramDesc, id: string, period: string, data: Loaded, flash: { kind: 'ok' | 'info'; text: string } | null, ext?: FormExtension) {
  const model = buildFormModel(period, data.catalog);
  const fields = model.fields;
  const { entity, filing, schedule } = data;
  const draftId = desc.draftKey(id);
  const apiPath = `/api/${desc.entityPath}/${encodeURIComponent(id)}/filings/${period}`;
  const serverRaw = toRaw(fields, filing?.values);
  let version = filing?.version ?? 0;
  const now = Date.now();
  const isBase = ctx.me.role === desc.filerRole;
  const windowClosed = !!schedule && (now < Date.parse(schedule.opensAt) || now > Date.parse(schedule.closesAt));
  // A city user reads its city's platform filings through the same form, read-only.
  const readOnly = ctx.me.role === 'city';
  const locked = readOnly || filing?.status === 'accepted' || (isBase && !filing?.unlocked && (!schedule || windowClosed));

  // Unsaved input from an earlier visit (reload, crash) takes precedence, with a notice.
  const local = locked ? null : loadDraft(draftId, period);
  const restoredValues = !!local && !sameRaw(fields, local.raw, serverRaw);
  const raw: RawValues = { ...(restoredValues ? local!.raw : serverRaw) };

  const inputs = new Map<string, HTMLInputElement>();
  const errorEls = new Map<string, HTMLElement>();
  const warnEls = new Map<string, HTMLElement>();
  const contextEls = new Map<string, HTMLElement>();
  const contextLabels = { previous: desc.previousLabel, lastYear: '去年同期' };
  const totalEls = new Map<string, { item: TotalItem; el: HTMLOutputElement }>();
  let serverErrors: Record<string, string> = {};
  let submitAttempted = false;
  let pendingWarnings: Record<string, string> = {};

  // The program's own parts (a carrier's indicator table and fund tables), wired to this form.
  const extension = ext?.create({
    id,
    period,
    filing,
    extra: data.extra,
    locked,
    raw,
    fieldInput: (item, labelText, hiddenLabel) => fieldInput(item, labelText, hiddenLabel),
    restored: local?.extra ?? null,
    changed: (key) => onExtensionInput(key),
  });
  const restored = restoredValues || (!!local && !!extension?.dirty());
  if (local && !restored) clearDraft(draftId, period);

  // ---- header and notices ---------------------------------------------------------------
  const flashEl = h('div', { class: 'flash', tabindex: '-1', role: 'status', 'aria-live': 'polite' }, flash ? notice(flash.kind, null, h('p', null, flash.text)) : null);
  const notices: Child[] = [];
  // A return always carries a comment; a reopen (unlocking an accepted filing) may not.
  if (filing?.status === 'returned' && filing.reviewComment)
    notices.push(
      notice('warn', `${filing.updatedBy.role === 'city' ? '市州管理员' : '省级管理员'}退回了本期报表,请按意见修改后重新提交`, h('p', { class: 'review-comment' }, h('span', { class: 'muted' }, '修改意见:'), filing.reviewComment)),
    );
  else if (filing?.status === 'returned') notices.push(notice('info', '省级管理员已重新打开本期报表', h('p', null, '可以修改后重新提交。')));
  else if (filing?.reviewComment && filing.status !== 'accepted')
    notices.push(notice('info', null, h('p', { class: 'review-comment' }, h('span', { class: 'muted' }, '上次退回时的修改意见:'), filing.reviewComment)));
  if (filing?.status === 'accepted') notices.push(notice('ok', '本期报表已确认并锁定', h('p', null, '如需修改,请联系省级管理员重新打开。')));
  else if (locked && !readOnly)
    notices.push(
      notice(
        'info',
        !schedule ? '本期尚未开放填报' : now < Date.parse(schedule.opensAt) ? `本期将于 ${fmtTime(schedule.opensAt)} 开放填报` : `本期已于 ${fmtTime(schedule.closesAt)} 截止填报`,
        h('p', null, '如需修改,请联系省级管理员。'),
      ),
    );
  if (restored) {
    const discard = h('button', { type: 'button', class: 'button button-secondary button-small' }, '放弃这些修改');
    discard.addEventListener('click', () => {
      clearDraft(draftId, period);
      renderForm(ctx, container, desc, id, period, data, { kind: 'info', text: '已放弃未保存的修改,显示的是已保存的数据。' }, ext);
    });
    const moved = (filing?.version ?? 0) !== local!.version;
    notices.push(
      notice(
        moved ? 'warn' : 'info',
        '已恢复您上次未保存的修改',
        h('p', null, `这些内容(${fmtTime(local!.at)})尚未保存到服务器,请检查后暂存或提交。`),
        moved ? h('p', null, `注意:此后服务器上的报表已更新为第${filing?.version ?? 0}版(${filing?.statusLabel ?? '未填报'}),保存将以您恢复的内容覆盖它。`) : null,
        h('p', null, discard),
      ),
    );
  }

  const scheduleLine = schedule
    ? h('span', null, `截止时间 ${fmtTime(schedule.dueAt)}`, now > Date.parse(schedule.dueAt) && !filing?.firstSubmittedAt ? h('span', { class: 'badge badge-late' }, '已过截止时间') : null)
    : null;
  const header = pageHeader(
    desc.formTitle(period),
    h('span', null, `${entity.name}(${entity.id})`),
    statusBadge(filing?.status ?? 'missing', !!filing?.draftPending),
    filing ? h('span', null, `第${filing.version}版`) : null,
    filing?.late ? h('span', { class: 'badge badge-late' }, '逾期提交') : null,
    scheduleLine,
  );

  // ---- error summary and warnings --------------------------------------------------------
  const summary = h('div', { class: 'error-summary', tabindex: '-1', role: 'alert', hidden: true });
  const warningsPanel = h('div', { class: 'warnings-panel', tabindex: '-1', hidden: true });
  const statusEl = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite' });

  const focusField = (code: string) => {
    const el = targetOf(code);
    if (el) {
      el.focus();
      el.scrollIntoView({ block: 'center' });
    }
  };

  function currentErrors(): Record<string, string> {
    const errs = validateForm(fields, raw, submitAttempted ? 'submitted' : 'draft');
    return { ...serverErrors, ...errs, ...(extension?.validate() ?? {}) };
  }

  /** The input an error key points at: a field's, or one of the extension's. */
  const targetOf = (key: string): HTMLElement | null => inputs.get(key) ?? extension?.target(key) ?? null;

  function renderSummary(errors: Record<string, string>, show: boolean) {
    const entries = Object.entries(errors);
    if (!show || !entries.length) {
      summary.hidden = true;
      summary.replaceChildren();
      return;
    }
    summary.hidden = false;
    summary.replaceChildren(
      h('h2', null, `请修改以下 ${entries.length} 处问题`),
      h(
        'ul',
        null,
        entries.map(([code, msg]) => {
          const a = h('a', { href: `#${targetOf(code)?.id ?? ''}` }, msg);
          a.addEventListener('click', (e) => {
            e.preventDefault();
            focusField(code);
          });
          return h('li', null, a);
        }),
      ),
    );
  }

  function paintErrors(errors: Record<string, string>) {
    for (const [code, el] of errorEls) {
      const input = inputs.get(code)!;
      const msg = errors[code];
      // While typing, blank fields are not errors until a submission was attempted.
      if (msg) {
        el.textContent = msg;
        el.hidden = false;
        input.setAttribute('aria-invalid', 'true');
      } else {
        el.textContent = '';
        el.hidden = true;
        input.removeAttribute('aria-invalid');
      }
    }
    extension?.paint(errors);
  }

  function paintWarnings(warnings: Record<string, string>) {
    for (const [code, el] of warnEls) {
      const msg = warnings[code];
      el.textContent = msg ?? '';
      el.hidden = !msg;
    }
  }

  function paintTotals() {
    for (const { item, el } of totalEls.values()) {
      const v = computeTotal(fields, item, raw);
      el.value = v ?? '—';
      el.textContent = v ?? '—';
    }
  }

  let draftTimer: number | undefined;
  function keepLocally() {
    window.clearTimeout(draftTimer);
    draftTimer = window.setTimeout(() => {
      if (sameRaw(fields, raw, serverRaw) && !extension?.dirty()) clearDraft(draftId, period);
      else saveDraft(draftId, period, { raw: { ...raw }, at: new Date().toISOString(), version, ...(extension ? { extra: extension.snapshot() } : {}) });
    }, 250);
  }

  function onInput(code: string, value: string) {
    raw[code] = value;
    delete serverErrors[code];
    if (pendingWarnings[code]) {
      delete pendingWarnings[code];
      paintWarnings(pendingWarnings);
    }
    const errors = currentErrors();
    paintErrors(errors);
    if (!summary.hidden) renderSummary(errors, true);
    paintTotals();
    paintContext(code);
    extension?.onValue?.(code);
    keepLocally();
  }

  /** An edit of the extension's inputs: the server's errors about it (and what contains it) go. */
  function onExtensionInput(key: string) {
    for (const k of Object.keys(serverErrors)) if (k === key || k.startsWith(key + '.') || key.startsWith(k + '.')) delete serverErrors[k];
    const errors = currentErrors();
    paintErrors(errors);
    if (!summary.hidden) renderSummary(errors, true);
    keepLocally();
  }

  // ---- the form, from the model -----------------------------------------------------------
  function fieldInput(item: FieldItem, labelText: string | null, hidden = false): { input: HTMLInputElement; label: HTMLElement; err: HTMLElement; warn: HTMLElement; hint: HTMLElement | null } {
    const f = item.field;
    const input = h('input', {
      type: 'text',
      id: item.id,
      name: f.code,
      inputmode: f.allowNegative ? 'text' : f.dp > 0 ? 'decimal' : 'numeric',
      autocomplete: 'off',
      spellcheck: 'false',
      readonly: locked,
      'data-code': f.code,
      value: raw[f.code] ?? '',
    });
    const err = h('p', { class: 'field-error', id: `${item.id}-err`, hidden: true });
    const warn = h('p', { class: 'field-warning', id: `${item.id}-warn`, hidden: true });
    if (data.context) {
      const line = h('p', { class: 'field-context', id: `${item.id}-ctx`, 'data-context': f.code });
      contextEls.set(f.code, line);
      paintContext(f.code, line);
    }
    const hints: string[] = [];
    if (f.dp > 0) hints.push(`最多${f.dp}位小数`);
    if (f.allowNegative) hints.push('亏损填负数');
    if (f.parent) hints.push(`不大于「${model.fields.find((x) => x.code === f.parent)?.label ?? ''}」`);
    const hint = hints.length ? h('p', { class: 'hint', id: `${item.id}-hint` }, hints.join(';')) : null;
    input.setAttribute('aria-describedby', [hint ? `${item.id}-hint` : '', `${item.id}-err`, `${item.id}-warn`].filter(Boolean).join(' '));
    input.addEventListener('input', () => onInput(f.code, input.value));
    inputs.set(f.code, input);
    errorEls.set(f.code, err);
    warnEls.set(f.code, warn);
    const label = h('label', { for: item.id, class: hidden ? 'sr-only' : null }, labelText ?? labelWithUnit(f));
    return { input, label, err, warn, hint };
  }

  function fieldRow(item: FieldItem): HTMLElement {
    const { input, label, err, warn, hint } = fieldInput(item, null);
    return h(
      'div',
      { class: item.sub ? 'frow frow-sub' : 'frow' },
      label,
      h('div', { class: 'finput' }, input, h('span', { class: 'unit', 'aria-hidden': 'true' }, item.field.formUnit)),
      hint,
      err,
      warn,
      contextEls.get(item.field.code) ?? null,
    );
  }

  /** The previous period's and last year's value beside a field, with the change in %. */
  function paintContext(code: string, el = contextEls.get(code)) {
    if (!el || !data.context) return;
    const f = fields.find((x) => x.code === code);
    const text = f ? contextLine(f, typedNumber(raw[code]), data.context, contextLabels) : null;
    el.textContent = text ?? '';
    el.hidden = !text;
  }

  function totalRow(item: TotalItem): HTMLElement {
    const labelId = `${item.id}-label`;
    const out = h('output', { id: item.id, class: 'total-value', 'aria-labelledby': labelId, for: item.codes.map(inputId).join(' ') });
    totalEls.set(item.id, { item, el: out });
    const parts = item.codes.map((c) => model.fields.find((f) => f.code === c)?.label ?? c);
    return h(
      'div',
      { class: 'frow frow-total' },
      h('span', { class: 'total-label', id: labelId }, `${item.label}(${item.unit})`),
      h('div', { class: 'finput' }, out, h('span', { class: 'unit', 'aria-hidden': 'true' }, item.unit)),
      h('p', { class: 'hint' }, `自动计算:${parts.join(' + ')}`),
    );
  }

  function grid(item: GridItem): HTMLElement {
    const body = item.rows.map((row) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, row.label),
        row.fields.map((f, i) => {
          const fi: FieldItem = { kind: 'field', field: f, id: inputId(f.code), sub: false };
          const { input, label, err, warn } = fieldInput(fi, `${row.label} ${item.measures[i]!.label}(${item.measures[i]!.unit})`, true);
          return h('td', null, label, input, err, warn, contextEls.get(f.code) ?? null);
        }),
      ),
    );
    const foot = h(
      'tr',
      { class: 'total-row' },
      h('th', { scope: 'row' }, '合计'),
      item.totals.map((t) => {
        const out = h('output', { id: t.id, class: 'total-value', 'aria-label': t.label });
        totalEls.set(t.id, { item: t, el: out });
        return h('td', null, out);
      }),
    );
    return h(
      'div',
      // Its inputs are the tab stops (focusing one scrolls it into view): no tabindex needed here.
      { class: 'table-wrap grid-wrap', role: 'region', 'aria-label': item.caption },
      h(
        'table',
        { class: 'grid' },
        h('caption', null, item.caption),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, '服务类型'), item.measures.map((m) => h('th', { scope: 'col' }, `${m.label}(${m.unit})`)))),
        h('tbody', null, body),
        h('tfoot', null, foot),
      ),
    );
  }

  const form = h('form', { class: 'filing-form', novalidate: true, 'aria-labelledby': 'form-title' });
  form.append(
    h('h2', { id: 'form-title', class: 'sr-only' }, '填报表'),
    ...model.sections.map(
      (s) =>
        extension?.section?.(s) ??
      h(
        'fieldset',
        { class: `section section-${s.id}` },
        h('legend', null, s.legend),
        s.items.map((item) => (item.kind === 'field' ? fieldRow(item) : item.kind === 'total' ? totalRow(item) : grid(item))),
      ),
    ),
    ...(extension ? [h('div', { class: 'form-extension' }, extension.parts)] : []),
  );

  // ---- actions ------------------------------------------------------------------------------
  const saveBtn = h('button', { type: 'button', class: 'button button-secondary' }, '暂存草稿');
  const submitBtn = h('button', { type: 'submit', class: 'button button-primary' }, filing?.counted ? '重新提交' : '提交');
  const actions = h(
    'div',
    { class: 'form-actions no-print' },
    h('div', { class: 'action-buttons' }, saveBtn, submitBtn),
    statusEl,
    h('p', { class: 'hint bar-hint' }, DRAFT_NOTE),
  );
  // On a phone the bar is one slim row: its note stands above it instead (one of the two is shown).
  if (!locked) form.append(h('p', { class: 'hint phone-only' }, DRAFT_NOTE), actions);
  if (!locked) keepFocusClear(form, actions);

  async function send(status: 'draft' | 'submitted', confirmWarnings = false, explanation = '') {
    submitAttempted = status === 'submitted';
    serverErrors = {};
    const errors = { ...validateForm(fields, raw, status), ...(extension?.validate() ?? {}) };
    paintErrors(errors);
    if (Object.keys(errors).length) {
      renderSummary(errors, true);
      statusEl.textContent = '';
      summary.focus();
      return;
    }
    renderSummary({}, false);
    statusEl.textContent = status === 'draft' ? '正在暂存…' : '正在提交…';
    try {
      const body = { status, values: toPayload(raw), ...(extension?.payload() ?? {}), ...(confirmWarnings ? { confirmWarnings: true } : {}), ...(explanation ? { explanation } : {}) };
      await api('PUT', apiPath, body, { ifMatch: version });
      clearDraft(draftId, period);
      const fresh = await load(desc, id, period, data.catalog, ext);
      if (!ctx.alive()) return;
      renderForm(ctx, container, desc, id, period, fresh, {
        kind: 'ok',
        text: status === 'draft' ? `已暂存草稿(第${fresh.filing?.version}版)。草稿不计入汇总,请在截止时间前提交。` : `已提交(第${fresh.filing?.version}版),感谢您的填报。`,
      }, ext);
      ctx.announce(status === 'draft' ? '已暂存草稿' : '已提交');
      (container.querySelector('.flash') as HTMLElement | null)?.focus();
    } catch (e) {
      handleError(e, status);
    }
  }

  function handleError(e: unknown, status: 'draft' | 'submitted') {
    statusEl.textContent = '';
    if (e instanceof ApiError && e.code === 'WARNINGS_UNCONFIRMED') {
      pendingWarnings = e.fields;
      paintWarnings(pendingWarnings);
      const confirmBtn = h('button', { type: 'button', class: 'button button-primary' }, '数据无误,确认提交');
      const backBtn = h('button', { type: 'button', class: 'button button-secondary' }, '返回修改');
      // 情况说明: required with the confirmation, shown to the reviewers (issue 19).
      const explId = nextId('explanation');
      const expl = h('textarea', { id: explId, name: 'explanation', rows: '3', maxlength: '1000', 'aria-describedby': `${explId}-err` });
      expl.value = filing?.explanation ?? '';
      const explErr = h('p', { class: 'field-error', id: `${explId}-err`, hidden: true });
      confirmBtn.addEventListener('click', () => {
        const text = expl.value.trim();
        if (!text) {
          explErr.textContent = '确认异常数据时请填写情况说明';
          explErr.hidden = false;
          expl.setAttribute('aria-invalid', 'true');
          expl.focus();
          return;
        }
        explErr.hidden = true;
        expl.removeAttribute('aria-invalid');
        void busy(confirmBtn, () => send('submitted', true, text));
      });
      backBtn.addEventListener('click', () => focusField(Object.keys(pendingWarnings)[0] ?? ''));
      warningsPanel.hidden = false;
      warningsPanel.replaceChildren(
        h('h2', null, `以下数据与${desc.previousLabel}相比变化较大,请核实`),
        h('ul', null, Object.values(pendingWarnings).map((m) => h('li', null, m))),
        h('p', null, '如数据无误,请填写情况说明后确认提交;否则请返回修改。'),
        h('div', { class: 'form-row' }, h('label', { for: explId }, '情况说明(必填,审核人员可见)'), expl, explErr),
        h('div', { class: 'action-buttons' }, confirmBtn, backBtn),
      );
      warningsPanel.focus();
      return;
    }
    if (e instanceof ApiError && Object.keys(e.fields).length && (e.code === 'VALIDATION_FAILED' || e.status === 400)) {
      serverErrors = Object.fromEntries(Object.entries(e.fields).map(([k, m]) => [extension?.mapKey?.(k) ?? k, m]));
      const errors = currentErrors();
      paintErrors(errors);
      renderSummary(errors, true);
      summary.focus();
      return;
    }
    if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
      const refresh = h('button', { type: 'button', class: 'button button-secondary button-small' }, '获取最新版本号(保留我填写的内容)');
      refresh.addEventListener('click', async () => {
        try {
          const r = await api<FilingView>('GET', apiPath);
          version = r.data.version;
          statusEl.textContent = `已获取最新版本(第${version}版,状态:${r.data.statusLabel})。请核对后再次${status === 'draft' ? '暂存' : '提交'}。`;
        } catch (err) {
          statusEl.textContent = errorText(err);
        }
      });
      summary.hidden = false;
      summary.replaceChildren(h('h2', null, '报表已被他人修改'), h('p', null, e.message), h('p', null, refresh));
      summary.focus();
      return;
    }
    summary.hidden = false;
    summary.replaceChildren(h('h2', null, status === 'draft' ? '暂存失败' : '提交失败'), h('p', null, errorText(e)));
    summary.focus();
  }

  saveBtn.addEventListener('click', () => void busy(saveBtn, () => send('draft')));
  // Enter moves to the next field, as in a spreadsheet: it must never submit a counted report
  // (a form's Enter "clicks" its first submit button). An IME uses Enter to confirm characters.
  form.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key !== 'Enter' || e.isComposing || !(t instanceof HTMLInputElement) || t.type === 'submit' || t.type === 'button') return;
    e.preventDefault();
    const fields = [...form.querySelectorAll<HTMLInputElement>('input:not([type=hidden]):not([disabled])')];
    fields[fields.indexOf(t) + 1]?.focus();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void busy(submitBtn, () => send('submitted'));
  });

  // ---- Excel round trip -------------------------------------------------------------------
  const excel = desc.template
    ? excelSection(desc, id, period, () => version, locked, async (text) => {
        clearDraft(draftId, period);
        const fresh = await load(desc, id, period, data.catalog, ext);
        if (!ctx.alive()) return;
        renderForm(ctx, container, desc, id, period, fresh, { kind: 'ok', text }, ext);
        (container.querySelector('.flash') as HTMLElement | null)?.focus();
      })
    : null;

  // 复制上季度存量指标: the bases' stock indicators (areas, staff, assets…) rarely change between quarters.
  const previousFiling = data.context?.previous;
  const copyButton =
    desc.program === 'bases' && !locked && previousFiling && stockFields(fields).length
      ? h('button', { type: 'button', class: 'button button-secondary', 'data-action': 'copy-stocks' }, '复制上季度存量指标')
      : null;
  copyButton?.addEventListener('click', () => {
    const { raw: next, copied } = copyStocks(fields, raw, previousFiling!.values);
    for (const code of copied) {
      const input = inputs.get(code);
      if (input) input.value = next[code]!;
      onInput(code, next[code]!);
    }
    statusEl.textContent = `已从${periodLabel(previousFiling!.period)}报表复制 ${copied.length} 项存量指标,请核对后保存。`;
    ctx.announce(statusEl.textContent);
  });

  const tools = h(
    'div',
    { class: 'toolbar no-print' },
    // The print layout is the bases' paper form.
    desc.program === 'bases' ? h('a', { href: `#/print/${encodeURIComponent(id)}/${period}`, class: 'button button-secondary' }, '打印预览') : null,
    h('a', { href: '#history-title', class: 'button button-quiet', onclick: (e: Event) => (e.preventDefault(), container.querySelector<HTMLElement>('#history-title')?.scrollIntoView()) }, '历史版本'),
    extension?.tools ?? null,
    copyButton,
    isBase ? h('a', { href: desc.homeHash, class: 'button button-quiet' }, '返回我的填报') : h('a', { href: desc.viewHash(id, period), class: 'button button-quiet' }, '返回报表'),
  );

  clear(container, header, flashEl, notices, tools, summary, warningsPanel, form, excel, historySection(id, period, { entityPath: desc.entityPath, fields }));

  // Stored warnings of the current version, shown next to the fields.
  if (filing?.warnings && Object.keys(filing.warnings).length) {
    pendingWarnings = { ...filing.warnings };
    paintWarnings(pendingWarnings);
  }
  paintTotals();
  const initial = { ...validateForm(fields, raw, 'draft'), ...(extension?.validate() ?? {}) };
  paintErrors(initial);
}

function excelSection(
  desc: ProgramDesc,
  id: string,
  period: string,
  version: () => number,
  locked: boolean,
  onUploaded: (message: string) => Promise<void>,
): HTMLElement {
  const enc = `${desc.entityPath}/${encodeURIComponent(id)}`;
  const status = h('p', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const errors = h('div', { class: 'upload-errors', tabindex: '-1', hidden: true });
  const downloadBtn = h('button', { type: 'button', class: 'button button-secondary' }, '下载 Excel 模板');
  downloadBtn.addEventListener('click', () =>
    void busy(downloadBtn, async () => {
      try {
        const name = await download(`/api/${enc}/filings/${period}/template.xlsx`, `${id}-${period}.xlsx`);
        status.textContent = `已下载「${name}」。请在「数值」列填写后上传。`;
      } catch (e) {
        status.textContent = errorText(e);
      }
    }),
  );
  const children: Child[] = [
    h('h2', { id: 'excel-title' }, '用 Excel 填报'),
    h('p', null, '也可以下载预先填好已保存数据的 Excel 模板,在「数值」列填写后上传。上传的数据与网页填报执行相同的校验,错误会指明单元格。'),
    h('div', { class: 'action-buttons' }, downloadBtn),
  ];
  if (!locked) {
    const fileId = nextId('upload');
    const file = h('input', { type: 'file', id: fileId, accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'aria-describedby': `${fileId}-hint` });
    const modeId = nextId('mode');
    const mode = h('select', { id: modeId }, h('option', { value: 'draft' }, '暂存为草稿'), h('option', { value: 'submitted' }, '直接提交'));
    const uploadBtn = h('button', { type: 'button', class: 'button button-primary' }, '上传模板');
    const upload = async (confirmWarnings: boolean, explanation = '') => {
      errors.hidden = true;
      errors.replaceChildren();
      const chosen = file.files?.[0];
      if (!chosen) {
        status.textContent = '请先选择填好的 .xlsx 文件';
        file.focus();
        return;
      }
      if (chosen.size > MAX_UPLOAD_BYTES) {
        status.textContent = `文件过大(${Math.ceil(chosen.size / 1024)} KB),上限 ${MAX_UPLOAD_BYTES / 1024} KB。请使用系统下载的模板,不要插入图片。`;
        return;
      }
      status.textContent = '正在上传并校验…';
      try {
        const body = { file: await fileToBase64(chosen), status: mode.value, ...(confirmWarnings ? { confirmWarnings: true } : {}), ...(explanation ? { explanation } : {}) };
        const r = await api<{ version: number }>('POST', `/api/${enc}/filings/${period}/template`, body, { ifMatch: version() });
        status.textContent = '';
        await onUploaded(mode.value === 'draft' ? `已从 Excel 导入并暂存为草稿(第${r.data.version}版)。` : `已从 Excel 导入并提交(第${r.data.version}版)。`);
      } catch (e) {
        status.textContent = '';
        if (e instanceof ApiError && Object.keys(e.fields).length) {
          const warn = e.code === 'WARNINGS_UNCONFIRMED';
          const items = Object.values(e.fields).map((m) => h('li', null, m));
          const confirm = warn ? h('button', { type: 'button', class: 'button button-primary' }, '数据无误,确认提交') : null;
          const explId = nextId('upload-explanation');
          const expl = warn ? h('textarea', { id: explId, rows: '3', maxlength: '1000' }) : null;
          confirm?.addEventListener('click', () => {
            const text = expl!.value.trim();
            if (!text) {
              status.textContent = '确认异常数据时请填写情况说明';
              expl!.focus();
              return;
            }
            void busy(confirm, () => upload(true, text));
          });
          errors.hidden = false;
          errors.className = warn ? 'upload-errors warnings-panel' : 'upload-errors error-summary';
          clear(
            errors,
            h('h3', null, warn ? `以下数据与${desc.previousLabel}相比变化较大,请核实` : `上传的模板有 ${items.length} 处问题,请修改后重新上传`),
            h('ul', null, items),
            expl ? h('div', { class: 'form-row' }, h('label', { for: explId }, '情况说明(必填,审核人员可见)'), expl) : null,
            confirm,
          );
          errors.focus();
        } else {
          status.textContent = errorText(e);
        }
      }
    };
    uploadBtn.addEventListener('click', () => void busy(uploadBtn, () => upload(false)));
    children.push(
      h(
        'div',
        { class: 'upload-row' },
        h('div', { class: 'form-row' }, h('label', { for: fileId }, '选择填好的模板(.xlsx)'), file, h('p', { class: 'hint', id: `${fileId}-hint` }, '上传将覆盖网页上尚未保存的修改。')),
        h('div', { class: 'form-row' }, h('label', { for: modeId }, '上传后'), mode),
        h('div', { class: 'action-buttons' }, uploadBtn),
      ),
    );
  }
  children.push(errors, status);
  return h('section', { class: 'card excel no-print', 'aria-labelledby': 'excel-title' }, children);
}
