// The OpenAPI 3.1 description of the HTTP API (GET /api/openapi.json, the web app's 接口说明
// page, README "API description"). Generated, not written twice: request bodies are the zod
// schemas the handlers parse with (z.toJSONSchema), the filing `values` of every program come
// from its catalog, and the error codes from shared/error-codes.ts. What is written here is what
// a schema cannot say: each operation's summary, who may call it, its parameters and answers.
// test/unit/api-description.test.ts fails when a route of functions/api.ts or
// shared/http-routes.ts, or an exported request schema, is missing here.

import { z } from 'zod';
import { accountRequestSchema, tokenRequestSchema } from './auth';
import { planInputSchema as carrierPlanSchema } from './carriers/plan';
import { carrierInputSchema } from './carriers/registry';
import { type Field, fieldsForPeriod, SERVICE_TAXONOMIES } from './catalog';
import { designationInputSchema } from './designations';
import { ERROR_CODES } from './error-codes';
import { nationalExportSchema, registryImportSchema, tableExportSchema, templateUploadSchema } from './file-requests';
import { batchReviewSchema, filingWriteSchema, reviewSchema } from './filing';
import { PLATFORM_FIELDS } from './platforms/catalog';
import { divisionsInputSchema } from './platforms/divisions';
import { planInputSchema as platformPlanSchema } from './platforms/network';
import { platformInputSchema } from './platforms/registry';
import { baseInputSchema } from './registry';
import { scheduleInputSchema } from './schedule';
import { carrierWriteSchema } from './use-cases/carrier-filing';
import { changeSchema, signInSchema } from './use-cases/manage-accounts';

type Json = Record<string, unknown>;

// ---- request schemas --------------------------------------------------------------------------

export interface SchemaEntry {
  /** The zod schema the handler parses the body with. */
  schema: z.ZodType;
  description: string;
  /** For a schema zod cannot describe (a transform over unknown input): its shape, by hand. */
  jsonSchema?: Json;
}

const money = { type: ['number', 'string'], description: '万元, up to 4 decimals' };

