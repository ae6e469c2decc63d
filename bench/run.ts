// `npm run bench`: the quarter-end burst on this machine, measured side by side.
//
// 1. A fresh temporary DATA_DIR; the embedded stack in this process, wired by the same code as
//    `npm start` (local/stack.ts): DynamoDB Local (on disk), the table with its stream, the API
//    handler behind the real local HTTP server, one stream reader for both consumers.
//    Load comes from a separate process (bench/client.ts: node:http, keep-alive) so it does not
//    share the server's event loop. DynamoDB calls are counted by a middleware on the one client
//    (bench/instrument.ts); nothing under test is modified.
// 2. Setup (registry, tokens, schedules) and a warm-up through HTTP, not measured.
// 3. The burst — every base submits the quarter, some correct it, some save drafts — in slices
//    interleaved with raw PutItems of the real filing item at the same concurrency. Then: lag
//    until the aggregate items equal an independent recomputation, aggregate-item writes per
//    filing, reconcile drift, where a filing's time and CPU go.
// 4. Bulletin export for several registry sizes and version counts (bench/export-worker.ts): the
//    annual workbook (issue 16's figure), its Word document and the quarter's workbook.
// 4b. The platform bulletin and the carrier exports on the burst's stack, their demo data loaded
//    through HTTP (bench/programs.ts).
// 5. Cold import time and size of each deployed bundle (bench/cold-start.ts).
// Prints a table and writes bench/results.json. See bench/PERFORMANCE.md for how to read it.
//
// This file is the plan: the phases in order, the acceptance block, the results. The phases live
// in setup.ts (stack, registry, warm-up), ingest.ts (the burst, raw PutItems, the filing replay,
// request units), lag.ts (exactness and the lag bursts), exports.ts (the bulletin exports) and
// report.ts (the printed table); aggregator-log.ts collects the aggregator's batch stats.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectAggregatorLog } from './aggregator-log';
import type { ColdStartResult } from './cold-start';
import type { ExportKind } from './export-worker';
import { pipelineExport, runExportMatrix } from './exports';
import { filingBreakdown, itemSizes, measureRawTransact, rawWriter, runBurst } from './ingest';
import { exactnessCheck, runLagBursts } from './lag';
import { LoadSampler, machineInfo } from './machine';
import { type NationalResult, runNationalBench } from './national';
import { parseOptions } from './options';
import { type ProgramsResult, runProgramExports } from './programs';
import { printReport } from './report';
import { BURST_PERIOD, elapsed, log, REPO_ROOT, WARMUP_PERIOD } from './scenario';
import { startBench, warmUp } from './setup';
import { round } from './stats';

