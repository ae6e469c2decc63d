/// <reference lib="dom" />
// Completeness dashboard (admin: the province; city: its own city): rates, late and missing
// bases, per city and level, with a bar chart drawn as plain SVG.

import { LEVEL_LABELS } from '../../../shared/registry';
import { province } from '../province';
import { api } from '../api';
import { clear, h, nextId, svg, table } from '../dom';
import { fmtPercent, fmtTime, periodLabel } from '../format';
import { notice, pageHeader, type Ctx } from '../ui';
import { loadSchedules, periodPicker } from './period-picker';

interface Counts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  returned: number;
  accepted: number;
  missing: number;
  submissionRate: number | null;
  onTimeRate: number | null;
}

interface Completeness extends Counts {
  period: string;
  byCity: Array<Counts & { city: string }>;
  byLevel: Array<Counts & { level: string; levelLabel: string }>;
  missingBases: Array<{ baseId: string; name: string; city: string; county: string; level: string; hasDraft: boolean }>;
  returnedBases: Array<{ baseId: string; name: string; city: string; comment: string | null }>;
  schedule: { opensAt: string; dueAt: string; closesAt: string } | null;
}

/**
 * Horizontal bars, one row per city: 已报 (submitted) with 按时 (on time) inside it. Labels and
 * values are HTML text (they stay legible on a phone); each bar is a small SVG that stretches.
 */
export function rateChart(title: string, rows: Array<{ label: string; rate: number | null; onTime: number | null; detail: string }>): HTMLElement {
  const titleId = nextId('chart');
  const swatch = (cls: string, text: string) => h('span', { class: 'legend-item' }, svg('svg', { viewBox: '0 0 10 10', class: 'swatch', 'aria-hidden': 'true' }, svg('rect', { width: 10, height: 10, class: cls })), text);
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
            { viewBox: '0 0 100 10', preserveAspectRatio: 'none', class: 'rc-bar', role: 'img', 'aria-label': `${r.label}:报送率${fmtPercent(r.rate)},${r.detail}` },
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

export async function dashboardView(ctx: Ctx) {
  const schedules = await loadSchedules();
  const wrap = h('div', null);
  const picker = periodPicker(schedules, ctx.query.get('period') ?? undefined, false, (p) => {
    ctx.setQuery({ period: p });
    void show(p);
  });
  const body = h('div', null);
  const scopeText = ctx.me.role === 'city' ? ctx.me.city! : '全省';
  wrap.append(pageHeader('报送情况', h('span', null, `${scopeText}创业创新基地按季度报送数据的情况`)), h('div', { class: 'filters' }, picker.el), body);

  async function show(period: string) {
    body.replaceChildren(h('p', { class: 'muted' }, '正在加载…'));
    const c = (await api<Completeness>('GET', `/api/periods/${period}/completeness`)).data;
    if (!ctx.alive()) return;
    ctx.announce(`已显示${periodLabel(period)}报送情况:应报${c.expected},已报${c.submitted},未报${c.missing}`);
    const order = (city: string) => province().cities.indexOf(city);
    const cities = [...c.byCity].sort((a, b) => order(a.city) - order(b.city));
    const card = (label: string, value: string, cls = '') => h('div', { class: `stat ${cls}` }, h('span', { class: 'stat-value' }, value), h('span', { class: 'stat-label' }, label));
    const countCols = (x: Counts) => [String(x.expected), String(x.submitted), String(x.onTime), String(x.late), String(x.missing), String(x.returned), fmtPercent(x.submissionRate), fmtPercent(x.onTimeRate)];
    const headers = ['应报', '已报', '按时', '逾期', '未报', '已退回', '报送率', '按时报送率'];
    clear(
      body,
      c.schedule
        ? h('p', { class: 'muted' }, `${periodLabel(period)}:${fmtTime(c.schedule.opensAt)} 开放,${fmtTime(c.schedule.dueAt)} 截止,${fmtTime(c.schedule.closesAt)} 关闭`)
        : null,
      h(
        'div',
        { class: 'stats' },
        card('应报基地', String(c.expected)),
        card('已报', String(c.submitted), 'stat-ok'),
        card('按时', String(c.onTime)),
        card('逾期', String(c.late), c.late ? 'stat-warn' : ''),
        card('未报', String(c.missing), c.missing ? 'stat-bad' : ''),
        card('报送率', fmtPercent(c.submissionRate)),
        card('按时报送率', fmtPercent(c.onTimeRate)),
        card('已确认', String(c.accepted)),
      ),
      c.expected === 0 ? notice('info', '本期没有应报基地', h('p', null, '请先在「基地名录」中登记基地。')) : null,
      cities.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'by-city-title' },
            h('h2', { id: 'by-city-title' }, '各市州报送率'),
            rateChart(
              `${periodLabel(period)}各市州报送率`,
              cities.map((x) => ({ label: x.city, rate: x.submissionRate, onTime: x.expected ? x.onTime / x.expected : null, detail: `应报${x.expected},已报${x.submitted},按时${x.onTime},逾期${x.late},未报${x.missing}` })),
            ),
            table('各市州报送情况', ['市州', ...headers], cities.map((x) => [x.city, ...countCols(x)]), {
              footer: [[ctx.me.role === 'city' ? '合计' : '全省合计', ...countCols(c)]],
            }),
          )
        : null,
      c.byLevel.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'by-level-title' },
            h('h2', { id: 'by-level-title' }, '按基地级别'),
            table('按基地级别的报送情况', ['级别', ...headers], c.byLevel.map((x) => [x.levelLabel ?? LEVEL_LABELS[x.level as 'national'], ...countCols(x)])),
          )
        : null,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'missing-title' },
        h('h2', { id: 'missing-title' }, `未报基地(${c.missingBases.length})`),
        c.missingBases.length
          ? table(
              '未报基地名单',
              ['基地', '市州', '县市区', '级别', '草稿'],
              c.missingBases.map((b) => [h('a', { href: `#/bases/${encodeURIComponent(b.baseId)}` }, b.name), b.city, b.county, LEVEL_LABELS[b.level as 'national'] ?? b.level, b.hasDraft ? '有草稿未提交' : '—']),
            )
          : h('p', null, '全部应报基地均已报送。'),
      ),
      c.returnedBases.length
        ? h(
            'section',
            { class: 'card', 'aria-labelledby': 'returned-title' },
            h('h2', { id: 'returned-title' }, `已退回待修改(${c.returnedBases.length})`),
            table('已退回的报表', ['基地', '市州', '修改意见'], c.returnedBases.map((b) => [h('a', { href: `#/view/${encodeURIComponent(b.baseId)}/${period}` }, b.name), b.city, b.comment ?? '—'])),
          )
        : null,
    );
  }

  if (!picker.value) {
    picker.el.hidden = true;
    body.append(notice('info', '暂无填报期', h('p', null, ctx.me.role === 'admin' ? h('a', { href: '#/schedules' }, '先设置填报期') : '省级管理员尚未设置填报期。')));
  } else await show(picker.value);
  return wrap;
}
