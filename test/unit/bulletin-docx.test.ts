// The Word bulletin (SPEC §12) and the guards of issue 18, on the model and in the .docx's XML:
// seed 000's figures as the seed writes them, its three 附件, 落款 and date, A4, page numbers,
// repeated table headings; a quarter 2 of 85 bases filed warns first and compares like with like;
// the default comparison without data is left out; 两家; shares that add up.

import { describe, expect, it } from 'vitest';
import { type BulletinModel, layoutBulletin, type SheetModel, writeDocument } from '../../shared/bulletin';
import { largestRemainderShares, show } from '../../shared/bulletin/numbers';
import { cn } from '../../shared/bulletin/text';
import { seed2020Input, sparseQuarterInput } from '../helpers/bulletin-inputs';
import { docxPart, docxText } from '../helpers/office';

const SEED_000_FIGURES = ['1628万平方米', '835万平方米', '8986场次', '63995家次', '30.17亿元', '27.5%', '42.1%', '8415家'];

const textOf = (m: BulletinModel) => m.document!.paragraphs.map((p) => p.text).join('\n');
const cellsShown = (s: SheetModel) => s.rows.flatMap((r) => r.cells.map((c) => (c?.t === 'num' ? show(c.v, c.fmt) : c?.t === 'text' ? c.v : '')));
const rowCells = (s: SheetModel, label: string) => {
  const r = s.rows.find((x) => x.cells[0]?.t === 'text' && x.cells[0].v === label);
  if (!r) throw new Error(`no row ${label} in ${s.name}`);
  return r.cells.slice(1).map((c) => (c?.t === 'num' ? show(c.v, c.fmt) : c?.t === 'text' ? c.v : ''));
};

describe('the Word bulletin of 2020 (seed 000)', () => {
  const model = layoutBulletin(seed2020Input());

  it('drafts one document from the model: title, 主送, text with the seed’s figures, 附件1–3, 落款 and date', () => {
    const doc = model.document!;
    expect(doc.title).toBe('关于湖南省中小微企业创业创新基地2020年运营情况的通报');
    expect(doc.recipients).toBe('各市州工信局,有关县市区工信部门,各中小微企业创业创新基地:');
    const t = textOf(model);
    for (const f of SEED_000_FIGURES) expect(t).toContain(f);
    expect(doc.annexes).toEqual(['基本情况统计表', '服务情况统计表', '运营情况环比统计表']);
    expect(doc.issuer).toBe('湖南省工业和信息化厅');
    expect(doc.date).toBe('2021年1月11日');
    expect(doc.warning).toBeUndefined();
  });

  it('leaves out the default comparison without data: no 同比 sheet, no 同比 sentences, no sheet without figures', () => {
    expect(model.sheets.map((s) => s.name)).toEqual([
      '基本情况统计表',
      '服务情况统计表',
      '运营情况环比统计表',
      '入驻企业情况统计表',
      '排名',
      '报送情况',
      '基地明细',
      '通报正文',
    ]);
    expect(textOf(model)).not.toContain('同比');
    expect(textOf(model)).not.toContain('无可比数据');
    // (This input has no per-base rows, so 排名 and 基地明细 have none; the demo test checks every sheet.)
    for (const s of model.sheets.filter((x) => !['通报正文', '排名', '基地明细'].includes(x.name)))
      expect(
        s.rows.some((r) => r.cells.some((c) => c?.t === 'num')),
        s.name,
      ).toBe(true);
    // Asked for, the comparison is shown (with its "—").
    const explicit = layoutBulletin({ ...seed2020Input(), options: { compare: '2019' } });
    expect(explicit.sheets.map((s) => s.name)).toContain('同比对比表');
    expect(textOf(explicit)).toContain('二、同比情况');
  });

  it('writes numbers one way per indicator, the same in text and tables', () => {
    const basic = model.sheets[0]!;
    expect(rowCells(basic, '运营单位营业收入(亿元)')).toEqual(['30.17', '0.36']);
    // One precision per unit in the total column: whole 万平方米 (1628, 835, 1086 — never 1086.2).
    expect(rowCells(basic, '基地建筑总面积(万平方米)')[0]).toBe('1628');
    expect(rowCells(basic, '标准厂房面积(万平方米)')[0]).toBe('1086');
    // 基地平均值 of 亿元 and 万人: 2 decimals, never 0.0000.
    expect(rowCells(basic, '企业就业人数(万人)')).toEqual(['21.9', '0.26']);
    expect(rowCells(basic, '入驻企业营业收入(亿元)')).toEqual(['1238.8', '14.93']);
    expect(cellsShown(basic).filter((x) => /^\d+\.\d{3,}$/.test(x))).toEqual([]);
    // 企业平均值 of money in 万元, never 亿元 with 5 decimals.
    const ent = model.sheets.find((s) => s.name === '入驻企业情况统计表')!;
    expect(cellsShown(ent).filter((x) => /^-?\d+\.\d{3,}$/.test(x))).toEqual([]);
  });

  it('writes the .docx: A4 portrait text with page numbers, the three 附件 as tables with repeated headings', async () => {
    const t0 = performance.now();
    const buffer = await writeDocument(model);
    const ms = performance.now() - t0;
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const text = await docxText(buffer);
    for (const f of SEED_000_FIGURES) expect(text).toContain(f);
    expect(text).toContain('关于湖南省中小微企业创业创新基地2020年运营情况的通报');
    expect(text).toContain('各市州工信局,有关县市区工信部门,各中小微企业创业创新基地:');
    expect(text).toContain('附件:1. 2020年湖南省中小微企业创业创新基地基本情况统计表');
    for (const [i, name] of ['基本情况统计表', '服务情况统计表', '运营情况环比统计表'].entries()) {
      expect(text).toContain(`附件${i + 1}\n2020年湖南省中小微企业创业创新基地${name}`);
    }
    expect(text).not.toContain('附件4');
    expect(text).toMatch(/湖南省工业和信息化厅\n2021年1月11日/);
    const xml = await docxPart(buffer, 'word/document.xml');
    // A4 (11906 × 16838 twips) in every section; headings of tables repeated on each page.
    const sizes = [...xml.matchAll(/<w:pgSz ([^>]*)\/>/g)].map((m) => m[1]!);
    expect(sizes.length).toBe(4);
    for (const s of sizes) expect(s).toMatch(/w:w="(11906|16838)" w:h="(16838|11906)"/);
    expect(xml).toContain('<w:tblHeader/>');
    expect(await docxPart(buffer, 'word/footer1.xml')).toContain('PAGE');
    console.log(`[bulletin-docx] 2020 seed: ${buffer.length} bytes, written in ${Math.round(ms)} ms`);
  });
});

