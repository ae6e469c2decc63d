// Sign-in accounts (issue 19) through the API's dispatch on DynamoDB Local: create, sign in, use
// the session within its role, expire, lock after five wrong passwords (audited, concurrent
// attempts all counted), unlock, disable, reset, sign out — and no password or hash in any
// response, audit entry or log line.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, type CallResult, caller } from '../helpers/api';
import { useLocalTable } from '../helpers/local-table';

process.env.ADMIN_TOKEN = ADMIN;
const table = useLocalTable();
const { dispatch } = await import('../../functions/api');
const { db, TABLE } = await import('../../shared/store/client');
const { GetCommand, PutCommand } = await import('@aws-sdk/lib-dynamodb');
const { keys } = await import('../../shared/store/keys');
const { queryPartition } = await import('../../shared/store/batch');
const { signIn } = await import('../../shared/use-cases/manage-accounts');

// Every response and every line written to stdout/stderr, to search for secrets at the end.
const responses: CallResult[] = [];
const logged: string[] = [];
const rawCall = caller(dispatch);
const call: typeof rawCall = async (...args) => {
  const r = await rawCall(...args);
  responses.push(r);
  return r;
};
const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

const holder = { name: '李四', phone: '13800000000' };
const chosen = 'Hunan2020spring'; // an admin-chosen password: must never come back
const secrets: string[] = [chosen];
const neverShown: string[] = [chosen]; // passwords the holder or the admin chose
let liSiPassword = '';
const storedHash = async (username: string) => (await db.send(new GetCommand({ TableName: TABLE, Key: keys.account(username) }))).Item!.passwordHash as string;
const hashes: string[] = [];

const auditOf = async (account: string) =>
  (
    (await call('GET', '/api/audit')).body.entries as Array<{
      action: string;
      account?: string;
      actor: { role: string; tokenId: string };
      details: Record<string, unknown>;
    }>
  ).filter((e) => e.account === account);
const accountOf = async (username: string) =>
  // biome-ignore lint/suspicious/noExplicitAny: an account as the API returns it, JSON the tests walk
  ((await call('GET', '/api/accounts')).body.accounts as Array<Record<string, any>>).find((a) => a.username === username)!;
const login = (username: string, password: string) => call('POST', '/api/sessions', { username, password }, { token: null });

