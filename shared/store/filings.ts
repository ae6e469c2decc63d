// Current filings (pk FILING#<period>, sk BASE#<id>) and their immutable versions
// (pk HIST#<id>#<period>, sk V#<version>). A write puts both in one transaction, conditional on
// the version it was planned from, so concurrent writers can never interleave half a change.

import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../audit';
import type { Filing, FilingVersion } from '../filing';
import { db, TABLE } from './client';
import { keys } from './keys';
import { takePrefetched } from './prefetch';

const strip = <T>({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as T;

export async function getFiling(period: string, baseId: string): Promise<Filing | undefined> {
  const pre = takePrefetched(keys.filing(period, baseId));
  const item = pre !== undefined ? pre : (await db.send(new GetCommand({ TableName: TABLE, Key: keys.filing(period, baseId), ConsistentRead: true }))).Item;
  return item ? strip<Filing>(item) : undefined;
}

/** Thrown when the filing changed since it was read (the caller re-plans or answers 409). */
export class StaleFilingError extends Error {}

export async function writeFiling(filing: Filing, version: FilingVersion, expectedVersion: number, audit?: AuditEntry): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: TABLE,
              Item: { ...keys.filing(filing.period, filing.baseId), ...filing },
              ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
              ExpressionAttributeValues: expectedVersion === 0 ? undefined : { ':v': expectedVersion },
            },
          },
          {
            Put: {
              TableName: TABLE,
              Item: { ...keys.version(version.baseId, version.period, version.version), ...version },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...(audit ? [{ Put: { TableName: TABLE, Item: { ...keys.audit(audit.at, audit.id), ...audit } } }] : []),
        ],
      }),
    );
  } catch (e) {
    const err = e as Error & { CancellationReasons?: Array<{ Code?: string }> };
    // Either our condition failed or another transaction held the item: re-read and re-plan.
    if (
      (err.name === 'TransactionCanceledException' &&
        err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'TransactionConflict')) ||
      err.name === 'TransactionConflictException'
    )
      throw new StaleFilingError('filing changed concurrently');
    throw e;
  }
}

async function queryAll(params: { pk: string; forward?: boolean }): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': params.pk },
        ExclusiveStartKey: start,
        ScanIndexForward: params.forward ?? true,
        ConsistentRead: true,
      }),
    );
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Every current filing of a period (one partition). */
export async function listFilings(period: string): Promise<Filing[]> {
  return (await queryAll({ pk: keys.filingPk(period) })).map((i) => strip<Filing>(i));
}

export async function getHistory(baseId: string, period: string): Promise<FilingVersion[]> {
  return (await queryAll({ pk: keys.historyPk(baseId, period) })).map((i) => strip<FilingVersion>(i));
}
