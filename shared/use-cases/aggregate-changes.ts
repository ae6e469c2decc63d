// Applies a batch of stream changes to the aggregates. The work is proportional to the batch:
// it reads the rollups of the bases in the batch and the aggregate items of the periods they
// touch, merges every delta per aggregate item, and commits rollups + aggregates together in
// transactions of at most MAX_TX_ITEMS items. Each rollup remembers the filing revision it holds,
// so replaying any part of a batch (redelivery, retry after a crash) changes nothing.

// Each program is aggregated on its own (its rollups, its aggregate items, its transactions).

import { splitDeltaParts } from '../aggregate-parts';
import { applyQuarterChange, applyScoped, DeltaSet, emptyRollup, type Rollup, rescopeRollup } from '../aggregation';
import { yearOf } from '../periods';
import { type AnyProgram, BASES, type ProgramId, programById } from '../program';
import { isNationalInForce } from '../province';
import type { BaseRecord } from '../registry';
import { CommitConflictError, commitAggregation, getAggregates, getRollups, getRollupsOfBase, rollupKey, type StoredAggregate } from '../store/aggregates';
import { getEntities } from '../store/registry';
import type { Values } from '../validation';

/** A change of what counts (a filing) or of where it counts (a registry record); `baseId` is the entity's id. */
export type Change =
  | { kind: 'filing'; program?: ProgramId; baseId: string; period: string; countedRev: number; counted: Values | null; late: boolean; index: number }
  | { kind: 'registry'; program?: ProgramId; baseId: string; index: number };

/** DynamoDB allows 100 items per transaction; rollups and aggregates share that budget. */
export const MAX_TX_ITEMS = 100;
const MAX_ATTEMPTS = 12;

export interface AggregationStats {
  changes: number;
  rollupWrites: number;
  aggregateWrites: number;
  transactions: number;
  conflicts: number;
}

export interface AggregationResult {
  /** Index (in the input) of the earliest change that could not be applied, if any. */
  failedIndex?: number;
  /** The error behind the earliest failure, for the caller to log. */
  error?: unknown;
  stats: AggregationStats;
}

export type CommitHook = (chunkNumber: number) => void | Promise<void>;

interface Unit {
  baseId: string;
  year: number;
  changes: Change[];
}

export interface AggregateOptions {
  /** Called before each transaction; tests throw here to simulate a crash part-way through. */
  beforeCommit?: CommitHook;
  /** Items per transaction (default and maximum MAX_TX_ITEMS); tests lower it to get many. */
  maxTxItems?: number;
}

export async function aggregateChanges(changes: readonly Change[], opts: AggregateOptions = {}): Promise<AggregationResult> {
  const stats: AggregationStats = { changes: changes.length, rollupWrites: 0, aggregateWrites: 0, transactions: 0, conflicts: 0 };
  if (!changes.length) return { stats };
  const byProgram = new Map<ProgramId, Change[]>();
  for (const c of changes) {
    const id = c.program ?? 'bases';
    byProgram.set(id, [...(byProgram.get(id) ?? []), c]);
  }
  let failedIndex: number | undefined;
  let error: unknown;
  for (const [id, list] of byProgram) {
    const r = await aggregateProgram(programById(id), list, opts, stats);
    if (r.failedIndex !== undefined && (failedIndex === undefined || r.failedIndex < failedIndex)) [failedIndex, error] = [r.failedIndex, r.error];
  }
  return { failedIndex, error, stats };
}

