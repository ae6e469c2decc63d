// Demo data for `npm run demo` (issue 3): a plausible province whose aggregates equal the
// published figures of the two bulletins in ../shared/seeds/ —
//   000: 2020 annual bulletin, 83 bases (附件1 基本情况, 附件2 服务情况, 附件3 三季度/四季度 环比);
//   001: 2017 bulletin, 102 bases (附件1/3/5 and the text), and the cohort 第一批 of 71 bases
//        compared 2016 → 2017 (附件2/4/6) with printed growth rates.
//
// Pure and deterministic: a seeded PRNG (integer mulberry32), integer arithmetic only (bigint),
// no clock, no I/O. Every total is split over bases with random integer weights and
// largest-remainder rounding, so sums are exact; caps keep every 其中 item below its parent per
// base and quarter; the quarter paths move smoothly so the >10× warnings practically never fire.
//
// DEMO_TARGETS is the contract: the exact aggregate (base units) expected for each
// period/scope/field after loading, with the seed's printed figure it reproduces. The generator
// reads its totals from it; the loader (local/demo.ts) polls the live aggregates until they equal
// it; test/unit/demo-data.test.ts recomputes it from the generated filings.
//
// Seed inconsistencies (found by checking every printed figure against the others; the
// checks below encode each, and the test proves what we chose):
//  1. 001 附件2 平均售价 3780.5 → 3828.3 is printed with 增长率 1.1%, but 3828.3 / 3780.5 − 1 =
//     1.26% (1.3%); no totals within the rounding of 3780.5 and 3828.3 give 1.1% (that would need
//     ≈3822 in 2017). We keep the printed averages; the growth comes out 1.3%.
//  2. 001 附件1/附件5 基地平均值 and 企业平均值 mix truncation and rounding: 2615 人/102 = 25.6 is
//     printed 25, 493/102 = 4.8 → 4, 253.7亿/102 = 2.487 → 2.48, 373000万/102 = 3656.9 → 3656,
//     7841/102 = 76.9 → 76, 2224/102 = 21.8 → 21, 7813/102 = 76.6 → 76, 207788/6153 = 33.8 → 33,
//     12100000万/6153 = 1966.5 → 1966, 871000/6153 = 141.56 → 141.5, 401000/6153 = 65.17 → 65.1
//     are truncated, while 27300/102 = 267.6 → 268, 35900/102 = 351.96 → 352, 712/102 = 6.98 → 7,
//     603/102 = 5.9 → 6, 7813/6153 = 1.2698 → 1.27, 2757/6153 = 0.448 → 0.45, 2262/6153 = 0.368 →
//     0.37 are rounded. Counts are exact, so no choice of totals makes one rule fit all; the
//     checks record which rule each printed average follows (`mode`).
//  3. 001 text: 高新技术企业603家 "仅占入驻企业总数的9.8%" — 603/7841 (入驻企业户数) is 7.7%; 9.8% is
//     603/6153, the 报送企业户数 (the text also says "6153家入驻企业中"). The share is taken over
//     报送企业户数.
//  4. 001 附件1 prints operator money in 万元 with trailing zeros (373000, 27300, 35900) — the text's
//     37.3亿 / 2.73亿 converted — and 附件5 prints 入驻企业 money in 万元 (12100000 = 1210亿). We honour
//     the tables' printed precision (1 万元), the tighter one, which also satisfies the text.
//  5. 000 附件3 prints 14091, 472 and 31% without the trailing zero of their one-decimal columns;
//     we take them as 14091.0 万元, 472.0 亿元 and 31.0%. 000's text calls the 培训服务 row
//     "人员培训服" (a typo; the taxonomy 2020 label is 培训服务).
//  6. 000's quarters imply 2020 H1 = year − Q3 − Q4 (e.g. 运营单位营业收入 301677 − 93399.5 −
//     119079.5 = 89198 万元); the split of H1 into Q1/Q2 is not published — ours is plausible
//     (Q1 lower: the epidemic).
//  7. 001's text is cut off mid-sentence ("其中，安仁县中小企业创业创"); nothing depends on it.
// Other things checked and consistent: every 合计 equals the sum of its rows (附件2/3/4 of both
// seeds, 专利 = 发明+实用新型+外观设计 in 附件5/6); every other 增长率 and 比重 comes out from the printed
// totals; 6755/7841 = 86.15%; 27300/373000 = 7.3%; 40245/301677 = 13.3%; the cohort's 2017
// totals never exceed the province's.
//
// What the seeds do not say is made up plausibly (and marked `seed: null` in DEMO_TARGETS):
// 2020 标准厂房面积, rent, sale price, mentors, operator assets, 服务性支出, third parties, 报送/高新
// enterprises, 入驻企业总资产 and intellectual property; 自持面积 for 2016/2017; the Q1/Q2 split of
// 2020. Base names are the seeds' own where they name a base (cities and counties of those are
// plausible guesses, not facts) and generated ones otherwise. 001's text rankings (建筑面积最大,
// 标准厂房前五 with their areas, 总资产/营业收入/服务人员/辅导师/服务场次/服务企业/入驻企业/知识产权 top five,
// the largest increases) are reproduced by pinning those bases' values.
//
// Registry: 第一批 (71) active from 2016Q1; 第二批 (31) from 2017Q1; 第三批/第四批 (12 new bases of
// 2020) from 2018Q1/2019Q1; the 31 bases that did not continue end at 2017Q4, 2018Q4 or 2019Q4.
// So a base is active in exactly the filed periods it files (2018/2019 are not loaded). The level
// is a base's current designation (12 国家级 in 2020), so level scopes of 2016/2017 use it too.

import { fieldsForPeriod, serviceCode, taxonomyForYear } from '../shared/catalog';
import { quartersOfYear } from '../shared/periods';
import type { Values } from '../shared/validation';

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

/** How a printed seed figure is shown: display unit → base units per display unit. */
export const DISPLAY_UNITS: Readonly<Record<string, bigint>> = {
  万平方米: 10_000n,
  万元: 10_000n,
  亿元: 100_000_000n,
  万人: 10_000n,
  '元/平方米/月': 100n,
  '元/平方米': 100n,
  人: 1n,
  家: 1n,
  件: 1n,
  场次: 1n,
  家次: 1n,
};

export interface SeedFigure {
  /** The figure exactly as printed. */
  printed: string;
  /** Its display unit (a key of DISPLAY_UNITS). */
  unit: string;
  /** Decimal places it is printed to (more than `printed` shows when a trailing zero is dropped). */
  dp: number;
  /** Where: `000 附件1`, `001 正文` … */
  source: string;
  note?: string;
}

export interface DemoTarget {
  period: string;
  /** Aggregate scope: `all`, `cohort:第一批` … */
  scope: string;
  /** A catalog field code, or `reportingBases`. */
  code: string;
  kind: 'total' | 'mean' | 'bases';
  /** Exact aggregate in base units; for a mean, the sum of the per-base values (分). */
  expected: bigint;
  /** For a mean: how many bases it averages. */
  count?: bigint;
  /** The published figure this reproduces; null for a plausible figure the seeds do not give. */
  seed: SeedFigure | null;
}

const COHORT = '第一批';
const C1 = `cohort:${COHORT}`;

type SeedSpec = [printed: string, unit: string, source: string, dp?: number, note?: string];
type Row = [period: string, scope: string, code: string, expected: bigint | [sum: bigint, count: bigint], seed?: SeedSpec];

const decimalsOf = (s: string) => (s.split('.')[1] ?? '').length;

