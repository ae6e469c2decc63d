// POST /api/exports/table.xlsx (issue 19): 导出Excel of a list page — the rows the page shows
// (after its search, filters and sort), as one sheet. The page sends only what the signed-in
// user already sees, so any signed-in user may ask. Every cell is written as a JS string, which
// exceljs stores as a shared string: `=HYPERLINK(…)` in a base name stays text, never a formula.

import ExcelJS from 'exceljs';
import { MAX_TABLE_COLUMNS, tableExportSchema } from '../file-requests';
import type { Principal } from '../auth';
import { parseWith } from '../http';
import { displayWidth, xmlSafe } from '../bulletin/writer';

export { MAX_TABLE_COLUMNS, MAX_TABLE_ROWS } from '../file-requests';

/** A file name from the title: no path or reserved characters. */
const safeName = (title: string) => title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 60) || '导出';

export async function exportTable(_p: Principal, body: unknown, now = new Date()): Promise<{ fileName: string; asciiFileName: string; buffer: Buffer }> {
  const input = parseWith(tableExportSchema, body, '导出请求有误');
  const wb = new ExcelJS.Workbook();
  wb.created = now;
  const ws = wb.addWorksheet(safeName(input.title).slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const text = (v: string | number | null) => xmlSafe(v === null ? '' : String(v));
  const header = ws.addRow(input.columns.map(text));
  header.font = { bold: true };
  const widths = input.columns.map((c) => displayWidth(c));
  for (const r of input.rows) {
    const values = input.columns.map((_, i) => text(r[i] ?? null));
    values.forEach((v, i) => (widths[i] = Math.max(widths[i]!, Math.min(60, displayWidth(v)))));
    ws.addRow(values);
  }
  widths.forEach((w, i) => (ws.getColumn(i + 1).width = Math.max(6, w + 2)));
  const stamp = now.toISOString().slice(0, 10);
  const buffer = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  return { fileName: `${safeName(input.title)}-${stamp}.xlsx`, asciiFileName: `table-${stamp}.xlsx`, buffer };
}
