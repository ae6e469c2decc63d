// The bulletin workbook, built from hand-made inputs and read back with exceljs cell by cell.

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ScopedTotals, Totals } from '../../shared/aggregation';
import type { Principal } from '../../shared/auth';
import { type BaseRow, type BulletinInput, buildBulletin, contentDisposition, layoutBulletin } from '../../shared/bulletin';
import { fixed, show } from '../../shared/bulletin/numbers';
import { displayWidth, xmlSafe } from '../../shared/bulletin/writer';
import type { Filing } from '../../shared/filing';
import type { BaseRecord } from '../../shared/registry';
import { parseBulletinQuery } from '../../shared/use-cases/export-bulletin';
import { computeCompleteness } from '../../shared/use-cases/report-completeness';

// ---- helpers ----------------------------------------------------------------------------------

type Num = number | bigint;

function totals(bases: number, values: Record<string, Num>, means: Record<string, [Num, Num]> = {}): Totals {
  return {
    reportingBases: BigInt(bases),
    values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, BigInt(v)])),
    means: Object.fromEntries(Object.entries(means).map(([k, [s, c]]) => [k, { sum: BigInt(s), count: BigInt(c) }])),
  };
}

/** A mean kept as the aggregator keeps it: sum and count (`mean` in base units × count). */
const meanOf = (mean: number, count: number): [Num, Num] => [BigInt(mean) * BigInt(count), count];

function base(baseId: string, name: string, extra: Partial<BaseRecord> = {}): BaseRecord {
  return { baseId, name, city: '长沙市', county: '岳麓区', level: 'provincial', cohort: null, updatedAt: '2020-01-01T00:00:00.000Z', ...extra };
}

const SHEETS = ['基本情况统计表', '服务情况统计表', '运营情况环比统计表', '同比对比表', '入驻企业情况统计表', '排名', '报送情况', '基地明细', '通报正文'];

async function workbookOf(input: BulletinInput): Promise<ExcelJS.Workbook> {
  const { buffer } = await buildBulletin(input);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

const sheet = (wb: ExcelJS.Workbook, name: string) => {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
};

/** The (first) row whose column A reads `label`. */
function rowOf(ws: ExcelJS.Worksheet, label: string, from = 1): ExcelJS.Row {
  for (let r = from; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === label) return ws.getRow(r);
  throw new Error(`no row "${label}" in ${ws.name}`);
}

/**
 * What Excel displays for a numeric cell under its format (`0`, `0.0`, `0.0%`), computed here
 * independently of the code under test: 15 significant digits, then half away from zero.
 */
function displayed(cell: ExcelJS.Cell): string {
  if (typeof cell.value === 'string') return cell.value;
  expect(cell.type).toBe(ExcelJS.ValueType.Number);
  const m = /^0(?:\.(0+))?(%?)$/.exec(String(cell.numFmt));
  if (!m) throw new Error(`unexpected format ${cell.numFmt}`);
  const dp = m[1]?.length ?? 0;
  const x = Number(((cell.value as number) * (m[2] ? 100 : 1)).toPrecision(15));
  const f = 10 ** dp;
  const r = (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-7)) / f;
  return r.toFixed(dp) + m[2];
}

/** Displayed values of columns B.. of the row labelled `label`. */
const shown = (ws: ExcelJS.Worksheet, label: string, from = 1) => {
  const row = rowOf(ws, label, from);
  const out: string[] = [];
  for (let c = 2; c <= ws.columnCount; c++) {
    const cell = row.getCell(c);
    if (cell.value === null || cell.value === undefined) break;
    out.push(displayed(cell));
  }
  return out;
};

function allCells(wb: ExcelJS.Workbook): ExcelJS.Cell[] {
  const out: ExcelJS.Cell[] = [];
  wb.eachSheet((ws) => ws.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, (c) => void out.push(c))));
  return out;
}

function textOf(wb: ExcelJS.Workbook): string {
  const ws = sheet(wb, '通报正文');
  const parts: string[] = [];
  ws.eachRow((row) => parts.push(String(row.getCell(1).value ?? '')));
  return parts.join('\n');
}

const EMPTY_INPUT = { rows: [], compareRows: [], completeness: [] } as const;

// ---- a small province with totals of our own (not the seeds') ---------------------------------------

const own2021: Totals = totals(
  7,
  {
    buildingArea: 1234567, // 平方米 → 123.4567 万平方米
    selfOwnedArea: 600001,
    standardFactoryArea: 345678,
    serviceStaff: 101,
    certifiedMentors: 13,
    operatorAssets: 987654321, // 元 → 9.87654321 亿元
    operatorRevenue: 123456789, // 元 → 12345.6789 万元
    operatorServiceRevenue: 23456789,
    serviceExpenditure: 0,
    thirdPartyProviders: 9,
    residentEnterprises: 321,
    smallMicroEnterprises: 300,
    reportingEnterprises: 0, // 企业平均值 divides by zero
    highTechEnterprises: 0,
    employees: 12345,
    enterpriseAssets: 5_000_000_000,
    enterpriseRevenue: 3_333_333_333,
    enterpriseProfit: -12_345_678,
    enterpriseTax: 55_555_555,
    trademarks: 11,
    softwareCopyrights: 7,
    inventionPatents: 3,
    utilityPatents: 4,
    designPatents: 5,
    'service.info.sessions': 1,
    'service.info.enterprises': 10,
    'service.startup.sessions': 2,
    'service.startup.enterprises': 0,
    'service.training.sessions': 3,
    'service.training.enterprises': 20,
    'service.financing.sessions': 0,
    'service.financing.enterprises': 0,
    'service.other.sessions': 1,
    'service.other.enterprises': 3,
  },
  { avgRent: [2501 + 1999, 2], avgSalePrice: [300000 + 450050 + 100, 3] },
);

const names = ['=HYPERLINK("http://x","y")', '+1', '@SUM(A1)', '-2+3', '芙蓉创业园', '株洲高新创业基地', '长沙软件园'];
const ownBases = names.map((n, i) =>
  base(`b-${i + 1}`, n, { city: i < 4 ? '长沙市' : '株洲市', level: i % 3 === 0 ? 'national' : 'provincial', cohort: i < 3 ? '第一批' : null }),
);
const ownRows: BaseRow[] = ownBases.map((b, i) => ({
  base: b,
  values: {
    buildingArea: 100000 * (i + 1),
    standardFactoryArea: 50000 * (7 - i),
    operatorAssets: 100000000 * (i + 1),
    operatorRevenue: 10000000 * (i + 2),
    serviceStaff: 10 + i,
    certifiedMentors: i,
    residentEnterprises: 40 + i,
    trademarks: 2 * i,
    softwareCopyrights: 1,
    inventionPatents: i % 2,
    utilityPatents: 0,
    designPatents: 0,
    'service.info.sessions': i,
    'service.info.enterprises': 2 * i,
  },
}));
const ownCompareRows: BaseRow[] = ownRows
  .slice(0, 5)
  .map((r, i) => ({ base: r.base, values: { ...r.values, serviceStaff: 10 + i - (i === 2 ? 6 : 1), buildingArea: 90000 } }));

function ownInput(over: Partial<BulletinInput> = {}): BulletinInput {
  return {
    period: '2021',
    scope: 'all',
    aggregates: {
      '2021': { all: own2021 },
      '2021Q3': {
        all: totals(7, {
          operatorRevenue: 40000000,
          operatorServiceRevenue: 0,
          enterpriseRevenue: 1_000_000_000,
          enterpriseTax: 30_000_000,
          enterpriseProfit: -10_000_000,
        }),
      },
      '2021Q4': {
        all: totals(7, {
          operatorRevenue: 45000000,
          operatorServiceRevenue: 1000000,
          enterpriseRevenue: 900_000_000,
          enterpriseTax: 30_000_000,
          enterpriseProfit: 5_000_000,
        }),
      },
      '2020': { all: totals(5, { buildingArea: 450000 }) },
    },
    rows: ownRows,
    compareRows: ownCompareRows,
    bases: ownBases,
    completeness: [],
    options: {},
    ...over,
  };
}

