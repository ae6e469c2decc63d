// The Sichuan demo province (SPEC §11, seed 004): a deterministic dataset for a deployment with
// PROVINCE=四川省 — its bases over the 21 市州, their provincial and national designations
// 2015–2021, and one quarter of filings (2021Q4) so that a bulletin exists. Loaded and checked by
// local/demo-sichuan-load.ts (the code `npm run demo` runs against a Sichuan server and
// test/integration/demo-sichuan.test.ts runs against the handlers). Pure data, no I/O.
//
// What seed 004 says (2021-12-07, 工业和信息化部 2021年度国家小型微型企业创业创新示范基地名单):
//  - 四川省组织推荐的6家基地全部成功上榜 — six recommended, six designated national in 2021:
//    电子科技大学西区科技园, 眉山万象创新科技产业园, 自贡高新区南岸科技新区, 绵阳智汇谷创新孵化器,
//    四川(宜宾)智能终端产业示范园, 泸州国家高新区江南科技产业园小型微型企业创业创新基地
//    (the seed is in traditional characters; here in simplified ones);
//  - 四川已培育认定210余家(次)省级 … 示范基地 — cumulative provincial designations ≥ 210 家(次);
//  - 成功推荐26家(次) … 成为国家级 — cumulative national designations 26 家(次), the six included.
//
// Everything else is invented, plausibly (the seed names no other base, no year before 2021, no
// 文号 — so `document` stays empty rather than carry made-up document numbers):
//  - 204 bases over the 21 市州 (ids `sc-…`), each designated provincial once in 2015–2021
//    (registry level 省级; cohort `<year>年`, activeFrom the first quarter of that year);
//  - provincial 家(次) per year 40/35/32/30/27/25/23 = 212 over 2015–2021, 204 distinct bases: 12
//    bases designated in 2015–2016 were revoked at a review (复核, revokedFrom 2018 or 2019); 8 of
//    them were designated again (3 in 2019, 3 in 2020, 2 in 2021) — so they count twice in 家(次)
//    — and 4 left the programme (activeTo the last quarter before the revocation; one of them was
//    recommended again in 2021 and not designated);
//  - 27 provincial recommendations of 2015–2020 were not designated that year (the base was
//    designated a later year), so the provincial success rates vary (84–96 %);
//  - national: recommended/designated 2016 5/5, 2017 6/4, 2018 5/4, 2019 4/3, 2020 5/4 and 2021
//    6/6 (the seed's six, recommended by 四川省经济和信息化厅) — 26 家(次), 26 distinct bases; 5
//    national recommendations were not designated (two of those bases made it a later year);
//    every nationally recommended base held a provincial designation from an earlier year;
//  - one national designation (2016) was revoked from 2020 (复核不合格): it still counts in the
//    26 家(次) (it was designated), but the base is 省级 again in 2021, so the 2021Q4 bulletin counts
//    25 国家级 bases — the level counts are the designations *in force* (shared/designations.ts);
//  - 2021Q4: the 200 bases active then file once (submitted values that pass validation, drawn
//    from a seeded generator; nationals a little larger), so `GET /api/bulletins/2021Q4.xlsx`
//    exists: 基地数量 200, 国家级 25, 省级 175, and a 示范基地认定情况 sheet.

import type { DesignationLevel, DesignationStatus } from '../shared/designations';
import { cityShortName, SICHUAN } from '../shared/province';

export const SICHUAN_DEMO_PROVINCE = '四川省';
export const SICHUAN_DEMO_QUARTER = '2021Q4';
export const SICHUAN_DEMO_YEAR = 2021;
export const SICHUAN_DEPARTMENT = SICHUAN.department; // 四川省经济和信息化厅

export interface SichuanBase {
  baseId: string;
  name: string;
  city: string;
  county: string;
  level: 'provincial';
  cohort: string;
  activeFrom: string;
  activeTo: string | null;
}

export interface SichuanDesignation {
  baseId: string;
  year: number;
  level: DesignationLevel;
  status: DesignationStatus;
  recommendedBy: string;
  revokedFrom: number | null;
}

/** The body of PUT /api/bases/{id}/designations/{year}-{level}. */
export const designationBody = (d: SichuanDesignation) => ({
  status: d.status,
  recommendedBy: d.recommendedBy,
  ...(d.revokedFrom !== null ? { revokedFrom: d.revokedFrom } : {}),
});

