// 示范基地认定情况 (SPEC §11, seed 004): recommendations and designations per year and level with
// the cumulative 家(次), and the year's list; shown once any designation has been made.

import { DESIGNATION_STATUS_LABELS, summarizeDesignations } from '../designations';
import { yearOf } from '../periods';
import { LEVEL_LABELS } from '../registry';
import { titleOf } from './file-name';
import type { Ctx } from './layout-context';
import { count, PERCENT } from './layout-measures';
import { numOrDash, type SheetModel, text } from './model';
import { quotient } from './numbers';
import { SheetBuilder } from './sheet-builder';

// ---- 示范基地认定情况 (SPEC §11, seed 004) -----------------------------------------------------------

export function designationsSheet(ctx: Ctx): SheetModel {
  const year = yearOf(ctx.period);
  const s = new SheetBuilder(ctx, '示范基地认定情况', titleOf(String(year), ctx.scope, '示范基地认定情况表', ctx.input.province), 8);
  const all = (ctx.input.designations ?? []).filter((d) => d.designation.year <= year);
  s.row(
    'header',
    ['年度', '级别', '推荐(家)', '认定(家)', '认定成功率', '累计认定(家次)', '累计认定基地(家)'].map((x) => text(x)),
  );
  for (const r of summarizeDesignations(all))
    s.row('data', [
      count(r.year),
      text(LEVEL_LABELS[r.level]),
      count(r.recommended),
      count(r.designated),
      numOrDash(r.recommended ? quotient(BigInt(r.designated), BigInt(r.recommended)) : null, PERCENT),
      s.fact(`designations.${r.year}.${r.level}.cumulativeTimes`, count(r.cumulativeTimes)),
      count(r.cumulativeBases),
    ]);
  s.row('blank', []);
  const thisYear = all.filter((d) => d.designation.year === year);
  s.row('section', [text(`${year}年推荐和认定名单(${thisYear.length}家次)`)]);
  s.row(
    'header',
    ['序号', '基地名称', '所属市州', '所属县市区', '级别', '状态', '文号', '推荐单位'].map((x) => text(x)),
  );
  thisYear.forEach((d, i) =>
    s.row('data', [
      count(i + 1),
      text(d.name),
      text(d.city),
      text(d.county),
      text(LEVEL_LABELS[d.designation.level]),
      text(DESIGNATION_STATUS_LABELS[d.designation.status]),
      text(d.designation.document ?? ''),
      text(d.designation.recommendedBy ?? ''),
    ]),
  );
  if (!thisYear.length) s.row('data', [text('(无)')]);
  s.row('note', [text('注:推荐 = 当年推荐(含未获认定);认定成功率 = 认定 ÷ 推荐;累计认定(家次)计入同一基地的多次认定,累计认定基地按基地计。')], true);
  return s.build({ frozenRows: 2 });
}
