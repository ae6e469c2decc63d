// Who filed: 报送情况 (per 市州 and level, then the bases not filed) and 基地明细 (every base in
// scope with its registry fields and every indicator in form units, filed or not), and the
// completeness guard — below the threshold, the warning the first sheet and the text print first.

import { fieldsForPeriod, PATENT_CODES } from '../catalog';
import { config } from '../config';
import { periodLabel } from '../periods';
import { cityRank } from '../province';
import { type BaseRecord, LEVEL_LABELS } from '../registry';
import { titleOf } from './file-name';
import type { Ctx } from './layout-context';
import type { BaseRow, BulletinInput, CompletenessCounts } from './layout-input';
import { count, labelWithUnit, PERCENT, patentsMeasure } from './layout-measures';
import { type CellModel, type CompletenessSummary, num, numOrDash, type RowKind, type SheetModel, text } from './model';
import { decimalsFormat, quotient, toDisplay } from './numbers';
import { SheetBuilder } from './sheet-builder';

/** Percent with one decimal, exact: 2/85 → `2.4%`. */
const percentText = (a: number, b: number) => `${(Math.round((a * 1000) / b) / 10).toFixed(1)}%`;

/**
 * How complete the period is: its quarter, or for a year the least complete of its quarters
 * anyone filed for; below the threshold, the warning every output prints first.
 */
export function completenessSummaryOf(input: BulletinInput): CompletenessSummary {
  const threshold = input.options?.completenessWarnBelow ?? 90;
  const blocks = input.completeness.filter((b) => b.expected > 0);
  if (!blocks.length) return { period: input.period, submitted: 0, expected: 0, threshold };
  const worst = blocks.reduce((w, b) => (b.submitted * w.expected < w.submitted * b.expected ? b : w));
  const out: CompletenessSummary = { period: worst.period, submitted: worst.submitted, expected: worst.expected, threshold };
  if (worst.submitted * 100 < threshold * worst.expected)
    out.warning =
      `注意:${periodLabel(worst.period)}应报送基地${worst.expected}家,已报送${worst.submitted}家(报送率${percentText(worst.submitted, worst.expected)}),` +
      `低于${threshold}%,本通报数据不完整,请待报送齐全后再发布。`;
  return out;
}

// ---- 7 报送情况 ---------------------------------------------------------------------------------

const rateOf = (a: number, b: number) => quotient(BigInt(a), BigInt(b));

export function completenessSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '报送情况', titleOf(ctx.period, ctx.scope, '报送情况统计表', ctx.input.province), 9);
  const blocks = ctx.input.completeness;
  s.row(
    'header',
    ['分组', '名称', '应报(家)', '已报(家)', '按时(家)', '逾期(家)', '未报(家)', '报送率', '按时报送率'].map((x) => text(x)),
  );
  const countsRow = (kind: RowKind, group: string, name: string, c: CompletenessCounts, key?: string): void => {
    const cells: CellModel[] = [
      text(group),
      text(name),
      count(c.expected),
      count(c.submitted),
      count(c.onTime),
      count(c.late),
      count(c.missing),
      numOrDash(rateOf(c.submitted, c.expected), PERCENT),
      numOrDash(rateOf(c.onTime, c.expected), PERCENT),
    ];
    if (key) ['expected', 'submitted', 'onTime', 'late', 'missing', 'submissionRate', 'onTimeRate'].forEach((k, i) => s.fact(`${key}.${k}`, cells[i + 2]!));
    s.row(kind, cells);
  };
  const cityOrder = (c: string) => {
    return cityRank(ctx.input.province ?? config.province, c);
  };
  const totalName = ctx.scope === 'all' ? '全省合计' : '合计';
  for (const b of blocks) {
    if (blocks.length > 1) s.row('section', [text(periodLabel(b.period))]);
    [...b.byCity].sort((x, y) => cityOrder(x.city) - cityOrder(y.city)).forEach((c, i) => countsRow('data', i ? '' : '按市州', c.city, c));
    [...b.byLevel]
      .sort((x, y) => (x.level === y.level ? 0 : x.level === 'national' ? -1 : 1))
      .forEach((c, i) => countsRow('data', i ? '' : '按级别', LEVEL_LABELS[c.level as 'national'] ?? c.level, c));
    countsRow('total', totalName, '', b, `completeness.${b.period}`);
  }
  if (!blocks.length) s.row('note', [text('本期暂无报送记录。')], true);
  for (const b of blocks) {
    s.row('blank', []);
    s.row('section', [text(`${periodLabel(b.period)}未报送基地名单(${b.missingBases.length}家)`)]);
    s.row(
      'header',
      ['序号', '基地名称', '所属市州', '所属县市区', '级别', '状态'].map((x) => text(x)),
    );
    b.missingBases.forEach((m, i) =>
      s.row('data', [
        count(i + 1),
        text(m.name),
        text(m.city),
        text(m.county),
        text(LEVEL_LABELS[m.level as 'national'] ?? m.level),
        text(m.hasDraft ? '已暂存未提交' : '未填报'),
      ]),
    );
    if (!b.missingBases.length) s.row('data', [text('(无)')]);
  }
  s.row('note', [text('注:已报 = 已提交(含退回修改中)的报表;逾期 = 首次提交晚于截止时间;报送率 = 已报 ÷ 应报;按时报送率 = 按时 ÷ 应报。')], true);
  return s.build({ frozenRows: 2 });
}

