// POST /api/{bases|platforms|carriers}/import (issue 19): a registry from a CSV or an .xlsx, all
// or nothing. Every row is parsed and checked (shared/registry-import.ts: the program's columns,
// the schema of PUT /api/{program}/{id}); `dryRun` answers the preview (per row: 新增 / 变更 /
// 无变化 / 错误, with Chinese messages that name the row and the column) and writes nothing.
// The confirm refuses the whole file if any row is in error, or if a row's entity was edited
// after the preview (`previewedAt`); else it writes the rows that change something in chunks
// (shared/store/imports.ts), each row planned exactly as a single edit plans it (history,
// designations kept, one audit entry each), and one audit entry for the import. A failure in any
// chunk — a concurrent edit, a store fault — rolls back the chunks already written; a request that
// died between chunks leaves its job `running`, and the next import request of that program
// (preview or confirm) rolls it back once its lease has run out.
// Runs in the template function: it has exceljs (kept out of the API function's bundle).

import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { auditEntry } from '../audit';
import { type Principal, requireAdmin } from '../auth';
import { decodeCsvBytes, parseCsv } from '../base-import';
import { BadRequestError, ConflictError, ServiceUnavailableError, ValidationError } from '../errors';
import { MAX_IMPORT_BYTES, registryImportSchema } from '../file-requests';
import { parseWith } from '../http';
import { requireProgramServed } from '../national';
import type { PlatformInput } from '../platforms/registry';
import type { AnyProgram } from '../program';
import { isNationalInForce } from '../province';
import { cellNote, columnLetter, IMPORT_SPECS, importExample, importHeaders, type RegistryImportSpec, rowsFromTable } from '../registry-import';
import {
  type ChunkItem,
  deleteImportChunks,
  endImportJob,
  getImportJob,
  type ImportJob,
  listImportChunks,
  moveImportJob,
  startImportJob,
  type UndoEntry,
  undoImportChunk,
  writeImportChunk,
} from '../store/imports';
import { keys } from '../store/keys';
import { listEntities } from '../store/registry';
import { checkZip, readCell } from './filing-template';
import { allDivisions, countyProblem, planUpsert, REGISTRY_WRITES, type UpsertPlan, upsertAuditEntry } from './manage-registry';

/** Largest file accepted (bytes, before base64). */
export { MAX_IMPORT_BYTES } from '../file-requests';
/** Most data rows in one file. */
export const MAX_IMPORT_ROWS = 5000;
/** Rows per transaction: each row is its item and its audit entry, plus the undo record and the job (≤ 100 actions). */
export const IMPORT_CHUNK_ROWS = 49;
/** How long a job's owner is presumed alive after its last chunk (the template function times out after 20 s). */
export const IMPORT_LEASE_MS = 60_000;

const bodySchema = registryImportSchema;

/**
 * A national deployment (PROVINCE=全国) runs the bases only, and its import file has no 省份
 * column yet: registering bases there goes through PUT /api/bases/{id}, one by one, naming the
 * province. Refused with a named error rather than guessing a province per row.
 */
function requireImportServed(program: AnyProgram): void {
  requireProgramServed(program);
  if (isNationalInForce())
    throw new BadRequestError('IMPORT_NOT_IN_NATIONAL_DEPLOYMENT', '全国部署暂不支持导入名录(文件没有省份列),请逐个登记基地并注明所属省份');
}

export type ImportOutcome = 'new' | 'changed' | 'unchanged' | 'error';

export interface ImportRow {
  /** Line (CSV) or row (sheet) number in the file; the header is 1. */
  line: number;
  id: string | null;
  /** The bases' name for `id` (what the base import always answered). */
  baseId?: string | null;
  name: string | null;
  outcome: ImportOutcome;
  /** 变更 of an existing entity: which columns change (Chinese); errors: the messages. */
  messages: string[];
}

