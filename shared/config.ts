// Configuration, read once at start-up. A bad value stops the process with a clear message
// instead of surfacing later as a confusing failure.

import { createHash } from 'node:crypto';
import { DEFAULT_PROVINCE, findProvince, PROVINCES, type Province, setProvinceInForce } from './province';

export interface Config {
  /** DynamoDB table holding everything (single-table design, see README). */
  tableName: string;
  /** Use this DynamoDB endpoint (DynamoDB Local, or a running instance) instead of AWS's. */
  dynamodbEndpoint: string | undefined;
  region: string;
  /** SHA-256 (hex) of the admin token; the admin token itself is never kept in memory longer than needed. */
  adminTokenHash: string | undefined;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /**
   * A bulletin whose period has fewer filers than this percentage of the bases expected to file
   * says so on its first page and in the response headers (COMPLETENESS_WARN_BELOW, default 90).
   */
  completenessWarnBelow: number;
  /**
   * The province this deployment serves (PROVINCE: its name, short name or ASCII id — 湖南省, 四川,
   * sichuan; default 湖南省): titles, the 落款, its 市州 and their county-level units. PROVINCE=全国
   * (or national) serves all 31 provinces from one deployment (README "National deployment").
   */
  province: Province;
  /**
   * Programs whose filings a city pre-checks (初审) before the province reviews them (复审):
   * TWO_LEVEL_REVIEW=bases,platforms. Default none: the province alone reviews.
   */
  twoLevelReview: ReadonlySet<string>;
  /** How long an account sign-in (session token) lasts, in hours (SESSION_HOURS, default 8). */
  sessionHours: number;
}

export class ConfigError extends Error {}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  return n;
}

const PROGRAM_NAMES = ['bases', 'platforms', 'carriers'];

function programsEnv(env: NodeJS.ProcessEnv, name: string): ReadonlySet<string> {
  const raw = (env[name] ?? '').trim();
  const list = raw ? raw.split(',').map((x) => x.trim()) : [];
  const bad = list.filter((x) => !PROGRAM_NAMES.includes(x));
  if (bad.length) throw new ConfigError(`${name} must list programs among ${PROGRAM_NAMES.join(', ')}, got "${raw}"`);
  return new Set(list);
}

function provinceEnv(env: NodeJS.ProcessEnv): Province {
  const raw = env.PROVINCE;
  if (raw === undefined || raw.trim() === '') return DEFAULT_PROVINCE;
  const p = findProvince(raw);
  if (!p)
    throw new ConfigError(
      `PROVINCE must name a known province, got "${raw}"; known: ${PROVINCES.map((k) => `${k.name} (${k.id})`).join(', ')}, or 全国 (national) for all 31`,
    );
  return p;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const tableName = env.TABLE_NAME || 'tongbao';
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(tableName)) throw new ConfigError(`TABLE_NAME "${tableName}" is not a valid DynamoDB table name`);
  const endpoint = env.DYNAMODB_ENDPOINT || undefined;
  if (endpoint && !/^https?:\/\/[^\s]+$/.test(endpoint)) throw new ConfigError(`DYNAMODB_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
  // ADMIN_TOKEN (local) is hashed here; on AWS only its SHA-256 is configured. A hash that is
  // set is checked even when ADMIN_TOKEN wins, so a typo is reported, not silently ignored.
  const configuredHash = env.ADMIN_TOKEN_SHA256 || undefined;
  if (configuredHash && !/^[0-9a-f]{64}$/.test(configuredHash)) throw new ConfigError('ADMIN_TOKEN_SHA256 must be 64 lowercase hex characters');
  const adminTokenHash = env.ADMIN_TOKEN ? createHash('sha256').update(env.ADMIN_TOKEN).digest('hex') : configuredHash;
  if (configuredHash && adminTokenHash !== configuredHash)
    throw new ConfigError('ADMIN_TOKEN and ADMIN_TOKEN_SHA256 are both set and do not match: set one of them');
  return {
    tableName,
    dynamodbEndpoint: endpoint,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'cn-north-1',
    adminTokenHash,
    maxBodyBytes: intEnv(env, 'MAX_BODY_BYTES', 256 * 1024, 1024, 6 * 1024 * 1024),
    completenessWarnBelow: intEnv(env, 'COMPLETENESS_WARN_BELOW', 90, 0, 100),
    province: provinceEnv(env),
    twoLevelReview: programsEnv(env, 'TWO_LEVEL_REVIEW'),
    sessionHours: intEnv(env, 'SESSION_HOURS', 8, 1, 72),
  };
}

export const config: Config = loadConfig();
// The schemas shared with the pages check cities against the province in force (shared/province.ts).
setProvinceInForce(config.province);
