// The bulletin workbook (SPEC §6), pure: input data → sheet model → .xlsx bytes.

import { layoutBulletin, type BulletinInput } from './layout';
import { writeWorkbook } from './writer';

export { bulletinPeriods, layoutBulletin, sumRows } from './layout';
export type { BaseRow, BulletinInput, BulletinOptions, CompletenessBlock } from './layout';
export { bulletinFileName, contentDisposition, rfc5987, scopeLabel, titleOf } from './file-name';
export { momHeadings, momQuarters } from './mom';
export { renderWorkbook, writeWorkbook } from './writer';
export type { BulletinModel, CellModel, SheetModel } from './model';

export interface BuiltBulletin {
  fileName: string;
  asciiFileName: string;
  buffer: Buffer;
}

/** Lays out and writes the workbook. */
export async function buildBulletin(input: BulletinInput): Promise<BuiltBulletin> {
  const model = layoutBulletin(input);
  return { fileName: model.fileName, asciiFileName: model.asciiFileName, buffer: await writeWorkbook(model) };
}
