// State that must outlive any deployment of the code: the single DynamoDB table (same schema as
// shared/store/table.ts, which creates it for the local runtime) and the bucket of asynchronous
// exports (the national bulletin, README "National deployment").

import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../shared/store/table';

export type TongbaoStatefulStackProps = StackProps;

export class TongbaoStatefulStack extends Stack {
  /** Filings, registry, tokens, history, aggregates (single-table design, see shared/store/keys.ts). */
  readonly table: dynamodb.Table;
  /** Exported files (exports/<jobId>.xlsx), downloaded through presigned links; expired after EXPORT_RETENTION_DAYS. */
  readonly exportBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props?: TongbaoStatefulStackProps) {
    super(scope, id, props);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: dynamodb.AttributeType.STRING },
      // Load is quarterly and spiky (quiet for weeks, then every base files before dueAt).
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // The aggregator needs the old image to subtract what a filing used to count.
      stream: dynamodb.StreamViewType[TABLE_SCHEMA.streamViewType],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Account sign-ins (sessions, TOKEN items) carry `ttl`: a day after they expire DynamoDB
      // removes them, or every sign-in would stay in the TOKEN partition for ever. Only sessions
      // carry the attribute; the stream consumers ignore TOKEN items, so the removals pass by.
      timeToLiveAttribute: 'ttl',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Private (reached only through the export function's presigned links), encrypted, TLS only;
    // an export is a copy of what the table holds, so a lifecycle rule removes it after a week.
    this.exportBucket = new s3.Bucket(this, 'ExportBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [
        { id: 'expire-exports', prefix: 'exports/', expiration: Duration.days(EXPORT_RETENTION_DAYS), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

/** Days an exported file is kept (the bucket's lifecycle rule); a link lasts EXPORT_LINK_SECONDS. */
export const EXPORT_RETENTION_DAYS = 7;
