// The production CDK stacks, asserted on their synthesized CloudFormation. Synthesis bundles the
// functions with the local esbuild (no Docker, no network, no AWS credentials).
//
// The real handlers (functions/api.ts, aggregate-stream.ts, export-bulletin.ts,
// record-history.ts, filing-template.ts) are used when they exist; a missing one is replaced by a minimal stub handler written to a temporary
// directory under .build/ (NodejsFunction bundles from the repository root, so entries must lie
// inside it) and removed afterwards.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decode } from '@jridgewell/sourcemap-codec';
import type { CfnResource } from 'aws-cdk-lib';
import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, cdkBundlingOptions, ESM_REQUIRE_BANNER, esbuildOptions } from '../../infra/bundling';
import { TongbaoStatefulStack } from '../../infra/stateful-stack';
import {
  AGGREGATION_LAG_ALARM_MS,
  API_THROTTLE,
  LOG_METRICS_NAMESPACE,
  normaliseAdminTokenSha256,
  ROUTE_THROTTLES,
  TongbaoStatelessStack,
} from '../../infra/stateless-stack';
import { FUNCTIONS_DIR, REPO_ROOT } from '../../infra/tongbao-function';
import { isOurSource } from '../../infra/trim-source-map';
import { METRICS, METRICS_NAMESPACE } from '../../shared/observability';

const ADMIN_HASH = 'ab'.repeat(32);
const HANDLERS = {
  api: 'api.ts',
  aggregator: 'aggregate-stream.ts',
  exporter: 'export-bulletin.ts',
  history: 'record-history.ts',
  template: 'filing-template.ts',
} as const;
type Role = keyof typeof HANDLERS;

// biome-ignore lint/suspicious/noExplicitAny: the synthesized CloudFormation template is untyped JSON the tests walk
type Json = Record<string, any>;

let tmpEntries: string | undefined;
let outdir: string;
let app: App;
let statefulStack: TongbaoStatefulStack;
let statelessStack: TongbaoStatelessStack;
let noAdminStack: TongbaoStatelessStack;
let stateful: Template;
let stateless: Template;
let synthMs = 0;

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnResource);
}

function cdkContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;
}

beforeAll(() => {
  mkdirSync(path.join(REPO_ROOT, '.build'), { recursive: true });
  tmpEntries = mkdtempSync(path.join(REPO_ROOT, '.build', 'infra-test-entries-'));
  const stubs: Record<Role, string> = { api: '', aggregator: '', exporter: '', history: '', template: '' };
  const entries: Partial<Record<Role, string>> = {};
  for (const [role, file] of Object.entries(HANDLERS) as Array<[Role, string]>) {
    stubs[role] = path.join(tmpEntries, file);
    writeFileSync(stubs[role], `export const handler = async (event: unknown) => ({ statusCode: 200, body: JSON.stringify({ ${role}: true, event }) });\n`);
    if (!existsSync(path.join(FUNCTIONS_DIR, file))) entries[role] = stubs[role];
  }
  outdir = mkdtempSync(path.join(os.tmpdir(), 'tongbao-cdk-'));
  const started = performance.now();
  app = new App({ outdir, context: cdkContext() });
  statefulStack = new TongbaoStatefulStack(app, 'TongbaoStateful');
  statelessStack = new TongbaoStatelessStack(app, 'TongbaoStateless', {
    table: statefulStack.table,
    exportBucket: statefulStack.exportBucket,
    adminTokenSha256: ADMIN_HASH,
    entries,
    alarmEmail: 'ops@example.cn',
  });
  // Same app (one synthesis), stub handlers (cheap to bundle): deployed without an admin token hash.
  noAdminStack = new TongbaoStatelessStack(app, 'TongbaoStatelessNoAdmin', {
    table: statefulStack.table,
    exportBucket: statefulStack.exportBucket,
    entries: stubs,
  });
  stateful = Template.fromStack(statefulStack);
  stateless = Template.fromStack(statelessStack);
  synthMs = performance.now() - started;
});

afterAll(() => {
  if (tmpEntries) rmSync(tmpEntries, { recursive: true, force: true });
  if (outdir) rmSync(outdir, { recursive: true, force: true });
  console.log(`infra synth (incl. esbuild bundling): ${Math.round(synthMs)} ms`);
});

// ---- helpers over the synthesized template --------------------------------------------------

function resource(t: Template, id: string): Json {
  const r = t.toJSON().Resources[id] as Json | undefined;
  if (!r) throw new Error(`no resource ${id}`);
  return r;
}

