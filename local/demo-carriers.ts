// Demo data for the featured-carrier program (SPEC §10, issue 14): seed 002, the self-assessment of
// 衡阳高新区大中小企业融通型载体 (../shared/seeds/002_*.txt), as API bodies — the registry entry, the
// plan, the 2019 and 2020 filings — plus three generated carriers of the other types. Pure data.
//
// How the seed's figures were read (and what we chose where it is silent or inconsistent):
//  - Indicators: every indicator of section 三. Baselines, 2019 and 2020 actuals and 2021 targets come
//    from its tables ("2018年基准值 | 2019年完成值 | 2020年完成值 | 2021年目标值"); 2020 targets from its
//    prose ("2020年目标值28家"). The prose's "2019年基准值" sometimes differs from the table's 2019 column
//    (获奖 10 vs 8, 产值 5125000 vs 5121000, …): the table is taken as the 2019 actuals.
//  - 入驻企业毕业数: the prose says 31 (差4家), the table 39; the table is used, so it is 完成 (39 ≥ 35).
//  - 产业集聚度 (占入驻企业总数比例): the seed gives a 2019 target (31.9 %) and the 2021 target, but no
//    2020 target: in 2020 it is 无目标 (the seed's "超额完成全年目标" has nothing to be checked against).
//  - 地方制度创新、机制创新的举措… has no table row; the prose gives "2019年基准值11项, 2020年目标值15项":
//    an indicator whose baseline year is 2019, so it is filed and judged from 2020 only (added mid-way).
//  - Sub-projects: the 27 of section 一 (1.1 table: 11; 1.2.1–1.2.10; 1.3.1–1.3.6). Planned investment
//    as the seed gives it (1500, 340, 1500, 458, 14000 (自筹13950 → fund 50), 500, 530 万元; 7亿/8亿 for
//    the two buildings; 1.3 as a whole 1110 with 1060 of funds = 400 补助 + 120 奖励 + 540 购买服务);
//    the rest, and the split of 1.3 over its six, are ours, chosen so the planned funds add up to the
//    4000.00 万元 received.
//  - Disbursed 2380.00 (2019) and 1020.00 (2020) split over sub-projects, never above a sub-project's
//    planned funds, the 1.1(11) rewards (420万元 in 2019) and 1.3.1 (the 2019 contest) as the seed says.
//  - Investment per sub-project where the seed names an amount (44.5, 120, 702, 420, 200, 587, 137.8).

export const CARRIER_DEMO_YEARS = [2019, 2020] as const;
export const CARRIER_DEMO_YEAR = 2020;

// matches CarrierInput of shared/carriers/registry.ts
export interface DemoCarrierInput {
  name: string;
  type: 'integration' | 'capital' | 'tech' | 'talent';
  city: string;
  zone: string;
  approvedAt: string;
  activeFrom: string | null;
  activeTo: string | null;
}

// matches CarrierPlan of shared/carriers/plan.ts (the PUT body)
export interface DemoIndicator {
  code: string;
  name: string;
  unit: string;
  decimals: number;
  better: 'higher' | 'lower';
  baseline: { year: number; value: string };
  targets: Record<string, string>;
}
export interface DemoSubProject {
  code: string;
  name: string;
  content: string;
  plannedInvestment: string;
  plannedFund: { subsidy: string; reward: string; purchase: string };
}
export interface DemoPlan {
  indicators: DemoIndicator[];
  subProjects: DemoSubProject[];
}

// the filing write body of the contract (status added by the loader)
export interface DemoCarrierFiling {
  values: Record<string, string>;
  funds: { received: Array<{ date: string; amount: string; source: string }>; disbursed: Record<string, string> };
  investment: Record<string, string>;
  progress: Record<string, string>;
  problems: string;
  nextSteps: string;
  suggestions: string;
}

export interface DemoCarrier {
  carrierId: string;
  registry: DemoCarrierInput;
  plan: DemoPlan;
  /** year → filing body */
  filings: Record<number, DemoCarrierFiling>;
}

export const SEED_CARRIER_ID = 'hy-gxq-integration';
export const CENTRAL_FUND = '中央财政中小企业发展专项资金';

// ---- seed 002 --------------------------------------------------------------------------------------

