// The reporting programs the pages serve (SPEC §8), as data: where an entity's filings live in
// the API, what a period looks like, how the pages name things. One filing form and one
// periods page serve every program through these descriptors.

import { isQuarter, isYear, periodLabel } from '../../shared/periods';

export interface ProgramDesc {
  program: 'bases' | 'platforms';
  /** `/api/{entityPath}/{id}/filings/{period}`. */
  entityPath: 'bases' | 'platforms';
  /** Quarters for bases, years for platforms. */
  periodCheck: (p: string) => boolean;
  /** What a filer is called: 基地 / 窗口平台. */
  label: string;
  /** The role that files for one entity. */
  filerRole: 'base' | 'platform';
  /** Query string for program-wide endpoints (`?program=…`); empty for the default, bases. */
  query: string;
  formTitle: (period: string) => string;
  /** The period the warnings compare with, in words. */
  previousLabel: string;
  /** The filer's home page and the admin's page of one entity. */
  homeHash: string;
  entityHash: (id: string) => string;
  /** sessionStorage key part for unsaved input: ids of two programs may coincide. */
  draftKey: (id: string) => string;
}

export const BASES: ProgramDesc = {
  program: 'bases',
  entityPath: 'bases',
  periodCheck: isQuarter,
  label: '基地',
  filerRole: 'base',
  query: '',
  formTitle: (p) => `${periodLabel(p)}运营情况填报`,
  previousLabel: '上季度',
  homeHash: '#/periods',
  entityHash: (id) => `#/bases/${encodeURIComponent(id)}`,
  draftKey: (id) => id,
};

export const PLATFORMS: ProgramDesc = {
  program: 'platforms',
  entityPath: 'platforms',
  periodCheck: isYear,
  label: '窗口平台',
  filerRole: 'platform',
  query: '?program=platforms',
  formTitle: (p) => `${periodLabel(p)}窗口平台线上服务情况填报`,
  previousLabel: '上年',
  homeHash: '#/my-platform',
  entityHash: (id) => `#/platforms/${encodeURIComponent(id)}`,
  // `:` never occurs in an id ([a-z0-9-]), so a platform's key cannot meet a base's.
  draftKey: (id) => `platforms:${id}`,
};