function fnIds() {
  return {
    api: logicalId(statelessStack, statelessStack.apiFunction),
    exporter: logicalId(statelessStack, statelessStack.exportFunction),
    aggregator: logicalId(statelessStack, statelessStack.aggregatorFunction),
    history: logicalId(statelessStack, statelessStack.historyFunction),
    template: logicalId(statelessStack, statelessStack.templateFunction),
  };
}

/** Every IAM statement attached (inline policies) to the role of the function with this logical id. */
function statementsOfFunction(fnId: string): Json[] {
  const roleRef = resource(stateless, fnId).Properties.Role['Fn::GetAtt'][0] as string;
  const policies = Object.values(stateless.findResources('AWS::IAM::Policy')) as Json[];
  return policies.filter((p) => (p.Properties.Roles as Json[]).some((r) => r.Ref === roleRef)).flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
}

const actionsOf = (s: Json): string[] => [s.Action].flat();
const resourcesOf = (s: Json): unknown[] => [s.Resource].flat();

function alarmsOn(metricName: string): Json[] {
  return (Object.values(stateless.findResources('AWS::CloudWatch::Alarm')) as Json[]).filter((a) => a.Properties.MetricName === metricName);
}

// ---- tests ------------------------------------------------------------------------------------

describe('cdk.json', () => {
  it('runs infra/app.ts with tsx and writes cdk.out', () => {
    const cfg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as Json;
    expect(cfg.app).toBe('npx tsx infra/app.ts');
    expect(cfg.output).toBe('cdk.out');
  });
});

describe('bundling options', () => {
  it('npm run build (esbuild) and TongbaoFunction (cdk) bundle with the same settings', () => {
    const e = esbuildOptions('functions/x.ts', '.build/x/index.mjs');
    const c = cdkBundlingOptions;
    expect({
      minify: e.minify,
      sourcemap: e.sourcemap,
      sourcesContent: e.sourcesContent,
      target: e.target,
      format: e.format,
      banner: e.banner?.js,
      mainFields: e.mainFields,
      external: e.external,
      charset: e.charset,
      logLevel: e.logLevel,
    }).toEqual({
      minify: c.minify,
      sourcemap: c.sourceMap,
      sourcesContent: c.sourcesContent,
      target: c.target,
      format: c.format,
      banner: c.banner,
      mainFields: c.mainFields,
      external: c.externalModules,
      charset: c.charset,
      logLevel: c.logLevel,
    });
    expect(e).toMatchObject({ bundle: true, platform: 'node', target: 'node22', format: 'esm', minify: true, sourcemap: true, mainFields: ['module', 'main'] });
    expect(c.forceDockerBundling).toBe(false);
    // GET /api/health names what runs: the version and commit are constants of the bundle.
    expect(e.define).toEqual(c.define);
    expect(JSON.parse(e.define!.__TONGBAO_COMMIT__!)).toBe(execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim());
    expect(JSON.parse(e.define!.__TONGBAO_VERSION__!)).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
    expect(path.basename(e.outfile!)).toBe(BUNDLE_FILE);
  });
});

describe('admin token hash', () => {
  it('accepts 64 hex characters (normalised to lowercase), absent means none', () => {
    expect(normaliseAdminTokenSha256('AB'.repeat(32))).toBe('ab'.repeat(32));
    expect(normaliseAdminTokenSha256(undefined)).toBeUndefined();
    expect(normaliseAdminTokenSha256('')).toBeUndefined();
  });
  it('rejects anything else instead of deploying an API nobody can administer', () => {
    expect(() => normaliseAdminTokenSha256('secret-token')).toThrow(/64 hex/);
    expect(() => normaliseAdminTokenSha256('a'.repeat(63))).toThrow(/64 hex/);
  });
});