// Exact totals were chosen inside each printed figure's rounding window, away from its edges,
// such that every printed growth rate (附件2/4/6, 附件3) comes out of the exact numbers.
const ROWS: Row[] = [
  // ---- 2020, province (000) ----
  ['2020', 'all', 'reportingBases', 83n, ['83', '家', '000 正文(83家国家级和省级创业创新基地)']],
  ['2020', 'all', 'buildingArea', 16282956n, ['1628', '万平方米', '000 附件1']],
  ['2020', 'all', 'selfOwnedArea', 8352690n, ['835', '万平方米', '000 附件1']],
  ['2020', 'all', 'standardFactoryArea', 10862415n],
  ['2020', 'all', 'avgRent', [135317n, 83n]],
  ['2020', 'all', 'avgSalePrice', [34242511n, 83n]],
  ['2020', 'all', 'serviceStaff', 1695n, ['1695', '人', '000 附件1']],
  ['2020', 'all', 'certifiedMentors', 538n],
  ['2020', 'all', 'operatorAssets', 27138562417n],
  ['2020', 'all', 'operatorRevenue', 3016770016n, ['301677', '万元', '000 附件1', 0, '正文 30.17亿元']],
  ['2020', 'all', 'operatorServiceRevenue', 402448999n, ['40245', '万元', '000 附件1', 0, '正文 4亿元,占营业收入的13.3%']],
  ['2020', 'all', 'serviceExpenditure', 338726519n],
  ['2020', 'all', 'thirdPartyProviders', 668n],
  ['2020', 'all', 'residentEnterprises', 8415n, ['8415', '家', '000 附件1']],
  ['2020', 'all', 'smallMicroEnterprises', 7412n, ['7412', '家', '000 附件1']],
  ['2020', 'all', 'reportingEnterprises', 7126n],
  ['2020', 'all', 'highTechEnterprises', 918n],
  ['2020', 'all', 'employees', 219246n, ['21.9', '万人', '000 附件1']],
  ['2020', 'all', 'enterpriseAssets', 145268473126n],
  ['2020', 'all', 'enterpriseRevenue', 123882601626n, ['1238.8', '亿元', '000 附件1']],
  ['2020', 'all', 'enterpriseProfit', 6430937724n, ['64.3', '亿元', '000 附件1']],
  ['2020', 'all', 'enterpriseTax', 3891931495n, ['38.9', '亿元', '000 附件1']],
  ['2020', 'all', 'trademarks', 4958n],
  ['2020', 'all', 'softwareCopyrights', 3392n],
  ['2020', 'all', 'inventionPatents', 3517n],
  ['2020', 'all', 'utilityPatents', 4406n],
  ['2020', 'all', 'designPatents', 2684n],
  ['2020', 'all', 'service.info.sessions', 4968n, ['4968', '场次', '000 附件2']],
  ['2020', 'all', 'service.info.enterprises', 24760n, ['24760', '家次', '000 附件2']],
  ['2020', 'all', 'service.startup.sessions', 954n, ['954', '场次', '000 附件2']],
  ['2020', 'all', 'service.startup.enterprises', 9637n, ['9637', '家次', '000 附件2']],
  ['2020', 'all', 'service.training.sessions', 1430n, ['1430', '场次', '000 附件2']],
  ['2020', 'all', 'service.training.enterprises', 16484n, ['16484', '家次', '000 附件2']],
  ['2020', 'all', 'service.financing.sessions', 592n, ['592', '场次', '000 附件2']],
  ['2020', 'all', 'service.financing.enterprises', 5343n, ['5343', '家次', '000 附件2']],
  ['2020', 'all', 'service.other.sessions', 1042n, ['1042', '场次', '000 附件2']],
  ['2020', 'all', 'service.other.enterprises', 7771n, ['7771', '家次', '000 附件2']],

  // ---- 2020 quarters (000 附件3: 三季度, 四季度; Q1/Q2 plausible, summing to year − Q3 − Q4) ----
  ...(['2020Q1', '2020Q2', '2020Q3', '2020Q4'] as const).map((p): Row => [p, 'all', 'reportingBases', 83n]),
  ['2020Q1', 'all', 'operatorRevenue', 401390929n],
  ['2020Q2', 'all', 'operatorRevenue', 490588915n],
  ['2020Q3', 'all', 'operatorRevenue', 933995123n, ['93399.5', '万元', '000 附件3']],
  ['2020Q4', 'all', 'operatorRevenue', 1190795049n, ['119079.5', '万元', '000 附件3']],
  ['2020Q1', 'all', 'operatorServiceRevenue', 66563665n],
  ['2020Q2', 'all', 'operatorServiceRevenue', 95786738n],
  ['2020Q3', 'all', 'operatorServiceRevenue', 99188762n, ['9918.9', '万元', '000 附件3']],
  ['2020Q4', 'all', 'operatorServiceRevenue', 140909834n, ['14091', '万元', '000 附件3', 1, 'printed without the trailing zero']],
  ['2020Q1', 'all', 'enterpriseRevenue', 18203701426n],
  ['2020Q2', 'all', 'enterpriseRevenue', 24130487938n],
  ['2020Q3', 'all', 'enterpriseRevenue', 34350735231n, ['343.5', '亿元', '000 附件3']],
  ['2020Q4', 'all', 'enterpriseRevenue', 47197677031n, ['472', '亿元', '000 附件3', 1, 'printed without the trailing zero']],
  ['2020Q1', 'all', 'enterpriseTax', 520182705n],
  ['2020Q2', 'all', 'enterpriseTax', 689544518n],
  ['2020Q3', 'all', 'enterpriseTax', 1160992714n, ['11.6', '亿元', '000 附件3']],
  ['2020Q4', 'all', 'enterpriseTax', 1521211558n, ['15.2', '亿元', '000 附件3']],
  ['2020Q1', 'all', 'enterpriseProfit', 1069914257n],
  ['2020Q2', 'all', 'enterpriseProfit', 1477500642n],
  ['2020Q3', 'all', 'enterpriseProfit', 1711215098n, ['17.1', '亿元', '000 附件3']],
  ['2020Q4', 'all', 'enterpriseProfit', 2172307727n, ['21.7', '亿元', '000 附件3']],

  // ---- 2017, province (001 附件1, 附件3, 附件5, 正文) ----
  ['2017', 'all', 'reportingBases', 102n, ['102', '家', '001 附件1 省级创业基地数量']],
  ['2017', 'all', 'buildingArea', 16529810n, ['1653.0', '万平方米', '001 附件1', 1, '正文 1653万平方米']],
  ['2017', 'all', 'selfOwnedArea', 8427316n],
  ['2017', 'all', 'standardFactoryArea', 11738121n, ['1173.8', '万平方米', '001 附件1']],
  ['2017', 'all', 'avgRent', [144860n, 102n], ['14.2', '元/平方米/月', '001 附件1']],
  ['2017', 'all', 'avgSalePrice', [38869394n, 102n], ['3810.7', '元/平方米', '001 附件1']],
  ['2017', 'all', 'serviceStaff', 2615n, ['2615', '人', '001 附件1']],
  ['2017', 'all', 'certifiedMentors', 493n, ['493', '人', '001 附件1']],
  ['2017', 'all', 'operatorAssets', 25369576644n, ['253.7', '亿元', '001 附件1']],
  ['2017', 'all', 'operatorRevenue', 3729999616n, ['373000', '万元', '001 附件1', 0, '正文 37.3亿元']],
  ['2017', 'all', 'operatorServiceRevenue', 273002539n, ['27300', '万元', '001 附件1', 0, '正文 2.73亿元,占营业收入的7.3%']],
  ['2017', 'all', 'serviceExpenditure', 358998140n, ['35900', '万元', '001 附件1']],
  ['2017', 'all', 'thirdPartyProviders', 712n, ['712', '家', '001 附件1']],
  ['2017', 'all', 'residentEnterprises', 7841n, ['7841', '家', '001 附件1']],
  ['2017', 'all', 'smallMicroEnterprises', 6755n, ['6755', '家', '001 附件1']],
  ['2017', 'all', 'reportingEnterprises', 6153n, ['6153', '家', '001 附件5']],
  ['2017', 'all', 'highTechEnterprises', 603n, ['603', '家', '001 附件5']],
  ['2017', 'all', 'employees', 207788n, ['207788', '人', '001 附件5']],
  ['2017', 'all', 'enterpriseAssets', 121000002622n, ['12100000', '万元', '001 附件5', 0, '正文 1210亿元']],
  ['2017', 'all', 'enterpriseRevenue', 116620000084n, ['11662000', '万元', '001 附件5', 0, '正文 1166.2亿元']],
  ['2017', 'all', 'enterpriseProfit', 8710002144n, ['871000', '万元', '001 附件5', 0, '正文 87.1亿元']],
  ['2017', 'all', 'enterpriseTax', 4010000736n, ['401000', '万元', '001 附件5', 0, '正文 40.1亿元']],
  ['2017', 'all', 'trademarks', 3713n, ['3713', '件', '001 附件5']],
  ['2017', 'all', 'softwareCopyrights', 2224n, ['2224', '件', '001 附件5']],
  ['2017', 'all', 'inventionPatents', 2757n, ['2757', '件', '001 附件5']],
  ['2017', 'all', 'utilityPatents', 2794n, ['2794', '件', '001 附件5']],
  ['2017', 'all', 'designPatents', 2262n, ['2262', '件', '001 附件5']],
  ['2017', 'all', 'service.info.sessions', 1975n, ['1975', '场次', '001 附件3']],
  ['2017', 'all', 'service.info.enterprises', 10343n, ['10343', '家次', '001 附件3']],
  ['2017', 'all', 'service.mentoring.sessions', 1281n, ['1281', '场次', '001 附件3']],
  ['2017', 'all', 'service.mentoring.enterprises', 5648n, ['5648', '家次', '001 附件3']],
  ['2017', 'all', 'service.innovation.sessions', 738n, ['738', '场次', '001 附件3']],
  ['2017', 'all', 'service.innovation.enterprises', 2980n, ['2980', '家次', '001 附件3']],
  ['2017', 'all', 'service.training.sessions', 1036n, ['1036', '场次', '001 附件3']],
  ['2017', 'all', 'service.training.enterprises', 11914n, ['11914', '家次', '001 附件3']],
  ['2017', 'all', 'service.marketing.sessions', 516n, ['516', '场次', '001 附件3']],
  ['2017', 'all', 'service.marketing.enterprises', 3616n, ['3616', '家次', '001 附件3']],
  ['2017', 'all', 'service.financing.sessions', 560n, ['560', '场次', '001 附件3']],
  ['2017', 'all', 'service.financing.enterprises', 3730n, ['3730', '家次', '001 附件3']],
  ['2017', 'all', 'service.consulting.sessions', 1443n, ['1443', '场次', '001 附件3']],
  ['2017', 'all', 'service.consulting.enterprises', 4673n, ['4673', '家次', '001 附件3']],
  ['2017', 'all', 'service.professional.sessions', 1215n, ['1215', '场次', '001 附件3']],
  ['2017', 'all', 'service.professional.enterprises', 4943n, ['4943', '家次', '001 附件3']],

  // ---- 第一批 71 bases, 2016 and 2017 (001 附件2, 附件4, 附件6) ----
  ...cohortRows('2016', {
    reportingBases: [71n, '71'],
    buildingArea: [10925774n, '1092.6'],
    standardFactoryArea: [6899033n, '689.9'],
    avgRent: [[95138n, 71n], '13.4'],
    avgSalePrice: [[26841400n, 71n], '3780.5'],
    serviceStaff: [2142n, '2142'],
    certifiedMentors: [329n, '329'],
    operatorAssets: [16037776861n, '160.4'],
    operatorRevenue: [2348441363n, '23.5'],
    operatorServiceRevenue: [181197320n, '1.81'],
    serviceExpenditure: [192160854n, '1.92'],
    thirdPartyProviders: [452n, '452'],
    residentEnterprises: [5045n, '5045'],
    smallMicroEnterprises: [4656n, '4656'],
    reportingEnterprises: [4340n, '4340'],
    highTechEnterprises: [412n, '412'],
    employees: [174053n, '174053'],
    enterpriseAssets: [88710080809n, '887.1'],
    enterpriseRevenue: [84048069132n, '840.5'],
    enterpriseProfit: [4458451459n, '44.6'],
    enterpriseTax: [2780849379n, '27.8'],
    trademarks: [1598n, '1598'],
    softwareCopyrights: [1235n, '1235'],
    inventionPatents: [1735n, '1735'],
    utilityPatents: [918n, '918'],
    designPatents: [586n, '586'],
    'service.info.sessions': [1338n, '1338'],
    'service.info.enterprises': [6154n, '6154'],
    'service.mentoring.sessions': [658n, '658'],
    'service.mentoring.enterprises': [4877n, '4877'],
    'service.innovation.sessions': [593n, '593'],
    'service.innovation.enterprises': [2327n, '2327'],
    'service.training.sessions': [1291n, '1291'],
    'service.training.enterprises': [10408n, '10408'],
    'service.marketing.sessions': [305n, '305'],
    'service.marketing.enterprises': [2293n, '2293'],
    'service.financing.sessions': [338n, '338'],
    'service.financing.enterprises': [2634n, '2634'],
    'service.consulting.sessions': [655n, '655'],
    'service.consulting.enterprises': [2514n, '2514'],
    'service.professional.sessions': [598n, '598'],
    'service.professional.enterprises': [3595n, '3595'],
  }),
  ['2016', C1, 'selfOwnedArea', 5561349n],
  ...cohortRows('2017', {
    reportingBases: [71n, '71'],
    buildingArea: [12289275n, '1228.9'],
    standardFactoryArea: [8012960n, '801.3'],
    avgRent: [[102307n, 71n], '14.4'],
    avgSalePrice: [[27180774n, 71n], '3828.3'],
    serviceStaff: [2321n, '2321'],
    certifiedMentors: [363n, '363'],
    operatorAssets: [16209505318n, '162.1'],
    operatorRevenue: [2568829247n, '25.7'],
    operatorServiceRevenue: [195091223n, '1.95'],
    serviceExpenditure: [231205906n, '2.31'],
    thirdPartyProviders: [474n, '474'],
    residentEnterprises: [5624n, '5624'],
    smallMicroEnterprises: [4841n, '4841'],
    reportingEnterprises: [4541n, '4541'],
    highTechEnterprises: [423n, '423'],
    employees: [181554n, '181554'],
    enterpriseAssets: [89767977979n, '897.7'],
    enterpriseRevenue: [90289043481n, '902.9'],
    enterpriseProfit: [4919656697n, '49.2'],
    enterpriseTax: [3020472120n, '30.2'],
    trademarks: [2566n, '2566'],
    softwareCopyrights: [1480n, '1480'],
    inventionPatents: [2118n, '2118'],
    utilityPatents: [1955n, '1955'],
    designPatents: [1775n, '1775'],
    'service.info.sessions': [1268n, '1268'],
    'service.info.enterprises': [6000n, '6000'],
    'service.mentoring.sessions': [832n, '832'],
    'service.mentoring.enterprises': [3744n, '3744'],
    'service.innovation.sessions': [553n, '553'],
    'service.innovation.enterprises': [1807n, '1807'],
    'service.training.sessions': [803n, '803'],
    'service.training.enterprises': [8827n, '8827'],
    'service.marketing.sessions': [336n, '336'],
    'service.marketing.enterprises': [1823n, '1823'],
    'service.financing.sessions': [376n, '376'],
    'service.financing.enterprises': [2488n, '2488'],
    'service.consulting.sessions': [1052n, '1052'],
    'service.consulting.enterprises': [3011n, '3011'],
    'service.professional.sessions': [857n, '857'],
    'service.professional.enterprises': [3440n, '3440'],
  }),
  ['2017', C1, 'selfOwnedArea', 6185092n],
  // Only 第一批 filed 2016.
  ['2016', 'all', 'reportingBases', 71n, ['71', '家', '001 附件2 (only 第一批 has 2016 data)']],
];

