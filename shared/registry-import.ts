// The registry import's columns and row checks, for every program (issue 19): a table of cells
// (CSV or the first sheet of an .xlsx) → one checked input per row, with Chinese messages that
// name the row and the column (e.g. "所属市州:应为湖南省14个市州之一(…)(单元格 C5)"). The columns are the
// program's registry fields with their Chinese headers (the first header of each is what the
// downloadable template shows); the checks are the schema of PUT /api/{program}/{id}. Pure:
// the web page uses the same columns for its hints.

import type { z } from 'zod';
import { CARRIER_ID, CARRIER_TYPE_LABELS, carrierInputSchema } from './carriers/registry';
import { PLATFORM_ID, platformInputSchema, TIER_LABELS } from './platforms/registry';
import type { ProgramId } from './program';
import { BASE_ID, baseInputSchema, LEVEL_LABELS } from './registry';

export interface ImportColumn {
  /** The input field (the registry attribute). */
  key: string;
  /** Accepted headers; the first is the Chinese header of the template. */
  headers: readonly string[];
  required: boolean;
  /** How a cell becomes the field's value. */
  kind: 'text' | 'upper' | 'enum' | 'bool' | 'int';
  /** enum: code → Chinese label (either is accepted in a cell). */
  labels?: Readonly<Record<string, string>>;
  /** What the template's example row shows. */
  example: string;
}

export interface RegistryImportSpec {
  program: ProgramId;
  /** 基地 / 平台 / 载体 */
  entityWord: string;
  /** The registry's name in messages and file names: 基地名录. */
  title: string;
  idPattern: RegExp;
  id: ImportColumn;
  columns: readonly ImportColumn[];
  schema: z.ZodType;
  /** Ids routes use for themselves (/api/{program}/import). */
  reserved: readonly string[];
}

const col = (
  key: string,
  headers: string[],
  kind: ImportColumn['kind'],
  required: boolean,
  example: string,
  labels?: Record<string, string>,
): ImportColumn => ({
  key,
  headers,
  kind,
  required,
  example,
  ...(labels ? { labels } : {}),
});

export const BASE_IMPORT: RegistryImportSpec = {
  program: 'bases',
  entityWord: '基地',
  title: '基地名录',
  idPattern: BASE_ID,
  id: col('baseId', ['基地编号', 'baseid', '编号'], 'text', true, 'csxc-01'),
  columns: [
    col('name', ['基地名称', 'name', '名称'], 'text', true, '长沙科技新城'),
    col('city', ['所属市州', 'city', '市州'], 'text', true, '长沙市'),
    col('county', ['所属县市区', 'county', '县市区', '区县'], 'text', true, '岳麓区'),
    col('level', ['基地级别', 'level', '级别'], 'enum', true, '国家级', LEVEL_LABELS),
    col('cohort', ['批次', 'cohort'], 'text', false, '第一批'),
    col('activeFrom', ['起始期', 'activefrom'], 'upper', false, '2020Q1'),
    col('activeTo', ['终止期', 'activeto'], 'upper', false, ''),
    col('effectiveFrom', ['生效期', 'effectivefrom'], 'upper', false, ''),
  ],
  schema: baseInputSchema,
  reserved: ['import'],
};