type Row = [
  code: string,
  name: string,
  unit: string,
  decimals: number,
  baseline: string,
  y2019: string,
  y2020: string,
  target2020: string | null,
  target2021: string | null,
];

/** Section 三 in the seed's order: code, name, unit, decimals, 2018 基准值, 2019, 2020 完成值, 2020 and 2021 目标值. */
const SEED_ROWS: Row[] = [
  ['gatherShare', '主要服务行业领域入驻企业占入驻企业总数比例', '%', 1, '27.3', '31.9', '38.5', null, '39.5'],
  ['employees', '从业人员数', '万人', 2, '0.42', '0.56', '0.86', '0.71', '0.95'],
  ['capitalAgencies', '合作的资本服务机构数', '家', 0, '15', '18', '17', '28', '30'],
  ['techPlatforms', '拥有或合作的各类专业公共技术服务平台数', '个', 0, '15', '18', '23', '20', '25'],
  ['mentors', '创业导师数', '个', 0, '23', '38', '62', '57', '70'],
  ['contests', '组织创新创业大赛和项目路演总次数', '次', 0, '272', '289', '285', '305', '320'],
  ['leaders', '已达成合作的行业龙头企业数', '家', 0, '4', '6', '14', '8', '18'],
  ['revenuePerArea', '亩均收入', '万元/平方米', 3, '0.37', '0.391', '0.46', '0.42', '0.5'],
  ['graduateShare', '从业人员中大学及以上学历人员占比', '%', 0, '67', '70', '80', '72', '82'],
  ['spawned', '行业龙头企业催生中小企业数', '家', 0, '63', '71', '81', '78', '87'],
  ['graduations', '入驻企业毕业数', '家', 0, '27', '30', '39', '35', '45'],
  ['listed', '入驻企业挂牌或上市数', '家', 0, '13', '15', '19', '18', '20'],
  ['scaledUp', '入驻企业规模升级数', '家', 0, '28', '38', '66', '52', '70'],
  ['specialized', '培育经国家、省级认定专精特新中小企业数', '家', 0, '18', '20', '25', '23', '30'],
  ['techSmes', '入驻企业被认定为科技型中小企业和高新技术企业数', '家', 0, '36', '39', '47', '43', '52'],
  ['awards', '入驻企业在国内外创新创业大赛中获奖数', '项', 0, '6', '8', '11', '10', '13'],
  ['output', '入驻企业年度产值', '万元', 1, '4725000', '5121000', '5126062.3', '5117250', '5412000'],
  ['profitTax', '入驻企业年度利税额', '万元', 1, '286659', '318176', '358058.2', '347563', '372000'],
  ['newJobs', '入驻企业年度新增就业人数', '万人', 2, '1.35', '1.52', '1.87', '1.82', '1.95'],
  ['rnd', '入驻企业年度研发投入额', '万元', 1, '38231', '40700', '53723.6', '44320', '57000'],
  ['deals', '龙头企业与中小企业达成的交易额', '万元', 0, '2200', '2500', '2903', '2800', '3500'],
  ['loans', '大企业帮助获得银行等金融机构贷款的中小企业数', '家', 0, '20', '23', '35', '27', '45'],
  // no table row: baseline year 2019 as the prose labels it
  ['reforms', '地方制度创新、机制创新的举措及有效模式总结、信息报送数', '项', 0, '11', '', '17', '15', null],
  ['outreach', '支持开发区以外的中小企业数', '家', 0, '30', '102', '183', '170', '210'],
];

function seedIndicators(): DemoIndicator[] {
  return SEED_ROWS.map(([code, name, unit, decimals, baseline, , , t2020, t2021]) => {
    const targets: Record<string, string> = {};
    if (code === 'gatherShare') targets['2019'] = '31.9';
    if (t2020 !== null) targets['2020'] = t2020;
    if (t2021 !== null) targets['2021'] = t2021;
    return { code, name, unit, decimals, better: 'higher' as const, baseline: { year: code === 'reforms' ? 2019 : 2018, value: baseline }, targets };
  });
}

type Sp = [code: string, name: string, content: string, investment: string, subsidy: string, reward: string, purchase: string];

