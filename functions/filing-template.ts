// The Excel round trip of one filing (SPEC §5) as its own Lambda:
//   GET  /api/{bases|platforms}/{id}/filings/{period}/template.xlsx → the pre-filled template
//   POST /api/{bases|platforms}/{id}/filings/{period}/template      → upload it (errors name the cell)
//   POST /api/{bases|platforms|carriers}/import                    → a registry from a CSV or .xlsx
//                                                                     (preview, then all or nothing)
//   GET  /api/{bases|platforms|carriers}/import                    → its last import (rolls back a dead one)
//   GET  /api/{bases|platforms|carriers}/import/template.xlsx      → that import's template
// Its own function because exceljs is 1.1 MB of the bundle: in the API function it doubled the
// cold import (133 → 83 ms without it) of the function that scales out at quarter-end.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { contentDisposition } from '../shared/bulletin/file-name';
import { MethodNotAllowedError, NotFoundError } from '../shared/errors';
import { etag, httpHandler, json, parseIfMatch, readBody, toHttpError, toRequest, xlsxFile } from '../shared/http';
import { countMetric, log } from '../shared/observability';
import { type AnyProgram, BASES, PLATFORMS, type ProgramId, programById } from '../shared/program';
import { authenticate } from '../shared/use-cases/authenticate';
import { downloadTemplate, uploadTemplate } from '../shared/use-cases/filing-template';
import { importJobStatus, importRegistry, importTemplate } from '../shared/use-cases/import-registry';
import { viewOf } from '../shared/use-cases/read-filings';

/** The paths routed here (shared/http-routes.ts). */
const TEMPLATE_PATH = /^\/api\/(bases|platforms)\/([^/]+)\/filings\/([^/]+)\/(template\.xlsx|template)\/?$/;

function pathParams(path: string): { program: AnyProgram; baseId: string; period: string; download: boolean } {
  const m = TEMPLATE_PATH.exec(path);
  if (!m) throw new NotFoundError('接口不存在');
  try {
    const program = m[1] === 'platforms' ? PLATFORMS : BASES;
    return { program, baseId: decodeURIComponent(m[2]!), period: decodeURIComponent(m[3]!), download: m[4] === 'template.xlsx' };
  } catch {
    throw new NotFoundError('接口不存在');
  }
}

/** The registry imports (issue 19): a 2 MB file, base64 in JSON; and their templates. */
const IMPORT_PATH = /^\/api\/(bases|platforms|carriers)\/import(\/template\.xlsx)?\/?$/;
const IMPORT_MAX_BODY = 3 * 1024 * 1024;

export async function dispatch(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const imp = IMPORT_PATH.exec(event.rawPath ?? '');
    if (imp) {
      const program = programById(imp[1] as ProgramId);
      const req = toRequest(event, IMPORT_MAX_BODY);
      if (imp[2]) {
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new MethodNotAllowedError(['GET', 'HEAD']);
        const t = await importTemplate(await authenticate(req.headers.authorization), program);
        return xlsxFile(t.buffer, contentDisposition(t.fileName, `${program.id}-import-template.xlsx`));
      }
      if (req.method === 'GET') return json(200, await importJobStatus(await authenticate(req.headers.authorization), program));
      if (req.method !== 'POST') throw new MethodNotAllowedError(['GET', 'POST']);
      const p = await authenticate(req.headers.authorization);
      const r = await importRegistry(p, program, readBody(req).data);
      log('tongbao-template').info('registry imported', { program: program.id, dryRun: r.dryRun, written: r.written, counts: r.counts, jobId: r.jobId });
      return json(200, r);
    }
    const req = toRequest(event);
    const { program, baseId, period, download } = pathParams(req.path);
    if (download) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new MethodNotAllowedError(['GET', 'HEAD']);
      const t = await downloadTemplate(await authenticate(req.headers.authorization), baseId, period, program);
      return xlsxFile(t.buffer, contentDisposition(t.fileName, `${baseId}-${period}-template.xlsx`));
    }
    if (req.method !== 'POST') throw new MethodNotAllowedError(['POST']);
    const p = await authenticate(req.headers.authorization);
    const r = await uploadTemplate(p, baseId, period, readBody(req).data, parseIfMatch(req.headers['if-match']), program);
    if (r.changed) countMetric('FilingsWritten');
    return json(r.created ? 201 : 200, { ...viewOf(r.filing, program), changed: r.changed, cells: r.cellOf }, { etag: etag(r.filing.version) });
  } catch (e) {
    return toHttpError(e);
  }
}

export const handler = httpHandler('tongbao-template', dispatch);