export interface ImportResult {
  program: string;
  dryRun: boolean;
  /** Whether rows were written (false for a preview or a refused file). */
  written: boolean;
  counts: Record<ImportOutcome, number>;
  rows: ImportRow[];
  /** When the registry was read: send it back with the confirm. */
  previewedAt: string;
  /** The import job (a confirm that wrote rows). */
  jobId?: string;
}

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
      const read =
        v instanceof Date
          ? { ok: true as const, text: v.toISOString().slice(0, 10) }
          : typeof v === 'boolean'
            ? { ok: true as const, text: String(v) }
            : readCell(cell);
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

/** The downloadable template: the program's Chinese headers, an example row, and a sheet explaining each column. */
export async function importTemplate(p: Principal, program: AnyProgram): Promise<{ buffer: Buffer; fileName: string }> {
  requireAdmin(p);
  requireImportServed(program);
  const spec = IMPORT_SPECS[program.id];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(spec.title);
  const headers = importHeaders(spec);
  ws.addRow(headers).font = { bold: true };
  ws.addRow(importExample(spec));
  headers.forEach((h, i) => {
    ws.getColumn(i + 1).width = Math.max(12, h.length * 2 + 4);
    // Every cell is text: an id like 2020 or 001 must not turn into a number.
    ws.getColumn(i + 1).numFmt = '@';
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const help = wb.addWorksheet('填写说明');
  help.addRow(['列', '是否必填', '填写要求']).font = { bold: true };
  for (const c of [spec.id, ...spec.columns]) {
    const how =
      c === spec.id
        ? '3-40位小写字母、数字或连字符;已存在的编号将被更新'
        : c.kind === 'enum'
          ? `填写:${Object.values(c.labels ?? {}).join('、')}`
          : c.kind === 'bool'
            ? '填写「是」或「否」'
            : c.kind === 'int'
              ? '填写整数,如 2020'
              : c.example
                ? `如 ${c.example}`
                : '';
    help.addRow([c.headers[0], c.required ? '必填' : '选填', how]);
  }
  help.addRow([]);
  help.addRow(['导入只读取第一个工作表;先预览,全部正确才可确认导入;导入全部成功或全部不导入。']);
  help.getColumn(1).width = 16;
  help.getColumn(3).width = 60;
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), fileName: `${spec.title}导入模板.xlsx` };
}

interface Planned {
  line: number;
  id: string;
  before: (Record<string, unknown> & { updatedAt: string }) | undefined;
  plan: UpsertPlan<{ updatedAt: string }>;
}