describe('TongbaoStateful', () => {
  it('has exactly one table: pk/sk strings, on-demand, NEW_AND_OLD_IMAGES stream, PITR, deletion protection', () => {
    stateful.resourceCountIs('AWS::DynamoDB::Table', 1);
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayEquals([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it('retains the table when removed from the stack or replaced', () => {
    stateful.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('holds nothing but the table and the export bucket (with its TLS-only policy)', () => {
    const types = new Set(Object.values(stateful.toJSON().Resources as Json).map((r: Json) => r.Type));
    expect([...types].filter((t) => t !== 'AWS::CDK::Metadata').sort()).toEqual(['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy']);
  });

  it('keeps exports in a private, encrypted, retained bucket whose lifecycle rule expires them', () => {
    stateful.resourceCountIs('AWS::S3::Bucket', 1);
    stateful.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ Status: 'Enabled', Prefix: 'exports/', ExpirationInDays: 7 })] },
    });
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('TongbaoStateless: functions', () => {
  it('has the five functions, all nodejs22.x on arm64 with source maps, TABLE_NAME, no tracing', () => {
    stateless.resourceCountIs('AWS::Lambda::Function', 5);
    for (const id of Object.values(fnIds())) {
      const p = resource(stateless, id).Properties as Json;
      expect(p.Runtime).toBe('nodejs22.x');
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.Handler).toBe('index.handler');
      // The export function also gets a larger young generation (infra/v8-flags.ts).
      expect(p.Environment.Variables.NODE_OPTIONS).toBe(id === fnIds().exporter ? '--enable-source-maps --max-semi-space-size=64' : '--enable-source-maps');
      expect(p.Environment.Variables.TABLE_NAME).toBeDefined();
      expect(p.TracingConfig?.Mode ?? 'PassThrough').toBe('PassThrough');
    }
  });

  it('sizes: API 512 MB / 10 s, stream consumers 512 MB / 60 s, export 1536 MB / 60 s, template 1024 MB / 20 s', () => {
    const ids = fnIds();
    const props = (id: string) => resource(stateless, id).Properties as Json;
    expect([props(ids.api).MemorySize, props(ids.api).Timeout]).toEqual([512, 10]);
    expect([props(ids.aggregator).MemorySize, props(ids.aggregator).Timeout]).toEqual([512, 60]);
    expect([props(ids.history).MemorySize, props(ids.history).Timeout]).toEqual([512, 60]);
    expect([props(ids.exporter).MemorySize, props(ids.exporter).Timeout]).toEqual([1536, 60]);
    expect([props(ids.template).MemorySize, props(ids.template).Timeout]).toEqual([1024, 20]);
  });

  it('passes the admin token hash to the HTTP functions only (API, export, template)', () => {
    const ids = fnIds();
    const env = (id: string) => (resource(stateless, id).Properties as Json).Environment.Variables as Json;
    expect(env(ids.api).ADMIN_TOKEN_SHA256).toBe(ADMIN_HASH);
    expect(env(ids.exporter).ADMIN_TOKEN_SHA256).toBe(ADMIN_HASH);
    expect(env(ids.template).ADMIN_TOKEN_SHA256).toBe(ADMIN_HASH);
    expect(env(ids.aggregator).ADMIN_TOKEN_SHA256).toBeUndefined();
    expect(env(ids.history).ADMIN_TOKEN_SHA256).toBeUndefined();
  });

  it('synthesizes without an admin token hash (the variable is simply absent)', () => {
    const t = Template.fromStack(noAdminStack);
    const fns = Object.values(t.findResources('AWS::Lambda::Function')) as Json[];
    expect(fns).toHaveLength(5);
    for (const fn of fns) expect(fn.Properties.Environment.Variables.ADMIN_TOKEN_SHA256).toBeUndefined();
  });

  it('gives each function its own explicitly created log group with 3-month retention', () => {
    const all = stateless.findResources('AWS::Logs::LogGroup');
    const used = Object.values(fnIds()).map((id) => (resource(stateless, id).Properties as Json).LoggingConfig?.LogGroup?.Ref as string);
    expect(new Set(used).size).toBe(5);
    for (const id of used) expect((all[id] as Json).Properties.RetentionInDays).toBe(90);
    // The one other log group is the HTTP API's access log.
    expect(Object.keys(all).filter((id) => !used.includes(id))).toHaveLength(1);
  });

  it('bundles each function as one ESM file with the createRequire banner and a source map', () => {
    const manifestDir = app.outdir;
    for (const id of Object.values(fnIds())) {
      const key = (resource(stateless, id).Properties as Json).Code.S3Key as string;
      const assetDir = path.join(manifestDir, `asset.${key.replace(/\.zip$/, '')}`);
      const code = readFileSync(path.join(assetDir, BUNDLE_FILE), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      expect(existsSync(path.join(assetDir, `${BUNDLE_FILE}.map`))).toBe(true);
      // Trimmed by the bundling hook (infra/trim-source-map.ts): about one mapping per library module.
      const map = JSON.parse(readFileSync(path.join(assetDir, `${BUNDLE_FILE}.map`), 'utf8')) as { sources: string[]; mappings: string };
      const librarySources = map.sources.filter((src) => !isOurSource(src)).length;
      const librarySegments = decode(map.mappings)
        .flat()
        .filter((seg) => seg.length > 1 && !isOurSource(map.sources[seg[1]!]!)).length;
      expect(librarySegments).toBeLessThan(2 * librarySources + 10);
    }
    // The API's own code keeps its mappings.
    const apiKey = (resource(stateless, fnIds().api).Properties as Json).Code.S3Key as string;
    const apiMap = JSON.parse(readFileSync(path.join(manifestDir, `asset.${apiKey.replace(/\.zip$/, '')}`, `${BUNDLE_FILE}.map`), 'utf8')) as {
      sources: string[];
    };
    for (const file of ['/functions/api.ts', '/shared/use-cases/submit-filing.ts'])
      expect(apiMap.sources.filter(isOurSource).some((src) => src.endsWith(file))).toBe(true);
  });

  it('keeps exceljs out of the API and export functions: only the template function (reading uploads) carries it', () => {
    const codeOf = (id: string) => {
      const key = (resource(stateless, id).Properties as Json).Code.S3Key as string;
      return readFileSync(path.join(app.outdir, `asset.${key.replace(/\.zip$/, '')}`, BUNDLE_FILE), 'utf8');
    };
    // An attribute only exceljs's row writer emits (shared/bulletin/xlsx.ts, which writes the
    // bulletins and tables, does not).
    const EXCELJS_MARK = 'x14ac:dyDescent';
    const ids = fnIds();
    const carries = Object.fromEntries(Object.entries(ids).map(([role, id]) => [role, codeOf(id).includes(EXCELJS_MARK)]));
    expect(carries).toEqual({ api: false, exporter: false, template: true, aggregator: false, history: false });
  });
});

describe('TongbaoStateless: HTTP API', () => {
  function routeTargets(): Record<string, string> {
    const integrations = stateless.findResources('AWS::ApiGatewayV2::Integration') as Record<string, Json>;
    const fnOfIntegration = (integrationId: string) => (integrations[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'] as string[])[0]!;
    const out: Record<string, string> = {};
    for (const r of Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')) as Json[]) {
      const target = r.Properties.Target['Fn::Join'][1] as Json[];
      const integrationId = target.find((x) => typeof x === 'object' && x.Ref)!.Ref as string;
      out[r.Properties.RouteKey as string] = fnOfIntegration(integrationId);
    }
    return out;
  }

  it("is an HTTP API with nineteen routes: pages and /api to the API function, bulletins, carriers' self-assessments, the 催报 workbook, list exports and the national bulletin's jobs to the export function, the Excel templates (bases, platforms) and the registry imports with their templates to their own", () => {
    stateless.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    const ids = fnIds();
    expect(routeTargets()).toEqual({
      'ANY /api/{proxy+}': ids.api,
      'GET /': ids.api,
      'GET /{proxy+}': ids.api,
      'ANY /api/bulletins/{file}': ids.exporter,
      'ANY /api/carriers/{carrierId}/assessments/{file}': ids.exporter,
      'ANY /api/periods/{period}/completeness.xlsx': ids.exporter,
      'ANY /api/exports/table.xlsx': ids.exporter,
      'ANY /api/exports/national-bulletins': ids.exporter,
      'ANY /api/exports/national-bulletins/{jobId}': ids.exporter,
      'ANY /api/bases/import': ids.template,
      'ANY /api/bases/import/template.xlsx': ids.template,
      'ANY /api/platforms/import': ids.template,
      'ANY /api/platforms/import/template.xlsx': ids.template,
      'ANY /api/carriers/import': ids.template,
      'ANY /api/carriers/import/template.xlsx': ids.template,
      'ANY /api/bases/{baseId}/filings/{period}/template.xlsx': ids.template,
      'ANY /api/bases/{baseId}/filings/{period}/template': ids.template,
      'ANY /api/platforms/{platformId}/filings/{period}/template.xlsx': ids.template,
      'ANY /api/platforms/{platformId}/filings/{period}/template': ids.template,
    });
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
  });

  it('throttles the $default stage (one constant)', () => {
    expect(API_THROTTLE).toEqual({ rateLimit: 200, burstLimit: 400 });
    stateless.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
    });
  });

  it('throttles the heavy routes harder, after those routes exist, and keeps an access log', () => {
    const [id, stage] = Object.entries(stateless.findResources('AWS::ApiGatewayV2::Stage'))[0] as [string, Json];
    expect(stage.Properties.RouteSettings).toEqual({
      'ANY /api/bulletins/{file}': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
      'ANY /api/carriers/{carrierId}/assessments/{file}': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
      'ANY /api/periods/{period}/completeness.xlsx': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
      'ANY /api/exports/table.xlsx': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
      'ANY /api/bases/import': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
      'ANY /api/platforms/import': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
      'ANY /api/carriers/import': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 5 },
      'ANY /api/bases/{baseId}/filings/{period}/template.xlsx': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      'ANY /api/bases/{baseId}/filings/{period}/template': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      'ANY /api/platforms/{platformId}/filings/{period}/template.xlsx': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      'ANY /api/platforms/{platformId}/filings/{period}/template': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    const routes = stateless.findResources('AWS::ApiGatewayV2::Route') as Record<string, Json>;
    for (const key of Object.keys(ROUTE_THROTTLES)) {
      const routeId = Object.keys(routes).find((r) => routes[r]!.Properties.RouteKey === key)!;
      expect([stage.DependsOn].flat(), key).toContain(routeId);
    }
    expect(id).toBeTruthy();
    const logId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0] as string;
    expect((stateless.findResources('AWS::Logs::LogGroup')[logId] as Json).Properties.RetentionInDays).toBe(365);
    expect(JSON.stringify(stage.Properties.AccessLogSettings.Format)).not.toMatch(/authorization/i);
  });

  it('subscribes the alarmEmail address to the alarm topic, when one is given', () => {
    stateless.resourceCountIs('AWS::SNS::Subscription', 1);
    stateless.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.cn' });
    Template.fromStack(noAdminStack).resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('lets API Gateway invoke the three HTTP functions, nothing else', () => {
    const ids = fnIds();
    const perms = (Object.values(stateless.findResources('AWS::Lambda::Permission')) as Json[]).filter(
      (p) => p.Properties.Principal === 'apigateway.amazonaws.com',
    );
    const targets = new Set(perms.map((p) => p.Properties.FunctionName['Fn::GetAtt'][0] as string));
    expect(targets).toEqual(new Set([ids.api, ids.exporter, ids.template]));
  });

  it('outputs the API URL', () => {
    stateless.hasOutput('ApiUrl', {});
  });
});

describe('TongbaoStateless: stream aggregation', () => {
  it.each([
    ['aggregator', () => statelessStack.aggregatorDlq],
    ['history', () => statelessStack.historyDlq],
  ] as const)('maps the table stream to the %s with the batching, retry and ordering settings', (role, dlq) => {
    // Three mappings: the aggregator, the history writer, and the export function's export jobs.
    stateless.resourceCountIs('AWS::Lambda::EventSourceMapping', 3);
    const dlqId = logicalId(statelessStack, dlq());
    stateless.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnIds()[role] },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 500,
      MaximumBatchingWindowInSeconds: 2,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 10,
      MaximumRecordAgeInSeconds: 86_400,
      ParallelizationFactor: 1,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
  });

  const mappingOf = (role: 'aggregator' | 'history') =>
    (Object.values(stateless.findResources('AWS::Lambda::EventSourceMapping')) as Json[]).find((m) => m.Properties.FunctionName.Ref === fnIds()[role])!;

  it('reads the stream of the stateful table', () => {
    for (const role of ['aggregator', 'history'] as const)
      expect(JSON.stringify(mappingOf(role).Properties.EventSourceArn)).toMatch(/^\{"Fn::ImportValue":"TongbaoStateful:.*Table.*StreamArn/);
  });

  it('filters to filing and registry records (so its own AGG/ROLLUP writes never re-invoke it)', () => {
    const filters = mappingOf('aggregator').Properties.FilterCriteria.Filters as Array<{ Pattern: string }>;
    expect(filters).toHaveLength(1);
    expect(JSON.parse(filters[0]!.Pattern)).toEqual({ dynamodb: { Keys: { pk: { S: [{ prefix: 'FILING#' }, 'REGISTRY'] } } } });
  });

  it('feeds the history writer filing records only (its own HIST/AUDIT writes never re-invoke it)', () => {
    const filters = mappingOf('history').Properties.FilterCriteria.Filters as Array<{ Pattern: string }>;
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([{ dynamodb: { Keys: { pk: { S: [{ prefix: 'FILING#' }] } } } }]);
  });

  it('sends give-ups to encrypted queues that keep them 14 days, one per consumer', () => {
    stateless.resourceCountIs('AWS::SQS::Queue', 2);
    for (const q of Object.values(stateless.findResources('AWS::SQS::Queue')) as Json[])
      expect(q.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 1_209_600 });
    for (const [role, dlq] of [
      ['aggregator', statelessStack.aggregatorDlq],
      ['history', statelessStack.historyDlq],
    ] as const) {
      const dlqArn = { 'Fn::GetAtt': [logicalId(statelessStack, dlq), 'Arn'] };
      const sends = statementsOfFunction(fnIds()[role]).filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:Send')));
      expect(sends.map((s) => s.Resource)).toEqual([dlqArn]);
    }
  });
});

describe('TongbaoStateless: alarms', () => {
  it('watches stream lag of both consumers: IteratorAge maximum above 60 s', () => {
    const alarms = alarmsOn('IteratorAge');
    expect(alarms).toHaveLength(2);
    for (const a of alarms)
      expect(a.Properties).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Maximum', Threshold: 60_000, ComparisonOperator: 'GreaterThanThreshold' });
    expect(new Set(alarms.map((a) => a.Properties.Dimensions[0].Value.Ref))).toEqual(new Set([fnIds().aggregator, fnIds().history]));
  });

  it('watches the dead-letter queues: every message sent to them (not only the first one waiting)', () => {
    expect(alarmsOn('ApproximateNumberOfMessagesVisible')).toHaveLength(0);
    const alarms = alarmsOn('NumberOfMessagesSent');
    expect(alarms).toHaveLength(2);
    for (const a of alarms)
      expect(a.Properties).toMatchObject({ Namespace: 'AWS/SQS', Statistic: 'Sum', Period: 60, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(alarms.map((a) => a.Properties.Dimensions[0].Value['Fn::GetAtt'][0]).sort()).toEqual(
      [logicalId(statelessStack, statelessStack.aggregatorDlq), logicalId(statelessStack, statelessStack.historyDlq)].sort(),
    );
  });

  it('watches HTTP API 5xx responses', () => {
    const [a] = alarmsOn('5xx');
    expect(a!.Properties).toMatchObject({ Namespace: 'AWS/ApiGateway', Statistic: 'Sum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(a!.Properties.Dimensions).toEqual([{ Name: 'ApiId', Value: { Ref: logicalId(statelessStack, statelessStack.httpApi) } }]);
  });

  it('watches Errors and Throttles of every function', () => {
    for (const metric of ['Errors', 'Throttles']) {
      const fns = alarmsOn(metric).map((a) => {
        expect(a.Properties).toMatchObject({ Namespace: 'AWS/Lambda', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
        return a.Properties.Dimensions[0].Value.Ref as string;
      });
      expect(new Set(fns)).toEqual(new Set(Object.values(fnIds())));
    }
  });

  it('watches DynamoDB read and write throttling on the table', () => {
    for (const metric of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
      const [a, ...more] = alarmsOn(metric);
      expect(more).toHaveLength(0);
      expect(a!.Properties).toMatchObject({ Namespace: 'AWS/DynamoDB', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      expect(a!.Properties.Dimensions[0].Name).toBe('TableName');
    }
  });

  it('treats missing data as OK and notifies the alarm topic', () => {
    const topicId = logicalId(statelessStack, statelessStack.alarmTopic);
    const alarms = Object.values(stateless.findResources('AWS::CloudWatch::Alarm')) as Json[];
    // + 5 ERROR-log alarms and the aggregation lag alarm (issue 17).
    expect(alarms).toHaveLength(2 + 2 + 1 + 5 * 2 + 2 + 5 + 1);
    for (const a of alarms) {
      expect(a.Properties.TreatMissingData).toBe('notBreaching');
      expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });
});

describe('TongbaoStateless: logs and metrics (issue 17)', () => {
  it('counts ERROR log lines of every function with a metric filter, and alarms on them', () => {
    const filters = Object.values(stateless.findResources('AWS::Logs::MetricFilter')) as Json[];
    expect(filters).toHaveLength(5);
    const groups = new Set<string>();
    for (const f of filters) {
      expect(f.Properties.FilterPattern).toBe('{ $.level = "ERROR" }');
      expect(f.Properties.MetricTransformations).toEqual([
        expect.objectContaining({ MetricNamespace: LOG_METRICS_NAMESPACE, MetricValue: '1', DefaultValue: 0 }),
      ]);
      groups.add(f.Properties.LogGroupName.Ref);
    }
    // One per function log group.
    const fnGroups = Object.values(fnIds()).map((id) => {
      const g = resource(stateless, id).Properties.LoggingConfig.LogGroup.Ref as string;
      return g;
    });
    expect(groups).toEqual(new Set(fnGroups));
    const names = filters.map((f) => f.Properties.MetricTransformations[0].MetricName as string).sort();
    expect(names).toEqual(['AggregatorErrorLogs', 'ApiErrorLogs', 'ExportErrorLogs', 'HistoryErrorLogs', 'TemplateErrorLogs']);
    for (const n of names)
      expect(alarmsOn(n)).toMatchObject([
        { Properties: { Namespace: LOG_METRICS_NAMESPACE, Statistic: 'Sum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' } },
      ]);
  });

  it('alarms when filings wait more than 2 minutes to count (AggregationLag, an EMF metric of the aggregator)', () => {
    const [a, ...more] = alarmsOn('AggregationLag');
    expect(more).toHaveLength(0);
    expect(a!.Properties).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Statistic: 'Maximum',
      Threshold: AGGREGATION_LAG_ALARM_MS,
      Dimensions: [{ Name: 'service', Value: 'tongbao-aggregator' }],
    });
  });

  it('has a dashboard with every EMF metric the functions emit, under the service that emits it', () => {
    const dashboards = Object.values(stateless.findResources('AWS::CloudWatch::Dashboard')) as Json[];
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
    for (const [name, m] of Object.entries(METRICS))
      for (const service of m.services) expect(body).toContain(`[\\"${METRICS_NAMESPACE}\\",\\"${name}\\",\\"service\\",\\"${service}\\"`);
    for (const metric of ['IteratorAge', '5xx', 'Errors', 'AggregatorErrorLogs', 'NumberOfMessagesSent']) expect(body).toContain(metric);
    stateless.hasOutput('DashboardName', {});
  });
});

describe('TongbaoStateless: least privilege', () => {
  const WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
  const dynamoActions = (stmts: Json[]) => stmts.flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:'));

  it('the export function reads the table and writes only export jobs (PutItem on EXPORTJOB)', () => {
    const actions = dynamoActions(statementsOfFunction(fnIds().exporter));
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']));
    for (const w of [...WRITES.filter((w) => w !== 'dynamodb:PutItem'), 'dynamodb:*']) expect(actions).not.toContain(w);
  });

  it('only the export function touches the export bucket: put and read under exports/, passed as EXPORT_BUCKET', () => {
    const bucketRef = JSON.stringify(stateless.toJSON()).includes('ExportBucket');
    expect(bucketRef).toBe(true);
    const byFn = Object.entries(fnIds()).map(
      ([role, id]) => [role, statementsOfFunction(id).some((s) => actionsOf(s).some((a) => a.startsWith('s3:')))] as const,
    );
    expect(Object.fromEntries(byFn)).toEqual({ api: false, exporter: true, aggregator: false, history: false, template: false });
    const s3Actions = statementsOfFunction(fnIds().exporter)
      .flatMap(actionsOf)
      .filter((a) => a.startsWith('s3:'));
    expect(s3Actions).toEqual(expect.arrayContaining(['s3:PutObject', 's3:GetObject*']));
    for (const a of s3Actions) expect(a).not.toMatch(/Delete|PutBucket|PutObjectAcl|^s3:\*$/);
    const fn = stateless.findResources('AWS::Lambda::Function')[fnIds().exporter] as Json;
    expect(JSON.stringify(fn.Properties.Environment.Variables.EXPORT_BUCKET)).toMatch(/ExportBucket/);
  });

  it('starts an export job from its INSERT on the stream: the export function, EXPORTJOB inserts only, one at a time', () => {
    const m = (Object.values(stateless.findResources('AWS::Lambda::EventSourceMapping')) as Json[]).find(
      (x) => x.Properties.FunctionName.Ref === fnIds().exporter,
    )!;
    expect(m).toBeDefined();
    expect(m.Properties).toMatchObject({
      BatchSize: 1,
      StartingPosition: 'LATEST',
      MaximumRetryAttempts: 3,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const filters = (m.Properties.FilterCriteria.Filters as Array<{ Pattern: string }>).map((f) => JSON.parse(f.Pattern));
    expect(filters).toEqual([{ eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: ['EXPORTJOB'] } } } }]);
  });

  it('each function writes only the partitions it owns, with only the write operation its code performs', () => {
    const owns: Record<string, [string[], string[]]> = {
      api: [['dynamodb:PutItem'], ['FILING#*', 'REGISTRY', 'DIVISION', 'PLAN', 'TOKEN', 'ACCOUNT', 'PERIOD', 'AUDIT']],
      aggregator: [['dynamodb:PutItem'], ['ROLLUP#*', 'AGG']],
      history: [['dynamodb:BatchWriteItem'], ['HIST#*', 'AUDIT']],
      exporter: [['dynamodb:PutItem'], ['EXPORTJOB']],
    };
    for (const [role, [actions, partitions]] of Object.entries(owns)) {
      const ids = fnIds() as Record<string, string>;
      const writes = statementsOfFunction(ids[role]!).filter((st) => actionsOf(st).some((a) => WRITES.includes(a)));
      expect(writes, role).toHaveLength(1);
      expect(dynamoActions(writes), role).toEqual(actions);
      expect(writes[0]!.Condition, role).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': partitions } });
    }
  });

  it('the template function writes filings, registries and audit entries, and deletes only to roll a registry import back', () => {
    const writes = statementsOfFunction(fnIds().template).filter((st) => actionsOf(st).some((a) => WRITES.includes(a)));
    expect(writes.map((st) => [dynamoActions([st]), st.Condition])).toEqual([
      [['dynamodb:PutItem'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['FILING#*', 'REGISTRY', 'AUDIT', 'IMPORT'] } }],
      // An import's new entities, their audit entries and its undo records, when it fails part-way.
      [['dynamodb:DeleteItem'], { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['REGISTRY', 'AUDIT', 'IMPORT'] } }],
    ]);
  });

  it("no function can update or delete items (but the import's rollback, above), scan, or manage the table", () => {
    for (const id of Object.values(fnIds())) {
      const actions = dynamoActions(statementsOfFunction(id)).filter((a) => id !== fnIds().template || a !== 'dynamodb:DeleteItem');
      for (const a of actions)
        expect(a).not.toMatch(/\*|UpdateItem|DeleteItem|Scan|(Create|Delete|Update|Describe)Table|Backup|Restore|TimeToLive|Export|Import|ResourcePolicy/);
    }
    for (const id of [fnIds().api, fnIds().template, fnIds().aggregator, fnIds().exporter])
      expect(dynamoActions(statementsOfFunction(id))).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query']));
  });

  it('the history writer only writes: it can read nothing', () => {
    const actions = dynamoActions(statementsOfFunction(fnIds().history)).filter((a) => !/Records|ShardIterator|DescribeStream|ListStreams/.test(a));
    expect(actions).toContain('dynamodb:BatchWriteItem');
    for (const a of ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem', 'dynamodb:*']) expect(actions).not.toContain(a);
  });

  it('only the stream consumers read the stream', () => {
    const streamActions = ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream'];
    const byFn = Object.entries(fnIds()).map(([role, id]) => {
      const onStream = statementsOfFunction(id).filter(
        (s) => actionsOf(s).some((a) => streamActions.includes(a)) && /Table.*StreamArn/.test(JSON.stringify(s.Resource)),
      );
      return [role, onStream.length > 0] as const;
    });
    expect(Object.fromEntries(byFn)).toEqual({ api: false, exporter: true, aggregator: true, history: true, template: false });
  });

  it('no statement grants DynamoDB on Resource "*" (except ListStreams, which has no resource-level permissions)', () => {
    const policies = Object.values(stateless.findResources('AWS::IAM::Policy')) as Json[];
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Json[]);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      expect(actionsOf(s)).not.toContain('*');
      if (resourcesOf(s).includes('*')) {
        expect(actionsOf(s).filter((a) => a.startsWith('dynamodb:'))).toEqual(actionsOf(s).includes('dynamodb:ListStreams') ? ['dynamodb:ListStreams'] : []);
      }
    }
    // And ListStreams on '*' is only the stream consumers' (their event source mappings need it).
    const listers = Object.entries(fnIds()).filter(([, id]) => statementsOfFunction(id).some((s) => actionsOf(s).includes('dynamodb:ListStreams')));
    expect(listers.map(([role]) => role).sort()).toEqual(['aggregator', 'exporter', 'history']);
  });

  it('roles carry only the basic execution managed policy (logs)', () => {
    for (const role of Object.values(stateless.findResources('AWS::IAM::Role')) as Json[]) {
      const arns = JSON.stringify(role.Properties.ManagedPolicyArns ?? []);
      expect(arns).toMatch(/AWSLambdaBasicExecutionRole/);
      expect((role.Properties.ManagedPolicyArns as unknown[]).length).toBe(1);
    }
  });
});
