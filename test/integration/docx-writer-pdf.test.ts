// The Word document written directly prints as the `docx` package's did: both .docx of the 2020
// bases' bulletin (seed 000) and of the window-platform bulletin (seed 003, landscape tables over
// several pages) and of the carrier self-assessment (seed 002) go through LibreOffice to PDF; the same number of pages, the same size and the
// same text on each page (pdftotext, whitespace removed), page numbers included.

import { describe, expect, it } from 'vitest';
import { layoutBulletin, writeDocument } from '../../shared/bulletin';
import type { BulletinModel } from '../../shared/bulletin/model';
import { seed2020Input } from '../helpers/bulletin-inputs';
import { writeReferenceDocument } from '../helpers/docx-reference';
import { printDocx } from '../helpers/office';
import { carrierSeedModel, platformDemoModel } from '../helpers/program-inputs';

async function expectSamePrint(model: BulletinModel, name: string) {
  const before = printDocx(await writeReferenceDocument(model), `${name}-reference`);
  const after = printDocx(await writeDocument(model), name);
  expect(after.sizes).toEqual(before.sizes);
  expect(after.pages).toEqual(before.pages);
  console.log(`[docx-writer-pdf] ${name}: ${after.sizes.length} pages alike (converted in ${before.ms} / ${after.ms} ms)`);
  return after;
}

describe('the Word document written directly prints as before (LibreOffice → PDF)', () => {
  it('the 2020 bases’ bulletin (seed 000)', async () => {
    const printed = await expectSamePrint(layoutBulletin(seed2020Input()), 'bulletin-2020');
    expect(printed.pages[0]).toMatch(/—1—$/);
  }, 180_000);

  it('the window-platform bulletin (seed 003)', async () => {
    const printed = await expectSamePrint(platformDemoModel(), 'platforms-2020');
    expect(printed.sizes.length).toBeGreaterThan(4);
  }, 180_000);

  it('the carrier self-assessment (seed 002)', async () => {
    await expectSamePrint(carrierSeedModel(), 'carrier-2020');
  }, 180_000);
});
