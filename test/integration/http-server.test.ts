// The local API Gateway stand-in: request → payload 2.0 event → result → response.

import { connect } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type HttpServer, type HttpServerOptions, startHttpServer } from '../../local/http-server';

const servers: HttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(opts: Partial<HttpServerOptions> & Pick<HttpServerOptions, 'handler'>): Promise<HttpServer> {
  const s = await startHttpServer({ port: 0, ...opts });
  servers.push(s);
  return s;
}

/** A server that records the events it gets and answers 200 {ok:true}. */
async function recorder(opts: Partial<HttpServerOptions> = {}) {
  const events: APIGatewayProxyEventV2[] = [];
  const server = await serve({
    handler: async (e) => {
      events.push(e);
      return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
    },
    ...opts,
  });
  return { server, events };
}

/** Sends a hand-written HTTP/1.1 request (exact header lines, repeated headers) and returns the raw response. */
function rawRequest(port: number, head: string, body = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(`${head.replace(/\n/g, '\r\n')}\r\n\r\n${body}`));
    let out = '';
    socket.on('data', (d) => (out += d.toString('utf8')));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

describe('local HTTP server', () => {
  it('turns a request into an API Gateway payload 2.0 event', async () => {
    const { server, events } = await recorder();
    const res = await rawRequest(
      server.port,
      [
        'POST /api/filings/2025Q1?base=B%2001&x=1&x=2&flag HTTP/1.1',
        `Host: 127.0.0.1:${server.port}`,
        'User-Agent: vitest-agent',
        'X-Multi: a',
        'X-Multi: b',
        'Cookie: session=abc; theme=dark',
        'Content-Type: application/json; charset=utf-8',
        'Content-Length: 15',
        'Connection: close',
      ].join('\n'),
      '{"amount":"12"}',
    );
    expect(res).toMatch(/^HTTP\/1\.1 200/);
    expect(res.endsWith('{"ok":true}')).toBe(true);

    const e = events[0]!;
    expect(e).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/api/filings/2025Q1',
      rawQueryString: 'base=B%2001&x=1&x=2&flag',
      queryStringParameters: { base: 'B 01', x: '1,2', flag: '' },
      cookies: ['session=abc', 'theme=dark'],
      body: '{"amount":"12"}',
      isBase64Encoded: false,
    });
    expect(e.headers).toMatchObject({
      host: `127.0.0.1:${server.port}`,
      'user-agent': 'vitest-agent',
      'x-multi': 'a,b',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(e.headers).not.toHaveProperty('cookie');
    expect(e.requestContext.http).toEqual({
      method: 'POST',
      path: '/api/filings/2025Q1',
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      userAgent: 'vitest-agent',
    });
    expect(e.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(e.requestContext.timeEpoch - Date.now())).toBeLessThan(5_000);
    expect(e.requestContext.time).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    expect(e.requestContext.stage).toBe('$default');
  });

  it('passes binary bodies base64-encoded and decodes base64 results', async () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0xfe]);
    const events: APIGatewayProxyEventV2[] = [];
    const server = await serve({
      handler: async (e): Promise<APIGatewayProxyStructuredResultV2> => {
        events.push(e);
        return {
          statusCode: 201,
          headers: { 'content-type': 'application/octet-stream', 'x-count': 2 },
          cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
          body: e.body,
          isBase64Encoded: true,
        };
      },
    });
    const res = await fetch(`${server.url}/upload`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(res.status).toBe(201);
    expect(events[0]).toMatchObject({ isBase64Encoded: true, body: bytes.toString('base64'), rawQueryString: '' });
    expect(events[0]).not.toHaveProperty('queryStringParameters');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect(res.headers.get('x-count')).toBe('2');
    expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);

    // Form posts and XML are text; a GET has no body at all.
    await fetch(`${server.url}/form`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=%E4%B8%AD' });
    expect(events[1]).toMatchObject({ isBase64Encoded: false, body: 'a=%E4%B8%AD' });
    await fetch(`${server.url}/`);
    expect(events[2]!.isBase64Encoded).toBe(false);
    expect(events[2]).not.toHaveProperty('body');
  });

  it('sends a request to the first route whose path (and method, if given) matches, else to the default handler', async () => {
    const hit: string[] = [];
    const server = await serve({
      handler: async () => {
        hit.push('default');
        return { statusCode: 404 };
      },
      routes: [
        {
          path: /^\/api\/files\/[^/]+$/,
          method: 'GET',
          handler: async () => {
            hit.push('files');
            return { statusCode: 200, body: 'files' };
          },
        },
        {
          path: /^\/api\/admin\//,
          handler: async () => {
            hit.push('admin');
            return { statusCode: 200, body: 'admin' };
          },
        },
        {
          path: /^\/api\//,
          handler: async () => {
            hit.push('api');
            return { statusCode: 200, body: 'api' };
          },
        },
      ],
    });
    expect(await (await fetch(`${server.url}/api/admin/bases`)).text()).toBe('admin');
    expect(await (await fetch(`${server.url}/api/filings`)).text()).toBe('api');
    expect((await fetch(`${server.url}/index.html`)).status).toBe(404);
    expect(await (await fetch(`${server.url}/api/files/a.xlsx`)).text()).toBe('files');
    expect(await (await fetch(`${server.url}/api/files/a.xlsx`, { method: 'DELETE' })).text()).toBe('api');
    expect(hit).toEqual(['admin', 'api', 'default', 'files', 'api']);
  });

  it('answers 413 when the body is too large, declared or streamed', async () => {
    const { server, events } = await recorder({ maxBodyBytes: 1024 });
    const tooLarge = { error: { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' } };

    const declared = await fetch(`${server.url}/api/x`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(5000) });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual(tooLarge);

    // Chunked: no Content-Length, the limit is hit while reading.
    const chunk = 'y'.repeat(600);
    const chunked = await rawRequest(
      server.port,
      ['POST /api/x HTTP/1.1', 'Host: x', 'Content-Type: text/plain', 'Transfer-Encoding: chunked'].join('\n'),
      `${chunk.length.toString(16)}\r\n${chunk}\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
    );
    expect(chunked).toMatch(/^HTTP\/1\.1 413/);
    expect(JSON.parse(chunked.slice(chunked.indexOf('\r\n\r\n') + 4))).toEqual(tooLarge);

    // At the limit is fine.
    const ok = await fetch(`${server.url}/api/x`, { method: 'POST', body: 'z'.repeat(1024) });
    expect(ok.status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it('answers 500 without leaking the error when the handler throws', async () => {
    const logged: string[] = [];
    const server = await serve({
      handler: async () => {
        throw new Error('secret connection string xyz');
      },
      logger: { error: (m, extra) => logged.push(`${m} ${JSON.stringify(extra)}`) },
    });
    const res = await fetch(`${server.url}/api/boom?q=1`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: '服务器内部错误' } });
    expect(text).not.toMatch(/secret|at |\.ts/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('GET /api/boom failed');
    expect(logged[0]).toContain('secret connection string xyz');
  });

  it('says which port is in use and what to do', async () => {
    const { server } = await recorder();
    await expect(startHttpServer({ port: server.port, handler: async () => ({ statusCode: 200 }) })).rejects.toThrow(
      `Port ${server.port} is already in use; set PORT to a free port`,
    );
  });
});