export const PLATFORM_IMPORT: RegistryImportSpec = {
  program: 'platforms',
  entityWord: '平台',
  title: '窗口平台名录',
  idPattern: PLATFORM_ID,
  id: col('platformId', ['平台编号', 'platformid', '编号'], 'text', true, 'cs-city'),
  columns: [
    col('name', ['平台名称', 'name', '名称'], 'text', true, '长沙市中小企业公共服务平台'),
    col('tier', ['平台类别', 'tier', '类别'], 'enum', true, '市州综合窗口平台', TIER_LABELS),
    col('city', ['所属市州', 'city', '市州'], 'text', true, '长沙市'),
    col('county', ['所属县市区', 'county', '县市区'], 'text', false, ''),
    col('park', ['工业园区平台', 'park'], 'bool', false, '否'),
    col('cluster', ['产业集群', 'cluster'], 'text', false, ''),
    col('builtYear', ['建成年份', 'builtyear'], 'int', true, '2019'),
    col('inPlan', ['计划内建设', 'inplan'], 'bool', false, '是'),
    col('activeFrom', ['起始年', 'activefrom'], 'text', false, ''),
    col('activeTo', ['终止年', 'activeto'], 'text', false, ''),
    col('effectiveFrom', ['生效年', 'effectivefrom'], 'text', false, ''),
  ],
  schema: platformInputSchema,
  reserved: ['import'],
};

export const CARRIER_IMPORT: RegistryImportSpec = {
  program: 'carriers',
  entityWord: '载体',
  title: '特色载体名录',
  idPattern: CARRIER_ID,
  id: col('carrierId', ['载体编号', 'carrierid', '编号'], 'text', true, 'hy-gxq'),
  columns: [
    col('name', ['载体名称', 'name', '名称'], 'text', true, '衡阳高新区大中小企业融通型载体'),
    col('type', ['载体类型', 'type', '类型'], 'enum', true, '大中小企业融通型', CARRIER_TYPE_LABELS),
    col('city', ['所属市州', 'city', '市州'], 'text', true, '衡阳市'),
    col('zone', ['所在园区', 'zone', '园区'], 'text', true, '衡阳高新区'),
    col('approvedAt', ['获批时间', 'approvedat'], 'text', true, '2019-06'),
    col('activeFrom', ['起始年', 'activefrom'], 'text', false, ''),
    col('activeTo', ['终止年', 'activeto'], 'text', false, ''),
  ],
  schema: carrierInputSchema,
  reserved: ['import'],
};

export const IMPORT_SPECS: Readonly<Record<ProgramId, RegistryImportSpec>> = { bases: BASE_IMPORT, platforms: PLATFORM_IMPORT, carriers: CARRIER_IMPORT };

/** The template's header row (Chinese): the id column first. */
export const importHeaders = (spec: RegistryImportSpec): string[] => [spec.id, ...spec.columns].map((c) => c.headers[0]!);

/** The template's example row. */
export const importExample = (spec: RegistryImportSpec): string[] => [spec.id, ...spec.columns].map((c) => c.example);

/** A CSV sample: the header line and the example row. */
export const importSampleCsv = (spec: RegistryImportSpec): string => `${importHeaders(spec).join(',')}\r\n${importExample(spec).join(',')}\r\n`;

/** Column letters as a spreadsheet shows them: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface ImportedRow<I = Record<string, unknown>> {
  /** 1-based line (CSV) or row (sheet) number; the header is line 1. */
  line: number;
  id: string;
  input: I;
}

export interface ImportRowError {
  line: number;
  id: string | null;
  messages: string[];
}

export interface ImportedRows<I = Record<string, unknown>> {
  rows: ImportedRow<I>[];
  errors: ImportRowError[];
}

/** Where in the sheet a message is about: 「(单元格 C5)」 after the column's own label. */
export const cellNote = (cell: string) => `(单元格 ${cell})`;

const BOOLS: Record<string, boolean> = { 是: true, 否: false, true: true, false: false, y: true, n: false, yes: true, no: false, '1': true, '0': false };

