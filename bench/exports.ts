// The export phases of `npm run bench`: the bulletin from the burst's own table (the real
// pipeline, on disk), and the export matrix: one table per (registry size, versions per filing)
// case, seeded and served by long-lived worker processes (bench/export-worker.ts), timed round-
// robin so that background load hits all cases alike.

import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EXPORT_V8_FLAGS } from '../infra/v8-flags';
import type { ExportKind, WorkerReply, WorkerRequest } from './export-worker';
import type { BenchOptions } from './options';
import { BURST_PERIOD, log, REPO_ROOT } from './scenario';
import type { Bench } from './setup';
import { median, round } from './stats';

/** The burst quarter's bulletin built from the burst's own table: a first run, then `--export-runs` runs (their median). */
export async function pipelineExport(b: Bench) {
  const { opts } = b;
  const { gatherBulletinInput, parseBulletinQuery, buildBulletin } = b.m;
  const q = parseBulletinQuery({ role: 'admin', tokenId: 'admin', name: 'bench' }, BURST_PERIOD, {});
  const pipelineRuns: number[] = [];
  let pipelineFirst = 0;
  let pipelineBytes = 0;
  for (let r = 0; r <= opts.exportRuns; r++) {
    const a = performance.now();
    const built = await buildBulletin(await gatherBulletinInput(BURST_PERIOD, q));
    const ms = performance.now() - a;
    if (r === 0) pipelineFirst = ms;
    else pipelineRuns.push(ms);
    pipelineBytes = built.buffer.length;
  }
  const result = {
    bases: opts.bases,
    source: 'the burst table (real pipeline, DynamoDB Local on disk)',
    firstMs: round(pipelineFirst),
    totalMs: round(median(pipelineRuns)),
    runs: pipelineRuns.map((x) => round(x)),
    bytes: pipelineBytes,
  };
  log(`bulletin from the burst table: ${result.totalMs} ms`);
  return result;
}

/** The export matrix on a fresh in-memory DynamoDB Local (for seeding speed), unless skipped. */
export async function runExportMatrix(opts: BenchOptions): Promise<{ exportCases: ExportCaseResult[]; exportMs: number }> {
  let exportCases: ExportCaseResult[] = [];
  let exportMs = 0;
  if (!opts.skip.has('export')) {
    const t = performance.now();
    const { startDynamoDbLocal } = await import('../local/dynamodb-local');
    const mem = await startDynamoDbLocal({});
    log(
      `export: DynamoDB Local (in memory, for seeding speed); sizes ${opts.exportSizes.join(', ')} × versions ${opts.versions.join(', ')}, ${opts.exportRuns} interleaved runs each`,
    );
    try {
      exportCases = await exportMatrix(mem.endpoint, opts.exportSizes, opts.versions, opts.exportRuns, opts.seed);
    } finally {
      await mem.stop();
    }
    for (const c of exportCases)
      log(
        `  ${caseLabel(c)}: fastest ${c.minMs} ms, median ${c.totalMs} ms (gather ${c.gatherMs}, build ${c.buildMs}) of ${c.runs.length}; first ${c.firstMs} ms`,
      );
    exportMs = performance.now() - t;
  }
  return { exportCases, exportMs };
}

export interface ExportCaseResult {
  bases: number;
  versions: number;
  /** What was exported: the quarter's workbook, the year's, or the year's Word document. */
  kind: ExportKind;
  period: string;
  format: 'xlsx' | 'docx';
  table: string;
  /** Items in the case's table. */
  items: number;
  seedMs: number;
  /** The first export in a fresh process (cold JIT), ms. */
  firstMs: number;
  /** Fastest timed run (gather + build), ms. */
  minMs: number;
  /** Medians over the timed runs, ms. */
  totalMs: number;
  gatherMs: number;
  gatherDynamoMs: number;
  buildMs: number;
  cpuMs: number;
  runs: number[];
  bytes: number;
  rows: number;
}

/**
 * Node processes serving each export case. One process can be slower than another running the
 * same code on the same data (its JIT settles differently): one full run had the 100-base,
 * 10-version case's fastest of 32 builds at 113 ms against 74–80 ms in runs of that case
 * alone. Rounds alternate between two processes, so the fastest build is the better process's.
 */
export const PROCESSES_PER_CASE = 2;

/**
 * What each export case times per round (bench/export-worker.ts): the annual workbook, its Word
 * document, the quarter's workbook, and the annual workbook with every rollup decoded afresh.
 */
export const EXPORT_KINDS: readonly ExportKind[] = ['year', 'year-docx', 'quarter', 'year-decoded'];
/** How the log and the report name an export case: `2020 .xlsx (every rollup decoded), 1000 bases × 1 version(s)`. */
export const caseLabel = (c: Pick<ExportCaseResult, 'period' | 'format' | 'kind' | 'bases' | 'versions'>): string =>
  `${c.period} .${c.format}${c.kind === 'year-decoded' ? ' (every rollup decoded)' : ''}, ${c.bases} bases × ${c.versions} version(s)`;
/** The kinds a case times: every rollup decoded only on the 1-version tables (versions are history, which a year's export does not read). */
const kindsOf = (c: { versions: number }) => EXPORT_KINDS.filter((k) => k !== 'year-decoded' || c.versions === 1);

/**
 * Seeds one table per (size, versions) case, each served by long-lived worker processes
 * (bench/export-worker.ts), then times the exports round-robin — every round runs each case
 * once, starting from a different case, on the next of its processes — so that background load
 * hits all cases alike.
 */
