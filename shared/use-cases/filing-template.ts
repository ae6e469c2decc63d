// Excel round trip of a quarterly filing: a pre-filled .xlsx template for a base and period
// (one row per catalog field: code, label, unit, value; everything but the value column
// locked), and the upload of a filled template, which goes through the same validation and
// lifecycle as a form submission (submitFiling). Errors name the cell: `D7 基地建筑总面积:…`.
//
// An uploaded file is untrusted: its zip directory is checked before it is opened (entry count
// and declared uncompressed size), formulas are never evaluated (a formula cell is an error
// naming the cell, even when the file carries a cached result), and only the value column of
// rows whose code cell names a catalog field is read.

import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { canWrite, type Principal } from '../auth';
import type { Field } from '../catalog';
import { config } from '../config';
import { formatDecimal } from '../decimal';
import { BadRequestError, type FieldMessages, ForbiddenError, ValidationError, WarningsUnconfirmedError } from '../errors';
import { templateUploadSchema } from '../file-requests';
import { statusLabelOf } from '../filing';
import { parseWith } from '../http';
import { periodLabel } from '../periods';
import { type AnyProgram, BASES } from '../program';
import { getFiling } from '../store/filings';
import { type Values, validateValues } from '../validation';
import { readableEntity } from './manage-registry';
import { checkFilingPeriod } from './schedule-period';
import { submitFiling, type WriteResult } from './submit-filing';

/** Layout of the template sheet. */
export const TEMPLATE = {
  sheet: '填报表',
  baseIdCell: 'B2',
  periodCell: 'B3',
  headerRow: 6,
  firstRow: 7,
  codeCol: 'A',
  labelCol: 'B',
  unitCol: 'C',
  valueCol: 'D',
  noteCol: 'E',
} as const;

/** An uploaded template may not be larger than this (the request body limit is lower anyway). */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;
/** Declared uncompressed size of all zip entries together (zip-bomb guard). */
const MAX_UNZIPPED_BYTES = 20 * 1024 * 1024;
const MAX_ZIP_ENTRIES = 200;
/** Rows read below the header; a template has ~40. */
const MAX_ROWS = 500;

function noteFor(f: Field, byCode: ReadonlyMap<string, Field>, sections: ReadonlyMap<string, string>): string {
  const parts: string[] = [sections.get(f.section) ?? ''];
  parts.push(f.dp > 0 ? `最多${f.dp}位小数` : '整数');
  if (f.allowNegative) parts.push('可为负数');
  if (f.parent) parts.push(`不大于${byCode.get(f.parent)?.label ?? f.parent}`);
  return parts.filter(Boolean).join(';');
}

/** Excel keeps 15 significant digits; a number read back is taken at that precision. */
export function excelNumberText(n: number): string {
  return String(Number(n.toPrecision(15)));
}

// ---- building ----------------------------------------------------------------------------------

export interface TemplateInput {
  /** The filer: its id and name (and, in a national deployment, its province, which titles the sheet). */
  base: { baseId: string; name: string; province?: string | null };
  period: string;
  /** Whose template (default the bases'). */
  program?: AnyProgram;
  /** Current values in base units (a saved draft or the submitted filing), pre-filled. */
  values?: Values | null;
  statusLabel?: string;
}

const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF9E9E9E' } };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const LOCKED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const INPUT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF8E1' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };

