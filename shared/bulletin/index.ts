// The bulletin workbook (SPEC §6), pure: input data → sheet model → .xlsx bytes.

import { layoutBulletin, type BulletinInput } from './layout';
import { writeDocument } from './docx';
import type { CompletenessSummary } from './model';
import { writeWorkbook } from './writer';

export { bulletinPeriods, layoutBulletin, sumRows } from './layout';
export type { BaseRow, BulletinInput, BulletinOptions, CompletenessBlock } from './layout';
export { bulletinFileName, contentDisposition, rfc5987, scopeLabel, titleOf } from './file-name';
export { momHeadings, momQuarters } from './mom';
export { renderWorkbook, writeWorkbook } from './writer';
export { renderDocument, writeDocument } from './docx';
export type { BulletinModel, CellModel, CompletenessSummary, DocumentModel, SheetModel } from './model';

export interface BuiltBulletin {
  fileName: string;
  asciiFileName: string;
  buffer: Buffer;
  /** How many expected bases filed; `warning` set below the threshold (shown on the first page). */
  completeness?: CompletenessSummary;
}

/** Lays out and writes the workbook. */
export async function buildBulletin(input: BulletinInput): Promise<BuiltBulletin> {
  const model = layoutBulletin(input);
  return {
    fileName: model.fileName,
    asciiFileName: model.asciiFileName,
    buffer: await writeWorkbook(model),
    ...(model.completeness ? { completeness: model.completeness } : {}),
  };
}

/** Lays out the same model and writes the Word document (SPEC §12). */
export async function buildBulletinDocument(input: BulletinInput): Promise<BuiltBulletin> {
  const model = layoutBulletin(input);
  return {
    fileName: model.fileName.replace(/\.xlsx$/, '.docx'),
    asciiFileName: model.asciiFileName.replace(/\.xlsx$/, '.docx'),
    buffer: await writeDocument(model),
    ...(model.completeness ? { completeness: model.completeness } : {}),
  };
}
