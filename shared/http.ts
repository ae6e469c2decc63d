// HTTP plumbing shared by the Lambda handlers: request parsing with size and content-type
// checks, bigint-safe JSON, security headers, and the one error-to-HTTP mapper.

import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { z } from 'zod';
import { config } from './config';
import {
  AccountLockedError,
  AppError,
  BadRequestError,
  type ErrorBody,
  type FieldMessages,
  MethodNotAllowedError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
  WarningsUnconfirmedError,
} from './errors';
import { parseJsonExact } from './exact-json';
import { countMetric, log, withInvocation } from './observability';

// zod's own messages (wrong types, missing objects) in Chinese, like every message we write.
z.config(z.locales.zhCN());

export type HttpResult = APIGatewayProxyStructuredResultV2;

export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
};

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** JSON text for values that may hold bigints (sums beyond 2^53 stay exact digits). */
export function toJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : toJson(v))).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(`${JSON.stringify(k)}:${toJson(v)}`);
  return `{${parts.join(',')}}`;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'content-security-policy': API_CSP, ...SECURITY_HEADERS, ...headers },
    body: toJson(body),
  };
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A workbook download (bulletin, filing template): binary body, the given Content-Disposition. */
export function xlsxFile(buffer: Buffer, contentDisposition: string, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': XLSX_CONTENT_TYPE,
      'content-disposition': contentDisposition,
      'content-security-policy': API_CSP,
      ...SECURITY_HEADERS,
      ...headers,
    },
    body: buffer.toString('base64'),
    isBase64Encoded: true,
  };
}

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A Word document download (the bulletin as a 公文): binary body, the given Content-Disposition and extra headers. */
export function docxFile(buffer: Buffer, contentDisposition: string, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': DOCX_CONTENT_TYPE,
      'content-disposition': contentDisposition,
      'content-security-policy': API_CSP,
      ...SECURITY_HEADERS,
      ...headers,
    },
    body: buffer.toString('base64'),
    isBase64Encoded: true,
  };
}

/**
 * Maps any error to a response. Unknown errors become a bare 500: no stack, no internal names
 * (the stack goes to the invocation's log, with its correlation id). Counts the refusals the
 * dashboard shows: invalid content (ValidationFailures) and stale writes (VersionConflicts).
 */
export function toHttpError(e: unknown): HttpResult {
  if (e instanceof AppError) {
    if (e instanceof ValidationError || e instanceof WarningsUnconfirmedError) countMetric('ValidationFailures');
    if (e.code === 'VERSION_CONFLICT') countMetric('VersionConflicts');
    const extra: Record<string, string> = e.status === 503 ? { 'retry-after': '1' } : {};
    if (e instanceof MethodNotAllowedError) extra.allow = e.allow.join(', ');
    if (e instanceof AccountLockedError) extra['retry-after'] = String(Math.max(1, Math.ceil((Date.parse(e.until) - Date.now()) / 1000)));
    return json(e.status, { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } } satisfies ErrorBody, extra);
  }
  const name = (e as Error | undefined)?.name ?? '';
  // Throttling that outlasted the SDK's retries: nothing was written, the client may retry.
  if (
    /Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded|TimeoutError|ECONNREFUSED|ECONNRESET|TransactionConflict/.test(
      name + String((e as Error)?.message ?? ''),
    )
  )
    return json(503, { error: { code: 'SERVICE_UNAVAILABLE', message: '系统繁忙,请稍后重试' } } satisfies ErrorBody, { 'retry-after': '1' });
  log().error('unhandled error', e as Error);
  return json(500, { error: { code: 'INTERNAL', message: '服务器内部错误,请稍后重试' } } satisfies ErrorBody);
}

/**
 * zod issues → {field: message}, the field named by its dotted path. The result has no
 * prototype, so a field a client names `__proto__` is reported like any other.
 */
export function zodFields(error: z.ZodError): FieldMessages {
  const out: FieldMessages = Object.create(null);
  for (const issue of error.issues) {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys')
      for (const k of issue.keys) {
        const key = [...at, k].join('.').slice(0, 80);
        out[key] = `未知字段「${key}」`;
      }
    else {
      const key = at.length ? at.join('.') : '_';
      // zod's default message for an absent field ends in "undefined"; ours name the field.
      const missing = issue.code === 'invalid_type' && /undefined$/.test(issue.message);
      out[key] ??= missing ? `${key}:必填` : issue.message;
    }
  }
  return out;
}

/** Parses with a zod schema, throwing a 400 that names every bad field. */
export function parseWith<T>(schema: z.ZodType<T>, input: unknown, message = '请求内容有误'): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationError(zodFields(r.error), message, 'BAD_REQUEST');
  return r.data;
}

export interface Request {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  rawBody: string | undefined;
}

/** `maxBodyBytes`: a larger limit for the routes that take a file (imports, table exports). */
export function toRequest(event: APIGatewayProxyEventV2, maxBodyBytes = config.maxBodyBytes): Request {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  let rawBody: string | undefined;
  if (event.body !== undefined && event.body !== null && event.body !== '') {
    const size = event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body);
    if (size > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
    rawBody = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries(event.queryStringParameters ?? {})) if (v !== undefined) query[k] = v;
  return { method: event.requestContext?.http?.method?.toUpperCase() ?? 'GET', path: event.rawPath ?? '/', query, headers, rawBody };
}

export type BodyKind = 'json' | 'form';

/** Decodes the body by content type; only JSON (and, where allowed, urlencoded forms) are accepted. */
export function readBody(req: Request, allowForm = false): { kind: BodyKind; data: unknown } {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (req.rawBody === undefined) throw new BadRequestError('EMPTY_BODY', '请求内容为空');
  if (type === 'application/json') {
    try {
      return { kind: 'json', data: parseJsonExact(req.rawBody) };
    } catch {
      throw new BadRequestError('INVALID_JSON', '请求内容不是有效的 JSON');
    }
  }
  if (allowForm && type === 'application/x-www-form-urlencoded') {
    const form: Record<string, string> = Object.create(null);
    for (const [k, v] of new URLSearchParams(req.rawBody)) {
      if (k in form) throw new BadRequestError('DUPLICATE_FIELD', `字段「${k.slice(0, 60)}」重复`, { [k.slice(0, 60)]: '字段重复' });
      form[k] = v;
    }
    return { kind: 'form', data: form };
  }
  throw new UnsupportedMediaTypeError();
}

/** `If-Match: "3"` → 3; absent → undefined. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new BadRequestError('BAD_IF_MATCH', 'If-Match 应为报表版本号,如 "3"');
  return Number(m[1]);
}

export const etag = (version: number) => `"${version}"`;

/** The response header that names the request, for a user to quote and an operator to find in the logs. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * An HTTP function's Lambda handler: one invocation per request, correlated by API Gateway's
 * request id (the local server makes one per request the same way), which every response
 * carries as `x-request-id` — errors included.
 */
export function httpHandler(service: string, dispatch: (event: APIGatewayProxyEventV2) => Promise<HttpResult>) {
  return (event: APIGatewayProxyEventV2, context?: Context): Promise<HttpResult> => {
    const id = event.requestContext?.requestId || randomUUID();
    return withInvocation(service, id, context, async () => {
      let r: HttpResult;
      try {
        r = await dispatch(event);
      } catch (e) {
        r = toHttpError(e);
      }
      return { ...r, headers: { ...r.headers, [REQUEST_ID_HEADER]: id } };
    });
  };
}
