// Shard discovery and iteration: which shards the stream has (DescribeTable for the stream ARN,
// DescribeStream for the shards) and where reading a shard starts (an iterator after a position,
// or the oldest record left when the position aged out of the stream's 24 h retention). The
// order shards are read in (a parent to its end before its children) is shard-buffer.ts's.

import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, type DynamoDBStreamsClient, GetShardIteratorCommand, type Shard } from '@aws-sdk/client-dynamodb-streams';
import { errorName, type PollerLogger } from './common';

/** The table's stream ARN; rejects if the table has no stream enabled. */
export async function streamArnOf(ddb: DynamoDBClient, tableName: string): Promise<string> {
  const table = await ddb.send(new DescribeTableCommand({ TableName: tableName }));
  const arn = table.Table?.LatestStreamArn;
  if (!arn || !table.Table?.StreamSpecification?.StreamEnabled) throw new Error(`table ${tableName} has no stream enabled`);
  return arn;
}

/** Every shard of the stream, in DescribeStream order (all pages). */
export async function listShards(streams: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> {
  const listed: Shard[] = [];
  let start: string | undefined;
  do {
    const r = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }));
    listed.push(...(r.StreamDescription?.Shards ?? []));
    start = r.StreamDescription?.LastEvaluatedShardId;
  } while (start);
  return listed;
}

/**
 * An iterator just after `seq` (the oldest record without one). A position older than the
 * stream's retention reads from the oldest record left.
 */
export async function shardIterator(
  streams: DynamoDBStreamsClient,
  streamArn: string | undefined,
  shardId: string,
  seq: string | undefined,
  log: PollerLogger,
): Promise<string | undefined> {
  try {
    const r = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: seq ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
        SequenceNumber: seq,
      }),
    );
    return r.ShardIterator;
  } catch (e) {
    if (seq && errorName(e) === 'TrimmedDataAccessException') {
      // Our position aged out of the stream (24 h retention): continue from the oldest record left.
      log.warn('checkpoint is older than the stream retention; resuming from the oldest record', { shardId, seq });
      return shardIterator(streams, streamArn, shardId, undefined, log);
    }
    throw e;
  }
}
