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
// 5. Cold import time and size of each deployed bundle (bench/cold-start.ts).
// Prints a table and writes bench/results.json. See bench/PERFORMANCE.md for how to read it.

import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { ClientResult, RunMessage } from './client';
import type { ColdStartResult } from './cold-start';
import type { ExportKind, WorkerReply, WorkerRequest } from './export-worker';
import { runNationalBench, type NationalResult } from './national';
import { CpuMeter, findJavaChild, LoadSampler, machineInfo, sumCpu, type CpuReport } from './machine';
import { asBench, diff, instrumentClient, profiled, snapshot, unitDiff, unitSnapshot, type CallCounters, type RequestProfile } from './instrument';
import { sumUnits, type UnitTotals } from './request-units';
import { parseOptions } from './options';
import { expectationFor, planBurst, planLagBurst, planPreviousQuarter, planRegistry, planWarmup, type PlannedJob } from './plan';
import { dynamoItemSize, formatTable, median, percentile, pool, round } from './stats';
import type { ProfileSummary } from './profile';
import type { BaseRecord } from '../shared/registry';

const REPO_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const BURST_PERIOD = '2020Q4';
const WARMUP_PERIOD = '2020Q3';
const CHECK_PERIODS = [WARMUP_PERIOD, BURST_PERIOD, '2020'];
/** Both periods are open for the whole run; nobody files late. */
const SCHEDULE = { opensAt: '2020-01-01T00:00:00+08:00', dueAt: '2098-01-01T00:00:00+08:00', closesAt: '2099-01-01T00:00:00+08:00' };
/** Raw PutItems into the table itself go to this partition, which no stream consumer processes. */
const RAW_PK = 'BENCHRAW';
const BARE_TABLE = 'bench-bare-putitem';

const log = (m: string) => console.log(`[bench] ${m}`);
const elapsed = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