describe('bulletin workbook: structure', () => {
  it('has the nine sheets in order, each titled in its first row', async () => {
    const wb = await workbookOf(ownInput());
    expect(wb.worksheets.map((w) => w.name)).toEqual(SHEETS);
    expect(sheet(wb, '基本情况统计表').getCell('A1').value).toBe('2021年湖南省中小微企业创业创新基地基本情况统计表');
    expect(sheet(wb, '服务情况统计表').getCell('A1').value).toBe('2021年湖南省中小微企业创业创新基地服务情况统计表');
    expect(sheet(wb, '运营情况环比统计表').getCell('A1').value).toBe('2021年湖南省中小微企业创业创新基地运营情况环比统计表');
    expect(sheet(wb, '通报正文').getCell('A1').value).toBe('关于湖南省中小微企业创业创新基地2021年运营情况的通报');
    for (const ws of wb.worksheets) {
      expect(String(ws.getCell('A1').value)).toMatch(/^(关于)?湖南省|^2021年湖南省/);
      // Frozen header rows, A4, headings repeated on every page; one page wide except 基地明细.
      expect(ws.views[0]).toMatchObject({ state: 'frozen' });
      expect((ws.views[0] as ExcelJS.WorksheetViewFrozen).ySplit).toBeGreaterThanOrEqual(1);
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.printTitlesRow).toMatch(/^1:\d+$/);
      if (ws.name !== '基地明细') expect(ws.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    }
    // The wide sheet splits its columns across landscape pages, repeating 序号…基地名称 on each.
    expect(sheet(wb, '基地明细').pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: false, printTitlesColumn: 'A:C' });
    // The text prints inside wide margins.
    expect(sheet(wb, '通报正文').pageSetup.margins?.left).toBeGreaterThanOrEqual(0.75);
    expect(sheet(wb, '基本情况统计表').pageSetup.orientation).toBe('portrait');
    expect(sheet(wb, '基地明细').views[0]).toMatchObject({ xSplit: 3, ySplit: 2 });
    // Section rows.
    const ws = sheet(wb, '基本情况统计表');
    for (const s of ['一、基地建设情况', '二、基地运营情况', '三、入驻企业情况']) expect(rowOf(ws, s).getCell(1).font?.bold).toBe(true);
  });

  it('names the file, the city and the quarter in titles', async () => {
    const city = layoutBulletin({ ...ownInput(), period: '2020Q3', scope: 'city:长沙市', aggregates: { '2020Q3': { 'city:长沙市': own2021 } } });
    expect(city.fileName).toBe('2020年三季度长沙市中小微企业创业创新基地运营情况通报.xlsx');
    expect(city.sheets[0]!.title).toBe('2020年三季度长沙市中小微企业创业创新基地基本情况统计表');
    expect(layoutBulletin(ownInput({ period: '2020', aggregates: {} })).fileName).toBe('2020年湖南省中小微企业创业创新基地运营情况通报.xlsx');
    const wb = await workbookOf({ ...ownInput(), period: '2020Q3', scope: 'city:长沙市', aggregates: { '2020Q3': { 'city:长沙市': own2021 } } });
    expect(sheet(wb, '基本情况统计表').getCell('A1').value).toBe('2020年三季度长沙市中小微企业创业创新基地基本情况统计表');
    expect(sheet(wb, '基本情况统计表').getCell('B2').value).toBe('2020年三季度');
  });

  it('writes a Content-Disposition with an ASCII fallback and an RFC 5987 filename*', () => {
    const { fileName, asciiFileName } = layoutBulletin(ownInput({ period: '2020', aggregates: {} }));
    const cd = contentDisposition(fileName, asciiFileName);
    expect(cd).toBe(
      `attachment; filename="tongbao-bulletin-2020-hunan.xlsx"; filename*=UTF-8''${encodeURIComponent('2020年湖南省中小微企业创业创新基地运营情况通报.xlsx')}`,
    );
    expect(decodeURIComponent(cd.split("UTF-8''")[1]!)).toBe(fileName);
    // attr-chars only: quotes, parentheses, spaces and apostrophes are encoded too.
    expect(contentDisposition(`a b'(c)"*.xlsx`)).toBe(`attachment; filename="a b'(c)_*.xlsx"; filename*=UTF-8''a%20b%27%28c%29%22%2A.xlsx`);
    expect(contentDisposition('通报.xlsx')).toMatch(/^attachment; filename="_\.xlsx"; filename\*=UTF-8''%E9%80%9A%E6%8A%A5\.xlsx$/);
  });

  it('keeps user text as text: formula-like base names never become formulas', async () => {
    const wb = await workbookOf(ownInput());
    const cells = allCells(wb);
    expect(cells.length).toBeGreaterThan(300);
    for (const c of cells) {
      expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
      expect(c.formula).toBeUndefined();
    }
    const detail = sheet(wb, '基地明细');
    const seen = new Set<string>();
    detail.eachRow((row) => {
      const v = row.getCell(3).value;
      if (typeof v === 'string') seen.add(v);
    });
    for (const n of names) expect(seen.has(n)).toBe(true);
    for (const n of names.slice(0, 4)) {
      let found: ExcelJS.Cell | undefined;
      detail.eachRow((row) => {
        if (row.getCell(3).value === n) found = row.getCell(3);
      });
      expect(found!.type).toBe(ExcelJS.ValueType.String);
      expect(found!.value).toBe(n);
    }
    // The largest building area belongs to the last base; the formula-like names rank as text.
    const rank = sheet(wb, '排名');
    const header = rowOf(rank, '名次');
    expect(rank.getRow(header.number + 1).getCell(2).value).toBe('长沙软件园');
    const anywhere = allCells(wb).filter((c) => c.value === '=HYPERLINK("http://x","y")');
    expect(anywhere.length).toBeGreaterThanOrEqual(2);
    for (const c of anywhere) expect(c.type).toBe(ExcelJS.ValueType.String);
  });

  it('writes text XML can carry (a lone surrogate would corrupt the file)', async () => {
    expect(xmlSafe('a\ud800b\uffff')).toBe('a\ufffdb\ufffd');
    expect(xmlSafe('𠀀基地')).toBe('𠀀基地');
    const odd = base('b-x', '坏\ud800名', { city: '株洲市' });
    const wb = await workbookOf(ownInput({ bases: [...ownBases, odd] }));
    const names: unknown[] = [];
    sheet(wb, '基地明细').eachRow((row) => names.push(row.getCell(3).value));
    expect(names).toContain('坏\ufffd名');
  });

  it('fits column widths to Chinese text (CJK counts double)', async () => {
    expect(displayWidth('基地建筑总面积(万平方米)')).toBe(24);
    expect(displayWidth('abc')).toBe(3);
    const wb = await workbookOf(ownInput());
    const ws = sheet(wb, '基本情况统计表');
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(displayWidth('其中:基地自持部分面积(万平方米)'));
    expect(ws.getColumn(1).width).toBeLessThanOrEqual(60);
    expect(sheet(wb, '通报正文').getColumn(1).width).toBe(64);
    // Titles fit on one line (14pt against 11pt cells): no title wraps leaving 表 alone.
    for (const ws of wb.worksheets) {
      if (ws.name === '通报正文') continue;
      const title = String(ws.getCell('A1').value);
      let total = 0;
      for (let c = 1; c <= ws.columnCount; c++) total += ws.getColumn(c).width ?? 9;
      expect(total, ws.name).toBeGreaterThanOrEqual(displayWidth(title) * (14 / 11));
    }
  });
});

