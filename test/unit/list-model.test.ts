// The list component's pure logic (web/src/list-model.ts, issue 19) and the import's table
// parsing (shared/base-import.ts).

import { describe, expect, it } from 'vitest';
import { baseRowsFromTable } from '../../shared/base-import';
import { distinctValues, exportBody, filterRows, initialState, type ListColumn, pageLinks, pageOf, rangeText, sortRows, view } from '../../web/src/list-model';

type Row = { name: string; city: string; n: number | null };
const cols: ListColumn<Row>[] = [
  { label: '名称', text: (r) => r.name },
  { label: '市州', text: (r) => r.city, filter: true },
  { label: '数量', text: (r) => (r.n === null ? '—' : String(r.n)), sortValue: (r) => r.n },
  { label: '操作', text: () => 'edit', action: true },
];
const rows: Row[] = [
  { name: '长沙科技新城', city: '长沙市', n: 10 },
  { name: '株洲动力谷', city: '株洲市', n: 2 },
  { name: '岳麓基地', city: '长沙市', n: null },
  { name: '湘潭基地', city: '湘潭市', n: 100 },
];

describe('list model', () => {
  it('searches every text column (all words, case-insensitive), not the action column', () => {
    expect(filterRows(rows, cols, { search: '长沙', filters: {} }).map((r) => r.name)).toEqual(['长沙科技新城', '岳麓基地']);
    expect(filterRows(rows, cols, { search: '长沙 岳麓', filters: {} }).map((r) => r.name)).toEqual(['岳麓基地']);
    expect(filterRows(rows, cols, { search: '100', filters: {} }).map((r) => r.name)).toEqual(['湘潭基地']);
    expect(filterRows(rows, cols, { search: 'edit', filters: {} })).toEqual([]);
  });

  it('filters by exact column value; empty means all', () => {
    expect(filterRows(rows, cols, { search: '', filters: { 1: '长沙市' } }).length).toBe(2);
    expect(filterRows(rows, cols, { search: '', filters: { 1: '' } }).length).toBe(4);
    expect(filterRows(rows, cols, { search: '岳麓', filters: { 1: '株洲市' } })).toEqual([]);
    // Chinese (pinyin) order: xiang, zhang, zhu.
    expect(distinctValues(rows, cols[1]!)).toEqual(['湘潭市', '长沙市', '株洲市']);
  });

  it('sorts numbers as numbers and empty cells last, stably, both ways', () => {
    const asc = sortRows(rows, cols, { column: 2, dir: 'ascending' }).map((r) => r.n);
    expect(asc).toEqual([2, 10, 100, null]);
    expect(sortRows(rows, cols, { column: 2, dir: 'descending' }).map((r) => r.n)).toEqual([100, 10, 2, null]);
    // Equal keys keep their order (长沙科技新城 before 岳麓基地).
    expect(sortRows(rows, cols, { column: 1, dir: 'ascending' }).map((r) => r.name)).toEqual(['湘潭基地', '长沙科技新城', '岳麓基地', '株洲动力谷']);
    expect(sortRows(rows, cols, null)).toEqual(rows);
    expect(sortRows(rows, cols, { column: 3, dir: 'ascending' })).toEqual(rows);
  });

  it('pages 50 at a time over 1,234 rows, clamps the page and says the range', () => {
    const many = Array.from({ length: 1234 }, (_, i) => i);
    const p1 = pageOf(many, 1);
    expect([p1.from, p1.to, p1.pages, p1.rows.length]).toEqual([1, 50, 25, 50]);
    expect(rangeText(p1)).toBe('第 1–50 条,共 1,234 条');
    const last = pageOf(many, 99);
    expect([last.page, last.from, last.to]).toEqual([25, 1201, 1234]);
    expect(rangeText(pageOf([], 3))).toBe('共 0 条');
    expect(pageOf([], 3).page).toBe(1);
    expect(pageLinks(1, 25)).toEqual([1, 2, 3, null, 25]);
    expect(pageLinks(12, 25)).toEqual([1, null, 10, 11, 12, 13, 14, null, 25]);
    expect(pageLinks(1, 1)).toEqual([1]);
  });

  it('runs the pipeline and exports the matched rows without action columns', () => {
    const state = { ...initialState(), filters: { 1: '长沙市' }, sort: { column: 0, dir: 'descending' as const } };
    const v = view(rows, cols, state);
    expect(v.page.total).toBe(2);
    expect(exportBody('基地', v.matched, cols)).toEqual({
      title: '基地',
      columns: ['名称', '市州', '数量'],
      rows: v.matched.map((r) => [r.name, r.city, r.n === null ? '—' : String(r.n)]),
    });
  });
});

describe('import table parsing', () => {
  const header = ['基地编号', '基地名称', '所属市州', '所属县市区', '基地级别'];
  it('numbers rows as the sheet does, skipping blank rows, and names the column in each error', () => {
    const r = baseRowsFromTable([
      [''],
      header,
      ['ab-1', '甲', '长沙市', '芙蓉区', '国家级'],
      ['', '', '', '', ''],
      ['AB 2', '乙', '北京市', 'x', '市级'],
      ['ab-1', '丙', '长沙市', '芙蓉区', '省级'],
    ]);
    expect(r.rows.map((x) => [x.line, x.baseId])).toEqual([[3, 'ab-1']]);
    expect(r.errors.map((e) => e.line)).toEqual([5, 6]);
    expect(r.errors[0]!.messages.join(';')).toMatch(/基地编号「AB 2」.*所属市州:应为湖南省14个市州之一.*基地级别/);
    expect(r.errors[1]!.messages).toEqual(['基地编号「ab-1」与第3行重复']);
  });
  it('reports a missing header column on the header line, and an empty table', () => {
    expect(
      baseRowsFromTable([
        ['基地编号', '基地名称'],
        ['a-1', 'x'],
      ]).errors[0]!.messages[0],
    ).toMatch(/^表头缺少列:所属市州、所属县市区、基地级别/);
    expect(baseRowsFromTable([]).errors[0]!.messages).toEqual(['文件为空']);
  });
});
