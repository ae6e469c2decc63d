// The DynamoDB Stream aggregator. Parses stream records into changes, applies them through
// the aggregate-changes use case, and reports failures per record (partial batch response):
// Lambda then retries from the earliest failed record, which is safe because applying a change
// twice is a no-op.

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { countedOf } from '../shared/aggregation';
import { countMetric, log, recordMetric, streamHandler } from '../shared/observability';
import { programByTag } from '../shared/program';
import { tagOfSortKey } from '../shared/store/keys';
import { type AggregateOptions, aggregateChanges, type Change } from '../shared/use-cases/aggregate-changes';
import type { Values } from '../shared/validation';

/** Turns one stream record into a change, null if it is irrelevant, or throws if it is malformed. */
export function toChange(record: DynamoDBRecord, index: number): Change | null {
  const d = record.dynamodb;
  const keysImage = d?.Keys ? unmarshall(d.Keys as Record<string, AttributeValue>) : undefined;
  const pk = keysImage?.pk;
  if (typeof pk !== 'string') throw new Error('record without a string pk');
  // The sort key names the program (BASE#…, PLAT#…); registry items of other kinds carry none.
  const tag = typeof keysImage?.sk === 'string' ? tagOfSortKey(keysImage.sk) : null;
  const img = (x: unknown) => (x ? unmarshall(x as Record<string, AttributeValue>) : undefined);
  const newImage = img(d?.NewImage);
  const oldImage = img(d?.OldImage);

  if (pk.startsWith('FILING#')) {
    const period = pk.slice('FILING#'.length);
    const image = newImage ?? oldImage;
    const baseId = image?.baseId;
    const program = tag ? programByTag(tag) : null;
    if (!program?.periods.isFiling(period) || typeof baseId !== 'string') throw new Error(`malformed filing record ${pk}`);
    const prog = program.id === 'bases' ? {} : { program: program.id };
    if (!newImage) {
      // A removed filing counts for nothing from its next revision on.
      return { kind: 'filing', ...prog, baseId, period, countedRev: Number(oldImage?.countedRev ?? 0) + 1, counted: null, late: false, index };
    }
    const rev = newImage.countedRev;
    if (!Number.isInteger(rev) || rev < 0) throw new Error(`filing ${pk} ${baseId} has no valid countedRev`);
    // What counts: the counted values and what the program derives from them (a carrier's funds).
    const derived = newImage.countedDerived ?? null;
    if ((newImage.counted ?? null) !== null && typeof newImage.counted !== 'object') throw new Error(`filing ${pk} ${baseId} has malformed counted values`);
    if (derived !== null && typeof derived !== 'object') throw new Error(`filing ${pk} ${baseId} has malformed derived values`);
    const counted = countedOf(newImage);
    if (counted !== null) {
      for (const [k, v] of Object.entries(counted)) if (!Number.isSafeInteger(v)) throw new Error(`filing ${pk} ${baseId}: ${k} is not an integer`);
    }
    // Nothing to do if what counts did not change (draft saves, reviews).
    if (oldImage && oldImage.countedRev === rev) return null;
    // Late is decided with the first counted revision (shared/filing.ts), so it rides along.
    return { kind: 'filing', ...prog, baseId, period, countedRev: rev, counted: counted as Values | null, late: newImage.late === true, index };
  }
  if (pk === 'REGISTRY') {
    if (!tag) throw new Error('malformed registry record');
    const program = programByTag(tag);
    const baseId = (newImage ?? oldImage)?.[program.idKey];
    if (typeof baseId !== 'string') throw new Error('malformed registry record');
    // Only attributes that decide the scopes move aggregates.
    // (A history or the designations are objects: compared by content.)
    if (oldImage && newImage && program.scopeAttributes.every((f) => JSON.stringify(oldImage[f] ?? null) === JSON.stringify(newImage[f] ?? null))) return null;
    return { kind: 'registry', ...(program.id === 'bases' ? {} : { program: program.id }), baseId, index };
  }
  return null;
}

export async function processStreamEvent(event: DynamoDBStreamEvent, opts: AggregateOptions = {}): Promise<DynamoDBBatchResponse> {
  const records = event.Records ?? [];
  const changes: Change[] = [];
  let firstBad: number | undefined;
  records.forEach((r, i) => {
    try {
      const c = toChange(r, i);
      if (c) changes.push(c);
    } catch (e) {
      log('tongbao-aggregator').error('malformed stream record', { eventID: r.eventID, error: (e as Error).message });
      firstBad ??= i;
    }
  });
  // Only apply what precedes a malformed record; Lambda redelivers from it (and, with bisect and
  // the retry cap, sets it aside), so nothing after it is acknowledged out of order.
  const applicable = firstBad === undefined ? changes : changes.filter((c) => c.index < firstBad!);
  const result = await aggregateChanges(applicable, opts);
  if (result.error) log('tongbao-aggregator').error('aggregation failed', result.error as Error);
  log('tongbao-aggregator').info('batch aggregated', { records: records.length, ...result.stats, failedIndex: result.failedIndex });
  const committed = records.slice(0, Math.min(result.failedIndex ?? Infinity, firstBad ?? Infinity, records.length));
  if (committed.length) {
    countMetric('AggregationBatches');
    countMetric('AggregatedRecords', committed.length);
    // Lag: how long the oldest committed record waited (its stream timestamp has 1 s resolution).
    const oldest = Math.min(...committed.map((r) => r.dynamodb?.ApproximateCreationDateTime ?? Infinity));
    if (Number.isFinite(oldest)) recordMetric('AggregationLag', Math.max(0, Date.now() - oldest * 1000));
  }
  const failedAt = Math.min(result.failedIndex ?? Infinity, firstBad ?? Infinity);
  if (failedAt === Infinity) return { batchItemFailures: [] };
  const id = records[failedAt]!.dynamodb?.SequenceNumber ?? records[failedAt]!.eventID ?? '';
  return { batchItemFailures: [{ itemIdentifier: id }] };
}

export const handler = streamHandler('tongbao-aggregator', (event: DynamoDBStreamEvent) => processStreamEvent(event));
