/// <reference lib="dom" />
// The list component of issue 19: a table with a search box (any text column), a select per
// filterable column, sort by clicking a header (aria-sort), paging (50 a page, 第 x–y 条,共 n 条)
// and 导出Excel of the filtered, sorted rows (POST /api/exports/table.xlsx: the export function
// writes them as text cells). The logic is in list-model.ts; this renders it. The table keeps
// the shape of dom.ts's table(): a region named by the caption, row headers in the first column.

import { download } from './api';
import { type Child, h, labelCells, nextId, options } from './dom';
import { distinctValues, exportBody, initialState, type ListColumn, type ListState, pageLinks, rangeText, view } from './list-model';
import { busy, errorText, setStatus, statusLine } from './ui';

export type { ListColumn } from './list-model';

export interface ListColumnView<T> extends ListColumn<T> {
  /** The cell's content when it is more than its text (a link, a badge, buttons). */
  cell?: (row: T) => Child;
}

export interface ListOptions<T> {
  /** The table's caption (and the region's name). */
  caption: string;
  columns: ReadonlyArray<ListColumnView<T>>;
  rows: readonly T[];
  /** The workbook's title (file name); default the caption. */
  exportTitle?: string;
  /** Says the new count after a search or filter (aria-live). */
  announce?: (message: string) => void;
  pageSize?: number;
  /** Extra CSS class of the table (default 'data'). */
  class?: string;
}

export interface ListHandle<T> {
  el: HTMLElement;
  /** Replaces the rows (keeps search, filters and sort; the page is clamped), and the caption if given. */
  setRows(rows: readonly T[], caption?: string): void;
  state(): ListState;
}