/** Every request body schema, by component name. */
export const REQUEST_SCHEMAS: Record<string, SchemaEntry> = {
  BaseInput: {
    schema: baseInputSchema,
    description: 'A base in the registry (SPEC §2, §11). `effectiveFrom` (a period) says from when a change of city, county, level or cohort holds.',
  },
  PlatformInput: { schema: platformInputSchema, description: 'A window platform in the registry (SPEC §9).' },
  CarrierInput: { schema: carrierInputSchema, description: 'A featured carrier in the registry (SPEC §10).' },
  CarrierPlan: {
    schema: carrierPlanSchema,
    description:
      "A featured carrier's plan (SPEC §10): its own indicators with baseline and yearly targets, and its sub-projects. Versioned and audited; PUT with If-Match.",
    jsonSchema: {
      type: 'object',
      required: ['indicators'],
      additionalProperties: false,
      properties: {
        indicators: {
          type: 'array',
          items: {
            type: 'object',
            required: ['code', 'name', 'unit', 'better', 'baseline', 'targets'],
            properties: {
              code: { type: 'string' },
              name: { type: 'string' },
              unit: { type: 'string' },
              decimals: { type: 'integer', minimum: 0, maximum: 4 },
              better: { type: 'string', enum: ['higher', 'lower'] },
              baseline: { type: 'object', properties: { year: { type: 'integer' }, value: { type: ['number', 'string'] } } },
              targets: { type: 'object', description: 'year → target', additionalProperties: { type: ['number', 'string'] } },
            },
          },
        },
        subProjects: {
          type: 'array',
          items: {
            type: 'object',
            required: ['code', 'name'],
            properties: {
              code: { type: 'string' },
              name: { type: 'string' },
              content: { type: 'string' },
              plannedInvestment: money,
              plannedFund: { type: 'object', properties: { subsidy: money, reward: money, purchase: money } },
            },
          },
        },
      },
    },
  },
  Designation: { schema: designationInputSchema, description: "A base's designation as a demonstration base for a year and level (SPEC §11, seed 004)." },
  Divisions: { schema: divisionsInputSchema, description: 'The county-level units of a 市州 (SPEC §9).' },
  PlatformPlan: { schema: platformPlanSchema, description: "A year's build plan of county and park platforms per 市州 (SPEC §9)." },
  Schedule: {
    schema: scheduleInputSchema,
    description: "A period's schedule, ISO 8601 instants: before opensAt and after closesAt only an admin may write; a first submission after dueAt is late.",
  },
  TokenRequest: {
    schema: tokenRequestSchema,
    description: 'A token for a role; base, platform and carrier tokens name their entity, city tokens their 市州. The token is shown once.',
  },
  AccountRequest: {
    schema: accountRequestSchema,
    description: "A sign-in account (issue 19): the token roles' fields plus a username; without a password one is generated and shown once.",
  },
  SignIn: { schema: signInSchema, description: 'Account name and password; answers a session token. Wrong passwords lock the account with backoff.' },
  PasswordChange: { schema: changeSchema, description: "The signed-in account's current and new password." },
  BaseFilingWrite: { schema: filingWriteSchema, description: "A base's quarterly filing (SPEC §3–4)." },
  PlatformFilingWrite: { schema: filingWriteSchema, description: "A window platform's yearly filing (SPEC §9)." },
  CarrierFilingWrite: {
    schema: carrierWriteSchema,
    description: "A featured carrier's yearly filing (SPEC §10): its indicators' actuals and the details (funds, investment, progress, texts).",
  },
  Review: {
    schema: reviewSchema,
    description: "A review action: accept (admin), return with a comment, reopen (admin), pass (a city's 初审 when two-level review is on).",
  },
  BatchReview: {
    schema: batchReviewSchema,
    description: 'Accept the clean filings among `ids` (a page of the review list) at once; each gets its own version.',
  },
  TemplateUpload: { schema: templateUploadSchema, description: 'A filled-in Excel template of one filing (base64) and the status to save it with.' },
  NationalExport: { schema: nationalExportSchema, description: 'The period of the national bulletin (PROVINCE=全国): a quarter like 2021Q4 or a year.' },
  RegistryImport: {
    schema: registryImportSchema,
    description: 'A registry file (CSV or .xlsx, base64). `dryRun: true` previews; otherwise all rows or none are written.',
  },
  TableExport: { schema: tableExportSchema, description: "A list page's rows as shown, to download as one sheet." },
};

