// Demo data for the window-platform program (SPEC §9, issue 13): a plausible 2020 platform network
// whose derived figures equal seed 003 (../shared/seeds/003_*.txt, 2020年建设运营情况的通报):
//   建设: 计划建设 35, 实际完成 27 (计划内 26, 计划外 1), 未完成 9, 完成率 26/35 = 74.29%;
//   覆盖: 累计建成 104 county/park platforms, 覆盖率 83.74%, 全覆盖 株洲 湘潭 衡阳 常德 张家界 郴州 永州;
//   运行: 政策信息 177600 条, 新增注册企业 52796 家, 服务机构 925 家, 服务项目 7631 个, 服务活动 1984 次,
//         服务企业 11万余 家次, 线上发布需求 800余 项, 线上达成服务交易 2.6万余 次;
//   活跃: 衡阳、岳阳、郴州 (市州); 有色金属、芦淞服饰 (产业集群); 南县、双峰县、桂东县、桃江县、衡山县 (县市区).
//
// Pure and deterministic like local/demo-data.ts: a seeded integer PRNG, integer arithmetic (bigint
// splits with largest remainders, so every total is exact), no clock, no I/O. The registry and the
// plan are written out as data; only the filing values are generated. PLATFORM_DEMO_TARGETS lists
// the seed's figures; test/unit/platforms-demo-data.test.ts recomputes each from the dataset, and the
// lead's loader checks them again through the API.
//
// How the seed's figures fit together (and what we chose where it is silent):
//  - 覆盖率 83.74% with 104 platforms: 103 covered units of 123 (103/123 = 83.7398%) — see
//    COVERAGE_EXPLANATION and shared/platforms/divisions.ts for the 123rd unit (怀化市 洪江区). The
//    104th platform is a park (宁乡经济技术开发区, built 2020 under 长沙's plan): parks count as built
//    but cover no unit. We chose a park over a unit with two platforms because the seed itself plans
//    "县市区、工业园区窗口平台" together.
//  - 未完成 9 = 35 − 26 only if no city built more in-plan platforms than planned; so per city
//    inPlan ≤ planned, and the 9 are spread over 邵阳 2, 岳阳 1, 怀化 3, 娄底 1, 湘西 2 — cities that are
//    still short of full coverage. The one 计划外 platform is 湘潭's 韶山市 (湘潭 had no 2020 plan; it
//    completes 湘潭's coverage).
//  - The seed prints no per-city table (its "如下:" table is an image); ours is plausible.
//  - 服务企业, 线上发布需求 and 线上达成服务交易 are printed as 11万余 / 800余 / 2.6万余: we pick exact
//    totals inside those ranges (113468, 836, 26354).
//  - Every platform files 2020 (no missing filers), so the totals above are the filed totals.
//  - Activity: the named platforms get fixed, well separated activity levels and the same level in
//    every indicator; every other platform's levels are random but capped below the last named one
//    of its tier, so the rankings hold whatever the rounding (the test recomputes them).

import { HUNAN_CITIES } from '../shared/registry';
import { distribute } from './demo-data';

export const PLATFORM_DEMO_YEAR = 2020;

// matches PlatformInput of shared/platforms/registry.ts (see /tmp/contract.md)
export type DemoTier = 'city' | 'cluster' | 'county';
export interface DemoPlatformInput {
  name: string;
  tier: DemoTier;
  city: string;
  county: string | null;
  park: boolean;
  cluster: string | null;
  builtYear: number;
  inPlan: boolean;
  activeFrom: string | null;
  activeTo: string | null;
}
export type DemoPlatform = DemoPlatformInput & { platformId: string };

/** The 8 yearly indicators in SPEC §9 order (the codes of PLATFORM_FIELDS). */
export const PLATFORM_DEMO_FIELDS = [
  'policyItems',
  'newEnterprises',
  'newAgencies',
  'serviceProjects',
  'serviceActivities',
  'enterprisesServed',
  'demandsPublished',
  'onlineDeals',
] as const;
export type PlatformDemoField = (typeof PLATFORM_DEMO_FIELDS)[number];

// ---------------------------------------------------------------------------------------------
// Registry and plan
// ---------------------------------------------------------------------------------------------

type City = (typeof HUNAN_CITIES)[number];

