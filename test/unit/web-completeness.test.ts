// The completeness pages' pure parts (web/src/completeness.ts) and the 催报 workbook's layout
// (shared/bulletin/completeness-workbook.ts): one shape for every program's answer, the count
// columns, the chase rows and texts, and the sheets of GET /api/periods/{period}/completeness.xlsx.

import { describe, expect, it } from 'vitest';
import { buildChaseWorkbook, chaseFileName } from '../../shared/bulletin/completeness-workbook';
import { chaseOf, chaseStateLabel } from '../../shared/chase';
import { BASES as BASES_PROGRAM, PLATFORMS as PLATFORMS_PROGRAM } from '../../shared/program';
import type { BaseRecord } from '../../shared/registry';
import type { FilingState } from '../../shared/store/filings';
import { computeCompleteness, programCompleteness } from '../../shared/use-cases/report-completeness';
import { COUNT_HEADERS, chaseRow, completenessXlsxPath, countColumns, overdueText, readCompleteness, statCards } from '../../web/src/completeness';
import { BASES, CARRIERS, PLATFORMS } from '../../web/src/programs';

const counts = { expected: 4, submitted: 3, onTime: 2, late: 1, missing: 1, returned: 1, accepted: 0 };
const order = (c: string) => ['长沙市', '株洲市'].indexOf(c);
const chase = chaseOf({
  period: '2020Q3',
  program: BASES_PROGRAM,
  missing: [{ id: 'zz-02', name: '芦淞创业基地', city: '株洲市', hasDraft: true }],
  returned: [{ id: 'cs-01', name: '岳麓创业园', city: '长沙市', comment: '请核实' }],
  contactsOf: (id) =>
    id === 'cs-01'
      ? [
          { name: '张三', phone: '13800000001' },
          { name: '李四', phone: '13800000002' },
        ]
      : [],
  dueAt: '2020-10-10T00:00:00+08:00',
  now: new Date('2020-10-13T12:00:00+08:00'),
  cityOrder: order,
});

describe('readCompleteness: one shape for every program', () => {
  it('reads the bases’ answer (byLevel, missingBases, returnedBases) with cities in the province’s order', () => {
    const raw = {
      period: '2020Q3',
      ...counts,
      byCity: [
        { city: '株洲市', ...counts },
        { city: '长沙市', ...counts },
      ],
      byLevel: [{ level: 'national', levelLabel: '国家级', ...counts }],
      missingBases: [{ baseId: 'zz-02', name: '芦淞创业基地', city: '株洲市', county: '芦淞区', level: 'provincial', hasDraft: true }],
      returnedBases: [{ baseId: 'cs-01', name: '岳麓创业园', city: '长沙市', comment: '请核实' }],
      schedule: null,
      chase,
    };
    const c = readCompleteness(raw, BASES, order);
    expect(c.byCity.map((x) => x.city)).toEqual(['长沙市', '株洲市']);
    expect(c.byGroup).toEqual([{ group: 'national', label: '国家级', ...counts }]);
    expect(c.missingFilers).toEqual([{ id: 'zz-02', name: '芦淞创业基地', city: '株洲市', county: '芦淞区', group: 'provincial', hasDraft: true }]);
    expect(c.returnedFilers).toEqual([{ id: 'cs-01', name: '岳麓创业园', city: '长沙市', comment: '请核实' }]);
    expect(c.chase).toBe(chase);
  });

  it('reads the generic answer of the other programs, and fills in what an older server leaves out', () => {
    const c = readCompleteness(
      {
        period: '2020',
        expected: 2,
        submitted: 1,
        onTime: 1,
        late: 0,
        missing: 1,
        byCity: [],
        byGroup: [{ group: 'cluster', label: '', expected: 2 }],
        missingEntities: [{ id: 'p1', name: 'P', city: '株洲市', group: 'cluster' }],
      },
      PLATFORMS,
      order,
    );
    expect(c.byGroup[0]).toMatchObject({ group: 'cluster', label: '产业集群窗口平台', expected: 2, returned: 0 });
    expect(c.missingFilers[0]).toEqual({ id: 'p1', name: 'P', city: '株洲市', county: '', group: 'cluster', hasDraft: false });
    expect(c.returnedFilers).toEqual([]);
    expect(c.chase).toEqual({ daysOverdue: null, filers: [], reminders: [] });
    expect(c.schedule).toBeNull();
  });

  it('agrees with the server: the bases’ and the generic shapes of the same data read the same', () => {
    const bases: BaseRecord[] = [
      { baseId: 'a', name: 'A', city: '长沙市', county: '岳麓区', level: 'national', cohort: null, updatedAt: '' } as BaseRecord,
      { baseId: 'b', name: 'B', city: '株洲市', county: '芦淞区', level: 'provincial', cohort: null, updatedAt: '' } as BaseRecord,
    ];
    const filings = [{ baseId: 'a', countedRev: 1, status: 'returned', late: true, reviewComment: 'x' } as unknown as FilingState];
    const { byGroup, missingEntities, returnedEntities, ...head } = programCompleteness(BASES_PROGRAM, '2020Q3', bases, filings);
    const generic = readCompleteness({ ...head, byGroup, missingEntities, returnedEntities }, BASES, order);
    expect(readCompleteness(computeCompleteness('2020Q3', bases, filings), BASES, order)).toEqual(generic);
    expect(generic.returnedFilers.map((r) => r.id)).toEqual(['a']);
    expect(generic.missingFilers.map((r) => r.id)).toEqual(['b']);
  });
});

