// Sign-in accounts (pk ACCOUNT, sk <username>); the password only as its scrypt hash.
//
// Every write is a PutItem conditioned on the revision read (`rev`), so two wrong passwords
// arriving together cannot both write "failures: 3" — the loser re-reads and counts again.
// (No UpdateItem anywhere in this system: IAM grants PutItem only, see infra/stateless-stack.ts.)

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Holder, Role } from '../auth';
import type { PutSpec } from './audit';
import { queryPartition } from './batch';
import { db, TABLE } from './client';
import { keys } from './keys';

export interface AccountRecord {
  username: string;
  role: Role;
  baseId?: string | null;
  platformId?: string | null;
  carrierId?: string | null;
  city?: string | null;
  /** A national deployment's admin or city user of one province (shared/national.ts). */
  province?: string | null;
  holder: Holder;
  /** `scrypt$…` (shared/passwords.ts); never leaves the store layer's callers in a response. */
  passwordHash: string;
  passwordSetAt: string;
  /** Set by an admin (created, reset) and not yet changed by the holder: the admin knows it too. */
  mustChangePassword?: boolean;
  createdAt: string;
  createdBy: string;
  disabledAt?: string | null;
  disabledBy?: string | null;
  /** Wrong passwords in a row since the last successful sign-in or unlock. */
  failures: number;
  lockedUntil?: string | null;
  /** Sessions carry the epoch they were signed in under; a reset or a disable moves it on, ending them. */
  epoch: number;
  /** Revision: every write is conditioned on the one read. */
  rev: number;
}

const strip = ({ pk: _pk, sk: _sk, ...rest }: Record<string, unknown>) => rest as unknown as AccountRecord;

export async function getAccount(username: string): Promise<AccountRecord | undefined> {
  const item = (await db.send(new GetCommand({ TableName: TABLE, Key: keys.account(username), ConsistentRead: true }))).Item;
  return item ? strip(item) : undefined;
}

export async function listAccounts(): Promise<AccountRecord[]> {
  return (await queryPartition(keys.accountPk)).map(strip);
}

/** The put of `next` for putAudited: a new account (`previousRev` null) or the revision after the one read. */
export function accountPut(next: AccountRecord, previousRev: number | null): PutSpec {
  const item = { ...keys.account(next.username), ...next };
  return previousRev === null
    ? { item, condition: 'attribute_not_exists(pk)' }
    : { item, condition: 'attribute_exists(pk) AND rev = :rev', values: { ':rev': previousRev } };
}

/** Writes `next` unless someone wrote since revision `previousRev` was read; false when they did. */
export async function replaceAccount(next: AccountRecord, previousRev: number): Promise<boolean> {
  const spec = accountPut(next, previousRev);
  try {
    await db.send(new PutCommand({ TableName: TABLE, Item: spec.item, ConditionExpression: spec.condition, ExpressionAttributeValues: spec.values }));
    return true;
  } catch (e) {
    if ((e as Error).name === 'ConditionalCheckFailedException') return false;
    throw e;
  }
}