interface CitySpec {
  /** id prefix */
  code: string;
  /** 2020 plan: county/park platforms to build. */
  planned: number;
  /** County platforms by the year they were built (units of DEFAULT_DIVISIONS, space-separated). */
  built: Partial<Record<2016 | 2017 | 2018 | 2019 | 2020, string>>;
}

// Units with no platform by the end of 2020 (20 of 123): 长沙 芙蓉区 天心区 (served by the city
// platform), 邵阳 北塔区 绥宁县 新宁县 城步, 岳阳 云溪区 君山区, 益阳 资阳区 沅江市, 怀化 中方县 麻阳 新晃 通道
// 洪江区, 娄底 娄星区 冷水江市, 湘西 泸溪县 保靖县 古丈县. Named platforms of seed 003 (南县, 双峰县, 桂东县,
// 桃江县, 衡山县, and 荷塘区 开福区 耒阳市 洞口县 涟源市 新化县 of its activity paragraph) all exist.
const CITY_SPECS: Record<City, CitySpec> = {
  长沙市: { code: 'cs', planned: 2, built: { 2016: '长沙县 浏阳市', 2017: '宁乡市 望城区', 2018: '开福区', 2019: '雨花区', 2020: '岳麓区' } },
  株洲市: { code: 'zz', planned: 1, built: { 2016: '荷塘区 醴陵市 攸县', 2017: '芦淞区 石峰区 茶陵县', 2018: '天元区', 2019: '炎陵县', 2020: '渌口区' } },
  湘潭市: { code: 'xt', planned: 0, built: { 2016: '湘潭县 湘乡市', 2017: '雨湖区', 2019: '岳塘区', 2020: '韶山市' } },
  衡阳市: {
    code: 'hy',
    planned: 2,
    built: { 2016: '衡山县 耒阳市 衡阳县', 2017: '衡南县 常宁市 祁东县', 2018: '衡东县 珠晖区', 2019: '石鼓区 蒸湘区', 2020: '南岳区 雁峰区' },
  },
  邵阳市: { code: 'sy', planned: 5, built: { 2016: '邵东市 洞口县', 2017: '隆回县', 2018: '武冈市', 2019: '双清区', 2020: '大祥区 新邵县 邵阳县' } },
  岳阳市: { code: 'yy', planned: 3, built: { 2016: '汨罗市 平江县', 2017: '岳阳县', 2018: '湘阴县', 2019: '临湘市', 2020: '岳阳楼区 华容县' } },
  常德市: { code: 'cd', planned: 2, built: { 2016: '武陵区 澧县', 2017: '鼎城区 桃源县', 2018: '石门县 汉寿县', 2019: '临澧县', 2020: '津市市 安乡县' } },
  张家界市: { code: 'zjj', planned: 1, built: { 2016: '永定区', 2017: '慈利县', 2019: '桑植县', 2020: '武陵源区' } },
  益阳市: { code: 'iy', planned: 2, built: { 2016: '南县', 2017: '桃江县', 2020: '赫山区 安化县' } },
  郴州市: {
    code: 'cz',
    planned: 2,
    built: { 2016: '资兴市 桂阳县 桂东县', 2017: '苏仙区 永兴县', 2018: '宜章县 汝城县', 2019: '临武县 安仁县', 2020: '北湖区 嘉禾县' },
  },
  永州市: {
    code: 'yz',
    planned: 3,
    built: { 2016: '冷水滩区 祁阳县', 2017: '东安县 宁远县 道县', 2018: '江华瑶族自治县 蓝山县', 2019: '新田县', 2020: '零陵区 双牌县 江永县' },
  },
  怀化市: {
    code: 'hh',
    planned: 6,
    built: { 2016: '鹤城区 洪江市', 2017: '溆浦县', 2018: '沅陵县', 2019: '靖州苗族侗族自治县', 2020: '辰溪县 会同县 芷江侗族自治县' },
  },
  娄底市: { code: 'ld', planned: 2, built: { 2016: '双峰县', 2018: '新化县', 2020: '涟源市' } },
  湘西土家族苗族自治州: { code: 'xx', planned: 4, built: { 2016: '吉首市', 2017: '龙山县', 2019: '花垣县', 2020: '凤凰县 永顺县' } },
};

/** 湘潭 had no 2020 plan: its 2020 platform is the one 计划外. */
const OUT_OF_PLAN_2020 = new Set(['韶山市']);

