/// <reference lib="dom" />
// The filing form's fields, rendered from the form model (form-model.ts): a row per field with
// its label and unit, hints, error, warning and context line; the running totals; the bases'
// service grid; and painting errors, warnings and totals into them. Enter moves to the next field.

import { h } from '../dom';
import {
  computeTotal,
  type FieldItem,
  type FormModel,
  type FormSection,
  type GridItem,
  inputId,
  labelWithUnit,
  type RawValues,
  type TotalItem,
} from '../form-model';
import type { ContextColumn } from './form-context';
import type { FieldInput } from './form-extension';

export interface FormFields {
  /** The inputs by field code. */
  inputs: Map<string, HTMLInputElement>;
  fieldInput: FieldInput;
  /** A section as a fieldset of generic rows. */
  section(s: FormSection): HTMLElement;
  paintErrors(errors: Record<string, string>): void;
  paintWarnings(warnings: Record<string, string>): void;
  paintTotals(): void;
}

export function formFields(o: {
  model: FormModel;
  raw: RawValues;
  locked: boolean;
  context: ContextColumn;
  onInput(code: string, value: string): void;
}): FormFields {
  const { model, raw, locked, context } = o;
  const fields = model.fields;
  const inputs = new Map<string, HTMLInputElement>();
  const errorEls = new Map<string, HTMLElement>();
  const warnEls = new Map<string, HTMLElement>();
  const totalEls = new Map<string, { item: TotalItem; el: HTMLOutputElement }>();

  function fieldInput(
    item: FieldItem,
    labelText: string | null,
    hidden = false,
  ): { input: HTMLInputElement; label: HTMLElement; err: HTMLElement; warn: HTMLElement; hint: HTMLElement | null } {
    const f = item.field;
    const input = h('input', {
      type: 'text',
      id: item.id,
      name: f.code,
      inputmode: f.allowNegative ? 'text' : f.dp > 0 ? 'decimal' : 'numeric',
      autocomplete: 'off',
      spellcheck: 'false',
      readonly: locked,
      'data-code': f.code,
      value: raw[f.code] ?? '',
    });
    const err = h('p', { class: 'field-error', id: `${item.id}-err`, hidden: true });
    const warn = h('p', { class: 'field-warning', id: `${item.id}-warn`, hidden: true });
    context.line(f.code, item.id);
    const hints: string[] = [];
    if (f.dp > 0) hints.push(`最多${f.dp}位小数`);
    if (f.allowNegative) hints.push('亏损填负数');
    if (f.parent) hints.push(`不大于「${model.fields.find((x) => x.code === f.parent)?.label ?? ''}」`);
    const hint = hints.length ? h('p', { class: 'hint', id: `${item.id}-hint` }, hints.join(';')) : null;
    input.setAttribute('aria-describedby', [hint ? `${item.id}-hint` : '', `${item.id}-err`, `${item.id}-warn`].filter(Boolean).join(' '));
    input.addEventListener('input', () => o.onInput(f.code, input.value));
    inputs.set(f.code, input);
    errorEls.set(f.code, err);
    warnEls.set(f.code, warn);
    const label = h('label', { for: item.id, class: hidden ? 'sr-only' : null }, labelText ?? labelWithUnit(f));
    return { input, label, err, warn, hint };
  }

  function fieldRow(item: FieldItem): HTMLElement {
    const { input, label, err, warn, hint } = fieldInput(item, null);
    return h(
      'div',
      { class: item.sub ? 'frow frow-sub' : 'frow' },
      label,
      h('div', { class: 'finput' }, input, h('span', { class: 'unit', 'aria-hidden': 'true' }, item.field.formUnit)),
      hint,
      err,
      warn,
      context.get(item.field.code),
    );
  }

  function totalRow(item: TotalItem): HTMLElement {
    const labelId = `${item.id}-label`;
    const out = h('output', { id: item.id, class: 'total-value', 'aria-labelledby': labelId, for: item.codes.map(inputId).join(' ') });
    totalEls.set(item.id, { item, el: out });
    const parts = item.codes.map((c) => model.fields.find((f) => f.code === c)?.label ?? c);
    return h(
      'div',
      { class: 'frow frow-total' },
      h('span', { class: 'total-label', id: labelId }, `${item.label}(${item.unit})`),
      h('div', { class: 'finput' }, out, h('span', { class: 'unit', 'aria-hidden': 'true' }, item.unit)),
      h('p', { class: 'hint' }, `自动计算:${parts.join(' + ')}`),
    );
  }

  function grid(item: GridItem): HTMLElement {
    const body = item.rows.map((row) =>
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, row.label),
        row.fields.map((f, i) => {
          const fi: FieldItem = { kind: 'field', field: f, id: inputId(f.code), sub: false };
          const { input, label, err, warn } = fieldInput(fi, `${row.label} ${item.measures[i]!.label}(${item.measures[i]!.unit})`, true);
          return h('td', null, label, input, err, warn, context.get(f.code));
        }),
      ),
    );
    const foot = h(
      'tr',
      { class: 'total-row' },
      h('th', { scope: 'row' }, '合计'),
      item.totals.map((t) => {
        const out = h('output', { id: t.id, class: 'total-value', 'aria-label': t.label });
        totalEls.set(t.id, { item: t, el: out });
        return h('td', null, out);
      }),
    );
    return h(
      'div',
      // Its inputs are the tab stops (focusing one scrolls it into view): no tabindex needed here.
      { class: 'table-wrap grid-wrap', role: 'region', 'aria-label': item.caption },
      h(
        'table',
        { class: 'grid' },
        h('caption', null, item.caption),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, '服务类型'),
            item.measures.map((m) => h('th', { scope: 'col' }, `${m.label}(${m.unit})`)),
          ),
        ),
        h('tbody', null, body),
        h('tfoot', null, foot),
      ),
    );
  }

  function paintErrors(errors: Record<string, string>) {
    for (const [code, el] of errorEls) {
      const input = inputs.get(code)!;
      const msg = errors[code];
      // While typing, blank fields are not errors until a submission was attempted.
      if (msg) {
        el.textContent = msg;
        el.hidden = false;
        input.setAttribute('aria-invalid', 'true');
      } else {
        el.textContent = '';
        el.hidden = true;
        input.removeAttribute('aria-invalid');
      }
    }
  }

  function paintWarnings(warnings: Record<string, string>) {
    for (const [code, el] of warnEls) {
      const msg = warnings[code];
      el.textContent = msg ?? '';
      el.hidden = !msg;
    }
  }

  function paintTotals() {
    for (const { item, el } of totalEls.values()) {
      const v = computeTotal(fields, item, raw);
      el.value = v ?? '—';
      el.textContent = v ?? '—';
    }
  }

  const section = (s: FormSection): HTMLElement =>
    h(
      'fieldset',
      { class: `section section-${s.id}` },
      h('legend', null, s.legend),
      s.items.map((item) => (item.kind === 'field' ? fieldRow(item) : item.kind === 'total' ? totalRow(item) : grid(item))),
    );

  return { inputs, fieldInput, section, paintErrors, paintWarnings, paintTotals };
}

/**
 * Enter moves to the next field, as in a spreadsheet: it must never submit a counted report
 * (a form's Enter "clicks" its first submit button). An IME uses Enter to confirm characters.
 */
export function enterMovesToNextField(form: HTMLElement): void {
  form.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key !== 'Enter' || e.isComposing || !(t instanceof HTMLInputElement) || t.type === 'submit' || t.type === 'button') return;
    e.preventDefault();
    const fields = [...form.querySelectorAll<HTMLInputElement>('input:not([type=hidden]):not([disabled])')];
    fields[fields.indexOf(t) + 1]?.focus();
  });
}