/** The pre-filled template workbook for one filer and period. */
export async function buildTemplate(input: TemplateInput): Promise<Buffer> {
  const { base, period } = input;
  const program = input.program ?? BASES;
  const fields = program.fields(period);
  const byCode = new Map(fields.map((f) => [f.code, f]));
  const sections = new Map(program.sections(period).map((s) => [s.id, s.label]));
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Tongbao 通报';
  wb.created = new Date();
  const ws = wb.addWorksheet(TEMPLATE.sheet, {
    views: [{ state: 'frozen', ySplit: TEMPLATE.headerRow }],
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = [
    { key: 'code', width: 30 },
    { key: 'label', width: 34 },
    { key: 'unit', width: 14 },
    { key: 'value', width: 20 },
    { key: 'note', width: 40 },
  ];
  const font = { name: 'SimSun', size: 11 };
  ws.mergeCells('A1:E1');
  const title = ws.getCell('A1');
  const place = base.province ?? config.province.name;
  title.value =
    program === BASES
      ? `${place}中小微企业创业创新基地运营情况填报表(${periodLabel(period)})`
      : `${config.province.name}中小企业公共服务${program.label}线上服务情况填报表(${periodLabel(period)})`;
  title.font = { ...font, size: 14, bold: true };
  title.alignment = { horizontal: 'center' };
  ws.getCell('A2').value = `${program.entityWord}编号`;
  ws.getCell(TEMPLATE.baseIdCell).value = base.baseId;
  ws.getCell('C2').value = `${program.entityWord}名称`;
  ws.mergeCells('D2:E2');
  ws.getCell('D2').value = base.name; // a JS string: stored as text, never a formula
  ws.getCell('A3').value = '期别';
  ws.getCell(TEMPLATE.periodCell).value = period;
  ws.getCell('C3').value = '期别名称';
  ws.mergeCells('D3:E3');
  ws.getCell('D3').value = periodLabel(period) + (input.statusLabel ? `(当前状态:${input.statusLabel})` : '');
  ws.mergeCells('A4:E4');
  ws.getCell('A4').value =
    '填写说明:只在黄色的「数值」列(D列)填写,按「单位」列的单位填写数字;金额单位为万元。其他单元格已锁定,请勿增删行或修改代码。不要使用公式。填好后在系统中上传本文件。';
  ws.getCell('A4').alignment = { wrapText: true, vertical: 'top' };
  ws.getRow(4).height = 48;
  for (const a of ['A2', 'C2', 'A3', 'C3']) ws.getCell(a).font = { ...font, bold: true };

  const header = ws.getRow(TEMPLATE.headerRow);
  header.values = ['代码', '指标名称', '单位', '数值', '说明'];
  header.eachCell((c) => {
    c.font = { ...font, bold: true };
    c.fill = HEADER_FILL;
    c.border = BORDER;
    c.alignment = { horizontal: 'center' };
  });

  fields.forEach((f, i) => {
    const row = ws.getRow(TEMPLATE.firstRow + i);
    row.getCell(1).value = f.code;
    row.getCell(2).value = f.label;
    row.getCell(3).value = f.formUnit;
    const v = input.values?.[f.code];
    row.getCell(4).value = v === undefined || v === null ? null : Number(formatDecimal(v, f.dp));
    row.getCell(5).value = noteFor(f, byCode, sections);
    for (let c = 1; c <= 5; c++) {
      const cell = row.getCell(c);
      cell.border = BORDER;
      cell.font = c === 1 ? { ...font, size: 9, color: { argb: 'FF757575' } } : font;
      if (c === 4) {
        cell.protection = { locked: false };
        cell.fill = INPUT_FILL;
        cell.numFmt = f.dp > 0 ? `0.${'#'.repeat(f.dp)}` : '0';
        cell.alignment = { horizontal: 'right' };
      } else cell.fill = LOCKED_FILL;
    }
  });
  // Protection without a password: it prevents accidental edits of labels and codes, not a
  // determined user (the upload checks everything anyway).
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });
  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

// ---- parsing -----------------------------------------------------------------------------------

export interface ParsedTemplate {
  /** Typed values as strings in form units (blank cells omitted). */
  values: Record<string, string>;
  /** Field code → the address of its value cell. */
  cellOf: Record<string, string>;
  /** Structural and cell errors (formulas, unknown codes, wrong base/period), keyed by field code or cell. */
  errors: FieldMessages;
}

/**
 * Checks a zip before exceljs opens it. Throws a 400. The sizes an entry declares cannot be
 * trusted (a 155 KB upload declaring 1 KB unpacked to 150 MB inside exceljs), so every entry is
 * inflated here with its output capped at what is left of the budget, and must unpack to exactly
 * the size it declares. A real template (≈ 20 KB) costs a few milliseconds more.
 */
export function checkZip(buf: Buffer): void {
  const bad = (msg = '无法读取该文件,请上传由本系统下载的 .xlsx 模板') => new BadRequestError('INVALID_XLSX', msg);
  const tooBig = () => bad('文件解压后过大,请上传由本系统下载的 .xlsx 模板');
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw bad();
  // End of central directory: within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad();
  const entries = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries > MAX_ZIP_ENTRIES) throw bad('文件内容过多,请上传由本系统下载的 .xlsx 模板');
  if (cdOffset + cdSize > buf.length) throw bad();
  let p = cdOffset;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw bad();
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const local = buf.readUInt32LE(p + 42);
    total += size;
    if (size === 0xffffffff || total > MAX_UNZIPPED_BYTES) throw tooBig();
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw bad();
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw bad();
    const data = buf.subarray(start, start + compressed);
    let actual: number;
    if (method === 0) actual = data.length;
    else if (method === 8) {
      try {
        // One byte more than declared is enough to catch a lie; the cap bounds the memory.
        actual = inflateRawSync(data, { maxOutputLength: Math.min(size, MAX_UNZIPPED_BYTES) + 1 }).length;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig();
        throw bad();
      }
    } else throw bad();
    if (actual !== size) throw bad();
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
}

