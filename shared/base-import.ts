// Import of the base registry (issue 19): a CSV (RFC 4180 quoting, CRLF/LF, a BOM, UTF-8 or —
// Excel on Chinese Windows — GB18030 bytes) or the cells of an .xlsx sheet, Chinese or program
// column names. Every row is checked with the schema PUT /api/bases/{baseId} uses; the import
// route (POST /api/bases/import, shared/use-cases/import-bases.ts) previews and then writes all
// rows or none. Pure: unit-tested in Node; the web page shares the sample and column names.

import { BASE_ID, baseInputSchema, type BaseInput } from './registry';

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

type Column = 'baseId' | 'name' | 'city' | 'county' | 'level' | 'cohort' | 'activeFrom' | 'activeTo';

/** Accepted header names per column (matched after trimming, case-insensitive for Latin). */
export const CSV_COLUMNS: Record<Column, readonly string[]> = {
  baseId: ['baseid', '基地编号', '编号'],
  name: ['name', '基地名称', '名称'],
  city: ['city', '所属市州', '市州'],
  county: ['county', '所属县市区', '县市区', '区县'],
  level: ['level', '基地级别', '级别'],
  cohort: ['cohort', '批次'],
  activeFrom: ['activefrom', '起始期'],
  activeTo: ['activeto', '终止期'],
};

/** The header line of a CSV the import understands (also offered as a sample file). */
export const CSV_SAMPLE = '基地编号,基地名称,所属市州,所属县市区,基地级别,批次,起始期,终止期\r\ncsxc-01,长沙科技新城,长沙市,岳麓区,国家级,第一批,2020Q1,\r\n';

const LEVELS: Record<string, 'national' | 'provincial'> = { national: 'national', provincial: 'provincial', 国家级: 'national', 省级: 'provincial' };

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
  // Rows without any text are skipped (their line numbers are kept for the others).
  const table = input.map((r, i) => ({ r, i })).filter((x) => x.r.some((c) => c.trim() !== ''));
  if (!table.length) return { rows: [], errors: [{ line: 1, baseId: null, messages: ['文件为空'] }] };
  return rowsOf(table);
}

function rowsOf(table: Array<{ r: string[]; i: number }>): CsvBases {
  if (!table.length) return { rows: [], errors: [{ line: 1, baseId: null, messages: ['文件为空'] }] };
  const header = table[0]!.r.map((h) => h.trim().toLowerCase());
  const headerLine = table[0]!.i + 1;
  const index = {} as Record<Column, number>;
  for (const [col, names] of Object.entries(CSV_COLUMNS) as Array<[Column, readonly string[]]>) index[col] = header.findIndex((h) => names.includes(h));
  const missing = (['baseId', 'name', 'city', 'county', 'level'] as Column[]).filter((c) => index[c] < 0);
  if (missing.length)
    return {
      rows: [],
      errors: [{ line: headerLine, baseId: null, messages: [`表头缺少列:${missing.map((c) => CSV_COLUMNS[c][1]).join('、')}(第一行应为:${CSV_SAMPLE.split('\r\n')[0]})`] }],
    };
  const rows: CsvBaseRow[] = [];
  const errors: CsvRowError[] = [];
  const seen = new Map<string, number>();
  table.slice(1).forEach(({ r: cells, i }) => {
    const line = i + 1;
    const get = (c: Column) => (index[c] >= 0 ? (cells[index[c]] ?? '').trim() : '');
    const baseId = get('baseId');
    const messages: string[] = [];
    if (!BASE_ID.test(baseId)) messages.push(`基地编号「${baseId.slice(0, 40)}」应为3-40位小写字母、数字或连字符`);
    else if (baseId === 'import') messages.push(`基地编号「${baseId}」为系统保留字,请换一个编号`);
    else if (seen.has(baseId)) messages.push(`基地编号「${baseId}」与第${seen.get(baseId)}行重复`);
    const levelText = get('level');
    const raw = {
      name: get('name'),
      city: get('city'),
      county: get('county'),
      level: LEVELS[levelText] ?? LEVELS[levelText.toLowerCase()] ?? levelText,
      cohort: get('cohort') || null,
      activeFrom: get('activeFrom').toUpperCase() || null,
      activeTo: get('activeTo').toUpperCase() || null,
    };
    const parsed = baseInputSchema.safeParse(raw);
    if (!parsed.success) for (const issue of parsed.error.issues) messages.push(issue.message);
    if (messages.length) errors.push({ line, baseId: baseId || null, messages });
    else {
      seen.set(baseId, line);
      rows.push({ line, baseId, input: parsed.data! });
    }
  });
  return { rows, errors };
}
