// Two-level review (issue 19): with TWO_LEVEL_REVIEW=bases a city pre-checks (初审) its bases'
// submissions — passes or returns them — and the province accepts (复审) only what a city passed.
// Each step is a version in the history and an audit entry; a city cannot pre-check another
// city's base nor accept; the province cannot pass. Through the API handler on DynamoDB Local
// with the history writer on the real stream.
//
// shared/config.ts reads TWO_LEVEL_REVIEW when first imported, so the file sets it, resets the
// module registry and imports the handlers afresh (vitest gives each file its own graph).

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN, caller } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';
import { fullValues } from '../helpers/values';

process.env.ADMIN_TOKEN = ADMIN;
process.env.TWO_LEVEL_REVIEW = 'bases';
const table = useLocalTable();
vi.resetModules();
const { dispatch } = await import('../../functions/api');
const { processHistoryEvent } = await import('../../functions/record-history');
const { HISTORY_PK_PREFIX } = await import('../../shared/store/keys');
const { startTestPoller } = await import('../helpers/stream');
const call = caller(dispatch);

let poller: Awaited<ReturnType<typeof startTestPoller>>;
let base = '';
let city = '';
let otherCity = '';

beforeAll(async () => {
  await table.setup();
  poller = await startTestPoller((e) => processHistoryEvent(e), { filter: (pk) => pk.startsWith(HISTORY_PK_PREFIX) });
  for (const [id, c] of [
    ['cs-01', '长沙市'],
    ['zz-01', '株洲市'],
  ] as const)
    expect((await call('PUT', `/api/bases/${id}`, { name: `基地${id}`, city: c, county: '某区', level: 'provincial' })).status).toBe(201);
  const token = async (body: object) =>
    ((await call('POST', '/api/tokens', { ...body, holder: { name: '张三', phone: '13800000000' } })).body as { token: string }).token;
  base = await token({ role: 'base', baseId: 'cs-01' });
  city = await token({ role: 'city', city: '长沙市' });
  otherCity = await token({ role: 'city', city: '株洲市' });
  expect(
    (
      await call('PUT', '/api/periods/2020Q3', {
        opensAt: '2020-09-20T00:00:00+08:00',
        dueAt: '2099-10-10T00:00:00+08:00',
        closesAt: '2099-10-31T00:00:00+08:00',
      })
    ).status,
  ).toBe(200);
});
afterAll(async () => {
  await poller?.stop();
});

const PATH = '/api/bases/cs-01/filings/2020Q3';
const review = (token: string, action: string, comment?: string) => call('POST', `${PATH}/review`, { action, ...(comment ? { comment } : {}) }, { token });

describe('two-level review (TWO_LEVEL_REVIEW=bases)', () => {
  it('a city returns, the base explains and corrects, the city passes, the province accepts — every step recorded', async () => {
    expect((await call('PUT', PATH, { status: 'submitted', values: fullValues('2020Q3') }, { token: base })).status).toBe(201);

    // The province cannot accept what no city has passed, nor pass it itself.
    const early = await review(ADMIN, 'accept');
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('初审');
    expect((await review(ADMIN, 'pass')).status).toBe(403);
    // Another city cannot touch it; a city cannot accept.
    expect((await review(otherCity, 'pass')).status).toBe(403);
    expect((await review(city, 'accept')).status).toBe(403);

    const returned = await review(city, 'return', '建筑面积请核实');
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ status: 'returned', reviewComment: '建筑面积请核实' });

    const corrected = await call('PUT', PATH, { status: 'submitted', values: fullValues('2020Q3', { buildingArea: '120000' }) }, { token: base });
    expect(corrected.status).toBe(200);
    expect(corrected.body.status).toBe('submitted');

    const passed = await review(city, 'pass');
    expect(passed.status).toBe(200);
    expect(passed.body).toMatchObject({ status: 'checked', statusLabel: '初审通过' });
    // Repeating the pass changes nothing.
    expect((await review(city, 'pass')).body.version).toBe(passed.body.version);

    const completeness = await call('GET', '/api/periods/2020Q3/completeness');
    expect(completeness.body).toMatchObject({ submitted: 1, checked: 1, accepted: 0 });

    const accepted = await review(ADMIN, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');

    await poller.drain(20_000);
    const history = (await call('GET', `${PATH}/history`)).body.versions as Array<{ action: string; by: { role: string }; comment: string | null }>;
    expect(history.map((v) => [v.action, v.by.role])).toEqual([
      ['submit', 'base'],
      ['return', 'city'],
      ['submit', 'base'],
      ['pass', 'city'],
      ['accept', 'admin'],
    ]);
    const audit = (await call('GET', '/api/audit?baseId=cs-01&period=2020Q3')).body.entries as Array<{ action: string; actor: { role: string } }>;
    expect(audit.map((a) => [a.action, a.actor.role]).reverse()).toEqual([
      ['filing.return', 'city'],
      ['filing.pass', 'city'],
      ['filing.accept', 'admin'],
    ]);
  });

  it('a base submitting again after a pass needs the city again', async () => {
    await call('PUT', '/api/bases/zz-01', { name: '基地zz-01', city: '株洲市', county: '某区', level: 'provincial' });
    const p = '/api/bases/zz-01/filings/2020Q3';
    expect((await call('PUT', p, { status: 'submitted', values: fullValues('2020Q3') })).status).toBe(201);
    expect((await call('POST', `${p}/review`, { action: 'pass' }, { token: otherCity })).body.status).toBe('checked');
    // The admin writes a correction for the base: back to submitted, the city checks again.
    const again = await call('PUT', p, { status: 'submitted', values: fullValues('2020Q3', { buildingArea: '110000' }) });
    expect(again.body.status).toBe('submitted');
    expect((await call('POST', `${p}/review`, { action: 'accept' })).status).toBe(409);
  });
});