export function listView<T>(opts: ListOptions<T>): ListHandle<T> {
  let rows = opts.rows;
  let caption_ = opts.caption;
  const state = initialState();
  const cols = opts.columns;
  const id = nextId('list');
  const searchInput = h('input', { type: 'search', id: `${id}-q`, autocomplete: 'off', placeholder: '输入名称、编号、市州等' });
  const filterSelects = new Map<number, HTMLSelectElement>();
  const filterRows: HTMLElement[] = [];
  cols.forEach((c, i) => {
    if (!c.filter) return;
    const s = h('select', { id: `${id}-f${i}` });
    s.addEventListener('change', () => {
      state.filters[i] = s.value;
      state.page = 1;
      render(true);
    });
    filterSelects.set(i, s);
    filterRows.push(h('div', { class: 'form-row inline' }, h('label', { for: s.id }, c.label), s));
  });
  const exportStatus = statusLine();
  const exportBtn = h('button', { type: 'button', class: 'button button-secondary button-small' }, '导出Excel');
  const range = h('p', { class: 'list-range', 'aria-live': 'polite' });
  const tableHost = h('div', null);
  const pager = h('nav', { class: 'pager', 'aria-label': `${opts.caption}分页` });

  let timer: ReturnType<typeof setTimeout> | undefined;
  searchInput.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.search = searchInput.value;
      state.page = 1;
      render(true);
    }, 150);
  });
  let matched: T[] = [];
  exportBtn.addEventListener(
    'click',
    () =>
      void busy(exportBtn, async () => {
        setStatus(exportStatus, 'info', '正在生成 Excel…');
        try {
          const body = exportBody(opts.exportTitle ?? caption_.replace(/[((].*$/, ''), matched, cols);
          const name = await download('/api/exports/table.xlsx', 'table.xlsx', body);
          setStatus(exportStatus, 'ok', `已下载「${name}」(${matched.length} 条)`);
        } catch (err) {
          setStatus(exportStatus, 'error', errorText(err));
        }
      }),
  );

  function fillFilters() {
    for (const [i, s] of filterSelects) {
      const keep = state.filters[i] ?? '';
      const values = distinctValues(rows, cols[i]!);
      s.replaceChildren(...options([{ value: '', label: '全部' }, ...values.map((v) => ({ value: v, label: v }))], keep));
      if (keep && !values.includes(keep)) state.filters[i] = '';
    }
  }

  function header(c: ListColumnView<T>, i: number): HTMLElement {
    if (c.action) return h('th', { scope: 'col' }, c.label);
    const dir = state.sort?.column === i ? state.sort.dir : null;
    const btn = h(
      'button',
      { type: 'button', class: 'sort-button' },
      c.label,
      h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ' ↕'),
    );
    btn.addEventListener('click', () => {
      state.sort = { column: i, dir: dir === 'ascending' ? 'descending' : 'ascending' };
      render(false);
      tableHost.querySelector<HTMLButtonElement>(`th[data-col="${i}"] button`)?.focus();
    });
    return h('th', { scope: 'col', 'aria-sort': dir ?? 'none', 'data-col': String(i) }, btn);
  }

  function render(announce: boolean) {
    const v = view(rows, cols, state, opts.pageSize);
    matched = v.matched;
    state.page = v.page.page;
    const actions = cols.at(-1)?.action;
    const cell = (c: ListColumnView<T>, r: T) => (c.cell ? c.cell(r) : c.text(r));
    // On a phone the rows are cards, as table() makes them: each cell labelled with its column
    // (the column's label, not the header's text, which carries the sort mark).
    const t = labelCells(
      h(
        'table',
        { class: `${opts.class ?? 'data'}${actions ? ' with-actions' : ''} cards` },
        h('caption', null, caption_),
        h('thead', null, h('tr', null, cols.map(header))),
        h(
          'tbody',
          null,
          v.page.rows.map((r) =>
            h(
              'tr',
              null,
              cols.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, cell(c, r)) : h('td', { 'data-label': c.label }, cell(c, r)))),
            ),
          ),
        ),
      ) as HTMLTableElement,
    );
    tableHost.replaceChildren(
      v.page.total
        ? h('div', { class: 'table-wrap cards-wrap', tabindex: '0', role: 'region', 'aria-label': caption_ }, t)
        : h('p', { class: 'muted' }, rows.length ? '没有符合条件的记录' : '暂无记录'),
    );
    range.textContent = rangeText(v.page) + (matched.length < rows.length ? `(共 ${rows.length} 条中筛选)` : '');
    exportBtn.disabled = !matched.length;
    pager.replaceChildren();
    if (v.page.pages > 1) {
      const go = (p: number) => () => {
        state.page = p;
        render(false);
        pager.querySelector<HTMLElement>('[aria-current="page"]')?.focus();
      };
      const link = (p: number, text: string, label: string) => h('button', { type: 'button', class: 'link-button', 'aria-label': label, onclick: go(p) }, text);
      if (v.page.page > 1) pager.append(link(v.page.page - 1, '上一页', '上一页'));
      for (const p of pageLinks(v.page.page, v.page.pages))
        pager.append(
          p === null
            ? h('span', { class: 'pager-gap', 'aria-hidden': 'true' }, '…')
            : p === v.page.page
              ? h('span', { class: 'pager-current', 'aria-current': 'page', tabindex: '-1' }, String(p))
              : link(p, String(p), `第${p}页`),
        );
      if (v.page.page < v.page.pages) pager.append(link(v.page.page + 1, '下一页', '下一页'));
    }
    if (announce) opts.announce?.(rangeText(v.page));
  }

  fillFilters();
  render(false);
  const el = h(
    'div',
    { class: 'list-view' },
    h(
      'div',
      { class: 'filters list-tools' },
      h('div', { class: 'form-row inline' }, h('label', { for: searchInput.id }, '搜索'), searchInput),
      filterRows,
      exportBtn,
    ),
    exportStatus,
    range,
    tableHost,
    pager,
  );
  return {
    el,
    setRows(next, caption) {
      rows = next;
      if (caption) caption_ = caption;
      fillFilters();
      render(false);
    },
    state: () => state,
  };
}
