// Stream records that kept failing past the retry cap (local runtime's on-failure destination).
// They live in the table itself (pk DEADLETTER) so an operator can list, inspect and replay them;
// the aggregator's stream filter ignores this partition, so writing one triggers nothing.

import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryPartition } from './batch';
import { db, TABLE } from './client';
import { keys } from './keys';

export interface DeadLetter {
  /** Sort key, e.g. `${ISO time}#${sequenceNumber}`: listing is chronological. */
  id: string;
  reason: string;
  /** When it was dead-lettered (ISO 8601). */
  at: string;
  /** The stream record as it was handed to the handler (or a summary if it was too large to keep). */
  record: unknown;
}

/** Items are limited to 400 KB; a record with two large images could exceed it. */
const MAX_RECORD_JSON_CHARS = 300_000;

function serializeRecord(record: unknown): string {
  const json = JSON.stringify(record) ?? 'null';
  if (json.length <= MAX_RECORD_JSON_CHARS) return json;
  // Keep what identifies the change; the images can be read back from the table or its history.
  const r = record as { eventID?: unknown; eventName?: unknown; dynamodb?: { Keys?: unknown; SequenceNumber?: unknown } };
  return JSON.stringify({
    truncated: true,
    originalChars: json.length,
    eventID: r?.eventID,
    eventName: r?.eventName,
    dynamodb: { Keys: r?.dynamodb?.Keys, SequenceNumber: r?.dynamodb?.SequenceNumber },
  });
}

/**
 * Stores a stream record as a dead letter, under `${now}#${sequence number}` (the event ID if the
 * record has none), so the list reads in the order records were set aside.
 */
export async function putDeadLetter(input: { reason: string; record: unknown }): Promise<void> {
  const at = new Date().toISOString();
  const r = input.record as { eventID?: string; dynamodb?: { SequenceNumber?: string } } | null;
  const id = `${at}#${r?.dynamodb?.SequenceNumber ?? r?.eventID ?? ''}`;
  await db.send(
    new PutCommand({
      TableName: TABLE,
      Item: { ...keys.deadLetter(id), id, reason: input.reason, at, record: serializeRecord(input.record) },
    }),
  );
}

export async function listDeadLetters(): Promise<DeadLetter[]> {
  return (await queryPartition(keys.deadLetterPk)).map((item) => {
    let record: unknown = item.record;
    if (typeof record === 'string') {
      try {
        record = JSON.parse(record);
      } catch {
        /* keep the raw text */
      }
    }
    return { id: String(item.id ?? item.sk), reason: String(item.reason ?? ''), at: String(item.at ?? ''), record };
  });
}

export async function deleteDeadLetter(id: string): Promise<void> {
  await db.send(new DeleteCommand({ TableName: TABLE, Key: keys.deadLetter(id) }));
}
