// The web form's pure parts: the form model generated from the catalog, running totals, the
// same validation messages as the server, history descriptions; CSV parsing of the registry.

import { describe, expect, it } from 'vitest';
import { fieldsForPeriod, SECTIONS, taxonomyForYear } from '../../shared/catalog';
import { validateValues } from '../../shared/validation';
import { baseRowsFromCsv, CSV_SAMPLE, decodeCsvBytes, parseCsv } from '../../web/src/csv';
import {
  buildFormModel,
  computeTotal,
  describeChanges,
  type GridItem,
  inputId,
  labelWithUnit,
  sameRaw,
  toPayload,
  toRaw,
  validateForm,
} from '../../web/src/form-model';
import { fullValues } from '../helpers/values';

describe('form model from the catalog', () => {
  it('has the bulletin sections in order, every field once, 其中 items marked', () => {
    const m = buildFormModel('2020Q3');
    expect(m.sections.map((s) => s.legend)).toEqual(SECTIONS.map((s) => s.label));
    const codes: string[] = [];
    for (const s of m.sections)
      for (const item of s.items) {
        if (item.kind === 'field') codes.push(item.field.code);
        if (item.kind === 'grid') for (const r of item.rows) codes.push(...r.fields.map((f) => f.code));
      }
    expect(codes.sort()).toEqual(
      fieldsForPeriod('2020Q3')
        .map((f) => f.code)
        .sort(),
    );
    const construction = m.sections[0]!.items.filter((i) => i.kind === 'field');
    expect(construction.map((i) => (i.kind === 'field' ? [i.field.code, i.sub] : null))).toEqual([
      ['buildingArea', false],
      ['selfOwnedArea', true],
      ['standardFactoryArea', true],
      ['avgRent', false],
      ['avgSalePrice', false],
    ]);
    expect(labelWithUnit(fieldsForPeriod('2020Q3')[0]!)).toBe('基地建筑总面积(平方米)');
    expect(inputId('service.info.sessions')).toBe('f-service-info-sessions');
  });

  it('uses the service taxonomy of the period’s year (2020 version from 2020, 2017 before)', () => {
    const grid = (p: string) => buildFormModel(p).sections.find((s) => s.id === 'services')!.items[0] as GridItem;
    expect(grid('2020Q1').rows.map((r) => r.label)).toEqual(['信息服务', '创业创新服务', '培训服务', '投融资服务', '其他服务']);
    expect(grid('2019Q4').rows.map((r) => r.label)).toEqual(taxonomyForYear(2019).types.map((t) => t.label));
    expect(grid('2019Q4').rows).toHaveLength(8);
    expect(grid('2020Q1').measures.map((m) => `${m.label}(${m.unit})`)).toEqual(['开展服务场次(场次)', '服务企业家次(家次)']);
    expect(grid('2020Q1').rows[0]!.fields.map((f) => f.code)).toEqual(['service.info.sessions', 'service.info.enterprises']);
  });

  it('puts 拥有专利 before the patent kinds and computes running totals exactly', () => {
    const m = buildFormModel('2020Q3');
    const ip = m.sections.find((s) => s.id === 'ip')!.items;
    const patentsAt = ip.findIndex((i) => i.kind === 'total');
    expect(ip[patentsAt + 1]).toMatchObject({ kind: 'field', field: { code: 'inventionPatents' }, sub: true });
    const patents = m.totals.find((t) => t.label === '拥有专利')!;
    expect(computeTotal('2020Q3', patents, { inventionPatents: '12', utilityPatents: '30', designPatents: '' })).toBe('42');
    expect(computeTotal('2020Q3', patents, { inventionPatents: '１２', utilityPatents: '1,000' })).toBe('1012');
    expect(computeTotal('2020Q3', patents, { inventionPatents: 'abc' })).toBeNull();
    const sessions = m.totals.find((t) => t.id === 'total-service-sessions')!;
    expect(sessions.codes).toHaveLength(5);
    expect(computeTotal('2020Q3', sessions, { 'service.info.sessions': '3', 'service.other.sessions': '4' })).toBe('7');
  });

  it('validates with the server’s messages (shared/validation.ts)', () => {
    const raw = { ...toRaw('2020Q3', null), buildingArea: 'abc', selfOwnedArea: '10', operatorAssets: '1.23456' };
    const errors = validateForm('2020Q3', raw, 'draft');
    expect(errors.buildingArea).toBe('基地建筑总面积:请填写数字(单位:平方米)');
    expect(errors.operatorAssets).toBe('运营单位总资产:最多保留4位小数(单位:万元)');
    const server = validateValues('2020Q3', toPayload(raw), 'draft');
    expect(server.ok ? {} : server.errors).toEqual(errors);
    expect(validateForm('2020Q3', { buildingArea: '100', selfOwnedArea: '200' }, 'draft').selfOwnedArea).toBe('其中:基地自持部分面积不能大于基地建筑总面积');
    const missing = validateForm('2020Q3', { buildingArea: '100' }, 'submitted');
    expect(Object.keys(missing)).toHaveLength(fieldsForPeriod('2020Q3').length - 1);
    expect(missing.employees).toBe('企业就业人数:必填');
    expect(validateForm('2020Q3', fullValues('2020Q3') as Record<string, string>, 'submitted')).toEqual({});
  });

  it('shows stored values in form units exactly and detects unsaved changes', () => {
    const raw = toRaw('2020Q3', { operatorAssets: 36568612, avgRent: 2550, enterpriseProfit: -12345 });
    expect(raw).toEqual({ operatorAssets: '3656.8612', avgRent: '25.5', enterpriseProfit: '-1.2345' });
    expect(sameRaw('2020Q3', raw, { ...raw, operatorAssets: '3656.86120' })).toBe(true);
    expect(sameRaw('2020Q3', raw, { ...raw, operatorAssets: '3656.8613' })).toBe(false);
    expect(sameRaw('2020Q3', raw, { ...raw, buildingArea: ' ' })).toBe(true);
    expect(toPayload({ a: '1', b: '  ', c: '' })).toEqual({ a: '1' });
  });

  it('describes a version’s changes in form units', () => {
    expect(describeChanges('2020Q3', { buildingArea: [100000, 120000], operatorAssets: [null, 36568612] })).toEqual([
      '基地建筑总面积:100000 → 120000 平方米',
      '运营单位总资产:(空) → 3656.8612 万元',
    ]);
  });
});

