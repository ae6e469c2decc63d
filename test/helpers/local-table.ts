// A table of its own for one integration test file, in the DynamoDB Local that
// test/global-setup.ts started.
//
// shared/config.ts reads TABLE_NAME once, when shared/store/* is first imported, so the name
// must be in process.env BEFORE that import. Static imports all run before a module's body,
// so in a test file either:
//
//   import { useLocalTable } from '../helpers/local-table';   // no shared/store import above it
//   const table = useLocalTable();
//   const { putDeadLetter } = await import('../../shared/store/dead-letters');
//   beforeAll(() => table.setup());
//
// or import this module first: importing it already picks the file's table (imports are
// evaluated in order), so shared/store modules imported after it see the right TABLE_NAME.
// setup() checks that shared/store really uses this table and fails loudly otherwise.
//
// Vitest evaluates every test file in a fresh module graph, so each file gets a new name.

import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../shared/store/table';

export interface LocalTable {
  tableName: string;
  endpoint: string;
  /** Creates the table (with its stream) and checks shared/store points at it. */
  setup(): Promise<void>;
  /** Deletes the table (optional: the in-memory DynamoDB is discarded after the run anyway). */
  teardown(): Promise<void>;
  /** A new low-level client for this DynamoDB Local; destroy() it when done. */
  newClient(): DynamoDBClient;
}

function endpointFromEnv(): string {
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('DYNAMODB_ENDPOINT is not set: run the tests with vitest (test/global-setup.ts starts DynamoDB Local)');
  return endpoint;
}

export function newLocalClient(endpoint = endpointFromEnv()): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION || 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** A table name nobody else in this run uses. */
export function uniqueTableName(label = 'test'): string {
  return `${label}-${process.pid}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

// Chosen when this module is evaluated, i.e. once per test file.
const tableName = uniqueTableName();
process.env.TABLE_NAME = tableName;

/** The table of this test file. Synchronous: sets process.env.TABLE_NAME (already done on import). */
export function useLocalTable(): LocalTable {
  process.env.TABLE_NAME = tableName;
  return {
    tableName,
    get endpoint() {
      return endpointFromEnv();
    },
    async setup() {
      const client = newLocalClient();
      try {
        await ensureTable(client, tableName);
      } finally {
        client.destroy();
      }
      const { TABLE } = await import('../../shared/store/client');
      if (TABLE !== tableName) {
        throw new Error(
          `shared/store uses table "${TABLE}", not this file's "${tableName}": a shared/store module was imported before useLocalTable(); import it afterwards (dynamic import)`,
        );
      }
    },
    async teardown() {
      const client = newLocalClient();
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } catch {
        /* already gone */
      } finally {
        client.destroy();
      }
    },
    newClient: () => newLocalClient(),
  };
}
