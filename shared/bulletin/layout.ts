// The bulletin layout (SPEC §6): turns aggregates, per-base rows and completeness into the
// nine sheets as a neutral model (shared/bulletin/model.ts). Pure: no I/O, no exceljs.
//
// Rows, labels and form units come from the catalog (shared/catalog.ts); the layout only adds
// what the seeds add: display units (万平方米, 万元, 亿元, 万人), display precision, the order of
// the small tables, and derived rows (拥有专利, 合计, 比重, averages, growth). Every value is
// computed from exact integers and rounded only by the cell's number format.
//
// This module is the entry point: which sheets, in which order. Each group of sheets is laid out
// in its own module (summary-, comparison-, completeness-sheets, enterprises-, ranking-,
// designations-sheet), from the context they share (layout-context.ts), the input
// (layout-input.ts) and the measures and cell helpers (layout-measures.ts).

import { yearOf } from '../periods';
import { momSheet, yoySheet } from './comparison-sheets';
import { completenessSheet, detailSheet } from './completeness-sheets';
import { designationsSheet } from './designations-sheet';
import { enterprisesSheet } from './enterprises-sheet';
import { bulletinFileName } from './file-name';
import { contextOf } from './layout-context';
import type { BulletinInput } from './layout-input';
import type { BulletinModel } from './model';
import { rankingSheet } from './ranking-sheet';
import { basicSheet, servicesSheet } from './summary-sheets';
import { textSheet } from './text';

export type { BaseRow, BulletinInput, BulletinOptions, CompletenessBlock, CompletenessCounts } from './layout-input';
// The input and its helpers are defined in layout-input.ts; shared/bulletin/index.ts exports them from here.
export { bulletinPeriods, sumRows } from './layout-input';

// ---- the workbook ------------------------------------------------------------------------------

/** Sheets printed as 附件 of the Word bulletin, in order (000: 附件1–3; with a 同比, 001's 附件2). */
const ANNEX_SHEETS = ['基本情况统计表', '服务情况统计表', '运营情况环比统计表', '同比对比表'];

/**
 * The nine sheets of SPEC §6, in order — less 同比对比表 when the default comparison has no
 * data and 运营情况环比统计表 when no base filed both quarters — and the Word document's text.
 */
export function layoutBulletin(input: BulletinInput): BulletinModel {
  const ctx = contextOf(input);
  // 示范基地认定情况 (SPEC §11) once any designation has been made up to the period.
  const designated = (input.designations ?? []).some((d) => d.designation.year <= yearOf(input.period));
  const builders = [
    basicSheet,
    servicesSheet,
    ...(ctx.showMom ? [momSheet] : []),
    ...(ctx.showYoy ? [yoySheet] : []),
    enterprisesSheet,
    rankingSheet,
    completenessSheet,
    detailSheet,
    ...(designated ? [designationsSheet] : []),
  ];
  const sheets = builders.map((f) => f(ctx));
  const annexes = sheets.filter((s) => ANNEX_SHEETS.includes(s.name));
  const { sheet, document } = textSheet(ctx, annexes);
  sheets.push(sheet);
  return { ...bulletinFileName(input.period, input.scope, input.province), sheets, document, completeness: ctx.completenessSummary };
}
