// The health check's look at the table: one GetItem of a key that never exists (a read of
// 0.5 RRU), with a deadline, so /api/health says whether the function can reach its table
// without waiting out the SDK's retries.

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { db, TABLE } from './client';

export interface TableCheck {
  ok: boolean;
  ms: number;
  error?: string;
}

export async function checkTable(timeoutMs: number): Promise<TableCheck> {
  const started = Date.now();
  try {
    await db.send(new GetCommand({ TableName: TABLE, Key: { pk: 'HEALTH', sk: 'HEALTH' } }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    return { ok: true, ms: Date.now() - started };
  } catch (e) {
    const name = (e as Error)?.name ?? 'Error';
    return { ok: false, ms: Date.now() - started, error: /Abort|Timeout/.test(name) ? `no answer within ${timeoutMs} ms` : name };
  }
}
