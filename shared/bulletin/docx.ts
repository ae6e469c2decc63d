// The Word bulletin (SPEC §12): the 公文 of any program's BulletinModel — title, warning (data
// incomplete), 主送, the drafted paragraphs, the 附件 list, 落款 and date on A4 portrait with page
// numbers, then each 附件 sheet as a table (landscape when wide), headings repeated on every page.
// Generic over the model: it lays out strings and cells and computes no figure (numbers print as
// their cell format shows them, shared/bulletin/numbers.ts `show`).
//
// WordprocessingML (ECMA-376 Part 1, §17) is written directly as strings and zipped by
// shared/bulletin/zip.ts: the same elements the `docx` package wrote for this layout (its writer
// is kept as test/helpers/docx-reference.ts, the reference test/unit/docx-writer.test.ts compares
// with), without its object tree: 25–200 ms a document went to its prepForXml, spreads and GC,
// now 1–7 ms (docs/performance.md).

import type { BulletinModel, CellModel, DocumentModel, RowModel, SheetModel } from './model';
import { show } from './numbers';
import { displayWidth, xmlSafe } from './writer';
import { zip } from './zip';

// GB/T 9704 公文: A4, 版心 156 × 225 mm (margins top 37, bottom 35, left 28, right 26 mm),
// 标题 二号小标宋, 正文 三号仿宋, 一级标题 黑体.
const TITLE_FONT = '方正小标宋简体';
const BODY_FONT = '仿宋_GB2312';
const HEADING_FONT = '黑体';
const TABLE_FONT = '宋体';
const PT = 2; // WordprocessingML sizes are half-points
/** A4 in twips, as Word writes it. */
const A4 = { width: 11906, height: 16838 };
/** Millimetres to twips, rounded down as the `docx` package did (37 mm → 2097). */
const mm = (x: number) => Math.floor((x / 25.4) * 1440);
interface Margin {
  top: number;
  bottom: number;
  left: number;
  right: number;
}
const MARGIN: Margin = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
const ANNEX_MARGIN: Margin = { top: mm(25), bottom: mm(25), left: mm(20), right: mm(20) };

/** Characters of the 22 pt title on a line of the text area (156 mm ≈ 442 pt). */
const TITLE_CHARS_PER_LINE = 20;

/**
 * A title too long for one line, split into lines of nearly equal width (公文 titles are
 * balanced, never a line with one or two characters left alone). Widths: CJK 1, ASCII ½.
 */
export function balancedLines(title: string, perLine: number): string[] {
  const chars = [...title];
  const w = (c: string) => (c.charCodeAt(0) < 0x2e80 ? 0.5 : 1);
  const total = chars.reduce((n, c) => n + w(c), 0);
  if (total <= perLine) return [title];
  const lines = Math.ceil(total / perLine);
  const out: string[] = [];
  let line = '';
  let width = 0;
  let done = 0;
  for (const c of chars) {
    // Close a line once it reaches its share of what is left.
    const share = (total - done) / (lines - out.length);
    if (out.length < lines - 1 && width + w(c) / 2 > share && line) {
      out.push(line);
      done += width;
      line = '';
      width = 0;
    }
    line += c;
    width += w(c);
  }
  out.push(line);
  return out;
}

// ---- runs and paragraphs ------------------------------------------------------------------------

/**
 * Text as the `docx` package wrote it: lone surrogates replaced (xmlSafe), `&`, `<`, `>` escaped,
 * the C0 controls XML 1.0 cannot hold dropped (tab, line feed and carriage return stay; DEL too).
 */
const UNSAFE = /[&<>\x00-\x08\x0b\x0c\x0e-\x1f]/;
const text = (t: string) => {
  const s = xmlSafe(t);
  if (!UNSAFE.test(s)) return s;
  return s.replace(/[&<>\x00-\x08\x0b\x0c\x0e-\x1f]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : ''));
};

