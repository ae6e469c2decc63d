// Everything that can be replaced by redeploying: the functions, the HTTP API, the stream
// wiring, the dead-letter queue and the alarms. The table comes from TongbaoStatefulStack.

import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod, LogGroupLogDestination, type ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { HTTP_ROUTES, type HttpFunctionName } from '../shared/http-routes';
import { METRICS, METRICS_NAMESPACE, type MetricName } from '../shared/observability';
import { findProvince, PROVINCES } from '../shared/province';
import { EXPORT_JOB_PK, HISTORY_PK_PREFIX, keys, PK_PATTERNS } from '../shared/store/keys';
import { TongbaoFunction } from './tongbao-function';
import { EXPORT_V8_FLAGS } from './v8-flags';

/**
 * Default-stage throttle of the HTTP API (requests per second, steady and burst).
 * The heaviest real load is quarter-end: a few hundred bases filing in the last hours before
 * dueAt, each form a handful of requests — tens of requests per second at most. 200/s steady
 * with a 400 burst leaves several times that headroom, while capping what one runaway or
 * abusive client can push into Lambda concurrency (and the account's shared concurrency
 * limit) and into on-demand DynamoDB cost. Clients beyond it get 429, not 5xx.
 */
export const API_THROTTLE: ThrottleSettings = { rateLimit: 200, burstLimit: 400 };

/**
 * Tighter limits on the heavy routes (route key → per-second rate and burst). A bulletin reads
 * every filing of a period or two (≈ 1,650 read units and a few seconds of a 1.5 GB function for
 * 1,000 bases): a handful of people export at once, and one looping client must not take the
 * account's Lambda concurrency from the filings. An Excel template is one filing.
 */
export const ROUTE_THROTTLES: Record<string, ThrottleSettings> = {
  'ANY /api/bulletins/{file}': { rateLimit: 2, burstLimit: 5 },
  'ANY /api/carriers/{carrierId}/assessments/{file}': { rateLimit: 2, burstLimit: 5 },
  'ANY /api/periods/{period}/completeness.xlsx': { rateLimit: 2, burstLimit: 5 },
  'ANY /api/exports/table.xlsx': { rateLimit: 5, burstLimit: 10 },
  'ANY /api/bases/import': { rateLimit: 2, burstLimit: 5 },
  'ANY /api/platforms/import': { rateLimit: 2, burstLimit: 5 },
  'ANY /api/carriers/import': { rateLimit: 2, burstLimit: 5 },
  'ANY /api/bases/{baseId}/filings/{period}/template.xlsx': { rateLimit: 20, burstLimit: 40 },
  'ANY /api/bases/{baseId}/filings/{period}/template': { rateLimit: 20, burstLimit: 40 },
  'ANY /api/platforms/{platformId}/filings/{period}/template.xlsx': { rateLimit: 20, burstLimit: 40 },
  'ANY /api/platforms/{platformId}/filings/{period}/template': { rateLimit: 20, burstLimit: 40 },
};

/**
 * Stream consumers' timeout. The aggregator may retry a conflicted transaction with backoff (up
 * to ≈ 9 s in all) on top of several transactions per 500-record batch; a timeout counts as an
 * error and splits the batch, so there must be room.
 */
export const STREAM_CONSUMER_TIMEOUT = Duration.seconds(60);

/** The aggregator's stream-consumption settings (see the comment at the event source). */
export const AGGREGATOR_STREAM = {
  batchSize: 500,
  maxBatchingWindow: Duration.seconds(2),
  retryAttempts: 10,
  maxRecordAge: Duration.hours(24),
  parallelizationFactor: 1,
} as const;

/** Alarm when the aggregator lags the table by more than this (IteratorAge, ms). */
export const ITERATOR_AGE_ALARM_MS = 60_000;

/** The export function's stream source (export jobs): retries of a failed build before the record is dropped. */
export const EXPORT_JOB_STREAM = { retryAttempts: 3 } as const;

/** Alarm when a batch's aggregates were committed this long after its oldest record (AggregationLag, ms). */
export const AGGREGATION_LAG_ALARM_MS = 120_000;

/** Namespace of the metrics counted from log lines (metric filters), beside the EMF metrics' own. */
export const LOG_METRICS_NAMESPACE = 'Tongbao/Logs';

