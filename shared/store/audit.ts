// Writes that must be audited go through `putAudited`: the item(s) and the audit entry commit
// together or not at all.

import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../audit';
import { ConflictError } from '../errors';
import { db, TABLE } from './client';
import { keys } from './keys';

export interface PutSpec {
  item: Record<string, unknown> & { pk: string; sk: string };
  condition?: string;
  values?: Record<string, unknown>;
}

export async function putAudited(puts: PutSpec[], audit: AuditEntry): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          ...puts.map((p) => ({
            Put: { TableName: TABLE, Item: p.item, ConditionExpression: p.condition, ExpressionAttributeValues: p.values },
          })),
          { Put: { TableName: TABLE, Item: { ...keys.audit(audit.at, audit.id), ...audit }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  } catch (e) {
    const err = e as Error & { CancellationReasons?: Array<{ Code?: string }> };
    if (err.name === 'TransactionCanceledException' && err.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed'))
      throw new ConflictError('CONCURRENT_UPDATE', '数据已被他人同时修改,请刷新后重试');
    throw e;
  }
}

export async function listAudit(filter: { baseId?: string; platformId?: string; period?: string; limit?: number }): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let start: Record<string, unknown> | undefined;
  const limit = filter.limit ?? 500;
  do {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': keys.auditPk };
    const conds: string[] = [];
    if (filter.baseId) {
      names['#b'] = 'baseId';
      values[':b'] = filter.baseId;
      conds.push('#b = :b');
    }
    if (filter.platformId) {
      names['#f'] = 'platformId';
      values[':f'] = filter.platformId;
      conds.push('#f = :f');
    }
    if (filter.period) {
      names['#p'] = 'period';
      values[':p'] = filter.period;
      conds.push('#p = :p');
    }
    const r = await db.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: conds.length ? conds.join(' AND ') : undefined,
        ExpressionAttributeNames: conds.length ? names : undefined,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        ExclusiveStartKey: start,
      }),
    );
    for (const { pk: _pk, sk: _sk, ...rest } of r.Items ?? []) out.push(rest as AuditEntry);
    start = r.LastEvaluatedKey;
  } while (start && out.length < limit);
  return out.slice(0, limit);
}
