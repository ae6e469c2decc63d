/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Building DOM without HTML strings: every text goes in as a text node (textContent), so user
// data (base names, comments, holder names) can never become markup. The page's CSP enforces
// Trusted Types with no policy, so an innerHTML assignment would throw anyway.

export type Child = Node | string | number | bigint | null | undefined | false | Child[];
type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue | ((ev: never) => void)>;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
    return;
  }
  parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

function setAttrs(el: Element, attrs: Attrs | null | undefined): void {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') {
      el.addEventListener(k.replace(/^on/, '').toLowerCase(), v as EventListener);
      continue;
    }
    if (v === null || v === undefined || v === false) continue;
    if (k === 'innerHTML' || k === 'outerHTML' || k === 'style' || k.toLowerCase().startsWith('on')) throw new Error(`refusing attribute ${k}`);
    if (k === 'value' && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) el.value = String(v);
    else if (k === 'checked' && el instanceof HTMLInputElement) el.checked = v === true;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

/** `h('p', {class: 'x'}, 'text', child)`: an element with attributes, listeners (onclick: fn) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element (charts are drawn as SVG, sized with attributes: no inline style needed). */
export function svg(tag: string, attrs?: Attrs | null, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el as SVGElement;
}

export function clear(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let uid = 0;
export const nextId = (prefix: string) => `${prefix}-${++uid}`;

/** A visually hidden text (read by screen readers). */
export const srOnly = (text: string) => h('span', { class: 'sr-only' }, text);

/** A <label for> + control pair in a form row; returns the row and the control. */
export function field<T extends HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
  label: string,
  control: T,
  opts: { hint?: string; required?: boolean } = {},
): { row: HTMLElement; control: T; error: HTMLElement } {
  const id = control.id || nextId('c');
  control.id = id;
  const error = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  const described = [opts.hint ? `${id}-hint` : '', `${id}-err`].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  const row = h(
    'div',
    { class: 'form-row' },
    h('label', { for: id }, label, opts.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    control,
    opts.hint ? h('p', { class: 'hint', id: `${id}-hint` }, opts.hint) : null,
    error,
  );
  if (opts.required) control.setAttribute('aria-required', 'true');
  return { row, control, error };
}

export function showFieldError(control: HTMLElement, error: HTMLElement, message: string | undefined): void {
  if (message) {
    error.textContent = message;
    error.hidden = false;
    control.setAttribute('aria-invalid', 'true');
  } else {
    error.textContent = '';
    error.hidden = true;
    control.removeAttribute('aria-invalid');
  }
}

export function options(values: ReadonlyArray<{ value: string; label: string }>, selected?: string): HTMLOptionElement[] {
  return values.map((o) => {
    const opt = h('option', { value: o.value }, o.label);
    if (o.value === selected) opt.selected = true;
    return opt;
  });
}

/** The plain text of a child (a header cell's label). */
function textOf(c: Child): string {
  if (c === null || c === undefined || c === false) return '';
  if (Array.isArray(c)) return c.map(textOf).join('');
  return c instanceof Node ? (c.textContent ?? '').trim() : String(c);
}

/**
 * Labels every body and footer cell with its column's header (`data-label`): below 720 px the
 * stylesheet lays a `table.cards` out as one card per row, each cell a "label: value" line. The
 * DOM stays a table (explicit roles keep the semantics when CSS changes the display), so a
 * desktop browser and a screen reader see the same table as before. Every table builder calls it.
 */
export function labelCells(t: HTMLTableElement): HTMLTableElement {
  const head = t.tHead?.rows[t.tHead.rows.length - 1];
  const labels: string[] = [];
  for (const th of head ? [...head.cells] : []) for (let i = 0; i < th.colSpan; i++) labels.push(th.textContent?.trim() ?? '');
  t.setAttribute('role', 'table');
  if (t.caption) {
    t.caption.id ||= nextId('cap');
    t.setAttribute('aria-labelledby', t.caption.id);
  }
  for (const section of [t.tHead, ...t.tBodies, t.tFoot]) {
    if (!section) continue;
    section.setAttribute('role', 'rowgroup');
    for (const tr of section.rows) {
      tr.setAttribute('role', 'row');
      let col = 0;
      for (const cell of tr.cells) {
        const scope = cell.getAttribute('scope');
        cell.setAttribute('role', scope === 'col' ? 'columnheader' : scope === 'row' ? 'rowheader' : 'cell');
        const label = labels[col];
        if (section !== t.tHead && label && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', label);
        col += cell.colSpan;
      }
    }
  }
  return t;
}

/**
 * A table with a caption, header row and body rows. On a phone it becomes a list of cards
 * (`cards: false` keeps a narrow table, e.g. two columns of values, as a table).
 */
export function table(
  caption: string | null,
  headers: Child[],
  rows: Child[][],
  opts: { class?: string; footer?: Child[][]; cards?: boolean } = {},
): HTMLElement {
  // An 操作 column stays in view while a wide table scrolls sideways (desktop, narrow windows).
  const actions = textOf(headers.at(-1)) === '操作';
  const cards = opts.cards !== false;
  const t = h(
    'table',
    { class: `${opts.class ?? 'data'}${actions ? ' with-actions' : ''}${cards ? ' cards' : ''}` },
    caption ? h('caption', null, caption) : null,
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headers.map((x) => h('th', { scope: 'col' }, x)),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          null,
          r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', null, c))),
        ),
      ),
    ),
    opts.footer
      ? h(
          'tfoot',
          null,
          opts.footer.map((r) =>
            h(
              'tr',
              null,
              r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', null, c))),
            ),
          ),
        )
      : null,
  );
  if (cards) labelCells(t);
  // Focusable so keyboard users can scroll a wide table (desktop, narrow windows).
  return h('div', { class: `table-wrap${cards ? ' cards-wrap' : ''}`, tabindex: '0', role: 'region', 'aria-label': caption ?? '表格' }, t);
}
