// Tokens and roles (SPEC §1). A token is `tb_<tokenId>_<secret>`: the id finds the record, the
// secret (256 random bits) is only ever stored as its SHA-256. All access checks live here.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { CARRIER_ID } from './carriers/registry';
import { ForbiddenError, UnauthorizedError } from './errors';
import { PLATFORM_ID } from './platforms/registry';
import type { AnyProgram } from './program';
import { cityField } from './province';
import { provinceOfScope, qualifiedCityScope } from './provinces-cn';
import { BASE_ID, plainText } from './registry';

/** admin, city, and one filer role per program (a base's, a platform's information administrator). */
export type Role = 'admin' | 'city' | 'base' | 'platform' | 'carrier';

export interface Holder {
  name: string;
  phone: string;
}

export interface TokenRecord {
  tokenId: string;
  hash: string;
  role: Role;
  baseId?: string | null;
  platformId?: string | null;
  carrierId?: string | null;
  city?: string | null;
  /** A national deployment's admin or city user of one province (none: a national role). */
  province?: string | null;
  holder: Holder;
  createdAt: string;
  createdBy: string;
  revokedAt?: string | null;
  revokedBy?: string | null;
  /** A session (account sign-in) ends at this instant; issued tokens have none. */
  expiresAt?: string | null;
  /** The account a session belongs to, and the account's session epoch when it was signed in. */
  accountId?: string | null;
  epoch?: number | null;
  /** A session's end plus a day, in epoch seconds: a DynamoDB TTL on `ttl` may remove ended sessions. */
  ttl?: number;
}

export interface Principal {
  role: Role;
  tokenId: string;
  name: string;
  baseId?: string;
  platformId?: string;
  carrierId?: string;
  city?: string;
  /** A national deployment (PROVINCE=全国): the one province this admin or city user sees; none for a national role. */
  province?: string;
  /** Set when signed in with an account: its username (the tokenId is then the session's). */
  account?: string;
}

/** What GET /api/me answers: who is signed in, and the programs whose filings a city pre-checks (初审). */
export type MeView = Principal & { twoLevelReview: string[] };

export const ADMIN_TOKEN_ID = 'admin';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function newToken(): { tokenId: string; secret: string; token: string; hash: string } {
  const tokenId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { tokenId, secret, token: `tb_${tokenId}_${secret}`, hash: sha256(secret) };
}

const TOKEN = /^tb_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export type BearerParse = { kind: 'issued'; tokenId: string; secret: string } | { kind: 'other'; token: string };

/** Extracts the bearer token; throws 401 when the header is missing or malformed. */
export function parseBearer(header: string | undefined): BearerParse {
  const m = /^Bearer\s+(\S{1,512})\s*$/i.exec(header ?? '');
  if (!m) throw new UnauthorizedError('缺少 Authorization: Bearer <令牌>');
  const token = m[1]!;
  const t = TOKEN.exec(token);
  return t ? { kind: 'issued', tokenId: t[1]!, secret: t[2]! } : { kind: 'other', token };
}

export function hashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\-\s()]{5,20}$/, '联系电话格式不正确');
const holderSchema = z
  .object({
    name: plainText('持有人姓名', 50),
    phone,
  })
  .strict();

const roleFields = {
  role: z.enum(['admin', 'city', 'base', 'platform', 'carrier'], { error: 'role 应为 admin、city、base、platform 或 carrier' }),
  baseId: z.string().regex(BASE_ID, '基地编号格式不正确').optional(),
  platformId: z.string().regex(PLATFORM_ID, '平台编号格式不正确').optional(),
  carrierId: z.string().regex(CARRIER_ID, '载体编号格式不正确').optional(),
  city: cityField('市州', '市州不正确').optional(),
  province: plainText('省份', 20).optional(),
  holder: holderSchema,
};

type RoleShape = { role: Role; baseId?: string; platformId?: string; carrierId?: string; city?: string; province?: string };

/**
 * The rules tying a role to its id field, for tokens and accounts alike (`noun`: 令牌 or 账号).
 * A field the role does not use is a mistake to point out, not to drop: a city token with a
 * baseId was probably meant as a base token.
 */
