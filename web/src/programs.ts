// The reporting programs the pages serve (SPEC §8), as data: where an entity's filings live in
// the API, what a period looks like, how the pages name things. One filing form and one
// periods page serve every program through these descriptors.

import { isQuarter, isYear, periodLabel } from '../../shared/periods';

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
  /** The query of GET /api/catalog/{period} for one entity (a carrier's catalog is its plan's). */
  catalogQuery: (id: string) => string;
  /** Whether the program has the Excel template round trip and the printed form. */
  template: boolean;
  /** sessionStorage key part for unsaved input: ids of two programs may coincide. */
  draftKey: (id: string) => string;
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
  catalogQuery: () => '',
  template: true,
  draftKey: (id) => id,
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
  catalogQuery: () => '?program=platforms',
  template: true,
  // `:` never occurs in an id ([a-z0-9-]), so a platform's key cannot meet a base's.
  draftKey: (id) => `platforms:${id}`,
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
  catalogQuery: (id) => `?program=carriers&carrierId=${encodeURIComponent(id)}`,
  template: false,
  draftKey: (id) => `carriers:${id}`,
};