/** The six bases of seed 004, designated national in 2021 (simplified characters). */
export const SEED_004_BASES: ReadonlyArray<{ baseId: string; name: string; city: string; county: string; provincialYear: number }> = [
  // County-level units: plausible, not from the seed (it names none). 电子科技大学's 清水河 campus
  // and its 西区 science park lie in 高新西区 by 郫都区; 眉山高新区 in 东坡区; 自贡高新区's 南岸
  // 科技新区 by 自流井区; 绵阳's 智汇谷 in 游仙区; the 宜宾 智能终端产业园 in the 临港 area of 叙州区;
  // 泸州国家高新区 in 江阳区.
  { baseId: 'sc-cd-uestc-west', name: '电子科技大学西区科技园', city: '成都市', county: '郫都区', provincialYear: 2015 },
  { baseId: 'sc-ms-wanxiang', name: '眉山万象创新科技产业园', city: '眉山市', county: '东坡区', provincialYear: 2018 },
  { baseId: 'sc-zg-nanan', name: '自贡高新区南岸科技新区', city: '自贡市', county: '自流井区', provincialYear: 2016 },
  { baseId: 'sc-my-zhihuigu', name: '绵阳智汇谷创新孵化器', city: '绵阳市', county: '游仙区', provincialYear: 2017 },
  { baseId: 'sc-yb-terminal', name: '四川(宜宾)智能终端产业示范园', city: '宜宾市', county: '叙州区', provincialYear: 2019 },
  { baseId: 'sc-lz-jiangnan', name: '泸州国家高新区江南科技产业园小型微型企业创业创新基地', city: '泸州市', county: '江阳区', provincialYear: 2016 },
];

/** What seed 004 prints, and what the dataset must give (checked by local/demo-sichuan-load.ts). */
export const SICHUAN_DEMO_TARGETS = {
  national2021: { recommended: 6, designated: 6, successRate: 1 },
  nationalTimes: 26,
  nationalBases: 26,
  /** 210余家(次): at least 210; the dataset's exact count is 212. */
  provincialTimesAtLeast: 210,
  provincialTimes: 212,
  provincialBases: 204,
  /** 2021Q4: bases filing, and by the level in force. */
  reportingBases: 200,
  nationalInForce: 25,
  provincialInForce: 175,
} as const;

// ---- the registry -----------------------------------------------------------------------------

const CITY_CODES: Record<string, string> = {
  成都市: 'cd',
  自贡市: 'zg',
  攀枝花市: 'pzh',
  泸州市: 'lz',
  德阳市: 'dy',
  绵阳市: 'my',
  广元市: 'gy',
  遂宁市: 'sn',
  内江市: 'nj',
  乐山市: 'ls',
  南充市: 'nc',
  眉山市: 'ms',
  宜宾市: 'yb',
  广安市: 'ga',
  达州市: 'dz',
  雅安市: 'ya',
  巴中市: 'bz',
  资阳市: 'zy',
  阿坝藏族羌族自治州: 'ab',
  甘孜藏族自治州: 'gz',
  凉山彝族自治州: 'lsz',
};

/** Bases per 市州 (204 in all), roughly as the province's economy is spread. */
const CITY_BASES: Record<string, number> = {
  成都市: 49,
  自贡市: 8,
  攀枝花市: 6,
  泸州市: 10,
  德阳市: 13,
  绵阳市: 15,
  广元市: 6,
  遂宁市: 8,
  内江市: 7,
  乐山市: 8,
  南充市: 11,
  眉山市: 8,
  宜宾市: 11,
  广安市: 7,
  达州市: 8,
  雅安市: 6,
  巴中市: 5,
  资阳市: 5,
  阿坝藏族羌族自治州: 3,
  甘孜藏族自治州: 2,
  凉山彝族自治州: 8,
};

const SUFFIXES = [
  '小微企业创业创新基地',
  '中小企业创业园',
  '科技企业孵化器',
  '创新创业园',
  '电子商务产业园',
  '返乡创业园',
  '众创空间',
  '文化创意产业园',
  '智能制造产业园',
  '农产品加工创业园',
  '大学生创业园',
  '军民融合创新产业园',
];

