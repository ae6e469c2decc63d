// GetRecords over DynamoDB's JSON protocol, and what becomes of its records: the wire form is
// already the Lambda event's form (bar two fields and DynamoDB Local's empty maps), so records
// are filtered on the partition key first, as Lambda's event filter does, and only the wanted
// ones are converted (shard-buffer.ts: most records at peak, history, rollup and aggregate
// writes, are for nobody). See README "Local runtime" for why the SDK's deserialiser is not used.

import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import type { AwsJsonClient } from '../aws-json';

/** A GetRecords record as it comes over the wire: already Lambda's shape, bar two fields. */
export type WireRecord = Omit<DynamoDBRecord, 'eventSourceARN' | 'awsRegion'> & { awsRegion?: string };

export interface GetRecordsOutput {
  Records?: WireRecord[];
  NextShardIterator?: string | null;
}

/** One GetRecords call (at most `limit` records) through the JSON-protocol client. */
export function getRecords(client: AwsJsonClient, iterator: string, limit: number): Promise<GetRecordsOutput> {
  return client.call<GetRecordsOutput>('GetRecords', { ShardIterator: iterator, Limit: limit });
}

/** DynamoDB Local's stream writes an empty map as `{}` where Lambda gives `{"M":{}}`: repaired in place. */
function repairEmptyMaps(values: Record<string, AttributeValue> | AttributeValue[] | undefined): void {
  if (!values) return;
  for (const [k, v] of Object.entries(values) as Array<[string, AttributeValue]>) {
    if (v.M) repairEmptyMaps(v.M);
    else if (v.L) repairEmptyMaps(v.L);
    else if (Object.keys(v).length === 0) (values as Record<string, AttributeValue>)[k] = { M: {} };
  }
}

/**
 * A record's creation time in whole epoch seconds, as Lambda's event has it, from what DynamoDB
 * Local reports and when the reader got the record. DynamoDB Local rounds the time down to the
 * minute (records written 3 s apart both report 15:15:00), which made the aggregator's
 * AggregationLag read up to a minute high locally. The record was created within that minute
 * and no later than it was read: the later bound of the two, so the lag reads true to the
 * reader's poll interval while the reader keeps up, and after the process was down it still
 * shows the wait (less at most the minute's 59 s). A time not on a whole minute is kept as is.
 */
export function creationSeconds(reported: number, readAtSeconds: number): number {
  if (reported % 60 !== 0) return Math.floor(reported);
  return Math.floor(Math.max(reported, Math.min(reported + 59, readAtSeconds)));
}

/** A GetRecords record in the shape Lambda hands to a DynamoDB Streams handler (images repaired in place); `readAtSeconds`: when the reader got it. */
export function toLambdaRecord(r: WireRecord, streamArn: string, region: string, readAtSeconds = Date.now() / 1000): DynamoDBRecord {
  const d = r.dynamodb ?? {};
  repairEmptyMaps(d.NewImage);
  repairEmptyMaps(d.OldImage);
  return {
    ...r,
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    // DynamoDB Local reports "ddblocal"; Lambda reports the table's region.
    awsRegion: region,
    // Lambda's event has whole epoch seconds (creationSeconds: DynamoDB Local's are whole minutes).
    dynamodb:
      d.ApproximateCreationDateTime === undefined ? d : { ...d, ApproximateCreationDateTime: creationSeconds(d.ApproximateCreationDateTime, readAtSeconds) },
    eventSourceARN: streamArn,
  };
}