describe('the columns, cards and 催报 texts', () => {
  it('shows the counts in one column order for every program (报送率 right after 未报)', () => {
    expect([...COUNT_HEADERS]).toEqual(['应报(家)', '已报(家)', '按时(家)', '逾期(家)', '未报(家)', '报送率', '按时报送率', '已退回(家)']);
    expect(countColumns(counts)).toEqual(['4', '3', '2', '1', '1', '75.0%', '50.0%', '1']);
    expect(countColumns({ ...counts, expected: 0, submitted: 0, onTime: 0 }).slice(5, 7)).toEqual(['—', '—']);
  });

  it('names the program’s filer on the first card', () => {
    expect(
      statCards(counts, PLATFORMS.reports.word)
        .map((c) => c.label + c.value)
        .join(''),
    ).toBe('应报平台4已报3按时2逾期1未报1报送率75.0%按时报送率50.0%已确认0');
    expect(statCards({ ...counts, late: 0 }, '基地').find((c) => c.label === '逾期')!.cls).toBe('');
  });

  it('says how overdue the period is', () => {
    expect(overdueText(null, null)).toBe('尚未设置报送截止时间。');
    expect(overdueText(null, '2099-01-01T00:00:00+08:00')).toMatch(/^报送截止时间为 2099.*,尚未逾期。$/);
    expect(overdueText(3, '2020-10-10T00:00:00+08:00')).toMatch(/^报送已于 2020.*截止,已逾期 3 天。$/);
    expect(overdueText(0, '2020-10-10T00:00:00+08:00')).toMatch(/今天截止/);
  });

  it('lists each filer with its state, comment, administrators and days overdue', () => {
    expect(chase.daysOverdue).toBe(3);
    expect(chase.filers.map((f) => chaseRow(f, chase.daysOverdue))).toEqual([
      { name: '岳麓创业园', city: '长沙市', state: '已退回', comment: '请核实', contacts: '张三、李四', phones: ['13800000001', '13800000002'], overdue: '3' },
      { name: '芦淞创业基地', city: '株洲市', state: '已暂存未提交', comment: '', contacts: '未登记', phones: [], overdue: '3' },
    ]);
    expect(chaseStateLabel({ state: 'missing', hasDraft: false })).toBe('未报送');
    expect(chaseRow(chase.filers[0]!, null).overdue).toBe('—');
  });

  it('downloads the workbook of the page’s program', () => {
    expect(completenessXlsxPath(BASES, '2020Q3')).toBe('/api/periods/2020Q3/completeness.xlsx');
    expect(completenessXlsxPath(CARRIERS, '2020')).toBe('/api/periods/2020/completeness.xlsx?program=carriers');
  });

  it('describes every program’s reports pages', () => {
    for (const d of [BASES, PLATFORMS, CARRIERS]) {
      expect(d.reports.groupLabels).toBeTruthy();
      expect(Object.keys(d.reports.groupLabels).length).toBeGreaterThan(1);
    }
    expect([BASES, PLATFORMS, CARRIERS].map((d) => `${d.reports.navPrefix}报送情况`)).toEqual(['报送情况', '平台报送情况', '载体报送情况']);
  });
});

describe('the 催报 workbook layout', () => {
  const model = buildChaseWorkbook({
    period: '2020',
    program: PLATFORMS_PROGRAM,
    place: '湖南省',
    oneCity: false,
    total: counts,
    byCity: [{ city: '长沙市', ...counts }],
    byGroup: [{ label: '产业集群', ...counts }],
    dueAt: '2021-01-10T00:00:00+08:00',
    chase,
    now: new Date('2021-01-13T12:00:00+08:00'),
  });
  const texts = (i: number) => model.sheets[i]!.rows.map((r) => r.cells.map((c) => (c ? c.v : null)));

  it('names the file after the period and the program', () => {
    expect(chaseFileName('2020Q3', BASES_PROGRAM)).toEqual({
      fileName: '2020年三季度创业创新基地报送情况.xlsx',
      asciiFileName: 'tongbao-completeness-2020Q3-bases.xlsx',
    });
    expect(model.fileName).toBe('2020年窗口平台报送情况.xlsx');
  });

  it('has 报送情况 by city and by the program’s group, 催报名单 and 催报通知', () => {
    expect(model.sheets.map((s) => s.name)).toEqual(['报送情况', '催报名单', '催报通知']);
    expect(texts(0).slice(0, 5)).toEqual([
      ['2020年湖南省窗口平台报送情况统计表'],
      ['分组', '名称', '应报(家)', '已报(家)', '按时(家)', '逾期(家)', '未报(家)', '退回(家)', '报送率'],
      ['按市州', '长沙市', 4, 3, 2, 1, 1, 1, 0.75],
      ['按平台类型', '产业集群', 4, 3, 2, 1, 1, 1, 0.75],
      ['全省合计', '', 4, 3, 2, 1, 1, 1, 0.75],
    ]);
    expect(texts(1).slice(1, 4)).toEqual([
      ['序号', '名称', '市州', '状态', '退回意见', '联系人', '联系电话', '逾期天数'],
      [1, '岳麓创业园', '长沙市', '已退回', '请核实', '张三、李四', '13800000001、13800000002', 3],
      [2, '芦淞创业基地', '株洲市', '已暂存未提交', null, '未登记', '—', 3],
    ]);
    expect(
      texts(2)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(chase.reminders.map((r) => r.text));
    expect(model.sheets[2]!.rows.slice(1).every((r) => r.kind === 'paragraph')).toBe(true);
  });
});
