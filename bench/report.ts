// The printed report of `npm run bench`: the table of figures (the rows the README's Performance
// section is written from), the acceptance block, and the CPU profile when --profile was given.
// It reads only the results object that is written to results.json.

import { caseLabel, PROCESSES_PER_CASE } from './exports';
import { formatTable } from './stats';

// biome-ignore lint/suspicious/noExplicitAny: the results object as read back from results.json (possibly an older run's), walked field by field with no schema
export function printReport(r: any): void {
  const yes = (m: boolean | null) => (m === null ? 'n/a' : m ? 'MET' : 'NOT MET');
  const m = r.machine;
  console.log(`\nTongbao quarter-end benchmark — ${r.startedAt}`);
  console.log(`machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, node ${m.node}, ${m.java}`);
  console.log(
    `load average (1 min): at start ${m.loadAverageAtStart[0]}, during the run ${m.loadDuringRun.min}–${m.loadDuringRun.max} (mean ${m.loadDuringRun.mean}), at end ${m.loadAverageAtEnd[0]}`,
  );
  const s = r.scenario;
  console.log(
    `burst: ${s.submittingBases} bases submit ${s.period} (${s.submissions} submissions, ${s.corrections} corrections, ${s.drafts} drafts, ${s.draftOnlyBases} bases only draft); filing item ${s.filingItemBytes} B, version item ${s.versionItemBytes} B\n`,
  );
  const i = r.ingest;
  const b = r.breakdown;
  const h = i.http;
  const rows: Array<Array<string | number>> = [
    ['figure', 'value', 'detail'],
    [
      'HTTP ingest (PUT filing, c=' + r.options.concurrency + ')',
      `${h.filingsPerSecond} filings/s`,
      `${h.requests} PUTs in ${h.seconds} s over ${i.rounds} slices ${JSON.stringify(h.perSlice)}; p50 ${h.p50Ms} ms, p99 ${h.p99Ms} ms; ${JSON.stringify(h.statuses)}`,
    ],
    [
      'raw PutItem, same item into the table, c=' + r.options.concurrency,
      `${i.rawPutItem.perSecond} /s`,
      `${i.rawPutItem.ops} PutItems in ${i.rawPutItem.seconds} s, slices ${JSON.stringify(i.rawPutItem.perSlice)}; p50 ${i.rawPutItem.p50Ms} ms, p99 ${i.rawPutItem.p99Ms} ms`,
    ],
    [
      'filing replay (filing PutItem + version PutItem)',
      `${i.filingReplay.perSecond} /s`,
      `slices ${JSON.stringify(i.filingReplay.perSlice)}; p50 ${i.filingReplay.p50Ms} ms`,
    ],
    ['HTTP ÷ filing replay', `${Math.round(i.ratioHttpToFilingReplay * 100)} %`, 'acceptance ≥ 90 %'],
    ['HTTP ÷ raw PutItem', `${Math.round(i.ratioHttpToRawPutItem * 100)} %`, 'reported, not a target (issue 16)'],
    [
      'bare PutItem, table without stream',
      `${i.barePutItem.perSecond} /s`,
      `slices ${JSON.stringify(i.barePutItem.perSlice)}; p50 ${i.barePutItem.p50Ms} ms; HTTP ÷ bare ${Math.round(i.ratioHttpToBarePutItem * 100)} %`,
    ],
    ...(i.rawTransactWriteItems
      ? [['raw TransactWriteItems (filing+version)', `${i.rawTransactWriteItems.perSecond} /s`, `p50 ${i.rawTransactWriteItems.p50Ms} ms`]]
      : []),
    ['DynamoDB calls per filing', b.dynamoCallsTotalPerFiling, JSON.stringify(b.dynamoCallsPerFiling)],
    [
      'handler time per filing',
      `${b.handlerMs.mean} ms`,
      `DynamoDB in flight ${b.dynamoBusyMs.mean} ms, outside DynamoDB ${b.outsideDynamoMs.mean} ms; latency outside the handler ${b.outsideHandlerMs.mean} ms`,
    ],
    [
      'CPU per filing',
      `${b.cpuMsPerFiling.server} ms server`,
      `DynamoDB Local ${b.cpuMsPerFiling.dynamodbLocal} ms, client ${b.cpuMsPerFiling.client} ms (per raw PutItem: this process ${b.cpuMsPerRawPutItem.server} ms, DynamoDB Local ${b.cpuMsPerRawPutItem.dynamodbLocal} ms)`,
    ],
    ...(b.cpuMsPerReplayedFiling
      ? [
          [
            'CPU per replayed filing',
            `${b.cpuMsPerReplayedFiling.server} ms bench`,
            `DynamoDB Local ${b.cpuMsPerReplayedFiling.dynamodbLocal} ms (its PutItem and its version item's PutItem)`,
          ],
          [
            b.consumersAfterSlice.whole ? 'stream consumers per filing (paused, caught up after each slice)' : 'stream consumers per filing, left after slices',
            b.consumersAfterSlice.slices ? `${b.consumersAfterSlice.server} ms server` : 'n/a',
            b.consumersAfterSlice.slices
              ? `DynamoDB Local ${b.consumersAfterSlice.dynamodbLocal} ms, over ${b.consumersAfterSlice.slices} drain(s)`
              : 'no drain measured (the lag wait caught every slice up)',
          ],
        ]
      : []),
    [
      'CPU during the burst (% of a core)',
      `server ${h.cpu.corePercent.server}`,
      `DynamoDB Local ${h.cpu.corePercent.dynamodbLocal}, client ${h.cpu.corePercent.client}, other processes ${h.cpu.corePercent.otherProcesses}, steal ${h.cpu.corePercent.steal} (of ${h.cpu.corePercent.machineCapacity}); server event loop ${Math.round(b.serverEventLoopUtilization * 100)} % busy; load ${h.load.mean}`,
    ],
    [
      'CPU during raw PutItem (% of a core)',
      `bench ${i.rawPutItem.cpu.corePercent.server}`,
      `DynamoDB Local ${i.rawPutItem.cpu.corePercent.dynamodbLocal}, other processes ${i.rawPutItem.cpu.corePercent.otherProcesses}, steal ${i.rawPutItem.cpu.corePercent.steal}; load ${i.rawPutItem.load.mean}`,
    ],
    [
      'request units per submission',
      `${r.requestUnits.perSubmission.rru} RRU + ${r.requestUnits.perSubmission.wru} WRU`,
      `API per PUT ${JSON.stringify(r.requestUnits.api.perRequest)}, history per filing write ${JSON.stringify(r.requestUnits.history.perFilingWrite)}, aggregator per counted change ${JSON.stringify(r.requestUnits.aggregator.perCountedChange)}; acceptance ≤ 4 + ≤ 7`,
    ],
    [
      'aggregation lag, median of bursts',
      r.aggregation.lagBursts.medianMs === null ? 'n/a' : `${r.aggregation.lagBursts.medianMs} ms`,
      `${r.aggregation.lagBursts.bursts.length} bursts of ${r.aggregation.lagBursts.burstSize} filings: ${JSON.stringify(r.aggregation.lagBursts.bursts.map((b: { lagMs: number | null }) => b.lagMs))} ms; acceptance ≤ 1 s`,
    ],
    [
      'aggregation lag',
      r.aggregation.exact ? `${r.aggregation.lagMs} ms` : 'NOT EXACT',
      `last acknowledged filing → aggregate items equal an independent recomputation (every scope, quarter and year); earlier slices caught up in ${JSON.stringify(r.aggregation.catchUpMs)} ms`,
    ],
    [
      'aggregate-item writes per filing',
      r.aggregation.aggregateWritesPerFiling,
      `${r.aggregation.aggregateItemWrites} AGG writes (${r.aggregation.aggregateItemWritesFailed} lost to conflicts), ${r.aggregation.rollupWrites} rollup writes, ${r.aggregation.streamBatches} stream batches (aggregator ${r.aggregation.aggregatorBatches ?? '?'})`,
    ],
    ['reconcile drift', r.reconcile.drift, `dead letters ${r.reconcile.deadLetters}`],
    [
      'bulletin, burst table',
      `${r.export.pipeline.totalMs} ms`,
      `${r.export.pipeline.bases} bases via the real pipeline, on disk (first ${r.export.pipeline.firstMs} ms), ${Math.round(r.export.pipeline.bytes / 1024)} KB`,
    ],
  ];
  for (const c of r.export.seeded)
    rows.push([
      `bulletin ${caseLabel(c)}`,
      `${c.totalMs} ms median`,
      `fastest ${c.minMs} ms of ${c.runs.length} in ${PROCESSES_PER_CASE} processes; median ${c.totalMs} ms = gather ${c.gatherMs} ms (DynamoDB ${c.gatherDynamoMs} ms) + build ${c.buildMs} ms; CPU ${c.cpuMs} ms; ${c.items} items; first in a fresh process ${c.firstMs} ms; ${Math.round(c.bytes / 1024)} KB`,
    ]);
  const pg = r.export.programs;
  if (pg) {
    const who: Record<string, string> = {
      'platforms-xlsx': `platform bulletin ${pg.year} .xlsx, ${pg.platforms} platforms`,
      'platforms-docx': `platform bulletin ${pg.year} .docx, ${pg.platforms} platforms`,
      'carriers-xlsx': `carrier overview ${pg.year} .xlsx, ${pg.carriers} carriers`,
      'assessment-xlsx': `carrier self-assessment ${pg.year} .xlsx, 1 carrier`,
      'assessment-docx': `carrier self-assessment ${pg.year} .docx, 1 carrier`,
    };
    for (const e of pg.exports)
      rows.push([
        who[e.kind] ?? e.kind,
        `${e.totalMs} ms median`,
        `fastest ${e.minMs} ms of ${e.runs.length}; DynamoDB in flight ${e.dynamoMs} ms, rest ${e.restMs} ms; CPU ${e.cpuMs} ms; first ${e.firstMs} ms; ${Math.round(e.bytes / 1024)} KB`,
      ]);
    const x = (k: string) => pg.exports.find((e: { kind: string }) => e.kind === k)?.totalMs;
    rows.push([
      'platform / carrier exports: Word ÷ workbook',
      `${Math.round((x('platforms-docx') / x('platforms-xlsx')) * 100) / 100} / ${Math.round((x('assessment-docx') / x('assessment-xlsx')) * 100) / 100}`,
      `platform bulletin; carrier self-assessment (the overview has no .docx). Demo seeds at their real size, loaded through HTTP into the burst's table in ${pg.loadSeconds} s (on disk); 5,000 ÷ 1,000 and versions do not apply`,
    ]);
  }
  for (const c of r.coldStart)
    rows.push([
      `cold import ${c.name}`,
      `${c.importMs} ms`,
      `${c.importMsSourceMaps} ms with --enable-source-maps; bundle ${Math.round(c.bytes / 1024)} KB (gzip ${Math.round(c.gzipBytes / 1024)} KB, map ${Math.round(c.mapBytes / 1024)} KB); node boot ${c.nodeBootMs} ms`,
    ]);
  rows.push([
    'total run',
    `${r.totalSeconds} s`,
    `ingest + aggregation ${r.phases.ingestAndAggregationSeconds} s, export ${r.phases.exportSeconds} s, platform/carrier exports ${r.phases.programsSeconds ?? 0} s`,
  ]);
  console.log(formatTable(rows));
  console.log('\nacceptance:');
  for (const [k, v] of Object.entries(r.acceptance) as Array<[string, { value: unknown; met: boolean | null }]>)
    console.log(`  ${yes(v.met).padEnd(8)} ${k}: ${JSON.stringify(v.value)}`);
  if (b.profile) {
    console.log(`\nserver CPU profile during the burst slices (first slice in ${b.profile.file}), self time by group:`);
    console.log(
      formatTable([['group', 'ms', '%'], ...b.profile.groups.slice(0, 15).map((g: { group: string; ms: number; pct: number }) => [g.group, g.ms, g.pct])]),
    );
    console.log(
      formatTable([
        ['function', 'group', 'ms', '%'],
        ...b.profile.functions.slice(0, 15).map((f: { fn: string; group: string; ms: number; pct: number }) => [f.fn, f.group, f.ms, f.pct]),
      ]),
    );
  }
}