describe('bulletin workbook: values', () => {
  it('shows totals in display units at full precision with the seeds’ formats', async () => {
    const wb = await workbookOf(ownInput());
    const ws = sheet(wb, '基本情况统计表');
    const area = rowOf(ws, '基地建筑总面积(万平方米)');
    expect(area.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(area.getCell(2).value).toBe(123.4567);
    expect(area.getCell(2).numFmt).toBe('0');
    expect(displayed(area.getCell(2))).toBe('123');
    // 基地平均值 = total ÷ 7 bases.
    expect(area.getCell(3).value).toBeCloseTo(123.4567 / 7, 10);
    expect(area.getCell(3).numFmt).toBe('0.0');
    expect(displayed(area.getCell(3))).toBe('17.6');
    expect(shown(ws, '基地数量(家)')).toEqual(['7', '/']);
    expect(shown(ws, '其中:国家级(家)')).toEqual(['3', '/']);
    expect(shown(ws, '省级(家)')).toEqual(['4', '/']);
    // One precision per unit in the column: whole 万平方米 (000: 1628, 835).
    expect(shown(ws, '标准厂房面积(万平方米)')).toEqual(['35', '4.9']);
    // Means: rent (25.01 + 19.99)/2 = 22.50; price (3000 + 4500.50 + 1)/3 = 2500.5 元.
    expect(shown(ws, '租金平均水平(元/平方米/月)')).toEqual(['22.5', '22.5']);
    expect(rowOf(ws, '平均售价(元/平方米)').getCell(2).value).toBeCloseTo(7501.5 / 3, 9);
    expect(shown(ws, '运营单位总资产(亿元)')).toEqual(['9.9', '1.41']);
    expect(rowOf(ws, '运营单位总资产(亿元)').getCell(2).value).toBe(9.87654321);
    // Operator money in 亿元 to 2 decimals, as 000's text writes it (30.17亿元).
    expect(shown(ws, '运营单位营业收入(亿元)')).toEqual(['1.23', '0.18']);
    expect(rowOf(ws, '运营单位营业收入(亿元)').getCell(2).value).toBe(1.23456789);
    expect(shown(ws, '服务性收入占营业收入比重')).toEqual(['19.0%', '/']);
    // Averages of 亿元 and 万人 to 2 decimals (never 0.0000).
    expect(shown(ws, '企业就业人数(万人)')).toEqual(['1.2', '0.18']);
    expect(shown(ws, '入驻企业利润总额(亿元)')).toEqual(['-0.1', '-0.02']);
    expect(rowOf(ws, '入驻企业利润总额(亿元)').getCell(2).value).toBe(-0.12345678);
    expect(shown(ws, '服务性支出(亿元)')).toEqual(['0.00', '0.00']);
  });

  it('shows averages per base and per enterprise, and — when dividing by zero', async () => {
    const wb = await workbookOf(ownInput());
    const ws = sheet(wb, '入驻企业情况统计表');
    expect(ws.getRow(2).values).toEqual([undefined, '指标内容', '2021年', '基地平均值', '企业平均值(金额:万元)']);
    // 报送企业户数 is 0 here: every 企业平均值 is a division by zero.
    expect(shown(ws, '企业就业人数(人)')).toEqual(['12345', '1764', '—']);
    expect(rowOf(ws, '企业就业人数(人)').getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(shown(ws, '入驻企业户数(家)')).toEqual(['321', '46', '/']);
    expect(shown(ws, '拥有专利(件)')).toEqual(['12', '2', '—']);
    expect(shown(ws, '其中:发明专利(件)')).toEqual(['3', '0', '—']);

    const withReporting = { ...own2021, values: { ...own2021.values, reportingEnterprises: 200n } };
    const wb2 = await workbookOf(ownInput({ aggregates: { ...ownInput().aggregates, '2021': { all: withReporting } } }));
    const ws2 = sheet(wb2, '入驻企业情况统计表');
    expect(shown(ws2, '企业就业人数(人)')).toEqual(['12345', '1764', '62']);
    // 企业平均值 of money in 万元 (001 附件5: 1966, 141.5), not 0.25000 亿元.
    expect(shown(ws2, '入驻企业总资产(亿元)')).toEqual(['50.0', '7.14', '2500.0']);
    expect(shown(ws2, '拥有专利(件)')).toEqual(['12', '2', '0.06']);
    expect(rowOf(ws2, '入驻企业营业收入(亿元)').getCell(4).value).toBeCloseTo((33.33333333 * 1e4) / 200, 8);
  });

  it('computes shares that add up, with a 合计 row', async () => {
    const wb = await workbookOf(ownInput());
    const ws = sheet(wb, '服务情况统计表');
    expect(ws.getRow(2).getCell(1).value).toBe('服务类型');
    expect(ws.getRow(2).getCell(2).value).toBe('开展服务场次(场次)');
    expect(ws.getRow(2).getCell(4).value).toBe('服务企业家次(家次)');
    expect([2, 3, 4, 5].map((c) => ws.getRow(3).getCell(c).value)).toEqual(['2021年', '比重', '2021年', '比重']);
    expect(ws.getCell('A3').isMerged).toBe(true);
    expect(ws.getCell('C2').isMerged).toBe(true);
    const types = ['信息服务', '创业创新服务', '培训服务', '投融资服务', '其他服务'];
    let sessions = 0;
    let shareSum = 0;
    for (const t of types) {
      const r = rowOf(ws, t);
      expect(r.getCell(3).numFmt).toBe('0.0%');
      sessions += r.getCell(2).value as number;
      shareSum += r.getCell(3).value as number;
    }
    expect(sessions).toBe(7);
    expect(shareSum).toBeCloseTo(1, 10);
    expect(shown(ws, '信息服务')).toEqual(['1', '14.3%', '10', '30.3%']);
    expect(shown(ws, '投融资服务')).toEqual(['0', '0.0%', '0', '0.0%']);
    expect(shown(ws, '合计')).toEqual(['7', '100.0%', '33', '100.0%']);
    // No services at all: every share is a division by zero.
    const none = totals(1, { buildingArea: 1 });
    const wb2 = await workbookOf(ownInput({ aggregates: { '2021': { all: none } } }));
    expect(shown(sheet(wb2, '服务情况统计表'), '合计')).toEqual(['0', '—', '0', '—']);
  });

  it('heads the 环比 sheet like the seed and computes growth exactly', async () => {
    const wb = await workbookOf(ownInput());
    const ws = sheet(wb, '运营情况环比统计表');
    expect(ws.getRow(2).values).toEqual([undefined, '基地运营情况', '三季度', '四季度', '环比增长']);
    expect(rowOf(ws, '入驻企业情况').values).toEqual([undefined, '入驻企业情况', '三季度', '四季度', '环比增长']);
    expect(shown(ws, '运营单位营业收入(亿元)')).toEqual(['0.40', '0.45', '12.5%']);
    expect(rowOf(ws, '运营单位营业收入(亿元)').getCell(4).value).toBe(0.125);
    // Q3 service revenue 0: growth is a division by zero.
    expect(shown(ws, '其中:服务性收入(亿元)')).toEqual(['0.00', '0.01', '—']);
    expect(shown(ws, '入驻企业营业收入(亿元)')).toEqual(['10.0', '9.0', '-10.0%']);
    expect(shown(ws, '入驻企业缴纳税金(亿元)')).toEqual(['0.3', '0.3', '0.0%']);
    // From a loss to a profit: (5 − (−10)) ÷ |−10| = 150%.
    expect(shown(ws, '入驻企业利润总额(亿元)')).toEqual(['-0.1', '0.1', '150.0%']);

    // A quarter compares with the quarter before, across a year boundary too.
    const q = await workbookOf({
      ...ownInput(),
      period: '2021Q1',
      aggregates: { '2021Q1': { all: totals(2, { operatorRevenue: 300_000_000 }) }, '2020Q4': { all: totals(2, { operatorRevenue: 200_000_000 }) } },
    });
    const wq = sheet(q, '运营情况环比统计表');
    expect(wq.getRow(2).values).toEqual([undefined, '基地运营情况', '2020年四季度', '一季度', '环比增长']);
    expect(shown(wq, '运营单位营业收入(亿元)')).toEqual(['2.00', '3.00', '50.0%']);
    const q3 = await workbookOf({
      ...ownInput(),
      period: '2021Q3',
      aggregates: { '2021Q3': { all: totals(2, { operatorRevenue: 1 }) }, '2021Q2': { all: totals(2, { operatorRevenue: 1 }) } },
    });
    expect(sheet(q3, '运营情况环比统计表').getRow(2).values).toEqual([undefined, '基地运营情况', '二季度', '三季度', '环比增长']);
  });

  it('compares over the bases that filed in both periods (可比口径), or over a cohort', async () => {
    const wb = await workbookOf(ownInput());
    const ws = sheet(wb, '同比对比表');
    expect(ws.getCell('A2').value).toBe('可比口径:2020年和2021年均报送数据的5家基地');
    expect(ws.getRow(3).values).toEqual([undefined, '指标内容', '2020年', '2021年', '增长率']);
    expect(shown(ws, '基地数量(家)')).toEqual(['5', '5', '0.0%']);
    // Bases 1–5: 2020 9 万平方米 × 5 = 45; 2021 10+20+30+40+50 = 150.
    expect(shown(ws, '基地建筑总面积(万平方米)')).toEqual(['45.0', '150.0', '233.3%']);
    // Staff: 2021 10..14 = 60; 2020 9,10,6,12,13 = 50.
    expect(shown(ws, '运营单位企业服务人员(人)')).toEqual(['50', '60', '20.0%']);
    expect(shown(ws, '租金平均水平(元/平方米/月)')).toEqual(['—', '—', '—']);
    expect(shown(ws, '信息服务')).toEqual(['10', '10', '0.0%', '20', '20', '0.0%']);
    // 2020 and 2021 share the 2020 taxonomy: no 2017-only type appears.
    expect(() => rowOf(ws, '创业辅导')).toThrow();

    const cohort = await workbookOf(ownInput({ options: { cohort: '第一批' }, scope: 'city:长沙市', aggregates: { '2021': { 'city:长沙市': own2021 } } }));
    const wc = sheet(cohort, '同比对比表');
    expect(wc.getCell('A2').value).toBe('口径:第一批基地(2020年报送3家,2021年报送3家)');
    expect(shown(wc, '基地建筑总面积(万平方米)')).toEqual(['27.0', '60.0', '122.2%']);

    // A year before 2020 uses the 2017 taxonomy: its own types show — in the other year.
    const rows2019 = ownCompareRows.map((r) => ({ ...r, values: { ...r.values, 'service.mentoring.sessions': 2, 'service.mentoring.enterprises': 3 } }));
    const old = await workbookOf(ownInput({ options: { compare: '2019' }, compareRows: rows2019 }));
    const wo = sheet(old, '同比对比表');
    expect(shown(wo, '创业辅导')).toEqual(['10', '—', '—', '15', '—', '—']);
    // Reporting bases with nothing of a type: a real 0.
    expect(shown(wo, '创业创新服务')).toEqual(['—', '0', '—', '—', '0', '—']);
    expect(shown(wo, '基地建筑总面积(万平方米)')).toEqual(['45.0', '150.0', '233.3%']);
  });

  it('shows — for a side of the comparison without a single reporting base, never 0', async () => {
    // No comparable bases (the comparison year was never filed).
    const none = sheet(await workbookOf(ownInput({ options: { compare: '2019' }, compareRows: [] })), '同比对比表');
    expect(none.getCell('A2').value).toBe('可比口径:2019年和2021年均报送数据的0家基地');
    expect(shown(none, '基地数量(家)')).toEqual(['0', '0', '—']);
    expect(shown(none, '基地建筑总面积(万平方米)')).toEqual(['—', '—', '—']);
    expect(shown(none, '租金平均水平(元/平方米/月)')).toEqual(['—', '—', '—']);
    expect(shown(none, '信息服务')).toEqual(['—', '—', '—', '—', '—', '—']);
    expect(shown(none, '创业辅导')).toEqual(['—', '—', '—', '—', '—', '—']);
    expect(shown(none, '合计')).toEqual(['—', '—', '—', '—', '—', '—']);
    // A cohort that did not file in the comparison year: that side only.
    const cohort = await workbookOf(
      ownInput({ options: { cohort: '第一批', compare: '2019' }, scope: 'city:长沙市', compareRows: [], aggregates: { '2021': { 'city:长沙市': own2021 } } }),
    );
    const wc = sheet(cohort, '同比对比表');
    expect(wc.getCell('A2').value).toBe('口径:第一批基地(2019年报送0家,2021年报送3家)');
    expect(shown(wc, '基地建筑总面积(万平方米)')).toEqual(['—', '60.0', '—']);
    expect(shown(wc, '信息服务')).toEqual(['—', '3', '—', '—', '6', '—']);
  });

  it('ranks the top N and the largest staff increases', async () => {
    const wb = await workbookOf(ownInput({ options: { top: 3 } }));
    const ws = sheet(wb, '排名');
    expect(ws.getCell('A1').value).toBe('2021年湖南省中小微企业创业创新基地排名(前3名)');
    const block = (title: string) => {
      const r = rowOf(ws, title).number;
      const out: Array<[unknown, unknown, string]> = [];
      for (let i = r + 2; ws.getRow(i).getCell(1).type === ExcelJS.ValueType.Number; i++) {
        const row = ws.getRow(i);
        out.push([row.getCell(1).value, row.getCell(2).value, displayed(row.getCell(6))]);
      }
      return out;
    };
    expect(rowOf(ws, '基地建筑总面积前3名').getCell(1).font?.bold).toBe(true);
    expect(ws.getRow(rowOf(ws, '基地建筑总面积前3名').number + 1).getCell(6).value).toBe('基地建筑总面积(万平方米)');
    expect(block('基地建筑总面积前3名')).toEqual([
      [1, '长沙软件园', '70.00'],
      [2, '株洲高新创业基地', '60.00'],
      [3, '芙蓉创业园', '50.00'],
    ]);
    expect(block('标准厂房面积前3名').map((x) => x[1])).toEqual(['=HYPERLINK("http://x","y")', '+1', '@SUM(A1)']);
    expect(block('运营单位总资产前3名')[0]).toEqual([1, '长沙软件园', '7.00']);
    expect(block('知识产权总数前3名')[0]).toEqual([1, '长沙软件园', '13']);
    // Increases (compare period: bases 1–5): +1, +1, +6, +1, +1 → base 3 first, then by name.
    const inc = rowOf(ws, '运营单位企业服务人员增加最多的前3名(与2020年相比)').number;
    expect(ws.getRow(inc + 1).values).toEqual([
      undefined,
      '名次',
      '基地名称',
      '所属市州',
      '所属县市区',
      '级别',
      '运营单位企业服务人员增加(人)',
      '2020年(人)',
      '2021年(人)',
    ]);
    expect([2, 3, 4, 5].map((c) => ws.getRow(inc + 2).getCell(c).value)).toEqual(['@SUM(A1)', '长沙市', '岳麓区', '省级']);
    expect([6, 7, 8].map((c) => ws.getRow(inc + 2).getCell(c).value)).toEqual([6, 6, 12]);
    // The four +1 tie for second place: all of them are listed (by name), sharing 名次 2.
    expect(block('运营单位企业服务人员增加最多的前3名(与2020年相比)')).toEqual([
      [1, '@SUM(A1)', '6'],
      [2, '-2+3', '1'],
      [2, '+1', '1'],
      [2, '=HYPERLINK("http://x","y")', '1'],
      [2, '芙蓉创业园', '1'],
    ]);
    expect(
      String(
        sheet(wb, '通报正文')
          .getColumn(1)
          .values.find((v) => String(v).includes('服务人员增加最多的是')),
      ),
    ).toContain('芙蓉创业园(新增1人)');
    // A tie just past the cut-off is not listed.
    const one = sheet(await workbookOf(ownInput({ options: { top: 1 } })), '排名');
    const r1 = rowOf(one, '运营单位企业服务人员增加最多的前1名(与2020年相比)').number;
    expect(one.getRow(r1 + 2).getCell(2).value).toBe('@SUM(A1)');
    expect(one.getRow(r1 + 3).getCell(1).type).not.toBe(ExcelJS.ValueType.Number);
  });

  it('reports completeness per city and level with a 全省合计 row, then the bases not filed', async () => {
    const f = (baseId: string, late: boolean, counted = true): Filing =>
      ({
        baseId,
        period: '2021Q4',
        status: counted ? 'submitted' : 'draft',
        counted: counted ? {} : null,
        countedRev: counted ? 1 : 0,
        late,
      }) as unknown as Filing;
    const block = computeCompleteness('2021Q4', ownBases, [f('b-1', false), f('b-2', true), f('b-5', false), f('b-6', false, false)]);
    const wb = await workbookOf(ownInput({ completeness: [block] }));
    const ws = sheet(wb, '报送情况');
    expect(ws.getRow(2).values).toEqual([undefined, '分组', '名称', '应报(家)', '已报(家)', '按时(家)', '逾期(家)', '未报(家)', '报送率', '按时报送率']);
    expect(ws.getRow(3).values).toEqual([undefined, '按市州', '长沙市', 4, 2, 1, 1, 2, 0.5, 0.25]);
    const zz = ws.getRow(4);
    expect([zz.getCell(2).value, displayed(zz.getCell(8)), displayed(zz.getCell(9))]).toEqual(['株洲市', '33.3%', '33.3%']);
    const total = rowOf(ws, '全省合计');
    expect([3, 4, 5, 6, 7].map((c) => total.getCell(c).value)).toEqual([7, 3, 2, 1, 4]);
    expect([displayed(total.getCell(8)), displayed(total.getCell(9))]).toEqual(['42.9%', '28.6%']);
    expect(rowOf(ws, '按级别').getCell(2).value).toBe('国家级');
    const list = rowOf(ws, '2021年四季度未报送基地名单(4家)').number;
    expect(ws.getRow(list + 1).values).toEqual([undefined, '序号', '基地名称', '所属市州', '所属县市区', '级别', '状态']);
    expect(ws.getRow(list + 2).getCell(2).value).toBe('@SUM(A1)');
    const statuses = [2, 3, 4, 5].map((i) => ws.getRow(list + i).getCell(6).value);
    expect(statuses).toContain('已暂存未提交');
    // The names are on this sheet; the text gives the count and refers to it.
    expect(textOf(wb)).toContain('2021年四季度应报送基地7家,已报送3家,报送率42.9%;其中按时报送2家,逾期报送1家。未报送4家,名单见报送情况统计表。');
    // 3 of 7 is below 90%: the first sheet and the text say so first.
    const warning = '注意:2021年四季度应报送基地7家,已报送3家(报送率42.9%),低于90%,本通报数据不完整,请待报送齐全后再发布。';
    expect(sheet(wb, '基本情况统计表').getCell('A2').value).toBe(warning);
    expect(sheet(wb, '通报正文').getCell('A2').value).toBe(warning);
  });

  it('lists every base with its registry fields and every indicator in form units', async () => {
    const extra = base('b-9', '未报送的基地', { city: '湘西土家族苗族自治州' });
    const wb = await workbookOf(ownInput({ bases: [...ownBases, extra] }));
    const ws = sheet(wb, '基地明细');
    const head = ws.getRow(2).values as unknown[];
    expect(head.slice(1, 9)).toEqual(['序号', '基地编号', '基地名称', '所属市州', '所属县市区', '级别', '批次', '报送情况']);
    expect(head).toContain('基地建筑总面积(平方米)');
    expect(head).toContain('运营单位营业收入(万元)');
    expect(head).toContain('拥有专利(件)');
    expect(head).toContain('其他服务服务企业家次(家次)');
    const first = ws.getRow(3);
    expect([first.getCell(2).value, first.getCell(3).value, first.getCell(8).value]).toEqual(['b-1', '=HYPERLINK("http://x","y")', '已报送']);
    const col = (label: string) => head.indexOf(label);
    expect(first.getCell(col('运营单位营业收入(万元)')).value).toBe(2000);
    expect(first.getCell(col('运营单位营业收入(万元)')).numFmt).toBe('0.0000');
    expect(first.getCell(col('基地建筑总面积(平方米)')).value).toBe(100000);
    const last = ws.getRow(ws.rowCount);
    expect([last.getCell(3).value, last.getCell(4).value, last.getCell(8).value]).toEqual(['未报送的基地', '湘西土家族苗族自治州', '未报送']);
    expect(last.getCell(col('基地建筑总面积(平方米)')).value).toBeNull();
  });

  it('drafts the text from the sheets’ numbers', async () => {
    const wb = await workbookOf(ownInput());
    const t = textOf(wb);
    expect(t).toContain('根据各基地报送的数据,现将2021年全省7家创业创新基地(其中国家级3家、省级4家)运营情况通报如下:');
    expect(t).toContain('截至2021年底,全省中小微企业创业创新基地建筑面积123万平方米,其中基地自持部分面积60万平方米;标准厂房面积35万平方米。');
    expect(t).toContain('建筑面积最大的依次是:长沙软件园、株洲高新创业基地、芙蓉创业园、-2+3、@SUM(A1)。');
    expect(t).toContain('共计开展服务活动7场次,服务企业33家次');
    // 亿元 as in the table; a share keeps its decimal (19.0%, never 19% beside 13.3%).
    expect(t).toContain(
      '运营单位营业收入共计1.23亿元,其中服务性收入0.23亿元,占营业收入的19.0%。四季度基地营业收入环比增长12.5%,服务性收入环比无可比数据(2021年三季度报送7家,2021年四季度报送7家)。',
    );
    expect(t).toContain('服务人员增加最多的是:@SUM(A1)(新增6人)');
    expect(t).toContain('利润总额-0.1亿元');
    expect(t).toContain('与2020年相比(可比口径:2020年和2021年均报送数据的5家基地),基地建筑总面积增长233.3%');
    expect(t).toContain('附件:1. 2021年湖南省中小微企业创业创新基地基本情况统计表');
    // Every paragraph is text, never a formula, even when a name leads a sentence.
    sheet(wb, '通报正文').eachRow((row) => expect(row.getCell(1).type).not.toBe(ExcelJS.ValueType.Formula));
  });
});

describe('export query', () => {
  const admin: Principal = { role: 'admin', tokenId: 'admin', name: '省级管理员' };
  const city: Principal = { role: 'city', tokenId: 't1', name: '市州', city: '长沙市' };
  const baseUser: Principal = { role: 'base', tokenId: 't2', name: '基地', baseId: 'b-1' };
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return { status: (e as { status: number }).status, code: (e as { code: string }).code };
    }
    return null;
  };
  it('defaults scope, compare and top; confines city users; refuses base users', () => {
    expect(parseBulletinQuery(admin, '2020', {})).toEqual({ scope: 'all', compare: '2019', cohort: null, top: 5, compareExplicit: false });
    expect(parseBulletinQuery(admin, '2020Q3', { cohort: ' 第一批 ', top: '10' })).toEqual({
      scope: 'all',
      compare: '2019Q3',
      cohort: '第一批',
      top: 10,
      compareExplicit: false,
    });
    expect(parseBulletinQuery(admin, '2020', { compare: '2018' }).compareExplicit).toBe(true);
    expect(parseBulletinQuery(city, '2020', {}).scope).toBe('city:长沙市');
    expect(parseBulletinQuery(city, '2020', { scope: 'city:长沙市' }).scope).toBe('city:长沙市');
    expect(err(() => parseBulletinQuery(city, '2020', { scope: 'city:株洲市' }))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(err(() => parseBulletinQuery(city, '2020', { scope: 'all' }))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(err(() => parseBulletinQuery(baseUser, '2020', {}))).toEqual({ status: 403, code: 'FORBIDDEN' });
  });
  it('validates every parameter', () => {
    expect(err(() => parseBulletinQuery(admin, '2020Q5', {}))?.code).toBe('INVALID_PERIOD');
    expect(err(() => parseBulletinQuery(admin, '2020', { scope: 'city:北京市' }))?.code).toBe('INVALID_SCOPE');
    expect(err(() => parseBulletinQuery(admin, '2020', { compare: '2019Q4' }))?.code).toBe('INVALID_COMPARE');
    expect(err(() => parseBulletinQuery(admin, '2020Q3', { compare: '2019' }))?.code).toBe('INVALID_COMPARE');
    expect(err(() => parseBulletinQuery(admin, '2020', { compare: '2020' }))?.code).toBe('INVALID_COMPARE');
    expect(parseBulletinQuery(admin, '2020', { compare: '2016' }).compare).toBe('2016');
    expect(err(() => parseBulletinQuery(admin, '2020', { cohort: '批'.repeat(31) }))?.code).toBe('INVALID_COHORT');
    expect(parseBulletinQuery(admin, '2020', { cohort: '批'.repeat(30) }).cohort).toHaveLength(30);
    expect(err(() => parseBulletinQuery(admin, '2020', { cohort: 'a\u0000b' }))?.code).toBe('INVALID_COHORT');
    for (const top of ['0', '51', '-1', '2.5', 'x', '100'])
      expect(err(() => parseBulletinQuery(admin, '2020', { top }))).toEqual({ status: 400, code: 'INVALID_TOP' });
    expect(parseBulletinQuery(admin, '2020', { top: '50' }).top).toBe(50);
  });
});

describe('display rounding', () => {
  it('rounds half away from zero at 15 significant digits, like a cell format', () => {
    expect(fixed(0.27494793869, 1, 2)).toBe('27.5');
    expect(fixed(1.005, 2)).toBe('1.01');
    expect(fixed(-0.05, 1)).toBe('-0.1');
    expect(fixed(-0.04, 1)).toBe('0.0');
    expect(fixed(1628, 0)).toBe('1628');
    expect(fixed(119079.5, 1)).toBe('119079.5');
    expect(show(0.31034482758, '0.0%')).toBe('31.0%');
    expect(show(14091, '0.0')).toBe('14091.0');
  });
});

// ---- the seeds ------------------------------------------------------------------------------------

/** 2020 annual bulletin (000): 83 bases; 附件1–3. */
function seed2020(): BulletinInput {
  const year = totals(83, {
    buildingArea: 16_280_000,
    selfOwnedArea: 8_350_000,
    serviceStaff: 1695,
    operatorRevenue: 3_016_770_000,
    operatorServiceRevenue: 402_450_000,
    residentEnterprises: 8415,
    smallMicroEnterprises: 7412,
    employees: 219_000,
    enterpriseRevenue: 123_880_000_000,
    enterpriseTax: 3_890_000_000,
    enterpriseProfit: 6_430_000_000,
    'service.info.sessions': 4968,
    'service.info.enterprises': 24760,
    'service.startup.sessions': 954,
    'service.startup.enterprises': 9637,
    'service.training.sessions': 1430,
    'service.training.enterprises': 16484,
    'service.financing.sessions': 592,
    'service.financing.enterprises': 5343,
    'service.other.sessions': 1042,
    'service.other.enterprises': 7771,
  });
  const q3 = totals(83, {
    operatorRevenue: 933_995_000,
    operatorServiceRevenue: 99_189_000,
    enterpriseRevenue: 34_350_000_000,
    enterpriseTax: 1_160_000_000,
    enterpriseProfit: 1_710_000_000,
  });
  const q4 = totals(83, {
    operatorRevenue: 1_190_795_000,
    operatorServiceRevenue: 140_910_000,
    enterpriseRevenue: 47_200_000_000,
    enterpriseTax: 1_520_000_000,
    enterpriseProfit: 2_170_000_000,
  });
  return { period: '2020', scope: 'all', aggregates: { '2020': { all: year }, '2020Q3': { all: q3 }, '2020Q4': { all: q4 } }, ...EMPTY_INPUT };
}

describe('bulletin workbook: the 2020 seed (000)', () => {
  it('shows 附件1–3 as published', async () => {
    const wb = await workbookOf(seed2020());
    const basic = sheet(wb, '基本情况统计表');
    expect(basic.getRow(2).values).toEqual([undefined, '指标内容', '2020年全年', '基地平均值']);
    const total = (label: string) => shown(basic, label)[0];
    expect(total('基地建筑总面积(万平方米)')).toBe('1628');
    expect(total('其中:基地自持部分面积(万平方米)')).toBe('835');
    expect(total('运营单位企业服务人员(人)')).toBe('1695');
    // 000's text: 营业收入共计30.17亿元 (附件1 prints 301677万元): one unit, 亿元, in text and tables.
    expect(total('运营单位营业收入(亿元)')).toBe('30.17');
    expect(total('其中:服务性收入(亿元)')).toBe('4.02');
    expect(total('入驻企业户数(家)')).toBe('8415');
    expect(total('其中:小微企业户数(家)')).toBe('7412');
    expect(total('企业就业人数(万人)')).toBe('21.9');
    expect(total('入驻企业营业收入(亿元)')).toBe('1238.8');
    expect(total('入驻企业缴纳税金(亿元)')).toBe('38.9');
    expect(total('入驻企业利润总额(亿元)')).toBe('64.3');
    expect(rowOf(basic, '基地建筑总面积(万平方米)').getCell(2).value).toBe(1628);

    const services = sheet(wb, '服务情况统计表');
    const seed: Record<string, [string, string]> = {
      信息服务: ['4968', '24760'],
      创业创新服务: ['954', '9637'],
      培训服务: ['1430', '16484'],
      投融资服务: ['592', '5343'],
      其他服务: ['1042', '7771'],
      合计: ['8986', '63995'],
    };
    for (const [label, [s, e]] of Object.entries(seed)) {
      const v = shown(services, label);
      expect([v[0], v[2]]).toEqual([s, e]);
    }

    const mom = sheet(wb, '运营情况环比统计表');
    expect(mom.getRow(2).values).toEqual([undefined, '基地运营情况', '三季度', '四季度', '环比增长']);
    // 000 附件3 prints 93399.5 / 119079.5 万元 and 9918.9 / 14091 万元: in 亿元 to 2 decimals.
    expect(shown(mom, '运营单位营业收入(亿元)')).toEqual(['9.34', '11.91', '27.5%']);
    expect(shown(mom, '其中:服务性收入(亿元)')).toEqual(['0.99', '1.41', '42.1%']);
    expect(shown(mom, '入驻企业营业收入(亿元)')).toEqual(['343.5', '472.0', '37.4%']);
    expect(shown(mom, '入驻企业缴纳税金(亿元)')).toEqual(['11.6', '15.2', '31.0%']);
    expect(shown(mom, '入驻企业利润总额(亿元)')).toEqual(['17.1', '21.7', '26.9%']);

    const t = textOf(wb);
    expect(t).toContain('现将2020年全省83家创业创新基地运营情况通报如下:');
    expect(t).toContain('截至2020年底,全省中小微企业创业创新基地建筑面积1628万平方米,其中基地自持部分面积835万平方米');
    expect(t).toContain('共计开展服务活动8986场次,服务企业63995家次。其中:');
    expect(t).toContain('信息服务4968场次(占55.3%),服务企业24760家次(占38.7%);');
    expect(t).toContain('其他服务1042场次(占11.6%),服务企业7771家次(占12.1%)。');
    expect(t).toContain('运营单位营业收入共计30.17亿元,其中服务性收入4.02亿元,占营业收入的13.3%。四季度基地营业收入环比增长27.5%,服务性收入环比增长42.1%(');
    expect(t).toContain('入驻企业户数8415家,其中小微企业户数7412家');
    expect(t).toContain('入驻企业营业收入1238.8亿元,缴纳税金38.9亿元,利润总额64.3亿元。基地内企业就业人数21.9万人。');
  });
});

/** 2017 bulletin (001): 102 bases (附件1, 3, 5) and the 第一批 71, 2016 vs 2017 (附件2, 4, 6). */
function seed2017(): BulletinInput {
  const svc2017 = {
    info: [1975, 10343],
    mentoring: [1281, 5648],
    innovation: [738, 2980],
    training: [1036, 11914],
    marketing: [516, 3616],
    financing: [560, 3730],
    consulting: [1443, 4673],
    professional: [1215, 4943],
  };
  const svc = (o: Record<string, number[]>) =>
    Object.fromEntries(
      Object.entries(o).flatMap(([k, [s, e]]) => [
        [`service.${k}.sessions`, s!],
        [`service.${k}.enterprises`, e!],
      ]),
    );
  const all = totals(
    102,
    {
      buildingArea: 16_530_000,
      standardFactoryArea: 11_738_000,
      serviceStaff: 2615,
      certifiedMentors: 493,
      operatorAssets: 25_370_000_000,
      operatorRevenue: 3_730_000_000,
      operatorServiceRevenue: 273_000_000,
      serviceExpenditure: 359_000_000,
      thirdPartyProviders: 712,
      residentEnterprises: 7841,
      smallMicroEnterprises: 6755,
      reportingEnterprises: 6153,
      highTechEnterprises: 603,
      employees: 207_788,
      enterpriseAssets: 121_000_000_000,
      enterpriseRevenue: 116_620_000_000,
      enterpriseProfit: 8_710_000_000,
      enterpriseTax: 4_010_000_000,
      trademarks: 3713,
      softwareCopyrights: 2224,
      inventionPatents: 2757,
      utilityPatents: 2794,
      designPatents: 2262,
      ...svc(svc2017),
    },
    { avgRent: meanOf(1420, 102), avgSalePrice: meanOf(381070, 102) },
  );
  const cohort = (y: 2016 | 2017) =>
    totals(
      71,
      {
        buildingArea: y === 2016 ? 10_926_000 : 12_289_000,
        standardFactoryArea: y === 2016 ? 6_899_000 : 8_013_000,
        serviceStaff: y === 2016 ? 2142 : 2321,
        certifiedMentors: y === 2016 ? 329 : 363,
        operatorAssets: y === 2016 ? 16_040_000_000 : 16_210_000_000,
        operatorRevenue: y === 2016 ? 2_350_000_000 : 2_570_000_000,
        operatorServiceRevenue: y === 2016 ? 181_000_000 : 195_000_000,
        serviceExpenditure: y === 2016 ? 192_000_000 : 231_000_000,
        thirdPartyProviders: y === 2016 ? 452 : 474,
        residentEnterprises: y === 2016 ? 5045 : 5624,
        smallMicroEnterprises: y === 2016 ? 4656 : 4841,
        reportingEnterprises: y === 2016 ? 4340 : 4541,
        highTechEnterprises: y === 2016 ? 412 : 423,
        employees: y === 2016 ? 174_053 : 181_554,
        enterpriseAssets: y === 2016 ? 88_710_000_000 : 89_770_000_000,
        enterpriseRevenue: y === 2016 ? 84_050_000_000 : 90_290_000_000,
        enterpriseProfit: y === 2016 ? 4_460_000_000 : 4_920_000_000,
        enterpriseTax: y === 2016 ? 2_780_000_000 : 3_020_000_000,
        trademarks: y === 2016 ? 1598 : 2566,
        softwareCopyrights: y === 2016 ? 1235 : 1480,
        inventionPatents: y === 2016 ? 1735 : 2118,
        utilityPatents: y === 2016 ? 918 : 1955,
        designPatents: y === 2016 ? 586 : 1775,
        ...svc(
          y === 2016
            ? {
                info: [1338, 6154],
                mentoring: [658, 4877],
                innovation: [593, 2327],
                training: [1291, 10408],
                marketing: [305, 2293],
                financing: [338, 2634],
                consulting: [655, 2514],
                professional: [598, 3595],
              }
            : {
                info: [1268, 6000],
                mentoring: [832, 3744],
                innovation: [553, 1807],
                training: [803, 8827],
                marketing: [336, 1823],
                financing: [376, 2488],
                consulting: [1052, 3011],
                professional: [857, 3440],
              },
        ),
      },
      { avgRent: meanOf(y === 2016 ? 1340 : 1440, 71), avgSalePrice: meanOf(y === 2016 ? 378050 : 382830, 71) },
    );
  const aggregates: Record<string, ScopedTotals> = {
    '2017': { all, 'cohort:第一批': cohort(2017) },
    '2016': { 'cohort:第一批': cohort(2016) },
  };
  return { period: '2017', scope: 'all', aggregates, ...EMPTY_INPUT, options: { cohort: '第一批' } };
}

describe('bulletin workbook: the 2017 seed (001)', () => {
  it('shows 附件1’s totals and 基地平均值', async () => {
    const ws = sheet(await workbookOf(seed2017()), '基本情况统计表');
    expect(shown(ws, '基地数量(家)')).toEqual(['102', '/']);
    // Seed: 1653.0 | 16.2 — the 2017 edition prints the building area to one decimal (2020: 1628).
    expect(shown(ws, '基地建筑总面积(万平方米)')).toEqual(['1653.0', '16.2']);
    expect(shown(ws, '标准厂房面积(万平方米)')).toEqual(['1173.8', '11.5']);
    expect(shown(ws, '租金平均水平(元/平方米/月)')).toEqual(['14.2', '14.2']);
    expect(shown(ws, '平均售价(元/平方米)')).toEqual(['3810.7', '3810.7']);
    // Operator money in 亿元 to 2 decimals (001 writes 2.73亿 in its text, 27300万元 in 附件1).
    expect(shown(ws, '其中:服务性收入(亿元)')).toEqual(['2.73', '0.03']);
    expect(shown(ws, '服务性支出(亿元)')).toEqual(['3.59', '0.04']);
    expect(shown(ws, '引进第三方服务机构(家)')).toEqual(['712', '7']);
    expect(shown(ws, '其中:小微企业户数(家)')).toEqual(['6755', '66']);
    // The seed truncates these averages (2615/102 = 25.6 → 25, 493/102 = 4.8 → 4, 253.7/102 = 2.487
    // → 2.48, 373000/102 = 3656.9 → 3656, 7841/102 = 76.9 → 76); we round.
    expect(shown(ws, '运营单位企业服务人员(人)')).toEqual(['2615', '26']);
    expect(shown(ws, '创业辅导师持证人数(人)')).toEqual(['493', '5']);
    expect(shown(ws, '运营单位总资产(亿元)')).toEqual(['253.7', '2.49']);
    expect(shown(ws, '运营单位营业收入(亿元)')).toEqual(['37.30', '0.37']);
    expect(shown(ws, '入驻企业户数(家)')).toEqual(['7841', '77']);
  });

  it('shows 附件3’s shares', async () => {
    const ws = sheet(await workbookOf(seed2017()), '服务情况统计表');
    const seed: Record<string, string[]> = {
      信息服务: ['1975', '22.5%', '10343', '21.6%'],
      创业辅导: ['1281', '14.6%', '5648', '11.8%'],
      创新支持: ['738', '8.4%', '2980', '6.2%'],
      人员培训: ['1036', '11.8%', '11914', '24.9%'],
      市场营销: ['516', '5.9%', '3616', '7.6%'],
      投融资服务: ['560', '6.4%', '3730', '7.8%'],
      管理咨询: ['1443', '16.5%', '4673', '9.8%'],
      专业服务: ['1215', '13.9%', '4943', '10.3%'],
      合计: ['8764', '100.0%', '47847', '100.0%'],
    };
    for (const [label, v] of Object.entries(seed)) expect(shown(ws, label)).toEqual(v);
  });

  it('shows 附件5’s enterprise averages', async () => {
    const ws = sheet(await workbookOf(seed2017()), '入驻企业情况统计表');
    // Money in 亿元 (SPEC §6); the seed prints 万元: 12100000 万元 = 1210.0 亿元, 118627 万元 = 11.8627 亿元.
    expect(shown(ws, '报送企业户数(家)')).toEqual(['6153', '60', '/']);
    expect(shown(ws, '其中:高新技术企业户数(家)')).toEqual(['603', '6', '/']);
    // 基地平均值 in 亿元 to 2 decimals; 企业平均值 in 万元 as 001 prints it (1966, 1895, 141.5, 65.1 — rounded here).
    expect(shown(ws, '入驻企业总资产(亿元)')).toEqual(['1210.0', '11.86', '1966.5']);
    expect(shown(ws, '入驻企业营业收入(亿元)')).toEqual(['1166.2', '11.43', '1895.3']);
    expect(shown(ws, '入驻企业利润总额(亿元)')).toEqual(['87.1', '0.85', '141.6']);
    expect(shown(ws, '入驻企业缴纳税金(亿元)')).toEqual(['40.1', '0.39', '65.2']);
    expect(shown(ws, '拥有商标(件)')).toEqual(['3713', '36', '0.60']);
    expect(shown(ws, '拥有软件著作权(件)')).toEqual(['2224', '22', '0.36']);
    expect(shown(ws, '拥有专利(件)')).toEqual(['7813', '77', '1.27']);
    expect(shown(ws, '其中:发明专利(件)')).toEqual(['2757', '27', '0.45']);
    expect(shown(ws, '实用新型专利(件)')).toEqual(['2794', '27', '0.45']);
    expect(shown(ws, '外观设计专利(件)')).toEqual(['2262', '22', '0.37']);
    // Seed: 2037 | 33; 207788/6153 = 33.77 (the seed truncates).
    expect(shown(ws, '企业就业人数(人)')).toEqual(['207788', '2037', '34']);
  });

  it('compares the 第一批 cohort 2016 → 2017 as 附件2, 4 and 6', async () => {
    const wb = await workbookOf(seed2017());
    const ws = sheet(wb, '同比对比表');
    expect(ws.getCell('A2').value).toBe('口径:第一批基地(2016年报送71家,2017年报送71家)');
    const g = (label: string) => shown(ws, label);
    // 附件2
    expect(g('基地建筑总面积(万平方米)')).toEqual(['1092.6', '1228.9', '12.5%']);
    expect(g('标准厂房面积(万平方米)')).toEqual(['689.9', '801.3', '16.1%']);
    expect(g('租金平均水平(元/平方米/月)')).toEqual(['13.4', '14.4', '7.5%']);
    // The seed prints 1.1%, which its own means contradict: 3828.3 / 3780.5 − 1 = 1.26%.
    expect(g('平均售价(元/平方米)')).toEqual(['3780.5', '3828.3', '1.3%']);
    expect(g('运营单位企业服务人员(人)')).toEqual(['2142', '2321', '8.4%']);
    expect(g('创业辅导师持证人数(人)')).toEqual(['329', '363', '10.3%']);
    expect(g('运营单位总资产(亿元)')).toEqual(['160.4', '162.1', '1.1%']);
    // 亿元 as 001 附件2 prints them (23.5, 1.81, 1.92), to 2 decimals.
    expect(g('运营单位营业收入(亿元)')).toEqual(['23.50', '25.70', '9.4%']);
    expect(g('其中:服务性收入(亿元)')).toEqual(['1.81', '1.95', '7.7%']);
    expect(g('服务性支出(亿元)')).toEqual(['1.92', '2.31', '20.3%']);
    expect(g('引进第三方服务机构(家)')).toEqual(['452', '474', '4.9%']);
    expect(g('入驻企业户数(家)')).toEqual(['5045', '5624', '11.5%']);
    expect(g('其中:小微企业户数(家)')).toEqual(['4656', '4841', '4.0%']);
    // 附件6
    expect(g('报送企业户数(家)')).toEqual(['4340', '4541', '4.6%']);
    expect(g('其中:高新技术企业户数(家)')).toEqual(['412', '423', '2.7%']);
    expect(g('企业就业人数(人)')).toEqual(['174053', '181554', '4.3%']);
    expect(g('入驻企业总资产(亿元)')).toEqual(['887.1', '897.7', '1.2%']);
    expect(g('入驻企业营业收入(亿元)')).toEqual(['840.5', '902.9', '7.4%']);
    expect(g('入驻企业利润总额(亿元)')).toEqual(['44.6', '49.2', '10.3%']);
    expect(g('入驻企业缴纳税金(亿元)')).toEqual(['27.8', '30.2', '8.6%']);
    expect(g('拥有商标(件)')).toEqual(['1598', '2566', '60.6%']);
    expect(g('拥有软件著作权(件)')).toEqual(['1235', '1480', '19.8%']);
    expect(g('拥有专利(件)')).toEqual(['3239', '5848', '80.5%']);
    expect(g('其中:发明专利(件)')).toEqual(['1735', '2118', '22.1%']);
    expect(g('实用新型专利(件)')).toEqual(['918', '1955', '113.0%']);
    expect(g('外观设计专利(件)')).toEqual(['586', '1775', '202.9%']);
    // 附件4
    const services: Record<string, string[]> = {
      信息服务: ['1338', '1268', '-5.2%', '6154', '6000', '-2.5%'],
      创业辅导: ['658', '832', '26.4%', '4877', '3744', '-23.2%'],
      创新支持: ['593', '553', '-6.7%', '2327', '1807', '-22.3%'],
      人员培训: ['1291', '803', '-37.8%', '10408', '8827', '-15.2%'],
      市场营销: ['305', '336', '10.2%', '2293', '1823', '-20.5%'],
      投融资服务: ['338', '376', '11.2%', '2634', '2488', '-5.5%'],
      管理咨询: ['655', '1052', '60.6%', '2514', '3011', '19.8%'],
      专业服务: ['598', '857', '43.3%', '3595', '3440', '-4.3%'],
    };
    const svcHeader = rowOf(ws, '服务类型').number;
    for (const [label, v] of Object.entries(services)) expect(shown(ws, label, svcHeader)).toEqual(v);
    expect(shown(ws, '合计', svcHeader)).toEqual(['5776', '6077', '5.2%', '34802', '31140', '-10.5%']);
    expect(textOf(wb)).toContain('与2016年相比(口径:第一批基地(2016年报送71家,2017年报送71家)),基地建筑总面积增长12.5%');
    expect(textOf(wb)).toContain('服务企业家次下降10.5%');
  });
});

// ---- scale --------------------------------------------------------------------------------------------

describe('bulletin workbook: 1,000 bases', () => {
  it('builds an annual bulletin for 1,000 bases quickly', async () => {
    const input = syntheticInput(1000);
    const t0 = performance.now();
    const model = layoutBulletin(input);
    const t1 = performance.now();
    const { buffer } = await buildBulletin(input);
    const t2 = performance.now();
    console.info(
      `[bulletin.test] 1,000-base annual bulletin: layout ${(t1 - t0).toFixed(0)} ms, layout+write ${(t2 - t1).toFixed(0)} ms, ${(buffer.length / 1024).toFixed(0)} KiB`,
    );
    expect(model.sheets.find((s) => s.name === '基地明细')!.rows.length).toBe(1002);
    expect(t2 - t1).toBeLessThan(10_000);
  });
});

/** A province of `n` bases with plausible per-base values; aggregates are the rows' sums. */
function syntheticInput(n: number): BulletinInput {
  const cities = [
    '长沙市',
    '株洲市',
    '湘潭市',
    '衡阳市',
    '邵阳市',
    '岳阳市',
    '常德市',
    '张家界市',
    '益阳市',
    '郴州市',
    '永州市',
    '怀化市',
    '娄底市',
    '湘西土家族苗族自治州',
  ];
  const rows: BaseRow[] = [];
  const compareRows: BaseRow[] = [];
  let seed = 42;
  const rnd = (max: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % max;
  };
  for (let i = 0; i < n; i++) {
    const b = base(`base-${String(i).padStart(4, '0')}`, `第${i + 1}号创业创新基地`, {
      city: cities[i % cities.length]!,
      level: i % 5 ? 'provincial' : 'national',
      cohort: i % 3 ? null : '第一批',
    });
    const values: Record<string, number> = {
      buildingArea: 50000 + rnd(500000),
      selfOwnedArea: 20000 + rnd(20000),
      standardFactoryArea: 10000 + rnd(30000),
      avgRent: 1000 + rnd(3000),
      avgSalePrice: 200000 + rnd(400000),
      serviceStaff: 5 + rnd(60),
      certifiedMentors: rnd(15),
      operatorAssets: 10_000_000 + rnd(1_000_000_000),
      operatorRevenue: 1_000_000 + rnd(100_000_000),
      operatorServiceRevenue: rnd(1_000_000),
      serviceExpenditure: rnd(2_000_000),
      thirdPartyProviders: rnd(20),
      residentEnterprises: 20 + rnd(200),
      smallMicroEnterprises: 10 + rnd(10),
      reportingEnterprises: 10 + rnd(10),
      highTechEnterprises: rnd(10),
      employees: 100 + rnd(5000),
      enterpriseAssets: rnd(2_000_000_000),
      enterpriseRevenue: rnd(2_000_000_000),
      enterpriseProfit: rnd(200_000_000) - 50_000_000,
      enterpriseTax: rnd(100_000_000),
      trademarks: rnd(50),
      softwareCopyrights: rnd(40),
      inventionPatents: rnd(30),
      utilityPatents: rnd(30),
      designPatents: rnd(30),
    };
    for (const t of ['info', 'startup', 'training', 'financing', 'other']) {
      values[`service.${t}.sessions`] = rnd(50);
      values[`service.${t}.enterprises`] = rnd(300);
    }
    rows.push({ base: b, values });
    if (i % 10) compareRows.push({ base: b, values: { ...values, serviceStaff: Math.max(0, values.serviceStaff! - rnd(10)) } });
  }
  const sum = (rs: BaseRow[]) => {
    const t = totals(0, {});
    for (const r of rs) {
      t.reportingBases++;
      for (const [k, v] of Object.entries(r.values)) {
        t.values[k] = (t.values[k] ?? 0n) + BigInt(v);
        if (k === 'avgRent' || k === 'avgSalePrice') {
          const m = (t.means[k] ??= { sum: 0n, count: 0n });
          m.sum += BigInt(v);
          m.count++;
        }
      }
    }
    return t;
  };
  const year = sum(rows);
  const scoped = (t: Totals): ScopedTotals => ({ all: t });
  return {
    period: '2020',
    scope: 'all',
    aggregates: { '2020': scoped(year), '2020Q3': scoped(year), '2020Q4': scoped(year), '2019': scoped(sum(compareRows)) },
    rows,
    compareRows,
    bases: rows.map((r) => r.base),
    completeness: [
      computeCompleteness(
        '2020Q4',
        rows.map((r) => r.base),
        rows.filter((_, i) => i % 7).map((r) => ({ baseId: r.base.baseId, counted: {}, countedRev: 1, late: false, status: 'submitted' }) as unknown as Filing),
      ),
    ],
    options: {},
  };
}
