// The national-scale benchmark (issue 16; README "National deployment"): one deployment for the
// 31 provinces (PROVINCE=全国) with 31,000 bases at quarter-end. Forked by bench/run.ts into its
// own process (config — PROVINCE, TABLE_NAME — is read once per process), on the bench's
// DynamoDB Local, in a table of its own WITH its stream:
//   1. seed the registry (1,000 bases per province, round-robin over its cities) and every base's
//      2021Q4 filing with BatchWriteItem;
//   2. aggregate those filings through the real aggregator (shared/use-cases/aggregate-changes.ts),
//      batches of 100 as the stream delivers them, `shards` batches at once (a stream's shard
//      fan-out), all committing to the same national items;
//   3. verify every scope of 2021Q4 and 2021 against a recomputation (shared/aggregation
//      recompute) — exact or the bench fails;
//   4. measure every aggregate item's size by DynamoDB's rules against the 400 KB limit, and the
//      writes to the hottest item (its `rev`);
//   5. run the asynchronous national export end to end: POST through the export function, the
//      job's INSERT read from the table's real stream by the local stream reader and built by
//      the export function, the file in the local object store, GET until done with its link.

import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface NationalOptions {
  bases: number;
  /** Concurrent aggregator batches (a stream's shards processed at once). */
  shards: number;
  seed: number;
}

export interface NationalResult {
  bases: number;
  provinces: number;
  shards: number;
  items: number;
  seedMs: number;
  seedItemsPerSecond: number;
  aggregation: {
    ms: number;
    batches: number;
    transactions: number;
    conflicts: number;
    rollupWrites: number;
    aggregateWrites: number;
    filingsPerSecond: number;
  };
  exact: boolean;
  drift: string[];
  /** Aggregate items by DynamoDB's size rules (attribute names + values, UTF-8). */
  itemBytes: {
    largest: { key: string; bytes: number };
    nationalQuarter: number;
    nationalYear: number;
    largestProvinceQuarter: { key: string; bytes: number };
    limit: number;
  };
  hotKey: { key: string; writes: number; writesPerSecond: number; itemBytes: number; wcuPerWrite: number; wcuPerSecond: number };
  export: { jobLatencyMs: number; buildMs: number; bytes: number; status: string; linkOk: boolean; rows: number };
  totalMs: number;
}

/** Runs the national bench in a child process (bench/run.ts calls this). */
export function runNationalBench(endpoint: string, opts: NationalOptions): Promise<NationalResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tongbao-national-bench-'));
  return new Promise((resolve, reject) => {
    const child = fork(path.join(import.meta.dirname, 'national.ts'), ['--child'], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        PROVINCE: '全国',
        TABLE_NAME: `bench-national-${Date.now().toString(36)}`,
        DYNAMODB_ENDPOINT: endpoint,
        ADMIN_TOKEN: 'bench-national-admin-token',
        DATA_DIR: dataDir,
        OBJECT_URL_SECRET: 'bench-national',
        EXPORT_BUCKET: '',
        PUBLIC_URL: 'http://localhost:0',
        POWERTOOLS_LOG_LEVEL: 'WARN',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (m: { ok: true; result: NationalResult } | { ok: false; error: string }) => {
      child.kill();
      rmSync(dataDir, { recursive: true, force: true });
      if (m.ok) resolve(m.result);
      else reject(new Error(`national bench: ${m.error}`));
    });
    child.once('exit', (code) => code && reject(new Error(`national bench exited with ${code}`)));
    child.send(opts);
  });
}

// ---- the child ------------------------------------------------------------------------------------

/** Records per aggregator invocation: AGGREGATOR_STREAM.batchSize (infra/stateless-stack.ts). */
const BATCH = 500;

/** DynamoDB's item size: each attribute's name plus its value (strings UTF-8, numbers ~ digits/2 + 1). */
function itemSize(item: Record<string, unknown>): number {
  let n = 0;
  for (const [k, v] of Object.entries(item)) {
    n += Buffer.byteLength(k);
    if (typeof v === 'string') n += Buffer.byteLength(v);
    else if (typeof v === 'number') n += Math.ceil(String(Math.abs(v)).replace(/^0\.?0*|\./g, '').length / 2) + 1;
    else n += Buffer.byteLength(JSON.stringify(v));
  }
  return n;
}