const SEED_SUB_PROJECTS: Sp[] = [
  // 1.1 创新创业公共服务载体建设工程
  [
    'a01',
    '园区中小企业公共服务平台建设项目',
    '建设创新创业展示、信息交流、技术交易中心;打造综合窗口服务;建设智慧园区管理平台;建设政策综合信息平台。',
    '1500',
    '300',
    '0',
    '0',
  ],
  ['a02', '湘梦创新创业孵化基地服务能力提升建设项目', '打造湘梦智谷创客孵化中心、建设湘梦智谷创客孵化平台。', '400', '150', '0', '0'],
  ['a03', '国家输变电公共技术服务平台检验检测能力建设项目', '增添检验检测仪器设备,提升检测能力;对园区企业服务100家以上给予绩效奖励。', '300', '150', '50', '0'],
  ['a04', '重金属污染检测实验室建设项目', '建设重金属污染土壤稳定化药剂研发检测实验室,进行实验室装修、设备采购及安装调试。', '340', '100', '0', '0'],
  ['a05', '衡阳市中小企业公共服务平台建设项目', '构建中小企业发展大数据库和云服务平台,实现资源精准对接;完成目标后给予奖励。', '300', '100', '50', '0'],
  [
    'a06',
    '科创智谷企业服务平台建设项目',
    '购买和安装弱电自动化、网络通信、智能管理系统;购买会议会务和办公配套设备;购买专业机构运营服务。',
    '200',
    '100',
    '0',
    '80',
  ],
  ['a07', '技术创新中心建设项目', '建设科技中心、知识产权交易平台、服务外包管理、公共技术服务平台等。', '70000', '265', '0', '0'],
  ['a08', '科技企业孵化器项目', '建设科技企业孵化器、项目路演平台,开展在孵企业培训、融资路演及技术成果转化等活动。', '80000', '265', '0', '0'],
  [
    'a09',
    '华新跨境电商信息交易平台建设项目',
    '为龙头企业和产业链上中下游企业提供原材料进口和产品出口服务,实施衡阳跨境电商产业园建设项目。',
    '800',
    '150',
    '0',
    '0',
  ],
  [
    'a10',
    '金融信用信息服务线上平台建设项目',
    '开发建设集信用信息查询、地方金融监测、综合金融服务于一体的金融信用信息服务平台和金融服务APP。',
    '300',
    '100',
    '0',
    '0',
  ],
  ['a11', '鼓励资质创新升级奖励项目', '对园区企业获得资质认定给予奖励,对企业研发投入、高企申报、专利申请、规模升级进行奖励。', '420', '0', '420', '0'],
  // 1.2 企业技术创新能力提升工程
  ['b01', '科盈防腐实验室检测中心建设项目', '建设衡阳市防腐实验室,满足管道防腐检测试验及对外开放运行能力。', '600', '60', '0', '0'],
  ['b02', '特高压研发中心建设项目', '针对1000kV发电机变压器技术难点开展研究,购置研发生产设备。', '1000', '100', '0', '0'],
  ['b03', '北方光电企业技术中心研发能力提升项目', '提升企业技术中心研发能力。', '1500', '100', '0', '0'],
  ['b04', '风顺车桥技术中心研发能力提升项目', '汽车前后桥总成、车架和悬臂的研发、试验能力提升。', '458', '60', '0', '0'],
  ['b05', '长宏新型环保锅炉研发中心建设项目', '建设新型环保锅炉研发中心。', '500', '60', '0', '0'],
  ['b06', '合力工业车辆智能研发中心项目', '防爆先进技术研究与智能化新产品开发,建设防爆车辆企业试验中心(自筹13950万元)。', '14000', '50', '0', '0'],
  ['b07', '一体化设备舱成型行业共性技术攻关项目', '开展一体化设备舱成型及制造工艺关键技术研发。', '500', '60', '0', '0'],
  ['b08', '镭目科技金属液位智能化检测研发中心项目', '建设钠液位钠存在实验室、检验室和远程运维办公室,购置相关设备。', '800', '60', '0', '0'],
  ['b09', '机油泵企业研发中心能力提升项目', '新能源汽车热管理领域关键技术研究与开发。', '1000', '60', '0', '0'],
  ['b10', '金化科技技术中心研发能力提升项目', '建设产学研研发中心和检验检测服务中心。', '530', '50', '0', '0'],
  // 1.3 大中小企业发展融通支撑工程 (6 sub-projects, 1110 invested, 1060 of funds: 400 + 120 + 540)
  ['c01', '举办创客中国等各类创新创业大赛项目', '策划、组织、承办创新创业大赛,对参赛企业进行创业辅导、服务对接。', '250', '50', '60', '130'],
  ['c02', '金融服务体系建设项目', '鼓励金融机构服务中小企业,实施资本服务机构聚集与培育工程。', '250', '150', '30', '60'],
  ['c03', '企业转型升级培育及技术创新资源转移项目', '开展企业转型升级培育专项行动,组织技术创新资源对接。', '200', '80', '0', '110'],
  ['c04', '企业财税能力提升项目', '宣传落实财税政策,开展中小微企业财务人员能力提升培训。', '140', '40', '10', '80'],
  ['c05', '知识产权培育项目', '为中小企业提供知识产权政策宣传、专利摸底建档、专利监控管理、专题培训等服务。', '130', '40', '10', '80'],
  ['c06', '人力资源管理培训项目', '分层分类培养创新创业人才,开展互助交流学习活动。', '140', '40', '10', '80'],
];