/** Maps and checks every row of a table of cells (line = index + 1: the header is line 1). */
export function rowsFromTable<I = Record<string, unknown>>(spec: RegistryImportSpec, input: string[][]): ImportedRows<I> {
  // Rows without any text are skipped (their line numbers are kept for the others).
  const table = input.map((r, i) => ({ r, i })).filter((x) => x.r.some((c) => String(c ?? '').trim() !== ''));
  if (!table.length) return { rows: [], errors: [{ line: 1, id: null, messages: ['文件为空'] }] };
  const header = table[0]!.r.map((h) =>
    String(h ?? '')
      .trim()
      .toLowerCase(),
  );
  const headerLine = table[0]!.i + 1;
  const all = [spec.id, ...spec.columns];
  const index = new Map(all.map((c) => [c.key, header.findIndex((h) => c.headers.includes(h))] as const));
  const missing = all.filter((c) => c.required && index.get(c.key)! < 0);
  if (missing.length)
    return {
      rows: [],
      errors: [
        { line: headerLine, id: null, messages: [`表头缺少列:${missing.map((c) => c.headers[0]).join('、')}(第一行应为:${importHeaders(spec).join(',')})`] },
      ],
    };
  const rows: ImportedRow<I>[] = [];
  const errors: ImportRowError[] = [];
  const seen = new Map<string, number>();
  const idWord = spec.id.headers[0]!;
  for (const { r: cells, i } of table.slice(1)) {
    const line = i + 1;
    const at = (c: ImportColumn) => `${columnLetter(index.get(c.key)!)}${line}`;
    const get = (c: ImportColumn) => (index.get(c.key)! >= 0 ? String(cells[index.get(c.key)!] ?? '').trim() : '');
    const id = get(spec.id);
    const messages: string[] = [];
    if (!spec.idPattern.test(id)) messages.push(`${idWord}「${id.slice(0, 40)}」应为3-40位小写字母、数字或连字符`);
    else if (spec.reserved.includes(id)) messages.push(`${idWord}「${id}」为系统保留字,请换一个编号`);
    else if (seen.has(id)) messages.push(`${idWord}「${id}」与第${seen.get(id)}行重复`);
    const raw: Record<string, unknown> = {};
    // Columns already reported (a 是/否 that is neither): the schema's word on them is not repeated.
    const flagged = new Set<string>();
    const cellMessages: Array<[string, string]> = [];
    for (const c of spec.columns) {
      const text = get(c);
      const label = c.headers[0]!;
      if (text === '') {
        if (c.kind !== 'bool') raw[c.key] = c.required ? undefined : null;
        continue;
      }
      if (c.kind === 'upper') raw[c.key] = text.toUpperCase();
      else if (c.kind === 'enum') {
        const code = Object.entries(c.labels ?? {}).find(([k, v]) => v === text || k === text.toLowerCase())?.[0];
        // Unknown: the schema says what it takes (the codes with their Chinese labels).
        raw[c.key] = code ?? text;
      } else if (c.kind === 'bool') {
        const b = BOOLS[text.toLowerCase()];
        if (b !== undefined) raw[c.key] = b;
        else {
          flagged.add(c.key);
          cellMessages.push([c.key, `${label}:应填「是」或「否」${cellNote(at(c))}`]);
        }
      } else if (c.kind === 'int') raw[c.key] = /^\d{1,9}$/.test(text) ? Number(text) : text;
      else raw[c.key] = text;
    }
    const parsed = spec.schema.safeParse(raw);
    if (!parsed.success)
      for (const issue of parsed.error.issues.filter((x) => !flagged.has(String(x.path[0])))) {
        const c = spec.columns.find((x) => x.key === issue.path[0]);
        cellMessages.push([String(issue.path[0] ?? ''), c && index.get(c.key)! >= 0 ? `${issue.message}${cellNote(at(c))}` : issue.message]);
      }
    // In the columns' order, as the row reads.
    const order = (key: string) => spec.columns.findIndex((c) => c.key === key);
    messages.push(
      ...cellMessages
        .map((m, k) => ({ m, k }))
        .sort((a, b) => order(a.m[0]) - order(b.m[0]) || a.k - b.k)
        .map((x) => x.m[1]),
    );
    if (messages.length) errors.push({ line, id: id || null, messages });
    else {
      seen.set(id, line);
      rows.push({ line, id, input: parsed.data as I });
    }
  }
  return { rows, errors };
}
