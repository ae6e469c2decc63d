// What the province adds up over the carriers (SPEC §10): the integers each carrier's yearly
// filing derives (shared/carriers/details.ts `summaryOf`), as catalog fields, so aggregates,
// their JSON and the overview read them like any program's totals. A carrier's own indicators
// are its own (each plan has its list) and are never summed across carriers.

import type { Field } from '../catalog';

const total = (code: string, label: string, formUnit: string, baseUnit: string, dp: number): Field => ({
  code,
  label,
  formUnit,
  baseUnit,
  dp,
  type: 'flow',
  section: 'totals',
});

export const CARRIER_TOTAL_FIELDS: readonly Field[] = [
  total('sum.fundsReceived', '到位资金', '万元', '元', 4),
  total('sum.fundsDisbursed', '拨付资金', '万元', '元', 4),
  total('sum.investment', '完成投资', '万元', '元', 4),
  total('sum.indicatorsJudged', '考核指标数', '项', '项', 0),
  total('sum.indicatorsMet', '完成指标数', '项', '项', 0),
];

/** Only the derived totals add up across carriers. */
export const isCarrierTotal = (code: string) => code.startsWith('sum.');
