// The Word bulletin printed: converted to PDF by LibreOffice and read back page by page with
// poppler (test/helpers/office.ts). Seed 000's bulletin must print its figures as the seed writes
// them, its three 附件 and the 落款 on A4 pages; a quarter 2 of 85 bases filed warns on page 1.
// A page is also rendered to PNG (kept in the temporary directory, its path logged) for a look.

import { describe, expect, it } from 'vitest';
import { layoutBulletin, writeDocument } from '../../shared/bulletin';
import { seed2020Input, sparseQuarterInput } from '../helpers/bulletin-inputs';
import { A4_LANDSCAPE, A4_PORTRAIT, pagePng, printDocx } from '../helpers/office';

describe('the Word bulletin printed (LibreOffice → PDF)', () => {
  it('2020 (seed 000): the figures as the seed writes them, 附件1–3, 落款 and date, A4 pages numbered', async () => {
    const printed = printDocx(await writeDocument(layoutBulletin(seed2020Input())), 'bulletin-2020');
    const all = printed.pages.join('\n');
    for (const f of ['1628万平方米', '835万平方米', '8986场次', '63995家次', '30.17亿元', '27.5%', '42.1%', '8415家']) expect(all).toContain(f);
    expect(printed.pages[0]).toContain('关于湖南省中小微企业创业创新基地2020年运营情况的通报');
    expect(printed.pages[0]).toContain('各市州工信局,有关县市区工信部门,各中小微企业创业创新基地:');
    expect(all).toMatch(/湖南省工业和信息化厅2021年1月11日/);
    // Each 附件 starts its own page: 附件N, then its title on one line (no lone 表).
    const annexPages = printed.pages.map((p, i) => [i, /^附件(\d)/.exec(p)?.[1]] as const).filter(([, n]) => n);
    expect(annexPages.map(([, n]) => n)).toEqual(['1', '2', '3']);
    for (const [i, n] of annexPages) {
      const name = ['基本情况统计表', '服务情况统计表', '运营情况环比统计表'][Number(n) - 1]!;
      expect(printed.pages[i]).toContain(`附件${n}2020年湖南省中小微企业创业创新基地${name}`);
    }
    expect(printed.pages[annexPages[0]![0]]).toContain('30.17');
    expect(printed.pages[annexPages[2]![0]]).toContain('27.5%');
    // Every page A4; page numbers printed (— 1 —).
    for (const s of printed.sizes) expect([A4_PORTRAIT, A4_LANDSCAPE]).toContain(s);
    expect(printed.sizes[0]).toBe(A4_PORTRAIT);
    expect(printed.pages[0]).toMatch(/—1—$/);
    expect(printed.sizes.length).toBeGreaterThanOrEqual(4);
    expect(printed.sizes.length).toBeLessThanOrEqual(8);
    const png = pagePng(printed.pdf, 1);
    console.log(`[bulletin-docx-pdf] 2020: ${printed.sizes.length} pages, converted in ${printed.ms} ms; page 1: ${png}`);
  }, 180_000);

  it('a quarter 2 of 85 bases filed warns on its first page, and its 环比 is over the same 2 bases', async () => {
    const printed = printDocx(await writeDocument(layoutBulletin(sparseQuarterInput())), 'bulletin-2021Q1');
    expect(printed.pages[0]).toContain('注意:2021年一季度应报送基地85家,已报送2家(报送率2.4%),低于90%,本通报数据不完整');
    const all = printed.pages.join('\n');
    expect(all).toContain('环比增长10.0%');
    expect(all).toContain('可比口径:2020年四季度和2021年一季度均报送数据的2家基地');
    for (const s of printed.sizes) expect([A4_PORTRAIT, A4_LANDSCAPE]).toContain(s);
    console.log(`[bulletin-docx-pdf] 2021Q1: ${printed.sizes.length} pages; page 1: ${pagePng(printed.pdf, 1)}`);
  }, 180_000);
});