// ---- 8 基地明细 ---------------------------------------------------------------------------------

export function detailSheet(ctx: Ctx): SheetModel {
  const fields = fieldsForPeriod(ctx.period);
  const registry = ['序号', '基地编号', '基地名称', '所属市州', '所属县市区', '级别', '批次', '报送情况'];
  const patentsAt = fields.findIndex((f) => f.code === PATENT_CODES[0]);
  const columns = registry.length + fields.length + 1;
  const s = new SheetBuilder(ctx, '基地明细', titleOf(ctx.period, ctx.scope, '明细表', ctx.input.province), columns);
  const fieldHeads = fields.map((f) => text(`${f.label}(${f.formUnit})`));
  fieldHeads.splice(patentsAt, 0, text(labelWithUnit(patentsMeasure)));
  s.row('header', [...registry.map((x) => text(x)), ...fieldHeads]);

  const byId = new Map<string, { base: BaseRecord; values: BaseRow['values'] | null }>();
  for (const b of ctx.input.bases ?? []) byId.set(b.baseId, { base: b, values: null });
  for (const r of ctx.input.rows) byId.set(r.base.baseId, { base: r.base, values: r.values });
  const cityOrder = (c: string) => {
    return cityRank(ctx.input.province ?? config.province, c);
  };
  const list = [...byId.values()].sort((a, b) => cityOrder(a.base.city) - cityOrder(b.base.city) || a.base.baseId.localeCompare(b.base.baseId));
  const formats = fields.map((f) => decimalsFormat(f.dp));
  list.forEach(({ base, values }, i) => {
    const cells: CellModel[] = [
      count(i + 1),
      text(base.baseId),
      text(base.name),
      text(base.city),
      text(base.county),
      text(LEVEL_LABELS[base.level] ?? base.level),
      text(base.cohort ?? ''),
      text(values ? '已报送' : '未报送'),
    ];
    // The fields in form units, 拥有专利 (the patents' sum) before the first patent field.
    fields.forEach((f, j) => {
      if (j === patentsAt) cells.push(values ? count(PATENT_CODES.reduce((x, c) => x + BigInt(values[c] ?? 0), 0n)) : null);
      const v = values?.[f.code];
      cells.push(v === undefined ? null : num(toDisplay(v, f.dp), formats[j]!));
    });
    s.row('data', cells);
  });
  if (!list.length) s.row('data', [text('(无)')]);
  return s.build({ frozenRows: 2, frozenColumns: 3, landscape: true, printColumns: 3 });
}