// Collected from the start: the aggregator logs every batch to stdout.
const aggregatorLog = collectAggregatorLog();

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const T0 = performance.now();
  const startedAt = new Date();
  const machine = machineInfo();
  const load = new LoadSampler();
  const work = mkdtempSync(path.join(os.tmpdir(), 'tongbao-bench-'));
  log(`${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}`);
  log(`data in ${work}; ${opts.bases} bases, concurrency ${opts.concurrency}, corrections ${opts.corrections}, drafts ${opts.drafts}`);

  // ---- setup, the quarter before, warm-up (bench/setup.ts) ----------------------------------
  const bench = await startBench(opts, work);
  const { stack, client, dynamo } = bench;
  const warmed = await warmUp(bench);
  const { warm, filingItemBytes, versionItemBytes, idle } = warmed;

  // ---- the burst, interleaved with raw PutItems; its aggregation writes and request units ------
  const raw = rawWriter(bench, warmed);
  const check = exactnessCheck(bench);
  const burst = await runBurst(bench, raw, check, aggregatorLog, load);
  const { plan, rounds, ingest, rawPut, barePut, replay, ratioReplay, ratio, bareRatio, failed, aggregation, requestUnits, lagMs } = burst;

  // ---- aggregation lag, burst by burst (bench/lag.ts) ----------------------------------------
  const lagBurstSize = opts.lagBurstSize ?? Math.ceil(plan.jobs.reduce((a, j) => a + j.requests.length, 0) / rounds);
  const { lagBursts, lagSummary } = await runLagBursts(bench, check, lagBurstSize);

  const rawTransact = await measureRawTransact(bench, raw);

  // ---- reconcile ---------------------------------------------------------------------------
  let t = performance.now();
  const rec = await bench.m.reconcilePeriod('2020');
  const reconcile = {
    period: '2020',
    drift: rec.drift,
    deadLetters: rec.deadLetters.length,
    periods: rec.periods.map((p) => ({ period: p.period, reportingBases: p.reportingBases, drift: p.drift.length })),
    ms: Math.round(performance.now() - t),
  };
  log(`reconcile 2020: drift ${rec.drift}, dead letters ${rec.deadLetters.length}`);

  const itemBytes = await itemSizes(bench, warmed);
  const breakdown = filingBreakdown(bench, burst);

  // ---- export on the burst's own table (real pipeline, on disk) -----------------------------
  const pipeline = await pipelineExport(bench);

  // ---- the platform and carrier exports, their demo data loaded into this stack (bench/programs.ts)
  let programs: ProgramsResult | null = null;
  if (!opts.skip.has('programs')) programs = await runProgramExports(bench, opts.exportRuns);

  await stack.close();
  client.disconnect();
  await dynamo.stop();
  const ingestPhaseMs = performance.now() - T0 - (programs?.phaseSeconds ?? 0) * 1000;

  // ---- bulletin export by size and history (bench/exports.ts) --------------------------------
  const { exportCases, exportMs } = await runExportMatrix(opts);

  // ---- cold start ----------------------------------------------------------------------------
  let cold: ColdStartResult[] = [];
  if (!opts.skip.has('cold')) {
    t = performance.now();
    const { measureColdStarts } = await import('./cold-start');
    cold = await measureColdStarts(path.join(work, 'bundles'), opts.coldRuns);
    log(`cold start: ${cold.map((c) => `${c.name} ${c.importMs} ms`).join(', ')} (${elapsed(t)})`);
  }

  // ---- national scale: 31 provinces, 31,000 bases, the asynchronous national export ----------
  let national: NationalResult | null = null;
  if (!opts.skip.has('national')) {
    t = performance.now();
    const { startDynamoDbLocal } = await import('../local/dynamodb-local');
    const mem = await startDynamoDbLocal({});
    log(`national: ${opts.nationalBases} bases across 31 provinces (PROVINCE=全国), ${opts.nationalShards} aggregator batches at once (bench/national.ts)`);
    try {
      national = await runNationalBench(mem.endpoint, { bases: opts.nationalBases, shards: opts.nationalShards, seed: opts.seed });
    } finally {
      await mem.stop();
    }
    log(
      `national: exact ${national.exact}; largest aggregate item ${national.itemBytes.largest.bytes} bytes (${national.itemBytes.largest.key}); hot key ${national.hotKey.key} ${national.hotKey.writes} writes; export ${national.export.jobLatencyMs} ms (${elapsed(t)})`,
    );
  }

  // ---- results -------------------------------------------------------------------------------
  const totalSeconds = round((performance.now() - T0) / 1000);
  load.stop();
  // Issue 16's export figures are the annual bulletin's (2020): warm median of interleaved runs
  // (a warm export function shares the rollups it decoded before: getSharedRollups); the
  // quarter's (2020Q4), the Word document's and the year's with every rollup decoded afresh are
  // measured beside it.
  const exportCase = (bases: number, versions: number, kind: ExportKind = 'year') =>
    exportCases.find((c) => c.bases === bases && c.versions === versions && c.kind === kind);
  const e1000 = exportCase(1000, 1);
  const e5000 = exportCase(5000, 1);
  const docx1000 = exportCase(1000, 1, 'year-docx');
  const versionRatios = exportCases
    .filter((c) => c.versions > 1 && exportCase(c.bases, 1, c.kind))
    .map((c) => ({
      bases: c.bases,
      kind: c.kind,
      versions: c.versions,
      ratio: round(c.minMs / exportCase(c.bases, 1, c.kind)!.minMs, 2),
      medianRatio: round(c.totalMs / exportCase(c.bases, 1, c.kind)!.totalMs, 2),
    }));
  const scaling = (kind: ExportKind) => {
    const a = exportCase(1000, 1, kind);
    const b = exportCase(5000, 1, kind);
    return a && b ? { fastest: round(b.minMs / a.minMs, 2), median: round(b.totalMs / a.totalMs, 2) } : null;
  };
  const programExport = (kind: string) => programs?.exports.find((e) => e.kind === kind);
  const programTarget = (xlsxKind: string, docxKind: string, entities: Record<string, number | undefined>, overviewKind?: string) => {
    const x = programExport(xlsxKind);
    const d = programExport(docxKind);
    const o = overviewKind ? programExport(overviewKind) : undefined;
    if (!x || !d || (overviewKind && !o)) return { value: null, met: null };
    const ratio = round(d.totalMs / x.totalMs, 2);
    return {
      value: {
        ...(o ? { overviewXlsxMedianMs: o.totalMs, overviewXlsxFastestMs: o.minMs } : {}),
        xlsxMedianMs: x.totalMs,
        docxMedianMs: d.totalMs,
        xlsxFastestMs: x.minMs,
        docxFastestMs: d.minMs,
        docxToXlsx: ratio,
        docxWithin1_5x: ratio <= 1.5,
        ...entities,
      },
      // Issue 16 asks the bases' targets of these too: ≤ 300 ms and the Word document within 1.5×.
      met: x.totalMs <= 300 && d.totalMs <= 300 && (!o || o.totalMs <= 300) && ratio <= 1.5,
    };
  };
  const acceptance = {
    totalUnder15Minutes: { value: totalSeconds, met: totalSeconds < 900 },
    // Issue 16: HTTP filings/s ≥ 0.9 × a raw replay of a filing's mandatory writes (its PutItem
    // and its version item's PutItem). HTTP ÷ raw PutItem is reported beside it, no longer a target.
    httpAtLeast90PercentOfFilingReplay: { value: { httpToReplay: ratioReplay, httpToRawPutItem: ratio }, met: ratioReplay >= 0.9 },
    requestUnitsPerSubmissionAtMost4Rru7Wru: {
      value: requestUnits.perSubmission,
      met: requestUnits.perSubmission.rru <= 4 && requestUnits.perSubmission.wru <= 7,
    },
    aggregationLagMedianOf5BurstsAtMost1s: {
      value: { medianMs: lagSummary.medianMs, bursts: lagBursts.map((b) => b.lagMs), afterQuarterEndBurstMs: lagMs ?? null },
      met: lagBursts.length >= 5 && lagSummary.medianMs !== null && lagSummary.medianMs <= 1000,
    },
    aggregateWritesPerFilingAtMost0_1: { value: aggregation.aggregateWritesPerFiling, met: aggregation.aggregateWritesPerFiling <= 0.1 },
    aggregatesExact: {
      value: { exactAfterBurst: aggregation.exact, reconcileDrift: rec.drift, deadLetters: rec.deadLetters.length, failedRequests: failed.length },
      met: aggregation.exact && rec.drift === 0 && rec.deadLetters.length === 0 && failed.length === 0,
    },
    // Export times are compared on the fastest of several interleaved runs: other work on the
    // machine only ever adds time (medians are reported next to them).
    annualBulletin1000BasesAtMost300msMedian: e1000
      ? {
          value: {
            medianMs: e1000.totalMs,
            fastestMs: e1000.minMs,
            gatherMs: e1000.gatherMs,
            buildMs: e1000.buildMs,
            quarterMedianMs: exportCase(1000, 1, 'quarter')?.totalMs ?? null,
            // The same export with every rollup decoded afresh (none shared from an earlier export).
            everyRollupDecodedMedianMs: exportCase(1000, 1, 'year-decoded')?.totalMs ?? null,
          },
          met: e1000.totalMs <= 300,
        }
      : { value: null, met: null },
    annualBulletin5000Within5xOf1000:
      e1000 && e5000
        ? { value: { ...scaling('year')!, quarter: scaling('quarter'), docx: scaling('year-docx') }, met: e5000.totalMs <= 5 * e1000.totalMs }
        : { value: null, met: null },
    exportFlatAcrossVersions: versionRatios.length
      ? { value: versionRatios, met: versionRatios.every((v) => v.medianRatio <= 1.25) }
      : { value: null, met: null },
    wordBulletinWithin1_5xOfWorkbook:
      e1000 && docx1000
        ? {
            value: { docxMedianMs: docx1000.totalMs, xlsxMedianMs: e1000.totalMs, ratio: round(docx1000.totalMs / e1000.totalMs, 2) },
            met: docx1000.totalMs <= 1.5 * e1000.totalMs,
          }
        : { value: null, met: null },
    // The other programmes at their real size (one province's ~130 platforms, the demo's 4
    // carriers): no 5,000 ÷ 1,000 or versions counterpart (bench/programs.ts).
    platformBulletinAtMost300msMedian: programTarget('platforms-xlsx', 'platforms-docx', { platforms: programs?.platforms }),
    // The carriers' overview has no Word version (404 NO_DOCUMENT); the programme's Word document
    // is a carrier's self-assessment, so its .docx ÷ .xlsx stands for the ratio.
    carrierBulletinAtMost300msMedian: programTarget('assessment-xlsx', 'assessment-docx', { carriers: programs?.carriers }, 'carriers-xlsx'),
    nationalExactAndUnder400KB: national
      ? {
          value: { exact: national.exact, largestItemBytes: national.itemBytes.largest.bytes, exportStatus: national.export.status },
          met: national.exact && national.itemBytes.largest.bytes < 400 * 1024 && national.export.status === 'done' && national.export.linkOk,
        }
      : { value: null, met: null },
  };
  const results = {
    version: 1,
    startedAt: startedAt.toISOString(),
    totalSeconds,
    phases: { ingestAndAggregationSeconds: round(ingestPhaseMs / 1000), exportSeconds: round(exportMs / 1000), programsSeconds: programs?.phaseSeconds ?? 0 },
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)), loadDuringRun: load.window(0, Date.now()) },
    options: { ...opts, skip: [...opts.skip] },
    scenario: {
      period: BURST_PERIOD,
      warmupPeriod: WARMUP_PERIOD,
      warmupFilings: warm.requests,
      previousQuarterFilingsWritten: bench.earlierFilings,
      ...plan.counts,
      filingItemBytes,
      versionItemBytes,
      itemBytes,
      pollerBatchSize: opts.pollerBatch ?? 'poller default (as npm start)',
      consumersDuringBurst: !opts.pauseConsumers,
    },
    ingest: {
      rounds,
      http: ingest,
      filingReplay: replay,
      ratioHttpToFilingReplay: ratioReplay,
      rawPutItem: rawPut,
      ratioHttpToRawPutItem: ratio,
      barePutItem: barePut,
      ratioHttpToBarePutItem: bareRatio,
      rawTransactWriteItems: rawTransact,
    },
    requestUnits,
    breakdown: { ...breakdown, idle },
    aggregation: { ...aggregation, lagBursts: lagSummary },
    reconcile,
    export: { pipeline, seeded: exportCases, programs },
    coldStart: cold,
    national,
    acceptance,
  };
  const out = path.resolve(REPO_ROOT, opts.out);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(results, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');

  printReport(results);
  log(`results written to ${path.relative(process.cwd(), out) || out}; total ${totalSeconds} s`);
  if (opts.keep) log(`data kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(`[bench] failed: ${e.stack ?? e.message}`);
    process.exit(1);
  },
);
