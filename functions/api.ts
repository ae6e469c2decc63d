// The HTTP API (SPEC §5) as one Lambda behind an HTTP API. Each route only parses the request,
// calls a use case and maps the result; errors go through the one mapper in shared/http.ts.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { openApiDocument } from '../shared/api-description';
import { type Principal, requireAdmin } from '../shared/auth';
import { buildInfo } from '../shared/build-info';
import { taxonomyForYear } from '../shared/catalog';
import { config } from '../shared/config';
import { BadRequestError, MethodNotAllowedError, NotFoundError } from '../shared/errors';
import { etag, type HttpResult, httpHandler, json, parseIfMatch, type Request, readBody, toHttpError, toRequest } from '../shared/http';
import { countMetric } from '../shared/observability';
import { yearOf } from '../shared/periods';
import { type AnyProgram, BASES, CARRIERS, PLATFORMS } from '../shared/program';
import { listAudit } from '../shared/store/audit';
import { withPrefetch } from '../shared/store/prefetch';
import { authenticate } from '../shared/use-cases/authenticate';
import { carrierCatalog } from '../shared/use-cases/carrier-filing';
import { checkHealth } from '../shared/use-cases/check-health';
import {
  changeOwnPassword,
  createAccount,
  disableAccount,
  enableAccount,
  listAccounts,
  resetPassword,
  signIn,
  signOut,
  unlockAccount,
} from '../shared/use-cases/manage-accounts';
import { putPlanOfCarrier, readPlanHistory, readPlanOfCarrier } from '../shared/use-cases/manage-carrier-plans';
import { designationSummary, listDesignations, putDesignation } from '../shared/use-cases/manage-designations';
import {
  allDivisions,
  checkBaseId,
  checkEntityId,
  listBases,
  listRegistry,
  putDivision,
  putPlan,
  readableBase,
  readableEntity,
  readPlan,
  upsertBase,
  upsertCarrier,
  upsertPlatform,
} from '../shared/use-cases/manage-registry';
import { issueToken, listTokens, revokeToken } from '../shared/use-cases/manage-tokens';
import { provinceAnswer } from '../shared/use-cases/principal-province';
import { checkPeriod, programOfQuery, readAggregates } from '../shared/use-cases/read-aggregates';
import { listEntityFilings, listPeriodFilings, readFiling, readHistory, viewOf } from '../shared/use-cases/read-filings';
import { reportCompleteness } from '../shared/use-cases/report-completeness';
import { listSchedules, schedulePeriod } from '../shared/use-cases/schedule-period';
import { filingWriteKeys, reviewBatch, reviewFiling, submitFiling } from '../shared/use-cases/submit-filing';
import { serveWeb } from '../shared/web-assets';

type Params = Record<string, string>;
type RouteHandler = (req: Request, params: Params, who: () => Promise<Principal>) => Promise<HttpResult>;

interface Route {
  method: string;
  path: string;
  pattern: RegExp;
  names: string[];
  run: RouteHandler;
}

const routes: Route[] = [];
function route(method: string, path: string, run: RouteHandler) {
  const names: string[] = [];
  const pattern = new RegExp(
    '^' +
      path.replace(/\{(\w+)\}/g, (_, n: string) => {
        names.push(n);
        return '([^/]+)';
      }) +
      '/?$',
  );
  routes.push({ method, path, pattern, names, run });
}

const FORM_BOOLEAN = new Map(Object.entries({ true: true, on: true, '1': true, yes: true, false: false, off: false, '0': false, no: false, '': false }));

/** Splits a flat urlencoded filing form into the JSON shape: status, confirmWarnings, values. */
function filingBody(req: Request): unknown {
  const body = readBody(req, true);
  if (body.kind === 'json') return body.data;
  const { status, confirmWarnings, explanation, ...values } = body.data as Record<string, string>;
  return {
    status,
    values,
    ...(explanation !== undefined ? { explanation } : {}),
    // A checkbox sends "on"; anything unrecognised is left as text for the schema to refuse.
    ...(confirmWarnings !== undefined ? { confirmWarnings: FORM_BOOLEAN.get(confirmWarnings.trim().toLowerCase()) ?? confirmWarnings } : {}),
  };
}

