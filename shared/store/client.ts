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
  // Binary attributes (the packed rollups, aggregate items, filing values) decoded without the
  // SDK's validating regex over each base64 string: DynamoDB's answers are well-formed, and a
  // year's bulletin decodes ≈ 2,000 rollups (≈ 30 ms of the regex per export here).
  base64Decoder: (s: string) => {
    const b = Buffer.from(s, 'base64');
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  },
});

// No SDK logger is configured, yet its middleware inspects every request and response; at
// quarter-end that was measurable CPU per call.
rawClient.middlewareStack.remove('loggerMiddleware');

export const db = DynamoDBDocumentClient.from(rawClient, {
  marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
});

export const TABLE = config.tableName;
