// The Word bulletin writer as it was before shared/bulletin/docx.ts wrote WordprocessingML itself
// (the `docx` package, commit a8a0150), kept as the reference the direct writer is compared with
// (test/unit/docx-writer.test.ts), as test/helpers/exceljs-writer.ts keeps the exceljs one.

import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Footer,
  type ISectionOptions,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  VerticalMergeType,
  WidthType,
} from 'docx';
import { balancedLines } from '../../shared/bulletin/docx';
import type { BulletinModel, CellModel, DocumentModel, RowModel, SheetModel } from '../../shared/bulletin/model';
import { show } from '../../shared/bulletin/numbers';
import { displayWidth, xmlSafe } from '../../shared/bulletin/writer';

// GB/T 9704 公文: A4, 版心 156 × 225 mm (margins top 37, bottom 35, left 28, right 26 mm),
// 标题 二号小标宋, 正文 三号仿宋, 一级标题 黑体.
const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const HEADING_FONT = '黑体';
const TABLE_FONT = '宋体';
const PT = 2; // docx sizes are half-points
/** A4 in twips, as Word writes it. */
const A4 = { width: 11906, height: 16838 };
const MARGIN = {
  top: convertMillimetersToTwip(37),
  bottom: convertMillimetersToTwip(35),
  left: convertMillimetersToTwip(28),
  right: convertMillimetersToTwip(26),
};
const ANNEX_MARGIN = {
  top: convertMillimetersToTwip(25),
  bottom: convertMillimetersToTwip(25),
  left: convertMillimetersToTwip(20),
  right: convertMillimetersToTwip(20),
};

const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name, cs: name });
const run = (t: string, name: string, size: number, opts: { bold?: boolean; color?: string } = {}) =>
  new TextRun({ text: xmlSafe(t), font: font(name), size: size * PT, ...opts });

/** Characters of the 22 pt title on a line of the text area (156 mm ≈ 442 pt). */
const TITLE_CHARS_PER_LINE = 20;

/** `— 1 —` centred at the foot of every page. */
const pageFooter = () =>
  new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('宋体'), size: 14 * PT })],
      }),
    ],
  });

const body = (
  t: string,
  opts: { indent?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; name?: string; bold?: boolean; color?: string } = {},
) =>
  new Paragraph({
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    // 28-point lines, first line indented two characters (16pt each).
    spacing: { line: 560, lineRule: 'exact' as never },
    indent: opts.indent === false ? undefined : { firstLine: 32 * 20 },
    children: [run(t, opts.name ?? BODY_FONT, 16, { bold: opts.bold, color: opts.color })],
  });

/** The letter: title, 主送, text, 附件 list, 落款 and date. */
function letter(doc: DocumentModel, annexTitles: readonly string[]): Paragraph[] {
  const out: Paragraph[] = [];
  if (doc.warning) out.push(body(doc.warning, { indent: false, name: HEADING_FONT, color: 'C00000', align: AlignmentType.LEFT }));
  out.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 480, line: 700, lineRule: 'exact' as never },
      children: balancedLines(doc.title, TITLE_CHARS_PER_LINE).map((line, i) =>
        i ? new TextRun({ text: xmlSafe(line), font: font(TITLE_FONT), size: 22 * PT, break: 1 }) : run(line, TITLE_FONT, 22),
      ),
    }),
  );
  out.push(body(doc.recipients, { indent: false }));
  for (const p of doc.paragraphs) out.push(p.kind === 'heading' ? body(p.text, { name: HEADING_FONT }) : body(p.text));
  if (annexTitles.length) {
    out.push(body(''));
    annexTitles.forEach((t, i) =>
      out.push(
        new Paragraph({
          spacing: { line: 560, lineRule: 'exact' as never },
          // 附件:1. … then 2. … aligned under the 1 (a long title wraps under its own text).
          indent: i ? { left: 1440 + 480, hanging: 480 } : { left: 1440 + 480, hanging: 1440 + 480 - 640 },
          children: [run(`${i ? '' : '附件:'}${i + 1}. ${t}`, BODY_FONT, 16)],
        }),
      ),
    );
  }
  out.push(body(''), body(''));
  // 落款 and date right-aligned, four characters from the right margin.
  const right = (t: string) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      indent: { right: 64 * 20 },
      spacing: { line: 560, lineRule: 'exact' as never },
      children: [run(t, BODY_FONT, 16)],
    });
  out.push(right(doc.issuer));
  if (doc.date) out.push(right(doc.date));
  return out;
}