/** Plain-ASCII id stems (pinyin) of the units that have a platform. */
const PINYIN: Record<string, string> = {
  长沙县: 'changshaxian',
  浏阳市: 'liuyang',
  宁乡市: 'ningxiang',
  望城区: 'wangcheng',
  开福区: 'kaifu',
  雨花区: 'yuhua',
  岳麓区: 'yuelu',
  荷塘区: 'hetang',
  醴陵市: 'liling',
  攸县: 'youxian',
  芦淞区: 'lusong',
  石峰区: 'shifeng',
  茶陵县: 'chaling',
  天元区: 'tianyuan',
  炎陵县: 'yanling',
  渌口区: 'lukou',
  湘潭县: 'xiangtanxian',
  湘乡市: 'xiangxiang',
  雨湖区: 'yuhu',
  岳塘区: 'yuetang',
  韶山市: 'shaoshan',
  衡山县: 'hengshan',
  耒阳市: 'leiyang',
  衡阳县: 'hengyangxian',
  衡南县: 'hengnan',
  常宁市: 'changning',
  祁东县: 'qidong',
  衡东县: 'hengdong',
  珠晖区: 'zhuhui',
  石鼓区: 'shigu',
  蒸湘区: 'zhengxiang',
  南岳区: 'nanyue',
  雁峰区: 'yanfeng',
  邵东市: 'shaodong',
  洞口县: 'dongkou',
  隆回县: 'longhui',
  武冈市: 'wugang',
  双清区: 'shuangqing',
  大祥区: 'daxiang',
  新邵县: 'xinshao',
  邵阳县: 'shaoyangxian',
  汨罗市: 'miluo',
  平江县: 'pingjiang',
  岳阳县: 'yueyangxian',
  湘阴县: 'xiangyin',
  临湘市: 'linxiang',
  岳阳楼区: 'yueyanglou',
  华容县: 'huarong',
  武陵区: 'wuling',
  澧县: 'lixian',
  鼎城区: 'dingcheng',
  桃源县: 'taoyuan',
  石门县: 'shimen',
  汉寿县: 'hanshou',
  临澧县: 'linli',
  津市市: 'jinshi',
  安乡县: 'anxiang',
  永定区: 'yongding',
  慈利县: 'cili',
  桑植县: 'sangzhi',
  武陵源区: 'wulingyuan',
  南县: 'nanxian',
  桃江县: 'taojiang',
  赫山区: 'heshan',
  安化县: 'anhua',
  资兴市: 'zixing',
  桂阳县: 'guiyang',
  桂东县: 'guidong',
  苏仙区: 'suxian',
  永兴县: 'yongxing',
  宜章县: 'yizhang',
  汝城县: 'rucheng',
  临武县: 'linwu',
  安仁县: 'anren',
  北湖区: 'beihu',
  嘉禾县: 'jiahe',
  冷水滩区: 'lengshuitan',
  祁阳县: 'qiyang',
  东安县: 'dongan',
  宁远县: 'ningyuan',
  道县: 'daoxian',
  江华瑶族自治县: 'jianghua',
  蓝山县: 'lanshan',
  新田县: 'xintian',
  零陵区: 'lingling',
  双牌县: 'shuangpai',
  江永县: 'jiangyong',
  鹤城区: 'hecheng',
  洪江市: 'hongjiang',
  溆浦县: 'xupu',
  沅陵县: 'yuanling',
  靖州苗族侗族自治县: 'jingzhou',
  辰溪县: 'chenxi',
  会同县: 'huitong',
  芷江侗族自治县: 'zhijiang',
  双峰县: 'shuangfeng',
  新化县: 'xinhua',
  涟源市: 'lianyuan',
  吉首市: 'jishou',
  龙山县: 'longshan',
  花垣县: 'huayuan',
  凤凰县: 'fenghuang',
  永顺县: 'yongshun',
};

/** 湘西土家族苗族自治州 is 湘西自治州 in platform names. */
const shortName = (city: City): string => (city === '湘西土家族苗族自治州' ? '湘西自治州' : city);

// 市州 platforms were the network's first layer, all in place before the 2017 evaluation rules.
const CITY_BUILT: Record<City, number> = {
  长沙市: 2013,
  株洲市: 2013,
  湘潭市: 2014,
  衡阳市: 2013,
  邵阳市: 2014,
  岳阳市: 2013,
  常德市: 2014,
  张家界市: 2015,
  益阳市: 2014,
  郴州市: 2013,
  永州市: 2015,
  怀化市: 2015,
  娄底市: 2014,
  湘西土家族苗族自治州: 2016,
};

