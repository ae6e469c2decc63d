// Seeded random carriers (SPEC §10) loaded through the API: random plans (lower-is-better
// indicators, indicators added mid-way by a later plan version, years without a target), random
// actuals (ties with the target on purpose), random fund batches, disbursements and investment
// over 2019–2021 (one carrier skips a year). Every verdict, gap, growth, rate and total of each
// self-assessment workbook and of the province's overview equals the recomputation of
// test/helpers/carrier-math.ts: exact bigint arithmetic from the strings sent, no production helper.

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller, makeEvent } from '../helpers/api';
import {
  dec,
  fmt,
  judgeCarrier,
  pct,
  SUM_CODES,
  sheetRows,
  summaryOf,
  type TCarrierResult,
  type TFiling,
  type TIndicator,
  type TPlan,
  wanCell,
} from '../helpers/carrier-math';
import { useLocalTable } from '../helpers/local-table';
import { makeRng } from '../helpers/scenario';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const exporter = await import('../../functions/export-bulletin');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const { reconcilePeriod } = await import('../../shared/use-cases/reconcile-period');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { CARRIERS } = await import('../../shared/program');
const { startTestPoller } = await import('../helpers/stream');
const call = caller(dispatch);

const YEARS = [2019, 2020, 2021] as const;
const CITIES = ['长沙市', '株洲市', '衡阳市'] as const;
const TYPES = ['integration', 'capital', 'tech', 'talent'] as const;
const TYPE_LABELS: Record<string, string> = { integration: '大中小企业融通型', capital: '专业资本集聚型', tech: '科技资源支撑型', talent: '高端人才引领型' };
const UNITS = ['家', '个', '万元', '%', '天', '人'];
const SOURCE = '中央财政中小企业发展专项资金';

interface RandomCarrier {
  id: string;
  reg: { name: string; type: string; city: string; zone: string; approvedAt: string };
  approved: number;
  /** the plan as first put; `added` joins it in a second version after `addedAfter` is filed */
  plan: TPlan;
  added: TIndicator;
  addedAfter: number;
  years: number[];
  filings: Map<number, TFiling>;
}

/** Decimal text with the value's own digits, sometimes padded with trailing zeros ('6.50'). */
function typed(v: bigint, dp: number, rng: () => number): string {
  const s = fmt(v, dp);
  if (dp === 0 || rng() < 0.6) return s;
  const [i, f = ''] = s.split('.');
  return `${i}.${f.padEnd(dp, '0')}`;
}

const int = (rng: () => number, max: number) => BigInt(Math.floor(rng() * max));

function randomIndicator(rng: () => number, i: number, baseYear: number): TIndicator {
  const decimals = Math.floor(rng() * 4);
  const better = rng() < 0.35 ? 'lower' : 'higher';
  const scale = 10n ** BigInt(decimals);
  const baseline = int(rng, 1000) * scale + int(rng, Number(scale));
  const targets: Record<string, string> = {};
  let t = baseline;
  for (let y = baseYear + 1; y <= 2022; y++) {
    const step = int(rng, 100) * scale + int(rng, Number(scale));
    t = better === 'higher' ? t + step : t > step ? t - step : t;
    // Some years have no target (judged 无目标).
    if (rng() < 0.15) continue;
    targets[String(y)] = typed(t, decimals, rng);
  }
  return {
    code: `k${i}`,
    name: `随机指标${i}号`,
    unit: UNITS[Math.floor(rng() * UNITS.length)]!,
    decimals,
    better,
    baseline: { year: baseYear, value: typed(baseline, decimals, rng) },
    targets,
  };
}

