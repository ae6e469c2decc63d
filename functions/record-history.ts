// Stream consumer that files each filing write's version record into the immutable history.
// Writing a version again is a no-op, so redelivery and retries are harmless; a malformed
// record is reported as a batch item failure (Lambda retries, then sets it aside).

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { FilingVersion } from '../shared/filing';
import { log, streamHandler } from '../shared/observability';
import { readChanges } from '../shared/store/packed';
import { recordHistory } from '../shared/use-cases/record-history';

/** The version record a filing stream record carries, null for other records, or throws if malformed. */
export function versionOf(record: DynamoDBRecord): FilingVersion | null {
  const d = record.dynamodb;
  const pk = d?.Keys?.pk?.S;
  if (!pk?.startsWith('FILING#') || !d?.NewImage) return null;
  const image = unmarshall(d.NewImage as Record<string, AttributeValue>);
  const stored = image.lastVersion as FilingVersion | undefined;
  if (
    !stored ||
    typeof stored !== 'object' ||
    !Number.isInteger(stored.version) ||
    typeof stored.baseId !== 'string' ||
    typeof stored.period !== 'string' ||
    typeof stored.at !== 'string'
  )
    throw new Error(`filing record ${pk} without a valid version record`);
  // The filing item keeps the changes packed (base64 in the stream image); older items, the map.
  const v: FilingVersion = { ...stored, changes: readChanges(stored.changes) };
  if (v.version !== image.version) throw new Error(`filing record ${pk}: version record ${v.version} ≠ filing version ${image.version}`);
  // The version files under its filing's program (the filing item names it; the bases' do not).
  if ((v.program ?? null) !== (image.program ?? null)) throw new Error(`filing record ${pk}: version record of another program`);
  return v;
}

export async function processHistoryEvent(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const records = event.Records ?? [];
  const versions: FilingVersion[] = [];
  let firstBad: number | undefined;
  for (let i = 0; i < records.length; i++) {
    try {
      const v = versionOf(records[i]!);
      if (v) versions.push(v);
    } catch (e) {
      log('tongbao-history').error('malformed stream record', { eventID: records[i]!.eventID, error: (e as Error).message });
      firstBad = i;
      break; // file what precedes it; Lambda redelivers from it
    }
  }
  try {
    await recordHistory(versions);
  } catch (e) {
    log('tongbao-history').error('filing history failed', e as Error);
    firstBad = 0;
  }
  if (firstBad === undefined) return { batchItemFailures: [] };
  const r = records[firstBad]!;
  return { batchItemFailures: [{ itemIdentifier: r.dynamodb?.SequenceNumber ?? r.eventID ?? '' }] };
}

export const handler = streamHandler('tongbao-history', (event: DynamoDBStreamEvent) => processHistoryEvent(event));
