// Aggregation lag: how soon after the last acknowledged filing the aggregate items equal an
// independent recomputation (the expectation in bench/plan.ts, every scope, quarter and year),
// for the quarter-end burst (bench/ingest.ts) and for `--lag-bursts` bursts after it.

import { asBench } from './instrument';
import { planLagBurst } from './plan';
import { BURST_PERIOD, CHECK_PERIODS, log } from './scenario';
import type { Bench } from './setup';
import { median, round } from './stats';

/** Compares the stored aggregates with the expectation; `refresh` takes the expectation's current totals. */
export interface ExactnessCheck {
  refresh(): void;
  /** The differences (empty: exact). */
  diffs(): Promise<string[]>;
}

export function exactnessCheck(b: Bench): ExactnessCheck {
  const { exp } = b;
  const { getAggregates } = b.m;
  const expected = new Map<string, Map<string, ReturnType<typeof exp.totals>>>();
  const refresh = () => {
    for (const period of CHECK_PERIODS) expected.set(period, new Map(exp.scopes().map((s) => [s, exp.totals(period, s)])));
  };
  const diffs = async (): Promise<string[]> => {
    const stored = await getAggregates(CHECK_PERIODS);
    const found: string[] = [];
    for (const [period, byScope] of expected) {
      const scoped = stored.get(period)?.scoped ?? {};
      for (const [scope, want] of byScope) {
        const got = scoped[scope];
        if ((got?.reportingBases ?? 0n) !== want.reportingBases)
          found.push(`${period} ${scope} reportingBases ${got?.reportingBases ?? 0n} ≠ ${want.reportingBases}`);
        for (const code of new Set([...Object.keys(want.values), ...Object.keys(got?.values ?? {})]))
          if ((got?.values[code] ?? 0n) !== (want.values[code] ?? 0n))
            found.push(`${period} ${scope} ${code} ${got?.values[code] ?? 0n} ≠ ${want.values[code] ?? 0n}`);
      }
    }
    return found;
  };
  return { refresh, diffs };
}

/** Checks every `pauseMs` until exact or `timeoutMs` is over; the lag counts from `lastAckAt`. */
export async function waitUntilExact(
  check: ExactnessCheck,
  lastAckAt: number,
  timeoutMs: number,
  pauseMs: number,
): Promise<{ lagMs: number | undefined; checks: number; lastDiffs: string[] }> {
  let checks = 0;
  let lastDiffs: string[] = [];
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    checks++;
    lastDiffs = await asBench(check.diffs);
    if (!lastDiffs.length) return { lagMs: Date.now() - lastAckAt, checks, lastDiffs };
    await new Promise((res) => setTimeout(res, pauseMs));
  }
  return { lagMs: undefined, checks, lastDiffs };
}

export interface LagBurst {
  filings: number;
  filingsPerSecond: number;
  lagMs: number | null;
  checks: number;
}

/**
 * After the quarter-end burst, `lagBursts` more bursts of one slice's size each (bases
 * submitting the quarter again with new values, recorded in the expectation): the lag of each
 * is from its last acknowledged filing until the aggregate items equal the recomputation.
 */
export async function runLagBursts(b: Bench, check: ExactnessCheck, lagBurstSize: number) {
  const { opts, bases, exp, runClient, drain } = b;
  const lagBursts: LagBurst[] = [];
  for (let k = 0; k < opts.lagBursts; k++) {
    const jobs = planLagBurst(bases, BURST_PERIOD, lagBurstSize, opts.seed + 101 * (k + 1), exp);
    check.refresh();
    const r = await runClient(jobs);
    const bad = Object.keys(r.statuses).filter((st) => st !== '200' && st !== '201');
    if (bad.length) throw new Error(`lag burst ${k + 1} failed: ${r.errors.join(' | ')}`);
    const { lagMs, checks } = await waitUntilExact(check, r.lastAckAt, 60_000, 20);
    const lag = lagMs ?? null;
    lagBursts.push({ filings: r.requests, filingsPerSecond: round(r.requests / ((r.endedAt - r.startedAt) / 1000)), lagMs: lag, checks });
    log(
      `  lag burst ${k + 1}/${opts.lagBursts}: ${r.requests} filings, exact ${lag === null ? 'NOT within 60 s' : `${lag} ms`} after the last acknowledged one`,
    );
    await drain(300_000);
  }
  const lagValues = lagBursts.map((x) => x.lagMs ?? Infinity);
  const lagSummary = {
    bursts: lagBursts,
    medianMs: lagValues.length ? median(lagValues) : null,
    maxMs: lagValues.length ? Math.max(...lagValues) : null,
    burstSize: lagBurstSize,
  };
  if (lagBursts.length) log(`aggregation lag over ${lagBursts.length} bursts of ${lagBurstSize}: median ${lagSummary.medianMs} ms (${lagValues.join(', ')})`);
  return { lagBursts, lagSummary };
}
