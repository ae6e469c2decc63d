// Local stand-in for API Gateway (HTTP API, payload format 2.0) in front of the Lambda handlers:
// each HTTP request becomes the event API Gateway would send, and the handler's result is
// written back the way API Gateway would write it. The handlers themselves are unchanged.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface HttpServerOptions {
  /** 0 = any free port. */
  port: number;
  host?: string;
  /** Handles every request no route claims. */
  handler: HttpHandler;
  /** The first route whose pattern matches the path handles the request (as the HTTP API's more specific routes do). */
  routes?: Array<{ path: RegExp; method?: string; handler: HttpHandler }>;
  /** Larger request bodies are refused with 413. Default 8 MiB. */
  maxBodyBytes?: number;
  logger?: { error(message: string, extra?: Record<string, unknown>): void };
}

export interface HttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's requestContext.time format: 12/Mar/2020:19:03:58 +0000 */
function gatewayTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Content types API Gateway passes as text; everything else arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return true; // no declared type: treated as text, like API Gateway
  const t = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    t.startsWith('text/') ||
    t === 'application/json' ||
    t.endsWith('+json') ||
    t === 'application/xml' ||
    t.endsWith('+xml') ||
    t === 'application/javascript' ||
    t === 'application/x-www-form-urlencoded'
  );
}

function sendJson(res: ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // Drop headers a failed handler result may already have set.
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...extraHeaders });
  res.end(text);
}

/** Reads the body, or returns 'too-large' as soon as it exceeds the limit (without buffering the rest). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.off('end', onEnd);
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/** `requestId`: API Gateway's requestContext.requestId (a fresh one per request if not given). */
export function toGatewayEvent(req: IncomingMessage, body: Buffer, requestId: string = randomUUID()): APIGatewayProxyEventV2 {
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const rawQueryString = q < 0 ? '' : rawUrl.slice(q + 1);

  // Lower-case names, repeated headers joined with ','. Cookies go to `cookies` instead.
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (!values) continue;
    if (name === 'cookie') {
      cookies = values
        .flatMap((v) => v.split(';'))
        .map((c) => c.trim())
        .filter(Boolean);
      continue;
    }
    headers[name] = values.join(',');
  }

  let queryStringParameters: Record<string, string> | undefined;
  if (rawQueryString) {
    queryStringParameters = {};
    for (const [k, v] of new URLSearchParams(rawQueryString)) {
      queryStringParameters[k] = k in queryStringParameters ? `${queryStringParameters[k]},${v}` : v;
    }
  }

  const now = new Date();
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const hasBody = body.length > 0;
  const text = isTextContentType(headers['content-type']);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0]!,
      http: {
        method: req.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: '$default',
      stage: '$default',
      time: gatewayTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: hasBody && !text,
  };
  if (cookies?.length) event.cookies = cookies;
  if (queryStringParameters) event.queryStringParameters = queryStringParameters;
  if (hasBody) event.body = text ? body.toString('utf8') : body.toString('base64');
  return event;
}

function writeResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const status = result.statusCode ?? 200;
  for (const [name, value] of Object.entries(result.headers ?? {})) res.setHeader(name, String(value));
  if (result.cookies?.length) res.setHeader('set-cookie', result.cookies);
  const body = result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  if (body && !res.hasHeader('content-length')) res.setHeader('content-length', body.length);
  res.writeHead(status);
  res.end(body);
}

export function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const host = opts.host ?? '127.0.0.1';
  const maxBodyBytes = opts.maxBodyBytes ?? 8 * 1024 * 1024;
  const routes = opts.routes ?? [];
  const logger = opts.logger ?? { error: (m: string, e?: Record<string, unknown>) => console.error(`[http] ${m}`, e ?? '') };

  const server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0]!;
    // One id per request, as API Gateway makes one: the handlers echo it as x-request-id, and the
    // answers this server gives itself (413, 500) carry it too.
    const requestId = randomUUID();
    try {
      const body = await readBody(req, maxBodyBytes);
      if (body === 'too-large') {
        // Answer at once and close the connection: the rest of the body is never read.
        sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' } }, { connection: 'close', 'x-request-id': requestId });
        res.on('finish', () => req.socket.destroySoon());
        return;
      }
      const event = toGatewayEvent(req, body, requestId);
      const handler = routes.find((r) => (!r.method || r.method === 'ANY' || r.method === method) && r.path.test(path))?.handler ?? opts.handler;
      const result = await handler(event);
      writeResult(res, result ?? {});
    } catch (e) {
      // The stack goes to the log, never to the client.
      logger.error(`${method} ${path} failed`, { requestId, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      sendJson(res, 500, { error: { code: 'INTERNAL', message: '服务器内部错误' } }, { 'x-request-id': requestId });
    }
  });

  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE' ? new Error(`Port ${opts.port} is already in use; set PORT to a free port`) : e);
    };
    server.once('error', onError);
    server.listen(opts.port, host, () => {
      server.off('error', onError);
      const port = (server.address() as AddressInfo).port;
      const urlHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${urlHost}:${port}`,
        port,
        close: () =>
          new Promise<void>((res, rej) => {
            server.close((err) => (err ? rej(err) : res()));
            server.closeAllConnections(); // don't wait for idle keep-alive connections
          }),
      });
    });
  });
}