// ---- the aggregator's own per-batch stats ----------------------------------------------------
// functions/aggregate-stream.ts logs `batch aggregated` with the AggregationStats of every batch
// (Powertools Logger → process.stdout). Those lines are collected here instead of printed.
const aggregatorLog = { batches: 0, records: 0, changes: 0, rollupWrites: 0, aggregateWrites: 0, transactions: 0, conflicts: 0, failedBatches: 0 };
{
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  (process.stdout as unknown as { write: typeof write }).write = (chunk: unknown, ...rest: unknown[]) => {
    const s = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    if (s.includes('"batch aggregated"')) {
      for (const line of s.split('\n').filter((l) => l.includes('"batch aggregated"'))) {
        try {
          const j = JSON.parse(line) as Record<string, number | undefined>;
          aggregatorLog.batches++;
          aggregatorLog.records += j.records ?? 0;
          aggregatorLog.changes += j.changes ?? 0;
          aggregatorLog.rollupWrites += j.rollupWrites ?? 0;
          aggregatorLog.aggregateWrites += j.aggregateWrites ?? 0;
          aggregatorLog.transactions += j.transactions ?? 0;
          aggregatorLog.conflicts += j.conflicts ?? 0;
          if (j.failedIndex !== undefined) aggregatorLog.failedBatches++;
        } catch {
          /* not JSON after all */
        }
      }
      return true;
    }
    return write(chunk, ...rest);
  };
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const T0 = performance.now();
  const startedAt = new Date();
  const machine = machineInfo();
  const load = new LoadSampler();
  const work = mkdtempSync(path.join(os.tmpdir(), 'tongbao-bench-'));
  log(`${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}`);
  log(`data in ${work}; ${opts.bases} bases, concurrency ${opts.concurrency}, corrections ${opts.corrections}, drafts ${opts.drafts}`);

  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  process.env.ADMIN_TOKEN = adminToken;
  process.env.TABLE_NAME = 'tongbao';
  process.env.AWS_REGION ||= 'cn-north-1';

  const { startDynamoDbLocal } = await import('../local/dynamodb-local');
  let t = performance.now();
  const dynamo = await startDynamoDbLocal({ dataDir: path.join(work, 'dynamodb') });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  const javaPid = findJavaChild();
  log(`DynamoDB Local (on disk) up in ${elapsed(t)}${javaPid ? `, pid ${javaPid}` : ''}`);

  // Config is read once when these modules load, so they are imported after the env is set.
  const { config } = await import('../shared/config');
  const { rawClient, db } = await import('../shared/store/client');
  const { tableDefinition } = await import('../shared/store/table');
  const { keys } = await import('../shared/store/keys');
  const { putToken } = await import('../shared/store/tokens');
  const { getAggregates } = await import('../shared/store/aggregates');
  const { newToken } = await import('../shared/auth');
  const { planWrite } = await import('../shared/filing');
  const { writeFiling } = await import('../shared/store/filings');
  const { reconcilePeriod } = await import('../shared/use-cases/reconcile-period');
  const { gatherBulletinInput, parseBulletinQuery } = await import('../shared/use-cases/export-bulletin');
  const { buildBulletin } = await import('../shared/bulletin');
  const { startLocalStack } = await import('../local/stack');
  const { GetCommand, PutCommand, TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { CreateTableCommand } = await import('@aws-sdk/client-dynamodb');

  instrumentClient(rawClient);
  // The bare PutItem baseline: a separate table without a stream (see the raw section below).
  await rawClient.send(
    new CreateTableCommand(tableDefinition(BARE_TABLE, { stream: false })),
  );

  // The stack exactly as `npm start` wires it (local/stack.ts), with each API request profiled.
  let deadLetters = 0;
  const profiles: RequestProfile[] = [];
  const stack = await startLocalStack({
    dataDir: work,
    port: 0,
    host: '127.0.0.1',
    name: 'bench',
    wrapApi: (handler) => profiled(handler, profiles),
    pollerBatchSize: opts.pollerBatch,
    onDeadLetter: () => void deadLetters++,
  });
  const { server, consumers } = stack;
  const aggregatorStats = () => stack.streamStats();
  const drain = (ms: number) => stack.drain(ms);
  log(`stack up: ${server.url}; stream consumers ${consumers.join(', ')} (poller batch ${opts.pollerBatch ?? 'default'})`);

  const adminFetch = async (method: string, p: string, body?: unknown) => {
    const r = await fetch(`${server.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return r;
  };

  // ---- setup: schedules through the API; registry and tokens straight into the table (the API
  // would audit each in a transaction: minutes for 1,000 bases on DynamoDB Local) -------------
  t = performance.now();
  for (const period of [WARMUP_PERIOD, BURST_PERIOD])
    await adminFetch('PUT', `/api/periods/${period}`, SCHEDULE);
  const bases = planRegistry(opts.bases);
  const tokens: Record<string, string> = {};
  const now = new Date().toISOString();
  await pool(bases.length, opts.concurrency, async (i) => {
    const b = bases[i]!;
    const tk = newToken();
    tokens[b.baseId] = tk.token;
    // The registry item as the store keeps it (README: pk REGISTRY, sk BASE#<id>).
    const record: BaseRecord = { ...b, activeFrom: null, activeTo: null, updatedAt: now };
    await db.send(new PutCommand({ TableName: config.tableName, Item: { ...keys.base(b.baseId), ...record } }));
    await putToken({ tokenId: tk.tokenId, hash: tk.hash, role: 'base', baseId: b.baseId, city: null, holder: { name: `管理员${i}`, phone: '13800000000' }, createdAt: now, createdBy: 'bench', revokedAt: null });
  });
  await drain(300_000);
  log(`setup: ${bases.length} bases and tokens in ${elapsed(t)}`);

  // ---- load client process ---------------------------------------------------------------
  const client: ChildProcess = fork(path.join(REPO_ROOT, 'bench', 'client.ts'), [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const runClient = (jobs: PlannedJob[]) =>
    new Promise<ClientResult>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load client exited (${code})`));
      client.once('exit', onExit);
      client.once('message', (m: ClientResult | { type: 'error'; message: string }) => {
        client.off('exit', onExit);
        if (m.type === 'result') resolve(m);
        else reject(new Error(`load client failed: ${m.message}`));
      });
      const msg: RunMessage = { type: 'run', url: server.url, concurrency: opts.concurrency, jobs, tokens };
      client.send(msg);
    });

  // ---- the quarter before: every base not in the warm-up filed it -----------------------------
  // Written straight into the table through the store (as the registry above), so neither path
  // gets extra warm-up; the stream files their history and rollups as for any filing.
  const exp = expectationFor(bases);
  t = performance.now();
  const earlier = planPreviousQuarter(bases, opts.warmup, WARMUP_PERIOD, opts.seed, exp);
  await pool(earlier.length, opts.concurrency, async (i) => {
    const { baseId, typed } = earlier[i]!;
    const planned = planWrite(baseId, WARMUP_PERIOD, { status: 'submitted', values: typed, confirmWarnings: true, explanation: '基准测试数据' }, { current: undefined, previous: null, schedule: SCHEDULE, actor: { tokenId: 'bench', role: 'base', name: 'bench' }, now: new Date(), ifMatch: undefined });
    await writeFiling(planned.filing, 0);
  });
  await drain(300_000);
  log(`the quarter before: ${earlier.length} filings of ${WARMUP_PERIOD} written into the table in ${elapsed(t)}`);

  // ---- warm-up (JIT of both processes and of the JVM), not measured -------------------------
  t = performance.now();
  const warm = await runClient(planWarmup(bases, opts.warmup, WARMUP_PERIOD, opts.seed, exp));
  if (Object.keys(warm.statuses).some((s) => s !== '200' && s !== '201')) throw new Error(`warm-up failed: ${warm.errors.join('\n')}`);
  await drain(120_000);
  // The real items a filing write produced (the version item may be filed by the stream).
  const template = (await db.send(new GetCommand({ TableName: config.tableName, Key: keys.filing(WARMUP_PERIOD, bases[0]!.baseId) }))).Item;
  const versionItem = (await db.send(new GetCommand({ TableName: config.tableName, Key: keys.version(bases[0]!.baseId, WARMUP_PERIOD, 1) }))).Item;
  if (!template) throw new Error('warm-up filing not found');
  const filingItemBytes = dynamoItemSize(template);
  const versionItemBytes = versionItem ? dynamoItemSize(versionItem) : 0;
  // The raw paths get the same warm-up: as many PutItems as warm-up filings, into each table.
  await pool(Math.max(300, opts.warmup), opts.concurrency, async (i) => {
    await db.send(new PutCommand({ TableName: config.tableName, Item: { ...template, pk: `${RAW_PK}#warmup`, sk: `BASE#${i}` } }));
    await db.send(new PutCommand({ TableName: BARE_TABLE, Item: { ...template, pk: `${RAW_PK}#warmup`, sk: `BASE#${i}` } }));
  });
  await drain(120_000);
  log(`warm-up: ${warm.requests} filings through HTTP + raw PutItems in ${elapsed(t)}; filing item ${filingItemBytes} B, version item ${versionItemBytes} B`);

  // What DynamoDB Local and this process burn while nothing is written (the stream consumers
  // keep polling): a background cost every measurement below carries.
  const idleProbe = async (ms: number) => {
    const m = new CpuMeter(javaPid);
    await new Promise((r) => setTimeout(r, ms));
    return m.stop();
  };
  const idle = { withConsumers: await idleProbe(3_000), withoutConsumers: undefined as CpuReport | undefined };
  await stack.pauseConsumers();
  idle.withoutConsumers = await idleProbe(3_000);
  await stack.resumeConsumers();
  log(`idle: DynamoDB Local ${idle.withConsumers.corePercent.dynamodbLocal} % of a core with the stream consumers polling, ${idle.withoutConsumers.corePercent.dynamodbLocal} % without`);

  // ---- raw DynamoDB Local PutItem: the real filing item, same concurrency ----------------------
  // 'table': into the table the API writes (its stream included), in a partition no consumer
  // processes — the write a filing needs, without the API around it. 'bare': into a separate
  // table without a stream — what DynamoDB Local does for a PutItem at all.
  // (A separate table *with* a stream was tried first: on DynamoDB Local its PutItems ran 3×
  // slower than the same PutItems into the main table, which would flatter the ratio.)
  const raw = (label: string, kind: 'table' | 'bare' | 'replay' | 'transact', n: number) => asBench(async () => {
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
              { Put: { TableName: config.tableName, Item: { ...(versionItem ?? {}), pk: `${RAW_PK}#${label}#${i}`, sk: 'V#00000001' }, ConditionExpression: 'attribute_not_exists(pk)' } },
            ],
          }),
        );
      latencies.push(performance.now() - a);
    });
    return { ops: n, ms: performance.now() - t0, latencies, cpu: cpu.stop() };
  });

  // ---- the burst, interleaved with raw PutItems ----------------------------------------------
  // This machine is shared: other work comes and goes within seconds. So the burst and the raw
  // PutItems are run in alternating slices (H R R H H R R H …, the last one always a burst
  // slice), and each figure sums its slices: both see the same background load. Before a raw
  // slice the stream consumers are drained, so raw PutItems never compete with the aggregator.
  const plan = planBurst(bases, BURST_PERIOD, { corrections: opts.corrections, drafts: opts.drafts, seed: opts.seed }, exp);
  const expected = new Map<string, Map<string, ReturnType<typeof exp.totals>>>();
  const refreshExpected = () => {
    for (const period of CHECK_PERIODS) expected.set(period, new Map(exp.scopes().map((s) => [s, exp.totals(period, s)])));
  };
  refreshExpected();
  const aggregatesExact = async (): Promise<string[]> => {
    const stored = await getAggregates(CHECK_PERIODS);
    const diffs: string[] = [];
    for (const [period, byScope] of expected) {
      const scoped = stored.get(period)?.scoped ?? {};
      for (const [scope, want] of byScope) {
        const got = scoped[scope];
        if ((got?.reportingBases ?? 0n) !== want.reportingBases) diffs.push(`${period} ${scope} reportingBases ${got?.reportingBases ?? 0n} ≠ ${want.reportingBases}`);
        for (const code of new Set([...Object.keys(want.values), ...Object.keys(got?.values ?? {})]))
          if ((got?.values[code] ?? 0n) !== (want.values[code] ?? 0n)) diffs.push(`${period} ${scope} ${code} ${got?.values[code] ?? 0n} ≠ ${want.values[code] ?? 0n}`);
      }
    }
    return diffs;
  };

  const rounds = Math.min(opts.rounds, plan.jobs.length);
  const slices = Array.from({ length: rounds }, (_, i) => plan.jobs.slice(Math.floor((i * plan.jobs.length) / rounds), Math.floor(((i + 1) * plan.jobs.length) / rounds)));
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
  const rawResults: Array<Awaited<ReturnType<typeof raw>>> = [];
  const bareResults: Array<Awaited<ReturnType<typeof raw>>> = [];
  const replayResults: Array<Awaited<ReturnType<typeof raw>>> = [];
  const catchUpMs: number[] = [];
  let eluActive = 0;
  let eluIdle = 0;
  let lagMs: number | undefined;
  let lastDiffs: string[] = [];
  let checks = 0;
  let c1 = c0;
  let c2 = c0;
  const loadWindows: Array<{ kind: string; from: number; to: number }> = [];
  log(`burst: ${plan.counts.requests} PUT filing requests (${plan.counts.submissions} submissions, ${plan.counts.corrections} corrections, ${plan.counts.drafts} drafts) from ${opts.concurrency} clients, interleaved with ${opts.rawOps} raw PutItems in ${rounds} round(s)…`);
  for (const [step, { kind, slice }] of sequence.entries()) {
    const from = Date.now();
    if (kind === 'raw') {
      const a = performance.now();
      await drain(300_000);
      if (step > 0 && sequence[step - 1]!.kind === 'http') catchUpMs.push(Math.round(performance.now() - a));
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
      if (opts.pauseConsumers) await stack.resumeConsumers();
      if (step === lastHttp) {
        c1 = snapshot();
        // Lag: from the last acknowledged filing until the aggregate items equal the recomputation.
        for (const deadline = Date.now() + 180_000; Date.now() < deadline; ) {
          checks++;
          lastDiffs = await asBench(aggregatesExact);
          if (!lastDiffs.length) {
            lagMs = Date.now() - r.lastAckAt;
            break;
          }
          await new Promise((res) => setTimeout(res, 50));
        }
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
    return { min: Math.min(...parts.map((p) => p.min)), max: Math.max(...parts.map((p) => p.max)), mean: round(parts.reduce((a, p) => a + p.mean, 0) / (parts.length || 1), 2) };
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
  const summarise = (results: Array<Awaited<ReturnType<typeof raw>>>) => {
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
  const replay = { ...summarise(replayResults), what: 'per operation: the filing item\'s PutItem, then its version item\'s PutItem (the same items the burst wrote), into the table, same concurrency' };
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
    streamBatches: poll1.batches - poll0.batches,
    streamRecordsDelivered: poll1.records - poll0.records,
    streamRecordsFiltered: poll1.skipped - poll0.skipped,
    aggregatorLog: aggLog,
    /** DynamoDB calls outside requests: both stream consumers (and the bench's own checks and raw PutItems). */
    backgroundCalls: aggDiff.calls,
    deadLetters,
  };
  log(
    aggregation.exact
      ? `aggregates exact ${lagMs} ms after the last acknowledged filing; ${aggWrites} aggregate-item writes = ${aggregation.aggregateWritesPerFiling} per filing (${aggregation.streamBatches} stream batches)`
      : `aggregates NOT exact after 180 s: ${lastDiffs.slice(0, 5).join('; ')}`,
  );
  await drain(300_000);
  const u1 = unitSnapshot();
  const requestUnits = requestUnitsOf(unitDiff(u0.request, u1.request), unitDiff(u0.background, u1.background), {
    requests: httpRequests,
    countedChanges: countedWrites,
    bench: unitDiff(u0.bench, u1.bench),
  });
  log(`request units per submission: ${requestUnits.perSubmission.rru} RRU + ${requestUnits.perSubmission.wru} WRU (API ${JSON.stringify(requestUnits.api.perRequest)}, history ${JSON.stringify(requestUnits.history.perFilingWrite)}, aggregator ${JSON.stringify(requestUnits.aggregator.perCountedChange)})`);

  // ---- aggregation lag, burst by burst -----------------------------------------------------------
  // After the quarter-end burst, `lagBursts` more bursts of one slice's size each (bases
  // submitting the quarter again with new values, recorded in the expectation): the lag of each
  // is from its last acknowledged filing until the aggregate items equal the recomputation.
  const lagBurstSize = opts.lagBurstSize ?? Math.ceil(plan.jobs.reduce((a, j) => a + j.requests.length, 0) / rounds);
  const lagBursts: Array<{ filings: number; filingsPerSecond: number; lagMs: number | null; checks: number }> = [];
  for (let k = 0; k < opts.lagBursts; k++) {
    const jobs = planLagBurst(bases, BURST_PERIOD, lagBurstSize, opts.seed + 101 * (k + 1), exp);
    refreshExpected();
    const r = await runClient(jobs);
    const bad = Object.keys(r.statuses).filter((st) => st !== '200' && st !== '201');
    if (bad.length) throw new Error(`lag burst ${k + 1} failed: ${r.errors.join(' | ')}`);
    let lag: number | null = null;
    let n = 0;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      n++;
      if (!(await asBench(aggregatesExact)).length) {
        lag = Date.now() - r.lastAckAt;
        break;
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    lagBursts.push({ filings: r.requests, filingsPerSecond: round(r.requests / ((r.endedAt - r.startedAt) / 1000)), lagMs: lag, checks: n });
    log(`  lag burst ${k + 1}/${opts.lagBursts}: ${r.requests} filings, exact ${lag === null ? 'NOT within 60 s' : `${lag} ms`} after the last acknowledged one`);
    await drain(300_000);
  }
  const lagValues = lagBursts.map((b) => b.lagMs ?? Infinity);
  const lagSummary = { bursts: lagBursts, medianMs: lagValues.length ? median(lagValues) : null, maxMs: lagValues.length ? Math.max(...lagValues) : null, burstSize: lagBurstSize };
  if (lagBursts.length) log(`aggregation lag over ${lagBursts.length} bursts of ${lagBurstSize}: median ${lagSummary.medianMs} ms (${lagValues.join(', ')})`);

  let rawTransact: { perSecond: number; p50Ms: number; p99Ms: number; ops: number } | undefined;
  if (opts.rawTransact) {
    const r = await raw('transact', 'transact', Math.max(50, Math.round(opts.rawOps / 4)));
    rawTransact = { ops: r.ops, perSecond: round(r.ops / (r.ms / 1000)), p50Ms: round(median(r.latencies)), p99Ms: round(percentile(r.latencies, 99)) };
    log(`raw TransactWriteItems (filing + version item, into the table): ${rawTransact.perSecond}/s`);
  }

  // ---- reconcile ---------------------------------------------------------------------------
  t = performance.now();
  const rec = await reconcilePeriod('2020');
  const reconcile = { period: '2020', drift: rec.drift, deadLetters: rec.deadLetters.length, periods: rec.periods.map((p) => ({ period: p.period, reportingBases: p.reportingBases, drift: p.drift.length })), ms: Math.round(performance.now() - t) };
  log(`reconcile 2020: drift ${rec.drift}, dead letters ${rec.deadLetters.length}`);

  // ---- item sizes (what WCU/RCU are computed from) ------------------------------------------------
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

  // ---- where the time of a filing goes ---------------------------------------------------------
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
    cpuMsPerRawPutItem: {
      server: round(rawCpu.cpuMs.server / rawOps, 2),
      dynamodbLocal: rawCpu.cpuMs.dynamodbLocal === undefined ? undefined : round(rawCpu.cpuMs.dynamodbLocal / rawOps, 2),
    },
    serverEventLoopUtilization: round(eluActive / (eluActive + eluIdle), 3),
    profile: profileSummary,
  };

  // ---- export on the burst's own table (real pipeline, on disk) -----------------------------
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
  const pipelineExport = { bases: opts.bases, source: 'the burst table (real pipeline, DynamoDB Local on disk)', firstMs: round(pipelineFirst), totalMs: round(median(pipelineRuns)), runs: pipelineRuns.map((x) => round(x)), bytes: pipelineBytes };
  log(`bulletin from the burst table: ${pipelineExport.totalMs} ms`);

  await stack.close();
  client.disconnect();
  await dynamo.stop();
  const ingestPhaseMs = performance.now() - T0;

  // ---- bulletin export by size and history -------------------------------------------------
  let exportCases: ExportCaseResult[] = [];
  let exportMs = 0;
  if (!opts.skip.has('export')) {
    t = performance.now();
    const mem = await startDynamoDbLocal({});
    log(`export: DynamoDB Local (in memory, for seeding speed); sizes ${opts.exportSizes.join(', ')} × versions ${opts.versions.join(', ')}, ${opts.exportRuns} interleaved runs each`);
    try {
      exportCases = await exportMatrix(mem.endpoint, opts.exportSizes, opts.versions, opts.exportRuns, opts.seed);
    } finally {
      await mem.stop();
    }
    for (const c of exportCases) log(`  ${c.period} .${c.format}, ${c.bases} bases × ${c.versions} version(s): fastest ${c.minMs} ms, median ${c.totalMs} ms (gather ${c.gatherMs}, build ${c.buildMs}) of ${c.runs.length}; first ${c.firstMs} ms`);
    exportMs = performance.now() - t;
  }

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
    const mem = await startDynamoDbLocal({});
    log(`national: ${opts.nationalBases} bases across 31 provinces (PROVINCE=全国), ${opts.nationalShards} aggregator batches at once (bench/national.ts)`);
    try {
      national = await runNationalBench(mem.endpoint, { bases: opts.nationalBases, shards: opts.nationalShards, seed: opts.seed });
    } finally {
      await mem.stop();
    }
    log(`national: exact ${national.exact}; largest aggregate item ${national.itemBytes.largest.bytes} bytes (${national.itemBytes.largest.key}); hot key ${national.hotKey.key} ${national.hotKey.writes} writes; export ${national.export.jobLatencyMs} ms (${elapsed(t)})`);
  }

  // ---- results -------------------------------------------------------------------------------
  const totalSeconds = round((performance.now() - T0) / 1000);
  load.stop();
  // Issue 16's export figures are the annual bulletin's (2020): warm median of interleaved runs;
  // the quarter's (2020Q4) and the Word document's are measured beside it.
  const exportCase = (bases: number, versions: number, kind: ExportKind = 'year') => exportCases.find((c) => c.bases === bases && c.versions === versions && c.kind === kind);
  const e1000 = exportCase(1000, 1);
  const e5000 = exportCase(5000, 1);
  const docx1000 = exportCase(1000, 1, 'year-docx');
  const versionRatios = exportCases
    .filter((c) => c.versions > 1 && exportCase(c.bases, 1, c.kind))
    .map((c) => ({ bases: c.bases, kind: c.kind, versions: c.versions, ratio: round(c.minMs / exportCase(c.bases, 1, c.kind)!.minMs, 2), medianRatio: round(c.totalMs / exportCase(c.bases, 1, c.kind)!.totalMs, 2) }));
  const scaling = (kind: ExportKind) => {
    const a = exportCase(1000, 1, kind);
    const b = exportCase(5000, 1, kind);
    return a && b ? { fastest: round(b.minMs / a.minMs, 2), median: round(b.totalMs / a.totalMs, 2) } : null;
  };
  const acceptance = {
    totalUnder15Minutes: { value: totalSeconds, met: totalSeconds < 900 },
    // Issue 16: HTTP filings/s ≥ 0.9 × a raw replay of a filing's mandatory writes (its PutItem
    // and its version item's PutItem). HTTP ÷ raw PutItem is reported beside it, no longer a target.
    httpAtLeast90PercentOfFilingReplay: { value: { httpToReplay: ratioReplay, httpToRawPutItem: ratio }, met: ratioReplay >= 0.9 },
    requestUnitsPerSubmissionAtMost4Rru7Wru: { value: requestUnits.perSubmission, met: requestUnits.perSubmission.rru <= 4 && requestUnits.perSubmission.wru <= 7 },
    aggregationLagMedianOf5BurstsAtMost1s: { value: { medianMs: lagSummary.medianMs, bursts: lagBursts.map((b) => b.lagMs), afterQuarterEndBurstMs: lagMs ?? null }, met: lagBursts.length >= 5 && lagSummary.medianMs !== null && lagSummary.medianMs <= 1000 },
    aggregateWritesPerFilingAtMost0_1: { value: aggregation.aggregateWritesPerFiling, met: aggregation.aggregateWritesPerFiling <= 0.1 },
    aggregatesExact: { value: { exactAfterBurst: aggregation.exact, reconcileDrift: rec.drift, deadLetters: rec.deadLetters.length, failedRequests: failed.length }, met: aggregation.exact && rec.drift === 0 && rec.deadLetters.length === 0 && failed.length === 0 },
    // Export times are compared on the fastest of several interleaved runs: other work on the
    // machine only ever adds time (medians are reported next to them).
    annualBulletin1000BasesAtMost300msMedian: e1000 ? { value: { medianMs: e1000.totalMs, fastestMs: e1000.minMs, gatherMs: e1000.gatherMs, buildMs: e1000.buildMs, quarterMedianMs: exportCase(1000, 1, 'quarter')?.totalMs ?? null }, met: e1000.totalMs <= 300 } : { value: null, met: null },
    annualBulletin5000Within5xOf1000: e1000 && e5000 ? { value: { ...scaling('year')!, quarter: scaling('quarter'), docx: scaling('year-docx') }, met: e5000.totalMs <= 5 * e1000.totalMs } : { value: null, met: null },
    exportFlatAcrossVersions: versionRatios.length ? { value: versionRatios, met: versionRatios.every((v) => v.medianRatio <= 1.25) } : { value: null, met: null },
    wordBulletinWithin1_5xOfWorkbook: e1000 && docx1000 ? { value: { docxMedianMs: docx1000.totalMs, xlsxMedianMs: e1000.totalMs, ratio: round(docx1000.totalMs / e1000.totalMs, 2) }, met: docx1000.totalMs <= 1.5 * e1000.totalMs } : { value: null, met: null },
    nationalExactAndUnder400KB: national
      ? { value: { exact: national.exact, largestItemBytes: national.itemBytes.largest.bytes, exportStatus: national.export.status }, met: national.exact && national.itemBytes.largest.bytes < 400 * 1024 && national.export.status === 'done' && national.export.linkOk }
      : { value: null, met: null },
  };
  const results = {
    version: 1,
    startedAt: startedAt.toISOString(),
    totalSeconds,
    phases: { ingestAndAggregationSeconds: round(ingestPhaseMs / 1000), exportSeconds: round(exportMs / 1000) },
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)), loadDuringRun: load.window(0, Date.now()) },
    options: { ...opts, skip: [...opts.skip] },
    scenario: { period: BURST_PERIOD, warmupPeriod: WARMUP_PERIOD, warmupFilings: warm.requests, previousQuarterFilingsWritten: earlier.length, ...plan.counts, filingItemBytes, versionItemBytes, itemBytes, pollerBatchSize: opts.pollerBatch ?? 'poller default (as npm start)', consumersDuringBurst: !opts.pauseConsumers },
    ingest: { rounds, http: ingest, filingReplay: replay, ratioHttpToFilingReplay: ratioReplay, rawPutItem: rawPut, ratioHttpToRawPutItem: ratio, barePutItem: barePut, ratioHttpToBarePutItem: bareRatio, rawTransactWriteItems: rawTransact },
    requestUnits,
    breakdown: { ...breakdown, idle },
    aggregation: { ...aggregation, lagBursts: lagSummary },
    reconcile,
    export: { pipeline: pipelineExport, seeded: exportCases },
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
const PROCESSES_PER_CASE = 2;

