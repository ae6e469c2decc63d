import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { fanOut } from '../../local/stream/fan-out';

const rec = (seq: string, pk: string): DynamoDBRecord => ({ eventID: seq, dynamodb: { SequenceNumber: seq, Keys: { pk: { S: pk } } } });

describe('fanOut (one local stream reader, several consumers)', () => {
  const event: DynamoDBStreamEvent = { Records: [rec('1', 'FILING#2020Q1'), rec('2', 'REGISTRY'), rec('3', 'FILING#2020Q2'), rec('4', 'REGISTRY')] };

  it('gives each consumer only the records its filter passes, in order', async () => {
    const seen: string[][] = [];
    const h = fanOut([
      { handler: async (e) => void seen.push(e.Records.map((r) => r.eventID!)), filter: (pk) => pk.startsWith('FILING#') || pk === 'REGISTRY' },
      { handler: async (e) => void seen.push(e.Records.map((r) => r.eventID!)), filter: (pk) => pk.startsWith('FILING#') },
    ]);
    expect(await h(event)).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([
      ['1', '2', '3', '4'],
      ['1', '3'],
    ]);
  });

  it('fails the batch from the earliest record any consumer failed on (or threw at)', async () => {
    const h = fanOut([
      { handler: async () => ({ batchItemFailures: [{ itemIdentifier: '4' }] }), filter: () => true },
      { handler: async () => ({ batchItemFailures: [{ itemIdentifier: '3' }] }), filter: (pk) => pk.startsWith('FILING#') },
    ]);
    expect(await h(event)).toEqual({ batchItemFailures: [{ itemIdentifier: '3' }] });
    const throwing = fanOut([
      { handler: async () => ({ batchItemFailures: [] }), filter: () => true },
      {
        handler: async () => {
          throw new Error('down');
        },
        filter: (pk) => pk === 'REGISTRY',
      },
    ]);
    expect(await throwing(event)).toEqual({ batchItemFailures: [{ itemIdentifier: '2' }] });
  });

  it('runs the consumers at the same time, as separate event source mappings do', async () => {
    // The first consumer finishes only once the second has started: one after the other, it never would.
    let started!: () => void;
    const secondStarted = new Promise<void>((r) => (started = r));
    const h = fanOut([
      {
        handler: async () => {
          await secondStarted;
          return { batchItemFailures: [] };
        },
        filter: () => true,
      },
      {
        handler: async () => {
          started();
          return { batchItemFailures: [{ itemIdentifier: '3' }] };
        },
        filter: () => true,
      },
    ]);
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('consumers ran one after the other')), 2_000));
    expect(await Promise.race([h(event), timeout])).toEqual({ batchItemFailures: [{ itemIdentifier: '3' }] });
  });
});
