// Writes the sheet model as an .xlsx file: styles per row kind, number formats per cell, column
// widths fitted to Chinese text, frozen headings, A4 print setup.
//
// The SpreadsheetML is written directly (shared/bulletin/xlsx.ts) — what exceljs wrote for the
// same model, read back the same (test/unit/xlsx-writer.test.ts compares both readings cell by
// cell) — at a tenth of the time: exceljs built a cell object, a style copy and a model per cell
// before serialising, 370 ms of a 1,000-base bulletin's 630 ms.
//
// Text is always written as a shared string: a base named `=HYPERLINK(…)` is text in the file,
// never a formula (nothing here writes an <f> element).

import type ExcelJS from 'exceljs';
import type { BulletinModel, CellModel, RowKind, SheetModel } from './model';
import { show } from './numbers';
import { writeSpreadsheet, type XlsxSheet } from './xlsx';

type Style = Partial<ExcelJS.Style>;

const FONT = 'SimSun';
const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF808080' } };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
const SECTION_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF5F5F5' } };

/** Display width of text in Excel "characters": CJK and full-width forms count as 2. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xfe30 && c <= 0xfe4f) ||
        (c >= 0xff00 && c <= 0xff60) ||
        (c >= 0xffe0 && c <= 0xffe6) ||
        c >= 0x20000)
        ? 2
        : 1;
  }
  return w;
}

/**
 * Text as XML can carry it: lone surrogates and U+FFFE/U+FFFF (which exceljs would write as is,
 * corrupting the file) become U+FFFD; exceljs itself drops C0 control characters.
 */
export function xmlSafe(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g, '\ufffd');
}

// Style objects are shared between cells and never mutated (exceljs would otherwise copy per cell).
// Looked up by row kind, then by a number's format or a text's alignment: no key string per cell.
const styleCache = new Map<RowKind, { num: Map<string, Style>; text: Map<string | undefined, Style> }>();
export function styleFor(kind: RowKind, cell: Exclude<CellModel, null> | null): Style {
  const isNum = cell?.t === 'num';
  const align = cell?.t === 'text' ? cell.align : undefined;
  let byKind = styleCache.get(kind);
  if (!byKind) styleCache.set(kind, (byKind = { num: new Map(), text: new Map() }));
  let st = isNum ? byKind.num.get(cell.fmt) : byKind.text.get(align);
  if (st) return st;
  const bold = kind === 'title' || kind === 'header' || kind === 'section' || kind === 'total';
  const font: Partial<ExcelJS.Font> = {
    name: FONT,
    size: kind === 'title' ? 14 : kind === 'note' ? 9 : 11,
    bold,
    ...(kind === 'note' ? { color: { argb: 'FF555555' } } : {}),
  };
  const tabular = kind === 'header' || kind === 'data' || kind === 'total';
  const horizontal = kind === 'title' || kind === 'header' ? 'center' : (align ?? (isNum ? 'right' : 'left'));
  st = {
    font,
    alignment: {
      horizontal,
      vertical: kind === 'paragraph' ? 'top' : 'middle',
      wrapText: kind === 'header' || kind === 'note' || kind === 'paragraph' || kind === 'title',
    },
    ...(isNum ? { numFmt: (cell as { fmt: string }).fmt } : {}),
    ...(tabular ? { border: BORDER } : {}),
    ...(kind === 'header' ? { fill: HEADER_FILL } : kind === 'total' ? { fill: SECTION_FILL } : {}),
  };
  if (isNum) byKind.num.set(cell.fmt, st);
  else byKind.text.set(align, st);
  return st;
}

/** Display text of a cell (numbers as their format shows them). */
export const shownText = (c: Exclude<CellModel, null>) => (c.t === 'num' ? show(c.v, c.fmt) : c.v);

/**
 * Column widths: the widest displayed content. Titles, notes and section labels (merged or
 * spilling into empty neighbours) do not count; long headings wrap onto two lines.
 */
