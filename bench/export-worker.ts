// One bulletin-export case (a registry size × versions per filing) in its own process, since
// TABLE_NAME is read once per process. Forked by bench/run.ts with TABLE_NAME and
// DYNAMODB_ENDPOINT set; over IPC it first seeds its table directly (BatchWriteItem: registry,
// the quarter's and the compare quarter's filings with their version history, and the aggregate
// items recomputed from those values with shared/aggregation `recompute`), then times one
// gatherBulletinInput + buildBulletin — exactly what functions/export-bulletin.ts runs — per
// 'run' message. The parent interleaves the runs of all cases, so load from other work on the
// machine hits every case alike.

import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { encodeScoped, recompute, scopesOf } from '../shared/aggregation';
import { buildBulletin } from '../shared/bulletin';
import type { Filing, FilingVersion } from '../shared/filing';
import { batchWriteAll } from '../shared/store/batch';
import { rawClient, TABLE } from '../shared/store/client';
import { keys } from '../shared/store/keys';
import { tableDefinition } from '../shared/store/table';
import { gatherBulletinInput, parseBulletinQuery } from '../shared/use-cases/export-bulletin';
import type { Values } from '../shared/validation';
import { makeRng, typedValues } from '../test/helpers/scenario';
import { instrumentClient, requestContext, type RequestProfile } from './instrument';
import { planRegistry } from './plan';

/** What the parent sends: seed the table, then time one export per 'run' message. */
export type WorkerRequest = { type: 'seed'; bases: number; versions: number; seed: number } | { type: 'run' };

export type WorkerReply =
  | { type: 'seeded'; table: string; bases: number; versions: number; items: number; seedMs: number }
  | {
      type: 'ran';
      /** gatherBulletinInput, ms; of which DynamoDB calls were in flight, ms. */
      gatherMs: number;
      gatherDynamoMs: number;
      /** buildBulletin (layout + exceljs), ms. */
      buildMs: number;
      /** CPU of this process over the run, ms. */
      cpuMs: number;
      bytes: number;
      rows: number;
    }
  | { type: 'error'; message: string };

const PERIOD = '2020Q4';
const COMPARE = '2019Q4';
const PREVIOUS = '2020Q3';
const actor = { tokenId: 'bench', role: 'base' as const, name: '基准测试' };

/** Seeds with BatchWriteItem, `concurrency` writers at once (each retrying its unprocessed items). */
async function batchWrite(items: Array<Record<string, unknown>>, concurrency = 8): Promise<void> {
  const per = Math.ceil(items.length / concurrency / 25) * 25 || 25;
  const slices: Array<Array<Record<string, unknown>>> = [];
  for (let i = 0; i < items.length; i += per) slices.push(items.slice(i, i + per));
  await Promise.all(slices.map((slice) => batchWriteAll(slice)));
}

const toValues = (base: Record<string, bigint>): Values => Object.fromEntries(Object.entries(base).map(([k, v]) => [k, Number(v)]));

function filingItem(baseId: string, period: string, values: Values, version: number, at: string, late: boolean): Record<string, unknown> {
  // Built loosely so the benchmark keeps working while the Filing shape evolves: lastVersion is
  // the version record the filing item carries (newer code); older code ignores it.
  const f = {
    baseId,
    period,
    status: 'submitted',
    version,
    values,
    counted: values,
    countedRev: 1,
    warnings: {},
    late,
    firstSubmittedAt: at,
    submittedAt: at,
    updatedAt: at,
    updatedBy: actor,
    reviewComment: null,
    unlocked: false,
    lastVersion: versionRecord(baseId, period, version, {}, at),
  } satisfies Omit<Filing, 'lastVersion'> & { lastVersion: FilingVersion };
  return { ...keys.filing(period, baseId), ...f };
}

function versionRecord(baseId: string, period: string, version: number, changes: FilingVersion['changes'], at: string): FilingVersion {
  return { baseId, period, version, at, by: actor, action: version === 1 ? 'submit' : 'save', status: version === 1 ? 'submitted' : 'draft', changes, comment: null };
}

