/// <reference lib="dom" />
// 批量导入 of any registry (issue 19), one piece for the three registry pages: pick a CSV or
// .xlsx (or download the program's template), preview (every row 新增 / 变更 / 无变化 / 错误,
// errors naming the row and column), then 确认导入 sends the same bytes with the preview's time;
// the server writes all rows or none. The pure parts are web/src/registry-import.ts.

import type { ProgramId } from '../../../shared/program';
import { IMPORT_SPECS } from '../../../shared/registry-import';
import { ApiError, api, download, fileToBase64 } from '../api';
import { h } from '../dom';
import { listView } from '../list-view';
import {
  confirmBody,
  fileProblem,
  type ImportJobStatus,
  type ImportResult,
  type ImportRow,
  importFormat,
  importHint,
  importPath,
  importStatus,
  jobNotice,
  OUTCOME_LABELS,
  refusalText,
  rowNote,
  templateName,
  templatePath,
} from '../registry-import';
import { busy, type Ctx, errorText, setStatus, statusLine } from '../ui';

export function registryImportSection(ctx: Ctx, program: ProgramId, reload: () => Promise<void>): HTMLElement {
  const spec = IMPORT_SPECS[program];
  const word = spec.entityWord;
  // The bases' page kept its element ids (csv-file, csv-title) from before the import was generic.
  const idp = program === 'bases' ? 'csv' : `import-${program}`;
  const fileInput = h('input', {
    type: 'file',
    id: `${idp}-file`,
    accept: '.csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'aria-describedby': `${idp}-hint`,
  });
  const previewBtn = h('button', { type: 'button', class: 'button button-primary' }, '预览导入');
  const confirmBtn = h('button', { type: 'button', class: 'button button-primary', hidden: true }, '确认导入');
  const templateBtn = h('button', { type: 'button', class: 'button button-quiet' }, '下载 Excel 模板');
  const status = statusLine();
  const result = h('div', { tabindex: '-1' });
  /** The file previewed (what 确认导入 sends: the same bytes) and its preview. */
  let pending: { file: string; format: 'csv' | 'xlsx'; name: string; preview: ImportResult } | null = null;
  const fail = (err: unknown) => setStatus(status, 'error', err instanceof ApiError ? refusalText(err.message, err.fields) : errorText(err));

  // Opening the page finishes off an import that died part-way (the server rolls it back) and says so.
  void api<ImportJobStatus>('GET', importPath(program))
    .then((r) => {
      const text = jobNotice(r.data, word);
      if (text) setStatus(status, r.data.recovered ? 'info' : 'error', text);
    })
    .catch(() => undefined);
  templateBtn.addEventListener('click', () => void busy(templateBtn, () => download(templatePath(program), templateName(program)).catch(fail)));
  fileInput.addEventListener('change', () => {
    pending = null;
    confirmBtn.hidden = true;
    result.replaceChildren();
    setStatus(status, 'info', '');
  });
  function show(r: ImportResult) {
    result.replaceChildren(
      listView<ImportRow>({
        caption: r.written ? '导入结果' : '导入预览',
        rows: r.rows,
        announce: (m) => ctx.announce(m),
        columns: [
          { label: '行号', text: (x) => `第${x.line}行`, sortValue: (x) => x.line },
          { label: spec.id.headers[0]!, text: (x) => x.id ?? '—' },
          { label: `${word}名称`, text: (x) => x.name ?? '—' },
          {
            label: '结果',
            text: (x) => OUTCOME_LABELS[x.outcome],
            filter: true,
            cell: (x) => h('span', { class: `import-${x.outcome}` }, OUTCOME_LABELS[x.outcome]),
          },
          { label: '说明', text: rowNote },
        ],
      }).el,
    );
  }
  previewBtn.addEventListener(
    'click',
    () =>
      void busy(previewBtn, async () => {
        result.replaceChildren();
        confirmBtn.hidden = true;
        pending = null;
        const file = fileInput.files?.[0];
        const problem = fileProblem(file);
        if (problem || !file) {
          setStatus(status, 'error', problem ?? '');
          fileInput.focus();
          return;
        }
        const format = importFormat(file.name)!;
        setStatus(status, 'info', '正在检查文件…');
        try {
          const body = { file: await fileToBase64(file), format } as const;
          const r = (await api<ImportResult>('POST', importPath(program), { ...body, fileName: file.name, dryRun: true })).data;
          show(r);
          const s = importStatus(r, word);
          setStatus(status, s.kind, s.text);
          if (s.canConfirm) {
            pending = { ...body, name: file.name, preview: r };
            confirmBtn.hidden = false;
          }
          result.focus();
        } catch (err) {
          fail(err);
        }
      }),
  );
  confirmBtn.addEventListener(
    'click',
    () =>
      void busy(confirmBtn, async () => {
        if (!pending) return;
        setStatus(status, 'info', '正在导入…(全部成功或全部不导入)');
        try {
          const r = (await api<ImportResult>('POST', importPath(program), confirmBody(pending, pending.preview))).data;
          pending = null;
          confirmBtn.hidden = true;
          show(r);
          setStatus(status, 'ok', importStatus(r, word).text);
          await reload();
          result.focus();
        } catch (err) {
          // Refused or rolled back: nothing was imported; a new preview shows the registry as it is now.
          pending = null;
          confirmBtn.hidden = true;
          fail(err);
        }
      }),
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `${idp}-title` },
    h('h2', { id: `${idp}-title` }, '批量导入(CSV 或 Excel)'),
    h('p', { class: 'hint', id: `${idp}-hint` }, importHint(program)),
    h('div', { class: 'form-row' }, h('label', { for: `${idp}-file` }, '选择 CSV 或 Excel 文件'), fileInput),
    h('div', { class: 'actions' }, previewBtn, confirmBtn, templateBtn),
    status,
    result,
  );
}