/** An actual near the target: a tie a quarter of the time, else above or below. */
function actualFor(ind: TIndicator, year: number, rng: () => number): string {
  const scale = 10n ** BigInt(ind.decimals);
  const t = ind.targets[String(year)];
  const target = t === undefined ? dec(ind.baseline.value, ind.decimals) : dec(t, ind.decimals);
  const r = rng();
  if (r < 0.25) return typed(target, ind.decimals, rng);
  const d = int(rng, 50) * scale + int(rng, Number(scale)) + 1n;
  const v = r < 0.62 ? target + d : target > d ? target - d : 0n;
  return typed(v, ind.decimals, rng);
}

const money = (rng: () => number, maxWan: number) => int(rng, maxWan) * 10_000n + (rng() < 0.5 ? int(rng, 10_000) : 0n);

function randomCarrier(rng: () => number, n: number): RandomCarrier {
  const approved = n % 3 === 2 ? 2020 : 2019;
  const id = `rnd-${n}`;
  const city = CITIES[n % CITIES.length]!;
  const type = TYPES[Math.floor(rng() * TYPES.length)]!;
  const nInd = 3 + Math.floor(rng() * 4);
  const indicators = Array.from({ length: nInd }, (_, i) => randomIndicator(rng, i, approved - 1));
  // One indicator of the first version starts later (its baseline is the approval year).
  indicators[nInd - 1] = randomIndicator(rng, nInd - 1, approved);
  const subProjects = Array.from({ length: 1 + Math.floor(rng() * 3) }, (_, i) => {
    const fund = [money(rng, 300), money(rng, 300), rng() < 0.5 ? 0n : money(rng, 300)];
    const inv = fund.reduce((a, b) => a + b, 0n) + money(rng, 5000);
    return {
      code: `s${i}`,
      name: `随机子项目${n}-${i}`,
      content: '建设内容。',
      plannedInvestment: typed(inv, 4, rng),
      plannedFund: { subsidy: typed(fund[0]!, 4, rng), reward: typed(fund[1]!, 4, rng), purchase: typed(fund[2]!, 4, rng) },
    };
  });
  const years = YEARS.filter((y) => y >= approved && !(n === 3 && y === 2020));
  const addedAfter = years[0]!;
  const added = randomIndicator(rng, nInd, addedAfter);
  const plan: TPlan = { indicators, subProjects };
  const full: TPlan = { indicators: [...indicators, added], subProjects };
  const filings = new Map<number, TFiling>();
  let cumReceived = 0n;
  let cumDisbursed = 0n;
  for (const y of years) {
    const received = Array.from({ length: Math.floor(rng() * 3) }, () => {
      const month = String(1 + Math.floor(rng() * 12)).padStart(2, '0');
      const date = rng() < 0.5 ? `${y}-${month}` : `${y}-${month}-${String(1 + Math.floor(rng() * 28)).padStart(2, '0')}`;
      return { date, amount: money(rng, 2000) + 1n };
    });
    cumReceived += received.reduce((a, b) => a + b.amount, 0n);
    // Disburse a random share of what is still available, now and then all of it (a rate of 100%).
    const available = cumReceived - cumDisbursed;
    let toDisburse = rng() < 0.2 ? available : (available * int(rng, 101)) / 100n;
    const disbursed: Record<string, string> = {};
    subProjects.forEach((sp, i) => {
      const part = i === subProjects.length - 1 ? toDisburse : (toDisburse * int(rng, 101)) / 100n;
      toDisburse -= part;
      cumDisbursed += part;
      if (part > 0n || rng() < 0.3) disbursed[sp.code] = typed(part, 4, rng);
    });
    const investment: Record<string, string> = {};
    for (const sp of subProjects) if (rng() < 0.8) investment[sp.code] = typed(money(rng, 3000), 4, rng);
    const planOfYear = y > addedAfter ? full : plan;
    const values: Record<string, string> = {};
    for (const ind of planOfYear.indicators) if (ind.baseline.year < y) values[ind.code] = actualFor(ind, y, rng);
    filings.set(y, {
      values,
      funds: { received: received.map((b) => ({ date: b.date, amount: typed(b.amount, 4, rng), source: SOURCE })), disbursed },
      investment,
      progress: Object.fromEntries(subProjects.filter(() => rng() < 0.5).map((sp) => [sp.code, `${y}年进展顺利。`])),
      problems: rng() < 0.5 ? '部分指标未达到目标。' : '',
    });
  }
  return {
    id,
    reg: { name: `随机载体${n}号`, type, city, zone: `${city.slice(0, 2)}高新区`, approvedAt: `${approved}-0${1 + (n % 9)}` },
    approved,
    plan,
    added,
    addedAfter,
    years,
    filings,
  };
}

