// The web app's error messages name the request (x-request-id), so a user can quote it and an
// operator find its log lines (correlation_id).

import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, head } from '../../web/src/api';
import { errorText } from '../../web/src/ui';

afterEach(() => vi.unstubAllGlobals());

describe('request ids in the web app’s errors', () => {
  it('an API error carries the response’s x-request-id and shows it after the message', async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ error: { code: 'VERSION_CONFLICT', message: '报表已被他人修改,请刷新后重试' } }), {
          status: 409,
          headers: { 'content-type': 'application/json', 'x-request-id': 'req-1234' },
        }),
    );
    const e = await api('PUT', '/api/bases/x/filings/2020Q1', {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 409, code: 'VERSION_CONFLICT', requestId: 'req-1234' });
    expect(errorText(e)).toBe('报表已被他人修改,请刷新后重试(请求编号 req-1234)');
  });

  it('a HEAD error too; without an id (no answer) only the message', async () => {
    vi.stubGlobal('fetch', async () => new Response(null, { status: 404, headers: { 'x-request-id': 'req-5678' } }));
    const e = await head('/api/bulletins/2020.xlsx').catch((x: unknown) => x);
    expect(errorText(e)).toBe('该期暂无已提交的数据(请求编号 req-5678)');
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('network down');
    });
    expect(errorText(await api('GET', '/api/me').catch((x: unknown) => x))).toBe('无法连接服务器,请检查网络后重试');
  });
});
