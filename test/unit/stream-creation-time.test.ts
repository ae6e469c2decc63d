// The local stream reader's creation times (local/stream/records.ts creationSeconds): DynamoDB
// Local reports whole minutes, Lambda's events whole seconds; the reader narrows the minute to
// when it read the record, never outside the minute it reported.

import { describe, expect, it } from 'vitest';
import { creationSeconds, toLambdaRecord } from '../../local/stream/records';

const minute = 1_796_656_500; // 2026-12-07T15:15:00Z, a whole minute

describe('creationSeconds', () => {
  it('takes the read time within the reported minute', () => {
    expect(creationSeconds(minute, minute + 55.4)).toBe(minute + 55);
    expect(creationSeconds(minute, minute + 0.2)).toBe(minute);
  });

  it('stays within the minute when the record was read later (the reader was down or behind)', () => {
    expect(creationSeconds(minute, minute + 600)).toBe(minute + 59);
  });

  it('never goes before the reported minute (a clock behind)', () => {
    expect(creationSeconds(minute, minute - 3)).toBe(minute);
  });

  it('keeps a time that is not on a whole minute, in whole seconds', () => {
    expect(creationSeconds(minute + 17.8, minute + 40)).toBe(minute + 17);
  });

  it('is what a converted record carries', () => {
    const r = toLambdaRecord(
      { eventID: 'e', eventName: 'INSERT', dynamodb: { ApproximateCreationDateTime: minute, Keys: { pk: { S: 'x' } } } },
      'arn',
      'cn-north-1',
      minute + 42.9,
    );
    expect(r.dynamodb?.ApproximateCreationDateTime).toBe(minute + 42);
  });
});
