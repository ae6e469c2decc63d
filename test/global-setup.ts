// Vitest global setup: one DynamoDB Local (in-memory) for the whole test run.
//
// It runs in the main vitest process before any worker is forked; workers copy process.env
// when they start, so the variables set here reach every test file. Each integration test
// file then works in its own table (see test/helpers/local-table.ts), so files can run in
// parallel against the one instance.
//
// Set DYNAMODB_ENDPOINT yourself to run the tests against an already running DynamoDB instead.

import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../local/dynamodb-local';

export default async function setup(_project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_REGION = 'cn-north-1';
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  // Keeps the AWS SDK's "node 20 support ends" notice out of the test output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // One INFO line per stream batch is useful in production, noise in test output.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

  if (process.env.DYNAMODB_ENDPOINT) return async () => {};

  const started = Date.now();
  const ddb = await startDynamoDbLocal({ startTimeoutMs: 60_000 }); // in-memory, free port; generous timeout for busy CI machines
  process.env.DYNAMODB_ENDPOINT = ddb.endpoint;
  console.log(`[global-setup] DynamoDB Local on ${ddb.endpoint} (started in ${Date.now() - started} ms)`);
  return async () => {
    await ddb.stop();
  };
}
