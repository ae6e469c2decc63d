// 运营情况环比统计表 (2020 附件3) and 同比对比表 (2017 附件2/4/6): which bases are compared —
// the 环比 over those that filed both quarters, the 同比 over those that filed both periods or a
// cohort (可比口径, so a quarter with 2 filers is never set against one of 83) — and the sheets.

import type { Totals } from '../aggregation';
import { INDICATOR_BY_CODE, SECTIONS, SERVICE_MEASURES, type SectionId, serviceCode } from '../catalog';
import { periodLabel } from '../periods';
import { titleOf } from './file-name';
import type { Comparison, Ctx } from './layout-context';
import { type BulletinInput, scopedTotals, sumRows } from './layout-input';
import {
  COUNT,
  codeValue,
  count,
  fieldMeasure,
  growthOf,
  labelWithUnit,
  PERCENT,
  SUMMARY_UNITS,
  sectionMeasures,
  serviceCodes,
  totalValue,
} from './layout-measures';
import { type CellModel, DASH, numOrDash, type SheetModel, text } from './model';
import { momHeadings } from './mom';
import { growth } from './numbers';
import { SheetBuilder } from './sheet-builder';

/** 同比对比表 (2017 附件2/6) and 运营情况环比统计表 (2020 附件3): one format per value. */
const COMPARE_FORMATS: Readonly<Record<string, string>> = {
  buildingArea: '0.0',
  selfOwnedArea: '0.0',
  standardFactoryArea: '0.0',
  avgRent: '0.0',
  avgSalePrice: '0.0',
  operatorAssets: '0.0',
  operatorRevenue: '0.00',
  operatorServiceRevenue: '0.00',
  serviceExpenditure: '0.00',
  enterpriseAssets: '0.0',
  enterpriseRevenue: '0.0',
  enterpriseProfit: '0.0',
  enterpriseTax: '0.0',
};

export function comparisonOf(input: BulletinInput, period: string, compare: string, cohort: string | null): Comparison {
  const pl = periodLabel(period);
  const cl = periodLabel(compare);
  if (cohort) {
    let before: Totals;
    let after: Totals;
    if (input.scope === 'all') {
      // The province-wide cohort is an aggregate scope of its own.
      before = scopedTotals(input.aggregates, compare, `cohort:${cohort}`);
      after = scopedTotals(input.aggregates, period, `cohort:${cohort}`);
    } else {
      before = sumRows(input.compareRows.filter((r) => r.base.cohort === cohort));
      after = sumRows(input.rows.filter((r) => r.base.cohort === cohort));
    }
    return {
      basis: 'cohort',
      before,
      after,
      note: `口径:${cohort}基地(${cl}报送${before.reportingBases}家,${pl}报送${after.reportingBases}家)`,
    };
  }
  const inBoth = new Set(input.compareRows.map((r) => r.base.baseId));
  const after = input.rows.filter((r) => inBoth.has(r.base.baseId));
  const ids = new Set(after.map((r) => r.base.baseId));
  const before = input.compareRows.filter((r) => ids.has(r.base.baseId));
  return {
    basis: 'comparable',
    before: sumRows(before),
    after: sumRows(after),
    note: `可比口径:${cl}和${pl}均报送数据的${ids.size}家基地`,
  };
}

/**
 * The 环比 over the bases that filed both quarters (可比口径). When every base that filed either
 * quarter filed both, that is the aggregates themselves; otherwise the per-base rows of those
 * bases are summed (a quarter with 2 filers is not compared with one of 83).
 */
