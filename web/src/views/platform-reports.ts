/// <reference lib="dom" />
// The window-platform program's reports (admin the province, city its own city): 平台报送情况
// (views/completeness.ts, as for every program), 平台汇总 (views/totals-shell.ts with the
// platforms' table: the year's live aggregates per scope, exact) and 平台通报下载 (the bulletin workbook, and a Word document when
// the server offers one).

import type { Field } from '../../../shared/catalog';
import { formatDecimal, ratio } from '../../../shared/decimal';
import { ApiError, api, download } from '../api';
import { h, nextId, table } from '../dom';
import { group } from '../format';
import { big } from '../json';
import { platformScopeChoices, platformScopeLabel, TIER_LABELS, topParam } from '../platforms';
import { PLATFORMS } from '../programs';
import { busy, type Ctx, errorText, pageHeader, select, setStatus, statusLine } from '../ui';
import { completenessView } from './completeness';
import { loadSchedules, noScheduleNotice, yearPicker } from './period-picker';
import { programTotalsView, reportingCount } from './totals-shell';

const noSchedule = (ctx: Ctx) => noScheduleNotice(ctx, PLATFORMS);

// ---- 平台报送情况: the program-generic completeness view -------------------------------------------

export const platformDashboardView = completenessView(PLATFORMS);

// ---- 平台汇总 -------------------------------------------------------------------------------------

/** Mean over the reporting platforms in the field's form unit, to its dp. */
function perEntity(sum: bigint, count: bigint, dp: number): string {
  const r = ratio(sum, count * 10n ** BigInt(dp), Math.max(dp, 1));
  return r === null ? '—' : group(r.toFixed(Math.max(dp, 1)));
}

export const platformTotalsView = programTotalsView(PLATFORMS, {
  title: '平台汇总',
  subtitle: '窗口平台各年度实时汇总(按省、市州、平台类型)',
  scopes: (ctx) => platformScopeChoices(ctx.me),
  scopeLabel: platformScopeLabel,
  countLabel: '报送平台数',
  countCode: 'reportingEntities',
  hint: '合计为已提交(含已退回、已确认)报表的实时汇总。',
  async render(year, a) {
    const catalog = (await api<{ fields: Field[] }>('GET', `/api/catalog/${year}${PLATFORMS.query}`)).data;
    const n = reportingCount(a);
    const rows = catalog.fields.map((f) => {
      const v = big(a.values[f.code]);
      return [
        `${f.label}(${f.formUnit})`,
        h('span', { class: 'num', 'data-code': f.code }, group(formatDecimal(v, f.dp))),
        h('span', { class: 'num' }, perEntity(v, n, f.dp)),
      ];
    });
    return { content: [table('线上服务情况', ['指标(单位)', '合计', '平台平均值'], rows, { cards: false })] };
  },
});

// ---- 平台通报下载 -----------------------------------------------------------------------------------

const PLATFORM_SHEETS = [
  '建设任务完成情况',
  '覆盖情况',
  '市州综合窗口平台线上服务统计表',
  '产业集群窗口平台线上服务统计表',
  '县市区综合窗口平台线上服务统计表',
  '运行指标',
  '报送情况',
  '通报正文',
];

export async function platformBulletinsView(ctx: Ctx) {
  const schedules = await loadSchedules(PLATFORMS.query);
  const scopes = platformScopeChoices(ctx.me);
  const picker = yearPicker(schedules, ctx.query.get('year'), () => {});
  const scopeSelect = select('scope', scopes, scopes[0]!.value);
  scopeSelect.disabled = scopes.length === 1;
  const topInputs = (['3', '2', '5'] as const).map((v) =>
    h('input', { id: nextId('top'), type: 'number', min: '1', max: '50', step: '1', value: v, inputmode: 'numeric', class: 'plan-input' }),
  );
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
      (['city', 'cluster', 'county'] as const).map((t, i) =>
        h('div', { class: 'form-row inline' }, h('label', { for: topInputs[i]!.id }, TIER_LABELS[t]), topInputs[i]!),
      ),
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
        } else setStatus(status, 'error', errorText(err));
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
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'p-bulletin-sheets' },
      h('h2', { id: 'p-bulletin-sheets' }, 'Excel 工作簿包含'),
      h(
        'ol',
        { class: 'sheet-list' },
        PLATFORM_SHEETS.map((s) => h('li', null, s)),
      ),
    ),
  );
}
