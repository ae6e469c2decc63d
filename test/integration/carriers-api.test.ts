// The featured carriers (SPEC §10) through the HTTP dispatch on DynamoDB Local with its real
// stream: the registry and who may see it, the versioned and audited plan, the yearly filing with
// its details (draft, submit, review, history), bad plans and filings refused with named Chinese
// errors and nothing stored, the aggregates against sums computed here, reconcile, and seed 002
// loaded through the API: its 2020 self-assessment as a workbook (read back with exceljs) and as
// a Word document printed by LibreOffice (read back with pdftotext) shows 差11, 差20, 85% and
// +79.4% — computed, not typed.

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import { dec, fmt, judgeCarrier, pct, rawNumber, SUM_CODES, sheetRows, summaryOf, type TFiling, type TPlan, wan2, wanCell } from '../helpers/carrier-math';
import { useLocalTable } from '../helpers/local-table';
import { A4_LANDSCAPE, A4_PORTRAIT, pagePng, printDocx } from '../helpers/office';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const exporter = await import('../../functions/export-bulletin');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const { reconcilePeriod } = await import('../../shared/use-cases/reconcile-period');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { CARRIERS } = await import('../../shared/program');
const { demoCarriers, SEED_CARRIER_ID } = await import('../../local/demo-carriers');
const { startHistoryPoller, startTestPoller } = await import('../helpers/stream');
const call = caller(dispatch);

let history: Awaited<ReturnType<typeof startHistoryPoller>>;
let aggregator: Awaited<ReturnType<typeof startTestPoller>>;

const schedule = { opensAt: '2019-01-01T00:00:00+08:00', dueAt: '2099-01-15T00:00:00+08:00', closesAt: '2099-02-01T00:00:00+08:00' };
const holder = (name: string) => ({ name, phone: '13800000000' });
const SOURCE = '中央财政中小企业发展专项资金';

const REG = {
  'cs-capital': { name: '长沙高新区专业资本集聚型载体', type: 'capital', city: '长沙市', zone: '长沙高新区', approvedAt: '2019-06' },
  'cs-tech': { name: '长沙经开区科技资源支撑型载体', type: 'tech', city: '长沙市', zone: '长沙经开区', approvedAt: '2019-06' },
  'zz-talent': { name: '株洲高新区高端人才引领型载体', type: 'talent', city: '株洲市', zone: '株洲高新区', approvedAt: '2019-06' },
} as const;
type Id = keyof typeof REG;

const PLANS: Record<Id, TPlan> = {
  'cs-capital': {
    indicators: [
      {
        code: 'investedSmes',
        name: '获得股权投资的中小企业数',
        unit: '家',
        decimals: 0,
        better: 'higher',
        baseline: { year: 2018, value: '40' },
        targets: { '2019': '50', '2020': '60', '2021': '70' },
      },
      {
        code: 'cost',
        name: '入驻企业平均融资成本',
        unit: '%',
        decimals: 2,
        better: 'lower',
        baseline: { year: 2018, value: '6.5' },
        targets: { '2019': '6.3', '2020': '6', '2021': '5.8' },
      },
      // added mid-way: baseline 2019, filed and judged from 2020
      {
        code: 'roadshows',
        name: '资本对接路演场次',
        unit: '场',
        decimals: 0,
        better: 'higher',
        baseline: { year: 2019, value: '24' },
        targets: { '2020': '30' },
      },
    ],
    subProjects: [
      {
        code: 'f1',
        name: '股权投资引导基金子基金项目',
        content: '设立子基金。',
        plannedInvestment: '3000',
        plannedFund: { subsidy: '600', reward: '200', purchase: '0' },
      },
      {
        code: 'f2',
        name: '资本服务中心建设项目',
        content: '建设资本服务中心。',
        plannedInvestment: '800',
        plannedFund: { subsidy: '300', reward: '0', purchase: '200' },
      },
    ],
  },
  'cs-tech': {
    indicators: [
      {
        code: 'contracts',
        name: '技术合同成交额',
        unit: '万元',
        decimals: 1,
        better: 'higher',
        baseline: { year: 2018, value: '100' },
        targets: { '2020': '120.5' },
      },
      { code: 'days', name: '检验检测平均周期', unit: '天', decimals: 1, better: 'lower', baseline: { year: 2018, value: '12' }, targets: { '2020': '10' } },
    ],
    subProjects: [
      {
        code: 't1',
        name: '公共检测平台建设项目',
        content: '购置设备。',
        plannedInvestment: '2200',
        plannedFund: { subsidy: '900', reward: '100', purchase: '0' },
      },
    ],
  },
  'zz-talent': {
    indicators: [
      { code: 'talents', name: '引进高端人才数', unit: '人', decimals: 0, better: 'higher', baseline: { year: 2019, value: '35' }, targets: { '2020': '50' } },
    ],
    subProjects: [
      {
        code: 'h1',
        name: '人才创新创业园建设项目',
        content: '建设人才公寓。',
        plannedInvestment: '1500',
        plannedFund: { subsidy: '600', reward: '200', purchase: '0' },
      },
    ],
  },
};

/** The last submitted filing per carrier and year, as sent (for the sums and verdicts computed here). */
const submitted = new Map<Id, Map<number, TFiling>>();
function noteSubmitted(id: Id, year: number, f: TFiling) {
  if (!submitted.has(id)) submitted.set(id, new Map());
  submitted.get(id)!.set(year, f);
}

const body = (status: 'draft' | 'submitted', f: TFiling) => ({ status, confirmWarnings: true, explanation: '历史数据,按原报表录入', ...f });

let capitalToken = '';
let techToken = '';
let changshaToken = '';
let zhuzhouToken = '';
let baseToken = '';
let platformToken = '';
let seedToken = '';