/** Provincial designations (家次) per year; the first designations are these less the re-designations. */
const PROVINCIAL_PER_YEAR: Record<number, number> = { 2015: 40, 2016: 35, 2017: 32, 2018: 30, 2019: 27, 2020: 25, 2021: 23 };
/** Re-designations after a revocation, by year: [count, revokedFrom]. */
const REDESIGNATED: ReadonlyArray<[year: number, count: number, revokedFrom: number]> = [
  [2019, 3, 2018],
  [2020, 3, 2019],
  [2021, 2, 2019],
];
/** Revoked and gone: [count, revokedFrom]. */
const LEFT: ReadonlyArray<[count: number, revokedFrom: number]> = [
  [2, 2018],
  [2, 2019],
];
/** Provincial recommendations not designated that year (the base was designated a later year). */
const PROVINCIAL_NOT_DESIGNATED: Record<number, number> = { 2015: 5, 2016: 4, 2017: 6, 2018: 3, 2019: 5, 2020: 4 };
/** National: [year, recommended, designated]; 2021 is the seed's six. */
const NATIONAL: ReadonlyArray<[year: number, recommended: number, designated: number]> = [
  [2016, 5, 5],
  [2017, 6, 4],
  [2018, 5, 4],
  [2019, 4, 3],
  [2020, 5, 4],
];

