// The provinces Tongbao knows (SPEC §11): a deployment serves one, chosen by PROVINCE
// (shared/config.ts). Pure data and lookups — titles, the 落款, the 市州 in official order and
// their county-level units all come from here, so nothing else names a province.
//
// The web pages bundle this file too (through shared/registry.ts): it has no Node dependency and
// reads no environment. The province *in force* (the last section) is set once by
// shared/config.ts on the server and by the pages from GET /api/province in the browser.

import { z } from 'zod';
import { CHINA_PROVINCES } from './provinces-cn';

export interface Province {
  /** ASCII id, used in ASCII file names (`tongbao-bulletin-2020-hunan.xlsx`) and accepted by PROVINCE. */
  id: string;
  /** `湖南省` — in titles and messages. */
  name: string;
  /** `湖南` — the name without 省. */
  short: string;
  /** `湘` — the one-character abbreviation (简称). */
  abbr: string;
  /** The department that signs the bulletins (落款): `湖南省工业和信息化厅`. */
  department: string;
  /** The department's office in charge, named in the pages' footer after the department (optional). */
  office?: string;
  /**
   * Set when `department` is not known but derived (`<省名>工业和信息化厅`): a national deployment's
   * provinces other than those with data here (README "National deployment"). An assumption.
   */
  departmentAssumed?: boolean;
  /** How a bulletin addresses the cities' departments (主送): `各市州工信局`. */
  cityBureaus: string;
  /** The 市州, in official order (the order of their administrative-division codes). */
  cities: readonly string[];
  /** city → its county-level units, in official order; keys in the order of `cities`. */
  divisions: Readonly<Record<string, readonly string[]>>;
}

// ---- 湖南省 ---------------------------------------------------------------------------------------

export const HUNAN_CITIES = [
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
] as const;

// Hunan's county-level units (县级行政区) per 市州 (SPEC §9): the default list the platforms'
// coverage rate (覆盖率 = units with ≥ 1 active county-tier platform ÷ units) is taken over until
// an admin stores a city's own list (PUT /api/divisions/{city}).
//
// The 122 county-level divisions of 2020, in the official order (districts, counties, county-level
// cities, as the administrative-division codes list them): 邵东 is a city since 2019 (邵东市, listed
// after 武冈市), 株洲县 became 渌口区 in 2018, 宁乡 a city since 2017, 祁阳 still a county in 2020
// (祁阳市 only from 2021).
//
// Plus ONE unit that is not an administrative division — an assumption made to reproduce seed 003:
// it prints 104 county/park platforms and 覆盖率 83.74%. Over the 122 divisions no count of covered
// units gives 83.74% (102/122 = 83.61%, 103/122 = 84.43%); over 123 units 103/123 = 83.7398% is the
// only fraction with a plausible denominator that prints 83.74%. So the department counts one
// 功能区/管理区 as a county-level unit. We chose 怀化市's 洪江区 (the 洪江管理区, the old town of
// 洪江 administered by 怀化 apart from 洪江市): Hunan's provincial statistics list it among the
// county-level units, unlike the many 经开区/高新区, which the department treats as parks (工业园区
// platforms, which cover no unit). If the department's real 123rd unit is another one, an admin
// replaces 怀化市's list (or that city's) through the API; nothing else depends on the choice.
const HUNAN_DIVISIONS: Record<(typeof HUNAN_CITIES)[number], readonly string[]> = {
  长沙市: ['芙蓉区', '天心区', '岳麓区', '开福区', '雨花区', '望城区', '长沙县', '浏阳市', '宁乡市'],
  株洲市: ['荷塘区', '芦淞区', '石峰区', '天元区', '渌口区', '攸县', '茶陵县', '炎陵县', '醴陵市'],
  湘潭市: ['雨湖区', '岳塘区', '湘潭县', '湘乡市', '韶山市'],
  衡阳市: ['珠晖区', '雁峰区', '石鼓区', '蒸湘区', '南岳区', '衡阳县', '衡南县', '衡山县', '衡东县', '祁东县', '耒阳市', '常宁市'],
  邵阳市: ['双清区', '大祥区', '北塔区', '新邵县', '邵阳县', '隆回县', '洞口县', '绥宁县', '新宁县', '城步苗族自治县', '武冈市', '邵东市'],
  岳阳市: ['岳阳楼区', '云溪区', '君山区', '岳阳县', '华容县', '湘阴县', '平江县', '汨罗市', '临湘市'],
  常德市: ['武陵区', '鼎城区', '安乡县', '汉寿县', '澧县', '临澧县', '桃源县', '石门县', '津市市'],
  张家界市: ['永定区', '武陵源区', '慈利县', '桑植县'],
  益阳市: ['资阳区', '赫山区', '南县', '桃江县', '安化县', '沅江市'],
  郴州市: ['北湖区', '苏仙区', '桂阳县', '宜章县', '永兴县', '嘉禾县', '临武县', '汝城县', '桂东县', '安仁县', '资兴市'],
  永州市: ['零陵区', '冷水滩区', '祁阳县', '东安县', '双牌县', '道县', '江永县', '宁远县', '蓝山县', '新田县', '江华瑶族自治县'],
  // 洪江区 (洪江管理区): the assumed 123rd unit, see above.
  怀化市: [
    '鹤城区',
    '中方县',
    '沅陵县',
    '辰溪县',
    '溆浦县',
    '会同县',
    '麻阳苗族自治县',
    '新晃侗族自治县',
    '芷江侗族自治县',
    '靖州苗族侗族自治县',
    '通道侗族自治县',
    '洪江市',
    '洪江区',
  ],
  娄底市: ['娄星区', '双峰县', '新化县', '冷水江市', '涟源市'],
  湘西土家族苗族自治州: ['吉首市', '泸溪县', '凤凰县', '花垣县', '保靖县', '古丈县', '永顺县', '龙山县'],
};

