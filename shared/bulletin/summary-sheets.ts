// 基本情况统计表 and 服务情况统计表 (2020 附件1–2, 2017 附件1 and 3): the period's totals and
// 基地平均值 by catalog section, and the services by type with shares that add up. Their printed
// precision is the seeds' (one per unit in a column; the 2017 edition's areas to one decimal).

import { SECTIONS, SERVICE_MEASURES, type SectionId, type ServiceMeasure, serviceCode } from '../catalog';
import { isQuarter, periodLabel } from '../periods';
import { LEVEL_LABELS } from '../registry';
import { titleOf } from './file-name';
import type { Ctx } from './layout-context';
import {
  COUNT,
  codeValue,
  count,
  labelWithUnit,
  PERCENT,
  perBaseValue,
  SLASH,
  SUMMARY_UNITS,
  sectionMeasures,
  serviceCodes,
  totalValue,
  WAN_REN,
} from './layout-measures';
import { type CellModel, numOrDash, type SheetModel, text } from './model';
import { formatDecimals, largestRemainderShares, quotient } from './numbers';
import { SheetBuilder } from './sheet-builder';

// ---- display precision (the seeds' printed precision) -------------------------------------------

/** 基本情况统计表: [total, 基地平均值]. 2020 附件1 for the totals, 2017 附件1 for the averages. */
// One precision per unit in a column: 万平方米 whole in the 2020 edition (000: 1628, 835),
// 亿元 and 万人 averages to 2 decimals, operator money in 亿元 to 2 decimals (000: 30.17亿元).
const BASIC_FORMATS: Readonly<Record<string, readonly [string, string]>> = {
  buildingArea: ['0', '0.0'],
  selfOwnedArea: ['0', '0.0'],
  standardFactoryArea: ['0', '0.0'],
  avgRent: ['0.0', '0.0'],
  avgSalePrice: ['0.0', '0.0'],
  operatorAssets: ['0.0', '0.00'],
  operatorRevenue: ['0.00', '0.00'],
  operatorServiceRevenue: ['0.00', '0.00'],
  serviceExpenditure: ['0.00', '0.00'],
  employees: ['0.0', '0.00'],
  enterpriseAssets: ['0.0', '0.00'],
  enterpriseRevenue: ['0.0', '0.00'],
  enterpriseProfit: ['0.0', '0.00'],
  enterpriseTax: ['0.0', '0.00'],
};

/**
 * The 2017-edition bulletins (service taxonomy 2017, years up to 2019) print the building area
 * to one decimal (001 附件1: 1653.0 万平方米); the 2020 edition prints whole 万平方米 (000: 1628).
 */
const BASIC_FORMATS_2017_EDITION: Readonly<Record<string, readonly [string, string]>> = {
  buildingArea: ['0.0', '0.0'],
  selfOwnedArea: ['0.0', '0.0'],
  standardFactoryArea: ['0.0', '0.0'],
};

/** `2020年全年` / `2020年三季度` as the value column of 基本情况统计表. */
const periodColumn = (period: string) => (isQuarter(period) ? periodLabel(period) : `${periodLabel(period)}全年`);

// ---- 1 基本情况统计表 -------------------------------------------------------------------------

const BASIC_SECTIONS: readonly SectionId[] = ['construction', 'operation', 'enterprises'];

