// POST /api/bases/import (issue 19): the base registry from a CSV or an .xlsx, all or nothing.
// Every row is parsed and checked (shared/base-import.ts, the schema of PUT /api/bases/{id});
// `dryRun` answers the preview (per row: 新增 / 变更 / 无变化 / 错误, with Chinese messages that
// name the row and the column) and writes nothing; without it, any row in error refuses the
// whole file (nothing is written), else every row is upserted (each audited as PUT does).
// Runs in the template function: it has exceljs (kept out of the API function's bundle).

import ExcelJS from 'exceljs';
import { baseImportSchema, MAX_IMPORT_BYTES } from '../file-requests';
import { requireAdmin, type Principal } from '../auth';
import { baseRowsFromTable, decodeCsvBytes, parseCsv, type CsvBaseRow } from '../base-import';
import { BadRequestError, ValidationError } from '../errors';
import { parseWith } from '../http';
import { mapConcurrent } from '../pool';
import type { BaseRecord } from '../registry';
import { checkZip, readCell } from './filing-template';
import { listBases, upsertBase } from './manage-registry';

/** Largest file accepted (bytes, before base64). */
export { MAX_IMPORT_BYTES } from '../file-requests';
/** Most data rows in one file. */
export const MAX_IMPORT_ROWS = 5000;

export type ImportOutcome = 'new' | 'changed' | 'unchanged' | 'error';

export interface ImportRow {
  /** Line (CSV) or row (sheet) number in the file; the header is 1. */
  line: number;
  baseId: string | null;
  name: string | null;
  outcome: ImportOutcome;
  /** 变更 of an existing base: which columns change (Chinese); errors: the messages. */
  messages: string[];
}

export interface ImportResult {
  dryRun: boolean;
  /** Whether rows were written (false for a preview or a refused file). */
  written: boolean;
  counts: Record<ImportOutcome, number>;
  rows: ImportRow[];
}

const COLUMN_LABELS: Record<string, string> = { name: '基地名称', city: '所属市州', county: '所属县市区', level: '基地级别', cohort: '批次', activeFrom: '起始期', activeTo: '终止期' };
const COMPARED = Object.keys(COLUMN_LABELS) as Array<keyof typeof COLUMN_LABELS>;

/** The cells of the first worksheet of an .xlsx as text (formulas are refused, never evaluated). */
export async function xlsxTable(buf: Buffer): Promise<{ table: string[][]; cellErrors: Map<number, string[]> }> {
  checkZip(buf);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new BadRequestError('INVALID_XLSX', '无法读取该文件,请上传 .xlsx 格式的 Excel 文件');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new BadRequestError('INVALID_XLSX', '文件中没有工作表');
  if (ws.rowCount > MAX_IMPORT_ROWS + 1) throw new BadRequestError('TOO_MANY_ROWS', `行数过多(上限 ${MAX_IMPORT_ROWS} 行)`);
  const table: string[][] = [];
  const cellErrors = new Map<number, string[]>();
  const width = Math.min(ws.columnCount, 30);
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      const v = cell.value as unknown;
      // Text fields: a date or a boolean is read as what it shows; a formula is refused.
      const read = v instanceof Date ? { ok: true as const, text: v.toISOString().slice(0, 10) } : typeof v === 'boolean' ? { ok: true as const, text: String(v) } : readCell(cell);
      if (read.ok) cells.push(read.text);
      else {
        cells.push('');
        const list = cellErrors.get(r) ?? [];
        list.push(`${cell.address}:${read.reason.replace('请直接填写数值', '请直接填写文字')}`);
        cellErrors.set(r, list);
      }
    }
    table.push(cells);
  }
  return { table, cellErrors };
}

/** Parses the file, checks every row and compares it with the registry; writes unless `dryRun` or any error. */
export async function importBases(p: Principal, body: unknown, now = new Date()): Promise<ImportResult> {
  requireAdmin(p);
  const input = parseWith(baseImportSchema, body, '导入请求有误');
  const bytes = Buffer.from(input.file, 'base64');
  if (bytes.length > MAX_IMPORT_BYTES) throw new BadRequestError('FILE_TOO_LARGE', '文件过大(上限 2 MB)');
  if (!bytes.length) throw new BadRequestError('EMPTY_FILE', '文件为空');
  let table: string[][];
  let cellErrors = new Map<number, string[]>();
  if (input.format === 'xlsx') ({ table, cellErrors } = await xlsxTable(bytes));
  else {
    if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) throw new BadRequestError('NOT_CSV', '这是 Excel 文件,请选择 .xlsx 格式导入');
    table = parseCsv(decodeCsvBytes(new Uint8Array(bytes)));
    if (table.length > MAX_IMPORT_ROWS + 1) throw new BadRequestError('TOO_MANY_ROWS', `行数过多(上限 ${MAX_IMPORT_ROWS} 行)`);
  }
  const parsed = baseRowsFromTable(table);
  const existing = new Map((await listBases(p)).map((b) => [b.baseId, b] as const));
  const rows: ImportRow[] = [];
  for (const e of parsed.errors) rows.push({ line: e.line, baseId: e.baseId, name: null, outcome: 'error', messages: e.messages });
  for (const r of parsed.rows) {
    const cells = cellErrors.get(r.line);
    if (cells?.length) {
      rows.push({ line: r.line, baseId: r.baseId, name: r.input.name, outcome: 'error', messages: cells });
      continue;
    }
    rows.push({ line: r.line, baseId: r.baseId, name: r.input.name, ...compare(existing.get(r.baseId), r) });
  }
  // A cell error on a row the parser refused too: add it to that row's messages.
  for (const row of rows) if (row.outcome === 'error' && !parsed.rows.some((r) => r.line === row.line)) row.messages.push(...(cellErrors.get(row.line) ?? []));
  rows.sort((a, b) => a.line - b.line);
  const counts: Record<ImportOutcome, number> = { new: 0, changed: 0, unchanged: 0, error: 0 };
  for (const r of rows) counts[r.outcome]++;
  if (!parsed.rows.length && !counts.error) {
    rows.push({ line: 2, baseId: null, name: null, outcome: 'error', messages: ['文件中没有基地数据(第一行为表头,从第二行起每行一个基地)'] });
    counts.error++;
  }
  const dryRun = input.dryRun === true;
  if (dryRun) return { dryRun, written: false, counts, rows };
  if (counts.error) {
    const first = rows.find((r) => r.outcome === 'error')!;
    throw new ValidationError({ file: `第${first.line}行:${first.messages.join(';')}` }, `文件中有 ${counts.error} 行错误,未导入任何基地;请修改后重新导入`, 'IMPORT_REFUSED');
  }
  // Every row is valid: write the ones that change something (4 at a time; each one audited).
  const toWrite = parsed.rows.filter((r) => rows.find((x) => x.line === r.line)!.outcome !== 'unchanged');
  await mapConcurrent(toWrite, 4, (r) => upsertBase(p, r.baseId, r.input, now));
  return { dryRun, written: true, counts, rows };
}

function compare(before: BaseRecord | undefined, row: CsvBaseRow): { outcome: ImportOutcome; messages: string[] } {
  if (!before) return { outcome: 'new', messages: [] };
  const changed = COMPARED.filter((k) => ((before as unknown as Record<string, unknown>)[k] ?? null) !== ((row.input as Record<string, unknown>)[k] ?? null));
  return changed.length ? { outcome: 'changed', messages: changed.map((k) => COLUMN_LABELS[k]!) } : { outcome: 'unchanged', messages: [] };
}
