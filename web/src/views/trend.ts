/// <reference lib="dom" />
// 趋势 (#/trend, issue 19): one indicator of the bases' catalog over the scheduled quarters, for
// the province, a city or a base (a city user: its own city and its bases). The province's and a
// city's values come from the live aggregates of each quarter, a base's from its counted filings;
// a quarter without data is a gap in the line, never a zero. The geometry and texts are computed
// by the pure web/src/trend.ts; this view only makes the SVG elements and the data table.

import { type Field, fieldMapForPeriod, fieldsForPeriod } from '../../../shared/catalog';
import type { BaseRecord } from '../../../shared/registry';
import { ApiError, api } from '../api';
import { clear, h, nextId, svg } from '../dom';
import { labelWithUnit } from '../form-model';
import { areaScopes, isNationalRole } from '../province';
import {
  aggregateValue,
  filingValue,
  parseTrendScope,
  type TrendAggregate,
  type TrendChart,
  type TrendPoint,
  trendChart,
  trendFields,
  trendQuarters,
} from '../trend';
import { type Ctx, errorText, notice, pageHeader, pool, type Schedule, select } from '../ui';
import { loadSchedules } from './period-picker';

/** One quarter's data of a scope: the aggregates (province, city) or a base's counted values. */
type QuarterData = { kind: 'aggregate'; a: TrendAggregate | null } | { kind: 'filing'; counted: Record<string, unknown> | null };

async function loadAggregate(period: string, scope: string): Promise<QuarterData> {
  const a = (await api<TrendAggregate>('GET', `/api/aggregates/${period}?scope=${encodeURIComponent(scope)}`)).data;
  return { kind: 'aggregate', a };
}

async function loadFiling(period: string, baseId: string): Promise<QuarterData> {
  try {
    const f = (await api<{ counted?: Record<string, unknown> | null }>('GET', `/api/bases/${encodeURIComponent(baseId)}/filings/${period}`)).data;
    return { kind: 'filing', counted: f.counted ?? null };
  } catch (e) {
    // No filing for the quarter (or the quarter outside the base's registration): a gap.
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return { kind: 'filing', counted: null };
    throw e;
  }
}

function seriesOf(field: Field, quarters: readonly string[], data: ReadonlyMap<string, QuarterData>): TrendPoint[] {
  return quarters.map((q) => {
    const d = data.get(q);
    const carried = fieldMapForPeriod(q).has(field.code);
    const value = !d || !carried ? null : d.kind === 'aggregate' ? aggregateValue(field, d.a) : filingValue(field, d.counted);
    return { period: q, value };
  });
}

