// The one DynamoDB client of the process (module-level, reused across Lambda invocations).

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';

const local = !!config.dynamodbEndpoint;

export const rawClient = new DynamoDBClient({
  region: config.region,
  ...(local
    ? { endpoint: config.dynamodbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : {}),
  // Throttling and transient faults are retried with backoff by the SDK (adaptive mode also
  // slows the client down under sustained throttling).
  maxAttempts: 6,
  retryMode: 'adaptive',
});

export const db = DynamoDBDocumentClient.from(rawClient, {
  marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
});

export const TABLE = config.tableName;