route('GET', '/api/health', async () => {
  const h = await checkHealth();
  return json(h.ok ? 200 : 503, h);
});

// The OpenAPI description of this API (shared/api-description.ts), for tools and the 接口说明 page.
route('GET', '/api/openapi.json', async () => json(200, openApiDocument(buildInfo().version), { 'cache-control': 'no-cache' }));

// With the programs whose filings a city pre-checks (初审), for the web's review pages.
route('GET', '/api/me', async (_req, _p, who) => json(200, { ...(await who()), twoLevelReview: [...config.twoLevelReview] }));

// The province this deployment serves (PROVINCE, shared/province.ts), for the pages: its names, the
// department that signs, its 市州 in order and their default county-level units (GET /api/divisions
// gives the lists in force, stored ones included). Any signed-in user.
// In a national deployment a province's admin or city user gets their province; a national role
// the national one with the 31 provinces for the pages' selector (README "National deployment").
route('GET', '/api/province', async (_req, _p, who) => json(200, await provinceAnswer(await who())));

// The catalog for a period: every field a filing carries, with labels, units and decimals.
// A carrier's catalog is its own plan's: ?program=carriers&carrierId=….
route('GET', '/api/catalog/{period}', async (req, { period }, who) => {
  const p = await who();
  const program = programOfQuery(req.query.program);
  if (program.catalogFromPlan) return json(200, await carrierCatalog(p, req.query.carrierId ?? '', period!));
  checkPeriod(period!, program);
  const taxonomy = program === BASES ? { taxonomy: taxonomyForYear(yearOf(period!)) } : { program: program.id };
  return json(200, { period, sections: program.sections(period!), ...taxonomy, fields: program.fields(period!) });
});

route('GET', '/api/bases', async (_req, _p, who) => json(200, { bases: await listBases(await who()) }));
route('GET', '/api/bases/{baseId}', async (_req, { baseId }, who) => json(200, await readableBase(await who(), baseId!)));
route('PUT', '/api/bases/{baseId}', async (req, { baseId }, who) => {
  const p = await who();
  const r = await upsertBase(p, baseId!, readBody(req).data);
  return json(r.created ? 201 : 200, r.base);
});

// Designations of demonstration bases (SPEC §11, seed 004).
route('PUT', '/api/bases/{baseId}/designations/{key}', async (req, { baseId, key }, who) =>
  json(200, await putDesignation(await who(), baseId!, key!, readBody(req).data)),
);
route('GET', '/api/designations', async (req, _p, who) =>
  json(200, { designations: await listDesignations(await who(), { year: req.query.year, level: req.query.level }) }),
);
route('GET', '/api/designations/summary', async (_req, _p, who) => json(200, { summary: await designationSummary(await who()) }));

// Window platforms (SPEC §9): registry, county-level units, build plans.
route('GET', '/api/platforms', async (_req, _p, who) => json(200, { platforms: await listRegistry(await who(), PLATFORMS) }));
route('GET', '/api/platforms/{platformId}', async (_req, { platformId }, who) => json(200, await readableEntity(await who(), PLATFORMS, platformId!)));
route('PUT', '/api/platforms/{platformId}', async (req, { platformId }, who) => {
  const r = await upsertPlatform(await who(), platformId!, readBody(req).data);
  return json(r.created ? 201 : 200, r.platform);
});
// Featured carriers (SPEC §10): registry and plans (versioned, audited).
route('GET', '/api/carriers', async (_req, _p, who) => json(200, { carriers: await listRegistry(await who(), CARRIERS) }));
route('GET', '/api/carriers/{carrierId}', async (_req, { carrierId }, who) => json(200, await readableEntity(await who(), CARRIERS, carrierId!)));
route('PUT', '/api/carriers/{carrierId}', async (req, { carrierId }, who) => {
  const r = await upsertCarrier(await who(), carrierId!, readBody(req).data);
  return json(r.created ? 201 : 200, r.carrier);
});
route('GET', '/api/carriers/{carrierId}/plan', async (_req, { carrierId }, who) => {
  const v = await readPlanOfCarrier(await who(), carrierId!);
  return json(200, v, { etag: etag(v.version) });
});
route('PUT', '/api/carriers/{carrierId}/plan', async (req, { carrierId }, who) => {
  const r = await putPlanOfCarrier(await who(), carrierId!, readBody(req).data, parseIfMatch(req.headers['if-match']));
  // Created with 201, like a filing or a registry entry; a change or an identical repeat 200.
  return json(r.created ? 201 : 200, r.plan, { etag: etag(r.plan.version) });
});
route('GET', '/api/carriers/{carrierId}/plan/history', async (_req, { carrierId }, who) =>
  json(200, { versions: await readPlanHistory(await who(), carrierId!) }),
);

