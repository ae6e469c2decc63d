/// <reference lib="dom" />
// The API client of the pages: bearer token from sessionStorage, JSON with exact big integers,
// ETag versions, file downloads and the `{error: {code, message, fields}}` shape.

import type { ErrorBody } from '../../shared/errors';
import { parseJson } from './json';

const TOKEN_KEY = 'tongbao.token';

export const session = {
  get token(): string | null {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set(token: string) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    /** The server's x-request-id: shown with the message, so a user can quote it and an operator find the request's logs. */
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

/** The request id a response names (x-request-id), if it does. */
const requestIdOf = (r: Response): string | null => r.headers.get('x-request-id');

export interface ApiResult<T> {
  status: number;
  data: T;
  /** The ETag as a version number, when the response carries one. */
  version: number | undefined;
}

/** Called when the token stops working (revoked, expired session): back to sign-in. */
let onUnauthorized: (message: string) => void = () => {};
export const setUnauthorizedHandler = (fn: (message: string) => void) => (onUnauthorized = fn);

const versionOf = (etag: string | null) => {
  const m = etag ? /"(\d+)"/.exec(etag) : null;
  return m ? Number(m[1]) : undefined;
};

async function errorOf(r: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> | undefined;
  try {
    body = parseJson(await r.text()) as Partial<ErrorBody> | undefined;
  } catch {
    body = undefined;
  }
  const e = body?.error;
  const fallback = r.status === 413 ? '上传的内容过大' : r.status >= 500 ? '服务器暂时无法处理,请稍后重试' : `请求失败(${r.status})`;
  return new ApiError(r.status, e?.code ?? 'HTTP_' + r.status, e?.message ?? fallback, e?.fields ?? {}, requestIdOf(r));
}

export async function api<T = unknown>(method: string, path: string, body?: unknown, opts: { ifMatch?: number; token?: string } = {}): Promise<ApiResult<T>> {
  const token = opts.token ?? session.token;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (opts.ifMatch !== undefined && opts.ifMatch > 0) headers['if-match'] = `"${opts.ifMatch}"`;
  let r: Response;
  try {
    r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器,请检查网络后重试');
  }
  if (!r.ok) {
    const err = await errorOf(r);
    // A call with a token of its own (signing in, signing out) handles its 401 itself.
    if (r.status === 401 && opts.token === undefined) onUnauthorized('登录已失效或令牌已被撤销,请重新登录');
    throw err;
  }
  const text = await r.text();
  return { status: r.status, data: (text ? parseJson(text) : undefined) as T, version: versionOf(r.headers.get('etag')) };
}

/** RFC 6266 file name from Content-Disposition (filename* preferred). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"/i.exec(disposition);
  return plain ? plain[1]! : fallback;
}

/** GETs (or, with a body, POSTs JSON for) a file with the bearer token and hands it to the browser as a download. */
export async function download(path: string, fallbackName: string, body?: unknown): Promise<string> {
  const token = session.token;
  let r: Response;
  try {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    r = await fetch(path, body === undefined ? { headers, cache: 'no-store' } : { method: 'POST', headers, body: JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器,请检查网络后重试');
  }
  if (!r.ok) {
    const err = await errorOf(r);
    if (r.status === 401) onUnauthorized('登录已失效或令牌已被撤销,请重新登录');
    throw err;
  }
  const blob = await r.blob();
  const name = fileNameOf(r.headers.get('content-disposition'), fallbackName);
  saveBlob(blob, name);
  return name;
}

/** A HEAD request (same authorization and errors as download): the response headers only. */
export async function head(path: string): Promise<Headers> {
  const token = session.token;
  let r: Response;
  try {
    r = await fetch(path, { method: 'HEAD', headers: token ? { authorization: `Bearer ${token}` } : {}, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器,请检查网络后重试');
  }
  if (!r.ok) {
    if (r.status === 401) onUnauthorized('登录已失效或令牌已被撤销,请重新登录');
    // A HEAD answer has no body to read the message from.
    throw new ApiError(
      r.status,
      r.status === 404 ? 'NO_DATA' : 'HTTP',
      r.status === 404 ? '该期暂无已提交的数据' : `请求失败(${r.status})`,
      {},
      requestIdOf(r),
    );
  }
  return r.headers;
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Base64 of a file's bytes (for the template upload, which travels as JSON). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