const fullPlan = (c: RandomCarrier): TPlan => ({ indicators: [...c.plan.indicators, c.added], subProjects: c.plan.subProjects });

const rng = makeRng(20_240_614);
const carriers = Array.from({ length: 6 }, (_, n) => randomCarrier(rng, n));

let aggregator: Awaited<ReturnType<typeof startTestPoller>>;

beforeAll(async () => {
  await table.setup();
  aggregator = await startTestPoller((e) => processStreamEvent(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) });
  for (const c of carriers) {
    const reg = await call('PUT', `/api/carriers/${c.id}`, c.reg);
    expect(reg.status, reg.text).toBe(201);
    const p1 = await call('PUT', `/api/carriers/${c.id}/plan`, c.plan);
    expect(p1.status, p1.text).toBe(201);
    for (const y of c.years) {
      const r = await call('PUT', `/api/carriers/${c.id}/filings/${y}`, {
        status: 'submitted',
        confirmWarnings: true,
        explanation: '历史数据,按原报表录入',
        ...c.filings.get(y)!,
      });
      expect(r.status, `${c.id} ${y}: ${r.text}`).toBe(201);
      if (y === c.addedAfter) {
        // The indicator added mid-way: a second plan version, judged from the year after its baseline.
        const p2 = await call('PUT', `/api/carriers/${c.id}/plan`, fullPlan(c), { headers: { 'if-match': '"1"' } });
        expect([p2.status, p2.body.version], p2.text).toEqual([200, 2]);
      }
    }
  }
  // Then the province revises targets of years already filed (ties with the actuals, targets
  // dropped): the filings are re-judged by the plan as it is now, everywhere.
  const revise = makeRng(7);
  for (const c of carriers) {
    const plan = fullPlan(c);
    for (const ind of plan.indicators) {
      const filed = c.years.filter((y) => c.filings.get(y)!.values[ind.code] !== undefined);
      if (!filed.length) continue;
      const y = filed[Math.floor(revise() * filed.length)]!;
      const r = revise();
      if (r < 0.4) ind.targets[String(y)] = c.filings.get(y)!.values[ind.code]!;
      else if (r < 0.55) delete ind.targets[String(y)];
    }
    const p3 = await call('PUT', `/api/carriers/${c.id}/plan`, plan, { headers: { 'if-match': '"2"' } });
    expect(p3.status, p3.text).toBe(200);
  }
  await aggregator.drain(30_000);
}, 240_000);
afterAll(async () => {
  await aggregator?.stop();
});

async function workbook(path: string): Promise<ExcelJS.Workbook> {
  const r = await exporter.dispatch(makeEvent('GET', path, undefined, {}));
  expect(r.statusCode, `${path}: ${String(r.body).slice(0, 300)}`).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.body!, 'base64') as unknown as ArrayBuffer);
  return wb;
}

const dash = (s: string | null | undefined) => s ?? '—';
const valueText = (v: bigint | null, dp: number) => (v === null ? '—' : fmt(v, dp));

