// The reporting programs the pages serve (SPEC §8), as data: where an entity's filings live in
// the API, what a period looks like, how the pages name things. One filing form and one
// periods page serve every program through these descriptors.

import { CARRIER_TYPE_LABELS } from '../../shared/carriers/registry';
import { isQuarter, isYear, periodLabel } from '../../shared/periods';
import { TIER_LABELS } from '../../shared/platforms/registry';
import { LEVEL_LABELS } from '../../shared/registry';

/** How the program's reports pages (报送情况, 催报) name things. */
export interface ReportsDesc {
  /** 基地 / 平台 / 载体: one filer in counts and headings (应报基地, 未报平台名单). */
  word: string;
  /** 创业创新基地 / 窗口平台 / 双创特色载体: the program in titles and texts. */
  programLabel: string;
  /** The program in captions where the bases' pages never named it: '' / 窗口平台 / 双创特色载体. */
  captionLabel: string;
  /** The navigation's prefix: 报送情况 / 平台报送情况 / 载体报送情况. */
  navPrefix: '' | '平台' | '载体';
  /** The completeness page's subtitle after the place (全省, 长沙市). */
  completenessNote: string;
  /** The period's query parameter and picker: quarters (`period`, 期别) or years (`year`, 年度). */
  periodParam: 'period' | 'year';
  /** The second grouping: its column heading, section heading and labels. */
  groupWord: string;
  groupHeading: string;
  groupLabels: Readonly<Record<string, string>>;
  /** A column of the missing list for the entity's county-level unit (bases only). */
  countyColumn: string | null;
  /** The admin's schedule page. */
  scheduleHash: string;
}

export interface ProgramDesc {
  program: 'bases' | 'platforms' | 'carriers';
  /** `/api/{entityPath}/{id}/filings/{period}`. */
  entityPath: 'bases' | 'platforms' | 'carriers';
  /** Quarters for bases, years for platforms. */
  periodCheck: (p: string) => boolean;
  /** What a filer is called: 基地 / 窗口平台. */
  label: string;
  /** The role that files for one entity. */
  filerRole: 'base' | 'platform' | 'carrier';
  /** The token field naming the filer's entity. */
  idKey: 'baseId' | 'platformId' | 'carrierId';
  /** Query string for program-wide endpoints (`?program=…`); empty for the default, bases. */
  query: string;
  formTitle: (period: string) => string;
  /** The period the warnings compare with, in words. */
  previousLabel: string;
  /** The filer's home page and the admin's page of one entity. */
  homeHash: string;
  entityHash: (id: string) => string;
  /** The entity's form and read-only view of one period. */
  formHash: (id: string, period: string) => string;
  viewHash: (id: string, period: string) => string;
  /** The review queue: the admin's 审核, with two-level review a city's 初审 (views/review.ts). */
  reviewHash: string;
  precheckHash: string;
  /** The query of GET /api/catalog/{period} for one entity (a carrier's catalog is its plan's). */
  catalogQuery: (id: string) => string;
  /** Whether the program has the Excel template round trip and the printed form. */
  template: boolean;
  /** sessionStorage key part for unsaved input: ids of two programs may coincide. */
  draftKey: (id: string) => string;
  reports: ReportsDesc;
}

export const BASES: ProgramDesc = {
  program: 'bases',
  entityPath: 'bases',
  periodCheck: isQuarter,
  label: '基地',
  filerRole: 'base',
  idKey: 'baseId',
  query: '',
  formTitle: (p) => `${periodLabel(p)}运营情况填报`,
  previousLabel: '上季度',
  homeHash: '#/periods',
  entityHash: (id) => `#/bases/${encodeURIComponent(id)}`,
  formHash: (id, p) => `#/filing/${encodeURIComponent(id)}/${p}`,
  viewHash: (id, p) => `#/view/${encodeURIComponent(id)}/${p}`,
  reviewHash: '#/review',
  precheckHash: '#/precheck',
  catalogQuery: () => '',
  template: true,
  draftKey: (id) => id,
  reports: {
    word: '基地',
    programLabel: '创业创新基地',
    captionLabel: '',
    navPrefix: '',
    completenessNote: '创业创新基地按季度报送数据的情况',
    periodParam: 'period',
    groupWord: '级别',
    groupHeading: '按基地级别',
    groupLabels: LEVEL_LABELS,
    countyColumn: '县市区',
    scheduleHash: '#/schedules',
  },
};

export const PLATFORMS: ProgramDesc = {
  program: 'platforms',
  entityPath: 'platforms',
  periodCheck: isYear,
  label: '窗口平台',
  filerRole: 'platform',
  idKey: 'platformId',
  query: '?program=platforms',
  formTitle: (p) => `${periodLabel(p)}窗口平台线上服务情况填报`,
  previousLabel: '上年',
  homeHash: '#/my-platform',
  entityHash: (id) => `#/platforms/${encodeURIComponent(id)}`,
  formHash: (id, p) => `#/platform-filing/${encodeURIComponent(id)}/${p}`,
  viewHash: (id, p) => `#/platform-view/${encodeURIComponent(id)}/${p}`,
  reviewHash: '#/platform-review',
  precheckHash: '#/platform-precheck',
  catalogQuery: () => '?program=platforms',
  template: true,
  // `:` never occurs in an id ([a-z0-9-]), so a platform's key cannot meet a base's.
  draftKey: (id) => `platforms:${id}`,
  reports: {
    word: '平台',
    programLabel: '窗口平台',
    captionLabel: '窗口平台',
    navPrefix: '平台',
    completenessNote: '窗口平台按年度报送数据的情况',
    periodParam: 'year',
    groupWord: '平台类型',
    groupHeading: '按平台类型',
    groupLabels: TIER_LABELS,
    countyColumn: null,
    scheduleHash: '#/platform-schedules',
  },
};

export const CARRIERS: ProgramDesc = {
  program: 'carriers',
  entityPath: 'carriers',
  periodCheck: isYear,
  label: '载体',
  filerRole: 'carrier',
  idKey: 'carrierId',
  query: '?program=carriers',
  formTitle: (p) => `${periodLabel(p)}双创特色载体绩效情况填报`,
  previousLabel: '上年',
  homeHash: '#/my-carrier',
  entityHash: (id) => `#/carriers/${encodeURIComponent(id)}`,
  formHash: (id, p) => `#/carrier-filing/${encodeURIComponent(id)}/${p}`,
  viewHash: (id, p) => `#/carrier-view/${encodeURIComponent(id)}/${p}`,
  // Each carrier's catalog is its own plan's indicators of that year.
  reviewHash: '#/carrier-review',
  precheckHash: '#/carrier-precheck',
  catalogQuery: (id) => `?program=carriers&carrierId=${encodeURIComponent(id)}`,
  template: false,
  draftKey: (id) => `carriers:${id}`,
  reports: {
    word: '载体',
    programLabel: '双创特色载体',
    captionLabel: '双创特色载体',
    navPrefix: '载体',
    completenessNote: '双创特色载体按年度报送绩效情况',
    periodParam: 'year',
    groupWord: '载体类型',
    groupHeading: '按载体类型',
    groupLabels: CARRIER_TYPE_LABELS,
    countyColumn: null,
    scheduleHash: '#/carrier-schedules',
  },
};
