// Logs and metrics of one invocation (README "Logs and metrics"). Every handler runs inside
// `withInvocation`: it gets its own Powertools Logger (the Lambda context and the correlation id
// on every line) and its own Metrics (CloudWatch EMF: one JSON line on stdout that CloudWatch
// turns into metrics, with the correlation id as metadata), published when the invocation ends.
//
// Why per invocation and not one module-level Logger/Metrics: locally (`npm start`, tests) the
// HTTP requests and the stream batches of every function run concurrently in one process; an
// AsyncLocalStorage scope keeps each request's correlation id and metrics its own. On Lambda the
// cost is one child logger and one Metrics object per invocation.
//
// Domain code calls `countMetric` / `recordMetric` / `log()`; outside an invocation (a test
// calling a use case directly) metrics are dropped and logs go to the service's root logger.

import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';

/** The CloudWatch namespace of every Tongbao metric. */
export const METRICS_NAMESPACE = 'Tongbao';

/**
 * Every metric the functions emit: its unit, the services that emit it, and what it means
 * (README, dashboard). The service (tongbao-api, tongbao-export, …) is the one dimension.
 */
export const METRICS = {
  FilingsWritten: {
    unit: MetricUnit.Count,
    services: ['tongbao-api', 'tongbao-template'],
    meaning: 'filing writes that changed a filing (PUT …/filings/{period} and template uploads; a repeated identical write is not counted)',
  },
  ValidationFailures: {
    unit: MetricUnit.Count,
    services: ['tongbao-api', 'tongbao-template', 'tongbao-export'],
    meaning:
      'requests refused because their content was invalid (400 with `fields`: VALIDATION_FAILED, BAD_REQUEST from a schema; 422 WARNINGS_UNCONFIRMED): nothing was stored',
  },
  VersionConflicts: {
    unit: MetricUnit.Count,
    services: ['tongbao-api', 'tongbao-template'],
    meaning: 'writes refused with 409 VERSION_CONFLICT (a stale If-Match: someone else saved first)',
  },
  AggregationBatches: { unit: MetricUnit.Count, services: ['tongbao-aggregator'], meaning: 'stream batches the aggregator applied' },
  AggregatedRecords: { unit: MetricUnit.Count, services: ['tongbao-aggregator'], meaning: 'stream records in those batches' },
  AggregationLag: {
    unit: MetricUnit.Milliseconds,
    services: ['tongbao-aggregator'],
    meaning: 'age of the oldest stream record of a batch when its aggregates were committed: how long a filing waits to count in the totals',
  },
  ExportDuration: {
    unit: MetricUnit.Milliseconds,
    services: ['tongbao-export'],
    meaning: 'time to build one bulletin, self-assessment or 催报 workbook/document',
  },
} as const;

export type MetricName = keyof typeof METRICS;

interface Invocation {
  logger: Logger;
  metrics: Metrics;
  correlationId: string;
}

const scope = new AsyncLocalStorage<Invocation>();
const roots = new Map<string, Logger>();

function rootLogger(service: string): Logger {
  let l = roots.get(service);
  if (!l) roots.set(service, (l = new Logger({ serviceName: service })));
  return l;
}

/** The logger of the current invocation (its correlation id on every line), else the service's. */
export function log(service = 'tongbao'): Logger {
  return scope.getStore()?.logger ?? rootLogger(service);
}

/** The correlation id of the current invocation, if any. */
export function correlationId(): string | undefined {
  return scope.getStore()?.correlationId;
}

/** Adds `value` to a metric of the current invocation (none: dropped). */
export function countMetric(name: MetricName, value = 1): void {
  scope.getStore()?.metrics.addMetric(name, METRICS[name].unit, value);
}

/** Records one observation (a duration, a lag) of the current invocation. */
export const recordMetric = countMetric;

/**
 * Runs `fn` as one invocation of `service`: logs carry the Lambda context (when there is one) and
 * `correlation_id`; the metrics it adds are written as one EMF line, with the correlation id as
 * metadata, when it ends — also when it throws.
 */
export async function withInvocation<T>(service: string, id: string, context: Context | undefined, fn: () => Promise<T>): Promise<T> {
  const logger = rootLogger(service).createChild();
  if (context?.awsRequestId) logger.addContext(context);
  logger.appendKeys({ correlation_id: id });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service });
  try {
    return await scope.run({ logger, metrics, correlationId: id }, fn);
  } finally {
    if (metrics.hasStoredMetrics()) {
      metrics.addMetadata('correlationId', id);
      metrics.publishStoredMetrics();
    }
  }
}

/** A stream consumer's Lambda handler: each batch one invocation, correlated by the Lambda request id. */
export function streamHandler<E, R>(service: string, process: (event: E) => Promise<R>): (event: E, context?: Context) => Promise<R> {
  return (event, context) => withInvocation(service, context?.awsRequestId || randomUUID(), context, () => process(event));
}
