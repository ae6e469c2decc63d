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

/** A GetRecords record in the shape Lambda hands to a DynamoDB Streams handler (images repaired in place). */
export function toLambdaRecord(r: WireRecord, streamArn: string, region: string): DynamoDBRecord {
  const d = r.dynamodb ?? {};
  repairEmptyMaps(d.NewImage);
  repairEmptyMaps(d.OldImage);
  return {
    ...r,
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    // DynamoDB Local reports "ddblocal"; Lambda reports the table's region.
    awsRegion: region,
    // Lambda's event has whole epoch seconds.
    dynamodb: d.ApproximateCreationDateTime === undefined ? d : { ...d, ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime) },
    eventSourceARN: streamArn,
  };
}
