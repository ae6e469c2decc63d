// The indicator catalog for the window platforms' yearly filing (SPEC §9, seed 003). Data only:
// validation, the form, aggregation and the bulletin's columns are generated from it.

import type { Field } from '../catalog';

/** The one form section of a platform filing. */
export const PLATFORM_SECTIONS: ReadonlyArray<{ id: string; label: string }> = [{ id: 'online', label: '线上服务情况' }];

// Every indicator is a yearly count: stored as typed (dp 0), summed over the year's filings.
const count = (code: string, label: string, unit: string): Field => ({
  code,
  label,
  formUnit: unit,
  baseUnit: unit,
  dp: 0,
  type: 'flow',
  section: 'online',
});

/** In SPEC §9 order, which is also the order of the seed's 运行指标 sentence. */
export const PLATFORM_FIELDS: readonly Field[] = [
  count('policyItems', '发布政策信息', '条'),
  count('newEnterprises', '新增注册企业', '家'),
  count('newAgencies', '新增服务机构', '家'),
  count('serviceProjects', '发布服务项目', '个'),
  count('serviceActivities', '开展服务活动', '次'),
  count('enterprisesServed', '服务企业', '家次'),
  count('demandsPublished', '线上发布需求', '项'),
  count('onlineDeals', '线上达成服务交易', '次'),
];

export const PLATFORM_FIELD_BY_CODE: ReadonlyMap<string, Field> = new Map(PLATFORM_FIELDS.map((f) => [f.code, f]));
