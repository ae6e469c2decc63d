// The national bulletin of a national deployment (README "National deployment"): one row per
// province with its totals, and 全国合计 — catalog-driven columns (every indicator and service
// field of the period's catalog, in form order, each in its form unit; means shown as the mean
// over reporting bases). Built from the period's national aggregate item only (the `province:…`
// and `all` scopes), never from per-base data: 31,000 bases cost one GetItem.

import type { ScopedTotals, Totals } from '../aggregation';
import { fieldsForPeriod } from '../catalog';
import { periodLabel } from '../periods';
import { CHINA_PROVINCES, provinceScope } from '../provinces-cn';
import { type BulletinModel, type CellModel, num, numOrDash, text } from './model';
import { decimalsFormat, quotient, toDisplay } from './numbers';
import { type BuilderContext, SheetBuilder } from './sheet-builder';

export interface NationalBulletinInput {
  period: string;
  /** The period's national aggregate item (its `all` and `province:…` scopes). */
  scoped: ScopedTotals;
}

const EMPTY: Totals = { reportingBases: 0n, values: {}, means: {} };

export function layoutNationalBulletin(input: NationalBulletinInput): BulletinModel {
  const fields = fieldsForPeriod(input.period);
  const ctx: BuilderContext = { facts: new Map(), sheetTitles: [] };
  const label = periodLabel(input.period);
  const title = `${label}全国中小微企业创业创新基地分省统计表`;
  const s = new SheetBuilder(ctx, '分省统计表', title, 3 + fields.length);
  s.row('header', [
    text('序号'),
    text('省份'),
    text('基地数量(家)'),
    ...fields.map((f) => text(f.mean ? `${f.label}(${f.formUnit},基地平均)` : `${f.label}(${f.formUnit})`)),
  ]);
  const cells = (t: Totals): CellModel[] => [
    num(Number(t.reportingBases), '0'),
    ...fields.map((f) => {
      const fmt = decimalsFormat(f.dp);
      if (!f.mean) return num(toDisplay(t.values[f.code] ?? 0n, f.dp), fmt);
      const m = t.means[f.code] ?? { sum: 0n, count: 0n };
      return numOrDash(quotient(m.sum, m.count, f.dp), fmt);
    }),
  ];
  CHINA_PROVINCES.forEach((p, i) => s.row('data', [num(i + 1, '0'), text(p.name), ...cells(input.scoped[provinceScope(p.name)] ?? EMPTY)]));
  s.row('total', [text(''), text('全国合计'), ...cells(input.scoped.all ?? EMPTY)]);
  s.row('note', [text('说明:各省(区、市)数据为实时汇总(已提交、已退回修改和已审核的填报);金额、面积按填报单位显示。')], true);
  return {
    fileName: `${title}.xlsx`,
    asciiFileName: `tongbao-national-${input.period}.xlsx`,
    sheets: [s.build({ frozenRows: 2, frozenColumns: 2, landscape: true, printColumns: 2 })],
  };
}
