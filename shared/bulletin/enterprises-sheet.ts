// 入驻企业情况统计表 (2017 附件5): the resident enterprises' totals, 基地平均值 and 企业平均值
// (per reporting enterprise, money in 万元 as the seed prints it).

import { INDICATOR_BY_CODE } from '../catalog';
import { periodLabel } from '../periods';
import { titleOf } from './file-name';
import type { Ctx } from './layout-context';
import { codeValue, labelWithUnit, perBaseValue, SLASH, SUMMARY_UNITS, sectionMeasures, totalValue, YI_YUAN } from './layout-measures';
import { numOrDash, type SheetModel, text } from './model';
import { quotient } from './numbers';
import { SheetBuilder } from './sheet-builder';

/**
 * 入驻企业情况统计表 (2017 附件5): [total, 基地平均值, 企业平均值]. Money totals and 基地平均值 in
 * 亿元; 企业平均值 of money in 万元 (as 001 附件5 prints it: 1966, 141.5), headed so.
 */
const ENTERPRISE_FORMATS: Readonly<Record<string, readonly [string, string, string]>> = {
  employees: ['0', '0', '0'],
  enterpriseAssets: ['0.0', '0.00', '0.0'],
  enterpriseRevenue: ['0.0', '0.00', '0.0'],
  enterpriseProfit: ['0.0', '0.00', '0.0'],
  enterpriseTax: ['0.0', '0.00', '0.0'],
};
const ENTERPRISE_DEFAULT = ['0', '0', '0.00'] as const;
/** 企业平均值 of 亿元 figures is shown in 万元 (÷ 10^4 instead of 10^8). */
const PER_ENTERPRISE_MONEY = { unit: '万元', exp: 4 };

// ---- 5 入驻企业情况统计表 ------------------------------------------------------------------------

export function enterprisesSheet(ctx: Ctx): SheetModel {
  const s = new SheetBuilder(ctx, '入驻企业情况统计表', titleOf(ctx.period, ctx.scope, '入驻企业情况统计表', ctx.input.province), 4);
  const t = ctx.totals;
  const reporting = codeValue(t, 'reportingEnterprises');
  const enterpriseUnit = INDICATOR_BY_CODE.get('residentEnterprises')!.formUnit;
  s.row('header', [text('指标内容'), text(periodLabel(ctx.period)), text('基地平均值'), text(`企业平均值(金额:${PER_ENTERPRISE_MONEY.unit})`)]);
  for (const section of ['enterprises', 'ip'] as const) {
    for (const m of sectionMeasures(section, SUMMARY_UNITS)) {
      const [fTotal, fBase, fEnt] = ENTERPRISE_FORMATS[m.key] ?? ENTERPRISE_DEFAULT;
      // Per enterprise is meaningless for enterprise counts themselves.
      const perEnterprise =
        m.unit === enterpriseUnit ? SLASH : numOrDash(quotient(m.sum(t), reporting, m.unit === YI_YUAN.unit ? PER_ENTERPRISE_MONEY.exp : m.exp), fEnt);
      s.row('data', [
        text(labelWithUnit(m)),
        s.fact(`ent.${m.key}.total`, numOrDash(totalValue(m, t), fTotal)),
        s.fact(`ent.${m.key}.avg`, numOrDash(perBaseValue(m, t), fBase)),
        s.fact(`ent.${m.key}.perEnterprise`, perEnterprise),
      ]);
    }
  }
  s.row(
    'note',
    [
      text(
        `注:基地平均值 = 合计 ÷ 报送基地数(${t.reportingBases}家);企业平均值 = 合计 ÷ 报送企业户数(${reporting}家);拥有专利 = 发明专利 + 实用新型专利 + 外观设计专利。`,
      ),
    ],
    true,
  );
  return s.build({ frozenRows: 2 });
}
