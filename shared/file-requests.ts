// The bodies of the requests that carry a file or a table (the template and export functions).
// Schemas only, apart from the modules that use them: those load exceljs, and the OpenAPI
// description (shared/api-description.ts, in the API function) must not.

import { z } from 'zod';

/** Largest registry import file (bytes). */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/** Largest table export (rows, columns). */
export const MAX_TABLE_ROWS = 20_000;
export const MAX_TABLE_COLUMNS = 40;

/** POST …/filings/{period}/template: the filled-in template (.xlsx, base64) and the filing's status. */
export const templateUploadSchema = z
  .object({
    file: z
      .string({ error: 'file:请上传 .xlsx 文件(base64 编码)' })
      .min(1, 'file:请上传 .xlsx 文件(base64 编码)')
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'file:应为 base64 编码的 .xlsx 文件'),
    status: z.enum(['draft', 'submitted'], { error: 'status 应为 draft(暂存)或 submitted(提交)' }),
    confirmWarnings: z.boolean({ error: 'confirmWarnings 应为 true 或 false' }).optional(),
    explanation: z.string().nullish(),
  })
  .strict();

/** POST /api/{bases|platforms|carriers}/import (issue 19): a CSV or .xlsx registry file, base64; `dryRun` previews. */
export const registryImportSchema = z
  .object({
    file: z
      .string({ error: '请选择要导入的文件' })
      .min(1, { error: '请选择要导入的文件' })
      .max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4, { error: '文件过大(上限 2 MB)' }),
    format: z.enum(['csv', 'xlsx'], { error: '文件格式应为 CSV 或 .xlsx' }),
    dryRun: z.boolean().optional(),
    fileName: z.string({ error: '文件名应为文本' }).max(200, { error: '文件名过长' }).optional(),
    /** What the preview answered: rows whose entity changed after it are refused. */
    previewedAt: z.iso.datetime({ error: 'previewedAt 应为预览返回的时间' }).optional(),
  })
  .strict();

const cell = z.union([z.string().max(2000), z.number(), z.null()]);

/** POST /api/exports/table.xlsx (issue 19): the rows a list page shows → one sheet of text cells. */
export const tableExportSchema = z
  .object({
    title: z.string().trim().min(1, { error: '缺少表名' }).max(60, { error: '表名过长' }),
    columns: z
      .array(z.string().max(60))
      .min(1)
      .max(MAX_TABLE_COLUMNS, { error: `列数过多(上限 ${MAX_TABLE_COLUMNS} 列)` }),
    rows: z.array(z.array(cell).max(MAX_TABLE_COLUMNS)).max(MAX_TABLE_ROWS, { error: `行数过多(上限 ${MAX_TABLE_ROWS} 行),请先筛选` }),
  })
  .strict();

/** POST /api/exports/national-bulletins (a national deployment): the period of the national bulletin to build. */
export const nationalExportSchema = z.object({ period: z.string({ error: 'period 必填,如 2021 或 2021Q4' }) }).strict();