function jsonSchemaOf(e: SchemaEntry): Json {
  const s = e.jsonSchema ?? (z.toJSONSchema(e.schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json);
  const { $schema: _ignored, ...rest } = s;
  return { ...rest, description: e.description };
}

// ---- filing bodies from the catalogs ------------------------------------------------------------

function fieldSchema(f: Field, note = ''): Json {
  const kind = f.type === 'stock' ? 'stock' : 'flow';
  const decimals = f.dp ? `, up to ${f.dp} decimals` : ', whole';
  return {
    type: ['number', 'string'],
    description: `${f.label}(${f.formUnit}${decimals}; ${kind}${f.parent ? `, ≤ ${f.parent}` : ''}${f.allowNegative ? ', may be negative' : ''})${note}`,
  };
}

/** The bases' fields of every service taxonomy (2017: years ≤ 2019; 2020: years ≥ 2020). */
function baseValues(): Json {
  const props: Json = {};
  const years = SERVICE_TAXONOMIES.map((t) => t.version);
  for (const y of years) {
    for (const f of fieldsForPeriod(`${y}Q1`)) {
      if (props[f.code]) continue;
      const only = f.code.startsWith('service.') ? years.filter((v) => fieldsForPeriod(`${v}Q1`).some((g) => g.code === f.code)) : years;
      props[f.code] = fieldSchema(f, only.length < years.length ? ` — service taxonomy ${only.join(', ')} only` : '');
    }
  }
  return props;
}

function filingBody(component: string, name: string, values: Json, extra: Json = {}, note = ''): Json {
  const base = jsonSchemaOf(REQUEST_SCHEMAS[component]!);
  return {
    ...base,
    description: `A filing of ${name} (SPEC §3–4, §8). draft: saved, not counted; submitted: counted. Values as typed in form units (numbers or decimal strings), stored exactly as integers in base units.${note}`,
    properties: {
      ...(base.properties as Json),
      values: {
        type: 'object',
        description: 'catalog field code → value',
        properties: values,
        additionalProperties: Object.keys(values).length ? false : { type: ['number', 'string'] },
      },
      ...extra,
    },
  };
}

const carrierDetails: Json = {
  funds: {
    type: 'object',
    properties: {
      received: { type: 'array', items: { type: 'object', properties: { date: { type: 'string' }, amount: money, source: { type: 'string' } } } },
      disbursed: { type: 'object', description: 'sub-project code → 万元', additionalProperties: money },
    },
  },
  investment: { type: 'object', description: 'sub-project code → 万元', additionalProperties: money },
  progress: { type: 'object', description: 'sub-project code → text', additionalProperties: { type: 'string' } },
  problems: { type: 'string' },
  nextSteps: { type: 'string' },
  suggestions: { type: 'string' },
};

// ---- operations ---------------------------------------------------------------------------------

type Role = 'public' | 'any' | 'admin' | 'admin, city' | 'base, admin' | 'entity, city, admin' | 'entity, admin';

export interface Operation {
  method: 'get' | 'put' | 'post' | 'delete';
  /** OpenAPI path ({param} segments). */
  path: string;
  summary: string;
  /** Who may call it (SPEC §1; `entity`: the filer's own token — base, platform or carrier). */
  who: Role;
  query?: Record<string, string>;
  /** Component name of the JSON body. */
  body?: string;
  /** Success status and what it answers. */
  ok?: [number, string];
  /** The answer is a file (xlsx/docx), not JSON. */
  file?: 'xlsx' | 'docx' | 'xlsx or docx';
  tag: string;
}

const PROGRAM_Q = { program: 'bases (default), platforms or carriers' };
const FILERS = [
  { path: 'bases', id: 'baseId', label: 'base', tag: 'Bases', body: 'BaseFilingWrite' },
  { path: 'platforms', id: 'platformId', label: 'window platform', tag: 'Window platforms', body: 'PlatformFilingWrite' },
  { path: 'carriers', id: 'carrierId', label: 'featured carrier', tag: 'Featured carriers', body: 'CarrierFilingWrite' },
] as const;

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/health',
    summary: 'Health: version, commit and whether the table answers (503 with ok: false when not)',
    who: 'public',
    tag: 'System',
  },
  { method: 'get', path: '/api/openapi.json', summary: 'This OpenAPI description', who: 'public', tag: 'System' },
  { method: 'get', path: '/api/me', summary: 'The signed-in principal and the programs with two-level review', who: 'any', tag: 'System' },
  { method: 'get', path: '/api/province', summary: 'The province served: names, 市州 and default county-level units', who: 'any', tag: 'System' },
  {
    method: 'get',
    path: '/api/catalog/{period}',
    summary: "The fields a filing for the period carries (a carrier's come from its plan: ?carrierId=)",
    who: 'any',
    query: { ...PROGRAM_Q, carrierId: 'with program=carriers: whose plan' },
    tag: 'Filings',
  },
  { method: 'get', path: '/api/bases', summary: 'List the bases (a city: its own)', who: 'admin, city', tag: 'Bases' },
  { method: 'get', path: '/api/bases/{baseId}', summary: 'One base of the registry', who: 'entity, city, admin', tag: 'Bases' },
  {
    method: 'put',
    path: '/api/bases/{baseId}',
    summary: 'Create or change a base (audited)',
    who: 'admin',
    body: 'BaseInput',
    ok: [200, 'changed (201 when created)'],
    tag: 'Bases',
  },
  {
    method: 'put',
    path: '/api/bases/{baseId}/designations/{key}',
    summary: 'Set a designation, key {year}-{level}',
    who: 'admin',
    body: 'Designation',
    tag: 'Bases',
  },
  {
    method: 'get',
    path: '/api/designations',
    summary: 'List designations',
    who: 'admin, city',
    query: { year: 'a year', level: 'national or provincial' },
    tag: 'Bases',
  },
  {
    method: 'get',
    path: '/api/designations/summary',
    summary: 'Designations per year and level: recommended, designated, success rate, cumulative',
    who: 'admin, city',
    tag: 'Bases',
  },
  { method: 'get', path: '/api/platforms', summary: 'List the window platforms', who: 'admin, city', tag: 'Window platforms' },
  { method: 'get', path: '/api/platforms/{platformId}', summary: 'One window platform', who: 'entity, city, admin', tag: 'Window platforms' },
  {
    method: 'put',
    path: '/api/platforms/{platformId}',
    summary: 'Create or change a window platform (audited)',
    who: 'admin',
    body: 'PlatformInput',
    ok: [200, 'changed (201 when created)'],
    tag: 'Window platforms',
  },
  { method: 'get', path: '/api/divisions', summary: 'The county-level units of every 市州', who: 'any', tag: 'Window platforms' },
  { method: 'put', path: '/api/divisions/{city}', summary: "Set a 市州's county-level units", who: 'admin', body: 'Divisions', tag: 'Window platforms' },
  { method: 'get', path: '/api/platform-plans/{year}', summary: "A year's platform build plan", who: 'admin, city', tag: 'Window platforms' },
  {
    method: 'put',
    path: '/api/platform-plans/{year}',
    summary: "Set a year's platform build plan",
    who: 'admin',
    body: 'PlatformPlan',
    tag: 'Window platforms',
  },
  { method: 'get', path: '/api/carriers', summary: 'List the featured carriers', who: 'admin, city', tag: 'Featured carriers' },
  { method: 'get', path: '/api/carriers/{carrierId}', summary: 'One featured carrier', who: 'entity, city, admin', tag: 'Featured carriers' },
  {
    method: 'put',
    path: '/api/carriers/{carrierId}',
    summary: 'Create or change a featured carrier (audited)',
    who: 'admin',
    body: 'CarrierInput',
    ok: [200, 'changed (201 when created)'],
    tag: 'Featured carriers',
  },
  {
    method: 'get',
    path: '/api/carriers/{carrierId}/plan',
    summary: "A carrier's current plan (ETag: its version)",
    who: 'entity, city, admin',
    tag: 'Featured carriers',
  },
  {
    method: 'put',
    path: '/api/carriers/{carrierId}/plan',
    summary: "Set a carrier's plan (versioned, audited; If-Match)",
    who: 'admin',
    body: 'CarrierPlan',
    ok: [200, 'changed (201 when created)'],
    tag: 'Featured carriers',
  },
  {
    method: 'get',
    path: '/api/carriers/{carrierId}/plan/history',
    summary: "Every version of a carrier's plan",
    who: 'entity, city, admin',
    tag: 'Featured carriers',
  },
  {
    method: 'get',
    path: '/api/carriers/{carrierId}/assessments/{file}',
    summary: "A carrier's self-assessment for a year: {year}.xlsx or {year}.docx",
    who: 'entity, city, admin',
    file: 'xlsx or docx',
    tag: 'Exports',
  },
  {
    method: 'post',
    path: '/api/tokens',
    summary: 'Issue a token (shown once; audited)',
    who: 'admin',
    body: 'TokenRequest',
    ok: [201, 'the token record and the token itself'],
    tag: 'Access',
  },
  {
    method: 'get',
    path: '/api/tokens',
    summary: 'List tokens (never the token or its hash)',
    who: 'admin',
    query: { baseId: 'of one base', platformId: 'of one platform' },
    tag: 'Access',
  },
  { method: 'delete', path: '/api/tokens/{tokenId}', summary: 'Revoke a token (audited)', who: 'admin', tag: 'Access' },
  {
    method: 'post',
    path: '/api/accounts',
    summary: 'Create a sign-in account (audited)',
    who: 'admin',
    body: 'AccountRequest',
    ok: [201, 'the account and, once, its password'],
    tag: 'Access',
  },
  { method: 'get', path: '/api/accounts', summary: 'List accounts', who: 'admin', tag: 'Access' },
  { method: 'post', path: '/api/accounts/{username}/reset', summary: "Reset an account's password (shown once; audited)", who: 'admin', tag: 'Access' },
  { method: 'post', path: '/api/accounts/{username}/disable', summary: 'Disable an account (audited)', who: 'admin', tag: 'Access' },
  { method: 'post', path: '/api/accounts/{username}/enable', summary: 'Enable an account again (audited)', who: 'admin', tag: 'Access' },
  { method: 'post', path: '/api/accounts/{username}/unlock', summary: 'Unlock an account locked by wrong passwords (audited)', who: 'admin', tag: 'Access' },
  {
    method: 'post',
    path: '/api/sessions',
    summary: 'Sign in with account and password: a session token',
    who: 'public',
    body: 'SignIn',
    ok: [201, 'the session token, its expiry and the account'],
    tag: 'Access',
  },
  { method: 'delete', path: '/api/sessions/current', summary: 'Sign out (ends this session)', who: 'any', tag: 'Access' },
  { method: 'put', path: '/api/me/password', summary: "Change the signed-in account's password", who: 'any', body: 'PasswordChange', tag: 'Access' },
  { method: 'get', path: '/api/periods', summary: "The schedules of a program's periods", who: 'any', query: PROGRAM_Q, tag: 'Periods' },
  { method: 'put', path: '/api/periods/{period}', summary: "Set a period's schedule", who: 'admin', query: PROGRAM_Q, body: 'Schedule', tag: 'Periods' },
  {
    method: 'get',
    path: '/api/periods/{period}/filings',
    summary: 'Every filing of the period (the review list)',
    who: 'admin, city',
    query: PROGRAM_Q,
    tag: 'Periods',
  },
  {
    method: 'post',
    path: '/api/periods/{period}/review',
    summary: 'Accept the clean filings among the ids (batch)',
    who: 'admin',
    query: PROGRAM_Q,
    body: 'BatchReview',
    tag: 'Periods',
  },
  {
    method: 'get',
    path: '/api/periods/{period}/completeness',
    summary: 'Who filed: expected, submitted, on time, late, missing (with contacts), by city and group',
    who: 'admin, city',
    query: PROGRAM_Q,
    tag: 'Periods',
  },
  {
    method: 'get',
    path: '/api/periods/{period}/completeness.xlsx',
    summary: '催报 workbook: who has not filed, whom to call, a reminder per city',
    who: 'admin, city',
    query: PROGRAM_Q,
    file: 'xlsx',
    tag: 'Exports',
  },
  {
    method: 'get',
    path: '/api/aggregates/{period}',
    summary: 'Exact totals of a period over a scope (integers in base units; means as sum and count)',
    who: 'admin, city',
    query: { ...PROGRAM_Q, scope: 'all (default), city:<市州>, level:national|provincial, cohort:<批次>, tier:city|cluster|county' },
    tag: 'Totals and bulletins',
  },
  {
    method: 'get',
    path: '/api/bulletins/{file}',
    summary: 'The bulletin of a period: {period}.xlsx (workbook) or {period}.docx (Word); HEAD gives x-tongbao-completeness first',
    who: 'admin, city',
    query: {
      ...PROGRAM_Q,
      scope: 'a scope, e.g. city:长沙市',
      compare: 'the period to compare with',
      cohort: 'compare over a cohort',
      top: 'rankings: N (platforms: N,N,N per tier)',
    },
    file: 'xlsx or docx',
    tag: 'Totals and bulletins',
  },
  {
    method: 'post',
    path: '/api/exports/table.xlsx',
    summary: "导出Excel: a list page's rows as a workbook",
    who: 'any',
    body: 'TableExport',
    file: 'xlsx',
    tag: 'Exports',
  },
  ...FILERS.flatMap(({ path, label, tag }): Operation[] => [
    {
      method: 'post',
      path: `/api/${path}/import`,
      summary: `Import ${label} registry rows from a CSV or .xlsx file (preview with dryRun; all or nothing)`,
      who: 'admin',
      body: 'RegistryImport',
      tag,
    },
    { method: 'get', path: `/api/${path}/import`, summary: `The last ${label} registry import (rolls back one that died part-way)`, who: 'admin', tag },
    {
      method: 'get',
      path: `/api/${path}/import/template.xlsx`,
      summary: `The ${label} registry import template (the registry's columns with their Chinese headers)`,
      who: 'admin',
      file: 'xlsx',
      tag,
    },
  ]),
  {
    method: 'post',
    path: '/api/exports/national-bulletins',
    summary: 'Start building the national bulletin (PROVINCE=全国): 202 with the export job',
    who: 'admin',
    body: 'NationalExport',
    ok: [202, 'the export job (queued)'],
    tag: 'Exports',
  },
  {
    method: 'get',
    path: '/api/exports/national-bulletins/{jobId}',
    summary: 'An export job: its state and, when done, a download link that expires',
    who: 'admin',
    tag: 'Exports',
  },
  {
    method: 'get',
    path: '/api/audit',
    summary: 'The audit log, newest first',
    who: 'admin',
    query: { baseId: 'of one base', platformId: 'of one platform', period: 'of one period', limit: '1–5000, default 500' },
    tag: 'Access',
  },
  ...FILERS.flatMap(({ path, id, label, tag, body }): Operation[] => [
    { method: 'get', path: `/api/${path}/{${id}}/filings`, summary: `Every filing of a ${label}`, who: 'entity, city, admin', tag },
    {
      method: 'get',
      path: `/api/${path}/{${id}}/filings/{period}`,
      summary: `A ${label}'s filing: status, values, warnings (ETag: its version)`,
      who: 'entity, city, admin',
      tag,
    },
    {
      method: 'put',
      path: `/api/${path}/{${id}}/filings/{period}`,
      summary: `Save (draft) or submit a ${label}'s filing; If-Match guards against overwriting`,
      who: 'entity, admin',
      body,
      ok: [200, 'the filing (201 when created); `changed: false` for an identical repeat'],
      tag,
    },
    {
      method: 'get',
      path: `/api/${path}/{${id}}/filings/{period}/history`,
      summary: `Every version of a ${label}'s filing: who, when, what changed`,
      who: 'entity, city, admin',
      tag,
    },
    {
      method: 'post',
      path: `/api/${path}/{${id}}/filings/{period}/review`,
      summary: `Review a ${label}'s filing: accept, return, reopen, pass`,
      who: 'admin, city',
      body: 'Review',
      tag,
    },
  ]),
  ...FILERS.filter((f) => f.path !== 'carriers').flatMap(({ path, id, label, tag }): Operation[] => [
    {
      method: 'get',
      path: `/api/${path}/{${id}}/filings/{period}/template.xlsx`,
      summary: `A ${label}'s filing as a pre-filled Excel template`,
      who: 'entity, city, admin',
      file: 'xlsx',
      tag,
    },
    {
      method: 'post',
      path: `/api/${path}/{${id}}/filings/{period}/template`,
      summary: `Upload a filled-in template (errors name the cell)`,
      who: 'entity, admin',
      body: 'TemplateUpload',
      ok: [200, 'the filing (201 when created)'],
      tag,
    },
  ]),
  { method: 'get', path: '/', summary: 'The web app (index.html)', who: 'public', tag: 'Web app' },
  { method: 'get', path: '/assets/{file}', summary: "The web app's scripts and styles (content-hashed, cached a year)", who: 'public', tag: 'Web app' },
];

