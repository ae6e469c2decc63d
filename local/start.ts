// `npm start`: the whole system on one machine. Embedded DynamoDB Local (data in DATA_DIR),
// then local/stack.ts: the table with its stream, the same Lambda handlers behind a local HTTP
// server, and a poller feeding the real stream to the consumers exactly as Lambda would.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';
import { assertPortFree, type RuntimeInfo, runtimeFile } from './runtime';
import { type LocalStack, startLocalStack } from './stack';

const log = (msg: string) => console.log(`[tongbao] ${msg}`);

/** ADMIN_TOKEN from the environment, else the one kept in DATA_DIR, else a new one kept there. */
function adminToken(dataDir: string): { token: string; source: 'env' | 'file' | 'generated'; file: string } {
  const file = join(dataDir, 'admin-token');
  if (process.env.ADMIN_TOKEN) return { token: process.env.ADMIN_TOKEN, source: 'env', file };
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), source: 'file', file };
  const token = `tba_${randomBytes(32).toString('base64url')}`;
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return { token, source: 'generated', file };
}

async function main() {
  const started = Date.now();
  const port = Number(process.env.PORT || 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a port number, got "${process.env.PORT}"`);
  const host = process.env.HOST || '127.0.0.1';
  const dataDir = resolve(process.env.DATA_DIR || './.data');
  mkdirSync(dataDir, { recursive: true });
  await assertPortFree(port, host);

  const admin = adminToken(dataDir);
  process.env.ADMIN_TOKEN = admin.token;
  process.env.AWS_REGION ||= 'cn-north-1';

  let dynamo: DynamoDbLocal | undefined;
  if (!process.env.DYNAMODB_ENDPOINT) {
    dynamo = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    log(`DynamoDB Local on ${dynamo.endpoint} (data in ${join(dataDir, 'dynamodb')})`);
  } else log(`using DynamoDB at ${process.env.DYNAMODB_ENDPOINT}`);

  let stack: LocalStack;
  try {
    stack = await startLocalStack({ dataDir, port, host, name: 'tongbao' });
  } catch (e) {
    await dynamo?.stop();
    throw e;
  }
  const { server } = stack;
  const { config } = await import('../shared/config');
  const info: RuntimeInfo = { pid: process.pid, url: server.url, dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT!, tableName: config.tableName };
  writeFileSync(runtimeFile(dataDir), JSON.stringify(info, null, 2));

  log(`listening on ${server.url} (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (admin.source === 'generated') log(`generated an admin token and stored it in ${admin.file}`);
  if (admin.source !== 'env') log(`admin token: ${admin.token}`);
  else log('admin token: the ADMIN_TOKEN you set');
  log('press Ctrl-C to stop');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping…`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await stack.close();
      await dynamo?.stop();
      rmSync(runtimeFile(dataDir), { force: true });
    } finally {
      log('stopped');
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: Error) => {
  console.error(`[tongbao] cannot start: ${e.message}`);
  process.exit(1);
});