// ---- 四川省 ---------------------------------------------------------------------------------------

export const SICHUAN_CITIES = [
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
] as const;

// Sichuan's 183 county-level divisions at the end of 2021 — 55 市辖区, 19 县级市, 105 县 and
// 4 自治县 — in the order of their administrative-division codes (民政部 行政区划代码). The recent
// changes included: 郫县 → 郫都区 (2016), 简阳 administered by 成都 (2016), 新津县 → 新津区 (2020),
// 罗江县 → 罗江区 (2017), 安县 → 安州区 (2016), 射洪县 → 射洪市 (2019), 隆昌县 → 隆昌市 (2017),
// 宜宾县 → 叙州区 (2018), 会理县 → 会理市 (2021, listed after 西昌市 as 513402). 内江 and 乐山
// both have a 市中区: names are unique per city, not across the province.
// No functional zones are counted (unlike Hunan's 洪江区): a Sichuan deployment that counts one
// stores the city's list through PUT /api/divisions/{city}.
const SICHUAN_DIVISIONS: Record<(typeof SICHUAN_CITIES)[number], readonly string[]> = {
  成都市: [
    '锦江区',
    '青羊区',
    '金牛区',
    '武侯区',
    '成华区',
    '龙泉驿区',
    '青白江区',
    '新都区',
    '温江区',
    '双流区',
    '郫都区',
    '新津区',
    '金堂县',
    '大邑县',
    '蒲江县',
    '都江堰市',
    '彭州市',
    '邛崃市',
    '崇州市',
    '简阳市',
  ],
  自贡市: ['自流井区', '贡井区', '大安区', '沿滩区', '荣县', '富顺县'],
  攀枝花市: ['东区', '西区', '仁和区', '米易县', '盐边县'],
  泸州市: ['江阳区', '纳溪区', '龙马潭区', '泸县', '合江县', '叙永县', '古蔺县'],
  德阳市: ['旌阳区', '罗江区', '中江县', '广汉市', '什邡市', '绵竹市'],
  绵阳市: ['涪城区', '游仙区', '安州区', '三台县', '盐亭县', '梓潼县', '北川羌族自治县', '平武县', '江油市'],
  广元市: ['利州区', '昭化区', '朝天区', '旺苍县', '青川县', '剑阁县', '苍溪县'],
  遂宁市: ['船山区', '安居区', '蓬溪县', '大英县', '射洪市'],
  内江市: ['市中区', '东兴区', '威远县', '资中县', '隆昌市'],
  乐山市: ['市中区', '沙湾区', '五通桥区', '金口河区', '犍为县', '井研县', '夹江县', '沐川县', '峨边彝族自治县', '马边彝族自治县', '峨眉山市'],
  南充市: ['顺庆区', '高坪区', '嘉陵区', '南部县', '营山县', '蓬安县', '仪陇县', '西充县', '阆中市'],
  眉山市: ['东坡区', '彭山区', '仁寿县', '洪雅县', '丹棱县', '青神县'],
  宜宾市: ['翠屏区', '南溪区', '叙州区', '江安县', '长宁县', '高县', '珙县', '筠连县', '兴文县', '屏山县'],
  广安市: ['广安区', '前锋区', '岳池县', '武胜县', '邻水县', '华蓥市'],
  达州市: ['通川区', '达川区', '宣汉县', '开江县', '大竹县', '渠县', '万源市'],
  雅安市: ['雨城区', '名山区', '荥经县', '汉源县', '石棉县', '天全县', '芦山县', '宝兴县'],
  巴中市: ['巴州区', '恩阳区', '通江县', '南江县', '平昌县'],
  资阳市: ['雁江区', '安岳县', '乐至县'],
  阿坝藏族羌族自治州: ['马尔康市', '汶川县', '理县', '茂县', '松潘县', '九寨沟县', '金川县', '小金县', '黑水县', '壤塘县', '阿坝县', '若尔盖县', '红原县'],
  甘孜藏族自治州: [
    '康定市',
    '泸定县',
    '丹巴县',
    '九龙县',
    '雅江县',
    '道孚县',
    '炉霍县',
    '甘孜县',
    '新龙县',
    '德格县',
    '白玉县',
    '石渠县',
    '色达县',
    '理塘县',
    '巴塘县',
    '乡城县',
    '稻城县',
    '得荣县',
  ],
  凉山彝族自治州: [
    '西昌市',
    '会理市',
    '木里藏族自治县',
    '盐源县',
    '德昌县',
    '会东县',
    '宁南县',
    '普格县',
    '布拖县',
    '金阳县',
    '昭觉县',
    '喜德县',
    '冕宁县',
    '越西县',
    '甘洛县',
    '美姑县',
    '雷波县',
  ],
};