async function aggregateProgram(
  program: AnyProgram,
  changes: readonly Change[],
  opts: AggregateOptions,
  stats: AggregationStats,
): Promise<{ failedIndex?: number; error?: unknown }> {
  const maxTxItems = Math.min(opts.maxTxItems ?? MAX_TX_ITEMS, MAX_TX_ITEMS);

  // One unit of work per (base, year), holding its changes in stream order.
  const units = new Map<string, Unit>();
  const unitFor = (baseId: string, year: number) => {
    const k = rollupKey(baseId, year);
    let u = units.get(k);
    if (!u) units.set(k, (u = { baseId, year, changes: [] }));
    return u;
  };
  const registryBases = [...new Set(changes.filter((c) => c.kind === 'registry').map((c) => c.baseId))];
  const rescopedYears = new Map<string, number[]>();
  for (const baseId of registryBases)
    rescopedYears.set(
      baseId,
      (await getRollupsOfBase(baseId, program.tag)).map((r) => r.rollup.year),
    );
  for (const c of [...changes].sort((a, b) => a.index - b.index)) {
    if (c.kind === 'filing') unitFor(c.baseId, yearOf(c.period)).changes.push(c);
    else for (const year of rescopedYears.get(c.baseId) ?? []) unitFor(c.baseId, year).changes.push(c);
  }

  // Chunk units so each transaction holds ≤ MAX_TX_ITEMS rollups + aggregate items. A national
  // deployment splits a period's aggregates by province (shared/aggregate-parts.ts): the items a
  // unit touches depend on its province, read here once for the whole batch.
  const parts = await unitPartKeys(program, [...units.values()]);
  const chunks: Unit[][] = [];
  let chunk: Unit[] = [];
  let periods = new Set<string>();
  for (const u of parts.order([...units.values()])) {
    const touched = parts.of(u, unitPeriods(u, program));
    const merged = new Set([...periods, ...touched]);
    if (chunk.length && chunk.length + 1 + merged.size > maxTxItems) {
      chunks.push(chunk);
      chunk = [];
      periods = new Set(touched);
    } else periods = merged;
    chunk.push(u);
  }
  if (chunk.length) chunks.push(chunk);

  let failedIndex: number | undefined;
  let error: unknown;
  const aggregateCache = new Map<string, StoredAggregate>();
  for (let n = 0; n < chunks.length; n++) {
    const c = chunks[n]!;
    try {
      await commitChunk(program, c, aggregateCache, stats, n, opts.beforeCommit);
    } catch (e) {
      const first = Math.min(...c.flatMap((u) => u.changes.map((ch) => ch.index)));
      if (failedIndex === undefined || first < failedIndex) [failedIndex, error] = [first, e];
      aggregateCache.clear();
    }
  }
  return { failedIndex, error };
}

/**
 * The aggregate items a unit's periods may touch: the periods themselves (one province), or for a
 * national deployment each period's item plus its province's — and for a registry change one
 * more per period (the province it may be moving from, unknown until its rollup is read).
 */
async function unitPartKeys(
  program: AnyProgram,
  units: Unit[],
): Promise<{ of: (u: Unit, periods: Set<string>) => Set<string>; order: (us: Unit[]) => Unit[] }> {
  if (!isNationalInForce() || program !== BASES) return { of: (_u, periods) => periods, order: (us) => us };
  const entities = await getEntities<BaseRecord>(
    program,
    units.map((u) => u.baseId),
  );
  const provinceOf = (u: Unit) => entities.get(u.baseId)?.province ?? '?';
  return {
    of: (u, periods) => {
      const out = new Set<string>();
      const moving = u.changes.some((c) => c.kind === 'registry');
      for (const p of periods) {
        out.add(p);
        out.add(`${p}#${provinceOf(u)}`);
        if (moving) out.add(`${p}#?${u.baseId}`);
      }
      return out;
    },
    // A transaction then holds few provinces' items: a batch of 500 filings from 31 provinces
    // writes each province's item about once instead of once per transaction. Each unit keeps
    // its own changes in stream order; units are independent of each other.
    order: (us) => [...us].sort((a, b) => provinceOf(a).localeCompare(provinceOf(b))),
  };
}

function unitPeriods(u: Unit, program: AnyProgram): Set<string> {
  const s = new Set<string>([String(u.year)]);
  for (const c of u.changes) if (c.kind === 'filing') s.add(c.period);
  // A rescope can move any quarter of the year.
  if (program.periods.rollsUpToYear && u.changes.some((c) => c.kind === 'registry')) for (let q = 1; q <= 4; q++) s.add(`${u.year}Q${q}`);
  return s;
}

/**
 * Which attributes a snapshot holds: a short fingerprint of the program's `scopeAttributes`,
 * kept in the snapshot under '#'. A snapshot taken under another list (an attribute added to
 * the scopes later, e.g. a province) is not used: the registry is read again instead.
 */
function attributesKey(program: AnyProgram): string {
  let h = 0;
  for (const ch of program.scopeAttributes.join('|')) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return h.toString(36);
}

/** The scope attributes of a registry record, as a rollup keeps them (null and absent left out). */
function scopeSnapshot(program: AnyProgram, entity: object): Record<string, unknown> {
  const e = entity as Record<string, unknown>;
  return {
    '#': attributesKey(program),
    ...Object.fromEntries(program.scopeAttributes.filter((a) => e[a] !== undefined && e[a] !== null).map((a) => [a, e[a]])),
  };
}

