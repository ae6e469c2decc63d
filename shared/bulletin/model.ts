// The neutral sheet model between the bulletin layout (what goes where, computed exactly) and
// the writer (how it looks in a workbook). Nothing here knows about exceljs.

export type Align = 'left' | 'center' | 'right';

/** A cell: plain text (never a formula), a number with its display format, or nothing. */
export type CellModel = { t: 'text'; v: string; align?: Align } | { t: 'num'; v: number; fmt: string } | null;

/**
 * title: the sheet's first row (merged across the sheet); header: column headings;
 * section: 一、… rows; data: ordinary rows; total: 合计 rows; note: explanations (merged);
 * blank: spacing; paragraph: a paragraph of the bulletin text (wrapped).
 */
export type RowKind = 'title' | 'header' | 'section' | 'data' | 'total' | 'note' | 'blank' | 'paragraph';

export interface RowModel {
  kind: RowKind;
  cells: CellModel[];
}

/** A merged range, 0-based and inclusive. */
export interface MergeModel {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetModel {
  name: string;
  title: string;
  /** Number of columns the sheet uses (title and notes merge across all of them). */
  columns: number;
  rows: RowModel[];
  merges: MergeModel[];
  /** Rows kept visible when scrolling and repeated on every printed page (title + headings). */
  frozenRows: number;
  frozenColumns: number;
  landscape: boolean;
  /** Fixed column widths (characters) instead of fitting the content, e.g. for paragraphs. */
  fixedWidths?: number[];
  /** Columns repeated at the left of every printed page when a wide sheet splits across pages. */
  printColumns?: number;
}

/** A paragraph of the Word document: body text (indented two characters) or a heading (一、…). */
export interface DocParagraph {
  kind: 'body' | 'heading';
  text: string;
}

/**
 * The 公文 (SPEC §12), drafted together with the 通报正文 sheet from the same facts: the Word
 * renderer (docx.ts) lays out these strings and the annex sheets, and computes nothing.
 */
export interface DocumentModel {
  /** 关于…运营情况的通报 */
  title: string;
  /** A warning printed on the first page (data incomplete), if any. */
  warning?: string;
  /** 主送: `各市州工信局,有关县市区工信部门,各中小微企业创业创新基地:` */
  recipients: string;
  paragraphs: DocParagraph[];
  /** Names of the sheets printed as 附件1, 附件2, … (in order). */
  annexes: string[];
  /** 落款 */
  issuer: string;
  /** `2021年1月11日` */
  date: string;
}

/** How many of the bases expected to file did (for the guard against publishing half a period). */
export interface CompletenessSummary {
  /** The quarter the figures are of (for a year: its least complete quarter with filings). */
  period: string;
  submitted: number;
  expected: number;
  /** The threshold in percent; below it `warning` is set. */
  threshold: number;
  warning?: string;
}

export interface BulletinModel {
  /** e.g. `2020年湖南省中小微企业创业创新基地运营情况通报.xlsx` */
  fileName: string;
  /** ASCII-only fallback for old clients (Content-Disposition `filename=`). */
  asciiFileName: string;
  sheets: SheetModel[];
  /** The Word document of the bulletin (its text, 落款 and which sheets are its 附件). */
  document?: DocumentModel;
  completeness?: CompletenessSummary;
}

export const text = (v: string, align?: Align): CellModel => (align ? { t: 'text', v, align } : { t: 'text', v });
export const num = (v: number, fmt: string): CellModel => ({ t: 'num', v, fmt });

/** The mark shown where a ratio divides by zero (or a value does not exist). */
export const DASH = '—';

/** A number, or `—` (centred text) when there is none (division by zero). */
export const numOrDash = (v: number | null | undefined, fmt: string): CellModel =>
  v === null || v === undefined || !Number.isFinite(v) ? text(DASH, 'center') : num(v, fmt);