/** Disbursed (万元) per sub-project: 2019 adds up to 2380.00, 2020 to 1020.00. */
const SEED_DISBURSED: Record<2019 | 2020, Record<string, string>> = {
  2019: {
    a01: '300',
    a02: '120',
    a03: '100',
    a04: '100',
    a05: '80',
    a06: '100',
    a07: '265',
    a08: '265',
    a09: '150',
    a10: '100',
    a11: '420',
    b01: '60',
    b02: '100',
    b03: '100',
    b06: '50',
    c01: '70',
  },
  2020: {
    a02: '30',
    a03: '100',
    a05: '70',
    a06: '80',
    b04: '60',
    b05: '60',
    b07: '60',
    b08: '60',
    b09: '60',
    b10: '50',
    c01: '170',
    c02: '100',
    c03: '40',
    c04: '30',
    c05: '20',
    c06: '30',
  },
};

const SEED_INVESTMENT: Record<2019 | 2020, Record<string, string>> = {
  2019: { a01: '44.5', a02: '120', a04: '120', a11: '420', b02: '702' },
  2020: { a04: '85', a06: '200', a07: '587', b04: '137.8' },
};

const SEED_PROGRESS_2020: Record<string, string> = {
  a01: '设备购置已投入44.5万元,采购了超融合一体机设备并投入使用;线下设立服务联盟,为中小企业提供电子商务、会计、金融、管理咨询等专业服务。',
  a02: 'C栋孵化场地新增集聚办公面积1280平米,新增配套宿舍25间并已全部投入使用;湘梦智谷线上平台完成一期开发并投入正式运营。',
  a03: '新采购的21项检测设备仪器中,13项已投入正常使用,8项已到货但未完成安装调试验收。',
  a04: '已完成资金投入200余万元,初步完成研发检测实验室装修改造,重金属污染土壤稳定剂实验室投入运行。',
  a06: '购置和安装弱电和自动化系统28万元;购置智能管理系统65万元;购买安装会议会务设备和办公配套设备27万元;购买专业机构运营服务80万元。',
  a07: '设备购置共投入481万元;生产线建设已投入106万元,目前已投入使用,正常运行。',
  a09: '进口商品展示交易中心已正常运营,引入服务商超过100家;跨境电商综合业务运营中心主体建设已基本完成。',
  a10: '金融信用信息服务平台运营正常,已引入40家银行金融机构。',
  b04: '2020年1-12月完成资金投入137.8万元,完成项目总投入458万元的30.9%。',
  c01: '通过大赛为企业提供各类服务1000次以上,协助促成资源有效对接78次。',
};

const SEED_PROBLEMS = [
  '1、特色载体的盈利模式单一。除物理空间提供外,大部分孵化载体以提供综合基础服务为主,租金仍是主要的收入来源,载体收入结构中投资收益和服务收益占比较低。',
  '2、高层次人才引入尚需加强。与沿海发达地区、省会长沙高新区相比,国家级领军人才、省级领军人才创业数量较少。',
  '3、特色载体间的协同不足。特色载体相互之间缺乏协同,未能在一些共性服务上与社会服务机构形成规模协同效应;受疫情影响,合作的资本服务机构数和大赛路演次数未实现全年目标。',
].join('\n');