beforeAll(async () => {
  await table.setup();
  history = await startHistoryPoller();
  aggregator = await startTestPoller((e) => processStreamEvent(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
  for (const [id, reg] of Object.entries(REG)) {
    const r = await call('PUT', `/api/carriers/${id}`, reg);
    expect(r.status, r.text).toBe(201);
  }
  expect((await call('PUT', '/api/bases/base-01', { name: '测试基地', city: '长沙市', county: '岳麓区', level: 'national' })).status).toBe(201);
  expect((await call('PUT', '/api/platforms/plat-01', { name: '长沙市综合窗口平台', tier: 'city', city: '长沙市', builtYear: 2015 })).status).toBe(201);
  for (const y of ['2019', '2020', '2021']) expect((await call('PUT', `/api/periods/${y}?program=carriers`, schedule)).status).toBe(200);
  const issue = async (b: Record<string, unknown>) => {
    const r = await call('POST', '/api/tokens', { ...b, holder: holder('某人') });
    expect(r.status, r.text).toBe(201);
    return r.body.token as string;
  };
  capitalToken = await issue({ role: 'carrier', carrierId: 'cs-capital' });
  techToken = await issue({ role: 'carrier', carrierId: 'cs-tech' });
  changshaToken = await issue({ role: 'city', city: '长沙市' });
  zhuzhouToken = await issue({ role: 'city', city: '株洲市' });
  baseToken = await issue({ role: 'base', baseId: 'base-01' });
  platformToken = await issue({ role: 'platform', platformId: 'plat-01' });
});
afterAll(async () => {
  await aggregator?.stop();
  await history?.stop();
});

const auditOf = async (action: string, carrierId: string) => {
  await history.drain();
  const r = await call('GET', '/api/audit?limit=5000');
  expect(r.status, r.text).toBe(200);
  return (r.body.entries as Array<{ action: string; carrierId?: string; details?: Record<string, unknown> }>).filter(
    (e) => e.action === action && e.carrierId === carrierId,
  );
};

describe('registry', () => {
  it('creates with 201, changes with 200, an identical repeat is a no-op; every change audited', async () => {
    const reg = { name: '湘潭高新区大中小企业融通型载体', type: 'integration', city: '湘潭市', zone: '湘潭高新区', approvedAt: '2020-06' };
    const created = await call('PUT', '/api/carriers/xt-integration', reg);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ carrierId: 'xt-integration', ...reg, activeFrom: null, activeTo: null });
    const changed = await call('PUT', '/api/carriers/xt-integration', { ...reg, zone: '湘潭九华示范区' });
    expect([changed.status, changed.body.zone]).toEqual([200, '湘潭九华示范区']);
    const again = await call('PUT', '/api/carriers/xt-integration', { ...reg, zone: '湘潭九华示范区' });
    expect(again.status).toBe(200);
    expect(again.body.updatedAt).toBe(changed.body.updatedAt);
    const audit = await auditOf('carrier.upsert', 'xt-integration');
    expect(audit).toHaveLength(2);
    expect(audit.map((e) => e.details?.changes)).toContainEqual({ zone: ['湘潭高新区', '湘潭九华示范区'] });
  });

  it('refuses bad registry input with 400 and Chinese messages per field, storing nothing', async () => {
    const r = await call('PUT', '/api/carriers/bad-carrier', { name: '', type: 'fintech', city: '北京市', zone: '某园区', approvedAt: '2019-13', extra: 1 });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('载体登记信息有误');
    expect(Object.keys(r.body.error.fields).sort()).toEqual(['approvedAt', 'city', 'extra', 'name', 'type']);
    expect(r.body.error.fields.type).toMatch(/^载体类型:/);
    expect(r.body.error.fields.city).toMatch(/^所属市州:/);
    expect(r.body.error.fields.approvedAt).toBe('获批时间:应为年月(如 2019-06)');
    for (const m of Object.values(r.body.error.fields) as string[]) expect(m).toMatch(/[\u4e00-\u9fff]/);
    expect((await call('PUT', '/api/carriers/Bad_Id', REG['cs-tech'])).status).toBe(400);
    expect((await call('GET', '/api/carriers/bad-carrier')).status).toBe(404);
    expect((await call('GET', '/api/carriers')).body.carriers.map((c: { carrierId: string }) => c.carrierId)).not.toContain('bad-carrier');
  });

  it('lists all for the admin, its own city for a city; a carrier reads itself only; base and platform tokens are refused', async () => {
    const ids = (r: { body: { carriers: Array<{ carrierId: string }> } }) => r.body.carriers.map((c) => c.carrierId);
    expect(ids(await call('GET', '/api/carriers'))).toEqual(expect.arrayContaining(['cs-capital', 'cs-tech', 'zz-talent']));
    expect(ids(await call('GET', '/api/carriers', undefined, { token: changshaToken }))).toEqual(['cs-capital', 'cs-tech']);
    expect(ids(await call('GET', '/api/carriers', undefined, { token: zhuzhouToken }))).toEqual(['zz-talent']);
    expect((await call('GET', '/api/carriers/cs-capital', undefined, { token: changshaToken })).status).toBe(200);
    expect((await call('GET', '/api/carriers/zz-talent', undefined, { token: changshaToken })).status).toBe(403);
    expect((await call('GET', '/api/carriers/cs-capital', undefined, { token: capitalToken })).body.name).toBe(REG['cs-capital'].name);
    expect((await call('GET', '/api/carriers/cs-tech', undefined, { token: capitalToken })).status).toBe(403);
    expect((await call('GET', '/api/carriers', undefined, { token: capitalToken })).status).toBe(403);
    for (const token of [baseToken, platformToken]) {
      expect((await call('GET', '/api/carriers', undefined, { token })).status).toBe(403);
      expect((await call('GET', '/api/carriers/cs-capital', undefined, { token })).status).toBe(403);
      expect(
        (
          await call('PUT', '/api/carriers/cs-capital/filings/2020', body('draft', { values: {}, funds: { received: [], disbursed: {} }, investment: {} }), {
            token,
          })
        ).status,
      ).toBe(403);
    }
    // Only the admin writes the registry.
    for (const token of [capitalToken, changshaToken])
      expect((await call('PUT', '/api/carriers/cs-capital', { ...REG['cs-capital'], zone: 'x' }, { token })).status).toBe(403);
    expect((await call('GET', '/api/carriers/cs-capital')).body.zone).toBe('长沙高新区');
  });
});

