/// <reference lib="dom" />
// The featured-carrier program's reports (admin the province, city its own city): 载体报送情况
// (completeness of a year by city and type, missing carriers, returned ones), 载体汇总 (the year's
// live aggregates per scope: funds received, disbursed, 拨付率 exact from the integers, indicators
// met of those judged) and 载体通报下载 (the overview workbook, and each carrier's self-assessment).

import { periodLabel } from '../../../shared/periods';
import { province } from '../province';
import { api, download } from '../api';
import { carrierScopeChoices, carrierScopeLabel, CARRIER_TYPE_LABELS, percentExact, wan2, type CarrierType, type CarrierView } from '../carriers';
import { clear, h, table } from '../dom';
import { fmtPercent, fmtTime, group } from '../format';
import { big } from '../json';
import { rate } from '../platforms';
import { CARRIERS } from '../programs';
import { busy, errorText, notice, pageHeader, select, setStatus, statusLine, type Ctx } from '../ui';
import { assessmentButtons } from './carrier-form';
import { rateChart } from './dashboard';
import { loadSchedules } from './period-picker';
import { yearPicker } from './platform-reports';

const noSchedule = (ctx: Ctx) =>
  notice('info', '暂无载体填报期', h('p', null, ctx.me.role === 'admin' ? h('a', { href: '#/carrier-schedules' }, '先设置载体填报期') : '省级管理员尚未设置双创特色载体的填报期。'));

// ---- 载体报送情况 ---------------------------------------------------------------------------------

interface Counts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
}

interface Completeness extends Counts {
  period: string;
  byCity: Array<Counts & { city: string }>;
  byGroup: Array<Counts & { group: string; label: string }>;
  missingEntities: Array<{ id: string; name: string; city: string; group: string; hasDraft?: boolean }>;
  returnedEntities?: Array<{ id: string; name: string; city: string; comment: string | null }>;
  schedule?: { opensAt: string; dueAt: string; closesAt: string } | null;
}

export async function carrierDashboardView(ctx: Ctx) {
  const schedules = await loadSchedules(CARRIERS.query);
  const body = h('div', null);
  const picker = yearPicker(schedules, ctx.query.get('year'), (y) => {
    ctx.setQuery({ year: y });
    void show(y);
  });
  const scopeText = ctx.me.role === 'city' ? ctx.me.city! : '全省';

  async function show(year: string) {
    body.replaceChildren(h('p', { class: 'muted' }, '正在加载…'));
    const c = (await api<Completeness>('GET', `/api/periods/${year}/completeness${CARRIERS.query}`)).data;
    if (!ctx.alive()) return;
    ctx.announce(`已显示${periodLabel(year)}双创特色载体报送情况:应报${c.expected},已报${c.submitted},未报${c.missing}`);
    const order = (city: string) => province().cities.indexOf(city);
    const cities = [...c.byCity].sort((a, b) => order(a.city) - order(b.city));
    const card = (label: string, value: string, cls = '') => h('div', { class: `stat ${cls}` }, h('span', { class: 'stat-value' }, value), h('span', { class: 'stat-label' }, label));
    const countCols = (x: Counts) => [String(x.expected), String(x.submitted), String(x.onTime), String(x.late), String(x.missing), fmtPercent(rate(x.submitted, x.expected))];
    const headers = ['应报(家)', '已报(家)', '按时(家)', '逾期(家)', '未报(家)', '报送率'];
    clear(
      body,
      c.schedule ? h('p', { class: 'muted' }, `${periodLabel(year)}:${fmtTime(c.schedule.opensAt)} 开放,${fmtTime(c.schedule.dueAt)} 截止,${fmtTime(c.schedule.closesAt)} 关闭`) : null,
      h(
        'div',
        { class: 'stats' },
        card('应报载体', String(c.expected)),
        card('已报', String(c.submitted), 'stat-ok'),
        card('按时', String(c.onTime)),
        card('逾期', String(c.late), c.late ? 'stat-warn' : ''),
        card('未报', String(c.missing), c.missing ? 'stat-bad' : ''),
        card('报送率', fmtPercent(rate(c.submitted, c.expected))),
      ),
      c.expected === 0 ? notice('info', '本年度没有应报载体', h('p', null, '请先在「载体名录」中登记双创特色载体。')) : null,
      cities.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'c-by-city-title' },
            h('h2', { id: 'c-by-city-title' }, '各市州报送情况'),
            rateChart(
              `${periodLabel(year)}各市州双创特色载体报送率`,
              cities.map((x) => ({ label: x.city, rate: rate(x.submitted, x.expected), onTime: rate(x.onTime, x.expected), detail: `应报${x.expected},已报${x.submitted},按时${x.onTime},逾期${x.late},未报${x.missing}` })),
            ),
            table('各市州双创特色载体报送情况', ['市州', ...headers], cities.map((x) => [x.city, ...countCols(x)]), { footer: [[ctx.me.role === 'city' ? '合计' : '全省合计', ...countCols(c)]] }),
          )
        : null,
      c.byGroup.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'c-by-type-title' },
            h('h2', { id: 'c-by-type-title' }, '按载体类型'),
            table('按载体类型的报送情况', ['载体类型', ...headers], c.byGroup.map((x) => [x.label || CARRIER_TYPE_LABELS[x.group as CarrierType] || x.group, ...countCols(x)])),
          )
        : null,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'c-missing-title' },
        h('h2', { id: 'c-missing-title' }, `未报载体(${c.missingEntities.length})`),
        c.missingEntities.length
          ? table(
              '未报载体名单',
              ['载体', '市州', '载体类型', '草稿'],
              c.missingEntities.map((p) => [h('a', { href: CARRIERS.entityHash(p.id) }, p.name), p.city, CARRIER_TYPE_LABELS[p.group as CarrierType] ?? p.group, p.hasDraft ? '有草稿未提交' : '—']),
            )
          : h('p', null, '全部应报载体均已报送。'),
      ),
      c.returnedEntities?.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'c-returned-title' },
            h('h2', { id: 'c-returned-title' }, `已退回待修改(${c.returnedEntities.length})`),
            table('已退回的载体报表', ['载体', '市州', '修改意见'], c.returnedEntities.map((p) => [h('a', { href: CARRIERS.viewHash(p.id, year) }, p.name), p.city, p.comment ?? '—'])),
          )
        : null,
    );
  }

  const wrap = h('div', null, pageHeader('载体报送情况', h('span', null, `${scopeText}双创特色载体按年度报送绩效情况`)), h('div', { class: 'filters' }, picker.el), body);
  if (!picker.value) {
    picker.el.hidden = true;
    body.append(noSchedule(ctx));
  } else await show(picker.value);
  return wrap;
}

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
