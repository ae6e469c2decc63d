// Issue 16, the reads of a submission: only what must be strongly consistent is (the token, and
// whatever a retry after a conflict reads); the rest is eventually consistent, at half the read
// units — and a stale eventually consistent read never decides an answer. DynamoDB Local is
// always consistent, so staleness is injected: a middleware hands eventually consistent
// BatchGetItems an older filing item than the table holds.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, caller } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { rawClient, db, TABLE } = await import('../../shared/store/client');
const { keys } = await import('../../shared/store/keys');
const { aggregateChanges } = await import('../../shared/use-cases/aggregate-changes');
const { getAggregate } = await import('../../shared/store/aggregates');
const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
const call = caller(dispatch);

interface SeenGet {
  consistent: boolean;
  keys: string[];
}
const seen: SeenGet[] = [];
/** Filing items served to eventually consistent reads instead of the table's (pk|sk → item, wire form). */
const stale = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  await table.setup();
  // In the initialize step the document client's calls carry plain items, both ways.
  rawClient.middlewareStack.add(
    ((next: (a: { input: unknown }) => Promise<{ output: Record<string, unknown> }>, context: { commandName?: string }) => async (args: { input: unknown }) => {
      const r = await next(args);
      if (context.commandName !== 'BatchGetItemCommand') return r;
      const req = Object.values(
        (args.input as { RequestItems: Record<string, { Keys: Array<{ pk: string; sk: string }>; ConsistentRead?: boolean }> }).RequestItems,
      )[0]!;
      seen.push({ consistent: req.ConsistentRead === true, keys: req.Keys.map((k) => `${k.pk}|${k.sk}`) });
      if (req.ConsistentRead) return r;
      const items = (r.output.Responses as Record<string, Array<Record<string, unknown>>>)[TABLE] ?? [];
      for (let i = 0; i < items.length; i++) {
        const old = stale.get(`${items[i]!.pk}|${items[i]!.sk}`);
        if (old) items[i] = structuredClone(old);
      }
      return r;
    }) as never,
    { step: 'initialize', name: 'staleReads', priority: 'high' },
  );
  expect((await call('PUT', '/api/bases/ru-01', { name: '读取单位基地', city: '长沙市', county: '岳麓区', level: 'provincial' })).status).toBe(201);
  expect(
    (
      await call('PUT', '/api/periods/2020Q1', {
        opensAt: '2020-01-01T00:00:00+08:00',
        dueAt: '2099-01-15T00:00:00+08:00',
        closesAt: '2099-02-01T00:00:00+08:00',
      })
    ).status,
  ).toBe(200);
});
afterAll(() => table.teardown());

const rawFiling = async () => (await db.send(new GetCommand({ TableName: TABLE, Key: keys.filing('2020Q1', 'ru-01'), ConsistentRead: true }))).Item!;
const values = (n: number) => fullValues('2020Q1', { employees: String(n) });

describe('a filing write reads', () => {
  it('the token strongly consistently, entity, schedule and both filings eventually consistently', async () => {
    const token = (await call('POST', '/api/tokens', { role: 'base', baseId: 'ru-01', holder: { name: '甲', phone: '13800000000' } })).body.token as string;
    seen.length = 0;
    const r = await call(
      'PUT',
      '/api/bases/ru-01/filings/2020Q1',
      { status: 'submitted', values: values(1), confirmWarnings: true, explanation: '测试' },
      { token },
    );
    expect(r.status).toBe(201);
    const tokenId = token.split('_')[1]!;
    expect(seen).toEqual(
      expect.arrayContaining([
        { consistent: true, keys: [`TOKEN|${tokenId}`] },
        { consistent: false, keys: ['REGISTRY|BASE#ru-01', 'PERIOD|2020Q1', 'FILING#2020Q1|BASE#ru-01', 'FILING#2019Q4|BASE#ru-01'] },
      ]),
    );
  });

  it('answers neither a refusal nor "unchanged" from a stale read: it re-reads consistently', async () => {
    const v1 = await rawFiling();
    const second = await call('PUT', '/api/bases/ru-01/filings/2020Q1', { status: 'submitted', values: values(2), confirmWarnings: true, explanation: '测试' });
    expect(second.body.version).toBe(2);
    stale.set('FILING#2020Q1|BASE#ru-01', v1);
    try {
      // If-Match names the real version; the stale read shows version 1.
      const guarded = await call(
        'PUT',
        '/api/bases/ru-01/filings/2020Q1',
        { status: 'submitted', values: values(3), confirmWarnings: true, explanation: '测试' },
        { headers: { 'if-match': '"2"' } },
      );
      expect(guarded.status).toBe(200);
      expect(guarded.body.version).toBe(3);
      // The values of version 1 again: the stale read says nothing would change; it would.
      stale.set('FILING#2020Q1|BASE#ru-01', v1);
      const back = await call('PUT', '/api/bases/ru-01/filings/2020Q1', { status: 'submitted', values: values(1), confirmWarnings: true, explanation: '测试' });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ version: 4, changed: true });
    } finally {
      stale.clear();
    }
    const stored = await rawFiling();
    expect(stored.version).toBe(4);
    expect(stored.values).toEqual(v1.values);
  });
});