/** Run properties in schema order (§17.3.2.28: rFonts, b, bCs, color, sz, szCs), one string per kind. */
const rPrCache = new Map<string, string>();
function rPr(name: string, size: number, bold?: boolean, color?: string): string {
  const key = `${name}|${size}|${bold ? 1 : 0}|${color ?? ''}`;
  let s = rPrCache.get(key);
  if (s === undefined) {
    const hp = Math.round(size * PT);
    s =
      `<w:rPr><w:rFonts w:ascii="${name}" w:eastAsia="${name}" w:hAnsi="${name}" w:cs="${name}"/>` +
      `${bold ? '<w:b/><w:bCs/>' : ''}${color ? `<w:color w:val="${color}"/>` : ''}<w:sz w:val="${hp}"/><w:szCs w:val="${hp}"/></w:rPr>`;
    rPrCache.set(key, s);
  }
  return s;
}

const run = (t: string, name: string, size: number, opts: { bold?: boolean; color?: string; break?: boolean } = {}) =>
  `<w:r>${rPr(name, size, opts.bold, opts.color)}${opts.break ? '<w:br/>' : ''}<w:t xml:space="preserve">${text(t)}</w:t></w:r>`;

type Align = 'left' | 'center' | 'right' | 'both';

interface ParagraphProps {
  align?: Align;
  /** Twips; `line` is an exact line height. */
  spacing?: { before?: number; after?: number; line?: number };
  indent?: { firstLine?: number; left?: number; hanging?: number; right?: number };
}

/** Paragraph properties in schema order (§17.3.1.26: spacing, ind, jc); a section's sectPr goes last. */
function pPr(p: ParagraphProps): string {
  let s = '';
  const sp = p.spacing;
  if (sp) {
    s += '<w:spacing';
    if (sp.before !== undefined) s += ` w:before="${sp.before}"`;
    if (sp.after !== undefined) s += ` w:after="${sp.after}"`;
    if (sp.line !== undefined) s += ` w:line="${sp.line}" w:lineRule="exact"`;
    s += '/>';
  }
  const ind = p.indent;
  if (ind) {
    s += '<w:ind';
    if (ind.left !== undefined) s += ` w:left="${ind.left}"`;
    if (ind.right !== undefined) s += ` w:right="${ind.right}"`;
    if (ind.firstLine !== undefined) s += ` w:firstLine="${ind.firstLine}"`;
    if (ind.hanging !== undefined) s += ` w:hanging="${ind.hanging}"`;
    s += '/>';
  }
  if (p.align) s += `<w:jc w:val="${p.align}"/>`;
  return s;
}

/** A block of a section's body: a paragraph (its pPr content kept apart, for the sectPr) or a table. */
type Block = { pPr: string; runs: string } | { tbl: string };
const paragraph = (p: ParagraphProps, runs: string): Block => ({ pPr: pPr(p), runs });

const body = (t: string, opts: { indent?: boolean; align?: Align; name?: string; bold?: boolean; color?: string } = {}) =>
  paragraph(
    {
      align: opts.align ?? 'both',
      // 28-point lines, first line indented two characters (16pt each).
      spacing: { line: 560 },
      ...(opts.indent === false ? {} : { indent: { firstLine: 32 * 20 } }),
    },
    run(t, opts.name ?? BODY_FONT, 16, { bold: opts.bold, color: opts.color }),
  );

/** The letter: title, 主送, text, 附件 list, 落款 and date. */
function letter(doc: DocumentModel, annexTitles: readonly string[]): Block[] {
  const out: Block[] = [];
  if (doc.warning) out.push(body(doc.warning, { indent: false, name: HEADING_FONT, color: 'C00000', align: 'left' }));
  out.push(
    paragraph(
      { align: 'center', spacing: { before: 240, after: 480, line: 700 } },
      balancedLines(doc.title, TITLE_CHARS_PER_LINE)
        .map((line, i) => run(line, TITLE_FONT, 22, { break: i > 0 }))
        .join(''),
    ),
  );
  out.push(body(doc.recipients, { indent: false }));
  for (const p of doc.paragraphs) out.push(p.kind === 'heading' ? body(p.text, { name: HEADING_FONT }) : body(p.text));
  if (annexTitles.length) {
    out.push(body(''));
    annexTitles.forEach((t, i) =>
      out.push(
        paragraph(
          {
            spacing: { line: 560 },
            // 附件:1. … then 2. … aligned under the 1 (a long title wraps under its own text).
            indent: i ? { left: 1440 + 480, hanging: 480 } : { left: 1440 + 480, hanging: 1440 + 480 - 640 },
          },
          run(`${i ? '' : '附件:'}${i + 1}. ${t}`, BODY_FONT, 16),
        ),
      ),
    );
  }
  out.push(body(''), body(''));
  // 落款 and date right-aligned, four characters from the right margin.
  const right = (t: string) => paragraph({ align: 'right', indent: { right: 64 * 20 }, spacing: { line: 560 } }, run(t, BODY_FONT, 16));
  out.push(right(doc.issuer));
  if (doc.date) out.push(right(doc.date));
  return out;
}

