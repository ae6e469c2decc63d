// SpreadsheetML (ECMA-376 Part 1, §18) written directly: shared strings, one deduplicated style
// table, cells, merges, column widths, row heights, frozen panes, A4 print setup with repeated
// rows/columns (defined names) and footers, zipped by shared/bulletin/zip.ts.
//
// It writes what exceljs 4.4 wrote for the same sheets — the same elements, attributes and
// style records, so exceljs, Excel and LibreOffice read the file back as before — without
// exceljs's per-cell objects (a cell, a style copy and a model per cell, then an XML stream per
// part): a 1,000-base bulletin (45,000 cells in 基地明细) took 300–400 ms there, here a tenth.
// Styles are given in exceljs's own shapes (Partial<ExcelJS.Style>, PageSetup), type-only.

import type ExcelJS from 'exceljs';
import { zip } from './zip';

type Style = Partial<ExcelJS.Style>;

export interface XlsxCell {
  /** A number, a string (always a shared string: never a formula), or nothing (a styled empty cell). */
  value?: number | string;
  style: Style;
}

export interface XlsxSheet {
  name: string;
  /** Column widths in characters, from column A. */
  widths: number[];
  /** Rows from row 1; cells by column index from 0 (holes are absent cells). */
  rows: Array<{ cells: Array<XlsxCell | undefined>; height?: number }>;
  /** Merged ranges, 0-based and inclusive. */
  merges: ReadonlyArray<{ top: number; left: number; bottom: number; right: number }>;
  frozen: { columns: number; rows: number };
  showGridLines: boolean;
  pageSetup: Partial<ExcelJS.PageSetup>;
  oddFooter?: string;
}