export function columnWidths(sheet: SheetModel): number[] {
  if (sheet.fixedWidths) return sheet.fixedWidths;
  // Merged cells by row, then column (a string key per cell cost as much as the measuring).
  const merged = new Map<number, Set<number>>();
  for (const m of sheet.merges)
    if (m.right > m.left)
      for (let r = m.top; r <= m.bottom; r++) {
        let cols = merged.get(r);
        if (!cols) merged.set(r, (cols = new Set()));
        cols.add(m.left);
      }
  const widths = new Array<number>(sheet.columns).fill(6);
  const widen = (i: number, full: number, header: boolean) => {
    const w = header && full > 16 ? Math.max(16, Math.ceil(full / 2) + 2) : full;
    if (w > widths[i]!) widths[i] = w;
  };
  // A shown number is ASCII (digits, '-', '.', '%'), one width per character, and no shorter for
  // a larger magnitude (its rounding is monotonic), a minus sign adding one: of the numbers of
  // one column, row kind and format, only the largest and the most negative are formatted to be
  // measured (基地明细 would otherwise format 39,000 numbers).
  type Extremes = Map<string, { hi?: number; lo?: number }>;
  const extremes = new Map<number, { data: Extremes; total: Extremes }>();
  sheet.rows.forEach((row, r) => {
    if (row.kind !== 'header' && row.kind !== 'data' && row.kind !== 'total') return;
    const mergedHere = merged.get(r);
    row.cells.forEach((c, i) => {
      if (!c || i >= sheet.columns || mergedHere?.has(i)) return;
      const pad = row.kind === 'data' ? 2 : 3;
      if (c.t === 'text' || row.kind === 'header') {
        widen(i, (c.t === 'num' ? show(c.v, c.fmt).length : displayWidth(c.v)) + pad, row.kind === 'header');
        return;
      }
      if (Number.isNaN(c.v)) throw new Error('not a finite number');
      let column = extremes.get(i);
      if (!column) extremes.set(i, (column = { data: new Map(), total: new Map() }));
      const byFmt = row.kind === 'data' ? column.data : column.total;
      let e = byFmt.get(c.fmt);
      if (!e) byFmt.set(c.fmt, (e = {}));
      if (c.v < 0) {
        if (e.lo === undefined || c.v < e.lo) e.lo = c.v;
      } else if (e.hi === undefined || c.v > e.hi) e.hi = c.v;
    });
  });
  for (const [i, column] of extremes)
    for (const [byFmt, pad] of [
      [column.data, 2],
      [column.total, 3],
    ] as const)
      for (const [fmt, e] of byFmt) for (const v of [e.hi, e.lo]) if (v !== undefined) widen(i, show(v, fmt).length + pad, false);
  return widths.map((w) => Math.min(Math.ceil(w), 60));
}

/** Rough height of a wrapped row: lines × 15pt at 11pt type. */
export function wrappedHeight(s: string, width: number, lineHeight: number): number {
  // An 11pt CJK character is about 2.1 widths of Calibri's 0: count 5 % more than displayWidth.
  const lines = s.split('\n').reduce((n, part) => n + Math.max(1, Math.ceil((displayWidth(part) * 1.05) / Math.max(1, width - 1))), 0);
  return Math.max(lineHeight, lines * lineHeight + 4);
}

/** Column letter(s) of a 1-based column: 3 → C, 28 → AB. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Points of the title's type against the body's (titles are 14pt, cells 11pt). */
const TITLE_SCALE = 14 / 11;

/**
 * Widths that leave room for the title on one line (a merged title that wraps leaves its last
 * character, 表, alone on a second line): the columns grow in proportion when it is wider.
 */
export function widthsForTitle(widths: number[], title: string): number[] {
  const need = Math.ceil(displayWidth(title) * TITLE_SCALE) + 4;
  const total = widths.reduce((a, b) => a + b, 0);
  if (total >= need) return widths;
  const f = need / total;
  return widths.map((w) => Math.ceil(w * f));
}

