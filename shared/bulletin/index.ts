// The bulletin workbook (SPEC §6), pure: input data → sheet model → .xlsx bytes.

import { writeDocument } from './docx';
import { type BulletinInput, layoutBulletin } from './layout';
import type { BulletinModel, CompletenessSummary } from './model';
import { writeWorkbook } from './writer';

export { writeDocument } from './docx';
export { bulletinFileName, contentDisposition, rfc5987, scopeLabel, titleOf } from './file-name';
export type { BaseRow, BulletinInput, BulletinOptions, CompletenessBlock } from './layout';
export { bulletinPeriods, layoutBulletin, sumRows } from './layout';
export type { BulletinModel, CellModel, CompletenessSummary, DocumentModel, SheetModel } from './model';
export { momHeadings, momQuarters } from './mom';
export { writeWorkbook } from './writer';

export interface BuiltBulletin {
  fileName: string;
  asciiFileName: string;
  buffer: Buffer;
  /** How many expected bases filed; `warning` set below the threshold (shown on the first page). */
  completeness?: CompletenessSummary;
}

/**
 * A laid-out model written as a workbook or, from the same model, as the Word document (SPEC
 * §12): every program's bulletins and a carrier's self-assessment go through here.
 */
export async function writeBulletin(model: BulletinModel, format: 'xlsx' | 'docx'): Promise<BuiltBulletin> {
  const docx = format === 'docx';
  const named = (n: string) => (docx ? n.replace(/\.xlsx$/, '.docx') : n);
  return {
    fileName: named(model.fileName),
    asciiFileName: named(model.asciiFileName),
    buffer: docx ? await writeDocument(model) : await writeWorkbook(model),
    ...(model.completeness ? { completeness: model.completeness } : {}),
  };
}

/** Lays out and writes the workbook. */
export const buildBulletin = (input: BulletinInput): Promise<BuiltBulletin> => writeBulletin(layoutBulletin(input), 'xlsx');

/** Lays out the same model and writes the Word document (SPEC §12). */
export const buildBulletinDocument = (input: BulletinInput): Promise<BuiltBulletin> => writeBulletin(layoutBulletin(input), 'docx');
