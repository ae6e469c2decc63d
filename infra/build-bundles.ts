// `npm run build`: bundles every handler in functions/ exactly as TongbaoFunction does for
// deployment (options from infra/bundling.ts, source map trimmed as its hook does) into
// .build/<name>/index.mjs and prints sizes.
// Benchmarks import buildBundles() to measure bundle size and cold import time.
//
//   npx tsx infra/build-bundles.ts            # every functions/*.ts
//   npx tsx infra/build-bundles.ts api        # only functions/api.ts

import { readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { writeWebAssetsModule } from '../web/build';
import { BUNDLE_FILE, esbuildOptions } from './bundling';
import { trimSourceMapFile } from './trim-source-map';

const REPO_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FUNCTIONS_DIR = path.join(REPO_ROOT, 'functions');
export const BUILD_DIR = path.join(REPO_ROOT, '.build');

export interface BundleResult {
  /** Handler name (file name without extension), also the directory under .build/. */
  name: string;
  entry: string;
  /** .build/<name>/index.mjs */
  outfile: string;
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
  ms: number;
  /** Largest inputs by bytes in the output, for "why is it big". */
  topInputs: Array<{ path: string; bytes: number }>;
}

/** Handler entry points: top-level *.ts / *.mts files of functions/ (helpers live in subfolders). */
export function listHandlers(dir = FUNCTIONS_DIR): Array<{ name: string; entry: string }> {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((f) => /\.m?ts$/.test(f) && !/\.(test|spec|d)\.m?ts$/.test(f) && statSync(path.join(dir, f)).isFile())
    .sort()
    .map((f) => ({ name: f.replace(/\.m?ts$/, ''), entry: path.join(dir, f) }));
}

export async function buildBundles(options: { only?: string[]; outDir?: string; functionsDir?: string } = {}): Promise<BundleResult[]> {
  const outDir = options.outDir ?? BUILD_DIR;
  let handlers = listHandlers(options.functionsDir);
  if (options.only?.length) {
    const unknown = options.only.filter((n) => !handlers.some((h) => h.name === n));
    if (unknown.length) throw new Error(`no handler named ${unknown.join(', ')} in functions/ (have: ${handlers.map((h) => h.name).join(', ') || 'none'})`);
    handlers = handlers.filter((h) => options.only!.includes(h.name));
  }
  const results: BundleResult[] = [];
  for (const { name, entry } of handlers) {
    const dir = path.join(outDir, name);
    rmSync(dir, { recursive: true, force: true });
    const outfile = path.join(dir, BUNDLE_FILE);
    const started = performance.now();
    const options = esbuildOptions(entry, outfile);
    // The API function serves the web pages: inject them as TongbaoFunction({webAssets}) does.
    if (name === 'api') options.inject = [writeWebAssetsModule()];
    const result = await build(options);
    trimSourceMapFile(`${outfile}.map`);
    const ms = performance.now() - started;
    const code = await readFile(outfile);
    const map = await readFile(`${outfile}.map`).catch(() => Buffer.alloc(0));
    const output = Object.values(result.metafile?.outputs ?? {}).find((o) => o.entryPoint !== undefined);
    const topInputs = Object.entries(output?.inputs ?? {})
      .map(([p, v]) => ({ path: p, bytes: v.bytesInOutput }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 5);
    results.push({ name, entry, outfile, bytes: code.length, gzipBytes: gzipSync(code).length, mapBytes: map.length, ms, topInputs });
  }
  return results;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const results = await buildBundles({ only: process.argv.slice(2) });
  if (results.length === 0) {
    console.error(`no handlers found in ${path.relative(process.cwd(), FUNCTIONS_DIR) || FUNCTIONS_DIR}`);
    process.exitCode = 1;
    return;
  }
  const rows = results.map((r) => ({
    function: r.name,
    bundle: path.relative(REPO_ROOT, r.outfile),
    size: kb(r.bytes),
    gzip: kb(r.gzipBytes),
    sourcemap: kb(r.mapBytes),
    'build ms': Math.round(r.ms),
  }));
  console.table(rows);
  for (const r of results) {
    console.log(`${r.name}: largest inputs ${r.topInputs.map((i) => `${i.path} ${kb(i.bytes)}`).join(', ')}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
