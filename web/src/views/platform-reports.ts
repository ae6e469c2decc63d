/// <reference lib="dom" />
// The window-platform program's reports (admin the province, city its own city): 平台报送情况
// (completeness of a year by city and tier, missing platforms), 平台汇总 (the year's live
// aggregates per scope, exact) and 平台通报下载 (the bulletin workbook, and a Word document when
// the server offers one).

import type { Field } from '../../../shared/catalog';
import { formatDecimal, ratio } from '../../../shared/decimal';
import { periodLabel } from '../../../shared/periods';
import { province } from '../province';
import { api, ApiError, download } from '../api';
import { clear, h, nextId, table } from '../dom';
import { fmtPercent, fmtTime, group } from '../format';
import { big } from '../json';
import { platformScopeChoices, platformScopeLabel, rate, TIER_LABELS, topParam, type Tier } from '../platforms';
import { PLATFORMS } from '../programs';
import { busy, defaultQuarter, errorText, notice, pageHeader, select, setStatus, statusLine, type Ctx, type Schedule } from '../ui';
import { rateChart } from './dashboard';
import { loadSchedules } from './period-picker';

/** The years with a platform schedule, newest first; the latest opened one chosen by default. */
export function yearPicker(schedules: Schedule[], selected: string | null, onChange: (y: string) => void) {
  const years = [...new Set(schedules.map((s) => s.period))].sort().reverse();
  const value = selected && years.includes(selected) ? selected : defaultQuarter(schedules);
  const s = select('year', years.map((y) => ({ value: y, label: periodLabel(y) })), value);
  s.addEventListener('change', () => onChange(s.value));
  return { el: h('div', { class: 'form-row inline' }, h('label', { for: 'year' }, '年度'), s), value, select: s };
}

const noSchedule = (ctx: Ctx) =>
  notice('info', '暂无平台填报期', h('p', null, ctx.me.role === 'admin' ? h('a', { href: '#/platform-schedules' }, '先设置平台填报期') : '省级管理员尚未设置窗口平台的填报期。'));

// ---- 平台报送情况 ---------------------------------------------------------------------------------

interface Counts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
}

interface PlatformCompleteness extends Counts {
  period: string;
  byCity: Array<Counts & { city: string }>;
  byGroup: Array<Counts & { group: string; label: string }>;
  missingEntities: Array<{ id: string; name: string; city: string; group: string; hasDraft?: boolean }>;
  returnedEntities?: Array<{ id: string; name: string; city: string; comment: string | null }>;
  schedule?: { opensAt: string; dueAt: string; closesAt: string } | null;
}

