// The Excel round trip's pure parts (shared/use-cases/filing-template.ts): the pre-filled
// template, reading a filled one back, and errors that name the cell.

import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fieldsForPeriod } from '../../shared/catalog';
import { buildTemplate, checkTemplate, checkZip, excelNumberText, nameCells, parseTemplate, TEMPLATE } from '../../shared/use-cases/filing-template';
import { fullValues } from '../helpers/values';

const base = { baseId: 'csxc-01', name: '长沙科技新城' };
const period = '2020Q3';
const fields = fieldsForPeriod(period);
const rowOf = (code: string) => TEMPLATE.firstRow + fields.findIndex((f) => f.code === code);

async function open(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return { wb, ws: wb.getWorksheet(TEMPLATE.sheet)! };
}
async function save(wb: ExcelJS.Workbook) {
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('filing template', () => {
  it('has one row per field (code, label, unit, value), pre-filled, labels locked, values unlocked', async () => {
    const buf = await buildTemplate({ base, period, values: { buildingArea: 520000, operatorAssets: 36568612, avgRent: 2550 } });
    const { ws } = await open(buf);
    expect(ws.getCell(TEMPLATE.baseIdCell).value).toBe('csxc-01');
    expect(ws.getCell(TEMPLATE.periodCell).value).toBe('2020Q3');
    expect(ws.getRow(TEMPLATE.headerRow).values).toEqual([undefined, '代码', '指标名称', '单位', '数值', '说明']);
    expect(rowOf('buildingArea')).toBe(7);
    fields.forEach((f, i) => {
      const r = ws.getRow(TEMPLATE.firstRow + i);
      expect([r.getCell(1).value, r.getCell(2).value, r.getCell(3).value]).toEqual([f.code, f.label, f.formUnit]);
    });
    expect(ws.getCell('D7').value).toBe(520000);
    expect(ws.getCell(`D${rowOf('operatorAssets')}`).value).toBe(3656.8612);
    expect(ws.getCell(`D${rowOf('avgRent')}`).value).toBe(25.5);
    expect(ws.getCell(`D${rowOf('employees')}`).value).toBeNull();
    expect(ws.getCell('D7').protection?.locked).toBe(false);
    expect(ws.getCell('B7').protection?.locked).not.toBe(false);
    expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
  });

  it('reads back what was typed, exactly: numbers at Excel’s 15 digits, text as typed', async () => {
    const { wb, ws } = await open(await buildTemplate({ base, period }));
    const typed = fullValues(period);
    for (const f of fields) ws.getCell(`D${rowOf(f.code)}`).value = Number(typed[f.code]);
    ws.getCell(`D${rowOf('operatorAssets')}`).value = 3656.8612;
    ws.getCell(`D${rowOf('enterpriseProfit')}`).value = -0.1 - 0.2; // -0.30000000000000004 in binary
    ws.getCell(`D${rowOf('employees')}`).value = '1,234';
    ws.getCell(`D${rowOf('trademarks')}`).value = { richText: [{ text: '4' }, { text: '2' }] };
    const r = await checkTemplate(await save(wb), { baseId: base.baseId, period }, 'submitted');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.values.operatorAssets).toBe('3656.8612');
    expect(r.values.enterpriseProfit).toBe('-0.3');
    expect(r.values.employees).toBe('1,234');
    expect(r.values.trademarks).toBe('42');
    expect(r.cellOf.buildingArea).toBe('D7');
    expect(excelNumberText(0.1 + 0.2)).toBe('0.3');
    expect(excelNumberText(1e13)).toBe('10000000000000');
  });

  it('names the cell of every error: not a number, decimals, formulas, dates, parent rule, missing', async () => {
    const { wb, ws } = await open(await buildTemplate({ base, period }));
    ws.getCell('D7').value = 'abc';
    ws.getCell(`D${rowOf('operatorAssets')}`).value = 1.23456;
    ws.getCell(`D${rowOf('operatorRevenue')}`).value = { formula: 'SUM(D1:D2)', result: 100 } as ExcelJS.CellFormulaValue;
    ws.getCell(`D${rowOf('employees')}`).value = new Date('2020-01-01');
    // As Excel formats a typed date (a new style object: exceljs shares styles between cells).
    ws.getCell(`D${rowOf('employees')}`).style = { ...ws.getCell(`D${rowOf('employees')}`).style, numFmt: 'yyyy-mm-dd' };
    ws.getCell(`D${rowOf('residentEnterprises')}`).value = 10;
    ws.getCell(`D${rowOf('smallMicroEnterprises')}`).value = 11;
    const r = await checkTemplate(await save(wb), { baseId: base.baseId, period }, 'draft');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.buildingArea).toBe('D7 基地建筑总面积:请填写数字(单位:平方米)');
    expect(r.errors.operatorAssets).toBe(`D${rowOf('operatorAssets')} 运营单位总资产:最多保留4位小数(单位:万元)`);
    expect(r.errors.operatorRevenue).toBe(`D${rowOf('operatorRevenue')} 运营单位营业收入:不接受公式,请直接填写数值`);
    expect(r.errors.employees).toBe(`D${rowOf('employees')} 企业就业人数:请填写数字,不能是日期`);
    // Rules between fields are checked once every value is a number (as on the server).
    for (const code of ['buildingArea', 'operatorAssets', 'operatorRevenue', 'employees']) ws.getCell(`D${rowOf(code)}`).value = null;
    const p = await checkTemplate(await save(wb), { baseId: base.baseId, period }, 'draft');
    expect(!p.ok && p.errors).toEqual({ smallMicroEnterprises: `D${rowOf('smallMicroEnterprises')} 其中:小微企业户数不能大于入驻企业户数` });
    // On submit, blanks are errors too, named by their cell.
    ws.getCell(`D${rowOf('smallMicroEnterprises')}`).value = 9;
    const s = await checkTemplate(await save(wb), { baseId: base.baseId, period }, 'submitted');
    expect(!s.ok && s.errors.trademarks).toBe(`D${rowOf('trademarks')} 拥有商标:必填`);
  });

  it('refuses another base’s or period’s template, unknown codes, duplicate and deleted rows', async () => {
    const { wb, ws } = await open(await buildTemplate({ base, period }));
    ws.getCell(TEMPLATE.baseIdCell).value = 'other-base';
    ws.getCell(TEMPLATE.periodCell).value = '2020Q2';
    ws.getCell(`A${rowOf('trademarks')}`).value = 'trademarkz';
    ws.getCell(`A${rowOf('employees')}`).value = 'buildingArea';
    const p = await parseTemplate(await save(wb), { baseId: base.baseId, period });
    expect(p.errors.B2).toMatch(/^B2 基地编号:模板属于「other-base」,不是本基地\(csxc-01\)/);
    expect(p.errors.B3).toMatch(/^B3 期别:模板期别为「2020Q2」,不是2020Q3/);
    expect(p.errors[`A${rowOf('trademarks')}`]).toBe(`A${rowOf('trademarks')} 代码:未知字段代码「trademarkz」`);
    expect(p.errors.buildingArea).toBe(`A${rowOf('employees')} 基地建筑总面积:与第7行重复`);
    const c = await checkTemplate(await save(wb), { baseId: base.baseId, period }, 'submitted');
    expect(!c.ok && c.errors.trademarks).toBe('拥有商标:必填(模板中缺少该行)');
  });

  it('does not open what is not an xlsx, or a zip that would unpack to too much', async () => {
    await expect(parseTemplate(Buffer.from('not a zip at all, just text'), { baseId: 'a-b-c', period })).rejects.toMatchObject({
      code: 'INVALID_XLSX',
      status: 400,
    });
    // A zip whose central directory declares a 4 GiB entry.
    const name = Buffer.from('xl/big.xml');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt32LE(0xfffffff0, 24);
    cd.writeUInt16LE(name.length, 28);
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(cd.length + name.length, 12);
    eocd.writeUInt32LE(local.length, 16);
    expect(() => checkZip(Buffer.concat([local, cd, name, eocd]))).toThrow(/解压后过大/);
    expect(() => checkZip(Buffer.alloc(0))).toThrow();
    // A real template passes.
    checkZip(await buildTemplate({ base, period }));
  });

  it('measures what an entry really unpacks to, not what it declares (a zip bomb under the body limit)', () => {
    // One deflated entry: 150 MB of spaces are ≈ 150 KB compressed; it declares 1,000 bytes.
    const zip = (content: Buffer, declared: number) => {
      const name = Buffer.from('xl/sharedStrings.xml');
      const data = deflateRawSync(content);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(8, 8);
      local.writeUInt32LE(data.length, 18);
      local.writeUInt32LE(declared, 22);
      local.writeUInt16LE(name.length, 26);
      const cd = Buffer.alloc(46);
      cd.writeUInt32LE(0x02014b50, 0);
      cd.writeUInt16LE(8, 10);
      cd.writeUInt32LE(data.length, 20);
      cd.writeUInt32LE(declared, 24);
      cd.writeUInt16LE(name.length, 28);
      cd.writeUInt32LE(0, 42);
      const body = Buffer.concat([local, name, data]);
      const eocd = Buffer.alloc(22);
      eocd.writeUInt32LE(0x06054b50, 0);
      eocd.writeUInt16LE(1, 8);
      eocd.writeUInt16LE(1, 10);
      eocd.writeUInt32LE(cd.length + name.length, 12);
      eocd.writeUInt32LE(body.length, 16);
      return Buffer.concat([body, cd, name, eocd]);
    };
    const bomb = zip(Buffer.alloc(150 * 1024 * 1024, 0x20), 1000);
    expect(bomb.length).toBeLessThan(256 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    expect(() => checkZip(bomb)).toThrow(/解压后过大/);
    // The check itself never held more than the budget.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
    // A small lie, and the honest version of the same entry.
    expect(() => checkZip(zip(Buffer.alloc(5000, 0x20), 1000))).toThrow(/INVALID_XLSX|解压后过大|无法读取/);
    expect(() => checkZip(zip(Buffer.alloc(5000, 0x20), 5000))).not.toThrow();
  });

  it('names cells in server messages', () => {
    expect(nameCells({ buildingArea: '基地建筑总面积:必填', x: 'y' }, { buildingArea: 'D7' })).toEqual({ buildingArea: 'D7 基地建筑总面积:必填', x: 'y' });
    expect(nameCells({ buildingArea: 'D7 基地建筑总面积:必填' }, { buildingArea: 'D7' })).toEqual({ buildingArea: 'D7 基地建筑总面积:必填' });
  });
});