/** mulberry32 on a label's hash: the same numbers on every run. */
function rng(label: string): () => number {
  let h = 2166136261;
  for (const ch of `tongbao-sichuan/${label}`) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  let s = h >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
const intIn = (r: () => number, lo: number, hi: number) => lo + (r() % (hi - lo + 1));

/** 市中区, 东区 … are names in more than one city: prefix the city's short name. */
const placeName = (city: string, county: string) => (['市中区', '东区', '西区'].includes(county) ? `${cityShortName(city)}${county}` : county);

const bureauOf = (city: string) => `${city.endsWith('自治州') ? cityShortName(city) : city}经济和信息化局`;

export interface SichuanDataset {
  bases: SichuanBase[];
  designations: SichuanDesignation[];
  /** 2021Q4 values of every base active then, in form units (strings), by baseId. */
  filings: Map<string, Record<string, string>>;
}

let cached: SichuanDataset | undefined;

export function sichuanDataset(): SichuanDataset {
  return (cached ??= build());
}

function build(): SichuanDataset {
  // 1. The bases and their names: the seed's six first in their cities, then generated ones.
  type Draft = { baseId: string; name: string; city: string; county: string; seedYear?: number };
  const drafts: Draft[] = [];
  const names = new Set<string>(SEED_004_BASES.map((b) => b.name));
  for (const [ci, city] of SICHUAN.cities.entries()) {
    const n = CITY_BASES[city]!;
    const seeds = SEED_004_BASES.filter((b) => b.city === city);
    for (const s of seeds) drafts.push({ baseId: s.baseId, name: s.name, city, county: s.county, seedYear: s.provincialYear });
    const units = SICHUAN.divisions[city]!;
    for (let i = 0; drafts.filter((d) => d.city === city).length < n; i++) {
      const county = units[i % units.length]!;
      let k = (i + ci * 5 + Math.floor(i / units.length) * 7) % SUFFIXES.length;
      let name = `${placeName(city, county)}${SUFFIXES[k]}`;
      while (names.has(name)) name = `${placeName(city, county)}${SUFFIXES[(k = (k + 1) % SUFFIXES.length)]}`;
      names.add(name);
      const no = String(drafts.filter((d) => d.city === city && !d.seedYear).length + 1).padStart(2, '0');
      drafts.push({ baseId: `sc-${CITY_CODES[city]}-${no}`, name, city, county });
    }
  }

  // 2. The year of each base's first provincial designation: the seed's six fixed, the rest a
  // deterministic shuffle of the remaining first designations per year.
  const redesignatedIn = (y: number) => REDESIGNATED.filter(([ry]) => ry === y).reduce((s, [, c]) => s + c, 0);
  const firstPerYear = Object.fromEntries(Object.entries(PROVINCIAL_PER_YEAR).map(([y, n]) => [Number(y), n - redesignatedIn(Number(y))]));
  for (const s of SEED_004_BASES) firstPerYear[s.provincialYear]!--;
  const pool = Object.entries(firstPerYear).flatMap(([y, n]) => Array<number>(n).fill(Number(y)));
  const r = rng('first-years');
  for (let i = pool.length - 1; i > 0; i--) {
    const j = r() % (i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const generated = drafts.filter((d) => !d.seedYear);
  if (pool.length !== generated.length) throw new Error(`demo-sichuan: ${pool.length} first years for ${generated.length} bases`);
  const firstYear = new Map<string, number>();
  generated.forEach((d, i) => firstYear.set(d.baseId, pool[i]!));
  for (const d of drafts) if (d.seedYear) firstYear.set(d.baseId, d.seedYear);

  const designations: SichuanDesignation[] = [];
  const provincial = (baseId: string, year: number, status: DesignationStatus, revokedFrom: number | null = null) => {
    const city = drafts.find((d) => d.baseId === baseId)!.city;
    designations.push({ baseId, year, level: 'provincial', status, recommendedBy: bureauOf(city), revokedFrom });
  };
  for (const d of drafts) provincial(d.baseId, firstYear.get(d.baseId)!, 'designated');

  // Who plays which part: picked in registry order (cities in official order) among generated
  // bases of the right first year, each base at most one part.
  const used = new Set<string>();
  const pick = (part: string, year: number | ((y: number) => boolean), n: number): string[] => {
    const ok = typeof year === 'number' ? (y: number) => y === year : year;
    const candidates = generated.filter((d) => ok(firstYear.get(d.baseId)!) && !used.has(d.baseId));
    // A deterministic shuffle per part, so the parts spread over the cities.
    const rp = rng(`part/${part}`);
    for (let i = candidates.length - 1; i > 0; i--) {
      const j = rp() % (i + 1);
      [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
    }
    if (candidates.length < n) throw new Error(`demo-sichuan: not enough bases for ${part} (${candidates.length}/${n})`);
    const out = candidates.slice(0, n).map((c) => c.baseId);
    for (const id of out) used.add(id);
    return out;
  };

  // 3. National (before the revocations, so the nationals keep a clean provincial record).
  const ofYear = (y: number) => (x: number) => x < y;
  const national = (baseId: string, year: number, status: DesignationStatus, revokedFrom: number | null = null) =>
    designations.push({ baseId, year, level: 'national', status, recommendedBy: SICHUAN_DEPARTMENT, revokedFrom });
  // Not designated the year they were recommended, designated a later one: [recommended, designated].
  const later: Array<[number, number]> = [
    [2017, 2018],
    [2018, 2020],
  ];
  const laterIds = later.map(([y]) => pick(`national-later-${y}`, ofYear(y), 1)[0]!);
  for (const [year, recommended, designated] of NATIONAL) {
    const comeback = later.flatMap(([, dy], i) => (dy === year ? [laterIds[i]!] : []));
    const fresh = pick(`national-${year}`, ofYear(year), designated - comeback.length);
    for (const id of [...comeback, ...fresh]) national(id, year, 'designated');
    const failedLater = later.flatMap(([ry], i) => (ry === year ? [laterIds[i]!] : []));
    const failedNever = pick(`national-failed-${year}`, ofYear(year), recommended - designated - failedLater.length);
    for (const id of [...failedLater, ...failedNever]) national(id, year, 'not-designated');
  }
  // The 2016 national designation revoked at the 2020 review: the first of 2016's list.
  const revokedNational = designations.find((d) => d.level === 'national' && d.year === 2016)!;
  revokedNational.status = 'revoked';
  revokedNational.revokedFrom = 2020;
  for (const s of SEED_004_BASES) national(s.baseId, SICHUAN_DEMO_YEAR, 'designated');

  // 4. Provincial revocations: re-designated later, or gone.
  const activeTo = new Map<string, string>();
  const revoke = (baseId: string, revokedFrom: number) => {
    const d = designations.find((x) => x.baseId === baseId && x.level === 'provincial' && x.status === 'designated')!;
    d.status = 'revoked';
    d.revokedFrom = revokedFrom;
  };
  for (const [year, count, revokedFrom] of REDESIGNATED)
    for (const id of pick(`redesignated-${year}`, (y) => y <= 2016, count)) {
      revoke(id, revokedFrom);
      provincial(id, year, 'designated');
    }
  const left: string[] = [];
  for (const [count, revokedFrom] of LEFT)
    for (const id of pick(`left-${revokedFrom}`, (y) => y <= 2016, count)) {
      revoke(id, revokedFrom);
      activeTo.set(id, `${revokedFrom - 1}Q4`);
      left.push(id);
    }
  // One of them tried again in 2021 and was not designated.
  provincial(left[0]!, SICHUAN_DEMO_YEAR, 'not-designated');

  // 5. Provincial recommendations that failed a year before the base's designation.
  for (const [y, n] of Object.entries(PROVINCIAL_NOT_DESIGNATED))
    for (const id of pick(`provincial-failed-${y}`, Number(y) + 1, n)) provincial(id, Number(y), 'not-designated');

  const baseList: SichuanBase[] = drafts.map((d) => ({
    baseId: d.baseId,
    name: d.name,
    city: d.city,
    county: d.county,
    level: 'provincial',
    cohort: `${firstYear.get(d.baseId)}年`,
    activeFrom: `${firstYear.get(d.baseId)}Q1`,
    activeTo: activeTo.get(d.baseId) ?? null,
  }));
  designations.sort((a, b) => a.year - b.year || a.level.localeCompare(b.level) || a.baseId.localeCompare(b.baseId));

  // 6. 2021Q4 filings of the bases active then.
  const nationalIn2021 = new Set(designations.filter((d) => d.level === 'national' && d.status === 'designated').map((d) => d.baseId));
  const filings = new Map<string, Record<string, string>>();
  for (const b of baseList) if (!b.activeTo) filings.set(b.baseId, quarterValues(b.baseId, nationalIn2021.has(b.baseId)));
  return { bases: baseList, designations, filings };
}

// ---- the 2021Q4 values ---------------------------------------------------------------------------

const money = (wanTimes100: number) => `${Math.floor(wanTimes100 / 100)}.${String(wanTimes100 % 100).padStart(2, '0')}`;
const pct = (x: number, lo: number, hi: number, r: () => number) => Math.floor((x * intIn(r, lo, hi)) / 100);

/**
 * One base's 2021Q4 filing in form units: every field of the 2021 catalog, each part no larger
 * than its whole (the hard checks of shared/validation.ts), sizes plausible for a quarter.
 */
export function quarterValues(baseId: string, national: boolean): Record<string, string> {
  const r = rng(`values/${baseId}`);
  const size = intIn(r, 2, 10) + (national ? 6 : 0); // 2…16
  const buildingArea = size * intIn(r, 9000, 16000);
  const resident = size * intIn(r, 10, 22);
  const opRevenue = size * intIn(r, 3000, 9000); // 万元 × 100
  const entRevenue = resident * intIn(r, 6000, 25000);
  const sessions = () => intIn(r, 2, 8) * size;
  const v: Record<string, string | number> = {
    buildingArea,
    selfOwnedArea: pct(buildingArea, 40, 95, r),
    standardFactoryArea: pct(buildingArea, 10, 60, r),
    avgRent: money(intIn(r, 1200, 4500)),
    avgSalePrice: money(intIn(r, 250000, 800000)),
    serviceStaff: size * intIn(r, 2, 5),
    certifiedMentors: intIn(r, 1, 3) * Math.ceil(size / 2),
    operatorAssets: money(size * intIn(r, 80000, 400000)),
    operatorRevenue: money(opRevenue),
    operatorServiceRevenue: money(pct(opRevenue, 20, 60, r)),
    serviceExpenditure: money(pct(opRevenue, 8, 30, r)),
    thirdPartyProviders: size + intIn(r, 1, 12),
    residentEnterprises: resident,
    smallMicroEnterprises: pct(resident, 80, 96, r),
    reportingEnterprises: pct(resident, 60, 95, r),
    highTechEnterprises: pct(resident, 3, 20, r),
    employees: resident * intIn(r, 8, 35),
    enterpriseAssets: money(resident * intIn(r, 30000, 150000)),
    enterpriseRevenue: money(entRevenue),
    enterpriseProfit: money(pct(entRevenue, 3, 10, r)),
    enterpriseTax: money(pct(entRevenue, 2, 6, r)),
    trademarks: pct(resident, 20, 80, r),
    softwareCopyrights: pct(resident, 10, 60, r),
    inventionPatents: pct(resident, 2, 15, r),
    utilityPatents: pct(resident, 10, 40, r),
    designPatents: pct(resident, 2, 12, r),
  };
  for (const type of ['info', 'startup', 'training', 'financing', 'other']) {
    const s = sessions();
    v[`service.${type}.sessions`] = s;
    v[`service.${type}.enterprises`] = s * intIn(r, 3, 12);
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
}
