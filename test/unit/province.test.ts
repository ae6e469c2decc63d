// The provinces' data (shared/province.ts, SPEC §11): Hunan's exactly as before the province became
// configuration, Sichuan's 21 市州 and 183 county-level units of 2021 in official order.

import { describe, expect, it } from 'vitest';
import { overviewFileName } from '../../shared/carriers/assessment';
import { platformBulletinFileName } from '../../shared/platforms/bulletin';
import {
  cityField,
  cityRank,
  cityShortName,
  DEFAULT_PROVINCE,
  findProvince,
  HUNAN,
  PROVINCES,
  type Province,
  provinceInForce,
  provinceInfo,
  SICHUAN,
  setProvinceInForce,
} from '../../shared/province';
import { baseInputSchema, HUNAN_CITIES } from '../../shared/registry';
import { planFromInputs, platformScopeChoices } from '../../web/src/platforms';

const units = (p: Province) => Object.values(p.divisions).flat();
/** 市辖区, 县级市, 县, 自治县 by the name's ending. */
function kinds(p: Province) {
  const k = { district: 0, city: 0, county: 0, autonomousCounty: 0 };
  for (const u of units(p)) {
    if (u.endsWith('自治县')) k.autonomousCounty++;
    else if (u.endsWith('县')) k.county++;
    else if (u.endsWith('区')) k.district++;
    else if (u.endsWith('市')) k.city++;
    else throw new Error(`unexpected unit ${u}`);
  }
  return k;
}

describe('the provinces', () => {
  it('Hunan is unchanged: 14 市州 as before, 123 units (122 divisions + 洪江区), names unique', () => {
    expect(HUNAN.cities).toBe(HUNAN_CITIES);
    expect(HUNAN.cities).toHaveLength(14);
    expect(HUNAN.cities[0]).toBe('长沙市');
    expect(HUNAN.cities[13]).toBe('湘西土家族苗族自治州');
    expect(Object.keys(HUNAN.divisions)).toEqual([...HUNAN.cities]);
    expect(units(HUNAN)).toHaveLength(123);
    expect(new Set(units(HUNAN)).size).toBe(123);
    expect(HUNAN.divisions['怀化市']).toContain('洪江区');
    expect(HUNAN).toMatchObject({ id: 'hunan', name: '湖南省', short: '湖南', abbr: '湘', department: '湖南省工业和信息化厅', cityBureaus: '各市州工信局' });
  });

  it('Sichuan: 21 市州 in official order, 183 county-level units of 2021 (55 区, 19 市, 105 县, 4 自治县)', () => {
    expect(SICHUAN.cities).toEqual([
      '成都市',
      '自贡市',
      '攀枝花市',
      '泸州市',
      '德阳市',
      '绵阳市',
      '广元市',
      '遂宁市',
      '内江市',
      '乐山市',
      '南充市',
      '眉山市',
      '宜宾市',
      '广安市',
      '达州市',
      '雅安市',
      '巴中市',
      '资阳市',
      '阿坝藏族羌族自治州',
      '甘孜藏族自治州',
      '凉山彝族自治州',
    ]);
    expect(Object.keys(SICHUAN.divisions)).toEqual([...SICHUAN.cities]);
    expect(units(SICHUAN)).toHaveLength(183);
    expect(kinds(SICHUAN)).toEqual({ district: 55, city: 19, county: 105, autonomousCounty: 4 });
    expect(Object.fromEntries(SICHUAN.cities.map((c) => [c, SICHUAN.divisions[c]!.length]))).toEqual({
      成都市: 20,
      自贡市: 6,
      攀枝花市: 5,
      泸州市: 7,
      德阳市: 6,
      绵阳市: 9,
      广元市: 7,
      遂宁市: 5,
      内江市: 5,
      乐山市: 11,
      南充市: 9,
      眉山市: 6,
      宜宾市: 10,
      广安市: 6,
      达州市: 7,
      雅安市: 8,
      巴中市: 5,
      资阳市: 3,
      阿坝藏族羌族自治州: 13,
      甘孜藏族自治州: 18,
      凉山彝族自治州: 17,
    });
    expect(SICHUAN).toMatchObject({ id: 'sichuan', name: '四川省', short: '四川', abbr: '川', department: '四川省经济和信息化厅' });
  });

  it('no unit twice in a city; across Sichuan only 市中区 (内江, 乐山) repeats, and no 市州 twice', () => {
    for (const p of PROVINCES) {
      expect(new Set(p.cities).size).toBe(p.cities.length);
      for (const c of p.cities) expect(new Set(p.divisions[c]).size, c).toBe(p.divisions[c]!.length);
    }
    const seen = new Map<string, string[]>();
    for (const c of SICHUAN.cities) for (const u of SICHUAN.divisions[c]!) seen.set(u, [...(seen.get(u) ?? []), c]);
    expect([...seen].filter(([, cs]) => cs.length > 1)).toEqual([['市中区', ['内江市', '乐山市']]]);
    // 2021's names, not older ones.
    const all = new Set(units(SICHUAN));
    for (const now of ['郫都区', '新津区', '罗江区', '安州区', '射洪市', '隆昌市', '叙州区', '会理市', '马尔康市', '康定市'])
      expect(all.has(now), now).toBe(true);
    for (const old of ['郫县', '新津县', '罗江县', '安县', '射洪县', '隆昌县', '宜宾县', '会理县']) expect(all.has(old), old).toBe(false);
  });

  it('the data is frozen', () => {
    expect(Object.isFrozen(SICHUAN)).toBe(true);
    expect(Object.isFrozen(SICHUAN.divisions)).toBe(true);
    expect(Object.isFrozen(SICHUAN.divisions['成都市'])).toBe(true);
  });

  it('finds a province by name, short name or id; Hunan is the default', () => {
    expect(DEFAULT_PROVINCE).toBe(HUNAN);
    expect(findProvince('四川省')).toBe(SICHUAN);
    expect(findProvince(' 四川 ')).toBe(SICHUAN);
    expect(findProvince('Sichuan')).toBe(SICHUAN);
    expect(findProvince('湖南省')).toBe(HUNAN);
    expect(findProvince('湖北省')).toBeUndefined();
    expect(findProvince('')).toBeUndefined();
  });

  it('short city names and order', () => {
    expect(SICHUAN.cities.map(cityShortName)).toEqual([
      '成都',
      '自贡',
      '攀枝花',
      '泸州',
      '德阳',
      '绵阳',
      '广元',
      '遂宁',
      '内江',
      '乐山',
      '南充',
      '眉山',
      '宜宾',
      '广安',
      '达州',
      '雅安',
      '巴中',
      '资阳',
      '阿坝州',
      '甘孜州',
      '凉山州',
    ]);
    expect(cityShortName('湘西土家族苗族自治州')).toBe('湘西州');
    expect(cityRank(SICHUAN, '凉山彝族自治州')).toBe(20);
    expect(cityRank(SICHUAN, '长沙市')).toBe(21);
  });

  it('GET /api/province answers the province without the server-only wording', () => {
    expect(Object.keys(provinceInfo(SICHUAN))).toEqual(['id', 'name', 'short', 'abbr', 'department', 'cities', 'divisions']);
    expect(provinceInfo(HUNAN).office).toBe('中小企业服务指导处');
  });
});

