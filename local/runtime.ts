// What a running `npm start` leaves in DATA_DIR so that tools (reconcile, demo, bench) talk to
// the same DynamoDB instead of opening its files a second time.

import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local';

export interface RuntimeInfo {
  pid: number;
  url: string;
  dynamodbEndpoint: string;
  tableName: string;
}

export const runtimeFile = (dataDir: string) => join(dataDir, 'runtime.json');

/** Rejects with a clear message when something already listens on host:port. */
export function assertPortFree(port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) =>
      reject(new Error(e.code === 'EADDRINUSE' ? `Port ${port} is already in use; set PORT to a free port (e.g. PORT=3001 npm start)` : e.message)),
    );
    s.listen(port, host, () => s.close(() => resolve()));
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The running instance described in DATA_DIR, if its process is still alive. */
export function runningInstance(dataDir: string): RuntimeInfo | undefined {
  const file = runtimeFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as RuntimeInfo;
    return alive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Points DYNAMODB_ENDPOINT at a DynamoDB holding DATA_DIR's data: the one of a running
 * `npm start`, or an embedded one started just for this tool (returned, to stop when done).
 */
export async function attachToData(dataDir: string): Promise<DynamoDbLocal | undefined> {
  if (process.env.DYNAMODB_ENDPOINT) return undefined;
  const running = runningInstance(dataDir);
  if (running) {
    process.env.DYNAMODB_ENDPOINT = running.dynamodbEndpoint;
    process.env.TABLE_NAME ||= running.tableName;
    return undefined;
  }
  const dynamo = await startDynamoDbLocal({ dataDir: join(dataDir, 'dynamodb') });
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  return dynamo;
}