const SEED_NEXT_STEPS = '加大资本服务机构引进力度,恢复并增加创新创业大赛和项目路演场次;推动特色载体共同组织双创服务活动,建立自媒体渠道,形成地区品牌。';

const SEED_SUGGESTIONS = [
  '建议1:请各级管理部门能够出台更多的支持政策,支持众创空间、孵化器等平台,组织各园区加强交流学习,共同成长。',
  '建议2:提升特色载体的服务能力,加强对服务人员的培训。加大对载体工作人员的业务培训投入力度。',
  '建议3:推动特色载体的协同发展,组织载体共同组织双创服务活动,形成规模效应,创响衡阳高新区双创影响力。',
].join('\n');

function seedValues(year: 2019 | 2020): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [code, , , , , y2019, y2020] of SEED_ROWS) {
    const v = year === 2019 ? y2019 : y2020;
    if (v !== '') out[code] = v;
  }
  return out;
}

function seedCarrier(): DemoCarrier {
  return {
    carrierId: SEED_CARRIER_ID,
    registry: {
      name: '衡阳高新区大中小企业融通型载体',
      type: 'integration',
      city: '衡阳市',
      zone: '衡阳高新区',
      approvedAt: '2019-06',
      activeFrom: null,
      activeTo: null,
    },
    plan: {
      indicators: seedIndicators(),
      subProjects: SEED_SUB_PROJECTS.map(([code, name, content, inv, subsidy, reward, purchase]) => ({
        code,
        name,
        content,
        plannedInvestment: inv,
        plannedFund: { subsidy, reward, purchase },
      })),
    },
    filings: {
      2019: {
        values: seedValues(2019),
        funds: { received: [{ date: '2019-07', amount: '2500.00', source: CENTRAL_FUND }], disbursed: SEED_DISBURSED[2019] },
        investment: SEED_INVESTMENT[2019],
        progress: {
          a02: '2019年装修投入120万元,创客中心C3楼办公区域以及多功能厅装修已基本完成。',
          b02: '签订并购置了相关设备,已使用资金702万元。',
          a11: '2019年用于奖励的总资金量为420万元。',
        },
        problems: '',
        nextSteps: '',
        suggestions: '',
      },
      2020: {
        values: seedValues(2020),
        funds: {
          received: [
            { date: '2020-01', amount: '1000.00', source: CENTRAL_FUND },
            { date: '2020-09', amount: '500.00', source: CENTRAL_FUND },
          ],
          disbursed: SEED_DISBURSED[2020],
        },
        investment: SEED_INVESTMENT[2020],
        progress: SEED_PROGRESS_2020,
        problems: SEED_PROBLEMS,
        nextSteps: SEED_NEXT_STEPS,
        suggestions: SEED_SUGGESTIONS,
      },
    },
  };
}

// ---- three generated carriers ----------------------------------------------------------------------

const ind = (
  code: string,
  name: string,
  unit: string,
  decimals: number,
  better: 'higher' | 'lower',
  baseYear: number,
  base: string,
  targets: Record<string, string>,
): DemoIndicator => ({
  code,
  name,
  unit,
  decimals,
  better,
  baseline: { year: baseYear, value: base },
  targets,
});
const sp = (code: string, name: string, content: string, inv: string, subsidy: string, reward: string, purchase: string): DemoSubProject => ({
  code,
  name,
  content,
  plannedInvestment: inv,
  plannedFund: { subsidy, reward, purchase },
});
const filing = (
  values: Record<string, string>,
  received: Array<[string, string]>,
  disbursed: Record<string, string>,
  investment: Record<string, string>,
  extra: Partial<DemoCarrierFiling> = {},
): DemoCarrierFiling => ({
  values,
  funds: { received: received.map(([date, amount]) => ({ date, amount, source: CENTRAL_FUND })), disbursed },
  investment,
  progress: {},
  problems: '',
  nextSteps: '',
  suggestions: '',
  ...extra,
});

