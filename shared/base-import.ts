// Import of the base registry (issue 19): a CSV (RFC 4180 quoting, CRLF/LF, a BOM, UTF-8 or —
// Excel on Chinese Windows — GB18030 bytes) or the cells of an .xlsx sheet, Chinese or program
// column names. The columns and row checks are shared/registry-import.ts (every program's); the
// import route (POST /api/{program}/import, shared/use-cases/import-registry.ts) previews and
// then writes all rows or none. Pure: unit-tested in Node; the web page shares the sample and column names.

import type { BaseInput } from './registry';
import { BASE_IMPORT, rowsFromTable } from './registry-import';

/** Splits CSV text into rows of cells. Quotes may contain commas, newlines and "" escapes. */
export function parseCsv(text: string): string[][] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && cell === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += c;
      i++;
    }
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  // Drop blank lines.
  return rows.filter((r) => r.some((x) => x.trim() !== ''));
}

/** Bytes of an uploaded .csv → text: UTF-8 if valid, else GB18030 (what Excel writes in China). */
export function decodeCsvBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Accepted header names per column (matched after trimming, case-insensitive for Latin). */
export const CSV_COLUMNS: Record<string, readonly string[]> = Object.fromEntries([BASE_IMPORT.id, ...BASE_IMPORT.columns].map((c) => [c.key, c.headers]));

/** The header line of a CSV the import understands (also offered as a sample file). */
export const CSV_SAMPLE = '基地编号,基地名称,所属市州,所属县市区,基地级别,批次,起始期,终止期\r\ncsxc-01,长沙科技新城,长沙市,岳麓区,国家级,第一批,2020Q1,\r\n';

export interface CsvBaseRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  baseId: string;
  input: BaseInput;
}

export interface CsvRowError {
  line: number;
  baseId: string | null;
  messages: string[];
}

export interface CsvBases {
  rows: CsvBaseRow[];
  errors: CsvRowError[];
}

/** Maps and checks every row of CSV text; a header problem is reported as an error of line 1. */
export function baseRowsFromCsv(text: string): CsvBases {
  return baseRowsFromTable(parseCsv(text));
}

/** Maps and checks every row of a table of cells (line = index + 1: the header is line 1). */
export function baseRowsFromTable(input: string[][]): CsvBases {
  const r = rowsFromTable<BaseInput>(BASE_IMPORT, input);
  return {
    rows: r.rows.map((x) => ({ line: x.line, baseId: x.id, input: x.input })),
    errors: r.errors.map((e) => ({ line: e.line, baseId: e.id, messages: e.messages })),
  };
}