export async function platformDashboardView(ctx: Ctx) {
  const schedules = await loadSchedules(PLATFORMS.query);
  const body = h('div', null);
  const picker = yearPicker(schedules, ctx.query.get('year'), (y) => {
    ctx.setQuery({ year: y });
    void show(y);
  });
  const scopeText = ctx.me.role === 'city' ? ctx.me.city! : '全省';

  async function show(year: string) {
    body.replaceChildren(h('p', { class: 'muted' }, '正在加载…'));
    const c = (await api<PlatformCompleteness>('GET', `/api/periods/${year}/completeness${PLATFORMS.query}`)).data;
    if (!ctx.alive()) return;
    ctx.announce(`已显示${periodLabel(year)}窗口平台报送情况:应报${c.expected},已报${c.submitted},未报${c.missing}`);
    const order = (city: string) => province().cities.indexOf(city);
    const cities = [...c.byCity].sort((a, b) => order(a.city) - order(b.city));
    const card = (label: string, value: string, cls = '') => h('div', { class: `stat ${cls}` }, h('span', { class: 'stat-value' }, value), h('span', { class: 'stat-label' }, label));
    const countCols = (x: Counts) => [String(x.expected), String(x.submitted), String(x.onTime), String(x.late), String(x.missing), fmtPercent(rate(x.submitted, x.expected)), fmtPercent(rate(x.onTime, x.expected))];
    const headers = ['应报(家)', '已报(家)', '按时(家)', '逾期(家)', '未报(家)', '报送率', '按时报送率'];
    clear(
      body,
      c.schedule ? h('p', { class: 'muted' }, `${periodLabel(year)}:${fmtTime(c.schedule.opensAt)} 开放,${fmtTime(c.schedule.dueAt)} 截止,${fmtTime(c.schedule.closesAt)} 关闭`) : null,
      h(
        'div',
        { class: 'stats' },
        card('应报平台', String(c.expected)),
        card('已报', String(c.submitted), 'stat-ok'),
        card('按时', String(c.onTime)),
        card('逾期', String(c.late), c.late ? 'stat-warn' : ''),
        card('未报', String(c.missing), c.missing ? 'stat-bad' : ''),
        card('报送率', fmtPercent(rate(c.submitted, c.expected))),
      ),
      c.expected === 0 ? notice('info', '本年度没有应报平台', h('p', null, '请先在「平台名录」中登记窗口平台。')) : null,
      cities.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'p-by-city-title' },
            h('h2', { id: 'p-by-city-title' }, '各市州报送率'),
            rateChart(
              `${periodLabel(year)}各市州窗口平台报送率`,
              cities.map((x) => ({ label: x.city, rate: rate(x.submitted, x.expected), onTime: rate(x.onTime, x.expected), detail: `应报${x.expected},已报${x.submitted},按时${x.onTime},逾期${x.late},未报${x.missing}` })),
            ),
            table('各市州窗口平台报送情况', ['市州', ...headers], cities.map((x) => [x.city, ...countCols(x)]), { footer: [[ctx.me.role === 'city' ? '合计' : '全省合计', ...countCols(c)]] }),
          )
        : null,
      c.byGroup.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'p-by-tier-title' },
            h('h2', { id: 'p-by-tier-title' }, '按平台类型'),
            table('按平台类型的报送情况', ['平台类型', ...headers], c.byGroup.map((x) => [x.label || TIER_LABELS[x.group as Tier] || x.group, ...countCols(x)])),
          )
        : null,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'p-missing-title' },
        h('h2', { id: 'p-missing-title' }, `未报平台(${c.missingEntities.length})`),
        c.missingEntities.length
          ? table(
              '未报平台名单',
              ['平台', '市州', '平台类型', '草稿'],
              c.missingEntities.map((p) => [h('a', { href: PLATFORMS.entityHash(p.id) }, p.name), p.city, TIER_LABELS[p.group as Tier] ?? p.group, p.hasDraft ? '有草稿未提交' : '—']),
            )
          : h('p', null, '全部应报平台均已报送。'),
      ),
      c.returnedEntities?.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'p-returned-title' },
            h('h2', { id: 'p-returned-title' }, `已退回待修改(${c.returnedEntities.length})`),
            table('已退回的平台报表', ['平台', '市州', '修改意见'], c.returnedEntities.map((p) => [h('a', { href: `#/platform-view/${encodeURIComponent(p.id)}/${year}` }, p.name), p.city, p.comment ?? '—'])),
          )
        : null,
    );
  }

  const wrap = h('div', null, pageHeader('平台报送情况', h('span', null, `${scopeText}窗口平台按年度报送数据的情况`)), h('div', { class: 'filters' }, picker.el), body);
  if (!picker.value) {
    picker.el.hidden = true;
    body.append(noSchedule(ctx));
  } else await show(picker.value);
  return wrap;
}

// ---- 平台汇总 -------------------------------------------------------------------------------------

interface PlatformAggregates {
  period: string;
  scope: string;
  reportingEntities: bigint | number;
  values: Record<string, bigint | number>;
  updatedAt?: string | null;
}

/** Mean over the reporting platforms in the field's form unit, to its dp. */
function perEntity(sum: bigint, count: bigint, dp: number): string {
  const r = ratio(sum, count * 10n ** BigInt(dp), Math.max(dp, 1));
  return r === null ? '—' : group(r.toFixed(Math.max(dp, 1)));
}

export async function platformTotalsView(ctx: Ctx) {
  const schedules = await loadSchedules(PLATFORMS.query);
  const scopes = platformScopeChoices(ctx.me);
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
    const [catalog, a] = await Promise.all([
      api<{ fields: Field[] }>('GET', `/api/catalog/${year}${PLATFORMS.query}`).then((r) => r.data),
      api<PlatformAggregates>('GET', `/api/aggregates/${year}${PLATFORMS.query}&scope=${encodeURIComponent(scope)}`).then((r) => r.data),
    ]);
    if (!ctx.alive()) return;
    ctx.announce(`已显示${platformScopeLabel(scope)}${periodLabel(year)}窗口平台汇总数据`);
    const n = big(a.reportingEntities);
    const rows = catalog.fields.map((f) => {
      const v = big(a.values[f.code]);
      return [`${f.label}(${f.formUnit})`, h('span', { class: 'num', 'data-code': f.code }, group(formatDecimal(v, f.dp))), h('span', { class: 'num' }, perEntity(v, n, f.dp))];
    });
    clear(
      body,
      h(
        'div',
        { class: 'stats' },
        h('div', { class: 'stat' }, h('span', { class: 'stat-value', 'data-code': 'reportingEntities' }, String(n)), h('span', { class: 'stat-label' }, '报送平台数')),
        h('div', { class: 'stat' }, h('span', { class: 'stat-value stat-small' }, `${platformScopeLabel(scope)} · ${periodLabel(year)}`), h('span', { class: 'stat-label' }, '范围与年度')),
        h('div', { class: 'stat' }, h('span', { class: 'stat-value stat-small' }, fmtTime(a.updatedAt ?? null)), h('span', { class: 'stat-label' }, '数据更新时间')),
      ),
      n === 0n ? notice('info', '该范围本年度尚无已提交的数据', null) : null,
      h('p', { class: 'hint' }, '合计为已提交(含已退回、已确认)报表的实时汇总。'),
      table('线上服务情况', ['指标(单位)', '合计', '平台平均值'], rows),
    );
  }

  const wrap = h(
    'div',
    null,
    pageHeader('平台汇总', h('span', null, '窗口平台各年度实时汇总(按省、市州、平台类型)')),
    h('div', { class: 'filters' }, picker.el, h('div', { class: 'form-row inline' }, h('label', { for: 'scope' }, '范围'), scopeSelect)),
    body,
  );
  if (!year) {
    picker.el.hidden = true;
    body.append(noSchedule(ctx));
  } else await show();
  return wrap;
}

