// The pure logic of the list component (web/src/list-view.ts, issue 19): search over the text
// columns, per-column filters, sort and paging. No DOM: unit-tested in Node.

export interface ListColumn<T> {
  /** Header text (also the export's column name). */
  label: string;
  /** The cell's text: what search, filters, sort and the export use. */
  text: (row: T) => string;
  /** A number to sort by (else the text, compared as Chinese). */
  sortValue?: (row: T) => number | null;
  /** Offer a filter (a select of the column's distinct values). */
  filter?: boolean;
  /** Not sortable and not exported (an 操作 column). */
  action?: boolean;
}

export interface ListState {
  search: string;
  /** Column index → the chosen value ('' = all). */
  filters: Record<number, string>;
  sort: { column: number; dir: 'ascending' | 'descending' } | null;
  /** 1-based. */
  page: number;
}

export const PAGE_SIZE = 50;

export const initialState = (): ListState => ({ search: '', filters: {}, sort: null, page: 1 });

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** Rows matching the search (any non-action column contains every word) and all filters. */
export function filterRows<T>(rows: readonly T[], columns: ReadonlyArray<ListColumn<T>>, state: Pick<ListState, 'search' | 'filters'>): T[] {
  const words = state.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const filters = Object.entries(state.filters).filter(([, v]) => v !== '');
  const searched = columns.filter((c) => !c.action);
  return rows.filter((r) => {
    for (const [i, v] of filters) if (columns[Number(i)]?.text(r) !== v) return false;
    if (!words.length) return true;
    const hay = searched.map((c) => c.text(r).toLowerCase()).join('\u0000');
    return words.every((w) => hay.includes(w));
  });
}

/** A stable sort by one column (empty cells last either way). */
export function sortRows<T>(rows: readonly T[], columns: ReadonlyArray<ListColumn<T>>, sort: ListState['sort']): T[] {
  const col = sort ? columns[sort.column] : undefined;
  if (!sort || !col || col.action) return [...rows];
  const sign = sort.dir === 'ascending' ? 1 : -1;
  const key = (r: T): number | string | null => {
    if (col.sortValue) return col.sortValue(r);
    const t = col.text(r);
    return t === '' || t === '—' ? null : t;
  };
  return rows
    .map((r, i) => ({ r, i, k: key(r) }))
    .sort((a, b) => {
      if (a.k === null || b.k === null) return a.k === b.k ? a.i - b.i : a.k === null ? 1 : -1;
      const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : collator.compare(String(a.k), String(b.k));
      return c ? sign * c : a.i - b.i;
    })
    .map((x) => x.r);
}

export interface Page<T> {
  rows: T[];
  page: number;
  pages: number;
  /** 1-based positions of the first and last row shown (0 and 0 when there are none). */
  from: number;
  to: number;
  total: number;
}

/** One page (the page number clamped to what exists). */
export function pageOf<T>(rows: readonly T[], page: number, size = PAGE_SIZE): Page<T> {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const start = (p - 1) * size;
  const slice = rows.slice(start, start + size);
  return { rows: slice, page: p, pages, from: slice.length ? start + 1 : 0, to: start + slice.length, total: rows.length };
}

/** "第 1–50 条,共 1,234 条" */
export const rangeText = (p: Pick<Page<unknown>, 'from' | 'to' | 'total'>): string =>
  p.total ? `第 ${p.from}–${p.to} 条,共 ${p.total.toLocaleString('en-US')} 条` : '共 0 条';

/** Which page numbers to link: the first, the last and two either side of the current (null: a gap). */
export function pageLinks(page: number, pages: number): Array<number | null> {
  const want = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= pages));
  const sorted = [...want].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  sorted.forEach((n, i) => {
    if (i && n - sorted[i - 1]! > 1) out.push(null);
    out.push(n);
  });
  return out;
}

/** Distinct values of a column, in Chinese order (the filter's choices). */
export function distinctValues<T>(rows: readonly T[], column: ListColumn<T>): string[] {
  return [...new Set(rows.map((r) => column.text(r)))].filter((v) => v !== '').sort(collator.compare);
}

/** The whole pipeline: filtered and sorted rows and the page to show. */
export function view<T>(rows: readonly T[], columns: ReadonlyArray<ListColumn<T>>, state: ListState, size = PAGE_SIZE): { matched: T[]; page: Page<T> } {
  const matched = sortRows(filterRows(rows, columns, state), columns, state.sort);
  return { matched, page: pageOf(matched, state.page, size) };
}

/** The export body: the matched rows' text, without action columns. */
export function exportBody<T>(
  title: string,
  rows: readonly T[],
  columns: ReadonlyArray<ListColumn<T>>,
): { title: string; columns: string[]; rows: string[][] } {
  const cols = columns.filter((c) => !c.action);
  return { title, columns: cols.map((c) => c.label), rows: rows.map((r) => cols.map((c) => c.text(r))) };
}
