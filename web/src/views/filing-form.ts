/// <reference lib="dom" />
// The filing form of any program (programs.ts: a base's quarter, a platform's year), generated
// from its catalog (form-model.ts): loading what it shows and wiring its parts, each in its own
// module —
//   form-fields.ts     the fields, totals and service grid, with inline validation painted
//   form-context.ts    the comparison column (previous period, last year) and 复制上季度存量指标
//   form-notices.ts    the header and notices (return comment, locked, restored local draft)
//   error-summary.ts   the error summary with links to the fields
//   action-bar.ts      the sticky 暂存草稿 / 提交 bar
//   submit-flow.ts     save / submit with If-Match, warnings confirmed with 情况说明, conflicts
//   excel-upload.ts    the Excel template round trip
//   form-extension.ts  what a program adds (a carrier's tables: carrier-form.ts)
// — plus the local draft of unsaved input and the history.

import { ApiError, api } from '../api';
import { type FilingContext, loadContext } from '../context';
import { clear, h } from '../dom';
import { clearDraft, loadDraft, saveDraft } from '../draft-store';
import { basesCatalog, buildFormModel, type Catalog, type RawValues, sameRaw, toRaw, validateForm } from '../form-model';
import { BASES, PLATFORMS, type ProgramDesc } from '../programs';
import { busy, type Ctx, notice, type Schedule } from '../ui';
import { actionBar, mountActionBar } from './action-bar';
import { errorSummary } from './error-summary';
import { excelSection } from './excel-upload';
import { contextColumn, copyStocksButton } from './form-context';
import type { FilingView, FormExtension } from './form-extension';
import { enterMovesToNextField, formFields } from './form-fields';
import { formHeader, formNotices } from './form-notices';
import { historySection } from './history';
import { type FormState, submitFlow } from './submit-flow';

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

