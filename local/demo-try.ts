// The part of `npm run demo` that lets a new user try Tongbao at once (issue 19): the quarter
// after the demo's data (2021Q1) is left open for the bases, and sign-ins are printed for a base's
// information administrator, a city and the province. The issued tokens are kept in
// DATA_DIR/demo-signins.json (a secret, like DATA_DIR/admin-token) and reused while they still
// work, so running the demo again issues nothing new.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { periodLabel } from '../shared/periods';

/** The quarter a new user can file: the one after the demo's last, open until far ahead. */
export const TRY_QUARTER = '2021Q1';
export const TRY_SCHEDULE = { opensAt: '2021-03-20T00:00:00+08:00', dueAt: '2099-04-10T23:59:59+08:00', closesAt: '2099-04-30T23:59:59+08:00' };

interface Reply {
  status: number;
  body: unknown;
}
type Call = (method: string, path: string, body?: unknown) => Promise<Reply>;

interface SignIn {
  role: 'base' | 'city';
  label: string;
  token: string;
}

const holder = (name: string) => ({ name, phone: '13800000000' });

/** Opens TRY_QUARTER, issues (or reuses) the sign-ins, and returns what to print. */
export async function prepareTryIt(call: Call, url: string, dataDir: string, base: { baseId: string; name: string; city: string }): Promise<string[]> {
  await call('PUT', `/api/periods/${TRY_QUARTER}`, TRY_SCHEDULE);
  const file = join(dataDir, 'demo-signins.json');
  const kept: SignIn[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SignIn[]) : [];
  const works = async (s: SignIn | undefined) => {
    if (!s) return false;
    const r = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${s.token}` } });
    return r.ok;
  };
  const issue = async (role: SignIn['role'], body: Record<string, unknown>, label: string): Promise<SignIn> => {
    const existing = kept.find((s) => s.role === role && s.label === label);
    if (await works(existing)) return existing!;
    const r = await call('POST', '/api/tokens', { role, ...body });
    if (r.status !== 201) throw new Error(`issuing the demo's ${role} sign-in: ${r.status} ${JSON.stringify(r.body)}`);
    return { role, label, token: (r.body as { token: string }).token };
  };
  const signIns = [
    await issue('base', { baseId: base.baseId, holder: holder('演示基地信息管理员') }, base.name),
    await issue('city', { city: base.city, holder: holder('演示市州管理员') }, base.city),
  ];
  writeFileSync(file, JSON.stringify(signIns, null, 2), { mode: 0o600 });
  return [
    `Try it: open ${url} and sign in (令牌登录) with`,
    `  基地信息管理员 (${base.name}): ${signIns[0]!.token}`,
    // The quarter as 我的填报 names it (2021年一季度), so the row can be found by what was printed.
    `      → 我的填报 → ${periodLabel(TRY_QUARTER)} (open until 2099) → 开始填报`,
    `  市州管理员 (${base.city}):      ${signIns[1]!.token}`,
    `  省级管理员:                     the admin token (${join(dataDir, 'admin-token')})`,
    `  (kept in ${file}; the demo reuses them while they work)`,
  ];
}