describe('random carriers: the self-assessments equal the recomputation', () => {
  it('covers what it claims: lower-is-better met and unmet, ties, mid-way indicators, years without a target, a skipped year', () => {
    const all = carriers.flatMap((c) => c.years.map((y) => ({ c, y, r: judgeCarrier(fullPlan(c), c.filings, y) })));
    const inds = all.flatMap((x) => x.r.indicators);
    expect(inds.filter((i) => i.ind.better === 'lower' && i.verdict === '完成').length).toBeGreaterThan(0);
    expect(inds.filter((i) => i.ind.better === 'lower' && i.verdict === '未完成').length).toBeGreaterThan(0);
    expect(inds.filter((i) => i.actual !== null && i.actual === i.target).length).toBeGreaterThan(2);
    expect(inds.filter((i) => i.verdict === '无目标').length).toBeGreaterThan(0);
    expect(inds.filter((i) => i.growth !== null).length).toBeGreaterThan(5);
    expect(all.filter((x) => x.r.indicators.some((i) => i.ind.code === x.c.added.code)).length).toBeGreaterThan(0);
    expect(carriers.some((c) => c.years.length === 2 && c.years.includes(2021) && c.approved === 2019)).toBe(true);
  });

  for (const c of carriers)
    for (const y of c.years)
      it(`${c.id} ${y}`, async () => {
        const plan = fullPlan(c);
        const want = judgeCarrier(plan, c.filings, y);
        const wb = await workbook(`/api/carriers/${c.id}/assessments/${y}.xlsx`);

        // 绩效目标: every indicator filed this year, in plan order.
        const t = sheetRows(wb.getWorksheet('绩效目标')!, 14);
        const head = t.find((r) => r[0] === '序号')!;
        const col = (label: string) => {
          const i = head.indexOf(label);
          expect(i, `${label} in ${head.join('|')}`).toBeGreaterThanOrEqual(0);
          return i;
        };
        const data = t.filter((r) => /^\d+$/.test(r[0]!));
        expect(data.map((r) => r[1])).toEqual(want.indicators.map((x) => x.ind.name + (x.ind.better === 'lower' ? '(越低越好)' : '')));
        // The indicator added mid-way appears only after its baseline year.
        expect(data.some((r) => r[1]!.startsWith(c.added.name))).toBe(y > c.addedAfter);
        want.indicators.forEach((x, i) => {
          const row = data[i]!;
          const dp = x.ind.decimals;
          expect({
            at: `${c.id} ${y} ${x.ind.code}`,
            verdict: row[col('完成情况')],
            gap: row[col('差额')],
            growth: row[col('比上年增长')],
            actual: row[col(`${y}年完成值`)],
            target: row[col(`${y}年目标值`)],
            next: row[col(`${y + 1}年目标值`)],
            previous: row[col(`${y - 1}年完成值`)],
          }).toEqual({
            at: `${c.id} ${y} ${x.ind.code}`,
            verdict: x.verdict,
            gap: x.gap === null ? '' : fmt(x.gap, dp),
            growth: dash(x.growth?.cell),
            actual: valueText(x.actual, dp),
            target: valueText(x.target, dp),
            next: valueText(x.nextTarget, dp),
            previous: valueText(x.previous, dp),
          });
        });
        expect(t.find((r) => r[0] === '合计')![1]).toBe(`考核${want.judged}项,完成${want.met}项,未完成${want.judged - want.met}项`);

        // 未完成指标: the unmet ones with their gaps, the right way round.
        const unmet = want.indicators.filter((x) => x.verdict === '未完成');
        const u = sheetRows(wb.getWorksheet('未完成指标')!, 7).filter((r) => /^\d+$/.test(r[0]!));
        expect(u.map((r) => [r[1], r[3], r[4], r[5]])).toEqual(
          unmet.map((x) => [x.ind.name, fmt(x.target!, x.ind.decimals), fmt(x.actual!, x.ind.decimals), fmt(x.gap!, x.ind.decimals)]),
        );
        for (const [i, x] of unmet.entries()) {
          const g = `${fmt(x.gap!, x.ind.decimals)}${x.ind.unit}`;
          expect(u[i]![6]).toBe(
            x.ind.better === 'higher'
              ? `${x.ind.name}${fmt(x.actual!, x.ind.decimals)}${x.ind.unit},目标值${fmt(x.target!, x.ind.decimals)}${x.ind.unit},差${g}`
              : `${x.ind.name}${fmt(x.actual!, x.ind.decimals)}${x.ind.unit},目标值为不高于${fmt(x.target!, x.ind.decimals)}${x.ind.unit},超出${g}`,
          );
        }

        // 资金拨付: each year from approval to this one, cumulative, and the rate.
        const f = sheetRows(wb.getWorksheet('资金拨付')!, 8);
        for (let yy = Math.min(c.approved, y); yy <= y; yy++) {
          const r = judgeCarrier(plan, c.filings, yy);
          const row = f.find((x) => x[0] === `${yy}年`)!;
          expect({ at: `${c.id} ${y}: ${yy}`, cells: row.slice(1, 7) }).toEqual({ at: `${c.id} ${y}: ${yy}`, cells: fundCells(r) });
        }
        const total = f.find((x) => x[0] === '合计')!;
        expect(total.slice(1, 7)).toEqual([
          wanCell(want.cumReceived),
          wanCell(want.cumReceived),
          wanCell(want.cumDisbursed),
          wanCell(want.cumDisbursed),
          dash(want.rate?.cell),
          wanCell(want.cumInvestment),
        ]);

        // 资金到位: every batch up to this year, and their sum.
        const batches = [...c.filings].filter(([yy]) => yy <= y).flatMap(([, fl]) => fl.funds.received);
        const b = sheetRows(wb.getWorksheet('资金到位')!, 5);
        expect(
          b
            .filter((r) => /^第/.test(r[0]!))
            .map((r) => r[3])
            .sort(),
        ).toEqual(batches.map((x) => wanCell(dec(x.amount, 4))).sort());
        expect(b.find((r) => r[0] === '合计')!.slice(1, 4)).toEqual([`${batches.length}批`, '', wanCell(want.cumReceived)]);

        // 子项目: planned amounts, this year's and cumulative investment, cumulative disbursed.
        const s = sheetRows(wb.getWorksheet('子项目')!, 9);
        for (const sp of plan.subProjects) {
          const row = s.find((r) => r[1] === sp.name)!;
          const upTo = [...c.filings].filter(([yy]) => yy <= y).map(([, fl]) => fl);
          const cumInv = upTo.reduce((a, fl) => a + (fl.investment[sp.code] ? dec(fl.investment[sp.code]!, 4) : 0n), 0n);
          const cumDis = upTo.reduce((a, fl) => a + (fl.funds.disbursed[sp.code] ? dec(fl.funds.disbursed[sp.code]!, 4) : 0n), 0n);
          const inv = c.filings.get(y)!.investment[sp.code];
          const fund = dec(sp.plannedFund.subsidy, 4) + dec(sp.plannedFund.reward, 4) + dec(sp.plannedFund.purchase, 4);
          expect(row.slice(3, 8)).toEqual([
            wanCell(dec(sp.plannedInvestment, 4)),
            wanCell(fund),
            wanCell(inv ? dec(inv, 4) : 0n),
            wanCell(cumInv),
            wanCell(cumDis),
          ]);
        }

        // The report's text says the same.
        const report = sheetRows(wb.getWorksheet('自评估报告')!, 1)
          .map((r) => r[0])
          .join('\n');
        expect(report).toContain(`共考核绩效指标${want.judged}项,完成${want.met}项,未完成${want.judged - want.met}项`);
        if (want.rate && want.cumDisbursed > 0n) expect(report).toContain(`资金拨付率${want.rate.text}`);
        for (const x of unmet) expect(report).toContain(`${x.ind.better === 'higher' ? '差' : '超出'}${fmt(x.gap!, x.ind.decimals)}${x.ind.unit}`);
      });
});