// ---- annex tables -------------------------------------------------------------------------------

const TABULAR = new Set(['header', 'data', 'total', 'section']);
const cellText = (c: CellModel): string => (!c ? '' : c.t === 'num' ? show(c.v, c.fmt) : c.v);
const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: thin, bottom: thin, left: thin, right: thin };

/** Rows of a sheet split into tables (runs of tabular rows) and notes between them. */
function blocksOf(sheet: SheetModel): Array<{ kind: 'table'; from: number; to: number } | { kind: 'note'; text: string }> {
  const out: Array<{ kind: 'table'; from: number; to: number } | { kind: 'note'; text: string }> = [];
  sheet.rows.forEach((row, i) => {
    if (i === 0 || row.kind === 'title') return;
    if (TABULAR.has(row.kind)) {
      const last = out[out.length - 1];
      if (last?.kind === 'table' && last.to === i - 1) last.to = i;
      else out.push({ kind: 'table', from: i, to: i });
    } else if ((row.kind === 'note' || row.kind === 'paragraph') && row.cells[0]?.t === 'text') out.push({ kind: 'note', text: row.cells[0].v });
  });
  return out;
}

function table(sheet: SheetModel, from: number, to: number, widthTwips: number): Table {
  const rows = sheet.rows.slice(from, to + 1);
  const merges = sheet.merges.filter((m) => m.top >= from && m.bottom <= to);
  // Columns this block uses: its widest row or merge.
  const cols = Math.max(1, ...rows.map((r) => r.cells.length), ...merges.map((m) => m.right + 1));
  const mergeAt = (r: number, c: number) => merges.find((m) => m.top <= r && r <= m.bottom && m.left <= c && c <= m.right);
  // Column widths from the displayed text (CJK counts double), the first column wider.
  const widths = new Array<number>(cols).fill(4);
  // What must not wrap: a figure or a year (no CJK, no space) keeps its whole width.
  const unbreakable = new Array<number>(cols).fill(2);
  rows.forEach((row, k) => {
    if (row.kind === 'section') return;
    row.cells.forEach((c, i) => {
      const m = mergeAt(from + k, i);
      if (i >= cols || (m && m.left !== m.right)) return;
      const t = cellText(c);
      widths[i] = Math.max(widths[i]!, Math.min(displayWidth(t), 30));
      if (t && displayWidth(t) === t.length && !/\s/.test(t)) unbreakable[i] = Math.max(unbreakable[i]!, t.length + 1);
    });
  });
  // Each column gets what must not wrap first; the rest of the width goes by content.
  const CHAR_TWIPS = 95; // a half-width character of the 9 pt table font, with cell padding
  const need = unbreakable.map((u, i) => Math.min(u * CHAR_TWIPS, widthTwips / cols + 0 * i));
  const rest = Math.max(0, widthTwips - need.reduce((a, b) => a + b, 0));
  const extra = widths.map((w, i) => Math.max(0, w - need[i]! / CHAR_TWIPS));
  const extraSum = extra.reduce((a, b) => a + b, 0) || 1;
  const twips = need.map((n, i) => Math.floor(n + (extra[i]! / extraSum) * rest));
  const headerRows = rows.findIndex((r) => r.kind !== 'header');
  const repeated = headerRows < 0 ? rows.length : headerRows;

  const docRows = rows.map((row: RowModel, k) => {
    const r = from + k;
    const bold = row.kind === 'header' || row.kind === 'section' || row.kind === 'total';
    const cells: TableCell[] = [];
    if (row.kind === 'section') {
      cells.push(
        new TableCell({
          columnSpan: cols,
          borders: BORDERS,
          children: [new Paragraph({ children: [run(cellText(row.cells[0] ?? null), TABLE_FONT, 10.5, { bold: true })] })],
        }),
      );
    } else {
      for (let c = 0; c < cols; c++) {
        const m = mergeAt(r, c);
        if (m && m.left !== c) continue; // covered by a horizontal merge
        const span = m ? m.right - m.left + 1 : 1;
        const vMerge = m && m.bottom > m.top ? (m.top === r ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE) : undefined;
        const cell = row.cells[c] ?? null;
        const isNum = cell?.t === 'num';
        const align =
          row.kind === 'header'
            ? AlignmentType.CENTER
            : isNum
              ? AlignmentType.RIGHT
              : cell?.t === 'text' && cell.align === 'center'
                ? AlignmentType.CENTER
                : AlignmentType.LEFT;
        cells.push(
          new TableCell({
            ...(span > 1 ? { columnSpan: span } : {}),
            ...(vMerge ? { verticalMerge: vMerge } : {}),
            width: { size: twips.slice(c, c + span).reduce((a, b) => a + b, 0), type: WidthType.DXA },
            verticalAlign: VerticalAlign.CENTER,
            borders: BORDERS,
            margins: { left: 80, right: 80, top: 30, bottom: 30 },
            children: [
              new Paragraph({ alignment: align, children: [run(vMerge === VerticalMergeType.CONTINUE ? '' : cellText(cell), TABLE_FONT, 10.5, { bold })] }),
            ],
          }),
        );
      }
    }
    return new TableRow({ children: cells, cantSplit: true, ...(k < repeated ? { tableHeader: true } : {}) });
  });
  return new Table({ rows: docRows, width: { size: widthTwips, type: WidthType.DXA }, columnWidths: twips });
}

