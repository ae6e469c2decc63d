// One bulletin-export case (a registry size × versions per filing) in its own process, since
// TABLE_NAME is read once per process. Forked by bench/run.ts with TABLE_NAME and
// DYNAMODB_ENDPOINT set; over IPC it first seeds its table directly (BatchWriteItem: registry,
// every quarter's filings of 2019 and 2020, 2020Q4's with their version history, each base's
// yearly rollups as the aggregator leaves them, and the aggregate items recomputed from those
// values with shared/aggregation `recompute`), then times one gatherBulletinInput + build —
// exactly what functions/export-bulletin.ts runs — per 'run' message: the annual workbook
// (2020), its Word document, or the quarter's workbook (2020Q4). The parent interleaves the runs
// of all cases and kinds, so load from other work on the machine hits every case alike.

import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { emptyRollup, encodeScoped, type Rollup, recompute, scopesOf } from '../shared/aggregation';
import { buildBulletin, buildBulletinDocument } from '../shared/bulletin';
import type { Filing, FilingVersion } from '../shared/filing';
import { quarterOf, yearOf } from '../shared/periods';
import { clearSharedRollups } from '../shared/store/aggregates';
import { batchWriteAll } from '../shared/store/batch';
import { rawClient, TABLE } from '../shared/store/client';
import { keys } from '../shared/store/keys';
import { packJson } from '../shared/store/packed';
import { tableDefinition } from '../shared/store/table';
import { gatherBulletinInput, parseBulletinQuery } from '../shared/use-cases/export-bulletin';
import type { Values } from '../shared/validation';
import { makeRng, typedValues } from '../test/helpers/scenario';
import { instrumentClient, type RequestProfile, requestContext } from './instrument';
import { planRegistry } from './plan';

/** What the parent sends: seed the table, then time one export per 'run' message. */
export type WorkerRequest = { type: 'seed'; bases: number; versions: number; seed: number } | { type: 'run'; kind: ExportKind };

/**
 * What one timed run exports: the quarter's workbook (2020Q4), the year's (2020: the annual
 * bulletin, issue 16's figure), the year's Word document, and the year's workbook with every
 * rollup decoded afresh ('year-decoded': the shared decoded rollups forgotten first — what an
 * export pays when every base's rollup changed since the last one, or in a fresh process).
 */
export type ExportKind = 'quarter' | 'year' | 'year-docx' | 'year-decoded';

export type WorkerReply =
  | { type: 'seeded'; table: string; bases: number; versions: number; items: number; seedMs: number }
  | {
      type: 'ran';
      kind: ExportKind;
      /** gatherBulletinInput, ms; of which DynamoDB calls were in flight, ms. */
      gatherMs: number;
      gatherDynamoMs: number;
      /** buildBulletin or buildBulletinDocument (layout + writer), ms. */
      buildMs: number;
      /** CPU of this process over the run, ms. */
      cpuMs: number;
      bytes: number;
      rows: number;
    }
  | { type: 'error'; message: string };

const PERIOD = '2020Q4';
const YEAR = '2020';
const COMPARE_YEAR = '2019';
/** Every quarter of both years is filed: the annual bulletin reads the year's completeness, its rollups and the compare year's. */
const QUARTERS = ['2019Q1', '2019Q2', '2019Q3', '2019Q4', '2020Q1', '2020Q2', '2020Q3', '2020Q4'];
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
  return {
    baseId,
    period,
    version,
    at,
    by: actor,
    action: version === 1 ? 'submit' : 'save',
    status: version === 1 ? 'submitted' : 'draft',
    changes,
    comment: null,
  };
}

function versionItem(baseId: string, period: string, version: number, changes: FilingVersion['changes'], at: string): Record<string, unknown> {
  return { ...keys.version(baseId, period, version), ...versionRecord(baseId, period, version, changes, at) };
}

