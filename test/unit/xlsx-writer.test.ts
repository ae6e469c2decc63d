// The bulletin workbook written directly (shared/bulletin/xlsx.ts) reads back exactly as the
// exceljs-written one did (test/helpers/exceljs-writer.ts, the writer before it): every cell's
// value, type and style, merges, column widths, row heights, frozen panes, print setup, print
// titles and footers, sheet by sheet — for the bulletins' own models and for hostile text.
// Also: the fast path of `fixed` against its bigint reference, and the ZIP container itself.

import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type BaseRow, type BulletinInput, type BulletinModel, layoutBulletin } from '../../shared/bulletin';
import { fixed, fixedExact } from '../../shared/bulletin/numbers';
import { writeWorkbook } from '../../shared/bulletin/writer';
import { colName, xmlText } from '../../shared/bulletin/xlsx';
import { zip } from '../../shared/bulletin/zip';
import { baseOf, seed2020Input, sparseQuarterInput, totalsOf } from '../helpers/bulletin-inputs';
import { renderWorkbook } from '../helpers/exceljs-writer';
import { makeRng, typedValues } from '../helpers/scenario';

async function load(buffer: Buffer | ArrayBuffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as ArrayBuffer);
  return wb;
}

/** Everything a reader sees of a workbook, as plain data. */
function seen(wb: ExcelJS.Workbook) {
  return wb.worksheets.map((ws) => {
    const cells: unknown[] = [];
    const heights: Array<[number, number | undefined]> = [];
    ws.eachRow({ includeEmpty: true }, (row, r) => {
      heights.push([r, row.height]);
      row.eachCell({ includeEmpty: true }, (c) => {
        cells.push({
          at: c.address,
          type: c.type,
          value: c.type === ExcelJS.ValueType.Merge ? null : c.value,
          master: c.isMerged ? c.master.address : null,
          font: c.font ?? null,
          fill: c.fill ?? null,
          border: c.border ?? null,
          alignment: c.alignment ?? null,
          numFmt: c.numFmt ?? null,
        });
      });
    });
    const widths = Array.from({ length: ws.columnCount }, (_, i) => ws.getColumn(i + 1).width);
    const { paperSize, orientation, fitToPage, fitToWidth, fitToHeight, scale, margins, horizontalCentered, printTitlesRow, printTitlesColumn } = ws.pageSetup;
    return {
      name: ws.name,
      cells,
      heights,
      widths,
      merges: [...((ws.model as { merges?: string[] }).merges ?? [])].sort(),
      views: ws.views.map((v) => ({
        state: v.state,
        xSplit: (v as ExcelJS.WorksheetViewFrozen).xSplit,
        ySplit: (v as ExcelJS.WorksheetViewFrozen).ySplit,
        showGridLines: v.showGridLines,
      })),
      pageSetup: { paperSize, orientation, fitToPage, fitToWidth, fitToHeight, scale, margins, horizontalCentered, printTitlesRow, printTitlesColumn },
      footer: ws.headerFooter.oddFooter,
    };
  });
}

async function expectSameReading(model: BulletinModel) {
  const before = await load(await renderWorkbook(model).xlsx.writeBuffer());
  const after = await load(await writeWorkbook(model));
  expect(after.title).toBe(before.title);
  expect(after.creator).toBe(before.creator);
  const a = seen(after);
  const b = seen(before);
  expect(a.map((s) => s.name)).toEqual(b.map((s) => s.name));
  for (let i = 0; i < a.length; i++) expect({ sheet: a[i]!.name, ...a[i] }).toEqual({ sheet: b[i]!.name, ...b[i] });
}

/** A quarter with `n` bases, every row filled, names as hostile as a registry can hold. */
function bigQuarter(n: number): BulletinInput {
  const rng = makeRng(7);
  const names = ['=HYPERLINK("http://x","y")', ' 前后有空格 ', '换\n行', 'a&b<c>"d\'e', '控制\u0001字符\u007f', '孤\ud800字', '😀基地', '_x0041_', 'ok'];
  const bases = Array.from({ length: n }, (_, i) =>
    baseOf(i + 1, { name: `${names[i % names.length]}${i}`, city: i % 3 ? '长沙市' : '株洲市', level: i % 4 ? 'provincial' : 'national' }),
  );
  const rows = (period: string): BaseRow[] => bases.map((base) => ({ base, values: typedValues(period, rng).base }));
  const cur = rows('2020Q4');
  const prev = rows('2020Q3');
  const sum = (rs: BaseRow[]) => {
    const v: Record<string, bigint> = {};
    for (const r of rs) for (const [k, x] of Object.entries(r.values)) v[k] = (v[k] ?? 0n) + BigInt(x);
    return totalsOf(rs.length, v);
  };
  return {
    period: '2020Q4',
    scope: 'all',
    aggregates: { '2020Q4': { all: sum(cur) }, '2020Q3': { all: sum(prev) }, '2019Q4': { all: sum(prev) } },
    rows: cur,
    compareRows: prev,
    momRows: { previous: prev, current: cur },
    bases,
    completeness: [],
    options: { compare: '2019Q4', date: '2021年1月11日' },
  };
}