describe('plan', () => {
  const url = '/api/carriers/cs-capital/plan';

  it('a filing before the plan exists is 409 PLAN_NOT_FOUND, and nothing is stored', async () => {
    const r = await call('PUT', '/api/carriers/zz-talent/filings/2020', body('draft', { values: {}, funds: { received: [], disbursed: {} }, investment: {} }));
    expect([r.status, r.body.error.code]).toEqual([409, 'PLAN_NOT_FOUND']);
    expect(r.body.error.message).toMatch(/尚未下达绩效目标计划/);
    expect((await call('GET', '/api/carriers/zz-talent/filings/2020')).status).toBe(404);
    expect((await call('GET', '/api/carriers/zz-talent/plan')).body.error.code).toBe('PLAN_NOT_FOUND');
    expect((await call('PUT', '/api/carriers/no-such/plan', PLANS['zz-talent'])).body.error.code).toBe('CARRIER_NOT_FOUND');
  });

  it('creates with 201, an identical repeat keeps the version, If-Match guards changes; every version kept and audited', async () => {
    for (const token of [capitalToken, changshaToken]) expect((await call('PUT', url, PLANS['cs-capital'], { token })).status).toBe(403);
    const created = await call('PUT', url, PLANS['cs-capital']);
    expect(created.status, created.text).toBe(201);
    expect(created.body.version).toBe(1);
    expect(created.headers.etag).toBe('"1"');
    const again = await call('PUT', url, PLANS['cs-capital']);
    expect([again.status, again.body.version, again.body.at]).toEqual([200, 1, created.body.at]);
    // Change a target (If-Match current): version 2.
    const v2plan = structuredClone(PLANS['cs-capital']);
    v2plan.indicators[0]!.targets['2021'] = '75';
    const v2 = await call('PUT', url, v2plan, { headers: { 'if-match': '"1"' } });
    expect([v2.status, v2.body.version]).toEqual([200, 2]);
    const stale = await call('PUT', url, PLANS['cs-capital'], { headers: { 'if-match': '"1"' } });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'VERSION_CONFLICT']);
    // Back to the original (version 3), which the rest of this file uses.
    const v3 = await call('PUT', url, PLANS['cs-capital'], { headers: { 'if-match': '"2"' } });
    expect([v3.status, v3.body.version]).toEqual([200, 3]);
    const got = await call('GET', url, undefined, { token: capitalToken });
    expect([got.status, got.body.version, got.headers.etag]).toEqual([200, 3, '"3"']);
    expect(got.body.typed).toEqual(PLANS['cs-capital']);
    expect(got.body.plan.indicators[1]).toMatchObject({
      code: 'cost',
      decimals: 2,
      better: 'lower',
      baseline: { year: 2018, value: 650 },
      targets: { '2019': 630, '2020': 600, '2021': 580 },
    });
    expect((await call('GET', url, undefined, { token: techToken })).status).toBe(403);
    const hist = await call('GET', `${url}/history`, undefined, { token: changshaToken });
    expect(hist.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect(hist.body.versions[1].plan.indicators[0].targets['2021']).toBe(75);
    expect(hist.body.versions[0].plan.indicators[0].targets['2021']).toBe(70);
    const audit = await auditOf('carrier.plan', 'cs-capital');
    expect(audit.map((e) => e.details?.version).sort()).toEqual([1, 2, 3]);
    for (const id of ['cs-tech', 'zz-talent'] as const) expect((await call('PUT', `/api/carriers/${id}/plan`, PLANS[id])).status).toBe(201);
  });

  it('refuses bad plans with 400, a Chinese message keyed by its path, and changes nothing', async () => {
    const before = await call('GET', url);
    const bad = (f: (p: TPlan) => void) => {
      const p = structuredClone(PLANS['cs-capital']) as TPlan;
      f(p);
      return p;
    };
    const cases: Array<[string, TPlan | unknown, string, RegExp]> = [
      [
        'decimals out of range',
        bad((p) => (p.indicators[0]!.decimals = 5)),
        'indicators.0.decimals',
        /^指标「获得股权投资的中小企业数」:小数位数应为0至4的整数$/,
      ],
      [
        'a target with too many decimals',
        bad((p) => (p.indicators[0]!.targets['2020'] = '60.5')),
        'indicators.0.targets.2020',
        /^指标「获得股权投资的中小企业数」2020年目标值:应为整数/,
      ],
      ['a wrong direction', bad((p) => ((p.indicators[1] as { better: string }).better = 'down')), 'indicators.1.better', /完成方向应为 higher/],
      ['a duplicate code', bad((p) => (p.indicators[2]!.code = 'cost')), 'indicators.2.code', /^指标代码「cost」重复/],
      ['a target before the baseline', bad((p) => (p.indicators[2]!.targets['2019'] = '20')), 'indicators.2.targets.2019', /超出范围/],
      [
        'funds above the investment',
        bad((p) => (p.subProjects[1]!.plannedFund.subsidy = '700')),
        'subProjects.1.plannedFund',
        /^子项目「资本服务中心建设项目」:计划使用专项资金900万元超过计划总投资800万元$/,
      ],
      ['money with five decimals', bad((p) => (p.subProjects[0]!.plannedInvestment = '1.00001')), 'subProjects.0.plannedInvestment', /最多保留4位小数/],
      ['no indicators', { indicators: [], subProjects: [] }, 'indicators', /^绩效指标:至少填写一项$/],
      ['an unknown field', { ...PLANS['cs-capital'], budget: 1 }, 'budget', /^未知字段「budget」$/],
    ];
    for (const [what, plan, key, message] of cases) {
      const r = await call('PUT', url, plan, { headers: { 'if-match': '"3"' } });
      expect([what, r.status, r.body.error.code], r.text).toEqual([what, 400, 'BAD_REQUEST']);
      expect(r.body.error.message).toBe('绩效目标计划有误');
      expect(r.body.error.fields[key], `${what}: ${r.text}`).toMatch(message);
    }
    const after = await call('GET', url);
    expect([after.body.version, after.body.at, after.body.plan]).toEqual([before.body.version, before.body.at, before.body.plan]);
    expect((await call('GET', `${url}/history`)).body.versions).toHaveLength(3);
    expect(await auditOf('carrier.plan', 'cs-capital')).toHaveLength(3);
  });

  it('the catalog of a year is the plan’s indicators filed that year (an indicator added mid-way only from the year after its baseline)', async () => {
    const c2019 = await call('GET', '/api/catalog/2019?program=carriers&carrierId=cs-capital', undefined, { token: capitalToken });
    expect(c2019.body.fields.map((f: { code: string }) => f.code)).toEqual(['investedSmes', 'cost']);
    const c2020 = await call('GET', '/api/catalog/2020?program=carriers&carrierId=cs-capital', undefined, { token: capitalToken });
    expect(c2020.body.fields.map((f: { code: string; dp: number }) => [f.code, f.dp])).toEqual([
      ['investedSmes', 0],
      ['cost', 2],
      ['roadshows', 0],
    ]);
    expect(c2020.body.planVersion).toBe(3);
    expect((await call('GET', '/api/catalog/2020?program=carriers&carrierId=cs-tech', undefined, { token: capitalToken })).status).toBe(403);
  });
});

// ---- filings ---------------------------------------------------------------------------------------