beforeAll(async () => {
  await table.setup();
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return (writes.out as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return (writes.err as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;
  expect(
    (await call('PUT', '/api/bases/csxc-01', { name: '长沙科技新城', city: '长沙市', county: '岳麓区', level: 'national', cohort: '第一批' })).status,
  ).toBe(201);
  expect((await call('PUT', '/api/bases/zz-02', { name: '株洲创业园', city: '株洲市', county: '天元区', level: 'provincial' })).status).toBe(201);
});

afterAll(() => {
  process.stdout.write = writes.out;
  process.stderr.write = writes.err;
});

describe('accounts (admin)', () => {
  it('creates an account with a chosen password, which never comes back', async () => {
    const r = await call('POST', '/api/accounts', { username: 'Li.Si', role: 'base', baseId: 'csxc-01', holder, password: chosen });
    expect(r.status).toBe(201);
    expect(r.body.account).toMatchObject({ username: 'li.si', role: 'base', baseId: 'csxc-01', holder, failures: 0, locked: false, disabledAt: null });
    expect(r.body.initialPassword).toBeUndefined();
    expect(r.text).not.toContain(chosen);
    hashes.push(await storedHash('li.si'));
    expect(hashes[0]).toMatch(/^scrypt\$15\$8\$1\$/);
  });
  it('generates an initial password, shown once, when none is given', async () => {
    const r = await call('POST', '/api/accounts', { username: 'wang.wu', role: 'base', baseId: 'zz-02', holder: { name: '王五', phone: '13900000000' } });
    expect(r.status).toBe(201);
    expect(r.body.initialPassword).toMatch(/^[A-Za-z2-9]{14}$/);
    secrets.push(r.body.initialPassword);
    hashes.push(await storedHash('wang.wu'));
    expect((await login('wang.wu', r.body.initialPassword)).status).toBe(201);
  });
  it('refuses a weak password, one equal to the username, a duplicate, an unknown base, and non-admins', async () => {
    const weak = await call('POST', '/api/accounts', { username: 'zhao', role: 'admin', holder, password: 'short1' });
    expect(weak).toMatchObject({ status: 400, body: { error: { fields: { password: '密码至少10个字符' } } } });
    expect((await call('POST', '/api/accounts', { username: 'zhao', role: 'admin', holder, password: 'onlyletters' })).body.error.fields.password).toBe(
      '密码须同时包含字母和数字',
    );
    expect((await call('POST', '/api/accounts', { username: 'zhao2020abc', role: 'admin', holder, password: 'Zhao2020abc' })).body.error.fields.password).toBe(
      '密码不能与账号相同',
    );
    expect((await call('POST', '/api/accounts', { username: 'li.si', role: 'base', baseId: 'csxc-01', holder, password: chosen })).status).toBe(409);
    expect((await call('POST', '/api/accounts', { username: 'nobody', role: 'base', baseId: 'no-such', holder })).body.error.code).toBe('BASE_NOT_FOUND');
    expect((await call('POST', '/api/accounts', { username: 'zhao', role: 'base', holder })).body.error.fields.baseId).toBe('基地账号需指定 baseId');
    expect((await call('GET', '/api/accounts')).body.accounts.map((a: { username: string }) => a.username).sort()).toEqual(['li.si', 'wang.wu']);
    const s = (await login('li.si', chosen)).body.token;
    expect((await call('POST', '/api/accounts', { username: 'zhao', role: 'admin', holder }, { token: s })).status).toBe(403);
    expect((await call('GET', '/api/accounts', undefined, { token: s })).status).toBe(403);
    expect((await call('POST', '/api/accounts/li.si/unlock', undefined, { token: s })).status).toBe(403);
  });
  it('lists accounts without any hash', async () => {
    const r = await call('GET', '/api/accounts');
    for (const a of r.body.accounts) expect(Object.keys(a)).not.toEqual(expect.arrayContaining(['passwordHash']));
    for (const h of hashes) expect(r.text).not.toContain(h.split('$')[5]);
  });
});

describe('sessions', () => {
  it('signs in to a session token in the issued format that works within its role, and is not listed as a token', async () => {
    const r = await login(' LI.SI ', chosen);
    expect(r.status).toBe(201);
    expect(r.body.token).toMatch(/^tb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const hours = (Date.parse(r.body.expiresAt) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(7.9);
    expect(hours).toBeLessThanOrEqual(8);
    const me = await call('GET', '/api/me', undefined, { token: r.body.token });
    expect(me.body).toMatchObject({ role: 'base', baseId: 'csxc-01', name: '李四', account: 'li.si' });
    expect((await call('GET', '/api/bases/csxc-01', undefined, { token: r.body.token })).status).toBe(200);
    expect((await call('GET', '/api/bases/zz-02', undefined, { token: r.body.token })).status).toBe(403);
    expect((await call('GET', '/api/tokens')).body.tokens).toEqual([]);
  });
  it('answers an unknown account exactly as a wrong password', async () => {
    const unknown = await login('nobody', 'Whatever2020x');
    const wrong = await login('wang.wu', 'Whatever2020x');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.body.error).toEqual({ code: 'INVALID_CREDENTIALS', message: '账号或密码不正确' });
    expect((await login('NOT A NAME!', 'x')).body).toEqual(wrong.body);
  });
  it('takes about as long for an unknown account as for a wrong password (scrypt against a dummy hash)', async () => {
    const probe = await call('POST', '/api/accounts', { username: 'timing.probe', role: 'admin', holder });
    secrets.push(probe.body.initialPassword);
    hashes.push(await storedHash('timing.probe'));
    const time = async (username: string) => {
      const t0 = performance.now();
      expect((await login(username, 'Wrong2020pass')).status).toBe(401);
      return performance.now() - t0;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 3; i++) {
      unknown.push(await time('no.such.user'));
      wrong.push(await time('timing.probe'));
    }
    // Without the dummy hash an unknown name costs one GetItem (a few ms), a wrong password a scrypt
    // (≈ 100 ms): generous bounds, for a loaded machine, that still tell the two apart.
    expect(Math.min(...unknown)).toBeGreaterThan(Math.min(...wrong) * 0.4);
    expect((await call('POST', '/api/accounts/timing.probe/disable')).status).toBe(200);
  });
  it('refuses an expired session with 401 令牌已过期', async () => {
    const { token } = (await login('li.si', chosen)).body;
    const tokenId = token.split('_')[1];
    const item = (await db.send(new GetCommand({ TableName: TABLE, Key: keys.token(tokenId) }))).Item!;
    await db.send(new PutCommand({ TableName: TABLE, Item: { ...item, expiresAt: new Date(Date.now() - 1000).toISOString() } }));
    const r = await call('GET', '/api/me', undefined, { token });
    expect(r).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: '令牌已过期' } } });
  });
  it('signs out: the session stops working; an issued token signing out is left alone', async () => {
    const { token } = (await login('li.si', chosen)).body;
    expect((await call('DELETE', '/api/sessions/current', undefined, { token })).body).toEqual({ signedOut: true });
    expect((await call('GET', '/api/me', undefined, { token })).status).toBe(401);
    expect((await call('DELETE', '/api/sessions/current')).body).toEqual({ signedOut: false });
    expect((await call('GET', '/api/me')).status).toBe(200);
  });
});

