// The bench's stage, before anything is measured: DynamoDB Local on disk, the stack wired as
// `npm start` wires it (local/stack.ts), the registry, tokens and schedules, the load client
// process, the quarter before, and the warm-up (JIT of both processes and of the JVM) with the
// idle probe. Every later phase gets the `Bench` this returns.

import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BaseRecord } from '../shared/registry';
import type { ClientResult, RunMessage } from './client';
import { instrumentClient, profiled, type RequestProfile } from './instrument';
import { CpuMeter, type CpuReport, findJavaChild } from './machine';
import type { BenchOptions } from './options';
import { expectationFor, type PlannedJob, planPreviousQuarter, planRegistry, planWarmup } from './plan';
import { BARE_TABLE, BURST_PERIOD, elapsed, log, RAW_PK, REPO_ROOT, SCHEDULE, WARMUP_PERIOD } from './scenario';
import { dynamoItemSize, pool } from './stats';

/** The modules under test. Config is read once when they load, so they are imported after the env is set. */
async function loadModules() {
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
  return {
    config,
    rawClient,
    db,
    tableDefinition,
    keys,
    putToken,
    getAggregates,
    newToken,
    planWrite,
    writeFiling,
    reconcilePeriod,
    gatherBulletinInput,
    parseBulletinQuery,
    buildBulletin,
    startLocalStack,
    GetCommand,
    PutCommand,
    TransactWriteCommand,
    CreateTableCommand,
  };
}
export type Modules = Awaited<ReturnType<typeof loadModules>>;

type Stack = Awaited<ReturnType<Modules['startLocalStack']>>;

export interface Bench {
  opts: BenchOptions;
  m: Modules;
  dynamo: { endpoint: string; stop(): Promise<void> };
  /** DynamoDB Local's JVM, for its CPU. */
  javaPid: number | undefined;
  stack: Stack;
  drain: (ms: number) => Promise<void>;
  aggregatorStats: () => ReturnType<Stack['streamStats']>;
  /** Every API request, profiled (bench/instrument.ts). */
  profiles: RequestProfile[];
  /** Records the stream consumers dead-lettered. */
  counters: { deadLetters: number };
  bases: ReturnType<typeof planRegistry>;
  exp: ReturnType<typeof expectationFor>;
  /** The load client process (bench/client.ts). */
  client: ChildProcess;
  runClient: (jobs: PlannedJob[]) => Promise<ClientResult>;
  /** Filings of the quarter before written straight into the table. */
  earlierFilings: number;
}

/** DynamoDB Local, the stack, the registry and tokens, the load client and the quarter before. */
export async function startBench(opts: BenchOptions, work: string): Promise<Bench> {
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

  const m = await loadModules();
  const { config, rawClient, db, tableDefinition, keys, putToken, newToken, planWrite, writeFiling, startLocalStack, PutCommand, CreateTableCommand } = m;

  instrumentClient(rawClient);
  // The bare PutItem baseline: a separate table without a stream (see the raw section, bench/ingest.ts).
  await rawClient.send(new CreateTableCommand(tableDefinition(BARE_TABLE, { stream: false })));

  // The stack exactly as `npm start` wires it (local/stack.ts), with each API request profiled.
  const counters = { deadLetters: 0 };
  const profiles: RequestProfile[] = [];
  const stack = await startLocalStack({
    dataDir: work,
    port: 0,
    host: '127.0.0.1',
    name: 'bench',
    wrapApi: (handler) => profiled(handler, profiles),
    pollerBatchSize: opts.pollerBatch,
    onDeadLetter: () => void counters.deadLetters++,
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
  for (const period of [WARMUP_PERIOD, BURST_PERIOD]) await adminFetch('PUT', `/api/periods/${period}`, SCHEDULE);
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
    await putToken({
      tokenId: tk.tokenId,
      hash: tk.hash,
      role: 'base',
      baseId: b.baseId,
      city: null,
      holder: { name: `管理员${i}`, phone: '13800000000' },
      createdAt: now,
      createdBy: 'bench',
      revokedAt: null,
    });
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
      client.once('message', (msg: ClientResult | { type: 'error'; message: string }) => {
        client.off('exit', onExit);
        if (msg.type === 'result') resolve(msg);
        else reject(new Error(`load client failed: ${msg.message}`));
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
    const planned = planWrite(
      baseId,
      WARMUP_PERIOD,
      { status: 'submitted', values: typed, confirmWarnings: true, explanation: '基准测试数据' },
      { current: undefined, previous: null, schedule: SCHEDULE, actor: { tokenId: 'bench', role: 'base', name: 'bench' }, now: new Date(), ifMatch: undefined },
    );
    await writeFiling(planned.filing, 0);
  });
  await drain(300_000);
  log(`the quarter before: ${earlier.length} filings of ${WARMUP_PERIOD} written into the table in ${elapsed(t)}`);

  return { opts, m, dynamo, javaPid, stack, drain, aggregatorStats, profiles, counters, bases, exp, client, runClient, earlierFilings: earlier.length };
}

export interface WarmUp {
  warm: ClientResult;
  /** The real filing item a warm-up filing produced: what the raw PutItems write. */
  template: Record<string, unknown>;
  /** Its version item (it may be filed by the stream). */
  versionItem: Record<string, unknown> | undefined;
  filingItemBytes: number;
  versionItemBytes: number;
  /** What DynamoDB Local and this process burn while nothing is written. */
  idle: { withConsumers: CpuReport; withoutConsumers: CpuReport | undefined };
}

/** The warm-up through HTTP and raw PutItems alike (JIT of both processes and of the JVM), not measured; then the idle probe. */
export async function warmUp(b: Bench): Promise<WarmUp> {
  const { opts, bases, exp, drain, runClient, javaPid, stack } = b;
  const { config, db, keys, GetCommand, PutCommand } = b.m;
  const t = performance.now();
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
    const meter = new CpuMeter(javaPid);
    await new Promise((r) => setTimeout(r, ms));
    return meter.stop();
  };
  const idle = { withConsumers: await idleProbe(3_000), withoutConsumers: undefined as CpuReport | undefined };
  await stack.pauseConsumers();
  idle.withoutConsumers = await idleProbe(3_000);
  await stack.resumeConsumers();
  log(
    `idle: DynamoDB Local ${idle.withConsumers.corePercent.dynamodbLocal} % of a core with the stream consumers polling, ${idle.withoutConsumers.corePercent.dynamodbLocal} % without`,
  );
  return { warm, template, versionItem, filingItemBytes, versionItemBytes, idle };
}