/** Industry-cluster platforms: Hunan's characteristic SME clusters. */
const CLUSTERS: ReadonlyArray<{ id: string; cluster: string; city: City; name: string; builtYear: number }> = [
  { id: 'plat-cz-youse', cluster: '有色金属', city: '郴州市', name: '郴州有色金属产业集群窗口平台', builtYear: 2014 },
  { id: 'plat-zz-lusong-fushi', cluster: '芦淞服饰', city: '株洲市', name: '株洲芦淞服饰产业集群窗口平台', builtYear: 2014 },
  { id: 'plat-zz-liling-taoci', cluster: '醴陵陶瓷', city: '株洲市', name: '醴陵陶瓷产业集群窗口平台', builtYear: 2015 },
  { id: 'plat-cs-liuyang-huapao', cluster: '浏阳花炮', city: '长沙市', name: '浏阳花炮产业集群窗口平台', builtYear: 2015 },
  { id: 'plat-sy-shaodong-wujin', cluster: '邵东五金', city: '邵阳市', name: '邵东五金产业集群窗口平台', builtYear: 2016 },
  { id: 'plat-iy-anhua-heicha', cluster: '安化黑茶', city: '益阳市', name: '安化黑茶产业集群窗口平台', builtYear: 2016 },
  { id: 'plat-yy-shihua', cluster: '岳阳石化', city: '岳阳市', name: '岳阳石化产业集群窗口平台', builtYear: 2017 },
  { id: 'plat-hy-shubiandian', cluster: '输变电装备', city: '衡阳市', name: '衡阳输变电装备产业集群窗口平台', builtYear: 2018 },
];

/** The one park platform: built 2020 under 长沙's plan, in 宁乡市 (which has its own county platform). */
const PARK = {
  platformId: 'plat-cs-park-ningxiang',
  name: '宁乡经济技术开发区中小企业公共服务窗口平台',
  city: '长沙市' as City,
  county: '宁乡市',
  builtYear: 2020,
};

const words = (s: string | undefined): string[] => (s ? s.split(' ') : []);

/** Every platform of the demo network (all active in 2020), city tier first, then clusters, then counties. */
export function demoPlatforms(): DemoPlatform[] {
  const none = { county: null, park: false, cluster: null, activeFrom: null, activeTo: null };
  const out: DemoPlatform[] = [];
  for (const city of HUNAN_CITIES)
    out.push({
      platformId: `plat-${CITY_SPECS[city].code}-city`,
      name: `${shortName(city)}中小企业公共服务综合窗口平台`,
      tier: 'city',
      city,
      builtYear: CITY_BUILT[city],
      inPlan: true,
      ...none,
    });
  for (const c of CLUSTERS)
    out.push({ platformId: c.id, name: c.name, tier: 'cluster', city: c.city, builtYear: c.builtYear, inPlan: true, ...none, cluster: c.cluster });
  for (const city of HUNAN_CITIES) {
    const spec = CITY_SPECS[city];
    for (const [year, units] of Object.entries(spec.built))
      for (const county of words(units)) {
        const stem = PINYIN[county];
        if (!stem) throw new Error(`no id stem for ${county}`);
        out.push({
          platformId: `plat-${stem}`,
          name: `${county}中小企业公共服务综合窗口平台`,
          tier: 'county',
          city,
          ...none,
          county,
          builtYear: Number(year),
          inPlan: !OUT_OF_PLAN_2020.has(county),
        });
      }
    if (city === PARK.city)
      out.push({
        platformId: PARK.platformId,
        name: PARK.name,
        tier: 'county',
        city,
        ...none,
        county: PARK.county,
        park: true,
        builtYear: PARK.builtYear,
        inPlan: true,
      });
  }
  return out;
}

/** PUT /api/platform-plans/2020 body: every city, 0 where it had no plan; Σ 35. */
export function demoPlatformPlan(): { cities: Record<string, number> } {
  return { cities: Object.fromEntries(HUNAN_CITIES.map((c) => [c, CITY_SPECS[c].planned])) };
}

// ---------------------------------------------------------------------------------------------
// 2020 filing values
// ---------------------------------------------------------------------------------------------

