// The deployed system wired on one machine, shared by `npm start` and `npm run bench` so the
// benchmark measures exactly what runs: the table (created if missing), the API, export and
// template handlers behind the local HTTP server (routed as the HTTP API routes them,
// shared/http-routes.ts), and one reader of the table's real stream feeding the aggregator and
// the history writer, each given only the records its Lambda event filter passes
// (infra/stateless-stack.ts) and each at its own pace, as separate event source mappings are.
// One reader for both: reading and decoding the stream twice cost a third of the CPU at peak.
//
// Call after DYNAMODB_ENDPOINT, TABLE_NAME and ADMIN_TOKEN are in process.env: config is read
// once, when the modules imported here load.

import { join } from 'node:path';
import { HTTP_ROUTES, type HttpFunctionName, routePattern } from '../shared/http-routes';
import { type HttpHandler, type HttpServer, startHttpServer } from './http-server';
import { OBJECT_ROUTE, objectDownload } from './object-route';
import { StreamPoller, type StreamPollerStats } from './stream-poller';

/** After a hard crash the stream consumers replay this much; their handlers are idempotent. */
export const CHECKPOINT_LAG_MS = 5_000;

export interface LocalStackOptions {
  /** Where the stream checkpoint is kept (DATA_DIR). */
  dataDir: string;
  port: number;
  host: string;
  /** Prefix of log lines, e.g. "tongbao". */
  name: string;
  /** Wraps the API handler (the benchmark profiles each request). */
  wrapApi?: (handler: HttpHandler) => HttpHandler;
  /** Records per stream read (default: the poller's, as on AWS). */
  pollerBatchSize?: number;
  /** Told of every stream record set aside after the retry cap (it is also stored). */
  onDeadLetter?: (reason: string) => void;
}

type StreamCounts = Pick<StreamPollerStats, 'batches' | 'records' | 'skipped'>;

