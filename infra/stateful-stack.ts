// State that must outlive any deployment of the code: the single DynamoDB table.
// Same schema as shared/store/table.ts (which creates it for the local runtime).

import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../shared/store/table';

export type TongbaoStatefulStackProps = StackProps;

export class TongbaoStatefulStack extends Stack {
  /** Filings, registry, tokens, history, aggregates (single-table design, see shared/store/keys.ts). */
  readonly table: dynamodb.Table;

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
  }
}