function generatedCarriers(): DemoCarrier[] {
  return [
    {
      carrierId: 'cs-gxq-capital',
      registry: {
        name: '长沙高新区专业资本集聚型载体',
        type: 'capital',
        city: '长沙市',
        zone: '长沙高新区',
        approvedAt: '2019-06',
        activeFrom: null,
        activeTo: null,
      },
      plan: {
        indicators: [
          ind('fundScale', '入驻创投机构管理资金规模', '亿元', 2, 'higher', 2018, '85.5', { '2019': '95', '2020': '110', '2021': '125' }),
          ind('investedSmes', '获得股权投资的中小企业数', '家', 0, 'higher', 2018, '42', { '2019': '50', '2020': '60', '2021': '70' }),
          ind('financingCost', '入驻企业平均融资成本', '%', 2, 'lower', 2018, '6.5', { '2019': '6.3', '2020': '6', '2021': '5.8' }),
          // added mid-way: baseline 2019, judged from 2020
          ind('roadshows', '资本对接路演场次', '场', 0, 'higher', 2019, '24', { '2020': '30', '2021': '36' }),
        ],
        subProjects: [
          sp('f1', '股权投资引导基金子基金项目', '设立天使投资和创业投资子基金,投资园区初创期中小企业。', '3000', '600', '200', '0'),
          sp('f2', '资本服务中心建设项目', '建设资本服务中心,提供路演、对接、上市辅导等服务。', '800', '300', '0', '200'),
        ],
      },
      filings: {
        2019: filing(
          { fundScale: '97.2', investedSmes: '51', financingCost: '6.28' },
          [['2019-07', '1000']],
          { f1: '500', f2: '300' },
          { f1: '1200', f2: '350' },
        ),
        2020: filing(
          { fundScale: '108.4', investedSmes: '63', financingCost: '6.2', roadshows: '31' },
          [['2020-03', '300']],
          { f1: '300', f2: '200' },
          { f1: '1500', f2: '300' },
          {
            problems: '受疫情影响,部分投资项目延后,资金规模和融资成本未达到年度目标。',
            nextSteps: '加快子基金投资进度,扩大政银担合作,降低入驻企业融资成本。',
          },
        ),
      },
    },
    {
      carrierId: 'zz-gxq-tech',
      registry: {
        name: '株洲高新区科技资源支撑型载体',
        type: 'tech',
        city: '株洲市',
        zone: '株洲高新区',
        approvedAt: '2019-06',
        activeFrom: null,
        activeTo: null,
      },
      plan: {
        indicators: [
          ind('sharedInstruments', '开放共享科研仪器设备数', '台(套)', 0, 'higher', 2018, '320', { '2019': '360', '2020': '400', '2021': '450' }),
          ind('techContracts', '技术合同成交额', '万元', 1, 'higher', 2018, '18500', { '2019': '21000', '2020': '24000', '2021': '27000' }),
          ind('testDays', '检验检测平均周期', '天', 1, 'lower', 2018, '12.5', { '2019': '11', '2020': '10', '2021': '9' }),
        ],
        subProjects: [
          sp('t1', '轨道交通公共检测平台建设项目', '购置检验检测设备,向中小企业开放共享。', '2200', '900', '100', '0'),
          sp('t2', '技术转移服务项目', '购买技术转移机构服务,促进科技成果转化。', '600', '0', '0', '500'),
        ],
      },
      filings: {
        2019: filing(
          { sharedInstruments: '372', techContracts: '21860.5', testDays: '10.8' },
          [['2019-07', '1000']],
          { t1: '600', t2: '200' },
          { t1: '900', t2: '200' },
        ),
        2020: filing(
          { sharedInstruments: '415', techContracts: '23512.3', testDays: '9.6' },
          [['2020-01', '500']],
          { t1: '400', t2: '250' },
          { t1: '1100', t2: '300' },
        ),
      },
    },
    {
      carrierId: 'yy-jkq-talent',
      registry: {
        name: '岳阳经开区高端人才引领型载体',
        type: 'talent',
        city: '岳阳市',
        zone: '岳阳经济技术开发区',
        approvedAt: '2020-06',
        activeFrom: null,
        activeTo: null,
      },
      plan: {
        indicators: [
          ind('talents', '引进高端人才数', '人', 0, 'higher', 2019, '35', { '2020': '50', '2021': '65' }),
          ind('talentStartups', '高端人才创办企业数', '家', 0, 'higher', 2019, '12', { '2020': '18', '2021': '24' }),
          ind('vacancyDays', '人才公寓平均空置天数', '天', 0, 'lower', 2019, '45', { '2020': '30', '2021': '20' }),
        ],
        subProjects: [sp('h1', '人才创新创业园建设项目', '建设人才公寓和创业工位,提供人才服务。', '1500', '600', '200', '0')],
      },
      filings: {
        2020: filing(
          { talents: '46', talentStartups: '19', vacancyDays: '34' },
          [['2020-08', '800']],
          { h1: '650' },
          { h1: '900' },
          {
            problems: '高端人才引进周期较长,人才公寓交付推迟,引进人数和空置天数未达到年度目标。',
          },
        ),
      },
    },
  ];
}