describe('CSV import of the registry', () => {
  it('parses RFC 4180: quotes, commas and newlines in quotes, "" escapes, CRLF, BOM, blank lines', () => {
    expect(parseCsv('\ufeffa,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\n1,2,3')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
      ['1', '2', '3'],
    ]);
    expect(parseCsv('a,b\n1,')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
  });

  it('decodes UTF-8, and GB18030 as Excel writes it on Chinese Windows', () => {
    expect(decodeCsvBytes(new TextEncoder().encode('长沙市'))).toBe('长沙市');
    // "长沙市" in GBK
    expect(decodeCsvBytes(new Uint8Array([0xb3, 0xa4, 0xc9, 0xb3, 0xca, 0xd0]))).toBe('长沙市');
  });

  it('maps Chinese headers and levels, checks rows with the server schema, reports per-row errors', () => {
    const csv = [
      CSV_SAMPLE.trim(),
      'zz-02,株洲基地,株洲市,天元区,省级,,,',
      'BAD ID,坏基地,长沙市,岳麓区,省级,,,',
      'cs-03,某基地,北京市,朝阳区,国家级,,,',
      'cs-04,某基地,长沙市,岳麓区,市级,,,',
      'cs-05,某基地,长沙市,岳麓区,省级,,2021Q1,2020Q4',
      'zz-02,重复,株洲市,天元区,省级,,,',
      '"=HYPERLINK(""x"")",公式,长沙市,岳麓区,省级,,,',
    ].join('\r\n');
    const r = baseRowsFromCsv(csv);
    expect(r.rows.map((x) => [x.line, x.baseId, x.input.level])).toEqual([
      [2, 'csxc-01', 'national'],
      [3, 'zz-02', 'provincial'],
    ]);
    expect(r.rows[0]!.input).toMatchObject({ name: '长沙科技新城', city: '长沙市', county: '岳麓区', cohort: '第一批', activeFrom: '2020Q1', activeTo: null });
    const byLine = Object.fromEntries(r.errors.map((e) => [e.line, e.messages.join(' | ')]));
    expect(byLine[4]).toMatch(/基地编号「BAD ID」应为3-40位/);
    expect(byLine[5]).toMatch(/所属市州:应为湖南省14个市州之一/);
    expect(byLine[6]).toMatch(/基地级别:应为 national\(国家级\)或 provincial\(省级\)/);
    expect(byLine[7]).toMatch(/起始期不能晚于终止期/);
    expect(byLine[8]).toMatch(/与第3行重复/);
    expect(byLine[9]).toMatch(/基地编号/);
  });

  it('accepts program column names and reports a missing header column', () => {
    const ok = baseRowsFromCsv('baseId,name,city,county,level\nab-1,甲,长沙市,芙蓉区,national\n');
    expect(ok.errors).toEqual([]);
    expect(ok.rows[0]!.input.level).toBe('national');
    const bad = baseRowsFromCsv('基地编号,基地名称\nab-1,甲\n');
    expect(bad.rows).toEqual([]);
    expect(bad.errors[0]!.line).toBe(1);
    expect(bad.errors[0]!.messages[0]).toMatch(/表头缺少列:所属市州、所属县市区、基地级别/);
  });
});