// ---- 平台通报下载 -----------------------------------------------------------------------------------

const PLATFORM_SHEETS = ['建设任务完成情况', '覆盖情况', '市州综合窗口平台线上服务统计表', '产业集群窗口平台线上服务统计表', '县市区综合窗口平台线上服务统计表', '运行指标', '报送情况', '通报正文'];

export async function platformBulletinsView(ctx: Ctx) {
  const schedules = await loadSchedules(PLATFORMS.query);
  const scopes = platformScopeChoices(ctx.me);
  const picker = yearPicker(schedules, ctx.query.get('year'), () => {});
  const scopeSelect = select('scope', scopes, scopes[0]!.value);
  scopeSelect.disabled = scopes.length === 1;
  const topInputs = (['3', '2', '5'] as const).map((v) => h('input', { id: nextId('top'), type: 'number', min: '1', max: '50', step: '1', value: v, inputmode: 'numeric', class: 'plan-input' }));
  const status = statusLine();
  const xlsxBtn = h('button', { type: 'submit', class: 'button button-primary' }, '下载通报(Excel)');
  const docxBtn = h('button', { type: 'button', class: 'button button-secondary' }, '下载通报(Word)');

  const form = h(
    'form',
    { class: 'card bulletin-form', novalidate: true, 'aria-labelledby': 'p-bulletin-form-title' },
    h('h2', { id: 'p-bulletin-form-title' }, '导出选项'),
    picker.el,
    h('div', { class: 'form-row' }, h('label', { for: 'scope' }, '范围'), scopeSelect),
    h(
      'fieldset',
      { class: 'top-fieldset' },
      h('legend', null, '活跃度排名显示前几名(1-50)'),
      (['city', 'cluster', 'county'] as const).map((t, i) => h('div', { class: 'form-row inline' }, h('label', { for: topInputs[i]!.id }, TIER_LABELS[t]), topInputs[i]!)),
    ),
    h('div', { class: 'actions' }, xlsxBtn, docxBtn),
    status,
  );

  function query(): string | null {
    const year = picker.select.value;
    if (!year) {
      setStatus(status, 'error', '请先选择年度');
      return null;
    }
    const top = topParam(topInputs.map((i) => i.value) as [string, string, string]);
    if (top.error) {
      setStatus(status, 'error', top.error);
      topInputs[0]!.focus();
      return null;
    }
    return `${year}.__EXT__?${new URLSearchParams({ program: 'platforms', scope: scopeSelect.value, top: top.value })}`;
  }
  const get = (btn: HTMLButtonElement, ext: 'xlsx' | 'docx') => {
    const q = query();
    if (!q) return;
    void busy(btn, async () => {
      setStatus(status, 'info', '正在生成通报,请稍候…');
      try {
        const name = await download(`/api/bulletins/${q.replace('__EXT__', ext)}`, `platforms-${picker.select.value}-bulletin.${ext}`);
        setStatus(status, 'ok', `已下载「${name}」(${platformScopeLabel(scopeSelect.value)})`);
      } catch (err) {
        // An API without Word documents for this program answers 404 or 400.
        if (ext === 'docx' && err instanceof ApiError && (err.status === 404 || err.status === 400 || err.status === 406)) {
          setStatus(status, 'error', `暂不提供 Word 版通报(${err.message}),请下载 Excel 版。`);
          // The server has no Word export: do not offer it again on this page.
          docxBtn.hidden = true;
          xlsxBtn.focus();
        }
        else setStatus(status, 'error', errorText(err));
      }
    });
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    get(xlsxBtn, 'xlsx');
  });
  docxBtn.addEventListener('click', () => get(docxBtn, 'docx'));

  return h(
    'div',
    null,
    pageHeader('平台通报下载', h('span', null, '按当前实时汇总生成中小企业公共服务平台网络建设运营情况通报')),
    picker.value ? form : noSchedule(ctx),
    h('section', { class: 'card', 'aria-labelledby': 'p-bulletin-sheets' }, h('h2', { id: 'p-bulletin-sheets' }, 'Excel 工作簿包含'), h('ol', { class: 'sheet-list' }, PLATFORM_SHEETS.map((s) => h('li', null, s)))),
  );
}