/** The four demo carriers: seed 002's first. */
export function demoCarriers(): DemoCarrier[] {
  return [seedCarrier(), ...generatedCarriers()];
}

// ---- the seed's figures ------------------------------------------------------------------------

/**
 * What the 2020 self-assessment of the seed carrier must show. `expected` is exact; `seedPrinted`
 * is what the seed prints where it differs (its arithmetic slips), kept for the record.
 */
export interface CarrierDemoTarget {
  carrierId: string;
  year: number;
  /** 'indicator' (code) or 'funds' (cumReceived, cumDisbursed, rate, disbursed:<year>, received:<year>, batches) or 'counts' (judged, met). */
  kind: 'indicator' | 'funds' | 'counts';
  key: string;
  /** For indicators: verdict, and gap / growth / change as printed. */
  expected: { verdict?: string; gap?: string; growth?: string; change?: string; value?: string };
  seedPrinted?: string;
  label: string;
}

const T = (kind: CarrierDemoTarget['kind'], key: string, label: string, expected: CarrierDemoTarget['expected'], seedPrinted?: string): CarrierDemoTarget => ({
  carrierId: SEED_CARRIER_ID,
  year: 2020,
  kind,
  key,
  label,
  expected,
  ...(seedPrinted ? { seedPrinted } : {}),
});

export const CARRIER_DEMO_TARGETS: readonly CarrierDemoTarget[] = [
  T('funds', 'received', '到位资金合计(三批 2500.00 + 1000.00 + 500.00)', { value: '4000.00' }),
  T('funds', 'batches', '资金到位批次', { value: '2019-07 2500.00;2020-01 1000.00;2020-09 500.00' }),
  T('funds', 'disbursed:2019', '2019年拨付', { value: '2380.00' }),
  T('funds', 'disbursed:2020', '2020年拨付', { value: '1020.00' }),
  T('funds', 'disbursed', '累计拨付', { value: '3400.00' }, '3400'),
  T('funds', 'rate', '拨付率', { value: '85%' }),
  T('counts', 'judged', '2020年考核指标(有目标值)', { value: '23' }),
  T('counts', 'met', '2020年完成指标', { value: '21' }),
  T('indicator', 'capitalAgencies', '资本服务机构 17 vs 28', { verdict: '未完成', gap: '11' }),
  T('indicator', 'contests', '大赛路演 285 vs 305', { verdict: '未完成', gap: '20' }, '差16次'),
  T('indicator', 'outreach', '辐射企业 183 vs 102', { verdict: '完成', growth: '79.4%', change: '81' }, '增长179%'),
  T('indicator', 'gatherShare', '产业集聚度 38.5% vs 31.9%', { verdict: '无目标', change: '6.6' }, '提升6.6个百分点'),
  T('indicator', 'techPlatforms', '公共技术服务平台 23 vs 18', { verdict: '完成', change: '5' }, '新增2个'),
  T('indicator', 'mentors', '创业导师 62 vs 38', { verdict: '完成', change: '24' }, '新增19人'),
  T('indicator', 'employees', '从业人员 0.86 vs 0.71', { verdict: '完成' }),
  T('indicator', 'graduations', '毕业数 39 vs 35 (table; prose says 31, 差4)', { verdict: '完成' }, '差4家'),
  T('indicator', 'revenuePerArea', '亩均收入 0.46 vs 0.42', { verdict: '完成' }),
  T('indicator', 'output', '产值 5126062.3 vs 5117250', { verdict: '完成' }),
  T('indicator', 'reforms', '制度创新 17 vs 15 (baseline 2019: judged from 2020)', { verdict: '完成' }),
  T('indicator', 'loans', '贷款中小企业 35 vs 27', { verdict: '完成' }),
];