/**
 * Print setup: A4 everywhere with the title and headings repeated on every page. A wide sheet
 * (printColumns) is landscape and split across pages at a readable scale, its first columns
 * repeated on each; the others fit one page wide. The text prints inside wider margins.
 */
export function pageSetupOf(sheet: SheetModel): Partial<ExcelJS.PageSetup> {
  const wide = !!sheet.printColumns;
  const text = !!sheet.fixedWidths;
  return {
    paperSize: 9 as ExcelJS.PaperSize, // A4
    orientation: sheet.landscape || wide ? 'landscape' : 'portrait',
    ...(wide ? { fitToPage: false, scale: 80 } : { fitToPage: true, fitToWidth: 1, fitToHeight: 0 }),
    horizontalCentered: !wide,
    margins: text
      ? { left: 0.9, right: 0.9, top: 1, bottom: 1, header: 0.4, footer: 0.4 }
      : { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: `1:${Math.max(1, sheet.frozenRows)}`,
    ...(wide ? { printTitlesColumn: `A:${columnLetter(sheet.printColumns!)}` } : {}),
  };
}

/** The cells, styles, sizes and print setup of one sheet, as the file gets them. */
function sheetOf(sheet: SheetModel): XlsxSheet {
  const widths = sheet.fixedWidths ? columnWidths(sheet) : widthsForTitle(columnWidths(sheet), sheet.title);
  const rows: XlsxSheet['rows'] = [];
  sheet.rows.forEach((row, r) => {
    const cells: XlsxSheet['rows'][number]['cells'] = [];
    let height: number | undefined;
    if (row.kind === 'title') {
      height = 30;
      for (let i = 0; i < sheet.columns; i++) cells[i] = { style: styleFor('title', null) };
    }
    if (row.kind === 'header' || row.kind === 'data' || row.kind === 'total') {
      // Borders on the whole row of the table, empty cells included.
      const used = row.kind === 'header' ? row.cells.length : Math.max(row.cells.length, 1);
      for (let i = 0; i < Math.min(used, sheet.columns); i++) if (!row.cells[i]) cells[i] = { style: styleFor(row.kind, null) };
    }
    row.cells.forEach((c, i) => {
      if (c) cells[i] = { value: c.t === 'num' ? c.v : xmlSafe(c.v), style: styleFor(row.kind, c) };
    });
    if (row.kind === 'header') {
      // Headings wrap: make room for their longest one (Excel does not grow rows on open).
      const span = (i: number) => {
        const m = sheet.merges.find((x) => x.top <= r && r <= x.bottom && x.left === i);
        return widths.slice(i, (m?.right ?? i) + 1).reduce((a, b) => a + b, 0);
      };
      const lines = Math.max(1, ...row.cells.map((c, i) => (c ? Math.ceil(displayWidth(shownText(c)) / Math.max(1, span(i) - 2)) : 1)));
      if (lines > 1) height = lines * 15 + 4;
    }
    if (row.kind === 'paragraph' || row.kind === 'note') {
      const c = row.cells[0];
      const width = row.kind === 'note' ? widths.reduce((a, b) => a + b, 0) : widths[0]!;
      if (c && c.t === 'text') height = wrappedHeight(c.v, width, row.kind === 'note' ? 13 : 18);
    }
    rows.push({ cells, ...(height !== undefined ? { height } : {}) });
  });
  return {
    name: sheet.name,
    widths,
    rows,
    merges: sheet.merges,
    frozen: { columns: sheet.frozenColumns, rows: sheet.frozenRows },
    showGridLines: sheet.name !== '通报正文',
    pageSetup: pageSetupOf(sheet),
    oddFooter: '第 &P 页,共 &N 页',
  };
}

/** The .xlsx file of the model. */
export async function writeWorkbook(model: BulletinModel): Promise<Buffer> {
  return writeSpreadsheet({ creator: '通报 Tongbao', title: xmlSafe(model.fileName.replace(/\.xlsx$/, '')), sheets: model.sheets.map(sheetOf) });
}
