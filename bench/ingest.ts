// The ingest phases of `npm run bench`: the quarter-end burst through HTTP, interleaved with the
// raw baselines it is compared with (PutItems of the real filing item into the table and into a
// bare table, the filing replay: its PutItem and its version item's PutItem), the aggregation
// writes and request units the burst cost, where a filing's time goes, and the item sizes.

import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AggregatorLog } from './aggregator-log';
import type { ClientResult } from './client';
import { asBench, type CallCounters, diff, snapshot, unitDiff, unitSnapshot } from './instrument';
import { type ExactnessCheck, waitUntilExact } from './lag';
import { CpuMeter, type CpuReport, type LoadSampler, sumCpu } from './machine';
import { planBurst } from './plan';
import { sumUnits, type UnitTotals } from './request-units';
import { BARE_TABLE, BURST_PERIOD, log, RAW_PK } from './scenario';
import type { Bench, WarmUp } from './setup';
import { dynamoItemSize, median, percentile, pool, round } from './stats';

// ---- raw DynamoDB Local PutItem: the real filing item, same concurrency ----------------------
// 'table': into the table the API writes (its stream included), in a partition no consumer
// processes — the write a filing needs, without the API around it. 'bare': into a separate
// table without a stream — what DynamoDB Local does for a PutItem at all.
// (A separate table *with* a stream was tried first: on DynamoDB Local its PutItems ran 3×
// slower than the same PutItems into the main table, which would flatter the ratio.)
export type RawKind = 'table' | 'bare' | 'replay' | 'transact';
export type RawWriter = ReturnType<typeof rawWriter>;

