// The other programmes' exports (issue 16: "the same for the platform and carrier bulletins"):
// the demo's window-platform network (seed 003) and featured carriers (seed 002) loaded into the
// bench's own stack through its HTTP API — the loaders `npm run demo` runs — the stream drained
// until both aggregates equal the datasets' totals, then each export timed in a separate process
// (bench/program-export-worker.ts) against that table: untimed warm-up runs, then interleaved
// rounds. They are measured at their real size (one province: ~130 platforms, a handful of
// carriers); the bases' 5,000 ÷ 1,000 and versions targets have no counterpart here.

import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EXPORT_V8_FLAGS } from '../infra/v8-flags';
import { SEED_CARRIER_ID } from '../local/demo-carriers';
import { carrierAggregateEquals, expectedCarrierAggregate, loadCarrierDemo, readCarrierAggregate } from '../local/demo-carriers-load';
import { aggregateEquals, type DemoCall, expectedPlatformAggregate, loadPlatformDemo, readPlatformAggregate } from '../local/demo-platforms-load';
import type { ProgramExportKind, ProgramWorkerReply, ProgramWorkerRequest } from './program-export-worker';
import { elapsed, log, REPO_ROOT } from './scenario';
import type { Bench } from './setup';
import { median, round } from './stats';

/** The year both demo programmes are exported for. */
const YEAR = '2020';
const KINDS: readonly ProgramExportKind[] = ['platforms-xlsx', 'platforms-docx', 'carriers-xlsx', 'assessment-xlsx', 'assessment-docx'];
/** Untimed runs of each kind before the timed rounds (JIT, connection). */
const WARMUP_RUNS = 2;

export interface ProgramExportResult {
  kind: ProgramExportKind;
  path: string;
  /** Median and fastest of the timed runs (the use case end to end), ms. */
  totalMs: number;
  minMs: number;
  /** Medians: time with a DynamoDB call in flight, and the rest (layout, exceljs / docx, gather's own CPU). */
  dynamoMs: number;
  restMs: number;
  cpuMs: number;
  firstMs: number;
  runs: number[];
  bytes: number;
}

export interface ProgramsResult {
  year: string;
  source: string;
  platforms: number;
  carriers: number;
  /** Loading through HTTP and draining the stream until the aggregates were exact, s. */
  loadSeconds: number;
  exact: { platforms: boolean; carriers: boolean };
  exports: ProgramExportResult[];
  phaseSeconds: number;
}

const PATHS: Record<ProgramExportKind, string> = {
  'platforms-xlsx': `/api/bulletins/${YEAR}.xlsx?program=platforms`,
  'platforms-docx': `/api/bulletins/${YEAR}.docx?program=platforms`,
  'carriers-xlsx': `/api/bulletins/${YEAR}.xlsx?program=carriers`,
  'assessment-xlsx': `/api/carriers/${SEED_CARRIER_ID}/assessments/${YEAR}.xlsx`,
  'assessment-docx': `/api/carriers/${SEED_CARRIER_ID}/assessments/${YEAR}.docx`,
};