/** One 附件: `附件N`, the sheet's title, its tables and notes. */
function annexSection(sheet: SheetModel, n: number): ISectionOptions {
  const landscape = sheet.columns >= 6;
  const pageWidth = landscape ? A4.height : A4.width;
  const width = pageWidth - ANNEX_MARGIN.left - ANNEX_MARGIN.right;
  const children: Array<Paragraph | Table> = [
    new Paragraph({ spacing: { after: 120 }, children: [run(`附件${n}`, HEADING_FONT, 16)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(sheet.title, TITLE_FONT, 18)] }),
  ];
  const blocks = blocksOf(sheet);
  blocks.forEach((b, i) => {
    if (b.kind === 'table') {
      children.push(table(sheet, b.from, b.to, width));
      // A section cannot end in a table; the paragraph after the last one is a hairline, so a
      // table that fills its page does not push an empty page after it.
      const last = i === blocks.length - 1;
      children.push(new Paragraph({ spacing: last ? { before: 0, after: 0, line: 20, lineRule: 'exact' as never } : { after: 60 }, children: [] }));
    } else children.push(new Paragraph({ spacing: { after: 120 }, children: [run(b.text, TABLE_FONT, 9, { color: '404040' })] }));
  });
  return {
    properties: {
      page: {
        size: { ...A4, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
        margin: ANNEX_MARGIN,
      },
    },
    footers: { default: pageFooter() },
    children,
  };
}

/** The Word document of a bulletin model (which must carry its `document`). */
export function renderReferenceDocument(model: BulletinModel): Document {
  const doc = model.document;
  if (!doc) throw new Error('bulletin model has no document');
  const annexes = doc.annexes.map((name) => {
    const sheet = model.sheets.find((s) => s.name === name);
    if (!sheet) throw new Error(`annex ${name} is not a sheet of the bulletin`);
    return sheet;
  });
  return new Document({
    creator: '通报 Tongbao',
    title: xmlSafe(doc.title),
    styles: { default: { document: { run: { font: font(BODY_FONT), size: 16 * PT } } } },
    sections: [
      {
        properties: { page: { size: { ...A4, orientation: PageOrientation.PORTRAIT }, margin: MARGIN } },
        footers: { default: pageFooter() },
        children: letter(
          doc,
          annexes.map((s) => s.title),
        ),
      },
      ...annexes.map((s, i) => annexSection(s, i + 1)),
    ],
  });
}

/** The .docx file of the model, as the `docx` package packs it. */
export async function writeReferenceDocument(model: BulletinModel): Promise<Buffer> {
  return Packer.toBuffer(renderReferenceDocument(model));
}
