// POST /api/exports/table.xlsx (issue 19): 导出Excel of a list page — the rows the page shows
// (after its search, filters and sort), as one sheet. The page sends only what the signed-in
// user already sees, so any signed-in user may ask. Every cell is written as a string, which the
// writer stores as a shared string: `=HYPERLINK(…)` in a base name stays text, never a formula.
// Written by shared/bulletin/xlsx.ts, as the bulletins are: the export function needs no exceljs.

import { z } from 'zod';
import type { Principal } from '../auth';
import { parseWith } from '../http';
import { displayWidth, xmlSafe } from '../bulletin/writer';
import { writeSpreadsheet, type XlsxSheet } from '../bulletin/xlsx';

export const MAX_TABLE_ROWS = 20_000;
export const MAX_TABLE_COLUMNS = 40;
const cell = z.union([z.string().max(2000), z.number(), z.null()]);

const bodySchema = z
  .object({
    title: z.string().trim().min(1, { error: '缺少表名' }).max(60, { error: '表名过长' }),
    columns: z.array(z.string().max(60)).min(1).max(MAX_TABLE_COLUMNS, { error: `列数过多(上限 ${MAX_TABLE_COLUMNS} 列)` }),
    rows: z.array(z.array(cell).max(MAX_TABLE_COLUMNS)).max(MAX_TABLE_ROWS, { error: `行数过多(上限 ${MAX_TABLE_ROWS} 行),请先筛选` }),
  })
  .strict();

/** A file name from the title: no path or reserved characters. */
const safeName = (title: string) => title.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 60) || '导出';

export async function exportTable(_p: Principal, body: unknown, now = new Date()): Promise<{ fileName: string; asciiFileName: string; buffer: Buffer }> {
  const input = parseWith(bodySchema, body, '导出请求有误');
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