/** Loads both programmes, waits for exact aggregates, times the exports `runs` rounds. */
export async function runProgramExports(b: Bench, runs: number): Promise<ProgramsResult> {
  const T = performance.now();
  const { stack } = b;
  const token = process.env.ADMIN_TOKEN!;
  const call: DemoCall = async (method, p, body) => {
    const r = await fetch(stack.server.url + p, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    // Integers beyond 2^53 kept exact, as local/demo.ts reads them: long digit runs as strings.
    return { status: r.status, body: text ? JSON.parse(text.replace(/([:,[]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"')) : null };
  };

  // ---- load through the API, then the stream until both aggregates are the datasets' totals ---
  const p = await loadPlatformDemo(call);
  const c = await loadCarrierDemo(call);
  const wantP = expectedPlatformAggregate();
  const wantC = expectedCarrierAggregate();
  const exact = { platforms: false, carriers: false };
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    await b.drain(60_000);
    exact.platforms = aggregateEquals(await readPlatformAggregate(call), wantP);
    exact.carriers = carrierAggregateEquals(await readCarrierAggregate(call), wantC);
    if (exact.platforms && exact.carriers) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!exact.platforms || !exact.carriers)
    throw new Error(`programmes: aggregates not exact after 120 s (platforms ${exact.platforms}, carriers ${exact.carriers})`);
  const loadSeconds = round((performance.now() - T) / 1000);
  log(`programmes: ${p.platforms} platforms, ${c.carriers} carriers (${c.filings} filings) loaded through HTTP, aggregates exact, in ${elapsed(T)}`);

  // ---- timed in a separate process; the consumers sit out (nothing is left to aggregate, and
  // their polling of the local stream is CPU that AWS does not put beside an export) ------------
  await stack.pauseConsumers();
  const child: ChildProcess = fork(path.join(REPO_ROOT, 'bench', 'program-export-worker.ts'), [], {
    cwd: REPO_ROOT,
    // The export function's V8 flags (infra/v8-flags.ts), as Lambda runs it.
    execArgv: ['--import', 'tsx', ...EXPORT_V8_FLAGS],
    env: { ...process.env, TABLE_NAME: b.m.config.tableName, DYNAMODB_ENDPOINT: b.dynamo.endpoint, ADMIN_TOKEN: '', POWERTOOLS_LOG_LEVEL: 'WARN' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  type Ran = Extract<ProgramWorkerReply, { type: 'ran' }>;
  const ask = (kind: ProgramExportKind) =>
    new Promise<Ran>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`programme export worker exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (m: ProgramWorkerReply) => {
        child.off('exit', onExit);
        if (m.type === 'ran') resolve(m);
        else reject(new Error(`programme export worker: ${m.message}`));
      });
      child.send({ type: 'run', kind, year: YEAR, carrierId: SEED_CARRIER_ID } satisfies ProgramWorkerRequest);
    });
  const first = new Map<ProgramExportKind, Ran>();
  const ran = new Map<ProgramExportKind, Ran[]>(KINDS.map((k) => [k, []]));
  try {
    let perPass = 0;
    for (const kind of KINDS)
      for (let i = 0; i < WARMUP_RUNS; i++) {
        const r = await ask(kind);
        if (i === 0) first.set(kind, r);
        if (i === WARMUP_RUNS - 1) perPass += r.totalMs;
      }
    // Small exports are noisier: several passes per round (sized by the last warm-up run), each
    // kind once per pass, the order rotated so that background load hits every kind alike.
    const passes = Math.max(1, Math.min(4, Math.round(1_500 / perPass)));
    for (let r = 0; r < runs; r++)
      for (let n = 0; n < passes; n++)
        for (let j = 0; j < KINDS.length; j++) {
          const kind = KINDS[(j + r + n) % KINDS.length]!;
          ran.get(kind)!.push(await ask(kind));
        }
  } finally {
    if (child.connected) child.disconnect();
    await stack.resumeConsumers();
  }
  const exports = KINDS.map((kind): ProgramExportResult => {
    const xs = ran.get(kind)!;
    const med = (f: (x: Ran) => number) => round(median(xs.map(f)));
    return {
      kind,
      path: PATHS[kind],
      totalMs: med((x) => x.totalMs),
      minMs: round(Math.min(...xs.map((x) => x.totalMs))),
      dynamoMs: med((x) => x.dynamoMs),
      restMs: med((x) => x.totalMs - x.dynamoMs),
      cpuMs: med((x) => x.cpuMs),
      firstMs: first.get(kind)!.totalMs,
      runs: xs.map((x) => x.totalMs),
      bytes: xs[0]!.bytes,
    };
  });
  for (const e of exports)
    log(
      `  ${e.path}: median ${e.totalMs} ms, fastest ${e.minMs} ms of ${e.runs.length} (DynamoDB in flight ${e.dynamoMs} ms, rest ${e.restMs} ms); first ${e.firstMs} ms`,
    );
  const phaseSeconds = round((performance.now() - T) / 1000);
  log(`programmes: ${phaseSeconds} s`);
  return {
    year: YEAR,
    source: 'demo seeds 003 and 002 loaded through the HTTP API into the bench table (DynamoDB Local on disk); use cases timed in-process in a separate worker',
    platforms: p.platforms,
    carriers: c.carriers,
    loadSeconds,
    exact,
    exports,
    phaseSeconds,
  };
}
