// Tokens (pk TOKEN, sk <tokenId>); only the secret's hash is stored.

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TokenRecord } from '../auth';
import { queryPartition } from './batch';
import { db, TABLE } from './client';
import { keys } from './keys';
import { takePrefetched } from './prefetch';

const strip = ({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as TokenRecord;

export async function getToken(tokenId: string): Promise<TokenRecord | undefined> {
  const pre = takePrefetched(keys.token(tokenId));
  const item = pre !== undefined ? pre : (await db.send(new GetCommand({ TableName: TABLE, Key: keys.token(tokenId), ConsistentRead: true }))).Item;
  return item ? strip(item) : undefined;
}

export async function putToken(t: TokenRecord): Promise<void> {
  await db.send(new PutCommand({ TableName: TABLE, Item: { ...keys.token(t.tokenId), ...t }, ConditionExpression: 'attribute_not_exists(pk)' }));
}

export async function listTokens(): Promise<TokenRecord[]> {
  return (await queryPartition(keys.tokenPk)).map(strip);
}

/** Rewrites an existing token (a session being signed out), only if it is not revoked yet. */
export async function replaceToken(t: TokenRecord): Promise<boolean> {
  try {
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: { ...keys.token(t.tokenId), ...t },
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(revokedAt) OR attribute_type(revokedAt, :null))',
        ExpressionAttributeValues: { ':null': 'NULL' },
      }),
    );
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}
