import { describe, expect, it } from 'vitest';
import { fieldsForPeriod, INDICATORS, taxonomyForYear } from '../../shared/catalog';
import { validateValues, warningsFor } from '../../shared/validation';
import { fullValues } from '../helpers/values';

describe('catalog', () => {
  it('has the 26 indicators of SPEC §3 with unique codes and base-unit scales', () => {
    expect(INDICATORS).toHaveLength(26);
    expect(new Set(INDICATORS.map((f) => f.code)).size).toBe(26);
    expect(INDICATORS.find((f) => f.code === 'operatorAssets')).toMatchObject({ formUnit: '万元', baseUnit: '元', dp: 4, type: 'stock' });
    expect(INDICATORS.find((f) => f.code === 'avgRent')).toMatchObject({ baseUnit: '分', dp: 2, mean: true });
    expect(INDICATORS.filter((f) => f.allowNegative).map((f) => f.code)).toEqual(['enterpriseProfit']);
  });
  it('versions the service taxonomy by year', () => {
    expect(taxonomyForYear(2020).types.map((t) => t.code)).toEqual(['info', 'startup', 'training', 'financing', 'other']);
    expect(taxonomyForYear(2017).types).toHaveLength(8);
    expect(fieldsForPeriod('2017Q4').some((f) => f.code === 'service.mentoring.sessions')).toBe(true);
    expect(fieldsForPeriod('2020Q4').some((f) => f.code === 'service.mentoring.sessions')).toBe(false);
    expect(fieldsForPeriod('2020Q4')).toHaveLength(26 + 10);
  });
});

describe('validateValues', () => {
  it('converts typed values to integer base units exactly', () => {
    const r = validateValues('2020Q1', fullValues('2020Q1', { operatorAssets: '3656.8612', avgRent: '14.25', enterpriseProfit: '-12.5' }), 'submitted');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.values.operatorAssets).toBe(36568612);
    expect(r.values.avgRent).toBe(1425);
    expect(r.values.enterpriseProfit).toBe(-125000);
  });
  it('names every bad field in Chinese', () => {
    const r = validateValues(
      '2020Q1',
      {
        buildingArea: 'abc',
        avgRent: '1.234',
        serviceStaff: '-1',
        operatorRevenue: '2000000000',
        bogus: 1,
        'service.mentoring.sessions': 1,
        selfOwnedArea: {},
      },
      'draft',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.buildingArea).toBe('基地建筑总面积:请填写数字(单位:平方米)');
    expect(r.errors.avgRent).toBe('租金平均水平:最多保留2位小数(单位:元/平方米/月)');
    expect(r.errors.serviceStaff).toBe('运营单位企业服务人员:不能为负数');
    expect(r.errors.operatorRevenue).toContain('数值超出上限');
    expect(r.errors.bogus).toBe('未知字段「bogus」');
    expect(r.errors['service.mentoring.sessions']).toContain('未知字段'); // 2017 taxonomy only
    expect(r.errors.selfOwnedArea).toContain('其中:基地自持部分面积');
  });
  it('checks 其中 items against their parents', () => {
    const r = validateValues(
      '2020Q1',
      fullValues('2020Q1', { selfOwnedArea: '100001', operatorServiceRevenue: '1000.0001', highTechEnterprises: '51' }),
      'submitted',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      selfOwnedArea: '其中:基地自持部分面积不能大于基地建筑总面积',
      operatorServiceRevenue: '其中:服务性收入不能大于运营单位营业收入',
      highTechEnterprises: '其中:高新技术企业户数不能大于入驻企业户数',
    });
  });
  it('requires every field on submit but not for a draft', () => {
    expect(validateValues('2020Q1', { buildingArea: '5' }, 'draft').ok).toBe(true);
    const r = validateValues('2020Q1', { buildingArea: '5' }, 'submitted');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors)).toHaveLength(fieldsForPeriod('2020Q1').length - 1);
  });
  it('rejects a values object that is not an object', () => {
    expect(validateValues('2020Q1', [1, 2], 'draft')).toEqual({ ok: false, errors: { values: expect.any(String) } });
  });
});

describe('warningsFor', () => {
  it('warns on a >10× move and on a stock appearing from zero above 1,000 units', () => {
    const prev = { buildingArea: 1000, serviceStaff: 0, operatorRevenue: 5_000_000, employees: 0 };
    const w = warningsFor('2020Q2', { buildingArea: 10001, serviceStaff: 5000, operatorRevenue: 400_000, employees: 900 }, prev);
    expect(Object.keys(w).sort()).toEqual(['buildingArea', 'operatorRevenue', 'serviceStaff']);
    expect(w.buildingArea).toContain('变化超过10倍');
  });
  it('does not warn at exactly 10× or without a previous quarter', () => {
    expect(warningsFor('2020Q2', { buildingArea: 10000 }, { buildingArea: 1000 })).toEqual({});
    expect(warningsFor('2020Q2', { buildingArea: 10000 }, null)).toEqual({});
  });
});

describe('registry text', () => {
  it('rejects control, bidi-override and broken UTF-16 characters but keeps ordinary text', async () => {
    const { baseInputSchema } = await import('../../shared/registry');
    const ok = { name: '长沙=HYPERLINK("x")基地', city: '长沙市', county: '岳麓区', level: 'national' };
    expect(baseInputSchema.safeParse(ok).success).toBe(true);
    for (const name of ['a\u0000b', 'a\u202eb', 'a\ud800b', 'a\udc00', '  ']) expect(baseInputSchema.safeParse({ ...ok, name }).success).toBe(false);
  });
});

describe('validateValues reports everything at once', () => {
  it('checks 其中 items even when another field is not a number', () => {
    const r = validateValues('2020Q1', { buildingArea: '100', selfOwnedArea: '200', serviceStaff: 'abc' }, 'draft');
    expect(r).toEqual({
      ok: false,
      errors: { serviceStaff: '运营单位企业服务人员:请填写数字(单位:人)', selfOwnedArea: '其中:基地自持部分面积不能大于基地建筑总面积' },
    });
  });
});
