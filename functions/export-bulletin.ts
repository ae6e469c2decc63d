// The bulletin export (SPEC §5–6) as its own Lambda: GET /api/bulletins/{period}.xlsx
// ?scope=&compare=&cohort=&top= → the workbook, base64-encoded as API Gateway expects for
// binary bodies. Errors go through the one mapper in shared/http.ts.

import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { contentDisposition } from '../shared/bulletin/file-name';
import { MethodNotAllowedError, NotFoundError } from '../shared/errors';
import { toHttpError, toRequest, xlsxFile } from '../shared/http';
import { authenticate } from '../shared/use-cases/authenticate';
import { exportBulletin } from '../shared/use-cases/export-bulletin';

const logger = new Logger({ serviceName: 'tongbao-export' });

const PATH = /^\/api\/bulletins\/([^/]+)\.xlsx\/?$/;

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
    const { fileName, asciiFileName, buffer } = await exportBulletin(principal, period, req.query);
    logger.info('bulletin exported', { period, query: req.query, bytes: buffer.length, ms: Date.now() - started });
    return xlsxFile(buffer, contentDisposition(fileName, asciiFileName));
  } catch (e) {
    return toHttpError(e, (msg, err) => logger.error(msg, err as Error));
  }
}

export const handler = middy(dispatch);