export function momOf(input: BulletinInput, q: { previous: string; current: string }): Ctx['mom'] {
  const before = scopedTotals(input.aggregates, q.previous, input.scope);
  const after = scopedTotals(input.aggregates, q.current, input.scope);
  const pl = periodLabel(q.previous);
  const cl = periodLabel(q.current);
  if (!input.momRows) {
    // biome-ignore lint/complexity/useMathMinMax: the counts are bigint, which Math.min does not accept
    const bases = Number(before.reportingBases < after.reportingBases ? before.reportingBases : after.reportingBases);
    return { ...q, before, after, bases, note: `${pl}报送${before.reportingBases}家,${cl}报送${after.reportingBases}家` };
  }
  const prevIds = new Set(input.momRows.previous.map((r) => r.base.baseId));
  const curIds = new Set(input.momRows.current.map((r) => r.base.baseId));
  const both = [...curIds].filter((id) => prevIds.has(id));
  const note = `可比口径:${pl}和${cl}均报送数据的${both.length}家基地`;
  if (
    both.length === prevIds.size &&
    both.length === curIds.size &&
    BigInt(both.length) === before.reportingBases &&
    BigInt(both.length) === after.reportingBases
  )
    return { ...q, before, after, bases: both.length, note };
  const ids = new Set(both);
  return {
    ...q,
    before: sumRows(input.momRows.previous.filter((r) => ids.has(r.base.baseId))),
    after: sumRows(input.momRows.current.filter((r) => ids.has(r.base.baseId))),
    bases: both.length,
    note,
  };
}

// ---- 3 运营情况环比统计表 -----------------------------------------------------------------------

/** The 环比 sheet's blocks, as in 2020 附件3. */
const MOM_BLOCKS: ReadonlyArray<{ heading: string; codes: readonly string[] }> = [
  { heading: '基地运营情况', codes: ['operatorRevenue', 'operatorServiceRevenue'] },
  { heading: '入驻企业情况', codes: ['enterpriseRevenue', 'enterpriseTax', 'enterpriseProfit'] },
];

export function momSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '运营情况环比统计表', titleOf(ctx.period, ctx.scope, '运营情况环比统计表', ctx.input.province), 4);
  const hd = momHeadings(ctx.period);
  for (const block of MOM_BLOCKS) {
    s.row('header', [text(block.heading), text(hd.previous), text(hd.current), text('环比增长')]);
    for (const code of block.codes) {
      const m = fieldMeasure(INDICATOR_BY_CODE.get(code)!, SUMMARY_UNITS[code]);
      const fmt = COMPARE_FORMATS[code] ?? COUNT;
      s.row('data', [
        text(labelWithUnit(m)),
        s.fact(`mom.${code}.previous`, numOrDash(totalValue(m, ctx.mom.before), fmt)),
        s.fact(`mom.${code}.current`, numOrDash(totalValue(m, ctx.mom.after), fmt)),
        s.fact(`mom.${code}.growth`, numOrDash(growthOf(m, ctx.mom.after, ctx.mom.before), PERCENT)),
      ]);
    }
  }
  s.row(
    'note',
    [text(`注:${ctx.mom.note};${periodLabel(ctx.mom.previous)}、${periodLabel(ctx.mom.current)}为当季报送数据;环比增长 =(本季 − 上季)÷ 上季。`)],
    true,
  );
  return s.build({ frozenRows: 2 });
}

// ---- 4 同比对比表 -----------------------------------------------------------------------------

const COMPARE_SECTIONS: readonly SectionId[] = ['construction', 'operation', 'enterprises', 'ip'];

