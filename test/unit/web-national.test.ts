// The pages in a national deployment (PROVINCE=全国, README "National deployment"): they follow
// GET /api/province — a province's admin gets their province (its 市州, the scopes it sends
// qualified with it), the national role gets the 31 provinces where a city list would be and
// 全国 for the totals; a single-province deployment's scopes are exactly as before.

import { afterEach, describe, expect, it } from 'vitest';
import { HUNAN, NATIONAL, type ProvinceInfo, provinceInfo, setProvinceInForce } from '../../shared/province';
import { CHINA_PROVINCES } from '../../shared/provinces-cn';
import { readCompleteness } from '../../web/src/completeness';
import { scopeLabel } from '../../web/src/format';
import { BASES } from '../../web/src/programs';
import { areaScopes, bulletinScopes, isNationalDeployment, isNationalRole, wholeLabel } from '../../web/src/province';
import { parseTrendScope, trendHash } from '../../web/src/trend';

// What GET /api/province answers (shared/use-cases/principal-province.ts): a province admin
// their province; the national role the national one with the 31.
const HUNAN_INFO: ProvinceInfo = provinceInfo(HUNAN);
const NATIONAL_INFO: ProvinceInfo = { ...provinceInfo(NATIONAL), provinces: CHINA_PROVINCES.map(({ name, short, cities }) => ({ name, short, cities })) };

afterEach(() => setProvinceInForce(HUNAN));

describe('areaScopes: the 全省/全国 and city or province choices a page offers', () => {
  it('a single-province deployment: 全省 and its 市州, unqualified, as always', () => {
    const s = areaScopes({ role: 'admin' }, HUNAN_INFO);
    expect(s[0]).toEqual({ value: 'all', label: '全省' });
    expect(s.slice(1).map((x) => x.value)).toEqual(HUNAN.cities.map((c) => `city:${c}`));
    expect(areaScopes({ role: 'city', city: '长沙市' }, HUNAN_INFO)).toEqual([{ value: 'city:长沙市', label: '长沙市' }]);
  });

  it("a national deployment's province admin: their province, then its 市州 in official order, qualified", () => {
    const s = areaScopes({ role: 'admin', province: '湖南省' }, HUNAN_INFO);
    expect(s[0]).toEqual({ value: 'province:湖南省', label: '湖南省' });
    expect(s).toHaveLength(15);
    expect(s[1]).toEqual({ value: 'city:湖南省/长沙市', label: '长沙市' });
    expect(s.at(-1)).toEqual({ value: 'city:湖南省/湘西土家族苗族自治州', label: '湘西土家族苗族自治州' });
    expect(s.some((x) => x.value === 'all')).toBe(false);
    expect(areaScopes({ role: 'city', city: '长沙市', province: '湖南省' }, HUNAN_INFO)).toEqual([{ value: 'city:湖南省/长沙市', label: '长沙市' }]);
  });

  it('the national role: 全国, then the 31 provinces where the city list would be — not 337 cities', () => {
    const s = areaScopes({ role: 'admin' }, NATIONAL_INFO);
    expect(s[0]).toEqual({ value: 'all', label: '全国' });
    expect(s).toHaveLength(32);
    expect(s.slice(1).map((x) => x.label)).toEqual(CHINA_PROVINCES.map((p) => p.name));
    expect(s.every((x) => !x.value.startsWith('city:'))).toBe(true);
    expect(isNationalRole(NATIONAL_INFO)).toBe(true);
    expect(isNationalRole(HUNAN_INFO)).toBe(false);
  });
});

describe('labels and the bulletin page', () => {
  it("scopeLabel names a national deployment's scopes by their place; 全国 for the national role's whole", () => {
    setProvinceInForce(HUNAN_INFO);
    expect(scopeLabel('all')).toBe('全省');
    expect(scopeLabel('city:长沙市')).toBe('长沙市');
    expect(wholeLabel()).toBe('全省');
    setProvinceInForce(NATIONAL_INFO);
    expect(scopeLabel('all')).toBe('全国');
    expect(scopeLabel('province:四川省')).toBe('四川省');
    expect(scopeLabel('city:湖南省/长沙市')).toBe('长沙市');
    expect(wholeLabel()).toBe('全国');
  });

  it('the bulletin page offers the national role the provinces only; everyone else what the totals offer', () => {
    const national = [...areaScopes({ role: 'admin' }, NATIONAL_INFO), { value: 'level:national', label: '国家级' }];
    expect(bulletinScopes(national, NATIONAL_INFO).map((s) => s.value)).toEqual(CHINA_PROVINCES.map((p) => `province:${p.name}`));
    const hunanAdmin = areaScopes({ role: 'admin', province: '湖南省' }, HUNAN_INFO);
    expect(bulletinScopes(hunanAdmin, HUNAN_INFO)).toEqual(hunanAdmin);
  });

  it('a national deployment shows the bases only (platforms and carriers are refused there); a single province all programs', () => {
    expect(isNationalDeployment({ role: 'admin', province: '湖南省' }, HUNAN_INFO)).toBe(true);
    expect(isNationalDeployment({ role: 'city', city: '长沙市', province: '湖南省' }, HUNAN_INFO)).toBe(true);
    expect(isNationalDeployment({ role: 'admin' }, NATIONAL_INFO)).toBe(true);
    expect(isNationalDeployment({ role: 'admin' }, HUNAN_INFO)).toBe(false);
    expect(isNationalDeployment({ role: 'city', city: '长沙市' }, HUNAN_INFO)).toBe(false);
  });

  it("completeness: the national role's answer carries the provinces, shown where a province shows its cities", () => {
    const c = { expected: 7, submitted: 6, onTime: 6, late: 0, missing: 1, returned: 0, accepted: 0 };
    const raw = {
      period: '2021Q4',
      ...c,
      byCity: [{ city: '长沙市', ...c }],
      byProvince: [
        { province: '湖南省', ...c, expected: 5 },
        { province: '广东省', ...c, expected: 1 },
      ],
    };
    const read = readCompleteness(raw, BASES, () => 0);
    expect(read.byProvince.map((x) => [x.province, x.expected])).toEqual([
      ['湖南省', 5],
      ['广东省', 1],
    ]);
    expect(readCompleteness({ period: '2021Q4', ...c }, BASES, () => 0).byProvince).toEqual([]);
  });

  it("the trend page charts a national deployment's province and qualified city", () => {
    expect(parseTrendScope('province:湖南省')).toEqual({ kind: 'province', province: '湖南省' });
    expect(parseTrendScope('city:湖南省/长沙市')).toEqual({ kind: 'city', city: '湖南省/长沙市' });
    expect(trendHash('province:湖南省')).toBe(`#/trend?scope=${encodeURIComponent('province:湖南省')}`);
    for (const s of areaScopes({ role: 'admin' }, NATIONAL_INFO)) expect(parseTrendScope(s.value), s.value).not.toBeNull();
    for (const s of areaScopes({ role: 'admin', province: '湖南省' }, HUNAN_INFO)) expect(parseTrendScope(s.value), s.value).not.toBeNull();
  });
});