describe('lockout', () => {
  it('counts concurrent wrong passwords, every one of them', async () => {
    expect((await accountOf('wang.wu')).failures).toBe(1); // the wrong password above
    expect((await login('wang.wu', secrets[1]!)).status).toBe(201); // a right one clears the count
    expect((await accountOf('wang.wu')).failures).toBe(0);
    await Promise.all([1, 2, 3, 4].map(() => login('wang.wu', 'Wrong2020pass')));
    expect((await accountOf('wang.wu')).failures).toBe(4);
  });
  it('locks at the fifth (audited, by the system), refuses even the right password, with until when', async () => {
    const fifth = await login('wang.wu', 'Wrong2020pass');
    expect(fifth.status).toBe(423);
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(fifth.body.error.message).toMatch(/账号已锁定至 \d{4}-\d\d-\d\d \d\d:\d\d.北京时间./);
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(240);
    const right = await login('wang.wu', secrets[1]!);
    expect(right.status).toBe(423);
    const a = await accountOf('wang.wu');
    expect(a).toMatchObject({ failures: 5, locked: true });
    const minutes = (Date.parse(a.lockedUntil) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4);
    expect(minutes).toBeLessThanOrEqual(5);
    const locks = (await auditOf('wang.wu')).filter((e) => e.action === 'account.lock');
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ actor: { role: 'system', tokenId: 'system' }, baseId: 'zz-02', details: { failures: 5, lockedUntil: a.lockedUntil } });
  });
  it('lapses by itself, and the next wrong password locks for twice as long', async () => {
    const later = new Date(Date.parse((await accountOf('wang.wu')).lockedUntil) + 1000);
    await expect(signIn({ username: 'wang.wu', password: 'Wrong2020pass' }, later)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    const a = await accountOf('wang.wu');
    expect(a.failures).toBe(6);
    expect(Date.parse(a.lockedUntil) - later.getTime()).toBe(10 * 60_000);
    expect((await auditOf('wang.wu')).filter((e) => e.action === 'account.lock')).toHaveLength(2);
  });
  it('is unlocked by an admin (audited), and a right password then clears the count', async () => {
    const r = await call('POST', '/api/accounts/Wang.Wu/unlock');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ failures: 0, lockedUntil: null, locked: false });
    const unlock = (await auditOf('wang.wu')).find((e) => e.action === 'account.unlock')!;
    expect(unlock).toMatchObject({ actor: { role: 'admin' }, details: { failures: 6, wasLocked: true } });
    expect((await login('wang.wu', 'Wrong2020pass')).status).toBe(401);
    expect((await accountOf('wang.wu')).failures).toBe(1);
    expect((await login('wang.wu', secrets[1]!)).status).toBe(201);
    expect((await accountOf('wang.wu')).failures).toBe(0);
  });
  it('takes a burst of wrong passwords: exactly one lock, at five, and none counted while locked', async () => {
    const burst = await Promise.all(Array.from({ length: 8 }, () => login('wang.wu', 'Wrong2020pass')));
    const statuses = burst.map((r) => r.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 423, 423, 423, 423]);
    const a = await accountOf('wang.wu');
    expect(a).toMatchObject({ failures: 5, locked: true });
    expect((await auditOf('wang.wu')).filter((e) => e.action === 'account.lock')).toHaveLength(3);
    expect((await call('POST', '/api/accounts/wang.wu/unlock')).status).toBe(200);
  });
});