// ---- annex tables -------------------------------------------------------------------------------

const TABULAR = new Set(['header', 'data', 'total', 'section']);
const cellText = (c: CellModel): string => (!c ? '' : c.t === 'num' ? show(c.v, c.fmt) : c.v);
const edges = (color: string, names: readonly string[]) => names.map((e) => `<w:${e} w:val="single" w:sz="4" w:color="${color}"/>`).join('');
// Borders and cell margins are said once per table, not per cell (the `docx` package repeated
// them in every cell: ≈ 400 of a cell's ≈ 900 bytes, and a platform bulletin's document.xml was
// 1.25 MB, its encoding and deflating most of the Word export's time). What a cell shows is the
// same: every edge single, ½ pt, black; text 30 twips from the top and bottom, 80 from the sides.
const mar = (top: number, side: number) =>
  `<w:top w:w="${top}" w:type="dxa"/><w:left w:w="${side}" w:type="dxa"/><w:bottom w:w="${top}" w:type="dxa"/><w:right w:w="${side}" w:type="dxa"/>`;
const TABLE_BORDERS = `<w:tblBorders>${edges('000000', ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'])}</w:tblBorders><w:tblCellMar>${mar(30, 80)}</w:tblCellMar>`;
/** A section row's single cell keeps the margins of Word's default table style (0 and 108), as before. */
const SECTION_CELL_MARGINS = `<w:tcMar>${mar(0, 108)}</w:tcMar>`;

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

function table(sheet: SheetModel, from: number, to: number, widthTwips: number): string {
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
  const gridSum = twips.reduce((a, b) => a + b, 0);

  let xml = `<w:tbl><w:tblPr><w:tblW w:w="${widthTwips}" w:type="dxa"/>${TABLE_BORDERS}</w:tblPr><w:tblGrid>`;
  for (const w of twips) xml += `<w:gridCol w:w="${w}"/>`;
  xml += '</w:tblGrid>';
  rows.forEach((row: RowModel, k) => {
    const r = from + k;
    const bold = row.kind === 'header' || row.kind === 'section' || row.kind === 'total';
    // Rows never break across pages; the heading rows repeat on every page.
    xml += `<w:tr><w:trPr><w:cantSplit/>${k < repeated ? '<w:tblHeader/>' : ''}</w:trPr>`;
    if (row.kind === 'section') {
      // One cell over the whole grid, as wide as the table (the `docx` package gave a cell
      // without a width of its own the width of the columns it spans, scaled to the table).
      xml +=
        `<w:tc><w:tcPr><w:tcW w:w="${Math.max(gridSum, widthTwips)}" w:type="dxa"/><w:gridSpan w:val="${cols}"/>${SECTION_CELL_MARGINS}</w:tcPr>` +
        `<w:p>${run(cellText(row.cells[0] ?? null), TABLE_FONT, 10.5, { bold: true })}</w:p></w:tc>`;
    } else {
      for (let c = 0; c < cols; c++) {
        const m = mergeAt(r, c);
        if (m && m.left !== c) continue; // covered by a horizontal merge
        const span = m ? m.right - m.left + 1 : 1;
        const vMerge = m && m.bottom > m.top ? (m.top === r ? 'restart' : 'continue') : undefined;
        const cell = row.cells[c] ?? null;
        const isNum = cell?.t === 'num';
        const align = row.kind === 'header' ? 'center' : isNum ? 'right' : cell?.t === 'text' && cell.align === 'center' ? 'center' : 'left';
        let w = twips[c]!;
        for (let i = c + 1; i < c + span; i++) w += twips[i]!;
        xml +=
          `<w:tc><w:tcPr><w:tcW w:w="${w}" w:type="dxa"/>${span > 1 ? `<w:gridSpan w:val="${span}"/>` : ''}` +
          `${vMerge ? `<w:vMerge w:val="${vMerge}"/>` : ''}<w:vAlign w:val="center"/></w:tcPr>` +
          `<w:p><w:pPr><w:jc w:val="${align}"/></w:pPr>${run(vMerge === 'continue' ? '' : cellText(cell), TABLE_FONT, 10.5, { bold })}</w:p></w:tc>`;
      }
    }
    xml += '</w:tr>';
  });
  return `${xml}</w:tbl>`;
}