async function commitChunk(
  program: AnyProgram,
  chunk: Unit[],
  aggregateCache: Map<string, StoredAggregate>,
  stats: AggregationStats,
  chunkNumber: number,
  beforeCommit?: CommitHook,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    // Fresh reads on every attempt: a conflict means someone else moved these items. The first
    // reads the rollups eventually consistently (half the read units): every commit is
    // conditional on the revision read, so a stale rollup costs a conflict and a retry, on
    // strongly consistent reads.
    const rollups = await getRollups(
      chunk.map((u) => ({ baseId: u.baseId, year: u.year })),
      program.tag,
      { consistent: attempt > 0 },
    );
    // The registry, read (strongly consistent) only for rollups that do not keep the entity's
    // scope attributes yet, and where the registry stream delivered a change of them. Exact in
    // any order: a registry change is applied to every rollup the base has when its record is
    // processed (from a fresh read, conditional on the rollup's revision like any commit), and a
    // rollup created later reads the registry as it is by then.
    const key = attributesKey(program);
    const read = new Set(
      chunk
        .filter((u) => u.changes.some((c) => c.kind === 'registry') || rollups.get(rollupKey(u.baseId, u.year))?.rollup.entity?.['#'] !== key)
        .map((u) => u.baseId),
    );
    const entities = read.size ? await getEntities<{ updatedAt: string }>(program, read) : new Map<string, { updatedAt: string }>();
    const deltas = new DeltaSet();
    const writes: Array<{ rollup: Rollup; expectedRev: number }> = [];
    for (const u of chunk) {
      const stored = rollups.get(rollupKey(u.baseId, u.year));
      const rollup: Rollup = stored ? structuredClone(stored.rollup) : emptyRollup(u.baseId, u.year);
      const fresh = read.has(u.baseId);
      const entity = fresh ? entities.get(u.baseId) : stored!.rollup.entity;
      // Each period counts under the registry attributes in force then (SPEC §11).
      const baseScopes = entity ? (period: string) => program.scopesOf(program.asOf(entity as never, period)) : ['all'];
      let changed = false;
      if (fresh) {
        // Kept as the registry has it now — or dropped, for an entity no longer in the registry.
        const snapshot = entity ? scopeSnapshot(program, entity) : undefined;
        if (JSON.stringify(snapshot ?? null) !== JSON.stringify(rollup.entity ?? null)) {
          if (snapshot) rollup.entity = snapshot;
          else delete rollup.entity;
          changed = true;
        }
      }
      for (const c of u.changes) {
        if (c.kind === 'filing')
          changed =
            applyQuarterChange(rollup, { period: c.period, rev: c.countedRev, counted: c.counted, late: c.late }, baseScopes, deltas, program) || changed;
        else changed = rescopeRollup(rollup, baseScopes, deltas, program) || changed;
      }
      if (changed) writes.push({ rollup, expectedRev: stored?.rev ?? 0 });
    }
    splitDeltaParts(deltas);
    const touched = [...deltas.byPeriod.keys()].filter((p) => deltas.prune(p));
    if (!writes.length) return;

    const missing = touched.filter((p) => !aggregateCache.has(p));
    if (missing.length) for (const [p, a] of await getAggregates(missing, program.tag)) aggregateCache.set(p, a);
    const aggWrites = touched.map((p) => {
      const a = aggregateCache.get(p)!;
      return { period: p, scoped: applyScoped(structuredClone(a.scoped), deltas.byPeriod.get(p)!), expectedRev: a.rev };
    });
    try {
      await beforeCommit?.(chunkNumber);
      const now = new Date().toISOString();
      await commitAggregation(writes, aggWrites, now, program.tag);
      for (const a of aggWrites) aggregateCache.set(a.period, { period: a.period, scoped: a.scoped, rev: a.expectedRev + 1, updatedAt: now });
      stats.transactions++;
      stats.rollupWrites += writes.length;
      stats.aggregateWrites += aggWrites.length;
      return;
    } catch (e) {
      if (!(e instanceof CommitConflictError) || attempt + 1 >= MAX_ATTEMPTS) throw e;
      stats.conflicts++;
      for (const p of touched) aggregateCache.delete(p);
      await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** Math.min(attempt, 6)));
    }
  }
}
