// The 催报 workbook (issue 19) of any program: GET /api/periods/{period}/completeness.xlsx.
// Pure: the completeness report and its chase in, the sheet model out (written by the shared
// writeWorkbook). Three sheets: 报送情况 (by city and by the program's group), 催报名单 (each
// missing or returned filer with its administrators and days overdue) and 催报通知 (the reminder
// text per city, to send as it is).

import type { Chase } from '../chase';
import { beijingDate, chaseStateLabel } from '../chase';
import { periodLabel } from '../periods';
import { type BulletinModel, type CellModel, DASH, num, numOrDash, type RowKind, text } from './model';
import { quotient } from './numbers';
import { type BuilderContext, SheetBuilder } from './sheet-builder';
import { TEXT_WIDTH } from './text';

export interface ChaseCounts {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  returned: number;
}

export interface ChaseWorkbookInput {
  period: string;
  program: { id: string; label: string; entityWord: string; groupKey: string };
  /** 湖南省 for the province, the city's name for a city user. */
  place: string;
  /** Whether the report is one city's (its total row reads 合计, not 全省合计). */
  oneCity: boolean;
  total: ChaseCounts;
  /** In the province's order. */
  byCity: ReadonlyArray<ChaseCounts & { city: string }>;
  byGroup: ReadonlyArray<ChaseCounts & { label: string }>;
  dueAt: string | null;
  chase: Chase;
  now: Date;
}

const COUNT = '0';
const PERCENT = '0.0%';

/** What the program's second grouping is called in a table: 级别, 平台类型, 载体类型. */
export const GROUP_WORDS: Readonly<Record<string, string>> = { level: '级别', tier: '平台类型', type: '载体类型' };

/** `2020年三季度创业创新基地报送情况.xlsx` and an ASCII fallback. */
export function chaseFileName(period: string, program: { id: string; label: string }): { fileName: string; asciiFileName: string } {
  return {
    fileName: `${periodLabel(period)}${program.label}报送情况.xlsx`.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_'),
    asciiFileName: `tongbao-completeness-${period}-${program.id}.xlsx`,
  };
}

export function buildChaseWorkbook(input: ChaseWorkbookInput): BulletinModel {
  const ctx: BuilderContext = { facts: new Map(), sheetTitles: [] };
  const { period, program, chase } = input;
  const head = `${periodLabel(period)}${input.place}${program.label}`;
  const count = (n: number): CellModel => num(n, COUNT);

  // ---- 报送情况
  const s = new SheetBuilder(ctx, '报送情况', `${head}报送情况统计表`, 9);
  s.row(
    'header',
    ['分组', '名称', '应报(家)', '已报(家)', '按时(家)', '逾期(家)', '未报(家)', '退回(家)', '报送率'].map((x) => text(x)),
  );
  const countsRow = (kind: RowKind, group: string, name: string, c: ChaseCounts) =>
    s.row(kind, [
      text(group),
      text(name),
      count(c.expected),
      count(c.submitted),
      count(c.onTime),
      count(c.late),
      count(c.missing),
      count(c.returned),
      numOrDash(quotient(BigInt(c.submitted), BigInt(c.expected)), PERCENT),
    ]);
  input.byCity.forEach((c, i) => countsRow('data', i ? '' : '按市州', c.city, c));
  const groupWord = GROUP_WORDS[program.groupKey] ?? '类别';
  input.byGroup.forEach((c, i) => countsRow('data', i ? '' : `按${groupWord}`, c.label, c));
  countsRow('total', input.oneCity ? '合计' : '全省合计', '', input.total);
  s.row(
    'note',
    [
      text(
        `注:已报 = 已提交(含退回修改中)的报表;逾期 = 首次提交晚于截止时间;退回 = 已退回待修改;报送率 = 已报 ÷ 应报。${input.dueAt ? `报送截止时间:${beijingDate(input.dueAt)}。` : ''}`,
      ),
    ],
    true,
  );
  const completeness = s.build({ frozenRows: 2 });

  // ---- 催报名单
  const l = new SheetBuilder(ctx, '催报名单', `${head}催报名单`, 8);
  l.row(
    'header',
    ['序号', '名称', '市州', '状态', '退回意见', '联系人', '联系电话', '逾期天数'].map((x) => text(x)),
  );
  chase.filers.forEach((f, i) =>
    l.row('data', [
      count(i + 1),
      text(f.name),
      text(f.city),
      text(chaseStateLabel(f)),
      f.state === 'returned' ? text(f.comment || DASH) : null,
      text(f.contacts.map((c) => c.name).join('、') || '未登记'),
      text(f.contacts.map((c) => c.phone).join('、') || DASH),
      numOrDash(chase.daysOverdue, COUNT),
    ]),
  );
  if (!chase.filers.length) l.row('data', [text('(无)')]);
  l.row(
    'note',
    [
      text(
        `注:截至${beijingDate(input.now.toISOString())};${chase.daysOverdue === null ? (input.dueAt ? `报送截止时间为${beijingDate(input.dueAt)},尚未逾期` : '尚未设置报送截止时间') : `已于${beijingDate(input.dueAt!)}截止,逾期${chase.daysOverdue}天`}。联系人为该${program.entityWord}有效令牌登记的信息管理员。`,
      ),
    ],
    true,
  );
  const list = l.build({ frozenRows: 2 });

  // ---- 催报通知
  const n = new SheetBuilder(ctx, '催报通知', `${head}催报通知`, 1);
  for (const r of chase.reminders) n.row('paragraph', [text(r.text)]);
  if (!chase.reminders.length) n.row('paragraph', [text(`本期应报${program.entityWord}均已报送,无需催报。`)]);
  const notices = n.build({ frozenRows: 1, landscape: false, fixedWidths: [TEXT_WIDTH] });

  return { ...chaseFileName(period, program), sheets: [completeness, list, notices] };
}