function renderForm(
  ctx: Ctx,
  container: HTMLElement,
  desc: ProgramDesc,
  id: string,
  period: string,
  data: Loaded,
  flash: { kind: 'ok' | 'info'; text: string } | null,
  ext?: FormExtension,
) {
  const model = buildFormModel(period, data.catalog);
  const fields = model.fields;
  const { entity, filing, schedule } = data;
  const draftId = desc.draftKey(id);
  const apiPath = `/api/${desc.entityPath}/${encodeURIComponent(id)}/filings/${period}`;
  const serverRaw = toRaw(fields, filing?.values);
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

  const state: FormState = { version: filing?.version ?? 0, serverErrors: {}, submitAttempted: false, pendingWarnings: {} };
  const context = contextColumn(fields, raw, data.context, { previous: desc.previousLabel, lastYear: '去年同期' });
  const inputsOf = formFields({ model, raw, locked, context, onInput: (code, value) => onInput(code, value) });
  const { inputs } = inputsOf;

  // The program's own parts (a carrier's indicator table and fund tables), wired to this form.
  const extension = ext?.create({
    id,
    period,
    filing,
    extra: data.extra,
    locked,
    raw,
    fieldInput: inputsOf.fieldInput,
    restored: local?.extra ?? null,
    changed: (key) => onExtensionInput(key),
  });
  const restored = restoredValues || (!!local && !!extension?.dirty());
  if (local && !restored) clearDraft(draftId, period);

  // ---- header and notices ---------------------------------------------------------------
  const flashEl = h(
    'div',
    { class: 'flash', tabindex: '-1', role: 'status', 'aria-live': 'polite' },
    flash ? notice(flash.kind, null, h('p', null, flash.text)) : null,
  );
  const notices = formNotices({
    filing,
    schedule,
    now,
    locked,
    readOnly,
    restored: restored ? local : null,
    onDiscard: () => {
      clearDraft(draftId, period);
      renderForm(ctx, container, desc, id, period, data, { kind: 'info', text: '已放弃未保存的修改,显示的是已保存的数据。' }, ext);
    },
  });
  const header = formHeader(desc, period, entity, filing, schedule, now);

  // ---- error summary and the live checks -----------------------------------------------------
  /** The input an error key points at: a field's, or one of the extension's. */
  const targetOf = (key: string): HTMLElement | null => inputs.get(key) ?? extension?.target(key) ?? null;
  const summary = errorSummary(targetOf);
  const { bar, saveBtn, submitBtn, statusEl } = actionBar(!!filing?.counted);

  function currentErrors(): Record<string, string> {
    const errs = validateForm(fields, raw, state.submitAttempted ? 'submitted' : 'draft');
    return { ...state.serverErrors, ...errs, ...(extension?.validate() ?? {}) };
  }

  function paintErrors(errors: Record<string, string>) {
    inputsOf.paintErrors(errors);
    extension?.paint(errors);
  }

  let draftTimer: number | undefined;
  function keepLocally() {
    window.clearTimeout(draftTimer);
    draftTimer = window.setTimeout(() => {
      if (sameRaw(fields, raw, serverRaw) && !extension?.dirty()) clearDraft(draftId, period);
      else
        saveDraft(draftId, period, {
          raw: { ...raw },
          at: new Date().toISOString(),
          version: state.version,
          ...(extension ? { extra: extension.snapshot() } : {}),
        });
    }, 250);
  }

  function onInput(code: string, value: string) {
    raw[code] = value;
    delete state.serverErrors[code];
    if (state.pendingWarnings[code]) {
      delete state.pendingWarnings[code];
      inputsOf.paintWarnings(state.pendingWarnings);
    }
    const errors = currentErrors();
    paintErrors(errors);
    if (!summary.el.hidden) summary.render(errors, true);
    inputsOf.paintTotals();
    context.paint(code);
    extension?.onValue?.(code);
    keepLocally();
  }

  /** An edit of the extension's inputs: the server's errors about it (and what contains it) go. */
  function onExtensionInput(key: string) {
    for (const k of Object.keys(state.serverErrors)) if (k === key || k.startsWith(key + '.') || key.startsWith(k + '.')) delete state.serverErrors[k];
    const errors = currentErrors();
    paintErrors(errors);
    if (!summary.el.hidden) summary.render(errors, true);
    keepLocally();
  }

  // ---- the form, from the model -----------------------------------------------------------
  const form = h('form', { class: 'filing-form', novalidate: true, 'aria-labelledby': 'form-title' });
  form.append(
    h('h2', { id: 'form-title', class: 'sr-only' }, '填报表'),
    ...model.sections.map((s) => extension?.section?.(s) ?? inputsOf.section(s)),
    ...(extension ? [h('div', { class: 'form-extension' }, extension.parts)] : []),
  );

  // ---- actions ------------------------------------------------------------------------------
  if (!locked) mountActionBar(form, bar);

  const flow = submitFlow({
    fields,
    raw,
    extension,
    apiPath,
    previousLabel: desc.previousLabel,
    explanation: filing?.explanation ?? '',
    state,
    summary,
    statusEl,
    currentErrors,
    paintErrors,
    paintWarnings: inputsOf.paintWarnings,
    onSaved: async (status) => {
      clearDraft(draftId, period);
      const fresh = await load(desc, id, period, data.catalog, ext);
      if (!ctx.alive()) return;
      renderForm(
        ctx,
        container,
        desc,
        id,
        period,
        fresh,
        {
          kind: 'ok',
          text:
            status === 'draft'
              ? `已暂存草稿(第${fresh.filing?.version}版)。草稿不计入汇总,请在截止时间前提交。`
              : `已提交(第${fresh.filing?.version}版),感谢您的填报。`,
        },
        ext,
      );
      ctx.announce(status === 'draft' ? '已暂存草稿' : '已提交');
      (container.querySelector('.flash') as HTMLElement | null)?.focus();
    },
  });

  saveBtn.addEventListener('click', () => void busy(saveBtn, () => flow.send('draft')));
  enterMovesToNextField(form);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void busy(submitBtn, () => flow.send('submitted'));
  });

  // ---- Excel round trip -------------------------------------------------------------------
  const excel = desc.template
    ? excelSection(
        desc,
        id,
        period,
        () => state.version,
        locked,
        async (text) => {
          clearDraft(draftId, period);
          const fresh = await load(desc, id, period, data.catalog, ext);
          if (!ctx.alive()) return;
          renderForm(ctx, container, desc, id, period, fresh, { kind: 'ok', text }, ext);
          (container.querySelector('.flash') as HTMLElement | null)?.focus();
        },
      )
    : null;

  const copyButton =
    desc.program === 'bases' && !locked
      ? copyStocksButton({
          fields,
          raw,
          previous: data.context?.previous,
          setValue: (code, value) => {
            const input = inputs.get(code);
            if (input) input.value = value;
            onInput(code, value);
          },
          status: statusEl,
          announce: (text) => ctx.announce(text),
        })
      : null;

  const tools = h(
    'div',
    { class: 'toolbar no-print' },
    // The print layout is the bases' paper form.
    desc.program === 'bases' ? h('a', { href: `#/print/${encodeURIComponent(id)}/${period}`, class: 'button button-secondary' }, '打印预览') : null,
    h(
      'a',
      {
        href: '#history-title',
        class: 'button button-quiet',
        onclick: (e: Event) => {
          e.preventDefault();
          container.querySelector<HTMLElement>('#history-title')?.scrollIntoView();
        },
      },
      '历史版本',
    ),
    extension?.tools ?? null,
    copyButton,
    isBase
      ? h('a', { href: desc.homeHash, class: 'button button-quiet' }, '返回我的填报')
      : h('a', { href: desc.viewHash(id, period), class: 'button button-quiet' }, '返回报表'),
  );

  clear(
    container,
    header,
    flashEl,
    notices,
    tools,
    summary.el,
    flow.warningsPanel,
    form,
    excel,
    historySection(id, period, { entityPath: desc.entityPath, fields }),
  );

  // Stored warnings of the current version, shown next to the fields.
  if (filing?.warnings && Object.keys(filing.warnings).length) {
    state.pendingWarnings = { ...filing.warnings };
    inputsOf.paintWarnings(state.pendingWarnings);
  }
  inputsOf.paintTotals();
  const initial = { ...validateForm(fields, raw, 'draft'), ...(extension?.validate() ?? {}) };
  paintErrors(initial);
}