// ---- the provinces --------------------------------------------------------------------------------

const frozenDivisions = (cities: readonly string[], d: Record<string, readonly string[]>) =>
  Object.freeze(Object.fromEntries(cities.map((c) => [c, Object.freeze([...(d[c] ?? [])])])));

export const HUNAN: Province = Object.freeze({
  id: 'hunan',
  name: '湖南省',
  short: '湖南',
  abbr: '湘',
  department: '湖南省工业和信息化厅',
  office: '中小企业服务指导处',
  cityBureaus: '各市州工信局',
  cities: HUNAN_CITIES,
  divisions: frozenDivisions(HUNAN_CITIES, HUNAN_DIVISIONS),
});

export const SICHUAN: Province = Object.freeze({
  id: 'sichuan',
  name: '四川省',
  short: '四川',
  abbr: '川',
  department: '四川省经济和信息化厅',
  cityBureaus: '各市(州)经济和信息化局',
  cities: SICHUAN_CITIES,
  divisions: frozenDivisions(SICHUAN_CITIES, SICHUAN_DIVISIONS),
});

/**
 * A national deployment (PROVINCE=全国 or national; README "National deployment"): one table for
 * the 31 provincial-level divisions. Its "cities" are every prefecture-level division of the 31
 * (shared/provinces-cn.ts, written from knowledge); a base names its province and one of that
 * province's cities. The department and wording are written from knowledge too.
 */
export const NATIONAL: Province = Object.freeze({
  id: 'national',
  name: '全国',
  short: '全国',
  abbr: '全国',
  department: '工业和信息化部',
  office: '中小企业局',
  cityBureaus: '各省、自治区、直辖市中小企业主管部门',
  cities: Object.freeze([...new Set(CHINA_PROVINCES.flatMap((x) => x.cities))]),
  divisions: Object.freeze({ ...HUNAN.divisions, ...SICHUAN.divisions }),
});

/** Every province Tongbao has the data of; the first is the default. */
export const PROVINCES: readonly Province[] = Object.freeze([HUNAN, SICHUAN]);

export const DEFAULT_PROVINCE = HUNAN;