describe('the province in force', () => {
  it('is what the shared schemas check cities against, with messages naming it', () => {
    expect(provinceInForce().name).toBe('湖南省'); // shared/config.ts set it (PROVINCE unset)
    const base = { name: '基地', city: '成都市', county: '武侯区', level: 'national' };
    const hunanMessage = baseInputSchema.safeParse(base).error!.issues.find((i) => i.path[0] === 'city')!.message;
    expect(hunanMessage).toBe(`所属市州:应为湖南省14个市州之一(${HUNAN_CITIES.join('、')})`);
    try {
      setProvinceInForce(SICHUAN);
      expect(baseInputSchema.safeParse(base).success).toBe(true);
      const r = baseInputSchema.safeParse({ ...base, city: '长沙市' });
      expect(r.error!.issues.map((i) => i.message)).toEqual([`所属市州:应为四川省21个市州之一(${SICHUAN.cities.join('、')})`]);
      expect(cityField('市州', '市州不正确').safeParse(undefined).error!.issues[0]!.message).toBe('市州不正确');
      // The pages' city lists (web/src/province.ts sets it from GET /api/province).
      expect(
        platformScopeChoices({ role: 'admin' })
          .filter((c) => c.value.startsWith('city:'))
          .map((c) => c.label),
      ).toEqual([...SICHUAN.cities]);
      expect(Object.keys(planFromInputs({ 成都市: '3' }).cities)).toEqual([...SICHUAN.cities]);
    } finally {
      setProvinceInForce(HUNAN);
    }
  });

  it('file names take the province they are given (ASCII id included)', () => {
    expect(platformBulletinFileName(2021, 'all', '四川省')).toEqual({
      fileName: '2021年四川省中小企业公共服务平台网络建设运营情况通报.xlsx',
      asciiFileName: 'tongbao-platforms-2021-sichuan.xlsx',
    });
    expect(platformBulletinFileName(2020, 'all').asciiFileName).toBe('tongbao-platforms-2020-hunan.xlsx');
    expect(overviewFileName(2021, 'all', '四川省')).toEqual({
      fileName: '2021年四川省双创特色载体绩效情况汇总表.xlsx',
      asciiFileName: 'tongbao-carriers-2021-sichuan.xlsx',
    });
  });
});
