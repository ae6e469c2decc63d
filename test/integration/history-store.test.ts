// Version records in the store: written once with their changes packed (deflated JSON, a binary
// attribute: issue 16), read back as the map they were — also items written before that form,
// which hold a JSON string (2026-11/12) or the map itself (before).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilingVersion } from '../../shared/filing';
import { useLocalTable } from '../helpers/local-table';

const table = useLocalTable();
const { db, TABLE } = await import('../../shared/store/client');
const { getHistory, putHistory } = await import('../../shared/store/filings');
const { keys } = await import('../../shared/store/keys');
const { GetCommand, PutCommand } = await import('@aws-sdk/lib-dynamodb');

beforeAll(() => table.setup());
afterAll(() => table.teardown());

const by = { tokenId: 't1', role: 'base' as const, name: '张三' };
const version = (n: number, changes: FilingVersion['changes']): FilingVersion => ({
  baseId: 'hist-base',
  period: '2020Q1',
  version: n,
  at: `2020-04-0${n}T00:00:00.000Z`,
  by,
  action: n === 1 ? 'save' : 'submit',
  status: n === 1 ? 'draft' : 'submitted',
  changes,
  comment: null,
});

describe('filing history items', () => {
  it('round-trip the changes (stored packed) and read older string- and map-form items alike', async () => {
    const v1 = version(1, { buildingArea: [null, 100000], employees: [null, 12] });
    const v2 = version(2, { employees: [12, 0], operatorRevenue: [null, 10_000_000] });
    await putHistory([v1, v2], []);
    const raw = (await db.send(new GetCommand({ TableName: TABLE, Key: keys.version('hist-base', '2020Q1', 1) }))).Item!;
    expect(raw.changes).toBeInstanceOf(Uint8Array);
    // Items written by the earlier code: the changes as a JSON string, and as a map of lists.
    const v3 = version(3, { employees: [0, 7] });
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...keys.version('hist-base', '2020Q1', 3), ...v3, changes: JSON.stringify(v3.changes) } }));
    const v4 = version(4, { employees: [7, 8] });
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...keys.version('hist-base', '2020Q1', 4), ...v4 } }));
    expect(await getHistory('hist-base', '2020Q1')).toEqual([v1, v2, v3, v4]);
  });
});
