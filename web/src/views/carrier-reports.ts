/// <reference lib="dom" />
// The featured-carrier program's reports (admin the province, city its own city): 载体报送情况
// (views/completeness.ts, as for every program), 载体汇总 (the year's
// live aggregates per scope: funds received, disbursed, 拨付率 exact from the integers, indicators
// met of those judged) and 载体通报下载 (the overview workbook, and each carrier's self-assessment).

import { periodLabel } from '../../../shared/periods';
import { province } from '../province';
import { api, download } from '../api';
import { carrierScopeChoices, carrierScopeLabel, CARRIER_TYPE_LABELS, percentExact, wan2, type CarrierView } from '../carriers';
import { clear, h, table } from '../dom';
import { fmtTime, group } from '../format';
import { big } from '../json';
import { CARRIERS } from '../programs';
import { busy, errorText, notice, pageHeader, select, setStatus, statusLine, type Ctx } from '../ui';
import { assessmentButtons } from './carrier-form';
import { completenessView } from './completeness';
import { loadSchedules, yearPicker } from './period-picker';

const noSchedule = (ctx: Ctx) =>
  notice('info', '暂无载体填报期', h('p', null, ctx.me.role === 'admin' ? h('a', { href: '#/carrier-schedules' }, '先设置载体填报期') : '省级管理员尚未设置双创特色载体的填报期。'));

// ---- 载体报送情况: the program-generic completeness view -------------------------------------------

export const carrierDashboardView = completenessView(CARRIERS);

// ---- 载体汇总 -------------------------------------------------------------------------------------

interface Aggregates {
  period: string;
  scope: string;
  reportingEntities: bigint | number;
  values: Record<string, bigint | number>;
  updatedAt?: string | null;
}

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

export async function carrierTotalsView(ctx: Ctx) {
  const schedules = await loadSchedules(CARRIERS.query);
  const scopes = carrierScopeChoices(ctx.me);
  let scope = scopes.some((s) => s.value === ctx.query.get('scope')) ? ctx.query.get('scope')! : scopes[0]!.value;
  const body = h('div', null);
  let year: string | undefined;
  const picker = yearPicker(schedules, ctx.query.get('year'), (y) => {
    year = y;
    ctx.setQuery({ year: y, scope });
    void show();
  });
  year = picker.value;
  const scopeSelect = select('scope', scopes, scope);
  scopeSelect.disabled = scopes.length === 1;
  scopeSelect.addEventListener('change', () => {
    scope = scopeSelect.value;
    ctx.setQuery({ year: year ?? '', scope });
    void show();
  });

  async function show() {
    if (!year) return;
    body.replaceChildren(h('p', { class: 'muted' }, '正在加载…'));
    const a = (await api<Aggregates>('GET', `/api/aggregates/${year}${CARRIERS.query}&scope=${encodeURIComponent(scope)}`)).data;
    if (!ctx.alive()) return;
    ctx.announce(`已显示${carrierScopeLabel(scope)}${periodLabel(year)}双创特色载体汇总数据`);
    const n = big(a.reportingEntities);
    const rows = carrierTotalsRows(a.values);
    clear(
      body,
      h(
        'div',
        { class: 'stats' },
        h('div', { class: 'stat' }, h('span', { class: 'stat-value', 'data-code': 'reportingEntities' }, String(n)), h('span', { class: 'stat-label' }, '报送载体数')),
        h('div', { class: 'stat' }, h('span', { class: 'stat-value', 'data-code': 'disbursementRate' }, rows.find((r) => r.code === 'disbursementRate')!.value), h('span', { class: 'stat-label' }, '拨付率')),
        h('div', { class: 'stat' }, h('span', { class: 'stat-value', 'data-code': 'metOfJudged' }, `${rows.find((r) => r.code === 'sum.indicatorsMet')!.value}/${rows.find((r) => r.code === 'sum.indicatorsJudged')!.value}`), h('span', { class: 'stat-label' }, '完成指标/考核指标')),
        h('div', { class: 'stat' }, h('span', { class: 'stat-value stat-small' }, `${carrierScopeLabel(scope)} · ${periodLabel(year)}`), h('span', { class: 'stat-label' }, '范围与年度')),
        h('div', { class: 'stat' }, h('span', { class: 'stat-value stat-small' }, fmtTime(a.updatedAt ?? null)), h('span', { class: 'stat-label' }, '数据更新时间')),
      ),
      n === 0n ? notice('info', '该范围本年度尚无已提交的数据', null) : null,
      h('p', { class: 'hint' }, '合计为已提交(含已退回、已确认)报表的实时汇总;金额为当年数,拨付率按合计的整数(元)精确计算。各载体的指标各不相同,只汇总完成与考核的指标数。'),
      table('资金与绩效指标', ['项目', '合计'], rows.map((r) => [r.label, h('span', { class: 'num', 'data-code': r.code }, r.value)])),
    );
  }

  const wrap = h(
    'div',
    null,
    pageHeader('载体汇总', h('span', null, '双创特色载体各年度实时汇总(按省、市州、载体类型)')),
    h('div', { class: 'filters' }, picker.el, h('div', { class: 'form-row inline' }, h('label', { for: 'scope' }, '范围'), scopeSelect)),
    body,
  );
  if (!year) {
    picker.el.hidden = true;
    body.append(noSchedule(ctx));
  } else await show();
  return wrap;
}

// ---- 载体通报下载 -----------------------------------------------------------------------------------

export async function carrierBulletinsView(ctx: Ctx) {
  const [schedules, carriers] = await Promise.all([loadSchedules(CARRIERS.query), api<{ carriers: CarrierView[] }>('GET', '/api/carriers').then((r) => r.data.carriers)]);
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
              h('span', { class: 'link-list' }, assessmentButtons(c.carrierId, year, (kind, text) => setStatus(listStatus, kind, `${c.name}:${text}`))),
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
    picker.value ? h('section', { class: 'card', 'aria-labelledby': 'c-assessments-title' }, h('h2', { id: 'c-assessments-title' }, '自评估报告'), listStatus, listEl) : null,
  );
}