describe('handover: disable, enable, reset', () => {
  it('disabling ends the sessions at once; enabling does not revive them; both audited', async () => {
    const { token } = (await login('li.si', chosen)).body;
    expect((await call('GET', '/api/me', undefined, { token })).status).toBe(200);
    expect((await call('POST', '/api/accounts/li.si/disable')).body.disabledAt).toBeTruthy();
    expect((await call('GET', '/api/me', undefined, { token })).body.error.message).toBe('账号已停用');
    const refused = await login('li.si', chosen);
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'ACCOUNT_DISABLED' } } });
    expect((await login('li.si', 'Wrong2020pass')).body.error.code).toBe('INVALID_CREDENTIALS');
    expect((await call('POST', '/api/accounts/li.si/enable')).body.disabledAt).toBeNull();
    expect((await call('GET', '/api/me', undefined, { token })).status).toBe(401);
    expect((await login('li.si', chosen)).status).toBe(201);
    expect((await auditOf('li.si')).map((e) => e.action)).toEqual(expect.arrayContaining(['account.create', 'account.disable', 'account.enable']));
    expect((await call('POST', '/api/accounts/nobody/disable')).status).toBe(404);
  });
  it('a reset shows a new initial password once, ends the sessions and retires the old password (audited)', async () => {
    const { token } = (await login('li.si', chosen)).body;
    const r = await call('POST', '/api/accounts/li.si/reset');
    expect(r.status).toBe(200);
    expect(r.body.initialPassword).toMatch(/^[A-Za-z2-9]{14}$/);
    secrets.push(r.body.initialPassword);
    liSiPassword = r.body.initialPassword;
    hashes.push(await storedHash('li.si'));
    expect((await call('GET', '/api/me', undefined, { token })).status).toBe(401);
    expect((await login('li.si', chosen)).status).toBe(401);
    expect((await login('li.si', r.body.initialPassword)).status).toBe(201);
    expect((await auditOf('li.si')).map((e) => e.action)).toContain('account.reset');
  });
});

describe('the holder changes their own password', () => {
  const chosenByHolder = 'Changsha2021autumn';
  it('with the current one again; this session goes on, the others end; audited', async () => {
    neverShown.push(chosenByHolder);
    const first = (await login('li.si', liSiPassword)).body;
    expect(first.mustChangePassword).toBe(true);
    const other = (await login('li.si', liSiPassword)).body.token;
    const wrong = await call('PUT', '/api/me/password', { currentPassword: 'Wrong2020pass', newPassword: chosenByHolder }, { token: first.token });
    expect(wrong).toMatchObject({ status: 400, body: { error: { fields: { currentPassword: '当前密码不正确' } } } });
    expect((await accountOf('li.si')).failures).toBe(1); // counted like a sign-in
    const weak = await call('PUT', '/api/me/password', { currentPassword: liSiPassword, newPassword: 'li.si' }, { token: first.token });
    expect(weak.body.error.fields.newPassword).toBe('密码至少10个字符');
    const same = await call('PUT', '/api/me/password', { currentPassword: liSiPassword, newPassword: liSiPassword }, { token: first.token });
    expect(same.body.error.fields.newPassword).toBe('新密码不能与当前密码相同');
    const ok = await call('PUT', '/api/me/password', { currentPassword: liSiPassword, newPassword: chosenByHolder }, { token: first.token });
    expect(ok.status).toBe(200);
    hashes.push(await storedHash('li.si'));
    expect((await call('GET', '/api/me', undefined, { token: first.token })).status).toBe(200);
    expect((await call('GET', '/api/me', undefined, { token: other })).status).toBe(401);
    expect((await login('li.si', liSiPassword)).status).toBe(401);
    const again = await login('li.si', chosenByHolder);
    expect(again.body.mustChangePassword).toBe(false);
    expect(await accountOf('li.si')).toMatchObject({ failures: 0, mustChangePassword: false });
    const entry = (await auditOf('li.si')).find((e) => e.action === 'account.password')!;
    expect(entry.actor).toMatchObject({ role: 'base', account: 'li.si' });
  });
  it('is for accounts: an issued token has no password to change', async () => {
    expect((await call('PUT', '/api/me/password', { currentPassword: 'x', newPassword: 'Changsha2021autumn' })).body.error.code).toBe('NOT_AN_ACCOUNT');
  });
});

