// Calls the API Lambda handler in-process with API Gateway v2 events, as the HTTP API would.

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export const ADMIN = 'test-admin-token-0123456789';

export interface CallOptions {
  token?: string | null;
  headers?: Record<string, string>;
  /** Raw body (string) instead of JSON. */
  raw?: string;
  contentType?: string;
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: tests walk arbitrary JSON response bodies; expect() checks their shape
  body: any;
  text: string;
}

type Dispatch = (e: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export function makeEvent(method: string, path: string, body: unknown, opts: CallOptions = {}): APIGatewayProxyEventV2 {
  const [rawPath, rawQuery = ''] = path.split('?') as [string, string?];
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const token = opts.token === undefined ? ADMIN : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  let text: string | undefined;
  if (opts.raw !== undefined) text = opts.raw;
  else if (body !== undefined) text = JSON.stringify(body);
  if (text !== undefined) headers['content-type'] ??= opts.contentType ?? 'application/json';
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(rawQuery)) query[k] = v;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: rawQuery,
    headers,
    queryStringParameters: rawQuery ? query : undefined,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: Math.random().toString(36).slice(2),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    body: text,
    isBase64Encoded: false,
  };
}

export function caller(dispatch: Dispatch) {
  return async function call(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<CallResult> {
    const r = await dispatch(makeEvent(method, path, body, opts));
    const text = r.isBase64Encoded ? '' : (r.body ?? '');
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: r.statusCode ?? 200, headers: (r.headers ?? {}) as Record<string, string>, body: parsed, text };
  };
}