// ---- the document -------------------------------------------------------------------------------

const errorResponse = (description: string): Json => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
});

const opId = (o: Operation) =>
  o.path === '/'
    ? `${o.method}WebApp`
    : o.method +
      o.path
        .split(/[/.{}-]+/)
        .filter(Boolean)
        .map((s) => s[0]!.toUpperCase() + s.slice(1))
        .join('');

function operation(o: Operation): Json {
  const params = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const query = Object.entries(o.query ?? {}).map(([name, description]) => ({ name, in: 'query', required: false, description, schema: { type: 'string' } }));
  const ifMatch = o.method === 'put' && /filings\/\{period\}$|\/plan$/.test(o.path) ? [{ $ref: '#/components/parameters/IfMatch' }] : [];
  const [status, okText] = o.ok ?? [o.method === 'post' && o.body ? 200 : 200, 'OK'];
  const fileTypes = o.file
    ? o.file
        .split(' or ')
        .map((t) =>
          t === 'xlsx'
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        )
    : [];
  const ok: Json = o.file
    ? {
        description: `the ${o.file} file (Content-Disposition names it)`,
        content: Object.fromEntries(fileTypes.map((t) => [t, { schema: { type: 'string', contentMediaType: t } }])),
        headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
      }
    : o.path.startsWith('/api/')
      ? {
          description: okText,
          content: { 'application/json': { schema: { type: 'object' } } },
          headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
        }
      : { description: 'the page or file', content: { 'text/html': { schema: { type: 'string' } } } };
  const responses: Json = { [String(status)]: ok };
  if (o.path.startsWith('/api/')) {
    if (o.body || o.query || params.length) responses['400'] = { $ref: '#/components/responses/BadRequest' };
    if (o.who !== 'public') responses['401'] = { $ref: '#/components/responses/Unauthorized' };
    if (o.who !== 'public' && o.who !== 'any') responses['403'] = { $ref: '#/components/responses/Forbidden' };
    if (params.length) responses['404'] = { $ref: '#/components/responses/NotFound' };
    if (ifMatch.length || o.body === 'Review') responses['409'] = { $ref: '#/components/responses/Conflict' };
    if (/FilingWrite$|TemplateUpload/.test(o.body ?? '')) responses['422'] = { $ref: '#/components/responses/WarningsUnconfirmed' };
    if (!Object.keys(responses).some((k) => k.startsWith('4'))) responses['405'] = { $ref: '#/components/responses/MethodNotAllowed' };
    responses['503'] = { $ref: '#/components/responses/ServiceUnavailable' };
  } else responses['404'] = { description: 'no such page', content: { 'text/plain': { schema: { type: 'string' } } } };
  return {
    operationId: opId(o),
    summary: o.summary,
    description: `Who: ${o.who === 'public' ? 'anyone, no token' : o.who === 'any' ? 'any signed-in user' : o.who.replace('entity', 'the filer itself')}.`,
    tags: [o.tag],
    ...(o.who === 'public' ? { security: [] } : {}),
    ...(params.length || query.length || ifMatch.length ? { parameters: [...params, ...query, ...ifMatch] } : {}),
    ...(o.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: `#/components/schemas/${o.body}` } },
              ...(/FilingWrite$/.test(o.body)
                ? {
                    'application/x-www-form-urlencoded': {
                      schema: { type: 'object', description: 'the same flat field names: status, confirmWarnings, explanation and each value code' },
                    },
                  }
                : {}),
            },
          },
        }
      : {}),
    responses,
  };
}