/** Display unit and source of each cohort figure (001 附件2/4/6). */
function cohortUnit(code: string): [unit: string, source: string] {
  if (code === 'reportingBases') return ['家', '001 附件2 标题(第一批71家)'];
  if (code.startsWith('service.')) return [code.endsWith('.sessions') ? '场次' : '家次', '001 附件4'];
  const u: Record<string, [string, string]> = {
    buildingArea: ['万平方米', '001 附件2'],
    standardFactoryArea: ['万平方米', '001 附件2'],
    avgRent: ['元/平方米/月', '001 附件2'],
    avgSalePrice: ['元/平方米', '001 附件2'],
    serviceStaff: ['人', '001 附件2'],
    certifiedMentors: ['人', '001 附件2'],
    operatorAssets: ['亿元', '001 附件2'],
    operatorRevenue: ['亿元', '001 附件2'],
    operatorServiceRevenue: ['亿元', '001 附件2'],
    serviceExpenditure: ['亿元', '001 附件2'],
    thirdPartyProviders: ['家', '001 附件2'],
    residentEnterprises: ['家', '001 附件2'],
    smallMicroEnterprises: ['家', '001 附件2'],
    reportingEnterprises: ['家', '001 附件6'],
    highTechEnterprises: ['家', '001 附件6'],
    employees: ['人', '001 附件6'],
    enterpriseAssets: ['亿元', '001 附件6'],
    enterpriseRevenue: ['亿元', '001 附件6'],
    enterpriseProfit: ['亿元', '001 附件6'],
    enterpriseTax: ['亿元', '001 附件6'],
  };
  return u[code] ?? ['件', '001 附件6'];
}

function cohortRows(period: string, figures: Record<string, [bigint | [bigint, bigint], string]>): Row[] {
  return Object.entries(figures).map(([code, [expected, printed]]) => {
    const [unit, source] = cohortUnit(code);
    return [period, C1, code, expected, [printed, unit, source]];
  });
}

export const DEMO_TARGETS: readonly DemoTarget[] = ROWS.map(([period, scope, code, expected, seed]) => {
  const isMean = Array.isArray(expected);
  return {
    period,
    scope,
    code,
    kind: code === 'reportingBases' ? 'bases' : isMean ? 'mean' : 'total',
    expected: isMean ? expected[0] : expected,
    ...(isMean ? { count: expected[1] } : {}),
    seed: seed ? { printed: seed[0], unit: seed[1], source: seed[2], dp: seed[3] ?? decimalsOf(seed[0]), ...(seed[4] ? { note: seed[4] } : {}) } : null,
  } satisfies DemoTarget;
});

const targetIndex = new Map(DEMO_TARGETS.map((t) => [`${t.period}|${t.scope}|${t.code}`, t]));

/** The target for period/scope/code, or undefined. */
export function demoTarget(period: string, scope: string, code: string): DemoTarget | undefined {
  return targetIndex.get(`${period}|${scope}|${code}`);
}

function need(period: string, scope: string, code: string): DemoTarget {
  const t = demoTarget(period, scope, code);
  if (!t) throw new Error(`no demo target for ${period} ${scope} ${code}`);
  return t;
}

// ---------------------------------------------------------------------------------------------
// Derived figures the seeds print (sums, growth rates, shares, averages), for the checks
// ---------------------------------------------------------------------------------------------

export type SeedCheck =
  | { kind: 'sum'; label: string; source: string; period: string; scope: string; codes: string[]; printed: string; unit: string; dp: number }
  | { kind: 'growth'; label: string; source: string; scope: string; from: string; to: string; codes: string[]; printed: string; inconsistent?: string }
  | { kind: 'share'; label: string; source: string; period: string; scope: string; num: string[]; den: string[]; printed: string; note?: string }
  | {
      kind: 'average';
      label: string;
      source: string;
      period: string;
      scope: string;
      codes: string[];
      /** 基地平均值 (÷ reporting bases; a mean field's own mean) or 企业平均值 (÷ 报送企业户数). */
      per: 'base' | 'enterprise';
      unit: string;
      printed: string;
      /** How the seed rounded it (see inconsistency 2 above). */
      mode: 'round' | 'trunc';
    };

const PATENTS = ['inventionPatents', 'utilityPatents', 'designPatents'];
const svc = (year: number, measure: 'sessions' | 'enterprises') => taxonomyForYear(year).types.map((t) => serviceCode(t.code, measure));

const GROWTH_001: Array<[string, string[], string, string?]> = [
  ['建筑面积', ['buildingArea'], '12.5%'],
  ['标准厂房面积', ['standardFactoryArea'], '16.1%'],
  ['租金平均水平', ['avgRent'], '7.5%'],
  ['平均售价', ['avgSalePrice'], '1.1%', '3828.3 ÷ 3780.5 − 1 = 1.26%: the printed 1.1% contradicts the printed averages (we keep the averages)'],
  ['服务人员数量', ['serviceStaff'], '8.4%'],
  ['创业辅导师持证人数', ['certifiedMentors'], '10.3%'],
  ['运营单位总资产', ['operatorAssets'], '1.1%'],
  ['运营单位营业收入', ['operatorRevenue'], '9.4%'],
  ['其中:服务收入', ['operatorServiceRevenue'], '7.7%'],
  ['服务性支出', ['serviceExpenditure'], '20.3%'],
  ['引进第三方服务机构', ['thirdPartyProviders'], '4.9%'],
  ['入驻企业户数', ['residentEnterprises'], '11.5%'],
  ['其中:小微企业户数', ['smallMicroEnterprises'], '4.0%'],
  ['信息服务 场次', ['service.info.sessions'], '-5.2%'],
  ['创业辅导 场次', ['service.mentoring.sessions'], '26.4%'],
  ['创新支持 场次', ['service.innovation.sessions'], '-6.7%'],
  ['人员培训 场次', ['service.training.sessions'], '-37.8%'],
  ['市场营销 场次', ['service.marketing.sessions'], '10.2%'],
  ['投融资服务 场次', ['service.financing.sessions'], '11.2%'],
  ['管理咨询 场次', ['service.consulting.sessions'], '60.6%'],
  ['专业服务 场次', ['service.professional.sessions'], '43.3%'],
  ['合计 场次', svc(2017, 'sessions'), '5.2%'],
  ['信息服务 家次', ['service.info.enterprises'], '-2.5%'],
  ['创业辅导 家次', ['service.mentoring.enterprises'], '-23.2%'],
  ['创新支持 家次', ['service.innovation.enterprises'], '-22.3%'],
  ['人员培训 家次', ['service.training.enterprises'], '-15.2%'],
  ['市场营销 家次', ['service.marketing.enterprises'], '-20.5%'],
  ['投融资服务 家次', ['service.financing.enterprises'], '-5.5%'],
  ['管理咨询 家次', ['service.consulting.enterprises'], '19.8%'],
  ['专业服务 家次', ['service.professional.enterprises'], '-4.3%'],
  ['合计 家次', svc(2017, 'enterprises'), '-10.5%'],
  ['报送企业户数', ['reportingEnterprises'], '4.6%'],
  ['其中:高新技术企业户数', ['highTechEnterprises'], '2.7%'],
  ['就业人数', ['employees'], '4.3%'],
  ['总资产', ['enterpriseAssets'], '1.2%'],
  ['营业收入', ['enterpriseRevenue'], '7.4%'],
  ['利润', ['enterpriseProfit'], '10.3%'],
  ['税金', ['enterpriseTax'], '8.6%'],
  ['拥有商标', ['trademarks'], '60.6%'],
  ['拥有软件著作权', ['softwareCopyrights'], '19.8%'],
  ['拥有专利', PATENTS, '80.5%'],
  ['其中:发明专利', ['inventionPatents'], '22.1%'],
  ['实用新型专利', ['utilityPatents'], '113.0%'],
  ['外观设计专利', ['designPatents'], '202.9%'],
];

const growthSource = (codes: string[]) =>
  codes[0]!.startsWith('service.')
    ? '001 附件4'
    : codes.some(
          (c) =>
            ['reportingEnterprises', 'highTechEnterprises', 'employees', 'trademarks', 'softwareCopyrights', ...PATENTS].includes(c) ||
            c.startsWith('enterprise'),
        )
      ? '001 附件6'
      : '001 附件2';

const SHARES_001_SERVICES: SeedCheck[] = (['sessions', 'enterprises'] as const).flatMap((m) => {
  const printed: Record<string, [string, string]> = {
    info: ['22.5%', '21.6%'],
    mentoring: ['14.6%', '11.8%'],
    innovation: ['8.4%', '6.2%'],
    training: ['11.8%', '24.9%'],
    marketing: ['5.9%', '7.6%'],
    financing: ['6.4%', '7.8%'],
    consulting: ['16.5%', '9.8%'],
    professional: ['13.9%', '10.3%'],
  };
  return taxonomyForYear(2017).types.map(
    (t): SeedCheck => ({
      kind: 'share',
      label: `${t.label} ${m === 'sessions' ? '开展服务活动场次' : '服务企业家次'} 比重`,
      source: '001 附件3',
      period: '2017',
      scope: 'all',
      num: [serviceCode(t.code, m)],
      den: svc(2017, m),
      printed: printed[t.code]![m === 'sessions' ? 0 : 1],
    }),
  );
});

// [label, codes, per, unit, printed, mode, source]
const AVERAGES_001: Array<[string, string[], 'base' | 'enterprise', string, string, 'round' | 'trunc', string]> = [
  ['建筑面积', ['buildingArea'], 'base', '万平方米', '16.2', 'round', '001 附件1'],
  ['标准厂房面积', ['standardFactoryArea'], 'base', '万平方米', '11.5', 'round', '001 附件1'],
  ['租金平均水平', ['avgRent'], 'base', '元/平方米/月', '14.2', 'round', '001 附件1'],
  ['平均售价', ['avgSalePrice'], 'base', '元/平方米', '3810.7', 'round', '001 附件1'],
  ['服务人员数量', ['serviceStaff'], 'base', '人', '25', 'trunc', '001 附件1'],
  ['创业辅导师持证人数', ['certifiedMentors'], 'base', '人', '4', 'trunc', '001 附件1'],
  ['运营单位总资产', ['operatorAssets'], 'base', '亿元', '2.48', 'trunc', '001 附件1'],
  ['运营单位营业收入', ['operatorRevenue'], 'base', '万元', '3656', 'trunc', '001 附件1'],
  ['其中:服务收入', ['operatorServiceRevenue'], 'base', '万元', '268', 'round', '001 附件1'],
  ['服务性支出', ['serviceExpenditure'], 'base', '万元', '352', 'round', '001 附件1'],
  ['引进第三方服务机构', ['thirdPartyProviders'], 'base', '家', '7', 'round', '001 附件1'],
  ['入驻企业户数', ['residentEnterprises'], 'base', '家', '76', 'trunc', '001 附件1'],
  ['其中:小微企业户数', ['smallMicroEnterprises'], 'base', '家', '66', 'round', '001 附件1'],
  ['报送企业户数', ['reportingEnterprises'], 'base', '家', '60', 'round', '001 附件5'],
  ['其中:高新技术企业户数', ['highTechEnterprises'], 'base', '家', '6', 'round', '001 附件5'],
  ['就业人数', ['employees'], 'base', '人', '2037', 'round', '001 附件5'],
  ['总资产', ['enterpriseAssets'], 'base', '万元', '118627', 'round', '001 附件5'],
  ['营业收入', ['enterpriseRevenue'], 'base', '万元', '114333', 'round', '001 附件5'],
  ['利润', ['enterpriseProfit'], 'base', '万元', '8539', 'round', '001 附件5'],
  ['税金', ['enterpriseTax'], 'base', '万元', '3931', 'round', '001 附件5'],
  ['拥有商标', ['trademarks'], 'base', '件', '36', 'round', '001 附件5'],
  ['拥有软件著作权', ['softwareCopyrights'], 'base', '件', '21', 'trunc', '001 附件5'],
  ['拥有专利', PATENTS, 'base', '件', '76', 'trunc', '001 附件5'],
  ['其中:发明专利', ['inventionPatents'], 'base', '件', '27', 'round', '001 附件5'],
  ['实用新型专利', ['utilityPatents'], 'base', '件', '27', 'round', '001 附件5'],
  ['外观设计专利', ['designPatents'], 'base', '件', '22', 'round', '001 附件5'],
  ['就业人数', ['employees'], 'enterprise', '人', '33', 'trunc', '001 附件5'],
  ['总资产', ['enterpriseAssets'], 'enterprise', '万元', '1966', 'trunc', '001 附件5'],
  ['营业收入', ['enterpriseRevenue'], 'enterprise', '万元', '1895', 'round', '001 附件5'],
  ['利润', ['enterpriseProfit'], 'enterprise', '万元', '141.5', 'trunc', '001 附件5'],
  ['税金', ['enterpriseTax'], 'enterprise', '万元', '65.1', 'trunc', '001 附件5'],
  ['拥有商标', ['trademarks'], 'enterprise', '件', '0.6', 'round', '001 附件5'],
  ['拥有软件著作权', ['softwareCopyrights'], 'enterprise', '件', '0.36', 'round', '001 附件5'],
  ['拥有专利', PATENTS, 'enterprise', '件', '1.27', 'round', '001 附件5'],
  ['其中:发明专利', ['inventionPatents'], 'enterprise', '件', '0.45', 'round', '001 附件5'],
  ['实用新型专利', ['utilityPatents'], 'enterprise', '件', '0.45', 'round', '001 附件5'],
  ['外观设计专利', ['designPatents'], 'enterprise', '件', '0.37', 'round', '001 附件5'],
];