/** The province named `湖南省`, `湖南` or `hunan` (surrounding spaces ignored, the id in any case). */
export function findProvince(name: string): Province | undefined {
  const n = name.trim();
  if (n === NATIONAL.name || n === NATIONAL.id || n.toLowerCase() === NATIONAL.id) return NATIONAL;
  return PROVINCES.find((p) => p.name === n || p.short === n || p.id === n.toLowerCase());
}

/** 株洲市 → 株洲, 湘西土家族苗族自治州 → 湘西州, 阿坝藏族羌族自治州 → 阿坝州: how prose names a city. */
export function cityShortName(city: string): string {
  if (city.endsWith('自治州') && city.length > 4) return `${city.slice(0, 2)}州`;
  return city.endsWith('市') && city.length > 2 ? city.slice(0, -1) : city;
}

/** A city's place in the province's official order; cities it does not have come last. */
export function cityRank(p: Pick<Province, 'cities'>, city: string): number {
  const i = p.cities.indexOf(city);
  return i < 0 ? p.cities.length : i;
}

/** `应为湖南省14个市州之一(长沙市、…)` */
export const cityListMessage = (p: Pick<Province, 'name' | 'cities'>) => `应为${p.name}${p.cities.length}个市州之一(${p.cities.join('、')})`;

// ---- the province in force ------------------------------------------------------------------------
// Schemas shared with the pages (shared/registry.ts, shared/platforms/registry.ts) check cities
// against it, and the pages read their city lists and titles from it. On the server
// shared/config.ts sets it when it loads (from PROVINCE); the pages set it from GET /api/province
// (web/src/province.ts) before showing anything past sign-in. Nothing else sets it.

/** What GET /api/province answers: the province without its server-only wording. */
export type ProvinceInfo = Pick<Province, 'id' | 'name' | 'short' | 'abbr' | 'department' | 'office' | 'departmentAssumed' | 'cities' | 'divisions'> & {
  /**
   * A national deployment, answered to a national role (no province): the 31 provinces and their
   * cities, for the pages' province selector. Absent otherwise.
   */
  provinces?: ReadonlyArray<{ name: string; short: string; cities: readonly string[] }>;
};

export const provinceInfo = ({ id, name, short, abbr, department, office, departmentAssumed, cities, divisions }: ProvinceInfo): ProvinceInfo => ({
  id,
  name,
  short,
  abbr,
  department,
  ...(office ? { office } : {}),
  ...(departmentAssumed ? { departmentAssumed } : {}),
  cities,
  divisions,
});

/**
 * One of the 31 provinces as a Province of its own (a national deployment's province admin sees
 * theirs): Hunan's and Sichuan's data as above; any other from shared/provinces-cn.ts, its
 * department DERIVED as `<省名>工业和信息化厅` (`departmentAssumed`), no county-level units shipped.
 */
export function provinceOfChina(name: string): Province | undefined {
  const known = PROVINCES.find((p) => p.name === name);
  if (known) return known;
  const c = CHINA_PROVINCES.find((x) => x.name === name);
  if (!c) return undefined;
  return Object.freeze({
    id: c.id,
    name: c.name,
    short: c.short,
    abbr: c.abbr,
    department: `${c.name}工业和信息化厅`,
    departmentAssumed: true,
    cityBureaus: '各市(州)中小企业主管部门',
    cities: c.cities,
    divisions: Object.freeze(Object.fromEntries(c.cities.map((x) => [x, Object.freeze([] as string[])]))),
  });
}

let inForce: ProvinceInfo = DEFAULT_PROVINCE;

export const provinceInForce = (): ProvinceInfo => inForce;

/** Whether this deployment serves all 31 provinces (PROVINCE=全国): scopes carry the province. */
export const isNationalInForce = (): boolean => inForce.id === NATIONAL.id;

export function setProvinceInForce(p: ProvinceInfo): void {
  inForce = p;
}

/**
 * A 市州 of the province in force; any other value (or none) fails with
 * `${label}:应为湖南省14个市州之一(…)`, or with `message` when given.
 */
export const cityField = (label: string, message?: string) =>
  z.custom<string>((v) => typeof v === 'string' && inForce.cities.includes(v), {
    error: () => message ?? `${label}:${cityListMessage(inForce)}`,
  });
