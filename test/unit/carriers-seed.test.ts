// Seed 002 (衡阳高新区大中小企业融通型载体项目自评估报告): the demo's bodies go through the real
// parsers (plan, values, details, cumulative checks), and the 2020 self-assessment shows the
// seed's figures — exact where the seed's arithmetic slips (305 − 285 = 20, not 16; 183 vs 102 is
// +79.4 %, not 179 %) — in the seed's section order; the workbook is written and read back.

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CARRIER_DEMO_TARGETS, type CarrierDemoTarget, demoCarriers, SEED_CARRIER_ID } from '../../local/demo-carriers';
import type { ScopedTotals } from '../../shared/aggregation';
import { writeWorkbook } from '../../shared/bulletin/writer';
import { assessCarrier, type CarrierAssessment, type CarrierFiling, layoutAssessment, layoutCarrierOverview } from '../../shared/carriers/assessment';
import { checkCumulative, checkDetails, type FilingDetails, summaryOf, wan } from '../../shared/carriers/details';
import { checkPlan, fieldsOfPlan, type StoredPlan } from '../../shared/carriers/plan';
import { type CarrierRecord, carrierActiveIn, carrierInputSchema, carrierScopes } from '../../shared/carriers/registry';
import { validateValues } from '../../shared/validation';

interface Loaded {
  carrier: CarrierRecord;
  plan: StoredPlan;
  filings: Map<number, CarrierFiling>;
}

function load(): Loaded[] {
  return demoCarriers().map((d) => {
    const reg = carrierInputSchema.safeParse(d.registry);
    if (!reg.success) throw new Error(`${d.carrierId}: ${reg.error.message}`);
    const carrier: CarrierRecord = { carrierId: d.carrierId, ...reg.data, updatedAt: '2021-04-07T00:00:00.000Z' };
    const p = checkPlan(d.plan);
    if (!p.ok) throw new Error(`${d.carrierId} plan: ${JSON.stringify(p.errors)}`);
    const filings = new Map<number, CarrierFiling>();
    const history: FilingDetails[] = [];
    for (const [y, f] of Object.entries(d.filings).sort(([a], [b]) => Number(a) - Number(b))) {
      const year = Number(y);
      expect(carrierActiveIn(carrier, year)).toBe(true);
      const v = validateValues(fieldsOfPlan(p.plan, year), f.values, 'submitted');
      if (!v.ok) throw new Error(`${d.carrierId} ${year} values: ${JSON.stringify(v.errors)}`);
      const det = checkDetails(f, p.plan, year);
      if (!det.ok) throw new Error(`${d.carrierId} ${year} details: ${JSON.stringify(det.errors)}`);
      expect(checkCumulative(history, det.details)).toEqual({});
      history.push(det.details);
      filings.set(year, { values: v.values, details: det.details });
    }
    return { carrier, plan: p.plan, filings };
  });
}

const loaded = load();
const seed = loaded.find((c) => c.carrier.carrierId === SEED_CARRIER_ID)!;
const a2020 = assessCarrier({ ...seed, year: 2020 });
const model = layoutAssessment({ ...seed, year: 2020 });
const report = model.sheets[0]!.rows.map((r) => (r.cells[0]?.t === 'text' ? r.cells[0].v : '')).join('\n');

function evaluate(t: CarrierDemoTarget, a: CarrierAssessment): CarrierDemoTarget['expected'] {
  if (t.kind === 'counts') return { value: String(t.key === 'judged' ? a.judged : a.met) };
  if (t.kind === 'funds') {
    if (t.key === 'received') return { value: wan(a.total.cumReceived) };
    if (t.key === 'disbursed') return { value: wan(a.total.cumDisbursed) };
    if (t.key === 'rate') return { value: a.total.rate?.text ?? '—' };
    if (t.key === 'batches') return { value: a.batches.map((b) => `${b.date} ${wan(b.amount)}`).join(';') };
    const [what, y] = t.key.split(':');
    const f = a.funds.find((x) => x.year === Number(y))!;
    return { value: wan(what === 'disbursed' ? f.disbursed : f.received) };
  }
  const x = a.indicators.find((i) => i.indicator.code === t.key)!;
  const out: CarrierDemoTarget['expected'] = { verdict: x.verdict };
  if (t.expected.gap !== undefined) out.gap = x.gap === null ? '' : (Number(x.gap) / 10 ** x.indicator.decimals).toString();
  if (t.expected.growth !== undefined) out.growth = x.growth?.text ?? '';
  if (t.expected.change !== undefined) out.change = x.change === null ? '' : (Number(x.change) / 10 ** x.indicator.decimals).toString();
  if (t.expected.verdict === undefined) delete out.verdict;
  return out;
}

