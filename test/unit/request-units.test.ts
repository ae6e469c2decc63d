// The benchmark's request-unit counting (bench/request-units.ts) against DynamoDB's documented
// size and capacity rules, with worked examples.

import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { itemSize, numberSize, queryUnits, readUnits, UnitCounter, valueSize, writeUnits } from '../../bench/request-units';
import { dynamoItemSize } from '../../bench/stats';

describe('item size (DynamoDB developer guide, "Item sizes and formats")', () => {
  it('the guide\'s example: shirt-color "R" and shirt-size "M" is 23 bytes', () => {
    expect(itemSize({ 'shirt-color': { S: 'R' }, 'shirt-size': { S: 'M' } })).toBe(23);
  });

  it('strings count UTF-8 bytes, names included', () => {
    expect(itemSize({ pk: { S: 'FILING#2020Q4' } })).toBe(2 + 13);
    expect(itemSize({ 名称: { S: '长沙' } })).toBe(6 + 6);
  });

  it('numbers: 1 byte per two significant digits + 1, leading and trailing zeros trimmed', () => {
    expect(numberSize('7')).toBe(2);
    expect(numberSize('12345')).toBe(4); // ceil(5/2) + 1
    expect(numberSize('123456')).toBe(4);
    expect(numberSize('36568612')).toBe(5);
    expect(numberSize('100')).toBe(2); // "1"
    expect(numberSize('0.0012')).toBe(2); // "12"
    expect(numberSize('-7.50')).toBe(2); // "75"
    expect(numberSize('0')).toBe(2);
  });

  it('binary counts raw bytes (not base64), null and boolean 1 byte', () => {
    expect(valueSize({ B: new Uint8Array([0, 1, 2]) })).toBe(3);
    expect(valueSize({ B: 'AAEC' as unknown as Uint8Array })).toBe(3);
    expect(itemSize({ ok: { BOOL: true }, no: { NULL: true } })).toBe(2 + 1 + 2 + 1);
  });

  it('lists and maps: 3 bytes + each element + 1 byte (a map element with its name)', () => {
    expect(valueSize({ M: {} })).toBe(3);
    expect(valueSize({ L: [] })).toBe(3);
    expect(valueSize({ L: [{ S: 'x' }, { S: 'yz' }] })).toBe(3 + (1 + 1) + (1 + 2));
    expect(valueSize({ M: { a: { N: '1' } } })).toBe(3 + (1 + 1 + 2));
    expect(itemSize({ v: { M: { a01: { N: '36568612' }, a02: { NULL: true } } } })).toBe(1 + 3 + (1 + 3 + 5) + (1 + 3 + 1));
  });

  it('sets: the sum of their elements', () => {
    expect(valueSize({ SS: ['ab', 'c'] })).toBe(3);
    expect(valueSize({ NS: ['12345', '7'] })).toBe(4 + 2);
  });

  it('agrees with the size of the same item before marshalling (bench/stats.ts)', () => {
    const item = {
      pk: 'FILING#2020Q4',
      sk: 'BASE#cs-001',
      version: 3,
      values: { a01: 36568612, a02: 0, a03: 12 },
      warnings: {},
      late: false,
      comment: null,
      by: { role: 'base', name: '管理员' },
    };
    expect(itemSize(marshall(item))).toBe(dynamoItemSize(item));
  });
});