async function seed(bases: number, versions: number, seedNumber: number): Promise<{ items: number; seedMs: number }> {
  await rawClient.send(new CreateTableCommand(tableDefinition(TABLE, { stream: false })));
  // Registry; filings of every quarter of 2019 and 2020 (97% of bases file each quarter, 5% of
  // those late); 2020Q4's filings with a history of `versions` versions (the first holds every
  // field, later ones small corrections saved as drafts: history grows, what counts does not);
  // each base's yearly rollups as the aggregator leaves them; the aggregate items of every
  // quarter and both years, recomputed from the values.
  const rng = makeRng(seedNumber);
  const registry = planRegistry(bases);
  const at = '2021-01-10T08:00:00.000Z';
  const now = new Date().toISOString();
  const items: Array<Record<string, unknown>> = [];
  const counted: Array<{ baseId: string; period: string; counted: Values }> = [];
  for (const b of registry) {
    items.push({ ...keys.base(b.baseId), ...b, activeFrom: null, activeTo: null, updatedAt: now });
    const scopes = scopesOf(b);
    const rollups = new Map<number, Rollup>();
    for (const period of QUARTERS) {
      if (rng() < 0.03) continue;
      const values = toValues(typedValues(period, rng).base);
      counted.push({ baseId: b.baseId, period, counted: values });
      const v = period === PERIOD ? versions : 1;
      const late = rng() < 0.05;
      items.push(filingItem(b.baseId, period, values, v, at, late));
      if (period === PERIOD) {
        items.push(versionItem(b.baseId, period, 1, Object.fromEntries(Object.entries(values).map(([k, x]) => [k, [null, x]])), at));
        for (let n = 2; n <= v; n++) items.push(versionItem(b.baseId, period, n, { employees: [values.employees ?? 0, (values.employees ?? 0) + n] }, at));
      }
      const year = yearOf(period);
      const r = rollups.get(year) ?? emptyRollup(b.baseId, year);
      rollups.set(year, r);
      r.quarters[String(quarterOf(period))] = { rev: 1, counted: values, scopes, late };
      r.yearScopes = scopes;
    }
    // Packed, as the aggregator writes them (shared/store/aggregates.ts).
    for (const r of rollups.values()) items.push({ ...keys.rollup(b.baseId, r.year), z: packJson(r), rev: 1, updatedAt: now });
  }
  const scopes = new Map(registry.map((b) => [b.baseId, scopesOf(b)]));
  const aggregates = recompute(counted, scopes);
  for (const period of [...QUARTERS, YEAR, COMPARE_YEAR]) {
    items.push({ ...keys.aggregate(period), period, data: encodeScoped(aggregates.get(period) ?? {}), rev: 1, updatedAt: now });
  }
  const t0 = performance.now();
  await batchWrite(items);
  return { items: items.length, seedMs: Math.round(performance.now() - t0) };
}

const principal = { role: 'admin' as const, tokenId: 'admin', name: 'bench' };
const queries = { quarter: parseBulletinQuery(principal, PERIOD, {}), year: parseBulletinQuery(principal, YEAR, {}) };

async function runOnce(kind: ExportKind): Promise<Extract<WorkerReply, { type: 'ran' }>> {
  const cpu0 = process.cpuUsage();
  const profile: RequestProfile = {
    method: 'GET',
    path: 'export',
    startedAt: Date.now(),
    totalMs: 0,
    dynamoBusyMs: 0,
    calls: {},
    callMs: {},
    inflight: 0,
    busySince: 0,
  };
  const period = kind === 'quarter' ? PERIOD : YEAR;
  if (kind === 'year-decoded') clearSharedRollups();
  const t0 = performance.now();
  const input = await requestContext.run(profile, () => gatherBulletinInput(period, kind === 'quarter' ? queries.quarter : queries.year));
  const t1 = performance.now();
  const built = kind === 'year-docx' ? await buildBulletinDocument(input) : await buildBulletin(input);
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    type: 'ran',
    kind,
    gatherMs: r1(t1 - t0),
    gatherDynamoMs: r1(profile.dynamoBusyMs),
    buildMs: r1(t2 - t1),
    cpuMs: r1((cpu.user + cpu.system) / 1000),
    bytes: built.buffer.length,
    rows: input.rows.length,
  };
}

// Time in flight only: the export's figures are times, and sizing every item read for request
// units would add the benchmark's own CPU to them.
instrumentClient(rawClient, { requestUnits: false });
process.on('message', (m: WorkerRequest) => {
  const reply = (r: WorkerReply) => process.send!(r);
  const fail = (e: Error) => reply({ type: 'error', message: e.stack ?? e.message });
  if (m.type === 'seed')
    seed(m.bases, m.versions, m.seed).then((s) => reply({ type: 'seeded', table: TABLE, bases: m.bases, versions: m.versions, ...s }), fail);
  else if (m.type === 'run') runOnce(m.kind).then(reply, fail);
});
process.on('disconnect', () => process.exit(0));
