// The one DynamoDB client of the process (module-level, reused across Lambda invocations).

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';

const local = !!config.dynamodbEndpoint;

export const rawClient = new DynamoDBClient({
  region: config.region,
  ...(local ? { endpoint: config.dynamodbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  // Throttling and transient faults (timeouts, 5xx) are retried with jittered exponential
  // backoff. Not 'adaptive': its client-side rate limiter stalls a whole Lambda container after
  // a few throttles, which turns a brief hot spot into long request latency.
  maxAttempts: 6,
  retryMode: 'standard',
});

// No SDK logger is configured, yet its middleware inspects every request and response; at
// quarter-end that was measurable CPU per call.
rawClient.middlewareStack.remove('loggerMiddleware');

export const db = DynamoDBDocumentClient.from(rawClient, {
  marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
});

export const TABLE = config.tableName;
