// The quarter-end scenario: a registry of bases (the 14 cities, ~1/5 national, ~1/3 in a cohort),
// and per base the requests its information administrator sends, in order. Values come from
// test/helpers/scenario.ts (typed strings in form units + the exact base units they must become),
// and every submission is recorded in an independent Expectation of the aggregates.

import { provinceInForce } from '../shared/province';
import { Expectation, makeRng, type Registry, typedValues } from '../test/helpers/scenario';

export interface PlannedBase {
  baseId: string;
  name: string;
  city: string;
  county: string;
  level: 'national' | 'provincial';
  cohort: string | null;
}

export interface PlannedRequest {
  path: string;
  body: string;
  /** 'submit' | 'correct' | 'draft' — for the report only. */
  kind: string;
}

/** One base's requests, sent one after another by one client. */
export interface PlannedJob {
  baseId: string;
  requests: PlannedRequest[];
}

export function planRegistry(n: number): PlannedBase[] {
  return Array.from({ length: n }, (_, i) => ({
    baseId: `bench-${String(i + 1).padStart(5, '0')}`,
    name: `基准测试基地${i + 1}`,
    city: provinceInForce().cities[i % provinceInForce().cities.length]!, // the configured province's (set when shared/config.ts loads)
    county: '某区',
    level: i % 5 === 0 ? 'national' : 'provincial',
    cohort: i % 3 === 0 ? '第一批' : null,
  }));
}

export function expectationFor(bases: readonly PlannedBase[]): Expectation {
  const registry: Registry = new Map(bases.map((b) => [b.baseId, { baseId: b.baseId, city: b.city, level: b.level, cohort: b.cohort }]));
  return new Expectation(registry);
}

function shuffle<T>(a: T[], rng: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const filingPath = (baseId: string, period: string) => `/api/bases/${baseId}/filings/${period}`;
const body = (status: 'draft' | 'submitted', typed: Record<string, string>) =>
  JSON.stringify({ status, values: typed, confirmWarnings: true, explanation: '基准测试数据' });

export interface BurstPlan {
  jobs: PlannedJob[];
  counts: { requests: number; submissions: number; corrections: number; drafts: number; draftOnlyBases: number; submittingBases: number };
}

/**
 * Every base submits `period` once; `corrections` of them submit again with new values; `drafts`
 * draft saves are spread over three cases: a draft before the first submission, a draft saved
 * over a submission (must not change what counts), and a base that only ever saves a draft.
 */
export function planBurst(
  bases: readonly PlannedBase[],
  period: string,
  opts: { corrections: number; drafts: number; seed: number },
  exp: Expectation,
): BurstPlan {
  const rng = makeRng(opts.seed);
  const order = shuffle(
    bases.map((b) => b.baseId),
    rng,
  );
  const draftOnly = new Set(order.slice(0, Math.min(Math.floor(opts.drafts / 3), order.length)));
  const submitting = order.filter((id) => !draftOnly.has(id));
  const draftFirst = new Set(submitting.slice(0, Math.ceil(opts.drafts / 3)));
  const draftAfter = new Set(
    submitting.slice(Math.ceil(opts.drafts / 3), Math.ceil(opts.drafts / 3) + (opts.drafts - draftOnly.size - Math.ceil(opts.drafts / 3))),
  );
  const correcting = new Set(shuffle([...submitting], rng).slice(0, Math.round(opts.corrections * bases.length)));

  const counts = { requests: 0, submissions: 0, corrections: 0, drafts: 0, draftOnlyBases: draftOnly.size, submittingBases: submitting.length };
  const jobs: PlannedJob[] = order.map((baseId) => {
    const requests: PlannedRequest[] = [];
    const path = filingPath(baseId, period);
    const draft = () => {
      requests.push({ path, body: body('draft', typedValues(period, rng).typed), kind: 'draft' });
      counts.drafts++;
    };
    const submit = (kind: 'submit' | 'correct') => {
      const v = typedValues(period, rng);
      requests.push({ path, body: body('submitted', v.typed), kind });
      exp.submit(baseId, period, v.base);
      if (kind === 'submit') counts.submissions++;
      else counts.corrections++;
    };
    if (draftOnly.has(baseId)) draft();
    else {
      if (draftFirst.has(baseId)) draft();
      submit('submit');
      if (correcting.has(baseId)) submit('correct');
      if (draftAfter.has(baseId)) draft();
    }
    counts.requests += requests.length;
    return { baseId, requests };
  });
  return { jobs, counts };
}

/** Warm-up: one submission of `period` for the first n bases (counted in the expectation too). */
export function planWarmup(bases: readonly PlannedBase[], n: number, period: string, seed: number, exp: Expectation): PlannedJob[] {
  const rng = makeRng(seed ^ 0x5a5a5a);
  return bases.slice(0, n).map((b) => {
    const v = typedValues(period, rng);
    exp.submit(b.baseId, period, v.base);
    return { baseId: b.baseId, requests: [{ path: filingPath(b.baseId, period), body: body('submitted', v.typed), kind: 'submit' }] };
  });
}

/**
 * The bases the warm-up leaves out, with the submission each made of `period` (the quarter before
 * the burst): at a real quarter-end nearly every base filed the quarter before, so the burst's
 * warnings read that quarter and not the rollups (the path of a base that skipped a quarter).
 * Recorded in the expectation; bench/run.ts writes them straight into the table.
 */
export function planPreviousQuarter(
  bases: readonly PlannedBase[],
  from: number,
  period: string,
  seed: number,
  exp: Expectation,
): Array<{ baseId: string; typed: Record<string, string> }> {
  const rng = makeRng(seed ^ 0x3c3c3c);
  return bases.slice(from).map((b) => {
    const v = typedValues(period, rng);
    exp.submit(b.baseId, period, v.base);
    return { baseId: b.baseId, typed: v.typed };
  });
}

/**
 * A lag burst: `n` bases (a different draw each time) submit `period` again with new values, one
 * request each — recorded in the expectation, so the aggregates can be compared once it is sent.
 */
export function planLagBurst(bases: readonly PlannedBase[], period: string, n: number, seed: number, exp: Expectation): PlannedJob[] {
  const rng = makeRng(seed);
  return shuffle(
    bases.map((b) => b.baseId),
    rng,
  )
    .slice(0, Math.min(n, bases.length))
    .map((baseId) => {
      const v = typedValues(period, rng);
      exp.submit(baseId, period, v.base);
      return { baseId, requests: [{ path: filingPath(baseId, period), body: body('submitted', v.typed), kind: 'correct' }] };
    });
}
