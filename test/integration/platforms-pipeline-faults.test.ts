// The window platforms' aggregates on DynamoDB Local and its real stream, under the faults the
// bases' pipeline is tested with (pipeline-faults.test.ts): redelivered batches, a crash in the
// middle of a batch, racing corrections, out-of-order arrival, and a platform changing tier and
// city after filing. Every scenario ends by comparing each scope of AGG / PLAT#<year> with sums
// computed independently in this file from what was sent, with a recompute from the filings
// and with reconcile. Bases file in the same batches; their aggregates must stay exact too.

import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { Expectation, makeRng, type Registry, typedValues } from '../helpers/scenario';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { processStreamEvent } = await import('../../functions/aggregate-stream');
const { reconcilePeriod } = await import('../../shared/use-cases/reconcile-period');
const { AGGREGATOR_PK_PREFIXES } = await import('../../shared/store/keys');
const { PLATFORMS } = await import('../../shared/program');
const { PLATFORM_FIELDS } = await import('../../shared/platforms/catalog');
const { platformScopes } = await import('../../shared/platforms/registry');
const { recompute, diffScoped } = await import('../../shared/aggregation');
const { getAggregate } = await import('../../shared/store/aggregates');
const { listFilings } = await import('../../shared/store/filings');
const { startTestPoller, startHistoryPoller } = await import('../helpers/stream');
const call = caller(dispatch);

// biome-ignore lint/suspicious/noConfusingVoidType: the Lambda stream handler contract: a handler may return nothing (all records ok) or a batch response
type Handler = (e: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
let current: Handler = (e) => processStreamEvent(e);
let poller: Awaited<ReturnType<typeof startTestPoller>>;
let history: Awaited<ReturnType<typeof startHistoryPoller>>;

// ---- the platforms and an independent expectation ------------------------------------------

type Tier = 'city' | 'cluster' | 'county';
interface Plat {
  platformId: string;
  name: string;
  tier: Tier;
  city: string;
  county: string | null;
  cluster: string | null;
}
const CITIES = ['长沙市', '株洲市', '湘潭市'] as const;
const UNIT: Record<string, string> = { 长沙市: '岳麓区', 株洲市: '天元区', 湘潭市: '雨湖区', 岳阳市: '岳阳县' };
const TIERS: Tier[] = ['city', 'cluster', 'county'];
const platforms = new Map<string, Plat>();

function platBody(p: Plat) {
  return { name: p.name, tier: p.tier, city: p.city, county: p.county, cluster: p.cluster, builtYear: 2015 };
}

/** Last submitted values per (platform, year); totals by scope from the registry as it is now. */
class PlatformExpectation {
  readonly submitted = new Map<string, Record<string, bigint>>();
  constructor(readonly year: number) {}
  submit(id: string, values: Record<string, bigint>) {
    this.submitted.set(id, values);
  }
  scopes(): string[] {
    const s = new Set(['all', ...TIERS.map((t) => `tier:${t}`), ...CITIES.map((c) => `city:${c}`)]);
    for (const p of platforms.values()) s.add(`city:${p.city}`);
    return [...s];
  }
  totals(scope: string): { n: bigint; values: Record<string, bigint> } {
    const out = { n: 0n, values: {} as Record<string, bigint> };
    for (const [id, v] of this.submitted) {
      const p = platforms.get(id)!;
      if (scope !== 'all' && scope !== `city:${p.city}` && scope !== `tier:${p.tier}`) continue;
      out.n++;
      for (const [code, x] of Object.entries(v)) out.values[code] = (out.values[code] ?? 0n) + x;
    }
    return out;
  }
}

/** A full platform filing: typed strings and the integers they are (some near the 10^13 cap). */
function platformValues(rng: () => number): { typed: Record<string, string>; base: Record<string, bigint> } {
  const typed: Record<string, string> = {};
  const base: Record<string, bigint> = {};
  for (const f of PLATFORM_FIELDS) {
    const v = BigInt(Math.floor(rng() * 1e6)) * (rng() < 0.2 ? 10_000_000n : 1n);
    base[f.code] = v;
    typed[f.code] = v.toString();
  }
  return { typed, base };
}

// ---- the bases beside them ------------------------------------------------------------------

const bases: Registry = new Map();

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => current(e), { filter: (pk) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)), batchSize: 25 });
  history = await startHistoryPoller();
  for (let i = 0; i < 12; i++) {
    const tier = TIERS[i % 3]!;
    const city = CITIES[Math.floor(i / 4) % 3]!;
    const p: Plat = {
      platformId: `plat-${i}`,
      name: `测试平台${i}`,
      tier,
      city,
      county: tier === 'county' ? UNIT[city]! : null,
      cluster: tier === 'cluster' ? `集群${i}` : null,
    };
    platforms.set(p.platformId, p);
    const r = await call('PUT', `/api/platforms/${p.platformId}`, platBody(p));
    expect(r.status, r.text).toBe(201);
  }
  for (let i = 0; i < 4; i++) {
    // Bases named like the platforms: the programs must not mix them up.
    const b = { baseId: `plat-${i}`, city: CITIES[i % 3]!, level: i % 2 ? 'national' : 'provincial', cohort: null } as const;
    bases.set(b.baseId, b);
    expect((await call('PUT', `/api/bases/${b.baseId}`, { name: `测试基地${i}`, city: b.city, county: '某县', level: b.level })).status).toBe(201);
  }
});
afterAll(async () => {
  await poller?.stop();
  await history?.stop();
});