/** Province totals: the seed's exact figures, and exact picks inside its 余 ranges. */
export const PLATFORM_DEMO_TOTALS: Readonly<Record<PlatformDemoField, number>> = {
  policyItems: 177600,
  newEnterprises: 52796,
  newAgencies: 925,
  serviceProjects: 7631,
  serviceActivities: 1984,
  enterprisesServed: 113468, // 11万余
  demandsPublished: 836, // 800余
  onlineDeals: 26354, // 2.6万余
};

// Tier shares (not printed by the seed): the 14 市州 platforms carry about a third, the 8 clusters
// under a tenth, the 104 county/park platforms the rest.
const TIER_TOTALS: Record<'city' | 'cluster', Record<PlatformDemoField, number>> = {
  city: {
    policyItems: 62400,
    newEnterprises: 19870,
    newAgencies: 318,
    serviceProjects: 2764,
    serviceActivities: 612,
    enterprisesServed: 41230,
    demandsPublished: 298,
    onlineDeals: 9872,
  },
  cluster: {
    policyItems: 14800,
    newEnterprises: 6120,
    newAgencies: 97,
    serviceProjects: 873,
    serviceActivities: 205,
    enterprisesServed: 12650,
    demandsPublished: 114,
    onlineDeals: 3410,
  },
};

/**
 * The seed's most active platforms per tier, in order, with their activity level (the same in every
 * indicator). Every other platform's level × per-indicator noise stays below OTHERS_CAP[tier], which
 * is below the last named level, so the named ones lead their tier in this order.
 */
const NAMED_ACTIVE: Record<DemoTier, ReadonlyArray<[platformId: string, level: number]>> = {
  city: [
    ['plat-hy-city', 300],
    ['plat-yy-city', 250],
    ['plat-cz-city', 210],
  ],
  cluster: [
    ['plat-cz-youse', 300],
    ['plat-zz-lusong-fushi', 240],
  ],
  county: [
    ['plat-nanxian', 400],
    ['plat-shuangfeng', 340],
    ['plat-guidong', 290],
    ['plat-taojiang', 250],
    ['plat-hengshan', 215],
  ],
};

/** mulberry32 on 32-bit integers, one stream per label (as in local/demo-data.ts). */
function rng(label: string): (lo: number, hi: number) => number {
  let h = 2166136261;
  for (const ch of `tongbao-platforms/${label}`) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  let s = h >>> 0;
  return (lo, hi) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (((t ^ (t >>> 14)) >>> 0) % (hi - lo + 1));
  };
}

