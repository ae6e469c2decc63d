// Where exported files go (README "National deployment"): an object store with expiring links.
// On AWS: S3 (EXPORT_BUCKET, the stateful stack's bucket; a lifecycle rule expires exports) and
// a presigned GET. Locally: files under DATA_DIR/objects, served by the local HTTP server at
// /objects/<key> behind an HMAC-signed link that expires — so the use cases run the same code on
// both, and a forged or expired local link is refused as a presigned one is on S3.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface ObjectStore {
  readonly kind: 's3' | 'local';
  /** Stores `body` under `key` (overwrites). */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** A link that downloads `key` as `fileName` until `expiresInSeconds` from `now`. */
  presign(key: string, fileName: string, expiresInSeconds: number, now?: Date): Promise<string>;
}

/** Object keys Tongbao writes: `exports/<jobId>.xlsx` — no `..`, no leading slash. */
export const OBJECT_KEY = /^[a-z0-9-]+(\/[a-z0-9-]+)*\.[a-z]{3,4}$/;

const contentDisposition = (fileName: string) => `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;

// ---- S3 -----------------------------------------------------------------------------------------

export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3';
  constructor(
    readonly bucket: string,
    private readonly region?: string,
  ) {}

  // Loaded on first use: only the export function's job path needs the S3 client.
  private client?: Promise<{ s3: import('@aws-sdk/client-s3').S3Client; mod: typeof import('@aws-sdk/client-s3') }>;
  private s3() {
    this.client ??= import('@aws-sdk/client-s3').then((mod) => ({ mod, s3: new mod.S3Client(this.region ? { region: this.region } : {}) }));
    return this.client;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    const { s3, mod } = await this.s3();
    await s3.send(new mod.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async presign(key: string, fileName: string, expiresInSeconds: number): Promise<string> {
    const { s3, mod } = await this.s3();
    const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
    return getSignedUrl(s3, new mod.GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentDisposition: contentDisposition(fileName) }), {
      expiresIn: expiresInSeconds,
    });
  }
}

// ---- local --------------------------------------------------------------------------------------

export type LocalObjectCheck = { ok: true; body: Buffer; fileName: string } | { ok: false; status: 403 | 404; reason: string };

export class LocalObjectStore implements ObjectStore {
  readonly kind = 'local';
  constructor(
    /** Files are kept under `<dataDir>/objects`. */
    readonly dataDir: string,
    /** `http://localhost:3000`: where the local HTTP server answers /objects/…. */
    readonly baseUrl: string,
    private readonly secret: Buffer,
  ) {}

  private path(key: string): string {
    if (!OBJECT_KEY.test(key)) throw new Error(`object key "${key}" is not allowed`);
    return join(this.dataDir, 'objects', key);
  }

  private sign(key: string, expires: number, fileName: string): string {
    return createHmac('sha256', this.secret).update(`${key}\n${expires}\n${fileName}`).digest('base64url');
  }

  async put(key: string, body: Buffer): Promise<void> {
    const p = this.path(key);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, body);
  }

  async presign(key: string, fileName: string, expiresInSeconds: number, now = new Date()): Promise<string> {
    this.path(key);
    const expires = Math.floor(now.getTime() / 1000) + expiresInSeconds;
    const q = new URLSearchParams({ expires: String(expires), name: fileName, sig: this.sign(key, expires, fileName) });
    return `${this.baseUrl}/objects/${key}?${q}`;
  }

  /** Checks a link's signature and expiry, then reads the file (the local server's /objects/… route). */
  open(key: string, query: Record<string, string | undefined>, now = new Date()): LocalObjectCheck {
    if (!OBJECT_KEY.test(key)) return { ok: false, status: 404, reason: 'no such object' };
    const expires = Number(query.expires);
    const fileName = query.name ?? '';
    const given = Buffer.from(query.sig ?? '', 'base64url');
    const want = Buffer.from(this.sign(key, expires, fileName), 'base64url');
    if (!Number.isInteger(expires) || given.length !== want.length || !timingSafeEqual(given, want))
      return { ok: false, status: 403, reason: 'signature does not match' };
    if (expires * 1000 <= now.getTime()) return { ok: false, status: 403, reason: 'link expired' };
    const p = this.path(key);
    if (!existsSync(p)) return { ok: false, status: 404, reason: 'no such object' };
    return { ok: true, body: readFileSync(p), fileName };
  }
}

/** The signing key of local links: OBJECT_URL_SECRET, else one kept in DATA_DIR (made once). */
export function localSecret(dataDir: string): Buffer {
  if (process.env.OBJECT_URL_SECRET) return Buffer.from(process.env.OBJECT_URL_SECRET);
  const file = join(dataDir, 'object-url-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim());
}

let store: ObjectStore | undefined;

/**
 * The deployment's object store: S3 when EXPORT_BUCKET is set (AWS), else local files under
 * DATA_DIR (default ./.data) linked from PUBLIC_URL (default http://localhost:$PORT).
 */
export function objectStore(): ObjectStore {
  if (store) return store;
  const bucket = process.env.EXPORT_BUCKET;
  if (bucket) return (store = new S3ObjectStore(bucket, process.env.AWS_REGION));
  const dataDir = resolve(process.env.DATA_DIR || './.data');
  const baseUrl = (process.env.PUBLIC_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, '');
  return (store = new LocalObjectStore(dataDir, baseUrl, localSecret(dataDir)));
}

/** Replaces the store (the local stack, once it knows its URL; tests). */
export function setObjectStore(s: ObjectStore | undefined): void {
  store = s;
}