function versionItem(baseId: string, period: string, version: number, changes: FilingVersion['changes'], at: string): Record<string, unknown> {
  return { ...keys.version(baseId, period, version), ...versionRecord(baseId, period, version, changes, at) };
}

async function seed(bases: number, versions: number, seedNumber: number): Promise<{ items: number; seedMs: number }> {
  await rawClient.send(
    new CreateTableCommand(tableDefinition(TABLE, { stream: false })),
  );
  // Registry; filings of the quarter and the compare quarter (97% of bases file, 5% of those
  // late), each with its history of `versions` versions (the first holds every field, later ones
  // small corrections saved as drafts: history grows, what counts does not); aggregate items of
  // the quarter, the previous quarter (环比) and the compare quarter, recomputed from the values.
  const rng = makeRng(seedNumber);
  const registry = planRegistry(bases);
  const at = '2021-01-10T08:00:00.000Z';
  const now = new Date().toISOString();
  const items: Array<Record<string, unknown>> = [];
  const counted: Array<{ baseId: string; period: string; counted: Values }> = [];
  for (const b of registry) {
    items.push({ ...keys.base(b.baseId), ...b, activeFrom: null, activeTo: null, updatedAt: now });
    for (const period of [PERIOD, COMPARE, PREVIOUS]) {
      if (rng() < 0.03) continue;
      const values = toValues(typedValues(period, rng).base);
      counted.push({ baseId: b.baseId, period, counted: values });
      // The previous quarter only matters through its aggregate item (环比): no filing items.
      if (period === PREVIOUS) continue;
      const v = period === PERIOD ? versions : 1;
      items.push(filingItem(b.baseId, period, values, v, at, rng() < 0.05));
      items.push(versionItem(b.baseId, period, 1, Object.fromEntries(Object.entries(values).map(([k, x]) => [k, [null, x]])), at));
      for (let n = 2; n <= v; n++) items.push(versionItem(b.baseId, period, n, { employees: [values.employees ?? 0, (values.employees ?? 0) + n] }, at));
    }
  }
  const scopes = new Map(registry.map((b) => [b.baseId, scopesOf(b)]));
  const aggregates = recompute(counted, scopes);
  for (const period of [PERIOD, COMPARE, PREVIOUS]) {
    items.push({ ...keys.aggregate(period), period, data: encodeScoped(aggregates.get(period) ?? {}), rev: 1, updatedAt: now });
  }
  const t0 = performance.now();
  await batchWrite(items);
  return { items: items.length, seedMs: Math.round(performance.now() - t0) };
}

const query = parseBulletinQuery({ role: 'admin', tokenId: 'admin', name: 'bench' }, PERIOD, {});

async function runOnce(): Promise<Extract<WorkerReply, { type: 'ran' }>> {
  const cpu0 = process.cpuUsage();
  const profile: RequestProfile = { method: 'GET', path: 'export', startedAt: Date.now(), totalMs: 0, dynamoBusyMs: 0, calls: {}, callMs: {}, inflight: 0, busySince: 0 };
  const t0 = performance.now();
  const input = await requestContext.run(profile, () => gatherBulletinInput(PERIOD, query));
  const t1 = performance.now();
  const built = await buildBulletin(input);
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return { type: 'ran', gatherMs: r1(t1 - t0), gatherDynamoMs: r1(profile.dynamoBusyMs), buildMs: r1(t2 - t1), cpuMs: r1((cpu.user + cpu.system) / 1000), bytes: built.buffer.length, rows: input.rows.length };
}

instrumentClient(rawClient);
process.on('message', (m: WorkerRequest) => {
  const reply = (r: WorkerReply) => process.send!(r);
  const fail = (e: Error) => reply({ type: 'error', message: e.stack ?? e.message });
  if (m.type === 'seed') seed(m.bases, m.versions, m.seed).then((s) => reply({ type: 'seeded', table: TABLE, bases: m.bases, versions: m.versions, ...s }), fail);
  else if (m.type === 'run') runOnce().then(reply, fail);
});
process.on('disconnect', () => process.exit(0));