async function child(opts: NationalOptions): Promise<NationalResult> {
  const t0 = performance.now();
  const { CreateTableCommand } = await import('@aws-sdk/client-dynamodb');
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const { config } = await import('../shared/config');
  const { rawClient, db, TABLE } = await import('../shared/store/client');
  const { tableDefinition } = await import('../shared/store/table');
  const { keys, EXPORT_JOB_PK } = await import('../shared/store/keys');
  const { batchWriteAll } = await import('../shared/store/batch');
  const { CHINA_PROVINCES } = await import('../shared/provinces-cn');
  const { diffScoped, recompute, scopesOf } = await import('../shared/aggregation');
  const { aggregateChanges } = await import('../shared/use-cases/aggregate-changes');
  const { getAggregateParts } = await import('../shared/store/aggregate-parts');
  const { LocalObjectStore, objectStore } = await import('../shared/store/objects');
  const exporter = await import('../functions/export-bulletin');
  const { StreamPoller } = await import('../local/stream-poller');
  const { makeRng, typedValues } = await import('../test/helpers/scenario');
  const { makeEvent } = await import('../test/helpers/api');

  await rawClient.send(new CreateTableCommand(tableDefinition(TABLE)));
  // The export function's stream source, reading along from the start (as its event source
  // mapping would): it skips everything but export-job INSERTs.
  const poller = new StreamPoller({
    endpoint: process.env.DYNAMODB_ENDPOINT!,
    tableName: TABLE,
    region: config.region,
    handler: exporter.processExportJobs,
    filter: (pk) => pk === EXPORT_JOB_PK,
    logger: { info: () => {}, warn: (m) => console.warn(`[national] stream: ${m}`), error: (m) => console.error(`[national] stream: ${m}`) },
  });
  await poller.start();

  // 1. Seed.
  const rng = makeRng(opts.seed);
  const PERIOD = '2021Q4';
  const at = '2022-01-10T08:00:00.000Z';
  const perProvince = Math.ceil(opts.bases / CHINA_PROVINCES.length);
  const registry: Array<{ baseId: string; province: string; city: string; level: 'national' | 'provincial'; cohort: string | null }> = [];
  for (let i = 0; i < opts.bases; i++) {
    const p = CHINA_PROVINCES[Math.floor(i / perProvince)]!;
    const j = i % perProvince;
    registry.push({
      baseId: `nb-${p.id}-${String(j).padStart(4, '0')}`,
      province: p.name,
      city: p.cities[j % p.cities.length]!,
      level: j % 7 === 0 ? 'national' : 'provincial',
      cohort: j % 3 === 0 ? '第一批' : null,
    });
  }
  const items: Array<Record<string, unknown>> = [];
  const counted: Array<{ baseId: string; period: string; counted: Record<string, number> }> = [];
  for (const b of registry) {
    items.push({ ...keys.base(b.baseId), ...b, name: `基地${b.baseId}`, county: '某县', activeFrom: null, activeTo: null, updatedAt: at });
    const values = Object.fromEntries(Object.entries(typedValues(PERIOD, rng).base).map(([k, v]) => [k, Number(v)]));
    counted.push({ baseId: b.baseId, period: PERIOD, counted: values });
    items.push({
      ...keys.filing(PERIOD, b.baseId),
      baseId: b.baseId,
      period: PERIOD,
      status: 'submitted',
      version: 1,
      values,
      counted: values,
      countedRev: 1,
      warnings: {},
      late: false,
      firstSubmittedAt: at,
      submittedAt: at,
      updatedAt: at,
    });
  }
  const ts = performance.now();
  const per = Math.ceil(items.length / 8 / 25) * 25;
  const slices: Array<typeof items> = [];
  for (let i = 0; i < items.length; i += per) slices.push(items.slice(i, i + per));
  await Promise.all(slices.map((s) => batchWriteAll(s)));
  const seedMs = Math.round(performance.now() - ts);
  console.log(`[national] seeded ${registry.length} bases, ${items.length} items in ${(seedMs / 1000).toFixed(1)} s`);

  // 2. Aggregate through the real aggregator: batches of BATCH stream records (the event source's
  // batch size on AWS, infra/stateless-stack.ts AGGREGATOR_STREAM), `shards` at once.
  const changes = counted.map((c, index) => ({
    kind: 'filing' as const,
    baseId: c.baseId,
    period: c.period,
    countedRev: 1,
    counted: c.counted,
    late: false,
    index,
  }));
  // Filings arrive in the order bases file: shuffled across provinces.
  for (let i = changes.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [changes[i], changes[j]] = [changes[j]!, changes[i]!];
  }
  const batches: Array<typeof changes> = [];
  for (let i = 0; i < changes.length; i += BATCH) batches.push(changes.slice(i, i + BATCH).map((c, index) => ({ ...c, index })));
  const stats = { batches: 0, transactions: 0, conflicts: 0, rollupWrites: 0, aggregateWrites: 0 };
  let next = 0;
  const ta = performance.now();
  await Promise.all(
    Array.from({ length: opts.shards }, async () => {
      for (;;) {
        const b = batches[next++];
        if (!b) return;
        for (let attempt = 0; ; attempt++) {
          const r = await aggregateChanges(b);
          stats.transactions += r.stats.transactions;
          stats.conflicts += r.stats.conflicts;
          stats.rollupWrites += r.stats.rollupWrites;
          stats.aggregateWrites += r.stats.aggregateWrites;
          if (r.failedIndex === undefined) break;
          if (attempt > 5) throw r.error; // as the stream would retry the batch
        }
        stats.batches++;
      }
    }),
  );
  const aggMs = Math.round(performance.now() - ta);
  console.log(
    `[national] aggregated ${changes.length} filings in ${(aggMs / 1000).toFixed(1)} s (${stats.transactions} transactions, ${stats.conflicts} conflicts)`,
  );

  // 3. Exact?
  const expected = recompute(counted, new Map(registry.map((b) => [b.baseId, scopesOf(b)])));
  const actual = await getAggregateParts([PERIOD, '2021']);
  const drift = [PERIOD, '2021'].flatMap((p) => diffScoped(actual.get(p)!.scoped, expected.get(p) ?? {}).map((d) => `${p} ${d}`));

  // 4. Item sizes and the hot key.
  const aggItems =
    (await db.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'AGG' } }))).Items ?? [];
  const sized = aggItems.map((it) => ({ key: String(it.sk), bytes: itemSize(it), rev: Number(it.rev) }));
  const largest = sized.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const provinceQuarter = sized.filter((s) => s.key.startsWith(`${PERIOD}#`)).reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const main = sized.find((s) => s.key === PERIOD)!;
  const year = sized.find((s) => s.key === '2021')!;
  const hot = sized.reduce((a, b) => (b.rev > a.rev ? b : a));
  const wcuPerWrite = 2 * Math.ceil(hot.bytes / 1024); // transactional writes cost 2 WCU per KB

  // 5. The asynchronous national export, end to end.
  const call = async (method: string, p: string, body?: unknown) => {
    const r = await exporter.dispatch(makeEvent(method, p, body, { token: process.env.ADMIN_TOKEN }));
    return { status: r.statusCode ?? 0, body: r.body ? JSON.parse(r.body) : undefined };
  };
  const tj = performance.now();
  const created = await call('POST', '/api/exports/national-bulletins', { period: PERIOD });
  if (created.status !== 202) throw new Error(`POST national-bulletins: ${created.status} ${JSON.stringify(created.body)}`);
  let job: { status: string; buildMs?: number; bytes?: number; url?: string } = created.body;
  while (job.status === 'queued' || job.status === 'running') {
    if (performance.now() - tj > 120_000) throw new Error('national export did not finish in 120 s');
    await new Promise((r) => setTimeout(r, 25));
    job = (await call('GET', `/api/exports/national-bulletins/${created.body.jobId}`)).body;
  }
  const jobLatencyMs = Math.round(performance.now() - tj);
  await poller.stop();
  let linkOk = false;
  const store = objectStore();
  if (job.url && store instanceof LocalObjectStore) {
    const u = new URL(job.url);
    linkOk = store.open(decodeURIComponent(u.pathname.slice('/objects/'.length)), Object.fromEntries(u.searchParams)).ok;
  }
  console.log(`[national] export ${job.status} in ${jobLatencyMs} ms (build ${job.buildMs} ms, ${job.bytes} bytes)`);

  return {
    bases: registry.length,
    provinces: CHINA_PROVINCES.length,
    shards: opts.shards,
    items: items.length,
    seedMs,
    seedItemsPerSecond: Math.round(items.length / (seedMs / 1000)),
    aggregation: { ms: aggMs, ...stats, filingsPerSecond: Math.round(changes.length / (aggMs / 1000)) },
    exact: drift.length === 0,
    drift: drift.slice(0, 20),
    itemBytes: {
      largest: { key: largest.key, bytes: largest.bytes },
      nationalQuarter: main.bytes,
      nationalYear: year.bytes,
      largestProvinceQuarter: { key: provinceQuarter.key, bytes: provinceQuarter.bytes },
      limit: 400 * 1024,
    },
    hotKey: {
      key: hot.key,
      writes: hot.rev,
      writesPerSecond: Math.round((hot.rev / (aggMs / 1000)) * 10) / 10,
      itemBytes: hot.bytes,
      wcuPerWrite,
      wcuPerSecond: Math.round((hot.rev / (aggMs / 1000)) * wcuPerWrite),
    },
    export: { jobLatencyMs, buildMs: job.buildMs ?? -1, bytes: job.bytes ?? 0, status: job.status, linkOk, rows: 32 },
    totalMs: Math.round(performance.now() - t0),
  };
}

if (process.argv.includes('--child')) {
  process.once('message', (opts: NationalOptions) => {
    child(opts).then(
      (result) => process.send!({ ok: true, result }),
      (e: Error) => process.send!({ ok: false, error: e.stack ?? e.message }),
    );
  });
} else if (import.meta.url === `file://${process.argv[1]}`) {
  // Stand-alone: npx tsx bench/national.ts [bases] (starts its own DynamoDB Local).
  const { startDynamoDbLocal } = await import('../local/dynamodb-local');
  const dynamo = await startDynamoDbLocal({});
  try {
    const r = await runNationalBench(dynamo.endpoint, { bases: Number(process.argv[2] ?? 31_000), shards: Number(process.argv[3] ?? 2), seed: 2020 });
    console.log(JSON.stringify(r, null, 2));
  } finally {
    await dynamo.stop();
  }
  process.exit(0);
}