describe('capacity units (DynamoDB developer guide, "read/write operations")', () => {
  it('write: 1 WRU per started KB, at least 1; twice inside a transaction', () => {
    expect(writeUnits(0)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(writeUnits(3323)).toBe(4); // the filing item before issue 16
    expect(writeUnits(2444, true)).toBe(6); // a rollup in the aggregator's transaction
  });

  it('read: 1 RRU per started 4 KB when strongly consistent, half when eventually consistent; an absent item costs the minimum', () => {
    expect(readUnits(0, true)).toBe(1);
    expect(readUnits(0, false)).toBe(0.5);
    expect(readUnits(4096, true)).toBe(1);
    expect(readUnits(4097, true)).toBe(2);
    expect(readUnits(23_082, true)).toBe(6); // an aggregate item
    expect(readUnits(23_082, false)).toBe(3);
    expect(readUnits(100, true, true)).toBe(2); // TransactGetItems
  });

  it('Query: the sizes are summed and rounded up once', () => {
    expect(queryUnits([2000, 2000, 2000], true)).toBe(2); // 6,000 B
    expect(queryUnits([], true)).toBe(1);
    expect(queryUnits([174, 174, 174], false)).toBe(0.5);
  });
});

describe('UnitCounter: charges of calls from their wire-form input and output', () => {
  const filing = marshall({ pk: 'FILING#2020Q4', sk: 'BASE#a', text: 'x'.repeat(3000) });
  const token = marshall({ pk: 'TOKEN', sk: 't1', role: 'base' });

  it('BatchGetItem charges each key as a GetItem, found or not', () => {
    const c = new UnitCounter();
    const charges = c.charges(
      'BatchGetItem',
      {
        RequestItems: {
          t: {
            Keys: [marshall({ pk: 'TOKEN', sk: 't1' }), marshall({ pk: 'FILING#2020Q4', sk: 'BASE#a' }), marshall({ pk: 'FILING#2020Q3', sk: 'BASE#a' })],
            ConsistentRead: true,
          },
        },
      },
      { Responses: { t: [token, filing] } },
      false,
    );
    expect(charges.map((x) => [x.kind, x.rru])).toEqual([
      ['TOKEN', 1],
      ['FILING', 1],
      ['FILING', 1],
    ]);
    const eventual = c.charges('BatchGetItem', { RequestItems: { t: { Keys: [marshall({ pk: 'TOKEN', sk: 't1' })] } } }, { Responses: { t: [token] } }, false);
    expect(eventual[0]!.rru).toBe(0.5);
  });

  it('unprocessed keys and items are not charged', () => {
    const c = new UnitCounter();
    const k = marshall({ pk: 'TOKEN', sk: 't1' });
    expect(
      c.charges(
        'BatchGetItem',
        { RequestItems: { t: { Keys: [k], ConsistentRead: true } } },
        { Responses: { t: [] }, UnprocessedKeys: { t: { Keys: [k] } } },
        false,
      ),
    ).toEqual([]);
    expect(
      c.charges(
        'BatchWriteItem',
        { RequestItems: { t: [{ PutRequest: { Item: token } }] } },
        { UnprocessedItems: { t: [{ PutRequest: { Item: token } }] } },
        false,
      ),
    ).toEqual([]);
  });

  it('a PutItem replacing an item is charged the larger of the two; a failed condition still pays', () => {
    const c = new UnitCounter();
    expect(c.charges('PutItem', { Item: filing }, {}, false)[0]!.wru).toBe(3);
    const small = marshall({ pk: 'FILING#2020Q4', sk: 'BASE#a', text: 'slim' });
    expect(c.charges('PutItem', { Item: small }, {}, false)[0]!.wru).toBe(3); // replaced the 3 KB item
    expect(c.charges('PutItem', { Item: small }, {}, false)[0]!.wru).toBe(1); // replaced the slim one
    expect(c.charges('PutItem', { Item: filing }, undefined, true)[0]!.wru).toBe(3);
  });

  it('TransactWriteItems doubles; Query sums; GetItem follows ConsistentRead', () => {
    const c = new UnitCounter();
    const rollup = marshall({ pk: 'ROLLUP#a', sk: '2020', data: 'x'.repeat(1500) });
    const agg = marshall({ pk: 'AGG', sk: '2020Q4', data: 'y'.repeat(5000) });
    expect(
      c.charges('TransactWriteItems', { TransactItems: [{ Put: { Item: rollup } }, { Put: { Item: agg } }] }, {}, false).map((x) => [x.kind, x.wru]),
    ).toEqual([
      ['ROLLUP', 4],
      ['AGG', 10],
    ]);
    const q = c.charges('Query', { ExpressionAttributeValues: { ':pk': { S: 'REGISTRY' } }, ConsistentRead: true }, { Items: [token, token, token] }, false);
    expect(q).toEqual([{ kind: 'REGISTRY', rru: 1, wru: 0, bytes: 3 * itemSize(token) }]);
    expect(c.charges('GetItem', { Key: marshall({ pk: 'AGG', sk: '2020Q4' }) }, { Item: agg }, false)[0]!.rru).toBe(1); // 5 KB: 2 × 4 KB, halved
  });

  it("takes the document client's plain items as well (marshalled again to their wire form)", () => {
    const c = new UnitCounter();
    const plain = { pk: 'FILING#2020Q4', sk: 'BASE#a', text: 'x'.repeat(3000), n: 12345, none: null };
    expect(c.charges('PutItem', { Item: plain }, {}, false)).toEqual([{ kind: 'FILING', rru: 0, wru: 3, bytes: itemSize(marshall(plain)) }]);
    const got = c.charges(
      'BatchGetItem',
      {
        RequestItems: {
          t: {
            Keys: [
              { pk: 'FILING#2020Q4', sk: 'BASE#a' },
              { pk: 'TOKEN', sk: 'x' },
            ],
          },
        },
      },
      { Responses: { t: [plain] } },
      false,
    );
    expect(got.map((x) => [x.kind, x.rru, x.bytes])).toEqual([
      ['FILING', 0.5, itemSize(marshall(plain))],
      ['TOKEN', 0.5, 0],
    ]);
    expect(c.charges('Query', { ExpressionAttributeValues: { ':pk': 'REGISTRY' } }, { Items: [plain] }, false)[0]!.kind).toBe('REGISTRY');
  });
});
