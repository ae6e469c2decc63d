// The registry import's pure parts, one for every program (issue 19): which file format a name
// means, the page's hint from the program's columns (shared/registry-import.ts: the server's
// own), the preview's status line and whether it may be confirmed, the confirm's body (the same
// bytes, the preview's time, the file name), and the server's refusal as one sentence.
// The page piece is web/src/views/registry-import.ts.

import type { ProgramId } from '../../shared/program';
import { IMPORT_SPECS, type ImportColumn, importHeaders } from '../../shared/registry-import';

export type ImportOutcome = 'new' | 'changed' | 'unchanged' | 'error';

export interface ImportRow {
  line: number;
  id: string | null;
  name: string | null;
  outcome: ImportOutcome;
  messages: string[];
}

export interface ImportResult {
  program: ProgramId;
  dryRun: boolean;
  written: boolean;
  counts: Record<ImportOutcome, number>;
  rows: ImportRow[];
  previewedAt: string;
  jobId?: string;
}

export const OUTCOME_LABELS: Record<ImportOutcome, string> = { new: '新增', changed: '变更', unchanged: '无变化', error: '错误' };

/** Largest file the server takes. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/** .xlsx or .csv by the file's name; null for anything else (an old .xls, a .numbers). */
export function importFormat(fileName: string): 'csv' | 'xlsx' | null {
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return null;
}

/** Why a chosen file cannot be sent, or null. */
export function fileProblem(file: { name: string; size: number } | undefined): string | null {
  if (!file) return '请先选择 CSV 或 Excel(.xlsx)文件';
  if (!importFormat(file.name))
    return /\.xls$/i.test(file.name) ? '不支持旧版 .xls 文件,请在 Excel 中另存为 .xlsx 后再导入' : '文件格式应为 CSV 或 Excel(.xlsx)';
  if (file.size > MAX_IMPORT_BYTES) return '文件过大(上限 2 MB)';
  if (!file.size) return '文件为空';
  return null;
}

const how = (c: ImportColumn): string | null =>
  c.kind === 'enum' ? `${c.headers[0]}填「${Object.values(c.labels ?? {}).join('」「')}」` : c.kind === 'bool' ? `${c.headers[0]}填「是」或「否」` : null;

/** The hint above the file picker: the header line, what the coded columns take, what happens. */
export function importHint(program: ProgramId): string {
  const spec = IMPORT_SPECS[program];
  const required = [spec.id, ...spec.columns].filter((c) => c.required).map((c) => c.headers[0]);
  const coded = spec.columns.map(how).filter((x): x is string => !!x);
  const dated = spec.columns.find((c) => c.key === 'effectiveFrom');
  return [
    `第一行为表头:${importHeaders(spec).join(',')}(Excel 文件用第一个工作表;可下载模板填写)。必填:${required.join('、')}。`,
    coded.length ? `${coded.join(';')}。` : '',
    `先预览:每行显示新增、变更、无变化或错误,错误写明行号和列;有任何错误时不会导入任何${spec.entityWord},全部正确才可确认导入。`,
    `已存在的${spec.entityWord}编号将被更新${dated ? `;市州等归属的变更自「${dated.headers[0]}」起生效,未填则自本期起生效` : ''}。`,
    `导入要么全部成功,要么全部不导入:中途出错(如有人同时修改了其中的${spec.entityWord})会撤销已写入的部分,名录保持导入前的样子。CSV 支持 UTF-8 或 Excel 另存的 GBK 编码。`,
  ].join('');
}

export const countsText = (c: ImportResult['counts']) =>
  `新增 ${c.new} 个,变更 ${c.changed} 个,无变化 ${c.unchanged} 个${c.error ? `,错误 ${c.error} 行` : ''}`;

/** The status after a preview or a confirm, and whether 确认导入 is offered. */
export function importStatus(r: ImportResult, word: string): { kind: 'ok' | 'error'; text: string; canConfirm: boolean } {
  const counts = countsText(r.counts);
  if (r.written) return { kind: 'ok', text: `导入完成:${counts}`, canConfirm: false };
  if (r.counts.error)
    return { kind: 'error', text: `文件中有 ${r.counts.error} 行错误,请修改后重新选择文件(不会导入任何${word})。${counts}`, canConfirm: false };
  if (!r.counts.new && !r.counts.changed) return { kind: 'ok', text: `检查通过:${counts},无需导入`, canConfirm: false };
  return { kind: 'ok', text: `检查通过:${counts}。请核对后点击「确认导入」`, canConfirm: true };
}

/** What 确认导入 sends: the previewed bytes, the preview's time (rows edited since are refused), the file's name. */
export function confirmBody(pending: { file: string; format: 'csv' | 'xlsx'; name: string }, preview: ImportResult) {
  return { file: pending.file, format: pending.format, fileName: pending.name, previewedAt: preview.previewedAt, dryRun: false } as const;
}

/** A row's 说明 column. */
export const rowNote = (r: ImportRow): string => (r.outcome === 'changed' ? `变更:${r.messages.join('、')}` : r.messages.join(';')) || '—';

/** The server's refusal in one sentence (its fields name the row and the column). */
export function refusalText(message: string, fields: Record<string, string>): string {
  const detail = Object.values(fields).filter(Boolean);
  return detail.length ? `${message}:${detail.join(';')}` : message;
}

/** Where the import and its template live. */
export const importPath = (program: ProgramId) => `/api/${program}/import`;
export const templatePath = (program: ProgramId) => `/api/${program}/import/template.xlsx`;
export const templateName = (program: ProgramId) => `${IMPORT_SPECS[program].title}导入模板.xlsx`;

/** GET /api/{program}/import: the registry's last import (a dead one rolled back by this very request). */
export interface ImportJobStatus {
  job: { state: 'running' | 'rollingBack' | 'done' | 'rolledBack'; fileName: string; rows: number; actor: string; startedAt: string; reason?: string } | null;
  recovered: boolean;
}

/** What the import section says on opening, if anything: a half import just undone, or one in progress. */
export function jobNotice(s: ImportJobStatus, word: string): string | null {
  if (!s.job) return null;
  if (s.recovered) return `上次导入(${s.job.fileName},${s.job.actor})未完成,已自动撤销:名录与导入前相同,未导入任何${word}。请重新导入。`;
  if (s.job.state === 'running' || s.job.state === 'rollingBack') return `有一个导入正在进行(${s.job.fileName},${s.job.actor}),请稍后再导入。`;
  return null;
}
