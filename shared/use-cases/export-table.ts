// POST /api/exports/table.xlsx (issue 19): 导出Excel of a list page — the rows the page shows
// (after its search, filters and sort), as one sheet. The page sends only what the signed-in
// user already sees, so any signed-in user may ask. Every cell is written as a string, which the
// writer stores as a shared string: `=HYPERLINK(…)` in a base name stays text, never a formula.
// Written by shared/bulletin/xlsx.ts, as the bulletins are: the export function needs no exceljs.

import type { Principal } from '../auth';
import { displayWidth, xmlSafe } from '../bulletin/writer';
import { writeSpreadsheet, type XlsxSheet } from '../bulletin/xlsx';
import { tableExportSchema } from '../file-requests';
import { parseWith } from '../http';

export { MAX_TABLE_COLUMNS, MAX_TABLE_ROWS } from '../file-requests';

/** A file name from the title: no path or reserved characters. */
const safeName = (title: string) => title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 60) || '导出';

export async function exportTable(_p: Principal, body: unknown, now = new Date()): Promise<{ fileName: string; asciiFileName: string; buffer: Buffer }> {
  const input = parseWith(tableExportSchema, body, '导出请求有误');
  const text = (v: string | number | null) => xmlSafe(v === null ? '' : String(v));
  const headerStyle = { font: { bold: true } };
  const plain = {};
  const widths = input.columns.map((c) => displayWidth(c));
  const rows: XlsxSheet['rows'] = [{ cells: input.columns.map((c) => ({ value: text(c), style: headerStyle })) }];
  for (const r of input.rows) {
    const values = input.columns.map((_, i) => text(r[i] ?? null));
    values.forEach((v, i) => (widths[i] = Math.max(widths[i]!, Math.min(60, displayWidth(v)))));
    rows.push({ cells: values.map((value) => ({ value, style: plain })) });
  }
  const stamp = now.toISOString().slice(0, 10);
  const name = safeName(input.title).slice(0, 31);
  const buffer = writeSpreadsheet(
    {
      creator: '通报 Tongbao',
      title: name,
      sheets: [{ name, widths: widths.map((w) => Math.max(6, w + 2)), rows, merges: [], frozen: { columns: 0, rows: 1 }, showGridLines: true, pageSetup: {} }],
    },
    now,
  );
  return { fileName: `${safeName(input.title)}-${stamp}.xlsx`, asciiFileName: `table-${stamp}.xlsx`, buffer };
}
