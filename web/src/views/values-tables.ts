/// <reference lib="dom" />
// A filing's values as read-only tables, section by section (the review page and the print view).

import type { Values } from '../../../shared/validation';
import { h, table } from '../dom';
import { buildFormModel, type Catalog, computeTotal, labelWithUnit, toRaw } from '../form-model';
import { group } from '../format';

/** `catalog`: another program's (default: the bases' of `period`). */
export function valuesTables(period: string, values: Values | null | undefined, warnings: Record<string, string> = {}, catalog?: Catalog): HTMLElement {
  const model = buildFormModel(period, catalog);
  const raw = toRaw(model.fields, values);
  const show = (s: string | null | undefined) => (s === undefined || s === null || s === '' ? '—' : group(s));
  const mark = (code: string) =>
    warnings[code] ? h('span', { class: 'warn-mark', title: warnings[code] }, ' ⚠', h('span', { class: 'sr-only' }, warnings[code]!)) : null;
  return h(
    'div',
    { class: 'values-tables' },
    model.sections.map((s) =>
      h(
        'section',
        { class: 'values-section' },
        s.items.map((item) => {
          if (item.kind !== 'grid') return null;
          return table(
            `${s.legend}(${model.taxonomyVersion}版服务分类)`,
            ['服务类型', ...item.measures.map((m) => `${m.label}(${m.unit})`)],
            item.rows.map((r) => [r.label, ...r.fields.map((f) => h('span', { class: 'num' }, show(raw[f.code]), mark(f.code)))]),
            {
              class: 'data values',
              cards: false,
              footer: [['合计', ...item.totals.map((t) => h('span', { class: 'num' }, show(computeTotal(model.fields, t, raw))))]],
            },
          );
        }),
        (() => {
          const rows = s.items.flatMap((item) => {
            if (item.kind === 'field')
              return [
                [
                  h('span', { class: item.sub ? 'sub' : null }, labelWithUnit(item.field)),
                  h('span', { class: 'num' }, show(raw[item.field.code]), mark(item.field.code)),
                ],
              ];
            if (item.kind === 'total')
              return [[h('strong', null, `${item.label}(${item.unit})`), h('strong', { class: 'num' }, show(computeTotal(model.fields, item, raw)))]];
            return [];
          });
          return rows.length ? table(s.legend, ['指标', '数值'], rows, { class: 'data values', cards: false }) : null;
        })(),
      ),
    ),
  );
}
