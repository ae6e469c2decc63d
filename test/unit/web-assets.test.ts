// The web pages as the API function serves them: one JS and one CSS file built by esbuild,
// index.html without inline script or style, a strict CSP, caching, gzip, 304, 404.

import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../functions/api';
import { BUILD_DIR, buildBundles } from '../../infra/build-bundles';
import { serveWeb, WEB_CSP, type WebAssets, webAssets } from '../../shared/web-assets';
import { makeEvent } from '../helpers/api';

let assets: WebAssets;
let jsPath = '';
let cssPath = '';

beforeAll(async () => {
  assets = await webAssets();
  jsPath = Object.keys(assets.files).find((p) => p.endsWith('.js'))!;
  cssPath = Object.keys(assets.files).find((p) => p.endsWith('.css'))!;
}, 60_000);

describe('web assets', () => {
  it('builds index.html, one content-hashed JS and CSS file, a favicon', () => {
    expect(Object.keys(assets.files).sort()).toEqual(['/', '/assets/favicon.svg', cssPath, jsPath].sort());
    expect(jsPath).toMatch(/^\/assets\/app\.[0-9a-f]{16}\.js$/);
    expect(cssPath).toMatch(/^\/assets\/app\.[0-9a-f]{16}\.css$/);
    const html = assets.files['/']!.body;
    expect(html).toContain(`<script type="module" src="${jsPath}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="${cssPath}">`);
    expect(html).toContain('<html lang="zh-CN">');
    // No inline script, no inline style, nothing from another origin.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|<style/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(assets.files[cssPath]!.body).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//);
    // zod's locales are trimmed to zh-CN (+ en): no Hebrew or Russian messages in the bundle.
    expect(assets.files[jsPath]!.body).not.toContain('אות');
    // A budget, not a measurement: 406 KB with the API description page, the registry imports and
    // the national pages (2026-12-07); crossing it should be a decision.
    expect(assets.files[jsPath]!.body.length).toBeLessThan(440_000);
  });

  it('serves / with a strict CSP, security headers and no-cache + ETag', async () => {
    const r = await serveWeb('GET', '/', {});
    expect(r.statusCode).toBe(200);
    const h = r.headers as Record<string, string>;
    expect(h['content-type']).toBe('text/html; charset=utf-8');
    expect(h['content-security-policy']).toBe(WEB_CSP);
    expect(WEB_CSP).toContain("default-src 'self'");
    expect(WEB_CSP).toContain("script-src 'self'");
    expect(WEB_CSP).toContain("frame-ancestors 'none'");
    expect(WEB_CSP).toContain("require-trusted-types-for 'script'");
    expect(WEB_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['cache-control']).toBe('no-cache');
    expect(h.etag).toMatch(/^"[^"]+"$/);
    expect((await serveWeb('GET', '/', { 'if-none-match': h.etag! })).statusCode).toBe(304);
    expect((await serveWeb('GET', '/index.html', {})).body).toBe(r.body);
  });

  it('serves the hashed assets immutable, gzip-compressed when accepted', async () => {
    const plain = await serveWeb('GET', jsPath, {});
    expect((plain.headers as Record<string, string>)['content-type']).toBe('text/javascript; charset=utf-8');
    expect((plain.headers as Record<string, string>)['cache-control']).toBe('public, max-age=31536000, immutable');
    const gz = await serveWeb('GET', jsPath, { 'accept-encoding': 'gzip, deflate, br' });
    const gh = gz.headers as Record<string, string>;
    expect(gh['content-encoding']).toBe('gzip');
    expect(gh.vary).toBe('accept-encoding');
    expect(gz.isBase64Encoded).toBe(true);
    expect(gunzipSync(Buffer.from(gz.body!, 'base64')).toString('utf8')).toBe(plain.body);
    expect(gh.etag).not.toBe((plain.headers as Record<string, string>).etag);
    expect((await serveWeb('GET', jsPath, { 'accept-encoding': 'gzip', 'if-none-match': gh.etag! })).statusCode).toBe(304);
    expect((await serveWeb('GET', cssPath, {})).headers!['content-type']).toBe('text/css; charset=utf-8');
  });

  it('answers 404 for unknown paths and 405 for other methods', async () => {
    expect((await serveWeb('GET', '/assets/app.0000000000000000.js', {})).statusCode).toBe(404);
    expect((await serveWeb('GET', '/etc/passwd', {})).statusCode).toBe(404);
    const post = await serveWeb('POST', '/', {});
    expect(post.statusCode).toBe(405);
    expect((post.headers as Record<string, string>).allow).toBe('GET, HEAD');
  });

  it('is served by the API function for non-/api/ paths; /api/ stays JSON', async () => {
    const page = await dispatch(makeEvent('GET', '/', undefined, { token: null }));
    expect(page.statusCode).toBe(200);
    expect((page.headers as Record<string, string>)['content-security-policy']).toBe(WEB_CSP);
    const api = await dispatch(makeEvent('GET', '/api/nope', undefined, { token: null }));
    expect(api.statusCode).toBe(404);
    expect((api.headers as Record<string, string>)['content-type']).toMatch(/application\/json/);
  });

  it('the Lambda bundle carries the pages (injected at bundle time, no esbuild at run time)', async () => {
    // A fresh clone has no .build/ yet (npm run build makes it), and mkdtemp needs the parent.
    mkdirSync(BUILD_DIR, { recursive: true });
    const outDir = mkdtempSync(path.join(BUILD_DIR, 'web-assets-test-'));
    try {
      const [bundle] = await buildBundles({ only: ['api'], outDir });
      const code = readFileSync(bundle!.outfile, 'utf8');
      expect(code).toContain('湖南省中小微企业创业创新基地数据填报');
      expect(code).not.toMatch(/esbuild[\\/]lib[\\/]main/);
      const mod = (await import(pathToFileURL(bundle!.outfile).href)) as {
        dispatch: (e: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
      };
      const page = await mod.dispatch(makeEvent('GET', '/', undefined, { token: null }));
      expect(page.statusCode).toBe(200);
      expect(page.body).toBe(assets.files['/']!.body);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});