describe('seed 002 demo', () => {
  it('every demo body passes the parsers; the seed carrier is 衡阳高新区, approved 2019-06', () => {
    expect(loaded).toHaveLength(4);
    expect(new Set(loaded.map((c) => c.carrier.type))).toEqual(new Set(['integration', 'capital', 'tech', 'talent']));
    expect(carrierScopes(seed.carrier)).toEqual(['all', 'city:衡阳市', 'type:integration']);
    expect(seed.carrier.zone).toBe('衡阳高新区');
    expect(seed.plan.indicators).toHaveLength(24);
    expect(seed.plan.subProjects).toHaveLength(27);
    // the reform indicator was added mid-way: not filed in 2019
    expect(fieldsOfPlan(seed.plan, 2019)).toHaveLength(23);
    expect(fieldsOfPlan(seed.plan, 2020)).toHaveLength(24);
  });

  it.each(CARRIER_DEMO_TARGETS.map((t) => [t.label, t] as const))('%s', (_label, t) => {
    const c = loaded.find((x) => x.carrier.carrierId === t.carrierId)!;
    expect(evaluate(t, assessCarrier({ ...c, year: t.year }))).toEqual(t.expected);
  });

  it('the funds: three batches, 2380.00 + 1020.00 disbursed of 4000.00, 85 %', () => {
    expect(a2020.funds.map((f) => [f.year, wan(f.received), wan(f.disbursed), f.rate?.text])).toEqual([
      [2019, '2500.00', '2380.00', '95.2%'],
      [2020, '1500.00', '1020.00', '85%'],
    ]);
    const s = summaryOf(seed.filings.get(2020)!.values, seed.filings.get(2020)!.details, seed.plan, 2020);
    expect(s).toEqual({
      'sum.fundsReceived': 15_000_000,
      'sum.fundsDisbursed': 10_200_000,
      'sum.investment': 10_098_000,
      'sum.indicatorsJudged': 23,
      'sum.indicatorsMet': 21,
    });
  });

  it('the report reads like the seed, in its order, with exact figures', () => {
    const order = [
      '一、双创特色载体发展情况',
      '二、资金管理使用情况',
      '三、绩效目标完成情况',
      '四、主要经验做法及典型案例',
      '五、未达到绩效目标的原因和下一步改进措施',
      '六、有关建议及其他需要说明的问题',
      '附表:',
    ];
    const at = order.map((h) => report.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(model.sheets[0]!.title).toBe('衡阳高新区大中小企业融通型载体项目自评估报告');
    expect(report).toContain('衡阳高新区自2019年6月获批国家大中小企业融通型双创特色载体以来,共实施子项目27个');
    expect(report).toContain(
      '2019年7月第一批中央财政中小企业发展专项资金2500.00万元到位;2020年1月第二批中央财政中小企业发展专项资金1000.00万元到位;2020年9月第三批中央财政中小企业发展专项资金500.00万元到位,合计到位资金4000.00万元。',
    );
    expect(report).toContain(
      '2019年拨付资金到各子项目合计2380.00万元,2020年拨付资金到各子项目合计1020.00万元,合计拨付3400.00万元,资金拨付率85%,尚未拨付600.00万元。',
    );
    expect(report).toContain('共考核绩效指标23项,完成21项,未完成2项,另有1项本年未设目标值');
    expect(report).toContain('合作的资本服务机构数17家,目标值28家,差11家');
    expect(report).toContain('组织创新创业大赛和项目路演总次数285次,目标值305次,差20次');
    expect(report).not.toContain('差16次');
    expect(report).toContain('支持开发区以外的中小企业数2020年完成183家(2019年完成值102家,2020年目标值170家),完成年度目标,比2019年增加81家,增长79.4%。');
    expect(report).toContain('比2019年提升6.6个百分点');
    expect(report).toContain('拥有或合作的各类专业公共技术服务平台数2020年完成23个(2019年完成值18个,2020年目标值20个),完成年度目标,比2019年增加5个');
    expect(report).toContain('地方制度创新、机制创新的举措及有效模式总结、信息报送数2020年完成17项(2019年基准值11项,2020年目标值15项),完成年度目标');
    expect(report).toContain('亩均收入2020年完成0.46万元/平方米');
    expect(report).toContain('入驻企业年度产值2020年完成5126062.3万元');
    expect(report).toContain('1、特色载体的盈利模式单一');
    expect(report).toContain('建议3:推动特色载体的协同发展');
  });

  it('lays out the tables: 子项目, 资金到位, 资金拨付, 绩效目标, 未完成指标, 附表', () => {
    expect(model.fileName).toBe('衡阳高新区大中小企业融通型载体2020年度项目自评估报告.xlsx');
    expect(model.asciiFileName).toBe('tongbao-carrier-hy-gxq-integration-2020-assessment.xlsx');
    expect(model.sheets.map((s) => s.name)).toEqual(['自评估报告', '子项目', '资金到位', '资金拨付', '绩效目标', '未完成指标', '附表']);
    const targets = model.sheets.find((s) => s.name === '绩效目标')!;
    expect(targets.rows[1]!.cells.map((c) => (c?.t === 'text' ? c.v : ''))).toEqual([
      '序号',
      '指标',
      '单位',
      '基准年',
      '基准值',
      '2019年完成值',
      '2020年完成值',
      '2020年目标值',
      '2021年目标值',
      '完成情况',
      '差额',
      '比上年增长',
    ]);
    const contests = targets.rows.find((r) => r.cells[1]?.t === 'text' && r.cells[1].v === '组织创新创业大赛和项目路演总次数')!;
    expect(contests.cells.slice(3)).toEqual([
      { t: 'text', v: '2018年', align: 'center' },
      { t: 'num', v: 272, fmt: '0' },
      { t: 'num', v: 289, fmt: '0' },
      { t: 'num', v: 285, fmt: '0' },
      { t: 'num', v: 305, fmt: '0' },
      { t: 'num', v: 320, fmt: '0' },
      { t: 'text', v: '未完成', align: 'center' },
      { t: 'num', v: 20, fmt: '0' },
      { t: 'num', v: -0.014, fmt: '0.0%' },
    ]);
    const batches = model.sheets.find((s) => s.name === '资金到位')!;
    const total = batches.rows.find((r) => r.kind === 'total')!;
    expect(total.cells[3]).toEqual({ t: 'num', v: 4000, fmt: '0.00' });
    const unmet = model.sheets.find((s) => s.name === '未完成指标')!;
    expect(unmet.rows.filter((r) => r.kind === 'data')).toHaveLength(2);
    // 2019: only the one indicator with a 2019 target is judged
    const a2019 = assessCarrier({ ...seed, year: 2019 });
    expect([a2019.judged, a2019.met, a2019.indicators.length]).toEqual([1, 1, 23]);
  });

  it('writes the self-assessment and the overview as .xlsx', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeWorkbook(model)) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['自评估报告', '子项目', '资金到位', '资金拨付', '绩效目标', '未完成指标', '附表']);
    // the aggregate item the pipeline would build from summaryOf
    const totals: ScopedTotals = {};
    for (const c of loaded) {
      const f = c.filings.get(2020);
      if (!f) continue;
      const s = summaryOf(f.values, f.details, c.plan, 2020);
      for (const scope of carrierScopes(c.carrier)) {
        const t = (totals[scope] ??= { reportingBases: 0n, values: {}, means: {} });
        t.reportingBases += 1n;
        for (const [k, v] of Object.entries(s)) t.values[k] = (t.values[k] ?? 0n) + BigInt(v);
      }
    }
    const overview = layoutCarrierOverview({ year: 2020, scope: 'all', carriers: loaded, totals });
    expect(overview.fileName).toBe('2020年湖南省双创特色载体绩效情况汇总表.xlsx');
    const all = overview.sheets[1]!.rows.find((r) => r.kind === 'total')!;
    expect(all.cells[1]).toEqual({ t: 'num', v: 4, fmt: '0' });
    const rows = overview.sheets[0]!.rows.filter((r) => r.kind === 'data');
    expect(rows.map((r) => (r.cells[1]?.t === 'text' ? r.cells[1].v : ''))).toEqual([
      '长沙高新区专业资本集聚型载体',
      '株洲高新区科技资源支撑型载体',
      '衡阳高新区大中小企业融通型载体',
      '岳阳经开区高端人才引领型载体',
    ]);
    const hy = rows[2]!;
    expect(hy.cells[12]).toEqual({ t: 'text', v: '合作的资本服务机构数(差11家);组织创新创业大赛和项目路演总次数(差20次)' });
    const cs = rows[0]!;
    expect(cs.cells[12]).toEqual({ t: 'text', v: '入驻创投机构管理资金规模(差1.6亿元);入驻企业平均融资成本(超出0.2%)' });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load((await writeWorkbook(overview)) as unknown as ArrayBuffer);
    expect(wb2.worksheets).toHaveLength(3);
  });
});