/** The chart as SVG elements (attributes only: no inline style) and the visually hidden table. */
export function chartFigure(title: string, c: TrendChart, field: Pick<Field, 'label' | 'formUnit'>): HTMLElement {
  const titleId = nextId('trend');
  const { plot } = c;
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${c.width} ${c.height}`, class: 'trend-svg', role: 'img', 'aria-label': c.summary, preserveAspectRatio: 'xMidYMid meet' },
    // Grid and y-axis labels.
    c.yTicks.map((t) => [
      svg('line', { x1: plot.left, x2: plot.right, y1: t.y, y2: t.y, class: 'trend-grid' }),
      svg('text', { x: plot.left - 8, y: t.y, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'trend-tick' }, t.text),
    ]),
    svg('line', { x1: plot.left, x2: plot.left, y1: plot.top, y2: plot.bottom, class: 'trend-axis' }),
    svg('line', { x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom, class: 'trend-axis' }),
    // Quarter ticks; the labelled ones carry their text.
    c.xTicks.map((t) => [
      svg('line', { x1: t.x, x2: t.x, y1: plot.bottom, y2: plot.bottom + (t.text ? 6 : 3), class: 'trend-axis' }),
      t.text ? svg('text', { x: t.x, y: plot.bottom + 20, 'text-anchor': 'middle', class: 'trend-tick' }, t.text) : null,
    ]),
    svg('text', { x: plot.left - 8, y: plot.top - 12, 'text-anchor': 'end', class: 'trend-axis-title' }, c.yTitle),
    svg('text', { x: (plot.left + plot.right) / 2, y: c.height - 6, 'text-anchor': 'middle', class: 'trend-axis-title' }, c.xTitle),
    c.lines.map((points) => svg('polyline', { points, class: 'trend-line', fill: 'none' })),
    c.points.map((p) => svg('circle', { cx: p.cx, cy: p.cy, r: 3.5, class: 'trend-point', 'data-period': p.period }, svg('title', null, p.title))),
  );
  const table = h(
    'table',
    { class: 'sr-only' },
    h('caption', null, `${title}(数据表)`),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, '季度'), h('th', { scope: 'col' }, labelWithUnit(field)))),
    h(
      'tbody',
      null,
      c.rows.map((r) => h('tr', { 'data-period': r.period }, h('th', { scope: 'row' }, r.label), h('td', null, r.text))),
    ),
  );
  return h(
    'figure',
    { class: 'trend-chart', 'aria-labelledby': titleId },
    h('figcaption', { id: titleId }, title),
    chart,
    table,
    c.gaps.length ? h('p', { class: 'hint' }, `折线在${c.gaps.length}个无数据的季度处断开(该季度没有已提交的报表),不按 0 计。`) : null,
  );
}

/** The scopes a principal may chart: admin the province, every city and base; a city its own. */
function scopeOptions(ctx: Ctx, bases: readonly BaseRecord[]): { el: HTMLOptGroupElement[]; values: Map<string, string> } {
  const values = new Map<string, string>();
  const opt = (value: string, label: string) => {
    values.set(value, label);
    return h('option', { value }, label);
  };
  const own = ctx.me.role === 'city' ? bases.filter((b) => b.city === ctx.me.city) : bases;
  const baseOpts = [...own]
    .sort((a, b) => a.city.localeCompare(b.city, 'zh-CN') || a.name.localeCompare(b.name, 'zh-CN'))
    .map((b) => opt(`base:${b.baseId}`, ctx.me.role === 'city' ? b.name : `${b.name}(${b.city})`));
  const areas = areaScopes(ctx.me).map((a) => opt(a.value, a.label));
  const groups = [
    h('optgroup', { label: ctx.me.role === 'city' ? '本市州' : isNationalRole() ? '全国与省份' : '全省与市州' }, areas),
    baseOpts.length ? h('optgroup', { label: '基地' }, baseOpts) : null,
  ].filter((g): g is HTMLOptGroupElement => !!g);
  return { el: groups, values };
}

export async function trendView(ctx: Ctx) {
  const [schedules, bases] = await Promise.all([loadSchedules(), api<{ bases: BaseRecord[] }>('GET', '/api/bases').then((r) => r.data.bases)]);
  const quarters = trendQuarters(schedules as Schedule[]);
  const fields = trendFields(quarters.length ? quarters : ['2020Q1'], fieldsForPeriod);

  const fieldSelect = select(
    'trend-field',
    fields.map((f) => ({ value: f.code, label: labelWithUnit(f) })),
  );
  const requestedField = ctx.query.get('field');
  if (requestedField && fields.some((f) => f.code === requestedField)) fieldSelect.value = requestedField;

  const scopeSelect = h('select', { id: 'trend-scope', name: 'trend-scope' });
  const scopes = scopeOptions(ctx, bases);
  scopeSelect.append(...scopes.el);
  const requestedScope = ctx.query.get('scope');
  if (requestedScope && scopes.values.has(requestedScope) && parseTrendScope(requestedScope)) scopeSelect.value = requestedScope;
  scopeSelect.disabled = scopes.values.size === 1;

  const body = h('div', { class: 'trend-body' });
  const cache = new Map<string, Promise<Map<string, QuarterData>>>();
  const load = (scope: string) => {
    let p = cache.get(scope);
    if (!p) {
      const s = parseTrendScope(scope)!;
      p = pool(quarters, 4, (q) => (s.kind === 'base' ? loadFiling(q, s.baseId) : loadAggregate(q, scope))).then(
        (list) => new Map(quarters.map((q, i) => [q, list[i]!])),
      );
      p.catch(() => cache.delete(scope));
      cache.set(scope, p);
    }
    return p;
  };

  let seq = 0;
  async function show() {
    const mine = ++seq;
    const scope = scopeSelect.value;
    const field = fields.find((f) => f.code === fieldSelect.value) ?? fields[0]!;
    ctx.setQuery({ field: field.code, scope });
    const scopeName = scopes.values.get(scope) ?? scope;
    body.replaceChildren(h('p', { class: 'muted' }, '正在加载…'));
    body.setAttribute('aria-busy', 'true');
    let data: Map<string, QuarterData>;
    try {
      data = await load(scope);
    } catch (e) {
      if (mine === seq && ctx.alive()) {
        body.removeAttribute('aria-busy');
        clear(body, notice('error', '趋势数据加载失败', h('p', null, errorText(e))));
      }
      return;
    }
    if (mine !== seq || !ctx.alive()) return;
    const chart = trendChart(field, seriesOf(field, quarters, data), { scopeLabel: scopeName });
    body.removeAttribute('aria-busy');
    clear(
      body,
      chart.points.length ? null : notice('info', '所选范围各季度均无该指标的数据', null),
      chartFigure(`${scopeName} · ${labelWithUnit(field)}`, chart, field),
    );
    ctx.announce(`已显示${scopeName}${field.label}的趋势`);
  }
  fieldSelect.addEventListener('change', () => void show());
  scopeSelect.addEventListener('change', () => void show());

  const wrap = h(
    'div',
    null,
    pageHeader('趋势', h('span', null, '各季度指标走势(全省、市州、基地)')),
    h(
      'div',
      { class: 'filters' },
      h('div', { class: 'form-row inline' }, h('label', { for: 'trend-field' }, '指标'), fieldSelect),
      h('div', { class: 'form-row inline' }, h('label', { for: 'trend-scope' }, '范围'), scopeSelect),
    ),
    h(
      'p',
      { class: 'hint' },
      '全省、市州为各季度已提交(含已退回、已确认)报表的实时汇总,平均类指标为报送基地的平均值;基地为其各季度已提交的报表。数值按填报单位显示。',
    ),
    body,
  );
  if (!quarters.length) body.append(notice('info', '暂无已开放的填报期', null));
  else await show();
  return wrap;
}