const CAP_2019: TFiling = {
  values: { investedSmes: '51', cost: '6.28' },
  funds: { received: [{ date: '2019-07', amount: '1000', source: SOURCE }], disbursed: { f1: '500', f2: '300' } },
  investment: { f1: '1200', f2: '350' },
  progress: { f1: '子基金已设立。' },
};
const CAP_2020: TFiling = {
  // cost 6.00 ties the target of a lower-is-better indicator: met; roadshows 29 < 30: unmet by 1.
  values: { investedSmes: '63', cost: '6.00', roadshows: '29' },
  funds: {
    received: [
      { date: '2020-09-15', amount: '150.5', source: SOURCE },
      { date: '2020-03', amount: '150', source: SOURCE },
    ],
    disbursed: { f1: '300', f2: '0.1234' },
  },
  investment: { f1: '1500.25', f2: '300' },
  progress: { f1: '已投资项目12个。', f2: '资本服务中心投入运营。' },
  problems: '受疫情影响,路演场次未达到目标。',
  nextSteps: '增加线上路演。',
};

describe('filing lifecycle on /api/carriers/cs-capital/filings/{year}', () => {
  const url = '/api/carriers/cs-capital/filings/2020';

  it('files 2019 (the indicator added mid-way is not asked for)', async () => {
    const r = await call('PUT', '/api/carriers/cs-capital/filings/2019', body('submitted', CAP_2019), { token: capitalToken });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ carrierId: 'cs-capital', status: 'submitted', counted: { investedSmes: 51, cost: 628 } });
    expect(r.body.countedDetails.funds).toEqual({
      received: [{ date: '2019-07', amount: 10_000_000, source: SOURCE }],
      disbursed: { f1: 5_000_000, f2: 3_000_000 },
    });
    noteSubmitted('cs-capital', 2019, CAP_2019);
    const extra = await call(
      'PUT',
      '/api/carriers/cs-capital/filings/2019',
      body('submitted', { ...CAP_2019, values: { ...CAP_2019.values, roadshows: '20' } }),
      { token: capitalToken },
    );
    expect([extra.status, extra.body.error?.fields]).toEqual([400, { roadshows: '未知字段「roadshows」' }]);
  });

  it('drafts, submits, is returned, resubmits, is accepted and reopened; history names the changed details', async () => {
    const draft = await call(
      'PUT',
      url,
      body('draft', { values: { investedSmes: '60' }, funds: { received: CAP_2020.funds.received, disbursed: {} }, investment: {} }),
      { token: capitalToken },
    );
    expect(draft.status, draft.text).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', version: 1, counted: null, countedDetails: null });
    // The batches are kept in date order (a month before the days of a later month).
    expect(draft.body.details.funds.received.map((b: { date: string; amount: number }) => [b.date, b.amount])).toEqual([
      ['2020-03', 1_500_000],
      ['2020-09-15', 1_505_000],
    ]);
    const missing = await call('PUT', url, body('submitted', { ...CAP_2020, values: { investedSmes: '63', cost: '6' } }), {
      token: capitalToken,
      headers: { 'if-match': '"1"' },
    });
    expect([missing.status, missing.body.error.fields]).toEqual([400, { roadshows: expect.stringMatching(/^资本对接路演场次:必填/) }]);
    const sub = await call('PUT', url, body('submitted', CAP_2020), { token: capitalToken, headers: { 'if-match': '"1"' } });
    expect(sub.status, sub.text).toBe(200);
    expect(sub.body).toMatchObject({ status: 'submitted', version: 2, counted: { investedSmes: 63, cost: 600, roadshows: 29 } });
    expect(sub.body.countedDetails.investment).toEqual({ f1: 15_002_500, f2: 3_000_000 });
    expect(sub.body.countedDerived).toEqual({
      'sum.fundsReceived': 3_005_000,
      'sum.fundsDisbursed': 3_001_234,
      'sum.investment': 18_002_500,
      'sum.indicatorsJudged': 3,
      'sum.indicatorsMet': 2,
    });
    noteSubmitted('cs-capital', 2020, CAP_2020);
    const same = await call('PUT', url, body('submitted', CAP_2020), { token: capitalToken });
    expect([same.status, same.body.version, same.body.changed]).toEqual([200, 2, false]);
    const stale = await call('PUT', url, body('submitted', { ...CAP_2020, problems: '改' }), { token: capitalToken, headers: { 'if-match': '"1"' } });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'VERSION_CONFLICT']);

    const ret = await call('POST', `${url}/review`, { action: 'return', comment: '请补充项目进度' });
    expect([ret.status, ret.body.status, ret.body.reviewComment]).toEqual([200, 'returned', '请补充项目进度']);
    expect((await call('POST', `${url}/review`, { action: 'accept' }, { token: capitalToken })).status).toBe(403);
    const withProgress: TFiling = { ...CAP_2020, progress: { ...CAP_2020.progress, f2: '资本服务中心投入运营,入驻机构8家。' } };
    const resub = await call('PUT', url, body('submitted', withProgress), { token: capitalToken });
    expect([resub.status, resub.body.status, resub.body.version]).toEqual([200, 'submitted', 4]);
    noteSubmitted('cs-capital', 2020, withProgress);
    const acc = await call('POST', `${url}/review`, { action: 'accept' });
    expect([acc.status, acc.body.status]).toEqual([200, 'accepted']);
    const locked = await call('PUT', url, body('submitted', CAP_2020), { token: capitalToken });
    expect([locked.status, locked.body.error.code]).toEqual([409, 'FILING_LOCKED']);
    const reopen = await call('POST', `${url}/review`, { action: 'reopen', comment: '请核对投资额' });
    expect([reopen.status, reopen.body.status]).toEqual([200, 'returned']);
    // The counted details are still the accepted ones.
    expect(reopen.body.countedDetails.progress.f2).toBe('资本服务中心投入运营,入驻机构8家。');

    await history.drain();
    const h = await call('GET', `${url}/history`, undefined, { token: capitalToken });
    expect(h.status).toBe(200);
    expect(h.body.versions.map((v: { version: number; action: string; carrierId: string }) => [v.version, v.action, v.carrierId])).toEqual([
      [1, 'save', 'cs-capital'],
      [2, 'submit', 'cs-capital'],
      [3, 'return', 'cs-capital'],
      [4, 'submit', 'cs-capital'],
      [5, 'accept', 'cs-capital'],
      [6, 'reopen', 'cs-capital'],
    ]);
    const [v1, v2, , v4] = h.body.versions;
    expect(v1.detailChanges).toEqual(['experience', 'funds', 'investment', 'nextSteps', 'problems', 'progress', 'suggestions']);
    expect(v1.changes).toEqual({ investedSmes: [null, 60] });
    expect(v2.detailChanges).toEqual(['funds', 'investment', 'nextSteps', 'problems', 'progress']);
    expect(v2.changes).toEqual({ cost: [null, 600], investedSmes: [60, 63], roadshows: [null, 29] });
    expect(v4.detailChanges).toEqual(['progress']);
    expect(v4.changes).toEqual({});
  });

  it('refuses each bad filing with 400, a Chinese message keyed by its path, and stores nothing', async () => {
    const before = await call('GET', url);
    const versionsBefore = (await call('GET', `${url}/history`)).body.versions.length;
    const with_ = (f: (x: TFiling) => void): TFiling => {
      const x = structuredClone(CAP_2020);
      f(x);
      return x;
    };
    const cases: Array<[string, TFiling, Record<string, RegExp>]> = [
      ['an unknown indicator', with_((x) => (x.values.unicorns = '3')), { unicorns: /^未知字段「unicorns」$/ }],
      ['wrong decimals (an integer indicator)', with_((x) => (x.values.investedSmes = '63.5')), { investedSmes: /^获得股权投资的中小企业数:.*整数/ }],
      ['wrong decimals (two at most)', with_((x) => (x.values.cost = '5.995')), { cost: /^入驻企业平均融资成本:.*2位小数/ }],
      [
        'money with five decimals',
        with_((x) => (x.funds.received[0]!.amount = '10.00001')),
        { 'funds.received.0.amount': /^到位资金第1批金额:最多保留4位小数/ },
      ],
      [
        'disbursing more than received',
        with_((x) => (x.funds.disbursed.f1 = '1000')),
        { 'funds.disbursed': /^累计拨付资金1800\.1234万元超过累计到位资金1300\.5000万元,请核对$/ },
      ],
      [
        'disbursing to a sub-project that does not exist',
        with_((x) => (x.funds.disbursed.f9 = '1')),
        { 'funds.disbursed.f9': /^拨付资金:计划中没有代码为「f9」的子项目$/ },
      ],
      [
        'investing in a sub-project that does not exist',
        with_((x) => (x.investment.zz = '1')),
        { 'investment.zz': /^完成投资:计划中没有代码为「zz」的子项目$/ },
      ],
      [
        'progress of a sub-project that does not exist',
        with_((x) => (x.progress = { q1: '进度' })),
        { 'progress.q1': /^项目进度:计划中没有代码为「q1」的子项目$/ },
      ],
      [
        'a batch dated another year',
        with_((x) => (x.funds.received[1]!.date = '2019-12')),
        { 'funds.received.1.date': /^到位资金第2批:到位时间2019-12不在2020年内/ },
      ],
      ['a batch of nothing', with_((x) => (x.funds.received[0]!.amount = '0')), { 'funds.received.0.amount': /^到位资金第1批金额:应大于0$/ }],
    ];
    for (const [what, f, errors] of cases) {
      const r = await call('PUT', url, body('submitted', f), { token: capitalToken });
      expect([what, r.status], r.text).toEqual([what, 400]);
      expect(Object.keys(r.body.error.fields).sort(), what).toEqual(Object.keys(errors).sort());
      for (const [k, m] of Object.entries(errors)) expect(r.body.error.fields[k], what).toMatch(m);
    }
    const after = await call('GET', url);
    expect(after.text).toBe(before.text);
    expect((await call('GET', `${url}/history`)).body.versions).toHaveLength(versionsBefore);
  });

  it('counts disbursements across years: a year may disburse what earlier years received, never more', async () => {
    // Cumulative: 1000 + 300.5 received, 800 + 300.1234 disbursed; 2021 receives nothing.
    const y2021 = '/api/carriers/cs-capital/filings/2021';
    const over = await call(
      'PUT',
      y2021,
      body('submitted', {
        values: { investedSmes: '70', cost: '5.8', roadshows: '30' },
        funds: { received: [], disbursed: { f2: '200.3767' } },
        investment: {},
      }),
      { token: capitalToken },
    );
    expect(over.status).toBe(400);
    expect(over.body.error.fields).toEqual({ 'funds.disbursed': '累计拨付资金1300.5001万元超过累计到位资金1300.5000万元,请核对' });
    expect((await call('GET', y2021)).status).toBe(404);
    const exact = await call(
      'PUT',
      y2021,
      body('draft', { values: { investedSmes: '70' }, funds: { received: [], disbursed: { f2: '200.3766' } }, investment: {} }),
      { token: capitalToken },
    );
    expect(exact.status, exact.text).toBe(201);
  });
});