type CellRead = { ok: true; text: string } | { ok: false; reason: string };

/** The typed content of a cell, without evaluating anything. */
export function readCell(cell: ExcelJS.Cell): CellRead {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return { ok: true, text: '' };
  if (typeof v === 'number') return Number.isFinite(v) ? { ok: true, text: excelNumberText(v) } : { ok: false, reason: '请填写数字' };
  if (typeof v === 'string') return { ok: true, text: v };
  if (typeof v === 'boolean') return { ok: false, reason: '请填写数字,不能是逻辑值' };
  if (v instanceof Date) return { ok: false, reason: '请填写数字,不能是日期' };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) return { ok: false, reason: '不接受公式,请直接填写数值' };
    if ('error' in o) return { ok: false, reason: `单元格含错误值 ${String(o.error).slice(0, 20)}` };
    if (Array.isArray(o.richText)) return { ok: true, text: (o.richText as Array<{ text?: unknown }>).map((r) => String(r.text ?? '')).join('') };
    if (typeof o.text === 'string') return { ok: true, text: o.text };
  }
  return { ok: false, reason: '无法识别的单元格内容' };
}

const cellText = (cell: ExcelJS.Cell): string => {
  const r = readCell(cell);
  return r.ok ? r.text.trim() : '';
};

/**
 * Reads a filled template for `baseId` and `period`. Never throws for content problems: they
 * come back in `errors`, named by cell. Throws a 400 only if the file is not a readable xlsx.
 */
export async function parseTemplate(buf: Buffer, expected: { baseId: string; period: string; program?: AnyProgram }): Promise<ParsedTemplate> {
  const program = expected.program ?? BASES;
  const word = program.entityWord;
  if (buf.length > MAX_TEMPLATE_BYTES) throw new BadRequestError('INVALID_XLSX', '文件过大,请上传由本系统下载的 .xlsx 模板');
  checkZip(buf);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new BadRequestError('INVALID_XLSX', '无法读取该文件,请上传由本系统下载的 .xlsx 模板');
  }
  const ws = wb.getWorksheet(TEMPLATE.sheet) ?? wb.worksheets[0];
  if (!ws) throw new BadRequestError('INVALID_XLSX', '文件中没有工作表,请上传由本系统下载的 .xlsx 模板');

  const errors: FieldMessages = {};
  const values: Record<string, string> = {};
  const cellOf: Record<string, string> = {};
  const byCode = new Map(program.fields(expected.period).map((f) => [f.code, f]));

  const baseId = cellText(ws.getCell(TEMPLATE.baseIdCell));
  if (baseId !== expected.baseId)
    errors[TEMPLATE.baseIdCell] =
      `${TEMPLATE.baseIdCell} ${word}编号:模板属于「${baseId.slice(0, 40) || '(空)'}」,不是本${word}(${expected.baseId}),请下载本${word}的模板`;
  const period = cellText(ws.getCell(TEMPLATE.periodCell));
  if (period !== expected.period)
    errors[TEMPLATE.periodCell] = `${TEMPLATE.periodCell} 期别:模板期别为「${period.slice(0, 20) || '(空)'}」,不是${expected.period},请下载本期的模板`;

  const last = Math.min(ws.rowCount, TEMPLATE.firstRow + MAX_ROWS);
  for (let r = TEMPLATE.firstRow; r <= last; r++) {
    const codeCell = ws.getCell(`${TEMPLATE.codeCol}${r}`);
    const codeRead = readCell(codeCell);
    const valueAddr = `${TEMPLATE.valueCol}${r}`;
    if (!codeRead.ok) {
      errors[codeCell.address] = `${codeCell.address} 代码:${codeRead.reason}`;
      continue;
    }
    const code = codeRead.text.trim();
    if (!code) {
      const stray = readCell(ws.getCell(valueAddr));
      if (!stray.ok || stray.text.trim()) errors[valueAddr] = `${valueAddr}:该行没有字段代码,无法识别,请使用系统下载的模板`;
      continue;
    }
    const f = byCode.get(code);
    if (!f) {
      errors[codeCell.address] = `${codeCell.address} 代码:未知字段代码「${code.slice(0, 60)}」`;
      continue;
    }
    if (cellOf[code]) {
      errors[code] = `${codeCell.address} ${f.label}:与第${cellOf[code]!.slice(1)}行重复`;
      continue;
    }
    cellOf[code] = valueAddr;
    const read = readCell(ws.getCell(valueAddr));
    if (!read.ok) {
      errors[code] = `${valueAddr} ${f.label}:${read.reason}`;
      continue;
    }
    if (read.text.trim() !== '') values[code] = read.text;
  }
  return { values, cellOf, errors };
}