export function basicSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '基本情况统计表', titleOf(ctx.period, ctx.scope, '基本情况统计表', ctx.input.province), 3);
  const t = ctx.totals;
  const warning = ctx.completenessSummary.warning;
  if (warning) s.row('note', [text(warning)], true);
  s.row('header', [text('指标内容'), text(periodColumn(ctx.period)), text('基地平均值')]);
  s.row('data', [text('基地数量(家)'), s.fact('basic.bases', count(t.reportingBases)), SLASH]);
  s.row('data', [text(`其中:${LEVEL_LABELS.national}(家)`), s.fact('basic.national', count(ctx.levelCounts.national)), SLASH]);
  s.row('data', [text(`${LEVEL_LABELS.provincial}(家)`), s.fact('basic.provincial', count(ctx.levelCounts.provincial)), SLASH]);
  const units = { ...SUMMARY_UNITS, employees: WAN_REN };
  for (const section of BASIC_SECTIONS) {
    s.row('section', [text(SECTIONS.find((x) => x.id === section)!.label)]);
    for (const m of sectionMeasures(section, units)) {
      const [fTotal, fAvg] = (ctx.taxonomy.version === 2017 ? BASIC_FORMATS_2017_EDITION[m.key] : undefined) ?? BASIC_FORMATS[m.key] ?? [COUNT, COUNT];
      s.row('data', [
        text(labelWithUnit(m)),
        s.fact(`basic.${m.key}.total`, numOrDash(totalValue(m, t), fTotal)),
        s.fact(`basic.${m.key}.avg`, numOrDash(perBaseValue(m, t), fAvg)),
      ]);
      if (m.key === 'operatorServiceRevenue') {
        const share = quotient(codeValue(t, 'operatorServiceRevenue'), codeValue(t, 'operatorRevenue'));
        s.row('data', [text('服务性收入占营业收入比重'), s.fact('basic.serviceRevenueShare', numOrDash(share, PERCENT)), SLASH]);
      }
    }
  }
  s.row('note', [text(`注:基地平均值 = 合计 ÷ 报送基地数(${t.reportingBases}家);租金平均水平、平均售价为报送基地的算术平均值。`)], true);
  return s.build({ frozenRows: warning ? 3 : 2 });
}

// ---- 2 服务情况统计表 -------------------------------------------------------------------------

export function servicesSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '服务情况统计表', titleOf(ctx.period, ctx.scope, '服务情况统计表', ctx.input.province), 5);
  const t = ctx.totals;
  const [sessions, enterprises] = SERVICE_MEASURES;
  const h = s.row('header', [text('服务类型'), text(labelWithUnit(sessions)), null, text(labelWithUnit(enterprises)), null]);
  const pl = periodLabel(ctx.period);
  s.row('header', [null, text(pl), text('比重'), text(pl), text('比重')]);
  s.merge(h, 0, h + 1, 0);
  s.merge(h, 1, h, 2);
  s.merge(h, 3, h, 4);
  const total = (m: ServiceMeasure) => serviceCodes(ctx.taxonomy, m).reduce((x, c) => x + codeValue(t, c), 0n);
  const totals = { sessions: total('sessions'), enterprises: total('enterprises') };
  // Shares rounded together (largest remainder): the 比重 shown add up to 100.0%.
  const shares = Object.fromEntries(
    SERVICE_MEASURES.map((m) => [
      m.key,
      largestRemainderShares(
        ctx.taxonomy.types.map((type) => codeValue(t, serviceCode(type.code, m.key))),
        totals[m.key],
        formatDecimals(PERCENT).dp,
      ),
    ]),
  ) as Record<ServiceMeasure, Array<number | null>>;
  ctx.taxonomy.types.forEach((type, i) => {
    const cells: CellModel[] = [text(type.label)];
    for (const m of SERVICE_MEASURES) {
      const v = codeValue(t, serviceCode(type.code, m.key));
      cells.push(s.fact(`services.${type.code}.${m.key}`, count(v)));
      cells.push(s.fact(`services.${type.code}.${m.key}.share`, numOrDash(shares[m.key][i], PERCENT)));
    }
    s.row('data', cells);
  });
  const cells: CellModel[] = [text('合计')];
  for (const m of SERVICE_MEASURES) {
    cells.push(s.fact(`services.total.${m.key}`, count(totals[m.key])));
    cells.push(numOrDash(quotient(totals[m.key], totals[m.key]), PERCENT));
  }
  s.row('total', cells);
  return s.build({ frozenRows: 3, landscape: false });
}
