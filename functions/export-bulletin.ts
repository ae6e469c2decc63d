// The bulletin export (SPEC §5–6, §12) as its own Lambda: GET /api/bulletins/{period}.xlsx|.docx
// ?scope=&compare=&cohort=&top= → the workbook or the Word document, base64-encoded as API
// Gateway expects for binary bodies. Both carry `x-tongbao-completeness: submitted/expected`,
// and below COMPLETENESS_WARN_BELOW `x-tongbao-warning` (percent-encoded Chinese); HEAD answers
// the same headers, so the web page can ask before downloading. Errors go through the one
// mapper in shared/http.ts.

import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { contentDisposition } from '../shared/bulletin/file-name';
import { MethodNotAllowedError, NotFoundError } from '../shared/errors';
import { docxFile, toHttpError, toRequest, xlsxFile } from '../shared/http';
import { authenticate } from '../shared/use-cases/authenticate';
import { exportBulletin } from '../shared/use-cases/export-bulletin';

const logger = new Logger({ serviceName: 'tongbao-export' });

const PATH = /^\/api\/bulletins\/([^/]+)\.(xlsx|docx)\/?$/;

export async function dispatch(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const req = toRequest(event);
    const m = PATH.exec(req.path);
    if (!m) throw new NotFoundError('接口不存在');
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new MethodNotAllowedError(['GET', 'HEAD']);
    let period: string;
    try {
      period = decodeURIComponent(m[1]!);
    } catch {
      throw new NotFoundError('接口不存在');
    }
    const principal = await authenticate(req.headers.authorization);
    const started = Date.now();
    const format = m[2] as 'xlsx' | 'docx';
    const { fileName, asciiFileName, buffer, completeness } = await exportBulletin(principal, period, req.query, format);
    logger.info('bulletin exported', { period, format, query: req.query, bytes: buffer.length, ms: Date.now() - started });
    const headers: Record<string, string> = {
      'access-control-expose-headers': 'x-tongbao-completeness, x-tongbao-warning',
      ...(completeness ? { 'x-tongbao-completeness': `${completeness.submitted}/${completeness.expected}` } : {}),
      ...(completeness?.warning ? { 'x-tongbao-warning': encodeURIComponent(completeness.warning) } : {}),
    };
    const cd = contentDisposition(fileName, asciiFileName);
    return format === 'docx' ? docxFile(buffer, cd, headers) : xlsxFile(buffer, cd, headers);
  } catch (e) {
    return toHttpError(e, (msg, err) => logger.error(msg, err as Error));
  }
}

export const handler = middy(dispatch);