function buildDocument(version: string): Json {
  const schemas: Json = {};
  for (const [name, e] of Object.entries(REQUEST_SCHEMAS)) schemas[name] = jsonSchemaOf(e);
  schemas.BaseFilingWrite = filingBody('BaseFilingWrite', 'a base (quarterly)', baseValues());
  schemas.PlatformFilingWrite = filingBody(
    'PlatformFilingWrite',
    'a window platform (yearly)',
    Object.fromEntries(PLATFORM_FIELDS.map((f) => [f.code, fieldSchema(f)])),
  );
  schemas.CarrierFilingWrite = filingBody(
    'CarrierFilingWrite',
    'a featured carrier (yearly)',
    {},
    carrierDetails,
    " `values` holds the carrier's own indicators, from its plan (GET /api/catalog/{year}?program=carriers&carrierId=…).",
  );
  schemas.ErrorCode = {
    type: 'string',
    description:
      'Every error code (docs/error-codes.md):\n\n' +
      Object.entries(ERROR_CODES)
        .map(([c, e]) => `- \`${c}\` (${e.status.join(', ')}): ${e.when}`)
        .join('\n'),
    enum: Object.keys(ERROR_CODES),
  };
  schemas.Error = {
    type: 'object',
    description: 'Every error: a stable code, a Chinese message, and per field messages when fields are at fault.',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { $ref: '#/components/schemas/ErrorCode' },
          message: { type: 'string', description: 'for people, in Chinese' },
          fields: { type: 'object', description: 'field code → message', additionalProperties: { type: 'string' } },
        },
      },
    },
  };
  const paths: Record<string, Json> = {};
  for (const o of OPERATIONS) (paths[o.path] ??= {})[o.method] = operation(o);
  const tags = [...new Set(OPERATIONS.map((o) => o.tag))].map((name) => ({ name, description: TAG_TEXT[name] ?? name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tongbao (通报) API',
      version,
      description:
        'Filings of SME innovation bases, window platforms and featured carriers, their exact totals and the bulletins (SPEC §5, §8–§12). JSON in and out; integers in base units (bigints as exact digits). Every response carries `x-request-id`: quote it when reporting a problem.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/', description: 'the same origin as the web app' }],
    security: [{ bearer: [] }],
    tags,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token (POST /api/tokens) or a session token (POST /api/sessions).' } },
      headers: {
        RequestId: {
          description: "The request id (API Gateway's): the correlation_id of the request's log lines and EMF metrics.",
          schema: { type: 'string' },
        },
      },
      parameters: {
        IfMatch: {
          name: 'if-match',
          in: 'header',
          required: false,
          description: 'The version you read ("3"): a stale one gets 409 VERSION_CONFLICT and changes nothing.',
          schema: { type: 'string' },
        },
      },
      responses: {
        BadRequest: errorResponse('The request is malformed or its content invalid (BAD_REQUEST, VALIDATION_FAILED, INVALID_…): nothing was stored.'),
        Unauthorized: errorResponse('No valid token (UNAUTHORIZED).'),
        Forbidden: errorResponse('The token may not do this (FORBIDDEN, PERIOD_CLOSED, …).'),
        NotFound: errorResponse('No such resource (…_NOT_FOUND, NO_DATA).'),
        Conflict: errorResponse('The state does not allow it (VERSION_CONFLICT, INVALID_TRANSITION, FILING_LOCKED, …): nothing was changed.'),
        WarningsUnconfirmed: errorResponse('Warnings to confirm (WARNINGS_UNCONFIRMED): resend with confirmWarnings: true and an explanation.'),
        MethodNotAllowed: errorResponse('The path does not take this method (METHOD_NOT_ALLOWED); the Allow header lists those it takes.'),
        ServiceUnavailable: errorResponse('DynamoDB is busy (SERVICE_UNAVAILABLE): nothing half-written; retry after Retry-After.'),
      },
      schemas,
    },
  };
}

const TAG_TEXT: Record<string, string> = {
  System: 'Health, this description, the signed-in user, the province.',
  Bases: '创业创新基地: registry, designations, import (SPEC §2, §11).',
  'Window platforms': '窗口平台: registry, county-level units, build plans (SPEC §9).',
  'Featured carriers': '双创特色载体: registry and versioned plans (SPEC §10).',
  Filings: 'What a filing carries.',
  Access: 'Tokens, accounts, sessions, the audit log (SPEC §1).',
  Periods: 'Schedules, review lists, completeness (SPEC §2, §4).',
  'Totals and bulletins': 'Exact aggregates and the bulletin workbook / Word document (SPEC §5–6, §12).',
  Exports: 'Other downloads: self-assessments, 催报, list pages.',
  'Web app': 'The pages, served by the API function.',
};

let cached: { version: string; doc: Json } | undefined;

/** The OpenAPI document (built once per process). */
export function openApiDocument(version: string): Json {
  if (cached?.version !== version) cached = { version, doc: buildDocument(version) };
  return cached.doc;
}
