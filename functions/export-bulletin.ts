// The bulletin export (SPEC §5–6, §10, §12) as its own Lambda: GET /api/bulletins/{period}.xlsx|.docx
// and a carrier's self-assessment GET /api/carriers/{id}/assessments/{year}.xlsx|.docx
// ?scope=&compare=&cohort=&top=, and the 催报 workbook GET /api/periods/{period}/completeness.xlsx
// ?program= → the workbook or the Word document, base64-encoded as API
// Gateway expects for binary bodies. Both carry `x-tongbao-completeness: submitted/expected`,
// and below COMPLETENESS_WARN_BELOW `x-tongbao-warning` (percent-encoded Chinese); HEAD answers
// the same headers, so the web page can ask before downloading. Errors go through the one
// mapper in shared/http.ts.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { contentDisposition } from '../shared/bulletin/file-name';
import { MethodNotAllowedError, NotFoundError } from '../shared/errors';
import { docxFile, httpHandler, readBody, toHttpError, toRequest, xlsxFile } from '../shared/http';
import { log, recordMetric } from '../shared/observability';
import { authenticate } from '../shared/use-cases/authenticate';
import { exportBulletin } from '../shared/use-cases/export-bulletin';
import { exportAssessment } from '../shared/use-cases/export-carrier';
import { exportCompleteness } from '../shared/use-cases/export-completeness';
import { exportTable } from '../shared/use-cases/export-table';

const PATH = /^\/api\/bulletins\/([^/]+)\.(xlsx|docx)\/?$/;
/** A carrier's self-assessment (SPEC §10), built here too: it is a document of the same kind. */
const ASSESSMENT_PATH = /^\/api\/carriers\/([^/]+)\/assessments\/([^/]+)\.(xlsx|docx)\/?$/;
/** 催报 (issue 19): who has not filed, whom to call, a reminder per city — as a workbook. */
const COMPLETENESS_PATH = /^\/api\/periods\/([^/]+)\/completeness\.(xlsx)\/?$/;

/** 导出Excel of a list page (issue 19): POST {title, columns, rows} → one sheet of text cells. */
const TABLE_PATH = /^\/api\/exports\/table\.xlsx\/?$/;
const TABLE_MAX_BODY = 4 * 1024 * 1024;

export async function dispatch(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    if (TABLE_PATH.test(event.rawPath ?? '')) {
      const req = toRequest(event, TABLE_MAX_BODY);
      if (req.method !== 'POST') throw new MethodNotAllowedError(['POST']);
      const principal = await authenticate(req.headers.authorization);
      const t = await exportTable(principal, readBody(req).data);
      log('tongbao-export').info('table exported', { bytes: t.buffer.length });
      return xlsxFile(t.buffer, contentDisposition(t.fileName, t.asciiFileName));
    }
    const req = toRequest(event);
    const bulletin = PATH.exec(req.path);
    const assessment = bulletin ? null : ASSESSMENT_PATH.exec(req.path);
    const completenessPath = bulletin || assessment ? null : COMPLETENESS_PATH.exec(req.path);
    if (!bulletin && !assessment && !completenessPath) throw new NotFoundError('接口不存在');
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new MethodNotAllowedError(['GET', 'HEAD']);
    let parts: string[];
    try {
      parts = (bulletin ?? assessment ?? completenessPath)!.slice(1).map((x) => decodeURIComponent(x));
    } catch {
      throw new NotFoundError('接口不存在');
    }
    const principal = await authenticate(req.headers.authorization);
    const started = Date.now();
    const format = parts[parts.length - 1] as 'xlsx' | 'docx';
    const { fileName, asciiFileName, buffer, completeness } = bulletin
      ? await exportBulletin(principal, parts[0]!, req.query, format)
      : assessment
        ? await exportAssessment(principal, parts[0]!, parts[1]!, format)
        : { ...(await exportCompleteness(principal, parts[0]!, req.query)), completeness: undefined };
    recordMetric('ExportDuration', Date.now() - started);
    log('tongbao-export').info(bulletin ? 'bulletin exported' : assessment ? 'assessment exported' : 'completeness exported', { path: req.path, format, query: req.query, bytes: buffer.length, ms: Date.now() - started });
    const headers: Record<string, string> = {
      'access-control-expose-headers': 'x-tongbao-completeness, x-tongbao-warning',
      ...(completeness ? { 'x-tongbao-completeness': `${completeness.submitted}/${completeness.expected}` } : {}),
      ...(completeness?.warning ? { 'x-tongbao-warning': encodeURIComponent(completeness.warning) } : {}),
    };
    const cd = contentDisposition(fileName, asciiFileName);
    return format === 'docx' ? docxFile(buffer, cd, headers) : xlsxFile(buffer, cd, headers);
  } catch (e) {
    return toHttpError(e);
  }
}

export const handler = httpHandler('tongbao-export', dispatch);