/** Raw PutItems (or a filing's writes replayed) of the warm-up's real items, `n` at the burst's concurrency, timed. */
export function rawWriter(b: Bench, w: WarmUp) {
  const { opts, javaPid } = b;
  const { config, db, PutCommand, TransactWriteCommand } = b.m;
  const { template, versionItem } = w;
  return (label: string, kind: RawKind, n: number) =>
    asBench(async () => {
      const latencies: number[] = [];
      const cpu = new CpuMeter(javaPid);
      const t0 = performance.now();
      await pool(n, opts.concurrency, async (i) => {
        const a = performance.now();
        const item = { ...template, pk: `${RAW_PK}#${label}`, sk: `BASE#${String(i).padStart(6, '0')}` };
        if (kind === 'table') await db.send(new PutCommand({ TableName: config.tableName, Item: item }));
        else if (kind === 'bare') await db.send(new PutCommand({ TableName: BARE_TABLE, Item: item }));
        else if (kind === 'replay') {
          // The mandatory writes of a filing, replayed: its PutItem, then its version item's PutItem.
          await db.send(new PutCommand({ TableName: config.tableName, Item: item }));
          await db.send(new PutCommand({ TableName: config.tableName, Item: { ...(versionItem ?? {}), pk: `${RAW_PK}#${label}#${i}`, sk: 'V#00000001' } }));
        } else
          await db.send(
            new TransactWriteCommand({
              TransactItems: [
                { Put: { TableName: config.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
                {
                  Put: {
                    TableName: config.tableName,
                    Item: { ...(versionItem ?? {}), pk: `${RAW_PK}#${label}#${i}`, sk: 'V#00000001' },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ],
            }),
          );
        latencies.push(performance.now() - a);
      });
      return { ops: n, ms: performance.now() - t0, latencies, cpu: cpu.stop() };
    });
}

type RawResult = Awaited<ReturnType<RawWriter>>;

/**
 * The burst, interleaved with raw PutItems; then the aggregation writes and the request units
 * it cost. The lag after it is measured right after its last slice (bench/lag.ts).
 */
export async function runBurst(b: Bench, raw: RawWriter, check: ExactnessCheck, aggregatorLog: AggregatorLog, load: LoadSampler) {
  const { opts, bases, exp, stack, javaPid, profiles, drain, aggregatorStats, runClient } = b;
  // ---- the burst, interleaved with raw PutItems ----------------------------------------------
  // This machine is shared: other work comes and goes within seconds. So the burst and the raw
  // PutItems are run in alternating slices (H R R H H R R H …, the last one always a burst
  // slice), and each figure sums its slices: both see the same background load. Before a raw
  // slice the stream consumers are drained, so raw PutItems never compete with the aggregator.
  const plan = planBurst(bases, BURST_PERIOD, { corrections: opts.corrections, drafts: opts.drafts, seed: opts.seed }, exp);
  check.refresh();
  const rounds = Math.min(opts.rounds, plan.jobs.length);
  const slices = Array.from({ length: rounds }, (_, i) =>
    plan.jobs.slice(Math.floor((i * plan.jobs.length) / rounds), Math.floor(((i + 1) * plan.jobs.length) / rounds)),
  );
  const rawPerSlice = Math.ceil(opts.rawOps / rounds);
  const sequence: Array<{ kind: 'http' | 'raw'; slice: number }> = [];
  for (let i = 0; i < rounds; i++) {
    const pair: Array<'http' | 'raw'> = i % 2 === 0 ? ['raw', 'http'] : ['http', 'raw'];
    for (const kind of pair) sequence.push({ kind, slice: i });
  }
  // R H H R R H H R …: the lag is measured right after the last burst slice, before what follows.
  const lastHttp = sequence.map((x) => x.kind).lastIndexOf('http');

  profiles.length = 0;
  const c0 = snapshot();
  const u0 = unitSnapshot();
  const log0 = { ...aggregatorLog };
  const poll0 = aggregatorStats();
  let profiler: import('./profile').CpuProfiler | undefined;
  if (opts.profile) profiler = new (await import('./profile')).CpuProfiler();
  const httpResults: ClientResult[] = [];
  const httpCpu: CpuReport[] = [];
  const rawResults: RawResult[] = [];
  const bareResults: RawResult[] = [];
  const replayResults: RawResult[] = [];
  const catchUpMs: number[] = [];
  /** The consumers' CPU while draining after burst slices, with the filings of those slices. */
  const catchUp: Array<{ filings: number; cpu: CpuReport }> = [];
  // Filings of the burst slices since the last drain (live consumers).
  let undrained = 0;
  /** Waits until the consumers are idle; how long that took and the CPU it cost. */
  const timedDrain = async () => {
    const a = performance.now();
    const meter = new CpuMeter(javaPid);
    await drain(300_000);
    return { ms: Math.round(performance.now() - a), cpu: meter.stop() };
  };
  let eluActive = 0;
  let eluIdle = 0;
  let lagMs: number | undefined;
  let lastDiffs: string[] = [];
  let checks = 0;
  let c1 = c0;
  let c2 = c0;
  const loadWindows: Array<{ kind: string; from: number; to: number }> = [];
  log(
    `burst: ${plan.counts.requests} PUT filing requests (${plan.counts.submissions} submissions, ${plan.counts.corrections} corrections, ${plan.counts.drafts} drafts) from ${opts.concurrency} clients, interleaved with ${opts.rawOps} raw PutItems in ${rounds} round(s)…`,
  );
  for (const [step, { kind, slice }] of sequence.entries()) {
    const from = Date.now();
    if (kind === 'raw') {
      const drained = await timedDrain();
      if (!opts.pauseConsumers && step > 0 && sequence[step - 1]!.kind === 'http') catchUpMs.push(drained.ms);
      // After the last burst slice the lag wait has caught everything up: nothing of theirs is left.
      if (undrained && step < lastHttp) catchUp.push({ filings: undrained, cpu: drained.cpu });
      undrained = 0;
      // Alternate which variant goes first, so neither always follows the catch-up.
      const variants: Array<'table' | 'replay' | 'bare'> = slice % 2 === 0 ? ['replay', 'table', 'bare'] : ['bare', 'table', 'replay'];
      for (const v of variants) (v === 'table' ? rawResults : v === 'replay' ? replayResults : bareResults).push(await raw(`s${step}`, v, rawPerSlice));
    } else {
      // --pause-consumers (diagnostic): the stream consumers sit out the burst slices and
      // catch up afterwards from their checkpoints, to show what they cost the ingest path.
      if (opts.pauseConsumers) await stack.pauseConsumers();
      const elu0 = performance.eventLoopUtilization();
      const cpuMeter = new CpuMeter(javaPid);
      await profiler?.start();
      const r = await runClient(slices[slice]!);
      await profiler?.pause(path.join(os.tmpdir(), `tongbao-bench-${process.pid}.cpuprofile`));
      httpCpu.push(cpuMeter.stop(r.cpuMs));
      const elu = performance.eventLoopUtilization(elu0);
      eluActive += elu.active;
      eluIdle += elu.idle;
      httpResults.push(r);
      if (opts.pauseConsumers) {
        // Caught up right away, so the drain is this slice's whole consumer work (the next
        // slice would pause them again).
        await stack.resumeConsumers();
        const drained = await timedDrain();
        catchUp.push({ filings: r.requests, cpu: drained.cpu });
        catchUpMs.push(drained.ms);
      } else undrained += r.requests;
      if (step === lastHttp) {
        c1 = snapshot();
        // Lag: from the last acknowledged filing until the aggregate items equal the recomputation.
        ({ lagMs, checks, lastDiffs } = await waitUntilExact(check, r.lastAckAt, 180_000, 50));
        c2 = snapshot();
      }
    }
    loadWindows.push({ kind, from, to: Date.now() });
    log(
      kind === 'http'
        ? `  burst slice ${slice + 1}/${rounds}: ${httpResults.at(-1)!.requests} filings at ${round(httpResults.at(-1)!.requests / ((httpResults.at(-1)!.endedAt - httpResults.at(-1)!.startedAt) / 1000))}/s`
        : `  raw slice ${slice + 1}/${rounds}: ${rawResults.at(-1)!.ops} PutItems at ${round(rawResults.at(-1)!.ops / (rawResults.at(-1)!.ms / 1000))}/s into the table, ${round(bareResults.at(-1)!.ops / (bareResults.at(-1)!.ms / 1000))}/s bare; ${round(replayResults.at(-1)!.ops / (replayResults.at(-1)!.ms / 1000))} filing + version replays/s`,
    );
  }
  const profileSummary = profiler?.summary();
  const poll1 = aggregatorStats();
  const allLatencies = httpResults.flatMap((r) => r.latencies);
  const httpSeconds = httpResults.reduce((a, r) => a + (r.endedAt - r.startedAt) / 1000, 0);
  const httpRequests = httpResults.reduce((a, r) => a + r.requests, 0);
  const statuses: Record<string, number> = {};
  for (const r of httpResults) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const failed = Object.entries(statuses).filter(([st]) => st !== '200' && st !== '201');
  const cpu = sumCpu(httpCpu);
  const windowLoad = (kind: string) => {
    const w = loadWindows.filter((x) => x.kind === kind);
    const parts = w.map((x) => load.window(x.from, x.to));
    return {
      min: Math.min(...parts.map((p) => p.min)),
      max: Math.max(...parts.map((p) => p.max)),
      mean: round(parts.reduce((a, p) => a + p.mean, 0) / (parts.length || 1), 2),
    };
  };
  const ingest = {
    requests: httpRequests,
    seconds: round(httpSeconds, 2),
    filingsPerSecond: round(httpRequests / httpSeconds),
    perSlice: httpResults.map((r) => round(r.requests / ((r.endedAt - r.startedAt) / 1000))),
    p50Ms: round(median(allLatencies)),
    p95Ms: round(percentile(allLatencies, 95)),
    p99Ms: round(percentile(allLatencies, 99)),
    maxMs: round(Math.max(...allLatencies)),
    statuses,
    errors: httpResults.flatMap((r) => r.errors).slice(0, 5),
    load: windowLoad('http'),
    cpu,
  };
  const summarise = (results: RawResult[]) => {
    const ops = results.reduce((a, r) => a + r.ops, 0);
    const seconds = results.reduce((a, r) => a + r.ms / 1000, 0);
    const latencies = results.flatMap((r) => r.latencies);
    return {
      ops,
      seconds: round(seconds, 2),
      perSecond: round(ops / seconds),
      perSlice: results.map((r) => round(r.ops / (r.ms / 1000))),
      p50Ms: round(median(latencies)),
      p99Ms: round(percentile(latencies, 99)),
      cpu: sumCpu(results.map((r) => r.cpu)),
    };
  };
  const rawPut = { ...summarise(rawResults), load: windowLoad('raw') };
  const barePut = summarise(bareResults);
  const replay = {
    ...summarise(replayResults),
    what: "per operation: the filing item's PutItem, then its version item's PutItem (the same items the burst wrote), into the table, same concurrency",
  };
  const ratioReplay = round(ingest.filingsPerSecond / replay.perSecond, 3);
  const rawCpu = rawPut.cpu;
  const rawOps = rawPut.ops;
  const ratio = round(ingest.filingsPerSecond / rawPut.perSecond, 3);
  const bareRatio = round(ingest.filingsPerSecond / barePut.perSecond, 3);
  log(
    `burst: ${ingest.filingsPerSecond} filings/s (p50 ${ingest.p50Ms} ms, p99 ${ingest.p99Ms} ms); raw PutItem ${rawPut.perSecond}/s into the table (p50 ${rawPut.p50Ms} ms), ${barePut.perSecond}/s bare; ratio ${Math.round(ratio * 100)} % (${Math.round(bareRatio * 100)} % of bare)` +
      (failed.length ? `; FAILED: ${JSON.stringify(failed)} ${ingest.errors.join(' | ')}` : ''),
  );

  // ---- aggregation writes ----------------------------------------------------------------------
  const aggDiff: CallCounters = diff(c0.background, c2.background);
  const aggLog = Object.fromEntries(Object.entries(aggregatorLog).map(([k, v]) => [k, v - log0[k as keyof typeof log0]]));
  const aggWrites = aggDiff.txPuts.AGG ?? 0;
  const countedWrites = plan.counts.submissions + plan.counts.corrections;
  const aggregation = {
    exact: lagMs !== undefined,
    lagMs,
    checks,
    /** Time to drain the stream consumers after each earlier burst slice (upper bound of its lag, ≈ +0.4 s of drain detection). */
    catchUpMs,
    firstDiffs: lastDiffs.slice(0, 10),
    aggregateItemWrites: aggWrites,
    aggregateItemWritesFailed: aggDiff.txPutsFailed.AGG ?? 0,
    rollupWrites: aggDiff.txPuts.ROLLUP ?? 0,
    aggregateWritesPerFiling: round(aggWrites / httpRequests, 4),
    aggregateWritesPerCountedChange: round(aggWrites / countedWrites, 4),
    /** Handler invocations of every stream consumer. */
    streamBatches: poll1.batches - poll0.batches,
    /** The aggregator's (each consumer takes its own batches). */
    aggregatorBatches: (poll1.consumers.aggregator?.batches ?? 0) - (poll0.consumers.aggregator?.batches ?? 0),
    streamRecordsDelivered: poll1.records - poll0.records,
    streamRecordsFiltered: poll1.skipped - poll0.skipped,
    aggregatorLog: aggLog,
    /** DynamoDB calls outside requests: both stream consumers (and the bench's own checks and raw PutItems). */
    backgroundCalls: aggDiff.calls,
    deadLetters: b.counters.deadLetters,
  };
  log(
    aggregation.exact
      ? `aggregates exact ${lagMs} ms after the last acknowledged filing; ${aggWrites} aggregate-item writes = ${aggregation.aggregateWritesPerFiling} per filing (${aggregation.streamBatches} stream batches, ${aggregation.aggregatorBatches} of them the aggregator's)`
      : `aggregates NOT exact after 180 s: ${lastDiffs.slice(0, 5).join('; ')}`,
  );
  await drain(300_000);
  const u1 = unitSnapshot();
  const requestUnits = requestUnitsOf(unitDiff(u0.request, u1.request), unitDiff(u0.background, u1.background), {
    requests: httpRequests,
    countedChanges: countedWrites,
    bench: unitDiff(u0.bench, u1.bench),
  });
  log(
    `request units per submission: ${requestUnits.perSubmission.rru} RRU + ${requestUnits.perSubmission.wru} WRU (API ${JSON.stringify(requestUnits.api.perRequest)}, history ${JSON.stringify(requestUnits.history.perFilingWrite)}, aggregator ${JSON.stringify(requestUnits.aggregator.perCountedChange)})`,
  );

  return {
    plan,
    rounds,
    ingest,
    rawPut,
    barePut,
    replay,
    ratioReplay,
    ratio,
    bareRatio,
    rawCpu,
    rawOps,
    failed,
    aggregation,
    requestUnits,
    lagMs,
    catchUp,
    c0,
    c1,
    allLatencies,
    httpRequests,
    cpu,
    eluActive,
    eluIdle,
    profileSummary,
  };
}
export type BurstResult = Awaited<ReturnType<typeof runBurst>>;

/** --raw-transact: raw TransactWriteItems of a filing and its version item, into the table. */
export async function measureRawTransact(b: Bench, raw: RawWriter) {
  const { opts } = b;
  let rawTransact: { perSecond: number; p50Ms: number; p99Ms: number; ops: number } | undefined;
  if (opts.rawTransact) {
    const r = await raw('transact', 'transact', Math.max(50, Math.round(opts.rawOps / 4)));
    rawTransact = { ops: r.ops, perSecond: round(r.ops / (r.ms / 1000)), p50Ms: round(median(r.latencies)), p99Ms: round(percentile(r.latencies, 99)) };
    log(`raw TransactWriteItems (filing + version item, into the table): ${rawTransact.perSecond}/s`);
  }
  return rawTransact;
}

/** Item sizes (what WCU/RCU are computed from). */
export async function itemSizes(b: Bench, w: WarmUp) {
  const { bases } = b;
  const { config, db, keys, GetCommand } = b.m;
  const { filingItemBytes, versionItemBytes } = w;
  const sizeOf = async (key: { pk: string; sk: string }) => {
    const item = (await asBench(() => db.send(new GetCommand({ TableName: config.tableName, Key: key })))).Item;
    return item ? dynamoItemSize(item) : undefined;
  };
  const itemBytes = {
    filing: filingItemBytes,
    version: versionItemBytes,
    registry: await sizeOf(keys.base(bases[0]!.baseId)),
    rollup: await sizeOf(keys.rollup(bases[0]!.baseId, 2020)),
    aggregateQuarter: await sizeOf(keys.aggregate(BURST_PERIOD)),
    aggregateYear: await sizeOf(keys.aggregate('2020')),
  };
  log(`item sizes (bytes): ${JSON.stringify(itemBytes)}`);
  return itemBytes;
}

/** Where the time of a filing goes: DynamoDB calls, handler time, CPU, from the burst's request profiles. */
export function filingBreakdown(b: Bench, r: BurstResult) {
  const { profiles } = b;
  const { c0, c1, allLatencies, cpu, httpRequests, rawCpu, rawOps, replay, catchUp, eluActive, eluIdle, profileSummary } = r;
  const perOp = (c: CpuReport, ops: number) => ({
    server: round(c.cpuMs.server / (ops || 1), 2),
    dynamodbLocal: c.cpuMs.dynamodbLocal === undefined ? undefined : round(c.cpuMs.dynamodbLocal / (ops || 1), 2),
  });
  const filingProfiles = profiles.filter((p) => p.method === 'PUT' && /\/filings\/[^/]+$/.test(p.path));
  const reqDiff = diff(c0.request, c1.request);
  const n = filingProfiles.length || 1;
  const perFiling = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round(v / n, 2)]));
  const handlerMs = filingProfiles.map((p) => p.totalMs);
  const busyMs = filingProfiles.map((p) => p.dynamoBusyMs);
  const breakdown = {
    requests: filingProfiles.length,
    dynamoCallsPerFiling: perFiling(reqDiff.calls),
    dynamoCallsTotalPerFiling: round(Object.values(reqDiff.calls).reduce((a, b) => a + b, 0) / n, 2),
    dynamoMsPerFilingByCommand: perFiling(reqDiff.callMs),
    handlerMs: { mean: round(handlerMs.reduce((a, b) => a + b, 0) / n), p50: round(median(handlerMs)), p99: round(percentile(handlerMs, 99)) },
    dynamoBusyMs: { mean: round(busyMs.reduce((a, b) => a + b, 0) / n), p50: round(median(busyMs)) },
    /** Handler time with no DynamoDB call in flight: our code's CPU plus waiting for the event loop. */
    outsideDynamoMs: { mean: round(filingProfiles.reduce((a, p) => a + p.totalMs - p.dynamoBusyMs, 0) / n) },
    /** Client latency not spent in the handler: HTTP parsing/writing, socket queueing, event-loop waits. */
    outsideHandlerMs: { mean: round(allLatencies.reduce((a, b) => a + b, 0) / allLatencies.length - handlerMs.reduce((a, b) => a + b, 0) / n) },
    cpuMsPerFiling: {
      server: round(cpu.cpuMs.server / httpRequests, 2),
      dynamodbLocal: cpu.cpuMs.dynamodbLocal === undefined ? undefined : round(cpu.cpuMs.dynamodbLocal / httpRequests, 2),
      client: round(cpu.cpuMs.client / httpRequests, 2),
    },
    cpuMsPerRawPutItem: perOp(rawCpu, rawOps),
    /** Per replayed filing (its PutItem and its version item's PutItem): the ingest target's baseline. */
    cpuMsPerReplayedFiling: perOp(replay.cpu, replay.ops),
    /**
     * What the stream consumers spent per filing after the burst slices. With --pause-consumers
     * they catch up right after each slice: their whole work for it (`whole`). Otherwise it is
     * what they had left when a raw slice's drain began (slices whose work the lag wait caught
     * up are left out: `slices` counts the drains measured).
     */
    consumersAfterSlice: {
      ...perOp(
        sumCpu(catchUp.map((x) => x.cpu)),
        catchUp.reduce((a, x) => a + x.filings, 0),
      ),
      slices: catchUp.length,
      whole: b.opts.pauseConsumers,
    },
    serverEventLoopUtilization: round(eluActive / (eluActive + eluIdle), 3),
    profile: profileSummary,
  };
  return breakdown;
}

/** Item kinds the history writer writes; every other background call is the aggregator's. */
const HISTORY_KINDS = new Set(['HIST', 'AUDIT']);

/**
 * Request units of the burst, counted by DynamoDB's rules from the items written and read
 * (bench/request-units.ts): the API's per PUT, the history writer's per filing write, the
 * aggregator's per counted change (submission or correction). Their sum is what one submission
 * costs at the peak, consumers included (the README's capacity plan adds it up the same way).
 */
export function requestUnitsOf(request: UnitTotals, background: UnitTotals, n: { requests: number; countedChanges: number; bench: UnitTotals }) {
  const pick = (t: UnitTotals, f: (kind: string) => boolean): UnitTotals => Object.fromEntries(Object.entries(t).filter(([k]) => f(k)));
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const per = (t: UnitTotals, d: number) => {
    const s = sumUnits(t);
    return { rru: r2(s.rru / (d || 1)), wru: r2(s.wru / (d || 1)) };
  };
  const history = pick(background, (k) => HISTORY_KINDS.has(k));
  const aggregator = pick(background, (k) => !HISTORY_KINDS.has(k));
  const api = per(request, n.requests);
  const hist = per(history, n.requests);
  const agg = per(aggregator, n.countedChanges);
  const all = sumUnits({
    ...Object.fromEntries(Object.entries(request).map(([k, v]) => [`api:${k}`, v])),
    ...Object.fromEntries(Object.entries(background).map(([k, v]) => [`bg:${k}`, v])),
  });
  return {
    counting:
      "item sizes per DynamoDB's rules; WRU ceil(size/1 KB) per item (larger of before/after, ×2 in transactions); RRU ceil(size/4 KB) per item read (½ eventually consistent), Query summed; see bench/request-units.ts",
    perSubmission: { rru: r2(api.rru + hist.rru + agg.rru), wru: r2(api.wru + hist.wru + agg.wru) },
    api: { perRequest: api, requests: n.requests, byKind: request },
    history: { perFilingWrite: hist, byKind: history },
    aggregator: { perCountedChange: agg, countedChanges: n.countedChanges, byKind: aggregator },
    burstTotal: { rru: r2(all.rru), wru: r2(all.wru), perFilingWrite: { rru: r2(all.rru / (n.requests || 1)), wru: r2(all.wru / (n.requests || 1)) } },
    benchOwnCallsExcluded: sumUnits(n.bench),
  };
}