export interface LocalStack {
  server: HttpServer;
  consumers: string[];
  /** Cumulative stream-reader statistics (across pauses): sums over the consumers, and each one's own. */
  streamStats(): StreamCounts & { consumers: Record<string, StreamCounts> };
  /** Waits until the stream consumers have handled everything written so far. */
  drain(timeoutMs: number): Promise<void>;
  /** Stops and restarts the stream reader (it resumes from its checkpoint): a diagnostic. */
  pauseConsumers(): Promise<void>;
  resumeConsumers(): Promise<void>;
  /** Closes the server, then stops the stream reader (saving its checkpoint). */
  close(): Promise<void>;
}

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('startLocalStack: DYNAMODB_ENDPOINT is not set');
  const { config } = await import('../shared/config');
  const { rawClient } = await import('../shared/store/client');
  const { ensureTable } = await import('../shared/store/table');
  const { AGGREGATOR_PK_PREFIXES, EXPORT_JOB_PK, HISTORY_PK_PREFIX } = await import('../shared/store/keys');
  const objects = await import('../shared/store/objects');
  const { putDeadLetter } = await import('../shared/store/dead-letters');
  const api = await import('../functions/api');
  const aggregator = await import('../functions/aggregate-stream');
  const history = await import('../functions/record-history');
  const exporter = await import('../functions/export-bulletin');
  const template = await import('../functions/filing-template');

  await ensureTable(rawClient, config.tableName);

  const tag = `[${opts.name}]`;
  const consumers = [
    // The Lambda handlers themselves (each batch one invocation: its logs and EMF metrics).
    { name: 'aggregator', handler: aggregator.handler, filter: (pk: string) => AGGREGATOR_PK_PREFIXES.some((p) => pk.startsWith(p)) },
    { name: 'history', handler: history.handler, filter: (pk: string) => pk.startsWith(HISTORY_PK_PREFIX) },
    // The export function's stream source on AWS: a new export job is built (README "National deployment").
    { name: 'export-jobs', handler: exporter.handler, filter: (pk: string) => pk === EXPORT_JOB_PK },
  ];
  const newPoller = () =>
    new StreamPoller({
      endpoint,
      tableName: config.tableName,
      region: config.region,
      consumers,
      checkpointFile: join(opts.dataDir, `stream-checkpoint-${config.tableName}.json`),
      checkpointLagMs: CHECKPOINT_LAG_MS,
      ...(opts.pollerBatchSize ? { batchSize: opts.pollerBatchSize } : {}),
      onDeadLetter: async (record, reason, consumer) => {
        reason = `${consumer}: ${reason}`;
        await putDeadLetter({ reason, record });
        console.warn(`${tag} stream record set aside after retries (see npm run reconcile): ${reason}`);
        opts.onDeadLetter?.(reason);
      },
      logger: {
        info: () => {},
        warn: (m, extra) => console.warn(`${tag} stream: ${m}`, extra ?? ''),
        error: (m, extra) => console.error(`${tag} stream: ${m}`, extra ?? ''),
      },
    });

  let poller: StreamPoller | undefined = newPoller();
  const zero = (): StreamCounts => ({ batches: 0, records: 0, skipped: 0 });
  const add = (a: StreamCounts, b: StreamCounts | undefined): StreamCounts =>
    b ? { batches: a.batches + b.batches, records: a.records + b.records, skipped: a.skipped + b.skipped } : a;
  let retired = { ...zero(), consumers: Object.fromEntries(consumers.map((c) => [c.name, zero()])) };
  const withStats = (p: StreamPoller | undefined) => {
    const stats = p?.stats;
    return { ...add(retired, stats), consumers: Object.fromEntries(consumers.map((c) => [c.name, add(retired.consumers[c.name]!, stats?.consumers[c.name])])) };
  };
  const stopPoller = async () => {
    if (!poller) return;
    const p = poller;
    poller = undefined;
    await p.stop();
    retired = withStats(p);
  };
  await poller.start();

  // The Lambda handlers, as API Gateway invokes them: x-request-id, logs and EMF metrics per request.
  const handlers: Record<HttpFunctionName, HttpHandler> = { api: api.handler, export: exporter.handler, template: template.handler };
  let server: HttpServer;
  try {
    server = await startHttpServer({
      port: opts.port,
      host: opts.host,
      handler: opts.wrapApi ? opts.wrapApi(handlers.api) : handlers.api,
      // The HTTP API's routes to the export and template functions; everything else is the API's.
      routes: [
        // The local object store's signed, expiring download links (S3's presigned URLs on AWS).
        { path: OBJECT_ROUTE, method: 'GET', handler: objectDownload },
        ...HTTP_ROUTES.filter((r) => r.fn !== 'api').map((r) => ({ path: routePattern(r.path), method: r.method, handler: handlers[r.fn] })),
      ],
      maxBodyBytes: config.maxBodyBytes,
      logger: { error: (m, e) => console.error(`${tag} http: ${m}`, e ?? '') },
    });
  } catch (e) {
    await stopPoller();
    throw e;
  }

  // Download links point at this server unless EXPORT_BUCKET (S3) or PUBLIC_URL says otherwise.
  if (!process.env.EXPORT_BUCKET && !process.env.PUBLIC_URL) {
    const current = objects.objectStore();
    if (current instanceof objects.LocalObjectStore)
      objects.setObjectStore(new objects.LocalObjectStore(opts.dataDir, server.url, objects.localSecret(opts.dataDir)));
  }

  return {
    server,
    consumers: consumers.map((c) => c.name),
    streamStats: () => withStats(poller),
    drain: async (ms) => {
      if (!poller) throw new Error('drain: the stream consumers are paused');
      await poller.drain(ms);
    },
    pauseConsumers: stopPoller,
    resumeConsumers: async () => {
      if (poller) return;
      const p = newPoller();
      await p.start();
      poller = p;
    },
    close: async () => {
      await server.close();
      await stopPoller();
    },
  };
}