route('GET', '/api/divisions', async (_req, _p, who) => {
  await who();
  return json(200, { divisions: await allDivisions() });
});
route('PUT', '/api/divisions/{city}', async (req, { city }, who) => json(200, await putDivision(await who(), city!, readBody(req).data)));
route('GET', '/api/platform-plans/{year}', async (_req, { year }, who) => json(200, await readPlan(await who(), year!)));
route('PUT', '/api/platform-plans/{year}', async (req, { year }, who) => json(200, await putPlan(await who(), year!, readBody(req).data)));

route('POST', '/api/tokens', async (req, _p, who) => {
  const r = await issueToken(await who(), readBody(req).data);
  return json(201, { ...r.record, token: r.token });
});
route('GET', '/api/tokens', async (req, _p, who) =>
  json(200, { tokens: await listTokens(await who(), { baseId: req.query.baseId, platformId: req.query.platformId }) }),
);
route('DELETE', '/api/tokens/{tokenId}', async (_req, { tokenId }, who) => json(200, await revokeToken(await who(), tokenId!)));

// Sign-in accounts (issue 19): admin-managed, audited; a sign-in answers a session token.
route('POST', '/api/accounts', async (req, _p, who) => json(201, await createAccount(await who(), readBody(req).data)));
route('GET', '/api/accounts', async (_req, _p, who) => json(200, { accounts: await listAccounts(await who()) }));
route('POST', '/api/accounts/{username}/reset', async (_req, { username }, who) => json(200, await resetPassword(await who(), username!)));
route('POST', '/api/accounts/{username}/disable', async (_req, { username }, who) => json(200, await disableAccount(await who(), username!)));
route('POST', '/api/accounts/{username}/enable', async (_req, { username }, who) => json(200, await enableAccount(await who(), username!)));
route('POST', '/api/accounts/{username}/unlock', async (_req, { username }, who) => json(200, await unlockAccount(await who(), username!)));
route('POST', '/api/sessions', async (req) => json(201, await signIn(readBody(req).data)));
route('DELETE', '/api/sessions/current', async (_req, _p, who) => json(200, await signOut(await who())));
route('PUT', '/api/me/password', async (req, _p, who) => json(200, await changeOwnPassword(await who(), readBody(req).data)));

// Program-wide endpoints take ?program= (SPEC §8; default the bases).
route('GET', '/api/periods', async (req, _p, who) => {
  await who();
  return json(200, { periods: await listSchedules(programOfQuery(req.query.program)) });
});
route('PUT', '/api/periods/{period}', async (req, { period }, who) =>
  json(200, await schedulePeriod(await who(), period!, readBody(req).data, new Date(), programOfQuery(req.query.program))),
);
route('GET', '/api/periods/{period}/filings', async (req, { period }, who) =>
  json(200, { filings: await listPeriodFilings(await who(), period!, programOfQuery(req.query.program)) }),
);
// Batch accept (issue 19, admin): the clean filings among the ids, each its own version; per-id outcomes.
route('POST', '/api/periods/{period}/review', async (req, { period }, who) =>
  json(200, await reviewBatch(await who(), period!, readBody(req).data, new Date(), programOfQuery(req.query.program))),
);
route('GET', '/api/periods/{period}/completeness', async (req, { period }, who) =>
  json(200, await reportCompleteness(await who(), period!, programOfQuery(req.query.program))),
);