function fundCells(r: TCarrierResult): string[] {
  return [wanCell(r.received), wanCell(r.cumReceived), wanCell(r.disbursed), wanCell(r.cumDisbursed), r.rate?.cell ?? '—', wanCell(r.investment)];
}

describe('random carriers: the overview and the aggregates equal the recomputation', () => {
  for (const y of YEARS)
    it(`${y}`, async () => {
      const listed = carriers.filter((c) => c.approved <= y);
      const filed = listed.filter((c) => c.filings.has(y));
      const wb = await workbook(`/api/bulletins/${y}.xlsx?program=carriers`);
      const rows = sheetRows(wb.getWorksheet('载体绩效情况')!, 13);
      let judged = 0;
      let met = 0;
      let cr = 0n;
      let cd = 0n;
      for (const c of listed) {
        const want = judgeCarrier(fullPlan(c), c.filings, y);
        judged += want.judged;
        met += want.met;
        cr += want.cumReceived;
        cd += want.cumDisbursed;
        const row = rows.find((r) => r[1] === c.reg.name)!;
        expect(row, c.id).toBeDefined();
        const unmet = want.indicators.filter((x) => x.verdict === '未完成');
        expect({ at: `${c.id} ${y}`, cells: row.slice(2, 13) }).toEqual({
          at: `${c.id} ${y}`,
          cells: [
            TYPE_LABELS[c.reg.type],
            c.reg.city,
            c.reg.zone,
            wanCell(want.received),
            wanCell(want.cumReceived),
            wanCell(want.disbursed),
            wanCell(want.cumDisbursed),
            dash(want.rate?.cell),
            String(want.judged),
            String(want.met),
            unmet.map((x) => `${x.ind.name}(${x.ind.better === 'higher' ? '差' : '超出'}${fmt(x.gap!, x.ind.decimals)}${x.ind.unit})`).join(';') || '无',
          ],
        });
      }
      expect(rows.filter((r) => /^\d+$/.test(r[0]!))).toHaveLength(listed.length);
      const total = rows.find((r) => r[0] === '合计')!;
      expect([total[1], total[6], total[8], total[9], total[10], total[11]]).toEqual([
        `${listed.length}个载体`,
        wanCell(cr),
        wanCell(cd),
        cr ? pct(cd, cr, 2).cell : '—',
        String(judged),
        String(met),
      ]);

      // By city and by type: the year's counted filings added up here, against the aggregate item.
      const expectFor = (match: (c: RandomCarrier) => boolean) => {
        const sums: Record<string, bigint> = Object.fromEntries(SUM_CODES.map((k) => [k, 0n]));
        let n = 0;
        for (const c of filed.filter(match)) {
          n++;
          const s = summaryOf(fullPlan(c), c.filings, y);
          for (const k of SUM_CODES) sums[k] = sums[k]! + s[k]!;
        }
        const j = sums['sum.indicatorsJudged']!;
        return [
          String(n),
          wanCell(sums['sum.fundsReceived']!),
          wanCell(sums['sum.fundsDisbursed']!),
          wanCell(sums['sum.investment']!),
          String(j),
          String(sums['sum.indicatorsMet']),
          j ? pct(sums['sum.indicatorsMet']!, j, 2).cell : '—',
        ];
      };
      const byCity = sheetRows(wb.getWorksheet('按市州汇总')!, 8);
      for (const city of CITIES)
        expect({ city, cells: byCity.find((r) => r[0] === city)!.slice(1, 8) }).toEqual({ city, cells: expectFor((c) => c.reg.city === city) });
      expect(byCity.find((r) => r[0] === '全省合计')!.slice(1, 8)).toEqual(expectFor(() => true));
      const byType = sheetRows(wb.getWorksheet('按类型汇总')!, 8);
      for (const type of TYPES)
        expect({ type, cells: byType.find((r) => r[0] === TYPE_LABELS[type])!.slice(1, 8) }).toEqual({ type, cells: expectFor((c) => c.reg.type === type) });

      const report = await reconcilePeriod(String(y), { program: CARRIERS });
      expect(report.drift).toBe(0);
    });
});