function withRoleRules<S extends z.ZodType<RoleShape>>(schema: S, noun: string) {
  return schema
    .refine((r) => r.role !== 'base' || !!r.baseId, { message: `基地${noun}需指定 baseId`, path: ['baseId'] })
    .refine((r) => r.role !== 'platform' || !!r.platformId, { message: `平台${noun}需指定 platformId`, path: ['platformId'] })
    .refine((r) => r.role !== 'carrier' || !!r.carrierId, { message: `载体${noun}需指定 carrierId`, path: ['carrierId'] })
    .refine((r) => r.role !== 'city' || !!r.city, { message: `市州${noun}需指定 city`, path: ['city'] })
    .refine((r) => r.role === 'base' || r.baseId === undefined, { message: `只有基地${noun}可指定 baseId`, path: ['baseId'] })
    .refine((r) => r.role === 'platform' || r.platformId === undefined, { message: `只有平台${noun}可指定 platformId`, path: ['platformId'] })
    .refine((r) => r.role === 'carrier' || r.carrierId === undefined, { message: `只有载体${noun}可指定 carrierId`, path: ['carrierId'] })
    .refine((r) => r.role === 'city' || r.city === undefined, { message: `只有市州${noun}可指定 city`, path: ['city'] });
}

export const tokenRequestSchema = withRoleRules(z.object(roleFields).strict(), '令牌');

/** Account names: lower-case letters, digits, `.`, `_`, `-`; 3–32 characters, starting with a letter or digit. */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;
const username = z.string({ error: '账号:必填' }).trim().toLowerCase().regex(USERNAME, '账号应为3-32位小写字母、数字或 . _ -,以字母或数字开头');

/** An account: the token roles' fields and rules, plus a username and an optional password. */
export const accountRequestSchema = withRoleRules(
  z.object({ ...roleFields, username, password: z.string({ error: '密码应为文字' }).max(128, '密码最长128个字符').optional() }).strict(),
  '账号',
);

export type AccountRequest = z.infer<typeof accountRequestSchema>;

export type TokenRequest = z.infer<typeof tokenRequestSchema>;

// ---- access rules: the one place that decides who may do what --------------------------------

export function requireAdmin(p: Principal): void {
  if (p.role !== 'admin') throw new ForbiddenError('仅省级管理员可执行该操作');
}

export function requireAdminOrCity(p: Principal): void {
  if (p.role === 'base') throw new ForbiddenError('基地用户无权查看汇总数据');
  if (p.role === 'platform') throw new ForbiddenError('平台用户无权查看汇总数据');
  if (p.role === 'carrier') throw new ForbiddenError('载体用户无权查看汇总数据');
}

/** The entity a filer's token names in `program` (a base token names none in the platforms). */
export const ownEntity = (program: AnyProgram, p: Principal): string | undefined => (p.role === program.role ? p[program.idKey] : undefined);

/** Whether a principal of one province (national deployment) may see an entity: always when it has none. */
const inProvince = (p: Principal, e: { province?: string | null }) => !p.province || e.province === p.province;

/** A national deployment's province admin or city user acts on its own province's entities only. */
export const withinProvince = inProvince;

/** An entity in a registry listing: admin any (a province's admin: its province's); city its own city's. */
export function canSeeEntity(p: Principal, e: { city: string; province?: string | null }): boolean {
  if (p.role === 'admin') return inProvince(p, e);
  if (p.role === 'city') return p.city === e.city && inProvince(p, e);
  return false;
}

/** Read an entity's data: admin any (a province's admin: its province's); city its own city's; the filer only itself. */
export function canRead(program: AnyProgram, p: Principal, e: { id: string; city: string; province?: string | null }): boolean {
  if (p.role === 'admin') return inProvince(p, e);
  if (p.role === 'city') return p.city === e.city && inProvince(p, e);
  return ownEntity(program, p) === e.id;
}

/** Write an entity's filing: admin any; the filer only itself; city and other programs' filers never. */
export function canWrite(program: AnyProgram, p: Principal, id: string): boolean {
  return p.role === 'admin' || ownEntity(program, p) === id;
}

/** Read a base's data: admin any; city its own city's bases; base only itself. */
export function canReadBase(p: Principal, base: { baseId: string; city: string }): boolean {
  if (p.role === 'admin') return true;
  if (p.role === 'city') return p.city === base.city;
  return p.baseId === base.baseId;
}

/** Write a base's filing: admin any; base only itself; city never. */
export function canWriteBase(p: Principal, baseId: string): boolean {
  return p.role === 'admin' || (p.role === 'base' && p.baseId === baseId);
}

/** The city scope key of a city user: `city:长沙市`, or `city:湖南省/长沙市` in a national deployment. */
export const ownCityScope = (p: Principal) => (p.province ? qualifiedCityScope(p.province, p.city ?? '') : `city:${p.city}`);

/**
 * The aggregate scope a principal may read; a city user is confined to its own city, a
 * province's admin (national deployment) to its province and the province's cities.
 */
export function allowedScope(p: Principal, requested: string): boolean {
  if (p.role === 'admin') return !p.province || provinceOfScope(requested) === p.province;
  if (p.role === 'city') return requested === ownCityScope(p);
  return false;
}