describe('a quarter only 2 of 85 bases filed', () => {
  const model = layoutBulletin(sparseQuarterInput());
  const warning = '注意:2021年一季度应报送基地85家,已报送2家(报送率2.4%),低于90%,本通报数据不完整,请待报送齐全后再发布。';

  it('warns first: on the first sheet, at the head of the text and of the document', async () => {
    expect(model.completeness).toMatchObject({ period: '2021Q1', submitted: 2, expected: 85, threshold: 90, warning });
    expect(model.sheets[0]!.rows[1]!.cells[0]).toEqual({ t: 'text', v: warning });
    expect(model.document!.warning).toBe(warning);
    const text = await docxText(await writeDocument(model));
    expect(text.split('\n')[0]).toBe(warning);
    // The threshold is configurable.
    expect(layoutBulletin({ ...sparseQuarterInput(), options: { completenessWarnBelow: 2 } }).completeness!.warning).toBeUndefined();
  });

  it('computes the 环比 over the 2 bases that filed both quarters, and says so', () => {
    const mom = model.sheets.find((s) => s.name === '运营情况环比统计表')!;
    // 2020Q4: 100 + 120 万元; 2021Q1: 110 + 132 万元 → +10.0% (not 2 bases against 83: −98.5%).
    expect(rowCells(mom, '运营单位营业收入(亿元)')).toEqual(['0.02', '0.02', '10.0%']);
    const t = textOf(model);
    expect(t).toContain('一季度基地营业收入环比增长10.0%');
    expect(t).toContain('可比口径:2020年四季度和2021年一季度均报送数据的2家基地');
    expect(t).not.toMatch(/下降98/);
  });

  it('says 两家 / 前两位, and counts the bases not filed instead of naming 83 of them inline', () => {
    const t = textOf(model);
    expect(t).toContain('营业收入位居前两位的是');
    expect(t).not.toMatch(/[前的]二[家位]/);
    expect(t).toContain('未报送83家,名单见报送情况统计表。');
    expect(t).not.toContain('第3号创业创新基地');
    expect([cn(1), cn(2), cn(3), cn(10), cn(11)]).toEqual(['一', '两', '三', '十', '11']);
  });
});

describe('shares shown together', () => {
  it('add up to 100% by the largest remainder', () => {
    const sum = (xs: Array<number | null>) => Math.round(xs.reduce<number>((a, b) => a + (b ?? 0), 0) * 1000);
    expect(largestRemainderShares([1n, 1n, 1n], 3n, 1)).toEqual([0.334, 0.333, 0.333]);
    expect(sum(largestRemainderShares([1n, 1n, 1n], 3n, 1))).toBe(1000);
    expect(sum(largestRemainderShares([2n, 3n, 5n, 7n, 11n, 13n], 41n, 1))).toBe(1000);
    expect(largestRemainderShares([0n, 0n], 0n, 1)).toEqual([null, null]);
    // Seed 000's services: the printed shares as before (55.3 10.6 15.9 6.6 11.6).
    expect(largestRemainderShares([4968n, 954n, 1430n, 592n, 1042n], 8986n, 1)).toEqual([0.553, 0.106, 0.159, 0.066, 0.116]);
  });
});

describe('Word titles', () => {
  it('split a title too long for one line into lines of nearly equal width, never a dangling character', async () => {
    const { balancedLines } = await import('../../shared/bulletin/docx');
    const long = '衡阳高新区大中小企业融通型载体项目自评估报告';
    const lines = balancedLines(long, 20);
    expect(lines.join('')).toBe(long);
    expect(lines).toHaveLength(2);
    expect(Math.abs([...lines[0]!].length - [...lines[1]!].length)).toBeLessThanOrEqual(1);
    expect(balancedLines('关于湖南省中小企业公共服务平台网络2020年建设运营情况的通报', 20).every((l) => [...l].length >= 10)).toBe(true);
    expect(balancedLines('短标题', 20)).toEqual(['短标题']);
  });
});
