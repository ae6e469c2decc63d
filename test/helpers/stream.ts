// A StreamPoller for tests: fast polling and retries, dead letters collected in memory, log
// lines collected instead of printed.

import type { DynamoDBRecord } from 'aws-lambda';
import { type StreamHandler, StreamPoller, type StreamPollerOptions } from '../../local/stream-poller';

export interface TestPoller {
  poller: StreamPoller;
  /** Records that exhausted their retries, in order. */
  deadLetters: Array<{ record: DynamoDBRecord; reason: string; consumer: string }>;
  logs: Array<{ level: 'info' | 'warn' | 'error'; message: string; extra?: Record<string, unknown> }>;
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export type TestPollerOptions = Partial<Omit<StreamPollerOptions, 'handler'>>;

/**
 * Starts a poller on TABLE_NAME (or opts.tableName) in the DynamoDB Local of the test run, with
 * one handler or (handler undefined) opts.consumers. Stop it in afterEach/afterAll.
 */
export async function startTestPoller(handler: StreamHandler | undefined, opts: TestPollerOptions = {}): Promise<TestPoller> {
  const deadLetters: TestPoller['deadLetters'] = [];
  const logs: TestPoller['logs'] = [];
  const endpoint = opts.endpoint ?? process.env.DYNAMODB_ENDPOINT;
  const tableName = opts.tableName ?? process.env.TABLE_NAME;
  if (!endpoint || !tableName) throw new Error('startTestPoller needs DYNAMODB_ENDPOINT and TABLE_NAME (see test/helpers/local-table.ts)');
  const poller = new StreamPoller({
    pollIntervalMs: 50,
    retryBackoffMs: 10,
    shardDiscoveryIntervalMs: 1_000,
    onDeadLetter: async (record, reason, consumer) => {
      deadLetters.push({ record, reason, consumer });
    },
    logger: {
      info: (message, extra) => logs.push({ level: 'info', message, extra }),
      warn: (message, extra) => logs.push({ level: 'warn', message, extra }),
      error: (message, extra) => logs.push({ level: 'error', message, extra }),
    },
    ...opts,
    endpoint,
    tableName,
    ...(handler ? { handler } : {}),
  });
  await poller.start();
  return { poller, deadLetters, logs, drain: (timeoutMs = 10_000) => poller.drain(timeoutMs), stop: () => poller.stop() };
}

/** The history consumer (functions/record-history.ts) on this test file's table, as npm start runs it. */
export async function startHistoryPoller(opts: TestPollerOptions = {}): Promise<TestPoller> {
  const { processHistoryEvent } = await import('../../functions/record-history');
  const { HISTORY_PK_PREFIX } = await import('../../shared/store/keys');
  return startTestPoller((e) => processHistoryEvent(e), { filter: (pk) => pk.startsWith(HISTORY_PK_PREFIX), ...opts });
}