describe('the workbook written directly reads back as exceljs wrote it', () => {
  it('the 2020 annual bulletin of seed 000', async () => {
    await expectSameReading(layoutBulletin(seed2020Input()));
  });

  it('a quarter 2 of 85 bases filed (the completeness warning)', async () => {
    await expectSameReading(layoutBulletin(sparseQuarterInput()));
  });

  it('a quarter of 60 bases with hostile names (formula-like, spaces, line breaks, markup, controls, lone surrogates, emoji)', async () => {
    const model = layoutBulletin(bigQuarter(60));
    await expectSameReading(model);
    const wb = await load(await writeWorkbook(model));
    const detail = wb.getWorksheet('基地明细')!;
    const names: unknown[] = [];
    detail.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'string' && /^(=HYPERLINK| 前后|换\n|a&b)/.test(c.value) && names.push(c.value))));
    expect(names).toEqual(expect.arrayContaining(['=HYPERLINK("http://x","y")0', ' 前后有空格 1', '换\n行2', 'a&b<c>"d\'e3']));
  });
});

describe('fixed: the fast path equals the bigint reference', () => {
  it('on edge values and 50,000 random ones', () => {
    const rng = makeRng(16);
    const values = [
      0,
      -0,
      0.5,
      1.5,
      2.5,
      -2.5,
      9.995,
      99.995,
      0.045,
      1e-7,
      123456789012345.6,
      1e21,
      1.23e-20,
      5e-324,
      Number.MAX_VALUE,
      0.27491,
      2 ** 53,
      -(2 ** 53) + 1,
    ];
    for (let i = 0; i < 25_000; i++) {
      values.push((rng() - 0.5) * 10 ** Math.floor(rng() * 44 - 22));
      values.push(Math.round(rng() * 1e7) / 10 ** Math.floor(rng() * 7));
    }
    let mismatches = 0;
    for (const v of values) for (const dp of [0, 1, 2, 4]) for (const shift of [0, 2]) if (fixed(v, dp, shift) !== fixedExact(v, dp, shift)) mismatches++;
    expect(mismatches).toBe(0);
    expect(fixed(99.995, 2)).toBe('100.00');
    expect(fixed(-0.004, 2)).toBe('0.00');
  });
});

describe('the package', () => {
  it('zips entries a reader can inflate, with their CRC and UTF-8 names', () => {
    const buf = zip(
      [
        { name: 'a.xml', data: '<a>甲</a>' },
        { name: '目录/b.bin', data: Buffer.from([0, 1, 2, 255]) },
      ],
      { date: new Date('2021-01-11T08:30:00Z') },
    );
    // local header 1
    expect(buf.readUInt32LE(0)).toBe(0x04034b50);
    const nameLen = buf.readUInt16LE(26);
    const size = buf.readUInt32LE(18);
    expect(buf.subarray(30, 30 + nameLen).toString()).toBe('a.xml');
    expect(inflateRawSync(buf.subarray(30 + nameLen, 30 + nameLen + size)).toString()).toBe('<a>甲</a>');
    // end of central directory: 2 entries
    const end = buf.length - 22;
    expect(buf.readUInt32LE(end)).toBe(0x06054b50);
    expect(buf.readUInt16LE(end + 10)).toBe(2);
    const dir = buf.readUInt32LE(end + 16);
    expect(buf.readUInt32LE(dir)).toBe(0x02014b50);
  });

  it('escapes markup and drops what XML 1.0 cannot hold, as exceljs did', () => {
    expect(xmlText('a&b<c>"d\'e')).toBe('a&amp;b&lt;c&gt;&quot;d&apos;e');
    expect(xmlText('x\u0001\u0008\u000b\u000c\u000e\u001f\u007fy\t\n\r')).toBe('xy\t\n\r');
    expect([1, 26, 27, 45, 702, 703].map(colName)).toEqual(['A', 'Z', 'AA', 'AS', 'ZZ', 'AAA']);
  });
});
