/// <reference lib="dom" />
// The filing form's Excel round trip: 下载 Excel 模板 (pre-filled with the saved values) and
// 上传模板 (draft or submit, the same checks as the form, errors naming the cell, warnings
// confirmed with a 情况说明).

import { ApiError, api, download, fileToBase64 } from '../api';
import { type Child, clear, h, nextId } from '../dom';
import type { ProgramDesc } from '../programs';
import { busy, errorText } from '../ui';

/** Template uploads travel as base64 JSON under the API's body limit (256 KiB by default). */
const MAX_UPLOAD_BYTES = 180 * 1024;

export function excelSection(
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
  downloadBtn.addEventListener(
    'click',
    () =>
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
    const file = h('input', {
      type: 'file',
      id: fileId,
      accept: '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'aria-describedby': `${fileId}-hint`,
    });
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
        const body = {
          file: await fileToBase64(chosen),
          status: mode.value,
          ...(confirmWarnings ? { confirmWarnings: true } : {}),
          ...(explanation ? { explanation } : {}),
        };
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
        h(
          'div',
          { class: 'form-row' },
          h('label', { for: fileId }, '选择填好的模板(.xlsx)'),
          file,
          h('p', { class: 'hint', id: `${fileId}-hint` }, '上传将覆盖网页上尚未保存的修改。'),
        ),
        h('div', { class: 'form-row' }, h('label', { for: modeId }, '上传后'), mode),
        h('div', { class: 'action-buttons' }, uploadBtn),
      ),
    );
  }
  children.push(errors, status);
  return h('section', { class: 'card excel no-print', 'aria-labelledby': 'excel-title' }, children);
}
