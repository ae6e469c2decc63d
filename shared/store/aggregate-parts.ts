// Reading a period's aggregates when they are split over several items (shared/aggregate-parts.ts:
// a national deployment keeps each province's city scopes in an item of its own).

import { mergeParts, partKeysOf } from '../aggregate-parts';
import type { ScopedTotals } from '../aggregation';
import { getAggregates, type StoredAggregate } from './aggregates';
import type { ProgramTag } from './keys';

export interface StoredParts {
  period: string;
  /** Every scope of the period, merged from its items. */
  scoped: ScopedTotals;
  /** Each item by its key (the period, or `<period>#<province>`), with its revision. */
  parts: Map<string, StoredAggregate>;
}

/** A period's aggregates, all scopes: one item for a province, 1 + 31 in one BatchGet for the nation. */
export async function getAggregateParts(periods: Iterable<string>, tag: ProgramTag = 'BASE'): Promise<Map<string, StoredParts>> {
  const list = [...new Set(periods)];
  const found = await getAggregates(
    list.flatMap((p) => partKeysOf(p)),
    tag,
  );
  return new Map(
    list.map((period) => {
      const parts = new Map(partKeysOf(period).map((k) => [k, found.get(k)!]));
      return [period, { period, scoped: mergeParts([...parts.values()].map((a) => a.scoped)), parts }];
    }),
  );
}