/** Prefixes messages keyed by field code with the cell they came from: `D7 基地建筑总面积:…`. */
export function nameCells(messages: FieldMessages, cellOf: Record<string, string>): FieldMessages {
  const out: FieldMessages = {};
  for (const [code, msg] of Object.entries(messages)) {
    const cell = cellOf[code];
    out[code] = cell && !msg.startsWith(`${cell} `) ? `${cell} ${msg}` : msg;
  }
  return out;
}

/**
 * Parses and validates a filled template as the form would be validated (`status` decides
 * whether blanks are errors). Returns the typed values, or every error named by cell.
 */
export async function checkTemplate(
  buf: Buffer,
  expected: { baseId: string; period: string; program?: AnyProgram },
  status: 'draft' | 'submitted',
): Promise<
  { ok: true; values: Record<string, string>; cellOf: Record<string, string> } | { ok: false; errors: FieldMessages; cellOf: Record<string, string> }
> {
  const parsed = await parseTemplate(buf, expected);
  const fields = (expected.program ?? BASES).fields(expected.period);
  const checked = validateValues(fields, parsed.values, status);
  const errors: FieldMessages = { ...(checked.ok ? {} : nameCells(checked.errors, parsed.cellOf)), ...parsed.errors };
  if (!checked.ok) {
    // A field missing from the file altogether: say so.
    for (const code of Object.keys(checked.errors)) {
      if (!parsed.cellOf[code] && !parsed.errors[code] && fields.some((f) => f.code === code)) errors[code] = `${checked.errors[code]}(模板中缺少该行)`;
    }
  }
  return Object.keys(errors).length ? { ok: false, errors, cellOf: parsed.cellOf } : { ok: true, values: parsed.values, cellOf: parsed.cellOf };
}

// ---- use cases ---------------------------------------------------------------------------------

/** GET …/filings/{period}/template.xlsx: whoever may read the filer's filing. */
export async function downloadTemplate(
  p: Principal,
  baseId: string,
  period: string,
  program: AnyProgram = BASES,
): Promise<{ fileName: string; buffer: Buffer }> {
  checkFilingPeriod(program, period);
  const entity = await readableEntity<{ name: string; province?: string | null }>(p, program, baseId);
  const base = { baseId, name: entity.name, province: entity.province ?? null };
  const f = await getFiling(period, baseId, program.tag);
  const buffer = await buildTemplate({ base, period, program, values: f?.values ?? null, statusLabel: statusLabelOf(f) });
  return { fileName: `${base.name}-${periodLabel(period)}-填报模板.xlsx`, buffer };
}

/**
 * POST …/filings/{period}/template: `{file: base64 xlsx, status, confirmWarnings?}`. The values
 * are written exactly as a form PUT would write them; every error names its cell.
 */
export async function uploadTemplate(
  p: Principal,
  baseId: string,
  period: string,
  body: unknown,
  ifMatch: number | undefined,
  program: AnyProgram = BASES,
): Promise<WriteResult & { cellOf: Record<string, string> }> {
  checkFilingPeriod(program, period);
  const input = parseWith(templateUploadSchema, body, '上传内容有误');
  // Only those who may write this filer's filing get to make the server open a file.
  if (!canWrite(program, p, baseId)) {
    await readableEntity(p, program, baseId); // 403/404 as for any other access
    throw new ForbiddenError(p.role === 'city' ? '市州用户不能填报' : `只能填报本${program.entityWord}的数据`);
  }
  const buf = Buffer.from(input.file, 'base64');
  const checked = await checkTemplate(buf, { baseId, period, program }, input.status);
  if (!checked.ok) throw new ValidationError(checked.errors, '上传的模板有误,请按提示修改对应单元格后重新上传');
  try {
    const write = {
      status: input.status,
      values: checked.values,
      ...(input.confirmWarnings !== undefined ? { confirmWarnings: input.confirmWarnings } : {}),
      ...(input.explanation != null ? { explanation: input.explanation } : {}),
    };
    const r = await submitFiling(p, baseId, period, write, ifMatch, undefined, program);
    return { ...r, cellOf: checked.cellOf };
  } catch (e) {
    if (e instanceof WarningsUnconfirmedError) throw new WarningsUnconfirmedError(nameCells(e.fields ?? {}, checked.cellOf));
    if (e instanceof ValidationError) throw new ValidationError(nameCells(e.fields ?? {}, checked.cellOf), e.message, e.code);
    throw e;
  }
}
