// The embedded DynamoDB Local: data kept in a directory across restarts, a clear message
// without Java, and the port check of npm start.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJavaMajor, startDynamoDbLocal } from '../../local/dynamodb-local';
import { assertPortFree } from '../../local/runtime';
import { ensureTable } from '../../shared/store/table';

const dir = mkdtempSync(join(tmpdir(), 'tongbao-ddb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const client = (endpoint: string) => new DynamoDBClient({ endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

describe('embedded DynamoDB Local', () => {
  it('keeps data in its directory across a restart', async () => {
    const first = await startDynamoDbLocal({ dataDir: dir });
    const c1 = client(first.endpoint);
    await ensureTable(c1, 'persist');
    await c1.send(new PutItemCommand({ TableName: 'persist', Item: { pk: { S: 'a' }, sk: { S: 'b' }, v: { N: '36568612' } } }));
    c1.destroy();
    await first.stop();
    await expect(fetch(first.endpoint)).rejects.toThrow(); // the JVM is gone

    const second = await startDynamoDbLocal({ dataDir: dir });
    const c2 = client(second.endpoint);
    const r = await c2.send(new GetItemCommand({ TableName: 'persist', Key: { pk: { S: 'a' }, sk: { S: 'b' } } }));
    expect(r.Item?.v?.N).toBe('36568612');
    c2.destroy();
    await second.stop();
  }, 90_000);

  it('says clearly when Java is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startDynamoDbLocal()).rejects.toThrow(/needs Java 17 or newer.*DYNAMODB_ENDPOINT/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('reads Java versions old and new', () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('nothing')).toBeUndefined();
  });

  it('names a port that is taken', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as { port: number }).port;
    await expect(assertPortFree(port, '127.0.0.1')).rejects.toThrow(`Port ${port} is already in use; set PORT to a free port`);
    s.close();
  });
});
