// Builds the web pages (web/src) into one JS file, one CSS file and index.html, with esbuild's
// JS API. The result is held in memory as WebAssets (shared/web-assets.ts serves it):
//
// - locally (`npm start`, tests) shared/web-assets.ts calls buildWebAssets() on the first page
//   request, so a clean clone needs no separate build step and an edit to web/ shows after a
//   restart;
// - for Lambda, infra calls writeWebAssetsModule() before bundling functions/api.ts: it writes
//   .build/web-assets.mjs (`export const __tongbaoWeb = {...}`), which esbuild `inject`s into the
//   API bundle, so the deployed function carries its pages and never needs esbuild.
//
//   npx tsx web/build.ts [outDir]            # writes the files to outDir (default .build/web) to look at
//   npx tsx web/build.ts --module <file>     # writes the module injected into the API bundle

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, type BuildResult, build, type Plugin } from 'esbuild';
import type { WebAsset, WebAssets } from '../shared/web-assets';

const WEB_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.join(WEB_DIR, '..');
/** Where infra writes the module injected into the API bundle (.build/ is git-ignored). */
export const WEB_ASSETS_MODULE = path.join(REPO_ROOT, '.build', 'web-assets.mjs');

/** Browsers the pages support: evergreen browsers from 2022 on (zod 4 needs ES2022 syntax). */
const TARGET = ['es2022', 'chrome100', 'edge100', 'firefox100', 'safari15.4'];

/**
 * zod exposes its ~50 locales as one namespace (`z.locales`), which a bundler cannot trim; the
 * pages only use zh-CN (shared/validation.ts) and zod's default en (−180 KB).
 */
const ZOD_LOCALES_SHIM = path.join(WEB_DIR, 'zod-locales.ts');
const zodLocales: Plugin = {
  name: 'zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: ZOD_LOCALES_SHIM } : undefined));
  },
};

function options(): BuildOptions {
  return {
    entryPoints: { app: path.join(WEB_DIR, 'src', 'main.ts') },
    outdir: path.join(WEB_DIR, 'dist'), // names the outputs only: nothing is written (write: false)
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: TARGET,
    minify: true,
    sourcemap: false,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [zodLocales],
  };
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);
const etagOf = (s: string) => `"${createHash('sha256').update(s).digest('base64url').slice(0, 22)}"`;

const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#b3261e"/>' +
  '<text x="16" y="23" font-size="18" text-anchor="middle" fill="#fff" font-family="sans-serif">通</text></svg>';

function indexHtml(js: string, css: string): string {
  // No inline script or style: everything comes from /assets under a strict CSP.
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>湖南省中小微企业创业创新基地数据填报</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${css}">
<script type="module" src="${js}"></script>
</head>
<body>
<noscript>本系统需要启用 JavaScript。</noscript>
<div id="app" data-state="loading"><p class="boot">正在加载…</p></div>
</body>
</html>
`;
}

function assemble(result: BuildResult): WebAssets {
  const outputs = result.outputFiles ?? [];
  const jsFile = outputs.find((o) => o.path.endsWith('.js'));
  const cssFile = outputs.find((o) => o.path.endsWith('.css'));
  if (!jsFile || !cssFile) throw new Error('web build produced no app.js/app.css');
  const js = jsFile.text;
  const css = cssFile.text;
  const jsPath = `/assets/app.${hash(js)}.js`;
  const cssPath = `/assets/app.${hash(css)}.css`;
  const html = indexHtml(jsPath, cssPath);
  const IMMUTABLE = 'public, max-age=31536000, immutable';
  const asset = (body: string, contentType: string, cacheControl: string): WebAsset => ({
    body,
    contentType,
    cacheControl,
    etag: etagOf(body),
    // Pre-compressed: neither API Gateway's HTTP API nor the local server compress responses.
    ...(body.length > 1024 ? { gzipBase64: gzipSync(body, { level: 9 }).toString('base64') } : {}),
  });
  const files: Record<string, WebAsset> = {
    '/': asset(html, 'text/html; charset=utf-8', 'no-cache'),
    [jsPath]: asset(js, 'text/javascript; charset=utf-8', IMMUTABLE),
    [cssPath]: asset(css, 'text/css; charset=utf-8', IMMUTABLE),
    '/assets/favicon.svg': asset(FAVICON, 'image/svg+xml', 'public, max-age=86400'),
  };
  return { files, builtAt: new Date().toISOString() };
}

/** Builds the pages in memory (async; used on the first page request when running locally). */
export async function buildWebAssets(): Promise<WebAssets> {
  return assemble(await build(options()));
}

/**
 * Writes the module that esbuild injects into the API bundle (`inject: [file]`): it exports the
 * global `__tongbaoWeb` that shared/web-assets.ts reads when present. Returns the file path.
 * Synchronous, for CDK constructs: the build runs in a child process (esbuild plugins need the
 * async API).
 */
const written = new Set<string>();
export function writeWebAssetsModule(file = WEB_ASSETS_MODULE): string {
  // Once per process (a synthesis may construct several API functions).
  if (written.has(file)) return file;
  written.add(file);
  execFileSync(process.execPath, ['--import', 'tsx', path.join(WEB_DIR, 'build.ts'), '--module', file], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return file;
}

async function writeModule(file: string): Promise<void> {
  const assets = await buildWebAssets();
  mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename: a bundler reading the file (another synth or test in parallel) never
  // sees it half-written.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `// Generated by web/build.ts — do not edit.\nexport const __tongbaoWeb = ${JSON.stringify(assets)};\n`);
  renameSync(tmp, file);
}

async function main(): Promise<void> {
  if (process.argv[2] === '--module') return writeModule(path.resolve(process.argv[3] ?? WEB_ASSETS_MODULE));
  const outDir = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, '.build', 'web'));
  const started = performance.now();
  const assets = await buildWebAssets();
  for (const [p, a] of Object.entries(assets.files)) {
    const file = path.join(outDir, p === '/' ? 'index.html' : p);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, a.body);
    console.log(`${path.relative(process.cwd(), file)}  ${(Buffer.byteLength(a.body) / 1024).toFixed(1)} KB`);
  }
  console.log(`built in ${Math.round(performance.now() - started)} ms`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
