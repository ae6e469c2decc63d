// The CDK app (cdk.json: `npx tsx infra/app.ts`). Synthesizes offline: no lookups, no Docker,
// no credentials needed.
//
//   npm run synth                                   # cdk synth --quiet
//   ADMIN_TOKEN_SHA256=<64 hex> npm run deploy       # or: -c adminTokenSha256=<64 hex>
//   PROVINCE=四川省 npm run deploy                    # or: -c province=sichuan (default 湖南省)
//
// The admin token itself never goes into the template, only its SHA-256:
//   node -e "console.log(require('crypto').createHash('sha256').update(process.argv[1]).digest('hex'))" '<token>'

import { App, type Environment } from 'aws-cdk-lib';
import { TongbaoStatefulStack } from './stateful-stack';
import { normaliseAdminTokenSha256, TongbaoStatelessStack } from './stateless-stack';

const app = new App();

// Environment-agnostic unless pinned with -c account=… -c region=…: ARNs then use the
// AWS::Partition and AWS::Region of wherever the template is deployed. Taking the CLI's default
// region instead (us-east-1 when none is configured) baked arn:aws: into a template meant for
// cn-north-1 (partition aws-cn).
const account: string | undefined = app.node.tryGetContext('account');
const region: string | undefined = app.node.tryGetContext('region');
const env: Environment | undefined = account || region ? { account, region } : undefined;

const adminTokenSha256 = normaliseAdminTokenSha256(app.node.tryGetContext('adminTokenSha256') ?? process.env.ADMIN_TOKEN_SHA256);
if (!adminTokenSha256) {
  process.stderr.write(
    'WARNING: no admin token hash (context adminTokenSha256 or env ADMIN_TOKEN_SHA256): ' +
      'the stacks synthesize, but no admin can sign in to the deployed API.\n',
  );
}

const stateful = new TongbaoStatefulStack(app, 'TongbaoStateful', {
  env,
  description: 'Tongbao: DynamoDB table (retained, deletion-protected)',
  terminationProtection: true,
});

new TongbaoStatelessStack(app, 'TongbaoStateless', {
  env,
  description: 'Tongbao: functions, HTTP API, stream aggregation, alarms',
  table: stateful.table,
  exportBucket: stateful.exportBucket,
  adminTokenSha256,
  province: app.node.tryGetContext('province') ?? process.env.PROVINCE,
  alarmEmail: app.node.tryGetContext('alarmEmail') ?? process.env.ALARM_EMAIL,
});

app.synth();
