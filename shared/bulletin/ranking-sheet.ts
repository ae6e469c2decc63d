// 排名: which bases rank (前N名 per indicator, ties sharing a place and all listed, and the largest
// 服务人员 increases over the bases that filed both periods) and the sheet. The rankings are
// computed once into the context; the text names the same bases.

import { INDICATOR_BY_CODE, PATENT_CODES, SERVICE_MEASURES, type ServiceMeasure, type ServiceTaxonomy } from '../catalog';
import { periodLabel } from '../periods';
import { type BaseRecord, LEVEL_LABELS } from '../registry';
import { titleOf } from './file-name';
import type { Ctx, Ranking } from './layout-context';
import type { BaseRow, BulletinInput } from './layout-input';
import { COUNT, count, type DisplayUnit, fieldMeasure, labelWithUnit, patentsMeasure, serviceCodes, WAN_M2, YI_YUAN } from './layout-measures';
import { type CellModel, num, type SheetModel, text } from './model';
import { toDisplay } from './numbers';
import { SheetBuilder } from './sheet-builder';

const rowValue = (r: BaseRow, code: string): bigint => BigInt(r.values[code] ?? 0);

// String.localeCompare(x, 'zh-CN')'s order from a collator made once: with a locale named,
// localeCompare is ≈ 2.3× slower per call (5,000 names with many ties: 10 → 4.3 ms a sort). Ids
// keep localeCompare without a locale, which V8 compares faster than a collator does.
const byName = new Intl.Collator('zh-CN').compare;

/**
 * Ranked by value (descending), then by name; only positive values rank. Equal values share a
 * place (1, 2, 2, 4 …), and every base tied with the last place shown is listed too: a
 * published 前5名 must not drop a base whose figure equals the fifth's.
 */
export function rank(rows: readonly BaseRow[], value: (r: BaseRow) => bigint, top: number): Array<{ base: BaseRecord; v: bigint; place: number }> {
  let scored = rows.map((r) => ({ base: r.base, v: value(r) })).filter((x) => x.v > 0n);
  // Only what can place matters: values below the top-th largest place after `top` whatever
  // their names, so they are dropped before the sort by value and name (the sort of thousands
  // of bases, with names compared on every tie, was ≈ 4 ms a ranking at 5,000 bases).
  if (top > 0 && scored.length > top) {
    const cut = scored.map((x) => x.v).sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))[top - 1]!;
    scored = scored.filter((x) => x.v >= cut);
  }
  const sorted = scored.sort((a, b) => (a.v === b.v ? byName(a.base.name, b.base.name) || a.base.baseId.localeCompare(b.base.baseId) : a.v > b.v ? -1 : 1));
  const out: Array<{ base: BaseRecord; v: bigint; place: number }> = [];
  for (const [i, x] of sorted.entries()) {
    const place = i > 0 && sorted[i - 1]!.v === x.v ? out[i - 1]!.place : i + 1;
    if (place > top) break;
    out.push({ ...x, place });
  }
  return out;
}

export function rankings(input: BulletinInput, taxonomy: ServiceTaxonomy, top: number): Ranking[] {
  const field = (code: string, unit: DisplayUnit | undefined, fmt: string) => {
    const m = fieldMeasure(INDICATOR_BY_CODE.get(code)!, unit);
    return { key: code, label: m.label, unit: m.unit, exp: m.exp, fmt, value: (r: BaseRow) => rowValue(r, code) };
  };
  const sum = (codes: readonly string[]) => (r: BaseRow) => codes.reduce((s, c) => s + rowValue(r, c), 0n);
  const measureOf = (key: ServiceMeasure) => SERVICE_MEASURES.find((m) => m.key === key)!;
  const ipCodes = ['trademarks', 'softwareCopyrights', ...PATENT_CODES];
  const defs = [
    field('buildingArea', WAN_M2, '0.00'),
    field('standardFactoryArea', WAN_M2, '0.00'),
    field('operatorAssets', YI_YUAN, '0.00'),
    field('operatorRevenue', YI_YUAN, '0.00'),
    {
      key: 'serviceSessions',
      label: measureOf('sessions').label,
      unit: measureOf('sessions').unit,
      exp: 0,
      fmt: COUNT,
      value: sum(serviceCodes(taxonomy, 'sessions')),
    },
    {
      key: 'serviceEnterprises',
      label: measureOf('enterprises').label,
      unit: measureOf('enterprises').unit,
      exp: 0,
      fmt: COUNT,
      value: sum(serviceCodes(taxonomy, 'enterprises')),
    },
    field('residentEnterprises', undefined, COUNT),
    {
      key: 'intellectualProperty',
      label: '知识产权总数',
      unit: patentsMeasure.unit,
      exp: 0,
      fmt: COUNT,
      value: sum(ipCodes),
    },
    field('certifiedMentors', undefined, COUNT),
  ];
  return defs.map((d) => ({
    key: d.key,
    label: d.label,
    unit: d.unit,
    fmt: d.fmt,
    entries: rank(input.rows, d.value, top).map((x) => ({ base: x.base, value: toDisplay(x.v, d.exp), place: x.place })),
  }));
}