interface Section {
  landscape: boolean;
  margin: Margin;
  blocks: Block[];
}

/** One 附件: `附件N`, the sheet's title, its tables and notes. */
function annexSection(sheet: SheetModel, n: number): Section {
  const landscape = sheet.columns >= 6;
  const pageWidth = landscape ? A4.height : A4.width;
  const width = pageWidth - ANNEX_MARGIN.left - ANNEX_MARGIN.right;
  const blocks: Block[] = [
    paragraph({ spacing: { after: 120 } }, run(`附件${n}`, HEADING_FONT, 16)),
    paragraph({ align: 'center', spacing: { after: 240 } }, run(sheet.title, TITLE_FONT, 18)),
  ];
  const parts = blocksOf(sheet);
  parts.forEach((b, i) => {
    if (b.kind === 'table') {
      blocks.push({ tbl: table(sheet, b.from, b.to, width) });
      // A section cannot end in a table; the paragraph after the last one is a hairline, so a
      // table that fills its page does not push an empty page after it.
      const last = i === parts.length - 1;
      blocks.push(paragraph({ spacing: last ? { before: 0, after: 0, line: 20 } : { after: 60 } }, ''));
    } else blocks.push(paragraph({ spacing: { after: 120 } }, run(b.text, TABLE_FONT, 9, { color: '404040' })));
  });
  return { landscape, margin: ANNEX_MARGIN, blocks };
}

// ---- the package --------------------------------------------------------------------------------

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const CT = 'application/vnd.openxmlformats-officedocument';

/** Page size, margins and footer of a section (§17.6.17), in the `docx` package's order and defaults. */
function sectPr(s: Section, footerId: string): string {
  const [w, h] = s.landscape ? [A4.height, A4.width] : [A4.width, A4.height];
  const m = s.margin;
  return (
    `<w:sectPr><w:footerReference w:type="default" r:id="${footerId}"/>` +
    `<w:pgSz w:w="${w}" w:h="${h}" w:orient="${s.landscape ? 'landscape' : 'portrait'}"/>` +
    `<w:pgMar w:top="${m.top}" w:right="${m.right}" w:bottom="${m.bottom}" w:left="${m.left}" w:header="708" w:footer="708" w:gutter="0"/>` +
    '<w:pgNumType/><w:docGrid w:linePitch="360"/></w:sectPr>'
  );
}

