// The national deployment's pure parts: the 31 provinces' data, scope keys, where each scope's
// totals are kept (the aggregate item split under 400 KB), and the province of a base.

import { afterEach, describe, expect, it } from 'vitest';
import { aggregatePartKey, mergeParts, partKeysOf, splitScoped } from '../../shared/aggregate-parts';
import { emptyTotals, type ScopedTotals, scopesOf } from '../../shared/aggregation';
import { ValidationError } from '../../shared/errors';
import { baseProvince } from '../../shared/national';
import { findProvince, HUNAN, NATIONAL, setProvinceInForce } from '../../shared/province';
import { CHINA_PROVINCES, provinceOfScope } from '../../shared/provinces-cn';

afterEach(() => setProvinceInForce(HUNAN));

describe('the 31 provinces', () => {
  it('lists 31 provincial-level divisions with unique names and ids, and Hunan and Sichuan as shared/province.ts has them', () => {
    expect(CHINA_PROVINCES).toHaveLength(31);
    expect(new Set(CHINA_PROVINCES.map((p) => p.name)).size).toBe(31);
    expect(new Set(CHINA_PROVINCES.map((p) => p.id)).size).toBe(31);
    expect(CHINA_PROVINCES.find((p) => p.name === '湖南省')!.cities).toEqual(HUNAN.cities);
    expect(CHINA_PROVINCES.find((p) => p.name === '四川省')!.cities).toEqual(findProvince('四川')!.cities);
    expect(new Set(CHINA_PROVINCES.flatMap((p) => p.cities)).size).toBe(337);
    expect(findProvince('全国')).toBe(NATIONAL);
    expect(findProvince('national')).toBe(NATIONAL);
  });
});

describe('scopes', () => {
  const b = { city: '长沙市', level: 'national' as const, cohort: '第一批', province: '湖南省' };
  it('are unchanged in a single-province deployment, province or not', () => {
    expect(scopesOf(b)).toEqual(['all', 'city:长沙市', 'level:national', 'cohort:第一批']);
    expect(aggregatePartKey('2021Q4', 'city:长沙市')).toBe('2021Q4');
    expect(partKeysOf('2021')).toEqual(['2021']);
  });

  it('carry the province and a qualified city in a national deployment; city scopes live in the province item', () => {
    setProvinceInForce(NATIONAL);
    expect(scopesOf(b)).toEqual(['all', 'province:湖南省', 'city:湖南省/长沙市', 'level:national', 'cohort:第一批']);
    expect(provinceOfScope('city:湖南省/长沙市')).toBe('湖南省');
    expect(aggregatePartKey('2021Q4', 'city:湖南省/长沙市')).toBe('2021Q4#湖南省');
    expect(aggregatePartKey('2021Q4', 'province:湖南省')).toBe('2021Q4');
    expect(partKeysOf('2021')).toHaveLength(32);
    const scoped: ScopedTotals = {
      all: emptyTotals(),
      'province:湖南省': emptyTotals(),
      'city:湖南省/长沙市': { reportingBases: 1n, values: { x: 5n }, means: {} },
    };
    const parts = splitScoped('2021', scoped);
    expect(Object.keys(parts.get('2021')!)).toEqual(['all', 'province:湖南省']);
    expect(Object.keys(parts.get('2021#湖南省')!)).toEqual(['city:湖南省/长沙市']);
    expect(mergeParts(parts.values())['city:湖南省/长沙市']!.values.x).toBe(5n);
  });
});

describe('the province of a base', () => {
  it('is stored only in a national deployment; a single province refuses any other', () => {
    expect(baseProvince({ city: '长沙市' })).toBeUndefined();
    expect(baseProvince({ city: '长沙市', province: '湖南省' })).toBeUndefined();
    expect(() => baseProvince({ city: '长沙市', province: '四川省' })).toThrow(ValidationError);
    setProvinceInForce(NATIONAL);
    expect(baseProvince({ city: '长沙市', province: '湖南省' })).toBe('湖南省');
    expect(() => baseProvince({ city: '长沙市' })).toThrow(ValidationError);
    expect(() => baseProvince({ city: '成都市', province: '湖南省' })).toThrow(ValidationError);
    expect(baseProvince({ city: '北京市', province: '北京市' })).toBe('北京市');
  });
});

describe('the national bulletin', () => {
  it('prints its wide province table across landscape pages, the 序号 and 省份 columns repeated on each', async () => {
    const { layoutNationalBulletin } = await import('../../shared/bulletin/national');
    const scoped: ScopedTotals = { all: emptyTotals(), 'province:湖南省': emptyTotals() };
    const sheet = layoutNationalBulletin({ period: '2021Q4', scoped }).sheets[0]!;
    expect({ landscape: sheet.landscape, printColumns: sheet.printColumns, frozenRows: sheet.frozenRows }).toEqual({
      landscape: true,
      printColumns: 2,
      frozenRows: 2,
    });
  });
});