/** platformId → the 8 counted 2020 values (integers); every platform files. */
export function demoPlatformValues(): Map<string, Record<string, number>> {
  const platforms = demoPlatforms();
  const out = new Map<string, Record<string, number>>();
  for (const tier of ['city', 'cluster', 'county'] as const) {
    const members = platforms.filter((p) => p.tier === tier);
    const named = new Map(NAMED_ACTIVE[tier]);
    const rand = rng(tier);
    // Levels: unnamed platforms 40..120 (those built in 2020 ran only part of the year: 15..45);
    // per indicator × 60..140 %, so at most 168 — below every named level (≥ 210) × 100 %.
    const level = members.map((p) => named.get(p.platformId) ?? (p.builtYear === PLATFORM_DEMO_YEAR ? rand(15, 45) : rand(40, 120)));
    for (const p of members) out.set(p.platformId, {});
    for (const field of PLATFORM_DEMO_FIELDS) {
      const total = tier === 'county' ? PLATFORM_DEMO_TOTALS[field] - TIER_TOTALS.city[field] - TIER_TOTALS.cluster[field] : TIER_TOTALS[tier][field];
      const weights = members.map((p, i) => BigInt(level[i]! * (named.has(p.platformId) ? 100 : rand(60, 140))));
      distribute(BigInt(total), weights).forEach((v, i) => (out.get(members[i]!.platformId)![field] = Number(v)));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

export const COVERAGE_EXPLANATION =
  '覆盖率83.74% = 103 ÷ 123:默认县市区名单为全省122个县级行政区加怀化市洪江区(洪江管理区,省统计口径列为县级单位),共123个;' +
  '截至2020年底建成县市区(工业园区)窗口平台104家,其中宁乡经济技术开发区为园区平台、不计覆盖,其余103家各覆盖一个县市区。' +
  '按122个县级行政区计算,任何覆盖数都得不到83.74%(102/122 = 83.61%,103/122 = 84.43%)。';

export type PlatformDemoTarget = {
  /** What is checked: `plan.*` (全省合计 row of planCompletion), `coverage.*`, `values.<field>` (scope all), `activity.<tier>`. */
  key: string;
  label: string;
  /** The seed's words for it; null for a figure the seed implies but does not print. */
  printed: string | null;
} & (
  | { check: 'exact'; expected: number | string | readonly string[] }
  /** The seed prints a rounded "余" figure: any value in [min, max]; `expected` is the demo's exact value. */
  | { check: 'range'; expected: number; min: number; max: number }
);

const value = (field: PlatformDemoField, label: string, printed: string): PlatformDemoTarget => ({
  key: `values.${field}`,
  label,
  printed,
  check: 'exact',
  expected: PLATFORM_DEMO_TOTALS[field],
});
const range = (field: PlatformDemoField, label: string, printed: string, min: number, max: number): PlatformDemoTarget => ({
  key: `values.${field}`,
  label,
  printed,
  check: 'range',
  expected: PLATFORM_DEMO_TOTALS[field],
  min,
  max,
});

/**
 * Seed 003's figures for 2020. Rates are percentages with 2 decimals as printed (rounded half up);
 * `activity.<tier>` lists the top platforms of the tier in order — by city (市州), cluster, county.
 */
export const PLATFORM_DEMO_TARGETS: readonly PlatformDemoTarget[] = [
  { key: 'plan.planned', label: '计划建设', printed: '全省计划建设县市区、工业园区窗口平台35家', check: 'exact', expected: 35 },
  { key: 'plan.built', label: '实际完成', printed: '实际完成建设27家', check: 'exact', expected: 27 },
  { key: 'plan.inPlan', label: '计划内', printed: '其中,计划内26家', check: 'exact', expected: 26 },
  { key: 'plan.outPlan', label: '计划外', printed: '计划外1家', check: 'exact', expected: 1 },
  { key: 'plan.notDone', label: '未完成', printed: '未完成建设的9家', check: 'exact', expected: 9 },
  { key: 'plan.rate', label: '完成率', printed: '总体任务完成率74.29%', check: 'exact', expected: '74.29%' },
  { key: 'coverage.built', label: '累计建成', printed: '全省共建成县市区(工业园区)窗口平台104家', check: 'exact', expected: 104 },
  { key: 'coverage.units', label: '县市区数', printed: null, check: 'exact', expected: 123 },
  { key: 'coverage.covered', label: '已覆盖', printed: null, check: 'exact', expected: 103 },
  { key: 'coverage.rate', label: '覆盖率', printed: '平台覆盖率达到83.74%', check: 'exact', expected: '83.74%' },
  {
    key: 'coverage.fullCities',
    label: '全覆盖市州',
    printed: '株洲、湘潭、衡阳、常德、张家界、郴州、永州7个市已实现县市区窗口平台全覆盖',
    check: 'exact',
    expected: ['株洲市', '湘潭市', '衡阳市', '常德市', '张家界市', '郴州市', '永州市'],
  },
  value('policyItems', '发布政策信息(条)', '发布政策信息177600条'),
  value('newEnterprises', '新增注册企业(家)', '新增注册企业52796家'),
  value('newAgencies', '新增服务机构(家)', '服务机构925家'),
  value('serviceProjects', '发布服务项目(个)', '发布服务项目7631个'),
  value('serviceActivities', '开展服务活动(次)', '开展服务活动1984次'),
  range('enterprisesServed', '服务企业(家次)', '服务企业11万余次', 110000, 119999),
  range('demandsPublished', '线上发布需求(项)', '对接企业线上发布需求800余项', 800, 899),
  range('onlineDeals', '线上达成服务交易(次)', '平台网络线上共达成服务交易2.6万余次', 26000, 26999),
  { key: 'activity.city', label: '市州平台相对活跃', printed: '衡阳、岳阳、郴州等市州平台相对活跃', check: 'exact', expected: ['衡阳市', '岳阳市', '郴州市'] },
  { key: 'activity.cluster', label: '产业集群平台相对活跃', printed: '有色金属、芦淞服饰等产业集群平台', check: 'exact', expected: ['有色金属', '芦淞服饰'] },
  {
    key: 'activity.county',
    label: '县市区平台相对活跃',
    printed: '南县、双峰县、桂东县、桃江县、衡山县等县市区平台相对活跃',
    check: 'exact',
    expected: ['南县', '双峰县', '桂东县', '桃江县', '衡山县'],
  },
];
