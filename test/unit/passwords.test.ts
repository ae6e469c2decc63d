import { describe, expect, it } from 'vitest';
import { accountRequestSchema, tokenRequestSchema } from '../../shared/auth';
import {
  afterFailure,
  beijingTime,
  DUMMY_HASH,
  generatePassword,
  hashPassword,
  isLocked,
  lockDurationMs,
  passwordProblem,
  SCRYPT,
  verifyPassword,
} from '../../shared/passwords';

describe('password rules', () => {
  it('asks for ten characters with letters and digits, not the username', () => {
    expect(passwordProblem('abc12', 'li.si')).toBe('密码至少10个字符');
    expect(passwordProblem('abcdefghijk', 'li.si')).toBe('密码须同时包含字母和数字');
    expect(passwordProblem('12345678901', 'li.si')).toBe('密码须同时包含字母和数字');
    expect(passwordProblem('zhangsan2020', 'zhangsan2020')).toBe('密码不能与账号相同');
    expect(passwordProblem('ZhangSan2020', 'zhangsan2020')).toBe('密码不能与账号相同');
    expect(passwordProblem('a'.repeat(128) + '1', 'li.si')).toBe('密码最长128个字符');
    expect(passwordProblem('abc\u0000defg123', 'li.si')).toBe('密码不能包含控制字符');
    expect(passwordProblem('Hunan2020spring', 'li.si')).toBeUndefined();
    expect(passwordProblem('湖南省创业基地2020年', 'li.si')).toBeUndefined(); // Chinese characters are letters
  });
  it('generates initial passwords that meet the rules, without look-alike characters', () => {
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toHaveLength(14);
      expect(passwordProblem(p, 'li.si')).toBeUndefined();
      expect(p).not.toMatch(/[0O1lI]/);
    }
    expect(new Set(Array.from({ length: 50 }, () => generatePassword())).size).toBe(50);
  });
});

describe('scrypt', () => {
  it('hashes with a random salt and verifies only the right password', async () => {
    const a = await hashPassword('Hunan2020spring');
    const b = await hashPassword('Hunan2020spring');
    expect(a).toMatch(new RegExp(`^scrypt\\$${SCRYPT.logN}\\$8\\$1\\$`));
    expect(a).not.toBe(b); // salted
    expect(a).not.toContain('Hunan2020spring');
    expect(await verifyPassword('Hunan2020spring', a)).toBe(true);
    expect(await verifyPassword('Hunan2020sprinG', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });
  it('keeps a dummy hash with the current parameters, for unknown usernames to cost the same scrypt', async () => {
    expect(DUMMY_HASH.split('$').slice(0, 4)).toEqual(['scrypt', String(SCRYPT.logN), String(SCRYPT.r), String(SCRYPT.p)]);
    expect(await verifyPassword('Hunan2020spring', DUMMY_HASH)).toBe(false);
  });
  it('verifies with the parameters stored in the hash, and never matches a malformed one', async () => {
    const cheap = await hashPassword('Hunan2020spring', { logN: 10, r: 8, p: 1 });
    expect(await verifyPassword('Hunan2020spring', cheap)).toBe(true);
    expect(await verifyPassword('Hunan2020spring', 'nonsense')).toBe(false);
    expect(await verifyPassword('Hunan2020spring', cheap.replace('scrypt$10', 'scrypt$30'))).toBe(false); // no 2^30 memory bomb
    expect(await verifyPassword('Hunan2020spring', cheap.slice(0, -4))).toBe(false);
  });
});

describe('lockout schedule', () => {
  it('locks at the fifth wrong password for 5 min, doubling per further failure, capped at 1 h', () => {
    expect([0, 1, 2, 3, 4].map(lockDurationMs)).toEqual([0, 0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 50, 1000].map((n) => lockDurationMs(n) / 60_000)).toEqual([5, 10, 20, 40, 60, 60, 60, 60]);
  });
  it('counts one failure and says until when', () => {
    const now = new Date('2026-12-07T01:00:00Z');
    expect(afterFailure(3, now)).toEqual({ failures: 4, lockedUntil: null });
    expect(afterFailure(4, now)).toEqual({ failures: 5, lockedUntil: '2026-12-07T01:05:00.000Z' });
    expect(afterFailure(5, now)).toEqual({ failures: 6, lockedUntil: '2026-12-07T01:10:00.000Z' });
    expect(isLocked('2026-12-07T01:05:00.000Z', now)).toBe(true);
    expect(isLocked('2026-12-07T01:00:00.000Z', now)).toBe(false);
    expect(isLocked(null, now)).toBe(false);
    expect(beijingTime('2026-12-07T01:05:00.000Z')).toBe('2026-12-07 09:05');
    expect(beijingTime('2026-12-07T01:05:00.500Z')).toBe('2026-12-07 09:06'); // rounded up, never before the end
  });
});

describe('account requests share the token roles and their rules', () => {
  const holder = { name: '李四', phone: '13800000000' };
  it('takes a username and an optional password besides the token fields', () => {
    expect(accountRequestSchema.parse({ username: ' Li.Si ', role: 'base', baseId: 'csxc-01', holder })).toMatchObject({ username: 'li.si', role: 'base' });
    expect(accountRequestSchema.safeParse({ username: 'li.si', role: 'base', holder }).error?.issues[0]?.message).toBe('基地账号需指定 baseId');
    expect(accountRequestSchema.safeParse({ username: 'li.si', role: 'city', city: '长沙市', baseId: 'csxc-01', holder }).error?.issues[0]?.message).toBe(
      '只有基地账号可指定 baseId',
    );
    expect(accountRequestSchema.safeParse({ username: 'x', role: 'admin', holder }).success).toBe(false);
    expect(accountRequestSchema.safeParse({ username: '张三', role: 'admin', holder }).success).toBe(false);
    expect(accountRequestSchema.safeParse({ username: 'li.si', role: 'admin', holder, extra: 1 }).success).toBe(false);
    // and the token schema is as it was
    expect(tokenRequestSchema.safeParse({ role: 'base', holder }).error?.issues[0]?.message).toBe('基地令牌需指定 baseId');
    expect(tokenRequestSchema.safeParse({ role: 'base', baseId: 'csxc-01', holder, username: 'x' }).success).toBe(false);
  });
});