/** Parses the file, checks every row and compares it with the registry; writes unless `dryRun` or any error. */
export async function importRegistry(p: Principal, program: AnyProgram, body: unknown, opts: { now?: Date } = {}): Promise<ImportResult> {
  requireAdmin(p);
  requireImportServed(program);
  const now = opts.now ?? new Date();
  const spec = IMPORT_SPECS[program.id];
  const write = REGISTRY_WRITES[program.id];
  const input = parseWith(bodySchema, body, '导入请求有误');
  // An import that died between chunks is rolled back before anything else is read.
  await recoverImport(p, program, now);
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
  const parsed = rowsFromTable(spec, table);
  // Read after noting the time: an entity updated after `previewedAt` may not be in this preview.
  const previewedAt = new Date().toISOString();
  const existing = new Map((await listEntities<Record<string, unknown> & { updatedAt: string }>(program)).map((e) => [String(e[program.idKey]), e] as const));
  const divisions = program.id === 'platforms' ? await allDivisions() : null;
  const rows: ImportRow[] = [];
  const planned: Planned[] = [];
  const row = (line: number, id: string | null, name: string | null, outcome: ImportOutcome, messages: string[]): ImportRow => ({
    line,
    id,
    ...(program.id === 'bases' ? { baseId: id } : {}),
    name,
    outcome,
    messages,
  });
  for (const e of parsed.errors) rows.push(row(e.line, e.id, null, 'error', [...e.messages, ...(cellErrors.get(e.line) ?? [])]));
  for (const r of parsed.rows) {
    const name = String(r.input.name ?? '') || null;
    const problems = [...(cellErrors.get(r.line) ?? [])];
    const county = divisions ? countyProblem(r.input as PlatformInput, divisions[String(r.input.city)] ?? []) : null;
    if (county) problems.push(`${county}${columnOf(spec, table, 'county', r.line)}`);
    if (problems.length) {
      rows.push(row(r.line, r.id, name, 'error', problems));
      continue;
    }
    const before = existing.get(r.id);
    const plan = planUpsert(
      program,
      before,
      write.record(r.id, r.input, now),
      write.compared as never,
      now,
      write.history ? { attributes: write.history, effectiveFrom: (r.input.effectiveFrom as string | null | undefined) ?? null } : null,
    );
    const outcome: ImportOutcome = !plan.changed ? 'unchanged' : before ? 'changed' : 'new';
    rows.push(row(r.line, r.id, name, outcome, outcome === 'changed' ? changedLabels(spec, plan.changes) : []));
    if (plan.changed) planned.push({ line: r.line, id: r.id, before, plan });
  }
  rows.sort((a, b) => a.line - b.line);
  const counts: Record<ImportOutcome, number> = { new: 0, changed: 0, unchanged: 0, error: 0 };
  for (const r of rows) counts[r.outcome]++;
  if (!parsed.rows.length && !counts.error) {
    rows.push(row(2, null, null, 'error', [`文件中没有${spec.entityWord}数据(第一行为表头,从第二行起每行一个${spec.entityWord})`]));
    counts.error++;
  }
  const dryRun = input.dryRun === true;
  const result: ImportResult = { program: program.id, dryRun, written: false, counts, rows, previewedAt };
  if (dryRun) return result;
  if (counts.error) {
    const first = rows.find((r) => r.outcome === 'error')!;
    throw new ValidationError(
      { file: `第${first.line}行:${first.messages.join(';')}` },
      `文件中有 ${counts.error} 行错误,未导入任何${spec.entityWord};请修改后重新导入`,
      'IMPORT_REFUSED',
    );
  }
  // Edited after the preview: what the preview showed is not what would be written.
  if (input.previewedAt) {
    const stale = parsed.rows.filter((r) => (existing.get(r.id)?.updatedAt ?? '') > input.previewedAt!);
    if (stale.length)
      throw new ConflictError('IMPORT_STALE', `预览之后有 ${stale.length} 个${spec.entityWord}已被修改,未导入任何${spec.entityWord};请重新预览后再导入`, {
        file: stale
          .slice(0, 5)
          .map((r) => `第${r.line}行:${spec.entityWord}「${r.id}」在预览后已被修改`)
          .join(';'),
      });
  }
  if (!planned.length) return { ...result, written: true };
  const jobId = await writeAll(p, program, spec, planned, { fileName: input.fileName ?? `导入.${input.format}`, rows: parsed.rows.length, counts }, now);
  return { ...result, written: true, jobId };
}

/** The cell note (e.g. "(单元格 E7)") of a column in a line, for messages found after the row checks. */
function columnOf(spec: RegistryImportSpec, table: string[][], key: string, line: number): string {
  const header = (table.find((r) => r.some((c) => c.trim() !== '')) ?? []).map((h) => h.trim().toLowerCase());
  const c = spec.columns.find((x) => x.key === key);
  const i = c ? header.findIndex((h) => c.headers.includes(h)) : -1;
  return i < 0 ? '' : cellNote(`${columnLetter(i)}${line}`);
}

/** The Chinese names of what a row changes (the history moves with its attributes: not named apart). */
function changedLabels(spec: RegistryImportSpec, changes: Record<string, unknown>): string[] {
  const labels = spec.columns.filter((c) => c.key in changes && c.key !== 'effectiveFrom').map((c) => c.headers[0]!);
  if (labels.length) return labels;
  const from = spec.columns.find((c) => c.key === 'effectiveFrom');
  return [from?.headers[0] ?? '生效期'];
}

const newOwner = () => randomBytes(8).toString('hex');
const lease = () => new Date(Date.now() + IMPORT_LEASE_MS).toISOString();