describe('the aggregator reads', () => {
  it('the registry only for a rollup that does not keep the scope attributes yet, or on a registry change', async () => {
    const f = async (period: string) => (await db.send(new GetCommand({ TableName: TABLE, Key: keys.filing(period, 'ru-01'), ConsistentRead: true }))).Item!;
    const change = (item: Record<string, unknown>, index: number) => ({
      kind: 'filing' as const,
      baseId: 'ru-01',
      period: String(item.period),
      countedRev: Number(item.countedRev),
      counted: item.counted as Record<string, number>,
      late: item.late === true,
      index,
    });
    const registryReads = () => seen.filter((s) => s.keys.some((k) => k.startsWith('REGISTRY|'))).length;

    seen.length = 0;
    await aggregateChanges([change(await f('2020Q1'), 0)]);
    expect(registryReads()).toBe(1); // a new rollup: the registry is read, its attributes kept
    const rollupItem = (await db.send(new GetCommand({ TableName: TABLE, Key: keys.rollup('ru-01', 2020), ConsistentRead: true }))).Item!;
    const { unpackJson } = await import('../../shared/store/packed');
    expect(unpackJson<{ entity: unknown }>(rollupItem.z as Uint8Array).entity).toEqual({ '#': expect.any(String), city: '长沙市', level: 'provincial' });
    // The rollup was read eventually consistently (no conflict here, so only once).
    expect(seen.find((s) => s.keys.some((k) => k.startsWith('ROLLUP#')))).toMatchObject({ consistent: false });

    // A Q2 submission: counted under the kept attributes, without reading the registry.
    expect(
      (
        await call('PUT', '/api/periods/2020Q2', {
          opensAt: '2020-01-01T00:00:00+08:00',
          dueAt: '2099-01-15T00:00:00+08:00',
          closesAt: '2099-02-01T00:00:00+08:00',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('PUT', '/api/bases/ru-01/filings/2020Q2', {
          status: 'submitted',
          values: fullValues('2020Q2', { employees: '5' }),
          confirmWarnings: true,
          explanation: '测试',
        })
      ).status,
    ).toBe(201);
    seen.length = 0;
    await aggregateChanges([change(await f('2020Q2'), 0)]);
    expect(registryReads()).toBe(0);
    expect((await getAggregate('2020Q2')).scoped['city:长沙市']?.reportingBases).toBe(1n);

    // The base moves city: the registry record's change reads it afresh and moves every contribution.
    expect(
      (await call('PUT', '/api/bases/ru-01', { name: '读取单位基地', city: '株洲市', county: '天元区', level: 'provincial', effectiveFrom: '2020Q1' })).status,
    ).toBe(200);
    seen.length = 0;
    await aggregateChanges([{ kind: 'registry', baseId: 'ru-01', index: 0 }]);
    expect(registryReads()).toBe(1);
    for (const period of ['2020Q1', '2020Q2', '2020']) {
      const a = await getAggregate(period);
      expect(a.scoped['city:长沙市']?.reportingBases ?? 0n).toBe(0n);
      expect(a.scoped['city:株洲市']?.reportingBases).toBe(1n);
    }

    // A snapshot taken under another list of scope attributes (one added later) is not used.
    const { packJson } = await import('../../shared/store/packed');
    const stored = unpackJson<{ entity: Record<string, unknown> }>(
      (await db.send(new GetCommand({ TableName: TABLE, Key: keys.rollup('ru-01', 2020), ConsistentRead: true }))).Item!.z as Uint8Array,
    );
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const item = (await db.send(new GetCommand({ TableName: TABLE, Key: keys.rollup('ru-01', 2020), ConsistentRead: true }))).Item!;
    await db.send(
      new PutCommand({ TableName: TABLE, Item: { ...item, z: packJson({ ...stored, entity: { ...stored.entity, '#': 'older-list', city: '长沙市' } }) } }),
    );
    expect(
      (
        await call('PUT', '/api/periods/2020Q3', {
          opensAt: '2020-01-01T00:00:00+08:00',
          dueAt: '2099-01-15T00:00:00+08:00',
          closesAt: '2099-02-01T00:00:00+08:00',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('PUT', '/api/bases/ru-01/filings/2020Q3', {
          status: 'submitted',
          values: fullValues('2020Q3', { employees: '6' }),
          confirmWarnings: true,
          explanation: '测试',
        })
      ).status,
    ).toBe(201);
    seen.length = 0;
    await aggregateChanges([change(await f('2020Q3'), 0)]);
    expect(registryReads()).toBe(1);
    expect((await getAggregate('2020Q3')).scoped['city:株洲市']?.reportingBases).toBe(1n);
  });
});
