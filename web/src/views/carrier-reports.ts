/// <reference lib="dom" />
// The featured-carrier program's reports (admin the province, city its own city): 载体报送情况
// (views/completeness.ts, as for every program), 载体汇总 (views/totals-shell.ts with the
// carriers' rows: funds received, disbursed, 拨付率 exact from the integers, indicators met of
// those judged) and 载体通报下载 (the overview workbook, and each carrier's self-assessment).

import { periodLabel } from '../../../shared/periods';
import { api, download } from '../api';
import { CARRIER_TYPE_LABELS, type CarrierView, carrierScopeChoices, carrierScopeLabel, percentExact, wan2 } from '../carriers';
import { h, table } from '../dom';
import { group } from '../format';
import { big } from '../json';
import { CARRIERS } from '../programs';
import { province } from '../province';
import { busy, type Ctx, errorText, notice, pageHeader, setStatus, statusLine } from '../ui';
import { assessmentButtons } from './carrier-form';
import { completenessView } from './completeness';
import { loadSchedules, noScheduleNotice, yearPicker } from './period-picker';
import { programTotalsView, statCard } from './totals-shell';

const noSchedule = (ctx: Ctx) => noScheduleNotice(ctx, CARRIERS);

// ---- 载体报送情况: the program-generic completeness view -------------------------------------------

export const carrierDashboardView = completenessView(CARRIERS);

// ---- 载体汇总 -------------------------------------------------------------------------------------

/** The totals of one scope as shown: 万元 with 2 decimals, 拨付率 and 完成率 exact from the integers. */
export function carrierTotalsRows(values: Record<string, bigint | number | undefined>): Array<{ code: string; label: string; value: string }> {
  const v = (c: string) => big(values[c] ?? 0);
  const received = v('sum.fundsReceived');
  const disbursed = v('sum.fundsDisbursed');
  const judged = v('sum.indicatorsJudged');
  const met = v('sum.indicatorsMet');
  return [
    { code: 'sum.fundsReceived', label: '到位资金(万元)', value: group(wan2(received)) },
    { code: 'sum.fundsDisbursed', label: '拨付资金(万元)', value: group(wan2(disbursed)) },
    { code: 'disbursementRate', label: '拨付率(拨付资金 ÷ 到位资金)', value: percentExact(disbursed, received) ?? '—' },
    { code: 'sum.investment', label: '完成投资(万元)', value: group(wan2(v('sum.investment'))) },
    { code: 'sum.indicatorsJudged', label: '考核指标(项)', value: String(judged) },
    { code: 'sum.indicatorsMet', label: '完成指标(项)', value: String(met) },
    { code: 'metRate', label: '指标完成率(完成指标 ÷ 考核指标)', value: percentExact(met, judged) ?? '—' },
  ];
}

export const carrierTotalsView = programTotalsView(CARRIERS, {
  title: '载体汇总',
  subtitle: '双创特色载体各年度实时汇总(按省、市州、载体类型)',
  scopes: (ctx) => carrierScopeChoices(ctx.me),
  scopeLabel: carrierScopeLabel,
  countLabel: '报送载体数',
  countCode: 'reportingEntities',
  hint: '合计为已提交(含已退回、已确认)报表的实时汇总;金额为当年数,拨付率按合计的整数(元)精确计算。各载体的指标各不相同,只汇总完成与考核的指标数。',
  render(_year, a) {
    const rows = carrierTotalsRows(a.values);
    const value = (code: string) => rows.find((r) => r.code === code)!.value;
    return {
      stats: [
        statCard('拨付率', value('disbursementRate'), { code: 'disbursementRate' }),
        statCard('完成指标/考核指标', `${value('sum.indicatorsMet')}/${value('sum.indicatorsJudged')}`, { code: 'metOfJudged' }),
      ],
      content: [
        table(
          '资金与绩效指标',
          ['项目', '合计'],
          rows.map((r) => [r.label, h('span', { class: 'num', 'data-code': r.code }, r.value)]),
          { cards: false },
        ),
      ],
    };
  },
});

// ---- 载体通报下载 -----------------------------------------------------------------------------------

export async function carrierBulletinsView(ctx: Ctx) {
  const [schedules, carriers] = await Promise.all([
    loadSchedules(CARRIERS.query),
    api<{ carriers: CarrierView[] }>('GET', '/api/carriers').then((r) => r.data.carriers),
  ]);
  const picker = yearPicker(schedules, ctx.query.get('year'), (y) => {
    ctx.setQuery({ year: y });
    renderCarriers();
  });
  const status = statusLine();
  const xlsxBtn = h('button', { type: 'submit', class: 'button button-primary' }, '下载载体绩效情况汇总表(Excel)');
  const form = h(
    'form',
    { class: 'card bulletin-form', novalidate: true, 'aria-labelledby': 'c-bulletin-form-title' },
    h('h2', { id: 'c-bulletin-form-title' }, '全省载体绩效情况汇总'),
    h('p', { class: 'hint' }, '各载体并列:到位资金、拨付资金、拨付率、完成指标/考核指标和未完成的指标;另有按市州、载体类型的合计。'),
    picker.el,
    h('div', { class: 'actions' }, xlsxBtn),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const year = picker.select.value;
    if (!year) return setStatus(status, 'error', '请先选择年度');
    void busy(xlsxBtn, async () => {
      setStatus(status, 'info', '正在生成汇总表,请稍候…');
      try {
        const name = await download(`/api/bulletins/${year}.xlsx?program=carriers`, `${year}年${province().name}双创特色载体绩效情况汇总表.xlsx`);
        setStatus(status, 'ok', `已下载「${name}」`);
      } catch (err) {
        setStatus(status, 'error', errorText(err));
      }
    });
  });

  const listEl = h('div', null);
  const listStatus = statusLine();
  function renderCarriers() {
    const year = picker.select.value;
    const sorted = [...carriers].sort((a, b) => province().cities.indexOf(a.city) - province().cities.indexOf(b.city) || a.name.localeCompare(b.name, 'zh-CN'));
    listEl.replaceChildren(
      sorted.length
        ? table(
            `${periodLabel(year)}各载体自评估报告`,
            ['载体', '市州', '类型', '下载'],
            sorted.map((c) => [
              h('a', { href: CARRIERS.viewHash(c.carrierId, year) }, c.name),
              c.city,
              CARRIER_TYPE_LABELS[c.type] ?? c.type,
              h(
                'span',
                { class: 'link-list' },
                assessmentButtons(c.carrierId, year, (kind, text) => setStatus(listStatus, kind, `${c.name}:${text}`)),
              ),
            ]),
          )
        : notice('info', '尚未登记双创特色载体', null),
    );
  }
  if (picker.value) renderCarriers();

  return h(
    'div',
    null,
    pageHeader('载体通报下载', h('span', null, '双创特色载体绩效情况汇总表和各载体的项目自评估报告')),
    picker.value ? form : noSchedule(ctx),
    picker.value
      ? h('section', { class: 'card', 'aria-labelledby': 'c-assessments-title' }, h('h2', { id: 'c-assessments-title' }, '自评估报告'), listStatus, listEl)
      : null,
  );
}
