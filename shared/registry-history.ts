// Published figures never move (SPEC §11): the registry attributes that decide where an entity
// counts (a base's city, county, level, cohort; a platform's city and tier) take effect from a
// period. A registry item keeps the current attributes at its top level, as always, and — once
// one of them changes — a `history` of what was in force from when. Aggregates, completeness and
// bulletins of a period read the entity *as of* that period, so a change from 2021 on leaves
// every 2020 figure as it was, and a correction dated in the past re-scopes from then on only.
// Pure.

import { firstQuarterOf, isQuarter, isYear, lastQuarterOf } from './periods';

/** The attributes in force from `from` (a period; null: since always) until the next entry. */
export interface HistoryEntry {
  from: string | null;
  attrs: Record<string, unknown>;
}

export interface WithHistory {
  history?: HistoryEntry[] | null;
}

/** A period's place in time: a year stands for its last quarter (its end-of-year state, like a stock). */
const atOrdinal = (period: string) => lastQuarterOf(period);
/** Where an entry starts: a year from its first quarter. */
const fromOrdinal = (from: string | null) => (from === null ? -Infinity : firstQuarterOf(from));

/** The entity with the attributes in force at `period` (the top level when it has no history). */
export function asOfPeriod<T extends WithHistory>(e: T, period: string): T {
  if (!e.history?.length) return e;
  const at = atOrdinal(period);
  let found: HistoryEntry | undefined;
  for (const h of e.history) if (fromOrdinal(h.from) <= at) found = h;
  return found ? { ...e, ...found.attrs } : e;
}

const pick = (e: object, attributes: readonly string[]) => Object.fromEntries(attributes.map((a) => [a, (e as Record<string, unknown>)[a] ?? null]));
const sameAttrs = (a: Record<string, unknown>, b: Record<string, unknown>) => Object.keys({ ...a, ...b }).every((k) => (a[k] ?? null) === (b[k] ?? null));

/**
 * The history after an upsert whose scope attributes take effect from `effectiveFrom`: from
 * that period on the record is `after` (entries from then on are replaced: a correction
 * restates everything after it), before it what was in force. No history while nothing
 * changed: a record that never moved needs none.
 */
export function historyAfter(
  before: (WithHistory & object) | undefined,
  after: object,
  attributes: readonly string[],
  effectiveFrom: string,
): HistoryEntry[] | null {
  const old = before?.history?.length ? before.history : null;
  if (!before) return null;
  if (!old && sameAttrs(pick(before, attributes), pick(after, attributes))) return null;
  const start = old ?? [{ from: null, attrs: pick(before, attributes) }];
  const kept = start.filter((h) => fromOrdinal(h.from) < firstQuarterOf(effectiveFrom));
  const next = [...kept, { from: effectiveFrom, attrs: pick(after, attributes) }];
  // Two neighbours with the same attributes are one period of time.
  return next.filter((h, i) => i === 0 || !sameAttrs(h.attrs, next[i - 1]!.attrs));
}

/** The current filing period (a quarter, or a year for a yearly program) at `now` in Beijing. */
export function currentPeriod(kind: 'quarter' | 'year', now: Date): string {
  const bj = new Date(now.getTime() + 8 * 3600_000);
  const y = bj.getUTCFullYear();
  return kind === 'year' ? String(y) : `${y}Q${Math.floor(bj.getUTCMonth() / 3) + 1}`;
}

/** Whether `p` is a period an effectiveFrom may name for this kind of program. */
export const isEffectivePeriod = (kind: 'quarter' | 'year', p: string) => (kind === 'year' ? isYear(p) : isQuarter(p) || isYear(p));