/** What each export case times per round (bench/export-worker.ts): the annual workbook, its Word document, the quarter's workbook. */
const EXPORT_KINDS: readonly ExportKind[] = ['year', 'year-docx', 'quarter'];

/**
 * Seeds one table per (size, versions) case, each served by long-lived worker processes
 * (bench/export-worker.ts), then times the exports round-robin — every round runs each case
 * once, starting from a different case, on the next of its processes — so that background load
 * hits all cases alike.
 */
async function exportMatrix(endpoint: string, sizes: number[], versions: number[], runs: number, seed: number): Promise<ExportCaseResult[]> {
  const cases = sizes.flatMap((bases) => [...new Set(versions)].map((v) => ({ bases, versions: v })));
  type Ran = Extract<WorkerReply, { type: 'ran' }>;
  const workers: Array<{ bases: number; versions: number; children: ChildProcess[]; seeded?: Extract<WorkerReply, { type: 'seeded' }>; runs: Map<ExportKind, Ran[]>; first: Map<ExportKind, Ran> }> = [];
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
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, TABLE_NAME: `bench-export-${c.bases}-v${c.versions}`, DYNAMODB_ENDPOINT: endpoint, ADMIN_TOKEN: '', POWERTOOLS_LOG_LEVEL: 'WARN' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  try {
    for (const c of cases) {
      const w = { ...c, children: [forkWorker(c)], runs: new Map(EXPORT_KINDS.map((k) => [k, [] as Ran[]])), first: new Map() } as (typeof workers)[number];
      workers.push(w);
      // Seeding one at a time: DynamoDB Local is the bottleneck, in parallel would not be faster.
      w.seeded = await ask(w.children[0]!, { type: 'seed', bases: c.bases, versions: c.versions, seed: seed + c.bases }, 'seeded');
      log(`  seeded ${c.bases} bases × ${c.versions} version(s): ${w.seeded.items} items in ${(w.seeded.seedMs / 1000).toFixed(1)} s`);
      // The other processes read the same table.
      while (w.children.length < PROCESSES_PER_CASE) w.children.push(forkWorker(c));
    }
    // Two untimed runs of each kind in each process (JIT); the second sizes the repetitions so
    // that every case gets about the same time per round (small cases are repeated more: their
    // noise is larger).
    const reps = new Map<(typeof workers)[number], number>();
    for (const w of workers) {
      let perRound = 0;
      for (const [i, child] of w.children.entries())
        for (const kind of EXPORT_KINDS) {
          const first = await ask(child, { type: 'run', kind }, 'ran');
          const second = await ask(child, { type: 'run', kind }, 'ran');
          if (i === 0) {
            w.first.set(kind, first);
            perRound += second.gatherMs + second.buildMs;
          }
        }
      reps.set(w, Math.max(1, Math.min(8, Math.round(2_500 / perRound))));
    }
    // Every round runs each case once (starting from a different case), and within a case each
    // kind in turn (starting from a different kind), on the next of its processes.
    for (let r = 0; r < runs; r++)
      for (let k = 0; k < workers.length; k++) {
        const w = workers[(k + r) % workers.length]!;
        const child = w.children[r % w.children.length]!;
        for (let n = 0; n < reps.get(w)!; n++)
          for (let j = 0; j < EXPORT_KINDS.length; j++) {
            const kind = EXPORT_KINDS[(j + r + n) % EXPORT_KINDS.length]!;
            w.runs.get(kind)!.push(await ask(child, { type: 'run', kind }, 'ran'));
          }
      }
  } finally {
    for (const w of workers) for (const child of w.children) if (child.connected) child.disconnect();
  }
  return workers.flatMap((w) =>
    EXPORT_KINDS.map((kind) => {
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function printReport(r: any): void {
  const yes = (m: boolean | null) => (m === null ? 'n/a' : m ? 'MET' : 'NOT MET');
  const m = r.machine;
  console.log(`\nTongbao quarter-end benchmark — ${r.startedAt}`);
  console.log(`machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, node ${m.node}, ${m.java}`);
  console.log(`load average (1 min): at start ${m.loadAverageAtStart[0]}, during the run ${m.loadDuringRun.min}–${m.loadDuringRun.max} (mean ${m.loadDuringRun.mean}), at end ${m.loadAverageAtEnd[0]}`);
  const s = r.scenario;
  console.log(`burst: ${s.submittingBases} bases submit ${s.period} (${s.submissions} submissions, ${s.corrections} corrections, ${s.drafts} drafts, ${s.draftOnlyBases} bases only draft); filing item ${s.filingItemBytes} B, version item ${s.versionItemBytes} B\n`);
  const i = r.ingest;
  const b = r.breakdown;
  const h = i.http;
  const rows: Array<Array<string | number>> = [
    ['figure', 'value', 'detail'],
    ['HTTP ingest (PUT filing, c=' + r.options.concurrency + ')', `${h.filingsPerSecond} filings/s`, `${h.requests} PUTs in ${h.seconds} s over ${i.rounds} slices ${JSON.stringify(h.perSlice)}; p50 ${h.p50Ms} ms, p99 ${h.p99Ms} ms; ${JSON.stringify(h.statuses)}`],
    ['raw PutItem, same item into the table, c=' + r.options.concurrency, `${i.rawPutItem.perSecond} /s`, `${i.rawPutItem.ops} PutItems in ${i.rawPutItem.seconds} s, slices ${JSON.stringify(i.rawPutItem.perSlice)}; p50 ${i.rawPutItem.p50Ms} ms, p99 ${i.rawPutItem.p99Ms} ms`],
    ['filing replay (filing PutItem + version PutItem)', `${i.filingReplay.perSecond} /s`, `slices ${JSON.stringify(i.filingReplay.perSlice)}; p50 ${i.filingReplay.p50Ms} ms`],
    ['HTTP ÷ filing replay', `${Math.round(i.ratioHttpToFilingReplay * 100)} %`, 'acceptance ≥ 90 %'],
    ['HTTP ÷ raw PutItem', `${Math.round(i.ratioHttpToRawPutItem * 100)} %`, 'reported, not a target (issue 16)'],
    ['bare PutItem, table without stream', `${i.barePutItem.perSecond} /s`, `slices ${JSON.stringify(i.barePutItem.perSlice)}; p50 ${i.barePutItem.p50Ms} ms; HTTP ÷ bare ${Math.round(i.ratioHttpToBarePutItem * 100)} %`],
    ...(i.rawTransactWriteItems ? [['raw TransactWriteItems (filing+version)', `${i.rawTransactWriteItems.perSecond} /s`, `p50 ${i.rawTransactWriteItems.p50Ms} ms`]] : []),
    ['DynamoDB calls per filing', b.dynamoCallsTotalPerFiling, JSON.stringify(b.dynamoCallsPerFiling)],
    ['handler time per filing', `${b.handlerMs.mean} ms`, `DynamoDB in flight ${b.dynamoBusyMs.mean} ms, outside DynamoDB ${b.outsideDynamoMs.mean} ms; latency outside the handler ${b.outsideHandlerMs.mean} ms`],
    ['CPU per filing', `${b.cpuMsPerFiling.server} ms server`, `DynamoDB Local ${b.cpuMsPerFiling.dynamodbLocal} ms, client ${b.cpuMsPerFiling.client} ms (per raw PutItem: this process ${b.cpuMsPerRawPutItem.server} ms, DynamoDB Local ${b.cpuMsPerRawPutItem.dynamodbLocal} ms)`],
    ['CPU during the burst (% of a core)', `server ${h.cpu.corePercent.server}`, `DynamoDB Local ${h.cpu.corePercent.dynamodbLocal}, client ${h.cpu.corePercent.client}, other processes ${h.cpu.corePercent.otherProcesses}, steal ${h.cpu.corePercent.steal} (of ${h.cpu.corePercent.machineCapacity}); server event loop ${Math.round(b.serverEventLoopUtilization * 100)} % busy; load ${h.load.mean}`],
    ['CPU during raw PutItem (% of a core)', `bench ${i.rawPutItem.cpu.corePercent.server}`, `DynamoDB Local ${i.rawPutItem.cpu.corePercent.dynamodbLocal}, other processes ${i.rawPutItem.cpu.corePercent.otherProcesses}, steal ${i.rawPutItem.cpu.corePercent.steal}; load ${i.rawPutItem.load.mean}`],
    ['request units per submission', `${r.requestUnits.perSubmission.rru} RRU + ${r.requestUnits.perSubmission.wru} WRU`, `API per PUT ${JSON.stringify(r.requestUnits.api.perRequest)}, history per filing write ${JSON.stringify(r.requestUnits.history.perFilingWrite)}, aggregator per counted change ${JSON.stringify(r.requestUnits.aggregator.perCountedChange)}; acceptance ≤ 4 + ≤ 7`],
    ['aggregation lag, median of bursts', r.aggregation.lagBursts.medianMs === null ? 'n/a' : `${r.aggregation.lagBursts.medianMs} ms`, `${r.aggregation.lagBursts.bursts.length} bursts of ${r.aggregation.lagBursts.burstSize} filings: ${JSON.stringify(r.aggregation.lagBursts.bursts.map((b: { lagMs: number | null }) => b.lagMs))} ms; acceptance ≤ 1 s`],
    ['aggregation lag', r.aggregation.exact ? `${r.aggregation.lagMs} ms` : 'NOT EXACT', `last acknowledged filing → aggregate items equal an independent recomputation (every scope, quarter and year); earlier slices caught up in ${JSON.stringify(r.aggregation.catchUpMs)} ms`],
    ['aggregate-item writes per filing', r.aggregation.aggregateWritesPerFiling, `${r.aggregation.aggregateItemWrites} AGG writes (${r.aggregation.aggregateItemWritesFailed} lost to conflicts), ${r.aggregation.rollupWrites} rollup writes, ${r.aggregation.streamBatches} stream batches`],
    ['reconcile drift', r.reconcile.drift, `dead letters ${r.reconcile.deadLetters}`],
    ['bulletin, burst table', `${r.export.pipeline.totalMs} ms`, `${r.export.pipeline.bases} bases via the real pipeline, on disk (first ${r.export.pipeline.firstMs} ms), ${Math.round(r.export.pipeline.bytes / 1024)} KB`],
  ];
  for (const c of r.export.seeded)
    rows.push([`bulletin ${c.period} .${c.format}, ${c.bases} bases × ${c.versions} version(s)`, `${c.totalMs} ms median`, `fastest ${c.minMs} ms of ${c.runs.length} in ${PROCESSES_PER_CASE} processes; median ${c.totalMs} ms = gather ${c.gatherMs} ms (DynamoDB ${c.gatherDynamoMs} ms) + build ${c.buildMs} ms; CPU ${c.cpuMs} ms; ${c.items} items; first in a fresh process ${c.firstMs} ms; ${Math.round(c.bytes / 1024)} KB`]);
  for (const c of r.coldStart)
    rows.push([`cold import ${c.name}`, `${c.importMs} ms`, `${c.importMsSourceMaps} ms with --enable-source-maps; bundle ${Math.round(c.bytes / 1024)} KB (gzip ${Math.round(c.gzipBytes / 1024)} KB, map ${Math.round(c.mapBytes / 1024)} KB); node boot ${c.nodeBootMs} ms`]);
  rows.push(['total run', `${r.totalSeconds} s`, `ingest + aggregation ${r.phases.ingestAndAggregationSeconds} s, export ${r.phases.exportSeconds} s`]);
  console.log(formatTable(rows));
  console.log('\nacceptance:');
  for (const [k, v] of Object.entries(r.acceptance) as Array<[string, { value: unknown; met: boolean | null }]>) console.log(`  ${yes(v.met).padEnd(8)} ${k}: ${JSON.stringify(v.value)}`);
  if (b.profile) {
    console.log(`\nserver CPU profile during the burst slices (first slice in ${b.profile.file}), self time by group:`);
    console.log(formatTable([['group', 'ms', '%'], ...b.profile.groups.slice(0, 15).map((g: { group: string; ms: number; pct: number }) => [g.group, g.ms, g.pct])]));
    console.log(formatTable([['function', 'group', 'ms', '%'], ...b.profile.functions.slice(0, 15).map((f: { fn: string; group: string; ms: number; pct: number }) => [f.fn, f.group, f.ms, f.pct])]));
  }
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(`[bench] failed: ${e.stack ?? e.message}`);
    process.exit(1);
  },
);

/** Item kinds the history writer writes; every other background call is the aggregator's. */
const HISTORY_KINDS = new Set(['HIST', 'AUDIT']);

/**
 * Request units of the burst, counted by DynamoDB's rules from the items written and read
 * (bench/request-units.ts): the API's per PUT, the history writer's per filing write, the
 * aggregator's per counted change (submission or correction). Their sum is what one submission
 * costs at the peak, consumers included (the README's capacity plan adds it up the same way).
 */
function requestUnitsOf(request: UnitTotals, background: UnitTotals, n: { requests: number; countedChanges: number; bench: UnitTotals }) {
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
  const all = sumUnits({ ...Object.fromEntries(Object.entries(request).map(([k, v]) => [`api:${k}`, v])), ...Object.fromEntries(Object.entries(background).map(([k, v]) => [`bg:${k}`, v])) });
  return {
    counting: 'item sizes per DynamoDB\'s rules; WRU ceil(size/1 KB) per item (larger of before/after, ×2 in transactions); RRU ceil(size/4 KB) per item read (½ eventually consistent), Query summed; see bench/request-units.ts',
    perSubmission: { rru: r2(api.rru + hist.rru + agg.rru), wru: r2(api.wru + hist.wru + agg.wru) },
    api: { perRequest: api, requests: n.requests, byKind: request },
    history: { perFilingWrite: hist, byKind: history },
    aggregator: { perCountedChange: agg, countedChanges: n.countedChanges, byKind: aggregator },
    burstTotal: { rru: r2(all.rru), wru: r2(all.wru), perFilingWrite: { rru: r2(all.rru / (n.requests || 1)), wru: r2(all.wru / (n.requests || 1)) } },
    benchOwnCallsExcluded: sumUnits(n.bench),
  };
}
