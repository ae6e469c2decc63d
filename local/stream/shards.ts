// Shard discovery and iteration: which shards the stream has (DescribeTable for the stream ARN,
// DescribeStream for the shards), in which order they may be read (a parent to its end before
// its children), and where reading a shard starts (an iterator after the checkpoint, or the
// oldest record left when the checkpoint aged out of the stream's 24 h retention).

import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, type DynamoDBStreamsClient, GetShardIteratorCommand, type Shard } from '@aws-sdk/client-dynamodb-streams';
import { errorName, type PollerLogger } from './common';

export interface ShardState {
  id: string;
  parentId: string | undefined;
  /** Undefined: get a new iterator from the checkpoint before the next GetRecords. */
  iterator: string | undefined;
}

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

/** Open shards whose parent has been read to its end (or is gone from the stream). */
export function readyShards(shards: Map<string, ShardState>): ShardState[] {
  return [...shards.values()].filter((s) => !s.parentId || !shards.has(s.parentId));
}

/**
 * An iterator just after the shard's checkpoint (the oldest record without one). A checkpoint
 * older than the stream's retention is dropped from `checkpoint` and reading starts from the
 * oldest record left.
 */
export async function shardIterator(
  streams: DynamoDBStreamsClient,
  streamArn: string | undefined,
  shardId: string,
  checkpoint: Map<string, string>,
  log: PollerLogger,
): Promise<string | undefined> {
  const seq = checkpoint.get(shardId);
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
      checkpoint.delete(shardId);
      return shardIterator(streams, streamArn, shardId, checkpoint, log);
    }
    throw e;
  }
}