export const DEMO_SEED_CHECKS: readonly SeedCheck[] = [
  // 000
  {
    kind: 'sum',
    label: '服务场次 合计',
    source: '000 附件2',
    period: '2020',
    scope: 'all',
    codes: svc(2020, 'sessions'),
    printed: '8986',
    unit: '场次',
    dp: 0,
  },
  {
    kind: 'sum',
    label: '服务企业家次 合计',
    source: '000 附件2',
    period: '2020',
    scope: 'all',
    codes: svc(2020, 'enterprises'),
    printed: '63995',
    unit: '家次',
    dp: 0,
  },
  {
    kind: 'sum',
    label: '营业收入共计30.17亿元',
    source: '000 正文',
    period: '2020',
    scope: 'all',
    codes: ['operatorRevenue'],
    printed: '30.17',
    unit: '亿元',
    dp: 2,
  },
  {
    kind: 'sum',
    label: '服务性收入4亿元',
    source: '000 正文',
    period: '2020',
    scope: 'all',
    codes: ['operatorServiceRevenue'],
    printed: '4',
    unit: '亿元',
    dp: 0,
  },
  {
    kind: 'share',
    label: '服务性收入占营业收入的13.3%',
    source: '000 正文',
    period: '2020',
    scope: 'all',
    num: ['operatorServiceRevenue'],
    den: ['operatorRevenue'],
    printed: '13.3%',
  },
  ...(
    [
      ['operatorRevenue', '运营单位营业收入 环比增长', '27.5%'],
      ['operatorServiceRevenue', '运营单位服务性收入 环比增长', '42.1%'],
      ['enterpriseRevenue', '入驻企业营业收入 环比增长', '37.4%'],
      ['enterpriseTax', '入驻企业税金 环比增长', '31.0%'],
      ['enterpriseProfit', '入驻企业利润总额 环比增长', '26.9%'],
    ] as const
  ).map(
    ([code, label, printed]): SeedCheck => ({
      kind: 'growth',
      label,
      source: '000 附件3 (31% printed without its trailing zero)',
      scope: 'all',
      from: '2020Q3',
      to: '2020Q4',
      codes: [code],
      printed,
    }),
  ),
  // 001
  {
    kind: 'sum',
    label: '服务活动场次 合计',
    source: '001 附件3',
    period: '2017',
    scope: 'all',
    codes: svc(2017, 'sessions'),
    printed: '8764',
    unit: '场次',
    dp: 0,
  },
  {
    kind: 'sum',
    label: '服务企业家次 合计',
    source: '001 附件3',
    period: '2017',
    scope: 'all',
    codes: svc(2017, 'enterprises'),
    printed: '47847',
    unit: '家次',
    dp: 0,
  },
  { kind: 'sum', label: '拥有专利', source: '001 附件5 / 正文 专利7813件', period: '2017', scope: 'all', codes: PATENTS, printed: '7813', unit: '件', dp: 0 },
  {
    kind: 'sum',
    label: '总建筑面积1653万平方米',
    source: '001 正文',
    period: '2017',
    scope: 'all',
    codes: ['buildingArea'],
    printed: '1653',
    unit: '万平方米',
    dp: 0,
  },
  {
    kind: 'sum',
    label: '营业收入37.3亿元',
    source: '001 正文',
    period: '2017',
    scope: 'all',
    codes: ['operatorRevenue'],
    printed: '37.3',
    unit: '亿元',
    dp: 1,
  },
  {
    kind: 'sum',
    label: '服务收入为2.73亿元',
    source: '001 正文',
    period: '2017',
    scope: 'all',
    codes: ['operatorServiceRevenue'],
    printed: '2.73',
    unit: '亿元',
    dp: 2,
  },
  {
    kind: 'sum',
    label: '入驻企业总资产1210亿元',
    source: '001 正文',
    period: '2017',
    scope: 'all',
    codes: ['enterpriseAssets'],
    printed: '1210',
    unit: '亿元',
    dp: 0,
  },
  {
    kind: 'sum',
    label: '营业收入1166.2亿元',
    source: '001 正文',
    period: '2017',
    scope: 'all',
    codes: ['enterpriseRevenue'],
    printed: '1166.2',
    unit: '亿元',
    dp: 1,
  },
  { kind: 'sum', label: '利润87.1亿元', source: '001 正文', period: '2017', scope: 'all', codes: ['enterpriseProfit'], printed: '87.1', unit: '亿元', dp: 1 },
  { kind: 'sum', label: '税金40.1亿元', source: '001 正文', period: '2017', scope: 'all', codes: ['enterpriseTax'], printed: '40.1', unit: '亿元', dp: 1 },
  {
    kind: 'sum',
    label: '第一批 2016 服务场次 合计',
    source: '001 附件4',
    period: '2016',
    scope: C1,
    codes: svc(2017, 'sessions'),
    printed: '5776',
    unit: '场次',
    dp: 0,
  },
  {
    kind: 'sum',
    label: '第一批 2017 服务场次 合计',
    source: '001 附件4',
    period: '2017',
    scope: C1,
    codes: svc(2017, 'sessions'),
    printed: '6077',
    unit: '场次',
    dp: 0,
  },
  {
    kind: 'sum',
    label: '第一批 2016 服务企业家次 合计',
    source: '001 附件4',
    period: '2016',
    scope: C1,
    codes: svc(2017, 'enterprises'),
    printed: '34802',
    unit: '家次',
    dp: 0,
  },
  {
    kind: 'sum',
    label: '第一批 2017 服务企业家次 合计',
    source: '001 附件4',
    period: '2017',
    scope: C1,
    codes: svc(2017, 'enterprises'),
    printed: '31140',
    unit: '家次',
    dp: 0,
  },
  { kind: 'sum', label: '第一批 2016 拥有专利', source: '001 附件6', period: '2016', scope: C1, codes: PATENTS, printed: '3239', unit: '件', dp: 0 },
  { kind: 'sum', label: '第一批 2017 拥有专利', source: '001 附件6', period: '2017', scope: C1, codes: PATENTS, printed: '5848', unit: '件', dp: 0 },
  {
    kind: 'share',
    label: '小微企业占入驻企业总数的86.15%',
    source: '001 正文',
    period: '2017',
    scope: 'all',
    num: ['smallMicroEnterprises'],
    den: ['residentEnterprises'],
    printed: '86.15%',
  },
  {
    kind: 'share',
    label: '服务收入仅占营业收入的7.3%',
    source: '001 正文',
    period: '2017',
    scope: 'all',
    num: ['operatorServiceRevenue'],
    den: ['operatorRevenue'],
    printed: '7.3%',
  },
  {
    kind: 'share',
    label: '高新技术企业603家,仅占入驻企业总数的9.8%',
    source: '001 正文',
    period: '2017',
    scope: 'all',
    num: ['highTechEnterprises'],
    den: ['reportingEnterprises'],
    printed: '9.8%',
    note: '9.8% is 603 ÷ 6153 报送企业户数; of the 7841 入驻企业 it would be 7.7%',
  },
  ...SHARES_001_SERVICES,
  ...GROWTH_001.map(
    ([label, codes, printed, inconsistent]): SeedCheck => ({
      kind: 'growth',
      label: `第一批 ${label} 增长率`,
      source: growthSource(codes),
      scope: C1,
      from: '2016',
      to: '2017',
      codes,
      printed,
      ...(inconsistent ? { inconsistent } : {}),
    }),
  ),
  ...AVERAGES_001.map(
    ([label, codes, per, unit, printed, mode, source]): SeedCheck => ({
      kind: 'average',
      label: `${label} ${per === 'base' ? '基地平均值' : '企业平均值'}`,
      source,
      period: '2017',
      scope: 'all',
      codes,
      per,
      unit,
      printed,
      mode,
    }),
  ),
];

// ---- exact display arithmetic (shared by the test and the loader) ----

/** num/den with `dp` decimals, rounded half away from zero or truncated toward zero. */
export function decimalString(num: bigint, den: bigint, dp: number, mode: 'round' | 'trunc' = 'round'): string {
  if (den === 0n) throw new Error('division by zero');
  if (den < 0n) return decimalString(-num, -den, dp, mode);
  const neg = num < 0n;
  const a = (neg ? -num : num) * 10n ** BigInt(dp);
  let q = a / den;
  if (mode === 'round' && 2n * (a % den) >= den) q += 1n;
  const digits = q.toString().padStart(dp + 1, '0');
  const s = dp ? `${digits.slice(0, -dp)}.${digits.slice(-dp)}` : digits;
  return neg && q !== 0n ? `-${s}` : s;
}

/** A printed figure normalised to `dp` decimals: "472", 1 → "472.0"; "31%" stays without its %. */
export function normalisePrinted(printed: string, dp: number): string {
  const p = printed.replace(/%$/, '');
  const [i, f = ''] = p.split('.');
  return dp ? `${i}.${f.padEnd(dp, '0')}` : i!;
}

/** What the seed's printed figure for this target comes out as from the exact target. */
export function displayOfTarget(t: DemoTarget, dp = t.seed?.dp ?? 0, unit = t.seed?.unit): string {
  const factor = unit ? DISPLAY_UNITS[unit] : 1n;
  if (factor === undefined) throw new Error(`unknown display unit ${unit}`);
  if (t.kind === 'mean') return decimalString(t.expected, t.count! * factor, dp);
  return decimalString(t.expected, factor, dp);
}

type Lookup = (period: string, scope: string, code: string) => DemoTarget | undefined;

function sumOf(lookup: Lookup, period: string, scope: string, codes: readonly string[]): bigint {
  return codes.reduce((s, c) => {
    const t = lookup(period, scope, c);
    if (!t) throw new Error(`no target ${period} ${scope} ${c}`);
    return s + t.expected;
  }, 0n);
}