describe('an admin signed in with an account', () => {
  it('is named in the audit by account, not only by the session id', async () => {
    const created = await call('POST', '/api/accounts', { username: 'sheng.admin', role: 'admin', holder: { name: '省厅管理员', phone: '0731-88888888' } });
    secrets.push(created.body.initialPassword);
    hashes.push(await storedHash('sheng.admin'));
    const { token } = (await login('sheng.admin', created.body.initialPassword)).body;
    expect((await call('POST', '/api/accounts/wang.wu/disable', undefined, { token })).status).toBe(200);
    const entry = (await auditOf('wang.wu')).find((e) => e.action === 'account.disable')!;
    expect(entry.actor).toMatchObject({ role: 'admin', name: '省厅管理员', account: 'sheng.admin', tokenId: token.split('_')[1] });
    expect((await call('POST', '/api/accounts/wang.wu/enable', undefined, { token })).status).toBe(200);
  });
});

describe('hostile input', () => {
  const hostile = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.constantFrom('', ' ', '\u0000', '\ud800', 'A'.repeat(5000), '../li.si', 'li.si/../wang.wu', '%00', '<script>', '__proto__', 'constructor'),
  );
  const anyJson = fc.oneof(fc.anything({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }));
  const enc = (s: string) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return '%ED%A0%80';
    }
  };
  it('never answers 5xx, writes no account and locks nobody on junk, however it comes', async () => {
    const before = JSON.stringify(await queryPartition(keys.accountPk));
    const auditBefore = (await call('GET', '/api/audit')).body.entries.length;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ body: anyJson }).map(({ body }) => ({ method: 'POST', path: '/api/sessions', body, token: null as string | null })),
          fc
            .record({ username: hostile, password: fc.oneof(hostile, anyJson) })
            .map((body) => ({ method: 'POST', path: '/api/sessions', body, token: null as string | null })),
          fc.record({ body: anyJson }).map(({ body }) => ({ method: 'POST', path: '/api/accounts', body, token: undefined as string | null | undefined })),
          fc.record({ u: hostile, action: fc.constantFrom('reset', 'disable', 'enable', 'unlock') }).map(({ u, action }) => ({
            method: 'POST',
            path: `/api/accounts/${enc(u)}/${action}`,
            body: undefined as unknown,
            token: ('tb_0123456789abcdef_' + 'x'.repeat(43)) as string | null,
          })),
          fc.record({ u: hostile }).map(({ u }) => ({
            method: 'POST',
            path: `/api/accounts/${enc(u)}/unlock`,
            body: undefined as unknown,
            token: undefined as string | null | undefined,
          })),
        ),
        async (r) => {
          const res = await call(r.method, r.path, r.body, r.token === undefined ? {} : { token: r.token });
          expect(res.status, `${r.method} ${r.path} ${res.text}`).toBeLessThan(500);
          expect(res.status).not.toBe(201);
        },
      ),
      { numRuns: 120 },
    );
    // Wrong passwords for real accounts would count (that is their point); junk names never match one.
    expect(JSON.stringify(await queryPartition(keys.accountPk))).toBe(before);
    expect((await call('GET', '/api/audit')).body.entries.length).toBe(auditBefore);
  }, 120_000);
});

describe('secrets', () => {
  it('no response, audit entry or log line holds a password or a hash (initial passwords only in the one answer that shows them)', async () => {
    const audit = await call('GET', '/api/audit');
    expect(audit.body.entries.filter((e: { action: string }) => e.action.startsWith('account.')).length).toBeGreaterThanOrEqual(8);
    const keyParts = hashes.flatMap((h) => h.split('$').slice(4));
    expect(keyParts.length).toBe(hashes.length * 2);
    for (const r of responses) {
      for (const k of keyParts) expect(r.text).not.toContain(k);
      expect(r.text).not.toContain('passwordHash');
      for (const p of neverShown) expect(r.text).not.toContain(p);
      for (const s of secrets.slice(1)) if (r.text.includes(s)) expect(r.body.initialPassword).toBe(s);
    }
    const shown = secrets.slice(1).map((s) => responses.filter((r) => r.text.includes(s)).length);
    expect(shown).toEqual(secrets.slice(1).map(() => 1));
    const log = logged.join('');
    for (const s of [...secrets, ...neverShown, ...keyParts]) expect(log).not.toContain(s);
  });
  it('keeps every session in the store as a hash with its expiry and account', async () => {
    const { token, expiresAt } = (await login('wang.wu', secrets[1]!)).body;
    const item = (await db.send(new GetCommand({ TableName: TABLE, Key: keys.token(token.split('_')[1]) }))).Item!;
    expect(item).toMatchObject({ accountId: 'wang.wu', expiresAt, role: 'base', baseId: 'zz-02' });
    expect(JSON.stringify(item)).not.toContain(token.slice('tb_0123456789abcdef_'.length));
  });
});
