// How function code is bundled — defined once, used both by TongbaoFunction (cdk synth/deploy)
// and by infra/build-bundles.ts (`npm run build`, benchmarks), so the bundle that is measured
// is the bundle that is deployed.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type BundlingOptions, Charset, LogLevel, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/** Lambda runtime nodejs22.x. */
export const NODE_TARGET = 'node22';

/**
 * The bundle is an ES module; CommonJS dependencies bundled into it still call `require()` for
 * Node built-ins, which does not exist in ESM scope. This banner gives them one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __tongbaoCreateRequire } from 'node:module'; const require = __tongbaoCreateRequire(import.meta.url);";

/** Prefer packages' ESM builds (better tree-shaking), fall back to CommonJS. */
export const MAIN_FIELDS = ['module', 'main'];

/**
 * Nothing is external: the AWS SDK v3 is bundled at the version pinned in package-lock.json
 * instead of whatever version the Lambda runtime happens to ship, and a minified single file
 * loads faster than the runtime's node_modules tree.
 */
export const EXTERNAL_MODULES: string[] = [];

/** The version (package.json) and commit a bundle is built from: shared/build-info.ts, GET /api/health. */
export function buildConstants(): Record<string, string> {
  const root = new URL('..', import.meta.url);
  const version = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version;
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    /* not a git checkout: the health check says unknown */
  }
  return { __TONGBAO_VERSION__: JSON.stringify(version), __TONGBAO_COMMIT__: JSON.stringify(commit) };
}

/** The shared settings, in one place. */
export const BUNDLE = {
  minify: true,
  /** Source maps are emitted next to index.mjs; NODE_OPTIONS=--enable-source-maps applies them to stack traces. */
  sourceMap: true,
  /** Mappings only: stack traces need file/line, not the embedded source text (keeps .map small). */
  sourcesContent: false,
  target: NODE_TARGET,
  format: 'esm',
  banner: ESM_REQUIRE_BANNER,
  mainFields: MAIN_FIELDS,
  externalModules: EXTERNAL_MODULES,
  /** Chinese labels stay UTF-8 (3 bytes) instead of \uXXXX escapes (6 bytes). */
  charset: 'utf8',
  /** esbuild prints warnings and errors only (no per-file size summary). */
  logLevel: 'warning',
  define: buildConstants(),
} as const;

/** Output file name inside each bundle directory (what NodejsFunction writes for format esm). */
export const BUNDLE_FILE = 'index.mjs';

/** Shell-quotes a path for the bundling hook. */
const q = (p: string) => `'${p.replace(/'/g, `'\\''`)}'`;

/** The settings as aws-lambda-nodejs BundlingOptions (TongbaoFunction). */
export const cdkBundlingOptions: BundlingOptions = {
  minify: BUNDLE.minify,
  sourceMap: BUNDLE.sourceMap,
  sourcesContent: BUNDLE.sourcesContent,
  target: BUNDLE.target,
  format: OutputFormat.ESM,
  banner: BUNDLE.banner,
  mainFields: [...BUNDLE.mainFields],
  externalModules: [...BUNDLE.externalModules],
  charset: Charset.UTF8,
  logLevel: LogLevel.WARNING,
  define: BUNDLE.define,
  // No Docker offline: bundle with the esbuild in node_modules.
  forceDockerBundling: false,
  // Source maps keep every mapping of our code and one per library module (infra/trim-source-map.ts).
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [
      `${q(`${inputDir}/node_modules/.bin/tsx`)} ${q(`${inputDir}/infra/trim-source-map.ts`)} ${q(`${outputDir}/${BUNDLE_FILE}.map`)}`,
    ],
  },
};

/** The same settings as esbuild BuildOptions (infra/build-bundles.ts). */
export function esbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: BUNDLE.target,
    format: BUNDLE.format,
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourceMap,
    sourcesContent: BUNDLE.sourcesContent,
    banner: { js: BUNDLE.banner },
    mainFields: [...BUNDLE.mainFields],
    external: [...BUNDLE.externalModules],
    charset: BUNDLE.charset,
    metafile: true,
    logLevel: BUNDLE.logLevel,
    define: BUNDLE.define,
  };
}
