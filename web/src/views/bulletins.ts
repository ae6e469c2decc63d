/// <reference lib="dom" />
// Bulletin workbook download (admin any scope, city its own city): period, scope, the period
// compared in 同比对比表, an optional cohort (可比口径) and the ranking size.

import { isQuarter, samePeriodLastYear, yearOf } from '../../../shared/periods';
import type { BaseRecord } from '../../../shared/registry';
import { api, download, head } from '../api';
import { h, nextId, options } from '../dom';
import { periodLabel, scopeLabel } from '../format';
import { bulletinScopes } from '../province';
import { busy, type Ctx, errorText, notice, pageHeader, select, setStatus, statusLine } from '../ui';
import { loadSchedules, periodPicker } from './period-picker';
import { scopeChoices } from './totals';

export async function bulletinsView(ctx: Ctx) {
  const schedules = await loadSchedules();
  // A national role exports one province's bulletin at a time (the national one is the asynchronous export).
  const scopes = bulletinScopes(await scopeChoices(ctx));
  // Cohorts of the bases the user can see (a city user: its own city's).
  const cohorts = [
    ...new Set((await api<{ bases: BaseRecord[] }>('GET', '/api/bases')).data.bases.map((b) => b.cohort).filter((c): c is string => !!c)),
  ].sort();
  const picker = periodPicker(schedules, ctx.query.get('period') ?? undefined, true, () => refreshCompare());
  const scopeSelect = select('scope', scopes, scopes[0]!.value);
  scopeSelect.disabled = scopes.length === 1;

  const compareId = nextId('compare');
  const compare = h('select', { id: compareId });
  function refreshCompare() {
    const p = picker.select.value;
    const choices: Array<{ value: string; label: string }> = [];
    if (p) {
      choices.push({ value: '', label: `默认:上年同期(${periodLabel(samePeriodLastYear(p))})` });
      // Any other period of the same kind: quarters for a quarter, years for a year.
      const quarters = [...new Set(schedules.map((s) => s.period))]
        .filter((q) => q !== p)
        .sort()
        .reverse();
      const candidates = isQuarter(p) ? quarters : [...new Set(quarters.map((q) => String(yearOf(q))))].filter((y) => y !== p);
      for (const c of candidates) if (c !== samePeriodLastYear(p)) choices.push({ value: c, label: periodLabel(c) });
    }
    compare.replaceChildren(...options(choices, ''));
  }
  refreshCompare();

  const cohortId = nextId('cohort');
  const cohort = h('select', { id: cohortId });
  cohort.append(...options([{ value: '', label: '不指定(可比口径:两期均报送的基地)' }, ...cohorts.map((c) => ({ value: c, label: c }))], ''));
  const topId = nextId('top');
  const top = h('input', { id: topId, type: 'number', min: '1', max: '50', step: '1', value: '5', inputmode: 'numeric', 'aria-describedby': `${topId}-hint` });
  const status = statusLine();
  const btn = h('button', { type: 'submit', class: 'button button-primary', value: 'xlsx' }, '下载通报(Excel)');
  const docBtn = h('button', { type: 'submit', class: 'button', value: 'docx' }, '下载通报(Word)');

  const form = h(
    'form',
    { class: 'card bulletin-form', novalidate: true, 'aria-labelledby': 'bulletin-form-title' },
    h('h2', { id: 'bulletin-form-title' }, '导出选项'),
    picker.el,
    h('div', { class: 'form-row' }, h('label', { for: 'scope' }, '范围'), scopeSelect),
    h('div', { class: 'form-row' }, h('label', { for: compareId }, '同比对比期'), compare),
    h('div', { class: 'form-row' }, h('label', { for: cohortId }, '同比口径(批次)'), cohort),
    h('div', { class: 'form-row' }, h('label', { for: topId }, '排名显示前几名'), top, h('p', { class: 'hint', id: `${topId}-hint` }, '1-50,默认5')),
    h('div', { class: 'actions' }, btn, docBtn),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const format = (e as SubmitEvent).submitter === docBtn ? 'docx' : 'xlsx';
    const button = format === 'docx' ? docBtn : btn;
    const period = picker.select.value;
    if (!period) return setStatus(status, 'error', '请先选择期别');
    const n = Number(top.value);
    if (!Number.isInteger(n) || n < 1 || n > 50) {
      setStatus(status, 'error', '排名显示前几名:应为1-50的整数');
      top.focus();
      return;
    }
    const q = new URLSearchParams({ scope: scopeSelect.value, top: String(n) });
    if (compare.value) q.set('compare', compare.value);
    if (cohort.value) q.set('cohort', cohort.value);
    void busy(button, async () => {
      setStatus(status, 'info', '正在生成通报,请稍候…');
      try {
        const path = `/api/bulletins/${period}.${format}?${q}`;
        // Below the completeness threshold the server says so: ask before downloading.
        const warning = (await head(path)).get('x-tongbao-warning');
        if (warning && !window.confirm(`${decodeURIComponent(warning)}\n\n仍要下载吗?`)) {
          setStatus(status, 'info', '已取消下载');
          return;
        }
        const name = await download(path, `${period}-bulletin.${format}`);
        setStatus(status, 'ok', `已下载「${name}」(${scopeLabel(scopeSelect.value)})`);
      } catch (err) {
        setStatus(status, 'error', errorText(err));
      }
    });
  });

  return h(
    'div',
    null,
    pageHeader('通报下载', h('span', null, '按当前实时汇总生成统计通报:Excel 工作簿(9张表),或 Word 公文(正文、附件、落款)')),
    schedules.length ? form : notice('info', '暂无填报期', null),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'bulletin-sheets' },
      h('h2', { id: 'bulletin-sheets' }, '工作簿包含'),
      h(
        'ol',
        { class: 'sheet-list' },
        ['基本情况统计表', '服务情况统计表', '运营情况环比统计表', '同比对比表', '入驻企业情况统计表', '排名', '报送情况', '基地明细', '通报正文'].map((s) =>
          h('li', null, s),
        ),
      ),
    ),
  );
}
