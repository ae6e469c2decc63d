// Passwords of sign-in accounts (issue 19): the rules a password must meet, scrypt hashing and
// verification, generated initial passwords and the lockout schedule. Pure functions (besides
// randomness and scrypt's thread pool), tested in test/unit/passwords.test.ts.
//
// A stored hash is `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<key base64url>`: the parameters
// travel with the hash, so raising them later keeps every existing password working.

import { randomBytes, randomInt, type ScryptOptions, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';

/** N = 2^15, r = 8, p = 1 (OWASP's scrypt minimum): 32 MiB and some 50–100 ms per hash on Lambda. */
export const SCRYPT = { logN: 15, r: 8, p: 1, keyLength: 32, saltBytes: 16 } as const;

/** 128·N·r plus headroom: node's default maxmem (32 MiB) is exactly 128·2^15·8 and refuses it. */
const maxmemFor = (logN: number, r: number) => 128 * 2 ** logN * r * 2;

function scrypt(password: string, salt: Buffer, keyLength: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, keyLength, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, params: { logN: number; r: number; p: number } = SCRYPT): Promise<string> {
  const salt = randomBytes(SCRYPT.saltBytes);
  const key = await scrypt(password, salt, SCRYPT.keyLength, { N: 2 ** params.logN, r: params.r, p: params.p, maxmem: maxmemFor(params.logN, params.r) });
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

// 16-byte salt, 32-byte key exactly: scrypt's shorter outputs are prefixes of its longer ones,
// so a truncated key must not be taken for a (weaker) valid one.
const STORED = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

/** True when `password` matches the stored hash; compares in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = STORED.exec(stored);
  if (!m) return false;
  const [logN, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 4) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await scrypt(password, Buffer.from(m[4]!, 'base64url'), expected.length, { N: 2 ** logN, r, p, maxmem: maxmemFor(logN, r) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * The hash of a random password nobody kept, with today's parameters: an unknown username is
 * checked against it, so that it costs the same scrypt as a wrong password (no timing oracle).
 * A constant, not made at start-up: making it would cost the first such request a second scrypt
 * (itself a tell), or every cold start one. Its result is never used to let anyone in.
 */
export const DUMMY_HASH = 'scrypt$15$8$1$MRJplpk4XlKkFy__FFB9ng$Y9oJXCgmfzQRJGZvS1QmG1zlf8hAYtJwj66Ewo5qndI';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

/** Why a password is refused (Chinese, for the person choosing it), or undefined when it is acceptable. */
export function passwordProblem(password: string, username: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `密码至少${PASSWORD_MIN}个字符`;
  if (password.length > PASSWORD_MAX) return `密码最长${PASSWORD_MAX}个字符`;
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) return '密码须同时包含字母和数字';
  if (/[\p{Cc}\p{Cs}]/u.test(password)) return '密码不能包含控制字符';
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) return '密码不能与账号相同';
  return undefined;
}

// No 0/O, 1/l/I: an initial password is read out or typed from a slip of paper.
const LETTERS = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const ALPHABET = LETTERS + DIGITS;

/** An initial password: 14 characters (≈ 80 bits), at least one letter and one digit. */
export function generatePassword(length = 14): string {
  for (;;) {
    let s = '';
    for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    if (/[a-zA-Z]/.test(s) && /\d/.test(s)) return s;
  }
}

// ---- lockout ------------------------------------------------------------------------------

/** Wrong passwords in a row before the account locks. */
export const LOCK_AFTER = 5;
const FIRST_LOCK_MS = 5 * 60_000;
const MAX_LOCK_MS = 60 * 60_000;

/**
 * How long the account locks after its `failures`-th wrong password in a row: nothing before the
 * fifth, then 5 min, doubling with every further failure (10, 20, 40 min), capped at 1 h.
 */
export function lockDurationMs(failures: number): number {
  if (failures < LOCK_AFTER) return 0;
  const exp = failures - LOCK_AFTER;
  return exp >= 4 ? MAX_LOCK_MS : Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** exp);
}

/** The account's state after one more wrong password at `now`. */
export function afterFailure(failures: number, now: Date): { failures: number; lockedUntil: string | null } {
  const n = failures + 1;
  const ms = lockDurationMs(n);
  return { failures: n, lockedUntil: ms ? new Date(now.getTime() + ms).toISOString() : null };
}

export const isLocked = (lockedUntil: string | null | undefined, now: Date) => !!lockedUntil && Date.parse(lockedUntil) > now.getTime();

/** `2026-12-07 09:30`, Beijing time, for a message saying until when. */
export function beijingTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  // Round up to the minute: "until 09:30" must not be before the lock ends.
  if (d.getUTCSeconds() || d.getUTCMilliseconds()) d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}
