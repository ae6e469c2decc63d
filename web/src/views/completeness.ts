/// <reference lib="dom" />
// The completeness page of any program (admin: the province; city: its own city), driven by the
// program descriptors of web/src/programs.ts: 报送情况 (bases, by quarter), 平台报送情况 and
// 载体报送情况 (by year). Rates by city (a bar chart drawn as plain SVG) and by the program's
// group, the missing and returned filers, and 催报 (issue 19): whom to call (the holders of the
// filers' live tokens), how many days overdue, the workbook (导出Excel) and a reminder text per
// city with a 复制 button.

import { api, download } from '../api';
import { COUNT_HEADERS, chaseRow, completenessXlsxPath, countColumns, overdueText, type RawCompleteness, readCompleteness, statCards } from '../completeness';
import { clear, h, nextId, svg, table } from '../dom';
import { fmtPercent, fmtTime, periodLabel } from '../format';
import { listView } from '../list-view';
import type { ProgramDesc } from '../programs';
import { province, wholeLabel } from '../province';
import { busy, type Ctx, errorText, notice, pageHeader, setStatus, statusLine } from '../ui';
import { loadSchedules, noScheduleNotice, periodPicker, yearPicker } from './period-picker';

/**
 * Horizontal bars, one row per city: 已报 (submitted) with 按时 (on time) inside it. Labels and
 * values are HTML text (they stay legible on a phone); each bar is a small SVG that stretches.
 */
export function rateChart(title: string, rows: Array<{ label: string; rate: number | null; onTime: number | null; detail: string }>): HTMLElement {
  const titleId = nextId('chart');
  const swatch = (cls: string, text: string) =>
    h(
      'span',
      { class: 'legend-item' },
      svg('svg', { viewBox: '0 0 10 10', class: 'swatch', 'aria-hidden': 'true' }, svg('rect', { width: 10, height: 10, class: cls })),
      text,
    );
  return h(
    'figure',
    { class: 'rate-chart', 'aria-labelledby': titleId },
    h('figcaption', { id: titleId }, title),
    h('p', { class: 'legend', 'aria-hidden': 'true' }, swatch('bar-ontime', '按时报送'), swatch('bar-late', '逾期报送'), swatch('bar-track', '未报')),
    h(
      'ul',
      null,
      rows.map((r) => {
        const rate = Math.max(0, Math.min(1, r.rate ?? 0));
        const onTime = Math.max(0, Math.min(r.onTime ?? 0, rate));
        return h(
          'li',
          null,
          h('span', { class: 'rc-label' }, r.label),
          svg(
            'svg',
            {
              viewBox: '0 0 100 10',
              preserveAspectRatio: 'none',
              class: 'rc-bar',
              role: 'img',
              'aria-label': `${r.label}:报送率${fmtPercent(r.rate)},${r.detail}`,
            },
            svg('rect', { width: 100, height: 10, class: 'bar-track' }),
            svg('rect', { width: (100 * rate).toFixed(2), height: 10, class: 'bar-late' }),
            svg('rect', { width: (100 * onTime).toFixed(2), height: 10, class: 'bar-ontime' }),
          ),
          h('span', { class: 'rc-value' }, fmtPercent(r.rate)),
        );
      }),
    ),
  );
}

/** A reminder text with its 复制 button (the clipboard, else the text selected for Ctrl+C). */
function reminderBlock(city: string, missing: number, returned: number, text: string): HTMLElement {
  const id = nextId('reminder');
  const area = h('textarea', { id, class: 'reminder-text', readonly: true, rows: Math.min(8, Math.max(3, Math.ceil(text.length / 45))), spellcheck: 'false' });
  area.value = text;
  const copied = h('span', { role: 'status', 'aria-live': 'polite', class: 'copied' });
  const copy = h('button', { type: 'button', class: 'button button-secondary button-small', 'aria-label': `复制${city}催报通知` }, '复制');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      copied.textContent = '已复制';
    } catch {
      area.focus();
      area.select();
      copied.textContent = '请按 Ctrl+C 复制已选中的文字';
    }
  });
  return h(
    'div',
    { class: 'reminder' },
    h('div', { class: 'copy-row' }, h('label', { for: id }, `${city}(未报送${missing}家${returned ? `,已退回${returned}家` : ''})`), copy, copied),
    area,
  );
}