export function yoySheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '同比对比表', titleOf(ctx.period, ctx.scope, '同比对比表', ctx.input.province), 7);
  const { before, after, note } = ctx.comparison;
  const cl = periodLabel(ctx.compare);
  const pl = periodLabel(ctx.period);
  s.row('note', [text(note)], true);
  s.row('header', [text('指标内容'), text(cl), text(pl), text('增长率')]);
  s.row('data', [
    text('基地数量(家)'),
    s.fact('yoy.bases.before', count(before.reportingBases)),
    s.fact('yoy.bases.after', count(after.reportingBases)),
    s.fact('yoy.bases.growth', numOrDash(growth(after.reportingBases, before.reportingBases), PERCENT)),
  ]);
  // A side without a single reporting base has no data: "—", never a 0 that reads as a figure
  // (e.g. no comparable bases because the comparison period was never filed).
  const hasBefore = before.reportingBases > 0n;
  const hasAfter = after.reportingBases > 0n;
  const both = hasBefore && hasAfter;
  const units = SUMMARY_UNITS; // employees in 人, as in 2017 附件6
  for (const section of COMPARE_SECTIONS) {
    s.row('section', [text(SECTIONS.find((x) => x.id === section)!.label)]);
    for (const m of sectionMeasures(section, units)) {
      const fmt = COMPARE_FORMATS[m.key] ?? COUNT;
      s.row('data', [
        text(labelWithUnit(m)),
        s.fact(`yoy.${m.key}.before`, numOrDash(hasBefore ? totalValue(m, before) : null, fmt)),
        s.fact(`yoy.${m.key}.after`, numOrDash(hasAfter ? totalValue(m, after) : null, fmt)),
        s.fact(`yoy.${m.key}.growth`, numOrDash(both ? growthOf(m, after, before) : null, PERCENT)),
      ]);
    }
  }

  // Services, as in 2017 附件4; a type only one year's taxonomy has shows — in the other.
  s.row('blank', []);
  s.row('section', [text(SECTIONS.find((x) => x.id === 'services')!.label)]);
  const [sessions, enterprises] = SERVICE_MEASURES;
  const h = s.row('header', [text('服务类型'), text(labelWithUnit(sessions)), null, null, text(labelWithUnit(enterprises)), null, null]);
  s.row('header', [null, text(cl), text(pl), text('增长率'), text(cl), text(pl), text('增长率')]);
  s.merge(h, 0, h + 1, 0);
  s.merge(h, 1, h, 3);
  s.merge(h, 4, h, 6);
  const types = [...ctx.taxonomy.types];
  for (const t of ctx.compareTaxonomy.types) if (!types.some((x) => x.code === t.code)) types.push(t);
  const inBefore = new Set(ctx.compareTaxonomy.types.map((t) => t.code));
  const inAfter = new Set(ctx.taxonomy.types.map((t) => t.code));
  for (const type of types) {
    const cells: CellModel[] = [text(type.label)];
    for (const m of SERVICE_MEASURES) {
      const code = serviceCode(type.code, m.key);
      const b = hasBefore && inBefore.has(type.code) ? codeValue(before, code) : null;
      const a = hasAfter && inAfter.has(type.code) ? codeValue(after, code) : null;
      cells.push(s.fact(`yoy.${code}.before`, b === null ? text(DASH, 'center') : count(b)));
      cells.push(s.fact(`yoy.${code}.after`, a === null ? text(DASH, 'center') : count(a)));
      cells.push(s.fact(`yoy.${code}.growth`, numOrDash(a === null || b === null ? null : growth(a, b), PERCENT)));
    }
    s.row('data', cells);
  }
  const cells: CellModel[] = [text('合计')];
  for (const m of SERVICE_MEASURES) {
    const b = serviceCodes(ctx.compareTaxonomy, m.key).reduce((x, c) => x + codeValue(before, c), 0n);
    const a = serviceCodes(ctx.taxonomy, m.key).reduce((x, c) => x + codeValue(after, c), 0n);
    cells.push(s.fact(`yoy.services.${m.key}.before`, hasBefore ? count(b) : text(DASH, 'center')));
    cells.push(s.fact(`yoy.services.${m.key}.after`, hasAfter ? count(a) : text(DASH, 'center')));
    cells.push(s.fact(`yoy.services.${m.key}.growth`, numOrDash(both ? growth(a, b) : null, PERCENT)));
  }
  s.row('total', cells);
  s.row('note', [text('注:增长率 =(本期 − 对比期)÷ 对比期;租金平均水平、平均售价按基地算术平均值计算;对比期无数据时显示“—”。')], true);
  return s.build({ frozenRows: 3 });
}