async function filePlatform(exp: PlatformExpectation, id: string, status: 'draft' | 'submitted', rng: () => number) {
  const { typed, base } = platformValues(rng);
  const r = await call('PUT', `/api/platforms/${id}/filings/${exp.year}`, {
    status,
    values: typed,
    confirmWarnings: true,
    explanation: '历史数据,按原报表录入',
  });
  expect([200, 201], r.text).toContain(r.status);
  if (status === 'submitted') exp.submit(id, base);
}

async function fileBase(exp: Expectation, baseId: string, period: string, rng: () => number) {
  const { typed, base } = typedValues(period, rng);
  const r = await call('PUT', `/api/bases/${baseId}/filings/${period}`, {
    status: 'submitted',
    values: typed,
    confirmWarnings: true,
    explanation: '历史数据,按原报表录入',
  });
  expect([200, 201], r.text).toContain(r.status);
  exp.submit(baseId, period, base);
}

/** Reads a number from the JSON text exactly (never through a double). */
function rawNumber(text: string, code: string): string {
  const m = new RegExp(`"values":\\{[^}]*"${code}":(-?\\d+)`).exec(text);
  if (!m) throw new Error(`no value for ${code} in ${text.slice(0, 200)}`);
  return m[1]!;
}

async function assertPlatformsExact(exp: PlatformExpectation) {
  const year = String(exp.year);
  const expectedScopes = exp.scopes();
  for (const scope of expectedScopes) {
    const r = await call('GET', `/api/aggregates/${year}?program=platforms&scope=${encodeURIComponent(scope)}`);
    expect(r.status, r.text).toBe(200);
    const want = exp.totals(scope);
    expect({ year, scope, n: BigInt(r.text.match(/"reportingEntities":(\d+)/)![1]!) }).toEqual({ year, scope, n: want.n });
    for (const f of PLATFORM_FIELDS)
      expect({ year, scope, code: f.code, v: BigInt(rawNumber(r.text, f.code)) }).toEqual({ year, scope, code: f.code, v: want.values[f.code] ?? 0n });
  }
  // The stored item itself: every scope it holds is one the expectation knows, or empty.
  const stored = await getAggregate(year, 'PLAT');
  for (const [scope, t] of Object.entries(stored.scoped)) {
    if (expectedScopes.includes(scope)) continue;
    expect({ scope, n: t.reportingBases, nonZero: Object.values(t.values).filter((v) => v !== 0n) }).toEqual({ scope, n: 0n, nonZero: [] });
  }
  // A recompute from the current filings with the production rules agrees…
  const filings = await listFilings(year, [...platforms.keys()], 'PLAT');
  const scopes = new Map([...platforms.values()].map((p) => [p.platformId, platformScopes(p)]));
  const recomputed = recompute(
    filings.map((f) => ({ baseId: f.baseId, period: f.period, counted: f.counted })),
    scopes,
    PLATFORMS,
  );
  expect(diffScoped(stored.scoped, recomputed.get(year) ?? {})).toEqual([]);
  // …and so does reconcile.
  const report = await reconcilePeriod(year, { program: PLATFORMS });
  expect(report.program).toBe('platforms');
  expect(report.periods.flatMap((p) => p.drift)).toEqual([]);
  expect(report.drift).toBe(0);
}

async function assertBasesExact(exp: Expectation, year: number) {
  for (const period of [`${year}Q1`, `${year}Q2`, String(year)]) {
    for (const scope of exp.scopes()) {
      const r = await call('GET', `/api/aggregates/${period}?scope=${encodeURIComponent(scope)}`);
      expect(r.status).toBe(200);
      const want = exp.totals(period, scope);
      expect({ period, scope, n: BigInt(r.text.match(/"reportingBases":(\d+)/)![1]!) }).toEqual({ period, scope, n: want.reportingBases });
      for (const [code, v] of Object.entries(want.values))
        expect({ period, scope, code, v: BigInt(rawNumber(r.text, code)) }).toEqual({ period, scope, code, v });
      expect(r.text).not.toContain('policyItems');
    }
  }
  const report = await reconcilePeriod(String(year));
  expect(report.periods.flatMap((p) => p.drift)).toEqual([]);
}