// ---- the other carriers, aggregates and reconcile --------------------------------------------------

const TECH_2020: TFiling = {
  // contracts 120.5 ties its target: met; days 10.1 > 10 (lower is better): unmet by 0.1.
  values: { contracts: '120.5', days: '10.1' },
  funds: { received: [{ date: '2020-05', amount: '900.0001', source: SOURCE }], disbursed: { t1: '899.9999' } },
  investment: { t1: '1234.5678' },
};
const TALENT_2020: TFiling = {
  values: { talents: '50' },
  funds: { received: [{ date: '2020-08', amount: '800', source: SOURCE }], disbursed: { h1: '650' } },
  investment: { h1: '900' },
};

describe('aggregates', () => {
  it('GET /api/aggregates/2020?program=carriers equals the sums computed here for every scope; reconcile finds no drift', async () => {
    expect((await call('PUT', '/api/carriers/cs-tech/filings/2020', body('submitted', TECH_2020), { token: techToken })).status).toBe(201);
    noteSubmitted('cs-tech', 2020, TECH_2020);
    // zz-talent saves a draft first (it counts nowhere), then submits.
    expect((await call('PUT', '/api/carriers/zz-talent/filings/2020', body('draft', { ...TALENT_2020, values: { talents: '1' } }))).status).toBe(201);
    await aggregator.drain(20_000);
    const partial = await call('GET', '/api/aggregates/2020?program=carriers&scope=city:株洲市');
    expect([partial.body.reportingEntities, rawNumber(partial.text, 'sum.fundsReceived')]).toEqual([0, 0n]);
    expect((await call('PUT', '/api/carriers/zz-talent/filings/2020', body('submitted', TALENT_2020))).status).toBe(200);
    noteSubmitted('zz-talent', 2020, TALENT_2020);
    await aggregator.drain(20_000);

    const scopes = ['all', 'city:长沙市', 'city:株洲市', 'city:湘潭市', 'type:capital', 'type:tech', 'type:talent', 'type:integration'];
    const inScope = (id: Id, scope: string) => scope === 'all' || scope === `city:${REG[id].city}` || scope === `type:${REG[id].type}`;
    for (const scope of scopes) {
      const want: Record<string, bigint> = Object.fromEntries(SUM_CODES.map((c) => [c, 0n]));
      let n = 0;
      for (const [id, years] of submitted) {
        if (!years.has(2020) || !inScope(id, scope)) continue;
        n++;
        const s = summaryOf(PLANS[id], years, 2020);
        for (const c of SUM_CODES) want[c] = want[c]! + s[c]!;
      }
      const r = await call('GET', `/api/aggregates/2020?program=carriers&scope=${encodeURIComponent(scope)}`);
      expect(r.status, r.text).toBe(200);
      expect({ scope, n: r.body.reportingEntities }).toEqual({ scope, n });
      for (const c of SUM_CODES) expect({ scope, c, v: rawNumber(r.text, c) }).toEqual({ scope, c, v: want[c] });
    }
    // Spot checks of the sums written out: 300.5 + 900.0001 + 800 万元 received; 3 + 2 + 1 judged, 2 + 1 + 1 met.
    const all = await call('GET', '/api/aggregates/2020?program=carriers');
    expect([rawNumber(all.text, 'sum.fundsReceived'), rawNumber(all.text, 'sum.indicatorsJudged'), rawNumber(all.text, 'sum.indicatorsMet')]).toEqual([
      dec('2000.5001', 4),
      6n,
      4n,
    ]);
    // Who may read them.
    expect((await call('GET', '/api/aggregates/2020?program=carriers', undefined, { token: changshaToken })).body.scope).toBe('city:长沙市');
    expect(
      (await call('GET', `/api/aggregates/2020?program=carriers&scope=${encodeURIComponent('city:株洲市')}`, undefined, { token: changshaToken })).status,
    ).toBe(403);
    expect((await call('GET', '/api/aggregates/2020?program=carriers', undefined, { token: capitalToken })).status).toBe(403);
    expect((await call('GET', '/api/aggregates/2020?program=carriers&scope=tier:city')).status).toBe(400);
    expect((await call('GET', '/api/aggregates/2020Q1?program=carriers')).status).toBe(400);

    for (const year of ['2019', '2020', '2021']) {
      const report = await reconcilePeriod(year, { program: CARRIERS });
      expect(
        report.periods.flatMap((p) => p.drift),
        year,
      ).toEqual([]);
      expect(report.drift, year).toBe(0);
    }
  });

  it('the overview workbook lists each carrier with the figures computed here and the totals of the aggregates', async () => {
    // The plans are read in one BatchGet, not a GetItem per carrier (counted on the one client).
    const { rawClient } = await import('../../shared/store/client');
    const calls = new Map<string, number>();
    const name = 'count-calls-overview';
    rawClient.middlewareStack.add(
      (next, context) => async (args) => {
        calls.set(context.commandName ?? '?', (calls.get(context.commandName ?? '?') ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name },
    );
    const r = await exporter
      .dispatch(makeEvent('GET', '/api/bulletins/2020.xlsx?program=carriers', undefined, {}))
      .finally(() => rawClient.middlewareStack.remove(name));
    // One GetItem (the year's aggregate item), whatever the number of carriers; before, one per carrier more.
    expect(calls.get('GetCommand') ?? calls.get('GetItemCommand') ?? 0).toBe(1);
    expect(calls.get('BatchGetCommand') ?? calls.get('BatchGetItemCommand')).toBe(1);
    expect(r.statusCode, String(r.body).slice(0, 300)).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['载体绩效情况', '按市州汇总', '按类型汇总']);
    const rows = sheetRows(wb.worksheets[0]!, 13);
    for (const id of ['cs-capital', 'cs-tech', 'zz-talent'] as const) {
      const row = rows.find((x) => x[1] === REG[id].name)!;
      expect(row, id).toBeDefined();
      const want = judgeCarrier(PLANS[id], submitted.get(id)!, 2020);
      const unmet = want.indicators.filter((x) => x.verdict === '未完成');
      expect({ id, cells: row.slice(5, 12) }).toEqual({
        id,
        cells: [want.received, want.cumReceived, want.disbursed, want.cumDisbursed]
          .map(wanCell)
          .concat([want.rate!.cell, String(want.judged), String(want.met)]),
      });
      expect(row[12]).toBe(
        unmet
          .map((x) => `${x.ind.name}(${x.ind.better === 'higher' ? '差' : '超出'}${x.gap !== null ? fmt(x.gap, x.ind.decimals) : ''}${x.ind.unit})`)
          .join(';') || '无',
      );
    }
    // cs-tech: 899.9999 of 900.0001 disbursed is 99.99998% → 100.00% at two decimals; the unmet lower-is-better indicator says 超出0.1天.
    expect(rows.find((x) => x[1] === REG['cs-tech'].name)![9]).toBe('1');
    expect(rows.find((x) => x[1] === REG['cs-tech'].name)![12]).toBe('检验检测平均周期(超出0.1天)');
    expect(rows.find((x) => x[1] === REG['cs-capital'].name)![12]).toBe('资本对接路演场次(差1场)');
  });
});

// ---- seed 002 through the API ---------------------------------------------------------------------

describe('seed 002 loaded through the API', () => {
  const seed = demoCarriers().find((c) => c.carrierId === SEED_CARRIER_ID)!;
  const name = (code: string) => seed.plan.indicators.find((i) => i.code === code)!.name;
  const seedFilings = new Map<number, TFiling>(Object.entries(seed.filings).map(([y, f]) => [Number(y), f as TFiling]));
  const want = judgeCarrier(seed.plan as TPlan, seedFilings, 2020);
  const find = (code: string) => want.indicators.find((x) => x.ind.code === code)!;
  let xlsx: ExcelJS.Workbook;
  let docx: Buffer;

  beforeAll(async () => {
    expect((await call('PUT', `/api/carriers/${seed.carrierId}`, seed.registry)).status).toBe(201);
    const plan = await call('PUT', `/api/carriers/${seed.carrierId}/plan`, seed.plan);
    expect(plan.status, plan.text).toBe(201);
    for (const [year, f] of Object.entries(seed.filings)) {
      const r = await call('PUT', `/api/carriers/${seed.carrierId}/filings/${year}`, {
        status: 'submitted',
        confirmWarnings: true,
        explanation: '历史数据,按原报表录入',
        ...f,
      });
      expect(r.status, r.text).toBe(201);
    }
    const t = await call('POST', '/api/tokens', { role: 'carrier', carrierId: seed.carrierId, holder: holder('衡阳') });
    seedToken = t.body.token;
    const x = await exporter.dispatch(makeEvent('GET', `/api/carriers/${seed.carrierId}/assessments/2020.xlsx`, undefined, { token: seedToken }));
    expect(x.statusCode, String(x.body).slice(0, 300)).toBe(200);
    xlsx = new ExcelJS.Workbook();
    await xlsx.xlsx.load(Buffer.from(x.body!, 'base64') as unknown as ArrayBuffer);
    const d = await exporter.dispatch(makeEvent('GET', `/api/carriers/${seed.carrierId}/assessments/2020.docx`, undefined, { token: seedToken }));
    expect(d.statusCode, String(d.body).slice(0, 300)).toBe(200);
    expect(String(d.headers?.['content-type'])).toMatch(/wordprocessingml/);
    docx = Buffer.from(d.body!, 'base64');
  });

  it('the recomputation here gives the seed’s figures (差11, 差20, 85%, +79.4%)', () => {
    expect([find('capitalAgencies').verdict, find('capitalAgencies').gap, find('capitalAgencies').actual, find('capitalAgencies').target]).toEqual([
      '未完成',
      11n,
      17n,
      28n,
    ]);
    expect([find('contests').verdict, find('contests').gap, find('contests').actual, find('contests').target]).toEqual(['未完成', 20n, 285n, 305n]);
    expect([find('outreach').verdict, find('outreach').previous, find('outreach').actual, find('outreach').growth]).toEqual([
      '完成',
      102n,
      183n,
      { cell: '0.794', text: '79.4%' },
    ]);
    expect([want.cumReceived, want.cumDisbursed, want.rate]).toEqual([dec('4000', 4), dec('3400', 4), { cell: '0.85', text: '85%' }]);
    expect([want.judged, want.met]).toEqual([23, 21]);
  });

  it('its 2020 self-assessment workbook shows them, in every table and in the report text', async () => {
    expect(xlsx.worksheets.map((w) => w.name)).toEqual(['自评估报告', '子项目', '资金到位', '资金拨付', '绩效目标', '未完成指标', '附表']);
    const report = sheetRows(xlsx.getWorksheet('自评估报告')!, 1)
      .map((r) => r[0])
      .join('\n');
    expect(report).toContain(`${name('capitalAgencies')}17家,目标值28家,差11家`);
    expect(report).toContain(`${name('contests')}285`);
    expect(report).toMatch(/目标值305次,差20次/);
    expect(report).toContain('合计拨付3400.00万元,资金拨付率85%');
    expect(report).toContain('合计到位资金4000.00万元');
    expect(report).toMatch(new RegExp(`${name('outreach')}2020年完成183家[^。]*增长79\\.4%`));
    expect(report).toContain(`共考核绩效指标${want.judged}项,完成${want.met}项,未完成${want.judged - want.met}项`);

    const targets = sheetRows(xlsx.getWorksheet('绩效目标')!, 13);
    const head = targets.find((r) => r[0] === '序号')!;
    const col = (label: string) => head.findIndex((h) => h === label);
    const rowOf = (code: string) => targets.find((r) => r[1] === name(code))!;
    for (const x of want.indicators) {
      const row = rowOf(x.ind.code);
      expect({ code: x.ind.code, verdict: row[col('完成情况')], gap: row[col('差额')], growth: row[col('比上年增长')] }).toEqual({
        code: x.ind.code,
        verdict: x.verdict,
        gap: x.gap === null ? '' : fmt(x.gap, x.ind.decimals),
        growth: x.growth?.cell ?? '—',
      });
    }
    expect(rowOf('capitalAgencies')[col('差额')]).toBe('11');
    expect(rowOf('contests')[col('差额')]).toBe('20');
    expect(rowOf('outreach')[col('比上年增长')]).toBe('0.794');

    const unmet = sheetRows(xlsx.getWorksheet('未完成指标')!, 7).filter((r) => /^\d+$/.test(r[0]!));
    expect(unmet.map((r) => [r[1], r[3], r[4], r[5]])).toEqual([
      [name('capitalAgencies'), '28', '17', '11'],
      [name('contests'), '305', '285', '20'],
    ]);

    const funds = sheetRows(xlsx.getWorksheet('资金拨付')!, 7);
    const total = funds.find((r) => r[0] === '合计')!;
    expect(total.slice(1, 6)).toEqual(['4000', '4000', '3400', '3400', '0.85']);
    expect(funds.find((r) => r[0] === '2019年')!.slice(1, 6)).toEqual(['2500', '2500', '2380', '2380', pct(dec('2380', 4), dec('2500', 4), 2).cell]);
    expect(funds.find((r) => r[0] === '2020年')!.slice(1, 6)).toEqual(['1500', '4000', '1020', '3400', '0.85']);
  });

  it('its Word document opens in LibreOffice and prints the same figures', async () => {
    const printed = printDocx(docx, 'carrier-assessment-2020');
    const all = printed.pages.join('');
    expect(printed.pages[0]).toContain('衡阳高新区大中小企业融通型载体项目自评估报告');
    for (const s of ['一、双创特色载体发展情况', '二、资金管理使用情况', '三、绩效目标完成情况', '五、未达到绩效目标的原因和下一步改进措施'])
      expect(all).toContain(s);
    expect(all).toContain(`${name('capitalAgencies')}17家,目标值28家,差11家`);
    expect(all).toMatch(/目标值305次,差20次/);
    expect(all).toContain('资金拨付率85%');
    expect(all).toContain(wan2(want.cumDisbursed) + '万元');
    expect(all).toMatch(/增长79\.4%/);
    expect(all).not.toContain('179%');
    expect(all).not.toMatch(/差16次/);
    expect(printed.sizes.length).toBeGreaterThanOrEqual(2);
    for (const size of printed.sizes) expect([A4_PORTRAIT, A4_LANDSCAPE]).toContain(size);
    const png = pagePng(printed.pdf, 1);
    console.log(`[carriers-api] seed 002 assessment: ${printed.sizes.length} pages, converted in ${printed.ms} ms; page 1: ${png}`);
  }, 180_000);

  it('who may export it: the carrier itself, its city, the admin; not another carrier or city', async () => {
    const get = (token: string | undefined) =>
      exporter.dispatch(makeEvent('GET', `/api/carriers/${seed.carrierId}/assessments/2020.xlsx`, undefined, token ? { token } : {}));
    expect((await get(undefined)).statusCode).toBe(200);
    expect((await get(capitalToken)).statusCode).toBe(403);
    expect((await get(changshaToken)).statusCode).toBe(403);
    expect((await get(baseToken)).statusCode).toBe(403);
    const none = await exporter.dispatch(makeEvent('GET', `/api/carriers/${seed.carrierId}/assessments/2021.xlsx`, undefined, {}));
    expect(none.statusCode).toBe(404);
  });
});

describe('a correction of an earlier year', () => {
  it('may not leave a later year disbursing more than was received by then', async () => {
    // zz-talent: 2020 received 800, disbursed 650; 2021 disburses the remaining 150.
    const y2021: TFiling = { values: { talents: '55' }, funds: { received: [], disbursed: { h1: '150' } }, investment: {} };
    const r2021 = await call('PUT', '/api/carriers/zz-talent/filings/2021', body('submitted', y2021));
    expect(r2021.status, r2021.text).toBe(201);
    const before = await call('GET', '/api/carriers/zz-talent/filings/2020');
    // Receiving 0.0001 万元 less in 2020 would leave 2021 at 800.0000 disbursed of 799.9999 received.
    const less = structuredClone(TALENT_2020);
    less.funds.received[0]!.amount = '799.9999';
    const r = await call('PUT', '/api/carriers/zz-talent/filings/2020', body('submitted', less));
    expect(r.status, r.text).toBe(400);
    expect(r.body.error.fields['funds.disbursed']).toMatch(/^截至2021年累计拨付资金800\.0000万元超过累计到位资金799\.9999万元/);
    expect((await call('GET', '/api/carriers/zz-talent/filings/2020')).text).toBe(before.text);
    // Receiving exactly enough is fine.
    const enough = structuredClone(TALENT_2020);
    enough.funds.received[0]!.amount = '800.0000';
    expect((await call('PUT', '/api/carriers/zz-talent/filings/2020', body('submitted', enough))).status).toBe(200);
  });
});

describe('a plan changed after filings', () => {
  it('may not change the decimals of an indicator already filed (its stored values would be rescaled)', async () => {
    const before = await call('GET', '/api/carriers/cs-tech/plan');
    const changed = structuredClone(PLANS['cs-tech']);
    changed.indicators[0]!.decimals = 2;
    const r = await call('PUT', '/api/carriers/cs-tech/plan', changed);
    expect([r.status, r.body.error?.code], r.text).toEqual([400, 'BAD_REQUEST']);
    expect(r.body.error.fields['indicators.0.decimals']).toMatch(/^指标「技术合同成交额」:已有填报数据,不能修改小数位数/);
    const after = await call('GET', '/api/carriers/cs-tech/plan');
    expect([after.body.version, after.body.plan]).toEqual([before.body.version, before.body.plan]);
    // The filed value still reads as it was typed.
    const x = await exporter.dispatch(makeEvent('GET', '/api/carriers/cs-tech/assessments/2020.xlsx', undefined, {}));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.body!, 'base64') as unknown as ArrayBuffer);
    const row = sheetRows(wb.getWorksheet('绩效目标')!, 12).find((r) => r[1] === '技术合同成交额')!;
    expect(row).toContain('120.5');
    expect(row).toContain('完成');
    // Other changes are still possible (a new target), and a carrier without filings may change decimals.
    const target = structuredClone(PLANS['cs-tech']);
    target.indicators[0]!.targets['2021'] = '130';
    expect((await call('PUT', '/api/carriers/cs-tech/plan', target)).status).toBe(200);
    expect((await call('PUT', '/api/carriers/xt-integration/plan', PLANS['zz-talent'])).status).toBe(201);
    const xt = structuredClone(PLANS['zz-talent']);
    xt.indicators[0]!.decimals = 1;
    expect((await call('PUT', '/api/carriers/xt-integration/plan', xt)).status).toBe(200);
  });

  it('a new target of a filed year re-judges it everywhere: the assessment, the overview and the aggregates agree', async () => {
    // cs-capital 2020: roadshows 29 against 30 was unmet; the target becomes 29 (a tie: met).
    const before = await call('GET', '/api/carriers/cs-capital/filings/2020');
    const agg0 = await call('GET', '/api/aggregates/2020?program=carriers&scope=type:capital');
    expect([rawNumber(agg0.text, 'sum.indicatorsJudged'), rawNumber(agg0.text, 'sum.indicatorsMet')]).toEqual([3n, 2n]);
    const plan = structuredClone(PLANS['cs-capital']);
    plan.indicators[2]!.targets['2020'] = '29';
    const cur = await call('GET', '/api/carriers/cs-capital/plan');
    const put = await call('PUT', '/api/carriers/cs-capital/plan', plan, { headers: { 'if-match': cur.headers.etag! } });
    expect(put.status, put.text).toBe(200);
    await aggregator.drain(20_000);
    const want = judgeCarrier(plan, submitted.get('cs-capital')!, 2020);
    expect([want.judged, want.met]).toEqual([3, 3]);
    // The filing itself is what it was (same version, same values and details).
    const after = await call('GET', '/api/carriers/cs-capital/filings/2020');
    expect([after.body.version, after.body.counted, after.body.countedDetails]).toEqual([before.body.version, before.body.counted, before.body.countedDetails]);
    const agg = await call('GET', '/api/aggregates/2020?program=carriers&scope=type:capital');
    expect([rawNumber(agg.text, 'sum.indicatorsJudged'), rawNumber(agg.text, 'sum.indicatorsMet')]).toEqual([3n, 3n]);
    const r = await exporter.dispatch(makeEvent('GET', '/api/bulletins/2020.xlsx?program=carriers', undefined, {}));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
    const row = sheetRows(wb.getWorksheet('载体绩效情况')!, 13).find((x) => x[1] === REG['cs-capital'].name)!;
    expect(row.slice(10, 13)).toEqual(['3', '3', '无']);
    const byType = sheetRows(wb.getWorksheet('按类型汇总')!, 8).find((x) => x[0] === '专业资本集聚型')!;
    expect(byType.slice(5, 8)).toEqual(['3', '3', '1']);
    for (const year of ['2019', '2020', '2021']) expect((await reconcilePeriod(year, { program: CARRIERS })).drift, year).toBe(0);
  });
});
