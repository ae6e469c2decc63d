// The local object store's downloads (shared/store/objects.ts): GET /objects/<key>?expires=…&
// name=…&sig=… answers the file when the HMAC signature matches and the link has not expired,
// 403 otherwise — what S3 does with a presigned URL. Local runtime only: on AWS the link is S3's.

import { LocalObjectStore, objectStore } from '../shared/store/objects';
import type { HttpHandler } from './http-server';

const CONTENT_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export const OBJECT_ROUTE = /^\/objects\/.+$/;

export const objectDownload: HttpHandler = async (event) => {
  const error = (statusCode: number, code: string, message: string) => ({
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code, message } }),
  });
  const store = objectStore();
  if (!(store instanceof LocalObjectStore)) return error(404, 'NOT_FOUND', '接口不存在');
  if (event.requestContext.http.method !== 'GET') return error(405, 'METHOD_NOT_ALLOWED', '不支持该请求方法');
  let key: string;
  try {
    key = decodeURIComponent((event.rawPath ?? '').slice('/objects/'.length));
  } catch {
    return error(404, 'NOT_FOUND', '文件不存在');
  }
  const r = store.open(key, event.queryStringParameters ?? {});
  if (!r.ok) return r.status === 403 ? error(403, 'LINK_INVALID', `下载链接无效或已过期(${r.reason})`) : error(404, 'NOT_FOUND', '文件不存在');
  return {
    statusCode: 200,
    isBase64Encoded: true,
    headers: {
      'content-type': CONTENT_TYPES[key.slice(key.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(r.fileName)}`,
      'cache-control': 'private, no-store',
    },
    body: r.body.toString('base64'),
  };
};
