/// <reference lib="dom" />
// The bases' live totals (admin any scope, city its own city) in the program-generic shell of
// views/totals-shell.ts: the aggregates of a period, every indicator in its catalog form unit,
// exact (integers in base units formatted by moving the decimal point), with 基地平均值, 拥有专利
// and the service grid with 合计.

import { type Field, INDICATORS, PATENT_CODES, SECTIONS, SERVICE_MEASURES, serviceCode, taxonomyForYear } from '../../../shared/catalog';
import { formatDecimal, ratio } from '../../../shared/decimal';
import { yearOf } from '../../../shared/periods';
import { type BaseRecord, LEVEL_LABELS } from '../../../shared/registry';
import { api } from '../api';
import { h, table } from '../dom';
import { group, scopeLabel } from '../format';
import { big } from '../json';
import { BASES } from '../programs';
import { areaScopes } from '../province';
import { trendHash } from '../trend';
import type { Ctx } from '../ui';
import { programTotalsView, reportingCount } from './totals-shell';

/** Scopes a principal may choose: admin everything, city only its own. */
export async function scopeChoices(ctx: Ctx): Promise<Array<{ value: string; label: string }>> {
  if (ctx.me.role === 'city') return areaScopes(ctx.me);
  // A national deployment's province admin: their province and its 市州 (the levels and cohorts are national scopes).
  if (ctx.me.province) return areaScopes(ctx.me);
  const bases = (await api<{ bases: BaseRecord[] }>('GET', '/api/bases')).data.bases;
  const cohorts = [...new Set(bases.map((b) => b.cohort).filter((c): c is string => !!c))].sort();
  return [
    ...areaScopes(ctx.me),
    { value: 'level:national', label: LEVEL_LABELS.national },
    { value: 'level:provincial', label: LEVEL_LABELS.provincial },
    ...cohorts.map((c) => ({ value: `cohort:${c}`, label: `批次:${c}` })),
  ];
}

const fmt = (v: bigint, dp: number) => group(formatDecimal(v, dp));

/** Mean of sums over bases in the field's form unit, to its dp (half away from zero). */
function perBase(sum: bigint, count: bigint, dp: number): string {
  const r = ratio(sum, count * 10n ** BigInt(dp), dp);
  return r === null ? '—' : group(r.toFixed(dp));
}

export const totalsView = programTotalsView(BASES, {
  title: '汇总数据',
  subtitle: '各期实时汇总(按省、市州、级别、批次)',
  scopes: scopeChoices,
  scopeLabel,
  countLabel: '报送基地数',
  countCode: 'reportingBases',
  // A level's or cohort's totals have no trend of their own: the page opens on the default scope.
  trendHash: (scope) => trendHash(scope),
  hint: '合计为已提交(含已退回、已确认)报表的实时汇总,按填报单位显示,精确到填报的小数位;年度数据中流量指标为各季度之和,存量指标取各基地当年最近一个季度。',
  render(period, a) {
    const n = reportingCount(a);
    const v = (code: string) => big(a.values[code]);
    const row = (f: Field, label = f.label) => {
      if (f.mean) {
        const m = a.means?.[f.code];
        const sum = big(m?.sum);
        const count = big(m?.count);
        const mean = perBase(sum, count, f.dp);
        return [
          `${label}(${f.formUnit})`,
          h('span', { class: 'num', 'data-code': f.code }, mean),
          h('span', { class: 'num' }, mean),
          h('span', { class: 'muted' }, `${count}个基地的平均值`),
        ];
      }
      return [
        `${label}(${f.formUnit})`,
        h('span', { class: 'num', 'data-code': f.code }, fmt(v(f.code), f.dp)),
        h('span', { class: 'num' }, perBase(v(f.code), n, f.dp)),
        '',
      ];
    };
    const sections = SECTIONS.filter((s) => s.id !== 'services').map((s) => {
      const rows: unknown[][] = [];
      for (const f of INDICATORS.filter((x) => x.section === s.id)) {
        if (f.code === PATENT_CODES[0]) {
          const patents = PATENT_CODES.reduce((sum, c) => sum + v(c), 0n);
          rows.push([
            h('strong', null, `拥有专利(${f.formUnit})`),
            h('strong', { class: 'num', 'data-code': 'patents' }, fmt(patents, 0)),
            h('span', { class: 'num' }, perBase(patents, n, 0)),
            '= 三类专利之和',
          ]);
        }
        rows.push(row(f, (PATENT_CODES as readonly string[]).includes(f.code) ? `其中:${f.label}` : f.label));
      }
      return table(s.label, ['指标(单位)', '合计', '基地平均值', '说明'], rows as never, { cards: false });
    });
    const taxonomy = taxonomyForYear(yearOf(period));
    const totals = SERVICE_MEASURES.map((m) => taxonomy.types.reduce((s, t) => s + v(serviceCode(t.code, m.key)), 0n));
    const share = (x: bigint, total: bigint) => {
      const r = ratio(x * 100n, total, 1);
      return r === null ? '—' : `${r.toFixed(1)}%`;
    };
    const services = table(
      `五、服务情况(${taxonomy.version}版服务分类)`,
      ['服务类型', ...SERVICE_MEASURES.flatMap((m) => [`${m.label}(${m.unit})`, '比重'])],
      taxonomy.types.map((t) => [
        t.label,
        ...SERVICE_MEASURES.flatMap((m, i) => {
          const x = v(serviceCode(t.code, m.key));
          return [h('span', { class: 'num', 'data-code': serviceCode(t.code, m.key) }, fmt(x, 0)), h('span', { class: 'num' }, share(x, totals[i]!))];
        }),
      ]),
      {
        footer: [
          [
            '合计',
            ...SERVICE_MEASURES.flatMap((m, i) => [
              h('span', { class: 'num', 'data-code': `service.total.${m.key}` }, fmt(totals[i]!, 0)),
              h('span', { class: 'num' }, totals[i]! > 0n ? '100.0%' : '—'),
            ]),
          ],
        ],
      },
    );
    return { content: [...sections, services] };
  },
});
