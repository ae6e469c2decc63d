/// <reference lib="dom" />
// The filing form's comparison column: beside each field the previous period's and last year's
// value with the change in % (repainted as the field is typed), and 复制上季度存量指标.
// The pure helpers are in ../context.ts.

import type { Field } from '../../../shared/catalog';
import { contextLine, copyStocks, type Earlier, type FilingContext, stockFields, typedNumber } from '../context';
import { h } from '../dom';
import type { RawValues } from '../form-model';
import { periodLabel } from '../format';

export interface ContextColumn {
  /** The context line of a field (input id `id`), painted; null when there is no context. */
  line(code: string, id: string): HTMLElement | null;
  /** The line made for a field, or null. */
  get(code: string): HTMLElement | null;
  /** Repaints a field's line after its value changed. */
  paint(code: string): void;
}

export function contextColumn(
  fields: readonly Field[],
  raw: RawValues,
  context: FilingContext | undefined,
  labels: { previous: string; lastYear: string },
): ContextColumn {
  const els = new Map<string, HTMLElement>();
  /** The previous period's and last year's value beside a field, with the change in %. */
  function paint(code: string, el = els.get(code)) {
    if (!el || !context) return;
    const f = fields.find((x) => x.code === code);
    const text = f ? contextLine(f, typedNumber(raw[code]), context, labels) : null;
    el.textContent = text ?? '';
    el.hidden = !text;
  }
  return {
    line(code, id) {
      if (!context) return null;
      const line = h('p', { class: 'field-context', id: `${id}-ctx`, 'data-context': code });
      els.set(code, line);
      paint(code, line);
      return line;
    },
    get: (code) => els.get(code) ?? null,
    paint: (code) => paint(code),
  };
}

/**
 * 复制上季度存量指标: the bases' stock indicators (areas, staff, assets…) rarely change between
 * quarters. Null when there is no previous filing or the catalog has no stock field.
 */
export function copyStocksButton(o: {
  fields: readonly Field[];
  raw: RawValues;
  previous: Earlier | null | undefined;
  /** Sets a field's input and runs its input handler. */
  setValue(code: string, value: string): void;
  status: HTMLElement;
  announce(text: string): void;
}): HTMLButtonElement | null {
  const previous = o.previous;
  if (!previous || !stockFields(o.fields).length) return null;
  const button = h('button', { type: 'button', class: 'button button-secondary', 'data-action': 'copy-stocks' }, '复制上季度存量指标');
  button.addEventListener('click', () => {
    const { raw: next, copied } = copyStocks(o.fields, o.raw, previous.values);
    for (const code of copied) o.setValue(code, next[code]!);
    o.status.textContent = `已从${periodLabel(previous.period)}报表复制 ${copied.length} 项存量指标,请核对后保存。`;
    o.announce(o.status.textContent);
  });
  return button;
}
