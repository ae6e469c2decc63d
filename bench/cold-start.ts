// Cold start of each deployed function: bundle it exactly as deployed (infra/build-bundles.ts,
// the same esbuild options as the CDK stack) into a temporary directory, then import the bundle
// in fresh node processes and time the import (what Lambda's Init phase spends loading our
// code). Lambda sets NODE_OPTIONS=--enable-source-maps (infra/tongbao-function.ts), which makes
// node read and parse the source map at load, so both are measured.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBundles } from '../infra/build-bundles';

export interface ColdStartResult {
  name: string;
  bytes: number;
  gzipBytes: number;
  mapBytes: number;
  buildMs: number;
  topInputs: Array<{ path: string; bytes: number }>;
  /** Median import time in a fresh process, ms (without / with --enable-source-maps). */
  importMs: number;
  importMsSourceMaps: number;
  /** Median node start-up before our code runs (process start → first line), ms. */
  nodeBootMs: number;
  samples: { importMs: number[]; importMsSourceMaps: number[] };
}

const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const PROBE = `
const boot = performance.now();
const t0 = performance.now();
const mod = await import(process.argv[1]);
const t1 = performance.now();
if (typeof mod.handler !== 'function') throw new Error('bundle exports no handler');
console.log(JSON.stringify({ importMs: t1 - t0, bootMs: boot }));
`;

function probe(file: string, sourceMaps: boolean): { importMs: number; bootMs: number } {
  const r = spawnSync(process.execPath, [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', PROBE, pathToFileURL(file).href], {
    encoding: 'utf8',
    timeout: 60_000,
    // What the function sees on AWS (minus credentials): config is read at import.
    env: { PATH: process.env.PATH, AWS_REGION: 'cn-north-1', TABLE_NAME: 'tongbao', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.status !== 0 || !line.startsWith('{')) throw new Error(`importing ${file} failed (exit ${r.status}): ${r.stderr.slice(0, 1000)}`);
  return JSON.parse(line) as { importMs: number; bootMs: number };
}

export async function measureColdStarts(outDir: string, runs: number): Promise<ColdStartResult[]> {
  const bundles = await buildBundles({ outDir });
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return bundles.map((b) => {
    const plain: number[] = [];
    const maps: number[] = [];
    const boots: number[] = [];
    // Interleaved, so a burst of load on the machine hits both variants alike.
    for (let i = 0; i < runs; i++) {
      const p = probe(b.outfile, false);
      plain.push(p.importMs);
      boots.push(p.bootMs);
      maps.push(probe(b.outfile, true).importMs);
    }
    return {
      name: b.name,
      bytes: b.bytes,
      gzipBytes: b.gzipBytes,
      mapBytes: b.mapBytes,
      buildMs: Math.round(b.ms),
      topInputs: b.topInputs.map((t) => ({ path: path.normalize(t.path), bytes: t.bytes })),
      importMs: r1(median(plain)),
      importMsSourceMaps: r1(median(maps)),
      nodeBootMs: r1(median(boots)),
      samples: { importMs: plain.map(r1), importMsSourceMaps: maps.map(r1) },
    };
  });
}