/** A program's filing routes, the same for every program: /api/{bases|platforms}/{id}/filings/… */
function filingRoutes(program: AnyProgram) {
  const base = `/api/${program.path}/{id}/filings`;
  route('GET', base, async (_req, { id }, who) => json(200, await listEntityFilings(await who(), id!, program)));
  route('GET', `${base}/{period}`, async (_req, { id, period }, who) => {
    const f = await readFiling(await who(), id!, period!, program);
    return json(200, f, { etag: etag(f.version) });
  });
  route('PUT', `${base}/{period}`, async (req, { id, period }, who) =>
    // The period-end hot path: everything the write needs is read in one BatchGet.
    withPrefetch(filingWriteKeys(req.headers.authorization, id!, period!, program), async () => {
      const p = await who();
      const r = await submitFiling(p, id!, period!, filingBody(req), parseIfMatch(req.headers['if-match']), undefined, program);
      if (r.changed) countMetric('FilingsWritten');
      return json(r.created ? 201 : 200, { ...viewOf(r.filing, program), changed: r.changed }, { etag: etag(r.filing.version) });
    }),
  );
  route('GET', `${base}/{period}/history`, async (_req, { id, period }, who) => json(200, { versions: await readHistory(await who(), id!, period!, program) }));
  route('POST', `${base}/{period}/review`, async (req, { id, period }, who) => {
    const f = await reviewFiling(await who(), id!, period!, readBody(req).data, parseIfMatch(req.headers['if-match']), new Date(), program);
    return json(200, viewOf(f, program), { etag: etag(f.version) });
  });
}
filingRoutes(BASES);
filingRoutes(PLATFORMS);
filingRoutes(CARRIERS);

// The Excel template round trip (…/template.xlsx, …/template) is functions/filing-template.ts.

route('GET', '/api/aggregates/{period}', async (req, { period }, who) =>
  json(200, await readAggregates(await who(), period!, req.query.scope, programOfQuery(req.query.program))),
);

route('GET', '/api/audit', async (req, _p, who) => {
  requireAdmin(await who());
  const limit = req.query.limit === undefined ? 500 : /^\d{1,4}$/.test(req.query.limit) ? Number(req.query.limit) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000) throw new BadRequestError('BAD_REQUEST', 'limit 应为1-5000的整数', { limit: '格式不正确' });
  if (req.query.baseId !== undefined) checkBaseId(req.query.baseId);
  if (req.query.platformId !== undefined) checkEntityId(PLATFORMS, req.query.platformId);
  if (req.query.period !== undefined) checkPeriod(req.query.period);
  return json(200, { entries: await listAudit({ baseId: req.query.baseId, platformId: req.query.platformId, period: req.query.period, limit }) });
});

/** Every route of this function (method, path): test/unit/api-description.test.ts holds the OpenAPI document to it. */
export const API_ROUTES: ReadonlyArray<{ method: string; path: string }> = routes.map(({ method, path }) => ({ method, path }));

export async function dispatch(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const req = toRequest(event);
    // Everything outside /api/ is the web pages (shared/web-assets.ts).
    if (!req.path.startsWith('/api/')) return await serveWeb(req.method, req.path, req.headers);
    let path: string;
    try {
      path = decodeURI(req.path);
    } catch {
      throw new NotFoundError();
    }
    const matching = routes.filter((r) => r.pattern.test(path));
    if (!matching.length) throw new NotFoundError('接口不存在');
    const r = matching.find((m) => m.method === req.method || (req.method === 'HEAD' && m.method === 'GET'));
    if (!r) {
      const allow = new Set(matching.map((x) => x.method));
      if (allow.has('GET')) allow.add('HEAD');
      throw new MethodNotAllowedError([...allow]);
    }
    const m = r.pattern.exec(path)!;
    const params: Params = {};
    try {
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
    } catch {
      throw new NotFoundError('接口不存在');
    }
    let principal: Promise<Principal> | undefined;
    const who = () => (principal ??= authenticate(req.headers.authorization));
    return await r.run(req, params, who);
  } catch (e) {
    return toHttpError(e);
  }
}

export const handler = httpHandler('tongbao-api', dispatch);
