// The one place that holds the defaults every Tongbao Lambda function shares: runtime,
// architecture, bundling, environment, logging. Stacks only say what differs.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { writeWebAssetsModule } from '../web/build';
import { cdkBundlingOptions } from './bundling';

/** Repository root (infra/..): NodejsFunction's project root, and where functions/ lives. */
export const REPO_ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FUNCTIONS_DIR = path.join(REPO_ROOT, 'functions');

export const DEFAULT_MEMORY_MB = 512;
export const DEFAULT_TIMEOUT = Duration.seconds(10);
export const DEFAULT_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;

export interface TongbaoFunctionProps
  extends Omit<
    NodejsFunctionProps,
    'entry' | 'code' | 'runtime' | 'architecture' | 'bundling' | 'projectRoot' | 'depsLockFilePath' | 'logGroup' | 'logRetention'
  > {
  /** Handler file under functions/, e.g. `api.ts`. */
  readonly source: string;
  /**
   * Absolute path used instead of functions/<source> (tests). It must lie inside the repository,
   * because NodejsFunction bundles relative to the project root.
   */
  readonly entry?: string;
  /** The table; its name is passed as TABLE_NAME. Grants are the caller's job (least privilege per function). */
  readonly table: dynamodb.ITable;
  /** @default three months */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Build the web pages (web/) and inject them into this bundle, so the function serves them
   * (shared/web-assets.ts). Only the API function needs this.
   */
  readonly webAssets?: boolean;
  /** V8 flags added to NODE_OPTIONS (after --enable-source-maps). */
  readonly v8Flags?: readonly string[];
}

export class TongbaoFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: TongbaoFunctionProps) {
    const { source, entry, table, logRetention, environment, webAssets, v8Flags, ...rest } = props;
    // Created explicitly (not by Lambda on first invocation) so retention is set and the group
    // belongs to the stack.
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, {
      retention: logRetention ?? DEFAULT_LOG_RETENTION,
    });
    super(scope, id, {
      memorySize: DEFAULT_MEMORY_MB,
      timeout: DEFAULT_TIMEOUT,
      tracing: lambda.Tracing.DISABLED,
      handler: 'handler',
      ...rest,
      entry: entry ?? path.join(FUNCTIONS_DIR, source),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      bundling: webAssets ? { ...cdkBundlingOptions, inject: [writeWebAssetsModule()] } : cdkBundlingOptions,
      logGroup,
      environment: {
        NODE_OPTIONS: ['--enable-source-maps', ...(v8Flags ?? [])].join(' '),
        TABLE_NAME: table.tableName,
        ...environment,
      },
    });
  }
}