/** Files the bases' first quarter of `year` while the platforms file: mixed stream batches. */
function basesAlongside(year: number, rng: () => number): { exp: Expectation; run: () => Promise<void> } {
  const exp = new Expectation(bases);
  return { exp, run: async () => void (await Promise.all([...bases.keys()].map((b) => fileBase(exp, b, `${year}Q1`, rng)))) };
}

/** Counts batches holding both programs' filings. */
let mixedBatches = 0;
function noteMixed(e: DynamoDBStreamEvent) {
  const pks = e.Records.map((r) => String(r.dynamodb?.Keys?.pk?.S ?? ''));
  if (pks.some((pk) => /^FILING#\d{4}$/.test(pk)) && pks.some((pk) => /^FILING#\d{4}Q\d$/.test(pk))) mixedBatches++;
}

const allYears: PlatformExpectation[] = [];

describe('platform aggregates stay exact', () => {
  it('when every batch is delivered twice and older batches are replayed late', async () => {
    let previous: DynamoDBStreamEvent | undefined;
    let replays = 0;
    current = async (e) => {
      noteMixed(e);
      await processStreamEvent(e);
      if (previous) {
        await processStreamEvent(previous);
        replays++;
      }
      previous = e;
      return processStreamEvent(e);
    };
    const exp = new PlatformExpectation(2021);
    allYears.push(exp);
    const rng = makeRng(11);
    const b = basesAlongside(2021, rng);
    await Promise.all([...platforms.keys()].map((id) => filePlatform(exp, id, 'submitted', rng)).concat(b.run()));
    // Corrections of a third, and drafts over others (a draft never moves what counts).
    await Promise.all(
      [...platforms.keys()]
        .map((id, i) => (i % 3 === 0 ? filePlatform(exp, id, 'submitted', rng) : i % 3 === 1 ? filePlatform(exp, id, 'draft', rng) : null))
        .concat(b.run()),
    );
    await poller.drain(20_000);
    await assertPlatformsExact(exp);
    await assertBasesExact(b.exp, 2021);
    expect(replays).toBeGreaterThan(0);
    expect(mixedBatches).toBeGreaterThan(0);
  });

  it('when the aggregator dies half-way through batches and they are retried', async () => {
    let crashes = 0;
    let platformCrashes = 0;
    let calls = 0;
    current = async (e) => {
      noteMixed(e);
      calls++;
      const crashNow = calls % 2 === 1;
      let reached = false;
      // With 4 items per transaction a platform chunk holds 3 platforms: 4 or more reach chunk 1.
      const platformUnits = new Set(e.Records.map((r) => String(r.dynamodb?.Keys?.sk?.S ?? '')).filter((sk) => sk.startsWith('PLAT#'))).size;
      if (crashNow && platformUnits >= 4) platformCrashes++;
      const r = await processStreamEvent(e, {
        maxTxItems: 4,
        beforeCommit: (n) => {
          if (crashNow && n === 1) {
            reached = true;
            throw new Error('simulated crash');
          }
        },
      });
      if (reached) {
        crashes++;
        throw new Error('aggregator process died');
      }
      return r;
    };
    const exp = new PlatformExpectation(2022);
    allYears.push(exp);
    const rng = makeRng(12);
    const b = basesAlongside(2022, rng);
    // Some platforms only ever save a draft: they are missing from every sum.
    await Promise.all([...platforms.keys()].map((id) => filePlatform(exp, id, id.endsWith('1') ? 'draft' : 'submitted', rng)).concat(b.run()));
    await Promise.all(
      [...platforms.keys()]
        .filter((_, i) => i % 2 === 0)
        .map((id) => filePlatform(exp, id, 'submitted', rng))
        .concat(b.run()),
    );
    await poller.drain(20_000);
    await assertPlatformsExact(exp);
    await assertBasesExact(b.exp, 2022);
    expect(crashes).toBeGreaterThan(0);
    expect(platformCrashes).toBeGreaterThan(0);
    expect(poller.deadLetters).toEqual([]);
  });

  it('when corrections of one filing race each other', async () => {
    current = (e) => {
      noteMixed(e);
      return processStreamEvent(e);
    };
    const exp = new PlatformExpectation(2023);
    allYears.push(exp);
    const rng = makeRng(13);
    const ids = [...platforms.keys()].slice(0, 6);
    await Promise.all(ids.map((id) => filePlatform(exp, id, 'submitted', rng)));
    const b = basesAlongside(2023, rng);
    await Promise.all(
      ids
        .flatMap((id) =>
          Array.from({ length: 8 }, async () => {
            const r = await call('PUT', `/api/platforms/${id}/filings/2023`, {
              status: 'submitted',
              values: platformValues(rng).typed,
              confirmWarnings: true,
              explanation: '历史数据,按原报表录入',
            });
            expect([200, 201]).toContain(r.status);
          }),
        )
        .concat(b.run()),
    );
    const target = ids[0]!;
    const before = await call('GET', `/api/platforms/${target}/filings/2023`);
    const results = await Promise.all(
      Array.from(
        { length: 8 },
        async () =>
          (
            await call(
              'PUT',
              `/api/platforms/${target}/filings/2023`,
              { status: 'submitted', values: platformValues(rng).typed, confirmWarnings: true, explanation: '历史数据,按原报表录入' },
              { headers: { 'if-match': before.headers.etag! } },
            )
          ).status,
      ),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((s) => s === 409)).toHaveLength(7);
    await history.drain(20_000);
    for (const id of ids) {
      const f = await call('GET', `/api/platforms/${id}/filings/2023`);
      // What the last writer left is what must count (read exactly from the text).
      exp.submit(id, Object.fromEntries(PLATFORM_FIELDS.map((fl) => [fl.code, BigInt(new RegExp(`"counted":\\{[^}]*"${fl.code}":(\\d+)`).exec(f.text)![1]!)])));
      const h = await call('GET', `/api/platforms/${id}/filings/2023/history`);
      expect(h.body.versions.map((v: { version: number; platformId: string }) => [v.version, v.platformId])).toEqual(
        Array.from({ length: f.body.version }, (_, i) => [i + 1, id]),
      );
    }
    await poller.drain(20_000);
    await assertPlatformsExact(exp);
    await assertBasesExact(b.exp, 2023);
  });

  it('when platforms arrive out of order and in fragments', async () => {
    const rng = makeRng(14);
    let held: DynamoDBStreamEvent[] = [];
    current = async (e) => {
      noteMixed(e);
      const groups = new Map<string, typeof e.Records>();
      for (const r of e.Records) {
        const k = JSON.stringify(r.dynamodb?.Keys);
        groups.set(k, [...(groups.get(k) ?? []), r]);
      }
      const pieces = [...groups.values()].map((Records) => ({ Records })).sort(() => rng() - 0.5);
      const deliverNow = [...held, ...pieces.filter(() => rng() < 0.6)];
      held = pieces.filter((p) => !deliverNow.includes(p));
      for (const p of deliverNow.sort(() => rng() - 0.5)) {
        const r = await processStreamEvent(p);
        expect(r.batchItemFailures).toEqual([]);
      }
    };
    const exp = new PlatformExpectation(2024);
    allYears.push(exp);
    const b = basesAlongside(2024, rng);
    for (let round = 0; round < 3; round++) {
      for (const id of [...platforms.keys()].sort(() => rng() - 0.5)) if (round === 0 || rng() < 0.4) await filePlatform(exp, id, 'submitted', rng);
      if (round < 2) await b.run();
    }
    await poller.drain(20_000);
    for (const p of held) await processStreamEvent(p);
    held = [];
    await assertPlatformsExact(exp);
    await assertBasesExact(b.exp, 2024);
  });

  it('when a platform changes tier and city after filing, effective from the first year: its totals move with it, in every year', async () => {
    current = (e) => {
      noteMixed(e);
      return processStreamEvent(e);
    };
    const exp = new PlatformExpectation(2025);
    allYears.push(exp);
    const rng = makeRng(15);
    for (const id of platforms.keys()) await filePlatform(exp, id, 'submitted', rng);
    await poller.drain(20_000);
    const move = async (id: string, to: Partial<Plat>, status = 200) => {
      const p = { ...platforms.get(id)!, ...to };
      // Effective from the first supported year: every year's filings move (SPEC §11).
      const r = await call('PUT', `/api/platforms/${id}`, { ...platBody(p), effectiveFrom: '2000' });
      expect(r.status, r.text).toBe(status);
      platforms.set(id, p);
    };
    // A county platform becomes the city platform of another city; a cluster one a county one.
    await move('plat-2', { tier: 'city', city: '岳阳市', county: null });
    await move('plat-1', { tier: 'county', county: UNIT[platforms.get('plat-1')!.city]!, cluster: null });
    // Only a name: no scope moves.
    await move('plat-3', { name: '改名平台' });
    // While a correction is in flight.
    await Promise.all([filePlatform(exp, 'plat-5', 'submitted', rng), move('plat-5', { city: '岳阳市', county: UNIT['岳阳市']! })]);
    await poller.drain(20_000);
    // The move rescoped every year's rollup, not only this one's.
    for (const e of allYears) await assertPlatformsExact(e);
    expect((await call('GET', `/api/aggregates/2021?program=platforms&scope=${encodeURIComponent('city:岳阳市')}`)).body.reportingEntities).toBe(2);
    expect(poller.deadLetters).toEqual([]);
  });
});