export function staffIncrease(input: BulletinInput, top: number): Ranking {
  const f = INDICATOR_BY_CODE.get('serviceStaff')!;
  const before = new Map(input.compareRows.map((r) => [r.base.baseId, rowValue(r, f.code)]));
  const both = input.rows.filter((r) => before.has(r.base.baseId));
  const ranked = rank(both, (r) => rowValue(r, f.code) - before.get(r.base.baseId)!, top);
  return {
    key: 'serviceStaffIncrease',
    label: `${f.label}增加`,
    unit: f.formUnit,
    fmt: COUNT,
    entries: ranked.map((x) => ({
      base: x.base,
      value: toDisplay(x.v, f.dp),
      place: x.place,
      before: toDisplay(before.get(x.base.baseId)!, f.dp),
      after: toDisplay(x.v + before.get(x.base.baseId)!, f.dp),
    })),
  };
}

// ---- 6 排名 -------------------------------------------------------------------------------------

export function rankingSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '排名', titleOf(ctx.period, ctx.scope, `排名(前${ctx.top}名)`, ctx.input.province), 8);
  const head = [text('名次'), text('基地名称'), text('所属市州'), text('所属县市区'), text('级别')];
  const baseCells = (place: number, b: BaseRecord): CellModel[] => [
    count(place),
    text(b.name),
    text(b.city),
    text(b.county),
    text(LEVEL_LABELS[b.level] ?? b.level),
  ];
  for (const r of ctx.rankings) {
    s.row('section', [text(`${r.label}前${ctx.top}名`)]);
    s.row('header', [...head, text(labelWithUnit(r))]);
    for (const e of r.entries) s.row('data', [...baseCells(e.place, e.base), num(e.value, r.fmt)]);
    if (!r.entries.length) s.row('data', [text('(无数据)')]);
    s.row('blank', []);
  }
  const inc = ctx.staffIncrease;
  s.row('section', [text(`${inc.label}最多的前${ctx.top}名(与${periodLabel(ctx.compare)}相比)`)]);
  s.row('header', [...head, text(labelWithUnit(inc)), text(`${periodLabel(ctx.compare)}(${inc.unit})`), text(`${periodLabel(ctx.period)}(${inc.unit})`)]);
  for (const e of inc.entries) s.row('data', [...baseCells(e.place, e.base), num(e.value, inc.fmt), num(e.before!, inc.fmt), num(e.after!, inc.fmt)]);
  if (!inc.entries.length) s.row('data', [text('(无数据)')]);
  const ipParts = [patentsMeasure.label, INDICATOR_BY_CODE.get('trademarks')!.label, INDICATOR_BY_CODE.get('softwareCopyrights')!.label];
  s.row(
    'note',
    [
      text(
        `注:排名按数值从大到小;数值相同的基地名次并列、按基地名称排列,与最后一名并列的基地一并列出;只列数值大于零的基地。知识产权总数 = ${ipParts.join(' + ')}。服务人员增加只比较${periodLabel(ctx.compare)}和${periodLabel(ctx.period)}均报送数据的基地。`,
      ),
    ],
    true,
  );
  return s.build({ frozenRows: 1 });
}