export interface XlsxWorkbook {
  creator: string;
  title: string;
  sheets: XlsxSheet[];
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * Text as XML carries it, as exceljs encoded it: the five markup characters escaped, C0 controls
 * other than tab, line feed and carriage return (not allowed in XML 1.0) and DEL dropped.
 */
export function xmlText(s: string): string {
  // Fast path: most strings need nothing.
  if (!/[<>&'"\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(s)) return s;
  return s.replace(/[<>&'"\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === "'" ? '&apos;' : c === '"' ? '&quot;' : '',
  );
}

/** Column letter(s) of a 1-based column: 3 → C, 28 → AB. */
export function colName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Built-in number formats (ECMA-376 §18.8.30) among those the bulletins use; others get ids from 164. */
const BUILTIN_FORMATS: Record<string, number> = { General: 0, '0': 1, '0.00': 2, '#,##0': 3, '#,##0.00': 4, '0%': 9, '0.00%': 10, '@': 49 };

const argb = (c: Partial<ExcelJS.Color> | undefined) => (c?.argb ? `<color rgb="${c.argb}"/>` : '');

/** The workbook's style table: fonts, fills, borders, number formats and cell formats, each kept once. */
class StyleTable {
  private readonly fonts = ['<font><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>'];
  private readonly fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private readonly borders = ['<border><left/><right/><top/><bottom/><diagonal/></border>'];
  private readonly numFmts: string[] = [];
  private readonly xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly index = new Map<string, number>();
  /** Style objects are shared between cells (shared/bulletin/writer.ts): each is looked up once. */
  private readonly byObject = new WeakMap<Style, number>();

  private static add(list: string[], xml: string): number {
    const i = list.indexOf(xml);
    if (i >= 0) return i;
    list.push(xml);
    return list.length - 1;
  }

  private numFmtId(code: string): number {
    const builtin = BUILTIN_FORMATS[code];
    if (builtin !== undefined) return builtin;
    const xml = `<numFmt numFmtId="%ID%" formatCode="${xmlText(code)}"/>`;
    const i = this.numFmts.indexOf(xml);
    if (i >= 0) return 164 + i;
    this.numFmts.push(xml);
    return 164 + this.numFmts.length - 1;
  }

  /** The cellXfs index of a style. */
  id(style: Style): number {
    const known = this.byObject.get(style);
    if (known !== undefined) return known;
    const f = style.font;
    const font = f
      ? StyleTable.add(
          this.fonts,
          `<font>${f.bold ? '<b/>' : ''}${f.italic ? '<i/>' : ''}${argb(f.color)}${f.size ? `<sz val="${f.size}"/>` : ''}${f.name ? `<name val="${xmlText(f.name)}"/>` : ''}</font>`,
        )
      : 0;
    const fl = style.fill as ExcelJS.FillPattern | undefined;
    const fill = fl
      ? StyleTable.add(
          this.fills,
          `<fill><patternFill patternType="${fl.pattern}">${fl.fgColor?.argb ? `<fgColor rgb="${fl.fgColor.argb}"/>` : ''}</patternFill></fill>`,
        )
      : 0;
    const b = style.border;
    const side = (tag: string, s: Partial<ExcelJS.Border> | undefined) => (s?.style ? `<${tag} style="${s.style}">${argb(s.color)}</${tag}>` : `<${tag}/>`);
    const border = b
      ? StyleTable.add(
          this.borders,
          `<border>${side('left', b.left)}${side('right', b.right)}${side('top', b.top)}${side('bottom', b.bottom)}<diagonal/></border>`,
        )
      : 0;
    const numFmt = style.numFmt ? this.numFmtId(style.numFmt) : 0;
    const a = style.alignment;
    const alignment = a
      ? `<alignment${a.horizontal ? ` horizontal="${a.horizontal}"` : ''}${a.vertical ? ` vertical="${a.vertical}"` : ''}${a.wrapText ? ' wrapText="1"' : ''}/>`
      : '';
    const apply = `${numFmt ? ' applyNumberFormat="1"' : ''}${font ? ' applyFont="1"' : ''}${fill ? ' applyFill="1"' : ''}${border ? ' applyBorder="1"' : ''}${alignment ? ' applyAlignment="1"' : ''}`;
    const xml = `<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${apply}${alignment ? `>${alignment}</xf>` : '/>'}`;
    let id = this.index.get(xml);
    if (id === undefined) {
      id = this.xfs.length;
      this.xfs.push(xml);
      this.index.set(xml, id);
    }
    this.byObject.set(style, id);
    return id;
  }

  xml(): string {
    const fmts = this.numFmts.map((x, i) => x.replace('%ID%', String(164 + i)));
    return (
      `${DECL}<styleSheet xmlns="${MAIN_NS}">` +
      (fmts.length ? `<numFmts count="${fmts.length}">${fmts.join('')}</numFmts>` : '') +
      `<fonts count="${this.fonts.length}">${this.fonts.join('')}</fonts>` +
      `<fills count="${this.fills.length}">${this.fills.join('')}</fills>` +
      `<borders count="${this.borders.length}">${this.borders.join('')}</borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '</styleSheet>'
    );
  }
}

/** The shared string table: each distinct text once. */
class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly items: string[] = [];
  count = 0;

  id(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.items.length;
      this.index.set(s, i);
      // Leading or trailing white space, or a line break, is kept only with xml:space="preserve".
      this.items.push(/^\s|\n|\s$/.test(s) ? `<si><t xml:space="preserve">${xmlText(s)}</t></si>` : `<si><t>${xmlText(s)}</t></si>`);
    }
    return i;
  }

  xml(): string {
    return `${DECL}<sst xmlns="${MAIN_NS}" count="${this.count}" uniqueCount="${this.items.length}">${this.items.join('')}</sst>`;
  }
}

/** exceljs's defaults for what a sheet's page setup leaves out. */
const PAGE_DEFAULTS: Partial<ExcelJS.PageSetup> = {
  orientation: 'portrait',
  horizontalDpi: 4294967295,
  verticalDpi: 4294967295,
  scale: 100,
  fitToWidth: 1,
  fitToHeight: 1,
  margins: { left: 0.7, right: 0.7, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
};

function sheetXml(sheet: XlsxSheet, styles: StyleTable, strings: SharedStrings): string {
  // Merged cells show their master's style and hold no value of their own. Only the rows a merge
  // covers are copied to fill them in (基地明细's thousand data rows are not).
  const rows: Array<XlsxSheet['rows'][number]> = sheet.rows.slice();
  const copied = new Set<number>();
  for (const m of sheet.merges) {
    const master = rows[m.top]?.cells[m.left];
    for (let r = m.top; r <= m.bottom; r++) {
      while (rows.length <= r) rows.push({ height: undefined, cells: [] });
      if (!copied.has(r)) {
        rows[r] = { height: rows[r]!.height, cells: [...rows[r]!.cells] };
        copied.add(r);
      }
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        rows[r]!.cells[c] = { style: master?.style ?? {} };
      }
    }
  }
  let width = sheet.widths.length;
  for (const r of rows) if (r.cells.length > width) width = r.cells.length;
  // `<c r="B` per column and ` s="7"` per style, built once rather than per cell.
  const opens = Array.from({ length: width }, (_, i) => `<c r="${colName(i + 1)}`);
  const styleAttrs: string[] = [];
  let maxCol = 0;
  let maxRow = 0;
  const out: string[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const n = r + 1;
    let cells = '';
    let last = 0;
    for (let c = 0; c < row.cells.length; c++) {
      const cell = row.cells[c];
      if (!cell) continue;
      last = c + 1;
      const s = styles.id(cell.style);
      const attrs = `${opens[c]}${n}"${s ? (styleAttrs[s] ??= ` s="${s}"`) : ''}`;
      if (cell.value === undefined) cells += `${attrs}/>`;
      else if (typeof cell.value === 'number') cells += `${attrs}><v>${cell.value}</v></c>`;
      else cells += `${attrs} t="s"><v>${strings.id(cell.value)}</v></c>`;
    }
    if (!cells && row.height === undefined) continue;
    maxRow = n;
    if (last > maxCol) maxCol = last;
    out.push(`<row r="${n}"${row.height !== undefined ? ` ht="${row.height}" customHeight="1"` : ''}>${cells}</row>`);
  }

  const ps = { ...PAGE_DEFAULTS, ...sheet.pageSetup };
  const m = { ...PAGE_DEFAULTS.margins!, ...ps.margins };
  const { columns: xSplit, rows: ySplit } = sheet.frozen;
  const pane = xSplit && ySplit ? 'bottomRight' : xSplit ? 'topRight' : 'bottomLeft';
  const view =
    `<sheetViews><sheetView workbookViewId="0"${sheet.showGridLines ? '' : ' showGridLines="0"'}>` +
    `<pane${xSplit ? ` xSplit="${xSplit}"` : ''}${ySplit ? ` ySplit="${ySplit}"` : ''} topLeftCell="${colName(xSplit + 1)}${ySplit + 1}" activePane="${pane}" state="frozen"/>` +
    `<selection pane="${pane}"/></sheetView></sheetViews>`;
  // Adjacent columns of one width share a <col> element. A width of 9 is left to the reader's
  // default, as exceljs left it (its default column width; Excel's is 8.43 + padding).
  let cols = '';
  for (let i = 0; i < sheet.widths.length; ) {
    let j = i;
    while (j + 1 < sheet.widths.length && sheet.widths[j + 1] === sheet.widths[i]) j++;
    if (sheet.widths[i] !== 9) cols += `<col min="${i + 1}" max="${j + 1}" width="${sheet.widths[i]}" customWidth="1"/>`;
    i = j + 1;
  }
  const merges = sheet.merges.length
    ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((x) => `<mergeCell ref="${colName(x.left + 1)}${x.top + 1}:${colName(x.right + 1)}${x.bottom + 1}"/>`).join('')}</mergeCells>`
    : '';
  const setup =
    `<pageSetup${ps.paperSize !== undefined ? ` paperSize="${ps.paperSize}"` : ''} orientation="${ps.orientation}" horizontalDpi="${ps.horizontalDpi}" verticalDpi="${ps.verticalDpi}"` +
    ` scale="${ps.scale}" fitToWidth="${ps.fitToWidth}" fitToHeight="${ps.fitToHeight}"/>`;
  return (
    `${DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    (ps.fitToPage ? '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' : '') +
    `<dimension ref="A1:${colName(Math.max(1, maxCol))}${Math.max(1, maxRow)}"/>` +
    view +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${out.join('')}</sheetData>` +
    merges +
    (ps.horizontalCentered ? '<printOptions horizontalCentered="1"/>' : '') +
    `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>` +
    setup +
    (sheet.oddFooter ? `<headerFooter><oddFooter>${xmlText(sheet.oddFooter)}</oddFooter></headerFooter>` : '') +
    '</worksheet>'
  );
}

/** A sheet name as a defined name's formula quotes it: 'name' with ' doubled. */
const quoted = (name: string) => `'${name.replace(/'/g, "''")}'`;

/** The print titles of a sheet (`1:2`, `A:C`) as the `_xlnm.Print_Titles` defined name: columns first. */
function printTitles(sheet: XlsxSheet): string | null {
  const parts: string[] = [];
  const q = quoted(sheet.name);
  const cols = sheet.pageSetup.printTitlesColumn?.split(':');
  if (cols?.length === 2) parts.push(`${q}!$${cols[0]}:$${cols[1]}`);
  const rows = sheet.pageSetup.printTitlesRow?.split(':');
  if (rows?.length === 2) parts.push(`${q}!$${rows[0]}:$${rows[1]}`);
  return parts.length ? parts.join(',') : null;
}

/** The .xlsx file. */
export function writeSpreadsheet(wb: XlsxWorkbook, now: Date = new Date()): Buffer {
  const styles = new StyleTable();
  const strings = new SharedStrings();
  const sheets = wb.sheets.map((s) => sheetXml(s, styles, strings));
  const n = wb.sheets.length;
  const sheetRel = (i: number) => `rId${i + 4}`;
  const stamp = `${now.toISOString().slice(0, 19)}Z`;
  const names = wb.sheets.flatMap((s, i) => {
    const t = printTitles(s);
    return t ? [`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${xmlText(t)}</definedName>`] : [];
  });
  const entries = [
    {
      name: '[Content_Types].xml',
      data:
        `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        wb.sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data:
        `${DECL}<Relationships xmlns="${PKG_REL_NS}">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>',
    },
    {
      name: 'docProps/app.xml',
      data:
        `${DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
        `<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>` +
        `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${n}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
        `<TitlesOfParts><vt:vector size="${n}" baseType="lpstr">${wb.sheets.map((s) => `<vt:lpstr>${xmlText(s.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
        '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>',
    },
    {
      name: 'docProps/core.xml',
      data:
        `${DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:creator>${xmlText(wb.creator)}</dc:creator><dc:title>${xmlText(wb.title)}</dc:title><cp:lastModifiedBy>${xmlText(wb.creator)}</cp:lastModifiedBy>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified></cp:coreProperties>`,
    },
    {
      name: 'xl/workbook.xml',
      data:
        `${DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><workbookPr defaultThemeVersion="164011" filterPrivacy="1"/>` +
        `<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="12000" windowHeight="24000"/></bookViews>` +
        `<sheets>${wb.sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="${sheetRel(i)}"/>`).join('')}</sheets>` +
        (names.length ? `<definedNames>${names.join('')}</definedNames>` : '') +
        '<calcPr calcId="171027"/></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `${DECL}<Relationships xmlns="${PKG_REL_NS}">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' +
        wb.sheets
          .map(
            (_, i) =>
              `<Relationship Id="${sheetRel(i)}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
          )
          .join('') +
        '</Relationships>',
    },
    ...sheets.map((data, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data })),
    // Written after the sheets, which fill them.
    { name: 'xl/styles.xml', data: styles.xml() },
    { name: 'xl/sharedStrings.xml', data: strings.xml() },
  ];
  // Deflate level 5, not 6: on a 1,000-base workbook (1.9 MB of XML) it takes a third less time
  // for 0.6 % more bytes (350 → 353 KB); level 4 and below grow the file by 8 % and more.
  return zip(entries, { date: now, level: 5 });
}
