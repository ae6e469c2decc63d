// The bulletin export (SPEC §5–6, §10, §12) as its own Lambda: GET /api/bulletins/{period}.xlsx|.docx
// and a carrier's self-assessment GET /api/carriers/{id}/assessments/{year}.xlsx|.docx
// ?scope=&compare=&cohort=&top=, and the 催报 workbook GET /api/periods/{period}/completeness.xlsx
// ?program= → the workbook or the Word document, base64-encoded as API
// Gateway expects for binary bodies. Both carry `x-tongbao-completeness: submitted/expected`,
// and below COMPLETENESS_WARN_BELOW `x-tongbao-warning` (percent-encoded Chinese); HEAD answers
// the same headers, so the web page can ask before downloading. Errors go through the one
// mapper in shared/http.ts.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { contentDisposition } from '../shared/bulletin/file-name';
import { MethodNotAllowedError, NotFoundError } from '../shared/errors';
import { docxFile, httpHandler, json, readBody, toHttpError, toRequest, xlsxFile } from '../shared/http';
import { log, recordMetric, streamHandler } from '../shared/observability';
import { EXPORT_JOB_PK } from '../shared/store/keys';
import { authenticate } from '../shared/use-cases/authenticate';
import { exportBulletin } from '../shared/use-cases/export-bulletin';
import { exportAssessment } from '../shared/use-cases/export-carrier';
import { exportCompleteness } from '../shared/use-cases/export-completeness';
import { readExportJob, requestNationalExport, runExportJob } from '../shared/use-cases/export-national';
import { exportTable } from '../shared/use-cases/export-table';

const PATH = /^\/api\/bulletins\/([^/]+)\.(xlsx|docx)\/?$/;
/** A carrier's self-assessment (SPEC §10), built here too: it is a document of the same kind. */
const ASSESSMENT_PATH = /^\/api\/carriers\/([^/]+)\/assessments\/([^/]+)\.(xlsx|docx)\/?$/;
/** 催报 (issue 19): who has not filed, whom to call, a reminder per city — as a workbook. */
const COMPLETENESS_PATH = /^\/api\/periods\/([^/]+)\/completeness\.(xlsx)\/?$/;

/** 导出Excel of a list page (issue 19): POST {title, columns, rows} → one sheet of text cells. */
const TABLE_PATH = /^\/api\/exports\/table\.xlsx\/?$/;
const TABLE_MAX_BODY = 4 * 1024 * 1024;

/** The national bulletin, asynchronously (README "National deployment"): POST a job, GET its state and link. */
const JOBS_PATH = /^\/api\/exports\/national-bulletins\/?$/;
const JOB_PATH = /^\/api\/exports\/national-bulletins\/([^/]+)\/?$/;

export async function dispatch(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const jobs = JOBS_PATH.test(event.rawPath ?? '');
    const job = jobs ? null : JOB_PATH.exec(event.rawPath ?? '');
    if (jobs || job) {
      const req = toRequest(event);
      if (jobs && req.method !== 'POST') throw new MethodNotAllowedError(['POST']);
      if (job && req.method !== 'GET') throw new MethodNotAllowedError(['GET']);
      const principal = await authenticate(req.headers.authorization);
      if (jobs) {
        const created = await requestNationalExport(principal, readBody(req).data);
        log('tongbao-export').info('national export queued', { jobId: created.jobId, period: created.period });
        return json(202, created, { location: `/api/exports/national-bulletins/${created.jobId}` });
      }
      return json(200, await readExportJob(principal, job![1]!));
    }
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
    log('tongbao-export').info(bulletin ? 'bulletin exported' : assessment ? 'assessment exported' : 'completeness exported', {
      path: req.path,
      format,
      query: req.query,
      bytes: buffer.length,
      ms: Date.now() - started,
    });
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

/**
 * The export function's second event source: the table's stream, filtered to export-job INSERTs
 * (infra/stateless-stack.ts; locally local/stack.ts). Each new job is built here; a failure is
 * reported as that record's failure, so the stream retries it.
 */
export async function processExportJobs(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
  for (const r of event.Records) {
    const keysOf = r.dynamodb?.Keys;
    if (r.eventName !== 'INSERT' || keysOf?.pk?.S !== EXPORT_JOB_PK || !keysOf.sk?.S) continue;
    try {
      const run = await runExportJob(keysOf.sk.S);
      log('tongbao-export').info('export job', { ...run });
    } catch (e) {
      log('tongbao-export').error('export job failed (the stream retries it)', e as Error);
      batchItemFailures.push({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' });
    }
  }
  return { batchItemFailures };
}

const isStreamEvent = (e: unknown): e is DynamoDBStreamEvent => Array.isArray((e as { Records?: unknown }).Records);

export const requestHandler = httpHandler('tongbao-export', dispatch);
export const jobsHandler = streamHandler('tongbao-export', processExportJobs);
/** One function, two event sources: API requests and the stream's export-job INSERTs. */
export function handler(event: APIGatewayProxyEventV2, context?: Context): Promise<APIGatewayProxyStructuredResultV2>;
export function handler(event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse>;
export function handler(event: APIGatewayProxyEventV2 | DynamoDBStreamEvent, context?: Context) {
  return isStreamEvent(event) ? jobsHandler(event, context) : requestHandler(event, context);
}
