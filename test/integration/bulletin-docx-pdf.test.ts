// The Word bulletin printed: converted to PDF by LibreOffice and read back page by page with
// poppler (test/helpers/office.ts). Seed 000's bulletin must print its figures as the seed writes
// them, its three 附件 and the 落款 on A4 pages; a quarter 2 of 85 bases filed warns on page 1.
// A page is also rendered to PNG (kept in the temporary directory, its path logged) for a look.

import { describe, expect, it } from 'vitest';
import { layoutBulletin, writeDocument, writeWorkbook } from '../../shared/bulletin';
import { seed2020Input, sparseQuarterInput } from '../helpers/bulletin-inputs';
import { A4_LANDSCAPE, A4_PORTRAIT, layoutText, pagePng, printDocx, printFile, textExtent } from '../helpers/office';

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

  it('the workbook prints on A4: 基地明细 split across landscape pages, titles on one line, the text inside its margins', async () => {
    const model = layoutBulletin(sparseQuarterInput());
    const printed = printFile(await writeWorkbook(model), 'workbook-2021Q1', 'xlsx');
    for (const s of printed.sizes) expect([A4_PORTRAIT, A4_LANDSCAPE]).toContain(s);
    // 45 columns do not shrink onto one page: the detail title's pages are several, landscape,
    // and each repeats 基地名称 (printTitlesColumn A:C).
    const detailPages = printed.pages.flatMap((p, i) => (p.includes('基地编号') ? [i] : []));
    expect(detailPages.length).toBeGreaterThanOrEqual(3);
    for (const i of detailPages) expect(printed.sizes[i]).toBe(A4_LANDSCAPE);
    for (const i of detailPages) expect(printed.pages[i]).toMatch(/第\d+号创业创新基地/);
    expect(detailPages.filter((i) => printed.pages[i]!.includes('第1号创业创新基地')).length).toBeGreaterThanOrEqual(2);
    // No title wraps leaving one character (表) alone on its line.
    const lines = layoutText(printed.pdf).flatMap((p) => p.split('\n').map((l) => l.trim()));
    expect(lines.filter((l) => /^\p{Script=Han}$/u.test(l))).toEqual([]);
    // 通报正文 (the last pages) prints inside the page with a margin on both sides, whole.
    const textPages = printed.pages.flatMap((p, i) => (p.includes('关于湖南省中小微企业创业创新基地2021年一季度运营情况的通报') ? [i] : []));
    expect(textPages.length).toBeGreaterThan(0);
    for (const i of textPages) {
      const [left, right] = textExtent(printed.pdf, i + 1);
      expect(left, `page ${i + 1}`).toBeGreaterThanOrEqual(36);
      expect(right, `page ${i + 1}`).toBeLessThanOrEqual(595.3 - 36);
    }
    const text = textPages.map((i) => printed.pages[i]).join('');
    expect(text).toContain('未报送83家,名单见报送情况统计表。');
    expect(text).toMatch(/湖南省工业和信息化厅2021年4月20日/);
    console.log(
      `[bulletin-docx-pdf] workbook 2021Q1: ${printed.sizes.length} pages (${detailPages.length} of 基地明细); text page: ${pagePng(printed.pdf, textPages[0]! + 1)}`,
    );
  }, 180_000);
});