/** Evaluates a seed check from exact targets: what it computes to, normalised like the print. */
export function evaluateSeedCheck(c: SeedCheck, lookup: Lookup = demoTarget): { got: string; printed: string } {
  switch (c.kind) {
    case 'sum': {
      const v = sumOf(lookup, c.period, c.scope, c.codes);
      return { got: decimalString(v, DISPLAY_UNITS[c.unit]!, c.dp), printed: normalisePrinted(c.printed, c.dp) };
    }
    case 'share': {
      const dp = decimalsOf(c.printed.replace('%', ''));
      const got = decimalString(100n * sumOf(lookup, c.period, c.scope, c.num), sumOf(lookup, c.period, c.scope, c.den), dp);
      return { got: `${got}%`, printed: c.printed };
    }
    case 'growth': {
      const dp = decimalsOf(c.printed.replace('%', ''));
      const first = lookup(c.from, c.scope, c.codes[0]!);
      let got: string;
      if (first?.kind === 'mean') {
        const a = first;
        const b = lookup(c.to, c.scope, c.codes[0]!)!;
        // (sB/cB − sA/cA) ÷ (sA/cA) = (sB·cA − sA·cB) ÷ (sA·cB)
        got = decimalString(100n * (b.expected * a.count! - a.expected * b.count!), a.expected * b.count!, dp);
      } else {
        const a = sumOf(lookup, c.from, c.scope, c.codes);
        const b = sumOf(lookup, c.to, c.scope, c.codes);
        got = decimalString(100n * (b - a), a < 0n ? -a : a, dp);
      }
      return { got: `${got}%`, printed: c.printed };
    }
    case 'average': {
      const dp = decimalsOf(c.printed);
      const factor = DISPLAY_UNITS[c.unit]!;
      const first = lookup(c.period, c.scope, c.codes[0]!)!;
      let got: string;
      if (first.kind === 'mean') got = decimalString(first.expected, first.count! * factor, dp, c.mode);
      else {
        const den = lookup(c.period, c.scope, c.per === 'base' ? 'reportingBases' : 'reportingEnterprises')!.expected;
        got = decimalString(sumOf(lookup, c.period, c.scope, c.codes), den * factor, dp, c.mode);
      }
      return { got, printed: c.printed };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Periods and schedules
// ---------------------------------------------------------------------------------------------

export const DEMO_YEARS = [2016, 2017, 2020] as const;
export const DEMO_QUARTERS: readonly string[] = DEMO_YEARS.flatMap((y) => quartersOfYear(y));

/**
 * The filing window of a quarter in the real calendar (Beijing time): opens on the 20th of the
 * quarter's last month, due on the 10th of the next month, closes at the end of that month —
 * so the 2020 annual bulletin (dated 2021-01-11) came after 2020Q4's due date.
 */
export function demoSchedule(quarter: string): { opensAt: string; dueAt: string; closesAt: string } {
  const y = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(5));
  const last = q * 3;
  const ny = q === 4 ? y + 1 : y;
  const nm = q === 4 ? 1 : last + 1;
  const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][nm - 1]!;
  const p = (n: number) => String(n).padStart(2, '0');
  return {
    opensAt: `${y}-${p(last)}-20T00:00:00+08:00`,
    dueAt: `${ny}-${p(nm)}-10T23:59:59+08:00`,
    closesAt: `${ny}-${p(nm)}-${days}T23:59:59+08:00`,
  };
}

// ---------------------------------------------------------------------------------------------
// PRNG and exact distribution
// ---------------------------------------------------------------------------------------------

/** mulberry32 on 32-bit integers; one independent stream per label. */
class Rng {
  private s: number;
  constructor(label: string) {
    let h = 2166136261;
    for (const ch of `tongbao-demo/${label}`) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
    this.s = h >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + (this.next() % (hi - lo + 1));
  }
  big(lo: number, hi: number): bigint {
    return BigInt(this.int(lo, hi));
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.next() % (i + 1);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
}

/**
 * Splits `total` (≥ 0) over items in proportion to integer `weights` (≥ 0), exactly: floors plus
 * largest remainders. Items with a cap get at most their cap (water-filling: capped items are
 * fixed at their cap and the rest re-split). Throws when the caps cannot hold the total.
 */
export function distribute(total: bigint, weights: readonly bigint[], caps?: readonly (bigint | undefined)[]): bigint[] {
  const n = weights.length;
  if (total < 0n) throw new Error(`cannot distribute a negative total ${total}`);
  const out = new Array<bigint>(n).fill(0n);
  const fixed = new Array<boolean>(n).fill(false);
  let remaining = total;
  for (;;) {
    const active = [...Array(n).keys()].filter((i) => !fixed[i]);
    if (!active.length) {
      if (remaining !== 0n) throw new Error(`caps hold ${total - remaining} of ${total}`);
      return out;
    }
    let w = active.map((i) => weights[i]!);
    if (w.some((x) => x < 0n)) throw new Error('negative weight');
    let W = w.reduce((a, b) => a + b, 0n);
    if (W === 0n) {
      w = w.map(() => 1n);
      W = BigInt(w.length);
    }
    const q = w.map((x) => (remaining * x) / W);
    const r = w.map((x) => (remaining * x) % W);
    let left = remaining - q.reduce((a, b) => a + b, 0n);
    const order = [...w.keys()].sort((a, b) => (r[b]! > r[a]! ? 1 : r[b]! < r[a]! ? -1 : a - b));
    for (let k = 0; left > 0n; k++, left--) q[order[k]!]! += 1n;
    const over = active.filter((i, k) => caps?.[i] !== undefined && q[k]! > caps[i]!);
    if (!over.length) {
      active.forEach((i, k) => (out[i] = q[k]!));
      return out;
    }
    for (const i of over) {
      out[i] = caps![i]!;
      fixed[i] = true;
      remaining -= caps![i]!;
    }
  }
}

const minBig = (...xs: Array<bigint | undefined>): bigint | undefined =>
  xs.reduce<bigint | undefined>((m, x) => (x === undefined ? m : m === undefined || x < m ? x : m), undefined);

// ---------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------

export interface DemoBase {
  baseId: string;
  name: string;
  city: string;
  county: string;
  level: 'national' | 'provincial';
  cohort: string;
  activeFrom: string;
  activeTo: string | null;
}

type Batch = 1 | 2 | 3 | 4;
const BATCH_LABEL: Record<Batch, string> = { 1: '第一批', 2: '第二批', 3: '第三批', 4: '第四批' };
const BATCH_FROM: Record<Batch, string> = { 1: '2016Q1', 2: '2017Q1', 3: '2018Q1', 4: '2019Q1' };

const CITIES: ReadonlyArray<[city: string, code: string, generated: number, counties: string[]]> = [
  ['长沙市', 'cs', 3, ['芙蓉区', '天心区', '岳麓区', '开福区', '雨花区', '望城区', '长沙县', '浏阳市', '宁乡市']],
  ['株洲市', 'zz', 7, ['荷塘区', '芦淞区', '石峰区', '天元区', '渌口区', '攸县', '茶陵县', '炎陵县', '醴陵市']],
  ['湘潭市', 'xt', 3, ['雨湖区', '岳塘区', '湘潭县', '湘乡市', '韶山市']],
  ['衡阳市', 'hy', 5, ['珠晖区', '雁峰区', '石鼓区', '蒸湘区', '南岳区', '衡阳县', '衡南县', '衡山县', '衡东县', '祁东县', '耒阳市', '常宁市']],
  ['邵阳市', 'sy', 7, ['双清区', '大祥区', '北塔区', '新邵县', '邵阳县', '隆回县', '洞口县', '绥宁县', '新宁县', '城步苗族自治县', '武冈市', '邵东市']],
  ['岳阳市', 'yy', 5, ['岳阳楼区', '云溪区', '君山区', '岳阳县', '华容县', '湘阴县', '平江县', '汨罗市', '临湘市']],
  ['常德市', 'cd', 2, ['武陵区', '鼎城区', '安乡县', '汉寿县', '澧县', '临澧县', '桃源县', '石门县', '津市市']],
  ['张家界市', 'zjj', 3, ['永定区', '武陵源区', '慈利县', '桑植县']],
  ['益阳市', 'iy', 5, ['资阳区', '赫山区', '南县', '桃江县', '安化县', '沅江市']],
  ['郴州市', 'cz', 5, ['北湖区', '苏仙区', '桂阳县', '宜章县', '永兴县', '嘉禾县', '临武县', '汝城县', '桂东县', '安仁县', '资兴市']],
  ['永州市', 'yz', 5, ['零陵区', '冷水滩区', '东安县', '双牌县', '道县', '江永县', '宁远县', '蓝山县', '新田县', '江华瑶族自治县', '祁阳市']],
  [
    '怀化市',
    'hh',
    6,
    [
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
    ],
  ],
  ['娄底市', 'ld', 5, ['娄星区', '双峰县', '新化县', '冷水江市', '涟源市']],
  ['湘西土家族苗族自治州', 'xx', 5, ['吉首市', '泸溪县', '凤凰县', '花垣县', '保靖县', '古丈县', '永顺县', '龙山县']],
];
const CITY_CODE = new Map(CITIES.map(([c, code]) => [c, code]));

// Bases the seeds name. [id suffix, name, city, county, batch, national]
const NAMED: ReadonlyArray<[string, string, string, string, Batch, boolean?]> = [
  ['dfjg', '东方金谷中小微企业创业基地', '衡阳市', '雁峰区', 1],
  ['lidong', '澧东中小企业创业园', '常德市', '澧县', 1],
  ['kjxc', '长沙科技新城', '长沙市', '岳麓区', 1],
  ['jkq', '邵阳经开区中小企业创业园', '邵阳市', '大祥区', 1],
  ['ezx', '长沙e中心', '长沙市', '岳麓区', 1],
  ['gyyq', '怀化市工业园区中小企业创业基地', '怀化市', '鹤城区', 1],
  ['rjy', '长沙软件园', '长沙市', '岳麓区', 1, true],
  ['longling', '益阳市赫山区龙岭工业园创业基地', '益阳市', '赫山区', 1],
  ['tianyi', '天易科技城自主创业园', '湘潭市', '湘潭县', 1],
  ['hongxin', '宏信创新产业园', '湘潭市', '岳塘区', 1],
  ['leiyang', '耒阳市经济开发区中小企业创业园', '衡阳市', '耒阳市', 1],
  ['wulingshan', '武陵山创新创业基地', '湘西土家族苗族自治州', '吉首市', 1],
  ['desiqin', '德思勤创业大街', '长沙市', '雨花区', 1, true],
  ['shimen', '湖南石门经济开发区中小微企业创业基地', '常德市', '石门县', 1],
  ['zbzg', '中部智谷产业园', '长沙市', '雨花区', 1],
  ['chuneng', '先进储能节能创意示范产业园', '长沙市', '天心区', 1],
  ['zdrjy', '长沙中电软件园', '长沙市', '岳麓区', 1, true],
  ['guiyang', '桂阳县中小企业创业基地', '郴州市', '桂阳县', 1],
  ['kjcx', '常德科技创新创业孵化产业园', '常德市', '武陵区', 1, true],
  ['pingjiang', '平江县工业园科技孵化中小微企业创业基地', '岳阳市', '平江县', 1],
  ['jkq', '岳阳经济技术开发区创业孵化基地', '岳阳市', '岳阳楼区', 1, true],
  ['mgc', '“梦工厂”工业配套园', '株洲市', '天元区', 1],
  ['lixian', '湖南澧县经济开发区创新创业园', '常德市', '澧县', 1],
  ['changhai', '长海创业基地', '长沙市', '开福区', 1],
  ['huangjin', '长沙黄金创业园', '长沙市', '开福区', 1],
  ['miaosheng', '湖南妙盛企业孵化港', '长沙市', '岳麓区', 1, true],
  ['hanshou', '汉寿生产力促进中心', '常德市', '汉寿县', 1],
  ['jinrong', '金荣科技园', '长沙市', '岳麓区', 1],
  ['yyjk', '长沙医药健康产业园', '长沙市', '浏阳市', 1],
  ['xiangxiang', '湘乡市中小企业创业孵化基地', '湘潭市', '湘乡市', 1],
  ['gxjd', '湘潭高新区高效节能机电中小企业创业基地', '湘潭市', '岳塘区', 1],
  ['qiyang', '祁阳县中小微企业创业创新基地', '永州市', '祁阳市', 1],
  ['ningyuan', '宁远县中小微企业创业创新基地', '永州市', '宁远县', 1],
  ['ylqx', '湖南麓谷国际医疗器械产业园', '长沙市', '岳麓区', 1],
  ['jkq', '娄底市经开区中小企业孵化中心', '娄底市', '娄星区', 1, true],
  ['taoyuan', '桃源县大华创业园', '常德市', '桃源县', 1],
  ['huoju', '湘潭火炬创新创业园', '湘潭市', '岳塘区', 1, true],
  ['anren', '安仁县中小企业创业创新基地', '郴州市', '安仁县', 1],
  ['sanyi', '三一众创孵化基地', '长沙市', '长沙县', 1],
  ['czcy', '郴州市中小企业创业基地', '郴州市', '北湖区', 1, true],
  ['ningxiang', '宁乡经济技术开发区创业基地', '长沙市', '宁乡市', 1],
  ['sanye', '衡阳市三叶中小企业创业基地', '衡阳市', '石鼓区', 2, true],
  ['jianghua', '江华瑶族自治县中小微企业创业创新基地', '永州市', '江华瑶族自治县', 2],
  ['xinhuang', '新晃工业集中区中小企业创业基地', '怀化市', '新晃侗族自治县', 2],
  ['lgqygc', '麓谷企业广场创业基地', '长沙市', '岳麓区', 2, true],
  ['xingang', '岳阳新港区中小微企业创业创新基地', '岳阳市', '云溪区', 3],
  ['tenghui', '南县腾辉创业基地', '益阳市', '南县', 3],
  ['xinjianxiang', '衡阳新建湘创业创新基地', '衡阳市', '蒸湘区', 4],
];

/** Batch sizes: 71 第一批 and 31 第二批 filed 2017; 2020's 83 = 52 + 19 continuing + 7 + 5 new. */
const BATCH_SIZE: Record<Batch, number> = { 1: 71, 2: 31, 3: 7, 4: 5 };
const CONTINUING: Record<1 | 2, number> = { 1: 52, 2: 19 };

const NAME_PATTERNS: ReadonlyArray<(county: string, short: string) => string> = [
  (c) => `${c}中小企业创业基地`,
  (c) => `${c}中小微企业创业创新基地`,
  (_, s) => `${s}经济开发区中小企业创业园`,
  (_, s) => `${s}工业集中区创业基地`,
  (_, s) => `${s}高新区科技企业孵化园`,
  (_, s) => `${s}创新创业园`,
  (c) => `${c}小微企业孵化基地`,
  (_, s) => `${s}众创产业园`,
];

function shortCounty(c: string): string {
  if (c.includes('族自治县')) return c.slice(0, 2);
  return c.length >= 3 ? c.slice(0, -1) : c;
}

interface BaseInfo extends DemoBase {
  batch: Batch;
  /** Relative size (integer), drives every indicator's weight. */
  size: number;
  filesIn: Set<number>;
}

function buildRegistry(): BaseInfo[] {
  const rng = new Rng('registry');
  const out: BaseInfo[] = [];
  const names = new Set<string>();
  const ids = new Set<string>();
  const add = (b: Omit<BaseInfo, 'filesIn' | 'activeFrom' | 'activeTo' | 'cohort'>) => {
    if (ids.has(b.baseId) || names.has(b.name)) throw new Error(`duplicate base ${b.baseId} ${b.name}`);
    ids.add(b.baseId);
    names.add(b.name);
    out.push({ ...b, cohort: BATCH_LABEL[b.batch], activeFrom: BATCH_FROM[b.batch], activeTo: null, filesIn: new Set() });
  };
  for (const [suffix, name, city, county, batch, national] of NAMED) {
    add({ baseId: `${CITY_CODE.get(city)}-${suffix}`, name, city, county, level: national ? 'national' : 'provincial', batch, size: rng.int(1400, 2600) });
  }
  // Generated bases: per city a number of names from its counties, then shuffled into batches.
  const generated: Array<Omit<BaseInfo, 'filesIn' | 'activeFrom' | 'activeTo' | 'cohort' | 'batch' | 'level'>> = [];
  for (const [city, code, n, counties] of CITIES) {
    for (let k = 1; k <= n; k++) {
      let name = '';
      let county = '';
      for (let tries = 0; !name || names.has(name) || generated.some((g) => g.name === name); tries++) {
        if (tries > 100) throw new Error(`no free name in ${city}`);
        county = counties[rng.int(0, counties.length - 1)]!;
        name = NAME_PATTERNS[rng.int(0, NAME_PATTERNS.length - 1)]!(county, shortCounty(county));
      }
      // Sizes skewed towards small: the product of two uniforms.
      const size = Math.max(250, Math.floor((rng.int(300, 1600) * rng.int(300, 1600)) / 1000));
      generated.push({ baseId: `${code}-${String(k).padStart(2, '0')}`, name, city, county, size });
    }
  }
  rng.shuffle(generated);
  const namedCount = (b: Batch) => NAMED.filter((x) => x[4] === b).length;
  let next = 0;
  for (const batch of [1, 2, 3, 4] as const) {
    for (let k = namedCount(batch); k < BATCH_SIZE[batch]; k++) {
      const g = generated[next++];
      if (!g) throw new Error('not enough generated bases');
      // One generated continuing 第一批 base in 株洲 is a national base (12 in 2020).
      add({ ...g, batch, level: 'provincial' });
    }
  }
  if (next !== generated.length) throw new Error(`${generated.length - next} generated bases unused`);

  // Who files what: 第一批 2016–2017, 第二批 2017; the seeds' named bases and a random share of the
  // others continue to 2020; 第三批/第四批 file 2020.
  for (const batch of [1, 2] as const) {
    const inBatch = out.filter((b) => b.batch === batch);
    const named = inBatch.filter((b) => NAMED.some((n) => n[1] === b.name));
    const others = rng.shuffle(inBatch.filter((b) => !named.includes(b)));
    const cont = new Set([...named, ...others.slice(0, CONTINUING[batch] - named.length)]);
    const ends = ['2017Q4', '2018Q4', '2019Q4'];
    for (const b of inBatch) {
      if (batch === 1) b.filesIn.add(2016);
      b.filesIn.add(2017);
      if (cont.has(b)) b.filesIn.add(2020);
      else b.activeTo = ends[rng.int(0, ends.length - 1)]!;
    }
  }
  for (const b of out) if (b.batch >= 3) b.filesIn.add(2020);
  // One generated continuing 第一批 base (in 株洲 if there is one) is national too: 12 in 2020.
  const generatedContinuing = out.filter((b) => b.batch === 1 && b.filesIn.has(2020) && !NAMED.some((n) => b.name === n[1]));
  (generatedContinuing.find((b) => b.city === '株洲市') ?? generatedContinuing[0]!).level = 'national';
  return out;
}

// ---------------------------------------------------------------------------------------------
// 001's text rankings, reproduced by pinning those bases' 2017 values (2016 derived unless given)
// ---------------------------------------------------------------------------------------------

const wan = (s: string) => BigInt(s.replace('.', '').padEnd(s.split('.')[0]!.length + 4, '0')); // 万 → units
const yi = (s: string) => {
  const [i, f = ''] = s.split('.');
  return BigInt(i! + f.padEnd(8, '0'));
};

interface Pin {
  /** 2017 annual value (stock at Q4, or the year's flow). */
  v2017: bigint;
  /** 2016 value (第一批); derived from the cohort's growth when omitted. */
  v2016?: bigint;
}

/** field → base id → pin, plus the cap every other base stays under (so the ranking holds). */
const PINS_2017: Record<string, { pins: Record<string, Pin>; othersBelow?: bigint; increaseBelow?: bigint }> = {
  // 建筑面积最大的依次是 … 均在50万平方米以上; 澧东 2017年新增建筑面积最多 (50多万平方米).
  buildingArea: {
    pins: {
      'hy-dfjg': { v2017: wan('86.3') },
      'cd-lidong': { v2017: wan('79.5'), v2016: wan('29.1') },
      'cs-kjxc': { v2017: wan('68.2') },
      'sy-jkq': { v2017: wan('61.7') },
      'cs-ezx': { v2017: wan('55.4') },
      'hh-gyyq': { v2017: wan('52.0') },
      // their 标准厂房 below needs room:
      'iy-longling': { v2017: wan('45.3') },
      'xt-tianyi': { v2017: wan('41.8') },
      'xt-hongxin': { v2017: wan('39.6') },
      'cs-rjy': { v2017: wan('40.2') },
    },
    othersBelow: wan('50'),
  },
  // 标准厂房 前五 with their areas; 长沙软件园新增标准厂房20万平方米, 新增最多.
  standardFactoryArea: {
    pins: {
      'sy-jkq': { v2017: wan('52.5') },
      // Both printed 40万; 赫山 is named first, so it is a few square metres larger.
      'iy-longling': { v2017: wan('40.0035') },
      'hh-gyyq': { v2017: wan('40') },
      'xt-tianyi': { v2017: wan('36.26') },
      'xt-hongxin': { v2017: wan('35.74') },
      'cs-rjy': { v2017: wan('28.6'), v2016: wan('8.6') },
    },
    othersBelow: wan('35.74'),
    increaseBelow: wan('20'),
  },
  operatorAssets: {
    pins: {
      'hy-leiyang': { v2017: yi('14.62') },
      'xx-wulingshan': { v2017: yi('12.87') },
      'cs-desiqin': { v2017: yi('11.73') },
      'cs-kjxc': { v2017: yi('10.81') },
      'cd-shimen': { v2017: yi('9.64') },
    },
    othersBelow: yi('9.64'),
  },
  operatorRevenue: {
    pins: {
      'cs-kjxc': { v2017: yi('3.12') },
      'cs-desiqin': { v2017: yi('2.68') },
      'cs-zbzg': { v2017: yi('2.21') },
      'cs-chuneng': { v2017: yi('1.93') },
      'cs-zdrjy': { v2017: yi('1.72') },
    },
    othersBelow: yi('1.72'),
  },
  // 服务人员数量较多 (five); 桂阳县 2017年新增服务人员34名.
  serviceStaff: {
    pins: {
      'cd-kjcx': { v2017: 96n },
      'yy-pingjiang': { v2017: 88n },
      'yy-jkq': { v2017: 81n },
      'zz-mgc': { v2017: 77n },
      'cd-lixian': { v2017: 72n },
      'cz-guiyang': { v2017: 59n, v2016: 25n },
    },
    othersBelow: 72n,
    increaseBelow: 34n,
  },
  // 创业辅导师人数最多的依次为 (five); 长沙医药健康产业园新增创业辅导师9名.
  certifiedMentors: {
    pins: {
      'cs-changhai': { v2017: 28n },
      'cs-huangjin': { v2017: 24n },
      'cs-miaosheng': { v2017: 21n },
      'cd-hanshou': { v2017: 19n },
      'cs-jinrong': { v2017: 17n },
      'cs-yyjk': { v2017: 12n, v2016: 3n },
    },
    othersBelow: 17n,
    increaseBelow: 9n,
  },
  // 湘乡市中小企业创业孵化基地合作的服务机构有26家,比上年新增10家,增长率高达62.5%.
  thirdPartyProviders: { pins: { 'xt-xiangxiang': { v2017: 26n, v2016: 16n } } },
  // 入驻企业 前五 with their counts.
  residentEnterprises: {
    pins: {
      'cs-desiqin': { v2017: 458n },
      'xt-huoju': { v2017: 315n },
      'cs-changhai': { v2017: 226n },
      'cz-anren': { v2017: 216n },
      'cs-sanyi': { v2017: 205n },
    },
    othersBelow: 205n,
  },
};

/** Rankings over a sum of fields: the base's row total is pinned and split over the fields. */
const ROW_PINS_2017: Array<{ codes: string[]; pins: Record<string, bigint>; othersBelow: bigint }> = [
  // 开展服务活动次数最多的 (five)
  {
    codes: svc(2017, 'sessions'),
    pins: { 'cz-guiyang': 612n, 'xt-gxjd': 530n, 'cs-yyjk': 455n, 'yz-qiyang': 401n, 'yz-ningyuan': 366n },
    othersBelow: 366n,
  },
  // 服务企业数量最多的 (five)
  {
    codes: svc(2017, 'enterprises'),
    pins: { 'cs-kjxc': 2860n, 'cs-zdrjy': 2410n, 'cs-ylqx': 2150n, 'ld-jkq': 1960n, 'cd-taoyuan': 1790n },
    othersBelow: 1790n,
  },
  // 入驻企业拥有知识产权总数最多的 (five): 商标 + 软件著作权 + 专利
  {
    codes: ['trademarks', 'softwareCopyrights', ...PATENTS],
    pins: { 'cs-miaosheng': 820n, 'cs-zdrjy': 690n, 'cs-kjxc': 560n, 'cz-guiyang': 470n, 'cs-rjy': 430n },
    othersBelow: 430n,
  },
];

/** The rankings of 001's text, for the test: field codes summed, base ids in printed order. */
export const DEMO_RANKINGS_2017: ReadonlyArray<{ label: string; codes: string[]; top: string[]; increase?: boolean }> = [
  { label: '建筑面积最大 (均在50万平方米以上)', codes: ['buildingArea'], top: ['hy-dfjg', 'cd-lidong', 'cs-kjxc', 'sy-jkq', 'cs-ezx', 'hh-gyyq'] },
  { label: '2017年新增建筑面积最多', codes: ['buildingArea'], top: ['cd-lidong'], increase: true },
  { label: '标准厂房面积居全省前五位', codes: ['standardFactoryArea'], top: ['sy-jkq', 'iy-longling', 'hh-gyyq', 'xt-tianyi', 'xt-hongxin'] },
  { label: '新增厂房面积最多', codes: ['standardFactoryArea'], top: ['cs-rjy'], increase: true },
  { label: '总资产规模最大的五家', codes: ['operatorAssets'], top: ['hy-leiyang', 'xx-wulingshan', 'cs-desiqin', 'cs-kjxc', 'cd-shimen'] },
  { label: '运营单位营业收入位居前五', codes: ['operatorRevenue'], top: ['cs-kjxc', 'cs-desiqin', 'cs-zbzg', 'cs-chuneng', 'cs-zdrjy'] },
  { label: '服务人员数量较多', codes: ['serviceStaff'], top: ['cd-kjcx', 'yy-pingjiang', 'yy-jkq', 'zz-mgc', 'cd-lixian'] },
  { label: '新增服务人员34名', codes: ['serviceStaff'], top: ['cz-guiyang'], increase: true },
  { label: '创业辅导师人数最多', codes: ['certifiedMentors'], top: ['cs-changhai', 'cs-huangjin', 'cs-miaosheng', 'cd-hanshou', 'cs-jinrong'] },
  { label: '新增创业辅导师9名', codes: ['certifiedMentors'], top: ['cs-yyjk'], increase: true },
  { label: '开展服务活动次数最多', codes: svc(2017, 'sessions'), top: ['cz-guiyang', 'xt-gxjd', 'cs-yyjk', 'yz-qiyang', 'yz-ningyuan'] },
  { label: '服务企业数量最多', codes: svc(2017, 'enterprises'), top: ['cs-kjxc', 'cs-zdrjy', 'cs-ylqx', 'ld-jkq', 'cd-taoyuan'] },
  { label: '入驻企业户数居全省前五位', codes: ['residentEnterprises'], top: ['cs-desiqin', 'xt-huoju', 'cs-changhai', 'cz-anren', 'cs-sanyi'] },
  {
    label: '入驻企业拥有知识产权总数最多',
    codes: ['trademarks', 'softwareCopyrights', ...PATENTS],
    top: ['cs-miaosheng', 'cs-zdrjy', 'cs-kjxc', 'cz-guiyang', 'cs-rjy'],
  },
];

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

type Vals = Record<string, bigint>;

const STOCKS = [
  'buildingArea',
  'selfOwnedArea',
  'standardFactoryArea',
  'avgRent',
  'avgSalePrice',
  'serviceStaff',
  'certifiedMentors',
  'operatorAssets',
  'thirdPartyProviders',
  'residentEnterprises',
  'smallMicroEnterprises',
  'reportingEnterprises',
  'highTechEnterprises',
  'employees',
  'enterpriseAssets',
  'trademarks',
  'softwareCopyrights',
  ...PATENTS,
] as const;
const FLOWS = ['operatorRevenue', 'operatorServiceRevenue', 'serviceExpenditure', 'enterpriseRevenue', 'enterpriseProfit', 'enterpriseTax'] as const;

/** Per base: which field its weight follows, the noise range (‰), and its parent cap. */
const DRIVERS: Record<string, { from: string | 'size' | 'none'; lo: number; hi: number; capBy?: string[] }> = {
  buildingArea: { from: 'size', lo: 600, hi: 1500 },
  selfOwnedArea: { from: 'buildingArea', lo: 250, hi: 850, capBy: ['buildingArea'] },
  standardFactoryArea: { from: 'buildingArea', lo: 450, hi: 950, capBy: ['buildingArea'] },
  avgRent: { from: 'none', lo: 650, hi: 1450 },
  avgSalePrice: { from: 'none', lo: 700, hi: 1350 },
  serviceStaff: { from: 'size', lo: 500, hi: 1500 },
  certifiedMentors: { from: 'serviceStaff', lo: 400, hi: 1600 },
  operatorAssets: { from: 'buildingArea', lo: 500, hi: 1600 },
  thirdPartyProviders: { from: 'serviceStaff', lo: 500, hi: 1500 },
  residentEnterprises: { from: 'buildingArea', lo: 500, hi: 1500 },
  smallMicroEnterprises: { from: 'residentEnterprises', lo: 850, hi: 1150, capBy: ['residentEnterprises'] },
  reportingEnterprises: { from: 'residentEnterprises', lo: 800, hi: 1150, capBy: ['residentEnterprises'] },
  highTechEnterprises: { from: 'reportingEnterprises', lo: 400, hi: 1600, capBy: ['reportingEnterprises', 'residentEnterprises'] },
  employees: { from: 'residentEnterprises', lo: 500, hi: 1500 },
  enterpriseAssets: { from: 'employees', lo: 500, hi: 1500 },
  trademarks: { from: 'reportingEnterprises', lo: 300, hi: 1700 },
  softwareCopyrights: { from: 'reportingEnterprises', lo: 300, hi: 1700 },
  inventionPatents: { from: 'reportingEnterprises', lo: 300, hi: 1700 },
  utilityPatents: { from: 'reportingEnterprises', lo: 300, hi: 1700 },
  designPatents: { from: 'reportingEnterprises', lo: 300, hi: 1700 },
  operatorRevenue: { from: 'operatorAssets', lo: 500, hi: 1500 },
  operatorServiceRevenue: { from: 'operatorRevenue', lo: 400, hi: 1600, capBy: ['operatorRevenue'] },
  serviceExpenditure: { from: 'operatorServiceRevenue', lo: 500, hi: 1500 },
  enterpriseRevenue: { from: 'enterpriseAssets', lo: 600, hi: 1400 },
  enterpriseProfit: { from: 'enterpriseRevenue', lo: 500, hi: 1500 },
  enterpriseTax: { from: 'enterpriseRevenue', lo: 600, hi: 1400 },
};

/** Seasonal shape of flows over the quarters (weights), before per-base noise. */
const SEASON: Record<number, readonly bigint[]> = { 2016: [22n, 24n, 25n, 29n], 2017: [22n, 24n, 25n, 29n], 2020: [14n, 25n, 28n, 33n] };

/** How many bases make a loss (negative 利润总额) per year; chosen among generated bases. */
const LOSS_BASES = { 2016: 1, 2017: 2, 2020: 3 } as const;

interface GroupYear {
  year: number;
  bases: BaseInfo[];
  /** Group total of a field (a sum; for a mean field the sum of per-base values). */
  total(code: string): bigint;
  /** Last filed annual values of continuing bases: their weights follow them. */
  prev?: Map<string, Vals>;
  /** Noise (‰) on a continuing base's weight; default 880–1150. */
  prevNoise?: [number, number];
  pins: Map<string, Map<string, bigint>>;
  othersBelow: Map<string, bigint>;
  increaseBelow: Map<string, bigint>;
  rng: Rng;
}

/** Annual values (stocks at Q4, flows for the year) of a group of bases for one year. */
function annualValues(g: GroupYear, codes: readonly string[]): Map<string, Vals> {
  const out = new Map<string, Vals>(g.bases.map((b) => [b.baseId, {}]));
  for (const code of codes) {
    const d = DRIVERS[code];
    const pins = g.pins.get(code) ?? new Map<string, bigint>();
    const others = g.bases.filter((b) => !pins.has(b.baseId));
    let rest = g.total(code);
    for (const b of g.bases) {
      const p = pins.get(b.baseId);
      if (p !== undefined) {
        out.get(b.baseId)![code] = p;
        rest -= p;
      }
    }
    const prevVals = g.prev ? [...g.prev.values()].flatMap((v) => (v[code] === undefined ? [] : [v[code]!])) : [];
    const prevAvg = prevVals.length ? prevVals.reduce((a, b) => a + b, 0n) / BigInt(prevVals.length) : undefined;
    const [plo, phi] = g.prevNoise ?? [880, 1150];
    const weights = others.map((b) => {
      const noise = d ? g.rng.big(d.lo, d.hi) : g.rng.big(500, 1500);
      const prev = g.prev?.get(b.baseId)?.[code];
      if (prevAvg !== undefined) {
        // Continuing bases keep their proportions: their last filed value, nudged; newcomers
        // start around the average.
        if (prev !== undefined) return ((prev < 0n ? 0n : prev) + prevAvg / 8n + 1n) * g.rng.big(plo, phi);
        return ((prevAvg < 0n ? 0n : prevAvg) + 1n) * g.rng.big(500, 1300);
      }
      const from = d?.from ?? 'size';
      if (from === 'none') return noise;
      // (2020's 服务性支出 follows size: its driver, service revenue, is split per quarter there.)
      const basis = from === 'size' ? BigInt(b.size) : (out.get(b.baseId)![from] ?? BigInt(b.size));
      return (basis + 1n) * noise;
    });
    // Ranking caps get a little random slack so capped bases do not all sit at the same value.
    const below = (limit: bigint | undefined) => (limit === undefined ? undefined : limit - 1n - (limit * g.rng.big(0, 60)) / 1000n);
    const caps = others.map((b) => {
      const v = out.get(b.baseId)!;
      const prev = g.prev?.get(b.baseId)?.[code];
      const inc = g.increaseBelow.get(code);
      return minBig(
        ...(d?.capBy ?? []).map((p) => v[p]),
        below(g.othersBelow.get(code)),
        prev !== undefined && inc !== undefined ? prev + below(inc)! : undefined,
      );
    });
    if (rest < 0n) throw new Error(`${g.year} ${code}: pins exceed the total`);
    distribute(rest, weights, caps).forEach((x, i) => (out.get(others[i]!.baseId)![code] = x));
  }
  return out;
}

/** Splits a per-base annual flow over the four quarters (seasonal shape, noise, optional caps). */
function splitQuarters(total: bigint, year: number, rng: Rng, caps?: readonly bigint[]): bigint[] {
  const neg = total < 0n;
  const w = SEASON[year]!.map((s) => s * rng.big(850, 1150));
  const parts = distribute(neg ? -total : total, w, neg ? undefined : caps);
  return neg ? parts.map((x) => -x) : parts;
}

/** Stock path over the quarters, from the previous Q4 (or a plausible start) to this Q4. */
function stockPath(v4: bigint, v0: bigint): bigint[] {
  return [1n, 2n, 3n, 4n].map((k) => v0 + ((v4 - v0) * k) / 4n);
}

interface Generated {
  bases: DemoBase[];
  filings: Array<{ baseId: string; period: string; values: Values }>;
}

let memo: Generated | undefined;

/** The demo province: registry and every quarterly filing (values in base units). */
export function demoDataset(): Generated {
  return (memo ??= generate());
}

function generate(): Generated {
  const registry = buildRegistry();
  const byId = new Map(registry.map((b) => [b.baseId, b]));
  const filings: Generated['filings'] = [];
  const annual = new Map<number, Map<string, Vals>>();

  const pinMaps = (year: 2016 | 2017, cohortBases: Set<string>) => {
    const pins = new Map<string, Map<string, bigint>>();
    const othersBelow = new Map<string, bigint>();
    const increaseBelow = new Map<string, bigint>();
    const t = (y: string, code: string) => need(y, C1, code).expected;
    const ratio = (code: string, v: bigint) => (v * t('2016', code) + t('2017', code) / 2n) / t('2017', code);
    for (const [code, spec] of Object.entries(PINS_2017)) {
      const m = new Map<string, bigint>();
      for (const [id, p] of Object.entries(spec.pins)) {
        if (!byId.has(id)) throw new Error(`pinned base ${id} does not exist`);
        if (year === 2016 && !cohortBases.has(id)) continue;
        m.set(id, year === 2017 ? p.v2017 : (p.v2016 ?? ratio(code, p.v2017)));
      }
      pins.set(code, m);
      if (year === 2017 && spec.othersBelow) othersBelow.set(code, spec.othersBelow);
      if (year === 2017 && spec.increaseBelow) increaseBelow.set(code, spec.increaseBelow);
    }
    for (const row of ROW_PINS_2017) {
      const rng = new Rng(`row-pins/${row.codes[0]}`);
      const totals17 = row.codes.map((c) => t('2017', c));
      const sum17 = totals17.reduce((a, b) => a + b, 0n);
      for (const [id, rowTotal] of Object.entries(row.pins)) {
        if (!byId.has(id)) throw new Error(`pinned base ${id} does not exist`);
        const split = distribute(
          rowTotal,
          totals17.map((x) => x * rng.big(900, 1100)),
        );
        row.codes.forEach((c, i) => {
          const m = pins.get(c) ?? new Map<string, bigint>();
          pins.set(c, m);
          if (year === 2017) m.set(id, split[i]!);
          else if (cohortBases.has(id)) m.set(id, ratio(c, split[i]!));
        });
      }
      if (year === 2017)
        row.codes.forEach((c, i) => {
          // Σ floor(cap × share) ≤ cap: every other base's row stays below the fifth.
          othersBelow.set(c, ((row.othersBelow - 1n) * totals17[i]!) / sum17 + 1n);
        });
    }
    return { pins, othersBelow, increaseBelow };
  };

  const lossPins = (year: 2016 | 2017 | 2020, bases: BaseInfo[], pins: Map<string, Map<string, bigint>>, rng: Rng) => {
    const named = new Set(NAMED.map((n) => n[1]));
    const m = pins.get('enterpriseProfit') ?? new Map<string, bigint>();
    pins.set('enterpriseProfit', m);
    // The same bases lose money in 2016 and 2017 (2017 adds one), so signs never flip between quarters.
    const candidates = bases.filter((b) => !named.has(b.name)).sort((a, b) => a.baseId.localeCompare(b.baseId));
    const pool = year === 2020 ? candidates.filter((b) => !b.filesIn.has(2017)) : candidates.filter((b) => b.batch === 1);
    const chosen = pool.slice(0, LOSS_BASES[year]);
    if (year === 2017 && chosen.length < 2) throw new Error('no loss bases');
    if (year === 2017) chosen[1] = candidates.find((b) => b.batch === 2)!;
    for (const b of chosen) m.set(b.baseId, -BigInt(rng.int(80, 900)) * 10_000n - rng.big(0, 9999));
    return chosen;
  };

  // ---- 2016 and 2017 ----
  const cohort = registry.filter((b) => b.filesIn.has(2016));
  const second = registry.filter((b) => b.filesIn.has(2017) && !b.filesIn.has(2016));
  const cohortIds = new Set(cohort.map((b) => b.baseId));
  if (cohort.length !== 71 || second.length !== 31) throw new Error('registry sizes');
  const codes2017 = [...STOCKS, ...FLOWS, ...svc(2017, 'sessions'), ...svc(2017, 'enterprises')];

  const yearPins = { 2016: pinMaps(2016, cohortIds), 2017: pinMaps(2017, cohortIds) };
  const loss2016 = lossPins(2016, cohort, yearPins[2016].pins, new Rng('loss/2016'));
  const loss2017 = lossPins(2017, [...cohort, ...second], yearPins[2017].pins, new Rng('loss/2017'));
  if (loss2017[0]!.baseId !== loss2016[0]!.baseId) throw new Error('loss bases differ');

  const a2016 = annualValues(
    {
      year: 2016,
      bases: cohort,
      total: (c) => need('2016', C1, c).expected,
      pins: yearPins[2016].pins,
      othersBelow: new Map(),
      increaseBelow: new Map(),
      rng: new Rng('annual/2016'),
    },
    codes2017,
  );
  const pins17 = yearPins[2017];
  const pinsFor = (ids: Set<string>) => new Map([...pins17.pins].map(([c, m]) => [c, new Map([...m].filter(([id]) => ids.has(id)))]));
  const a2017c = annualValues(
    {
      year: 2017,
      bases: cohort,
      total: (c) => need('2017', C1, c).expected,
      prev: a2016,
      pins: pinsFor(cohortIds),
      othersBelow: pins17.othersBelow,
      increaseBelow: pins17.increaseBelow,
      rng: new Rng('annual/2017/cohort'),
    },
    codes2017,
  );
  const secondIds = new Set(second.map((b) => b.baseId));
  const a2017s = annualValues(
    {
      year: 2017,
      bases: second,
      total: (c) => need('2017', 'all', c).expected - need('2017', C1, c).expected,
      pins: pinsFor(secondIds),
      othersBelow: pins17.othersBelow,
      increaseBelow: new Map(),
      rng: new Rng('annual/2017/second'),
    },
    codes2017,
  );
  annual.set(2016, a2016);
  annual.set(2017, new Map([...a2017c, ...a2017s]));

  // ---- 2020 ----
  const b2020 = registry.filter((b) => b.filesIn.has(2020));
  if (b2020.length !== 83) throw new Error(`2020 has ${b2020.length} bases`);
  const pins2020 = new Map<string, Map<string, bigint>>();
  const QUARTER_FLOWS = ['operatorRevenue', 'operatorServiceRevenue', 'enterpriseRevenue', 'enterpriseTax', 'enterpriseProfit'];
  const codes2020 = [...STOCKS, 'serviceExpenditure', ...svc(2020, 'sessions'), ...svc(2020, 'enterprises')];
  const a2020 = annualValues(
    {
      year: 2020,
      bases: b2020,
      total: (c) => need('2020', 'all', c).expected,
      // Three years on, continuing bases are still roughly as large as in 2017 relative to the others.
      prev: new Map(b2020.flatMap((b) => (annual.get(2017)!.has(b.baseId) ? [[b.baseId, annual.get(2017)!.get(b.baseId)!] as const] : []))),
      prevNoise: [700, 1350],
      pins: pins2020,
      othersBelow: new Map(),
      increaseBelow: new Map(),
      rng: new Rng('annual/2020'),
    },
    codes2020,
  );
  annual.set(2020, a2020);

  // 2020's quarter-targeted flows: each quarter's province total split over the bases.
  const q2020 = new Map<string, Vals[]>(b2020.map((b) => [b.baseId, [{}, {}, {}, {}]]));
  {
    const rng = new Rng('quarters/2020');
    const lossPinsQ = new Map<string, Map<string, bigint>>();
    lossPins(2020, b2020, lossPinsQ, new Rng('loss/2020'));
    const baseW = new Map<string, Record<string, bigint>>();
    for (const b of b2020) {
      const a = a2020.get(b.baseId)!;
      const opRev = (a.operatorAssets! + 1n) * rng.big(500, 1500);
      const entRev = (a.enterpriseAssets! + 1n) * rng.big(600, 1400);
      baseW.set(b.baseId, {
        operatorRevenue: opRev,
        operatorServiceRevenue: rng.big(400, 1600),
        enterpriseRevenue: entRev,
        enterpriseTax: rng.big(600, 1400),
        enterpriseProfit: rng.big(500, 1500),
      });
    }
    for (let q = 0; q < 4; q++) {
      const period = `2020Q${q + 1}`;
      for (const code of QUARTER_FLOWS) {
        const pins = code === 'enterpriseProfit' ? lossPinsQ.get('enterpriseProfit')! : new Map<string, bigint>();
        const others = b2020.filter((b) => !pins.has(b.baseId));
        let rest = need(period, 'all', code).expected;
        for (const b of b2020) {
          const p = pins.get(b.baseId);
          if (p !== undefined) {
            // A loss spread over the quarters with the season's shape.
            const part = (p * SEASON[2020]![q]!) / 100n;
            q2020.get(b.baseId)![q]![code] = part;
            rest -= part;
          }
        }
        const weights = others.map((b) => {
          const w = baseW.get(b.baseId)![code]!;
          const v = q2020.get(b.baseId)![q]!;
          const basis =
            code === 'operatorServiceRevenue' ? v.operatorRevenue! : code === 'enterpriseTax' || code === 'enterpriseProfit' ? v.enterpriseRevenue! : 1n;
          return (basis + 1n) * w * rng.big(880, 1120);
        });
        const caps = others.map((b) => (code === 'operatorServiceRevenue' ? q2020.get(b.baseId)![q]!.operatorRevenue : undefined));
        distribute(rest, weights, caps).forEach((x, i) => (q2020.get(others[i]!.baseId)![q]![code] = x));
      }
    }
  }

  // ---- quarters, filings ----
  for (const year of DEMO_YEARS) {
    const rng = new Rng(`quarters/${year}`);
    const yearAnnual = annual.get(year)!;
    const prevAnnual = year === 2017 ? annual.get(2016) : undefined;
    const bases = registry.filter((b) => b.filesIn.has(year));
    const services = [...svc(year, 'sessions'), ...svc(year, 'enterprises')];
    for (const b of bases) {
      const a = yearAnnual.get(b.baseId)!;
      const qs: Vals[] = [{}, {}, {}, {}];
      for (const code of STOCKS) {
        const v4 = a[code]!;
        const prev = prevAnnual?.get(b.baseId)?.[code];
        const v0 = prev ?? (v4 * rng.big(850, 990)) / 1000n;
        stockPath(v4, v0).forEach((v, q) => (qs[q]![code] = v));
      }
      const flows = year === 2020 ? ['serviceExpenditure', ...services] : [...FLOWS, ...services];
      for (const code of flows) {
        const caps = code === 'operatorServiceRevenue' ? qs.map((v) => v.operatorRevenue!) : undefined;
        splitQuarters(a[code]!, year, rng, caps).forEach((v, q) => (qs[q]![code] = v));
      }
      if (year === 2020) for (let q = 0; q < 4; q++) Object.assign(qs[q]!, q2020.get(b.baseId)![q]!);
      // Interpolated children can overshoot a parent by rounding: clamp (Q4 is exact already).
      for (const v of qs) {
        v.selfOwnedArea = minBig(v.selfOwnedArea, v.buildingArea)!;
        v.standardFactoryArea = minBig(v.standardFactoryArea, v.buildingArea)!;
        v.smallMicroEnterprises = minBig(v.smallMicroEnterprises, v.residentEnterprises)!;
        v.reportingEnterprises = minBig(v.reportingEnterprises, v.residentEnterprises)!;
        v.highTechEnterprises = minBig(v.highTechEnterprises, v.reportingEnterprises)!;
      }
      quartersOfYear(year).forEach((period, q) => {
        const values: Values = {};
        for (const f of fieldsForPeriod(period)) {
          const v = qs[q]![f.code];
          if (v === undefined) throw new Error(`${b.baseId} ${period}: no value for ${f.code}`);
          if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('unsafe integer');
          values[f.code] = Number(v);
        }
        filings.push({ baseId: b.baseId, period, values });
      });
    }
  }

  const bases: DemoBase[] = registry.map(({ baseId, name, city, county, level, cohort, activeFrom, activeTo }) => ({
    baseId,
    name,
    city,
    county,
    level,
    cohort,
    activeFrom,
    activeTo,
  }));
  return { bases, filings };
}

/** The registry body of PUT /api/bases/{baseId}. */
export function baseBody(b: DemoBase): Omit<DemoBase, 'baseId'> {
  const { baseId: _id, ...body } = b;
  return body;
}