export async function exportMatrix(endpoint: string, sizes: number[], versions: number[], runs: number, seed: number): Promise<ExportCaseResult[]> {
  const cases = sizes.flatMap((bases) => [...new Set(versions)].map((v) => ({ bases, versions: v })));
  type Ran = Extract<WorkerReply, { type: 'ran' }>;
  const workers: Array<{
    bases: number;
    versions: number;
    children: ChildProcess[];
    seeded?: Extract<WorkerReply, { type: 'seeded' }>;
    runs: Map<ExportKind, Ran[]>;
    first: Map<ExportKind, Ran>;
  }> = [];
  const ask = <T extends WorkerReply['type']>(child: ChildProcess, msg: WorkerRequest, want: T) =>
    new Promise<Extract<WorkerReply, { type: T }>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`export worker exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (m: WorkerReply) => {
        child.off('exit', onExit);
        if (m.type === want) resolve(m as Extract<WorkerReply, { type: T }>);
        else reject(new Error(`export worker: ${m.type === 'error' ? m.message : m.type}`));
      });
      child.send(msg);
    });
  const forkWorker = (c: { bases: number; versions: number }) =>
    fork(path.join(REPO_ROOT, 'bench', 'export-worker.ts'), [], {
      cwd: REPO_ROOT,
      // The export function's V8 flags (infra/v8-flags.ts), as Lambda runs it.
      execArgv: ['--import', 'tsx', ...EXPORT_V8_FLAGS],
      env: { ...process.env, TABLE_NAME: `bench-export-${c.bases}-v${c.versions}`, DYNAMODB_ENDPOINT: endpoint, ADMIN_TOKEN: '', POWERTOOLS_LOG_LEVEL: 'WARN' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  try {
    for (const c of cases) {
      const w = { ...c, children: [forkWorker(c)], runs: new Map(kindsOf(c).map((k) => [k, [] as Ran[]])), first: new Map() } as (typeof workers)[number];
      workers.push(w);
      // Seeding one at a time: DynamoDB Local is the bottleneck, in parallel would not be faster.
      w.seeded = await ask(w.children[0]!, { type: 'seed', bases: c.bases, versions: c.versions, seed: seed + c.bases }, 'seeded');
      log(`  seeded ${c.bases} bases × ${c.versions} version(s): ${w.seeded.items} items in ${(w.seeded.seedMs / 1000).toFixed(1)} s`);
      // The other processes read the same table.
      while (w.children.length < PROCESSES_PER_CASE) w.children.push(forkWorker(c));
    }
    // Two untimed runs of each kind in each process (JIT); the second sizes the repetitions so
    // that every size gets about the same time per round (small cases are repeated more: their
    // noise is larger). The cases of one size (its version counts) share one repetition count.
    const perRound = new Map<(typeof workers)[number], number>();
    for (const w of workers) {
      for (const [i, child] of w.children.entries())
        for (const kind of kindsOf(w)) {
          const first = await ask(child, { type: 'run', kind }, 'ran');
          const second = await ask(child, { type: 'run', kind }, 'ran');
          if (i === 0) {
            w.first.set(kind, first);
            perRound.set(w, (perRound.get(w) ?? 0) + second.gatherMs + second.buildMs);
          }
        }
    }
    const bySize = [...new Set(workers.map((w) => w.bases))].map((bases) => workers.filter((w) => w.bases === bases));
    const reps = bySize.map((group) => Math.max(1, Math.min(8, Math.round(2_500 / Math.max(...group.map((w) => perRound.get(w)!))))));
    // Every round runs each size once (starting from a different size); within a size each kind
    // in turn (starting from a different kind), and each kind on its version counts back to back
    // (alternating which goes first), each on the next of its processes: a burst of background
    // load hits the 1-version and the 10-version export of a kind alike, so "flat across
    // versions" compares like with like.
    for (let r = 0; r < runs; r++)
      for (let k = 0; k < bySize.length; k++) {
        const g = (k + r) % bySize.length;
        const group = bySize[g]!;
        for (let n = 0; n < reps[g]!; n++)
          for (let j = 0; j < EXPORT_KINDS.length; j++) {
            const kind = EXPORT_KINDS[(j + r + n) % EXPORT_KINDS.length]!;
            for (let i = 0; i < group.length; i++) {
              const w = group[(i + r + n) % group.length]!;
              if (!kindsOf(w).includes(kind)) continue;
              const child = w.children[r % w.children.length]!;
              w.runs.get(kind)!.push(await ask(child, { type: 'run', kind }, 'ran'));
            }
          }
      }
  } finally {
    for (const w of workers) for (const child of w.children) if (child.connected) child.disconnect();
  }
  return workers.flatMap((w) =>
    kindsOf(w).map((kind) => {
      const ran = w.runs.get(kind)!;
      const first = w.first.get(kind)!;
      const med = (f: (x: Ran) => number) => round(median(ran.map(f)));
      return {
        bases: w.bases,
        versions: w.versions,
        kind,
        period: kind === 'quarter' ? '2020Q4' : '2020',
        format: kind === 'year-docx' ? 'docx' : 'xlsx',
        table: w.seeded!.table,
        items: w.seeded!.items,
        seedMs: w.seeded!.seedMs,
        firstMs: round(first.gatherMs + first.buildMs),
        minMs: round(Math.min(...ran.map((x) => x.gatherMs + x.buildMs))),
        totalMs: med((x) => x.gatherMs + x.buildMs),
        gatherMs: med((x) => x.gatherMs),
        gatherDynamoMs: med((x) => x.gatherDynamoMs),
        buildMs: med((x) => x.buildMs),
        cpuMs: med((x) => x.cpuMs),
        runs: ran.map((x) => round(x.gatherMs + x.buildMs)),
        bytes: ran[0]?.bytes ?? first.bytes,
        rows: ran[0]?.rows ?? first.rows,
      };
    }),
  );
}