/** A 64-hex SHA-256, normalised to lowercase (what shared/config.ts accepts). */
export function normaliseAdminTokenSha256(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const value = String(raw).trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(value)) {
    throw new Error('adminTokenSha256 / ADMIN_TOKEN_SHA256 must be the SHA-256 of the admin token as 64 hex characters');
  }
  return value;
}

/** A province's name for PROVINCE (shared/config.ts), or undefined (the functions' default, 湖南省). */
export function normaliseProvince(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || String(raw).trim() === '') return undefined;
  const p = findProvince(String(raw));
  if (!p)
    throw new Error(`province / PROVINCE must name a known province, got "${String(raw)}"; known: ${PROVINCES.map((k) => `${k.name} (${k.id})`).join(', ')}`);
  return p.name;
}

export interface TongbaoStatelessStackProps extends StackProps {
  /** The table (with its stream) from TongbaoStatefulStack. */
  readonly table: dynamodb.ITable;
  /** The bucket of asynchronous exports from TongbaoStatefulStack (the export function's only). */
  readonly exportBucket: s3.IBucket;
  /**
   * SHA-256 (hex) of the admin token, passed to the API and export functions as
   * ADMIN_TOKEN_SHA256. Without it no admin can sign in (the functions still deploy).
   */
  readonly adminTokenSha256?: string;
  /** The province served (PROVINCE for the API, export and template functions); default 湖南省. */
  readonly province?: string;
  /**
   * Handler files used instead of functions/api.ts, aggregate-stream.ts, export-bulletin.ts,
   * record-history.ts, filing-template.ts (absolute paths inside the repository; tests).
   */
  readonly entries?: { api?: string; aggregator?: string; exporter?: string; history?: string; template?: string };
  /** An address subscribed to the alarm topic (context alarmEmail). */
  readonly alarmEmail?: string;
}