async function writeAll(
  p: Principal,
  program: AnyProgram,
  spec: RegistryImportSpec,
  planned: Planned[],
  summary: { fileName: string; rows: number; counts: Record<ImportOutcome, number> },
  now: Date,
): Promise<string> {
  const previous = await getImportJob(program.id);
  const chunks: Planned[][] = [];
  for (let i = 0; i < planned.length; i += IMPORT_CHUNK_ROWS) chunks.push(planned.slice(i, i + IMPORT_CHUNK_ROWS));
  const job: ImportJob = {
    program: program.id,
    jobId: `${now.toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`,
    owner: newOwner(),
    state: 'running',
    leaseUntil: lease(),
    chunks: chunks.length,
    done: 0,
    fileName: summary.fileName,
    rows: summary.rows,
    startedAt: now.toISOString(),
    actor: auditEntry(p, 'registry.import', now, {}, {}).actor,
  };
  if (!(await startImportJob(job, previous))) throw inProgress(spec, previous);
  const details = { fileName: summary.fileName, rows: summary.rows, counts: summary.counts, chunks: chunks.length, jobId: job.jobId };
  let failure: { reason: string; error: Error } | null = null;
  for (let i = 0; i < chunks.length && !failure; i++) {
    const items: ChunkItem[] = chunks[i]!.map((r) => {
      const key = keys.entity(program.tag, r.id);
      return {
        item: { ...key, ...r.plan.record },
        expected: r.before?.updatedAt ?? null,
        audit: upsertAuditEntry(p, program, r.id, r.plan.changes, now, { importJob: job.jobId }),
        undo: { key, prior: r.before ?? null, written: r.plan.record.updatedAt, line: r.line, id: r.id },
      };
    });
    let outcome: Awaited<ReturnType<typeof writeImportChunk>>;
    try {
      outcome = await writeImportChunk(job, i + 1, items, lease());
    } catch {
      const reason = `第${i + 1}批(第${chunks[i]![0]!.line}–${chunks[i]!.at(-1)!.line}行)写入失败:存储服务出错`;
      failure = { reason, error: new ServiceUnavailableError(`导入未完成(${reason}),已全部撤销,未导入任何${spec.entityWord};请稍后重试`) };
      break;
    }
    if (outcome.ok) continue;
    if ('fenced' in outcome) throw takenOver(spec);
    const u = outcome.conflict.undo;
    const reason = `第${u.line}行:${spec.entityWord}「${u.id}」在导入过程中被他人修改`;
    failure = {
      reason,
      error: new ConflictError('IMPORT_CONFLICT', `${reason},导入已全部撤销,未导入任何${spec.entityWord};请重新预览后导入`, { file: reason }),
    };
  }
  if (failure) {
    // The job as stored (a write that failed after landing has renewed its lease).
    const current = await getImportJob(program.id);
    if (!current || current.jobId !== job.jobId || current.owner !== job.owner || current.state !== 'running') throw takenOver(spec);
    const rolling: ImportJob = { ...current, state: 'rollingBack', reason: failure.reason };
    if (!(await moveImportJob(current, rolling))) throw takenOver(spec);
    try {
      await rollBack(rolling, program, spec, { ...details, result: 'rolledBack', reason: failure.reason }, now);
    } catch (e) {
      if (e instanceof ConflictError) throw e;
      // The undo itself failed part-way: the job stays rollingBack, and the next import request
      // finishes the undo once this request's lease has run out.
      throw new ServiceUnavailableError(`导入未完成(${failure.reason}),撤销尚未全部完成;系统将在下一次导入${spec.title}时(1 分钟后)自动撤销,请稍后重新预览`);
    }
    throw failure.error;
  }
  const audit = auditEntry(p, 'registry.import', now, { program: program.id }, { ...details, result: 'done' });
  if (!(await endImportJob(job, 'running', { ...job, state: 'done', leaseUntil: now.toISOString() }, audit))) throw takenOver(spec);
  // The undo records are no longer needed (if this fails, the next import deletes them).
  await deleteImportChunks(await listImportChunks(program.id, job.jobId)).catch(() => undefined);
  return job.jobId;
}