/** The completeness page of one program. */
export function completenessView(desc: ProgramDesc) {
  const r = desc.reports;
  return async function view(ctx: Ctx) {
    const schedules = await loadSchedules(desc.query);
    const body = h('div', null);
    const onChange = (p: string) => {
      ctx.setQuery({ [r.periodParam]: p });
      void show(p);
    };
    const picker =
      r.periodParam === 'period'
        ? periodPicker(schedules, ctx.query.get('period') ?? undefined, false, onChange)
        : yearPicker(schedules, ctx.query.get('year'), onChange);
    const scopeText = ctx.me.role === 'city' ? ctx.me.city! : wholeLabel();
    const perPeriod = r.periodParam === 'period' ? '本期' : '本年度';
    const id = (x: string) => `${desc.program}-${x}`;

    async function show(period: string) {
      body.replaceChildren(h('p', { class: 'muted' }, '正在加载…'));
      const raw = (await api<RawCompleteness>('GET', `/api/periods/${period}/completeness${desc.query}`)).data;
      if (!ctx.alive()) return;
      const cities = province().cities;
      const c = readCompleteness(raw, desc, (city) => {
        const i = cities.indexOf(city);
        return i < 0 ? cities.length : i;
      });
      ctx.announce(`已显示${periodLabel(period)}${r.programLabel}报送情况:应报${c.expected},已报${c.submitted},未报${c.missing}`);
      const headers = [...COUNT_HEADERS];
      clear(
        body,
        c.schedule
          ? h(
              'p',
              { class: 'muted' },
              `${periodLabel(period)}:${fmtTime(c.schedule.opensAt)} 开放,${fmtTime(c.schedule.dueAt)} 截止,${fmtTime(c.schedule.closesAt)} 关闭`,
            )
          : null,
        h(
          'div',
          { class: 'stats' },
          statCards(c, r.word).map((s) =>
            h('div', { class: `stat ${s.cls}` }, h('span', { class: 'stat-value' }, s.value), h('span', { class: 'stat-label' }, s.label)),
          ),
        ),
        c.expected === 0 ? notice('info', `${perPeriod}没有应报${r.word}`, h('p', null, `请先在「${r.word}名录」中登记${r.programLabel}。`)) : null,
        // The national role: the provinces where a province shows its cities.
        c.byProvince.length
          ? h(
              'section',
              { class: 'card', 'aria-labelledby': id('by-province-title') },
              h('h2', { id: id('by-province-title') }, '各省份报送率'),
              rateChart(
                `${periodLabel(period)}各省份${r.captionLabel}报送率`,
                c.byProvince.map((x) => ({
                  label: x.province,
                  rate: x.expected ? x.submitted / x.expected : null,
                  onTime: x.expected ? x.onTime / x.expected : null,
                  detail: `应报${x.expected},已报${x.submitted},按时${x.onTime},逾期${x.late},未报${x.missing}`,
                })),
              ),
              table(
                `各省份${r.captionLabel}报送情况`,
                ['省份', ...headers],
                c.byProvince.map((x) => [x.province, ...countColumns(x)]),
                {
                  class: 'data cards-compact',
                  footer: [['全国合计', ...countColumns(c)]],
                },
              ),
            )
          : c.byCity.length
            ? h(
                'section',
                { class: 'card', 'aria-labelledby': id('by-city-title') },
                h('h2', { id: id('by-city-title') }, '各市州报送率'),
                rateChart(
                  `${periodLabel(period)}各市州${r.captionLabel}报送率`,
                  c.byCity.map((x) => ({
                    label: x.city,
                    rate: x.expected ? x.submitted / x.expected : null,
                    onTime: x.expected ? x.onTime / x.expected : null,
                    detail: `应报${x.expected},已报${x.submitted},按时${x.onTime},逾期${x.late},未报${x.missing}`,
                  })),
                ),
                table(
                  `各市州${r.captionLabel}报送情况`,
                  ['市州', ...headers],
                  c.byCity.map((x) => [x.city, ...countColumns(x)]),
                  {
                    class: 'data cards-compact',
                    footer: [[ctx.me.role === 'city' ? '合计' : '全省合计', ...countColumns(c)]],
                  },
                ),
              )
            : null,
        c.byGroup.length
          ? h(
              'section',
              { class: 'card', 'aria-labelledby': id('by-group-title') },
              h('h2', { id: id('by-group-title') }, r.groupHeading),
              table(
                `${r.groupHeading}的报送情况`,
                [r.groupWord, ...headers],
                c.byGroup.map((x) => [x.label, ...countColumns(x)]),
                { class: 'data cards-compact' },
              ),
            )
          : null,
        chaseSection(period, c),
        h(
          'section',
          { class: 'card', 'aria-labelledby': id('missing-title') },
          h('h2', { id: id('missing-title') }, `未报${r.word}(${c.missingFilers.length})`),
          c.missingFilers.length
            ? listView<(typeof c.missingFilers)[number]>({
                caption: `未报${r.word}名单`,
                exportTitle: `${periodLabel(period)}未报${r.word}名单`,
                rows: c.missingFilers,
                announce: (m) => ctx.announce(m),
                columns: [
                  { label: r.word, text: (m) => m.name, cell: (m) => h('a', { href: desc.entityHash(m.id) }, m.name) },
                  { label: '市州', text: (m) => m.city, filter: ctx.me.role !== 'city' },
                  ...(r.countyColumn ? [{ label: r.countyColumn, text: (m: (typeof c.missingFilers)[number]) => m.county ?? '' }] : []),
                  { label: r.groupWord, text: (m) => r.groupLabels[m.group] ?? m.group, filter: true },
                  { label: '草稿', text: (m) => (m.hasDraft ? '有草稿未提交' : '—'), filter: true },
                ],
              }).el
            : h('p', null, `全部应报${r.word}均已报送。`),
        ),
        c.returnedFilers.length
          ? h(
              'section',
              { class: 'card', 'aria-labelledby': id('returned-title') },
              h('h2', { id: id('returned-title') }, `已退回待修改(${c.returnedFilers.length})`),
              table(
                `已退回的${r.captionLabel ? r.word : ''}报表`,
                [r.word, '市州', '修改意见'],
                c.returnedFilers.map((x) => [h('a', { href: desc.viewHash(x.id, period) }, x.name), x.city, x.comment ?? '—']),
              ),
            )
          : null,
      );
    }

    /** 催报: the workbook, whom to call and for how long overdue, a text per city to send. */
    function chaseSection(period: string, c: ReturnType<typeof readCompleteness>): HTMLElement {
      const { chase } = c;
      const status = statusLine();
      const exportBtn = h('button', { type: 'button', class: 'button button-secondary' }, '导出Excel');
      exportBtn.addEventListener(
        'click',
        () =>
          void busy(exportBtn, async () => {
            setStatus(status, 'info', '正在生成工作簿…');
            try {
              const name = await download(completenessXlsxPath(desc, period), `${desc.program}-${period}-completeness.xlsx`);
              setStatus(status, 'ok', `已下载「${name}」`);
            } catch (err) {
              setStatus(status, 'error', errorText(err));
            }
          }),
      );
      const rows = chase.filers.map((f) => chaseRow(f, chase.daysOverdue));
      return h(
        'section',
        { class: 'card chase', 'aria-labelledby': id('chase-title') },
        h('h2', { id: id('chase-title') }, `催报(${chase.filers.length})`),
        h('p', { class: chase.daysOverdue ? 'chase-overdue' : 'muted' }, overdueText(chase.daysOverdue, c.schedule?.dueAt)),
        h('div', { class: 'actions' }, exportBtn, h('span', { class: 'hint' }, '工作簿含报送情况、催报名单(联系人、联系电话、逾期天数)和各市州催报通知。')),
        status,
        rows.length
          ? table(
              '催报名单',
              [r.word, '市州', '状态', '退回意见', '联系人', '联系电话', '逾期天数'],
              rows.map((x) => [
                x.name,
                x.city,
                x.state,
                x.comment,
                x.contacts,
                x.phones.length ? x.phones.map((p, i) => [i ? '、' : '', h('a', { href: `tel:${p.replace(/[^0-9+-]/g, '')}` }, p)]) : '—',
                x.overdue,
              ]),
            )
          : h('p', null, `${perPeriod}应报${r.word}均已报送,没有退回待修改的报表,无需催报。`),
        chase.reminders.length
          ? [
              h('h3', null, '催报通知(按市州)'),
              h('p', { class: 'hint' }, '可复制后通过短信、微信或公文发给各市州。'),
              chase.reminders.map((m) => reminderBlock(m.city, m.missing, m.returned, m.text)),
            ]
          : null,
      );
    }

    const wrap = h(
      'div',
      null,
      pageHeader(`${r.navPrefix}报送情况`, h('span', null, `${scopeText}${r.completenessNote}`)),
      h('div', { class: 'filters' }, picker.el),
      body,
    );
    if (!picker.value) {
      picker.el.hidden = true;
      body.append(noScheduleNotice(ctx, desc));
    } else await show(picker.value);
    return wrap;
  };
}
