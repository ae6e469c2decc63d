// Serving the web pages (web/) from the API function, same origin as the API.
//
// Where the files come from:
// - On Lambda the API bundle carries them: infra builds them before bundling and esbuild
//   `inject`s .build/web-assets.mjs, which defines the global `__tongbaoWeb` read below.
// - Locally (tsx: `npm start`, tests) there is no such global: the first page request builds
//   them in memory with esbuild (web/build.ts), once per process.
//
// Headers: a strict CSP (no inline script or style, nothing from other origins, Trusted Types
// so no HTML string can ever reach the DOM), the shared security headers, `no-cache` + ETag
// for index.html and year-long immutable caching for the content-hashed /assets files.

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SECURITY_HEADERS } from './http';

export interface WebAsset {
  body: string;
  contentType: string;
  cacheControl: string;
  etag: string;
  /** The body gzip-compressed, base64 (for clients that accept gzip). */
  gzipBase64?: string;
}

export interface WebAssets {
  /** URL path → file. `/` is index.html. */
  files: Record<string, WebAsset>;
  builtAt: string;
}

declare const __tongbaoWeb: WebAssets | undefined;

export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

let loading: Promise<WebAssets> | undefined;

async function buildLocally(): Promise<WebAssets> {
  // A computed specifier: esbuild leaves it alone, so the dev-only builder (and esbuild itself)
  // never end up in a Lambda bundle.
  const builder = ['..', 'web', 'build'].join('/');
  const mod = (await import(builder)) as typeof import('../web/build');
  return mod.buildWebAssets();
}

/** The built pages: inlined in the bundle, else built once on first use. */
export function webAssets(): Promise<WebAssets> {
  if (!loading) {
    const inlined = typeof __tongbaoWeb === 'undefined' ? undefined : __tongbaoWeb;
    loading = inlined ? Promise.resolve(inlined) : buildLocally();
    // A failed build is retried on the next request instead of being cached.
    loading.catch(() => (loading = undefined));
  }
  return loading;
}

const webHeaders = (extra: Record<string, string>): Record<string, string> => ({
  ...SECURITY_HEADERS,
  'content-security-policy': WEB_CSP,
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  ...extra,
});

function plain(status: number, text: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: webHeaders({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }), body: text };
}

/**
 * Answers a GET/HEAD for a non-API path: `/` (and `/index.html`) is the app, `/assets/…` its
 * files; anything else is 404. The app routes with the URL fragment (#/…), so no other path
 * needs to serve index.html.
 */
export async function serveWeb(method: string, path: string, headers: Record<string, string>): Promise<APIGatewayProxyStructuredResultV2> {
  if (method !== 'GET' && method !== 'HEAD') {
    const r = plain(405, '不支持该请求方法');
    r.headers = { ...r.headers, allow: 'GET, HEAD' };
    return r;
  }
  const key = path === '/index.html' ? '/' : path;
  let assets: WebAssets;
  try {
    assets = await webAssets();
  } catch (e) {
    console.error('[web] building the pages failed', e);
    return plain(503, '页面暂不可用:前端资源构建失败');
  }
  const file = assets.files[key];
  if (!file) return plain(404, '页面不存在');
  const gzip = !!file.gzipBase64 && /\bgzip\b/i.test(headers['accept-encoding'] ?? '');
  // Each encoding is its own representation, with its own entity tag.
  const tag = gzip ? file.etag.replace(/"$/, '-gz"') : file.etag;
  const base = webHeaders({ 'content-type': file.contentType, 'cache-control': file.cacheControl, etag: tag, vary: 'accept-encoding' });
  const inm = headers['if-none-match'];
  if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)) return { statusCode: 304, headers: base };
  // For HEAD the server sends the headers only.
  if (gzip) return { statusCode: 200, headers: { ...base, 'content-encoding': 'gzip' }, body: file.gzipBase64, isBase64Encoded: true };
  return { statusCode: 200, headers: base, body: file.body };
}