const paragraphXml = (b: { pPr: string; runs: string }, sect = '') => {
  const props = b.pPr + sect;
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${b.runs}</w:p>`;
};

/** word/document.xml: every section but the last ends with its sectPr in its last paragraph's pPr. */
function documentXml(sections: readonly Section[]): string {
  let xml = `${DECL}<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>`;
  sections.forEach((s, i) => {
    const footerId = `rIdFooter${i + 1}`;
    const final = i === sections.length - 1;
    const lastP = final ? -1 : s.blocks.length - 1;
    s.blocks.forEach((b, k) => {
      if ('tbl' in b) xml += b.tbl;
      else xml += paragraphXml(b, k === lastP ? sectPr(s, footerId) : '');
    });
    // (A section never ends in a table here; if one did, its sectPr would need a paragraph of its own.)
    if (!final && lastP >= 0 && 'tbl' in s.blocks[lastP]!) xml += paragraphXml({ pPr: '', runs: '' }, sectPr(s, footerId));
    if (final) xml += sectPr(s, footerId);
  });
  return `${xml}</w:body></w:document>`;
}

/** `— 1 —` centred at the foot of every page (a PAGE field between dashes). */
function footerXml(): string {
  const r = rPr(TABLE_FONT, 14);
  const field = (type: string) => `<w:r>${r}<w:fldChar w:fldCharType="${type}"/></w:r>`;
  return (
    `${DECL}<w:ftr xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>` +
    `<w:r>${r}<w:t xml:space="preserve">— </w:t></w:r>${field('begin')}<w:r>${r}<w:instrText xml:space="preserve">PAGE</w:instrText></w:r>` +
    `${field('separate')}${field('end')}<w:r>${r}<w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>`
  );
}

/** word/styles.xml: the document's default font and size, Normal, and Word's default table style. */
const STYLES_XML =
  `${DECL}<w:styles xmlns:w="${W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>` +
  `<w:rFonts w:ascii="${BODY_FONT}" w:eastAsia="${BODY_FONT}" w:hAnsi="${BODY_FONT}" w:cs="${BODY_FONT}"/><w:sz w:val="${16 * PT}"/><w:szCs w:val="${16 * PT}"/>` +
  '</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>' +
  '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>' +
  '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>' +
  '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>' +
  '</w:styles>';

/** word/settings.xml: Word 2013+ layout (compatibility mode 15), as the `docx` package set it. */
const SETTINGS_XML =
  `${DECL}<w:settings xmlns:w="${W_NS}"><w:displayBackgroundShape/><w:defaultTabStop w:val="720"/><w:evenAndOddHeaders w:val="false"/>` +
  '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>';

const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;

/** The parts of the .docx, in package order. */
function documentParts(model: BulletinModel, now: Date): Array<{ name: string; data: string }> {
  const doc = model.document;
  if (!doc) throw new Error('bulletin model has no document');
  const annexes = doc.annexes.map((name) => {
    const sheet = model.sheets.find((s) => s.name === name);
    if (!sheet) throw new Error(`annex ${name} is not a sheet of the bulletin`);
    return sheet;
  });
  const sections: Section[] = [
    {
      landscape: false,
      margin: MARGIN,
      blocks: letter(
        doc,
        annexes.map((s) => s.title),
      ),
    },
    ...annexes.map((s, i) => annexSection(s, i + 1)),
  ];
  // One footer part per section, as Word keeps them (each section may then be edited alone).
  const footers = sections.map((_, i) => `footer${i + 1}.xml`);
  const footer = footerXml();
  const stamp = now.toISOString();
  return [
    {
      name: '[Content_Types].xml',
      data:
        `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/word/document.xml" ContentType="${CT}.wordprocessingml.document.main+xml"/>` +
        `<Override PartName="/word/styles.xml" ContentType="${CT}.wordprocessingml.styles+xml"/>` +
        `<Override PartName="/word/settings.xml" ContentType="${CT}.wordprocessingml.settings+xml"/>` +
        footers.map((f) => `<Override PartName="/word/${f}" ContentType="${CT}.wordprocessingml.footer+xml"/>`).join('') +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        `<Override PartName="/docProps/app.xml" ContentType="${CT}.extended-properties+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      data:
        `${DECL}<Relationships xmlns="${PKG_REL_NS}">${rel('rId1', `${R_NS}/officeDocument`, 'word/document.xml')}` +
        `${rel('rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml')}` +
        `${rel('rId3', `${R_NS}/extended-properties`, 'docProps/app.xml')}</Relationships>`,
    },
    { name: 'word/document.xml', data: documentXml(sections) },
    {
      name: 'word/_rels/document.xml.rels',
      data:
        `${DECL}<Relationships xmlns="${PKG_REL_NS}">${rel('rIdStyles', `${R_NS}/styles`, 'styles.xml')}${rel('rIdSettings', `${R_NS}/settings`, 'settings.xml')}` +
        `${footers.map((f, i) => rel(`rIdFooter${i + 1}`, `${R_NS}/footer`, f)).join('')}</Relationships>`,
    },
    { name: 'word/styles.xml', data: STYLES_XML },
    { name: 'word/settings.xml', data: SETTINGS_XML },
    ...footers.map((f) => ({ name: `word/${f}`, data: footer })),
    {
      name: 'docProps/core.xml',
      data:
        `${DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        `<dc:title>${text(doc.title)}</dc:title><dc:creator>通报 Tongbao</dc:creator><cp:revision>1</cp:revision>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified></cp:coreProperties>`,
    },
    {
      name: 'docProps/app.xml',
      data: `${DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>`,
    },
  ];
}

/** The .docx file of a bulletin model (which must carry its `document`). */
export async function writeDocument(model: BulletinModel, now = new Date()): Promise<Buffer> {
  return zip(documentParts(model, now), { date: now, level: 5 });
}