/** Undoes every landed chunk of a job this request owns (state rollingBack), then ends it with its audit entry. */
async function rollBack(
  job: ImportJob,
  program: AnyProgram,
  spec: RegistryImportSpec,
  details: Record<string, unknown>,
  now: Date,
  actor?: ImportJob['actor'],
): Promise<UndoEntry[]> {
  const kept: UndoEntry[] = [];
  const chunks = (await listImportChunks(program.id, job.jobId)).reverse();
  try {
    for (const c of chunks) kept.push(...(await undoImportChunk(job, c)));
  } catch (e) {
    if ((e as Error).name === 'ImportFenced') throw takenOver(spec);
    throw e;
  }
  const audit = auditEntry(
    { role: 'admin', tokenId: 'system', name: '系统' },
    'registry.import',
    now,
    { program: program.id },
    {
      ...details,
      ...(kept.length ? { kept: kept.map((k) => ({ line: k.line, id: k.id })) } : {}),
    },
  );
  audit.actor = actor ?? job.actor;
  await endImportJob(job, 'rollingBack', { ...job, state: 'rolledBack', leaseUntil: now.toISOString() }, audit);
  return kept;
}

const inProgress = (spec: RegistryImportSpec, job: ImportJob | undefined) =>
  new ConflictError('IMPORT_IN_PROGRESS', `另一个${spec.title}导入正在进行${job ? `(${job.fileName},${job.actor.name})` : ''},请稍后再试`);
const takenOver = (spec: RegistryImportSpec) => new ConflictError('IMPORT_TAKEN_OVER', `导入超时中断,已由系统撤销,未导入任何${spec.entityWord};请重新导入`);

/**
 * Before any import request: a job left `running` or `rollingBack` by a request that died (its
 * lease has run out) is rolled back; one still alive refuses this request; a finished job's
 * leftover undo records are deleted. Returns the job rolled back, if any.
 */
export async function recoverImport(p: Principal, program: AnyProgram, now = new Date()): Promise<ImportJob | null> {
  const spec = IMPORT_SPECS[program.id];
  const job = await getImportJob(program.id);
  if (!job || job.state === 'rolledBack') return null;
  if (job.state === 'done') {
    const left = await listImportChunks(program.id, job.jobId);
    if (left.length) await deleteImportChunks(left);
    return null;
  }
  if (job.leaseUntil > now.toISOString()) throw inProgress(spec, job);
  const reason = job.reason ?? `导入在第${job.done + 1}批之前中断(超时或进程终止),已自动撤销`;
  const claimed: ImportJob = { ...job, owner: newOwner(), state: 'rollingBack', leaseUntil: new Date(now.getTime() + IMPORT_LEASE_MS).toISOString(), reason };
  if (!(await moveImportJob(job, claimed))) throw inProgress(spec, job);
  await rollBack(
    claimed,
    program,
    spec,
    { fileName: job.fileName, rows: job.rows, chunks: job.chunks, jobId: job.jobId, result: 'rolledBack', reason, recoveredBy: p.name },
    now,
  );
  return claimed;
}

export interface ImportJobStatus {
  /** The registry's last import job, as stored after any recovery. */
  job: (Pick<ImportJob, 'jobId' | 'state' | 'fileName' | 'rows' | 'chunks' | 'done' | 'startedAt' | 'reason'> & { actor: string }) | null;
  /** Whether this request rolled back an import that had died part-way. */
  recovered: boolean;
}

/**
 * GET /api/{program}/import: the last import of the registry. Like any import request it first
 * rolls back an import that died part-way (its lease run out); the registry pages ask on opening,
 * so a half import does not wait for the next import to be undone. A live import is reported, not refused.
 */
export async function importJobStatus(p: Principal, program: AnyProgram, opts: { now?: Date } = {}): Promise<ImportJobStatus> {
  requireAdmin(p);
  requireImportServed(program);
  let recovered = false;
  try {
    recovered = !!(await recoverImport(p, program, opts.now ?? new Date()));
  } catch (e) {
    if (!(e instanceof ConflictError && e.code === 'IMPORT_IN_PROGRESS')) throw e;
  }
  const job = await getImportJob(program.id);
  return {
    job: job
      ? {
          jobId: job.jobId,
          state: job.state,
          fileName: job.fileName,
          rows: job.rows,
          chunks: job.chunks,
          done: job.done,
          startedAt: job.startedAt,
          actor: job.actor.name,
          ...(job.reason ? { reason: job.reason } : {}),
        }
      : null,
    recovered,
  };
}
