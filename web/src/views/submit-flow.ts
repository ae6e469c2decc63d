/// <reference lib="dom" />
// The filing form's save / submit: client-side checks, PUT with If-Match, and what the server
// answers: warnings to confirm with a 情况说明 (issue 19), field errors by key, a version
// conflict (fetch the new version, keep the typed input), anything else in the summary.

import type { Field } from '../../../shared/catalog';
import { ApiError, api } from '../api';
import { h, nextId } from '../dom';
import { type RawValues, toPayload, validateForm } from '../form-model';
import { busy, errorText } from '../ui';
import type { ErrorSummary } from './error-summary';
import type { ExtensionInstance, FilingView } from './form-extension';

/** The form's mutable state that the lifecycle and the inputs share. */
export interface FormState {
  /** The version the next write is based on (If-Match). */
  version: number;
  /** The server's errors of the last write, by key (an edit removes its own). */
  serverErrors: Record<string, string>;
  /** Blank fields count as errors once a submission was attempted. */
  submitAttempted: boolean;
  /** Warnings awaiting confirmation (or stored with the current version), by field. */
  pendingWarnings: Record<string, string>;
}

export type WriteStatus = 'draft' | 'submitted';

export interface SubmitFlow {
  send(status: WriteStatus, confirmWarnings?: boolean, explanation?: string): Promise<void>;
  /** Where the warnings to confirm are shown, with the 情况说明 to fill. */
  warningsPanel: HTMLElement;
}

export function submitFlow(o: {
  fields: readonly Field[];
  raw: RawValues;
  extension: ExtensionInstance | undefined;
  /** The filing's URL (PUT to write, GET to refresh the version). */
  apiPath: string;
  /** 上季度 / 上年: what the warnings compare with. */
  previousLabel: string;
  /** The stored 情况说明, to start from. */
  explanation: string;
  state: FormState;
  summary: ErrorSummary;
  statusEl: HTMLElement;
  /** The form's and the extension's errors, with the server's. */
  currentErrors(): Record<string, string>;
  paintErrors(errors: Record<string, string>): void;
  paintWarnings(warnings: Record<string, string>): void;
  /** After the server stored the write: reload and show the form. */
  onSaved(status: WriteStatus): Promise<void>;
}): SubmitFlow {
  const { fields, raw, extension, apiPath, state, statusEl } = o;
  const summary = o.summary.el;
  const warningsPanel = h('div', { class: 'warnings-panel', tabindex: '-1', hidden: true });

  async function send(status: WriteStatus, confirmWarnings = false, explanation = '') {
    state.submitAttempted = status === 'submitted';
    state.serverErrors = {};
    const errors = { ...validateForm(fields, raw, status), ...(extension?.validate() ?? {}) };
    o.paintErrors(errors);
    if (Object.keys(errors).length) {
      o.summary.render(errors, true);
      statusEl.textContent = '';
      summary.focus();
      return;
    }
    o.summary.render({}, false);
    statusEl.textContent = status === 'draft' ? '正在暂存…' : '正在提交…';
    try {
      const body = {
        status,
        values: toPayload(raw),
        ...(extension?.payload() ?? {}),
        ...(confirmWarnings ? { confirmWarnings: true } : {}),
        ...(explanation ? { explanation } : {}),
      };
      await api('PUT', apiPath, body, { ifMatch: state.version });
      await o.onSaved(status);
    } catch (e) {
      handleError(e, status);
    }
  }

  function handleError(e: unknown, status: WriteStatus) {
    statusEl.textContent = '';
    if (e instanceof ApiError && e.code === 'WARNINGS_UNCONFIRMED') {
      state.pendingWarnings = e.fields;
      o.paintWarnings(state.pendingWarnings);
      const confirmBtn = h('button', { type: 'button', class: 'button button-primary' }, '数据无误,确认提交');
      const backBtn = h('button', { type: 'button', class: 'button button-secondary' }, '返回修改');
      // 情况说明: required with the confirmation, shown to the reviewers (issue 19).
      const explId = nextId('explanation');
      const expl = h('textarea', { id: explId, name: 'explanation', rows: '3', maxlength: '1000', 'aria-describedby': `${explId}-err` });
      expl.value = o.explanation;
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
      backBtn.addEventListener('click', () => o.summary.focusField(Object.keys(state.pendingWarnings)[0] ?? ''));
      warningsPanel.hidden = false;
      warningsPanel.replaceChildren(
        h('h2', null, `以下数据与${o.previousLabel}相比变化较大,请核实`),
        h(
          'ul',
          null,
          Object.values(state.pendingWarnings).map((m) => h('li', null, m)),
        ),
        h('p', null, '如数据无误,请填写情况说明后确认提交;否则请返回修改。'),
        h('div', { class: 'form-row' }, h('label', { for: explId }, '情况说明(必填,审核人员可见)'), expl, explErr),
        h('div', { class: 'action-buttons' }, confirmBtn, backBtn),
      );
      warningsPanel.focus();
      return;
    }
    if (e instanceof ApiError && Object.keys(e.fields).length && (e.code === 'VALIDATION_FAILED' || e.status === 400)) {
      state.serverErrors = Object.fromEntries(Object.entries(e.fields).map(([k, m]) => [extension?.mapKey?.(k) ?? k, m]));
      const errors = o.currentErrors();
      o.paintErrors(errors);
      o.summary.render(errors, true);
      summary.focus();
      return;
    }
    if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
      const refresh = h('button', { type: 'button', class: 'button button-secondary button-small' }, '获取最新版本号(保留我填写的内容)');
      refresh.addEventListener('click', async () => {
        try {
          const r = await api<FilingView>('GET', apiPath);
          state.version = r.data.version;
          statusEl.textContent = `已获取最新版本(第${state.version}版,状态:${r.data.statusLabel})。请核对后再次${status === 'draft' ? '暂存' : '提交'}。`;
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

  return { send, warningsPanel };
}