export class TongbaoStatelessStack extends Stack {
  readonly apiFunction: TongbaoFunction;
  readonly exportFunction: TongbaoFunction;
  readonly templateFunction: TongbaoFunction;
  readonly aggregatorFunction: TongbaoFunction;
  readonly httpApi: HttpApi;
  readonly aggregatorDlq: sqs.Queue;
  readonly historyFunction: TongbaoFunction;
  readonly historyDlq: sqs.Queue;
  readonly alarmTopic: sns.Topic;
  readonly apiUrl: string;
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: TongbaoStatelessStackProps) {
    super(scope, id, props);
    const { table } = props;
    const adminTokenSha256 = normaliseAdminTokenSha256(props.adminTokenSha256);
    const province = normaliseProvince(props.province);
    const authEnv: Record<string, string> = {
      ...(adminTokenSha256 ? { ADMIN_TOKEN_SHA256: adminTokenSha256 } : {}),
      ...(province ? { PROVINCE: province } : {}),
    };

    // Least privilege on the table: the item operations each function's code performs, and writes
    // only to the partitions it owns. (TransactWriteItems is authorised as its PutItems.)
    const READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
    const grantItems = (fn: lambda.IFunction, opts: { read: boolean; write?: { actions: string[]; partitions: string[] } }) => {
      if (opts.read) fn.addToRolePolicy(new iam.PolicyStatement({ actions: READ, resources: [table.tableArn] }));
      if (opts.write)
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: opts.write.actions,
            resources: [table.tableArn],
            conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': opts.write.partitions } },
          }),
        );
    };
    const P = PK_PATTERNS;

    // ---- functions --------------------------------------------------------------------------
    this.apiFunction = new TongbaoFunction(this, 'ApiFunction', {
      source: 'api.ts',
      entry: props.entries?.api,
      table,
      description: 'Tongbao HTTP API and web pages',
      environment: authEnv,
      webAssets: true,
    });
    // Filings, registries (bases, platforms, county-level units, build plans), tokens, accounts, schedules
    // and their audit entries; never history or aggregates. (Registry writes are audited, so they
    // go through TransactWriteItems, authorised as their PutItems.)
    grantItems(this.apiFunction, {
      read: true,
      write: { actions: ['dynamodb:PutItem'], partitions: [P.filing, P.registry, P.division, P.plan, P.token, P.account, P.period, P.audit] },
    });

    // Builds the bulletin workbook (exceljs, every filing of a period or two): more memory
    // (and with it CPU) and a longer timeout. Read-only: an export never writes.
    this.exportFunction = new TongbaoFunction(this, 'ExportFunction', {
      source: 'export-bulletin.ts',
      entry: props.entries?.exporter,
      table,
      description: 'Tongbao bulletin workbook export',
      memorySize: 1536,
      timeout: Duration.seconds(60),
      v8Flags: EXPORT_V8_FLAGS,
      environment: { ...authEnv, EXPORT_BUCKET: props.exportBucket.bucketName },
    });
    // It reads the table; its only writes are the export jobs' state (queued → running → done).
    grantItems(this.exportFunction, { read: true, write: { actions: ['dynamodb:PutItem'], partitions: [PK_PATTERNS.exportJob] } });
    // The asynchronous exports (README "National deployment"): it writes the file and presigns
    // the link (a presigned GET carries the signer's rights: s3:GetObject). No other function
    // touches the bucket.
    props.exportBucket.grantPut(this.exportFunction, 'exports/*');
    props.exportBucket.grantRead(this.exportFunction, 'exports/*');
    // A new job's INSERT on the table's stream starts its build (chosen over an asynchronous
    // invoke: the job item is the queue — redelivered until built, no lambda:InvokeFunction for
    // the API, and the local stream reader runs the same path). Only INSERTs of EXPORTJOB items,
    // one at a time; a build failing 3 times is marked failed by the code, so no queue is needed.
    this.exportFunction.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 1,
        retryAttempts: EXPORT_JOB_STREAM.retryAttempts,
        maxRecordAge: Duration.hours(1),
        reportBatchItemFailures: true,
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { Keys: { pk: { S: lambda.FilterRule.isEqual(EXPORT_JOB_PK) } } },
          }),
        ],
      }),
    );

    // The Excel template of one filing: download (reads) and upload (writes the filing as the
    // API does). Its own function so exceljs stays out of the API's bundle; 1 GB for the CPU
    // that loading exceljs and reading a workbook want.
    this.templateFunction = new TongbaoFunction(this, 'TemplateFunction', {
      source: 'filing-template.ts',
      entry: props.entries?.template,
      table,
      description: 'Tongbao Excel template of a filing: download and upload',
      memorySize: 1024,
      timeout: Duration.seconds(20),
      environment: authEnv,
    });
    // The registry import (issue 19) upserts entities with their audit entries, as the API does,
    // and keeps its job and undo records (IMPORT); rolling back a failed import restores prior
    // images, deletes items that were new, their audit entries and the undo records.
    grantItems(this.templateFunction, { read: true, write: { actions: ['dynamodb:PutItem'], partitions: [P.filing, P.registry, P.audit, P.import] } });
    grantItems(this.templateFunction, { read: false, write: { actions: ['dynamodb:DeleteItem'], partitions: [P.registry, P.audit, P.import] } });

    this.aggregatorFunction = new TongbaoFunction(this, 'AggregatorFunction', {
      source: 'aggregate-stream.ts',
      entry: props.entries?.aggregator,
      table,
      description: 'Tongbao stream aggregator: filings and registry changes -> aggregate items',
      timeout: STREAM_CONSUMER_TIMEOUT,
    });
    // Rollups and aggregate items, in transactions.
    grantItems(this.aggregatorFunction, { read: true, write: { actions: ['dynamodb:PutItem'], partitions: [P.rollup, P.aggregate] } });

    this.historyFunction = new TongbaoFunction(this, 'HistoryFunction', {
      source: 'record-history.ts',
      entry: props.entries?.history,
      table,
      description: 'Tongbao history writer: version records of filing writes -> immutable history and audit',
      timeout: STREAM_CONSUMER_TIMEOUT,
    });
    // It only writes (BatchWriteItem of version and audit records) and reads nothing. IAM cannot
    // split BatchWriteItem's puts from its deletes; the partitions it may touch are its own.
    grantItems(this.historyFunction, { read: false, write: { actions: ['dynamodb:BatchWriteItem'], partitions: [P.history, P.audit] } });

    // ---- stream consumers ---------------------------------------------------------------------
    // Two consumers of the table's stream (DynamoDB Streams serves two readers per shard
    // without throttling): the aggregator and the history writer.
    const consume = (fn: lambda.Function, dlqId: string, pk: Record<string, unknown>[]): sqs.Queue => {
      const dlq = new sqs.Queue(this, dlqId, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      fn.addEventSource(
        new DynamoEventSource(table, {
          startingPosition: lambda.StartingPosition.TRIM_HORIZON,
          // Large batches: the aggregator merges a batch into one update per aggregate item, so
          // quarter-end bursts cost few writes; the 2 s window lets batches fill.
          batchSize: AGGREGATOR_STREAM.batchSize,
          maxBatchingWindow: AGGREGATOR_STREAM.maxBatchingWindow,
          // A poison record is isolated by halving the batch, and only the failed records
          // (and those after them in the shard) are retried.
          bisectBatchOnError: true,
          reportBatchItemFailures: true,
          retryAttempts: AGGREGATOR_STREAM.retryAttempts,
          maxRecordAge: AGGREGATOR_STREAM.maxRecordAge,
          // One concurrent batch per shard: records of one key are applied in order.
          parallelizationFactor: AGGREGATOR_STREAM.parallelizationFactor,
          // What gave up after the retries: shard/sequence-number ranges for replay or
          // reconciliation (the records themselves stay in the stream for 24 h).
          onFailure: new SqsDlq(dlq),
          filters: [lambda.FilterCriteria.filter({ dynamodb: { Keys: { pk: { S: pk } } } })],
        }),
      );
      return dlq;
    };
    // Only filings and registry changes matter to the aggregator. This also keeps its own
    // writes (AGG, ROLLUP#, ...) from invoking it again.
    this.aggregatorDlq = consume(this.aggregatorFunction, 'AggregatorDlq', [
      ...lambda.FilterRule.beginsWith(keys.filingPk('')),
      ...lambda.FilterRule.isEqual(keys.registryPk),
    ]);
    this.historyDlq = consume(this.historyFunction, 'HistoryDlq', [...lambda.FilterRule.beginsWith(HISTORY_PK_PREFIX)]);

    // ---- HTTP API ---------------------------------------------------------------------------
    // The default stage is declared explicitly: HttpApi's auto-created stage takes no throttle.
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Tongbao filings and bulletins',
      createDefaultStage: false,
    });
    // Access log: who called what, when, with what status (no headers, so no tokens).
    const accessLog = new logs.LogGroup(this, 'HttpApiAccessLog', { retention: logs.RetentionDays.ONE_YEAR });
    const stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLog) },
    });

    // Note: an HTTP API waits at most 29 s for an integration, whatever the function's timeout.
    // An export slower than that reaches the client as 503 although the function (60 s) may
    // still finish; the 60 s covers direct invocations and leaves room for cold starts.
    const integrations: Record<HttpFunctionName, HttpLambdaIntegration> = {
      api: new HttpLambdaIntegration('ApiIntegration', this.apiFunction),
      export: new HttpLambdaIntegration('ExportIntegration', this.exportFunction),
      template: new HttpLambdaIntegration('TemplateIntegration', this.templateFunction),
    };
    // shared/http-routes.ts: the same list routes `npm start`.
    const cfnStage = stage.node.defaultChild as CfnStage;
    for (const r of HTTP_ROUTES) {
      const key = `${r.method} ${r.path}`;
      const [route] = this.httpApi.addRoutes({
        path: r.path,
        methods: [r.method === 'ANY' ? HttpMethod.ANY : HttpMethod.GET],
        integration: integrations[r.fn],
      });
      // A route's own throttle (RouteSettings is raw JSON: CloudFormation's own PascalCase); the
      // stage must be deployed after the route it names.
      const t = ROUTE_THROTTLES[key];
      if (!t) continue;
      cfnStage.routeSettings = { ...(cfnStage.routeSettings as object), [key]: { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit } };
      cfnStage.node.addDependency(route!);
    }
    const unknown = Object.keys(ROUTE_THROTTLES).filter((k) => !HTTP_ROUTES.some((r) => `${r.method} ${r.path}` === k));
    if (unknown.length) throw new Error(`ROUTE_THROTTLES names no route: ${unknown.join(', ')}`);
    this.apiUrl = stage.url;

    // ---- alarms -----------------------------------------------------------------------------
    // Context alarmEmail subscribes one address (it must confirm); add others to the topic as needed.
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', { displayName: 'Tongbao alarms', enforceSSL: true });
    if (props.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const notify = new cwActions.SnsAction(this.alarmTopic);
    const alarm = (id: string, metric: cloudwatch.IMetric, threshold: number, description: string, evaluationPeriods = 1): cloudwatch.Alarm => {
      const a = new cloudwatch.Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods,
        datapointsToAlarm: evaluationPeriods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        // No datapoints = nothing happened (no invocations, no messages): not an alarm.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(notify);
      return a;
    };
    const oneMinute = Duration.minutes(1);
    const fiveMinutes = Duration.minutes(5);

    alarm(
      'AggregatorIteratorAgeAlarm',
      this.aggregatorFunction.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: oneMinute }),
      ITERATOR_AGE_ALARM_MS,
      'Aggregates lag filings by more than 60 s for 3 minutes (aggregator failing or too slow).',
      3,
    );
    alarm(
      'AggregatorDlqAlarm',
      // Messages sent, not messages waiting: every give-up notifies, not only the first one.
      this.aggregatorDlq.metricNumberOfMessagesSent({ statistic: cloudwatch.Stats.SUM, period: oneMinute }),
      0,
      'Stream records gave up after retries: aggregates are missing changes until reconciled.',
    );
    alarm(
      'HistoryIteratorAgeAlarm',
      this.historyFunction.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: oneMinute }),
      ITERATOR_AGE_ALARM_MS,
      'Filing versions wait more than 60 s for 3 minutes to be filed into the history.',
      3,
    );
    alarm(
      'HistoryDlqAlarm',
      this.historyDlq.metricNumberOfMessagesSent({ statistic: cloudwatch.Stats.SUM, period: oneMinute }),
      0,
      'Stream records gave up after retries: filing versions are missing from the history (replay within 24 h).',
    );
    alarm(
      'HttpApi5xxAlarm',
      this.httpApi.metricServerError({ statistic: cloudwatch.Stats.SUM, period: fiveMinutes }),
      0,
      'The HTTP API returned 5xx responses.',
    );
    const functions: Array<[string, lambda.Function]> = [
      ['Api', this.apiFunction],
      ['Export', this.exportFunction],
      ['Template', this.templateFunction],
      ['Aggregator', this.aggregatorFunction],
      ['History', this.historyFunction],
    ];
    for (const [name, fn] of functions) {
      alarm(`${name}ErrorsAlarm`, fn.metricErrors({ statistic: cloudwatch.Stats.SUM, period: fiveMinutes }), 0, `${name} function errors.`);
      alarm(`${name}ThrottlesAlarm`, fn.metricThrottles({ statistic: cloudwatch.Stats.SUM, period: fiveMinutes }), 0, `${name} function throttled.`);
    }
    alarm(
      'TableReadThrottleAlarm',
      table.metric('ReadThrottleEvents', { statistic: cloudwatch.Stats.SUM, period: fiveMinutes }),
      0,
      'DynamoDB read requests throttled.',
    );
    alarm(
      'TableWriteThrottleAlarm',
      table.metric('WriteThrottleEvents', { statistic: cloudwatch.Stats.SUM, period: fiveMinutes }),
      0,
      'DynamoDB write requests throttled.',
    );

    // ---- logs and metrics (README "Logs and metrics") -------------------------------------------
    // The functions' EMF lines become metrics in METRICS_NAMESPACE by themselves (service is the
    // one dimension). Metric filters count what only the log lines say: ERROR lines per function
    // (an unhandled error's stack, a malformed stream record, a failed aggregation).
    const emf = (name: MetricName, statistic: string, label?: string, service: string = METRICS[name].services[0]) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { service },
        statistic,
        period: fiveMinutes,
        ...(label ? { label } : {}),
      });
    /** One line per service that emits the metric. */
    const emfAll = (name: MetricName, statistic: string) =>
      METRICS[name].services.map((svc) => emf(name, statistic, `${name} (${svc.replace('tongbao-', '')})`, svc));
    const errorLogMetrics: cloudwatch.IMetric[] = [];
    for (const [name, fn] of functions) {
      const filter = fn.logGroup.addMetricFilter(`${name}ErrorLogFilter`, {
        filterPattern: logs.FilterPattern.stringValue('$.level', '=', 'ERROR'),
        metricNamespace: LOG_METRICS_NAMESPACE,
        metricName: `${name}ErrorLogs`,
        metricValue: '1',
        defaultValue: 0,
      });
      errorLogMetrics.push(filter.metric({ statistic: cloudwatch.Stats.SUM, period: fiveMinutes, label: name }));
      alarm(
        `${name}ErrorLogsAlarm`,
        filter.metric({ statistic: cloudwatch.Stats.SUM, period: fiveMinutes }),
        0,
        `${name} function logged errors (level ERROR): search its log group for the correlation_id of a failing request.`,
      );
    }
    alarm(
      'AggregationLagAlarm',
      emf('AggregationLag', cloudwatch.Stats.MAXIMUM),
      AGGREGATION_LAG_ALARM_MS,
      'Filings waited more than 2 minutes to count in the totals (AggregationLag).',
    );

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(24),
      widgets: [
        [
          new cloudwatch.TextWidget({
            markdown:
              '# Tongbao\nFilings, refusals, aggregation and exports (EMF metrics, namespace `Tongbao`), the HTTP API and the functions. ' +
              'A user quotes an `x-request-id`: search the log groups for it as `correlation_id`.',
            width: 24,
            height: 2,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Filings written and refused (per 5 min)',
            width: 12,
            left: [
              ...emfAll('FilingsWritten', cloudwatch.Stats.SUM),
              ...emfAll('ValidationFailures', cloudwatch.Stats.SUM),
              ...emfAll('VersionConflicts', cloudwatch.Stats.SUM),
            ],
          }),
          new cloudwatch.GraphWidget({
            title: 'HTTP API requests and errors',
            width: 12,
            left: [
              this.httpApi.metricCount({ period: fiveMinutes }),
              this.httpApi.metricClientError({ period: fiveMinutes }),
              this.httpApi.metricServerError({ period: fiveMinutes }),
            ],
            right: [this.httpApi.metricLatency({ statistic: 'p90', period: fiveMinutes })],
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Aggregation lag (ms): filing written → counted',
            width: 12,
            left: [emf('AggregationLag', 'p50', 'lag p50'), emf('AggregationLag', cloudwatch.Stats.MAXIMUM, 'lag max')],
            right: [this.aggregatorFunction.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: oneMinute, label: 'IteratorAge max' })],
            leftAnnotations: [{ value: AGGREGATION_LAG_ALARM_MS, label: 'alarm' }],
          }),
          new cloudwatch.GraphWidget({
            title: 'Aggregation batches and records',
            width: 12,
            left: [emf('AggregationBatches', cloudwatch.Stats.SUM), emf('AggregatedRecords', cloudwatch.Stats.SUM)],
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Export duration (ms)',
            width: 12,
            left: [emf('ExportDuration', 'p50', 'p50'), emf('ExportDuration', 'p90', 'p90'), emf('ExportDuration', cloudwatch.Stats.MAXIMUM, 'max')],
          }),
          new cloudwatch.GraphWidget({ title: 'ERROR log lines per function', width: 12, left: errorLogMetrics }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Function errors',
            width: 12,
            left: functions.map(([name, fn]) => fn.metricErrors({ statistic: cloudwatch.Stats.SUM, period: fiveMinutes, label: name })),
          }),
          new cloudwatch.GraphWidget({
            title: 'Dead letters and throttles',
            width: 12,
            left: [
              this.aggregatorDlq.metricNumberOfMessagesSent({ statistic: cloudwatch.Stats.SUM, period: fiveMinutes, label: 'aggregator DLQ' }),
              this.historyDlq.metricNumberOfMessagesSent({ statistic: cloudwatch.Stats.SUM, period: fiveMinutes, label: 'history DLQ' }),
              table.metric('ReadThrottleEvents', { statistic: cloudwatch.Stats.SUM, period: fiveMinutes }),
              table.metric('WriteThrottleEvents', { statistic: cloudwatch.Stats.SUM, period: fiveMinutes }),
            ],
          }),
        ],
      ],
    });

    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboardName, description: 'CloudWatch dashboard: filings, refusals, lag, exports' });
    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl, description: 'Tongbao HTTP API and web pages' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'Subscribe to receive alarms' });
    new CfnOutput(this, 'AggregatorDlqUrl', { value: this.aggregatorDlq.queueUrl });
    new CfnOutput(this, 'HistoryDlqUrl', { value: this.historyDlq.queueUrl });
  }
}
